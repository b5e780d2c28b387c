// azurerm resources (and the data sources a customer-managed network is read with) -> the
// topology. Azure resources refer to each other by name within a resource group as often as by
// id, so names are indexed per kind and group; ids resolve like AWS ones.
import type {
  Gateway,
  Network,
  NetworkInterface,
  NetworkSecurityGroup,
  NsgRule,
  Peer,
  PortRange,
  PrivateDnsZone,
  RouteTable,
  RouteTarget,
  Subnet,
} from "../../topology/model.js";
import { NSG_PROTOCOLS } from "../azure/network.js";
import type { Val } from "./evaluate.js";
import type { MapContext, TfBlock, TfInstance } from "./mapper.js";

const POSTGRES = "Microsoft.DBforPostgreSQL/flexibleServers";
const PAAS_TYPES: Record<string, `Microsoft.${string}`> = {
  azurerm_storage_account: "Microsoft.Storage/storageAccounts",
  azurerm_key_vault: "Microsoft.KeyVault/vaults",
  azurerm_container_registry: "Microsoft.ContainerRegistry/registries",
  azurerm_postgresql_flexible_server: POSTGRES,
};
const TIER_NAMES: Record<string, string> = { db: "db", nodes: "node", pods: "pod", node: "node", pod: "pod" };
const NEXT_HOPS: Record<string, (ip: string | undefined) => RouteTarget | undefined> = {
  virtualappliance: (ip) => (ip ? { kind: "appliance", ip } : undefined),
  internet: () => ({ kind: "internet" }),
  vnetlocal: () => ({ kind: "local" }),
  none: () => ({ kind: "blackhole" }),
  // The VPN or ExpressRoute gateway: traffic leaves the modelled network.
  virtualnetworkgateway: () => ({ kind: "gateway", id: "VirtualNetworkGateway" }),
};

export function mapAzure(c: MapContext): void {
  new AzureMapping(c).run();
}

class AzureMapping {
  private readonly networks = new Map<string, Network>();
  private readonly subnets = new Map<string, Subnet>();
  private readonly nsgs = new Map<string, NetworkSecurityGroup>();
  private readonly tables = new Map<string, RouteTable>();
  private readonly zones = new Map<string, PrivateDnsZone>();
  /** `kind|resource group|name` (lower case) -> address. */
  private readonly names = new Map<string, string>();

  constructor(private readonly c: MapContext) {}

  run(): void {
    this.indexNames();
    this.vnets();
    this.subnetsOf();
    this.securityGroups();
    this.routeTablesOf();
    this.interfaces();
    this.privateEndpoints();
    this.dnsZones();
    this.peerings();
    this.services();
    this.flowLogs();
  }

  /** VNet flow logs (Network Watcher) on the VNets they target; NSG flow logs (retired by Azure) record only their NSG's traffic, so they do not count. */
  private flowLogs(): void {
    const c = this.c;
    for (const inst of c.of("azurerm_network_watcher_flow_log")) {
      if (inst.arg("enabled") === false) continue;
      this.networks.get(c.knownIdent(inst.arg("target_resource_id")) ?? "")?.flowLogs?.push(inst.address);
    }
  }

  private at(inst: TfInstance, name: string): string {
    return `${inst.address}.${name}`;
  }

  private key(kind: string, group: string, name: string): string {
    return `${kind}|${group}|${name}`.toLowerCase();
  }

  private indexNames(): void {
    const kinds: Record<string, string> = {
      azurerm_virtual_network: "vnet",
      azurerm_network_security_group: "nsg",
      azurerm_route_table: "table",
      azurerm_private_dns_zone: "zone",
    };
    for (const [type, kind] of Object.entries(kinds)) {
      for (const inst of this.c.of(type, `data.${type}`)) {
        const name = inst.arg("name");
        const group = inst.arg("resource_group_name");
        if (typeof name === "string" && typeof group === "string") this.names.set(this.key(kind, group, name), inst.address);
      }
    }
  }

