// Header-space analysis: for a start point and a set of packets (source and destination ranges,
// protocols, destination ports), the exact partition of that set into classes of packets that the
// network treats alike, each with its verdict and one witness flow walked concretely. No sampling:
// the walk reports, through the tracker (topology/track.ts), the range around each packet field
// on which every test it made comes out the same; the box of those ranges is one class, and the
// rest of the set is explored the same way until nothing is left. Every class is thus exactly
// what the concrete walk (`reach`) says for each of its packets, trace included.
import type { TraceHop } from "../../findings.js";
import type { Address, Family } from "../../ipam/prefix.js";
import { NOT_ROUTED } from "../../ipam/ranges.js";
import type { Topology } from "../../topology/model.js";
import { Tracker, tracked } from "../../topology/track.js";
import type { Engine } from "../engine.js";
import { ALL, EPHEMERAL, type Flow, ICMP, ICMPV6, TCP, UDP, hasPorts, protocolName, protocolNumber } from "../flow.js";
import { type ReachResult, reachEngine, walkFlow } from "../reach.js";
import type { Disposition, Place } from "../walk.js";
import { Line, type Range, describePorts, describeSet, familyMax, holds, normalize, prefixRange, subtract } from "../../ipam/intervals.js";

export type Start = Exclude<Place, { at: "outside" }>;

/** Protocols as IANA numbers: a list, or every protocol but a list. */
export type ProtocolSet = { only: number[] } | { allBut: number[] };

/** A set of packets of one IP version: a box of ranges per field, protocols and destination ports (TCP/UDP). */
export interface PacketSpace {
  family: Family;
  src: Range[];
  dst: Range[];
  protocols: ProtocolSet;
  /** TCP/UDP destination ports; other protocols have none. */
  ports: Range[];
}

/** Packets the network treats alike: the ranges, and what happens to every one of them. */
export interface PacketClass {
  family: Family;
  /** One protocol number, or (for `allBut`) every protocol no rule of the network names. */
  protocols: ProtocolSet;
  src: Range[];
  dst: Range[];
  /** TCP/UDP destination ports; `{0, 0}` for other protocols. */
  ports: Range[];
  disposition: Disposition;
  /** The witness: the class's first packet, walked concretely. */
  witness: Flow;
  result: ReachResult;
  /** Where the forward flow was delivered or left, if it was. */
  end: Place | undefined;
}

const ECHO_REQUEST = 8;
const ALL_PORT_RANGE: Range[] = [{ lo: 0n, hi: 65535n }];
const NO_PORTS: Range = { lo: 0n, hi: 0n };

/** The whole address space of a family. */
export function everything(family: Family): Range[] {
  return [{ lo: 0n, hi: familyMax(family) }];
}

/** The addresses the public internet routes (everything but RFC 6890's special-purpose blocks). */
export function internetSpace(family: Family): Range[] {
  return subtract(everything(family), normalize(NOT_ROUTED.filter((p) => p.family === family).map(prefixRange)));
}

export function allPorts(): Range[] {
  return ALL_PORT_RANGE.map((r) => ({ ...r }));
}

/** Every protocol number a rule of the topology names, and those the walk itself tells apart. */
const protocolCache = new WeakMap<Topology, Set<number>>();

function namedProtocols(topology: Topology): Set<number> {
  const cached = protocolCache.get(topology);
  if (cached) return cached;
  const named = new Set([TCP, UDP, ICMP, ICMPV6]);
  protocolCache.set(topology, named);
  const add = (p: Parameters<typeof protocolNumber>[0]) => {
    const n = protocolNumber(p);
    if (n !== ALL) named.add(n);
  };
  for (const sg of topology.securityGroups) for (const r of sg.rules) add(r.protocol);
  for (const acl of topology.networkAcls) for (const e of acl.entries) add(e.protocol);
  for (const nsg of topology.networkSecurityGroups) for (const r of nsg.rules) add(r.protocol);
  return named;
}

/**
 * The protocols to walk: each named one in the set, and, when the set reaches beyond them, one
 * number standing for all the others (the walk tells unnamed protocols apart by nothing).
 */
function protocolAtoms(topology: Topology, family: Family, set: ProtocolSet): { protocol: number; protocols: ProtocolSet }[] {
  const named = namedProtocols(topology);
  // ICMP of the other IP version never matches a rule the way it would on its own version; keep it, it is just a number.
  const inSet = (n: number) => ("only" in set ? set.only.includes(n) : !set.allBut.includes(n));
  const atoms = [...named]
    .filter(inSet)
    .sort((a, b) => a - b)
    .map((n) => ({ protocol: n, protocols: { only: [n] } as ProtocolSet }));
  if ("allBut" in set) {
    const excluded = new Set([...named, ...set.allBut]);
    let other = 0;
    while (excluded.has(other)) other++;
    if (other < 256) atoms.push({ protocol: other, protocols: { allBut: [...excluded].sort((a, b) => a - b) } });
  }
  void family;
  return atoms;
}

interface Box {
  src: Range;
  dst: Range;
  port: Range;
}

interface Lines {
  src: Line;
  dst: Line;
  port: Line;
}

