// The exhaustive analysis against the concrete walk, on topologies of both clouds (hand-built
// ones with network ACLs, NSGs, a transit gateway, load balancers and NAT; Batfish's real AWS
// snapshots; the examples' synthesized modules): every witness, replayed by `reach`, gets its
// class's verdict; random packets, walked concretely, take the path of the one class that holds them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import { type Flow, EPHEMERAL, ICMP, ICMPV6, TCP, UDP, hasPorts } from "../src/analyze/flow.js";
import { reach, reachEngine, walkFlow } from "../src/analyze/reach.js";
import { type PacketClass, type PacketSpace, type Start, allPorts, analyze, classHolds, everything, internetSpace } from "../src/analyze/space/analysis.js";
import { importAwsDescribe } from "../src/import/aws/describe.js";
import { loadSource } from "../src/import/source.js";
import { type Family, formatAddress, parsePrefix } from "../src/ipam/prefix.js";
import type { Topology } from "../src/topology/model.js";
import { BATFISH } from "./audit-fixtures.js";
import { ANY, EGRESS_ALL, aclEntry, awsVpc, azureVnet, cidr, ingress, instance, nsgRule, tag } from "./reach-fixtures.js";

const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;

/** awsVpc with a network ACL (a deny inside an allow, port ranges), an NLB, IPv6 and a transit gateway to a second VPC. */
function richAws(): Topology {
  const t = awsVpc();
  t.networks[0]!.cidrs.push("2001:db8:1::/56");
  t.subnets[0]!.cidrs.push("2001:db8:1::/64");
  t.interfaces[0]!.privateIps.push("2001:db8:1::5");
  t.networks.push({ id: "vpc-2", cloud: "aws", cidrs: ["10.9.0.0/16"] });
  t.subnets.push({ id: "subnet-far", networkId: "vpc-2", cidrs: ["10.9.1.0/24"], routeTableId: "rtb-far" });
  t.routeTables.push({ id: "rtb-far", networkId: "vpc-2", routes: [{ destination: "10.0.0.0/8", target: { kind: "gateway", id: "tgw-1" } }] });
  t.routeTables[1]!.routes.push(
    { destination: "10.9.0.0/16", target: { kind: "gateway", id: "tgw-1" } },
    { destination: "192.0.2.0/25", target: { kind: "blackhole" } },
  );
  t.routeTables[0]!.routes.push({ destination: "::/0", target: { kind: "gateway", id: "igw-1" } });
  t.gateways.push({ id: "tgw-1", kind: "transit-gateway", networkIds: ["vpc-1", "vpc-2"] });
  t.transitAttachments = [
    { id: "tgw-attach-1", gatewayId: "tgw-1", kind: "vpc", networkId: "vpc-1", routeTableId: "tgw-rtb-1" },
    { id: "tgw-attach-2", gatewayId: "tgw-1", kind: "vpc", networkId: "vpc-2", routeTableId: "tgw-rtb-1" },
  ];
  t.transitRouteTables = [
    {
      id: "tgw-rtb-1",
      gatewayId: "tgw-1",
      routes: [
        { destination: "10.0.0.0/16", attachmentId: "tgw-attach-1", origin: "propagated" },
        { destination: "10.9.0.0/16", attachmentId: "tgw-attach-2", origin: "propagated" },
        { destination: "10.0.2.0/24" },
      ],
    },
  ];
  t.interfaces.push(instance("i-far", "subnet-far", "10.9.1.7", { securityGroupIds: ["sg-far"] }));
  t.securityGroups.push(
    {
      id: "sg-far",
      networkId: "vpc-2",
      rules: [
        ingress("tcp", 22, cidr("10.0.1.0/24")),
        { direction: "ingress", protocol: "udp", ports: { from: 5000, to: 6000 }, peer: cidr("10.0.0.0/8") },
        EGRESS_ALL,
      ],
    },
    {
      id: "sg-nlb",
      networkId: "vpc-1",
      rules: [
        { direction: "ingress", protocol: "tcp", ports: { from: 400, to: 500 }, peer: cidr("0.0.0.0/1") },
        ingress("tcp", 443, cidr("203.0.113.0/24")),
        EGRESS_ALL,
      ],
    },
  );
  t.securityGroups[1]!.rules.push(ingress("tcp", 8080, group("sg-nlb")), { direction: "ingress", protocol: 47, peer: cidr("10.9.0.0/16") });
  t.networkAcls.push({
    id: "acl-app",
    networkId: "vpc-1",
    entries: [
      aclEntry(90, "ingress", "deny", "tcp", "64.0.0.0/2", [8000, 8100]),
      aclEntry(100, "ingress", "allow", "all", "0.0.0.0/0"),
      aclEntry(100, "egress", "allow", "tcp", "0.0.0.0/0", [1024, 65535]),
      aclEntry(110, "egress", "allow", "all", "10.0.0.0/8"),
    ],
  });
  t.subnets[1]!.networkAclId = "acl-app";
  t.loadBalancers.push({
    id: "nlb-1",
    kind: "network",
    scheme: "internet-facing",
    networkId: "vpc-1",
    securityGroupIds: ["sg-nlb"],
    nodes: [{ id: "nlb-1-a", subnetId: "subnet-pub", zone: "a", privateIps: ["10.0.0.20"], publicIps: ["198.51.100.1"] }],
    listeners: [
      { id: "l-450", port: 450, protocol: "tcp", targetGroupId: "tg-app" },
      { id: "l-443", port: 443, protocol: "tcp", targetGroupId: "tg-app" },
    ],
  });
  t.targetGroups.push({ id: "tg-app", protocol: "tcp", port: 8080, targetType: "instance", targets: [{ id: "i-app" }, { id: "i-app-b" }] });
  return t;
}

