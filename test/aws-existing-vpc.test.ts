// Issue 15.3: aws.vpc.existing, a data plane in the customer's own VPC: the address plan around
// their subnets, the data sources and only the missing resources, the customer's checklist, and
// bad input named by field path, value and rule.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSpec, type SpecInput } from "../src/spec/index.js";
import { InputError } from "../src/spec/errors.js";
import { planSpec } from "../src/plan/index.js";
import { loadSpecFile } from "../src/io/spec-file.js";
import type { AwsPlanSummary } from "../src/plan/types.js";
import { dpnet } from "./support/cli.js";
import { loadSource } from "../src/import/source.js";
import { runChecks } from "../src/analyze/checks/index.js";
import { examplePath } from "./support/examples.js";

type AwsInput = Extract<SpecInput, { cloud: "aws" }>["aws"];
type ExistingInput = NonNullable<AwsInput["vpc"]["existing"]>;

const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const subnets = (third: (i: number) => string, prefix: string) =>
  Object.fromEntries(ZONES.map((z, i) => [z, { id: `subnet-0${prefix}00000000000000${i + 1}`, cidr: third(i) }]));
const PUBLIC = subnets((i) => `10.30.${i}.0/24`, "a");
const NODES = subnets((i) => `10.30.${16 * (i + 1)}.0/20`, "b");
const PODS = subnets((i) => `100.64.${64 * i}.0/18`, "c");
const NATS = Object.fromEntries(ZONES.map((z, i) => [z, `nat-0a00000000000000${i + 1}`]));

const input = (existing: Partial<ExistingInput>, aws: Partial<AwsInput> = {}): SpecInput => ({
  name: "byo",
  cloud: "aws",
  aws: {
    region: "eu-west-1",
    zones: ZONES,
    vpc: { cidr: "10.30.0.0/16", existing: { vpcId: "vpc-0a1b2c3d4e5f60789", ...existing } },
    ingress: { ports: [443] },
    ...aws,
  },
});
const planOf = (existing: Partial<ExistingInput>, aws: Partial<AwsInput> = {}) => planSpec(parseSpec(input(existing, aws)));
const summaryOf = (plan: ReturnType<typeof planOf>) => plan.summary as AwsPlanSummary;
/** `kind type.name` of every block in a file of the module. */
const blocks = (plan: ReturnType<typeof planOf>, file: string) =>
  plan.module.blocks.filter((b) => b.file === file).map((b) => `${b.kind} ${b.labels.join(".")}`);

function errorOf(existing: Partial<ExistingInput>, aws: Partial<AwsInput> = {}): string {
  try {
    planOf(existing, aws);
  } catch (e) {
    assert.ok(e instanceof InputError, `expected InputError, got ${e}`);
    return e.message;
  }
  assert.fail("expected an InputError");
}

test("example: the public subnets adopted, node subnets carved around them and usedCidrs, pods from the associated block", () => {
  const { spec } = loadSpecFile(examplePath("aws-existing-vpc"));
  const plan = planSpec(spec);
  const summary = summaryOf(plan);
  assert.deepStrictEqual(
    summary.subnets.map((s) => `${s.tier} ${s.zone} ${s.cidr} ${s.existingId ?? "created"}`),
    [
      "public eu-west-1a 10.30.0.0/24 subnet-0a000000000000001",
      "public eu-west-1b 10.30.1.0/24 subnet-0a000000000000002",
      "public eu-west-1c 10.30.2.0/24 subnet-0a000000000000003",
      // 10.30.0.0/20 holds the public subnets and usedCidrs' 10.30.8.0/21: the /20s start after it.
      "node eu-west-1a 10.30.16.0/20 created",
      "node eu-west-1b 10.30.32.0/20 created",
      "node eu-west-1c 10.30.48.0/20 created",
      "pod eu-west-1a 100.64.0.0/18 created",
      "pod eu-west-1b 100.64.64.0/18 created",
      "pod eu-west-1c 100.64.128.0/18 created",
    ],
  );
  assert.deepStrictEqual(summary.natGateways, [
    { zone: "eu-west-1a", subnet: "subnet-0a000000000000001" },
    { zone: "eu-west-1b", subnet: "subnet-0a000000000000002" },
    { zone: "eu-west-1c", subnet: "subnet-0a000000000000003" },
  ]);
  assert.deepStrictEqual(blocks(plan, "network.tf"), [
    "data aws_vpc.network",
    "resource aws_vpc_ipv4_cidr_block_association.pods",
    "data aws_internet_gateway.gateway",
    "data aws_subnet.public",
    "data aws_nat_gateway.nat",
    "resource aws_subnet.node",
    "resource aws_route_table.node",
    "resource aws_route_table_association.node",
    "resource aws_route.node-egress-ipv4",
    "resource aws_subnet.pod",
    "resource aws_route_table.pod",
    "resource aws_route_table_association.pod",
  ]);
  // The default security group stays the customer's (emptyDefaultSecurityGroup: false).
  assert.equal(blocks(plan, "security.tf").includes("resource aws_default_security_group.default"), false);
  const outputs = plan.module.blocks.filter((b) => b.kind === "output").map((b) => b.labels[0]);
  assert.ok(outputs.includes("node_route_table_ids") && !outputs.includes("public_route_table_id"), outputs.join());
});

