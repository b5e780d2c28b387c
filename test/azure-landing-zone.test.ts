// Azure in a landing zone: the hub's central privatelink zones reused by id, VNet flow logs, the
// custom DNS servers' reachability, and services behind private endpoints left open (issue 15.8).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSpec, type SpecInput } from "../src/spec/index.js";
import { InputError } from "../src/spec/errors.js";
import { checkPlan } from "../src/analyze/checks/plan.js";
import { moduleJson } from "../src/terraform/json.js";
import { azurePlanOf } from "./support/plans.js";
import { findingsOf } from "./support/checks.js";
import { resourceJson, resourceNames, validFiles } from "./support/terraform.js";
import { importTerraformConfig } from "../src/import/terraform/config.js";
import { formatPlan } from "../src/cli/plan-text.js";
import { importAzureDocuments } from "../src/import/azure/resources.js";
import { runChecks } from "../src/analyze/checks/index.js";

const HUB = "/subscriptions/99999999-8888-7777-6666-555555555555/resourceGroups/hub-dns/providers/Microsoft.Network/privateDnsZones";
const managed = {
  name: "acme-prod",
  cloud: "azure",
  azure: { location: "westeurope", resourceGroup: "acme-prod-network", vnet: { addressSpace: ["10.30.0.0/16"] } },
  controlPlane: { cidrs: ["203.0.113.0/24"] },
} satisfies SpecInput;
const withAzure = (azure: object): SpecInput => ({ ...managed, azure: { ...managed.azure, ...azure } }) as SpecInput;
const plan = (azure: object) => azurePlanOf(parseSpec(withAzure(azure)));
const central = { blob: `${HUB}/privatelink.blob.core.windows.net`, vault: `${HUB}/privatelink.vaultcore.azure.net` };

function locals(p: ReturnType<typeof plan>): Record<string, unknown> {
  return (moduleJson(p.module) as { locals: Record<string, unknown>[] }).locals[0]!;
}

test("central zones given by id are used, not duplicated: dpnet creates and links only the others", async () => {
  const p = plan({ privateDnsZoneIds: central, customDns: { servers: ["10.30.8.10"] } });
  await validFiles(p);
  assert.deepStrictEqual(resourceJson(p.module, "azurerm_private_dns_zone", "service").for_each, {
    dfs: "privatelink.dfs.core.windows.net",
    postgres: "privatelink.postgres.database.azure.com",
  });
  assert.equal(resourceJson(p.module, "azurerm_private_dns_zone_virtual_network_link", "service").for_each, "${azurerm_private_dns_zone.service}");
  assert.deepStrictEqual(locals(p), {
    private_dns_zone_ids: {
      blob: central.blob,
      dfs: '${azurerm_private_dns_zone.service["dfs"].id}',
      vault: central.vault,
      postgres: '${azurerm_private_dns_zone.service["postgres"].id}',
    },
  });
  assert.deepStrictEqual(resourceJson(p.module, "azurerm_private_endpoint", "service").private_dns_zone_group, [
    { name: "${each.key}", private_dns_zone_ids: ["${local.private_dns_zone_ids[each.key]}"] },
  ]);
  const output = (moduleJson(p.module) as { output: Record<string, { value: unknown }[]> }).output.private_dns_zone_ids![0]!.value;
  assert.equal(output, "${local.private_dns_zone_ids}");
  assert.deepStrictEqual(
    p.summary.privateDnsZones.map((z) => [z.kind, z.centralZoneId]),
    [
      ["blob", central.blob],
      ["dfs", undefined],
      ["vault", central.vault],
      ["postgres", undefined],
    ],
  );
});