function group(id: string) {
  return { kind: "security-group" as const, id };
}

/** azureVnet with NSG rules (a deny before an allow, a port range, service tags), a public IP and a UDR to the appliance. */
function richAzure(): Topology {
  const t = azureVnet();
  t.networkSecurityGroups[0]!.rules.push(
    nsgRule("deny-ssh-half", 100, "inbound", "deny", "tcp", 22, [cidr("128.0.0.0/1")]),
    {
      ...nsgRule("allow-range", 200, "inbound", "allow", "tcp", undefined, [tag("Internet")]),
      destinationPorts: [
        { from: 20, to: 30 },
        { from: 6000, to: 7000 },
      ],
    },
    nsgRule("deny-out", 300, "outbound", "deny", "udp", 53, [ANY], [cidr("8.8.8.0/24")]),
  );
  t.networkSecurityGroups[1]!.rules.push(nsgRule("nic-any", 100, "inbound", "allow", "all", undefined, [ANY]));
  t.interfaces[0]!.publicIps = [{ publicIp: "20.1.1.1" }];
  t.routeTables.push({ id: "rt-app", networkId: "vnet-1", routes: [{ destination: "0.0.0.0/0", target: { kind: "appliance", ip: "10.1.2.4" } }] });
  t.subnets[0]!.routeTableId = "rt-app";
  return t;
}

interface Case {
  name: string;
  topology: () => Promise<Topology>;
  starts: (t: Topology) => Start[];
  families: Family[];
}

const everyStart = (t: Topology): Start[] => [
  { at: "internet" },
  ...t.subnets.map((subnet) => ({ at: "subnet" as const, subnet })),
  ...t.interfaces.map((iface) => ({ at: "interface" as const, iface })),
];

