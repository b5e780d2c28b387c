// The checks that complete the crosswalk to checkov and trivy: every port open to the world
// (CKV_AWS_277, CKV_AZURE_246), VPC flow logs (CKV2_AWS_11) and VNet flow logs, and SSH/RDP from the Internet on every
// form an NSG rule takes (inline security_rule, azurerm_network_security_rule, *_ranges, *_prefixes).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { judge } from "../src/analyze/audit/index.js";
import { loadSource } from "../src/import/source.js";
import { checkExample, view } from "./support/examples.js";

async function findings(tf: string, ...ids: string[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-crosswalk-"));
  writeFileSync(join(dir, "main.tf"), tf);
  return judge(await loadSource(dir))
    .filter((f) => ids.includes(f.id))
    .map((f) => `${f.severity} ${f.id} ${f.resource}: ${f.message}`);
}

test("every port open to the world: DPN-AWS-030 on all traffic and on every TCP or UDP port, not on a narrower range", async () => {
  const tf = `
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_security_group" "open" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port        = 0
    to_port          = 65535
    protocol         = "udp"
    ipv6_cidr_blocks = ["::/0"]
  }
  ingress {
    from_port   = 1024
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group_rule" "tcp_all" {
  type              = "ingress"
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.open.id
}
`;
  assert.deepStrictEqual(await findings(tf, "DPN-AWS-030"), [
    "error DPN-AWS-030 aws_security_group.open.ingress[0]: aws_security_group.open admits all traffic (every protocol and port) from 0.0.0.0/0: admit only the ports the service needs, from the sources that need them",
    "error DPN-AWS-030 aws_security_group.open.ingress[1]: aws_security_group.open admits every UDP port from ::/0: admit only the ports the service needs, from the sources that need them",
    "error DPN-AWS-030 aws_security_group_rule.tcp_all: aws_security_group.open admits every TCP port from 0.0.0.0/0: admit only the ports the service needs, from the sources that need them",
  ]);
});

test("Azure: SSH, RDP and every port from the Internet on every NSG form (inline, separate, *_ranges, *_prefixes)", async () => {
  const tf = `
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  location            = "westeurope"
  resource_group_name = "rg"
  security_rule {
    name                       = "rdp-list"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_ranges    = ["443", "3380-3390"]
    source_address_prefixes    = ["10.0.0.0/8", "0.0.0.0/0"]
    destination_address_prefix = "*"
  }
  security_rule {
    name                       = "everything"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}
resource "azurerm_network_security_rule" "ssh_ranges" {
  name                        = "ssh-ranges"
  priority                    = 120
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["0-65535"]
  source_address_prefixes     = ["Any"]
  destination_address_prefix  = "*"
  resource_group_name         = "rg"
  network_security_group_name = azurerm_network_security_group.nsg.name
}
resource "azurerm_network_security_rule" "denied" {
  name                        = "ssh-deny"
  priority                    = 130
  direction                   = "Inbound"
  access                      = "Deny"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "22"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = "rg"
  network_security_group_name = "nsg"
}
`;
  assert.deepStrictEqual(
    (await findings(tf, "DPN-AZ-009", "DPN-AZ-010", "DPN-AZ-020")).map((f) => f.slice(0, f.indexOf(":"))),
    [
      "error DPN-AZ-009 azurerm_network_security_group.nsg.security_rule[1]",
      "error DPN-AZ-009 azurerm_network_security_rule.ssh_ranges",
      "error DPN-AZ-010 azurerm_network_security_group.nsg.security_rule[0]",
      "error DPN-AZ-010 azurerm_network_security_group.nsg.security_rule[1]",
      "error DPN-AZ-010 azurerm_network_security_rule.ssh_ranges",
      "error DPN-AZ-020 azurerm_network_security_group.nsg.security_rule[1]",
      "error DPN-AZ-020 azurerm_network_security_rule.ssh_ranges",
    ],
  );
  assert.deepStrictEqual(await findings(tf, "DPN-AZ-020"), [
    "error DPN-AZ-020 azurerm_network_security_group.nsg.security_rule[1]: azurerm_network_security_group.nsg rule everything allows all traffic (every protocol and port) from Internet: allow only the ports the service needs, from the sources that need them",
    "error DPN-AZ-020 azurerm_network_security_rule.ssh_ranges: azurerm_network_security_group.nsg rule ssh-ranges allows every TCP port from any address: allow only the ports the service needs, from the sources that need them",
  ]);
});

test("flow logs: DPN-AWS-031 warns on a VPC a configuration creates without them, not on one with them nor on one it reads", async () => {
  const tf = `
resource "aws_vpc" "logged" { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "silent" { cidr_block = "10.1.0.0/16" }
data "aws_vpc" "existing" { id = "vpc-0123456789abcdef0" }
resource "aws_flow_log" "logged" {
  vpc_id          = aws_vpc.logged.id
  traffic_type    = "ALL"
  log_destination = "arn:aws:s3:::flow-logs"
  log_destination_type = "s3"
}
`;
  assert.deepStrictEqual(await findings(tf, "DPN-AWS-031"), [
    "warning DPN-AWS-031 aws_vpc.silent: the VPC has no flow logs: nothing records its traffic for an investigation; add an aws_flow_log for it (dpnet: aws.flowLogs: true)",
  ]);
});

test("flow logs on dpnet's own modules: none reported where the spec turns them on, a note where it leaves them off", async () => {
  assert.deepStrictEqual((await checkExample("aws-internet")).filter((f) => f.id === "DPN-AWS-031").map(view), []);
  const off = (await checkExample("aws-privatelink")).filter((f) => f.id === "DPN-AWS-031");
  assert.deepStrictEqual(
    off.map((f) => `${view(f)}: ${f.message}`),
    ["note DPN-AWS-031 aws_vpc.network: the VPC has no flow logs, as the spec chose (aws.flowLogs: false): nothing records its traffic for an investigation"],
  );
});

test("flow logs: DPN-AZ-018 warns on a VNet a configuration creates without an enabled VNet flow log, not on one it reads; NSG flow logs do not count", async () => {
  const tf = `
resource "azurerm_virtual_network" "logged" {
  name                = "logged"
  location            = "westeurope"
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_virtual_network" "silent" {
  name                = "silent"
  location            = "westeurope"
  resource_group_name = "rg"
  address_space       = ["10.1.0.0/16"]
}
resource "azurerm_virtual_network" "off" {
  name                = "off"
  location            = "westeurope"
  resource_group_name = "rg"
  address_space       = ["10.2.0.0/16"]
}
data "azurerm_virtual_network" "existing" {
  name                = "hub"
  resource_group_name = "hub-rg"
}
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  location            = "westeurope"
  resource_group_name = "rg"
}
resource "azurerm_network_watcher_flow_log" "vnet" {
  name                 = "logged"
  network_watcher_name = "NetworkWatcher_westeurope"
  resource_group_name  = "NetworkWatcherRG"
  target_resource_id   = azurerm_virtual_network.logged.id
  storage_account_id   = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs"
  enabled              = true
  retention_policy {
    enabled = true
    days    = 30
  }
}
resource "azurerm_network_watcher_flow_log" "disabled" {
  name                 = "off"
  network_watcher_name = "NetworkWatcher_westeurope"
  resource_group_name  = "NetworkWatcherRG"
  target_resource_id   = azurerm_virtual_network.off.id
  storage_account_id   = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs"
  enabled              = false
  retention_policy {
    enabled = true
    days    = 30
  }
}
resource "azurerm_network_watcher_flow_log" "nsg" {
  name                 = "nsg"
  network_watcher_name = "NetworkWatcher_westeurope"
  resource_group_name  = "NetworkWatcherRG"
  target_resource_id   = azurerm_network_security_group.nsg.id
  storage_account_id   = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs"
  enabled              = true
  retention_policy {
    enabled = true
    days    = 30
  }
}
`;
  const advice =
    "the VNet has no flow logs: nothing records its traffic for an investigation; add an azurerm_network_watcher_flow_log with the VNet as target_resource_id (dpnet: azure.flowLogs: true)";
  assert.deepStrictEqual(await findings(tf, "DPN-AZ-018"), [
    `warning DPN-AZ-018 azurerm_virtual_network.off: ${advice}`,
    `warning DPN-AZ-018 azurerm_virtual_network.silent: ${advice}`,
  ]);
});

test("flow logs on dpnet's Azure modules: none reported where azure.flowLogs turns them on, a note where the spec leaves them off", async () => {
  const off = (await checkExample("azure-managed")).filter((f) => f.id === "DPN-AZ-018");
  assert.deepStrictEqual(
    off.map((f) => `${view(f)}: ${f.message}`),
    [
      "note DPN-AZ-018 azurerm_virtual_network.network: the VNet has no flow logs, as the spec chose (azure.flowLogs: false): nothing records its traffic for an investigation",
    ],
  );
});