test("every tier adopted, the pod block already associated: dpnet creates no subnet, route table, association or NAT gateway", () => {
  const plan = planOf({ podCidrAssociated: true, subnets: { public: PUBLIC, nodes: NODES, pods: PODS }, natGatewayIds: NATS, emptyDefaultSecurityGroup: true });
  assert.deepStrictEqual(blocks(plan, "network.tf"), [
    "data aws_vpc.network",
    "data aws_internet_gateway.gateway",
    "data aws_subnet.public",
    "data aws_nat_gateway.nat",
    "data aws_subnet.node",
    "data aws_subnet.pod",
  ]);
  const vpc = plan.module.blocks.find((b) => b.kind === "data" && b.labels[0] === "aws_vpc")!;
  const text = JSON.stringify(vpc.body);
  assert.match(text, /contains\(\[for a in self.cidr_block_associations : a.cidr_block if a.state == \\"associated\\"\], \\"100.64.0.0\/16\\"\)/);
  assert.ok(blocks(plan, "security.tf").includes("resource aws_default_security_group.default"));
  const outputs = plan.module.blocks.filter((b) => b.kind === "output").map((b) => b.labels[0]);
  assert.deepStrictEqual(
    ["public_route_table_id", "node_route_table_ids", "pod_route_table_ids"].filter((o) => outputs.includes(o)),
    [],
  );
  assert.deepStrictEqual(summaryOf(plan).existingVpc?.adopted, ["public", "nodes", "pods"]);
});

test("every tier adopted: verify of the module judges nothing of the customer's as an error; tier paths are not enough data", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-byo-"));
  const file = join(dir, "spec.json");
  writeFileSync(file, JSON.stringify(input({ podCidrAssociated: true, subnets: { public: PUBLIC, nodes: NODES, pods: PODS }, natGatewayIds: NATS })));
  const loaded = await loadSource(file);
  const findings = runChecks(loaded.topology, loaded.context, loaded.gaps).map((f) => `${f.severity} ${f.id} ${f.resource}`);
  assert.deepStrictEqual(
    findings.filter((f) => f.startsWith("error")),
    [],
  );
  assert.deepStrictEqual(
    findings.filter((f) => /DPN-AWS-00[578]/.test(f)),
    [
      ...ZONES.map((z) => `warning DPN-AWS-005 data.aws_subnet.pod["${z}"]`),
      ...ZONES.map((z) => `warning DPN-AWS-007 data.aws_subnet.node["${z}"]`),
      ...ZONES.map((z) => `warning DPN-AWS-008 data.aws_subnet.public["${z}"]`),
    ],
  );
  // The pod block, associated already, is the VPC's by the filter its read requires.
  assert.deepStrictEqual(
    loaded.topology.networks.map((n) => n.cidrs),
    [["10.30.0.0/16", "100.64.0.0/16"]],
  );
});

test("nothing adopted: dpnet creates the internet gateway, NAT gateways and every subnet in the VPC it reads", () => {
  const plan = planOf({});
  const network = blocks(plan, "network.tf");
  for (const b of [
    "data aws_vpc.network",
    "resource aws_internet_gateway.gateway",
    "resource aws_eip.nat",
    "resource aws_nat_gateway.nat",
    "resource aws_subnet.public",
  ])
    assert.ok(network.includes(b), b);
  assert.equal(network.includes("resource aws_vpc.network"), false);
  const checklist = summaryOf(plan).existingVpc!.checklist;
  assert.ok(checklist.some((i) => i.checked === "yours" && i.what.startsWith("the VPC has no internet gateway yet: dpnet creates one")));
});

