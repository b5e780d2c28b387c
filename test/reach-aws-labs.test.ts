// The model classes the real AWS labs (test/conformance/batfish-lab, what nmap and ping saw)
// exercise, one flow each, asserting the disposition and the hops in order (forward and reply).
// conformance-batfish-lab.test.ts asks every probe; these pin down why each class comes out right.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type ReachResult, reach } from "../src/analyze/reach.js";
import { resolveFrom, resolveTo } from "../src/analyze/checks/names.js";
import { importAwsDescribe } from "../src/import/aws/describe.js";
import type { ImportResult } from "../src/import/types.js";
import { labExport } from "./support/batfish-lab.js";

const labs = new Map<string, Promise<ImportResult>>();
function lab(name: string): Promise<ImportResult> {
  if (!labs.has(name)) labs.set(name, importAwsDescribe(labExport(name)));
  return labs.get(name)!;
}

/** A probe as `reach --batch` asks it: `to` as `ip:port` (TCP) or `ip` with icmp. */
async function ask(name: string, from: string, to: string, protocol?: "icmp"): Promise<ReachResult> {
  const { topology } = await lab(name);
  const context = {};
  return reach(topology, { ...resolveFrom(topology, context, from), ...resolveTo(topology, context, to), ...(protocol ? { protocol } : {}) });
}

function ids(r: ReachResult): { disposition: string; hops: string[]; back: string[] | undefined } {
  return { disposition: r.disposition, hops: r.hops.map((h) => h.id), back: r.return?.map((h) => h.id) };
}

test("transit gateway peering across regions: static route to the peering attachment, the peer's propagated route to the VPC, and back", async () => {
  const r = await ask("aws_tgw_peering", "10.1.1.100", "10.2.1.100:22");
  const there = [
    "i-0091ed7308b7df2aa",
    "subnet-0e3595b1972c9e9b9",
    "tgw-attach-0bffffad6c5204f3e",
    "tgw-0cacbf5ed9fe034e7",
    "tgw-attach-084b68f4a40b12383",
    "tgw-074cc11880f74d29a",
    "tgw-attach-092c3c42806ef714a",
    "subnet-0849c2928c6537781",
    "vpc-0edaaf6af194d12d5",
    "subnet-071823802564efc56",
    "i-01591c07c954f92ed",
  ];
  const back = [
    "i-01591c07c954f92ed",
    "subnet-071823802564efc56",
    "tgw-attach-092c3c42806ef714a",
    "tgw-074cc11880f74d29a",
    "tgw-attach-084b68f4a40b12383",
    "tgw-0cacbf5ed9fe034e7",
    "tgw-attach-0bffffad6c5204f3e",
    "subnet-0342b9ce351a737d9",
    "vpc-0b8be05eff6c69690",
    "subnet-0e3595b1972c9e9b9",
    "i-0091ed7308b7df2aa",
  ];
  assert.deepEqual(ids(r), { disposition: "accepted", hops: there, back });
  assert.equal(r.hops[3]!.decision, "tgw-rtb-0b0728f11c489fff4: route 10.2.0.0/16 -> tgw-attach-084b68f4a40b12383 (static, longest prefix match)");
  assert.equal(r.hops[4]!.decision, "peering to tgw-074cc11880f74d29a (us-east-2)");
  assert.equal(r.hops[5]!.decision, "tgw-rtb-000baae357fa2f403: route 10.2.0.0/16 -> tgw-attach-092c3c42806ef714a (propagated, longest prefix match)");
});

