// `dpnet exposure`: what the internet and the control plane can open, what the nodes and pods can
// reach outside, for every packet; on a spec, a module folder with a planted rule, an Azure spec,
// and a Batfish export; text, JSON and SARIF.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { entryAddresses, exposure } from "../src/analyze/space/exposure.js";
import { internetSpace } from "../src/analyze/space/analysis.js";
import { intersect, normalize, prefixRange, setToCidrs, subtract } from "../src/ipam/intervals.js";
import { loadSource } from "../src/import/source.js";
import { parsePrefix } from "../src/ipam/prefix.js";
import { BATFISH } from "./audit-fixtures.js";
import { dpnet } from "./support/cli.js";
import { PLANTED_NLB_RULE, examplePath, loadExample, moduleFile, writtenModule } from "./support/examples.js";

const INTERNET = setToCidrs(4, internetSpace(4));
/** The internet's part of 0.0.0.0/1: what a rule for 0.0.0.0/1 admits from the internet. */
const LOWER_HALF = setToCidrs(4, intersect(internetSpace(4), [prefixRange(parsePrefix("0.0.0.0/1")!)]));

interface Row {
  from?: string;
  destination: string;
  protocol: string;
  ports: string;
  sources?: string[];
  targetsOutside?: boolean;
}

const brief = (r: Row) => `${r.from ?? ""} ${r.destination} ${r.protocol} ${r.ports}`.trim();

test("exposure of the aws-internet spec: the listeners each source range can open, the nodes' way out, the pods' none", async () => {
  const loaded = await loadExample("aws-internet");
  const report = exposure(loaded.topology, loaded.context);
  assert.deepStrictEqual(report.inward.map(brief), [
    "internet aws_lb_listener.ingress-http tcp 80",
    "internet aws_lb_listener.service-some-app tcp 3333",
    "internet aws_lb_listener.ingress-https tcp 443",
    "control-plane aws_lb_listener.ingress-http tcp 80",
    "control-plane aws_lb_listener.ingress-https tcp 443",
    "control-plane aws_lb_listener.service-some-app tcp 3333",
  ]);
  const https = report.inward.find((r) => r.destination === "aws_lb_listener.ingress-https")!;
  assert.deepStrictEqual(https.sources, ["203.0.113.0/24"]);
  assert.equal(https.targetsOutside, true);
  assert.deepStrictEqual(https.addresses, ["198.51.100.4/31", "198.51.100.6/32"]);
  // The example's extra service is open to every internet source, by its spec.
  assert.deepStrictEqual(report.inward.find((r) => r.destination === "aws_lb_listener.service-some-app")!.sources, INTERNET);
  // Nodes reach every internet address but the network's own public ones (those come back in); pods reach nothing outside.
  assert.deepStrictEqual([...new Set(report.outward.map((r) => `${r.tier} ${r.protocol} ${r.ports}`))], ["node icmp ", "node tcp 0-65535", "node udp 0-65535"]);
  // 198.51.100.1-3: the NAT gateways' addresses; 4-6: the ingress NLB's.
  const own = [{ lo: prefixRange(parsePrefix("198.51.100.1/32")!).lo, hi: prefixRange(parsePrefix("198.51.100.6/32")!).lo }];
  const nodeTcp = report.outward.find((r) => r.protocol === "tcp")!;
  assert.deepStrictEqual(nodeTcp.destinations, setToCidrs(4, subtract(internetSpace(4), own)));
  assert.match(nodeTcp.witness.flow, /^tcp 10\.20\.0\.0:1024-65535 -> 1\.0\.0\.0:0$/);
  assert.deepStrictEqual(
    nodeTcp.witness.hops.map((h) => h.kind),
    ["subnet", "network", "nat-gateway", "subnet", "internet-gateway", "internet"],
  );
});

