// AWS describe-* -> networks, subnets, route tables and gateways.
import { type Json, obj, objects, str } from "../io/json-folder.js";
import { parsePrefix } from "../topology/address.js";
import type { Gateway, Network, Route, RouteOrigin, RouteTable, RouteTarget, SourceLocation, Subnet } from "../topology/model.js";
import { type AwsBuild, type AwsKind, missing, tagsOf } from "./aws-export.js";

const ASSOCIATED = new Set(["associated", "associating"]);
const GONE = new Set(["deleted", "deleting", "failed", "rejected", "expired"]);

/** A CIDR block field, if it is one; anything else is noted. */
function block(b: AwsBuild, text: string | undefined, owner: string): string | undefined {
  if (text === undefined) return undefined;
  if (parsePrefix(text)) return text;
  b.note(`${owner}: "${text}" is not a CIDR block: ignored`);
  return undefined;
}

/** Associated IPv6 blocks of a VPC or subnet. */
function ipv6Blocks(b: AwsBuild, item: Json, owner: string): string[] {
  return objects(item, "Ipv6CidrBlockAssociationSet")
    .filter((a) => ASSOCIATED.has(str(obj(a, "Ipv6CidrBlockState"), "State") ?? "associated"))
    .map((a) => block(b, str(a, "Ipv6CidrBlock"), owner))
    .filter((c) => c !== undefined);
}

/** `us-east-2` from a subnet's ARN, else from its zone name. */
function regionOf(subnet: Json): string | undefined {
  const fromArn = str(subnet, "SubnetArn")?.split(":")[3];
  if (fromArn) return fromArn;
  return /^([a-z]{2}(?:-[a-z]+)+-\d+)/.exec(str(subnet, "AvailabilityZone") ?? "")?.[1];
}

export function buildNetworks(b: AwsBuild): void {
  const regions = new Map<string, string>();
  for (const { item } of b.ex.get("Subnets")) {
    const vpc = str(item, "VpcId");
    const region = regionOf(item);
    if (vpc && region && !regions.has(vpc)) regions.set(vpc, region);
  }
  for (const { item, at } of b.ex.get("Vpcs")) {
    const id = str(item, "VpcId");
    if (!id) continue;
    const primary = block(b, str(item, "CidrBlock"), id);
    const secondary = objects(item, "CidrBlockAssociationSet")
      .filter((a) => ASSOCIATED.has(str(obj(a, "CidrBlockState"), "State") ?? "associated"))
      .map((a) => block(b, str(a, "CidrBlock"), id));
    // The primary block first, then the secondary associations in the order AWS lists them.
    const cidrs = [...new Set([primary, ...secondary].filter((c) => c !== undefined))];
    const region = regions.get(id);
    const network: Network = { id, cloud: "aws", ...(region ? { region } : {}), cidrs: [...cidrs, ...ipv6Blocks(b, item, id)], ...tagsOf(item) };
    b.place(b.topology.networks, network, at);
  }
}

export function buildSubnets(b: AwsBuild): void {
  for (const { item, at } of b.ex.get("Subnets")) {
    const id = str(item, "SubnetId");
    const networkId = str(item, "VpcId");
    if (!id || !networkId) continue;
    if (!b.has(networkId)) {
      b.note(`subnet ${id}: its VPC ${networkId} is not in the export: left out`);
      continue;
    }
    const v4 = block(b, str(item, "CidrBlock"), id);
    const zone = str(item, "AvailabilityZone");
    const subnet: Subnet = { id, networkId, cidrs: [...(v4 ? [v4] : []), ...ipv6Blocks(b, item, id)], ...(zone ? { zone } : {}), ...tagsOf(item) };
    b.place(b.topology.subnets, subnet, at);
  }
}

const TARGET_KEYS = [
  "GatewayId", "NatGatewayId", "EgressOnlyInternetGatewayId", "TransitGatewayId", "VpcPeeringConnectionId",
  "CarrierGatewayId", "LocalGatewayId", "CoreNetworkArn",
];

function routeTarget(r: Json): RouteTarget | undefined {
  if (str(r, "State") === "blackhole") return { kind: "blackhole" };
  const gateway = TARGET_KEYS.map((k) => str(r, k)).find((v) => v !== undefined);
  if (gateway === "local") return { kind: "local" };
  if (gateway !== undefined) return { kind: "gateway", id: gateway };
  const iface = str(r, "NetworkInterfaceId") ?? str(r, "InstanceId");
  return iface === undefined ? undefined : { kind: "interface", id: iface };
}

