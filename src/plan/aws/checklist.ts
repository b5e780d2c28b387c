// aws.vpc.existing: what the customer's network team must have or do, and who checks each item:
// dpnet offline (the address plan), Terraform when it reads the VPC (data source filters and
// postconditions), or nobody before apply (`dpnet audit --aws` of an export checks it afterwards).
// Conveyor's AWS section is this list for a VPC of the customer's own.
import type { ExistingVpc } from "../../spec/aws-existing.js";
import type { AwsAddressPlan } from "./addresses.js";

/** `plan`: dpnet's address plan, offline. `read`: terraform plan fails reading the VPC otherwise. `yours`: not checked before apply (audit --aws after). */
export type CheckedWhen = "plan" | "read" | "yours";

export interface ExistingVpcItem {
  checked: CheckedWhen;
  what: string;
}

export interface ExistingVpcSummary {
  vpcId: string;
  /** Subnets adopted per tier, by zone; tiers absent here dpnet creates. */
  adopted: ("public" | "nodes" | "pods")[];
  checklist: ExistingVpcItem[];
}

export function existingVpcSummary(existing: ExistingVpc, plan: AwsAddressPlan): ExistingVpcSummary {
  const pod = plan.vpc.secondaryCidrs[0]!;
  const adopted = (["public", "nodes", "pods"] as const).filter((t) => existing.subnets[t]);
  const ids = (tier: "public" | "node" | "pod") =>
    plan.subnets
      .filter((s) => s.tier === tier)
      .map((s) => s.existingId)
      .join(", ");
  const items: ExistingVpcItem[] = [
    { checked: "read", what: `VPC ${existing.vpcId} has the primary CIDR ${plan.vpc.cidr}, DNS support and DNS hostnames on` },
    existing.podCidrAssociated
      ? { checked: "read", what: `${pod} is associated with the VPC (Conveyor: the secondary CIDR for pods)` }
      : {
          checked: "yours",
          what: `the VPC can take ${pod} as a further block (at most 5 IPv4 blocks by default; dpnet associates it) and ${pod} is routed nowhere else in your network`,
        },
    {
      checked: "plan",
      what: `the subnets dpnet creates fit in ${plan.vpc.cidr} and ${pod} beside your subnets and usedCidrs${existing.usedCidrs.length ? ` (${existing.usedCidrs.join(", ")})` : ""}`,
    },
    {
      checked: "yours",
      what: "usedCidrs lists every other subnet of the VPC: AWS refuses a subnet dpnet creates that overlaps one at apply",
    },
  ];
  if (existing.subnets.public)
    items.push(
      { checked: "read", what: `public subnets ${ids("public")} are in the VPC with the zones and CIDRs the spec gives` },
      {
        checked: "yours",
        what: "the public subnets route 0.0.0.0/0 to the VPC's internet gateway and are tagged kubernetes.io/role/elb=1 (internet-facing load balancers)",
      },
    );
  items.push(
    existing.internetGatewayId || existing.subnets.public
      ? { checked: "read", what: `an internet gateway${existing.internetGatewayId ? ` (${existing.internetGatewayId})` : ""} is attached to the VPC` }
      : { checked: "yours", what: "the VPC has no internet gateway yet: dpnet creates one (a VPC takes only one; else give internetGatewayId)" },
  );
  if (existing.natGatewayIds)
    items.push({
      checked: "read",
      what: `NAT gateways ${Object.values(existing.natGatewayIds).join(", ")} are in the VPC, each in its zone's public subnet (public NAT gateways with an Elastic IP)`,
    });
  if (existing.subnets.nodes)
    items.push(
      { checked: "read", what: `node subnets ${ids("node")} are in the VPC with the zones and CIDRs the spec gives (at least /24: checked offline)` },
      {
        checked: "yours",
        what: "the node subnets route 0.0.0.0/0 to a NAT gateway of their zone and are tagged kubernetes.io/role/internal-elb=1 (Conveyor: egress through NAT)",
      },
    );
  if (existing.subnets.pods)
    items.push(
      { checked: "read", what: `pod subnets ${ids("pod")} are in the VPC with the zones and CIDRs the spec gives (inside ${pod}: checked offline)` },
      {
        checked: "yours",
        what: "the pod subnets have no route out of the VPC, only the local routes (Conveyor: routed only internally)",
      },
    );
  items.push(
    existing.emptyDefaultSecurityGroup
      ? { checked: "yours", what: "nothing of yours relies on the VPC's default security group: dpnet removes its rules (emptyDefaultSecurityGroup)" }
      : {
          checked: "yours",
          what: "the VPC's default security group stays yours: empty its rules when nothing relies on it (or set emptyDefaultSecurityGroup: true); nothing of dpnet's uses it",
        },
  );
  return { vpcId: existing.vpcId, adopted: [...adopted], checklist: items };
}

export const CHECKED_TEXT: Record<CheckedWhen, string> = {
  plan: "checked by dpnet plan",
  read: "checked when terraform reads the VPC",
  yours: "yours to ensure (dpnet audit --aws checks an export)",
};
