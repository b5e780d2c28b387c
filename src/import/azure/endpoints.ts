// Azure resource JSON -> network interfaces (NICs, and Azure Firewalls as forwarding appliances)
// with their public IPs, private endpoints and private DNS zones with their VNet links.
import { type Json, obj, objects, str, strings } from "../../io/json-folder.js";
import { parseAddress } from "../../ipam/prefix.js";
import type { Endpoint, NetworkInterface, PrivateDnsZone, PublicIpMapping, SourceLocation } from "../../topology/model.js";
import { type AzureBuild, flatten, missingType, named, parentId } from "./export.js";

/** Public IP resources' addresses by id (lower-cased: references differ in case). */
function publicAddresses(b: AzureBuild): Map<string, string> {
  const out = new Map<string, string>();
  for (const { item } of b.ex.get("microsoft.network/publicipaddresses")) {
    const id = str(item, "id");
    const ip = str(item, "ipAddress");
    if (id && ip) out.set(id.toLowerCase(), ip);
  }
  return out;
}

interface Addressing {
  subnetId?: string;
  privateIps: string[];
  publicIps: PublicIpMapping[];
  asgs: string[];
}

/** The IP configurations of a NIC or firewall: its subnet, private addresses (primary first), public ones. */
function addressing(b: AzureBuild, configs: Json[], publics: Map<string, string>): Addressing {
  const sorted = configs.map(flatten).sort((x, y) => Number(y.primary === true) - Number(x.primary === true));
  const out: Addressing = { privateIps: [], publicIps: [], asgs: [] };
  for (const c of sorted) {
    out.subnetId ??= b.ex.ref(str(obj(c, "subnet"), "id"));
    const privateIp = str(c, "privateIPAddress") ?? str(c, "privateIpAddress");
    if (!privateIp || !parseAddress(privateIp)) continue;
    out.privateIps.push(privateIp);
    const pub = obj(c, "publicIPAddress") ?? obj(c, "publicIpAddress");
    const publicIp = str(flatten(pub ?? {}), "ipAddress") ?? publics.get(str(pub, "id")?.toLowerCase() ?? "");
    if (publicIp) out.publicIps.push({ publicIp, privateIp });
    if (pub && !publicIp) b.note(`${str(c, "id") ?? privateIp}: its public IP ${str(pub, "id") ?? ""} has no address in the export: left out`);
    for (const g of objects(c, "applicationSecurityGroups")) {
      const id = b.ex.ref(str(g, "id"));
      if (id) out.asgs.push(id);
    }
  }
  return out;
}

function placeInterface(b: AzureBuild, iface: Omit<NetworkInterface, "subnetId">, a: Addressing, at: SourceLocation): void {
  if (!a.subnetId || !b.has(a.subnetId)) {
    b.note(`${iface.id}: its subnet ${a.subnetId ?? "(none)"} is not in the export: left out`);
    return;
  }
  const full: NetworkInterface = {
    ...iface,
    subnetId: a.subnetId,
    privateIps: a.privateIps,
    ...(a.publicIps.length ? { publicIps: a.publicIps } : {}),
    ...(a.asgs.length ? { applicationSecurityGroupIds: a.asgs } : {}),
  };
  b.place(b.topology.interfaces, full, at);
}

export function buildInterfaces(b: AzureBuild): void {
  const publics = publicAddresses(b);
  for (const { item, at } of b.ex.get("microsoft.network/networkinterfaces")) {
    const id = str(item, "id");
    if (!id) continue;
    const nsg = b.ex.ref(str(obj(item, "networkSecurityGroup"), "id"));
    const vm = str(obj(item, "virtualMachine"), "id");
    const iface = {
      id,
      privateIps: [],
      ...named(item),
      ...(nsg ? { networkSecurityGroupId: nsg } : {}),
      ...(vm ? { instanceId: vm } : {}),
      ...(item.enableIPForwarding === true ? { forwarding: true } : {}),
    };
    placeInterface(b, iface, addressing(b, objects(item, "ipConfigurations"), publics), at);
  }
  // An Azure Firewall is the appliance a UDR's VirtualAppliance next hop names: modelled as a forwarding interface.
  for (const { item, at } of b.ex.get("microsoft.network/azurefirewalls")) {
    const id = str(item, "id");
    if (id) placeInterface(b, { id, privateIps: [], forwarding: true, ...named(item) }, addressing(b, objects(item, "ipConfigurations"), publics), at);
  }
}

