// Azure customerManaged mode: nothing of the customer's is created; their VNet, subnets, route
// tables and public IP are data sources checked at plan time; dpnet plan lists what they must have.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { parseSpec, type SpecInput } from "../src/spec/index.js";
import { azurePlanOf } from "./support/plans.js";
import type { TfModule } from "../src/terraform/ir.js";
import { moduleJson } from "../src/terraform/json.js";
import { resourceJson, resourceNames, validFiles } from "./support/terraform.js";
import { errorsOf } from "./support/checks.js";
import { formatPlan } from "../src/cli/plan-text.js";

const SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
const VNET = `${SUB}/resourceGroups/corp-network/providers/Microsoft.Network/virtualNetworks/corp-spoke`;
const existing = {
  vnetId: VNET,
  subnetIds: { db: `${VNET}/subnets/conveyor-db`, nodes: `${VNET}/subnets/conveyor-nodes`, pods: `${VNET}/subnets/conveyor-pods` },
  firewallPrivateIp: "10.0.0.4",
  publicIpId: `${SUB}/resourceGroups/corp-edge/providers/Microsoft.Network/publicIPAddresses/conveyor-control-plane`,
};
const customer = {
  name: "acme-prod",
  cloud: "azure",
  azure: { location: "westeurope", resourceGroup: "acme-prod-dataplane", mode: "customerManaged", existing },
  controlPlane: { cidrs: ["203.0.113.0/24"], awsRegion: "eu-west-1" },
} satisfies SpecInput;

const plan = (input: SpecInput) => azurePlanOf(parseSpec(input));
const withAzure = (azure: object): SpecInput => ({ ...customer, azure: { ...customer.azure, ...azure } }) as SpecInput;

function dataJson(module: TfModule, type: string, name: string): Record<string, unknown> {
  const doc = moduleJson(module) as { data: Record<string, Record<string, unknown[]>> };
  return doc.data[type]![name]![0] as Record<string, unknown>;
}

test("customerManaged: valid Terraform that creates nothing of the customer's", async () => {
  const p = plan(withAzure({ privateEndpoints: ["blob", "postgres"] }));
  await validFiles(p);
  const created = [...new Set(p.module.blocks.filter((b) => b.kind === "resource").map((b) => b.labels[0]))];
  assert.deepStrictEqual(created, [
    "azurerm_resource_group",
    "azurerm_private_dns_zone",
    "azurerm_private_dns_zone_virtual_network_link",
    "azurerm_private_endpoint",
  ]);
  assert.deepStrictEqual(
    p.module.blocks.filter((b) => b.kind === "data").map((b) => b.labels.join(".")),
    [
      "azurerm_virtual_network.network",
      "azurerm_subnet.db",
      "azurerm_subnet.nodes",
      "azurerm_subnet.pods",
      "azurerm_route_table.nodes",
      "azurerm_route_table.pods",
      "azurerm_public_ip.control-plane",
    ],
  );
  assert.deepStrictEqual(p.summary.subnets, []);
  assert.deepStrictEqual(errorsOf(p), []);
});

test("customerManaged: the subnets are read by name, with their sizes and default routes checked at plan time", () => {
  const { module } = plan(customer);
  assert.deepStrictEqual(dataJson(module, "azurerm_subnet", "pods"), {
    name: "conveyor-pods",
    virtual_network_name: "corp-spoke",
    resource_group_name: "corp-network",
    lifecycle: [
      {
        postcondition: [
          {
            condition: '${tonumber(split("/", self.address_prefixes[0])[1]) <= 21}',
            error_message: "The pods subnet must be at least a /21: AKS pods need at least 2000 usable addresses.",
          },
          {
            condition: '${self.route_table_id != ""}',
            error_message: "The pods subnet needs a route table with 0.0.0.0/0 to your firewall 10.0.0.4: it has none.",
          },
        ],
      },
    ],
  });
  assert.deepStrictEqual(dataJson(module, "azurerm_subnet", "db").lifecycle, [
    {
      postcondition: [
        {
          condition: '${tonumber(split("/", self.address_prefixes[0])[1]) <= 28}',
          error_message: "The db subnet must be at least a /28: the PostgreSQL flexible server subnet needs 11 usable addresses.",
        },
      ],
    },
  ]);
  assert.deepStrictEqual(dataJson(module, "azurerm_route_table", "nodes"), {
    name: '${split("/", data.azurerm_subnet.nodes.route_table_id)[8]}',
    resource_group_name: '${split("/", data.azurerm_subnet.nodes.route_table_id)[4]}',
    lifecycle: [
      {
        postcondition: [
          {
            condition:
              '${anytrue([for route in self.route : route.address_prefix == "0.0.0.0/0" && route.next_hop_type == "VirtualAppliance" && route.next_hop_in_ip_address == "10.0.0.4"])}',
            error_message: "The route table of the nodes subnet must send 0.0.0.0/0 to the firewall: next hop VirtualAppliance 10.0.0.4.",
          },
        ],
      },
    ],
  });
  assert.deepStrictEqual(dataJson(module, "azurerm_public_ip", "control-plane"), {
    name: "conveyor-control-plane",
    resource_group_name: "corp-edge",
    lifecycle: [
      {
        postcondition: [
          {
            condition: '${self.sku == "Standard" && self.allocation_method == "Static"}',
            error_message: "The public IP conveyor-control-plane must be a Standard SKU, static public IP.",
          },
        ],
      },
    ],
  });
});

