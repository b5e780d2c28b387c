// Route selection per subnet: the table's routes plus what each cloud adds implicitly, longest
// prefix first, ties broken by origin.
import { type Address, type Prefix, coversPrefix, parsePrefix } from "../ipam/prefix.js";
import type { Decision, RuleRef } from "../findings.js";
import type { TopologyIndex } from "../topology/lookup.js";
import { CLOUD_TERMS } from "../topology/clouds.js";
import type { Cloud, Network, RouteOrigin, RouteTable, RouteTarget } from "../topology/model.js";
import { PrefixMap } from "../topology/prefix-map.js";
import { defaultNoneRoutes } from "./azure-default-routes.js";
import { gatewayRoutes, peeringsOf } from "./azure-peering.js";

export interface CompiledRoute {
  prefix: Prefix;
  target: RouteTarget;
  origin: RouteOrigin;
  /** Tie-break rank among equal prefixes; lower wins. */
  rank: number;
  /** Azure: the next hop type as Azure names it (VnetLocal, VNetPeering, VirtualNetworkGateway, Internet, None, VirtualAppliance). */
  nextHopType?: string;
  viaPrefixList?: string;
}

export interface RouteChoice extends Decision {
  route: CompiledRoute;
  /** Routes with the same prefix that lost the tie. */
  overridden: readonly CompiledRoute[];
  /** `rtb-1: route 0.0.0.0/0 -> nat-1 (longest prefix match)`. */
  text: string;
  /** The route taken: the table's (by destination, a prefix list's id), or the network's own (a system route). */
  rules: readonly RuleRef[];
}

// AWS: static, then prefix-list, then propagated routes (route-tables-priority); Azure: user, BGP, system (virtual-networks-udr-overview).
const RANK = { static: 0, prefixList: 1, propagated: 2, system: 3 } as const;

const ANY4 = parsePrefix("0.0.0.0/0")!;
const ANY6 = parsePrefix("::/0")!;

export function targetLabel(cloud: Cloud, t: RouteTarget): string {
  switch (t.kind) {
    case "local":
      return CLOUD_TERMS[cloud].route.local;
    case "internet":
      return "Internet";
    case "gateway":
    case "interface":
      return t.id;
    case "appliance":
      return `VirtualAppliance ${t.ip}`;
    case "blackhole":
      return CLOUD_TERMS[cloud].route.blackhole;
  }
}

function originLabel(cloud: Cloud, r: CompiledRoute): string {
  if (r.viaPrefixList) return "prefix-list";
  if (r.origin === "static") return CLOUD_TERMS[cloud].route.static;
  if (r.origin === "propagated") return CLOUD_TERMS[cloud].route.propagated;
  return "system";
}

export class RouteLookup {
  private readonly map = new PrefixMap<CompiledRoute>();

  constructor(
    readonly cloud: Cloud,
    /** The table's id, or what stands in for it. */
    readonly label: string,
    routes: readonly CompiledRoute[],
    /** What holds the routes: the table's explicit ones, the network's implicit (system) ones. */
    private readonly holders: { table: string | undefined; network: string },
  ) {
    for (const r of routes) this.map.add(r.prefix, r);
    this.all = routes;
  }

  private readonly all: readonly CompiledRoute[];

  /** Every route in force (the effective route table), as compiled. */
  routes(): readonly CompiledRoute[] {
    return this.all;
  }

  lookup(a: Address): RouteChoice | undefined {
    const entry = this.map.longest(a);
    if (!entry) return undefined;
    const [route, ...overridden] = [...entry.values].sort((x, y) => x.rank - y.rank);
    const text = ROUTING[this.cloud].choiceText(this.cloud, this.label, route!, overridden);
    const { table, network } = this.holders;
    const element = route!.origin === "system" && !ROUTING[this.cloud].implicitInTable ? network : (table ?? network);
    return { route: route!, overridden, text, rules: [{ element, name: route!.viaPrefixList ?? route!.prefix.text }] };
  }
}

/** How each cloud routes a subnet: the routes it adds to the table's, a user route's next hop type, and how a choice reads. */
interface RoutingRules {
  implicitRoutes: (ix: TopologyIndex, network: Network, explicit: readonly CompiledRoute[], table: RouteTable | undefined) => CompiledRoute[];
  /** The next hop type of a user route, as the cloud names it in its own effective routes. */
  nextHopType?: (ix: TopologyIndex, t: RouteTarget) => string;
  choiceText: (cloud: Cloud, label: string, route: CompiledRoute, overridden: readonly CompiledRoute[]) => string;
  /** Whether the implicit routes are the table's (AWS: every table has the local route) or the network's (Azure: system routes). */
  implicitInTable: boolean;
}

const ROUTING: Record<Cloud, RoutingRules> = {
  aws: {
    implicitRoutes: (ix, network, explicit) => awsLocalRoutes(ix, network, explicit),
    choiceText: (cloud, table, route, overridden) => {
      const label = (r: CompiledRoute) => `${r.prefix.text} -> ${targetLabel(cloud, r.target)}`;
      const tie = overridden.map((o) => `; ${originLabel(cloud, route)} route wins over ${originLabel(cloud, o)} route ${label(o)}`).join("");
      return `${table}: route ${label(route)} (longest prefix match${tie})`;
    },
    implicitInTable: true,
  },
  azure: {
    implicitRoutes: (ix, network, _explicit, table) => azureSystemRoutes(ix, network, table),
    nextHopType: (ix, t) => azureNextHopType(ix, t),
    // As Network Watcher says it: the next hop type, and the route table or "System Route".
    choiceText: (cloud, label, route, overridden) => {
      const hop = (r: CompiledRoute) =>
        `${r.prefix.text} -> next hop ${r.nextHopType ?? targetLabel(cloud, r.target)}${r.target.kind === "appliance" ? ` ${r.target.ip}` : ""}`;
      const table = (r: CompiledRoute) => (r.origin === "system" ? "System Route" : label);
      const tie = overridden.map((o) => `; ${originLabel(cloud, route)} route wins over ${originLabel(cloud, o)} route ${hop(o)}`).join("");
      return `route ${hop(route)} (${table(route)}; longest prefix match${tie})`;
    },
    implicitInTable: false,
  },
};

