// Capacity: how many nodes and pods a planned network holds, zone by zone, which limit binds first,
// and the room left at a given scale. Pure: a plan summary and settings in, numbers out.
import { usableInBlock } from "../ipam/ipv4.js";
import type { PlannedSubnet } from "../plan/addresses.js";
import { INTERFACE_SERVICES } from "../plan/aws/endpoints.js";
import type { AwsPlanSummary, DataPlanePlan } from "../plan/types.js";
import type { AwsRootSpec, AzureRootSpec } from "../spec/index.js";
import type { Cloud } from "../topology/model.js";
import { inputError } from "../spec/errors.js";
import { type AwsNodeProfile, awsNodeProfile, prefixRoom } from "./aws.js";
import { AKS_MAX_PODS, type AksNodeProfile, type AzurePodNetwork, aksNodeProfile } from "./azure.js";
import { instanceTypeLimits } from "./instance-types.js";

/** The instance type capacity assumes when neither the command nor aws.scale names one. */
export const DEFAULT_INSTANCE_TYPE = "m6i.xlarge";
/** Nodes an AKS upgrade adds at once (AKS's minimum max surge: one). */
export const DEFAULT_SURGE = 1;

export interface CapacityOptions {
  /** AWS: the node group's instance type. */
  instanceType?: string;
  /** kubelet --max-pods. */
  maxPods?: number;
  /** AWS: count prefixes even when the spec does not turn prefix delegation on. */
  prefixDelegation?: boolean;
  /** Azure: pods on the pod subnet (dpnet's design) or on an overlay. */
  podNetwork?: AzurePodNetwork;
  /** Azure: upgrade surge nodes. */
  surge?: number;
  /** Azure: internal load balancer frontends in the node subnet. */
  internalLoadBalancers?: number;
  /** The scale to report headroom at: nodes in all, spread over the zones. */
  nodes?: number;
}

/** What binds first in a zone: a subnet runs out, or (for pods per node) the node itself. */
export type SubnetLimit = "node subnet" | "pod subnet";

export interface SubnetCapacity {
  tier: "node" | "pod";
  cidr: string;
  usable: number;
  /** What else holds addresses there (one address each), whatever the node count. */
  others: { what: string; addresses: number }[];
  /** Addresses each full node holds. */
  perNode: number;
  /** Nodes the subnet has room for, after the upgrade surge nodes it must keep room for (Azure). */
  nodes: number;
  surgeNodes: number;
  /** At `nodes` in all: addresses held and free. */
  atScale?: { used: number; free: number };
}

export interface ZoneCapacity {
  zone: string;
  nodes: number;
  pods: number;
  binding: SubnetLimit;
  subnets: SubnetCapacity[];
  /** At `nodes` in all: this zone's share and the nodes it could still add. */
  atScale?: { nodes: number; headroom: number };
}

export interface CapacityReport {
  cloud: "aws" | "azure";
  name: string;
  node: ({ cloud: "aws"; prefixDelegation: boolean } & AwsNodeProfile) | ({ cloud: "azure"; surge: number } & AksNodeProfile);
  zones: ZoneCapacity[];
  total: { nodes: number; pods: number; binding: SubnetLimit; podsPerNode: number; podsPerNodeLimit: string };
  scale?: { nodes: number; fits: boolean; headroom: number };
  notes: string[];
}

function checkCount(field: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max))
    throw inputError(field, value, `must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ""}`);
}

/** Each zone's share of `nodes` spread evenly, the first zones taking the remainder. */
export function zoneShares(nodes: number, zones: number): number[] {
  return Array.from({ length: zones }, (_, i) => Math.floor(nodes / zones) + (i < nodes % zones ? 1 : 0));
}

function subnet(tier: "node" | "pod", cidr: string, usable: number, others: SubnetCapacity["others"], perNode: number, surge: number): SubnetCapacity {
  const room = usable - others.reduce((sum, o) => sum + o.addresses, 0);
  return { tier, cidr, usable, others, perNode, nodes: Math.max(0, Math.floor(room / perNode) - surge), surgeNodes: surge };
}

