// Azure resource JSON -> VNets (with their subnets and peerings), route tables, NSGs.
import { type Json, num, obj, objects, str, strings } from "../../io/json-folder.js";
import { parsePrefix } from "../../ipam/prefix.js";
import type { NsgRule, Peer, PortRange, Protocol, Route, RouteTarget, Subnet } from "../../topology/model.js";
import { type AzureBuild, type Resource, flatten, missingType, named, parentId } from "./export.js";

function blocks(b: AzureBuild, texts: string[], owner: string): string[] {
  return texts.filter((t) => {
    if (parsePrefix(t)) return true;
    b.note(`${owner}: "${t}" is not a CIDR block: ignored`);
    return false;
  });
}

/** Subnets inline in VNets, and those listed on their own (`az network vnet subnet list`). */
function subnetResources(b: AzureBuild): Resource[] {
  const inline = b.ex.get("microsoft.network/virtualnetworks").flatMap(({ item, at }) => objects(item, "subnets").map((s) => ({ item: flatten(s), at })));
  return [...inline, ...b.ex.get("microsoft.network/virtualnetworks/subnets")];
}

export function buildVnets(b: AzureBuild): void {
  for (const { item, at } of b.ex.get("microsoft.network/virtualnetworks")) {
    const id = str(item, "id");
    if (!id) continue;
    const cidrs = blocks(b, strings(obj(item, "addressSpace"), "addressPrefixes"), id);
    const dnsServers = strings(obj(item, "dhcpOptions"), "dnsServers");
    const region = str(item, "location");
    b.place(
      b.topology.networks,
      { id, cloud: "azure", cidrs, ...(region ? { region } : {}), ...(dnsServers.length ? { dnsServers } : {}), ...named(item) },
      at,
    );
  }
  for (const { item, at } of subnetResources(b)) {
    const id = str(item, "id");
    if (!id) continue;
    const networkId = b.ex.ref(parentId(id, "subnets"))!;
    if (!b.has(networkId)) {
      b.note(`subnet ${id}: its VNet is not in the export: left out`);
      continue;
    }
    const prefixes = str(item, "addressPrefix") ? [str(item, "addressPrefix")!] : strings(item, "addressPrefixes");
    const routeTableId = b.ex.ref(str(obj(item, "routeTable"), "id"));
    const nsgId = b.ex.ref(str(obj(item, "networkSecurityGroup"), "id"));
    const delegations = Array.isArray(item.delegations)
      ? objects(item, "delegations")
          .map((d) => str(flatten(d), "serviceName"))
          .filter((s) => s !== undefined)
      : undefined;
    const subnet: Subnet = {
      id,
      networkId,
      cidrs: blocks(b, prefixes, id),
      ...named(item),
      ...(routeTableId ? { routeTableId } : {}),
      ...(nsgId ? { networkSecurityGroupId: nsgId } : {}),
      ...(delegations ? { delegations } : {}),
    };
    b.place(b.topology.subnets, subnet, at);
  }
  buildPeerings(b);
}

function buildPeerings(b: AzureBuild): void {
  const inline = b.ex
    .get("microsoft.network/virtualnetworks")
    .flatMap(({ item, at }) => objects(item, "virtualNetworkPeerings").map((p) => ({ item: flatten(p), at })));
  const all = [...inline, ...b.ex.get("microsoft.network/virtualnetworks/virtualnetworkpeerings")];
  const sides = all.flatMap(({ item }) => {
    const id = str(item, "id");
    const remote = b.ex.ref(str(obj(item, "remoteVirtualNetwork"), "id"));
    return id && remote ? [{ holder: b.ex.ref(parentId(id, "virtualNetworkPeerings"))!, remote }] : [];
  });
  for (const { item, at } of all) {
    const id = str(item, "id");
    const remote = b.ex.ref(str(obj(item, "remoteVirtualNetwork"), "id"));
    if (!id || !remote) continue;
    const state = str(item, "peeringState");
    if (state !== undefined && state !== "Connected") {
      b.note(`${id}: ${state}, not connected: left out`);
      continue;
    }
    const holder = b.ex.ref(parentId(id, "virtualNetworkPeerings"))!;
    // Without a state, the other side must be there: a peering carries traffic once both VNets hold one.
    if (
      state === undefined &&
      b.has(remote) &&
      !sides.some((o) => o.holder.toLowerCase() === remote.toLowerCase() && o.remote.toLowerCase() === holder.toLowerCase())
    ) {
      b.note(`${id}: ${remote} holds no peering back to ${holder}: a peering needs both sides, so this one carries no traffic; left out`);
      continue;
    }
    const access = item.allowVirtualNetworkAccess === false ? { virtualNetworkAccess: false as const } : {};
    const flags = Object.fromEntries(
      (["allowForwardedTraffic", "allowGatewayTransit", "useRemoteGateways"] as const).flatMap((f) => (typeof item[f] === "boolean" ? [[f, item[f]]] : [])),
    );
    b.place(b.topology.gateways, { id, kind: "peering", networkIds: [holder, remote], ...access, ...flags, ...named(item) }, at);
  }
  buildVnetToVnet(b);
}

