// Exposure: what can be opened, for all packets. Inward: every class of packets from the internet
// (and, separately, from the control plane's CIDRs) that gets to something in the network, as a
// table of destination, protocol, ports and source ranges. Outward: what the node and pod subnets
// can reach outside the network. Each row carries one witness flow with its concrete trace.
import { ADMITTED_AT_LISTENER } from "../load-balancers.js";
import { type Finding, type TraceHop, replyHops } from "../../findings.js";
import { finding } from "../checks/finding.js";
import type { DataPlaneContext, Tier } from "../../topology/context.js";
import { type Family, parsePrefixes } from "../../ipam/prefix.js";
import type { Subnet, Topology } from "../../topology/model.js";
import { hasPorts } from "../flow.js";
import { reachEngine } from "../reach.js";
import type { Place } from "../walk.js";
import { type PacketClass, type PacketSpace, type Start, allPorts, analyze, describeProtocols, internetSpace } from "./analysis.js";
import { type Range, describePorts, holds, intersect, normalize, prefixRange, sameRanges, setToCidrs, subtract, union } from "../../ipam/intervals.js";
import { few } from "../../io/text.js";

export type Origin = "internet" | "control-plane";

export interface Witness {
  flow: string;
  disposition: string;
  hops: TraceHop[];
  return?: TraceHop[];
  /** `insufficient-info`: the unread element the witness stopped at. */
  unread?: string;
}

/** Something that can be opened from outside: where, how, from where. */
export interface InwardRow {
  from: Origin;
  /** The listener, instance, interface, endpoint or subnet the packets get to. */
  destination: string;
  kind: "listener" | "instance" | "interface" | "endpoint" | "subnet";
  /** The tier of the subnet the packets end in, when known. */
  tier?: string;
  /** The addresses they are sent to. */
  addresses: string[];
  protocol: string;
  /** TCP/UDP destination ports, `65535` for one; empty for other protocols. */
  ports: string;
  sources: string[];
  /** The listener's targets are registered outside the topology (a module's Auto Scaling group): judged up to the listener. */
  targetsOutside?: boolean;
  witness: Witness;
}

/** Something the data plane can open outside its network. */
export interface OutwardRow {
  /** The node or pod subnet the packets come from. */
  source: string;
  tier: string;
  protocol: string;
  ports: string;
  destinations: string[];
  witness: Witness;
}

/**
 * Packets whose fate the input does not give (`insufficient-info`): they stop where it only reads
 * (a data source), so whether they get through is known only when Terraform reads it. Never a silent "nothing".
 */
export interface UndeterminedRow {
  /** Inward: the internet or the control plane; outward: the node or pod subnet. */
  from: string;
  direction: "inward" | "outward";
  /** The element, present but unread, the packets stop at. */
  unread: string;
  /** The addresses the packets are sent to. */
  destinations: string[];
  witness: Witness;
}

export interface ExposureReport {
  inward: InwardRow[];
  outward: OutwardRow[];
  undetermined: UndeterminedRow[];
  /** Classes walked, for the curious and the benchmark. */
  classes: number;
}

export function witnessOf(c: PacketClass, atListener = false): Witness {
  const r = c.result;
  const disposition = atListener ? ADMITTED_AT_LISTENER : r.disposition;
  return { flow: r.flow, disposition, hops: r.hops, ...(r.return ? { return: r.return } : {}), ...(r.unread ? { unread: r.unread } : {}) };
}

const familyCache = new WeakMap<Topology, Family[]>();

/** The IP versions the topology's networks and subnets use. */
export function familiesOf(topology: Topology): Family[] {
  let families = familyCache.get(topology);
  if (!families) {
    const ix = reachEngine(topology).ix;
    const six = [...topology.networks, ...topology.subnets].some((e) => ix.blocksOf(e.id).some((p) => p.family === 6));
    familyCache.set(topology, (families = six ? [4, 6] : [4]));
  }
  return families;
}

