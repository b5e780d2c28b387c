// Everything a walk consults, compiled once per topology: route lookups per subnet, security
// groups, network ACLs, NSGs; and the filters each cloud applies where a flow leaves or enters
// an interface or a subnet.
import { TopologyIndex } from "../topology/lookup.js";
import type { Cloud, Firewall, NetworkInterface, Subnet, Topology, TransitRoute, TransitRouteTable } from "../topology/model.js";
import { PrefixMap } from "../topology/prefix-map.js";
import type { Flow } from "./flow.js";
import { NetworkAcls } from "./network-acls.js";
import { NetworkSecurityGroups } from "./nsg.js";
import { type RouteLookup, compileRoutes } from "./routing.js";
import type { Verdict } from "./rules.js";
import { SecurityGroups } from "./security-groups.js";

/** A forward flow, or the reply of one (stateful filters let replies pass). */
export type Mode = "forward" | "return";

const STATEFUL: Record<Cloud, Verdict> = {
  aws: { allowed: true, text: "reply of an allowed connection (security groups are stateful)" },
  azure: { allowed: true, text: "reply of an allowed connection (NSGs are stateful)" },
};

/** A cloud's filters at an interface and at a subnet; `out`: as the flow leaves. */
interface Filters {
  interface: (iface: NetworkInterface, subnet: Subnet, out: boolean, flow: Flow, mode: Mode) => Verdict;
  subnet: (subnet: Subnet, out: boolean, flow: Flow, mode: Mode) => Verdict;
}

export class Engine {
  readonly securityGroups: SecurityGroups;
  private readonly networkAcls: NetworkAcls;
  private readonly nsgs: NetworkSecurityGroups;
  private readonly subnetRoutes = new Map<string, RouteLookup>();
  private readonly transitRoutes = new Map<string, PrefixMap<TransitRoute>>();
  /** Azure Firewalls by the interface that stands for them. */
  readonly firewalls: ReadonlyMap<string, Firewall>;
  /** Elements whose contents are unknown (`Topology.unread`). */
  readonly unread: ReadonlySet<string>;

  constructor(readonly ix: TopologyIndex) {
    this.firewalls = new Map((ix.topology.firewalls ?? []).map((f) => [f.interfaceId, f]));
    this.unread = new Set(ix.topology.unread);
    this.securityGroups = new SecurityGroups(ix);
    this.networkAcls = new NetworkAcls(ix);
    this.nsgs = new NetworkSecurityGroups(ix);
    // Subnets sharing a table (in one network) share its compiled lookup.
    const shared = new Map<string, RouteLookup>();
    for (const subnet of ix.topology.subnets) {
      const table = ix.routeTableOf(subnet);
      const key = `${table?.id ?? ""}|${subnet.networkId}`;
      let lookup = shared.get(key);
      if (!lookup) shared.set(key, (lookup = compileRoutes(ix, ix.networkOf(subnet), table)));
      this.subnetRoutes.set(subnet.id, lookup);
    }
    for (const table of ix.transitRouteTables.values()) {
      const map = new PrefixMap<TransitRoute>();
      // Static routes first: for one prefix a static route wins over a propagated one (tgw-route-tables, "Route evaluation order").
      const routes = [...table.routes].sort((a, b) => Number(a.origin === "propagated") - Number(b.origin === "propagated"));
      for (const r of routes) map.add(ix.prefix(r.destination, table.id), r);
      this.transitRoutes.set(table.id, map);
    }
  }

  static of(topology: Topology): Engine {
    return new Engine(new TopologyIndex(topology));
  }

  cloudOf(subnet: Subnet): Cloud {
    return this.ix.networkOf(subnet).cloud;
  }

  routes(subnet: Subnet): RouteLookup {
    return this.subnetRoutes.get(subnet.id)!;
  }

  /** A transit gateway route table's routes: the longest prefix's first value is the route taken. */
  transit(table: TransitRouteTable): PrefixMap<TransitRoute> {
    return this.transitRoutes.get(table.id)!;
  }

  /**
   * Each cloud's filters, by where a flow crosses them. AWS: security groups at interfaces
   * (stateful), the network ACL at the subnet (stateless: replies included). Azure: the subnet's
   * NSG, then the NIC's, inbound; the NIC's first outbound (network-security-group-how-it-works).
   */
  private readonly filters: Record<Cloud, Filters> = {
    aws: {
      interface: (iface, _subnet, out, flow, mode) => this.securityGroup(iface.securityGroupIds ?? [], out ? "egress" : "ingress", flow, mode),
      subnet: (subnet, out, flow) => this.networkAcls.evaluate(this.ix.networkAclOf(subnet), out ? "egress" : "ingress", flow),
    },
    azure: {
      interface: (iface, subnet, out, flow, mode) =>
        this.nsg(iface.networkSecurityGroupId, "network interface", out ? "outbound" : "inbound", flow, subnet.networkId, mode),
      subnet: (subnet, out, flow, mode) => this.nsg(subnet.networkSecurityGroupId, "subnet", out ? "outbound" : "inbound", flow, subnet.networkId, mode),
    },
  };

  leaveInterface(iface: NetworkInterface, flow: Flow, mode: Mode): Verdict {
    const subnet = this.ix.subnetOf(iface);
    return this.filters[this.cloudOf(subnet)].interface(iface, subnet, true, flow, mode);
  }

  enterInterface(iface: NetworkInterface, flow: Flow, mode: Mode): Verdict {
    const subnet = this.ix.subnetOf(iface);
    return this.filters[this.cloudOf(subnet)].interface(iface, subnet, false, flow, mode);
  }

  leaveSubnet(subnet: Subnet, flow: Flow, mode: Mode): Verdict {
    return this.filters[this.cloudOf(subnet)].subnet(subnet, true, flow, mode);
  }

  enterSubnet(subnet: Subnet, flow: Flow, mode: Mode): Verdict {
    return this.filters[this.cloudOf(subnet)].subnet(subnet, false, flow, mode);
  }

  private securityGroup(groups: readonly string[], direction: "ingress" | "egress", flow: Flow, mode: Mode): Verdict {
    return mode === "return" && groups.length > 0 ? STATEFUL.aws : this.securityGroups.evaluate(groups, direction, flow);
  }

  private nsg(nsgId: string | undefined, where: string, direction: "inbound" | "outbound", flow: Flow, networkId: string, mode: Mode): Verdict {
    return mode === "return" && nsgId !== undefined ? STATEFUL.azure : this.nsgs.evaluate(nsgId, where, direction, flow, networkId);
  }
}
