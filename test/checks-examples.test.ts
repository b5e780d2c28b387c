// dpnet's own output for every example passes the named checks with no error finding: read from
// the spec (as plan and synth check it) and from the module folder synth writes (as anyone's
// Terraform is read, the intent inferred).
import { test } from "node:test";
import assert from "node:assert/strict";
import { runChecks } from "../src/analyze/checks/index.js";
import { loadSource } from "../src/import/source.js";
import { EXAMPLES, type Example, checkExample, hops, view, writtenModule } from "./support/examples.js";

const UNREAD = (id: string) => `warning DPN-DATA-001 ${id}`;

// What each example's checks say: aws-privatelink's `nat: single` is one note, its trade-off; the customer-managed example reads the customer's network, which only a plan shows.
const EXPECTED: Record<Example, string[]> = {
  "aws-internet": [],
  // The customer's VPC, public subnets and NAT gateways are read when Terraform plans: not judged from the module, never an error.
  "aws-existing-vpc": [
    ...["a", "b", "c"].map((z) => UNREAD(`data.aws_nat_gateway.nat["eu-west-1${z}"]`)),
    ...["a", "b", "c"].map((z) => UNREAD(`data.aws_subnet.public["eu-west-1${z}"]`)),
    UNREAD("data.aws_vpc.network"),
    // Each NAT gateway's public address (read from the cloud): a gap about a value, not an element.
    ...["a", "b", "c"].map(() => UNREAD("input")),
    ...["a", "b", "c"].map((z) => `warning DPN-AWS-007 data.aws_subnet.public["eu-west-1${z}"]`),
    ...["a", "b", "c"].map((z) => `warning DPN-AWS-008 data.aws_subnet.public["eu-west-1${z}"]`),
    // The VPC's default security group stays the customer's (emptyDefaultSecurityGroup: false): not in the module.
    "warning DPN-AWS-015 data.aws_vpc.network",
  ],
  "aws-privatelink": ['note DPN-AWS-007 aws_nat_gateway.nat["eu-central-1a"]', "note DPN-AWS-031 aws_vpc.network"],
  "azure-managed": ["note DPN-AZ-018 azurerm_virtual_network.network"],
  "azure-customer-managed": [
    UNREAD('azurerm_private_endpoint.service["blob"]'),
    UNREAD('azurerm_private_endpoint.service["dfs"]'),
    UNREAD('azurerm_private_endpoint.service["vault"]'),
    UNREAD("data.azurerm_route_table.nodes"),
    UNREAD("data.azurerm_route_table.pods"),
    UNREAD("data.azurerm_subnet.db"),
    UNREAD("data.azurerm_subnet.nodes"),
    UNREAD("data.azurerm_subnet.pods"),
    UNREAD("data.azurerm_virtual_network.network"),
    "warning DPN-AZ-003 data.azurerm_subnet.pods",
    "warning DPN-AZ-004 data.azurerm_subnet.db",
    "warning DPN-AZ-005 data.azurerm_subnet.db",
    "warning DPN-AZ-006 data.azurerm_subnet.nodes",
    "warning DPN-AZ-006 data.azurerm_subnet.pods",
    "warning DPN-AZ-007 data.azurerm_subnet.db",
    "warning DPN-AZ-007 data.azurerm_subnet.nodes",
    "warning DPN-AZ-007 data.azurerm_subnet.pods",
    "warning DPN-AZ-011 data.azurerm_subnet.nodes",
  ],
};

for (const name of EXAMPLES) {
  test(`${name}: the checks on dpnet's module find exactly what is expected, no error`, async () => {
    assert.deepStrictEqual((await checkExample(name)).map(view), EXPECTED[name]);
  });

  test(`${name}: the module folder synth writes, read as anyone's Terraform, has no error finding`, async () => {
    const loaded = await loadSource(writtenModule(name));
    const errors = runChecks(loaded.topology, loaded.context, loaded.gaps).filter((f) => f.severity === "error");
    assert.deepStrictEqual(errors.map(view), []);
  });
}

test("nat: single is one note saying its trade-off, whose trace follows the nodes' traffic out", async () => {
  const [first, ...more] = await checkExample("aws-privatelink");
  // The other note: the spec leaves flow logs off (DPN-AWS-031).
  assert.deepStrictEqual(more.map(view), ["note DPN-AWS-031 aws_vpc.network"]);
  assert.equal(
    first!.message,
    'nat: single: nodes in eu-central-1b, eu-central-1c leave through aws_nat_gateway.nat["eu-central-1a"] in eu-central-1a, cheaper than a NAT gateway per zone; an outage of eu-central-1a cuts off every zone\'s egress and cross-zone traffic is charged (nat: perZone avoids both)',
  );
  assert.deepStrictEqual(hops(first), [
    'aws_subnet.node["eu-central-1b"] (subnet)',
    "aws_vpc.network (network)",
    'aws_nat_gateway.nat["eu-central-1a"] (nat-gateway)',
    'aws_subnet.public["eu-central-1a"] (subnet)',
    "aws_internet_gateway.gateway (internet-gateway)",
    "internet (internet)",
  ]);
});
