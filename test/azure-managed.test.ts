// Azure managed mode: the exact subnets, delegation, NSG rules, public IP, private DNS zones,
// links and endpoints dpnet plans, and that all of it is valid Terraform.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSpec, type SpecInput } from "../src/spec/index.js";
import { azurePlanOf } from "./support/plans.js";
import { renderPlan } from "../src/plan/index.js";
import type { TfModule } from "../src/terraform/ir.js";
import { resourceJson, resourceNames, SOURCE, validFiles } from "./support/terraform.js";
import { findingsOf } from "./support/checks.js";

const managed = {
  name: "acme-prod",
  cloud: "azure",
  azure: { location: "westeurope", resourceGroup: "acme-prod-network", vnet: { addressSpace: ["10.30.0.0/16"] } },
  controlPlane: { cidrs: ["203.0.113.0/24"] },
} satisfies SpecInput;

const plan = (input: SpecInput) => azurePlanOf(parseSpec(input));
const withAzure = (azure: object, controlPlane: object = managed.controlPlane): SpecInput =>
  ({ ...managed, azure: { ...managed.azure, ...azure }, controlPlane }) as SpecInput;

/** Every NSG rule of one NSG as [name, priority, direction, access, protocol, port, source, destination]. */
function nsgRules(module: TfModule, role: string): unknown[][] {
  return resourceNames(module, "azurerm_network_security_rule")
    .filter((name) => name.startsWith(`${role}-`))
    .map((name) => {
      const r = resourceJson(module, "azurerm_network_security_rule", name);
      return [
        r.name,
        r.priority,
        r.direction,
        r.access,
        r.protocol,
        r.destination_port_range,
        r.source_address_prefix ?? r.source_address_prefixes,
        r.destination_address_prefix ?? r.destination_address_prefixes,
      ];
    });
}

test("managed: the module and the async-link module are valid Terraform, in files by concern", async () => {
  const files = await validFiles(plan(withAzure({ privateEndpoints: ["blob", "vault", "postgres"] })));
  assert.deepStrictEqual(
    [...files.keys()],
    [
      "aws-async-link/identity.tf",
      "aws-async-link/outputs.tf",
      "aws-async-link/sqs.tf",
      "aws-async-link/variables.tf",
      "aws-async-link/versions.tf",
      "network.tf",
      "outputs.tf",
      "private-endpoints.tf",
      "security.tf",
      "variables.tf",
      "versions.tf",
    ],
  );
  assert.match(files.get("versions.tf")!, /source {2}= "hashicorp\/azurerm"\n {6}version = "~> 4\.73"/);
});

test("managed: subnets are carved largest first from the address space", () => {
  const p = plan(managed);
  assert.deepStrictEqual(p.summary.subnets, [
    { tier: "db", zone: "westeurope", cidr: "10.30.9.0/28", usableAddresses: 11 },
    { tier: "node", zone: "westeurope", cidr: "10.30.8.0/24", usableAddresses: 251 },
    { tier: "pod", zone: "westeurope", cidr: "10.30.0.0/21", usableAddresses: 2043 },
  ]);
  // azure.flowLogs is off: said once, as a note (DPN-AZ-018).
  assert.deepStrictEqual(findingsOf(p), ["note DPN-AZ-018 azurerm_virtual_network.network"]);
});

test("managed: a pod block that does not fit the first range goes to the next one", () => {
  const p = plan(withAzure({ vnet: { addressSpace: ["10.30.0.0/22", "10.31.0.0/21"] }, subnets: { nodes: { prefix: 25 } } }));
  assert.deepStrictEqual(
    p.summary.subnets.map((s) => s.cidr),
    ["10.30.0.128/28", "10.30.0.0/25", "10.31.0.0/21"],
  );
});