function withScale(zone: ZoneCapacity, share: number | undefined): ZoneCapacity {
  if (share === undefined) return zone;
  return {
    ...zone,
    subnets: zone.subnets.map((s) => {
      const used = s.others.reduce((sum, o) => sum + o.addresses, 0) + (share + s.surgeNodes) * s.perNode;
      return { ...s, atScale: { used, free: s.usable - used } };
    }),
    atScale: { nodes: share, headroom: zone.nodes - share },
  };
}

function zoneOf(zone: string, subnets: SubnetCapacity[], podsPerNode: number): ZoneCapacity {
  const binding = subnets.reduce((a, b) => (b.nodes < a.nodes ? b : a));
  return { zone, nodes: binding.nodes, pods: binding.nodes * podsPerNode, binding: binding.tier === "node" ? "node subnet" : "pod subnet", subnets };
}

function report(base: Omit<CapacityReport, "total" | "scale">, nodes: number | undefined, limit: string): CapacityReport {
  const shares = nodes === undefined ? undefined : zoneShares(nodes, base.zones.length);
  const zones = base.zones.map((z, i) => withScale(z, shares?.[i]));
  const tightest = zones.reduce((a, b) => (b.nodes < a.nodes ? b : a));
  const total = {
    nodes: zones.reduce((sum, z) => sum + z.nodes, 0),
    pods: zones.reduce((sum, z) => sum + z.pods, 0),
    binding: tightest.binding,
    podsPerNode: base.node.maxPods,
    podsPerNodeLimit: limit,
  };
  const scale =
    nodes === undefined
      ? undefined
      : { nodes, fits: zones.every((z) => (z.atScale?.headroom ?? 0) >= 0), headroom: Math.min(...zones.map((z) => z.atScale!.headroom)) * zones.length };
  return { ...base, zones, total, ...(scale ? { scale } : {}) };
}

/** A subnet as capacity sees it: its size, and what else holds addresses there. */
export interface SubnetInput {
  cidr: string;
  usable: number;
  others: SubnetCapacity["others"];
}

/** What the capacity of a network is computed from, whatever it was read from. */
export interface CapacityInput {
  cloud: "aws" | "azure";
  name: string;
  /** AWS: per zone; Azure: one entry, the region. No pod subnet on AWS: pods live in the node subnets. */
  zones: { zone: string; node: SubnetInput; pod?: SubnetInput }[];
  /** The spec's own settings, which options override. */
  instanceType?: string;
  maxPods?: number;
  prefixDelegation?: boolean;
  notes?: string[];
}

