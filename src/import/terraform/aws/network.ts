// AWS networks in Terraform: VPCs and their blocks, subnets, gateways (internet, NAT, VPN, transit), route tables and routes.
// Each function reads one family into the mapping's shared state (index.ts).
import type {
  Network,
  PrefixList,
  Route,
  RouteTable,
  RouteTarget,
  Subnet,
  TransitAttachment,
  TransitRoute,
  TransitRouteTable,
} from "../../../topology/model.js";
import { Unknown, type Val, isMap } from "../evaluate.js";
import type { TfBlock, TfInstance } from "../mapper.js";
import type { AwsMapping } from "./index.js";
import { GATEWAY_TARGETS, asList } from "./shared.js";

// --- networks and subnets ---------------------------------------------------------------

export function prefixLists(m: AwsMapping): void {
  const c = m.c;
  const lists = new Map<string, PrefixList>();
  for (const inst of c.of("aws_ec2_managed_prefix_list", "data.aws_ec2_managed_prefix_list")) {
    const entries = inst.mode === "data" ? asList(c.value(inst, "entries")) : inst.blocks("entry").map((b) => b.arg("cidr"));
    const list: PrefixList = {
      ...c.element(inst, c.label(c.value(inst, "name"))),
      cidrs: entries.flatMap((e) => c.cidr(isMap(e) ? (e.cidr ?? null) : e, m.at(inst, "entry.cidr")) ?? []),
    };
    lists.set(list.id, list);
    c.topology.prefixLists.push(list);
  }
  for (const inst of c.of("aws_ec2_managed_prefix_list_entry")) {
    const list = m.find(lists, inst, "prefix_list_id", "prefix list");
    const cidr = c.cidr(inst.arg("cidr"), m.at(inst, "cidr"));
    if (list && cidr) list.cidrs.push(cidr);
  }
}

export function vpcs(m: AwsMapping): void {
  const c = m.c;
  for (const inst of c.of("aws_vpc", "data.aws_vpc")) {
    const cidrs: string[] = [];
    const configured = c.value(inst, "cidr_block");
    const primary = c.cidr(configured === null && inst.mode === "managed" ? inst.attr("cidr_block") : configured, m.at(inst, "cidr_block"));
    if (primary) cidrs.push(primary);
    const v6 =
      inst.mode === "managed" && inst.arg("ipv6_cidr_block") === null && inst.arg("assign_generated_ipv6_cidr_block") === true
        ? inst.attr("ipv6_cidr_block")
        : c.value(inst, "ipv6_cidr_block");
    const ipv6 = v6 === null || v6 === "" ? undefined : c.cidr(v6, m.at(inst, "ipv6_cidr_block"));
    if (ipv6) cidrs.push(ipv6);
    if (inst.mode === "data") for (const block of readVpcBlocks(m, inst)) if (!cidrs.includes(block)) cidrs.push(block);
    // A VPC the configuration creates has the flow logs it declares; one it reads has whatever it has.
    const network: Network = {
      ...c.element(inst),
      cloud: "aws",
      ...(c.region ? { region: c.region } : {}),
      cidrs,
      ...(inst.mode === "managed" ? { flowLogs: [] } : {}),
      // A VPC the configuration reads keeps its default security group, which is not in this input.
      ...(inst.mode === "data" ? { unknown: { rules: `its default security group is not in this input: ${inst.address} is read, not managed here` } } : {}),
    };
    m.networks.set(inst.address, network);
    c.topology.networks.push(network);
    // What the VPC's own defaults are called wherever the configuration refers to them.
    for (const [attr, role] of [
      ["main_route_table_id", "main_route_table_id"],
      ["default_route_table_id", "main_route_table_id"],
      ["default_security_group_id", "default_security_group_id"],
      ["default_network_acl_id", "default_network_acl_id"],
    ] as const) {
      const v = inst.attr(attr);
      if (typeof v === "string") c.alias(v, `${inst.address}.${role}`);
    }
  }
  for (const inst of c.of("aws_flow_log")) {
    const network = m.networks.get(c.knownIdent(inst.arg("vpc_id")) ?? "");
    network?.flowLogs?.push(inst.address);
  }
  for (const inst of c.of("aws_vpc_ipv4_cidr_block_association", "aws_vpc_ipv6_cidr_block_association")) {
    const network = m.find(m.networks, inst, "vpc_id", "VPC");
    const name = inst.type === "aws_vpc_ipv4_cidr_block_association" ? "cidr_block" : "ipv6_cidr_block";
    const configured = inst.arg(name);
    const cidr = c.cidr(configured === null ? inst.attr(name) : configured, m.at(inst, name));
    if (network && cidr && !network.cidrs.includes(cidr)) network.cidrs.push(cidr);
  }
}