/** Where a class ends up inside the network, if it gets in: a listener (through a load balancer), else what holds its destination. */
export function landing(
  topology: Topology,
  c: PacketClass,
): { destination: string; kind: InwardRow["kind"]; subnet?: Subnet; targetsOutside?: boolean } | undefined {
  const ix = reachEngine(topology).ix;
  const hops = c.result.hops;
  const nodeHop = hops.find((h) => h.kind === "load-balancer-node");
  const lb = nodeHop && topology.loadBalancers.find((b) => b.nodes.some((n) => n.id === nodeHop.id));
  const forwardedBy = lb && nodeHop.rules?.find((r) => r.element === lb.id)?.name;
  const listener = lb?.listeners.find((l) => l.id === forwardedBy);
  const end: Place | undefined = c.end;
  const inside = c.disposition === "accepted" && end !== undefined && (end.at === "interface" || end.at === "subnet");
  if (listener) {
    const tg = ix.targetGroups.get(listener.targetGroupId);
    // A module's target group is empty (an Auto Scaling group or a controller registers the nodes): admitted at the listener.
    const outside = c.disposition === "denied" && hops.at(-1) === nodeHop && tg !== undefined && tg.targets.length === 0;
    if (!inside && !outside) return undefined;
    const subnet = end?.at === "interface" ? ix.subnetOf(end.iface) : end?.at === "subnet" ? end.subnet : undefined;
    return { destination: listener.id, kind: "listener", ...(subnet ? { subnet } : {}), ...(outside ? { targetsOutside: true } : {}) };
  }
  if (!inside) return undefined;
  if (end.at === "subnet") return { destination: end.subnet.id, kind: "subnet", subnet: end.subnet };
  const holder = ix.holderIn(end.iface.subnetId, c.witness.dst);
  const subnet = ix.subnetOf(end.iface);
  if (holder?.kind === "endpoint") return { destination: holder.endpoint.id, kind: "endpoint", subnet };
  return end.iface.instanceId ? { destination: end.iface.instanceId, kind: "instance", subnet } : { destination: end.iface.id, kind: "interface", subnet };
}

export function tierOf(context: DataPlaneContext, subnet: Subnet | undefined): string | undefined {
  if (!subnet) return undefined;
  const named = Object.entries(context.tiers ?? {}).find(([, ids]) => ids?.includes(subnet.id))?.[0];
  return named ?? subnet.tier;
}

interface Grouped<K> {
  key: K;
  classes: PacketClass[];
}

function groupBy<K>(classes: readonly PacketClass[], keyOf: (c: PacketClass) => K | undefined, text: (k: K) => string): Grouped<K>[] {
  const groups = new Map<string, Grouped<K>>();
  for (const c of classes) {
    const key = keyOf(c);
    if (key === undefined) continue;
    const id = text(key);
    const g = groups.get(id);
    if (g) g.classes.push(c);
    else groups.set(id, { key, classes: [c] });
  }
  return [...groups.values()];
}

/**
 * A group's classes as rows of (ports, the other side's ranges): per span of ports on which the
 * same ranges get through, adjacent spans with equal ranges merged. `other` picks the range
 * (sources inward, destinations outward).
 */
export function portRows(classes: readonly PacketClass[], other: (c: PacketClass) => Range[]): { ports: Range; ranges: Range[]; witness: PacketClass }[] {
  const cuts = [...new Set(classes.flatMap((c) => c.ports.flatMap((r) => [r.lo, r.hi + 1n])))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows: { ports: Range; ranges: Range[]; witness: PacketClass }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const span = { lo: cuts[i]!, hi: cuts[i + 1]! - 1n };
    // Spans lie between every class's port boundaries: a class holds all of one or none of it.
    const covering = classes.filter((c) => holds(c.ports, span.lo));
    if (covering.length === 0) continue;
    const ranges = normalize(covering.flatMap(other));
    const last = rows.at(-1);
    if (last && last.ports.hi + 1n === span.lo && sameRanges(last.ranges, ranges)) last.ports = { lo: last.ports.lo, hi: span.hi };
    else rows.push({ ports: span, ranges, witness: covering[0]! });
  }
  return rows;
}

const protocolKey = (c: PacketClass) => describeProtocols(c.protocols);

/**
 * The addresses through which the internet gets into the topology: public IPv4 addresses (of
 * interfaces, NAT gateways, load balancer nodes) and held IPv6 addresses. Packets to any other
 * address never enter it (the walk leaves them on the internet), so inward questions ask only these.
 */
const entryCache = new WeakMap<Topology, Partial<Record<Family, Range[]>>>();

export function entryAddresses(topology: Topology, family: Family): Range[] {
  let cached = entryCache.get(topology);
  if (!cached) entryCache.set(topology, (cached = {}));
  return (cached[family] ??= findEntries(topology, family));
}

