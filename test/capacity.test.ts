// Capacity (issue 20): the VPC CNI model against AWS's published max-pods figures and its
// max-pods-calculator.sh, the AKS model against Microsoft's documented rules, `dpnet capacity` on
// the examples, prefix reservations, and DPN-SPEC-010 on a declared scale.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { awsNodeProfile, calculatorMaxPods, prefixReservations, prefixRoom } from "../src/capacity/aws.js";
import { aksNodeProfile } from "../src/capacity/azure.js";
import { capacityOf } from "../src/capacity/index.js";
import { instanceTypeLimits, knownInstanceTypes } from "../src/capacity/instance-types.js";
import { loadSpecFile } from "../src/io/spec-file.js";
import { planSpec } from "../src/plan/index.js";
import { parseSpec } from "../src/spec/index.js";
import { examplePath } from "./support/examples.js";
import { dpnet } from "./support/cli.js";

const limits = (type: string) => {
  const l = instanceTypeLimits(type);
  assert.ok(l, `${type} is in the table`);
  return l;
};
const secondary = { customNetworking: false, prefixDelegation: false };
const custom = { customNetworking: true, prefixDelegation: false };
const prefixes = { customNetworking: false, prefixDelegation: true };
const customPrefixes = { customNetworking: true, prefixDelegation: true };

// AWS's own table (aws/amazon-vpc-cni-k8s misc/eni-max-pods.txt, vendored in tools/data): max pods,
// and max pods with custom networking, per instance type.
const PUBLISHED = new Map(
  readFileSync(new URL("../../tools/data/eni-max-pods.txt", import.meta.url), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(" "))
    .map(([type, maxPods, custom]) => [type!, { maxPods: Number(maxPods), custom: Number(custom) }]),
);

test("the table holds every instance type AWS publishes, and the model gives AWS's max pods for each, with and without custom networking", () => {
  assert.deepEqual(knownInstanceTypes(), [...PUBLISHED.keys()].sort());
  assert.equal(PUBLISHED.size, 806);
  for (const [type, published] of PUBLISHED) {
    assert.equal(calculatorMaxPods(limits(type), secondary).eniMaxPods, published.maxPods, type);
    assert.equal(calculatorMaxPods(limits(type), custom).eniMaxPods, published.custom, type);
  }
});

test("AWS's published max pods for 12 instance types: secondary IPs, custom networking", () => {
  const cases: [string, number, number][] = [
    ["t3.medium", 17, 12],
    ["t3a.small", 8, 5],
    ["m4.large", 20, 11],
    ["m5.large", 29, 20],
    ["m6i.xlarge", 58, 44],
    ["c5.4xlarge", 234, 205],
    ["d3.8xlarge", 59, 40],
    ["m5.24xlarge", 737, 688],
    ["c6in.32xlarge", 394, 345],
    ["g5.48xlarge", 345, 296],
    ["p5.48xlarge", 100, 51],
    ["u-6tb1.metal", 147, 118],
  ];
  for (const [type, maxPods, customMaxPods] of cases) {
    assert.deepEqual(
      [type, calculatorMaxPods(limits(type), secondary).eniMaxPods, calculatorMaxPods(limits(type), custom).eniMaxPods],
      [type, maxPods, customMaxPods],
    );
  }
});

