// What an AWS export shows about capacity, on an audit (the tiers as the audit chose them):
//
// DPN-AWS-110: a node subnet whose free addresses cannot take one node group's upgrade surge. An
// EKS managed node group update launches new nodes before it drains old ones, "up to two instances
// per Availability Zone" (EKS user guide, managed node update behavior); each new node takes as
// many addresses in the node subnet as the most any node there holds now (its interfaces' private
// IPv4 addresses, read from describe-network-interfaces / describe-instances).
//
// DPN-AWS-111: with custom networking in use (some instance has a secondary interface in a pod
// subnet: its ENIConfig put it there), a node whose secondary interfaces sit in the node subnet, or
// whose primary interface carries secondary addresses, runs its pods on the primary CIDR: it
// joined before its ENIConfig existed (or without the label that picks one). ENIConfigs themselves
// are Kubernetes objects, not in an AWS export: their effect on the interfaces is what is read.
import type { OwnFinding } from "../findings.js";
import { parseAddress } from "../ipam/prefix.js";
import type { Topology } from "../topology/model.js";
import type { TierPlan } from "../analyze/audit/tiers.js";

/** New nodes an EKS managed node group update may launch in one zone. */
export const SURGE_NODES_PER_ZONE = 2;

const ipv4Count = (ips: readonly string[]) => ips.filter((ip) => parseAddress(ip)?.family === 4).length;

export function capacityAuditFindings(topology: Topology, plan: TierPlan): OwnFinding[] {
  if (plan.cloud !== "aws") return [];
  const nodeSubnets = new Set(plan.tiers.node ?? []);
  const podSubnets = new Set(plan.tiers.pod ?? []);
  const byInstance = new Map<string, typeof topology.interfaces>();
  for (const i of topology.interfaces) {
    if (i.instanceId === undefined) continue;
    if (!byInstance.has(i.instanceId)) byInstance.set(i.instanceId, []);
    byInstance.get(i.instanceId)!.push(i);
  }
  const findings: OwnFinding[] = [];

  for (const candidate of plan.candidates.node ?? []) {
    if (!nodeSubnets.has(candidate.subnetId)) continue;
    const perNode = Math.max(
      1,
      ...[...byInstance.values()].map((ifaces) => ifaces.filter((i) => i.subnetId === candidate.subnetId).reduce((sum, i) => sum + ipv4Count(i.privateIps), 0)),
    );
    const surge = SURGE_NODES_PER_ZONE * perNode;
    if (candidate.free < surge) {
      findings.push({
        id: "DPN-AWS-110",
        severity: "warning",
        resource: candidate.subnetId,
        message: `node subnet ${candidate.cidr}${candidate.zone ? ` (${candidate.zone})` : ""} has ${candidate.free} free addresses, fewer than one node group's upgrade surge needs: ${SURGE_NODES_PER_ZONE} new nodes x ${perNode} addresses = ${surge}`,
        trace: [
          { id: candidate.subnetId, kind: "subnet", decision: `${candidate.usable} usable, ${candidate.used} held by interfaces in the export` },
          {
            id: "surge",
            kind: "rule",
            decision: `an EKS managed node group update launches up to ${SURGE_NODES_PER_ZONE} new instances per zone before draining`,
          },
        ],
      });
    }
  }

  const customNetworking = [...byInstance.values()].some((ifaces) => ifaces.some((i) => (i.deviceIndex ?? 0) > 0 && podSubnets.has(i.subnetId)));
  if (!customNetworking) return findings;
  for (const [instanceId, ifaces] of [...byInstance].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const primary = ifaces.find((i) => i.deviceIndex === 0);
    if (!primary || !nodeSubnets.has(primary.subnetId)) continue;
    const strays = ifaces.filter((i) => (i.deviceIndex ?? 0) > 0 && nodeSubnets.has(i.subnetId));
    const secondaries = ipv4Count(primary.privateIps) - 1;
    if (strays.length === 0 && secondaries <= 0) continue;
    const where = [
      ...strays.map((i) => `${i.id} (device ${i.deviceIndex}) in ${i.subnetId}`),
      ...(secondaries > 0 ? [`${secondaries} secondary addresses on its primary interface ${primary.id}`] : []),
    ].join(", ");
    findings.push({
      id: "DPN-AWS-111",
      severity: "warning",
      resource: instanceId,
      message: `${instanceId} runs pods on the primary CIDR while other nodes use ENIConfigs (custom networking): ${where}; it joined before its ENIConfig applied: replace it`,
      trace: [...strays, primary].map((i) => ({
        id: i.id,
        kind: "interface",
        decision: `device ${i.deviceIndex ?? "?"} in ${i.subnetId}, ${ipv4Count(i.privateIps)} IPv4 addresses`,
      })),
    });
  }
  return findings;
}
