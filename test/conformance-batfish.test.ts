// Conformance with Batfish: its own tests' verdicts on three real AWS snapshots
// (test/conformance/batfish-aws: shared/conformance/batfish-aws copied as shipped, with its Apache-2.0 licence, so a clean clone can run them), one test per verdict, each asserting the
// disposition and the hops in order, through reach() and through `dpnet reach --aws … --json`.
//
// Where the hop lists differ from Batfish's, it is by what is modelled, not by the verdict:
// - Batfish puts an `aws-backbone` node between an internet gateway and the internet; dpnet has no
//   such element, so its lists go straight from the gateway to `internet`.
// - Batfish calls load balancer nodes `<dns name>-<zone>`; dpnet names them by their network
//   interface, as the README does (eni-01f261dccaba46564 in us-east-2b).
// - A flow Batfish leaves without a protocol is IP protocol 0 with no ports (its Flow builder's
//   default): dpnet asks the same (`--protocol 0`).
// - Client -> the us-east-2b node: cross-zone load balancing is on, so either target may get it.
//   Batfish's trace shows i-0f4af951d61a19245 in the other zone ("because of deterministic
//   processing of transformations", its test says, and its reachability test shows both are
//   reached); dpnet prefers the node's own zone, i-055b0db7be365202c. AWS: "When cross-zone load
//   balancing is on, each load balancer node distributes traffic across the registered targets
//   in all registered Availability Zones" (network/target-group-cross-zone), so both answers are
//   right; the test asserts that the node may choose either.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { type ReachQuery, reach } from "../src/analyze/reach.js";
import { reachEngine } from "../src/analyze/reach.js";
import { chooseTargets } from "../src/analyze/load-balancers.js";
import { importAwsDescribe } from "../src/import/aws/describe.js";
import type { Topology } from "../src/topology/model.js";
import { BATFISH } from "./audit-fixtures.js";
import { dpnet } from "./support/cli.js";

const NAT = join(BATFISH, "test-nat-gateway");
const LB = join(BATFISH, "test-load-balancer");
const PUBLIC_PRIVATE = join(BATFISH, "test-public-private-subnet");

const snapshots = new Map<string, Promise<Topology>>();
function snapshot(dir: string): Promise<Topology> {
  if (!snapshots.has(dir))
    snapshots.set(
      dir,
      importAwsDescribe(dir).then((r) => r.topology),
    );
  return snapshots.get(dir)!;
}

interface Verdict {
  dir: string;
  query: ReachQuery;
  disposition: string;
  hops: string[];
  back?: string[];
}

/** `--to` as the CLI spells it: `ip:port`, or just the address for portless protocols. */
function cliArgs(v: Verdict): string[] {
  const { from, to, port, protocol } = v.query;
  return [
    "reach",
    "--aws",
    v.dir,
    "--from",
    from,
    "--to",
    port === undefined ? to : `${to}:${port}`,
    ...(protocol === undefined ? [] : ["--protocol", String(protocol)]),
    "--json",
  ];
}

async function check(v: Verdict): Promise<void> {
  const r = reach(await snapshot(v.dir), v.query);
  assert.equal(r.disposition, v.disposition, r.hops.map((h) => `${h.id}: ${h.decision}`).join("\n"));
  assert.deepEqual(
    r.hops.map((h) => h.id),
    v.hops,
  );
  assert.deepEqual(
    r.return?.map((h) => h.id),
    v.back,
  );

  const cli = dpnet(...cliArgs(v));
  assert.equal(cli.stderr, "");
  const json = JSON.parse(cli.stdout) as { disposition: string; hops: { id: string }[]; return?: { id: string }[] };
  assert.equal(json.disposition, v.disposition);
  assert.deepEqual(
    json.hops.map((h) => h.id),
    v.hops,
  );
  assert.deepEqual(
    json.return?.map((h) => h.id),
    v.back,
  );
}

// test-nat-gateway
const PRIVATE_INSTANCE = "i-0a128d26e59be60f3";
const PRIVATE_SUBNET = "subnet-06f469bcee42e408e";
const NAT_VPC = "vpc-0008a7b45e3ddf1dd";
const NAT_GW = "nat-07ab4846da51f4612";
const NAT_SUBNET = "subnet-0428892a357fa1f94";
const NAT_IGW = "igw-071753b9c23d8a9b2";

test("NAT: private instance -> 8.8.8.8 TCP 80 leaves through subnet, NAT gateway, NAT subnet, IGW; replies come back the same way", () =>
  check({
    dir: NAT,
    query: { from: PRIVATE_INSTANCE, to: "8.8.8.8", port: 80 },
    disposition: "exits-network",
    hops: [PRIVATE_INSTANCE, PRIVATE_SUBNET, NAT_VPC, NAT_GW, NAT_SUBNET, NAT_IGW, "internet"],
    back: ["internet", NAT_IGW, NAT_SUBNET, NAT_GW, NAT_VPC, PRIVATE_SUBNET, PRIVATE_INSTANCE],
  }));

