// Azure network security groups: rules in priority order, first match wins, Azure's default rules
// last, service tags resolved per virtual network (network-security-groups-overview). Stateful:
// replies of an allowed flow pass without evaluation.
import { type Address, type Prefix, containsAddress, formatAddress, parsePrefix } from "../ipam/prefix.js";
import { isInternetRoutable } from "../ipam/ranges.js";
import type { TopologyIndex } from "../topology/lookup.js";
import type { NsgRule, Peer } from "../topology/model.js";
import { gatewayRoutes } from "./azure-peering.js";
import { type Flow, coversPorts, describeService, hasPorts } from "./flow.js";
import {
  type CompiledPeer,
  type OrderedRule,
  type ProtocolMatch,
  type Verdict,
  compilePeer,
  compileProtocol,
  firstMatch,
  peerHolds,
  protocolMatches,
} from "./rules.js";

type Direction = NsgRule["direction"];

/** The virtual IP of the host (168.63.129.16): the AzureLoadBalancer tag, and part of VirtualNetwork. */
const AZURE_HOST = parsePrefix("168.63.129.16/32")!;

const ANY: Peer = { kind: "any" };
const tag = (t: string): Peer => ({ kind: "service-tag", tag: t });
const defaultRule = (name: string, priority: number, direction: Direction, access: NsgRule["access"], sources: Peer[], destinations: Peer[]): NsgRule => ({
  name,
  priority,
  direction,
  access,
  protocol: "all",
  sources,
  destinations,
});

// The default security rules every NSG has (network-security-groups-overview, "Default security rules"),
// named as Azure names them in effective NSGs and Network Watcher answers.
export const DEFAULT_SECURITY_RULES: readonly NsgRule[] = [
  defaultRule("AllowVnetInBound", 65000, "inbound", "allow", [tag("VirtualNetwork")], [tag("VirtualNetwork")]),
  defaultRule("AllowAzureLoadBalancerInBound", 65001, "inbound", "allow", [tag("AzureLoadBalancer")], [ANY]),
  defaultRule("DenyAllInBound", 65500, "inbound", "deny", [ANY], [ANY]),
  defaultRule("AllowVnetOutBound", 65000, "outbound", "allow", [tag("VirtualNetwork")], [tag("VirtualNetwork")]),
  defaultRule("AllowInternetOutBound", 65001, "outbound", "allow", [ANY], [tag("Internet")]),
  defaultRule("DenyAllOutBound", 65500, "outbound", "deny", [ANY], [ANY]),
];

interface CompiledRule extends OrderedRule {
  name: string;
  priority: number;
  isDefault: boolean;
  match: ProtocolMatch;
  sources: CompiledPeer[];
  destinations: CompiledPeer[];
}

/** Service tags by network: what VirtualNetwork and Internet mean depends on the network's address space and routes. */
class ServiceTags {
  private readonly virtualNetworks = new Map<string, Prefix[]>();

  constructor(private readonly ix: TopologyIndex) {}

  holds(name: string, networkId: string, a: Address): boolean {
    switch (name) {
      case "*":
      case "Any":
        return true;
      case "AzureLoadBalancer":
        return containsAddress(AZURE_HOST, a);
      case "VirtualNetwork":
        return this.virtualNetwork(networkId).some((p) => containsAddress(p, a));
      // "The IP address space that's outside the virtual network and reachable by the public internet" (service-tags-overview).
      case "Internet":
        return isInternetRoutable(a) && !this.virtualNetwork(networkId).some((p) => containsAddress(p, a));
      // Other tags (Storage, AzureCloud, …) stand for Microsoft-published ranges this model does not hold.
      default:
        return false;
    }
  }

  /**
   * "The virtual network address space, all connected on-premises address spaces, peered virtual
   * networks, virtual networks connected to a virtual network gateway, the virtual IP address of the
   * host, and address prefixes used on user-defined routes" (service-tags-overview).
   */
  private virtualNetwork(networkId: string): Prefix[] {
    let prefixes = this.virtualNetworks.get(networkId);
    if (prefixes) return prefixes;
    const ix = this.ix;
    prefixes = [...ix.blocksOf(networkId), AZURE_HOST];
    // Peered VNets (unless the peering turns virtual network access off) and VNets behind a connected gateway.
    const linked = [...ix.gatewaysOf(networkId, "peering").filter((p) => p.virtualNetworkAccess !== false), ...ix.gatewaysOf(networkId, "vpn-gateway")];
    for (const gw of linked) for (const other of gw.networkIds) prefixes.push(...ix.blocksOf(other));
    for (const r of gatewayRoutes(ix, networkId)) prefixes.push(...ix.blocksOf(r.networkId));
    for (const vpn of ix.gatewaysOf(networkId, "vpn-gateway")) prefixes.push(...(vpn.remoteCidrs ?? []).map((c) => ix.prefix(c, vpn.id)));
    const tables = new Set(
      ix
        .subnetsOf(networkId)
        .map((s) => s.routeTableId)
        .filter((id) => id !== undefined),
    );
    for (const id of tables) {
      const table = ix.routeTables.get(id);
      for (const r of table?.routes ?? []) if (!ix.prefixLists.has(r.destination)) prefixes.push(ix.prefix(r.destination, id));
    }
    this.virtualNetworks.set(networkId, prefixes);
    return prefixes;
  }
}

