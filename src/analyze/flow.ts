// A flow as the analyzer follows it: addresses, IANA protocol number, port ranges. The client's
// port is a range (any ephemeral port) unless the query names one, so stateless filters must
// admit the whole range for a reply to be sure to get through.
import { type Address, formatAddress } from "../ipam/prefix.js";
import type { PortRange, Protocol } from "../topology/model.js";
import { isTracking, testedPorts } from "../topology/track.js";

export const TCP = 6;
export const UDP = 17;
export const ICMP = 1;
export const ICMPV6 = 58;
/** Any protocol (AWS `-1`, Azure `*`). */
export const ALL = -1;

const NUMBERS: Record<Exclude<Protocol, number>, number> = { tcp: TCP, udp: UDP, icmp: ICMP, icmpv6: ICMPV6, all: ALL };

/** Client ports a reply returns to: AWS asks network ACLs to admit 1024-65535, which covers every client OS and NAT/ELB. */
export const EPHEMERAL: PortRange = { from: 1024, to: 65535 };
export const ALL_PORTS: PortRange = { from: 0, to: 65535 };
const ECHO_REQUEST = 8;
const ECHO_REPLY = 0;

export interface Flow {
  src: Address;
  dst: Address;
  protocol: number;
  srcPorts: PortRange;
  dstPorts: PortRange;
  /** ICMP type, for ICMP flows. */
  icmpType?: number;
  /** Security groups of a load balancer the flow came through: targets' rules naming them admit it. */
  viaGroups?: ReadonlySet<string>;
  /** Came through PrivateLink (an interface endpoint). */
  viaPrivateLink?: boolean;
  /** Asked of a subnet as such (`--to <subnet>`): delivery to the subnet counts, whoever holds the address. */
  toSubnet?: boolean;
}

export function protocolNumber(p: Protocol): number {
  return typeof p === "number" ? p : NUMBERS[p];
}

export function protocolName(n: number): string {
  if (n === ALL) return "all traffic";
  const name = Object.entries(NUMBERS).find(([, v]) => v === n)?.[0];
  return name ?? `protocol ${n}`;
}

export function hasPorts(protocol: number): boolean {
  return protocol === TCP || protocol === UDP;
}

export function formatPorts(r: PortRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

export function coversPorts(outer: PortRange, inner: PortRange): boolean {
  if (isTracking()) testedPorts(inner, outer.from, outer.to);
  return outer.from <= inner.from && inner.to <= outer.to;
}

export function overlapsPorts(a: PortRange, b: PortRange): boolean {
  if (isTracking()) {
    testedPorts(a, b.from, b.to);
    testedPorts(b, a.from, a.to);
  }
  return a.from <= b.to && b.from <= a.to;
}

/** `r` minus `cut`: zero, one or two ranges. */
export function subtractPorts(r: PortRange, cut: PortRange): PortRange[] {
  if (!overlapsPorts(r, cut)) return [r];
  const out: PortRange[] = [];
  if (r.from < cut.from) out.push({ from: r.from, to: cut.from - 1 });
  if (cut.to < r.to) out.push({ from: cut.to + 1, to: r.to });
  return out;
}

/** The reply: addresses and ports swapped; an echo request is answered by an echo reply. */
export function reply(f: Flow): Flow {
  return {
    src: f.dst,
    dst: f.src,
    protocol: f.protocol,
    srcPorts: f.dstPorts,
    dstPorts: f.srcPorts,
    ...(f.icmpType === undefined ? {} : { icmpType: f.icmpType === ECHO_REQUEST ? ECHO_REPLY : f.icmpType }),
  };
}

/** `tcp 10.0.1.5:1024-65535 -> 8.8.8.8:80`, `icmp 10.0.1.5 -> 8.8.8.8 (type 8)`. */
export function describeFlow(f: Flow): string {
  const name = protocolName(f.protocol);
  if (!hasPorts(f.protocol)) {
    const icmp = f.icmpType === undefined ? "" : ` (type ${f.icmpType})`;
    return `${name} ${formatAddress(f.src)} -> ${formatAddress(f.dst)}${icmp}`;
  }
  return `${name} ${formatAddress(f.src)}:${formatPorts(f.srcPorts)} -> ${formatAddress(f.dst)}:${formatPorts(f.dstPorts)}`;
}

/** `tcp 443`, `udp 1024-65535`, `icmp`, `all traffic`: what a rule or flow covers, for traces. */
export function describeService(protocol: number, ports: PortRange | undefined): string {
  const name = protocolName(protocol);
  return hasPorts(protocol) && ports ? `${name} ${formatPorts(ports)}` : name;
}