test("max-pods-calculator.sh semantics: prefixes of 16 per slot, then 110 up to 30 vCPUs and 250 above", () => {
  // type, vCPUs, [recommended: secondary, custom, prefixes, custom + prefixes], ENIs allow with prefixes
  const cases: [string, number, number[], number][] = [
    // amazon-eks-ami issue 1368: the calculator answers 110 for c5.4xlarge (16 vCPUs) where eni-max-pods.txt says 234.
    ["c5.4xlarge", 16, [110, 110, 110, 110], 8 * 29 * 16 + 2],
    ["m5.large", 2, [29, 20, 110, 110], 3 * 9 * 16 + 2],
    ["m6i.xlarge", 4, [58, 44, 110, 110], 4 * 14 * 16 + 2],
    ["t3.nano", 2, [4, 3, 34, 18], 2 * 1 * 16 + 2],
    ["c6g.medium", 1, [8, 5, 98, 50], 2 * 3 * 16 + 2],
    ["m5.8xlarge", 32, [234, 205, 250, 250], 8 * 29 * 16 + 2],
    ["m5.24xlarge", 96, [250, 250, 250, 250], 15 * 49 * 16 + 2],
    ["c5.9xlarge", 36, [234, 205, 250, 250], 8 * 29 * 16 + 2],
    ["m5zn.6xlarge", 24, [110, 110, 110, 110], 8 * 29 * 16 + 2],
    ["p5.48xlarge", 192, [100, 51, 250, 250], 2 * 49 * 16 + 2],
  ];
  for (const [type, vcpus, recommended, prefixMaxPods] of cases) {
    assert.equal(limits(type).vcpus, vcpus, type);
    const got = [secondary, custom, prefixes, customPrefixes].map((s) => calculatorMaxPods(limits(type), s).recommended);
    assert.deepEqual([type, ...got], [type, ...recommended]);
    assert.equal(calculatorMaxPods(limits(type), prefixes).eniMaxPods, prefixMaxPods, type);
  }
});

test("a node's addresses: ENIs filled and one warm ENI; prefixes plus one warm prefix and the ENIs' primaries", () => {
  // m6i.xlarge, custom networking: 3 pod ENIs x 15 addresses hold 44 pods (42 pod addresses).
  const m6i = awsNodeProfile(limits("m6i.xlarge"), custom);
  assert.deepEqual([m6i.maxPods, m6i.limit, m6i.attachedPodEnis, m6i.podSubnetAddresses, m6i.nodeSubnetAddresses], [44, "per-node ENI limit", 3, 45, 1]);
  // At 20 pods: 18 addresses need 2 ENIs of 14, and the warm one makes 3.
  assert.equal(awsNodeProfile(limits("m6i.xlarge"), { ...custom, maxPods: 20 }).podSubnetAddresses, 45);
  // At 10 pods: 1 ENI and the warm one.
  assert.equal(awsNodeProfile(limits("m6i.xlarge"), { ...custom, maxPods: 10 }).podSubnetAddresses, 30);
  // Prefixes: 110 pods, 108 addresses: 7 prefixes + 1 warm = 8, on one ENI (14 slots) with its primary.
  const pd = awsNodeProfile(limits("m6i.xlarge"), customPrefixes);
  assert.deepEqual(
    [pd.maxPods, pd.limit, pd.maxPodsFrom, pd.prefixes, pd.attachedPodEnis, pd.podSubnetAddresses],
    [110, "max pods", "AWS's recommendation", 8, 1, 129],
  );
  // m5.large with prefixes: 110 pods need 7 + 1 prefixes, 9 slots a pod ENI: one ENI.
  assert.equal(awsNodeProfile(limits("m5.large"), customPrefixes).podSubnetAddresses, 8 * 16 + 1);
  // Without custom networking everything is in the node subnet, the node's own ENI included.
  const flat = awsNodeProfile(limits("m5.large"), secondary);
  assert.deepEqual([flat.maxPods, flat.podSubnetAddresses, flat.nodeSubnetAddresses], [29, 0, 30]);
  // --max-pods above what the ENIs allow: the ENIs bind.
  const capped = awsNodeProfile(limits("m5.large"), { ...custom, maxPods: 110 });
  assert.deepEqual([capped.maxPods, capped.limit, capped.maxPodsFrom], [20, "per-node ENI limit", "--max-pods"]);
});

