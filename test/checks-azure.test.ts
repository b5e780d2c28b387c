// dpnet's Azure examples broken on purpose: each break gives exactly the finding that names it.
// The customer-managed example reads the customer's VNet; here it is filled in as `terraform plan`
// would read it, then its default route to the firewall is taken away.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runChecks } from "../src/analyze/checks/index.js";
import { reach } from "../src/analyze/reach.js";
import type { Finding } from "../src/findings.js";
import type { NsgRule, Topology } from "../src/topology/model.js";
import { byId, checkExample, loadExample, view } from "./support/examples.js";

const NODES_TABLE = "data.azurerm_route_table.nodes";
const FIREWALL = { destination: "0.0.0.0/0", target: { kind: "appliance" as const, ip: "10.0.0.4" } };

/** The customer's network as a plan reads it: the VNet, subnets (db delegated) and both UDR tables to the firewall; no NSGs. */
function theirNetwork(t: Topology): void {
  byId(t.networks, "data.azurerm_virtual_network.network").cidrs = ["10.40.0.0/16"];
  Object.assign(byId(t.subnets, "data.azurerm_subnet.db"), { cidrs: ["10.40.0.0/28"], delegations: ["Microsoft.DBforPostgreSQL/flexibleServers"] });
  byId(t.subnets, "data.azurerm_subnet.nodes").cidrs = ["10.40.1.0/24"];
  byId(t.subnets, "data.azurerm_subnet.pods").cidrs = ["10.40.8.0/21"];
  for (const table of t.routeTables) table.routes = [FIREWALL];
  // Known now: nothing is left that only Terraform would read.
  delete t.unread;
}

/** Checks of the customer-managed example once its data sources are known (so no gaps are left). */
async function customerManaged(change: (t: Topology) => void = () => undefined): Promise<Finding[]> {
  const loaded = await loadExample("azure-customer-managed");
  theirNetwork(loaded.topology);
  change(loaded.topology);
  return runChecks(loaded.topology, loaded.context, []);
}

test("customerManaged, as a plan reads it: no error; NSGs are the customer's choice (warnings)", async () => {
  assert.deepStrictEqual((await customerManaged()).map(view), [
    "warning DPN-AZ-007 data.azurerm_subnet.db",
    "warning DPN-AZ-007 data.azurerm_subnet.nodes",
    "warning DPN-AZ-007 data.azurerm_subnet.pods",
    "warning DPN-AZ-012 data.azurerm_subnet.nodes",
  ]);
});

test("customerManaged without the UDR to the firewall on the nodes: DPN-AZ-006, traced to Azure's system route", async () => {
  const found = (
    await customerManaged((t) => {
      byId(t.routeTables, NODES_TABLE).routes = [];
    })
  ).filter((f) => f.severity === "error");
  assert.deepStrictEqual(found.map(view), ["error DPN-AZ-006 data.azurerm_subnet.nodes"]);
  assert.equal(
    found[0]!.message,
    `the node subnet sends 0.0.0.0/0 to Internet, not to the firewall 10.0.0.4: add 0.0.0.0/0 -> VirtualAppliance 10.0.0.4 to ${NODES_TABLE}`,
  );
  assert.deepStrictEqual(found[0]!.trace, [
    { id: "data.azurerm_subnet.nodes", kind: "subnet", decision: "route 0.0.0.0/0 -> next hop Internet (System Route; longest prefix match)" },
  ]);
});

test("customerManaged with the pods' default route to another appliance: DPN-AZ-006 on the pods", async () => {
  const found = await customerManaged((t) => {
    byId(t.routeTables, "data.azurerm_route_table.pods").routes = [{ ...FIREWALL, target: { kind: "appliance", ip: "10.0.0.5" } }];
  });
  assert.deepStrictEqual(found.filter((f) => f.severity === "error").map(view), ["error DPN-AZ-006 data.azurerm_subnet.pods"]);
});

const inbound = (name: string, port: number, sources: NsgRule["sources"]): NsgRule => ({
  id: `rule-${name}`,
  name,
  priority: 200,
  direction: "inbound",
  access: "allow",
  protocol: "tcp",
  destinationPorts: [{ from: port, to: port }],
  sources,
  destinations: [{ kind: "any" }],
});
const NODES_NSG = "azurerm_network_security_group.nodes";
const CONTROL_PLANE_RULE = "azurerm_network_security_rule.nodes-control-plane";

