// Spec -> AWS data-plane plan: address plan, Terraform module and ENIConfig manifests.
import { block, TfModule } from "../../terraform/ir.js";
import type { AwsRootSpec } from "../../spec/index.js";
import type { Finding } from "../../findings.js";
import type { DataPlanePlan } from "../types.js";
import { planAwsAddresses, type AwsAddressPlan } from "./addresses.js";
import { addAwsNetwork } from "./network.js";
import { addAwsRoutes, planRoutes } from "./routes.js";
import { addAwsSecurity } from "./security.js";
import { planSecurityRules, securityGroupsOf } from "./security-rules.js";
import { planLoadBalancing } from "./load-balancing.js";
import { addAwsNlbs } from "./nlb.js";
import { addAwsLinks, linkFindings } from "./links.js";
import { addAwsFlowLogs } from "./flow-logs.js";
import { addAwsOutputs, ENICONFIG_TEMPLATE } from "./outputs.js";
import { awsExtraSummary } from "./summary.js";
import { PROVIDERS, versionConstraint } from "../../terraform/providers.js";

// CloudWatch Logs accepts only these retention periods (days); 0 keeps logs forever.
const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export function planAws(spec: AwsRootSpec): DataPlanePlan {
  const findings: Finding[] = [];
  const addresses = planAwsAddresses(spec.aws, findings);
  const loadBalancing = planLoadBalancing(spec, findings);
  const rules = planSecurityRules(spec, loadBalancing, findings);
  const routes = planRoutes(spec.aws.routes);
  linkFindings(spec, findings);

  const module = new TfModule();
  addVersions(module, spec);
  const network = addAwsNetwork(module, spec.name, addresses, spec.aws.ipv6);
  addAwsRoutes(module, routes, network.routeTables.node);
  const security = addAwsSecurity(module, spec.name, network, securityGroupsOf(loadBalancing), rules);
  const nlbs = addAwsNlbs(module, loadBalancing, network, security);
  const links = addAwsLinks(module, spec, nlbs);
  if (spec.aws.flowLogs) {
    const retention = module.variable("flow_log_retention_days", {
      type: "number",
      description: "Days to keep VPC flow logs in CloudWatch Logs (0: forever).",
      default: 90,
      validation: {
        condition: `contains([${LOG_RETENTION_DAYS.join(", ")}], var.flow_log_retention_days)`,
        errorMessage: "CloudWatch Logs accepts 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days.",
      },
    });
    addAwsFlowLogs(module, spec.name, network.vpc, retention);
  }
  addAwsOutputs(module, { network, security, nlbs, links, ipv6: spec.aws.ipv6 });
  return {
    spec,
    module,
    assets: new Map([[ENICONFIG_TEMPLATE, eniConfigTemplate(addresses)]]),
    findings,
    summary: {
      name: spec.name,
      cloud: "aws",
      region: spec.aws.region,
      zones: addresses.zones,
      vpc: addresses.vpc,
      subnets: addresses.subnets,
      natGateways: addresses.natZones.map((zone) => ({ zone, subnet: `${spec.name}-public-${zone}` })),
      flowLogs: spec.aws.flowLogs,
      ...awsExtraSummary(spec, addresses, loadBalancing, rules, routes),
    },
  };
}

function addVersions(module: TfModule, spec: AwsRootSpec): void {
  const tags = module.variable("tags", {
    type: "map(string)",
    description: "Tags for every resource (the provider's default_tags).",
    default: spec.aws.tags ?? {},
  });
  module.add({
    kind: "terraform",
    labels: [],
    file: "versions.tf",
    body: {
      required_version: ">= 1.5.0",
      required_providers: block({ aws: { source: PROVIDERS.aws.source, version: versionConstraint("aws") } }),
    },
  });
  module.add({
    kind: "provider",
    labels: ["aws"],
    file: "versions.tf",
    body: { region: spec.aws.region, default_tags: block({ tags }) },
  });
}

/** One ENIConfig per zone, named after the zone, for VPC CNI custom networking. */
function eniConfigTemplate(plan: AwsAddressPlan): string {
  const docs = plan.zones.map((zone) =>
    [
      "---",
      "apiVersion: crd.k8s.amazonaws.com/v1alpha1",
      "kind: ENIConfig",
      "metadata:",
      `  name: ${zone}`,
      "spec:",
      `  subnet: \${pod_subnet_ids["${zone}"]}`,
      "  securityGroups:",
      "    - ${worker_security_group_id}",
    ].join("\n"),
  );
  return [
    "# ENIConfig per zone for the Amazon VPC CNI's custom networking: pods get addresses from the",
    "# pod subnets. Set AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true and",
    "# ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone on the aws-node DaemonSet, and apply these",
    "# before nodes join (nodes that joined earlier keep their old pod addresses until replaced).",
    "# Rendered with the real IDs by: terraform output -raw eniconfigs",
    ...docs,
    "",
  ].join("\n");
}
