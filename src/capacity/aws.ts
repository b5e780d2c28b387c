// How many pods an EC2 node runs and how many addresses it holds, under the Amazon VPC CNI.
//
// Max pods follow AWS's max-pods-calculator.sh (amazon-eks-ami):
//   ENIs for pods   = ENIs, less the primary one with custom networking (it carries no pods)
//   secondary IPs   = ENIs for pods * (IPv4 per ENI - 1) + 2
//   prefixes (/28)  = ENIs for pods * ((IPv4 per ENI - 1) * 16) + 2
//   recommended     = min(that, 110) with 30 vCPUs or fewer, min(that, 250) above
// The + 2 are aws-node and kube-proxy, which use the node's own address (host network).
//
// Addresses held, per node running its max pods: every attached pod ENI keeps its primary address;
// in secondary-IP mode each attached ENI is filled with secondary addresses, and WARM_ENI_TARGET=1
// (the default) keeps one more ENI attached while one is left; with prefix delegation each slot
// holds a /28 and WARM_PREFIX_TARGET=1 keeps one spare prefix. Those warm addresses are held but
// unused: they count against the subnet all the same.
import { parseCidr, prefixAt, usableAddresses } from "../ipam/prefix.js";
import { blockSize } from "../ipam/ipv4.js";
import type { InstanceTypeLimits } from "./instance-types.js";

/** Addresses in a /28, the prefix the VPC CNI assigns to a slot in prefix mode. */
export const PREFIX_SIZE = 16;
/** Pods that run on the host network (aws-node, kube-proxy): counted in max pods, no pod address. */
export const HOST_NETWORK_PODS = 2;
/** The calculator's ceilings, by vCPU count (more than 30: the higher one). */
export const MAX_PODS_CEILING = { upTo30Vcpus: 110, above30Vcpus: 250 } as const;
/** Kubernetes' own default --max-pods, used when the vCPU count (hence AWS's recommendation) is unknown. */
export const KUBELET_DEFAULT_MAX_PODS = 110;

export interface AwsCniSettings {
  /** Pods on ENIs in other subnets (ENIConfig): dpnet's design, so true for every plan. */
  customNetworking: boolean;
  prefixDelegation: boolean;
  /** kubelet --max-pods; default: AWS's recommended value (calculator). */
  maxPods?: number;
}

export type NodeLimit = "per-node ENI limit" | "max pods";

export interface AwsNodeProfile {
  instanceType: string;
  enis: number;
  ipv4PerEni: number;
  vcpus?: number;
  /** ENIs that can carry pods. */
  podEnis: number;
  /** What the ENIs allow: the calculator's value before its ceiling. */
  eniMaxPods: number;
  /** The calculator's recommendation (ceiling applied), when the vCPUs are known. */
  recommendedMaxPods?: number;
  /** Pods a node runs: kubelet's max pods within what the ENIs allow. */
  maxPods: number;
  /** Which of the two stops a node first. */
  limit: NodeLimit;
  /** Where kubelet's max pods came from. */
  maxPodsFrom: "--max-pods" | "AWS's recommendation" | "Kubernetes' default (vCPUs unknown)";
  /** Addresses a full node holds in the subnet its pod ENIs are in (the pod subnet with custom networking). */
  podSubnetAddresses: number;
  /** Addresses a full node holds in the node subnet. */
  nodeSubnetAddresses: number;
  /** Pod ENIs attached on a full node, each with a primary address outside any prefix. */
  attachedPodEnis: number;
  /** Prefix mode: /28 prefixes a full node holds (the warm one included). */
  prefixes?: number;
}

/** AWS's max pods for an instance type, as max-pods-calculator.sh computes it (`recommended` needs the vCPUs). */
export function calculatorMaxPods(
  limits: InstanceTypeLimits,
  settings: Pick<AwsCniSettings, "customNetworking" | "prefixDelegation">,
): { eniMaxPods: number; recommended?: number } {
  const podEnis = limits.enis - (settings.customNetworking ? 1 : 0);
  const slots = limits.ipv4PerEni - 1;
  const eniMaxPods = podEnis * slots * (settings.prefixDelegation ? PREFIX_SIZE : 1) + HOST_NETWORK_PODS;
  if (limits.vcpus === undefined) return { eniMaxPods };
  const ceiling = limits.vcpus > 30 ? MAX_PODS_CEILING.above30Vcpus : MAX_PODS_CEILING.upTo30Vcpus;
  return { eniMaxPods, recommended: Math.min(ceiling, eniMaxPods) };
}