test("verify of the module: the endpoints' central zones are outside the module, so their VNet links cannot be judged", () => {
  const checked = checkPlan(plan({ privateDnsZoneIds: central, customDns: { servers: ["10.30.8.10"] } }));
  const az008 = checked.findings.filter((f) => f.id === "DPN-AZ-008");
  assert.deepStrictEqual(
    az008.map((f) => [f.severity, f.resource, f.message]),
    [
      [
        "warning",
        'azurerm_private_endpoint.service["blob"]',
        `not enough data to judge whether ${central.blob} is linked to the VNet (the zone is not in the topology)`,
      ],
      [
        "warning",
        'azurerm_private_endpoint.service["vault"]',
        `not enough data to judge whether ${central.vault} is linked to the VNet (the zone is not in the topology)`,
      ],
    ],
  );
});

test("every zone central: no zone or link of dpnet's; without custom DNS, DPN-AZ-015 says the zones must be linked in the hub", async () => {
  const p = plan({
    privateEndpoints: ["blob", "vault"],
    privateDnsZoneIds: central,
  });
  await validFiles(p);
  assert.deepStrictEqual(resourceNames(p.module, "azurerm_private_dns_zone"), []);
  assert.deepStrictEqual(resourceNames(p.module, "azurerm_private_dns_zone_virtual_network_link"), []);
  assert.deepStrictEqual(locals(p), { private_dns_zone_ids: central });
  assert.deepStrictEqual(
    p.findings.map((f) => [f.severity, f.id, f.resource, f.message]),
    [
      [
        "warning",
        "DPN-AZ-015",
        "azure.privateDnsZoneIds",
        "the central zones privatelink.blob.core.windows.net, privatelink.vaultcore.azure.net resolve in this VNet only if they are linked to it (Azure DNS sees a private zone only in linked VNets): link them to the VNet in the hub, or set azure.customDns to the hub's DNS resolver",
      ],
    ],
  );
});

test("a central zone id must name its kind's privatelink zone, for a kind privateEndpoints lists", () => {
  const problem = (azure: object) => {
    try {
      parseSpec(withAzure(azure));
    } catch (e) {
      assert.ok(e instanceof InputError);
      return e.message;
    }
    assert.fail("no InputError");
  };
  assert.equal(
    problem({ privateDnsZoneIds: { blob: `${HUB}/privatelink.dfs.core.windows.net` } }),
    `azure.privateDnsZoneIds.blob: ${HUB}/privatelink.dfs.core.windows.net is not the blob zone: its name must be privatelink.blob.core.windows.net`,
  );
  assert.equal(
    problem({ privateEndpoints: ["dfs"], privateDnsZoneIds: { blob: central.blob } }),
    `azure.privateDnsZoneIds.blob: ${central.blob} is a zone for blob, which privateEndpoints does not list`,
  );
  assert.equal(
    problem({ privateDnsZoneIds: { vault: "privatelink.vaultcore.azure.net" } }),
    "azure.privateDnsZoneIds.vault: privatelink.vaultcore.azure.net is not a private DNS zone resource id (/subscriptions/<subscription guid>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/<zone>)",
  );
});

test("flowLogs: a VNet flow log (NSG flow logs can no longer be created) to the given storage account, through the region's Network Watcher", async () => {
  const p = plan({ flowLogs: true, privateEndpoints: [] });
  const files = await validFiles(p);
  assert.ok(files.has("flow-logs.tf"));
  assert.deepStrictEqual(resourceJson(p.module, "azurerm_network_watcher_flow_log", "vnet"), {
    name: "acme-prod-vnet",
    network_watcher_name: "${var.network_watcher_name}",
    resource_group_name: "${var.network_watcher_resource_group_name}",
    target_resource_id: "${azurerm_virtual_network.network.id}",
    storage_account_id: "${var.flow_log_storage_account_id}",
    enabled: true,
    version: 2,
    retention_policy: [{ enabled: true, days: "${var.flow_log_retention_days}" }],
    tags: "${var.tags}",
  });
  const variable = (name: string) => p.module.blocks.find((b) => b.kind === "variable" && b.labels[0] === name)!.body;
  assert.equal(variable("network_watcher_name").default, "NetworkWatcher_westeurope");
  assert.equal(variable("network_watcher_resource_group_name").default, "NetworkWatcherRG");
  assert.equal(variable("flow_log_retention_days").default, 90);
  assert.equal(variable("flow_log_storage_account_id").default, undefined);
  assert.equal(p.summary.flowLogs, true);
  assert.deepStrictEqual(findingsOf(p), []);
  assert.deepStrictEqual(resourceNames(plan({ privateEndpoints: [] }).module, "azurerm_network_watcher_flow_log"), []);
});