  /** The element `kind` that a `<name argument>` + resource_group_name pair names. */
  private byName<T>(map: Map<string, T>, inst: TfInstance, kind: string, nameArg: string): T | undefined {
    const c = this.c;
    // A name known only at apply (`virtual_network_name = azurerm_virtual_network.main.name`, whose name is a variable without a value) links by that reference.
    if (typeof inst.arg(nameArg) !== "string" || typeof inst.arg("resource_group_name") !== "string") {
      const local = `${inst.mode === "data" ? "data." : ""}${inst.type}.${inst.name}`;
      const modulePrefix = inst.block.slice(0, inst.block.length - local.length);
      const named = inst.references(nameArg).flatMap((ref) => (ref.endsWith(".name") ? [map.get(`${modulePrefix}${ref.slice(0, -".name".length)}`)] : []));
      const found = named.find((x) => x !== undefined);
      if (found) return found;
    }
    const name = c.str(inst.arg(nameArg), this.at(inst, nameArg));
    const group = c.str(inst.arg("resource_group_name"), this.at(inst, "resource_group_name"));
    if (name === undefined || group === undefined) return undefined;
    const found = map.get(this.names.get(this.key(kind, group, name)) ?? "");
    if (!found) c.gap(inst.address, `${nameArg} ${name} (resource group ${group}) is not in this configuration`);
    return found;
  }

  /** The element an id argument refers to, among `map`. */
  private byId<T>(map: Map<string, T>, v: Val, inst: TfInstance, subject: string, what: string): T | undefined {
    const id = this.c.ident(v, subject);
    if (id === undefined) return undefined;
    const found = map.get(id);
    if (!found) this.c.gap(inst.address, `its ${what} ${id} is not in this configuration`);
    return found;
  }

  private vnets(): void {
    const c = this.c;
    const separate = new Set<string>();
    for (const inst of c.of("azurerm_subnet", "data.azurerm_subnet")) {
      separate.add(subnetKey(inst.arg("resource_group_name"), inst.arg("virtual_network_name"), inst.arg("name")) ?? "");
      const id = inst.attr("id");
      if (typeof id === "string") separate.add(id.toLowerCase());
    }
    for (const inst of c.of("azurerm_virtual_network", "data.azurerm_virtual_network")) {
      const location = c.str(c.value(inst, "location"), this.at(inst, "location"));
      const dns = c.strs(c.value(inst, "dns_servers"), this.at(inst, "dns_servers"));
      const network: Network = {
        ...c.element(inst, c.label(inst.arg("name"))),
        cloud: "azure",
        ...(location ? { region: location } : {}),
        cidrs: c.cidrs(c.value(inst, "address_space"), this.at(inst, "address_space")),
        ...(dns.length ? { dnsServers: dns } : {}),
        // A VNet the configuration creates has the flow logs it declares; one it reads has whatever it has.
        ...(inst.mode === "managed" ? { flowLogs: [] } : {}),
      };
      this.networks.set(network.id, network);
      c.topology.networks.push(network);
      if (inst.mode === "data") continue;
      for (const b of inst.blocks("subnet")) {
        const name = c.str(b.arg("name"), this.at(inst, "subnet.name"));
        // A state lists under `subnet` every subnet of the VNet, those made by azurerm_subnet too: each is read once, as that resource.
        if (name === undefined || separate.has(subnetKey(inst.arg("resource_group_name"), inst.arg("name"), name) ?? "")) continue;
        const azureId = b.arg("id");
        if (typeof azureId === "string" && separate.has(azureId.toLowerCase())) continue;
        const id = `${inst.address}.subnet[${JSON.stringify(name)}]`;
        const subnet = this.addSubnet({ id, name, networkId: network.id, cidrs: this.prefixes(b, id) }, name);
        const nsg = b.arg("security_group");
        if (nsg !== null) this.pendingNsg.push({ inst, subnet, v: nsg, subject: `${id}.security_group` });
      }
    }
  }

  /** Subnet NSGs named before the NSGs are mapped. */
  private readonly pendingNsg: { inst: TfInstance; subnet: Subnet; v: Val; subject: string }[] = [];

  private prefixes(b: TfBlock, subject: string): string[] {
    const list = this.c.cidrs(b.arg("address_prefixes"), `${subject}.address_prefixes`);
    if (list.length) return list;
    const one = this.c.cidr(b.arg("address_prefix"), `${subject}.address_prefix`);
    return one ? [one] : [];
  }