test("NAT: TCP from the internet to the NAT's public IP, in no session, is denied at the NAT gateway", () =>
  check({
    dir: NAT,
    query: { from: "internet", to: "3.135.127.225", port: 80 },
    disposition: "denied",
    hops: ["internet", NAT_IGW, NAT_SUBNET, NAT_GW],
  }));

test("NAT: a protocol the NAT gateway does not translate (107, as Batfish's test) is denied at the NAT gateway", () =>
  check({
    dir: NAT,
    query: { from: PRIVATE_INSTANCE, to: "8.8.8.8", protocol: 107 },
    disposition: "denied",
    hops: [PRIVATE_INSTANCE, PRIVATE_SUBNET, NAT_VPC, NAT_GW],
  }));

test("NAT (Batfish's test beyond the README): from inside the NAT's subnet to its private IP is denied at the NAT gateway", () =>
  check({
    dir: NAT,
    query: { from: "i-0b31b509174d7f5de", to: "10.1.250.210", port: 80 },
    disposition: "denied",
    hops: ["i-0b31b509174d7f5de", NAT_GW],
  }));

// test-load-balancer
const CLIENT = "i-0c8ce8bbdd98cc4e8";
const CLIENT_SUBNET = "subnet-065a3676df7fa9fd9";
const LB_VPC = "vpc-015b20578b48c1349";
const NODE_B = "eni-01f261dccaba46564";
const SUBNET_B = "subnet-090fe152cd18ced20";
const TARGET_B = "i-055b0db7be365202c";
const NODE_A = "eni-0c82d6f7254ae6695";
const SUBNET_A = "subnet-0873d71031a560a88";
const TARGET_A = "i-0f4af951d61a19245";

test("NLB: client -> the us-east-2a node on TCP 80 is forwarded to a healthy target, and the reply returns through the node", () =>
  check({
    dir: LB,
    query: { from: CLIENT, to: "10.1.20.123", port: 80 },
    disposition: "accepted",
    hops: [CLIENT, CLIENT_SUBNET, LB_VPC, SUBNET_A, NODE_A, TARGET_A],
    back: [TARGET_A, NODE_A, SUBNET_A, LB_VPC, CLIENT_SUBNET, CLIENT],
  }));

test("NLB: client -> the us-east-2b node on TCP 80 is accepted, and cross-zone (as the attributes say) lets it reach either target", async () => {
  await check({
    dir: LB,
    query: { from: CLIENT, to: "10.1.1.237", port: 80 },
    disposition: "accepted",
    hops: [CLIENT, CLIENT_SUBNET, LB_VPC, SUBNET_B, NODE_B, TARGET_B],
    back: [TARGET_B, NODE_B, SUBNET_B, LB_VPC, CLIENT_SUBNET, CLIENT],
  });
  const t = await snapshot(LB);
  const { ix } = reachEngine(t);
  const lb = t.loadBalancers[0]!;
  assert.equal(lb.crossZone, true);
  const node = lb.nodes.find((n) => n.id === NODE_B)!;
  const { choices } = chooseTargets(ix, lb, ix.targetGroups.get(lb.listeners[0]!.targetGroupId)!, node, 4);
  assert.deepEqual(
    choices.map((c) => [c.target.id, c.port, c.why]),
    [
      [TARGET_B, 22, "same zone"],
      [TARGET_A, 22, "cross-zone"],
    ],
  );
});

test("NLB: client -> either node on a port with no listener (81) is denied at the load balancer", async () => {
  await check({ dir: LB, query: { from: CLIENT, to: "10.1.1.237", port: 81 }, disposition: "denied", hops: [CLIENT, CLIENT_SUBNET, LB_VPC, SUBNET_B, NODE_B] });
  await check({
    dir: LB,
    query: { from: CLIENT, to: "10.1.20.123", port: 81 },
    disposition: "denied",
    hops: [CLIENT, CLIENT_SUBNET, LB_VPC, SUBNET_A, NODE_A],
  });
});

// test-public-private-subnet
const PUBLIC = "i-094a9e5b545a4fde4";
const PUBLIC_SUBNET = "subnet-0cf7a93fbd779f3a3";
const PRIVATE = "i-099cf38911942421c";
const PRIVATE_SUBNET_2 = "subnet-0f263105946ad1a1d";
const PP_VPC = "vpc-0b966fdeb36d5e43f";
const PP_IGW = "igw-0eac198308206c358";
const VGW = "vgw-070087240d6fa2989";
const IP = 0;