test("prefix reservations: the top 63/64 of a pod subnet in six aligned blocks, the lowest /24 left for ENI primaries", () => {
  assert.deepEqual(prefixReservations("100.64.64.0/18"), [
    "100.64.96.0/19",
    "100.64.80.0/20",
    "100.64.72.0/21",
    "100.64.68.0/22",
    "100.64.66.0/23",
    "100.64.65.0/24",
  ]);
  // 16128 reserved addresses = 1008 prefixes, less the top one holding AWS's broadcast reserve; 256 - 4 reserves.
  assert.deepEqual(prefixRoom("100.64.0.0/18"), { prefixes: 1007, otherAddresses: 252 });
  assert.deepEqual(prefixReservations("10.0.0.0/26"), ["10.0.0.32/27", "10.0.0.16/28"]);
});

test("AKS: 110 pods by default on a pod subnet in batches of 16, 250 on an overlay with no VNet addresses", () => {
  assert.deepEqual(aksNodeProfile({ podNetwork: "podSubnet" }), {
    podNetwork: "podSubnet",
    maxPods: 110,
    maxPodsFrom: "AKS's default",
    podSubnetAddresses: 112,
    nodeSubnetAddresses: 1,
  });
  assert.equal(aksNodeProfile({ podNetwork: "podSubnet", maxPods: 30 }).podSubnetAddresses, 32);
  assert.equal(aksNodeProfile({ podNetwork: "podSubnet", maxPods: 250 }).podSubnetAddresses, 256);
  assert.equal(aksNodeProfile({ podNetwork: "podSubnet", maxPods: 16 }).podSubnetAddresses, 16);
  assert.deepEqual(aksNodeProfile({ podNetwork: "overlay" }).maxPods, 250);
  assert.deepEqual(aksNodeProfile({ podNetwork: "overlay" }).podSubnetAddresses, 0);
});

const examplePlan = (name: Parameters<typeof examplePath>[0]) => planSpec(loadSpecFile(examplePath(name)).spec);

test("capacity of the examples: per zone, in total, and what binds first", () => {
  const aws = capacityOf(examplePlan("aws-internet"));
  assert.deepEqual(
    aws.zones.map((z) => [z.zone, z.nodes, z.pods, z.binding, z.subnets.map((s) => [s.tier, s.cidr, s.usable, s.perNode, s.nodes])]),
    ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((zone, i) => [
      zone,
      363,
      15972,
      "pod subnet",
      [
        ["node", `10.20.${16 * i}.0/20`, 4091, 1, 4090],
        ["pod", `100.64.${64 * i}.0/18`, 16379, 45, 363],
      ],
    ]),
  );
  assert.deepEqual(aws.zones[0]!.subnets[0]!.others, [{ what: "internal NLB", addresses: 1 }]);
  assert.deepEqual(aws.total, { nodes: 1089, pods: 47916, binding: "pod subnet", podsPerNode: 44, podsPerNodeLimit: "per-node ENI limit" });
  const pd = capacityOf(examplePlan("aws-internet"), { prefixDelegation: true, nodes: 120 });
  assert.deepEqual(pd.total, { nodes: 375, pods: 41250, binding: "pod subnet", podsPerNode: 110, podsPerNodeLimit: "max pods" });
  assert.deepEqual(pd.scale, { nodes: 120, fits: true, headroom: 255 });
  assert.deepEqual(pd.zones[0]!.subnets[1]!.atScale, { used: 40 * 129, free: 16379 - 40 * 129 });
  const azure = capacityOf(examplePlan("azure-managed"), { nodes: 50 });
  assert.deepEqual(
    azure.zones[0]!.subnets.map((s) => [s.tier, s.cidr, s.usable, s.others, s.perNode, s.nodes, s.atScale]),
    [
      ["node", "10.30.8.0/24", 251, [{ what: "private endpoint", addresses: 3 }], 1, 247, { used: 54, free: 197 }],
      ["pod", "10.30.0.0/21", 2043, [], 112, 17, { used: 51 * 112, free: 2043 - 51 * 112 }],
    ],
  );
  assert.deepEqual(azure.scale, { nodes: 50, fits: false, headroom: -33 });
  const overlay = capacityOf(examplePlan("azure-managed"), { podNetwork: "overlay", internalLoadBalancers: 2, surge: 3 });
  assert.deepEqual(overlay.total, { nodes: 243, pods: 243 * 250, binding: "node subnet", podsPerNode: 250, podsPerNodeLimit: "max pods" });
  const customer = capacityOf(examplePlan("azure-customer-managed"));
  assert.deepEqual(
    customer.zones[0]!.subnets.map((s) => [s.cidr, s.nodes]),
    [
      ["yours, /24", 247],
      ["yours, /21", 17],
    ],
  );
});