test("the customer's checklist says who checks each item: dpnet's plan, Terraform reading the VPC, or the customer", () => {
  const { spec } = loadSpecFile(examplePath("aws-existing-vpc"));
  const r = dpnet("plan", examplePath("aws-existing-vpc"));
  assert.equal(r.code, 0, r.stderr);
  const start = r.stdout.indexOf("Your VPC vpc-0a1b2c3d4e5f60789 (aws.vpc.existing)");
  assert.ok(start > 0, r.stdout);
  const lines = r.stdout.slice(start).split("\n\n")[0]!.split("\n");
  assert.deepStrictEqual(lines, [
    "Your VPC vpc-0a1b2c3d4e5f60789 (aws.vpc.existing): dpnet reads it and creates only what is missing; your public subnets are used as they are. Your network team must ensure:",
    "  [checked when terraform reads the VPC] VPC vpc-0a1b2c3d4e5f60789 has the primary CIDR 10.30.0.0/16, DNS support and DNS hostnames on",
    "  [yours to ensure (dpnet audit --aws checks an export)] the VPC can take 100.64.0.0/16 as a further block (at most 5 IPv4 blocks by default; dpnet associates it) and 100.64.0.0/16 is routed nowhere else in your network",
    "  [checked by dpnet plan] the subnets dpnet creates fit in 10.30.0.0/16 and 100.64.0.0/16 beside your subnets and usedCidrs (10.30.8.0/21)",
    "  [yours to ensure (dpnet audit --aws checks an export)] usedCidrs lists every other subnet of the VPC: AWS refuses a subnet dpnet creates that overlaps one at apply",
    "  [checked when terraform reads the VPC] public subnets subnet-0a000000000000001, subnet-0a000000000000002, subnet-0a000000000000003 are in the VPC with the zones and CIDRs the spec gives",
    "  [yours to ensure (dpnet audit --aws checks an export)] the public subnets route 0.0.0.0/0 to the VPC's internet gateway and are tagged kubernetes.io/role/elb=1 (internet-facing load balancers)",
    "  [checked when terraform reads the VPC] an internet gateway is attached to the VPC",
    "  [checked when terraform reads the VPC] NAT gateways nat-0a000000000000001, nat-0a000000000000002, nat-0a000000000000003 are in the VPC, each in its zone's public subnet (public NAT gateways with an Elastic IP)",
    "  [yours to ensure (dpnet audit --aws checks an export)] the VPC's default security group stays yours: empty its rules when nothing relies on it (or set emptyDefaultSecurityGroup: true); nothing of dpnet's uses it",
  ]);
  // The plan has no error: what the module reads is "not enough data", not a failure.
  assert.match(r.stdout, /Checks \(dpnet verify on the planned module\): 17 warnings/);
  assert.equal(summaryOf(planSpec(spec)).existingVpc?.checklist.length, lines.length - 1);
  // The report carries the same list.
  const out = join(mkdtempSync(join(tmpdir(), "dpnet-byo-")), "infra");
  assert.equal(dpnet("synth", examplePath("aws-existing-vpc"), "-o", out).code, 0);
  const html = readFileSync(join(out, "report.html"), "utf8");
  assert.match(html, /What the customer must configure/);
  assert.match(html, /usedCidrs lists every other subnet of the VPC/);
  // The diagram says the adopted public subnets' routes are not in the module (their text and tooltip each), not "no route".
  const svg = readFileSync(join(out, "network.svg"), "utf8");
  assert.equal(svg.split("route table not in this input").length - 1, 6);
  assert.equal(svg.split("no route out of the VPC").length - 1, 6, "the 3 pod subnets dpnet creates, text and tooltip");
});