  private addSubnet(subnet: Subnet, label: string): Subnet {
    const tier = TIER_NAMES[label];
    if (tier && !subnet.tier) subnet.tier = tier;
    this.subnets.set(subnet.id, subnet);
    this.c.topology.subnets.push(subnet);
    return subnet;
  }

  private subnetsOf(): void {
    const c = this.c;
    for (const inst of c.of("azurerm_subnet", "data.azurerm_subnet")) {
      const network = this.byName(this.networks, inst, "vnet", "virtual_network_name");
      if (!network) continue;
      const data = inst.mode === "data";
      const cidrs = data ? c.cidrs(c.value(inst, "address_prefixes"), this.at(inst, "address_prefixes")) : this.prefixes(inst, inst.address);
      const delegations = inst
        .blocks("delegation")
        .flatMap((d) => d.blocks("service_delegation").flatMap((s) => c.str(s.arg("name"), `${inst.address}.delegation.service_delegation.name`) ?? []));
      const subnet = this.addSubnet(
        {
          ...c.element(inst, c.label(inst.arg("name"))),
          networkId: network.id,
          cidrs,
          ...(delegations.length ? { delegations } : {}),
          ...(delegations.includes(POSTGRES) ? { tier: "db" } : {}),
        },
        inst.name,
      );
      if (data) {
        // What Azure says about a subnet read as a data source (a plan or state knows it).
        for (const [arg, pending] of [
          ["network_security_group_id", "nsg"],
          ["route_table_id", "table"],
        ] as const) {
          const v = c.value(inst, arg);
          if (v !== null && v !== "") (pending === "nsg" ? this.pendingNsg : this.pendingTable).push({ inst, subnet, v, subject: this.at(inst, arg) });
        }
      }
    }
  }

  private readonly pendingTable: { inst: TfInstance; subnet: Subnet; v: Val; subject: string }[] = [];

  // --- NSGs -------------------------------------------------------------------------------------

  private securityGroups(): void {
    const c = this.c;
    for (const inst of c.of("azurerm_network_security_group", "data.azurerm_network_security_group")) {
      const nsg: NetworkSecurityGroup = { ...c.element(inst, c.label(inst.arg("name"))), rules: [] };
      this.nsgs.set(nsg.id, nsg);
      c.topology.networkSecurityGroups.push(nsg);
      const blocks = inst.mode === "data" ? this.dataBlocks(inst, "security_rule") : inst.blocks("security_rule");
      blocks.forEach((b, i) => this.rule(nsg, b, `${inst.address}.security_rule[${i}]`));
    }
    for (const inst of c.of("azurerm_network_security_rule")) {
      const nsg = this.ruleNsg(inst);
      if (nsg) this.rule(nsg, inst, inst.address);
    }
    for (const inst of c.of("azurerm_subnet_network_security_group_association")) {
      const subnet = this.byId(this.subnets, inst.arg("subnet_id"), inst, this.at(inst, "subnet_id"), "subnet");
      const nsg = this.byId(this.nsgs, inst.arg("network_security_group_id"), inst, this.at(inst, "network_security_group_id"), "network security group");
      if (subnet && nsg) subnet.networkSecurityGroupId = nsg.id;
    }
    for (const p of this.pendingNsg) {
      const nsg = this.byId(this.nsgs, p.v, p.inst, p.subject, "network security group");
      if (nsg) p.subnet.networkSecurityGroupId = nsg.id;
    }
  }

