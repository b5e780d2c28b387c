// `dpnet audit --azure`: a customer-managed VNet behind a firewall, with and without the UDR to it,
// and with a pods subnet too small; exact findings, the tiers inferred, and the commands that fix them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { audit } from "../src/analyze/audit/index.js";
import { importAzureResources } from "../src/import/azure/resources.js";
import { exportOf, idsAndResources } from "./audit-fixtures.js";
import { dpnet } from "./support/cli.js";

const RG = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/customer-network/providers/Microsoft.Network";
const subnet = (name: string) => `${RG}/virtualNetworks/customer-vnet/subnets/${name}`;

async function auditOf(...variants: string[]) {
  return audit(await importAzureResources(exportOf("azure-compliant", ...variants)));
}

test("the customer-managed VNet with its UDR to the firewall: no findings; db, nodes and pods found, the firewall too", async () => {
  const report = await auditOf();
  assert.deepEqual(report.findings, []);
  const [plan] = report.networks;
  assert.deepEqual(plan!.tiers, { db: [subnet("db")], pod: [subnet("pods")], node: [subnet("nodes")] });
  assert.equal(plan!.firewallPrivateIp, "10.50.0.4");
  // The nodes subnet holds a node and a private endpoint.
  assert.deepEqual(
    plan!.candidates.node!.map((c) => [c.name, c.free, c.usable, c.defaultRoute, c.issues]),
    [["nodes", 249, 251, "VirtualAppliance 10.50.0.4", []]],
  );
});

test("without the UDR: DPN-AZ-006 on nodes and pods, and the route table to create and associate", async () => {
  const report = await auditOf("azure-no-udr");
  assert.deepEqual(idsAndResources(report.findings), [
    ["DPN-AZ-006", subnet("nodes")],
    ["DPN-AZ-006", subnet("pods")],
  ]);
  assert.match(report.findings[0]!.message, /sends 0\.0\.0\.0\/0 to Internet, not to the firewall 10\.50\.0\.4/);
  assert.deepEqual(
    report.changes.map((c) => c.commands),
    [
      [
        "az network route-table create -g customer-network -n dataplane-to-firewall --disable-bgp-route-propagation true",
        "az network route-table route create -g customer-network --route-table-name dataplane-to-firewall -n default-to-firewall --address-prefix 0.0.0.0/0 --next-hop-type VirtualAppliance --next-hop-ip-address 10.50.0.4",
        "az network vnet subnet update -g customer-network --vnet-name customer-vnet -n nodes --route-table dataplane-to-firewall",
      ],
      ["az network vnet subnet update -g customer-network --vnet-name customer-vnet -n pods --route-table dataplane-to-firewall"],
    ],
  );
});

test("--firewall-ip overrides the firewall found in the export", async () => {
  const imported = await importAzureResources(exportOf("azure-compliant"));
  const report = audit(imported, { firewallIp: "10.99.0.4" });
  assert.deepEqual(idsAndResources(report.findings), [
    ["DPN-AZ-006", subnet("nodes")],
    ["DPN-AZ-006", subnet("pods")],
  ]);
  assert.match(report.changes[0]!.commands[0]!, /--route-table-name dataplane-to-firewall .* --next-hop-ip-address 10\.99\.0\.4$/);
});

test("a pods subnet of /23: DPN-AZ-003, and a free /21 of the VNet to move it to", async () => {
  const report = await auditOf("azure-pods-23");
  assert.deepEqual(idsAndResources(report.findings), [["DPN-AZ-003", subnet("pods")]]);
  assert.equal(report.findings[0]!.message, "the pods subnet 10.50.8.0/23 has 507 usable addresses, fewer than the 2000 recommended: make it a /21 or larger");
  assert.deepEqual(report.changes[0]!.commands, [
    "az network vnet subnet create -g customer-network --vnet-name customer-vnet -n pods-21 --address-prefixes 10.50.16.0/21   # a /21: 2043 usable addresses, to replace pods (a subnet in use cannot grow); give it its route table and NSG",
  ]);
});

test("CLI: --azure text names subnets by name; --vnet picks a VNet by name and refuses an unknown one", () => {
  const dir = exportOf("azure-compliant", "azure-pods-23");
  const text = dpnet("audit", "--azure", dir);
  assert.equal(text.code, 0, "a small pods subnet is a warning: the seed recommends 2000 addresses");
  assert.match(text.stdout, /^customer-vnet \(\/subscriptions\/.*\/virtualNetworks\/customer-vnet\): subnets that could serve each tier/m);
  assert.match(text.stdout, /^ {2}\* pod +- +pods +10\.50\.8\.0\/23 +507\/507 +VirtualAppliance 10\.50\.0\.4 +507 usable addresses, fewer than 2000$/m);
  assert.equal(dpnet("audit", "--azure", dir, "--vnet", "customer-vnet", "--json").code, 0);
  const unknown = dpnet("audit", "--azure", dir, "--vnet", "hub");
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--vnet: hub names no network of the export, which has customer-vnet/);
});

test("verify --azure judges an exported VNet as customer-managed too: the missing UDR is an error there as well", () => {
  const r = dpnet("verify", "--azure", exportOf("azure-compliant", "azure-no-udr"), "--json");
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(idsAndResources(JSON.parse(r.stdout).findings), [
    ["DPN-AZ-006", subnet("nodes")],
    ["DPN-AZ-006", subnet("pods")],
  ]);
});

test("CLI: --azure text gives each id in full once, then names; the table and the finding agree on Internet; the fix names each subnet", () => {
  const text = dpnet("audit", "--azure", exportOf("azure-compliant", "azure-no-udr")).stdout;
  assert.match(
    text,
    /^ {2}\* node +- +nodes +10\.50\.2\.0\/24 +249\/251 +Internet \(system route\) +0\.0\.0\.0\/0 goes to Internet \(system route\), not the firewall 10\.50\.0\.4$/m,
  );
  assert.match(text, /\n {2}✗ DPN-AZ-006 customer-vnet\/nodes \(\/subscriptions\/[^)]+\/subnets\/nodes\): the node subnet sends 0\.0\.0\.0\/0 to Internet/);
  assert.match(text, /\n {6}customer-vnet\/nodes \(subnet\): route 0\.0\.0\.0\/0 -> next hop Internet/);
  assert.match(text, /\n {2}DPN-AZ-006 customer-vnet\/pods:\n/);
  assert.equal((text.match(/\/subscriptions\/[^\s)]+\/subnets\/nodes/g) ?? []).length, 1, "the nodes subnet's id in full once");
  assert.match(text, /\n {4}az network vnet subnet update -g customer-network --vnet-name customer-vnet -n nodes --route-table dataplane-to-firewall\n/);
  assert.match(text, /\n {4}az network vnet subnet update -g customer-network --vnet-name customer-vnet -n pods --route-table dataplane-to-firewall\n/);
});

test("a finding on the VNet (no firewall known) puts the route table on the nodes and pods subnets by their names", async () => {
  const report = audit(await importAzureResources(exportOf("azure-no-udr")));
  const change = report.changes.find((c) => c.finding === "DPN-AZ-006")!;
  assert.deepEqual(change.commands.slice(2), [
    "az network vnet subnet update -g customer-network --vnet-name customer-vnet -n nodes --route-table dataplane-to-firewall",
    "az network vnet subnet update -g customer-network --vnet-name customer-vnet -n pods --route-table dataplane-to-firewall",
  ]);
  assert.deepEqual(
    report.networks[0]!.candidates.node!.map((c) => c.defaultRoute),
    ["Internet (system route)"],
  );
});
