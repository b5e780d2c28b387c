// Issue 2: the AWS network tiers: exact CIDRs, routes, tags and outputs for several specs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSpec, type SpecInput } from "../src/spec/index.js";
import { InputError } from "../src/spec/errors.js";
import { planSpec, renderPlan } from "../src/plan/index.js";
import { parseSpecText } from "../src/io/spec-file.js";
import { readFileSync } from "node:fs";
import { resourceJson, SOURCE, validFiles } from "./support/terraform.js";
import { findingsOf } from "./support/checks.js";
import { awsPlanOf } from "./support/plans.js";

type AwsInput = Extract<SpecInput, { cloud: "aws" }>["aws"];
const spec = (aws: Partial<AwsInput> & { vpc?: AwsInput["vpc"] }, name = "acme-prod") =>
  parseSpec({ name, cloud: "aws", aws: { region: "eu-west-1", vpc: { cidr: "10.20.0.0/16" }, ...aws } });
const rows = (s: ReturnType<typeof spec>) => planSpec(s).summary.subnets.map((x) => `${x.tier} ${x.zone} ${x.cidr} ${x.usableAddresses}`);
const planError = (s: ReturnType<typeof spec>) => messageOf(() => planSpec(s));
const specError = (aws: Parameters<typeof spec>[0]) => messageOf(() => planSpec(spec(aws)));

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof InputError, `expected InputError, got ${e}`);
    return e.message;
  }
  assert.fail("expected an InputError");
}

test("example: exact address plan, routes, tags and outputs", async () => {
  const s = parseSpecText(readFileSync("examples/aws-internet.yaml", "utf8"), "aws-internet.yaml");
  const plan = awsPlanOf(s);
  assert.deepStrictEqual(plan.summary.vpc, { cidr: "10.20.0.0/16", secondaryCidrs: ["100.64.0.0/16"] });
  assert.deepStrictEqual(rows(s), [
    "public eu-west-1a 10.20.48.0/24 251",
    "public eu-west-1b 10.20.49.0/24 251",
    "public eu-west-1c 10.20.50.0/24 251",
    "node eu-west-1a 10.20.0.0/20 4091",
    "node eu-west-1b 10.20.16.0/20 4091",
    "node eu-west-1c 10.20.32.0/20 4091",
    "pod eu-west-1a 100.64.0.0/18 16379",
    "pod eu-west-1b 100.64.64.0/18 16379",
    "pod eu-west-1c 100.64.128.0/18 16379",
  ]);
  const m = plan.module;
  assert.deepStrictEqual(resourceJson(m, "aws_vpc", "network"), {
    cidr_block: "10.20.0.0/16",
    enable_dns_support: true,
    enable_dns_hostnames: true,
    tags: { Name: "acme-prod" },
  });
  assert.deepStrictEqual(resourceJson(m, "aws_vpc_ipv4_cidr_block_association", "pods"), { vpc_id: "${aws_vpc.network.id}", cidr_block: "100.64.0.0/16" });
  const publicSubnets = resourceJson(m, "aws_subnet", "public");
  assert.deepStrictEqual(publicSubnets.for_each, { "eu-west-1a": "10.20.48.0/24", "eu-west-1b": "10.20.49.0/24", "eu-west-1c": "10.20.50.0/24" });
  assert.deepStrictEqual(publicSubnets.tags, { Name: "acme-prod-public-${each.key}", "kubernetes.io/role/elb": "1" });
  assert.equal(publicSubnets.map_public_ip_on_launch, false);
  assert.deepStrictEqual(resourceJson(m, "aws_subnet", "node").tags, { Name: "acme-prod-node-${each.key}", "kubernetes.io/role/internal-elb": "1" });
  assert.deepStrictEqual(resourceJson(m, "aws_subnet", "pod").for_each, {
    "eu-west-1a": "100.64.0.0/18",
    "eu-west-1b": "100.64.64.0/18",
    "eu-west-1c": "100.64.128.0/18",
  });
  // Pod subnets wait for the secondary block through the association.
  assert.equal(resourceJson(m, "aws_subnet", "pod").vpc_id, "${aws_vpc_ipv4_cidr_block_association.pods.vpc_id}");

  assert.deepStrictEqual(resourceJson(m, "aws_route", "public-internet-ipv4"), {
    route_table_id: "${aws_route_table.public.id}",
    destination_cidr_block: "0.0.0.0/0",
    gateway_id: "${aws_internet_gateway.gateway.id}",
  });
  assert.deepStrictEqual(resourceJson(m, "aws_route", "node-egress-ipv4"), {
    for_each: "${aws_route_table.node}",
    route_table_id: "${each.value.id}",
    destination_cidr_block: "0.0.0.0/0",
    nat_gateway_id: "${aws_nat_gateway.nat[each.key].id}",
  });
  // No route of any kind on the pod route tables.
  const routes = m.resources("aws_route").map((r) => r.labels[1]);
  assert.ok(
    routes.every((name) => !name!.startsWith("pod")),
    `pod routes: ${routes}`,
  );
  assert.equal(resourceJson(m, "aws_nat_gateway", "nat").for_each, '${toset(["eu-west-1a", "eu-west-1b", "eu-west-1c"])}');
  assert.deepStrictEqual(resourceJson(m, "aws_eip", "nat").domain, "vpc");
  assert.deepStrictEqual(resourceJson(m, "aws_default_security_group", "default"), { vpc_id: "${aws_vpc.network.id}" });
  assert.deepStrictEqual(resourceJson(m, "aws_flow_log", "vpc").traffic_type, "ALL");

  const outputs = m.blocks.filter((b) => b.kind === "output").map((b) => b.labels[0]);
  for (const name of [
    "vpc_id",
    "public_subnet_ids",
    "node_subnet_ids",
    "pod_subnet_ids",
    "node_route_table_ids",
    "pod_route_table_ids",
    "nat_gateway_ids",
    "worker_security_groups",
    "eniconfigs",
  ]) {
    assert.ok(outputs.includes(name), `output ${name}`);
  }
  assert.deepStrictEqual(findingsOf(plan), []);
  assert.deepStrictEqual(plan.findings, []);
  await validFiles(plan);
});