  /**
   * The NSG a separate rule belongs to, by name and resource group. One outside this configuration
   * (a child module's input, another stack's NSG) is kept unplaced, under the name the rule gives
   * it, with the rules written here: they are judged on their own.
   */
  private ruleNsg(inst: TfInstance): NetworkSecurityGroup | undefined {
    const c = this.c;
    const nameV = inst.arg("network_security_group_name");
    const groupV = inst.arg("resource_group_name");
    const name = typeof nameV === "string" ? nameV : undefined;
    const group = typeof groupV === "string" ? groupV : undefined;
    const found = name !== undefined && group !== undefined ? this.nsgs.get(this.names.get(this.key("nsg", group, name)) ?? "") : undefined;
    if (found) return found;
    if (nameV === null) return void c.gap(inst.address, "it has no network_security_group_name");
    const { ref, why } =
      name === undefined
        ? c.outside(inst, "network_security_group_name", nameV, "network security group")
        : {
            ref: `network security group ${name}`,
            why: `the network security group ${name} (resource group ${group ?? "unknown"}) is not in this configuration`,
          };
    const id = group === undefined || name === undefined ? ref : `${ref} (resource group ${group})`;
    let nsg = this.nsgs.get(id);
    if (!nsg) {
      nsg = { id, ...(name ? { name } : {}), rules: [], unknown: { rules: `${why}: only the rules written as separate resources are known` } };
      this.nsgs.set(id, nsg);
      c.topology.networkSecurityGroups.push(nsg);
    }
    return nsg;
  }

  /** Nested blocks of a data source: what it read (a list of objects), read as blocks. */
  private dataBlocks(inst: TfInstance, name: string): TfBlock[] {
    const v = this.c.value(inst, name);
    if (!Array.isArray(v)) return [];
    return v.map(
      (item): TfBlock => ({
        arg: (k) => (item !== null && typeof item === "object" && !Array.isArray(item) && k in item ? (item as Record<string, Val>)[k]! : null),
        blocks: () => [],
      }),
    );
  }