test("DPN-AZ-016: a custom DNS server the VNet has no path to is flagged with the trace; one inside the VNet is not", () => {
  const p = plan({ customDns: { servers: ["10.0.0.10", "10.30.8.10"] }, privateEndpoints: [] });
  const found = checkPlan(p).findings.filter((f) => f.id === "DPN-AZ-016");
  assert.deepStrictEqual(
    found.map((f) => [f.severity, f.resource, f.message]),
    [
      [
        "warning",
        "azurerm_subnet.nodes",
        "the custom DNS server 10.0.0.10 of azurerm_virtual_network.network does not answer the nodes subnet: UDP 53 denied at azurerm_subnet.nodes; give the VNet a path to it (peering to its VNet, a route through the firewall) or use servers the VNet reaches",
      ],
    ],
  );
  assert.deepStrictEqual(found[0]!.trace, [
    {
      id: "azurerm_subnet.nodes",
      kind: "subnet",
      decision: "nsg azurerm_network_security_group.nodes outbound rule defaultSecurityRules/DenyAllOutBound (priority 65500) denies udp 53 to 10.0.0.10",
      rules: [{ element: "azurerm_network_security_group.nodes", name: "defaultSecurityRules/DenyAllOutBound" }],
    },
  ]);
});

const RG = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/data";
/** A VNet with a private endpoint to each of a storage account (public access left at its default), a key vault (closed) and a registry (open). */
const SERVICES_TF = {
  resource: {
    azurerm_virtual_network: { spoke: { name: "spoke", location: "westeurope", resource_group_name: "data", address_space: ["10.40.0.0/16"] } },
    azurerm_subnet: {
      nodes: { name: "nodes", resource_group_name: "data", virtual_network_name: "${azurerm_virtual_network.spoke.name}", address_prefixes: ["10.40.0.0/24"] },
    },
    azurerm_storage_account: { logs: { name: "acmelogs", resource_group_name: "data", location: "westeurope" } },
    azurerm_key_vault: { secrets: { name: "acme-secrets", resource_group_name: "data", location: "westeurope", public_network_access_enabled: false } },
    azurerm_container_registry: { images: { name: "acmeimages", resource_group_name: "data", location: "westeurope", public_network_access_enabled: true } },
    azurerm_private_endpoint: Object.fromEntries(
      [
        ["logs", "${azurerm_storage_account.logs.id}", "blob"],
        ["secrets", "${azurerm_key_vault.secrets.id}", "vault"],
        ["images", "${azurerm_container_registry.images.id}", "registry"],
      ].map(([name, target, group]) => [
        name,
        {
          name: name!,
          location: "westeurope",
          resource_group_name: "data",
          subnet_id: "${azurerm_subnet.nodes.id}",
          private_service_connection: { name: name!, private_connection_resource_id: target!, subresource_names: [group!], is_manual_connection: false },
        },
      ]),
    ),
  },
};