/**
 * VNet-to-VNet connections between virtual network gateways: a tunnel carries traffic only when
 * each gateway has a connection to the other (a one-sided connection is down). A connected pair
 * is one `vpn-gateway` joining the two VNets, named after the first connection.
 */
function buildVnetToVnet(b: AzureBuild): void {
  const vnetOf = new Map<string, string>();
  for (const { item } of b.ex.get("microsoft.network/virtualnetworkgateways")) {
    const id = b.ex.ref(str(item, "id"));
    const subnet = objects(item, "ipConfigurations")
      .map((c) => str(obj(flatten(c), "subnet"), "id"))
      .find((x) => x !== undefined);
    const vnet = subnet ? b.ex.ref(parentId(subnet, "subnets")) : undefined;
    if (id && vnet) vnetOf.set(id.toLowerCase(), vnet);
  }
  const links = b.ex.get("microsoft.network/connections").flatMap(({ item, at }) => {
    const id = str(item, "id");
    const from = b.ex.ref(str(obj(item, "virtualNetworkGateway1"), "id"));
    const to = b.ex.ref(str(obj(item, "virtualNetworkGateway2"), "id"));
    return id && from && to && str(item, "connectionType") === "Vnet2Vnet" ? [{ id, from, to, item, at }] : [];
  });
  const done = new Set<string>();
  for (const link of links) {
    const back = links.find((o) => o.from.toLowerCase() === link.to.toLowerCase() && o.to.toLowerCase() === link.from.toLowerCase());
    if (!back) {
      b.note(`${link.id}: no connection back from ${link.to}: a VNet-to-VNet tunnel needs a connection on each side, so this one carries no traffic`);
      continue;
    }
    if (done.has(back.id)) continue;
    done.add(link.id);
    const networks = [vnetOf.get(link.from.toLowerCase()), vnetOf.get(link.to.toLowerCase())];
    if (networks.some((n) => n === undefined || !b.has(n))) {
      b.note(`${link.id}: a gateway's VNet is not in the export: left out`);
      continue;
    }
    b.place(b.topology.gateways, { id: link.id, kind: "vpn-gateway", networkIds: networks as string[], ...named(link.item) }, link.at);
  }
}

function routeTarget(r: Json): RouteTarget | undefined {
  switch (str(r, "nextHopType")) {
    case "VnetLocal":
      return { kind: "local" };
    case "Internet":
      return { kind: "internet" };
    case "None":
      return { kind: "blackhole" };
    case "VirtualAppliance": {
      const ip = str(r, "nextHopIpAddress");
      return ip ? { kind: "appliance", ip } : undefined;
    }
    // A VPN or ExpressRoute gateway is not modelled: traffic routed there leaves the modelled network.
    case "VirtualNetworkGateway":
      return { kind: "gateway", id: "VirtualNetworkGateway" };
    default:
      return undefined;
  }
}

export function buildRouteTables(b: AzureBuild): void {
  const users = new Map<string, string>();
  for (const s of b.topology.subnets) if (s.routeTableId && !users.has(s.routeTableId)) users.set(s.routeTableId, s.networkId);
  for (const { item, at } of b.ex.get("microsoft.network/routetables")) {
    const id = str(item, "id");
    if (!id) continue;
    const networkId = users.get(id);
    if (!networkId) {
      b.note(`route table ${id}: associated with no subnet in the export: left out`);
      continue;
    }
    const routes = objects(item, "routes")
      .map(flatten)
      .flatMap((r): Route[] => {
        const destination = str(r, "addressPrefix");
        const target = routeTarget(r);
        // Service-tag destinations (e.g. AzureCloud) stand for ranges this model does not hold.
        if (!destination || !parsePrefix(destination) || !target) {
          b.note(`${id}: route ${str(r, "name") ?? "?"} (${destination ?? "?"} -> ${str(r, "nextHopType") ?? "?"}): not modelled, ignored`);
          return [];
        }
        const routeId = str(r, "id");
        return [{ destination, target, ...(routeId ? { id: routeId } : {}) }];
      });
    const propagation = item.disableBgpRoutePropagation === true ? { gatewayRoutesDisabled: true } : {};
    b.place(b.topology.routeTables, { id, networkId, routes, ...propagation, ...named(item) }, at);
  }
}

