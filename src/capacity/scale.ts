// DPN-SPEC-010: the spec's declared scale (aws.scale / azure.scale) must fit its subnets, zone by
// zone, and its pods must fit on its nodes.
import type { OwnFinding } from "../findings.js";
import type { DataPlanePlan } from "../plan/types.js";
import { declaredScale } from "../spec/index.js";
import { awsNodeProfile } from "./aws.js";
import { AKS_MAX_PODS } from "./azure.js";
import { capacityOf, DEFAULT_INSTANCE_TYPE } from "./index.js";
import { instanceTypeLimits } from "./instance-types.js";

const fmt = (n: number) => n.toLocaleString("en-US");

function error(resource: string, message: string): OwnFinding {
  return { id: "DPN-SPEC-010", severity: "error", resource, message, trace: [] };
}

export function scaleFindings(plan: DataPlanePlan): OwnFinding[] {
  const spec = plan.spec;
  const scale = declaredScale(spec);
  if (!scale) return [];
  const field = `${spec.cloud}.scale`;
  const perNode = Math.ceil(scale.pods / scale.nodes);
  let ceiling: number;
  let ceilingWhy: string;
  let holding: number;
  switch (spec.cloud) {
    case "aws": {
      const instanceType = spec.aws.scale?.instanceType ?? DEFAULT_INSTANCE_TYPE;
      const limits = instanceTypeLimits(instanceType);
      if (!limits)
        return [error(`${field}.instanceType`, `${instanceType} is not in AWS's table of EC2 instance types' network limits: its capacity is unknown`)];
      const full = awsNodeProfile(limits, {
        customNetworking: true,
        prefixDelegation: spec.aws.pods.prefixDelegation,
        ...(scale.maxPods !== undefined ? { maxPods: scale.maxPods } : {}),
      });
      ceiling = full.maxPods;
      ceilingWhy = `${instanceType}'s ${full.limit === "max pods" ? `max pods (${full.maxPodsFrom})` : "per-node ENI limit"}`;
      holding = Math.max(perNode, 1);
      break;
    }
    case "azure":
      ceiling = spec.azure.scale?.maxPods ?? AKS_MAX_PODS.podSubnet;
      ceilingWhy = `AKS's max pods per node${spec.azure.scale?.maxPods === undefined ? " (default)" : ""}`;
      holding = Math.min(Math.max(perNode, AKS_MAX_PODS.lowest), AKS_MAX_PODS.highest);
      break;
  }
  if (perNode > ceiling) {
    return [
      error(
        `${field}.pods`,
        `${fmt(scale.pods)} pods on ${fmt(scale.nodes)} nodes is ${fmt(perNode)} per node, more than ${ceilingWhy} allows: ${fmt(ceiling)}; add nodes or pick a larger type`,
      ),
    ];
  }
  // The subnets at that scale, each node holding what it needs for its share of the pods.
  const report = capacityOf(plan, { nodes: scale.nodes, maxPods: holding });
  const prefixes = report.node.cloud === "aws" && report.node.prefixDelegation;
  return report.zones
    .filter((zone) => zone.atScale!.headroom < 0)
    .map((zone) => {
      const s = zone.subnets.find((sub) => sub.nodes === zone.nodes)!;
      const room = prefixes && s.tier === "pod" ? "its /28 prefix reservations and ENI addresses" : `${fmt(s.usable)} addresses, ${fmt(s.perNode)} a node`;
      return error(
        field,
        `${fmt(zone.atScale!.nodes)} nodes with ${fmt(perNode)} pods each in ${zone.zone}: the ${s.tier} subnet ${s.cidr} binds first, with room for ${fmt(s.nodes)} nodes (${room})`,
      );
    });
}