const CASES: Case[] = [
  { name: "AWS: ACLs, NLB, NAT, transit gateway, IPv6", topology: async () => richAws(), starts: everyStart, families: [4, 6] },
  { name: "Azure: NSGs, public IP, appliance", topology: async () => richAzure(), starts: everyStart, families: [4] },
  {
    name: "Batfish test-load-balancer",
    topology: async () => (await importAwsDescribe(join(BATFISH, "test-load-balancer"))).topology,
    starts: everyStart,
    families: [4],
  },
  {
    name: "Batfish test-nat-gateway",
    topology: async () => (await importAwsDescribe(join(BATFISH, "test-nat-gateway"))).topology,
    starts: everyStart,
    families: [4],
  },
  {
    name: "examples/aws-internet.yaml module",
    topology: async () => (await loadSource(join(EXAMPLES, "aws-internet.yaml"))).topology,
    starts: (t) => [{ at: "internet" }, ...t.subnets.slice(0, 9).map((subnet) => ({ at: "subnet" as const, subnet }))],
    families: [4, 6],
  },
  {
    name: "examples/azure-managed.yaml module",
    topology: async () => (await loadSource(join(EXAMPLES, "azure-managed.yaml"))).topology,
    starts: (t) => [{ at: "internet" }, ...t.subnets.map((subnet) => ({ at: "subnet" as const, subnet }))],
    families: [4],
  },
];

function sourceSpace(t: Topology, start: Start, family: Family) {
  if (start.at === "internet") return internetSpace(family);
  const ix = reachEngine(t).ix;
  const subnet = start.at === "subnet" ? start.subnet : ix.subnetOf(start.iface);
  const block = ix.blocksOf(subnet.id).find((b) => b.family === family);
  return block ? [{ lo: block.value, hi: block.value + (1n << BigInt((family === 4 ? 32 : 128) - block.len)) - 1n }] : [];
}

function flowOf(family: Family, p: { src: bigint; dst: bigint; protocol: number; port: number }): Flow {
  const icmp = p.protocol === ICMP || p.protocol === ICMPV6;
  return {
    src: { family, value: p.src },
    dst: { family, value: p.dst },
    protocol: p.protocol,
    srcPorts: hasPorts(p.protocol) ? EPHEMERAL : { from: 0, to: 0 },
    dstPorts: hasPorts(p.protocol) ? { from: p.port, to: p.port } : { from: 0, to: 0 },
    ...(icmp ? { icmpType: 8 } : {}),
  };
}

/** Every address the topology names, and the first, last and neighbouring addresses of every block it names: where classes part. */
function namedPoints(t: Topology, family: Family): bigint[] {
  const points = new Set<bigint>();
  const max = family === 4 ? 2n ** 32n - 1n : 2n ** 128n - 1n;
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      const p = parsePrefix(v);
      if (p?.family !== family) return;
      const last = p.value + (1n << BigInt((family === 4 ? 32 : 128) - p.len)) - 1n;
      for (const x of [p.value - 1n, p.value, last, last + 1n]) if (x >= 0n && x <= max) points.add(x);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === "object" && v !== null) Object.values(v).forEach(visit);
  };
  visit(t);
  return [...points];
}

const path = (hops: { id: string; kind: string }[] | undefined) => (hops ?? []).map((h) => `${h.kind}:${h.id}`);