/**
 * A read VPC's further IPv4 blocks: those it was read with (cidr_block_associations, in a plan or
 * state) and those it must have to be read at all (the EC2 filter cidr-block-association.cidr-block).
 */
export function readVpcBlocks(m: AwsMapping, inst: TfInstance): string[] {
  const c = m.c;
  const read = inst.attr("cidr_block_associations");
  const associated = Array.isArray(read) ? read.filter((a) => isMap(a) && a.state !== "disassociated").map((a) => (a as Record<string, Val>).cidr_block) : [];
  const filtered = inst
    .blocks("filter")
    .find((f) => f.arg("name") === "cidr-block-association.cidr-block")
    ?.arg("values");
  return [...associated, ...(Array.isArray(filtered) ? filtered : [])].flatMap((v) =>
    typeof v === "string" ? (c.cidr(v, m.at(inst, "cidr_block_associations")) ?? []) : [],
  );
}

export function subnetsOf(m: AwsMapping): void {
  const c = m.c;
  for (const inst of c.of("aws_subnet", "data.aws_subnet")) {
    const network = m.find(m.networks, inst, "vpc_id", "VPC");
    if (!network) continue;
    const cidrs = ["cidr_block", "ipv6_cidr_block"].flatMap((name) => {
      const v = c.value(inst, name);
      const planned = name === "ipv6_cidr_block" ? plannedIpv6(m, inst, v, network) : undefined;
      if (planned) return [planned];
      if (name === "ipv6_cidr_block" && v instanceof Unknown && withoutIpv6(m, network)) return [];
      const cidr = v === "" ? undefined : c.cidr(v, m.at(inst, name));
      return cidr ? [cidr] : [];
    });
    const zone =
      c.str(c.value(inst, "availability_zone"), m.at(inst, "availability_zone")) ??
      c.str(c.value(inst, "availability_zone_id"), m.at(inst, "availability_zone_id"));
    const subnet: Subnet = { ...c.element(inst), networkId: network.id, cidrs, ...(zone ? { zone } : {}) };
    m.subnets.set(inst.address, subnet);
    c.topology.subnets.push(subnet);
    // A subnet's zone names the VPC's region, over the default provider's (a module may be given another provider).
    if (zone && /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(zone) && !m.zoned.has(network.id)) {
      network.region = zone.slice(0, -1);
      m.zoned.add(network.id);
    }
  }
}

/** A VPC planned without IPv6 (none given, none generated, no association): its subnets' IPv6 blocks, computed at apply, are none. */
export function withoutIpv6(m: AwsMapping, network: Network): boolean {
  const vpc = m.c.instance(network.id);
  if (vpc?.mode !== "managed" || network.cidrs.some((b) => b.includes(":")) || m.c.of("aws_vpc_ipv6_cidr_block_association").length > 0) return false;
  return vpc.arg("assign_generated_ipv6_cidr_block") !== true && vpc.arg("ipv6_ipam_pool_id") === null && vpc.arg("ipv6_cidr_block") === null;
}

/**
 * A plan's subnet block computed from its VPC's block (`cidrsubnet(aws_vpc.main.ipv6_cidr_block,
 * 8, local.n)`: the plan gives the references, not the expression), when that VPC's block is a
 * stand-in itself: a stand-in /64 of it, one per subnet.
 */
export function plannedIpv6(m: AwsMapping, inst: TfInstance, v: Val, network: Network): string | undefined {
  if (!(v instanceof Unknown) || !v.resolve || inst.mode !== "managed") return undefined;
  if (!inst.references("ipv6_cidr_block").includes(`${network.id}.ipv6_cidr_block`)) return undefined;
  const block = network.cidrs.find((b) => b.endsWith("/56") && m.c.standIns.isStandIn(b));
  return block ? m.c.standIns.ipv6Subnet(block, inst.address) : undefined;
}

