// The Azure resource JSON importer: resources recognised by `type` (arrays, single objects,
// `properties` nested or flattened), references resolved whatever their case, and partial or
// malformed exports as notes, gaps or an error naming the file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importAzureResources } from "../src/import/azure/resources.js";
import { exportOf } from "./audit-fixtures.js";
import { gapText } from "../src/import/types.js";

const RG = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/customer-network/providers/Microsoft.Network";
const VNET = `${RG}/virtualNetworks/customer-vnet`;
const subnet = (name: string) => `${VNET}/subnets/${name}`;

test("the customer-managed VNet: subnets with their route table, NSG and delegations; the firewall as an appliance", async () => {
  const { topology: t, gaps, notes } = await importAzureResources(exportOf("azure-compliant"));
  assert.deepEqual(gaps, []);
  assert.deepEqual(notes, []);
  assert.deepEqual(
    t.networks.map((n) => [n.id, n.cloud, n.region, n.cidrs, n.name]),
    [[VNET, "azure", "westeurope", ["10.50.0.0/16"], "customer-vnet"]],
  );
  const pods = t.subnets.find((s) => s.id === subnet("pods"))!;
  // The subnet names its route table in upper case: the reference resolves to the table's own id.
  assert.deepEqual(
    [pods.cidrs, pods.routeTableId, pods.networkSecurityGroupId, pods.delegations],
    [["10.50.8.0/21"], `${RG}/routeTables/dataplane-to-firewall`, `${RG}/networkSecurityGroups/aks-nsg`, []],
  );
  assert.deepEqual(t.subnets.find((s) => s.id === subnet("db"))!.delegations, ["Microsoft.DBforPostgreSQL/flexibleServers"]);
  assert.deepEqual(
    t.routeTables[0]!.routes.map((r) => [r.destination, r.target]),
    [["0.0.0.0/0", { kind: "appliance", ip: "10.50.0.4" }]],
  );
  const rule = t.networkSecurityGroups.find((n) => n.name === "aks-nsg")!.rules[0]!;
  assert.deepEqual(rule, {
    id: `${RG}/networkSecurityGroups/aks-nsg/securityRules/allow-sync-from-control-plane`,
    name: "allow-sync-from-control-plane",
    priority: 100,
    direction: "inbound",
    access: "allow",
    protocol: "tcp",
    sources: [{ kind: "cidr", cidr: "203.0.113.0/24" }],
    destinations: [{ kind: "any" }],
    destinationPorts: [{ from: 443, to: 443 }],
  });
  const firewall = t.interfaces.find((i) => i.name === "customer-fw")!;
  assert.deepEqual(
    [firewall.subnetId, firewall.privateIps, firewall.publicIps, firewall.forwarding],
    [subnet("AzureFirewallSubnet"), ["10.50.0.4"], [{ publicIp: "20.61.0.10", privateIp: "10.50.0.4" }], true],
  );
  const ep = t.endpoints[0]!;
  assert.deepEqual(
    [ep.kind, ep.subnetIds, ep.interfaceIds, ep.groupIds, ep.state, ep.privateDnsZoneIds],
    [
      "private-endpoint",
      [subnet("nodes")],
      [`${RG}/networkInterfaces/storage-pe.nic`],
      ["blob"],
      "Approved",
      [
        "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/customer-network/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net",
      ],
    ],
  );
  assert.deepEqual(
    t.privateDnsZones.map((z) => [z.zoneName, z.networkLinks]),
    [["privatelink.blob.core.windows.net", [{ networkId: VNET, registrationEnabled: false }]]],
  );
});

test("single objects with `properties` nested (az resource show) read like flattened lists", async () => {
  const dir = exportOf("azure-compliant");
  const [vnet] = JSON.parse(readFileSync(join(dir, "vnet.json"), "utf8"));
  const { id, name, type, location, ...properties } = vnet;
  writeFileSync(join(dir, "vnet.json"), JSON.stringify({ id, name, type, location, properties }, null, 2));
  const { topology, locations } = await importAzureResources(dir);
  assert.equal(topology.subnets.length, 4);
  assert.deepEqual(locations.get(VNET), { file: join(dir, "vnet.json"), line: 1 });
});

test("locations: the line each resource of a list starts on", async () => {
  const dir = exportOf("azure-compliant");
  const { locations } = await importAzureResources(dir);
  const at = locations.get(`${RG}/networkSecurityGroups/db-nsg`)!;
  const lines = readFileSync(at.file, "utf8").split("\n");
  assert.equal(lines[at.line! - 1], "  {");
  assert.match(lines.slice(at.line!, at.line! + 40).join("\n"), /"name": "db-nsg"/);
});

