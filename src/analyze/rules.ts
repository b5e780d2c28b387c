// What firewall rules share: compiled peers, protocol matching, and first-match evaluation of an
// ordered rule list over a range of ports (network ACLs, NSGs).
import { type Address, type Prefix, containsAddress } from "../ipam/prefix.js";
import type { TopologyIndex } from "../topology/lookup.js";
import type { Decision } from "../findings.js";
import type { IcmpMatch, Peer, PortRange, Protocol } from "../topology/model.js";
import { ALL, ALL_PORTS, type Flow, ICMP, ICMPV6, hasPorts, overlapsPorts, protocolNumber, subtractPorts } from "./flow.js";

export type CompiledPeer =
  | { kind: "any"; label: string }
  | { kind: "prefixes"; prefixes: readonly Prefix[]; label: string }
  | { kind: "group"; id: string; label: string }
  | { kind: "tag"; tag: string; label: string };

export function compilePeer(ix: TopologyIndex, peer: Peer, owner: string): CompiledPeer {
  switch (peer.kind) {
    case "any":
      return { kind: "any", label: "any address" };
    case "cidr": {
      const p = ix.prefix(peer.cidr, owner);
      return { kind: "prefixes", prefixes: [p], label: p.text };
    }
    case "prefix-list": {
      const list = ix.prefixLists.get(peer.id);
      const prefixes = (list?.cidrs ?? []).map((c) => ix.prefix(c, peer.id));
      return { kind: "prefixes", prefixes, label: list ? peer.id : `${peer.id} (not in topology)` };
    }
    case "security-group":
      return { kind: "group", id: peer.id, label: peer.id };
    case "service-tag":
      return { kind: "tag", tag: peer.tag, label: peer.tag };
  }
}

/** Address and group matches; service tags are resolved by the NSG evaluator. */
export function peerHolds(ix: TopologyIndex, peer: CompiledPeer, a: Address, viaGroups?: ReadonlySet<string>): boolean {
  switch (peer.kind) {
    case "any":
      return true;
    case "prefixes":
      return peer.prefixes.some((p) => containsAddress(p, a));
    // A group reference admits its members' private addresses, and traffic a load balancer in that group forwards.
    case "group":
      return ix.isMember(peer.id, a) || viaGroups?.has(peer.id) === true;
    case "tag":
      return false;
  }
}

/** The protocol part of a rule: AWS ignores port ranges for protocols other than TCP and UDP. */
export interface ProtocolMatch {
  protocol: number;
  /** TCP/UDP only; undefined: all ports. */
  ports: readonly PortRange[] | undefined;
  icmpType: number | undefined;
}

export function compileProtocol(protocol: Protocol, ports: readonly PortRange[] | undefined, icmp: IcmpMatch | undefined): ProtocolMatch {
  const n = protocolNumber(protocol);
  // ICMP type -1 means every type (AWS).
  const icmpType = (n === ICMP || n === ICMPV6) && icmp && icmp.type >= 0 ? icmp.type : undefined;
  return { protocol: n, ports: hasPorts(n) ? ports : undefined, icmpType };
}

export function protocolMatches(m: ProtocolMatch, flow: Flow): boolean {
  if (m.protocol === ALL) return true;
  if (m.protocol !== flow.protocol) return false;
  return m.icmpType === undefined || flow.icmpType === undefined || m.icmpType === flow.icmpType;
}

export interface OrderedRule {
  allow: boolean;
  /** The ports of the varying dimension this rule covers; undefined: all. */
  ports: readonly PortRange[] | undefined;
}

export type OrderedVerdict<R> =
  | { allowed: true; by: readonly R[] }
  /** `by` undefined: no rule matched (the implicit final deny); `ports`: some of the ports denied. */
  | { allowed: false; by: R | undefined; ports: PortRange };

/**
 * First match wins, per port: walks the rules in order, narrowing the ports still undecided. The
 * whole range must end up allowed; a deny (or the end of the list) hitting any of it denies.
 */
export function firstMatch<R extends OrderedRule>(
  rules: readonly R[],
  applies: (r: R) => boolean,
  ports: PortRange,
  portsOf: (r: R) => readonly PortRange[] | undefined = (r) => r.ports,
): OrderedVerdict<R> {
  let open: PortRange[] = [ports];
  const by: R[] = [];
  for (const r of rules) {
    if (!applies(r)) continue;
    const cuts = portsOf(r) ?? [ALL_PORTS];
    const hit = open.flatMap((o) => cuts.filter((c) => overlapsPorts(o, c)).map((c) => ({ from: Math.max(o.from, c.from), to: Math.min(o.to, c.to) })));
    if (hit.length === 0) continue;
    if (!r.allow) return { allowed: false, by: r, ports: hit[0]! };
    by.push(r);
    open = open.flatMap((o) => cuts.reduce<PortRange[]>((rest, c) => rest.flatMap((x) => subtractPorts(x, c)), [o]));
    if (open.length === 0) return { allowed: true, by };
  }
  return { allowed: false, by: undefined, ports: open[0]! };
}

/** A filter's answer, the reason as a trace shows it and the rules that decided. */
export interface Verdict extends Decision {
  allowed: boolean;
}