export function gatewaysOf(m: AwsMapping): void {
  const c = m.c;
  for (const inst of c.of("aws_internet_gateway", "data.aws_internet_gateway")) {
    // A data source names its VPC by the filter attachment.vpc-id (it has no vpc_id argument).
    const attached =
      inst.mode === "data"
        ? inst
            .blocks("filter")
            .find((f) => f.arg("name") === "attachment.vpc-id")
            ?.arg("values")
        : undefined;
    const v = Array.isArray(attached) && attached.length === 1 ? attached[0]! : c.value(inst, "vpc_id");
    const network = v === null ? undefined : m.find(m.networks, inst, "vpc_id", "VPC", v);
    m.addGateway(inst, { kind: "internet-gateway", networkIds: network ? [network.id] : [] });
  }
  for (const inst of c.of("aws_internet_gateway_attachment", "aws_vpn_gateway_attachment")) {
    const gateway = m.find(m.gateways, inst, inst.type === "aws_vpn_gateway_attachment" ? "vpn_gateway_id" : "internet_gateway_id", "gateway");
    const network = m.find(m.networks, inst, "vpc_id", "VPC");
    if (gateway && network && !gateway.networkIds.includes(network.id)) gateway.networkIds.push(network.id);
  }
  for (const inst of c.of("aws_egress_only_internet_gateway")) {
    const network = m.find(m.networks, inst, "vpc_id", "VPC");
    if (network) m.addGateway(inst, { kind: "egress-only-internet-gateway", networkIds: [network.id] });
  }
  for (const inst of c.of("aws_nat_gateway", "data.aws_nat_gateway")) natGateway(m, inst);
  for (const inst of c.of("aws_vpn_gateway")) {
    const v = inst.arg("vpc_id");
    const network = v === null ? undefined : m.find(m.networks, inst, "vpc_id", "VPC", v);
    m.addGateway(inst, { kind: "vpn-gateway", networkIds: network ? [network.id] : [], remoteCidrs: vpnRoutes(m, inst) });
  }
  for (const inst of c.of("aws_ec2_transit_gateway")) transitGateway(m, inst);
  transitAttachments(m);
  for (const inst of c.of("aws_vpc_peering_connection")) {
    const own = m.find(m.networks, inst, "vpc_id", "VPC");
    const peer = c.ident(inst.arg("peer_vpc_id"), m.at(inst, "peer_vpc_id"));
    if (own && peer) m.addGateway(inst, { kind: "peering", networkIds: [own.id, peer] });
  }
}

export function natGateway(m: AwsMapping, inst: TfInstance): void {
  const c = m.c;
  const subnet = m.find(m.subnets, inst, "subnet_id", "subnet");
  if (!subnet) return;
  const nat = m.addGateway(inst, { kind: "nat-gateway", networkIds: [subnet.networkId], subnetId: subnet.id });
  const privateIp = c.value(inst, "private_ip");
  const ip = privateIp === null || privateIp === "" ? undefined : c.ip(privateIp, m.at(inst, "private_ip"));
  if (ip) nat.privateIp = ip;
  else c.needAddress(subnet.id, 4, inst.address, (a) => (nat.privateIp = a));
  if (c.value(inst, "connectivity_type") === "private") return;
  // A public NAT gateway's address is its Elastic IP's.
  const allocation = c.ident(c.value(inst, "allocation_id"), m.at(inst, "allocation_id"));
  const eip = allocation === undefined ? undefined : c.instance(allocation);
  const pub = c.ip(eip ? eip.attr("public_ip") : inst.attr("public_ip"), `the public address of ${inst.address}`);
  if (pub) nat.publicIp = pub;
}

/** Static routes of the gateway's VPN connections: what it sends to the VPN. */
export function vpnRoutes(m: AwsMapping, gateway: TfInstance): string[] {
  const c = m.c;
  const connections = c.of("aws_vpn_connection").filter((conn) => c.ident(conn.arg("vpn_gateway_id"), m.at(conn, "vpn_gateway_id")) === gateway.address);
  const cidrs: string[] = [];
  for (const conn of connections) {
    if (c.value(conn, "static_routes_only") !== true) c.gap(conn.address, "routes it learns over BGP are not known statically");
    for (const r of c.of("aws_vpn_connection_route")) {
      if (c.ident(r.arg("vpn_connection_id"), m.at(r, "vpn_connection_id")) !== conn.address) continue;
      const cidr = c.cidr(r.arg("destination_cidr_block"), m.at(r, "destination_cidr_block"));
      if (cidr) cidrs.push(cidr);
    }
  }
  return cidrs;
}