test("transit gateway zones: a zone the far VPC's attachment lacks goes to another of its zones; a reply from a zone without an attachment interface cannot reach the transit gateway", async () => {
  const TGW = "tgw-02a2e50acb03f0952";
  const PROD = "tgw-attach-039ef9600c7bc8b71";
  const DEV = "tgw-attach-0c0c0a95cb9ea7e8a";
  const other = await ask("aws_tgw_multi_az_intra_region", "10.1.103.10", "10.2.101.10", "icmp");
  assert.deepEqual(ids(other), {
    disposition: "accepted",
    hops: [
      "i-0e2cd4798c9445987",
      "subnet-0b256c7ab9c40a4cb",
      PROD,
      TGW,
      DEV,
      "subnet-0d6ff43d8e5488043",
      "vpc-0a96945f1dbc5b2ac",
      "subnet-02d0c2429a21c620c",
      "i-0186ed250a6eacf3a",
    ],
    back: [
      "i-0186ed250a6eacf3a",
      "subnet-02d0c2429a21c620c",
      DEV,
      TGW,
      PROD,
      "subnet-01cd4a0ff99cb799a",
      "vpc-0e578e50686443ca0",
      "subnet-0b256c7ab9c40a4cb",
      "i-0e2cd4798c9445987",
    ],
  });
  assert.equal(
    other.hops[4]!.decision,
    "to vpc-0a96945f1dbc5b2ac in us-east-1b through its interface in subnet-0d6ff43d8e5488043 (no interface in us-east-1c: the transit gateway picks another zone)",
  );

  const stranded = await ask("aws_tgw_multi_az_intra_region", "10.1.101.10", "10.2.104.10", "icmp");
  assert.deepEqual(ids(stranded), {
    disposition: "no-route",
    hops: [
      "i-02c477d11d1a77af4",
      "subnet-050b09f1d9d277ecc",
      PROD,
      TGW,
      DEV,
      "subnet-04a1bec10b9c08e3b",
      "vpc-0a96945f1dbc5b2ac",
      "subnet-045337a9d4c78b263",
      "i-071c1b9a6a87d4286",
    ],
    back: ["i-071c1b9a6a87d4286", "subnet-045337a9d4c78b263", DEV],
  });
  assert.equal(stranded.return!.at(-1)!.decision, `has no interface in us-east-1d: resources in a zone without one cannot reach ${TGW}`);
});

test("NLB: with every target unhealthy the load balancer fails open; a target reaching itself through its NLB with its address preserved fails (hairpin)", async () => {
  const VPC = "vpc-002ec6f45fe8fd361";
  const open = await ask("aws_nlb_targets_instance_nacl_test", "10.2.101.100", "10.2.5.156:80");
  assert.deepEqual(ids(open), {
    disposition: "accepted",
    hops: [
      "i-00ca5e884ca758ed0",
      "subnet-0f9476d3ca3dd010f",
      VPC,
      "subnet-04d23888d4d68e19a",
      "eni-0765f8481ebda808f",
      "subnet-04d23888d4d68e19a",
      VPC,
      "subnet-08362fcb1334df6b0",
      "i-07b0e0511a12a980f",
    ],
    back: [
      "i-07b0e0511a12a980f",
      "subnet-08362fcb1334df6b0",
      VPC,
      "subnet-04d23888d4d68e19a",
      "eni-0765f8481ebda808f",
      "subnet-04d23888d4d68e19a",
      VPC,
      "subnet-0f9476d3ca3dd010f",
      "i-00ca5e884ca758ed0",
    ],
  });
  assert.match(open.hops[4]!.decision, /target i-07b0e0511a12a980f port 80 \(every target is unhealthy: the load balancer fails open to all of them\)/);

  const hairpin = await ask("aws_nlb_targets_instance_nacl_test", "10.2.102.100", "10.2.2.143:80");
  assert.deepEqual(ids(hairpin), {
    disposition: "denied",
    hops: ["i-0295d9b963ae9c46d", "subnet-0a88259c7e487ec9b", VPC, "subnet-03b8b61682387905e", "eni-01c2d42b9b564bad8"],
    back: undefined,
  });
  assert.match(
    hairpin.hops[4]!.decision,
    /10\.2\.102\.100 is the client itself: with its address preserved the packet's source and destination are both 10\.2\.102\.100, which its host drops/,
  );
});

