// Violations a sampled check misses (one stand-in internet host, one port), planted in dpnet's own
// examples and modules: the checks now ask the exhaustive analysis, and each finding names the
// exact packet class that breaks the rule.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { internetSpace } from "../src/analyze/space/analysis.js";
import { intersect, prefixRange, setToCidrs } from "../src/ipam/intervals.js";
import { parsePrefix } from "../src/ipam/prefix.js";
import type { NsgRule, SecurityGroupRule } from "../src/topology/model.js";
import { dpnet } from "./support/cli.js";
import { PLANTED_NLB_RULE, byId, checkExample, examplePath, moduleFile, view } from "./support/examples.js";

const sg = (id: string, from: number, to: number, cidr: string): SecurityGroupRule => ({
  id,
  direction: "ingress",
  protocol: "tcp",
  ports: { from, to },
  peer: { kind: "cidr", cidr },
});
const LOWER_HALF = setToCidrs(4, intersect(internetSpace(4), [prefixRange(parsePrefix("0.0.0.0/1")!)]));

test("a /24 route to the internet gateway on a pod table: DPN-AWS-005 names exactly those packets and where they go", async () => {
  const table = 'aws_route_table.pod["eu-west-1a"]';
  const found = (
    await checkExample("aws-internet", (t) =>
      byId(t.routeTables, table).routes.push({ destination: "8.8.8.0/24", target: { kind: "gateway", id: "aws_internet_gateway.gateway" } }),
    )
  ).filter((f) => f.id === "DPN-AWS-005");
  assert.deepStrictEqual(found.map(view), [`error DPN-AWS-005 ${table}`]);
  // The internet gateway drops them (pods have no public address), but they leave the VPC: every protocol, to 8.8.8.0/24 and nowhere else.
  assert.equal(
    found[0]!.message,
    `pods in aws_subnet.pod["eu-west-1a"] are routed out of the VPC: icmp, tcp, udp, icmpv6, any other protocol to 8.8.8.0/24 go to aws_internet_gateway.gateway (denied at aws_internet_gateway.gateway; witness icmp 100.64.0.0 -> 8.8.8.0 (type 8)): remove the route 8.8.8.0/24 -> aws_internet_gateway.gateway from ${table}; pod subnets are routed only inside the VPC`,
  );
});

test("SSH admitted from 0.0.0.0/1 and 128.0.0.0/1: DPN-AWS-016 on the group, naming both rules and the whole internet", async () => {
  const found = (
    await checkExample("aws-internet", (t) =>
      byId(t.securityGroups, "aws_security_group.worker").rules.push(sg("ssh-low", 22, 22, "0.0.0.0/1"), sg("ssh-high", 22, 22, "128.0.0.0/1")),
    )
  ).filter((f) => f.id === "DPN-AWS-016");
  assert.deepStrictEqual(found.map(view), ["error DPN-AWS-016 aws_security_group.worker"]);
  assert.match(found[0]!.message, /^aws_security_group\.worker admits SSH \(TCP 22\) from 0\.0\.0\.0\/1, 128\.0\.0\.0\/1, together the whole internet/);
  // One half alone is not the whole internet.
  const half = (
    await checkExample("aws-internet", (t) => byId(t.securityGroups, "aws_security_group.worker").rules.push(sg("ssh-low", 22, 22, "0.0.0.0/1")))
  ).filter((f) => f.id === "DPN-AWS-016");
  assert.deepStrictEqual(half, []);
});

test("SSH allowed from 0.0.0.0/1 and 128.0.0.0/1 on an NSG: DPN-AZ-009; a deny before them closes it", async () => {
  const nsgRule = (name: string, priority: number, access: "allow" | "deny", cidr: string): NsgRule => ({
    id: `rule-${name}`,
    name,
    priority,
    direction: "inbound",
    access,
    protocol: "tcp",
    destinationPorts: [{ from: 20, to: 30 }],
    sources: [{ kind: "cidr", cidr }],
    destinations: [{ kind: "any" }],
  });
  const NODES = "azurerm_network_security_group.nodes";
  const open = (
    await checkExample("azure-managed", (t) =>
      byId(t.networkSecurityGroups, NODES).rules.push(nsgRule("low", 200, "allow", "0.0.0.0/1"), nsgRule("high", 210, "allow", "128.0.0.0/1")),
    )
  ).filter((f) => f.id === "DPN-AZ-009");
  assert.deepStrictEqual(open.map(view), [`error DPN-AZ-009 ${NODES}`]);
  assert.equal(
    open[0]!.message,
    `${NODES} allows SSH (TCP 22) from every internet address through rules low, high together: narrow the sources to your admin ranges (or use Azure Bastion, a VPN)`,
  );
  const closed = (
    await checkExample("azure-managed", (t) =>
      byId(t.networkSecurityGroups, NODES).rules.push(
        nsgRule("deny", 150, "deny", "8.0.0.0/8"),
        nsgRule("low", 200, "allow", "0.0.0.0/1"),
        nsgRule("high", 210, "allow", "128.0.0.0/1"),
      ),
    )
  ).filter((f) => f.id === "DPN-AZ-009");
  assert.deepStrictEqual(closed, []);
});

test("kube-apiserver's port inside 6000-7000 only: DPN-AWS-014 names the block and 6443", async () => {
  const found = (
    await checkExample("aws-internet", (t) => byId(t.securityGroups, "aws_security_group.apiserver-nlb").rules.push(sg("wide", 6000, 7000, "198.18.0.0/15")))
  ).filter((f) => f.id === "DPN-AWS-014");
  assert.deepStrictEqual(found.map(view), ["error DPN-AWS-014 wide"]);
  assert.match(found[0]!.message, /^admits 198\.18\.0\.0\/15 to kube-apiserver \(TCP 6443\), outside the allowed CIDRs/);
});

test("TCP 400-500 from 0.0.0.0/1 planted on the ingress NLB's security group of a synthesized module: DPN-AWS-010 names TCP 443 from the internet's half", () => {
  // As synth writes it: with the spec's intents beside it, so the control plane is not inferred from the edited module.
  const dir = join(mkdtempSync(join(tmpdir(), "dpnet-planted-")), "infra");
  assert.equal(dpnet("synth", examplePath("aws-internet"), "-o", dir).code, 0);
  appendFileSync(moduleFile(dir, "security.tf"), PLANTED_NLB_RULE);
  const r = dpnet("verify", dir, "--json");
  const found = (JSON.parse(r.stdout).findings as { id: string; resource: string; message: string; trace: { decision: string }[] }[]).filter(
    (f) => f.id === "DPN-AWS-010",
  );
  assert.deepStrictEqual(
    found.map((f) => f.resource),
    ["module.data_plane.aws_lb_listener.ingress-https"],
  );
  assert.equal(
    found[0]!.message,
    `TCP 443 from ${LOWER_HALF.slice(0, 3).join(", ")} (+${LOWER_HALF.length - 3} more), outside controlPlane.cidrs, reaches the sync port (witness tcp 1.0.0.0:1024-65535 -> 198.51.100.4:443): admit only 203.0.113.0/24 on it, or give the sync link a port of its own`,
  );
  assert.match(
    found[0]!.trace.at(-1)!.decision,
    /module\.data_plane\.aws_vpc_security_group_ingress_rule\.planted allows tcp 400-500 from 0\.0\.0\.0\/1; listener module\.data_plane\.aws_lb_listener\.ingress-https/,
  );
});