test("dpnet capacity prints the zones, the binding limit and the headroom; exit 1 when the scale does not fit, 2 on bad options", () => {
  const ok = dpnet("capacity", examplePath("aws-internet"), "--nodes", "120");
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(ok.stdout.split("\n").slice(0, 11), [
    "Capacity of acme-prod (aws): m6i.xlarge nodes, secondary IPs, custom networking",
    "  per node: 4 ENIs x 15 IPv4, 3 carry pods; the ENIs allow 44 pods, AWS recommends 44 with 4 vCPUs",
    "  max pods 44 (AWS's recommendation); what stops a node first: per-node ENI limit",
    "  a full node holds 45 addresses in its pod subnet (3 ENIs x 15 addresses, the warm ENI included) and 1 in its node subnet",
    "",
    "zone        nodes    pods  binds first  node subnet                                        pod subnet",
    "eu-west-1a    363  15,972  pod subnet   10.20.0.0/20: 4,090 nodes (after 1 internal NLB)   100.64.0.0/18: 363 nodes",
    "eu-west-1b    363  15,972  pod subnet   10.20.16.0/20: 4,090 nodes (after 1 internal NLB)  100.64.64.0/18: 363 nodes",
    "eu-west-1c    363  15,972  pod subnet   10.20.32.0/20: 4,090 nodes (after 1 internal NLB)  100.64.128.0/18: 363 nodes",
    "total       1,089  47,916  pod subnet",
    "pods per node: 44, bound by per-node ENI limit",
  ]);
  assert.match(ok.stdout, /At 120 nodes: fits; room for 969 more spread evenly over the zones\./);
  const azure = dpnet("capacity", examplePath("azure-managed"), "--nodes", "50", "--json");
  assert.equal(azure.code, 1);
  assert.equal(JSON.parse(azure.stdout).total.nodes, 17);
  const bad = dpnet("capacity", examplePath("aws-internet"), "--max-pods", "lots");
  assert.deepEqual([bad.code, bad.stdout, bad.stderr.trim()], [2, "", "--max-pods: lots must be a whole number"]);
  const wrongCloud = dpnet("capacity", examplePath("azure-managed"), "--prefix-delegation");
  assert.deepEqual([wrongCloud.code, wrongCloud.stderr.trim()], [2, "--prefix-delegation: true is for aws networks only"]);
});

const awsSpec = (aws: Record<string, unknown>) => parseSpec({ name: "cap", cloud: "aws", aws: { region: "eu-west-1", vpc: { cidr: "10.20.0.0/16" }, ...aws } });