/**
 * A transit gateway and its default route table (`<address>.association_default_route_table_id`,
 * the reference its routes name), which the transit gateway uses for association and propagation
 * unless told not to.
 */
export function transitGateway(m: AwsMapping, inst: TfInstance): void {
  const gateway = m.addGateway(inst, { kind: "transit-gateway", networkIds: [] });
  const table: TransitRouteTable = { id: `${gateway.id}.association_default_route_table_id`, gatewayId: gateway.id, routes: [] };
  (m.c.topology.transitRouteTables ??= []).push(table);
  m.transitTables.set(gateway.id, { table, inst });
}

/** Attachments put VPCs on a transit gateway, associated with and propagating to its default route table; plus static routes. */
export function transitAttachments(m: AwsMapping): void {
  const c = m.c;
  const attachments = (c.topology.transitAttachments ??= []);
  for (const inst of c.of("aws_ec2_transit_gateway_vpc_attachment")) {
    const tgw = m.find(m.gateways, inst, "transit_gateway_id", "transit gateway");
    const network = m.find(m.networks, inst, "vpc_id", "VPC");
    const found = tgw && m.transitTables.get(tgw.id);
    if (!tgw || !network || !found) continue;
    const { table } = found;
    tgw.networkIds.push(network.id);
    const subnetIds = c.idents(inst.arg("subnet_ids"), m.at(inst, "subnet_ids")).filter((id) => m.subnets.has(id));
    const gatewayOption = (name: string) => c.value(found.inst, name) !== "disable";
    const associated = c.value(inst, "transit_gateway_default_route_table_association") !== false && gatewayOption("default_route_table_association");
    const attachment: TransitAttachment = {
      id: inst.address,
      gatewayId: tgw.id,
      kind: "vpc",
      networkId: network.id,
      ...(subnetIds.length > 0 ? { subnetIds } : {}),
      ...(c.value(inst, "appliance_mode_support") === "enable" ? { applianceMode: true } : {}),
      ...(associated ? { routeTableId: table.id } : {}),
    };
    if (!associated) c.gap(inst.address, "it is associated with a transit gateway route table other than the default one, which is not modelled");
    attachments.push(attachment);
    if (c.value(inst, "transit_gateway_default_route_table_propagation") !== false && gatewayOption("default_route_table_propagation")) {
      for (const cidr of network.cidrs) table.routes.push({ destination: cidr, attachmentId: attachment.id, origin: "propagated" });
    }
  }
  for (const inst of c.of("aws_ec2_transit_gateway_route")) {
    const ref = c.ident(inst.arg("transit_gateway_route_table_id"), m.at(inst, "transit_gateway_route_table_id"));
    const table = (c.topology.transitRouteTables ?? []).find((t) => t.id === ref);
    if (!table) {
      c.gap(inst.address, "it is in a transit gateway route table other than the default one, which is not modelled");
      continue;
    }
    const destination = c.cidr(inst.arg("destination_cidr_block"), m.at(inst, "destination_cidr_block"));
    if (!destination) continue;
    const route: TransitRoute = { destination, origin: "static" };
    if (c.value(inst, "blackhole") !== true) {
      const attachment = c.ident(inst.arg("transit_gateway_attachment_id"), m.at(inst, "transit_gateway_attachment_id"));
      if (!attachments.some((a) => a.id === attachment && a.gatewayId === table.gatewayId)) {
        c.gap(inst.address, `its attachment ${attachment ?? "(none)"} is not a VPC attachment of this configuration`);
        continue;
      }
      route.attachmentId = attachment!;
    }
    table.routes.push(route);
  }
}

