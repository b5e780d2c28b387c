// Terraform configurations as people really write them (issue 12): dynamic blocks over lists of
// objects, optional() defaults in variable types, legacy splats, regexall, azurerm resources linked
// by name; and Typhoon's own AWS module (test/hcl-corpus, MIT), read without false errors.
import { gapText } from "../src/import/types.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { judge } from "../src/analyze/audit/index.js";
import { loadSource } from "../src/import/source.js";
import { byId } from "./support/examples.js";

const TYPHOON_AWS = new URL("../../test/hcl-corpus/typhoon-aws", import.meta.url).pathname;
const TYPHOON_AZURE = new URL("../../test/hcl-corpus/typhoon-azure", import.meta.url).pathname;

function folderWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-idioms-"));
  writeFileSync(join(dir, "main.tf"), text);
  return dir;
}

test("dynamic blocks over a list of objects whose type fills optional() defaults; legacy splats; regexall", async () => {
  const dir = folderWith(`
variable "rules" {
  type = list(object({
    port  = number
    cidrs = optional(list(string), ["10.0.0.0/8"])
    proto = optional(string, "tcp")
  }))
  default = [{ port = 22 }, { port = 53, proto = "udp", cidrs = ["10.1.0.0/16"] }]
}

resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "s" {
  count             = 2
  vpc_id            = aws_vpc.v.id
  cidr_block        = cidrsubnet(aws_vpc.v.cidr_block, 8, count.index)
  availability_zone = "eu-west-1\${element(["a", "b"], count.index)}"
}

resource "aws_security_group" "g" {
  name   = length(regexall("^10\\\\.", aws_vpc.v.cidr_block)) > 0 ? "private-range" : "other"
  vpc_id = aws_vpc.v.id
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = ingress.value.proto
      cidr_blocks = ingress.value.cidrs
    }
  }
}

resource "aws_instance" "x" {
  count                  = 2
  subnet_id              = aws_subnet.s.*.id[count.index]
  vpc_security_group_ids = [aws_security_group.g.id]
}

resource "aws_lb_target_group" "t" {
  vpc_id   = aws_vpc.v.id
  port     = 22
  protocol = "TCP"
}

resource "aws_lb_target_group_attachment" "a" {
  count            = 2
  target_group_arn = aws_lb_target_group.t.arn
  target_id        = aws_instance.x.*.id[count.index]
}
`);
  const { topology, gaps } = await loadSource(dir);
  assert.deepEqual(gaps, []);
  const group = byId(topology.securityGroups, "aws_security_group.g");
  assert.equal(group.name, "private-range");
  assert.deepEqual(
    group.rules.map((r) => `${r.id} ${r.protocol} ${r.ports?.from} ${r.peer.kind === "cidr" ? r.peer.cidr : r.peer.kind}`),
    ["aws_security_group.g.ingress[0] tcp 22 10.0.0.0/8", "aws_security_group.g.ingress[1] udp 53 10.1.0.0/16"],
  );
  assert.deepEqual(
    topology.interfaces.map((i) => [i.id, i.subnetId]),
    [
      ["aws_instance.x[0]", "aws_subnet.s[0]"],
      ["aws_instance.x[1]", "aws_subnet.s[1]"],
    ],
  );
  assert.deepEqual(
    byId(topology.targetGroups, "aws_lb_target_group.t").targets.map((t) => t.id),
    ["aws_instance.x[0]", "aws_instance.x[1]"],
  );
});

test("Typhoon's AWS module: the NLB whose subnets are counted over availability zones keeps its listeners; no false error", async () => {
  const loaded = await loadSource(TYPHOON_AWS);
  assert.deepEqual(
    loaded.gaps.map(gapText).filter((g) => /is not in this configuration|not a single value/.test(g)),
    [],
  );
  assert.equal(loaded.context.inferred?.[0], "the subnets of aws_lb.nlb are not known: taken to be in aws_vpc.network, the only VPC");
  const nlb = byId(loaded.topology.loadBalancers, "aws_lb.nlb");
  assert.deepEqual(
    nlb.listeners.map((l) => [l.id, l.port, l.targetGroupId]),
    [
      ["aws_lb_listener.apiserver-https", 6443, "aws_lb_target_group.controllers"],
      ["aws_lb_listener.ingress-http", 80, "module.workers.aws_lb_target_group.workers-http"],
      ["aws_lb_listener.ingress-https", 443, "module.workers.aws_lb_target_group.workers-https"],
    ],
  );
  // `target_id = aws_instance.controllers.*.id[count.index]`, controller_count defaulting to 1.
  assert.deepEqual(byId(loaded.topology.targetGroups, "aws_lb_target_group.controllers").targets, [{ id: "aws_instance.controllers[0]", port: 6443 }]);
  // What the README of the real-world set says a correct reading sees: SSH open to 0.0.0.0/0 and ::/0.
  assert.deepEqual(
    judge(loaded)
      .filter((f) => f.severity === "error")
      .map((f) => `${f.id} ${f.resource}`),
    [
      "DPN-AWS-016 aws_security_group_rule.controller-ssh #1",
      "DPN-AWS-016 aws_security_group_rule.controller-ssh #2",
      "DPN-AWS-016 aws_security_group_rule.worker-ssh",
    ],
  );
});

test("Typhoon's Azure module: subnets and NSG rules linked by a name known only at apply, through the reference; optional() defaults", async () => {
  const loaded = await loadSource(TYPHOON_AZURE);
  const { topology, gaps } = loaded;
  assert.deepEqual(
    gaps.map(gapText).filter((g) => /virtual_network_name|network_security_group_name|has no attribute/.test(g)),
    [],
  );
  assert.deepEqual(
    topology.subnets.map((s) => [s.id, s.networkId, s.cidrs.join(" ")]),
    [
      ["azurerm_subnet.controller", "azurerm_virtual_network.network", "10.0.0.0/17"],
      ["azurerm_subnet.worker", "azurerm_virtual_network.network", "10.0.128.0/17"],
    ],
  );
  // network_cidr = { ipv4 = [...] } leaves ipv6 to its optional() default, []: the IPv6 range is then a random ULA, known at apply.
  assert.ok(
    gaps.map(gapText).includes("not enough data to judge azurerm_virtual_network.network: address_space: random_id.ula-netnum.dec is known only after apply"),
  );
  const nsg = byId(topology.networkSecurityGroups, "azurerm_network_security_group.controller");
  assert.ok(nsg.rules.some((r) => r.id === 'azurerm_network_security_rule.controller-ssh["ipv4"]'));
  // What the README of the real-world set says a correct reading sees on Azure: the SSH-from-Internet rule (missed while the rules had no NSG).
  assert.deepEqual(
    judge(loaded)
      .filter((f) => f.severity === "error")
      .map((f) => `${f.id} ${f.resource}`),
    ['DPN-AZ-009 azurerm_network_security_rule.controller-ssh["ipv4"]', 'DPN-AZ-009 azurerm_network_security_rule.controller-ssh["ipv6"]'],
  );
});