test("single NAT: one gateway in the first zone serves every node route table", async () => {
  const plan = awsPlanOf(spec({ nat: "single" }));
  assert.equal(resourceJson(plan.module, "aws_nat_gateway", "nat").for_each, '${toset(["eu-west-1a"])}');
  assert.equal(resourceJson(plan.module, "aws_eip", "nat").for_each, '${toset(["eu-west-1a"])}');
  assert.equal(resourceJson(plan.module, "aws_route", "node-egress-ipv4").nat_gateway_id, '${aws_nat_gateway.nat["eu-west-1a"].id}');
  assert.deepStrictEqual(plan.summary.natGateways, [{ zone: "eu-west-1a", subnet: "acme-prod-public-eu-west-1a" }]);
  await validFiles(plan);
});

test("a /20 primary gets /22 node and /24 public subnets", () => {
  assert.deepStrictEqual(rows(spec({ vpc: { cidr: "10.1.0.0/20" } })).slice(0, 6), [
    "public eu-west-1a 10.1.12.0/24 251",
    "public eu-west-1b 10.1.13.0/24 251",
    "public eu-west-1c 10.1.14.0/24 251",
    "node eu-west-1a 10.1.0.0/22 1019",
    "node eu-west-1b 10.1.4.0/22 1019",
    "node eu-west-1c 10.1.8.0/22 1019",
  ]);
});

test("a /22 primary: /24 nodes, public subnets shrink to /26", () => {
  assert.deepStrictEqual(rows(spec({ vpc: { cidr: "192.168.0.0/22" } })).slice(0, 6), [
    "public eu-west-1a 192.168.3.0/26 59",
    "public eu-west-1b 192.168.3.64/26 59",
    "public eu-west-1c 192.168.3.128/26 59",
    "node eu-west-1a 192.168.0.0/24 251",
    "node eu-west-1b 192.168.1.0/24 251",
    "node eu-west-1c 192.168.2.0/24 251",
  ]);
});