/** Compiles the routes a subnet of `network` using `table` (or none) actually has. */
export function compileRoutes(ix: TopologyIndex, network: Network, table: RouteTable | undefined): RouteLookup {
  const rules = ROUTING[network.cloud];
  const owner = table?.id ?? network.id;
  const explicit = (table?.routes ?? []).flatMap((r): CompiledRoute[] => {
    const origin = r.origin ?? "static";
    const list = ix.prefixLists.get(r.destination);
    if (list) {
      const rank = origin === "static" ? RANK.prefixList : RANK[origin];
      return list.cidrs.map((c) => ({ prefix: ix.prefix(c, list.id), target: r.target, origin, rank, viaPrefixList: list.id }));
    }
    const nextHopType = rules.nextHopType?.(ix, r.target);
    return [{ prefix: ix.prefix(r.destination, owner), target: r.target, origin, rank: RANK[origin], ...(nextHopType ? { nextHopType } : {}) }];
  });
  const implicit = rules.implicitRoutes(ix, network, explicit, table);
  const all = [...explicit, ...implicit];
  // A propagated route inside the network's own (or, on Azure, a peered network's) space never wins:
  // AWS prefers the local route "even if the propagated routes are more specific" (vpn-route-priority);
  // Azure prefers its VNet and peering system routes over BGP routes (virtual-networks-udr-overview).
  const own = new Set(ix.blocksOf(network.id).map((b) => b.text));
  const anchors = all.filter((r) => (r.target.kind === "local" && own.has(r.prefix.text)) || (r.origin === "system" && r.target.kind === "gateway"));
  const kept = all.filter((r) => r.origin !== "propagated" || !anchors.some((a) => coversPrefix(a.prefix, r.prefix)));
  const label = table?.id ?? CLOUD_TERMS[network.cloud].implicitTable(network.id);
  return new RouteLookup(network.cloud, label, kept, { table: table?.id, network: network.id });
}

/** A user-defined route's next hop type, as Azure names it. */
function azureNextHopType(ix: TopologyIndex, t: RouteTarget): string {
  switch (t.kind) {
    case "local":
      return "VnetLocal";
    case "internet":
      return "Internet";
    case "blackhole":
      return "None";
    case "appliance":
    case "interface":
      return "VirtualAppliance";
    case "gateway":
      return ix.gateways.get(t.id)?.kind === "peering" ? "VNetPeering" : "VirtualNetworkGateway";
  }
}

/** The VPC's local route for each of its blocks, unless the table lists one (describe output does, Terraform does not). */
function awsLocalRoutes(ix: TopologyIndex, network: Network, explicit: readonly CompiledRoute[]): CompiledRoute[] {
  return ix
    .blocksOf(network.id)
    .filter((b) => !explicit.some((r) => r.prefix.text === b.text))
    .map((prefix) => ({ prefix, target: { kind: "local" }, origin: "system", rank: RANK.system }));
}

/**
 * Azure's default system routes (virtual-networks-udr-overview, "System routes"): the VNet's own
 * space, one per peered network, the networks its virtual network gateways (or, with
 * useRemoteGateways, its hub's) connect it to unless the subnet's table disables gateway route
 * propagation, the internet, and the None routes in force on the topology's day.
 */
function azureSystemRoutes(ix: TopologyIndex, network: Network, table: RouteTable | undefined): CompiledRoute[] {
  const system = (prefix: Prefix, target: RouteTarget, nextHopType: string): CompiledRoute => ({
    prefix,
    target,
    origin: "system",
    rank: RANK.system,
    nextHopType,
  });
  const blocks = ix.blocksOf(network.id);
  const routes = blocks.map((b) => system(b, { kind: "local" }, "VnetLocal"));
  for (const gw of peeringsOf(ix, network.id)) {
    for (const other of gw.networkIds.filter((id) => id !== network.id)) {
      for (const b of ix.blocksOf(other)) routes.push(system(b, { kind: "gateway", id: gw.id }, "VNetPeering"));
    }
  }
  if (!table?.gatewayRoutesDisabled) {
    for (const r of gatewayRoutes(ix, network.id)) {
      for (const b of ix.blocksOf(r.networkId)) routes.push(system(b, { kind: "gateway", id: r.gateway.id }, "VirtualNetworkGateway"));
    }
  }
  routes.push(system(ANY4, { kind: "internet" }, "Internet"));
  if (blocks.some((b) => b.family === 6)) routes.push(system(ANY6, { kind: "internet" }, "Internet"));
  // "If you assign any of the previous address ranges within the address space of a virtual network,
  // Azure automatically changes the next hop type for the route from None to Virtual network": a
  // block that is (or holds) the range replaces it; a block inside it is more specific and wins anyway.
  for (const text of defaultNoneRoutes(ix.topology.asOf)) {
    const r = parsePrefix(text)!;
    if (blocks.some((b) => b.family === r.family && coversPrefix(b, r))) continue;
    routes.push(system(r, { kind: "blackhole" }, "None"));
  }
  return routes;
}