test("customerManaged: outputs come from the data sources; the subscription defaults to the VNet's", () => {
  const { module } = plan(customer);
  const value = (name: string) => (moduleJson(module) as { output: Record<string, { value: unknown }[]> }).output[name]![0]!.value;
  assert.equal(value("vnet_id"), "${data.azurerm_virtual_network.network.id}");
  assert.equal(value("node_subnet_id"), "${data.azurerm_subnet.nodes.id}");
  assert.equal(value("pod_subnet_id"), "${data.azurerm_subnet.pods.id}");
  assert.equal(value("db_subnet_id"), "${data.azurerm_subnet.db.id}");
  assert.equal(value("public_ip_id"), "${data.azurerm_public_ip.control-plane.id}");
  const subscription = module.blocks.find((b) => b.kind === "variable" && b.labels[0] === "subscription_id")!;
  assert.equal(subscription.body.default, "11111111-2222-3333-4444-555555555555");
});

test("customerManaged without private endpoints: no resource group and nothing else of dpnet's but the async link", () => {
  const p = plan(withAzure({ privateEndpoints: [] }));
  assert.deepStrictEqual(
    p.module.blocks.filter((b) => b.kind === "resource"),
    [],
  );
  assert.deepStrictEqual([...p.extraModules!.keys()], ["aws-async-link"]);
});

test("customerManaged with private endpoints: zones linked to their VNet, endpoints in their nodes subnet", () => {
  const { module } = plan(withAzure({ privateEndpoints: ["dfs", "acr"] }));
  assert.deepStrictEqual(resourceJson(module, "azurerm_private_dns_zone", "service").for_each, {
    dfs: "privatelink.dfs.core.windows.net",
    acr: "privatelink.azurecr.io",
  });
  assert.equal(
    resourceJson(module, "azurerm_private_dns_zone_virtual_network_link", "service").virtual_network_id,
    "${data.azurerm_virtual_network.network.id}",
  );
  const endpoint = resourceJson(module, "azurerm_private_endpoint", "service");
  assert.equal(endpoint.subnet_id, "${data.azurerm_subnet.nodes.id}");
  assert.deepStrictEqual(endpoint.for_each, { dfs: "dfs", acr: "registry" });
  assert.deepStrictEqual(resourceJson(module, "azurerm_resource_group", "network"), {
    name: "acme-prod-dataplane",
    location: "westeurope",
    tags: "${var.tags}",
  });
});

test("customerManaged: a resource group of theirs is read, not created", () => {
  const { module } = plan(withAzure({ resourceGroup: "Corp-Network", privateEndpoints: ["blob"] }));
  assert.deepStrictEqual(resourceNames(module, "azurerm_resource_group"), []);
  assert.deepStrictEqual(dataJson(module, "azurerm_resource_group", "network"), { name: "Corp-Network" });
  assert.equal(resourceJson(module, "azurerm_private_endpoint", "service").location, "westeurope");
});

test("customerManaged: dpnet plan lists what the customer must have", () => {
  const p = plan(withAzure({ customDns: { servers: ["10.0.0.10"] }, privateEndpoints: ["blob"] }));
  const r = p.summary.customerRequirements as {
    subnets: { role: string; minPrefix?: number; recommendedPrefix?: number; delegation?: string }[];
    defaultRoute: unknown;
    firewallEgress: { destination: string; protocol: string; port: number }[];
    publicIp: unknown;
  };
  assert.deepStrictEqual(
    r.subnets.map((s) => [s.role, s.minPrefix, s.recommendedPrefix, s.delegation]),
    [
      ["db", 28, undefined, "Microsoft.DBforPostgreSQL/flexibleServers"],
      ["nodes", undefined, 24, undefined],
      ["pods", 21, undefined, undefined],
    ],
  );
  assert.deepStrictEqual(r.defaultRoute, {
    subnets: ["nodes", "pods"],
    addressPrefix: "0.0.0.0/0",
    nextHopType: "VirtualAppliance",
    nextHopIpAddress: "10.0.0.4",
  });
  assert.deepStrictEqual(
    r.firewallEgress.map((e) => `${e.protocol}:${e.port} ${e.destination}`),
    [
      "TCP:443 *.hcp.westeurope.azmk8s.io",
      "TCP:443 mcr.microsoft.com",
      "TCP:443 *.data.mcr.microsoft.com",
      "TCP:443 mcr-0001.mcr-msedge.net",
      "TCP:443 management.azure.com",
      "TCP:443 login.microsoftonline.com",
      "TCP:443 packages.microsoft.com",
      "TCP:443 acs-mirror.azureedge.net",
      "TCP:443 packages.aks.azure.com",
      "TCP:443 <API server public IP>",
      "UDP:123 ntp.ubuntu.com",
      "UDP:53 10.0.0.10",
      "TCP:443 203.0.113.0/24",
      "TCP:443 sqs.eu-west-1.amazonaws.com",
      "TCP:443 sts.eu-west-1.amazonaws.com",
    ],
  );
  assert.deepStrictEqual(r.publicIp, { id: existing.publicIpId, sku: "Standard", allocation: "Static", port: 443, sources: ["203.0.113.0/24"] });
  assert.deepStrictEqual((p.summary.dnsForwarding as { zones: string[] }).zones, ["blob.core.windows.net"]);
});

