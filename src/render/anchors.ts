// Which drawn element a finding is marked on. Findings name any element of the topology (a route
// table, a security group rule, a target group); the diagram draws fewer, so each element is
// mapped to the drawn ones that stand for it: a route table to the subnets that use it, a rule to
// its group's load balancers or subnets, a listener or target group to its load balancer.
import type { Finding } from "../findings.js";
import type { Topology } from "../topology/model.js";
import type { CloudView, ControlPlaneView } from "./view.js";

type Anchors = Map<string, string[]>;

function add(anchors: Anchors, from: string | undefined, to: readonly string[]): void {
  if (from === undefined || to.length === 0) return;
  const list = anchors.get(from) ?? [];
  for (const id of to) if (!list.includes(id)) list.push(id);
  anchors.set(from, list);
}

/** The drawn elements themselves: networks, subnets, load balancers, chips, panels. */
function drawnAnchors(topology: Topology, clouds: readonly CloudView[]): Anchors {
  const anchors: Anchors = new Map();
  const self = (id: string) => add(anchors, id, [id]);
  for (const region of clouds.flatMap((c) => c.regions)) {
    for (const network of region.networks) {
      self(network.id);
      for (const s of network.subnets) {
        self(s.id);
        s.chips.forEach((c) => self(c.id));
      }
      for (const lb of network.loadBalancers) {
        self(lb.id);
        lb.listeners.forEach((l) => add(anchors, l.id, [lb.id]));
      }
      network.edge.forEach((c) => self(c.id));
      network.endpoints.forEach((c) => self(c.id));
    }
    for (const panel of [...region.services, ...region.below]) {
      self(panel.id);
      if (panel.kind === "queues") topology.queues.forEach((q) => add(anchors, q.id, [panel.id]));
      if (panel.kind === "dns-zones") topology.privateDnsZones.forEach((z) => add(anchors, z.id, [panel.id]));
    }
  }
  return anchors;
}

/**
 * Elements that are not drawn, through the drawn ones they belong to or act on: each user adds
 * itself to what it uses (one pass over subnets, interfaces, load balancers, endpoints); what
 * nothing uses falls back to its network.
 */
function derivedAnchors(topology: Topology, anchors: Anchors): void {
  const drawn = (id: string | undefined) => (id === undefined ? [] : (anchors.get(id) ?? []));
  const networks = new Map(topology.networks.map((n) => [n.id, n]));
  for (const s of topology.subnets) {
    const on = drawn(s.id);
    add(anchors, s.routeTableId ?? networks.get(s.networkId)?.mainRouteTableId, on);
    add(anchors, s.networkAclId ?? networks.get(s.networkId)?.defaultNetworkAclId, on);
    add(anchors, s.networkSecurityGroupId, on);
  }
  for (const iface of topology.interfaces) {
    const on = drawn(iface.subnetId);
    add(anchors, iface.id, on);
    add(anchors, iface.networkSecurityGroupId, on);
    iface.securityGroupIds?.forEach((g) => add(anchors, g, on));
  }
  for (const lb of topology.loadBalancers) {
    lb.listeners.forEach((l) => add(anchors, l.targetGroupId, drawn(lb.id)));
    lb.securityGroupIds?.forEach((g) => add(anchors, g, drawn(lb.id)));
  }
  for (const e of topology.endpoints) e.securityGroupIds?.forEach((g) => add(anchors, g, drawn(e.id)));
  const unused = (id: string, networkId: string | undefined) => !anchors.has(id) && add(anchors, id, drawn(networkId));
  for (const table of topology.routeTables) {
    unused(table.id, table.networkId);
    table.routes.forEach((r) => add(anchors, r.id, drawn(table.id)));
  }
  for (const acl of topology.networkAcls) acl.entries.forEach((e) => add(anchors, e.id, drawn(acl.id)));
  for (const nsg of topology.networkSecurityGroups) nsg.rules.forEach((r) => add(anchors, r.id, drawn(nsg.id)));
  for (const sg of topology.securityGroups) {
    unused(sg.id, sg.networkId);
    sg.rules.forEach((r) => add(anchors, r.id, drawn(sg.id)));
  }
}

/**
 * Error findings by the drawn element they concern. A finding naming a resource the topology does
 * not hold (`aws_vpc_ipv4_cidr_block_association.pods`) goes on the only network when there is one.
 */
export function addFindingAnchors(
  topology: Topology,
  clouds: readonly CloudView[],
  controlPlane: ControlPlaneView | undefined,
  errors: readonly Finding[],
): { badges: Map<string, Finding[]>; unplaced: Finding[] } {
  const anchors = drawnAnchors(topology, clouds);
  derivedAnchors(topology, anchors);
  if (controlPlane?.queues) add(anchors, controlPlane.queues.id, [controlPlane.queues.id]);
  const networks = clouds.flatMap((c) => c.regions.flatMap((r) => r.networks));
  const badges = new Map<string, Finding[]>();
  const unplaced: Finding[] = [];
  // `aws_route_table.pod` stands for every instance of it: `aws_route_table.pod["eu-west-1a"]`, ...
  const instancesOf = new Map<string, string[]>();
  for (const [k, on] of anchors) {
    const bracket = k.indexOf("[");
    if (bracket < 0) continue;
    const list = instancesOf.get(k.slice(0, bracket));
    if (list) list.push(...on);
    else instancesOf.set(k.slice(0, bracket), [...on]);
  }
  for (const finding of errors) {
    const instances = instancesOf.get(finding.resource) ?? [];
    const direct = anchors.get(finding.resource) ?? [];
    const on = direct.length ? direct : instances.length ? [...new Set(instances)] : networks.length === 1 ? [networks[0]!.id] : [];
    if (on.length === 0) unplaced.push(finding);
    for (const id of on) badges.set(id, [...(badges.get(id) ?? []), finding]);
  }
  return { badges, unplaced };
}