test("managed: the subnets, with the db delegation and no default outbound access", () => {
  const { module } = plan(managed);
  const common = { resource_group_name: "${azurerm_resource_group.network.name}", virtual_network_name: "${azurerm_virtual_network.network.name}" };
  assert.deepStrictEqual(resourceJson(module, "azurerm_subnet", "db"), {
    name: "acme-prod-db",
    ...common,
    address_prefixes: ["10.30.9.0/28"],
    default_outbound_access_enabled: false,
    service_endpoints: ["Microsoft.Storage"],
    delegation: [
      {
        name: "postgresql-flexible-server",
        service_delegation: [{ name: "Microsoft.DBforPostgreSQL/flexibleServers", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] }],
      },
    ],
  });
  assert.deepStrictEqual(resourceJson(module, "azurerm_subnet", "nodes"), {
    name: "acme-prod-nodes",
    ...common,
    address_prefixes: ["10.30.8.0/24"],
    default_outbound_access_enabled: false,
    private_endpoint_network_policies: "Enabled",
  });
  assert.deepStrictEqual(resourceJson(module, "azurerm_subnet", "pods"), {
    name: "acme-prod-pods",
    ...common,
    address_prefixes: ["10.30.0.0/21"],
    default_outbound_access_enabled: false,
    lifecycle: [{ ignore_changes: ["${delegation}"] }],
  });
  assert.deepStrictEqual(resourceJson(module, "azurerm_virtual_network", "network"), {
    name: "acme-prod",
    location: "${azurerm_resource_group.network.location}",
    resource_group_name: "${azurerm_resource_group.network.name}",
    address_space: ["10.30.0.0/16"],
    tags: "${var.tags}",
  });
});

test("managed: a Standard static public IP for the AKS load balancer, zone-redundant by default", () => {
  const { module } = plan(managed);
  assert.deepStrictEqual(resourceJson(module, "azurerm_public_ip", "lb"), {
    name: "acme-prod-lb",
    location: "${azurerm_resource_group.network.location}",
    resource_group_name: "${azurerm_resource_group.network.name}",
    sku: "Standard",
    allocation_method: "Static",
    zones: "${var.public_ip_zones}",
    tags: "${var.tags}",
  });
});

test("managed: NSG rules per subnet, with explicit denies ahead of Azure's allow-VNet and allow-internet defaults", () => {
  const { module } = plan(withAzure({}, { cidrs: ["203.0.113.0/24", "198.51.100.7/32"], port: 8443 }));
  assert.deepStrictEqual(nsgRules(module, "db"), [
    ["postgres-from-cluster", 100, "Inbound", "Allow", "Tcp", "5432", ["10.30.8.0/24", "10.30.0.0/21"], "10.30.9.0/28"],
    ["postgres-within-subnet", 110, "Inbound", "Allow", "Tcp", "5432", "10.30.9.0/28", "10.30.9.0/28"],
    ["load-balancer-probes", 120, "Inbound", "Allow", "*", "*", "AzureLoadBalancer", "*"],
    ["deny-vnet-inbound", 4096, "Inbound", "Deny", "*", "*", "VirtualNetwork", "*"],
    ["storage-outbound", 100, "Outbound", "Allow", "Tcp", "443", "10.30.9.0/28", "Storage"],
    ["entra-outbound", 110, "Outbound", "Allow", "Tcp", "443", "10.30.9.0/28", "AzureActiveDirectory"],
    ["deny-internet-outbound", 4096, "Outbound", "Deny", "*", "*", "*", "Internet"],
  ]);
  assert.deepStrictEqual(nsgRules(module, "nodes"), [
    ["control-plane", 100, "Inbound", "Allow", "Tcp", "8443", ["203.0.113.0/24", "198.51.100.7/32"], "${azurerm_public_ip.lb.ip_address}"],
    ["load-balancer-probes", 110, "Inbound", "Allow", "*", "*", "AzureLoadBalancer", "*"],
    ["from-nodes", 120, "Inbound", "Allow", "*", "*", "10.30.8.0/24", "*"],
    ["from-pods", 130, "Inbound", "Allow", "*", "*", "10.30.0.0/21", "*"],
    ["deny-vnet-inbound", 4096, "Inbound", "Deny", "*", "*", "VirtualNetwork", "*"],
  ]);
  assert.deepStrictEqual(nsgRules(module, "pods"), [
    ["from-nodes", 100, "Inbound", "Allow", "*", "*", "10.30.8.0/24", "*"],
    ["from-pods", 110, "Inbound", "Allow", "*", "*", "10.30.0.0/21", "*"],
    ["deny-vnet-inbound", 4096, "Inbound", "Deny", "*", "*", "VirtualNetwork", "*"],
  ]);
  for (const role of ["db", "nodes", "pods"]) {
    assert.deepStrictEqual(resourceJson(module, "azurerm_subnet_network_security_group_association", role), {
      subnet_id: `\${azurerm_subnet.${role}.id}`,
      network_security_group_id: `\${azurerm_network_security_group.${role}.id}`,
    });
  }
  // Every rule's reason is written above it in security.tf.
  assert.match(
    renderPlan(plan(managed), SOURCE).get("security.tf")!,
    /# Azure's AllowVnetInBound \(65000\) admits the whole VirtualNetwork tag: deny what the rules above do not allow\.\nresource "azurerm_network_security_rule" "nodes-deny-vnet-inbound"/,
  );
});

