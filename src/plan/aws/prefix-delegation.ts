// aws.pods.prefixDelegation: the VPC CNI then takes /28 prefixes from the pod subnets, and a /28
// needs 16 contiguous free addresses. Subnet CIDR reservations of type `prefix` keep most of each
// pod subnet for prefixes alone, so scattered single addresses never fragment it (the VPC CNI
// maintainers' advice); the lowest block stays free for the pod ENIs' primary addresses.
import { ex, type ResourceRef, type TfModule } from "../../terraform/ir.js";
import { prefixReservations } from "../../capacity/aws.js";
import type { AwsAddressPlan } from "./addresses.js";

const FILE = "network.tf";

export function addPodPrefixReservations(module: TfModule, plan: AwsAddressPlan, podSubnets: ResourceRef): void {
  const reservations = Object.fromEntries(
    plan.subnets.filter((s) => s.tier === "pod").flatMap((s) => prefixReservations(s.cidr).map((cidr) => [`${s.zone} ${cidr}`, { zone: s.zone, cidr }])),
  );
  module.resource(
    FILE,
    "aws_ec2_subnet_cidr_reservation",
    "pod_prefixes",
    {
      for_each: reservations,
      subnet_id: podSubnets.at(ex("each.value.zone"), "id"),
      cidr_block: ex("each.value.cidr"),
      reservation_type: "prefix",
      description: "VPC CNI prefix delegation: /28 prefixes only",
    },
    "Prefix delegation: the pod subnets' space for /28 prefixes only, so it never fragments (ENABLE_PREFIX_DELEGATION=true on aws-node).",
  );
}
