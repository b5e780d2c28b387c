// The catalog (stable ids, crosswalk ids well-formed), the words
// `dpnet reach` resolves, and the rules every check shares: "not enough data" instead of a silent
// pass, a deterministic order.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CHECKS, checkInfo, runChecks } from "../src/analyze/checks/index.js";
import { resolveFrom, resolveTo, splitPort } from "../src/analyze/checks/names.js";
import { emptyTopology } from "../src/topology/model.js";
import { awsVpc } from "./reach-fixtures.js";
import { loadExample, view } from "./support/examples.js";

test("catalog: unique, well-formed ids (a finding's id is a CheckId: the compiler checks that it is registered)", () => {
  const ids = CHECKS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const c of CHECKS) {
    assert.match(c.id, /^DPN-(AWS|AZ|SPEC|DATA|EXP|TEST)-\d{3}$/);
    assert.ok(c.title && c.rationale && c.fix, c.id);
    for (const x of c.crosswalk?.checkov ?? []) assert.match(x, /^CKV2?_(AWS|AZURE)_\d+$/);
    for (const x of c.crosswalk?.trivy ?? []) assert.match(x, /^AVD-(AWS|AZU)-\d{4}$/);
  }
  assert.throws(() => checkInfo("DPN-AWS-999"), /not in the catalog/);
});

test("catalog: the crosswalk of the security rules to checkov and trivy", () => {
  const walk = (id: string) => [...(checkInfo(id).crosswalk?.checkov ?? []), ...(checkInfo(id).crosswalk?.trivy ?? [])];
  assert.deepStrictEqual(walk("DPN-AWS-016"), ["CKV_AWS_24", "AVD-AWS-0107"]);
  assert.deepStrictEqual(walk("DPN-AWS-017"), ["CKV_AWS_25", "AVD-AWS-0107"]);
  assert.deepStrictEqual(walk("DPN-AWS-015"), ["CKV2_AWS_12", "AVD-AWS-0173"]);
  assert.deepStrictEqual(walk("DPN-AWS-012"), ["CKV_AWS_123"]);
  assert.deepStrictEqual(walk("DPN-AWS-019"), ["CKV_AWS_27", "AVD-AWS-0096"]);
  assert.deepStrictEqual(walk("DPN-AZ-009"), ["CKV_AZURE_10", "AVD-AZU-0050"]);
  assert.deepStrictEqual(walk("DPN-AZ-010"), ["CKV_AZURE_9", "AVD-AZU-0048"]);
  assert.deepStrictEqual(walk("DPN-AZ-007"), ["CKV2_AZURE_31"]);
});

test("no network, no tiers, unread elements: findings that say so, never a silent pass", () => {
  assert.deepStrictEqual(
    runChecks(emptyTopology(), {}).map((f) => `${view(f)}: ${f.message}`),
    ["warning DPN-DATA-001 input: not enough data to judge the network: the input holds no VPC or VNet"],
  );
  const untiered = runChecks(awsVpc(), { cloud: "aws" }).map(view);
  assert.deepStrictEqual(untiered, ["warning DPN-AWS-001 vpc-1", "warning DPN-AWS-002 vpc-1"]);
  const gaps = [
    { subject: "rtb-app", elementId: "rtb-app", why: "it is read from the cloud when Terraform plans" },
    { subject: "something else", why: "why" },
  ];
  const t = awsVpc();
  t.subnets[1]!.tier = "node";
  const found = runChecks(t, { cloud: "aws", tiers: { node: ["subnet-app"] } }, gaps);
  assert.deepStrictEqual(
    found.filter((f) => f.id === "DPN-DATA-001" || f.id === "DPN-AWS-007").map((f) => `${view(f)}: ${f.message}`),
    [
      "warning DPN-DATA-001 input: not enough data to judge something else: why",
      "warning DPN-DATA-001 rtb-app: not enough data to judge rtb-app: it is read from the cloud when Terraform plans",
      "warning DPN-AWS-007 rtb-app: not enough data to judge whether nodes in subnet-app reach the internet (rtb-app could not be read)",
    ],
  );
});

test("the same input gives the same findings in the same order", async () => {
  const run = async () => {
    const loaded = await loadExample("azure-customer-managed");
    return runChecks(loaded.topology, loaded.context, loaded.gaps);
  };
  assert.deepStrictEqual(await run(), await run());
});

test("reach words: ports, tiers, load balancer listeners, the control plane and the internet", async () => {
  assert.deepStrictEqual(splitPort("ingress:443"), { name: "ingress", port: 443 });
  assert.deepStrictEqual(splitPort("[2001:db8::1]:443"), { name: "2001:db8::1", port: 443 });
  assert.deepStrictEqual(splitPort("2001:db8::1"), { name: "2001:db8::1" });
  assert.deepStrictEqual(splitPort("10.0.0.0/16"), { name: "10.0.0.0/16" });
  const { topology, context } = await loadExample("aws-internet");
  assert.deepStrictEqual(resolveTo(topology, context, "ingress:443"), { to: "aws_lb_listener.ingress-https", port: 443 });
  assert.deepStrictEqual(resolveTo(topology, context, "apiserver:6443"), { to: "aws_lb_listener.apiserver", port: 6443 });
  assert.deepStrictEqual(resolveTo(topology, context, "pods:53"), { to: 'aws_subnet.pod["eu-west-1a"]', port: 53 });
  assert.deepStrictEqual(resolveTo(topology, context, "10.20.0.0/20:22"), { to: "10.20.0.1", port: 22 });
  assert.deepStrictEqual(resolveFrom(topology, context, "control-plane"), { from: "internet", sourceIp: "203.0.113.1" });
  assert.deepStrictEqual(resolveFrom(topology, context, "nodes"), { from: 'aws_subnet.node["eu-west-1a"]' });
  assert.deepStrictEqual(resolveFrom(topology, context, "i-0abc"), { from: "i-0abc" });
  // An internet host that is neither the control plane nor a stand-in public address of the module.
  const internet = resolveFrom(topology, context, "internet");
  assert.equal(internet.from, "internet");
  assert.ok(
    !internet.sourceIp!.startsWith("203.0.113.") && !topology.loadBalancers.some((lb) => lb.nodes.some((n) => n.publicIps?.includes(internet.sourceIp!))),
    internet.sourceIp,
  );
  const privatelink = await loadExample("aws-privatelink");
  assert.throws(
    () => resolveFrom(privatelink.topology, privatelink.context, "control-plane"),
    /connects through PrivateLink from its own VPC, which is not in this topology/,
  );
});

test("the README's checks table is the catalog", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const rows = [...readme.matchAll(/^\| `(DPN-[A-Z]+-\d{3})` \| (.+?) \| (error|warning|note) \| (spec|network) \| (.*?) \|$/gm)];
  const crosswalk = (c: (typeof CHECKS)[number]) => [...(c.crosswalk?.checkov ?? []), ...(c.crosswalk?.trivy ?? [])].join(", ");
  assert.deepStrictEqual(
    rows.map((m) => [m[1], m[2], m[3], m[4], m[5]]),
    CHECKS.map((c) => [c.id, c.title, c.severity, c.level === "spec" ? "spec" : "network", crosswalk(c)]),
  );
});