test("managed without private endpoints: no zones, endpoints or target variable; the zone output is empty", () => {
  const p = plan(withAzure({ privateEndpoints: [] }));
  assert.deepStrictEqual(resourceNames(p.module, "azurerm_private_dns_zone"), []);
  assert.deepStrictEqual(resourceNames(p.module, "azurerm_private_endpoint"), []);
  assert.ok(!p.module.files().includes("private-endpoints.tf"));
  assert.ok(!p.module.blocks.some((b) => b.kind === "variable" && b.labels[0] === "private_endpoint_resource_ids"));
  const outputs = p.module.blocks.filter((b) => b.kind === "output");
  assert.deepStrictEqual(
    outputs.map((b) => b.labels[0]),
    [
      "vnet_id",
      "db_subnet_id",
      "node_subnet_id",
      "pod_subnet_id",
      "public_ip_id",
      "public_ip_address",
      "private_dns_zone_ids",
      "resource_group_name",
      "network_security_group_ids",
    ],
  );
  assert.deepStrictEqual(outputs.find((b) => b.labels[0] === "private_dns_zone_ids")!.body.value, {});
  assert.equal(p.summary.dnsForwarding, undefined);
});

test("managed with every private endpoint kind: exact zones, VNet links and endpoints (postgres: zone only)", async () => {
  const p = plan(withAzure({ privateEndpoints: ["blob", "dfs", "file", "queue", "table", "vault", "acr", "postgres"] }));
  await validFiles(p);
  assert.deepStrictEqual(resourceJson(p.module, "azurerm_private_dns_zone", "service"), {
    for_each: {
      blob: "privatelink.blob.core.windows.net",
      dfs: "privatelink.dfs.core.windows.net",
      file: "privatelink.file.core.windows.net",
      queue: "privatelink.queue.core.windows.net",
      table: "privatelink.table.core.windows.net",
      vault: "privatelink.vaultcore.azure.net",
      acr: "privatelink.azurecr.io",
      postgres: "privatelink.postgres.database.azure.com",
    },
    name: "${each.value}",
    resource_group_name: "${azurerm_resource_group.network.name}",
    tags: "${var.tags}",
  });
  assert.deepStrictEqual(resourceJson(p.module, "azurerm_private_dns_zone_virtual_network_link", "service"), {
    for_each: "${azurerm_private_dns_zone.service}",
    name: "acme-prod",
    resource_group_name: "${azurerm_resource_group.network.name}",
    private_dns_zone_name: "${each.value.name}",
    virtual_network_id: "${azurerm_virtual_network.network.id}",
    registration_enabled: false,
    tags: "${var.tags}",
  });
  assert.deepStrictEqual(resourceJson(p.module, "azurerm_private_endpoint", "service"), {
    for_each: { blob: "blob", dfs: "dfs", file: "file", queue: "queue", table: "table", vault: "vault", acr: "registry" },
    name: "acme-prod-${each.key}",
    location: "${azurerm_resource_group.network.location}",
    resource_group_name: "${azurerm_resource_group.network.name}",
    subnet_id: "${azurerm_subnet.nodes.id}",
    private_service_connection: [
      {
        name: "acme-prod-${each.key}",
        private_connection_resource_id: "${var.private_endpoint_resource_ids[each.key]}",
        subresource_names: ["${each.value}"],
        is_manual_connection: false,
      },
    ],
    private_dns_zone_group: [{ name: "${each.key}", private_dns_zone_ids: ["${azurerm_private_dns_zone.service[each.key].id}"] }],
    tags: "${var.tags}",
  });
  const targets = p.module.blocks.find((b) => b.kind === "variable" && b.labels[0] === "private_endpoint_resource_ids")!;
  assert.equal(
    (targets.body.type as { hcl: string }).hcl,
    "object({ blob = string, dfs = string, file = string, queue = string, table = string, vault = string, acr = string })",
  );
  assert.deepStrictEqual(p.summary.privateDnsZones, [
    { kind: "blob", zone: "privatelink.blob.core.windows.net", endpoint: true },
    { kind: "dfs", zone: "privatelink.dfs.core.windows.net", endpoint: true },
    { kind: "file", zone: "privatelink.file.core.windows.net", endpoint: true },
    { kind: "queue", zone: "privatelink.queue.core.windows.net", endpoint: true },
    { kind: "table", zone: "privatelink.table.core.windows.net", endpoint: true },
    { kind: "vault", zone: "privatelink.vaultcore.azure.net", endpoint: true },
    { kind: "acr", zone: "privatelink.azurecr.io", endpoint: true },
    { kind: "postgres", zone: "privatelink.postgres.database.azure.com", endpoint: false },
  ]);
});

