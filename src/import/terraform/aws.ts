// AWS resources of a Terraform configuration, plan or state -> the topology. One mapper for both
// importers: it reads arguments and attributes through TfInstance, whatever produced them.
// Elements are identified by their Terraform address; references resolve to addresses through
// the stand-in ids (configuration, plan) or the real ids (state).
import type {
  Gateway,
  Listener,
  ListenerProtocol,
  LoadBalancer,
  LoadBalancerNode,
  Network,
  NetworkAcl,
  NetworkAclEntry,
  NetworkInterface,
  Peer,
  PrefixList,
  Protocol,
  Queue,
  Route,
  RouteTable,
  RouteTarget,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Target,
  TargetGroup,
  TransitAttachment,
  TransitRoute,
  TransitRouteTable,
} from "../../topology/model.js";
import { parseAddress } from "../../topology/address.js";
import { listenerProtocol } from "../aws/elb.js";
import { Unknown, type Val, isMap } from "./evaluate.js";
import { type MapContext, type TfBlock, type TfInstance, fromAbsentLocal, modulePrefix } from "./mapper.js";

const WORLD = ["0.0.0.0/0", "::/0"];

/** Route arguments naming a gateway-like target, as aws_route and inline routes spell them. */
const GATEWAY_TARGETS = [
  "gateway_id",
  "nat_gateway_id",
  "egress_only_gateway_id",
  "transit_gateway_id",
  "vpc_peering_connection_id",
  "vpc_endpoint_id",
  "local_gateway_id",
  "carrier_gateway_id",
  "core_network_arn",
];

export function mapAws(c: MapContext): void {
  new AwsMapping(c).run();
}

class AwsMapping {
  private readonly networks = new Map<string, Network>();
  private readonly subnets = new Map<string, Subnet>();
  /** Networks whose region a subnet's zone said. */
  private readonly zoned = new Set<string>();
  /** Each transit gateway's default route table, and the gateway's instance. */
  private readonly transitTables = new Map<string, { table: TransitRouteTable; inst: TfInstance }>();
  private readonly tables = new Map<string, RouteTable>();
  private readonly gateways = new Map<string, Gateway>();
  private readonly groups = new Map<string, SecurityGroup>();
  private readonly acls = new Map<string, NetworkAcl>();
  private readonly interfaces = new Map<string, NetworkInterface>();
  private readonly lbs = new Map<string, LoadBalancer>();
  private readonly targetGroups = new Map<string, TargetGroup>();

  constructor(private readonly c: MapContext) {}

  run(): void {
    this.prefixLists();
    this.vpcs();
    this.subnetsOf();
    this.gatewaysOf();
    this.routeTablesOf();
    this.securityGroupsOf();
    this.networkAclsOf();
    this.interfacesOf();
    this.loadBalancersOf();
    this.endpointServicesOf();
    this.endpointsOf();
    this.queuesOf();
    this.rolesOf();
    this.tiers();
  }

  private at(inst: TfInstance, name: string): string {
    return `${inst.address}.${name}`;
  }

  /** The element an argument refers to, among `map`; a gap when it is not there. */
  private find<T>(map: Map<string, T>, inst: TfInstance, name: string, what: string, v: Val = this.c.value(inst, name)): T | undefined {
    // terraform-aws-modules/vpc: `vpc_id = local.vpc_id`, which plan JSON leaves out; with one VPC there is no other it can be.
    if (fromAbsentLocal(v) && map.size === 1) {
      const [only, found] = [...map][0]!;
      this.c.assume(`${name} comes from a local, which plan JSON leaves out, for {subjects}: taken to be ${only}, the only ${what}`, inst.address);
      return found;
    }
    const id = this.c.ident(v, this.at(inst, name));
    if (id === undefined) {
      if (v === null && inst.mode === "managed") this.c.gap(inst.address, `it has no ${name}`);
      return undefined;
    }
    const found = map.get(id);
    if (!found) this.c.gap(inst.address, `its ${what} ${id} is not in this configuration`);
    return found;
  }

  /** The VPC whose default (main route table, default network ACL) an id names: `aws_vpc.main.main_route_table_id`. */
  private vpcOfDefault(id: string | undefined, attr: string): Network | undefined {
    return id?.endsWith(`.${attr}`) ? this.networks.get(id.slice(0, -attr.length - 1)) : undefined;
  }

  // --- networks and subnets ---------------------------------------------------------------

  private prefixLists(): void {
    const c = this.c;
    const lists = new Map<string, PrefixList>();
    for (const inst of c.of("aws_ec2_managed_prefix_list", "data.aws_ec2_managed_prefix_list")) {
      const entries = inst.mode === "data" ? asList(c.value(inst, "entries")) : inst.blocks("entry").map((b) => b.arg("cidr"));
      const list: PrefixList = {
        ...c.element(inst, c.label(c.value(inst, "name"))),
        cidrs: entries.flatMap((e) => c.cidr(isMap(e) ? (e.cidr ?? null) : e, this.at(inst, "entry.cidr")) ?? []),
      };
      lists.set(list.id, list);
      c.topology.prefixLists.push(list);
    }
    for (const inst of c.of("aws_ec2_managed_prefix_list_entry")) {
      const list = this.find(lists, inst, "prefix_list_id", "prefix list");
      const cidr = c.cidr(inst.arg("cidr"), this.at(inst, "cidr"));
      if (list && cidr) list.cidrs.push(cidr);
    }
  }

  private vpcs(): void {
    const c = this.c;
    for (const inst of c.of("aws_vpc", "data.aws_vpc")) {
      const cidrs: string[] = [];
      const configured = c.value(inst, "cidr_block");
      const primary = c.cidr(configured === null && inst.mode === "managed" ? inst.attr("cidr_block") : configured, this.at(inst, "cidr_block"));
      if (primary) cidrs.push(primary);
      const v6 =
        inst.mode === "managed" && inst.arg("ipv6_cidr_block") === null && inst.arg("assign_generated_ipv6_cidr_block") === true
          ? inst.attr("ipv6_cidr_block")
          : c.value(inst, "ipv6_cidr_block");
      const ipv6 = v6 === null || v6 === "" ? undefined : c.cidr(v6, this.at(inst, "ipv6_cidr_block"));
      if (ipv6) cidrs.push(ipv6);
      if (inst.mode === "data") for (const block of this.readVpcBlocks(inst)) if (!cidrs.includes(block)) cidrs.push(block);
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
      this.networks.set(inst.address, network);
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
      const network = this.networks.get(c.knownIdent(inst.arg("vpc_id")) ?? "");
      network?.flowLogs?.push(inst.address);
    }
    for (const inst of c.of("aws_vpc_ipv4_cidr_block_association", "aws_vpc_ipv6_cidr_block_association")) {
      const network = this.find(this.networks, inst, "vpc_id", "VPC");
      const name = inst.type === "aws_vpc_ipv4_cidr_block_association" ? "cidr_block" : "ipv6_cidr_block";
      const configured = inst.arg(name);
      const cidr = c.cidr(configured === null ? inst.attr(name) : configured, this.at(inst, name));
      if (network && cidr && !network.cidrs.includes(cidr)) network.cidrs.push(cidr);
    }
  }