test("DPN-AZ-017: services behind private endpoints with public network access on (set, or azurerm's default) are flagged; a closed one is not", () => {
  const imported = importTerraformConfig(SERVICES_TF);
  assert.deepStrictEqual(
    imported.topology.paasServices!.map((s) => [s.id, s.type, s.publicNetworkAccess]),
    [
      ["azurerm_storage_account.logs", "Microsoft.Storage/storageAccounts", true],
      ["azurerm_key_vault.secrets", "Microsoft.KeyVault/vaults", false],
      ["azurerm_container_registry.images", "Microsoft.ContainerRegistry/registries", true],
    ],
  );
  const found = runChecks(imported.topology, {}, imported.gaps).filter((f) => f.id === "DPN-AZ-017");
  assert.deepStrictEqual(
    found.map((f) => [f.severity, f.resource, f.message]),
    [
      [
        "warning",
        "azurerm_container_registry.images",
        "azurerm_container_registry.images is behind the private endpoint azurerm_private_endpoint.images but still takes traffic from public networks: turn its public network access off (public_network_access_enabled = false) so the endpoint is the only way in",
      ],
      [
        "warning",
        "azurerm_storage_account.logs",
        "azurerm_storage_account.logs is behind the private endpoint azurerm_private_endpoint.logs but still takes traffic from public networks: turn its public network access off (public_network_access_enabled = false) so the endpoint is the only way in",
      ],
    ],
  );
  assert.deepStrictEqual(found[1]!.trace, [
    { id: "azurerm_private_endpoint.logs", kind: "private-endpoint", decision: "to azurerm_storage_account.logs (blob)" },
    { id: "azurerm_storage_account.logs", kind: "Microsoft.Storage/storageAccounts", decision: "public network access: enabled" },
  ]);
});

test("DPN-AZ-017 on an Azure export: publicNetworkAccess Enabled is flagged, Disabled and absent (unknown) are not", () => {
  const vnet = `${RG}/providers/Microsoft.Network/virtualNetworks/spoke`;
  const account = (name: string, access?: string) => ({
    id: `${RG}/providers/Microsoft.Storage/storageAccounts/${name}`,
    name,
    type: "Microsoft.Storage/storageAccounts",
    properties: access ? { publicNetworkAccess: access } : {},
  });
  const endpoint = (name: string) => ({
    id: `${RG}/providers/Microsoft.Network/privateEndpoints/${name}`,
    name,
    type: "Microsoft.Network/privateEndpoints",
    subnet: { id: `${vnet}/subnets/nodes` },
    // References may differ in case from the resource.
    privateLinkServiceConnections: [{ privateLinkServiceId: `${RG.toUpperCase()}/providers/Microsoft.Storage/storageAccounts/${name}`, groupIds: ["blob"] }],
    networkInterfaces: [],
  });
  const documents = [
    {
      file: "export.json",
      line: () => undefined,
      data: [
        {
          id: vnet,
          name: "spoke",
          type: "Microsoft.Network/virtualNetworks",
          addressSpace: { addressPrefixes: ["10.40.0.0/16"] },
          subnets: [{ id: `${vnet}/subnets/nodes`, name: "nodes", addressPrefix: "10.40.0.0/24" }],
        },
        account("open", "Enabled"),
        account("closed", "Disabled"),
        account("unsaid"),
        endpoint("open"),
        endpoint("closed"),
        endpoint("unsaid"),
      ],
    },
  ];
  const imported = importAzureDocuments(documents);
  const found = runChecks(imported.topology, {}, imported.gaps).filter((f) => f.id === "DPN-AZ-017");
  assert.deepStrictEqual(
    found.map((f) => f.resource),
    [`${RG}/providers/Microsoft.Storage/storageAccounts/open`],
  );
});

test("dpnet plan's text names the central zones and says whether flow logs are on", () => {
  const p = plan({ privateDnsZoneIds: central, flowLogs: true });
  const text = formatPlan(p.summary, []);
  assert.ok(text.includes("Private DNS zones (dpnet's are linked to the VNet; a central one must be linked in the hub):"), text);
  assert.ok(text.includes(`  blob     privatelink.blob.core.windows.net (central: ${central.blob}) + private endpoint in the nodes subnet`), text);
  assert.ok(text.includes("  dfs      privatelink.dfs.core.windows.net + private endpoint in the nodes subnet"), text);
  assert.ok(text.includes("Flow logs: VNet flow log through Network Watcher to flow_log_storage_account_id"), text);
  assert.ok(formatPlan(plan({}).summary, []).includes("Flow logs: off (azure.flowLogs: true records the VNet's traffic)"));
});