test("bad input: each problem named by field path, value and rule", () => {
  const problems: [Partial<ExistingInput>, Partial<AwsInput>, string][] = [
    [{ vpcId: "vpc-1" }, {}, "aws.vpc.existing.vpcId: vpc-1 is not a VPC id like vpc-0123456789abcdef0"],
    [
      { subnets: { public: { "eu-west-1a": PUBLIC["eu-west-1a"]!, "eu-west-1b": PUBLIC["eu-west-1b"]! } } },
      {},
      'aws.vpc.existing.subnets.public: {"eu-west-1a":{"id":"subnet-0a000000000000001","cidr":"10... lacks eu-west-1c: give a subnet for each of the 3 zones, or none and dpnet creates the tier',
    ],
    [
      { subnets: { public: { ...PUBLIC, "eu-west-1c": { id: "subnet-0a000000000000003", cidr: "10.31.2.0/24" } } } },
      {},
      "aws.vpc.existing.subnets.public.eu-west-1c.cidr: 10.31.2.0/24 is outside aws.vpc.cidr 10.30.0.0/16: public subnets are carved from it",
    ],
    [
      { subnets: { nodes: { ...NODES, "eu-west-1a": { id: "subnet-0b000000000000001", cidr: "10.30.16.0/25" } } }, natGatewayIds: NATS },
      {},
      "aws.vpc.existing.subnets.nodes.eu-west-1a.cidr: 10.30.16.0/25 is smaller than a /24: the node subnets must be at least a /24 (Conveyor)",
    ],
    [
      { subnets: { public: { ...PUBLIC, "eu-west-1c": { id: "subnet-0a000000000000003", cidr: "10.30.1.128/25" } } } },
      {},
      "aws.vpc.existing.subnets.public.eu-west-1c.cidr: 10.30.1.128/25 overlaps 10.30.1.0/24 at aws.vpc.existing.subnets.public.eu-west-1b.cidr: subnets of a VPC must not overlap",
    ],
    [
      { natGatewayIds: NATS },
      {},
      'aws.vpc.existing.natGatewayIds: {"eu-west-1a":"nat-0a000000000000001","eu-west-1b":"nat-0... needs your public subnets (aws.vpc.existing.subnets.public): each NAT gateway sits in its zone\'s public subnet',
    ],
    [
      { subnets: { public: PUBLIC, nodes: NODES } },
      {},
      "aws.vpc.existing.natGatewayIds: is required with your node subnets (aws.vpc.existing.subnets.nodes): they route to your NAT gateways, whose addresses the control plane allowlists",
    ],
    [
      { subnets: { public: PUBLIC, nodes: NODES }, natGatewayIds: NATS },
      { routes: [{ destination: "192.168.4.0/24", target: { vpcPeeringConnectionId: "pcx-0123456789abcdef0" } }] },
      'aws.routes: [{"destination":"192.168.4.0/24","target":{"vpcPeeringCon... are added to node route tables dpnet creates: with your own node subnets (aws.vpc.existing.subnets.nodes) their route tables are yours, add the routes there',
    ],
    [
      { subnets: { public: PUBLIC, nodes: NODES }, natGatewayIds: NATS },
      { endpoints: ["sqs", "s3"] },
      'aws.endpoints: ["sqs","s3"] lists s3, a gateway endpoint on node route tables dpnet creates: with your own node subnets (aws.vpc.existing.subnets.nodes) their route tables are yours; create the endpoint with them, or use the interface endpoints only',
    ],
    [
      { subnets: { pods: PODS } },
      {},
      "aws.vpc.existing.podCidrAssociated: must be true with your pod subnets (aws.vpc.existing.subnets.pods): they lie in aws.vpc.podCidr, so it is associated already",
    ],
    [{}, { ipv6: true }, "aws.ipv6: true is not supported with aws.vpc.existing: dpnet does not number IPv6 subnets in a VPC it reads"],
    [
      { usedCidrs: ["10.99.0.0/24"] },
      {},
      "aws.vpc.existing.usedCidrs[0]: 10.99.0.0/24 is in neither aws.vpc.cidr 10.30.0.0/16 nor aws.vpc.podCidr 100.64.0.0/16",
    ],
    [
      { subnets: { pods: { ...PODS, "eu-west-1d": PODS["eu-west-1c"]! } }, podCidrAssociated: true },
      {},
      'aws.vpc.existing.subnets.pods.eu-west-1d: {"id":"subnet-0c000000000000003","cidr":"100.64.128.0/18"} is not one of aws.zones (eu-west-1a, eu-west-1b, eu-west-1c)',
    ],
  ];
  for (const [existing, aws, message] of problems) assert.equal(errorOf(existing, aws).split("\n")[0], message);
});

test("no room beside the customer's subnets: exit 2 naming aws.vpc.cidr, nothing written", () => {
  assert.equal(
    errorOf({ usedCidrs: ["10.30.0.0/17", "10.30.128.0/18", "10.30.192.0/19"] }, {}),
    "aws.vpc.cidr: 10.30.0.0/16 has no room for 3 node subnets of /20 + 3 public besides your subnets and aws.vpc.existing.usedCidrs",
  );
  const dir = mkdtempSync(join(tmpdir(), "dpnet-byo-"));
  const file = join(dir, "spec.json");
  writeFileSync(file, JSON.stringify(input({ usedCidrs: ["10.30.0.0/17", "10.30.128.0/18", "10.30.192.0/19"] })));
  const r = dpnet("synth", file, "-o", join(dir, "out"));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /aws\.vpc\.cidr: 10\.30\.0\.0\/16 has no room for 3 node subnets of \/20 \+ 3 public besides your subnets/);
  assert.equal(existsSync(join(dir, "out")), false);
});
