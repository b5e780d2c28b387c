// AWS network ACLs: stateless, evaluated in rule-number order, first match wins, and a final deny
// (vpc-network-acls). Replies are filtered too, on the client's ephemeral ports.
import { type Prefix, containsAddress, formatAddress } from "../ipam/prefix.js";
import type { TopologyIndex } from "../topology/lookup.js";
import type { NetworkAcl, NetworkAclEntry } from "../topology/model.js";
import { type Flow, describeService, hasPorts } from "./flow.js";
import { type OrderedRule, type ProtocolMatch, type Verdict, compileProtocol, firstMatch, protocolMatches } from "./rules.js";

type Direction = NetworkAclEntry["direction"];

interface CompiledEntry extends ProtocolMatch, OrderedRule {
  number: number;
  prefix: Prefix;
}

export class NetworkAcls {
  private readonly compiled = new Map<string, Record<Direction, CompiledEntry[]>>();

  constructor(ix: TopologyIndex) {
    for (const acl of ix.topology.networkAcls) {
      const byDirection: Record<Direction, CompiledEntry[]> = { ingress: [], egress: [] };
      for (const e of acl.entries) {
        byDirection[e.direction].push({
          number: e.number,
          allow: e.action === "allow",
          ...compileProtocol(e.protocol, e.ports && [e.ports], e.icmp),
          prefix: ix.prefix(e.cidr, acl.id),
        });
      }
      for (const list of Object.values(byDirection)) list.sort((a, b) => a.number - b.number);
      this.compiled.set(acl.id, byDirection);
    }
  }

  /** Ingress rules match the source, egress rules the destination; ports are the destination's. */
  evaluate(acl: NetworkAcl | undefined, direction: Direction, flow: Flow): Verdict {
    if (!acl) return { allowed: true, text: "default network ACL allows all traffic" };
    const peer = direction === "ingress" ? flow.src : flow.dst;
    const preposition = direction === "ingress" ? "from" : "to";
    const ports = hasPorts(flow.protocol) ? flow.dstPorts : { from: 0, to: 0 };
    const entries = this.compiled.get(acl.id)![direction];
    const v = firstMatch(entries, (e) => protocolMatches(e, flow) && containsAddress(e.prefix, peer), ports);
    const name = `nacl ${acl.id} ${direction}`;
    // AWS names an entry by its direction and rule number; the final deny is rule `*`.
    const ref = (number: number | "*") => ({ element: acl.id, name: `${direction} ${number}` });
    if (v.allowed) {
      const [only] = v.by;
      const rules = v.by.map((e) => ref(e.number));
      if (v.by.length === 1) {
        const service = describeService(only!.protocol, only!.ports?.[0]);
        return { allowed: true, text: `${name} rule ${only!.number} allows ${service} ${preposition} ${only!.prefix.text}`, rules };
      }
      const numbers = v.by.map((e) => e.number).join(", ");
      return { allowed: true, text: `${name} rules ${numbers} allow ${describeService(flow.protocol, ports)} ${preposition} ${formatAddress(peer)}`, rules };
    }
    const service = describeService(flow.protocol, v.ports);
    if (v.by) return { allowed: false, text: `${name} rule ${v.by.number} denies ${service} ${preposition} ${v.by.prefix.text}`, rules: [ref(v.by.number)] };
    return { allowed: false, text: `${name}: no rule allows ${service} ${preposition} ${formatAddress(peer)} (the final * rule denies)`, rules: [ref("*")] };
  }
}
