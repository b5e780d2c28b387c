// Addresses dpnet makes up are shown as what they stand for, never as if real: the Amazon-provided
// IPv6 blocks in a planned module's diagram, the public IPs assigned at apply, an internet host.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkPlan } from "../src/analyze/checks/plan.js";
import { planSpec } from "../src/plan/index.js";
import { DIAGRAM_FILE, renderVisuals } from "../src/render/files.js";
import { markStandIns, withInternetHosts } from "../src/report/stand-ins.js";
import { parseSpec } from "../src/spec/index.js";

test("the IPv6 diagram shows the VPC's /56 and the subnets' /64s as assigned by AWS, not as documentation addresses", () => {
  const plan = planSpec(parseSpec({ name: "acme-prod", cloud: "aws", aws: { region: "eu-west-1", ipv6: true, vpc: { cidr: "10.20.0.0/16" } } }));
  const svg = renderVisuals({ plan, ...checkPlan(plan), source: { label: "v6.yaml", text: "" } }).get(DIAGRAM_FILE)!;
  assert.match(svg, />10\.20\.0\.0\/16 · &lt;VPC IPv6 \/56, assigned by AWS&gt; · 100\.64\.0\.0\/16</);
  assert.equal([...svg.matchAll(/>&lt;IPv6 \/64, from AWS&gt;</g)].length, 6, "3 public and 3 node subnets");
  assert.doesNotMatch(svg, /2001:db8/);
});

test("markStandIns replaces whole addresses only: with a port, not inside a longer address or a block", () => {
  const labels = withInternetHosts(new Map([["198.51.100.4", "<public IP of aws_lb.ingress>"]]), ["198.51.100.254"]);
  assert.equal(
    markStandIns("tcp 203.0.113.1:1024-65535 -> 198.51.100.4:443; 198.51.100.40 and 198.51.100.0/24 stay; to 198.51.100.254", labels),
    "tcp 203.0.113.1:1024-65535 -> <public IP of aws_lb.ingress>:443; 198.51.100.40 and 198.51.100.0/24 stay; to <an internet host>",
  );
});