test("exposure of a module with TCP 400-500 from 0.0.0.0/1 planted on the ingress NLB's security group: 443 opens to half the internet", () => {
  const dir = writtenModule("aws-internet");
  appendFileSync(moduleFile(dir, "security.tf"), PLANTED_NLB_RULE);
  const r = dpnet("exposure", dir, "--json");
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { inward: Row[] };
  const https = doc.inward.filter((x) => x.from === "internet" && x.destination === "module.data_plane.aws_lb_listener.ingress-https");
  assert.deepStrictEqual(
    https.map((x) => [x.ports, x.sources]),
    [["443", setToCidrs(4, [...intersect(internetSpace(4), [prefixRange(parsePrefix("0.0.0.0/1")!)]), prefixRange(parsePrefix("203.0.113.0/24")!)])]],
  );
  assert.deepStrictEqual(LOWER_HALF.slice(0, 3), ["1.0.0.0/8", "2.0.0.0/7", "4.0.0.0/6"]);
  // No listener on 400-499 or 500: the rule admits them, the load balancer drops them, nothing else opens.
  assert.deepStrictEqual(
    doc.inward
      .filter((x) => x.from === "internet")
      .map((x) => x.ports)
      .sort(),
    ["3333", "443", "80"],
  );
});

test("exposure of the azure-managed spec: nothing to open inward (AKS makes its own load balancer), nodes and pods out through Azure's SNAT", async () => {
  const loaded = await loadExample("azure-managed");
  const report = exposure(loaded.topology, loaded.context);
  assert.deepStrictEqual(
    report.inward.map((r) => `${brief(r)} ${r.sources?.join(",")}`),
    [],
  );
  // Azure's outbound SNAT carries every protocol (AWS NAT gateways only TCP, UDP and ICMP).
  const every = ["icmp ", "tcp 0-65535", "udp 0-65535", "icmpv6 ", "any other protocol "];
  assert.deepStrictEqual(
    [...new Set(report.outward.map((r) => `${r.tier} ${r.protocol} ${r.ports}`))],
    [...every.map((x) => `node ${x}`), ...every.map((x) => `pod ${x}`)],
  );
});

test("exposure of a Batfish export: the internet opens SSH and ping on the public instance, not the internal load balancer", async () => {
  const loaded = await loadSource("", { aws: join(BATFISH, "test-load-balancer") });
  const report = exposure(loaded.topology, loaded.context);
  assert.deepStrictEqual(
    report.inward.filter((r) => r.from === "internet").map((r) => `${brief(r)} ${r.addresses} ${r.sources!.join(",") === INTERNET.join(",")}`),
    ["internet i-0c8ce8bbdd98cc4e8 icmp 3.17.39.193/32 true", "internet i-0c8ce8bbdd98cc4e8 tcp 22 3.17.39.193/32 true"],
  );
});

test("dpnet exposure: text table and SARIF notes, each with a witness", () => {
  const text = dpnet("exposure", examplePath("aws-internet"));
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    /\ninward from the internet:\n {2}destination +tier +protocol +ports +sources +at +witness\n {2}aws_lb_listener\.ingress-http \* +tcp +80 +203\.0\.113\.0\/24 /,
  );
  const sarif = JSON.parse(dpnet("exposure", examplePath("aws-internet"), "--format", "sarif").stdout);
  const results = sarif.runs[0].results as { ruleId: string; level: string; codeFlows?: unknown[] }[];
  assert.deepStrictEqual([...new Set(results.map((x) => `${x.ruleId} ${x.level}`))], ["DPN-EXP-001 note", "DPN-EXP-002 note", "DPN-EXP-003 note"]);
  assert.ok(results.every((x) => x.codeFlows?.length === 1));
});

const FIXTURES = new URL("../../test/fixtures/", import.meta.url).pathname;