/** One node of an instance type under the VPC CNI: its max pods and the addresses it holds when full. */
export function awsNodeProfile(limits: InstanceTypeLimits, settings: AwsCniSettings): AwsNodeProfile {
  const { eniMaxPods, recommended } = calculatorMaxPods(limits, settings);
  const kubeletMaxPods = settings.maxPods ?? recommended ?? KUBELET_DEFAULT_MAX_PODS;
  const maxPodsFrom =
    settings.maxPods !== undefined ? "--max-pods" : recommended !== undefined ? "AWS's recommendation" : "Kubernetes' default (vCPUs unknown)";
  const maxPods = Math.min(kubeletMaxPods, eniMaxPods);
  const podEnis = limits.enis - (settings.customNetworking ? 1 : 0);
  const slotsPerEni = limits.ipv4PerEni - 1;
  const podAddresses = Math.max(0, maxPods - HOST_NETWORK_PODS);
  let held: number;
  let attachedPodEnis: number;
  let prefixes: number | undefined;
  if (settings.prefixDelegation) {
    prefixes = Math.min(Math.ceil(podAddresses / PREFIX_SIZE) + 1, podEnis * slotsPerEni);
    attachedPodEnis = Math.max(1, Math.ceil(prefixes / slotsPerEni));
    held = prefixes * PREFIX_SIZE + attachedPodEnis;
  } else {
    attachedPodEnis = Math.min(Math.ceil(podAddresses / slotsPerEni) + 1, podEnis);
    held = attachedPodEnis * limits.ipv4PerEni;
  }
  return {
    instanceType: limits.instanceType,
    enis: limits.enis,
    ipv4PerEni: limits.ipv4PerEni,
    ...(limits.vcpus !== undefined ? { vcpus: limits.vcpus } : {}),
    podEnis,
    eniMaxPods,
    ...(recommended !== undefined ? { recommendedMaxPods: recommended } : {}),
    maxPods,
    limit: kubeletMaxPods < eniMaxPods ? "max pods" : "per-node ENI limit",
    maxPodsFrom,
    // With custom networking the node's own ENI keeps only its primary address in the node subnet.
    podSubnetAddresses: settings.customNetworking ? held : 0,
    nodeSubnetAddresses: settings.customNetworking ? 1 : held,
    attachedPodEnis,
    ...(prefixes !== undefined ? { prefixes } : {}),
  };
}

/** Reservation blocks per pod subnet: all but its lowest 1/64 (a /24 of a /18) is reserved for prefixes. */
const RESERVATION_BLOCKS = 6;

/**
 * The subnet CIDR reservations (type `prefix`) dpnet puts on a pod subnet in prefix mode: all but
 * the lowest 1/64 as aligned blocks (/p+1 .. /p+6), so /28 prefixes always find contiguous space;
 * the lowest block stays unreserved for what is not a prefix, the pod ENIs' primary addresses
 * (EC2 assigns only prefixes inside a `prefix` reservation).
 */
export function prefixReservations(subnetCidr: string): string[] {
  const subnet = parseCidr(subnetCidr, 4);
  const blocks = Math.max(0, Math.min(RESERVATION_BLOCKS, 28 - subnet.len));
  return Array.from({ length: blocks }, (_, i) => {
    const len = subnet.len + i + 1;
    return prefixAt(4, subnet.value + BigInt(blockSize(len)), len).text;
  });
}

/** A pod subnet's room in prefix mode with dpnet's reservations: /28s EC2 can assign, and addresses for ENI primaries. */
export function prefixRoom(subnetCidr: string): { prefixes: number; otherAddresses: number } {
  const subnet = parseCidr(subnetCidr, 4);
  const reserved = prefixReservations(subnetCidr).reduce((sum, c) => sum + blockSize(parseCidr(c, 4).len), 0);
  if (reserved === 0) return { prefixes: 0, otherAddresses: usableAddresses(subnet) };
  // The subnet's last address (AWS's broadcast reserve) sits in the top /28, which EC2 cannot hand out;
  // the other 4 reserves are the first addresses, in the unreserved block.
  return { prefixes: reserved / PREFIX_SIZE - 1, otherAddresses: blockSize(subnet.len) - reserved - 4 };
}
