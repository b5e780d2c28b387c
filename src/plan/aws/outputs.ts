// outputs.tf: what users extend the module by, grouped by purpose (network, security groups,
// load balancing, control-plane links, manifests).
import { ex, type Expr, type ResourceRef, type TfModule } from "../../terraform/ir.js";
import type { AwsLinkRefs } from "./links.js";
import type { AwsEndpointRefs } from "./endpoints.js";
import type { AwsNetworkRefs } from "./network.js";
import type { AwsNlbRefs } from "./nlb.js";
import type { AwsSecurityRefs } from "./security.js";

export const ENICONFIG_TEMPLATE = "k8s/eniconfigs.yaml.tftpl";

export interface AwsModuleRefs {
  network: AwsNetworkRefs;
  security: AwsSecurityRefs;
  nlbs: AwsNlbRefs;
  links: AwsLinkRefs;
  endpoints: AwsEndpointRefs;
  ipv6: boolean;
}

const byZone = (ref: ResourceRef): Expr => ex(`{ for zone, it in ${ref.address}.${ref.name} : zone => it.id }`);
const arns = (refs: ResourceRef[]): Expr[] => refs.map((r) => r.attr("arn"));

export function addAwsOutputs(module: TfModule, refs: AwsModuleRefs): void {
  addNetworkOutputs(module, refs.network, refs.ipv6);
  addSecurityOutputs(module, refs.security);
  addLoadBalancingOutputs(module, refs.nlbs);
  addLinkOutputs(module, refs.links, refs.network);
  if (refs.endpoints.securityGroup) {
    module.output(
      "endpoint_security_groups",
      [refs.endpoints.securityGroup.attr("id")],
      "Security groups of the AWS service interface endpoints: admit further callers on TCP 443 here.",
    );
  }
  module.output(
    "eniconfigs",
    ex(
      `templatefile("\${path.module}/${ENICONFIG_TEMPLATE}", {\n    pod_subnet_ids           = ${byZone(refs.network.subnets.pod).hcl}\n    worker_security_group_id = ${refs.security.worker.attr("id").hcl}\n  })`,
    ),
    "ENIConfig manifests, one per zone: terraform output -raw eniconfigs | kubectl apply -f -",
  );
}

function addNetworkOutputs(module: TfModule, network: AwsNetworkRefs, ipv6: boolean): void {
  module.output("vpc_id", network.vpc.attr("id"), "ID of the VPC.");
  if (ipv6) module.output("vpc_ipv6_cidr_block", network.vpc.attr("ipv6_cidr_block"), "The VPC's Amazon-provided IPv6 /56.");
  module.output("public_subnet_ids", byZone(network.subnets.public), "Public subnet IDs by zone (NAT gateways, internet-facing load balancers).");
  module.output("node_subnet_ids", byZone(network.subnets.node), "Node subnet IDs by zone (primary CIDR, egress through NAT).");
  module.output(
    "subnet_ids",
    ex(`[for zone, it in ${network.subnets.node.address}.${network.subnets.node.name} : it.id]`),
    "Node subnet IDs as a list in zone order (Typhoon's subnet_ids): where workers, node groups and internal load balancers go.",
  );
  module.output("pod_subnet_ids", byZone(network.subnets.pod), "Pod subnet IDs by zone (secondary CIDR, routed only inside the VPC).");
  // aws.vpc.existing: the route tables of the customer's subnets are theirs, not outputs of this module.
  const { public: publicTable, node: nodeTables, pod: podTables } = network.routeTables;
  if (publicTable) module.output("public_route_table_id", publicTable.attr("id"), "Route table of the public subnets.");
  if (nodeTables) module.output("node_route_table_ids", byZone(nodeTables), "Node route table IDs by zone: add aws_route resources to extend them.");
  if (podTables) module.output("pod_route_table_ids", byZone(podTables), "Pod route table IDs by zone.");
  module.output("nat_gateway_ids", byZone(network.nat), "NAT gateway IDs by zone.");
  module.output(
    "nat_public_ips",
    ex(`[for zone, it in ${network.natEips.address}.${network.natEips.name} : it.public_ip]`),
    "Public IPv4 addresses of the NAT gateways, in zone order: the addresses nodes and pods reach the internet from, for the control plane to allowlist.",
  );
}