function findEntries(topology: Topology, family: Family): Range[] {
  const ix = reachEngine(topology).ix;
  const texts = [
    ...topology.interfaces.flatMap((i) => [...(i.publicIps ?? []).map((m) => m.publicIp), ...i.privateIps]),
    ...topology.gateways.flatMap((g) => (g.publicIp ? [g.publicIp] : [])),
    ...topology.loadBalancers.flatMap((lb) => lb.nodes.flatMap((n) => [...(n.publicIps ?? []), ...n.privateIps])),
  ];
  const entries = parsePrefixes(texts).filter((a) => a.family === family && (ix.publicOwner(a) !== undefined || (family === 6 && ix.holdersOf(a).length > 0)));
  return normalize(entries.map(prefixRange));
}

/** The classes that stopped where the input only reads, one row per element they stop at. */
function undetermined(classes: readonly PacketClass[], from: string, direction: UndeterminedRow["direction"], family: Family): UndeterminedRow[] {
  const unjudged = classes.filter((c) => c.disposition === "insufficient-info" && c.result.unread !== undefined);
  return groupBy(
    unjudged,
    (c) => c.result.unread!,
    (k) => k,
  ).map(({ key, classes: inGroup }) => ({
    from,
    direction,
    unread: key,
    destinations: setToCidrs(family, normalize(inGroup.flatMap((c) => c.dst))),
    witness: witnessOf(inGroup[0]!),
  }));
}

function inward(
  topology: Topology,
  context: DataPlaneContext,
  from: Origin,
  sources: Record<Family, Range[]>,
): { rows: InwardRow[]; undetermined: UndeterminedRow[]; classes: number } {
  const rows: InwardRow[] = [];
  const unknown: UndeterminedRow[] = [];
  let count = 0;
  for (const family of familiesOf(topology)) {
    const src = sources[family];
    if (src.length === 0) continue;
    const space: PacketSpace = {
      family,
      src,
      dst: intersect(entryAddresses(topology, family), internetSpace(family)),
      protocols: { allBut: [] },
      ports: allPorts(),
    };
    const classes = analyze(topology, { at: "internet" }, space);
    count += classes.length;
    unknown.push(...undetermined(classes, from, "inward", family));
    const landed = new Map(classes.map((c) => [c, landing(topology, c)]));
    const groups = groupBy(
      classes,
      (c) => {
        const l = landed.get(c);
        return l && { ...l, protocol: protocolKey(c) };
      },
      (k) => `${k.destination}|${k.protocol}`,
    );
    for (const { key, classes: inGroup } of groups) {
      const addresses = setToCidrs(family, normalize(inGroup.flatMap((c) => c.dst)));
      const tier = tierOf(context, key.subnet);
      for (const r of portRows(inGroup, (c) => c.src)) {
        rows.push({
          from,
          destination: key.destination,
          kind: key.kind,
          ...(tier ? { tier } : {}),
          addresses,
          protocol: key.protocol,
          ports: hasPorts(r.witness.witness.protocol) ? describePorts([r.ports]) : "",
          sources: setToCidrs(family, r.ranges),
          ...(key.targetsOutside ? { targetsOutside: true } : {}),
          witness: witnessOf(r.witness, key.targetsOutside),
        });
      }
    }
  }
  return { rows, undetermined: unknown, classes: count };
}

/** The subnets of the node and pod tiers, as the context says or the subnets are tagged. */
function dataPlaneSubnets(topology: Topology, context: DataPlaneContext): { subnet: Subnet; tier: Tier }[] {
  const out: { subnet: Subnet; tier: Tier }[] = [];
  for (const tier of ["node", "pod"] as const) {
    const ids = context.tiers?.[tier];
    const subnets = ids ? topology.subnets.filter((s) => ids.includes(s.id)) : topology.subnets.filter((s) => s.tier === tier);
    out.push(...subnets.map((subnet) => ({ subnet, tier })));
  }
  return out;
}

/** Addresses in a subnet that load balancer nodes, NAT gateways and endpoints hold: they start no flows of the tier's. */
export function devices(topology: Topology, subnetId: string, family: Family): Range[] {
  const texts = [
    ...topology.loadBalancers.flatMap((lb) => lb.nodes.filter((n) => n.subnetId === subnetId).flatMap((n) => n.privateIps)),
    ...topology.gateways.flatMap((g) => (g.kind === "nat-gateway" && g.subnetId === subnetId && g.privateIp ? [g.privateIp] : [])),
    ...topology.endpoints.flatMap((e) =>
      e.interfaceIds.flatMap((id) => topology.interfaces.find((i) => i.id === id && i.subnetId === subnetId)?.privateIps ?? []),
    ),
  ];
  return normalize(
    parsePrefixes(texts)
      .filter((p) => p.family === family)
      .map(prefixRange),
  );
}

