// Spec -> AWS data-plane plan: address plan, Terraform module and ENIConfig manifests.
import { isAwsZoneId } from "../../spec/aws-region.js";
import { TfModule } from "../../terraform/ir.js";
import { escapeTemplates, quote } from "../../terraform/hcl.js";
import { yamlString } from "../../render/yaml.js";
import type { AwsRootSpec } from "../../spec/index.js";
import { inputError } from "../../spec/errors.js";
import type { OwnFinding } from "../../findings.js";
import type { AwsPlanSummary, DataPlanePlan, Waiver } from "../types.js";
import { planAwsAddresses, type AwsAddressPlan } from "./addresses.js";
import { addAwsNetwork } from "./network.js";
import { addAwsRoutes, planRoutes, transitGatewayFindings } from "./routes.js";
import { addAwsSecurity } from "./security.js";
import { planSecurityRules, securityGroupsOf } from "./security-rules.js";
import { planLoadBalancing } from "./load-balancing.js";
import { addAwsNlbs } from "./nlb.js";
import { addAwsLinks, linkFindings } from "./links.js";
import { addAwsFlowLogs } from "./flow-logs.js";
import { addAwsEndpoints } from "./endpoints.js";
import { addPodPrefixReservations } from "./prefix-delegation.js";
import { addAwsOutputs, ENICONFIG_TEMPLATE } from "./outputs.js";
import { addTargetGroupBindings, TARGET_GROUP_BINDINGS_TEMPLATE } from "./eks.js";
import { awsExtraSummary } from "./summary.js";
import { existingVpcSummary } from "./checklist.js";
import { addAwsProvider, addAwsTagsVariable, addRequiredProviders } from "../../terraform/providers.js";
import { rootModuleFor } from "../../terraform/root.js";

export function planAws(spec: AwsRootSpec): DataPlanePlan<AwsPlanSummary> {
  const findings: OwnFinding[] = [];
  const addresses = planAwsAddresses(spec.aws, findings);
  const loadBalancing = planLoadBalancing(spec, findings);
  if (spec.aws.ingressElasticIps && (!loadBalancing.ingress || loadBalancing.ingress.internal)) {
    throw inputError(
      "aws.ingressElasticIps",
      true,
      "needs an internet-facing ingress NLB (ingress, services or an internet sync link): with none, or behind PrivateLink, there is no public address to fix",
    );
  }
  const rules = planSecurityRules(spec, loadBalancing, findings);
  const routes = planRoutes(spec.aws.routes);
  transitGatewayFindings(spec.aws.routes, spec.aws.vpc.podCidr, findings);
  linkFindings(spec, findings);

  // The child module: everything but provider configuration, so callers can instantiate it per account.
  const module = new TfModule();
  addRequiredProviders(module, ["aws"]);
  const network = addAwsNetwork(module, spec.name, addresses, spec.aws.ipv6, spec.aws.vpc.existing);
  // The spec refuses aws.routes with the customer's node subnets (their route tables are theirs).
  if (network.routeTables.node) addAwsRoutes(module, routes, network.routeTables.node);
  if (spec.aws.pods.prefixDelegation) addPodPrefixReservations(module, addresses, network.subnets.pod);
  const existing = spec.aws.vpc.existing;
  const groups = securityGroupsOf(loadBalancing, spec.aws.kubernetes === "eks");
  const waivers: Waiver[] = [];
  const security = addAwsSecurity(module, spec.name, network, groups, rules, waivers, existing ? existing.emptyDefaultSecurityGroup : true);
  const nlbs = addAwsNlbs(module, loadBalancing, network, security, spec.aws.ingressElasticIps ? { zones: addresses.zones } : undefined);
  const links = addAwsLinks(module, spec, nlbs);
  const endpoints = addAwsEndpoints(
    module,
    { name: spec.name, region: spec.aws.region, services: spec.aws.endpoints, vpcCidr: spec.aws.vpc.cidr, podCidr: spec.aws.vpc.podCidr },
    network,
  );
  if (spec.aws.flowLogs) addAwsFlowLogs(module, spec.name, network.vpc);
  addAwsOutputs(module, { network, security, nlbs, links, endpoints, ipv6: spec.aws.ipv6 });
  const assets = new Map([[ENICONFIG_TEMPLATE, eniConfigTemplate(addresses)]]);
  if (spec.aws.kubernetes === "eks" && loadBalancing.ingress && nlbs.ingress) {
    assets.set(TARGET_GROUP_BINDINGS_TEMPLATE, addTargetGroupBindings(module, loadBalancing.ingress, nlbs.ingress.targetGroups, spec.aws.services));
  }
  return {
    spec,
    module,
    root: rootModuleFor(module, (root) => addProviders(root, spec)),
    assets,
    findings,
    waivers,
    summary: {
      name: spec.name,
      cloud: "aws",
      region: spec.aws.region,
      zones: addresses.zones,
      vpc: addresses.vpc,
      subnets: addresses.subnets,
      natGateways: addresses.natZones.map((zone) => ({
        zone,
        subnet: addresses.subnets.find((s) => s.tier === "public" && s.zone === zone)?.existingId ?? `${spec.name}-public-${zone}`,
      })),
      flowLogs: spec.aws.flowLogs,
      ...(existing ? { existingVpc: existingVpcSummary(existing, addresses) } : {}),
      ...awsExtraSummary(spec, addresses, loadBalancing, rules, routes),
    },
  };
}

/** The root's providers.tf: the pinned provider in the spec's region, its default_tags from `var.tags`. */
function addProviders(root: TfModule, spec: AwsRootSpec): void {
  const tags = addAwsTagsVariable(root, spec.aws.tags ?? {});
  addRequiredProviders(root, ["aws"]);
  addAwsProvider(root, spec.aws.region, tags);
}

/** One ENIConfig per zone, named after the zone (its name, or its id when the spec lists ids), for VPC CNI custom networking. */
function eniConfigTemplate(plan: AwsAddressPlan): string {
  const docs = plan.zones.map((zone) =>
    [
      "---",
      "apiVersion: crd.k8s.amazonaws.com/v1alpha1",
      "kind: ENIConfig",
      "metadata:",
      // A template of YAML: the zone is a YAML string in literal template text, and an HCL string inside the interpolation.
      `  name: ${escapeTemplates(yamlString(zone))}`,
      "spec:",
      `  subnet: \${pod_subnet_ids[${quote(zone)}]}`,
      "  securityGroups:",
      "    - ${worker_security_group_id}",
    ].join("\n"),
  );
  return [
    "# ENIConfig per zone for the Amazon VPC CNI's custom networking: pods get addresses from the",
    "# pod subnets. Set AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true and",
    // Zone ids name the ENIConfigs when the spec lists ids: the AWS cloud controller labels each node with its zone id too.
    `# ENI_CONFIG_LABEL_DEF=${isAwsZoneId(plan.zones[0]!) ? "topology.k8s.aws/zone-id" : "topology.kubernetes.io/zone"} on the aws-node DaemonSet, and apply these`,
    "# before nodes join (nodes that joined earlier keep their old pod addresses until replaced).",
    "# Rendered with the real IDs by: terraform output -raw eniconfigs",
    ...docs,
    "",
  ].join("\n");
}