export function routeTablesOf(m: AwsMapping): void {
  const c = m.c;
  for (const inst of c.of("aws_route_table", "data.aws_route_table")) {
    const network = m.find(m.networks, inst, "vpc_id", "VPC");
    if (!network) continue;
    const table = m.addTable(inst, inst.address, network.id);
    for (const [i, b] of routeBlocks(inst).entries()) addRoute(m, table, b, `${inst.address}.route[${i}]`, true);
  }
  for (const inst of c.of("aws_default_route_table")) {
    const main = c.ident(inst.arg("default_route_table_id"), m.at(inst, "default_route_table_id"));
    const network = m.vpcOfDefault(main, "main_route_table_id");
    if (!network) {
      c.gap(inst.address, `its VPC is not in this configuration (default_route_table_id ${main ?? "unknown"})`);
      continue;
    }
    const table = m.addTable(inst, inst.address, network.id);
    network.mainRouteTableId = table.id;
    c.alias(main!, table.id);
    for (const [i, b] of routeBlocks(inst).entries()) addRoute(m, table, b, `${inst.address}.route[${i}]`, true);
  }
  for (const inst of c.of("aws_route")) {
    const table = m.table(inst, "route_table_id");
    if (table) addRoute(m, table, inst, inst.address, false);
  }
  for (const inst of c.of("aws_route_table_association")) {
    if (inst.arg("gateway_id") !== null) {
      c.gap(inst.address, "edge associations (ingress routing through an appliance) are not modelled");
      continue;
    }
    const subnet = m.find(m.subnets, inst, "subnet_id", "subnet");
    const table = m.table(inst, "route_table_id");
    if (subnet && table) subnet.routeTableId = table.id;
  }
  for (const inst of c.of("aws_main_route_table_association")) {
    const network = m.find(m.networks, inst, "vpc_id", "VPC");
    const table = m.table(inst, "route_table_id");
    if (network && table) network.mainRouteTableId = table.id;
  }
  // A subnet read from a VPC that is read too (aws.vpc.existing): its route table is the owner's, not in this input.
  for (const subnet of m.subnets.values()) {
    const network = m.networks.get(subnet.networkId);
    if (subnet.routeTableId || network?.mainRouteTableId || c.instance(subnet.id)?.mode !== "data" || c.instance(subnet.networkId)?.mode !== "data") continue;
    const why = "its route table is not in this input (the subnet and its VPC are read, not managed here); audit the live VPC to judge its routes";
    subnet.unknown = { ...subnet.unknown, routes: why };
    if (!c.gaps.some((g) => g.subject === subnet.id)) c.gap(subnet.id, why);
  }
}

/** Inline routes: `route { ... }` blocks, or `route = [...]` as an attribute (a plan or state gives that). */
export function routeBlocks(inst: TfInstance): TfBlock[] {
  return inst.mode === "data" ? [] : inst.blocks("route");
}

export function addRoute(m: AwsMapping, table: RouteTable, b: TfBlock, id: string, inline: boolean): void {
  const c = m.c;
  const names = inline ? ["cidr_block", "ipv6_cidr_block"] : ["destination_cidr_block", "destination_ipv6_cidr_block"];
  let destination: string | undefined;
  for (const name of names) {
    const v = b.arg(name);
    if (v !== null && v !== "") destination = c.cidr(v, `${id}.${name}`);
  }
  const list = b.arg("destination_prefix_list_id");
  if (destination === undefined && list !== null && list !== "") {
    const listId = c.ident(list, `${id}.destination_prefix_list_id`);
    if (listId && !c.topology.prefixLists.some((p) => p.id === listId)) return c.gap(id, `its destination prefix list ${listId} is not in this configuration`);
    destination = listId;
  }
  if (destination === undefined) {
    if (!names.some((n) => b.arg(n) !== null) && list === null) c.gap(id, "it has no destination");
    return;
  }
  const target = routeTarget(m, b, id);
  if (target) table.routes.push({ id, destination, target } satisfies Route);
}

export function routeTarget(m: AwsMapping, b: TfBlock, id: string): RouteTarget | undefined {
  const c = m.c;
  for (const name of GATEWAY_TARGETS) {
    const v = b.arg(name);
    if (v === null || v === "") continue;
    if (v === "local") return { kind: "local" };
    const target = c.ident(v, `${id}.${name}`);
    return target === undefined ? undefined : { kind: "gateway", id: target };
  }
  for (const name of ["network_interface_id", "instance_id"]) {
    const v = b.arg(name);
    if (v === null || v === "") continue;
    const target = c.ident(v, `${id}.${name}`);
    return target === undefined ? undefined : { kind: "interface", id: target };
  }
  c.gap(id, "it has no target");
  return undefined;
}