/**
 * The classes of `space` walked from `start`, in the order found (by protocol, then source,
 * destination and port, lowest first). `limit` caps the walks as a guard against a runaway
 * partition; reaching it throws, since a partial answer would not be exhaustive.
 */
export function analyze(topology: Topology, start: Start, space: PacketSpace, limit = 5_000_000): PacketClass[] {
  const engine = reachEngine(topology);
  const classes: PacketClass[] = [];
  const src = new Line(space.src);
  const dst = new Line(space.dst);
  if (src.size === 0n || dst.size === 0n) return classes;
  for (const atom of protocolAtoms(topology, space.family, space.protocols)) {
    const lines: Lines = { src, dst, port: new Line(hasPorts(atom.protocol) ? space.ports : [NO_PORTS]) };
    if (lines.port.size === 0n) continue;
    // Positions on each field's line: a box of positions is a product of parts of the sets.
    const queue: Box[] = [{ src: { lo: 0n, hi: src.size - 1n }, dst: { lo: 0n, hi: dst.size - 1n }, port: { lo: 0n, hi: lines.port.size - 1n } }];
    while (queue.length > 0) {
      const box = queue.pop()!;
      const { found, cell } = walkBox(engine, start, space.family, atom.protocol, lines, box);
      classes.push({ ...found, family: space.family, protocols: atom.protocols });
      if (classes.length > limit) throw Object.assign(new Error(`the packet space splits into more than ${limit} classes`), { classes });
      // The class starts at the box's low corner in every field: the rest is what lies above it, field by field.
      const rest: Box[] = [];
      if (cell.src.hi < box.src.hi) rest.push({ src: { lo: cell.src.hi + 1n, hi: box.src.hi }, dst: box.dst, port: box.port });
      if (cell.dst.hi < box.dst.hi) rest.push({ src: cell.src, dst: { lo: cell.dst.hi + 1n, hi: box.dst.hi }, port: box.port });
      if (cell.port.hi < box.port.hi) rest.push({ src: cell.src, dst: cell.dst, port: { lo: cell.port.hi + 1n, hi: box.port.hi } });
      for (let i = rest.length - 1; i >= 0; i--) queue.push(rest[i]!);
    }
  }
  return classes;
}

function walkBox(
  engine: Engine,
  start: Start,
  family: Family,
  protocol: number,
  lines: Lines,
  box: Box,
): { found: Omit<PacketClass, "family" | "protocols">; cell: Box } {
  const src: Address = { family, value: lines.src.value(box.src.lo) };
  const dst: Address = { family, value: lines.dst.value(box.dst.lo) };
  const port = Number(lines.port.value(box.port.lo));
  const dstPorts = { from: port, to: port };
  const icmp = protocol === ICMP || protocol === ICMPV6;
  const witness: Flow = {
    src,
    dst,
    protocol,
    srcPorts: hasPorts(protocol) ? EPHEMERAL : { from: 0, to: 0 },
    dstPorts,
    ...(icmp ? { icmpType: ECHO_REQUEST } : {}),
  };
  const tracker = new Tracker(
    src,
    dst,
    dstPorts,
    {
      src: { lo: src.value, hi: lines.src.value(box.src.hi) },
      dst: { lo: dst.value, hi: lines.dst.value(box.dst.hi) },
      port: { lo: port, hi: Number(lines.port.value(box.port.hi)) },
    },
    lines,
  );
  const { result, end } = tracked(tracker, () => walkFlow(engine, start, witness));
  const cell: Box = {
    src: lines.src.positions(tracker.src.lo, tracker.src.hi),
    dst: lines.dst.positions(tracker.dst.lo, tracker.dst.hi),
    port: lines.port.positions(BigInt(tracker.port.lo), BigInt(tracker.port.hi)),
  };
  const found = {
    src: lines.src.values(cell.src),
    dst: lines.dst.values(cell.dst),
    ports: lines.port.values(cell.port),
    disposition: result.disposition,
    witness,
    result,
    end,
  };
  return { found, cell };
}

/** Whether a class holds a packet. */
export function classHolds(c: PacketClass, p: { src: bigint; dst: bigint; protocol: number; port: number }): boolean {
  const inProtocols = "only" in c.protocols ? c.protocols.only.includes(p.protocol) : !c.protocols.allBut.includes(p.protocol);
  const port = hasPorts(p.protocol) ? BigInt(p.port) : 0n;
  return inProtocols && holds(c.src, p.src) && holds(c.dst, p.dst) && holds(c.ports, port);
}

/** `tcp`, `protocol 47`, `any other protocol`. */
export function describeProtocols(set: ProtocolSet): string {
  return "only" in set ? set.only.map(protocolName).join(", ") : "any other protocol";
}

/** One line for a class: `tcp 0.0.0.0/1 -> 198.51.100.1/32 ports 400-500: accepted`. */
export function describeClass(c: PacketClass): string {
  const ports = hasPorts(c.witness.protocol) ? ` ports ${describePorts(c.ports)}` : "";
  return `${describeProtocols(c.protocols)} ${describeSet(c.family, c.src)} -> ${describeSet(c.family, c.dst)}${ports}: ${c.disposition}`;
}

export type { TraceHop };
