// Checks on partial configurations (a child module, a stack that refers to another's resources):
// each resource is judged with what it has. A security group, rule, NSG rule or queue policy whose
// VPC, group, NSG or queue is not in the configuration is kept unplaced and judged on its own; only a
// check that needs the missing fact says "not enough data", naming it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { judge } from "../src/analyze/audit/index.js";
import type { Finding } from "../src/findings.js";
import { loadSource } from "../src/import/source.js";
import { dpnet } from "./support/cli.js";

function folder(tf: string): string {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-partial-"));
  writeFileSync(join(dir, "main.tf"), tf);
  return dir;
}

async function findings(tf: string, ...ids: string[]): Promise<string[]> {
  const found = judge(await loadSource(folder(tf)));
  return found.filter((f: Finding) => ids.includes(f.id)).map((f) => `${f.severity} ${f.id} ${f.resource}: ${f.message}`);
}

const CHILD_MODULE = `
variable "vpc_id" { type = string }
variable "group_id" { type = string }

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = var.vpc_id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }
}

resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = var.group_id
  cidr_ipv6         = "::/0"
  from_port         = 3389
  to_port           = 3389
  ip_protocol       = "tcp"
}
`;

test("a child module with vpc_id = var.vpc_id and SSH open to the world fails verify (exit 1) with DPN-AWS-016 naming the rule", () => {
  const r = dpnet("verify", folder(CHILD_MODULE), "--format", "json");
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { findings: Finding[] };
  assert.deepStrictEqual(
    out.findings.map((f) => `${f.severity} ${f.id} ${f.resource}`),
    ["warning DPN-DATA-001 input", "error DPN-AWS-016 aws_security_group.bastion.ingress[0]", "error DPN-AWS-017 aws_vpc_security_group_ingress_rule.rdp"],
  );
  assert.equal(out.findings[0]!.message, "not enough data to judge the network: the input holds no VPC or VNet");
  assert.equal(
    out.findings[1]!.message,
    "aws_security_group.bastion admits SSH (TCP 22) from 0.0.0.0/0: narrow the source to your admin ranges (or use a bastion, SSM Session Manager, a VPN)",
  );
  // The group the rule names is known only by the module input it comes from.
  assert.deepStrictEqual(out.findings[2]!.trace[0], { id: "var.group_id", kind: "security-group", decision: "admits RDP (TCP 3389) from ::/0" });
});

test("unplaced groups keep their rules, what they refer to by its reference, and why their VPC is unknown", async () => {
  const loaded = await loadSource(folder(CHILD_MODULE));
  const groups = loaded.topology.securityGroups.map((g) => ({
    id: g.id,
    networkId: g.networkId,
    unknown: g.unknown,
    rules: g.rules.map((r) => `${r.id} ${r.direction} ${String(r.protocol)} ${r.ports?.from}-${r.ports?.to} ${JSON.stringify(r.peer)}`),
  }));
  assert.deepStrictEqual(groups, [
    {
      id: "aws_security_group.bastion",
      networkId: undefined,
      unknown: { network: "vpc_id = var.vpc_id: the VPC is an input of the module" },
      rules: [
        'aws_security_group.bastion.ingress[0] ingress tcp 22-22 {"kind":"cidr","cidr":"0.0.0.0/0"}',
        'aws_security_group.bastion.ingress[1] ingress tcp 443-443 {"kind":"security-group","id":"aws_security_group.lb"}',
      ],
    },
    {
      id: "var.group_id",
      networkId: undefined,
      unknown: {
        network: "security_group_id = var.group_id: the security group is an input of the module",
        rules: "security_group_id = var.group_id: the security group is an input of the module: only the rules written as separate resources are known",
      },
      rules: ['aws_vpc_security_group_ingress_rule.rdp ingress tcp 3389-3389 {"kind":"cidr","cidr":"::/0"}'],
    },
  ]);
  assert.deepStrictEqual(loaded.gaps, []);
});

test("a security group with no vpc_id (the default VPC) is judged; a rule of an invalid type is reported, not ignored", async () => {
  const tf = `
resource "aws_security_group" "open" {
  ingress {
    from_port   = 0
    to_port     = 65535
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group_rule" "odd" {
  type              = "-1"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  security_group_id = aws_security_group.open.id
}
resource "aws_vpc_security_group_ingress_rule" "nowhere" {
  security_group_id = aws_security_group.open.id
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}
`;
  assert.deepStrictEqual(await findings(tf, "DPN-AWS-016", "DPN-DATA-002"), [
    'warning DPN-DATA-002 aws_security_group_rule.odd: type = "-1" is not ingress or egress: Terraform rejects the rule, so it admits nothing',
    "warning DPN-DATA-002 aws_vpc_security_group_ingress_rule.nowhere: it names no source (cidr_ipv4, cidr_ipv6, prefix_list_id or referenced_security_group_id): AWS refuses a rule without one, so it admits nothing",
    "error DPN-AWS-016 aws_security_group.open.ingress[0]: aws_security_group.open admits SSH (TCP 22) from 0.0.0.0/0: narrow the source to your admin ranges (or use a bastion, SSM Session Manager, a VPN)",
  ]);
});