export class NetworkSecurityGroups {
  private readonly compiled = new Map<string, Record<Direction, CompiledRule[]>>();
  private readonly defaults: Record<Direction, CompiledRule[]>;
  private readonly tags: ServiceTags;

  constructor(private readonly ix: TopologyIndex) {
    this.tags = new ServiceTags(ix);
    const defaults = DEFAULT_SECURITY_RULES.map((rule) => ({ rule, isDefault: true }));
    this.defaults = this.compile("azure", defaults);
    for (const nsg of ix.topology.networkSecurityGroups) {
      this.compiled.set(nsg.id, this.compile(nsg.id, [...nsg.rules.map((rule) => ({ rule, isDefault: false })), ...defaults]));
    }
  }

  /** `where` names what the NSG is on (`subnet`, `network interface`) when there is none. */
  evaluate(nsgId: string | undefined, where: string, direction: Direction, flow: Flow, networkId: string): Verdict {
    if (nsgId === undefined) return { allowed: true, text: `no NSG on the ${where}: not filtered` };
    const rules = this.compiled.get(nsgId)?.[direction] ?? this.defaults[direction];
    const holds = (peers: CompiledPeer[], a: Address) =>
      peers.some((p) => (p.kind === "tag" ? this.tags.holds(p.tag, networkId, a) : peerHolds(this.ix, p, a)));
    const applies = (r: CompiledRule) =>
      protocolMatches(r.match, flow) &&
      (r.match.ports === undefined || r.match.ports.some((p) => coversPorts(p, flow.dstPorts))) &&
      holds(r.sources, flow.src) &&
      holds(r.destinations, flow.dst);
    // Client ports vary (any ephemeral port unless the query names one): an allow must admit them all.
    const v = hasPorts(flow.protocol) ? firstMatch(rules, applies, flow.srcPorts) : firstMatch(rules, applies, { from: 0, to: 0 }, () => undefined);
    const peer = direction === "inbound" ? `from ${formatAddress(flow.src)}` : `to ${formatAddress(flow.dst)}`;
    const service = describeService(flow.protocol, flow.dstPorts);
    const name = `nsg ${nsgId}${this.compiled.has(nsgId) ? "" : " (not in topology: default rules)"} ${direction}`;
    // Rules as Azure names them in its answers (ipFlowVerify, effective NSGs).
    const ref = (r: CompiledRule) => ({ element: nsgId, name: `${r.isDefault ? "defaultSecurityRules" : "securityRules"}/${r.name}` });
    const label = (r: CompiledRule) => `${ref(r).name} (priority ${r.priority})`;
    if (v.allowed) {
      const [rule, allows] = v.by.length === 1 ? ["rule", "allows"] : ["rules", "allow"];
      return { allowed: true, text: `${name} ${rule} ${v.by.map(label).join(", ")} ${allows} ${service} ${peer}`, rules: v.by.map(ref) };
    }
    if (v.by) return { allowed: false, text: `${name} rule ${label(v.by)} denies ${service} ${peer}`, rules: [ref(v.by)] };
    return { allowed: false, text: `${name}: no rule allows ${service} ${peer}` };
  }

  private compile(owner: string, rules: readonly { rule: NsgRule; isDefault: boolean }[]): Record<Direction, CompiledRule[]> {
    const byDirection: Record<Direction, CompiledRule[]> = { inbound: [], outbound: [] };
    for (const { rule: r, isDefault } of rules) {
      byDirection[r.direction].push({
        name: r.name,
        priority: r.priority,
        isDefault,
        allow: r.access === "allow",
        ports: r.sourcePorts,
        match: compileProtocol(r.protocol, r.destinationPorts, undefined),
        sources: r.sources.map((p) => compilePeer(this.ix, p, owner)),
        destinations: r.destinations.map((p) => compilePeer(this.ix, p, owner)),
      });
    }
    for (const list of Object.values(byDirection)) list.sort((a, b) => a.priority - b.priority);
    return byDirection;
  }
}