test("unknown types are notes; truncated JSON an error naming the file; no VNet an error", async () => {
  const dir = exportOf("azure-compliant");
  writeFileSync(
    join(dir, "vms.json"),
    JSON.stringify([{ id: "/x/vm1", type: "Microsoft.Compute/virtualMachines" }, { id: "/x/vm2", type: "Microsoft.Compute/virtualMachines" }, { hello: 1 }]),
  );
  assert.deepEqual((await importAzureResources(dir)).notes, [
    `${join(dir, "vms.json")}: 2 resources of type microsoft.compute/virtualmachines: not modelled, ignored`,
    `${join(dir, "vms.json")}: 1 resource of type (no type): not modelled, ignored`,
  ]);
  writeFileSync(join(dir, "nics.json"), '[{"id": "/x/nic", "type": "Microsoft.Network/networkInterfaces", "ipConfigurations": [');
  await assert.rejects(importAzureResources(dir), new RegExp(`${join(dir, "nics.json").replaceAll("/", "\\/")}: is not valid JSON \\(truncated\\?\\)`));
  const novnet = exportOf("azure-compliant");
  rmSync(join(novnet, "vnet.json"));
  await assert.rejects(importAzureResources(novnet), /has no VNet: no Microsoft.Network\/virtualNetworks \(az network vnet list -o json\) in the export/);
});

test("missing parts become gaps: the route tables and NSGs subnets name, NICs, DNS zone groups and links", async () => {
  const dir = exportOf("azure-compliant");
  for (const f of ["route-tables.json", "nsgs.json", "nics.json", "dns-zone-groups.json", "dns-links.json"]) rmSync(join(dir, f));
  const { gaps, topology } = await importAzureResources(dir);
  assert.deepEqual(gaps.map(gapText), [
    "not enough data to judge the private endpoints' DNS: no DNS zone groups (az network private-endpoint dns-zone-group list -o json) in the export",
    "not enough data to judge which VNets the private DNS zones serve: no VNet links (az network private-dns link vnet list -o json) in the export",
    "not enough data to judge the NSG of subnet db: no NSGs (az network nsg list -o json) in the export",
    "not enough data to judge the routes of subnet nodes: no route tables (az network route-table list -o json) in the export",
    "not enough data to judge the NSG of subnet nodes: no NSGs (az network nsg list -o json) in the export",
    "not enough data to judge the routes of subnet pods: no route tables (az network route-table list -o json) in the export",
    "not enough data to judge the NSG of subnet pods: no NSGs (az network nsg list -o json) in the export",
    "not enough data to judge free addresses and who holds which address: no NICs (az network nic list -o json) in the export",
  ]);
  assert.equal(topology.endpoints[0]!.privateDnsZoneIds, undefined);
});

test("peerings: each side with its flags; a side whose remote VNet holds none back (and no state says it connected) is left out; BGP propagation off", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-peering-"));
  const vnet = (name: string, cidr: string, peerings: Record<string, unknown>[]) => ({
    id: `${RG}/virtualNetworks/${name}`,
    name,
    type: "Microsoft.Network/virtualNetworks",
    location: "westeurope",
    properties: {
      addressSpace: { addressPrefixes: [cidr] },
      subnets: [
        {
          id: `${RG}/virtualNetworks/${name}/subnets/default`,
          name: "default",
          properties: { addressPrefix: cidr.replace("/16", "/24"), routeTable: { id: `${RG}/routeTables/rt-${name}` } },
        },
      ],
      virtualNetworkPeerings: peerings,
    },
  });
  const side = (from: string, to: string, flags: Record<string, unknown>) => ({
    id: `${RG}/virtualNetworks/${from}/virtualNetworkPeerings/${from}-to-${to}`,
    name: `${from}-to-${to}`,
    properties: { remoteVirtualNetwork: { id: `${RG}/virtualNetworks/${to}` }, allowVirtualNetworkAccess: true, ...flags },
  });
  const vnets = [
    vnet("spoke", "10.1.0.0/16", [
      side("spoke", "hub", { allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: true, peeringState: "Connected" }),
    ]),
    vnet("hub", "10.0.0.0/16", [
      side("hub", "spoke", { allowForwardedTraffic: false, allowGatewayTransit: true, useRemoteGateways: false, peeringState: "Connected" }),
      side("hub", "lonely", { allowForwardedTraffic: false }),
    ]),
    vnet("lonely", "10.9.0.0/16", []),
  ];
  const tables = ["spoke", "hub", "lonely"].map((n) => ({
    id: `${RG}/routeTables/rt-${n}`,
    name: `rt-${n}`,
    type: "Microsoft.Network/routeTables",
    properties: { disableBgpRoutePropagation: n === "spoke", routes: [] },
  }));
  writeFileSync(join(dir, "vnets.json"), JSON.stringify(vnets));
  writeFileSync(join(dir, "route-tables.json"), JSON.stringify(tables));
  const { topology, notes } = await importAzureResources(dir);
  const short = (id: string) => id.split("/").at(-1);
  assert.deepEqual(
    topology.gateways.map((g) => [short(g.id), g.networkIds.map(short), g.allowForwardedTraffic, g.allowGatewayTransit, g.useRemoteGateways]),
    [
      ["spoke-to-hub", ["spoke", "hub"], true, false, true],
      ["hub-to-spoke", ["hub", "spoke"], false, true, false],
    ],
  );
  assert.deepEqual(notes, [
    `${RG}/virtualNetworks/hub/virtualNetworkPeerings/hub-to-lonely: ${RG}/virtualNetworks/lonely holds no peering back to ${RG}/virtualNetworks/hub: a peering needs both sides, so this one carries no traffic; left out`,
  ]);
  assert.deepEqual(
    topology.routeTables.map((t) => [short(t.id), t.gatewayRoutesDisabled]),
    [
      ["rt-spoke", true],
      ["rt-hub", undefined],
      ["rt-lonely", undefined],
    ],
  );
});