test("Azure: separate NSG rules of an NSG outside the configuration are judged; a union of them needs the NSG's other rules", async () => {
  const tf = `
variable "nsg_name" { type = string }
resource "azurerm_network_security_rule" "ssh" {
  name                        = "ssh"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22", "443"]
  source_address_prefixes     = ["Internet"]
  destination_address_prefix  = "*"
  resource_group_name         = "rg"
  network_security_group_name = var.nsg_name
}
resource "azurerm_network_security_rule" "rdp_low" {
  name                        = "rdp-low"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "3389"
  source_address_prefix       = "0.0.0.0/1"
  destination_address_prefix  = "*"
  resource_group_name         = "rg"
  network_security_group_name = "shared-nsg"
}
resource "azurerm_network_security_rule" "rdp_high" {
  name                        = "rdp-high"
  priority                    = 120
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "3389"
  source_address_prefix       = "128.0.0.0/1"
  destination_address_prefix  = "*"
  resource_group_name         = "rg"
  network_security_group_name = "shared-nsg"
}
`;
  assert.deepStrictEqual(await findings(tf, "DPN-AZ-009", "DPN-AZ-010"), [
    "error DPN-AZ-009 azurerm_network_security_rule.ssh: var.nsg_name rule ssh allows SSH (TCP 22) from the Internet: narrow the source to your admin ranges (or use Azure Bastion, a VPN)",
    "warning DPN-AZ-010 network security group shared-nsg (resource group rg): not enough data to judge whether network security group shared-nsg (resource group rg) lets RDP (TCP 3389) in from every internet address through rules rdp-low, rdp-high together: the network security group shared-nsg (resource group rg) is not in this configuration: only the rules written as separate resources are known",
  ]);
});

test("queue policies: the known parts are judged, several policies for one queue are each judged and the conflict said", async () => {
  const tf = `
variable "region" { type = string }
variable "account" { type = string }
variable "queue_url" { type = string }
resource "aws_sqs_queue" "q" {
  name = "q"
}
resource "aws_sqs_queue_policy" "interpolated" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Open"
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "arn:aws:sqs:\${var.region}:\${var.account}:q"
    }, {
      Sid       = "Account"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${var.account}:root" }
      Action    = "sqs:SendMessage"
      Resource  = "*"
    }]
  })
}
resource "aws_sqs_queue_policy" "roles" {
  queue_url = aws_sqs_queue.q.id
  policy    = <<-EOF
    {"Statement": [{"Sid": "AnyAccountsRole", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::*:role/agent"}, "Action": "sqs:*", "Resource": "\${var.region}"}]}
  EOF
}
data "aws_iam_policy_document" "elsewhere" {
  statement {
    sid       = "Narrow"
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:\${var.region}:111122223333:other"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
resource "aws_sqs_queue_policy" "elsewhere" {
  queue_url = var.queue_url
  policy    = data.aws_iam_policy_document.elsewhere.json
}
`;
  assert.deepStrictEqual(await findings(tf, "DPN-AWS-018", "DPN-AWS-019"), [
    "warning DPN-AWS-018 aws_sqs_queue.q: 2 policies are set on the queue (aws_sqs_queue_policy.interpolated, aws_sqs_queue_policy.roles): AWS keeps one, the last applied, so which holds depends on apply order; keep one policy",
    "error DPN-AWS-018 aws_sqs_queue.q: AnyAccountsRole of aws_sqs_queue_policy.roles allows sqs:* to every account (principal arn:aws:iam::*:role/agent): name the control plane's account or role instead",
    "error DPN-AWS-018 aws_sqs_queue.q: Open of aws_sqs_queue_policy.interpolated allows sqs:SendMessage to everyone (principal *): name the control plane's account or role instead",
    "warning DPN-AWS-018 aws_sqs_queue.q: not enough data to judge whether Account of aws_sqs_queue_policy.interpolated allows everyone: Principal (var.account has no default and no value is given)",
    "warning DPN-AWS-019 var.queue_url: not enough data to judge whether the queue is encrypted: queue_url = var.queue_url: the queue is an input of the module",
  ]);
});

test('a queue without encryption settings gets SSE-SQS from AWS; kms_master_key_id = "" is no key', async () => {
  const tf = `
resource "aws_sqs_queue" "plain" { name = "plain" }
resource "aws_sqs_queue" "empty_key" {
  name              = "empty"
  kms_master_key_id = ""
}
resource "aws_sqs_queue" "off" {
  name                    = "off"
  sqs_managed_sse_enabled = false
}
`;
  const loaded = await loadSource(folder(tf));
  assert.deepStrictEqual(
    loaded.topology.queues.map((q) => [q.id, q.encrypted, q.kmsKeyId]),
    [
      ["aws_sqs_queue.plain", true, undefined],
      ["aws_sqs_queue.empty_key", true, undefined],
      ["aws_sqs_queue.off", false, undefined],
    ],
  );
  assert.deepStrictEqual(await findings(tf, "DPN-AWS-019"), [
    "error DPN-AWS-019 aws_sqs_queue.off: the queue is not encrypted at rest: set sqs_managed_sse_enabled = true (or a kms_master_key_id)",
  ]);
});
