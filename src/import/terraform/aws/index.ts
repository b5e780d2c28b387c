// AWS resources of a Terraform configuration, plan or state -> the topology. One mapper for both
// importers: it reads arguments and attributes through TfInstance, whatever produced them.
// Elements are identified by their Terraform address; references resolve to addresses through
// the stand-in ids (configuration, plan) or the real ids (state). This file holds the mapping's
// shared state (elements by address) and lookups; each resource family is read by its own file
// (network, security, compute, load-balancing, messaging), in the order `run` calls them.
import type {
  Gateway,
  LoadBalancer,
  Network,
  NetworkAcl,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Subnet,
  TargetGroup,
  TransitRouteTable,
} from "../../../topology/model.js";
import type { Val } from "../evaluate.js";
import { type MapContext, type TfInstance, fromAbsentLocal } from "../mapper.js";
import { WORLD } from "./shared.js";
import { prefixLists, vpcs, subnetsOf, gatewaysOf, routeTablesOf } from "./network.js";
import { securityGroupsOf, networkAclsOf } from "./security.js";
import { interfacesOf } from "./compute.js";
import { loadBalancersOf, endpointServicesOf, endpointsOf } from "./load-balancing.js";
import { queuesOf, rolesOf } from "./messaging.js";

export function mapAws(c: MapContext): void {
  new AwsMapping(c).run();
}

export class AwsMapping {
  readonly networks = new Map<string, Network>();
  readonly subnets = new Map<string, Subnet>();
  /** Networks whose region a subnet's zone said. */
  readonly zoned = new Set<string>();
  /** Each transit gateway's default route table, and the gateway's instance. */
  readonly transitTables = new Map<string, { table: TransitRouteTable; inst: TfInstance }>();
  readonly tables = new Map<string, RouteTable>();
  readonly gateways = new Map<string, Gateway>();
  readonly groups = new Map<string, SecurityGroup>();
  readonly acls = new Map<string, NetworkAcl>();
  readonly interfaces = new Map<string, NetworkInterface>();
  readonly lbs = new Map<string, LoadBalancer>();
  readonly targetGroups = new Map<string, TargetGroup>();

  constructor(readonly c: MapContext) {}

  run(): void {
    prefixLists(this);
    vpcs(this);
    subnetsOf(this);
    gatewaysOf(this);
    routeTablesOf(this);
    securityGroupsOf(this);
    networkAclsOf(this);
    interfacesOf(this);
    loadBalancersOf(this);
    endpointServicesOf(this);
    endpointsOf(this);
    queuesOf(this);
    rolesOf(this);
    this.tiers();
  }

  at(inst: TfInstance, name: string): string {
    return `${inst.address}.${name}`;
  }

  /** The element an argument refers to, among `map`; a gap when it is not there. */
  find<T>(map: Map<string, T>, inst: TfInstance, name: string, what: string, v: Val = this.c.value(inst, name)): T | undefined {
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
  vpcOfDefault(id: string | undefined, attr: string): Network | undefined {
    return id?.endsWith(`.${attr}`) ? this.networks.get(id.slice(0, -attr.length - 1)) : undefined;
  }

  // --- gateways ---------------------------------------------------------------------------

  addGateway(inst: TfInstance, g: Omit<Gateway, "id">): Gateway {
    const gateway: Gateway = { ...this.c.element(inst), ...g };
    this.gateways.set(gateway.id, gateway);
    this.c.topology.gateways.push(gateway);
    return gateway;
  }

  // --- route tables -----------------------------------------------------------------------

  addTable(inst: TfInstance | undefined, id: string, networkId: string): RouteTable {
    const table: RouteTable = { ...(inst ? this.c.element(inst) : { id }), networkId, routes: [] };
    this.tables.set(table.id, table);
    this.c.topology.routeTables.push(table);
    return table;
  }

  /** The table a route or association names; a VPC's implicit main table is made when first used. */
  table(inst: TfInstance, name: string): RouteTable | undefined {
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

  // --- instances and network interfaces ------------------------------------------------------

  /** The groups given, else the VPC's default group, which AWS puts on interfaces created without any. */
  groupsOr(groups: string[], within: Subnet | Network): string[] {
    if (groups.length) return groups;
    const networkId = "networkId" in within ? within.networkId : within.id;
    return [this.c.ident(`${networkId}.default_security_group_id`, networkId)!];
  }

  /** An instance or ENI; without a configured IPv4 address it gets a stand-in one. */
  addInterface(inst: TfInstance, subnet: Subnet, iface: Omit<NetworkInterface, "id" | "subnetId">): NetworkInterface {
    const full: NetworkInterface = { ...this.c.element(inst), subnetId: subnet.id, ...iface };
    if (!full.privateIps.some((ip) => !ip.includes(":"))) this.c.needAddress(subnet.id, 4, inst.address, (a) => full.privateIps.unshift(a));
    this.interfaces.set(full.id, full);
    this.c.topology.interfaces.push(full);
    return full;
  }

  // --- tiers ----------------------------------------------------------------------------------

  /**
   * What each subnet is for, where the configuration says: dpnet's names (aws_subnet.public,
   * node, pod), the Kubernetes load balancer tags, else a default route to an internet gateway
   * (public).
   */
  tiers(): void {
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