for (const c of CASES) {
  test(`exhaustive = concrete: ${c.name}`, async () => {
    const topology = await c.topology();
    const engine = reachEngine(topology);
    for (const family of c.families) {
      for (const start of c.starts(topology)) {
        const src = sourceSpace(topology, start, family);
        if (src.length === 0) continue;
        const space: PacketSpace = { family, src, dst: everything(family), protocols: { allBut: [] }, ports: allPorts() };
        const classes = analyze(topology, start, space);
        const where = `${c.name}, from ${start.at === "internet" ? "internet" : start.at === "subnet" ? start.subnet.id : start.iface.id}, IPv${family}`;
        assert.ok(classes.length > 0, where);
        // Every witness, asked through reach as a user would, gets its class's verdict and path.
        for (const k of classes.filter((_, i) => i % 7 === 0)) {
          const w = k.witness;
          const from = start.at === "internet" ? "internet" : start.at === "subnet" ? start.subnet.id : start.iface.id;
          const r = reach(topology, {
            from,
            sourceIp: formatAddress(w.src),
            to: formatAddress(w.dst),
            protocol: w.protocol,
            ...(hasPorts(w.protocol) ? { port: w.dstPorts.from } : {}),
          });
          assert.equal(r.disposition, k.disposition, `${where}: witness ${r.flow}`);
          assert.deepEqual(path(r.hops), path(k.result.hops), `${where}: witness ${r.flow}`);
        }
        // Random packets: of a random class (anywhere inside it), or anywhere in the space.
        const protocols = [...new Set(classes.map((k) => k.witness.protocol))];
        const within = (set: { lo: bigint; hi: bigint }[]) => fc.constantFrom(...set).chain((r) => fc.bigInt(r.lo, r.hi));
        const inside = (k: PacketClass) =>
          fc.record({
            src: within(k.src),
            dst: within(k.dst),
            protocol:
              "only" in k.protocols
                ? fc.constantFrom(...k.protocols.only)
                : fc.integer({ min: 0, max: 255 }).filter((n) => !("allBut" in k.protocols && k.protocols.allBut.includes(n))),
            port: within(k.ports).map(Number),
          });
        const anywhere = fc.record({
          src: fc.constantFrom(...src).chain((r) => fc.bigInt(r.lo, r.hi)),
          dst: fc.bigInt(0n, family === 4 ? 2n ** 32n - 1n : 2n ** 128n - 1n),
          protocol: fc.oneof(fc.constantFrom(...protocols, TCP, UDP), fc.integer({ min: 0, max: 255 })),
          port: fc.integer({ min: 0, max: 65535 }),
        });
        const points = namedPoints(topology, family);
        if (points.length === 0) points.push(src[0]!.lo);
        const named = fc.record({
          src: fc.oneof(
            fc.constantFrom(...src).chain((r) => fc.bigInt(r.lo, r.hi)),
            fc.constantFrom(...points).filter((x) => src.some((r) => r.lo <= x && x <= r.hi)),
          ),
          dst: fc.constantFrom(...points),
          protocol: fc.constantFrom(...protocols, TCP, UDP),
          port: fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constantFrom(22, 80, 443, 450, 6443, 8080)),
        });
        const packet = fc.oneof(
          fc.integer({ min: 0, max: classes.length - 1 }).chain((i) => inside(classes[i]!)),
          anywhere,
          named,
        );
        fc.assert(
          fc.property(packet, (p) => {
            const holding = classes.filter((k) => classHolds(k, p));
            assert.equal(holding.length, 1, `${where}: ${holding.length} classes hold the packet`);
            const { result } = walkFlow(engine, start, flowOf(family, p));
            assert.equal(result.disposition, holding[0]!.disposition, `${where}: ${result.flow}`);
            assert.deepEqual(path(result.hops), path(holding[0]!.result.hops), `${where}: ${result.flow}`);
            assert.deepEqual(path(result.return), path(holding[0]!.result.return), `${where}: ${result.flow} (reply)`);
          }),
          { numRuns: 200, seed: 17 },
        );
      }
    }
  });
}

test("blocks the packet space leaves out do not split its classes: one class spans every gap between the public addresses", () => {
  const t = awsVpc();
  const app = t.subnets.find((s) => s.id === "subnet-app")!;
  const space: PacketSpace = {
    family: 4,
    src: [{ lo: 167772421n, hi: 167772421n }],
    dst: internetSpace(4),
    protocols: { only: [TCP] },
    ports: [{ lo: 443n, hi: 443n }],
  };
  const text = (v: bigint) => formatAddress({ family: 4, value: v });
  // 10.0.1.5 to the internet on TCP 443: out through nat-1, but not to the NAT's own address, and into i-web at its public one.
  assert.deepEqual(
    analyze(t, { at: "subnet", subnet: app }, space).map((c) => `${c.disposition} ${c.dst.map((r) => `${text(r.lo)}-${text(r.hi)}`).join(" ")}`),
    [
      "exits-network 1.0.0.0-3.3.3.2",
      "denied 3.3.3.3-3.3.3.3",
      "exits-network 3.3.3.4-9.255.255.255 11.0.0.0-13.0.0.4",
      "accepted 13.0.0.5-13.0.0.5",
      "exits-network 13.0.0.6-100.63.255.255 100.128.0.0-126.255.255.255 128.0.0.0-169.253.255.255 169.255.0.0-172.15.255.255 172.32.0.0-192.167.255.255 192.169.0.0-198.17.255.255 198.20.0.0-223.255.255.255",
    ],
  );
});