function outward(topology: Topology, context: DataPlaneContext): { rows: OutwardRow[]; undetermined: UndeterminedRow[]; classes: number } {
  const ix = reachEngine(topology).ix;
  const rows: OutwardRow[] = [];
  const unknown: UndeterminedRow[] = [];
  let count = 0;
  for (const { subnet, tier } of dataPlaneSubnets(topology, context)) {
    for (const block of ix.blocksOf(subnet.id)) {
      const start: Start = { at: "subnet", subnet };
      // The nodes' and pods' own addresses: not those of load balancer nodes, NAT gateways and endpoints in their subnets.
      const src = subtract([prefixRange(block)], devices(topology, subnet.id, block.family));
      const space: PacketSpace = { family: block.family, src, dst: internetSpace(block.family), protocols: { allBut: [] }, ports: allPorts() };
      const classes = analyze(topology, start, space);
      count += classes.length;
      unknown.push(...undetermined(classes, subnet.id, "outward", block.family));
      const out = classes.filter((c) => c.disposition === "exits-network" && (c.end?.at === "internet" || c.end?.at === "outside"));
      for (const { key, classes: inGroup } of groupBy(out, protocolKey, (k) => k)) {
        for (const r of portRows(inGroup, (c) => c.dst)) {
          rows.push({
            source: subnet.id,
            tier,
            protocol: key,
            ports: hasPorts(r.witness.witness.protocol) ? describePorts([r.ports]) : "",
            destinations: setToCidrs(block.family, r.ranges),
            witness: witnessOf(r.witness),
          });
        }
      }
    }
  }
  return { rows, undetermined: unknown, classes: count };
}

function rangesOf(cidrs: readonly string[]): Record<Family, Range[]> {
  const prefixes = parsePrefixes(cidrs);
  return { 4: union([], prefixes.filter((p) => p.family === 4).map(prefixRange)), 6: union([], prefixes.filter((p) => p.family === 6).map(prefixRange)) };
}

/** Inward from the internet and from the control plane's CIDRs (when known), outward from the node and pod subnets. */
export function exposure(topology: Topology, context: DataPlaneContext): ExposureReport {
  const internet = inward(topology, context, "internet", { 4: internetSpace(4), 6: internetSpace(6) });
  const cidrs = context.controlPlane?.cidrs ?? [];
  const controlPlane = cidrs.length > 0 ? inward(topology, context, "control-plane", rangesOf(cidrs)) : { rows: [], undetermined: [], classes: 0 };
  const out = outward(topology, context);
  return {
    inward: [...internet.rows, ...controlPlane.rows],
    outward: out.rows,
    undetermined: [...internet.undetermined, ...controlPlane.undetermined, ...out.undetermined],
    classes: internet.classes + controlPlane.classes + out.classes,
  };
}

const FROM_TEXT: Record<Origin, string> = { internet: "the internet", "control-plane": "the control plane" };

function service(protocol: string, ports: string): string {
  return ports ? `${protocol} ${ports}` : protocol;
}

/** The report as notes (DPN-EXP-001..003), each with its witness trace: for SARIF. */
export function exposureFindings(report: ExposureReport): Finding[] {
  const inward = report.inward.map((r) => {
    const at = r.targetsOutside ? " (up to the listener: its targets are registered outside the topology)" : "";
    const message = `${FROM_TEXT[r.from]} can open ${service(r.protocol, r.ports)} on ${r.destination}${r.tier ? ` (${r.tier} tier)` : ""} at ${few(r.addresses)}${at}, from ${few(r.sources)}; witness ${r.witness.flow}`;
    return finding(r.from === "internet" ? "DPN-EXP-001" : "DPN-EXP-002", r.destination, message, [...r.witness.hops, ...replyHops(r.witness.return ?? [])]);
  });
  const outward = report.outward.map((r) =>
    finding(
      "DPN-EXP-003",
      r.source,
      `the ${r.tier} subnet can open ${service(r.protocol, r.ports)} on ${few(r.destinations)} outside the network; witness ${r.witness.flow}`,
      r.witness.hops,
    ),
  );
  const unknown = report.undetermined.map((r) =>
    finding(
      "DPN-DATA-001",
      r.unread,
      `not enough data to judge whether ${r.direction === "inward" ? FROM_TEXT[r.from as Origin] : `the ${r.from} subnet`} can open ${few(r.destinations)}: the packets stop at ${r.unread}, which could not be read (known only when Terraform reads it); witness ${r.witness.flow}`,
      r.witness.hops,
    ),
  );
  return [...inward, ...outward, ...unknown];
}