function routeOrigin(r: Json): RouteOrigin {
  const origin = str(r, "Origin");
  // The local route comes with the table; VGW propagation adds routes AWS ranks after static ones.
  if (origin === "CreateRouteTable") return "system";
  return origin === "EnableVgwRoutePropagation" ? "propagated" : "static";
}

function route(b: AwsBuild, r: Json, table: string): Route | undefined {
  const destination = block(b, str(r, "DestinationCidrBlock") ?? str(r, "DestinationIpv6CidrBlock"), table) ?? str(r, "DestinationPrefixListId");
  const target = routeTarget(r);
  if (!destination || !target) {
    b.note(`${table}: a route without a destination or target: ignored`);
    return undefined;
  }
  return { destination, target, origin: routeOrigin(r) };
}

export function buildRouteTables(b: AwsBuild): void {
  const { topology } = b;
  const subnets = new Map(topology.subnets.map((s) => [s.id, s]));
  const networks = new Map(topology.networks.map((n) => [n.id, n]));
  for (const { item, at } of b.ex.get("RouteTables")) {
    const id = str(item, "RouteTableId");
    const networkId = str(item, "VpcId");
    if (!id || !networkId || !networks.has(networkId)) continue;
    const routes = objects(item, "Routes").map((r) => route(b, r, id)).filter((r) => r !== undefined);
    const table: RouteTable = { id, networkId, routes, ...tagsOf(item) };
    b.place(topology.routeTables, table, at);
    for (const a of objects(item, "Associations")) {
      const subnetId = str(a, "SubnetId");
      if (a.Main === true) networks.get(networkId)!.mainRouteTableId = id;
      else if (subnetId && subnets.has(subnetId)) subnets.get(subnetId)!.routeTableId = id;
    }
  }
}

/** VPCs a gateway is attached to, from `Attachments` / `VpcAttachments`. */
function attachedVpcs(item: Json, key: string): string[] {
  return objects(item, key)
    .filter((a) => !["detached", "detaching"].includes(str(a, "State") ?? ""))
    .map((a) => str(a, "VpcId"))
    .filter((v) => v !== undefined);
}

function placeGateway(b: AwsBuild, kind: AwsKind, gateway: Gateway, item: Json, at: SourceLocation): void {
  const state = str(item, "State") ?? str(obj(item, "Status"), "Code");
  if (state && GONE.has(state)) {
    b.note(`${gateway.id}: ${state}: left out`);
    return;
  }
  if (!gateway.networkIds.some((n) => b.has(n))) {
    b.note(`${gateway.id} (${kind}): attached to no VPC in the export: left out`);
    return;
  }
  b.place(b.topology.gateways, { ...gateway, ...tagsOf(item) }, at);
}

function buildNatGateways(b: AwsBuild): void {
  for (const { item, at } of b.ex.get("NatGateways")) {
    const id = str(item, "NatGatewayId");
    const vpc = str(item, "VpcId");
    if (!id || !vpc) continue;
    const addresses = objects(item, "NatGatewayAddresses");
    const primary = addresses.find((a) => a.IsPrimary === true) ?? addresses[0];
    const privateIp = str(primary, "PrivateIp");
    const publicIp = str(primary, "PublicIp");
    const subnetId = str(item, "SubnetId");
    const gateway: Gateway = {
      id, kind: "nat-gateway", networkIds: [vpc],
      ...(subnetId ? { subnetId } : {}), ...(privateIp ? { privateIp } : {}), ...(publicIp ? { publicIp } : {}),
    };
    placeGateway(b, "NatGateways", gateway, item, at);
  }
}

/** Remote networks behind each VPN gateway: its VPN connections' static routes, and the routes it propagates. */
function vpnRemoteCidrs(b: AwsBuild): Map<string, Set<string>> {
  const remote = new Map<string, Set<string>>();
  const add = (vgw: string, cidr: string | undefined) => {
    if (!cidr || !parsePrefix(cidr)) return;
    if (!remote.has(vgw)) remote.set(vgw, new Set());
    remote.get(vgw)!.add(cidr);
  };
  for (const { item } of b.ex.get("VpnConnections")) {
    const vgw = str(item, "VpnGatewayId");
    if (!vgw || GONE.has(str(item, "State") ?? "")) continue;
    for (const r of objects(item, "Routes")) if (!GONE.has(str(r, "State") ?? "")) add(vgw, str(r, "DestinationCidrBlock"));
  }
  for (const { item } of b.ex.get("RouteTables")) {
    for (const r of objects(item, "Routes")) {
      const gw = str(r, "GatewayId");
      if (gw?.startsWith("vgw-") && str(r, "Origin") === "EnableVgwRoutePropagation") add(gw, str(r, "DestinationCidrBlock"));
    }
  }
  return remote;
}

