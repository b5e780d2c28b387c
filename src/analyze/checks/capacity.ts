// The capacity checks of an audit: judged by `capacityAuditFindings` (src/capacity/audit.ts) on
// the addresses a network's nodes hold now, so they have no `run` here.
import { CONVEYOR, defineCheck } from "./define.js";

export const nodeSubnetSurgeRoom = defineCheck({
  id: "DPN-AWS-110",
  title: "Node subnets have room for an upgrade surge",
  severity: "warning",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: node subnets of at least /24; an EKS managed node group update launches up to two new nodes per zone before draining the old ones, and they need addresses.`,
  fix: "Free addresses in the node subnet (or give it a larger block) before the next node group update.",
});

export const podsOnPodSubnets = defineCheck({
  id: "DPN-AWS-111",
  title: "Nodes take pod addresses from the pod subnets",
  severity: "warning",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: pods use the 100.64.0.0/16 pod subnets through ENIConfigs; a node that joined before its ENIConfig keeps pod addresses from the node subnet.`,
  fix: "Replace the node (cordon, drain, terminate): its successor picks up the zone's ENIConfig.",
});