  private ports(b: TfBlock, single: string, list: string, subject: string): PortRange[] | undefined {
    const texts = [...this.c.strs(b.arg(list), `${subject}.${list}`), ...(b.arg(single) === null ? [] : this.c.strs(b.arg(single), `${subject}.${single}`))];
    if (texts.length === 0 || texts.includes("*")) return undefined;
    const ranges: PortRange[] = [];
    for (const text of texts) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
      if (!m) {
        this.c.gap(subject, `"${text}" is not a port or port range`);
        continue;
      }
      ranges.push({ from: Number(m[1]), to: Number(m[2] ?? m[1]) });
    }
    return ranges;
  }

  private peers(b: TfBlock, side: "source" | "destination", subject: string): Peer[] {
    const c = this.c;
    const texts = [...c.strs(b.arg(`${side}_address_prefixes`), `${subject}.${side}_address_prefixes`)];
    const one = b.arg(`${side}_address_prefix`);
    if (one !== null) texts.push(...c.strs(one, `${subject}.${side}_address_prefix`));
    const peers = texts.map((text): Peer => {
      if (text === "*" || text === "Any") return { kind: "any" };
      if (/^[0-9a-f:.]+(\/\d+)?$/i.test(text)) {
        const cidr = c.cidr(text, `${subject}.${side}_address_prefix`);
        return cidr ? { kind: "cidr", cidr } : { kind: "service-tag", tag: text };
      }
      return { kind: "service-tag", tag: text };
    });
    for (const id of c.idents(b.arg(`${side}_application_security_group_ids`), `${subject}.${side}_application_security_group_ids`))
      peers.push({ kind: "security-group", id });
    return peers;
  }

  private rule(nsg: NetworkSecurityGroup, b: TfBlock, id: string): void {
    const c = this.c;
    const name = c.str(b.arg("name"), `${id}.name`);
    const priority = c.num(b.arg("priority"), `${id}.priority`);
    const direction = c.str(b.arg("direction"), `${id}.direction`)?.toLowerCase();
    const access = c.str(b.arg("access"), `${id}.access`)?.toLowerCase();
    const protocolText = c.str(b.arg("protocol"), `${id}.protocol`)?.toLowerCase();
    const protocol = protocolText === undefined ? undefined : NSG_PROTOCOLS[protocolText];
    if (name === undefined || priority === undefined || protocolText === undefined) return;
    if ((direction !== "inbound" && direction !== "outbound") || (access !== "allow" && access !== "deny") || protocol === undefined) {
      return void c.gap(id, `direction ${direction}, access ${access}, protocol ${protocolText}: not an NSG rule Azure accepts`);
    }
    const sourcePorts = this.ports(b, "source_port_range", "source_port_ranges", id);
    const destinationPorts = this.ports(b, "destination_port_range", "destination_port_ranges", id);
    const rule: NsgRule = {
      id,
      name,
      priority,
      direction,
      access,
      protocol,
      ...(sourcePorts ? { sourcePorts } : {}),
      ...(destinationPorts ? { destinationPorts } : {}),
      sources: this.peers(b, "source", id),
      destinations: this.peers(b, "destination", id),
    };
    nsg.rules.push(rule);
  }

  // --- route tables -----------------------------------------------------------------------------

  private routeTablesOf(): void {
    const c = this.c;
    for (const inst of c.of("azurerm_route_table", "data.azurerm_route_table")) {
      // azurerm 4: bgp_route_propagation_enabled; 3: disable_bgp_route_propagation.
      const enabled = c.bool(inst.arg("bgp_route_propagation_enabled"), this.at(inst, "bgp_route_propagation_enabled"));
      const disabled = enabled === false || c.bool(inst.arg("disable_bgp_route_propagation"), this.at(inst, "disable_bgp_route_propagation")) === true;
      const table: RouteTable = {
        ...c.element(inst, c.label(inst.arg("name"))),
        networkId: "",
        routes: [],
        ...(disabled ? { gatewayRoutesDisabled: true } : {}),
      };
      this.tables.set(table.id, table);
      c.topology.routeTables.push(table);
      const blocks = inst.mode === "data" ? this.dataBlocks(inst, "route") : inst.blocks("route");
      blocks.forEach((b, i) => this.route(table, b, `${inst.address}.route[${i}]`));
      // A table read by the name of a subnet's route table (customer-managed mode) is that subnet's.
      if (inst.mode === "data") {
        for (const ref of inst.references("name")) {
          const m = /^(data\.azurerm_subnet\.[^.[]+(?:\[[^\]]+\])?)\.route_table_id$/.exec(ref);
          const subnet = m ? this.subnets.get(m[1]!) : undefined;
          if (subnet && !subnet.routeTableId) subnet.routeTableId = table.id;
        }
      }
    }
    for (const inst of c.of("azurerm_route")) {
      const table = this.byName(this.tables, inst, "table", "route_table_name");
      if (table) this.route(table, inst, inst.address);
    }
    for (const inst of c.of("azurerm_subnet_route_table_association")) {
      const subnet = this.byId(this.subnets, inst.arg("subnet_id"), inst, this.at(inst, "subnet_id"), "subnet");
      const table = this.byId(this.tables, inst.arg("route_table_id"), inst, this.at(inst, "route_table_id"), "route table");
      if (subnet && table) subnet.routeTableId = table.id;
    }
    for (const p of this.pendingTable) {
      const table = this.byId(this.tables, p.v, p.inst, p.subject, "route table");
      if (table) p.subnet.routeTableId = table.id;
    }
    // A route table belongs to no VNet of its own: it serves the network of the subnets it is on.
    const only = this.networks.size === 1 ? [...this.networks.keys()][0]! : "";
    const users = new Map<string, string>();
    for (const s of this.subnets.values()) if (s.routeTableId && !users.has(s.routeTableId)) users.set(s.routeTableId, s.networkId);
    for (const table of this.tables.values()) table.networkId = users.get(table.id) ?? only;
  }

  private route(table: RouteTable, b: TfBlock, id: string): void {
    const c = this.c;
    const prefix = c.str(b.arg("address_prefix"), `${id}.address_prefix`);
    const hop = c.str(b.arg("next_hop_type"), `${id}.next_hop_type`);
    if (prefix === undefined || hop === undefined) return;
    if (!/^[0-9a-f:.]+\/\d+$/i.test(prefix)) return void c.gap(id, `destination ${prefix} is a service tag, which is not modelled`);
    const destination = c.cidr(prefix, `${id}.address_prefix`);
    const ip = c.ip(b.arg("next_hop_in_ip_address"), `${id}.next_hop_in_ip_address`);
    const make = NEXT_HOPS[hop.toLowerCase()];
    const target = make?.(ip);
    if (!target) return void c.gap(id, `next hop ${hop}${ip ? ` ${ip}` : ""} is not a next hop Azure accepts`);
    if (destination) table.routes.push({ id, destination, target });
  }

  // --- interfaces, private endpoints, DNS ---------------------------------------------------------

  private interfaces(): void {
    const c = this.c;
    const nics = new Map<string, NetworkInterface>();
    for (const inst of c.of("azurerm_network_interface")) {
      const configs = inst.blocks("ip_configuration");
      const primary = configs.find((b) => b.arg("primary") === true) ?? configs[0];
      if (!primary) continue;
      const subnet = this.byId(this.subnets, primary.arg("subnet_id"), inst, this.at(inst, "ip_configuration.subnet_id"), "subnet");
      if (!subnet) continue;
      const forwarding = inst.arg("ip_forwarding_enabled") === true || inst.arg("enable_ip_forwarding") === true;
      const nic: NetworkInterface = {
        ...c.element(inst, c.label(inst.arg("name"))),
        subnetId: subnet.id,
        privateIps: [],
        ...(forwarding ? { forwarding } : {}),
      };
      const ip = c.ip(primary.arg("private_ip_address"), this.at(inst, "ip_configuration.private_ip_address"));
      if (ip) nic.privateIps.push(ip);
      else c.needAddress(subnet.id, 4, nic.id, (a) => nic.privateIps.unshift(a));
      const pipId = c.ident(primary.arg("public_ip_address_id"), this.at(inst, "ip_configuration.public_ip_address_id"));
      const pip = pipId === undefined ? undefined : c.instance(pipId);
      const pub = pip ? c.ip(pip.attr("ip_address"), `the address of ${pip.address}`) : undefined;
      if (pub) nic.publicIps = [{ publicIp: pub }];
      nics.set(nic.id, nic);
      c.topology.interfaces.push(nic);
    }
    for (const inst of c.of("azurerm_network_interface_security_group_association")) {
      const nic = this.byId(nics, inst.arg("network_interface_id"), inst, this.at(inst, "network_interface_id"), "network interface");
      const nsg = this.byId(this.nsgs, inst.arg("network_security_group_id"), inst, this.at(inst, "network_security_group_id"), "network security group");
      if (nic && nsg) nic.networkSecurityGroupId = nsg.id;
    }
    for (const inst of c.of("azurerm_network_interface_application_security_group_association")) {
      const nic = this.byId(nics, inst.arg("network_interface_id"), inst, this.at(inst, "network_interface_id"), "network interface");
      const asg = c.ident(inst.arg("application_security_group_id"), this.at(inst, "application_security_group_id"));
      if (nic && asg) (nic.applicationSecurityGroupIds ??= []).push(asg);
    }
  }

  private privateEndpoints(): void {
    const c = this.c;
    for (const inst of c.of("azurerm_private_endpoint")) {
      const subnet = this.byId(this.subnets, inst.arg("subnet_id"), inst, this.at(inst, "subnet_id"), "subnet");
      if (!subnet) continue;
      const connection = inst.blocks("private_service_connection")[0];
      const nic: NetworkInterface = { id: `${inst.address}/nic`, subnetId: subnet.id, privateIps: [] };
      const fixed = inst.blocks("ip_configuration")[0]?.arg("private_ip_address") ?? connection?.arg("private_ip_address") ?? null;
      const ip = fixed === null ? undefined : c.ip(fixed, this.at(inst, "private_ip_address"));
      if (ip) nic.privateIps.push(ip);
      else c.needAddress(subnet.id, 4, inst.address, (a) => nic.privateIps.unshift(a));
      c.topology.interfaces.push(nic);
      const groupIds = connection ? c.strs(connection.arg("subresource_names"), this.at(inst, "private_service_connection.subresource_names")) : [];
      const zones = inst
        .blocks("private_dns_zone_group")
        .flatMap((g) => c.idents(g.arg("private_dns_zone_ids"), this.at(inst, "private_dns_zone_group.private_dns_zone_ids")));
      // The target (a storage account, a vault) is outside the network model: only its identity matters.
      const target = this.at(inst, "private_service_connection.private_connection_resource_id");
      c.topology.endpoints.push({
        ...c.element(inst, c.label(inst.arg("name"))),
        kind: "private-endpoint",
        networkId: subnet.networkId,
        subnetIds: [subnet.id],
        interfaceIds: [nic.id],
        serviceId: connection ? c.externalIdent(connection.arg("private_connection_resource_id"), target) : target,
        ...(groupIds.length ? { groupIds } : {}),
        ...(zones.length ? { privateDnsZoneIds: zones } : {}),
      });
    }
  }

  private dnsZones(): void {
    const c = this.c;
    for (const inst of c.of("azurerm_private_dns_zone", "data.azurerm_private_dns_zone")) {
      const name = c.str(inst.arg("name"), this.at(inst, "name"));
      if (name === undefined) continue;
      const zone: PrivateDnsZone = { ...c.element(inst, name), zoneName: name, networkLinks: [] };
      this.zones.set(zone.id, zone);
      c.topology.privateDnsZones.push(zone);
    }
    for (const inst of c.of("azurerm_private_dns_zone_virtual_network_link")) {
      const zone = this.byName(this.zones, inst, "zone", "private_dns_zone_name");
      const network = this.byId(this.networks, inst.arg("virtual_network_id"), inst, this.at(inst, "virtual_network_id"), "virtual network");
      if (!zone || !network) continue;
      const registration = c.bool(inst.arg("registration_enabled"), this.at(inst, "registration_enabled"));
      zone.networkLinks.push({ networkId: network.id, ...(registration !== undefined ? { registrationEnabled: registration } : {}) });
    }
  }

  private peerings(): void {
    const c = this.c;
    const sides = c.of("azurerm_virtual_network_peering").flatMap((inst) => {
      const local = this.byName(this.networks, inst, "vnet", "virtual_network_name");
      const remote = c.ident(inst.arg("remote_virtual_network_id"), this.at(inst, "remote_virtual_network_id"));
      return local && remote !== undefined ? [{ inst, local, remote }] : [];
    });
    for (const { inst, local, remote } of sides) {
      // A peering carries traffic once both VNets hold one; a remote VNet read as data is peered elsewhere.
      const managed = c.instance(remote)?.mode === "managed" && this.networks.has(remote);
      if (managed && !sides.some((o) => o.local.id === remote && o.remote === local.id)) {
        c.gap(inst.address, `${remote} holds no peering back to ${local.id}: a peering needs both sides to carry traffic, so it is left out`);
        continue;
      }
      const flag = (arg: string) => c.bool(inst.arg(arg), this.at(inst, arg));
      const access = flag("allow_virtual_network_access");
      const flags = {
        ...(access === false ? { virtualNetworkAccess: false as const } : {}),
        ...(flag("allow_forwarded_traffic") !== undefined ? { allowForwardedTraffic: flag("allow_forwarded_traffic") } : {}),
        ...(flag("allow_gateway_transit") !== undefined ? { allowGatewayTransit: flag("allow_gateway_transit") } : {}),
        ...(flag("use_remote_gateways") !== undefined ? { useRemoteGateways: flag("use_remote_gateways") } : {}),
      };
      const peering: Gateway = { ...c.element(inst), kind: "peering", networkIds: [local.id, remote], ...flags };
      c.topology.gateways.push(peering);
    }
  }

  // Services behind private endpoints: azurerm's public_network_access_enabled defaults to true for each.
  private services(): void {
    const c = this.c;
    for (const [type, armType] of Object.entries(PAAS_TYPES)) {
      for (const inst of c.of(type)) {
        const v = inst.arg("public_network_access_enabled");
        // Unset: the provider's default (on); an unknown value stays unknown.
        const open = v === null ? true : c.bool(v, this.at(inst, "public_network_access_enabled"));
        (c.topology.paasServices ??= []).push({
          ...c.element(inst, c.label(inst.arg("name"))),
          type: armType,
          ...(open !== undefined ? { publicNetworkAccess: open } : {}),
        });
      }
    }
  }
}

/** A subnet by resource group, VNet and name (Azure names are case-insensitive); undefined unless all three are known. */
function subnetKey(group: Val, vnet: Val, name: Val): string | undefined {
  return typeof group === "string" && typeof vnet === "string" && typeof name === "string" ? `${group}|${vnet}|${name}`.toLowerCase() : undefined;
}