function awsCapacity(input: CapacityInput, options: CapacityOptions): CapacityReport {
  const instanceType = options.instanceType ?? input.instanceType ?? DEFAULT_INSTANCE_TYPE;
  const limits = instanceTypeLimits(instanceType);
  if (!limits) throw inputError("--instance-type", instanceType, "is not in AWS's table of EC2 instance types' network limits (eni-max-pods.txt)");
  const maxPods = options.maxPods ?? input.maxPods;
  checkCount("--max-pods", maxPods, 1);
  const prefixDelegation = options.prefixDelegation === true || input.prefixDelegation === true;
  const customNetworking = input.zones.every((z) => z.pod !== undefined);
  const node = awsNodeProfile(limits, { customNetworking, prefixDelegation, ...(maxPods !== undefined ? { maxPods } : {}) });
  const mode = prefixDelegation
    ? "each pod ENI slot holds a /28 prefix, WARM_PREFIX_TARGET=1 keeps one spare"
    : "each pod ENI is filled with secondary addresses, WARM_ENI_TARGET=1 keeps one spare ENI";
  const notes = [
    customNetworking
      ? `pods take addresses from the pod subnets (custom networking: the node's own ENI carries no pods); ${mode}`
      : `no pod subnets: pods take addresses from the node subnets; ${mode}`,
    ...(input.notes ?? []),
  ];
  if (prefixDelegation)
    notes.push("prefix mode needs a Nitro instance type; on others the VPC CNI assigns secondary addresses, which dpnet does not model for them");
  const perZone = input.zones.map(({ zone, node: nodeSubnet, pod: podSubnet }) => {
    const nodeCap = subnet("node", nodeSubnet.cidr, nodeSubnet.usable, nodeSubnet.others, node.nodeSubnetAddresses, 0);
    if (!podSubnet) return zoneOf(zone, [nodeCap], node.maxPods);
    let podCap = subnet("pod", podSubnet.cidr, podSubnet.usable, podSubnet.others, node.podSubnetAddresses, 0);
    if (prefixDelegation) {
      // Prefixes come from the reserved blocks only (dpnet's layout); the pod ENIs' primaries from the rest.
      const room = prefixRoom(podSubnet.cidr);
      const held = podSubnet.others.reduce((sum, o) => sum + o.addresses, 0);
      podCap = {
        ...podCap,
        nodes: Math.max(0, Math.min(Math.floor(room.prefixes / node.prefixes!), Math.floor((room.otherAddresses - held) / node.attachedPodEnis))),
      };
    }
    return zoneOf(zone, [nodeCap, podCap], node.maxPods);
  });
  return report({ cloud: "aws", name: input.name, node: { cloud: "aws", prefixDelegation, ...node }, zones: perZone, notes }, options.nodes, node.limit);
}

function azureCapacity(input: CapacityInput, options: CapacityOptions): CapacityReport {
  const podNetwork = options.podNetwork ?? "podSubnet";
  const maxPods = options.maxPods ?? input.maxPods;
  checkCount("--max-pods", maxPods, AKS_MAX_PODS.lowest, AKS_MAX_PODS.highest);
  const surge = options.surge ?? DEFAULT_SURGE;
  checkCount("--surge", surge, 0);
  const ilbs = options.internalLoadBalancers ?? 0;
  checkCount("--internal-lbs", ilbs, 0);
  const node = aksNodeProfile({ podNetwork, ...(maxPods !== undefined ? { maxPods } : {}) });
  const { zone, node: nodeSubnet, pod: podSubnet } = input.zones[0]!;
  const nodeOthers = [...nodeSubnet.others, ...(ilbs ? [{ what: "internal load balancer frontend", addresses: ilbs }] : [])];
  const caps = [subnet("node", nodeSubnet.cidr, nodeSubnet.usable, nodeOthers, node.nodeSubnetAddresses, surge)];
  if (podNetwork === "podSubnet") {
    if (!podSubnet) throw inputError("--overlay", false, "is needed: the network has no pod subnet, so pods can only be on an overlay");
    caps.push(subnet("pod", podSubnet.cidr, podSubnet.usable, podSubnet.others, node.podSubnetAddresses, surge));
  }
  const notes = [
    podNetwork === "podSubnet"
      ? `pods take addresses from the pod subnet in batches of 16 per node (Azure CNI dynamic IP allocation); ${surge} upgrade surge node(s) held back`
      : `overlay: pods take addresses from a private CIDR, a /24 per node, none from the VNet; ${surge} upgrade surge node(s) held back`,
    ...(input.notes ?? []),
  ];
  return report(
    { cloud: "azure", name: input.name, node: { cloud: "azure", surge, ...node }, zones: [zoneOf(zone, caps, node.maxPods)], notes },
    options.nodes,
    "max pods",
  );
}

const planned = (s: PlannedSubnet, others: SubnetCapacity["others"] = []): SubnetInput => ({ cidr: s.cidr, usable: s.usableAddresses, others });