test("public/private: private instance -> the public instance's public IP has no route (the VGW has none for it)", () =>
  check({ dir: PUBLIC_PRIVATE, query: { from: PRIVATE, to: "13.58.55.60", protocol: IP }, disposition: "no-route", hops: [PRIVATE, PRIVATE_SUBNET_2, VGW] }));

test("public/private: private instance -> 10.0.0.47 is denied by the public instance's security group", () =>
  check({
    dir: PUBLIC_PRIVATE,
    query: { from: PRIVATE, to: "10.0.0.47", protocol: IP },
    disposition: "denied",
    hops: [PRIVATE, PRIVATE_SUBNET_2, PP_VPC, PUBLIC_SUBNET, PUBLIC],
  }));

test("public/private: public instance -> 10.0.1.204 is denied by the private instance's security group", () =>
  check({
    dir: PUBLIC_PRIVATE,
    query: { from: PUBLIC, to: "10.0.1.204", protocol: IP },
    disposition: "denied",
    hops: [PUBLIC, PUBLIC_SUBNET, PP_VPC, PRIVATE_SUBNET_2, PRIVATE],
  }));

test("public/private: internet -> 13.58.55.60 reaches the public instance via the IGW and is denied by its security group", () =>
  check({
    dir: PUBLIC_PRIVATE,
    query: { from: "internet", to: "13.58.55.60", protocol: IP },
    disposition: "denied",
    hops: ["internet", PP_IGW, PUBLIC_SUBNET, PUBLIC],
  }));

test("public/private: internet -> 10.0.0.47 (a private address) is dropped before entering AWS", () =>
  check({ dir: PUBLIC_PRIVATE, query: { from: "internet", to: "10.0.0.47", protocol: IP }, disposition: "null-routed", hops: ["internet"] }));

test("public/private: public instance -> 8.8.8.8 exits the network through the IGW", () =>
  check({
    dir: PUBLIC_PRIVATE,
    query: { from: PUBLIC, to: "8.8.8.8", protocol: IP },
    disposition: "exits-network",
    hops: [PUBLIC, PUBLIC_SUBNET, PP_IGW, "internet"],
    back: ["internet", PP_IGW, PUBLIC_SUBNET, PUBLIC],
  }));

test("public/private (Batfish's tests beyond the README): the private instance reaches the VPN site, not the internet", async () => {
  await check({ dir: PUBLIC_PRIVATE, query: { from: PRIVATE, to: "8.8.8.8", protocol: IP }, disposition: "no-route", hops: [PRIVATE, PRIVATE_SUBNET_2, VGW] });
  await check({
    dir: PUBLIC_PRIVATE,
    query: { from: PRIVATE, to: "19.168.0.0", protocol: IP },
    disposition: "exits-network",
    hops: [PRIVATE, PRIVATE_SUBNET_2, VGW],
  });
});

test("the three snapshots run through dpnet audit --aws: findings (they are not data planes), no error", () => {
  const common = (vpc: string, defaultGroup: string, sshGroups: string[]) => [
    ["DPN-AWS-001", vpc],
    ["DPN-AWS-002", vpc],
    ["DPN-AWS-002", vpc],
    ["DPN-AWS-002", vpc],
    ["DPN-AWS-015", defaultGroup],
    ...sshGroups.map((g) => ["DPN-AWS-016", g]),
  ];
  const expected: [string, string[][]][] = [
    // Its private subnet routed to the NAT gateway serves as the node tier, as it should.
    [NAT, common(NAT_VPC, "sg-0010bf850022667c2", ["sg-0253af84ae6485905", "sg-0b647281e3f8f7c18"])],
    // Two node subnets with no way out (the main table has the local route only): DPN-AWS-007 for each.
    [
      LB,
      [
        ...common(LB_VPC, "sg-014dccc589d557a6b", ["sg-09dabbcbd3f44ebcf", "sg-0a74e5595da78724d"]),
        ["DPN-AWS-007", "rtb-08a3882c161001ceb"],
        ["DPN-AWS-007", "rtb-08a3882c161001ceb"],
      ],
    ],
    // The private subnet's default route goes to the VGW, which has no route to the internet.
    [PUBLIC_PRIVATE, [...common(PP_VPC, "sg-03a9dc5ba789b0f7f", ["sg-063f2bb51713c3236", "sg-0662342465612f419"]), ["DPN-AWS-007", "rtb-002f0eabf583bf991"]]],
  ];
  for (const [dir, findings] of expected) {
    const r = dpnet("audit", "--aws", dir, "--json");
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, "");
    const report = JSON.parse(r.stdout) as { findings: { id: string; resource: string }[]; gaps: string[] };
    assert.deepEqual(report.gaps, []);
    const sort = (list: string[][]) => [...list].sort((a, b) => `${a}`.localeCompare(`${b}`));
    assert.deepEqual(sort(report.findings.map((f) => [f.id, f.resource])), sort(findings), dir);
  }
});
