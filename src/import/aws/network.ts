// AWS describe-* -> networks, subnets, route tables and gateways.
import { type Json, obj, objects, str, strings } from "../../io/json-folder.js";
import { parseAddress, parsePrefix } from "../../ipam/prefix.js";
import type {
  Gateway,
  Network,
  Route,
  RouteOrigin,
  RouteTable,
  RouteTarget,
  SourceLocation,
  Subnet,
  TransitAttachment,
  TransitRouteTable,
} from "../../topology/model.js";
import { type AwsBuild, type AwsKind, missing, tagsOf } from "./export.js";

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
    // describe-network-interfaces lists every interface of the account's VPCs: who holds each address is known.
    const known = b.ex.seen.has("NetworkInterfaces") ? { holdersKnown: true } : {};
    const network: Network = { id, cloud: "aws", ...(region ? { region } : {}), cidrs: [...cidrs, ...ipv6Blocks(b, item, id)], ...known, ...tagsOf(item) };
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
  "GatewayId",
  "NatGatewayId",
  "EgressOnlyInternetGatewayId",
  "TransitGatewayId",
  "VpcPeeringConnectionId",
  "CarrierGatewayId",
  "LocalGatewayId",
  "CoreNetworkArn",
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
    const routes = objects(item, "Routes")
      .map((r) => route(b, r, id))
      .filter((r) => r !== undefined);
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
    if (GONE.has(str(item, "State") ?? "")) {
      // Its addresses are released: a flow to one is answered by nothing of this network.
      const released = (b.topology.releasedAddresses ??= []);
      for (const a of addresses)
        for (const key of ["PrivateIp", "PublicIp"]) {
          const address = str(a, key);
          if (address && parseAddress(address) && !released.some((r) => r.address === address)) released.push({ address, formerHolder: id });
        }
    }
    const primary = addresses.find((a) => a.IsPrimary === true) ?? addresses[0];
    const privateIp = str(primary, "PrivateIp");
    const publicIp = str(primary, "PublicIp");
    const subnetId = str(item, "SubnetId");
    const gateway: Gateway = {
      id,
      kind: "nat-gateway",
      networkIds: [vpc],
      ...(subnetId ? { subnetId } : {}),
      ...(privateIp ? { privateIp } : {}),
      ...(publicIp ? { publicIp } : {}),
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

const ATTACHMENT_KINDS = new Set<TransitAttachment["kind"]>(["vpc", "peering", "vpn", "direct-connect-gateway", "connect"]);

function isAttachmentKind(kind: string | undefined): kind is TransitAttachment["kind"] {
  return kind !== undefined && ATTACHMENT_KINDS.has(kind as TransitAttachment["kind"]);
}

/**
 * Attachments (describe-transit-gateway-attachments: kind, association; the VPC attachments' own
 * records: subnets, appliance mode). An export with the VPC attachments only lacks associations:
 * the transit gateway's default association table is assumed, and said so.
 */
function buildTransitAttachments(b: AwsBuild, gateways: ReadonlyMap<string, Json>): TransitAttachment[] {
  const vpcRecords = new Map<string, Json>();
  for (const { item } of b.ex.get("TransitGatewayVpcAttachments")) {
    const id = str(item, "TransitGatewayAttachmentId");
    if (id && !GONE.has(str(item, "State") ?? "")) vpcRecords.set(id, item);
  }
  const vpcDetails = (id: string, vpc: string | undefined): Partial<TransitAttachment> => {
    const record = vpcRecords.get(id);
    const subnetIds = strings(record, "SubnetIds");
    const applianceMode = str(obj(record ?? {}, "Options"), "ApplianceModeSupport") === "enable";
    return { ...(vpc ? { networkId: vpc } : {}), subnetIds, ...(applianceMode ? { applianceMode } : {}) };
  };
  const attachments: TransitAttachment[] = [];
  const listed = b.ex.seen.has("TransitGatewayAttachments");
  for (const { item } of b.ex.get("TransitGatewayAttachments")) {
    const id = str(item, "TransitGatewayAttachmentId");
    const gatewayId = str(item, "TransitGatewayId");
    const kind = str(item, "ResourceType");
    const resource = str(item, "ResourceId");
    if (!id || !gatewayId || GONE.has(str(item, "State") ?? "")) continue;
    if (!isAttachmentKind(kind)) {
      b.note(`${id}: a ${kind ?? "?"} attachment of ${gatewayId} is not modelled: left out`);
      continue;
    }
    const association = obj(item, "Association");
    const routeTableId = ASSOCIATED.has(str(association, "State") ?? "") ? str(association, "TransitGatewayRouteTableId") : undefined;
    attachments.push({
      id,
      gatewayId,
      kind,
      ...(routeTableId ? { routeTableId } : {}),
      ...(kind === "vpc" ? vpcDetails(id, resource) : {}),
      ...(kind === "peering" && resource ? { peerGatewayId: resource } : {}),
    });
  }
  if (!listed) {
    for (const [id, item] of vpcRecords) {
      const gatewayId = str(item, "TransitGatewayId");
      if (!gatewayId) continue;
      const options = obj(gateways.get(gatewayId) ?? {}, "Options");
      const routeTableId = str(options, "DefaultRouteTableAssociation") === "enable" ? str(options, "AssociationDefaultRouteTableId") : undefined;
      b.gap(
        `which route table routes traffic from ${id}`,
        `${missing("TransitGatewayAttachments")}; assumed: ${routeTableId ?? "none"} (${gatewayId}'s default association table)`,
      );
      attachments.push({ id, gatewayId, kind: "vpc", ...(routeTableId ? { routeTableId } : {}), ...vpcDetails(id, str(item, "VpcId")) });
    }
  }
  return attachments;
}

/** Route tables: static and blackhole routes as listed, propagated routes from each enabled propagation. */
function buildTransitRouteTables(b: AwsBuild, attachments: readonly TransitAttachment[]): TransitRouteTable[] {
  const tables = new Map<string, TransitRouteTable>();
  for (const { item } of b.ex.get("TransitGatewayRouteTables")) {
    const id = str(item, "TransitGatewayRouteTableId");
    const gatewayId = str(item, "TransitGatewayId");
    if (id && gatewayId && !GONE.has(str(item, "State") ?? "")) tables.set(id, { id, gatewayId, routes: [], ...tagsOf(item) });
  }
  const table = (item: Json, what: string): TransitRouteTable | undefined => {
    const id = str(item, "TransitGatewayRouteTableId");
    const found = id === undefined ? undefined : tables.get(id);
    if (id && !found) b.note(`${what} of ${id}: the route table is not in the export: ignored`);
    return found;
  };
  for (const { item } of b.ex.get("TransitGatewayStaticRoutes")) {
    const t = table(item, "static routes");
    for (const r of t ? objects(item, "Routes") : []) {
      const state = str(r, "State");
      if (state !== undefined && state !== "active" && state !== "blackhole") continue;
      const destination = block(b, str(r, "DestinationCidrBlock"), t!.id);
      if (!destination) {
        if (str(r, "PrefixListId"))
          b.gap(`${t!.id}'s route to ${str(r, "PrefixListId")}`, "prefix list references in transit gateway route tables are not modelled");
        continue;
      }
      const attachmentId = state === "blackhole" ? undefined : str(objects(r, "TransitGatewayAttachments")[0] ?? {}, "TransitGatewayAttachmentId");
      const origin = str(r, "Type") === "propagated" ? "propagated" : "static";
      t!.routes.push({ destination, ...(attachmentId ? { attachmentId } : {}), origin });
    }
  }
  const byId = new Map(attachments.map((a) => [`${a.gatewayId}|${a.id}`, a]));
  for (const { item } of b.ex.get("TransitGatewayPropagations")) {
    const t = table(item, "propagations");
    for (const p of t ? objects(item, "TransitGatewayRouteTablePropagations") : []) {
      const id = str(p, "TransitGatewayAttachmentId");
      const attachment = id === undefined ? undefined : byId.get(`${t!.gatewayId}|${id}`);
      if (str(p, "State") !== "enabled" || !attachment) continue;
      if (attachment.kind !== "vpc") {
        b.gap(`the routes ${attachment.id} propagates into ${t!.id}`, "routes learned over BGP are not in the export");
        continue;
      }
      // A VPC attachment propagates its VPC's blocks (tgw-route-tables, "Route propagation").
      const network = b.topology.networks.find((n) => n.id === attachment.networkId);
      for (const destination of network?.cidrs ?? []) {
        if (!t!.routes.some((r) => r.destination === destination && r.origin === "propagated"))
          t!.routes.push({ destination, attachmentId: attachment.id, origin: "propagated" });
      }
    }
  }
  return [...tables.values()];
}

function buildTransitGateways(b: AwsBuild): void {
  const records = new Map<string, Json>();
  for (const { item } of b.ex.get("TransitGateways")) {
    const id = str(item, "TransitGatewayId");
    if (id && !GONE.has(str(item, "State") ?? "")) records.set(id, item);
  }
  const attachments = buildTransitAttachments(b, records);
  const tables = buildTransitRouteTables(b, attachments);
  for (const { item, at } of b.ex.get("TransitGateways")) {
    const id = str(item, "TransitGatewayId");
    if (!id || !records.has(id)) continue;
    const networkIds = [...new Set(attachments.filter((a) => a.gatewayId === id && a.networkId).map((a) => a.networkId!))];
    if (networkIds.length === 0 && !b.ex.seen.has("TransitGatewayVpcAttachments") && !b.ex.seen.has("TransitGatewayAttachments")) {
      b.gap(`traffic through ${id}`, missing("TransitGatewayVpcAttachments"));
    }
    for (const kind of ["TransitGatewayRouteTables", "TransitGatewayStaticRoutes", "TransitGatewayPropagations"] as const) {
      if (!b.ex.seen.has(kind)) b.gap(`where ${id} forwards traffic`, missing(kind));
    }
    placeGateway(b, "TransitGateways", { id, kind: "transit-gateway", networkIds }, item, at);
  }
  // Attachments of transit gateways in the export (a peering's other side may be elsewhere).
  b.topology.transitAttachments = attachments.filter((a) => b.has(a.gatewayId));
  b.topology.transitRouteTables = tables.filter((t) => b.has(t.gatewayId));
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