test("managed with only postgres: the zone and its link, no endpoint and no target variable", () => {
  const p = plan(withAzure({ privateEndpoints: ["postgres"] }));
  assert.deepStrictEqual(resourceNames(p.module, "azurerm_private_dns_zone_virtual_network_link"), ["service"]);
  assert.deepStrictEqual(resourceNames(p.module, "azurerm_private_endpoint"), []);
  assert.ok(!p.module.blocks.some((b) => b.kind === "variable" && b.labels[0] === "private_endpoint_resource_ids"));
});

test("managed with custom DNS: the VNet uses the servers and the plan says what to forward where", () => {
  const p = plan(withAzure({ privateEndpoints: ["blob", "vault", "postgres"], customDns: { servers: ["10.0.0.10", "10.0.0.11"] } }));
  assert.deepStrictEqual(resourceJson(p.module, "azurerm_virtual_network", "network").dns_servers, ["10.0.0.10", "10.0.0.11"]);
  assert.deepStrictEqual(p.summary.dnsForwarding, {
    servers: ["10.0.0.10", "10.0.0.11"],
    zones: ["blob.core.windows.net", "vault.azure.net", "vaultcore.azure.net", "postgres.database.azure.com"],
    forwarder:
      "a DNS forwarder inside Azure (a VM or an Azure DNS Private Resolver inbound endpoint) in a VNet linked to the private DNS zones, e.g. this one, that resolves through 168.63.129.16",
  });
});

test("managed: warnings for a small nodes subnet and for a VNet on AKS's default service CIDR", () => {
  const p = plan(withAzure({ vnet: { addressSpace: ["10.0.0.0/16"] }, subnets: { nodes: { prefix: 26 } } }));
  assert.deepStrictEqual(
    p.findings.map((f) => [f.id, f.severity, f.resource]),
    [
      ["DPN-AZ-002", "warning", "azure.subnets.nodes.prefix"],
      ["DPN-AZ-001", "warning", "azure.vnet.addressSpace"],
    ],
  );
  assert.match(p.findings[0]!.message, /a \/26 nodes subnet has 59 usable addresses/);
});

test("managed: the same spec gives byte-identical files", () => {
  const input = withAzure({ privateEndpoints: ["blob", "postgres"], customDns: { servers: ["10.0.0.10"] } });
  assert.deepStrictEqual([...renderPlan(plan(input), SOURCE)], [...renderPlan(plan(input), SOURCE)]);
});