test("exposure of a terraform show -json plan: the bastion's SSH is open to every internet address but the network's own", async () => {
  const path = join(FIXTURES, "terraform-show-plan.json");
  const r = dpnet("exposure", path, "--json");
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { inward: (Row & { addresses: string[] })[]; outward: { source: string; protocol: string }[] };
  assert.deepStrictEqual(
    doc.inward.map((x) => `${brief(x)} ${x.addresses.join(",")}`),
    ["internet aws_instance.bastion tcp 22 198.51.100.2/32"],
  );
  // Every internet source but some of the network's own public addresses (a reply to those goes back into the network).
  const sources = normalize(doc.inward[0]!.sources!.map((c) => prefixRange(parsePrefix(c)!)));
  const missing = subtract(internetSpace(4), sources);
  const own = entryAddresses((await loadSource(path)).topology, 4);
  assert.ok(missing.length > 0 && subtract(missing, own).length === 0, setToCidrs(4, missing).join(", "));
  assert.deepStrictEqual(
    doc.outward.map((x) => `${x.source} ${x.protocol}`),
    ['module.private.aws_subnet.this["us-east-1a"] tcp', 'module.private.aws_subnet.this["us-east-1b"] tcp'],
  );
});

test("exposure of an Azure export: the internet reaches the firewall's public address (its rules are not modelled); nodes and pods go out through it", () => {
  const r = dpnet("exposure", "--azure", join(FIXTURES, "azure-compliant"), "--json");
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as {
    inward: (Row & { addresses: string[] })[];
    outward: { source: string; tier: string; witness: { hops: { kind: string }[] } }[];
  };
  assert.deepStrictEqual(
    [...new Set(doc.inward.map((x) => `${x.from} ${x.destination.split("/").at(-1)} ${x.addresses.join(",")}`))],
    ["internet customer-fw 20.61.0.10/32", "control-plane customer-fw 20.61.0.10/32"],
  );
  assert.deepStrictEqual(
    [...new Set(doc.outward.map((x) => `${x.tier} ${x.witness.hops.map((h) => h.kind).join(">")}`))],
    ["node subnet>network>subnet>interface>subnet>internet", "pod subnet>network>subnet>interface>subnet>internet"],
  );
});

test("dpnet exposure shows the load balancer's stand-in public IPs as what they stand for (issue 14.11); --json keeps the numbers", () => {
  const text = dpnet("exposure", examplePath("aws-internet")).stdout;
  const https = text.split("\n").find((l) => l.startsWith("  aws_lb_listener.ingress-https *"))!;
  assert.ok(https.includes("<public IPs of aws_lb.ingress in eu-west-1a, eu-west-1b>, <public IP of aws_lb.ingress in eu-west-1c>"), https);
  assert.ok(https.endsWith("-> <public IP of aws_lb.ingress in eu-west-1c>:443"), https);
  assert.ok(!text.includes("198.51.100."), "no stand-in printed bare");
  const json = JSON.parse(dpnet("exposure", examplePath("aws-internet"), "--json").stdout);
  assert.ok(JSON.stringify(json.inward).includes("198.51.100.6"));
});

test("exposure of an existing VPC (aws.vpc.existing): the ways out stop at what Terraform only reads, listed as not enough data, never as 'nothing'", async () => {
  const loaded = await loadExample("aws-existing-vpc");
  const report = exposure(loaded.topology, loaded.context);
  assert.deepStrictEqual(report.outward, []);
  assert.deepStrictEqual(
    report.undetermined.map((r) => `${r.direction} ${r.from} -> ${r.unread}: ${r.witness.disposition}`),
    ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
      .flatMap((z) => [
        `outward aws_subnet.node["${z}"] -> data.aws_subnet.public["${z}"]: insufficient-info`,
        `outward aws_subnet.node["${z}"] -> data.aws_nat_gateway.nat["${z}"]: insufficient-info`,
      ])
      .concat(["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((z) => `outward aws_subnet.pod["${z}"] -> data.aws_vpc.network: insufficient-info`)),
  );
  // The unread public subnet's table decides the nodes' TCP to the internet: the trace ends there and says so.
  const nodes = report.undetermined[0]!;
  assert.deepStrictEqual(nodes.destinations, INTERNET);
  assert.match(
    nodes.witness.hops.at(-1)!.decision,
    /data\.aws_subnet\.public\["eu-west-1a"\] could not be read: whether the flow gets through here is known only when Terraform reads it$/,
  );
  const sarif = dpnet("exposure", examplePath("aws-existing-vpc"), "--format", "sarif");
  const results = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] }).runs[0]!.results;
  assert.equal(results.filter((r) => r.ruleId === "DPN-DATA-001").length, 9);
});