  /**
   * A read VPC's further IPv4 blocks: those it was read with (cidr_block_associations, in a plan or
   * state) and those it must have to be read at all (the EC2 filter cidr-block-association.cidr-block).
   */
  private readVpcBlocks(inst: TfInstance): string[] {
    const c = this.c;
    const read = inst.attr("cidr_block_associations");
    const associated = Array.isArray(read) ? read.filter((a) => isMap(a) && a.state !== "disassociated").map((a) => (a as Record<string, Val>).cidr_block) : [];
    const filtered = inst
      .blocks("filter")
      .find((f) => f.arg("name") === "cidr-block-association.cidr-block")
      ?.arg("values");
    return [...associated, ...(Array.isArray(filtered) ? filtered : [])].flatMap((v) =>
      typeof v === "string" ? (c.cidr(v, this.at(inst, "cidr_block_associations")) ?? []) : [],
    );
  }

  private subnetsOf(): void {
    const c = this.c;
    for (const inst of c.of("aws_subnet", "data.aws_subnet")) {
      const network = this.find(this.networks, inst, "vpc_id", "VPC");
      if (!network) continue;
      const cidrs = ["cidr_block", "ipv6_cidr_block"].flatMap((name) => {
        const v = c.value(inst, name);
        const planned = name === "ipv6_cidr_block" ? this.plannedIpv6(inst, v, network) : undefined;
        if (planned) return [planned];
        if (name === "ipv6_cidr_block" && v instanceof Unknown && this.withoutIpv6(network)) return [];
        const cidr = v === "" ? undefined : c.cidr(v, this.at(inst, name));
        return cidr ? [cidr] : [];
      });
      const zone =
        c.str(c.value(inst, "availability_zone"), this.at(inst, "availability_zone")) ??
        c.str(c.value(inst, "availability_zone_id"), this.at(inst, "availability_zone_id"));
      const subnet: Subnet = { ...c.element(inst), networkId: network.id, cidrs, ...(zone ? { zone } : {}) };
      this.subnets.set(inst.address, subnet);
      c.topology.subnets.push(subnet);
      // A subnet's zone names the VPC's region, over the default provider's (a module may be given another provider).
      if (zone && /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(zone) && !this.zoned.has(network.id)) {
        network.region = zone.slice(0, -1);
        this.zoned.add(network.id);
      }
    }
  }

  /** A VPC planned without IPv6 (none given, none generated, no association): its subnets' IPv6 blocks, computed at apply, are none. */
  private withoutIpv6(network: Network): boolean {
    const vpc = this.c.instance(network.id);
    if (vpc?.mode !== "managed" || network.cidrs.some((b) => b.includes(":")) || this.c.of("aws_vpc_ipv6_cidr_block_association").length > 0) return false;
    return vpc.arg("assign_generated_ipv6_cidr_block") !== true && vpc.arg("ipv6_ipam_pool_id") === null && vpc.arg("ipv6_cidr_block") === null;
  }

  /**
   * A plan's subnet block computed from its VPC's block (`cidrsubnet(aws_vpc.main.ipv6_cidr_block,
   * 8, local.n)`: the plan gives the references, not the expression), when that VPC's block is a
   * stand-in itself: a stand-in /64 of it, one per subnet.
   */
  private plannedIpv6(inst: TfInstance, v: Val, network: Network): string | undefined {
    if (!(v instanceof Unknown) || !v.resolve || inst.mode !== "managed") return undefined;
    if (!inst.references("ipv6_cidr_block").includes(`${network.id}.ipv6_cidr_block`)) return undefined;
    const block = network.cidrs.find((b) => b.endsWith("/56") && this.c.standIns.isStandIn(b));
    return block ? this.c.standIns.ipv6Subnet(block, inst.address) : undefined;
  }

  // --- gateways ---------------------------------------------------------------------------

  private addGateway(inst: TfInstance, g: Omit<Gateway, "id">): Gateway {
    const gateway: Gateway = { ...this.c.element(inst), ...g };
    this.gateways.set(gateway.id, gateway);
    this.c.topology.gateways.push(gateway);
    return gateway;
  }

