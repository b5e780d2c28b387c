// How many pods an AKS node runs and how many addresses it holds (Microsoft's AKS documentation:
// "IP address planning" and "Azure CNI Pod Subnet").
//
// - Max pods per node: 250 at most; the default is 110 with a pod subnet (Azure CNI dynamic IP
//   allocation) and 250 with Azure CNI Overlay.
// - Pod subnet, dynamic allocation: "IPs are allocated to nodes in batches of 16 ... planned with a
//   minimum of 16 IPs per node": a node running its max pods holds them rounded up to a batch.
// - Overlay: pods take addresses from a private CIDR (a /24 per node), none from the VNet.
// - Node subnet: one address per node, for the nodes added during upgrades too (max surge), and for
//   internal load balancers' frontends and private endpoints placed there.

export type AzurePodNetwork = "podSubnet" | "overlay";

export const AKS_MAX_PODS = { podSubnet: 110, overlay: 250, highest: 250, lowest: 10 } as const;
/** Azure CNI dynamic IP allocation hands addresses to nodes in batches of this size. */
export const AKS_IP_BATCH = 16;

export interface AksSettings {
  podNetwork: AzurePodNetwork;
  /** --max-pods; default: AKS's for the pod network. */
  maxPods?: number;
}

export interface AksNodeProfile {
  podNetwork: AzurePodNetwork;
  maxPods: number;
  maxPodsFrom: "--max-pods" | "AKS's default";
  /** Addresses a full node holds in the pod subnet (none with overlay). */
  podSubnetAddresses: number;
  nodeSubnetAddresses: number;
}

export function aksNodeProfile(settings: AksSettings): AksNodeProfile {
  const maxPods = settings.maxPods ?? AKS_MAX_PODS[settings.podNetwork];
  return {
    podNetwork: settings.podNetwork,
    maxPods,
    maxPodsFrom: settings.maxPods !== undefined ? "--max-pods" : "AKS's default",
    podSubnetAddresses: settings.podNetwork === "overlay" ? 0 : AKS_IP_BATCH * Math.ceil(maxPods / AKS_IP_BATCH),
    nodeSubnetAddresses: 1,
  };
}
