// AWS security groups: allow rules only, the union of every group on the interface, default deny
// (security-group-rules). Stateful: replies of an allowed flow pass without evaluation.
import { formatAddress } from "../ipam/prefix.js";
import type { TopologyIndex } from "../topology/lookup.js";
import type { SecurityGroupRule } from "../topology/model.js";
import { type Flow, coversPorts, describeService } from "./flow.js";
import { type CompiledPeer, type ProtocolMatch, type Verdict, compilePeer, compileProtocol, peerHolds, protocolMatches } from "./rules.js";

type Direction = SecurityGroupRule["direction"];

interface CompiledRule extends ProtocolMatch {
  /** The rule's id, or its position among the group's rules of that direction (`#2`). */
  ref: string;
  /** What the rule is called without the trace's words around it: its id, else `ingress #2`. */
  name: string;
  peer: CompiledPeer;
}

export class SecurityGroups {
  private readonly compiled = new Map<string, Record<Direction, CompiledRule[]>>();

  constructor(private readonly ix: TopologyIndex) {
    for (const sg of ix.topology.securityGroups) {
      const byDirection: Record<Direction, CompiledRule[]> = { ingress: [], egress: [] };
      for (const rule of sg.rules) {
        const list = byDirection[rule.direction];
        const ref = rule.id ?? `#${list.length + 1}`;
        list.push({
          ref,
          name: rule.id ?? `${rule.direction} ${ref}`,
          ...compileProtocol(rule.protocol, rule.ports && [rule.ports], rule.icmp),
          peer: compilePeer(ix, rule.peer, sg.id),
        });
      }
      this.compiled.set(sg.id, byDirection);
    }
  }

  /** Ingress: does any group admit the flow from its source? Egress: let it out to its destination? */
  evaluate(groupIds: readonly string[], direction: Direction, flow: Flow): Verdict {
    if (groupIds.length === 0) return { allowed: true, text: "no security group: not filtered" };
    const peer = direction === "ingress" ? flow.src : flow.dst;
    const preposition = direction === "ingress" ? "from" : "to";
    for (const id of groupIds) {
      for (const r of this.compiled.get(id)?.[direction] ?? []) {
        if (!protocolMatches(r, flow)) continue;
        if (r.ports && !r.ports.some((p) => coversPorts(p, flow.dstPorts))) continue;
        if (!peerHolds(this.ix, r.peer, peer, direction === "ingress" ? flow.viaGroups : undefined)) continue;
        const service = describeService(r.protocol, r.ports?.[0]);
        return {
          allowed: true,
          text: `${id} ${direction} rule ${r.ref} allows ${service} ${preposition} ${r.peer.label}`,
          rules: [{ element: id, name: r.name }],
        };
      }
    }
    const names = groupIds.map((id) => (this.compiled.has(id) ? id : `${id} (not in topology)`)).join(", ");
    const service = describeService(flow.protocol, flow.dstPorts);
    return {
      allowed: false,
      text: `no ${direction} rule of ${names} allows ${service} ${preposition} ${formatAddress(peer)}: security groups deny by default`,
    };
  }
}