/** Private DNS zones of each endpoint's zone groups; undefined when the export has no zone groups at all. */
function zoneGroups(b: AzureBuild): Map<string, string[]> | undefined {
  if (!b.ex.seen.has("microsoft.network/privateendpoints/privatednszonegroups")) return undefined;
  const out = new Map<string, string[]>();
  for (const { item } of b.ex.get("microsoft.network/privateendpoints/privatednszonegroups")) {
    const id = str(item, "id");
    if (!id) continue;
    const endpoint = (b.ex.ref(parentId(id, "privateDnsZoneGroups")) ?? id).toLowerCase();
    const zones = objects(item, "privateDnsZoneConfigs")
      .map((c) => b.ex.ref(str(flatten(c), "privateDnsZoneId")))
      .filter((z) => z !== undefined);
    out.set(endpoint, [...(out.get(endpoint) ?? []), ...zones]);
  }
  return out;
}

export function buildPrivateEndpoints(b: AzureBuild): void {
  const groups = zoneGroups(b);
  const endpoints = b.ex.get("microsoft.network/privateendpoints");
  if (endpoints.length > 0 && !groups)
    b.gap("the private endpoints' DNS", missingType("microsoft.network/privateendpoints/privatednszonegroups", "DNS zone groups"));
  for (const { item, at } of endpoints) {
    const id = str(item, "id");
    const subnetId = b.ex.ref(str(obj(item, "subnet"), "id"));
    if (!id || !subnetId) continue;
    const networkId = b.ex.ref(parentId(subnetId, "subnets"))!;
    if (!b.has(networkId)) {
      b.note(`${id}: its VNet is not in the export: left out`);
      continue;
    }
    const connection = [...objects(item, "privateLinkServiceConnections"), ...objects(item, "manualPrivateLinkServiceConnections")].map(flatten)[0];
    const groupIds = strings(connection, "groupIds");
    const state = str(obj(connection, "privateLinkServiceConnectionState"), "status");
    const zones = groups?.get(id.toLowerCase());
    const endpoint: Endpoint = {
      id,
      kind: "private-endpoint",
      networkId,
      subnetIds: [subnetId],
      interfaceIds: objects(item, "networkInterfaces")
        .map((n) => b.ex.ref(str(n, "id")))
        .filter((n) => n !== undefined),
      serviceId: str(connection, "privateLinkServiceId") ?? "",
      ...(groups ? { privateDnsZoneIds: zones ?? [] } : {}),
      ...(groupIds.length ? { groupIds } : {}),
      ...(state ? { state } : {}),
      ...named(item),
    };
    b.place(b.topology.endpoints, endpoint, at);
  }
}

export function buildPrivateDnsZones(b: AzureBuild): void {
  const links = new Map<string, PrivateDnsZone["networkLinks"]>();
  for (const { item } of b.ex.get("microsoft.network/privatednszones/virtualnetworklinks")) {
    const id = str(item, "id");
    const networkId = b.ex.ref(str(obj(item, "virtualNetwork"), "id"));
    if (!id || !networkId) continue;
    const zone = parentId(id, "virtualNetworkLinks").toLowerCase();
    links.set(zone, [...(links.get(zone) ?? []), { networkId, registrationEnabled: item.registrationEnabled === true }]);
  }
  const zones = b.ex.get("microsoft.network/privatednszones");
  if (zones.length > 0 && !b.ex.seen.has("microsoft.network/privatednszones/virtualnetworklinks")) {
    b.gap("which VNets the private DNS zones serve", missingType("microsoft.network/privatednszones/virtualnetworklinks", "VNet links"));
  }
  for (const { item, at } of zones) {
    const id = str(item, "id");
    const zoneName = str(item, "name");
    if (!id || !zoneName) continue;
    b.place(b.topology.privateDnsZones, { id, zoneName, networkLinks: links.get(id.toLowerCase()) ?? [], ...named(item) }, at);
  }
}

/** The ARM types of the services private endpoints connect to, as the export lists them. */
const SERVICE_TYPES = {
  "microsoft.storage/storageaccounts": "Microsoft.Storage/storageAccounts",
  "microsoft.keyvault/vaults": "Microsoft.KeyVault/vaults",
  "microsoft.containerregistry/registries": "Microsoft.ContainerRegistry/registries",
  "microsoft.dbforpostgresql/flexibleservers": "Microsoft.DBforPostgreSQL/flexibleServers",
} as const;

/** Services behind private endpoints: `publicNetworkAccess` Enabled or Disabled (PostgreSQL: under `network`); absent: unknown. */
export function buildPaasServices(b: AzureBuild): void {
  for (const [type, armType] of Object.entries(SERVICE_TYPES) as [keyof typeof SERVICE_TYPES, `Microsoft.${string}`][]) {
    for (const { item, at } of b.ex.get(type)) {
      const id = str(item, "id");
      if (!id) continue;
      const access = str(item, "publicNetworkAccess") ?? str(obj(item, "network"), "publicNetworkAccess");
      const open = access === "Enabled" ? true : access === "Disabled" ? false : undefined;
      b.place((b.topology.paasServices ??= []), { id, type: armType, ...(open !== undefined ? { publicNetworkAccess: open } : {}), ...named(item) }, at);
    }
  }
}
