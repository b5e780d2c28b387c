// The ids the planners emit while planning a spec (level `spec`): listed as checks so SARIF, the
// README and the report know them; the planner decides them (plan/aws, plan/azure), nothing runs here.
import { CONVEYOR, TYPHOON, defineCheck } from "./define.js";

export const podCidrInCgnat = defineCheck({
  id: "DPN-SPEC-001",
  title: "Pod CIDR inside 100.64.0.0/10",
  severity: "warning",
  clouds: ["aws"],
  level: "spec",
  rationale: `${CONVEYOR}: "Associate the secondary CIDR 100.64.0.0/16 ... [it] should only be used as a NAT".`,
  fix: "Use a block of 100.64.0.0/10 (100.64.0.0/16 by default) as aws.vpc.podCidr.",
});

export const vpcClearOfDocker = defineCheck({
  id: "DPN-SPEC-002",
  title: "VPC CIDR clear of Docker's bridge network",
  severity: "warning",
  clouds: ["aws"],
  level: "spec",
  rationale: "AWS advises against VPC blocks overlapping 172.17.0.0/16, Docker's default bridge (address conflicts on nodes).",
  fix: "Pick an aws.vpc.cidr outside 172.17.0.0/16.",
});

export const apiserverNotWorldOpen = defineCheck({
  id: "DPN-AWS-101",
  title: "kube-apiserver not open to the whole internet",
  severity: "warning",
  clouds: ["aws"],
  level: "spec",
  rationale: `${TYPHOON}: kube-apiserver's NLB faces clients; its authentication is all that stands in the way of the internet.`,
  fix: "List your office, VPN or CI ranges in aws.apiserver.allowedCidrs instead of 0.0.0.0/0.",
  appliesTo: "apiserver",
});

export const adminPortsOnPurpose = defineCheck({
  id: "DPN-AWS-102",
  title: "No admin port opened to the internet by allowPublicAdminPorts",
  severity: "warning",
  clouds: ["aws"],
  level: "spec",
  rationale: "SSH or RDP open to the world is refused unless allowPublicAdminPorts asks for it; then it stays a warning.",
  fix: "Prefer a bastion, SSM Session Manager or your VPN's range in aws.firewall[].cidrs.",
  crosswalk: { checkov: ["CKV_AWS_24", "CKV_AWS_25"], trivy: ["AVD-AWS-0107"] },
});

export const controlPlaneCidrsUnused = defineCheck({
  id: "DPN-AWS-104",
  title: "No unused controlPlane.cidrs with PrivateLink",
  severity: "note",
  clouds: ["aws"],
  level: "spec",
  rationale: `${CONVEYOR}: PrivateLink admits the control plane by its account, not by its addresses.`,
  fix: "Drop controlPlane.cidrs, or use connectivity: internet.",
  appliesTo: "privatelink",
});

export const noAsyncWithoutAccount = defineCheck({
  id: "DPN-AWS-105",
  title: "The async link has the control plane's account",
  severity: "note",
  clouds: ["aws"],
  level: "spec",
  rationale: `${CONVEYOR}: the async link's SQS trust names the control plane's account.`,
  fix: "Set controlPlane.awsAccountId (and externalId) to get the async link.",
  appliesTo: "controlPlane",
});

export const syncPortShared = defineCheck({
  id: "DPN-AWS-106",
  title: "Sync port not shared with a wider ingress listener",
  severity: "warning",
  clouds: ["aws"],
  level: "spec",
  rationale: `${CONVEYOR}: the sync endpoint is the control plane's; a shared listener admits everyone the ingress admits.`,
  fix: "Use a controlPlane.port of its own, or narrow aws.ingress.allowedCidrs.",
  appliesTo: "internetSync",
});

export const transitGatewayPropagation = defineCheck({
  id: "DPN-AWS-107",
  title: "No transit gateway attachment propagates the shared pod block",
  severity: "warning",
  clouds: ["aws"],
  level: "spec",
  rationale: `${CONVEYOR}: every data plane's pods are in 100.64.0.0/16, so a hub learns it from each of them. Typhoon: internally connecting clusters is not recommended.`,
  fix: "Turn off propagation for the attachment and add static routes to the primary CIDR in the transit gateway route table.",
  appliesTo: "transitGateway",
});

export const vnetClearOfServiceCidr = defineCheck({
  id: "DPN-AZ-001",
  title: "VNet clear of AKS's default service CIDR",
  severity: "warning",
  clouds: ["azure"],
  level: "spec",
  rationale: "AKS's default service CIDR is 10.0.0.0/16; a VNet overlapping it needs another service_cidr.",
  fix: "Give the cluster a service_cidr (and dns_service_ip) outside the VNet.",
});

export const nodesSubnetSize = defineCheck({
  id: "DPN-AZ-002",
  title: "Nodes subnet of ~256 addresses",
  severity: "warning",
  clouds: ["azure"],
  level: "spec",
  rationale: `${CONVEYOR}: "Aks node subnet ... A good recommendation is 256 ip's."`,
  fix: "Use azure.subnets.nodes.prefix: 24 or lower.",
});

export const subnetsHoldScale = defineCheck({
  id: "DPN-SPEC-010",
  title: "Subnets hold the declared scale",
  severity: "error",
  clouds: ["aws", "azure"],
  level: "spec",
  rationale: `${CONVEYOR}: pod subnets of /18 (AWS) and "at least 2000 IPs" for pods (Azure) exist so pods do not run out of addresses; a declared scale (aws.scale, azure.scale) that a zone's node or pod subnet cannot hold will.`,
  fix: "Lower the scale, spread it over more nodes, or give the binding subnet more room (aws.vpc.podCidr, nodeSubnetPrefix, azure.subnets); dpnet capacity shows which limit binds first.",
});

export const centralZonesResolve = defineCheck({
  id: "DPN-AZ-015",
  title: "Central private DNS zones resolve in the VNet",
  severity: "warning",
  clouds: ["azure"],
  level: "spec",
  rationale: `${CONVEYOR}: "If you have custom dns servers, you should create conditional forwarding for these private zones"; Azure DNS sees a private zone only in the VNets linked to it.`,
  fix: "Link the central zones to the VNet in the hub, or set azure.customDns to the hub's DNS resolver.",
});
