// What the named checks ask the exhaustive analysis: every packet a pod subnet sends out of its
// network, every packet from the internet to the sync listener or into the pods, every source a
// security group or NSG admits on an admin port. Each answer names the exact packet classes (as
// CIDR lists, protocols and ports) and one witness trace.
import { type Family, parsePrefix } from "../../ipam/prefix.js";
import type { NetworkSecurityGroup, PortRange, Protocol, Subnet, Topology } from "../../topology/model.js";
import { reachEngine } from "../reach.js";
import { type PacketClass, allPorts, analyze, describeProtocols, everything, internetSpace } from "./analysis.js";
import { type Witness, witnessOf } from "./exposure.js";
import { type Range, intersect, normalize, prefixRange, setToCidrs, subtract, union } from "../../ipam/intervals.js";
import { targetLabel } from "../routing.js";

/** Hops beyond the network: a gateway (`gateway`: one not in the topology), or the internet. */
const OUTSIDE = new Set([
  "gateway",
  "internet-gateway",
  "nat-gateway",
  "egress-only-internet-gateway",
  "vpn-gateway",
  "transit-gateway",
  "peering",
  "gateway-endpoint",
  "internet",
]);

export interface WayOut {
  /** The gateway the packets are sent to. */
  via: string;
  /** Whether some of them get to the internet (and back); else they leave the network otherwise, or are dropped beyond it (e.g. no public address at the internet gateway). */
  out: boolean;
  protocols: string[];
  destinations: string[];
  witness: Witness;
  family: Family;
  /** The route that sends the witness there: `0.0.0.0/0 -> nat-1`. */
  route: string;
}

/** Every packet a subnet sends to an address outside its network that is routed to a gateway, by gateway. */
export function waysOut(topology: Topology, subnet: Subnet): WayOut[] {
  const ix = reachEngine(topology).ix;
  const ways: WayOut[] = [];
  for (const block of ix.blocksOf(subnet.id)) {
    const family = block.family;
    const own = normalize(
      ix
        .blocksOf(subnet.networkId)
        .filter((b) => b.family === family)
        .map(prefixRange),
    );
    const classes = analyze(
      topology,
      { at: "subnet", subnet },
      { family, src: [prefixRange(block)], dst: subtract(everything(family), own), protocols: { allBut: [] }, ports: allPorts() },
    );
    const byGateway = new Map<string, PacketClass[]>();
    for (const c of classes) {
      const gw = c.result.hops.find((h) => OUTSIDE.has(h.kind));
      if (gw) byGateway.set(gw.id, [...(byGateway.get(gw.id) ?? []), c]);
    }
    for (const [via, list] of byGateway) {
      const exits = list.filter((c) => c.disposition === "exits-network" && c.end?.at === "internet");
      const shown = exits[0] ?? list[0]!;
      const routes = reachEngine(topology).routes(subnet);
      const choice = routes.lookup(shown.witness.dst);
      const route = choice ? `${choice.route.prefix.text} -> ${targetLabel(routes.cloud, choice.route.target)}` : "(none)";
      ways.push({
        route,
        via,
        out: exits.length > 0,
        family,
        protocols: [...new Set((exits.length > 0 ? exits : list).map((c) => describeProtocols(c.protocols)))],
        destinations: setToCidrs(family, normalize((exits.length > 0 ? exits : list).flatMap((c) => c.dst))),
        witness: witnessOf(shown),
      });
    }
  }
  return ways;
}

function coversTcp(protocol: Protocol, ports: readonly PortRange[] | undefined, port: number): boolean {
  const tcp = protocol === "tcp" || protocol === "all" || protocol === 6;
  return tcp && (ports === undefined || ports.some((r) => r.from <= port && port <= r.to));
}

/** Whether a set holds every internet address of its family. */
export function coversInternet(set: readonly Range[], family: Family): boolean {
  return subtract(internetSpace(family), normalize(set)).length === 0;
}

/**
 * The internet sources an NSG's own inbound rules let in on a TCP port, in priority order (a deny
 * before an allow takes its sources out). Azure's default rules are left out: AllowVNetInBound
 * covers 0.0.0.0/0 once a UDR sends 0.0.0.0/0 to a firewall, which says where replies go, not who may connect.
 */
export function nsgAdmits(nsg: NetworkSecurityGroup, port: number, family: Family): { open: Range[]; rules: string[] } {
  let decided: Range[] = [];
  let open: Range[] = [];
  const rules: string[] = [];
  const inbound = nsg.rules.filter((r) => r.direction === "inbound").sort((a, b) => a.priority - b.priority);
  for (const r of inbound) {
    if (!coversTcp(r.protocol, r.destinationPorts, port)) continue;
    const sources = normalize(
      r.sources.flatMap((p): Range[] => {
        if (p.kind === "any" || (p.kind === "service-tag" && WORLD_TAGS.has(p.tag))) return internetSpace(family);
        if (p.kind !== "cidr") return [];
        const prefix = parsePrefix(p.cidr);
        return prefix && prefix.family === family ? [prefixRange(prefix)] : [];
      }),
    );
    const fresh = intersect(subtract(sources, decided), internetSpace(family));
    if (r.access === "allow" && fresh.length > 0) {
      open = union(open, fresh);
      rules.push(r.name);
    }
    decided = union(decided, sources);
  }
  return { open, rules };
}

const WORLD_TAGS = new Set(["*", "Any", "Internet", "any", "internet"]);