function buildVpnGateways(b: AwsBuild): void {
  const remote = vpnRemoteCidrs(b);
  for (const { item, at } of b.ex.get("VpnGateways")) {
    const id = str(item, "VpnGatewayId");
    if (!id) continue;
    const gateway: Gateway = { id, kind: "vpn-gateway", networkIds: attachedVpcs(item, "VpcAttachments"), remoteCidrs: [...(remote.get(id) ?? [])] };
    placeGateway(b, "VpnGateways", gateway, item, at);
  }
}

function buildTransitGateways(b: AwsBuild): void {
  const attached = new Map<string, string[]>();
  for (const kind of ["TransitGatewayVpcAttachments", "TransitGatewayAttachments"] as const) {
    for (const { item } of b.ex.get(kind)) {
      const tgw = str(item, "TransitGatewayId");
      const vpc = str(item, "VpcId") ?? (str(item, "ResourceType") === "vpc" ? str(item, "ResourceId") : undefined);
      if (!tgw || !vpc || GONE.has(str(item, "State") ?? "")) continue;
      attached.set(tgw, [...new Set([...(attached.get(tgw) ?? []), vpc])]);
    }
  }
  for (const { item, at } of b.ex.get("TransitGateways")) {
    const id = str(item, "TransitGatewayId");
    if (!id) continue;
    const networkIds = attached.get(id) ?? [];
    if (networkIds.length === 0 && !b.ex.seen.has("TransitGatewayVpcAttachments") && !b.ex.seen.has("TransitGatewayAttachments")) {
      b.gap(`not enough data to judge traffic through ${id}: ${missing("TransitGatewayVpcAttachments")}`);
    }
    // Its route tables are not in describe output: flows into it end there as "no route", and the gap says why.
    b.gap(`not enough data to judge where ${id} forwards traffic: transit gateway route tables are not read`);
    placeGateway(b, "TransitGateways", { id, kind: "transit-gateway", networkIds }, item, at);
  }
}

function buildSimpleGateways(b: AwsBuild): void {
  const simple: [AwsKind, string, Gateway["kind"], string][] = [
    ["InternetGateways", "InternetGatewayId", "internet-gateway", "Attachments"],
    ["EgressOnlyInternetGateways", "EgressOnlyInternetGatewayId", "egress-only-internet-gateway", "Attachments"],
  ];
  for (const [kind, idKey, gatewayKind, attachments] of simple) {
    for (const { item, at } of b.ex.get(kind)) {
      const id = str(item, idKey);
      if (id) placeGateway(b, kind, { id, kind: gatewayKind, networkIds: attachedVpcs(item, attachments) }, item, at);
    }
  }
  for (const { item, at } of b.ex.get("VpcPeeringConnections")) {
    const id = str(item, "VpcPeeringConnectionId");
    const sides = ["RequesterVpcInfo", "AccepterVpcInfo"].map((k) => str(obj(item, k), "VpcId")).filter((v) => v !== undefined);
    const status = str(obj(item, "Status"), "Code");
    if (!id) continue;
    if (status !== undefined && status !== "active") b.note(`${id}: ${status}, not active: left out`);
    else placeGateway(b, "VpcPeeringConnections", { id, kind: "peering", networkIds: sides }, item, at);
  }
  for (const { item, at } of b.ex.get("VpcEndpoints")) {
    const id = str(item, "VpcEndpointId");
    const vpc = str(item, "VpcId");
    const serviceName = str(item, "ServiceName");
    if (!id || !vpc || str(item, "VpcEndpointType") !== "Gateway") continue;
    placeGateway(b, "VpcEndpoints", { id, kind: "gateway-endpoint", networkIds: [vpc], ...(serviceName ? { serviceName } : {}) }, item, at);
  }
}

export function buildGateways(b: AwsBuild): void {
  buildSimpleGateways(b);
  buildNatGateways(b);
  buildVpnGateways(b);
  buildTransitGateways(b);
}