function addSecurityOutputs(module: TfModule, security: AwsSecurityRefs): void {
  module.output(
    "worker_security_groups",
    [security.worker.attr("id")],
    "Security groups of worker nodes: add aws_vpc_security_group_ingress_rule resources to open ports.",
  );
  if (security.controller) module.output("controller_security_groups", [security.controller.attr("id")], "Security groups of controller nodes.");
  const eks = security["eks-control-plane"];
  if (eks)
    module.output(
      "eks_control_plane_security_group_id",
      eks.attr("id"),
      "EKS: give it to the cluster (aws_eks_cluster vpc_config.security_group_ids): the control plane then reaches kubelets and webhooks on nodes and pods.",
    );
  const nlb = security["ingress-nlb"];
  if (nlb)
    module.output(
      "nlb_security_groups",
      [nlb.attr("id")],
      "Security groups of the ingress NLB: admit the clients of listeners you add (and let it reach the workers).",
    );
}

function addLoadBalancingOutputs(module: TfModule, nlbs: AwsNlbRefs): void {
  const workerTargetGroups = module.variable("worker_target_groups", {
    type: "list(string)",
    description: "Further target groups (ARNs) the workers join, e.g. of listeners added to nlb_id: they lead the worker_target_groups output.",
    default: [],
    nullable: false,
  });
  if (nlbs.apiserver) {
    module.output("apiserver_dns_name", nlbs.apiserver.lb.attr("dns_name"), "DNS name of the kube-apiserver NLB (TCP 6443).");
    module.output(
      "controller_target_groups",
      arns(nlbs.apiserver.targetGroups),
      "Target group ARNs to register controller instances with (kube-apiserver, 6443).",
    );
  }
  if (nlbs.ingress) {
    module.output("ingress_dns_name", nlbs.ingress.lb.attr("dns_name"), "DNS name of the ingress NLB, for application CNAME records.");
    module.output("nlb_id", nlbs.ingress.lb.attr("id"), "ID (the ARN) of the ingress NLB: add aws_lb_listener resources to it.");
    module.output("nlb_arn", nlbs.ingress.lb.attr("arn"), "ARN of the ingress NLB.");
    const eips = nlbs.ingress.eips;
    if (eips)
      module.output(
        "ingress_public_ips",
        ex(`[for zone, it in ${eips.address}.${eips.name} : it.public_ip]`),
        "The ingress NLB's fixed public IPv4 addresses (the sync endpoint), in zone order: for customers' firewall allowlists.",
      );
  }
  // The caller's own target groups (Typhoon's worker_target_groups input) join the module's: whatever
  // registers the workers (an Auto Scaling group's target_group_arns, a node group) reads one list.
  const own = nlbs.ingress ? arns(nlbs.ingress.targetGroups) : [];
  module.output(
    "worker_target_groups",
    own.length ? ex(`concat(${workerTargetGroups.hcl}, [${own.map((e) => e.hcl).join(", ")}])`) : workerTargetGroups,
    "Target group ARNs to register worker instances with: worker_target_groups given to the module, then ingress, sync link and services.",
  );
}

function addLinkOutputs(module: TfModule, links: AwsLinkRefs, network: AwsNetworkRefs): void {
  if (links.endpointService) {
    module.output(
      "endpoint_service_name",
      links.endpointService.attr("service_name"),
      "Service name of the sync endpoint service: the control plane creates its interface endpoint with it.",
    );
    // The internal NLB behind the service is in the node subnets: the service is in their zones.
    const nodes = network.subnets.node;
    module.output(
      "endpoint_service_zone_ids",
      ex(`[for zone, it in ${nodes.address}.${nodes.name} : it.availability_zone_id]`),
      "Zone IDs (euw1-az1, ...) of the sync endpoint service, in zone order: a consumer in this region must put its endpoint in subnets of these zone IDs (zone names differ between accounts).",
    );
  }
  const async = links.async;
  if (!async) return;
  module.output("inbound_queue_url", async.queue.attr("url"), "URL of the queue the control plane sends to.");
  module.output("inbound_queue_arn", async.queue.attr("arn"), "ARN of the queue the control plane sends to.");
  module.output("inbound_dlq_url", async.deadLetters.attr("url"), "URL of the inbound queue's dead-letter queue.");
  module.output("inbound_dlq_arn", async.deadLetters.attr("arn"), "ARN of the inbound queue's dead-letter queue.");
  module.output(
    "agent_role_arn",
    ex(`one(${async.agentRole.address}.${async.agentRole.name}[*].arn)`),
    "Role of the data-plane agent (null until oidc_provider_arn is set): allow it on the control plane's queue.",
  );
  module.output("control_plane_role_arn", async.controlPlaneRole.attr("arn"), "Role the control plane assumes in this account (with its ExternalId).");
}
