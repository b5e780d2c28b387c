// Every named check dpnet reports, with a stable id: what it asks, how bad a failure is by
// default, why (the seed sentence behind it), and the checkov/trivy rule it corresponds to, so
// findings can be read next to those tools' output. Spec-level ids (emitted while planning a spec)
// are registered here too, so every finding's id has an entry for SARIF and the README.
import type { Severity } from "../../findings.js";

export interface Crosswalk {
  checkov?: string[];
  trivy?: string[];
}

export interface CheckInfo {
  id: string;
  title: string;
  severity: Severity;
  /** One line: why the rule exists, citing the seed (Conveyor network configuration, Typhoon) or the benchmark. */
  rationale: string;
  /** One line: what to change when it fails. */
  fix: string;
  /** `spec`: judged on the spec while planning; `topology`: on the network (dpnet's output or anyone's). */
  level: "spec" | "topology";
  crosswalk?: Crosswalk;
  /** What a network must have for the check to apply (every other check applies to any network): a report says "not applicable" without it. */
  appliesTo?: Applicability;
}

/**
 * What a check is about, that a data plane may not have: a control plane, its PrivateLink or
 * internet sync link, the async link, the apiserver NLB, private AWS endpoints, a transit gateway
 * route, a customer-managed VNet.
 */
export type Applicability = "controlPlane" | "privatelink" | "internetSync" | "asyncLink" | "apiserver" | "awsEndpoints" | "transitGateway" | "customerManaged";

const CONVEYOR = "Conveyor network configuration";
const TYPHOON = "Typhoon AWS architecture";

