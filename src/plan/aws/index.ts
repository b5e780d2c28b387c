// Spec -> AWS data-plane plan: address plan, Terraform module and ENIConfig manifests.
import { block, ex, TfModule } from "../../terraform/ir.js";
import type { AwsRootSpec } from "../../spec/index.js";
import type { Finding } from "../../findings.js";
import type { DataPlanePlan } from "../types.js";
import { planAwsAddresses, type AwsAddressPlan } from "./addresses.js";
import { addAwsNetwork, type AwsNetworkRefs } from "./network.js";
import { addAwsSecurity, type AwsSecurityRefs } from "./security.js";
import { addAwsFlowLogs } from "./flow-logs.js";
import { awsDesignChecks } from "./checks.js";
import { PROVIDERS, versionConstraint } from "../../terraform/providers.js";

// CloudWatch Logs accepts only these retention periods (days); 0 keeps logs forever.
const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const ENICONFIG_TEMPLATE = "k8s/eniconfigs.yaml.tftpl";

export function planAws(spec: AwsRootSpec): DataPlanePlan {
  const findings: Finding[] = [];
  const addresses = planAwsAddresses(spec.aws, findings);
  const module = new TfModule();
  addVersions(module, spec);
  const network = addAwsNetwork(module, spec.name, addresses);
  const security = addAwsSecurity(module, spec.name, network.vpc);
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
  addOutputs(module, network, security);
  return {
    spec,
    module,
    assets: new Map([[ENICONFIG_TEMPLATE, eniConfigTemplate(addresses)]]),
    findings,
    checks: awsDesignChecks(addresses, module),
    summary: {
      name: spec.name,
      cloud: "aws",
      region: spec.aws.region,
      zones: addresses.zones,
      vpc: addresses.vpc,
      subnets: addresses.subnets,
      natGateways: addresses.natZones.map((zone) => ({ zone, subnet: `${spec.name}-public-${zone}` })),
      flowLogs: spec.aws.flowLogs,
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

function addOutputs(module: TfModule, network: AwsNetworkRefs, security: AwsSecurityRefs): void {
  const byZone = (ref: { address: string; name: string }) => ex(`{ for zone, it in ${ref.address}.${ref.name} : zone => it.id }`);
  module.output("vpc_id", network.vpc.attr("id"), "ID of the VPC.");
  module.output("public_subnet_ids", byZone(network.subnets.public), "Public subnet IDs by zone (NAT gateways, internet-facing load balancers).");
  module.output("node_subnet_ids", byZone(network.subnets.node), "Node subnet IDs by zone (primary CIDR, egress through NAT).");
  module.output("pod_subnet_ids", byZone(network.subnets.pod), "Pod subnet IDs by zone (secondary CIDR, routed only inside the VPC).");
  module.output("public_route_table_id", network.routeTables.public.attr("id"), "Route table of the public subnets.");
  module.output("node_route_table_ids", byZone(network.routeTables.node), "Node route table IDs by zone: add aws_route resources to extend them.");
  module.output("pod_route_table_ids", byZone(network.routeTables.pod), "Pod route table IDs by zone.");
  module.output("nat_gateway_ids", byZone(network.nat), "NAT gateway IDs by zone.");
  module.output("worker_security_groups", [security.worker.attr("id")], "Security groups of worker nodes: add aws_vpc_security_group_ingress_rule resources to open ports.");
  module.output(
    "eniconfigs",
    ex(`templatefile("\${path.module}/${ENICONFIG_TEMPLATE}", {\n    pod_subnet_ids           = { for zone, it in aws_subnet.pod : zone => it.id }\n    worker_security_group_id = ${security.worker.attr("id").hcl}\n  })`),
    "ENIConfig manifests, one per zone: terraform output -raw eniconfigs | kubectl apply -f -",
  );
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