test("DPN-SPEC-010: a declared scale the pod subnets or the nodes cannot hold is an error naming the limit", () => {
  const fits = planSpec(awsSpec({ scale: { nodes: 900, pods: 36000 } }));
  assert.deepEqual(fits.findings, []);
  const tooMany = planSpec(awsSpec({ scale: { nodes: 1200, pods: 36000 } }));
  assert.deepEqual(
    tooMany.findings.map((f) => `${f.severity} ${f.id} ${f.resource}: ${f.message}`),
    ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map(
      (zone, i) =>
        `error DPN-SPEC-010 aws.scale: 400 nodes with 30 pods each in ${zone}: the pod subnet 100.64.${64 * i}.0/18 binds first, with room for 363 nodes (16,379 addresses, 45 a node)`,
    ),
  );
  const dense = planSpec(awsSpec({ scale: { nodes: 10, pods: 3000, instanceType: "m6i.2xlarge" } }));
  assert.deepEqual(
    dense.findings.map((f) => `${f.resource}: ${f.message}`),
    ["aws.scale.pods: 3,000 pods on 10 nodes is 300 per node, more than m6i.2xlarge's per-node ENI limit allows: 44; add nodes or pick a larger type"],
  );
  const pd = planSpec(awsSpec({ pods: { prefixDelegation: true }, scale: { nodes: 600, pods: 60000 } }));
  assert.equal(pd.findings.length, 3);
  assert.equal(
    pd.findings[0]!.message,
    "200 nodes with 100 pods each in eu-west-1a: the pod subnet 100.64.0.0/18 binds first, with room for 125 nodes (its /28 prefix reservations and ENI addresses)",
  );
  const azure = planSpec(
    parseSpec({
      name: "cap",
      cloud: "azure",
      azure: { location: "westeurope", resourceGroup: "rg", vnet: { addressSpace: ["10.30.0.0/16"] }, scale: { nodes: 20, pods: 2000 } },
      controlPlane: { cidrs: ["203.0.113.0/24"] },
    }),
  );
  assert.deepEqual(
    azure.findings.filter((f) => f.id === "DPN-SPEC-010").map((f) => f.message),
    ["20 nodes with 100 pods each in westeurope: the pod subnet 10.30.0.0/21 binds first, with room for 17 nodes (2,043 addresses, 112 a node)"],
  );
});

test("aws.pods.prefixDelegation adds the pod subnets' prefix reservations to the module", () => {
  const plan = planSpec(awsSpec({ pods: { prefixDelegation: true } }));
  const block = plan.module.blocks.find((b) => b.labels.join(".") === "aws_ec2_subnet_cidr_reservation.pod_prefixes");
  assert.ok(block);
  assert.deepEqual(Object.keys(block.body.for_each as object).slice(0, 6), [
    "eu-west-1a 100.64.32.0/19",
    "eu-west-1a 100.64.16.0/20",
    "eu-west-1a 100.64.8.0/21",
    "eu-west-1a 100.64.4.0/22",
    "eu-west-1a 100.64.2.0/23",
    "eu-west-1a 100.64.1.0/24",
  ]);
  assert.equal(Object.keys(block.body.for_each as object).length, 18);
  assert.equal(block.body.reservation_type, "prefix");
  assert.equal(
    planSpec(awsSpec({})).module.blocks.some((b) => b.labels[0] === "aws_ec2_subnet_cidr_reservation"),
    false,
  );
});

test("capacity of an AWS export as it is: the audit's node and pod subnets, the addresses held now taken", async () => {
  const { importAwsDescribe } = await import("../src/import/aws/describe.js");
  const { networkCapacityInput } = await import("../src/capacity/network.js");
  const { capacityFrom } = await import("../src/capacity/index.js");
  const fixture = new URL("../../test/fixtures/aws-compliant", import.meta.url).pathname;
  const input = networkCapacityInput((await importAwsDescribe(fixture)).topology);
  assert.deepEqual(
    input.zones.map((z) => [z.zone, z.node.cidr, z.node.others, z.pod?.cidr]),
    ["a", "b", "c"].map((zone, i) => [`eu-west-1${zone}`, `10.0.${16 + 4 * i}.0/22`, [{ what: "held now", addresses: 1 }], `100.64.${64 * i}.0/18`]),
  );
  const report = capacityFrom(input, { nodes: 30 });
  assert.deepEqual(report.total, { nodes: 1089, pods: 47916, binding: "pod subnet", podsPerNode: 44, podsPerNodeLimit: "per-node ENI limit" });
  assert.deepEqual(
    report.zones[0]!.subnets.map((s) => [s.tier, s.nodes, s.atScale]),
    [
      ["node", 1018, { used: 11, free: 1008 }],
      ["pod", 363, { used: 451, free: 15928 }],
    ],
  );
  const cli = dpnet("capacity", "--aws", fixture, "--json");
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(JSON.parse(cli.stdout).name, "dataplane");
});