export const CHECKS: readonly CheckInfo[] = [
  {
    id: "DPN-DATA-001",
    title: "Enough data to judge the network",
    severity: "warning",
    level: "topology",
    rationale: "A check that cannot see what it judges must say so rather than pass silently.",
    fix: "Give the missing part of the network (another export, the Terraform state, or the spec's intent).",
  },
  {
    id: "DPN-DATA-002",
    title: "Every resource is one the provider and the cloud accept",
    severity: "warning",
    level: "topology",
    rationale:
      'A value the provider or the cloud refuses (a rule of type "-1", an ingress rule with no source) makes no rule: reported, never read as something else.',
    fix: "Correct the value the finding names (or the module input it comes from).",
  },
  {
    id: "DPN-SPEC-001",
    title: "Pod CIDR inside 100.64.0.0/10",
    severity: "warning",
    level: "spec",
    rationale: `${CONVEYOR}: "Associate the secondary CIDR 100.64.0.0/16 ... [it] should only be used as a NAT".`,
    fix: "Use a block of 100.64.0.0/10 (100.64.0.0/16 by default) as aws.vpc.podCidr.",
  },
  {
    id: "DPN-SPEC-002",
    title: "VPC CIDR clear of Docker's bridge network",
    severity: "warning",
    level: "spec",
    rationale: "AWS advises against VPC blocks overlapping 172.17.0.0/16, Docker's default bridge (address conflicts on nodes).",
    fix: "Pick an aws.vpc.cidr outside 172.17.0.0/16.",
  },
  {
    id: "DPN-SPEC-010",
    title: "Subnets hold the declared scale",
    severity: "error",
    level: "spec",
    rationale: `${CONVEYOR}: pod subnets of /18 (AWS) and "at least 2000 IPs" for pods (Azure) exist so pods do not run out of addresses; a declared scale (aws.scale, azure.scale) that a zone's node or pod subnet cannot hold will.`,
    fix: "Lower the scale, spread it over more nodes, or give the binding subnet more room (aws.vpc.podCidr, nodeSubnetPrefix, azure.subnets); dpnet capacity shows which limit binds first.",
  },
  {
    id: "DPN-AWS-001",
    title: "Pod CIDR associated with the VPC",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: "Associate the secondary CIDR 100.64.0.0/16 with your VPC."`,
    fix: "Associate the pod CIDR with the VPC (aws_vpc_ipv4_cidr_block_association) and carve the pod subnets from it.",
  },
  {
    id: "DPN-AWS-002",
    title: "Public, node and pod subnets in 3 distinct zones",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: "Setup 3 public subnets in 3 availability zones", and 3 node and 3 pod subnets.`,
    fix: "Give each tier one subnet in each of 3 distinct availability zones.",
  },
  {
    id: "DPN-AWS-003",
    title: "Node subnets at least /24, in the primary CIDR",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: "Setup 3 private subnets of at least the /24 size in the primary VPC CIDR range."`,
    fix: "Make each node subnet a /24 or larger inside the VPC's primary block.",
  },
  {
    id: "DPN-AWS-004",
    title: "Pod subnets /18 in the secondary CIDR",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: "Setup 3 private subnet using /18 size of the secondary CIDR (100.64.0.0/18, 100.64.64.0/18, 100.64.128.0/18)."`,
    fix: "Make each pod subnet a /18 (or larger) inside the secondary block.",
  },
  {
    id: "DPN-AWS-005",
    title: "Pods are routed only inside the VPC, with no path to the internet",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: pod subnets "should have no connection to the internet via the route table, these should only be routed internally."`,
    fix: "Remove the routes that send pod traffic out of the VPC (internet gateway, NAT gateway, peering, transit gateway, appliance) from the pod route tables.",
  },
  {
    id: "DPN-AWS-006",
    title: "Nothing on the internet reaches the pods",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: the secondary CIDR "should only be used as a NAT, and thus should not be connection to the rest of your network".`,
    fix: "Remove the public address or internet-facing load balancer target that exposes a pod address.",
  },
  {
    id: "DPN-AWS-007",
    title: "Nodes reach the internet through a NAT gateway of their zone",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: node subnets: "Update the route table to allow internet access through the NAT gateway"; NATs in other zones "increase availability and limit cross-region traffic".`,
    fix: "Route 0.0.0.0/0 of each node route table to a NAT gateway in a public subnet, preferably of the same zone.",
  },
  {
    id: "DPN-AWS-008",
    title: "Public subnets route to an internet gateway",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: public subnets hold "a NAT gateway ... that can route traffic to the internet".`,
    fix: "Route 0.0.0.0/0 of the public route table to the VPC's internet gateway.",
  },
  {
    id: "DPN-AWS-009",
    title: "The control plane reaches the sync port",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: "we expose a NLB in the data plane public subnets. All traffic from the control plane uses this endpoint".`,
    fix: "Put the sync listener on an internet-facing NLB in the public subnets and admit controlPlane.cidrs on its port in the NLB's security group.",
    appliesTo: "controlPlane",
  },
  {
    id: "DPN-AWS-010",
    title: "Nothing but the control plane reaches the sync port",
    severity: "warning",
    level: "topology",
    rationale: `${CONVEYOR}: the sync endpoint is the control plane's ("All traffic from the control plane uses this endpoint").`,
    fix: "Admit only controlPlane.cidrs on the sync port, or move the sync link to a port of its own.",
    appliesTo: "controlPlane",
  },
  {
    id: "DPN-AWS-011",
    title: "The endpoint service allows only the control plane",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: PrivateLink lets "the control plane reach the data plane without exposing traffic to the public internet".`,
    fix: "Set the endpoint service's allowed principals to the control plane's account (arn:aws:iam::<account>:root), never *.",
    appliesTo: "privatelink",
  },
  {
    id: "DPN-AWS-012",
    title: "The endpoint service requires acceptance",
    severity: "warning",
    level: "topology",
    rationale: "Connections to an endpoint service should be accepted one by one (checkov CKV_AWS_123).",
    fix: "Set acceptance_required = true on the endpoint service.",
    crosswalk: { checkov: ["CKV_AWS_123"] },
    appliesTo: "privatelink",
  },
  {
    id: "DPN-AWS-013",
    title: "No internet-facing sync endpoint with PrivateLink",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: PrivateLink is for setups where "it might not be possible to have an internet facing service".`,
    fix: "Make the load balancer behind the sync port internal, or remove its listener on the sync port.",
    appliesTo: "privatelink",
  },
  {
    id: "DPN-AWS-014",
    title: "kube-apiserver admits only its allowed CIDRs",
    severity: "error",
    level: "topology",
    rationale: `${TYPHOON}: the NLB "distributes IPv4 TCP/6443 traffic" to the controllers; dpnet narrows who may send it to aws.apiserver.allowedCidrs.`,
    fix: "Admit on TCP 6443 of the apiserver NLB's security group only aws.apiserver.allowedCidrs (and the nodes).",
    appliesTo: "apiserver",
  },
  {
    id: "DPN-AWS-015",
    title: "The default security group has no rules",
    severity: "warning",
    level: "topology",
    rationale: "Resources that fall into the default security group should get no traffic (CIS AWS 5.3).",
    fix: "Manage the default security group (aws_default_security_group) with no ingress or egress rules.",
    crosswalk: { checkov: ["CKV2_AWS_12"], trivy: ["AVD-AWS-0173"] },
  },
  {
    id: "DPN-AWS-016",
    title: "No security group admits SSH from the whole internet",
    severity: "error",
    level: "topology",
    rationale: "SSH (TCP 22) open to 0.0.0.0/0 or ::/0 invites brute force; use a bastion, SSM Session Manager or a VPN range.",
    fix: "Narrow the rule's source to your admin ranges, or remove it.",
    crosswalk: { checkov: ["CKV_AWS_24"], trivy: ["AVD-AWS-0107"] },
  },
  {
    id: "DPN-AWS-017",
    title: "No security group admits RDP from the whole internet",
    severity: "error",
    level: "topology",
    rationale: "RDP (TCP 3389) open to 0.0.0.0/0 or ::/0 invites brute force; use a bastion or a VPN range.",
    fix: "Narrow the rule's source to your admin ranges, or remove it.",
    crosswalk: { checkov: ["CKV_AWS_25"], trivy: ["AVD-AWS-0107"] },
  },
  {
    id: "DPN-AWS-018",
    title: "Queue policies name their principals",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: the async link uses "AWS SQS queues with a bi-directional trust relationship": trust names the other side, not everyone.`,
    fix: "Replace the * principal of the Allow statement with the control plane's account or role ARN (or add a condition that scopes it).",
    crosswalk: { checkov: ["CKV_AWS_168"] },
    appliesTo: "asyncLink",
  },
  {
    id: "DPN-AWS-019",
    title: "Queues are encrypted at rest",
    severity: "error",
    level: "topology",
    rationale: "Messages between the planes carry cluster data; SQS server-side encryption keeps them encrypted at rest.",
    fix: "Set sqs_managed_sse_enabled = true (or a kms_master_key_id) on the queue.",
    crosswalk: { checkov: ["CKV_AWS_27"], trivy: ["AVD-AWS-0096"] },
    appliesTo: "asyncLink",
  },
  {
    id: "DPN-AWS-020",
    title: "The apiserver NLB forwards TCP 6443 to the controllers",
    severity: "error",
    level: "topology",
    rationale: `${TYPHOON}: "A network load balancer (NLB) distributes IPv4 TCP/6443 traffic across a target group of controller nodes".`,
    fix: "Give the apiserver NLB a TCP 6443 listener forwarding to a target group on port 6443.",
    appliesTo: "apiserver",
  },
  {
    id: "DPN-AWS-021",
    title: "Subnets inside the VPC's blocks, not overlapping",
    severity: "error",
    level: "topology",
    rationale: "AWS accepts a subnet only inside one of its VPC's blocks and clear of the others.",
    fix: "Move the subnet inside a block of the VPC, clear of the other subnets.",
  },
  {
    id: "DPN-AWS-022",
    title: "Cross-account and web-identity trust is scoped",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: the async link has "a bi-directional trust relationship": the control plane's account only with an external id, the agent only as its service account.`,
    fix: "Require sts:ExternalId on statements trusting the control plane's account, a :sub condition on web-identity statements, and never trust principal *.",
    crosswalk: { checkov: ["CKV_AWS_60"] },
    appliesTo: "asyncLink",
  },
  {
    id: "DPN-AWS-023",
    title: "AWS service endpoints admit HTTPS from nodes and pods",
    severity: "error",
    level: "topology",
    rationale:
      "With private DNS an interface endpoint takes over the service's name inside the VPC: if its security group refuses the nodes or pods, SQS, STS or ECR stop working for them instead of going through NAT.",
    fix: "Admit TCP 443 from the VPC's primary block (nodes) and its pod block on the endpoint's security group.",
    appliesTo: "awsEndpoints",
  },
  {
    id: "DPN-AWS-024",
    title: "Sync endpoint service offered in the control plane's region",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: the control plane reaches the data plane through "a VPC endpoint service"; from another region it can create its endpoint only where the service is offered (cross-region PrivateLink).`,
    fix: "Add the control plane's region to the endpoint service's supported_regions (controlPlane.awsRegion in the spec does it).",
  },
  {
    id: "DPN-AWS-025",
    title: "The EKS control plane reaches kubelets and webhooks on nodes and pods",
    severity: "error",
    level: "topology",
    rationale:
      "EKS's kube-apiserver reaches kubelets (10250) and admission webhooks on pods through ENIs carrying the cluster's security groups; pod ENIs with custom networking carry only the worker group, which must admit it.",
    fix: "Admit TCP 10250, 443 and 1024-65535 from the control plane's security group on the worker group, and let them out of the control plane's group.",
  },
  {
    id: "DPN-AWS-110",
    title: "Node subnets have room for an upgrade surge",
    severity: "warning",
    level: "topology",
    rationale: `${CONVEYOR}: node subnets of at least /24; an EKS managed node group update launches up to two new nodes per zone before draining the old ones, and they need addresses.`,
    fix: "Free addresses in the node subnet (or give it a larger block) before the next node group update.",
  },
  {
    id: "DPN-AWS-111",
    title: "Nodes take pod addresses from the pod subnets",
    severity: "warning",
    level: "topology",
    rationale: `${CONVEYOR}: pods use the 100.64.0.0/16 pod subnets through ENIConfigs; a node that joined before its ENIConfig keeps pod addresses from the node subnet.`,
    fix: "Replace the node (cordon, drain, terminate): its successor picks up the zone's ENIConfig.",
  },
  {
    id: "DPN-AWS-101",
    title: "kube-apiserver not open to the whole internet",
    severity: "warning",
    level: "spec",
    rationale: `${TYPHOON}: kube-apiserver's NLB faces clients; its authentication is all that stands in the way of the internet.`,
    fix: "List your office, VPN or CI ranges in aws.apiserver.allowedCidrs instead of 0.0.0.0/0.",
    appliesTo: "apiserver",
  },
  {
    id: "DPN-AWS-102",
    title: "No admin port opened to the internet by allowPublicAdminPorts",
    severity: "warning",
    level: "spec",
    rationale: "SSH or RDP open to the world is refused unless allowPublicAdminPorts asks for it; then it stays a warning.",
    fix: "Prefer a bastion, SSM Session Manager or your VPN's range in aws.firewall[].cidrs.",
    crosswalk: { checkov: ["CKV_AWS_24", "CKV_AWS_25"], trivy: ["AVD-AWS-0107"] },
  },
  {
    id: "DPN-AWS-104",
    title: "No unused controlPlane.cidrs with PrivateLink",
    severity: "note",
    level: "spec",
    rationale: `${CONVEYOR}: PrivateLink admits the control plane by its account, not by its addresses.`,
    fix: "Drop controlPlane.cidrs, or use connectivity: internet.",
    appliesTo: "privatelink",
  },
  {
    id: "DPN-AWS-105",
    title: "The async link has the control plane's account",
    severity: "note",
    level: "spec",
    rationale: `${CONVEYOR}: the async link's SQS trust names the control plane's account.`,
    fix: "Set controlPlane.awsAccountId (and externalId) to get the async link.",
    appliesTo: "controlPlane",
  },
  {
    id: "DPN-AWS-106",
    title: "Sync port not shared with a wider ingress listener",
    severity: "warning",
    level: "spec",
    rationale: `${CONVEYOR}: the sync endpoint is the control plane's; a shared listener admits everyone the ingress admits.`,
    fix: "Use a controlPlane.port of its own, or narrow aws.ingress.allowedCidrs.",
    appliesTo: "internetSync",
  },
  {
    id: "DPN-AWS-107",
    title: "No transit gateway attachment propagates the shared pod block",
    severity: "warning",
    level: "spec",
    rationale: `${CONVEYOR}: every data plane's pods are in 100.64.0.0/16, so a hub learns it from each of them. Typhoon: internally connecting clusters is not recommended.`,
    fix: "Turn off propagation for the attachment and add static routes to the primary CIDR in the transit gateway route table.",
    appliesTo: "transitGateway",
  },
  {
    id: "DPN-AZ-001",
    title: "VNet clear of AKS's default service CIDR",
    severity: "warning",
    level: "spec",
    rationale: "AKS's default service CIDR is 10.0.0.0/16; a VNet overlapping it needs another service_cidr.",
    fix: "Give the cluster a service_cidr (and dns_service_ip) outside the VNet.",
  },
  {
    id: "DPN-AZ-002",
    title: "Nodes subnet of ~256 addresses",
    severity: "warning",
    level: "spec",
    rationale: `${CONVEYOR}: "Aks node subnet ... A good recommendation is 256 ip's."`,
    fix: "Use azure.subnets.nodes.prefix: 24 or lower.",
  },
  {
    id: "DPN-AZ-003",
    title: "Pods subnet of at least 2000 usable addresses",
    severity: "warning",
    level: "topology",
    rationale: `${CONVEYOR}: "Aks pod subnet: biggest subnet ... We typically recommend at least 2000 ip's": a recommendation, so a warning.`,
    fix: "Make the pods subnet a /21 or larger (2043 usable addresses).",
  },
  {
    id: "DPN-AZ-004",
    title: "Db subnet at least /28",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: "Db subnet: used to manage the postgres flexible server. This can be a small subnet of 10 ip's."`,
    fix: "Make the db subnet a /28 or larger (11 usable addresses).",
  },
  {
    id: "DPN-AZ-005",
    title: "Db subnet delegated to PostgreSQL flexible servers",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: the db subnet is "used to manage the postgres flexible server", which needs a subnet delegated to it.`,
    fix: "Delegate the db subnet to Microsoft.DBforPostgreSQL/flexibleServers.",
  },
  {
    id: "DPN-AZ-006",
    title: "Nodes and pods route 0.0.0.0/0 to the firewall (customerManaged)",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: "all network connectivity from the vnets is going through the customer firewall"; the customer must "setup the routing tables".`,
    fix: "Associate a route table with 0.0.0.0/0 -> VirtualAppliance <firewall private IP> with the nodes and pods subnets.",
    appliesTo: "customerManaged",
  },
  {
    id: "DPN-AZ-007",
    title: "An NSG on every subnet",
    severity: "warning",
    level: "topology",
    rationale: "A subnet without a network security group admits whatever its routes bring.",
    fix: "Associate a network security group with the subnet.",
    crosswalk: { checkov: ["CKV2_AZURE_31"] },
  },
  {
    id: "DPN-AZ-008",
    title: "Private endpoints' DNS zones linked to the VNet",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: "we always use private endpoints ... To set this up correctly, we create private dns zones."`,
    fix: "Give the private endpoint a DNS zone group with its privatelink zone, and link that zone to the VNet.",
  },
  {
    id: "DPN-AZ-009",
    title: "No NSG admits SSH from the Internet",
    severity: "error",
    level: "topology",
    rationale: "SSH (TCP 22) open to the Internet invites brute force; use Azure Bastion or a VPN range.",
    fix: "Narrow the rule's source to your admin ranges, or remove it.",
    crosswalk: { checkov: ["CKV_AZURE_10"], trivy: ["AVD-AZU-0050"] },
  },
  {
    id: "DPN-AZ-010",
    title: "No NSG admits RDP from the Internet",
    severity: "error",
    level: "topology",
    rationale: "RDP (TCP 3389) open to the Internet invites brute force; use Azure Bastion or a VPN range.",
    fix: "Narrow the rule's source to your admin ranges, or remove it.",
    crosswalk: { checkov: ["CKV_AZURE_9"], trivy: ["AVD-AZU-0048"] },
  },
  {
    id: "DPN-AZ-011",
    title: "The control plane reaches the sync port",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: "you need to setup a public IP in the Aks subnet ... or we can create one" for the control plane's synchronous link.`,
    fix: "Allow controlPlane.port from controlPlane.cidrs to the public IP in the nodes subnet's NSG.",
    appliesTo: "controlPlane",
  },
  {
    id: "DPN-AZ-012",
    title: "Nothing but the control plane reaches the sync port",
    severity: "warning",
    level: "topology",
    rationale: `${CONVEYOR}: the public IP is the one "we can use to communicate from the control plane".`,
    fix: "Allow the sync port only from controlPlane.cidrs in the nodes subnet's NSG.",
    appliesTo: "controlPlane",
  },
  {
    id: "DPN-AZ-013",
    title: "Subnets inside the VNet's address space, not overlapping",
    severity: "error",
    level: "topology",
    rationale: "Azure accepts a subnet only inside its VNet's address space and clear of the other subnets.",
    fix: "Move the subnet inside the address space, clear of the other subnets.",
  },
  {
    id: "DPN-AZ-014",
    title: "The sync link's public IP is Standard and Static",
    severity: "error",
    level: "topology",
    rationale: `${CONVEYOR}: the control plane connects to a fixed public IP; Azure retired Basic SKU public IPs on 30 September 2025, and a Dynamic address changes.`,
    fix: "Use a Standard SKU public IP (always Static) for the firewall's DNAT or the AKS load balancer.",
  },
  {
    id: "DPN-AZ-015",
    title: "Central private DNS zones resolve in the VNet",
    severity: "warning",
    level: "spec",
    rationale: `${CONVEYOR}: "If you have custom dns servers, you should create conditional forwarding for these private zones"; Azure DNS sees a private zone only in the VNets linked to it.`,
    fix: "Link the central zones to the VNet in the hub, or set azure.customDns to the hub's DNS resolver.",
  },
  {
    id: "DPN-AZ-016",
    title: "Custom DNS servers reachable from the nodes",
    severity: "warning",
    level: "topology",
    rationale: `${CONVEYOR}: with "custom dns servers", they resolve the private zones by conditional forwarding: the VNet must reach them on UDP 53.`,
    fix: "Peer the VNet with the DNS servers' VNet (or route to them through the firewall) and allow UDP/TCP 53 to them.",
  },
  {
    id: "DPN-AZ-017",
    title: "Services behind private endpoints closed to public networks",
    severity: "warning",
    level: "topology",
    rationale: `${CONVEYOR}: "we always use private endpoints to connect to Azure services ... to ensure we do not go over the public internet".`,
    fix: "Set public_network_access_enabled = false (publicNetworkAccess Disabled) on the storage account, key vault, registry or server.",
    crosswalk: { checkov: ["CKV_AZURE_59", "CKV_AZURE_189", "CKV_AZURE_139"] },
  },
  {
    id: "DPN-EXP-001",
    title: "What the internet can open",
    severity: "note",
    level: "topology",
    rationale:
      "Every class of packets from the internet that gets to something in the network (dpnet exposure): the attack surface, for all packets, not a sample.",
    fix: "Nothing, if each row is meant; otherwise narrow the rule its witness trace names.",
  },
  {
    id: "DPN-EXP-002",
    title: "What the control plane can open",
    severity: "note",
    level: "topology",
    rationale: `${CONVEYOR}: the control plane reaches the data plane synchronously; this is all it can open, for every packet from controlPlane.cidrs.`,
    fix: "Nothing, if each row is meant; otherwise narrow the rule its witness trace names.",
  },
  {
    id: "DPN-EXP-003",
    title: "What the nodes and pods can reach outside",
    severity: "note",
    level: "topology",
    rationale: `${CONVEYOR}: node subnets egress through NAT; pod subnets are routed only internally. This is all they can open outside the network.`,
    fix: "Nothing, if each row is meant; otherwise change the route or rule its witness trace names.",
  },
  {
    id: "DPN-TEST-001",
    title: "Intents hold for every packet",
    severity: "error",
    level: "topology",
    rationale: "A must reach / must not reach intent (dpnet test, the intents file beside a module) is a unit test of the network, answered for all packets.",
    fix: "Change the network (the witness trace names the rule or route), or the intent if it was wrong.",
  },
];

const BY_ID = new Map(CHECKS.map((c) => [c.id, c]));

/** The catalog entry of an id; throws for an id that is not registered (a bug: every finding's id must be). */
export function checkInfo(id: string): CheckInfo {
  const info = BY_ID.get(id);
  if (!info) throw new Error(`check ${id} is not in the catalog`);
  return info;
}