test("non-default zones key every per-zone resource", async () => {
  const s = parseSpec({
    name: "edge",
    cloud: "aws",
    aws: { region: "us-east-1", zones: ["us-east-1d", "us-east-1e", "us-east-1f"], vpc: { cidr: "172.20.0.0/16", podCidr: "100.65.0.0/16" } },
  });
  const plan = planSpec(s);
  assert.deepStrictEqual(rows(s), [
    "public us-east-1d 172.20.48.0/24 251",
    "public us-east-1e 172.20.49.0/24 251",
    "public us-east-1f 172.20.50.0/24 251",
    "node us-east-1d 172.20.0.0/20 4091",
    "node us-east-1e 172.20.16.0/20 4091",
    "node us-east-1f 172.20.32.0/20 4091",
    "pod us-east-1d 100.65.0.0/18 16379",
    "pod us-east-1e 100.65.64.0/18 16379",
    "pod us-east-1f 100.65.128.0/18 16379",
  ]);
  assert.equal(resourceJson(plan.module, "aws_nat_gateway", "nat").for_each, '${toset(["us-east-1d", "us-east-1e", "us-east-1f"])}');
  await validFiles(plan);
});

test("default zones are the region's a, b and c", () => {
  assert.deepStrictEqual(planSpec(spec({ region: "ap-southeast-2" })).summary.zones, ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"]);
});

test("default zones are the region's own where a, b and c do not all exist; a region of 2 zones or none recorded asks", () => {
  assert.deepStrictEqual(planSpec(spec({ region: "ca-central-1" })).summary.zones, ["ca-central-1a", "ca-central-1b", "ca-central-1d"]);
  assert.deepStrictEqual(planSpec(spec({ region: "ap-northeast-1" })).summary.zones, ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
  assert.equal(
    specError({ region: "us-west-1" }),
    "aws.zones: cannot be 3 zones: us-west-1 has 2 availability zones (usw1-az1, usw1-az3) and the data plane spreads over 3; pick another region",
  );
  assert.equal(
    specError({ region: "il-central-1" }),
    "aws.zones: must list 3 zones: dpnet has no record of il-central-1's zones (aws ec2 describe-availability-zones --region il-central-1)",
  );
  assert.equal(
    specError({ region: "ca-central-1", zones: ["ca-central-1a", "ca-central-1b", "ca-central-1c"] }),
    "aws.zones[2]: ca-central-1c is not an availability zone of ca-central-1 (its zones: ca-central-1a, ca-central-1b, ca-central-1d; ids cac1-az1, cac1-az2, cac1-az4)",
  );
});

test("a misspelt region is refused with the nearest known ones", () => {
  assert.equal(
    specError({ region: "eu-wset-1" }),
    "aws.region: eu-wset-1 is not an AWS region (did you mean eu-west-1?): dpnet knows the regions of the aws, aws-cn and aws-us-gov partitions",
  );
  assert.equal(
    specError({ region: "xx-nowhere-9" }),
    "aws.region: xx-nowhere-9 is not an AWS region: dpnet knows the regions of the aws, aws-cn and aws-us-gov partitions",
  );
});

test("zone ids are accepted and written as availability_zone_id (the ENIConfigs named by zone id)", () => {
  const s = spec({ region: "ca-central-1", zones: ["cac1-az1", "cac1-az2", "cac1-az4"] });
  const plan = planSpec(s);
  assert.deepStrictEqual(plan.summary.zones, ["cac1-az1", "cac1-az2", "cac1-az4"]);
  const subnet = resourceJson(plan.module, "aws_subnet", "node");
  assert.equal(subnet.availability_zone_id, "${each.key}");
  assert.equal(subnet.availability_zone, undefined);
  const template = renderPlan(plan, SOURCE).get("modules/data-plane/k8s/eniconfigs.yaml.tftpl")!;
  assert.match(template, /ENI_CONFIG_LABEL_DEF=topology\.k8s\.aws\/zone-id on the aws-node DaemonSet/);
  assert.match(template, /name: "cac1-az4"\nspec:\n {2}subnet: \$\{pod_subnet_ids\["cac1-az4"\]\}/);
  assert.equal(
    specError({ region: "ca-central-1", zones: ["cac1-az1", "cac1-az2", "cac1-az3"] }),
    "aws.zones[2]: cac1-az3 is not an availability zone id of ca-central-1 (its zones: ca-central-1a, ca-central-1b, ca-central-1d; ids cac1-az1, cac1-az2, cac1-az4)",
  );
  assert.equal(
    specError({ region: "ca-central-1", zones: ["cac1-az1", "cac1-az2", "ca-central-1d"] }),
    "aws.zones[2]: ca-central-1d mixes zone ids and zone names: list all 3 as names (eu-west-1a) or all 3 as ids (euw1-az1)",
  );
});

test("custom nodeSubnetPrefix 24 in a /16", () => {
  assert.deepStrictEqual(rows(spec({ nodeSubnetPrefix: 24 })).slice(0, 6), [
    "public eu-west-1a 10.20.3.0/24 251",
    "public eu-west-1b 10.20.4.0/24 251",
    "public eu-west-1c 10.20.5.0/24 251",
    "node eu-west-1a 10.20.0.0/24 251",
    "node eu-west-1b 10.20.1.0/24 251",
    "node eu-west-1c 10.20.2.0/24 251",
  ]);
});

test("a public prefix larger than the node prefix is carved first", () => {
  assert.deepStrictEqual(rows(spec({ nodeSubnetPrefix: 24, publicSubnetPrefix: 22 })).slice(0, 6), [
    "public eu-west-1a 10.20.0.0/22 1019",
    "public eu-west-1b 10.20.4.0/22 1019",
    "public eu-west-1c 10.20.8.0/22 1019",
    "node eu-west-1a 10.20.12.0/24 251",
    "node eu-west-1b 10.20.13.0/24 251",
    "node eu-west-1c 10.20.14.0/24 251",
  ]);
});

test("specs that do not fit or that AWS rejects name the field, the value and the rule", () => {
  assert.equal(
    planError(spec({ vpc: { cidr: "10.20.0.0/24" } })),
    "aws.vpc.cidr: 10.20.0.0/24 cannot hold 3 public + 3 node subnets of /24: they need at least a /22",
  );
  assert.equal(
    planError(spec({ vpc: { cidr: "10.20.0.0/28" } })),
    "aws.vpc.cidr: 10.20.0.0/28 cannot hold 3 public + 3 node subnets of /24: they need at least a /22",
  );
  assert.equal(planError(spec({ vpc: { cidr: "10.0.0.0/12" } })), "aws.vpc.cidr: 10.0.0.0/12 is outside the /16 to /28 AWS allows for a VPC CIDR block");
  assert.equal(
    planError(spec({ vpc: { cidr: "10.20.0.0/16", podCidr: "10.20.128.0/17" } })),
    "aws.vpc.podCidr: 10.20.128.0/17 overlaps the primary CIDR 10.20.0.0/16: a VPC's blocks must not overlap",
  );
  assert.equal(
    planError(spec({ vpc: { cidr: "10.20.0.0/16", podCidr: "192.168.0.0/16" } })),
    "aws.vpc.podCidr: 192.168.0.0/16 lies in 192.168.0.0/16, which AWS does not allow as a secondary block of a VPC whose primary CIDR is 10.20.0.0/16",
  );
  assert.equal(
    planError(spec({ vpc: { cidr: "10.20.0.0/16", podCidr: "198.19.0.0/16" } })),
    "aws.vpc.podCidr: 198.19.0.0/16 lies in 198.19.0.0/16, which AWS does not allow as a secondary block of a VPC whose primary CIDR is 10.20.0.0/16",
  );
  assert.equal(
    planError(spec({ vpc: { cidr: "10.20.0.0/16", podCidr: "100.64.0.0/17" } })),
    "aws.vpc.podCidr: 100.64.0.0/17 cannot hold 3 pod subnets of /18: they need a /16",
  );
  assert.equal(planError(spec({ nodeSubnetPrefix: 16 })), "aws.vpc.cidr: 10.20.0.0/16 cannot hold 3 public + 3 node subnets of /16: they need at least a /14");
  assert.equal(
    messageOf(() => spec({ zones: ["eu-west-1a", "eu-west-2b", "eu-west-1a"] })),
    [
      "aws.zones[1]: eu-west-2b is not a zone of region eu-west-1 (its zones: eu-west-1a, eu-west-1b, eu-west-1c; ids euw1-az1, euw1-az2, euw1-az3)",
      "aws.zones[2]: eu-west-1a is listed twice: the 3 zones must be distinct",
    ].join("\n"),
  );
});

test("the spec schema rejects bad fields with their path, value and rule", () => {
  const bad = { name: "Acme", cloud: "aws", aws: { region: "eu-west-1", vpc: { cidr: "10.20.0.1/16" }, nat: "both", nodeSubnetPrefix: 25, zone: ["a"] } };
  assert.equal(
    messageOf(() => parseSpec(bad)),
    [
      "name: Acme must start with a letter and use only a-z, 0-9 and -, at most 31 characters",
      "aws.vpc.cidr: 10.20.0.1/16 has host bits set: the network is 10.20.0.0/16",
      "aws.nat: both must be one of perZone, single",
      "aws.nodeSubnetPrefix: 25 must be 24 or less: node subnets must be at least a /24",
      "aws.zone: is not a known field (check its spelling and level)",
    ].join("\n"),
  );
  assert.match(
    messageOf(() => parseSpec({ name: "x", cloud: "gcp" })),
    /^cloud: gcp must be one of aws\b/,
  );
  assert.equal(
    messageOf(() => parseSpec({ name: "x", cloud: "aws" })),
    "aws: is required (a mapping)",
  );
  assert.equal(
    messageOf(() => parseSpec({ name: "x", cloud: "aws", aws: { region: "eu-west-1", vpc: { cidr: "10.20.0.0/16" }, zones: ["eu-west-1a"] } })),
    'aws.zones: ["eu-west-1a"] must list exactly 3 availability zones',
  );
});

test("a pod CIDR outside 100.64.0.0/10 is allowed with a warning", () => {
  const plan = planSpec(spec({ vpc: { cidr: "10.20.0.0/16", podCidr: "10.200.0.0/16" } }));
  assert.deepStrictEqual(
    plan.findings.map((f) => [f.id, f.severity, f.resource]),
    [["DPN-SPEC-001", "warning", "aws.vpc.podCidr"]],
  );
  assert.equal(plan.summary.subnets.filter((s) => s.tier === "pod")[0]!.cidr, "10.200.0.0/18");
});

test("flow logs are off unless asked for", () => {
  const plan = planSpec(spec({}));
  assert.equal(plan.module.resources("aws_flow_log").length, 0);
  assert.ok(!plan.module.blocks.some((b) => b.kind === "variable" && b.labels[0] === "flow_log_retention_days"));
});

test("ENIConfig template: one document per zone, named after the zone, with its pod subnet", () => {
  const files = renderPlan(planSpec(spec({})), SOURCE);
  const template = files.get("modules/data-plane/k8s/eniconfigs.yaml.tftpl")!;
  assert.match(template, /^# Generated by dpnet /);
  const docs = template.split("\n---\n").slice(1);
  assert.deepStrictEqual(
    docs.map((d) => [/name: (.+)/.exec(d)![1], /subnet: (.+)/.exec(d)![1]]),
    [
      ['"eu-west-1a"', '${pod_subnet_ids["eu-west-1a"]}'],
      ['"eu-west-1b"', '${pod_subnet_ids["eu-west-1b"]}'],
      ['"eu-west-1c"', '${pod_subnet_ids["eu-west-1c"]}'],
    ],
  );
  assert.match(files.get("modules/data-plane/outputs.tf")!, /templatefile\("\$\{path\.module\}\/k8s\/eniconfigs\.yaml\.tftpl"/);
});

test("output is deterministic: the same spec renders byte-identical files", () => {
  const a = renderPlan(planSpec(spec({ flowLogs: true })), SOURCE);
  const b = renderPlan(planSpec(spec({ flowLogs: true })), SOURCE);
  assert.deepStrictEqual([...a], [...b]);
});