  private gatewaysOf(): void {
    const c = this.c;
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
      const network = v === null ? undefined : this.find(this.networks, inst, "vpc_id", "VPC", v);
      this.addGateway(inst, { kind: "internet-gateway", networkIds: network ? [network.id] : [] });
    }
    for (const inst of c.of("aws_internet_gateway_attachment", "aws_vpn_gateway_attachment")) {
      const gateway = this.find(this.gateways, inst, inst.type === "aws_vpn_gateway_attachment" ? "vpn_gateway_id" : "internet_gateway_id", "gateway");
      const network = this.find(this.networks, inst, "vpc_id", "VPC");
      if (gateway && network && !gateway.networkIds.includes(network.id)) gateway.networkIds.push(network.id);
    }
    for (const inst of c.of("aws_egress_only_internet_gateway")) {
      const network = this.find(this.networks, inst, "vpc_id", "VPC");
      if (network) this.addGateway(inst, { kind: "egress-only-internet-gateway", networkIds: [network.id] });
    }
    for (const inst of c.of("aws_nat_gateway", "data.aws_nat_gateway")) this.natGateway(inst);
    for (const inst of c.of("aws_vpn_gateway")) {
      const v = inst.arg("vpc_id");
      const network = v === null ? undefined : this.find(this.networks, inst, "vpc_id", "VPC", v);
      this.addGateway(inst, { kind: "vpn-gateway", networkIds: network ? [network.id] : [], remoteCidrs: this.vpnRoutes(inst) });
    }
    for (const inst of c.of("aws_ec2_transit_gateway")) this.transitGateway(inst);
    this.transitAttachments();
    for (const inst of c.of("aws_vpc_peering_connection")) {
      const own = this.find(this.networks, inst, "vpc_id", "VPC");
      const peer = c.ident(inst.arg("peer_vpc_id"), this.at(inst, "peer_vpc_id"));
      if (own && peer) this.addGateway(inst, { kind: "peering", networkIds: [own.id, peer] });
    }
  }

  private natGateway(inst: TfInstance): void {
    const c = this.c;
    const subnet = this.find(this.subnets, inst, "subnet_id", "subnet");
    if (!subnet) return;
    const nat = this.addGateway(inst, { kind: "nat-gateway", networkIds: [subnet.networkId], subnetId: subnet.id });
    const privateIp = c.value(inst, "private_ip");
    const ip = privateIp === null || privateIp === "" ? undefined : c.ip(privateIp, this.at(inst, "private_ip"));
    if (ip) nat.privateIp = ip;
    else c.needAddress(subnet.id, 4, inst.address, (a) => (nat.privateIp = a));
    if (c.value(inst, "connectivity_type") === "private") return;
    // A public NAT gateway's address is its Elastic IP's.
    const allocation = c.ident(c.value(inst, "allocation_id"), this.at(inst, "allocation_id"));
    const eip = allocation === undefined ? undefined : c.instance(allocation);
    const pub = c.ip(eip ? eip.attr("public_ip") : inst.attr("public_ip"), `the public address of ${inst.address}`);
    if (pub) nat.publicIp = pub;
  }

  /** Static routes of the gateway's VPN connections: what it sends to the VPN. */
  private vpnRoutes(gateway: TfInstance): string[] {
    const c = this.c;
    const connections = c.of("aws_vpn_connection").filter((conn) => c.ident(conn.arg("vpn_gateway_id"), this.at(conn, "vpn_gateway_id")) === gateway.address);
    const cidrs: string[] = [];
    for (const conn of connections) {
      if (c.value(conn, "static_routes_only") !== true) c.gap(conn.address, "routes it learns over BGP are not known statically");
      for (const r of c.of("aws_vpn_connection_route")) {
        if (c.ident(r.arg("vpn_connection_id"), this.at(r, "vpn_connection_id")) !== conn.address) continue;
        const cidr = c.cidr(r.arg("destination_cidr_block"), this.at(r, "destination_cidr_block"));
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
  private transitGateway(inst: TfInstance): void {
    const gateway = this.addGateway(inst, { kind: "transit-gateway", networkIds: [] });
    const table: TransitRouteTable = { id: `${gateway.id}.association_default_route_table_id`, gatewayId: gateway.id, routes: [] };
    (this.c.topology.transitRouteTables ??= []).push(table);
    this.transitTables.set(gateway.id, { table, inst });
  }

  /** Attachments put VPCs on a transit gateway, associated with and propagating to its default route table; plus static routes. */
  private transitAttachments(): void {
    const c = this.c;
    const attachments = (c.topology.transitAttachments ??= []);
    for (const inst of c.of("aws_ec2_transit_gateway_vpc_attachment")) {
      const tgw = this.find(this.gateways, inst, "transit_gateway_id", "transit gateway");
      const network = this.find(this.networks, inst, "vpc_id", "VPC");
      const found = tgw && this.transitTables.get(tgw.id);
      if (!tgw || !network || !found) continue;
      const { table } = found;
      tgw.networkIds.push(network.id);
      const subnetIds = c.idents(inst.arg("subnet_ids"), this.at(inst, "subnet_ids")).filter((id) => this.subnets.has(id));
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
      const ref = c.ident(inst.arg("transit_gateway_route_table_id"), this.at(inst, "transit_gateway_route_table_id"));
      const table = (c.topology.transitRouteTables ?? []).find((t) => t.id === ref);
      if (!table) {
        c.gap(inst.address, "it is in a transit gateway route table other than the default one, which is not modelled");
        continue;
      }
      const destination = c.cidr(inst.arg("destination_cidr_block"), this.at(inst, "destination_cidr_block"));
      if (!destination) continue;
      const route: TransitRoute = { destination, origin: "static" };
      if (c.value(inst, "blackhole") !== true) {
        const attachment = c.ident(inst.arg("transit_gateway_attachment_id"), this.at(inst, "transit_gateway_attachment_id"));
        if (!attachments.some((a) => a.id === attachment && a.gatewayId === table.gatewayId)) {
          c.gap(inst.address, `its attachment ${attachment ?? "(none)"} is not a VPC attachment of this configuration`);
          continue;
        }
        route.attachmentId = attachment!;
      }
      table.routes.push(route);
    }
  }

  // --- route tables -----------------------------------------------------------------------

  private addTable(inst: TfInstance | undefined, id: string, networkId: string): RouteTable {
    const table: RouteTable = { ...(inst ? this.c.element(inst) : { id }), networkId, routes: [] };
    this.tables.set(table.id, table);
    this.c.topology.routeTables.push(table);
    return table;
  }

  /** The table a route or association names; a VPC's implicit main table is made when first used. */
  private table(inst: TfInstance, name: string): RouteTable | undefined {
    const id = this.c.ident(inst.arg(name), this.at(inst, name));
    if (id === undefined) return undefined;
    const found = this.tables.get(id);
    if (found) return found;
    const vpc = this.vpcOfDefault(id, "main_route_table_id");
    if (vpc) {
      vpc.mainRouteTableId = id;
      return this.addTable(undefined, id, vpc.id);
    }
    this.c.gap(inst.address, `its route table ${id} is not in this configuration`);
    return undefined;
  }

  private routeTablesOf(): void {
    const c = this.c;
    for (const inst of c.of("aws_route_table", "data.aws_route_table")) {
      const network = this.find(this.networks, inst, "vpc_id", "VPC");
      if (!network) continue;
      const table = this.addTable(inst, inst.address, network.id);
      for (const [i, b] of this.routeBlocks(inst).entries()) this.addRoute(table, b, `${inst.address}.route[${i}]`, true);
    }
    for (const inst of c.of("aws_default_route_table")) {
      const main = c.ident(inst.arg("default_route_table_id"), this.at(inst, "default_route_table_id"));
      const network = this.vpcOfDefault(main, "main_route_table_id");
      if (!network) {
        c.gap(inst.address, `its VPC is not in this configuration (default_route_table_id ${main ?? "unknown"})`);
        continue;
      }
      const table = this.addTable(inst, inst.address, network.id);
      network.mainRouteTableId = table.id;
      c.alias(main!, table.id);
      for (const [i, b] of this.routeBlocks(inst).entries()) this.addRoute(table, b, `${inst.address}.route[${i}]`, true);
    }
    for (const inst of c.of("aws_route")) {
      const table = this.table(inst, "route_table_id");
      if (table) this.addRoute(table, inst, inst.address, false);
    }
    for (const inst of c.of("aws_route_table_association")) {
      if (inst.arg("gateway_id") !== null) {
        c.gap(inst.address, "edge associations (ingress routing through an appliance) are not modelled");
        continue;
      }
      const subnet = this.find(this.subnets, inst, "subnet_id", "subnet");
      const table = this.table(inst, "route_table_id");
      if (subnet && table) subnet.routeTableId = table.id;
    }
    for (const inst of c.of("aws_main_route_table_association")) {
      const network = this.find(this.networks, inst, "vpc_id", "VPC");
      const table = this.table(inst, "route_table_id");
      if (network && table) network.mainRouteTableId = table.id;
    }
    // A subnet read from a VPC that is read too (aws.vpc.existing): its route table is the owner's, not in this input.
    for (const subnet of this.subnets.values()) {
      const network = this.networks.get(subnet.networkId);
      if (subnet.routeTableId || network?.mainRouteTableId || c.instance(subnet.id)?.mode !== "data" || c.instance(subnet.networkId)?.mode !== "data") continue;
      const why = "its route table is not in this input (the subnet and its VPC are read, not managed here); audit the live VPC to judge its routes";
      subnet.unknown = { ...subnet.unknown, routes: why };
      if (!c.gaps.some((g) => g.subject === subnet.id)) c.gap(subnet.id, why);
    }
  }

  /** Inline routes: `route { ... }` blocks, or `route = [...]` as an attribute (a plan or state gives that). */
  private routeBlocks(inst: TfInstance): TfBlock[] {
    return inst.mode === "data" ? [] : inst.blocks("route");
  }

  private addRoute(table: RouteTable, b: TfBlock, id: string, inline: boolean): void {
    const c = this.c;
    const names = inline ? ["cidr_block", "ipv6_cidr_block"] : ["destination_cidr_block", "destination_ipv6_cidr_block"];
    let destination: string | undefined;
    for (const name of names) {
      const v = b.arg(name);
      if (v !== null && v !== "") destination = c.cidr(v, `${id}.${name}`);
    }
    const list = b.arg("destination_prefix_list_id");
    if (destination === undefined && list !== null && list !== "") {
      const listId = c.ident(list, `${id}.destination_prefix_list_id`);
      if (listId && !c.topology.prefixLists.some((p) => p.id === listId))
        return c.gap(id, `its destination prefix list ${listId} is not in this configuration`);
      destination = listId;
    }
    if (destination === undefined) {
      if (!names.some((n) => b.arg(n) !== null) && list === null) c.gap(id, "it has no destination");
      return;
    }
    const target = this.routeTarget(b, id);
    if (target) table.routes.push({ id, destination, target } satisfies Route);
  }

  private routeTarget(b: TfBlock, id: string): RouteTarget | undefined {
    const c = this.c;
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

  // --- security groups and network ACLs -----------------------------------------------------

  private securityGroupsOf(): void {
    const c = this.c;
    const managed = new Set<string>();
    for (const inst of c.of("aws_security_group", "aws_default_security_group", "data.aws_security_group")) {
      const isDefault = inst.type === "aws_default_security_group";
      const vpc = c.value(inst, "vpc_id");
      const id = c.knownIdent(vpc);
      const network = id === undefined ? undefined : this.networks.get(id);
      // A data source not read yet is a gap already; a managed group outside any known VPC is unplaced.
      if (!network && inst.mode === "data") continue;
      const unplaced =
        vpc === null
          ? "it has no vpc_id: it is in the region's default VPC, which is not in this configuration"
          : this.c.outside(inst, "vpc_id", vpc, "VPC").why;
      const name = c.label(c.value(inst, "name"));
      const group: SecurityGroup = {
        ...c.element(inst, name),
        ...(network ? { networkId: network.id } : { unknown: { network: unplaced } }),
        ...(isDefault ? { isDefault: true } : {}),
        rules: [],
      };
      this.groups.set(group.id, group);
      c.topology.securityGroups.push(group);
      if (isDefault && network) {
        managed.add(network.id);
        c.alias(`${network.id}.default_security_group_id`, group.id);
      }
      if (inst.mode === "managed") {
        for (const direction of ["ingress", "egress"] as const) {
          inst.blocks(direction).forEach((b, i) => this.inlineRule(inst, group, b, direction, `${inst.address}.${direction}[${i}]`));
        }
      }
    }
    // Without aws_default_security_group, each VPC keeps the group AWS creates: all traffic among its members, all egress.
    for (const network of this.networks.values()) {
      if (managed.has(network.id) || c.instance(network.id)?.mode !== "managed") continue;
      const id = `${network.id}.default_security_group_id`;
      const egress: SecurityGroupRule[] = WORLD.filter((w) => w === "0.0.0.0/0" || network.cidrs.some((b) => b.includes(":"))).map((cidr) => ({
        direction: "egress",
        protocol: "all",
        peer: { kind: "cidr", cidr },
      }));
      const group: SecurityGroup = {
        id,
        name: "default",
        networkId: network.id,
        isDefault: true,
        rules: [{ direction: "ingress", protocol: "all", peer: { kind: "security-group", id } }, ...egress],
      };
      this.groups.set(id, group);
      c.topology.securityGroups.push(group);
    }
    for (const inst of c.of("aws_security_group_rule")) this.legacyRule(inst);
    for (const inst of c.of("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule")) this.vpcRule(inst);
    // A state lists every rule of a group inline, those of separate rule resources too: keep those once.
    for (const group of this.groups.values()) {
      const separate = group.rules.filter((r) => r.id !== undefined && c.instance(r.id.replace(/ #\d+$/, "")) !== undefined);
      const same = (a: SecurityGroupRule, b: SecurityGroupRule) =>
        JSON.stringify({ ...a, id: 0, description: 0 }) === JSON.stringify({ ...b, id: 0, description: 0 });
      group.rules = group.rules.filter((r) => separate.includes(r) || !separate.some((s) => same(r, s)));
    }
  }

  /** Ports of an SG rule: none for all protocols; ICMP's type and code travel in from/to_port. */
  private ruleMatch(protocol: Protocol, from: number | undefined, to: number | undefined): Pick<SecurityGroupRule, "ports" | "icmp"> {
    if (protocol === "icmp" || protocol === "icmpv6") {
      return from === undefined || from < 0 ? {} : { icmp: { type: from, ...(to !== undefined && to >= 0 ? { code: to } : {}) } };
    }
    if (protocol !== "tcp" && protocol !== "udp") return {};
    if (from === undefined || to === undefined || (from <= 0 && to >= 65535) || from < 0) return {};
    return { ports: { from, to } };
  }

  /** One rule per peer: `cidr_blocks`, `ipv6_cidr_blocks`, `prefix_list_ids`, `security_groups`, `self`. */
  private peers(inst: TfInstance, b: TfBlock, subject: string, group: SecurityGroup, groupsArg: string): Peer[] {
    const c = this.c;
    const module = modulePrefix(inst);
    const peers: Peer[] = [
      ...c.cidrs(b.arg("cidr_blocks"), `${subject}.cidr_blocks`).map((cidr): Peer => ({ kind: "cidr", cidr })),
      ...c.cidrs(b.arg("ipv6_cidr_blocks"), `${subject}.ipv6_cidr_blocks`).map((cidr): Peer => ({ kind: "cidr", cidr })),
      ...c.refIdents(b.arg("prefix_list_ids"), `${subject}.prefix_list_ids`, module).map((id): Peer => ({ kind: "prefix-list", id })),
      // A group outside this configuration is named by its reference: the rule admits its members, whoever they are.
      ...c.refIdents(b.arg(groupsArg), `${subject}.${groupsArg}`, module).map((id): Peer => ({ kind: "security-group", id })),
    ];
    if (b.arg("self") === true) peers.push({ kind: "security-group", id: group.id });
    return peers;
  }

  private pushRules(
    group: SecurityGroup,
    id: string,
    direction: SecurityGroupRule["direction"],
    protocol: Protocol,
    match: Pick<SecurityGroupRule, "ports" | "icmp">,
    peers: Peer[],
    description: string | undefined,
  ): void {
    peers.forEach((peer, i) => {
      group.rules.push({
        id: peers.length > 1 ? `${id} #${i + 1}` : id,
        direction,
        protocol,
        ...match,
        peer,
        ...(description ? { description } : {}),
      });
    });
  }

  private inlineRule(inst: TfInstance, group: SecurityGroup, b: TfBlock, direction: SecurityGroupRule["direction"], id: string): void {
    const c = this.c;
    const protocol = c.protocol(b.arg("protocol"), `${id}.protocol`);
    if (protocol === undefined) return;
    const match = this.ruleMatch(protocol, c.num(b.arg("from_port"), `${id}.from_port`), c.num(b.arg("to_port"), `${id}.to_port`));
    this.pushRules(group, id, direction, protocol, match, this.peers(inst, b, id, group, "security_groups"), c.str(b.arg("description"), `${id}.description`));
  }

  /**
   * The group a separate rule belongs to. One outside this configuration (`var.security_group_id`
   * in a child module, a group of another stack) is kept unplaced, under the name the rule gives
   * it, with the rules written here: they are judged on their own.
   */
  private ruleGroup(inst: TfInstance): SecurityGroup | undefined {
    const v = inst.arg("security_group_id");
    const id = this.c.knownIdent(v);
    const found = id === undefined ? undefined : this.groups.get(id);
    if (found) return found;
    if (v === null) return void this.c.gap(inst.address, "it has no security_group_id");
    const { ref, why } = this.c.outside(inst, "security_group_id", v, "security group");
    let group = this.groups.get(ref);
    if (!group) {
      const isDefault = ref.endsWith(".default_security_group_id") || /(^|\.)aws_default_security_group\./.test(ref);
      group = {
        id: ref,
        ...(isDefault ? { isDefault: true } : {}),
        rules: [],
        unknown: { network: why, rules: `${why}: only the rules written as separate resources are known` },
      };
      this.groups.set(ref, group);
      this.c.topology.securityGroups.push(group);
    }
    return group;
  }

  private legacyRule(inst: TfInstance): void {
    const c = this.c;
    const group = this.ruleGroup(inst);
    const type = c.str(inst.arg("type"), this.at(inst, "type"));
    const protocol = c.protocol(inst.arg("protocol"), this.at(inst, "protocol"));
    if (type !== undefined && type !== "ingress" && type !== "egress") {
      return c.invalid(inst.address, `type = ${JSON.stringify(type)} is not ingress or egress: Terraform rejects the rule, so it admits nothing`);
    }
    if (!group || type === undefined || protocol === undefined) return;
    const match = this.ruleMatch(protocol, c.num(inst.arg("from_port"), this.at(inst, "from_port")), c.num(inst.arg("to_port"), this.at(inst, "to_port")));
    this.pushRules(
      group,
      inst.address,
      type,
      protocol,
      match,
      this.peers(inst, inst, inst.address, group, "source_security_group_id"),
      c.str(inst.arg("description"), this.at(inst, "description")),
    );
  }

  private vpcRule(inst: TfInstance): void {
    const c = this.c;
    const group = this.ruleGroup(inst);
    const protocol = c.protocol(inst.arg("ip_protocol"), this.at(inst, "ip_protocol"));
    if (!group || protocol === undefined) return;
    const direction = inst.type === "aws_vpc_security_group_ingress_rule" ? "ingress" : "egress";
    const match = this.ruleMatch(protocol, c.num(inst.arg("from_port"), this.at(inst, "from_port")), c.num(inst.arg("to_port"), this.at(inst, "to_port")));
    const peers: Peer[] = [];
    for (const name of ["cidr_ipv4", "cidr_ipv6"]) {
      const cidr = c.cidr(inst.arg(name), this.at(inst, name));
      if (cidr) peers.push({ kind: "cidr", cidr });
    }
    const module = modulePrefix(inst);
    for (const id of c.refIdents(inst.arg("prefix_list_id"), this.at(inst, "prefix_list_id"), module)) peers.push({ kind: "prefix-list", id });
    for (const id of c.refIdents(inst.arg("referenced_security_group_id"), this.at(inst, "referenced_security_group_id"), module))
      peers.push({ kind: "security-group", id });
    if (peers.length === 0 && !["cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id"].some((n) => inst.arg(n) !== null)) {
      const side = direction === "ingress" ? "source" : "destination";
      c.invalid(
        inst.address,
        `it names no ${side} (cidr_ipv4, cidr_ipv6, prefix_list_id or referenced_security_group_id): AWS refuses a rule without one, so it admits nothing`,
      );
    }
    this.pushRules(group, inst.address, direction, protocol, match, peers, c.str(inst.arg("description"), this.at(inst, "description")));
  }

  private networkAclsOf(): void {
    const c = this.c;
    for (const inst of c.of("aws_network_acl", "aws_default_network_acl")) {
      const isDefault = inst.type === "aws_default_network_acl";
      let network: Network | undefined;
      if (isDefault) {
        const id = c.ident(inst.arg("default_network_acl_id"), this.at(inst, "default_network_acl_id"));
        network = this.vpcOfDefault(id, "default_network_acl_id");
        if (!network) c.gap(inst.address, `its VPC is not in this configuration (default_network_acl_id ${id ?? "unknown"})`);
      } else network = this.find(this.networks, inst, "vpc_id", "VPC");
      if (!network) continue;
      const acl: NetworkAcl = { ...c.element(inst), networkId: network.id, ...(isDefault ? { isDefault: true } : {}), entries: [] };
      this.acls.set(acl.id, acl);
      c.topology.networkAcls.push(acl);
      if (isDefault) network.defaultNetworkAclId = acl.id;
      for (const direction of ["ingress", "egress"] as const) {
        inst.blocks(direction).forEach((b, i) => {
          const id = `${inst.address}.${direction}[${i}]`;
          this.aclEntry(acl, b, id, direction, "rule_no", "action");
        });
      }
      for (const subnet of c.idents(inst.arg("subnet_ids"), this.at(inst, "subnet_ids"))) this.associateAcl(inst, subnet, acl);
    }
    for (const inst of c.of("aws_network_acl_rule")) {
      const acl = this.find(this.acls, inst, "network_acl_id", "network ACL");
      if (acl) this.aclEntry(acl, inst, inst.address, inst.arg("egress") === true ? "egress" : "ingress", "rule_number", "rule_action");
    }
    for (const inst of c.of("aws_network_acl_association")) {
      const acl = this.find(this.acls, inst, "network_acl_id", "network ACL");
      const subnet = c.ident(inst.arg("subnet_id"), this.at(inst, "subnet_id"));
      if (acl && subnet) this.associateAcl(inst, subnet, acl);
    }
  }

  private associateAcl(inst: TfInstance, subnetId: string, acl: NetworkAcl): void {
    const subnet = this.subnets.get(subnetId);
    if (subnet) subnet.networkAclId = acl.id;
    else this.c.gap(inst.address, `its subnet ${subnetId} is not in this configuration`);
  }

  private aclEntry(acl: NetworkAcl, b: TfBlock, id: string, direction: NetworkAclEntry["direction"], numberArg: string, actionArg: string): void {
    const c = this.c;
    const number = c.num(b.arg(numberArg), `${id}.${numberArg}`);
    const action = c.str(b.arg(actionArg), `${id}.${actionArg}`)?.toLowerCase();
    const protocol = c.protocol(b.arg("protocol"), `${id}.protocol`);
    const cidr = c.cidr(b.arg("cidr_block"), `${id}.cidr_block`) ?? c.cidr(b.arg("ipv6_cidr_block"), `${id}.ipv6_cidr_block`);
    if (number === undefined || (action !== "allow" && action !== "deny") || protocol === undefined || cidr === undefined) {
      if (number !== undefined && protocol !== undefined && cidr !== undefined) c.gap(id, `"${action}" is not allow or deny`);
      return;
    }
    const entry: NetworkAclEntry = { id, number, direction, action, protocol, cidr };
    if (protocol === "tcp" || protocol === "udp") {
      const from = c.num(b.arg("from_port"), `${id}.from_port`);
      const to = c.num(b.arg("to_port"), `${id}.to_port`);
      if (from !== undefined && to !== undefined && !(from <= 0 && to >= 65535)) entry.ports = { from, to };
    } else if (protocol === "icmp" || protocol === "icmpv6") {
      const type = c.num(b.arg("icmp_type"), `${id}.icmp_type`);
      const code = c.num(b.arg("icmp_code"), `${id}.icmp_code`);
      if (type !== undefined && type >= 0) entry.icmp = { type, ...(code !== undefined && code >= 0 ? { code } : {}) };
    }
    acl.entries.push(entry);
  }

  // --- instances and network interfaces ------------------------------------------------------

  /** The groups given, else the VPC's default group, which AWS puts on interfaces created without any. */
  private groupsOr(groups: string[], within: Subnet | Network): string[] {
    if (groups.length) return groups;
    const networkId = "networkId" in within ? within.networkId : within.id;
    return [this.c.ident(`${networkId}.default_security_group_id`, networkId)!];
  }

  /** An instance or ENI; without a configured IPv4 address it gets a stand-in one. */
  private addInterface(inst: TfInstance, subnet: Subnet, iface: Omit<NetworkInterface, "id" | "subnetId">): NetworkInterface {
    const full: NetworkInterface = { ...this.c.element(inst), subnetId: subnet.id, ...iface };
    if (!full.privateIps.some((ip) => !ip.includes(":"))) this.c.needAddress(subnet.id, 4, inst.address, (a) => full.privateIps.unshift(a));
    this.interfaces.set(full.id, full);
    this.c.topology.interfaces.push(full);
    return full;
  }

  private interfacesOf(): void {
    const c = this.c;
    for (const inst of c.of("aws_instance")) {
      const subnet = this.find(this.subnets, inst, "subnet_id", "subnet");
      if (!subnet) continue;
      const ip = c.ip(c.value(inst, "private_ip"), this.at(inst, "private_ip"));
      const v6 = c.strs(c.value(inst, "ipv6_addresses"), this.at(inst, "ipv6_addresses")).flatMap((a) => c.ip(a, this.at(inst, "ipv6_addresses")) ?? []);
      const groups = this.groupsOr(c.idents(c.value(inst, "vpc_security_group_ids"), this.at(inst, "vpc_security_group_ids")), subnet);
      const iface = this.addInterface(inst, subnet, {
        instanceId: inst.address,
        privateIps: ip ? [ip, ...v6] : v6,
        securityGroupIds: groups,
        ...(c.value(inst, "source_dest_check") === false ? { forwarding: true } : {}),
      });
      // A public address when asked for, or when not refused in a subnet that maps one on launch.
      const associate = c.value(inst, "associate_public_ip_address");
      const subnetInst = c.instance(subnet.id);
      const onLaunch = subnetInst !== undefined && c.value(subnetInst, "map_public_ip_on_launch") === true;
      if (associate === true || (associate !== false && onLaunch)) {
        const pub = c.ip(inst.attr("public_ip"), `the public address of ${inst.address}`);
        if (pub) iface.publicIps = [{ publicIp: pub }];
      }
    }
    for (const inst of c.of("aws_network_interface")) {
      const subnet = this.find(this.subnets, inst, "subnet_id", "subnet");
      if (!subnet) continue;
      const ips = [
        ...c.strs(c.value(inst, "private_ips"), this.at(inst, "private_ips")),
        ...c.strs(c.value(inst, "private_ip_list"), this.at(inst, "private_ip_list")),
      ].flatMap((t) => c.ip(t, this.at(inst, "private_ips")) ?? []);
      const single = ips.length ? undefined : c.ip(c.value(inst, "private_ip"), this.at(inst, "private_ip"));
      const groups = this.groupsOr(c.idents(c.value(inst, "security_groups"), this.at(inst, "security_groups")), subnet);
      const iface = this.addInterface(inst, subnet, {
        privateIps: [...new Set(single ? [single] : ips)],
        securityGroupIds: groups,
        ...(c.value(inst, "source_dest_check") === false ? { forwarding: true } : {}),
      });
      for (const b of inst.blocks("attachment")) {
        const instance = c.ident(b.arg("instance"), `${inst.address}.attachment.instance`);
        if (instance) iface.instanceId = instance;
      }
    }
    for (const inst of c.of("aws_network_interface_attachment")) {
      const iface = this.find(this.interfaces, inst, "network_interface_id", "network interface");
      const instance = c.ident(inst.arg("instance_id"), this.at(inst, "instance_id"));
      if (iface && instance) iface.instanceId = instance;
    }
    for (const inst of c.of("aws_network_interface_sg_attachment")) {
      const iface = this.find(this.interfaces, inst, "network_interface_id", "network interface");
      const group = c.ident(inst.arg("security_group_id"), this.at(inst, "security_group_id"));
      if (iface && group) (iface.securityGroupIds ??= []).push(group);
    }
    for (const inst of c.of("aws_eip")) this.eipTarget(inst, inst, inst.address);
    for (const inst of c.of("aws_eip_association")) {
      const eip = c.instance(c.ident(inst.arg("allocation_id"), this.at(inst, "allocation_id")) ?? "");
      if (eip) this.eipTarget(inst, eip, inst.address);
      else if (inst.arg("public_ip") !== null) this.eipTarget(inst, inst, inst.address);
      else c.gap(inst.address, "its Elastic IP is not in this configuration");
    }
  }

  /** An Elastic IP on an instance or interface: a 1:1 public address. */
  private eipTarget(assoc: TfInstance, eip: TfInstance, subject: string): void {
    const c = this.c;
    const target =
      c.ident(assoc.arg("network_interface") ?? assoc.arg("network_interface_id"), `${subject}.network_interface`) ??
      c.ident(assoc.arg("instance") ?? assoc.arg("instance_id"), `${subject}.instance`);
    if (target === undefined) return;
    const iface = this.interfaces.get(target) ?? [...this.interfaces.values()].find((i) => i.instanceId === target);
    if (!iface) return void c.gap(subject, `${target} is not in this configuration`);
    const pub = c.ip(eip.attr("public_ip"), `the public address of ${eip.address}`);
    const privateIp = c.ip(assoc.arg("associate_with_private_ip") ?? assoc.arg("private_ip_address"), `${subject}.private_ip`);
    if (pub) (iface.publicIps ??= []).push({ publicIp: pub, ...(privateIp ? { privateIp } : {}) });
  }

  // --- load balancers -----------------------------------------------------------------------

  private loadBalancersOf(): void {
    const c = this.c;
    for (const inst of c.of("aws_lb", "aws_alb")) this.loadBalancer(inst);
    for (const inst of c.of("aws_lb_target_group", "aws_alb_target_group")) this.targetGroup(inst);
    for (const inst of c.of("aws_lb_target_group_attachment", "aws_alb_target_group_attachment")) {
      const tg = this.find(this.targetGroups, inst, "target_group_arn", "target group");
      const id = c.ident(inst.arg("target_id"), this.at(inst, "target_id"));
      if (!tg || id === undefined) continue;
      const port = c.num(inst.arg("port"), this.at(inst, "port"));
      const zone = c.str(inst.arg("availability_zone"), this.at(inst, "availability_zone"));
      const target: Target = { id, ...(port !== undefined ? { port } : {}), ...(zone && zone !== "all" ? { zone } : {}) };
      if (tg.targetType === "ip" && !parseAddress(id)) c.gap(inst.address, `target ${id} of an ip target group is not an IP address`);
      else tg.targets.push(target);
    }
    for (const inst of c.of("aws_lb_listener", "aws_alb_listener")) this.listener(inst);
  }

  private loadBalancer(inst: TfInstance): void {
    const c = this.c;
    const type = c.str(inst.arg("load_balancer_type"), this.at(inst, "load_balancer_type")) ?? "application";
    const kind = type === "network" ? "network" : type === "gateway" ? "gateway" : "application";
    const mappings = inst.blocks("subnet_mapping");
    const subnetIds = mappings.length
      ? mappings.flatMap((m) => c.ident(m.arg("subnet_id"), `${inst.address}.subnet_mapping.subnet_id`) ?? [])
      : c.idents(inst.arg("subnets"), this.at(inst, "subnets"));
    const subnets = subnetIds.flatMap((id) => {
      const s = this.subnets.get(id);
      if (!s) c.gap(inst.address, `its subnet ${id} is not in this configuration`);
      return s ? [s] : [];
    });
    // Subnets known only when Terraform plans (a count over availability zones): with one VPC
    // there is no other it can be in; it is kept, with no nodes, so its listeners are read.
    const only = subnetIds.length === 0 && this.networks.size === 1 ? [...this.networks.values()][0]! : undefined;
    if (subnets.length === 0) {
      // Unknown subnets are a gap already, saying why.
      if (subnetIds.length === 0 && !(inst.arg("subnets") instanceof Unknown)) c.gap(inst.address, "its subnets are not known");
      if (!only) return;
      c.assume(`the subnets of {subjects} are not known: taken to be in ${only.id}, the only VPC`, inst.address);
    }
    const internal = c.bool(inst.arg("internal"), this.at(inst, "internal")) === true;
    const dualstack = String(c.value(inst, "ip_address_type")).startsWith("dualstack");
    const cross = c.bool(inst.arg("enable_cross_zone_load_balancing"), this.at(inst, "enable_cross_zone_load_balancing"));
    const enforce = c.str(
      inst.arg("enforce_security_group_inbound_rules_on_private_link_traffic"),
      this.at(inst, "enforce_security_group_inbound_rules_on_private_link_traffic"),
    );
    const groups = c.idents(inst.arg("security_groups"), this.at(inst, "security_groups"));
    const dns = inst.attr("dns_name");
    const lb: LoadBalancer = {
      ...c.element(inst, c.label(inst.arg("name"))),
      kind,
      scheme: internal ? "internal" : "internet-facing",
      networkId: subnets[0]?.networkId ?? only!.id,
      nodes: [],
      listeners: [],
      ...(groups.length ? { securityGroupIds: groups } : {}),
      // Application load balancers always balance across zones.
      ...(kind === "application" ? { crossZone: true } : cross !== undefined ? { crossZone: cross } : {}),
      ...(enforce ? { enforceSecurityGroupsOnPrivateLink: enforce !== "off" } : {}),
      ...(typeof dns === "string" ? { dnsName: dns } : {}),
    };
    for (const subnet of subnets) {
      const mapping = mappings.find((m) => c.ident(m.arg("subnet_id"), `${inst.address}.subnet_mapping.subnet_id`) === subnet.id);
      const node: LoadBalancerNode = {
        id: `${inst.address}/${subnet.zone ?? subnet.id}`,
        subnetId: subnet.id,
        ...(subnet.zone ? { zone: subnet.zone } : {}),
        privateIps: [],
      };
      const fixed = mapping ? c.ip(mapping.arg("private_ipv4_address"), `${inst.address}.subnet_mapping.private_ipv4_address`) : undefined;
      if (fixed) node.privateIps.push(fixed);
      else c.needAddress(subnet.id, 4, inst.address, (a) => node.privateIps.unshift(a));
      if (dualstack && subnet.cidrs.some((b) => b.includes(":"))) c.needAddress(subnet.id, 6, inst.address, (a) => node.privateIps.push(a));
      if (!internal) {
        const eip = mapping ? c.instance(c.ident(mapping.arg("allocation_id"), `${inst.address}.subnet_mapping.allocation_id`) ?? "") : undefined;
        const pub = eip ? eip.attr("public_ip") : c.standIns.publicIpv4(node.id);
        const ip = c.ip(pub, `the public address of ${node.id}`);
        if (ip) node.publicIps = [ip];
      }
      lb.nodes.push(node);
    }
    this.lbs.set(lb.id, lb);
    c.topology.loadBalancers.push(lb);
  }

  private lbProtocol(v: Val, subject: string, fallback: ListenerProtocol | undefined): ListenerProtocol | undefined {
    const text = this.c.str(v, subject)?.toLowerCase();
    if (text === undefined) return fallback;
    const protocol = listenerProtocol(text);
    if (protocol) return protocol;
    this.c.gap(subject, `protocol ${text} is not modelled`);
    return undefined;
  }

  private targetGroup(inst: TfInstance): void {
    const c = this.c;
    const targetType = c.str(inst.arg("target_type"), this.at(inst, "target_type")) ?? "instance";
    if (targetType !== "instance" && targetType !== "ip") {
      c.gap(inst.address, `targets of type ${targetType} are not modelled`);
      return;
    }
    const protocol = this.lbProtocol(inst.arg("protocol"), this.at(inst, "protocol"), "http");
    if (!protocol) return;
    const port = c.num(inst.arg("port"), this.at(inst, "port"));
    const preserve = c.bool(inst.arg("preserve_client_ip"), this.at(inst, "preserve_client_ip"));
    const cross = c.str(inst.arg("load_balancing_cross_zone_enabled"), this.at(inst, "load_balancing_cross_zone_enabled"));
    const tg: TargetGroup = {
      ...c.element(inst, c.label(inst.arg("name"))),
      protocol,
      targetType,
      targets: [],
      ...(port !== undefined ? { port } : {}),
      ...(preserve !== undefined ? { preserveClientIp: preserve } : {}),
      ...(cross === "true" || cross === "false" ? { crossZone: cross === "true" } : {}),
    };
    this.targetGroups.set(tg.id, tg);
    c.topology.targetGroups.push(tg);
  }

  private listener(inst: TfInstance): void {
    const c = this.c;
    const lb = this.find(this.lbs, inst, "load_balancer_arn", "load balancer");
    if (!lb) return;
    const port = c.num(inst.arg("port"), this.at(inst, "port"));
    const protocol = this.lbProtocol(inst.arg("protocol"), this.at(inst, "protocol"), lb.kind === "application" ? "http" : undefined);
    if (port === undefined || protocol === undefined) {
      if (port !== undefined && inst.arg("protocol") === null) c.gap(inst.address, "it has no protocol");
      return;
    }
    const actions = inst.blocks("default_action");
    const forward = actions.find((a) => a.arg("type") === "forward");
    if (!forward) {
      const kinds = actions.map((a) => String(a.arg("type"))).join(", ") || "none";
      return void c.gap(inst.address, `its default action (${kinds}) forwards to no target group; only forward actions are modelled`);
    }
    const direct = forward.arg("target_group_arn");
    const weighted = forward.blocks("forward").flatMap((f) => f.blocks("target_group"));
    const tgValue = direct !== null ? direct : (weighted[0]?.arg("arn") ?? null);
    const tgId = c.ident(tgValue, `${inst.address}.default_action.target_group_arn`);
    if (tgId === undefined) return;
    if (weighted.length > 1) c.gap(inst.address, "it forwards to weighted target groups; only the first is modelled");
    const listener: Listener = { id: inst.address, port, protocol, targetGroupId: tgId };
    lb.listeners.push(listener);
  }

  // --- PrivateLink and gateway endpoints ------------------------------------------------------

  private endpointServicesOf(): void {
    const c = this.c;
    const services = new Map<string, { allowedPrincipals: string[] }>();
    for (const inst of c.of("aws_vpc_endpoint_service")) {
      const lbs = [
        ...c.idents(inst.arg("network_load_balancer_arns"), this.at(inst, "network_load_balancer_arns")),
        ...c.idents(inst.arg("gateway_load_balancer_arns"), this.at(inst, "gateway_load_balancer_arns")),
      ];
      for (const id of lbs) if (!this.lbs.has(id)) c.gap(inst.address, `its load balancer ${id} is not in this configuration`);
      const acceptance = c.bool(inst.arg("acceptance_required"), this.at(inst, "acceptance_required"));
      if (acceptance === undefined && inst.arg("acceptance_required") === null) c.gap(inst.address, "it has no acceptance_required");
      const name = c.str(inst.attr("service_name"), this.at(inst, "service_name"));
      // Computed when not configured: unknown in a plan means only the service's own region.
      const configuredRegions = inst.arg("supported_regions");
      const regions = configuredRegions instanceof Unknown ? [] : c.strs(configuredRegions, this.at(inst, "supported_regions"));
      const service = {
        ...c.element(inst),
        ...(name ? { serviceName: name } : {}),
        ...(regions.length ? { supportedRegions: regions } : {}),
        loadBalancerIds: lbs,
        acceptanceRequired: acceptance ?? true,
        allowedPrincipals: c.strs(inst.arg("allowed_principals"), this.at(inst, "allowed_principals")),
      };
      services.set(service.id, service);
      c.topology.endpointServices.push(service);
    }
    for (const inst of c.of("aws_vpc_endpoint_service_allowed_principal")) {
      const service = this.find(services, inst, "vpc_endpoint_service_id", "endpoint service");
      const principal = c.str(inst.arg("principal_arn"), this.at(inst, "principal_arn"));
      if (service && principal) service.allowedPrincipals.push(principal);
    }
  }

  private endpointsOf(): void {
    const c = this.c;
    const extra = new Map<string, string[]>();
    for (const inst of c.of("aws_vpc_endpoint_subnet_association")) {
      const ep = c.ident(inst.arg("vpc_endpoint_id"), this.at(inst, "vpc_endpoint_id"));
      const subnet = c.ident(inst.arg("subnet_id"), this.at(inst, "subnet_id"));
      if (ep && subnet) extra.set(ep, [...(extra.get(ep) ?? []), subnet]);
    }
    for (const inst of c.of("aws_vpc_endpoint")) {
      const network = this.find(this.networks, inst, "vpc_id", "VPC");
      const type = (c.str(inst.arg("vpc_endpoint_type"), this.at(inst, "vpc_endpoint_type")) ?? "Gateway").toLowerCase();
      const service = c.str(inst.arg("service_name"), this.at(inst, "service_name"));
      if (!network || service === undefined) continue;
      if (type === "gateway") {
        this.addGateway(inst, { kind: "gateway-endpoint", networkIds: [network.id], serviceName: service });
        continue;
      }
      if (type !== "interface") {
        c.gap(inst.address, `${type} endpoints are not modelled`);
        continue;
      }
      const subnetIds = [...c.idents(inst.arg("subnet_ids"), this.at(inst, "subnet_ids")), ...(extra.get(inst.address) ?? [])];
      const groups = this.groupsOr(c.idents(inst.arg("security_group_ids"), this.at(inst, "security_group_ids")), network);
      const interfaceIds: string[] = [];
      for (const id of subnetIds) {
        const subnet = this.subnets.get(id);
        if (!subnet) {
          c.gap(inst.address, `its subnet ${id} is not in this configuration`);
          continue;
        }
        const iface: NetworkInterface = { id: `${inst.address}/${subnet.zone ?? subnet.id}`, subnetId: subnet.id, privateIps: [] };
        c.needAddress(subnet.id, 4, inst.address, (a) => iface.privateIps.unshift(a));
        c.topology.interfaces.push(iface);
        interfaceIds.push(iface.id);
      }
      const state = inst.attr("state");
      const serviceId = c.topology.endpointServices.find((s) => s.serviceName === service || s.id === service)?.id ?? service;
      c.topology.endpoints.push({
        ...c.element(inst),
        kind: "interface-endpoint",
        networkId: network.id,
        subnetIds,
        interfaceIds,
        serviceId,
        ...(groups.length ? { securityGroupIds: groups } : {}),
        ...(typeof state === "string" ? { state } : {}),
      });
    }
  }

  // --- queues and roles -----------------------------------------------------------------------

  private queuesOf(): void {
    const c = this.c;
    const queues = new Map<string, Queue>();
    for (const inst of c.of("aws_sqs_queue")) {
      const q = this.queue(inst);
      queues.set(q.id, q);
      c.topology.queues.push(q);
    }
    for (const inst of c.of("aws_sqs_queue_policy")) {
      const queue = this.policyQueue(queues, inst);
      const policy = c.policy(inst.arg("policy"), this.at(inst, "policy"));
      if (queue && policy) (queue.policies ??= []).push({ id: inst.address, document: policy });
    }
  }

  /** The queue a policy is for; one outside this configuration is kept unplaced, with the policies written here. */
  private policyQueue(queues: Map<string, Queue>, inst: TfInstance): Queue | undefined {
    const v = inst.arg("queue_url");
    const id = this.c.knownIdent(v);
    const found = id === undefined ? undefined : queues.get(id);
    if (found) return found;
    if (v === null) return void this.c.gap(inst.address, "it has no queue_url");
    const { ref, why } = this.c.outside(inst, "queue_url", v, "queue");
    let queue = queues.get(ref);
    if (!queue) {
      queue = { id: ref, unknown: { encryption: why } };
      queues.set(ref, queue);
      this.c.topology.queues.push(queue);
    }
    return queue;
  }

  private queue(inst: TfInstance): Queue {
    const c = this.c;
    const kms = c.str(inst.arg("kms_master_key_id"), this.at(inst, "kms_master_key_id"));
    // Unset (null, or "" as providers write it), SSE-SQS is what AWS gives a new queue (since October 2022): the provider leaves it to AWS.
    const sseValue = c.value(inst, "sqs_managed_sse_enabled");
    const sse = sseValue === null || (sseValue instanceof Unknown && !sseValue.resolve) ? true : c.bool(sseValue, this.at(inst, "sqs_managed_sse_enabled"));
    const policy = inst.arg("policy") === null ? undefined : c.policy(inst.arg("policy"), this.at(inst, "policy"));
    const arn = inst.attr("arn");
    const url = inst.attr("url");
    return {
      ...c.element(inst, c.label(inst.arg("name"))),
      ...(typeof arn === "string" ? { arn } : {}),
      ...(typeof url === "string" ? { url } : {}),
      ...(kms ? { encrypted: true, kmsKeyId: kms } : sse !== undefined ? { encrypted: sse } : {}),
      ...(policy ? { policies: [{ id: `${inst.address}.policy`, document: policy }] } : {}),
    };
  }

  private rolesOf(): void {
    const c = this.c;
    for (const inst of c.of("aws_iam_role")) {
      const trust = c.policy(inst.arg("assume_role_policy"), this.at(inst, "assume_role_policy"));
      const arn = inst.attr("arn");
      (c.topology.roles ??= []).push({
        ...c.element(inst, c.label(inst.arg("name"))),
        ...(typeof arn === "string" ? { arn } : {}),
        ...(trust ? { trustPolicy: trust } : {}),
      });
    }
  }

  // --- tiers ----------------------------------------------------------------------------------

  /**
   * What each subnet is for, where the configuration says: dpnet's names (aws_subnet.public,
   * node, pod), the Kubernetes load balancer tags, else a default route to an internet gateway
   * (public).
   */
  private tiers(): void {
    const c = this.c;
    const NAMES: Record<string, string> = { public: "public", node: "node", nodes: "node", pod: "pod", pods: "pod" };
    for (const subnet of this.subnets.values()) {
      const inst = c.instance(subnet.id)!;
      const tags = subnet.tags ?? {};
      const byName = inst.type === "aws_subnet" ? NAMES[inst.name] : undefined;
      const byTag = "kubernetes.io/role/elb" in tags ? "public" : "kubernetes.io/role/internal-elb" in tags ? "node" : undefined;
      const tableId = subnet.routeTableId ?? this.networks.get(subnet.networkId)?.mainRouteTableId;
      const routes = tableId === undefined ? [] : (this.tables.get(tableId)?.routes ?? []);
      const byRoute = routes.some(
        (r) => WORLD.includes(r.destination) && r.target.kind === "gateway" && this.gateways.get(r.target.id)?.kind === "internet-gateway",
      )
        ? "public"
        : undefined;
      const tier = byName ?? byTag ?? byRoute;
      if (tier) subnet.tier = tier;
    }
  }
}

/** A list value's items (an absent list is empty). */
function asList(v: Val): Val[] {
  return Array.isArray(v) ? v : [];
}