test("customerManaged: custom DNS without private endpoints needs no forwarding", () => {
  assert.equal(plan(withAzure({ customDns: { servers: ["10.0.0.10"] }, privateEndpoints: [] })).summary.dnsForwarding, undefined);
});

test("dpnet plan prints the customer's checklist and the DNS forwarding for the example", () => {
  const bin = new URL("../../bin/dpnet.js", import.meta.url).pathname;
  const example = new URL("../../examples/azure-customer-managed.yaml", import.meta.url).pathname;
  const r = spawnSync(process.execPath, [bin, "plan", example], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Route table on the nodes and pods subnets: 0\.0\.0\.0\/0 -> VirtualAppliance 10\.0\.0\.4/);
  assert.match(r.stdout, / {4}TCP 443 {2}\*\.hcp\.westeurope\.azmk8s\.io/);
  assert.match(r.stdout, /pods +conveyor-pods +at least \/21 \(2000 usable\)/);
  assert.match(
    r.stdout,
    /On them, conditionally forward\n {2}blob\.core\.windows\.net, dfs\.core\.windows\.net, vault\.azure\.net, vaultcore\.azure\.net, postgres\.database\.azure\.com\n {2}to a DNS forwarder inside Azure/,
  );
});

test("customerManaged: dpnet plan's text has no empty zones line and no empty address table", () => {
  const text = formatPlan(plan(withAzure({})).summary, []);
  const [first, second] = text.split("\n");
  assert.match(first!, /^[a-z0-9-]+: azure westeurope$/);
  assert.equal(second, "");
  assert.doesNotMatch(text, /TIER\s+ZONE\s+CIDR/);
  assert.match(text, /\n  Subnets:\n +db +\S+ +at least \/28/);
});

test("private endpoints default to the seed's services: blob, dfs, vault and postgres", () => {
  const { module, summary } = plan(customer);
  assert.deepStrictEqual(Object.keys(resourceJson(module, "azurerm_private_dns_zone", "service").for_each as object), ["blob", "dfs", "vault", "postgres"]);
  assert.deepStrictEqual(resourceJson(module, "azurerm_private_endpoint", "service").for_each, { blob: "blob", dfs: "dfs", vault: "vault" });
  assert.deepStrictEqual(
    summary.privateDnsZones.map((z) => z.kind),
    ["blob", "dfs", "vault", "postgres"],
  );
});

test("the firewall's async-link rules name the control plane's region, in its partition's DNS suffix", () => {
  const egress = (awsRegion: string) =>
    plan({ ...customer, controlPlane: { ...customer.controlPlane, awsRegion } })
      .summary.customerRequirements!.firewallEgress.slice(-2)
      .map((e) => e.destination);
  assert.deepStrictEqual(egress("us-east-2"), ["sqs.us-east-2.amazonaws.com", "sts.us-east-2.amazonaws.com"]);
  assert.deepStrictEqual(egress("cn-north-1"), ["sqs.cn-north-1.amazonaws.com.cn", "sts.cn-north-1.amazonaws.com.cn"]);
  const async = plan(customer).extraModules!.get("aws-async-link")!;
  assert.equal(async.blocks.find((b) => b.kind === "variable" && b.labels[0] === "region")!.body.default, "eu-west-1");
});

test("the data plane's direction to the control plane: HTTPS to each of its addresses, and the firewall's public IPs for its allowlist", () => {
  const r = plan({ ...customer, controlPlane: { ...customer.controlPlane, cidrs: ["203.0.113.0/24", "198.51.100.7/32"] } }).summary.customerRequirements!;
  assert.deepStrictEqual(
    r.firewallEgress.filter((e) => e.reason.startsWith("sync link")),
    [
      { destination: "203.0.113.0/24", protocol: "TCP", port: 443, reason: "sync link, data plane to control plane: HTTPS to the control plane's addresses" },
      { destination: "198.51.100.7/32", protocol: "TCP", port: 443, reason: "sync link, data plane to control plane: HTTPS to the control plane's addresses" },
    ],
  );
  assert.ok(
    r.notes.includes(
      "Give the control plane your firewall's outbound public IP addresses: they are the data plane's source addresses on the internet, which the control plane allowlists.",
    ),
  );
});