/** NSG rule protocols, lower-cased, as Azure (and azurerm) write them. */
export const NSG_PROTOCOLS: Record<string, Protocol> = { tcp: "tcp", udp: "udp", icmp: "icmp", "*": "all", esp: 50, ah: 51 };

/** `*`, `443`, `1024-65535`; absent or `*`: any port. */
function portRanges(single: string | undefined, many: string[]): PortRange[] | undefined {
  const texts = single !== undefined ? [single] : many;
  if (texts.length === 0 || texts.includes("*")) return undefined;
  return texts.map((t) => {
    const [from, to] = t.split("-").map(Number);
    return { from: from!, to: to ?? from! };
  });
}

/** `*` is any address; a CIDR or address a block; a word a service tag (Internet, VirtualNetwork, …). */
function peers(b: AzureBuild, single: string | undefined, many: string[], groups: Json[]): Peer[] {
  const texts = single !== undefined ? [single] : many;
  const asgs = groups
    .map((g) => b.ex.ref(str(g, "id")))
    .filter((g) => g !== undefined)
    .map((id): Peer => ({ kind: "security-group", id }));
  const fromText = texts.map((t): Peer => {
    if (t === "*") return { kind: "any" };
    const p = parsePrefix(t);
    if (p) return { kind: "cidr", cidr: t.includes("/") ? t : `${t}/${p.len}` };
    return { kind: "service-tag", tag: t };
  });
  return [...fromText, ...asgs];
}

function nsgRule(b: AzureBuild, nsg: string, raw: Json): NsgRule | undefined {
  const r = flatten(raw);
  const name = str(r, "name");
  const priority = num(r, "priority");
  const direction = str(r, "direction")?.toLowerCase();
  const access = str(r, "access")?.toLowerCase();
  const protocol = NSG_PROTOCOLS[str(r, "protocol")?.toLowerCase() ?? ""];
  if (!name || priority === undefined || (direction !== "inbound" && direction !== "outbound") || (access !== "allow" && access !== "deny") || !protocol) {
    b.note(`${nsg}: rule ${name ?? "?"} without a priority, direction, access or known protocol: ignored`);
    return undefined;
  }
  const sourcePorts = portRanges(str(r, "sourcePortRange"), strings(r, "sourcePortRanges"));
  const destinationPorts = portRanges(str(r, "destinationPortRange"), strings(r, "destinationPortRanges"));
  const id = str(r, "id");
  return {
    name,
    priority,
    direction,
    access,
    protocol,
    sources: peers(b, str(r, "sourceAddressPrefix"), strings(r, "sourceAddressPrefixes"), objects(r, "sourceApplicationSecurityGroups")),
    destinations: peers(b, str(r, "destinationAddressPrefix"), strings(r, "destinationAddressPrefixes"), objects(r, "destinationApplicationSecurityGroups")),
    ...(id ? { id } : {}),
    ...(sourcePorts ? { sourcePorts } : {}),
    ...(destinationPorts ? { destinationPorts } : {}),
  };
}

export function buildNsgs(b: AzureBuild): void {
  for (const { item, at } of b.ex.get("microsoft.network/networksecuritygroups")) {
    const id = str(item, "id");
    if (!id) continue;
    // Only the NSG's own rules: the analyzer adds Azure's default rules.
    const rules = objects(item, "securityRules")
      .map((r) => nsgRule(b, id, r))
      .filter((r) => r !== undefined);
    b.place(b.topology.networkSecurityGroups, { id, rules, ...named(item) }, at);
  }
}

/** Subnets naming a route table or NSG the export lacks: without it their routes or filters cannot be judged. */
export function checkSubnetReferences(b: AzureBuild): void {
  for (const s of b.topology.subnets) {
    if (s.routeTableId && !b.has(s.routeTableId)) {
      const why = b.ex.seen.has("microsoft.network/routetables")
        ? `${s.routeTableId} is not in the export`
        : missingType("microsoft.network/routetables", "route tables");
      b.gap(`the routes of subnet ${s.name ?? s.id}`, why);
    }
    if (s.networkSecurityGroupId && !b.has(s.networkSecurityGroupId)) {
      const why = b.ex.seen.has("microsoft.network/networksecuritygroups")
        ? `${s.networkSecurityGroupId} is not in the export`
        : missingType("microsoft.network/networksecuritygroups", "NSGs");
      b.gap(`the NSG of subnet ${s.name ?? s.id}`, why);
    }
  }
}