/** A planned data plane as capacity input: dpnet's subnets, and what the module puts in them. */
export function planCapacityInput(plan: DataPlanePlan): CapacityInput {
  const { spec, summary } = plan;
  switch (spec.cloud) {
    case "aws":
      if (summary.cloud !== "aws") throw new Error("a plan's summary is of its spec's cloud");
      return awsPlanInput(spec, summary);
    case "azure":
      return azurePlanInput(spec, summary.subnets);
  }
}

function awsPlanInput(spec: AwsRootSpec, summary: AwsPlanSummary): CapacityInput {
  const subnets = summary.subnets;
  const nodeLbs = summary.loadBalancers.filter((lb) => lb.subnets === "node").length;
  const endpointAddresses = spec.aws.endpoints.flatMap((s) => (s === "s3" ? [] : INTERFACE_SERVICES[s])).length;
  const nodeOthers = [
    ...(nodeLbs ? [{ what: "internal NLB", addresses: nodeLbs }] : []),
    ...(endpointAddresses ? [{ what: "interface endpoint", addresses: endpointAddresses }] : []),
  ];
  const zones = [...new Set(subnets.filter((s) => s.tier === "node").map((s) => s.zone))].map((zone) => ({
    zone,
    node: planned(subnets.find((s) => s.tier === "node" && s.zone === zone)!, nodeOthers),
    pod: planned(subnets.find((s) => s.tier === "pod" && s.zone === zone)!),
  }));
  return {
    cloud: "aws",
    name: spec.name,
    zones,
    prefixDelegation: spec.aws.pods.prefixDelegation,
    ...(spec.aws.scale?.instanceType !== undefined ? { instanceType: spec.aws.scale.instanceType } : {}),
    ...(spec.aws.scale?.maxPods !== undefined ? { maxPods: spec.aws.scale.maxPods } : {}),
  };
}

function azurePlanInput(spec: AzureRootSpec, subnets: readonly PlannedSubnet[]): CapacityInput {
  // customerManaged: the subnets are the customer's, at least the sizes the spec asks for.
  const sized = (tier: "node" | "pod", prefix: number, others: SubnetCapacity["others"] = []): SubnetInput => {
    const found = subnets.find((s) => s.tier === tier);
    return found ? planned(found, others) : { cidr: `yours, /${prefix}`, usable: usableInBlock(prefix), others };
  };
  const endpoints = spec.azure.privateEndpoints.filter((k) => k !== "postgres").length;
  return {
    cloud: "azure",
    name: spec.name,
    zones: [
      {
        zone: spec.azure.location,
        node: sized("node", spec.azure.subnets.nodes.prefix, endpoints ? [{ what: "private endpoint", addresses: endpoints }] : []),
        pod: sized("pod", spec.azure.subnets.pods.prefix),
      },
    ],
    ...(spec.azure.scale?.maxPods !== undefined ? { maxPods: spec.azure.scale.maxPods } : {}),
    ...(spec.azure.mode === "customerManaged" ? { notes: ["customerManaged: the subnets are yours; counted at the minimum sizes the spec asks for"] } : {}),
  };
}

/** How many nodes and pods a zone holds, by the cloud's network model (VPC CNI; AKS Azure CNI or overlay). */
const CAPACITY_MODELS: Record<Cloud, (input: CapacityInput, options: CapacityOptions) => CapacityReport> = { aws: awsCapacity, azure: azureCapacity };

/** The capacity of a network, from what `planCapacityInput` or `networkCapacityInput` read. */
export function capacityFrom(input: CapacityInput, options: CapacityOptions = {}): CapacityReport {
  checkCount("--nodes", options.nodes, 0);
  return CAPACITY_MODELS[input.cloud](input, options);
}

/** The capacity of a planned data plane. Bad options are InputErrors naming the option. */
export function capacityOf(plan: DataPlanePlan, options: CapacityOptions = {}): CapacityReport {
  return capacityFrom(planCapacityInput(plan), options);
}