test("addresses nobody holds answer nothing: a deleted NAT gateway's private address, and its released public one", async () => {
  const inside = await ask("aws_demo", "10.3.101.228", "10.1.201.30:22");
  assert.deepEqual(ids(inside), {
    disposition: "unanswered",
    hops: ["i-00a6dec477a13bba1", "subnet-00dea5af4751f34df", "pcx-0f83b3bc68f9478a7", "vpc-09fbdfd905cb6796d", "subnet-0e3b67b96fa52d20d"],
    back: undefined,
  });
  assert.match(inside.hops.at(-1)!.decision, /no interface holds 10\.1\.201\.30 \(it was nat-0dd42c998eea1b189's, which is deleted\): nothing answers it$/);

  const outside = await ask("aws_demo", "10.3.101.228", "13.52.109.186:22");
  assert.deepEqual(ids(outside), {
    disposition: "unanswered",
    hops: [
      "i-00a6dec477a13bba1",
      "subnet-00dea5af4751f34df",
      "vpc-0e13049ea0263d087",
      "nat-0cad0aa2f7c20bced",
      "subnet-0f2817602d9c9b15a",
      "igw-00e7f9110de1601eb",
      "internet",
    ],
    back: undefined,
  });
  assert.equal(
    outside.hops.at(-1)!.decision,
    "13.52.109.186 was the public address of nat-02c8db084c7402763, which is deleted: released, nothing of this network answers it",
  );
});

test("appliance: the PAN-OS firewall (source/destination check off, three interfaces) forwards the web server's traffic out of its outside interface, not back into a loop; its own rules are not enough data", async () => {
  const FW = "i-0e35b299957735428";
  const out = await ask("aws_vnd_panos_single_fw", "10.1.101.100", "8.8.8.8:443");
  assert.deepEqual(ids(out), {
    disposition: "exits-network",
    hops: ["i-0754b6a6b835b62fb", "subnet-0d01163fff1515249", FW, "subnet-03dc3093fff4ea811", "igw-06d02a267decbb544", "internet"],
    back: ["internet", "igw-06d02a267decbb544", "subnet-03dc3093fff4ea811", FW, "i-0754b6a6b835b62fb"],
  });
  assert.match(
    out.hops[2]!.decision,
    /forwards it out of eni-0cf8e1e561f58f233 in subnet-03dc3093fff4ea811; assumed: it translates the source 10\.1\.101\.100 -> 10\.1\.1\.101, its own address there, .*; not enough data to judge i-0e35b299957735428's own rules \(firewall policy, NAT\)/,
  );

  const itself = await ask("aws_vnd_panos_single_fw", "10.1.101.100", "10.1.101.10:22");
  assert.deepEqual(ids(itself), { disposition: "accepted", hops: ["i-0754b6a6b835b62fb", FW], back: [FW, "i-0754b6a6b835b62fb"] });
  assert.match(itself.hops[1]!.decision, /not enough data to judge i-0e35b299957735428's own firewall: an appliance's rules are in no export$/);
});

test("an interface endpoint of an AWS service answers at its own address, in this network: accepted there, never exits-network", async () => {
  const r = await ask("aws_vpc_endpoints", "10.1.1.100", "10.1.3.231:443");
  assert.deepEqual(ids(r), {
    disposition: "accepted",
    hops: ["i-08ddbdc2903063bb7", "subnet-060b9a92db1c9e9ae", "vpc-0ce3585be7ea715d8", "subnet-09de87bd086777dad", "vpce-0c84758dae8076c02"],
    back: ["eni-0bd26d2cdca2c4478", "subnet-09de87bd086777dad", "vpc-0ce3585be7ea715d8", "subnet-060b9a92db1c9e9ae", "i-08ddbdc2903063bb7"],
  });
  assert.match(
    r.hops[4]!.decision,
    /to com\.amazonaws\.us-east-1\.ec2, a service outside this topology: which ports and protocols it answers is in no export$/,
  );
});