const MANAGED: [string, (t: Topology) => void, string[]][] = [
  [
    "SSH from the Internet: DPN-AZ-009 (checkov CKV_AZURE_10)",
    (t) => byId(t.networkSecurityGroups, NODES_NSG).rules.push(inbound("ssh", 22, [{ kind: "service-tag", tag: "Internet" }])),
    ["error DPN-AZ-009 rule-ssh"],
  ],
  [
    "RDP from anywhere: DPN-AZ-010 (checkov CKV_AZURE_9)",
    (t) => byId(t.networkSecurityGroups, NODES_NSG).rules.push(inbound("rdp", 3389, [{ kind: "cidr", cidr: "0.0.0.0/0" }])),
    ["error DPN-AZ-010 rule-rdp"],
  ],
  [
    "a pods subnet of /23: DPN-AZ-003",
    (t) => {
      byId(t.subnets, "azurerm_subnet.pods").cidrs = ["10.30.0.0/23"];
    },
    ["warning DPN-AZ-003 azurerm_subnet.pods"],
  ],
  [
    "a db subnet of /29: DPN-AZ-004",
    (t) => {
      byId(t.subnets, "azurerm_subnet.db").cidrs = ["10.30.9.0/29"];
    },
    ["error DPN-AZ-004 azurerm_subnet.db"],
  ],
  [
    "a db subnet not delegated: DPN-AZ-005",
    (t) => {
      byId(t.subnets, "azurerm_subnet.db").delegations = [];
    },
    ["error DPN-AZ-005 azurerm_subnet.db"],
  ],
  [
    "the pods subnet without its NSG: DPN-AZ-007 (checkov CKV2_AZURE_31)",
    (t) => {
      delete byId(t.subnets, "azurerm_subnet.pods").networkSecurityGroupId;
    },
    ["warning DPN-AZ-007 azurerm_subnet.pods"],
  ],
  [
    "the blob zone not linked to the VNet: DPN-AZ-008",
    (t) => {
      byId(t.privateDnsZones, 'azurerm_private_dns_zone.service["blob"]').networkLinks = [];
    },
    ['error DPN-AZ-008 azurerm_private_dns_zone.service["blob"]'],
  ],
  [
    "the control plane's rule gone: DPN-AZ-011",
    (t) => {
      const nsg = byId(t.networkSecurityGroups, NODES_NSG);
      nsg.rules = nsg.rules.filter((r) => r.id !== CONTROL_PLANE_RULE);
    },
    [`error DPN-AZ-011 ${NODES_NSG}`],
  ],
  [
    "the sync port open to the Internet: DPN-AZ-012",
    (t) => {
      const rule = byId(t.networkSecurityGroups, NODES_NSG).rules.find((r) => r.id === CONTROL_PLANE_RULE)!;
      rule.sources = [{ kind: "service-tag", tag: "Internet" }];
    },
    [`warning DPN-AZ-012 ${NODES_NSG}`],
  ],
  [
    "overlapping subnets: DPN-AZ-013",
    (t) => {
      byId(t.subnets, "azurerm_subnet.db").cidrs = ["10.30.8.0/28"];
    },
    ["error DPN-AZ-013 azurerm_subnet.nodes"],
  ],
];

// The example leaves azure.flowLogs off: DPN-AZ-018's note comes with every finding list.
const FLOW_LOGS_OFF = "note DPN-AZ-018 azurerm_virtual_network.network";

for (const [name, change, expected] of MANAGED) {
  test(`managed: ${name}`, async () => {
    assert.deepStrictEqual((await checkExample("azure-managed", change)).map(view), [...expected, FLOW_LOGS_OFF]);
  });
}

test("customerManaged: a pod route to 100.64.0.0/10 outside the VNet is dropped by Azure's default None route, the firewall UDR notwithstanding", async () => {
  const loaded = await loadExample("azure-customer-managed");
  theirNetwork(loaded.topology);
  const nodes = "data.azurerm_subnet.nodes";
  // 100.64.0.0/10 -> None (longer than the UDR's 0.0.0.0/0) wins: the packet never reaches the firewall.
  const pod = reach(loaded.topology, { from: nodes, to: "100.64.1.5", port: 443 });
  assert.equal(pod.disposition, "null-routed");
  assert.deepEqual(
    pod.hops.map((h) => h.decision),
    ["no NSG on the subnet: not filtered; route 100.64.0.0/10 -> next hop None (System Route; longest prefix match)"],
  );
  // 172.16.0.0/12 has no default None route (Azure's answers): it follows the UDR to the firewall.
  const other = reach(loaded.topology, { from: nodes, to: "172.16.0.5", port: 443 });
  assert.match(
    other.hops[0]!.decision,
    /route 0\.0\.0\.0\/0 -> next hop VirtualAppliance 10\.0\.0\.4 \(data\.azurerm_route_table\.nodes; longest prefix match; user route wins over system route 0\.0\.0\.0\/0 -> next hop Internet\)$/,
  );
  // A user route for the pod range overrides the None route (a user route wins over a default one of the same prefix).
  const planted = await loadExample("azure-customer-managed"); // reach freezes the topology it was asked of
  theirNetwork(planted.topology);
  byId(planted.topology.routeTables, NODES_TABLE).routes.push({ destination: "100.64.0.0/10", target: { kind: "appliance", ip: "10.0.0.4" } });
  const routed = reach(planted.topology, { from: nodes, to: "100.64.1.5", port: 443 });
  assert.match(
    routed.hops[0]!.decision,
    /route 100\.64\.0\.0\/10 -> next hop VirtualAppliance 10\.0\.0\.4 \(data\.azurerm_route_table\.nodes; longest prefix match; user route wins over system route 100\.64\.0\.0\/10 -> next hop None\)$/,
  );
});
