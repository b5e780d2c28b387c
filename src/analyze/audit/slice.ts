// One network's part of a topology, so an export of many VPCs or VNets is judged network by
// network: each is a candidate data plane of its own, and checks over every element see only it.
import { type Cloud, type Topology, emptyTopology } from "../../topology/model.js";

/** Whether a network's slice takes in the peered networks its traffic goes through (Azure hub and spoke: the hub's firewall). */
export const PEERED_PATHS: Record<Cloud, boolean> = { aws: false, azure: true };

/** Splits a topology into one per network, in the networks' order, in one pass over each kind of element. */
export function sliceByNetwork(t: Topology): Topology[] {
  if (t.networks.length <= 1) return [t];
  const subnetNetwork = new Map(t.subnets.map((s) => [s.id, s.networkId]));
  const slices = new Map(t.networks.map((n) => [n.id, { ...emptyLike(t), networks: [n] }]));
  const into = (networkId: string | undefined) => (networkId === undefined ? undefined : slices.get(networkId));
  for (const s of t.subnets) into(s.networkId)?.subnets.push(s);
  for (const r of t.routeTables) into(r.networkId)?.routeTables.push(r);
  for (const g of t.gateways) for (const n of new Set(g.networkIds)) into(n)?.gateways.push(g);
  for (const g of t.securityGroups) into(g.networkId)?.securityGroups.push(g);
  for (const a of t.networkAcls) into(a.networkId)?.networkAcls.push(a);
  for (const i of t.interfaces) into(subnetNetwork.get(i.subnetId))?.interfaces.push(i);
  for (const lb of t.loadBalancers) into(lb.networkId)?.loadBalancers.push(lb);
  for (const e of t.endpoints) into(e.networkId)?.endpoints.push(e);
  addPaths(t, slices);
  const groups = new Map(t.targetGroups.map((g) => [g.id, g]));
  const nsgs = new Map(t.networkSecurityGroups.map((g) => [g.id, g]));
  const zones = new Map(t.privateDnsZones.map((z) => [z.id, z]));
  for (const slice of slices.values()) {
    const lbs = new Set(slice.loadBalancers.map((lb) => lb.id));
    slice.targetGroups = unique(slice.loadBalancers.flatMap((lb) => lb.listeners.map((l) => groups.get(l.targetGroupId))));
    slice.endpointServices = t.endpointServices.filter((s) => s.loadBalancerIds.some((id) => lbs.has(id)));
    slice.networkSecurityGroups = unique(
      [...slice.subnets.map((s) => s.networkSecurityGroupId), ...slice.interfaces.map((i) => i.networkSecurityGroupId)].map((id) => nsgs.get(id ?? "")),
    );
    const net = slice.networks[0]!.id;
    slice.privateDnsZones = unique([
      ...t.privateDnsZones.filter((z) => z.networkLinks.some((l) => l.networkId === net)),
      ...slice.endpoints.flatMap((e) => (e.privateDnsZoneIds ?? []).map((id) => zones.get(id))),
    ]);
  }
  return [...slices.values()];
}

/**
 * Azure: a VNet's traffic leaves by the VNets it peers with (the hub holding the firewall its
 * default route names): their subnets, routes, interfaces and gateways go into its slice as the
 * path, listed after it (`pathIds` names them), so that the checks follow the traffic there.
 */
function addPaths(t: Topology, slices: Map<string, Topology>): void {
  const own = new Map(
    [...slices].map(([id, slice]) => [
      id,
      {
        networks: [...slice.networks],
        subnets: [...slice.subnets],
        routeTables: [...slice.routeTables],
        interfaces: [...slice.interfaces],
        gateways: [...slice.gateways],
      },
    ]),
  );
  for (const [id, slice] of slices) {
    if (!PEERED_PATHS[slice.networks[0]!.cloud]) continue;
    const peers = new Set(slice.gateways.filter((g) => g.kind === "peering").flatMap((g) => g.networkIds.filter((n) => n !== id)));
    for (const peer of peers) {
      const other = own.get(peer);
      if (!other) continue;
      slice.networks.push(...other.networks);
      slice.subnets.push(...other.subnets);
      slice.routeTables.push(...other.routeTables);
      slice.interfaces.push(...other.interfaces);
      slice.gateways.push(...other.gateways.filter((g) => g.kind === "vpn-gateway" && !slice.gateways.includes(g)));
    }
    if (t.firewalls) slice.firewalls = t.firewalls;
    if (t.publicIpAddresses) slice.publicIpAddresses = t.publicIpAddresses;
  }
}

/** The ids of a slice's path elements: the networks after its first, their subnets, route tables, interfaces but firewalls, and the NSGs only they use. */
export function pathIds(slice: Topology): Set<string> {
  const networks = new Set(slice.networks.slice(1).map((n) => n.id));
  const subnets = slice.subnets.filter((s) => networks.has(s.networkId));
  const subnetIds = new Set(subnets.map((s) => s.id));
  // The firewall on the path carries the data plane's sync link and egress: findings on it stay.
  const firewalls = new Set((slice.firewalls ?? []).map((f) => f.interfaceId));
  const interfaces = slice.interfaces.filter((i) => subnetIds.has(i.subnetId) && !firewalls.has(i.id));
  const ownNsgs = new Set(
    [
      ...slice.subnets.filter((s) => !subnetIds.has(s.id)).map((s) => s.networkSecurityGroupId),
      ...slice.interfaces.filter((i) => !subnetIds.has(i.subnetId)).map((i) => i.networkSecurityGroupId),
    ].filter((x) => x !== undefined),
  );
  const pathNsgs = [...subnets.map((s) => s.networkSecurityGroupId), ...interfaces.map((i) => i.networkSecurityGroupId)].filter(
    (x): x is string => x !== undefined && !ownNsgs.has(x),
  );
  return new Set([
    ...networks,
    ...subnetIds,
    ...interfaces.map((i) => i.id),
    ...slice.routeTables.filter((r) => networks.has(r.networkId)).map((r) => r.id),
    ...pathNsgs,
  ]);
}

function unique<T>(items: (T | undefined)[]): T[] {
  return [...new Set(items.filter((x): x is T => x !== undefined))];
}

/** Empty lists for every kind; elements shared by all networks (prefix lists, queues, roles) kept whole. */
function emptyLike(t: Topology): Topology {
  return { ...emptyTopology(), prefixLists: t.prefixLists, queues: t.queues, roles: t.roles ?? [] };
}
