// Benchmark: `verify` (every named check, the reachability engine compiled first) and single reach
// queries on a generated large AWS topology: 100 VPCs of 100 subnets (10,000 subnets, each with
// an instance and its own route table), 2,000 security groups of 50 rules (100,000 rules), and
// the data plane's tiers, NAT gateways and sync NLB in the first VPC. Measured in a child process
// started with --expose-gc, so the figures are this workload's alone.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { type DataPlaneContext, runChecks } from "../src/analyze/checks/index.js";
import { type ReachQuery, reach } from "../src/analyze/reach.js";
import { type Topology, emptyTopology } from "../src/topology/model.js";
import { line, round, summarize } from "./stats.js";

const VPCS = 100;
const SUBNETS_PER_VPC = 100;
const GROUPS_PER_VPC = 20;
const RULES_PER_GROUP = 50;
const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const CONTROL_PLANE = "203.0.113.0/24";

/** Subnet i of VPC v, its route table and an instance: the data plane's tiers in VPC 0 (public 0-2, node 3-5, pod 97-99 in the secondary block). */
function subnet(t: Topology, v: number, i: number): void {
  const pod = v === 0 && i >= SUBNETS_PER_VPC - 3;
  const k = i - (SUBNETS_PER_VPC - 3);
  const tier = v !== 0 ? undefined : i < 3 ? "public" : i < 6 ? "node" : pod ? "pod" : undefined;
  // The NAT gateways' subnets route to the internet gateway: VPC 0's public tier, subnet 0 elsewhere.
  const isPublic = v === 0 ? i < 3 : i === 0;
  const id = `subnet-${v}-${i}`;
  t.subnets.push({
    id,
    networkId: `vpc-${v}`,
    zone: ZONES[(pod ? k : i) % 3]!,
    routeTableId: isPublic ? `rtb-${v}-public` : `rtb-${v}-${i}`,
    cidrs: [pod ? `100.64.${k * 64}.0/18` : `10.${v}.${i}.0/24`],
    ...(tier ? { tier } : {}),
  });
  if (isPublic) return;
  const routes = pod
    ? []
    : [
        { destination: "0.0.0.0/0", target: { kind: "gateway" as const, id: `nat-${v}-${v === 0 ? i % 3 : 0}` } },
        ...[1, 2, 3, 4, 5].map((n) => ({ destination: `172.${16 + n}.${i}.0/24`, target: { kind: "gateway" as const, id: `pcx-${v}` } })),
      ];
  t.routeTables.push({ id: `rtb-${v}-${i}`, networkId: `vpc-${v}`, routes });
  if (!pod)
    t.interfaces.push({
      id: `eni-${v}-${i}`,
      instanceId: `i-${v}-${i}`,
      subnetId: id,
      privateIps: [`10.${v}.${i}.10`],
      securityGroupIds: [`sg-${v}-${i % GROUPS_PER_VPC}`],
    });
}

function vpc(t: Topology, v: number): void {
  t.networks.push({ id: `vpc-${v}`, cloud: "aws", region: "eu-west-1", cidrs: v === 0 ? ["10.0.0.0/16", "100.64.0.0/16"] : [`10.${v}.0.0/16`] });
  t.gateways.push({ id: `igw-${v}`, kind: "internet-gateway", networkIds: [`vpc-${v}`] });
  t.gateways.push({ id: `pcx-${v}`, kind: "peering", networkIds: [`vpc-${v}`, `vpc-${(v + 1) % VPCS}`] });
  for (const z of v === 0 ? [0, 1, 2] : [0]) {
    t.gateways.push({
      id: `nat-${v}-${z}`,
      kind: "nat-gateway",
      networkIds: [`vpc-${v}`],
      subnetId: `subnet-${v}-${z}`,
      privateIp: `10.${v}.${z}.5`,
      publicIp: `192.0.2.${v === 0 ? z + 1 : v + 3}`,
    });
  }
  t.routeTables.push({ id: `rtb-${v}-public`, networkId: `vpc-${v}`, routes: [{ destination: "0.0.0.0/0", target: { kind: "gateway", id: `igw-${v}` } }] });
  for (let i = 0; i < SUBNETS_PER_VPC; i++) subnet(t, v, i);
  t.securityGroups.push({ id: `sg-${v}-default`, networkId: `vpc-${v}`, isDefault: true, rules: [] });
  for (let g = 0; g < GROUPS_PER_VPC; g++) {
    const rules = Array.from({ length: RULES_PER_GROUP - 1 }, (_, r) => ({
      direction: "ingress" as const,
      protocol: "tcp" as const,
      ports: { from: 1000 + r, to: 1000 + r },
      peer: r % 5 === 0 ? { kind: "security-group" as const, id: `sg-${v}-${(g + 1) % GROUPS_PER_VPC}` } : { kind: "cidr" as const, cidr: `10.${v}.${r}.0/24` },
    }));
    rules.push({ direction: "ingress", protocol: "tcp", ports: { from: 443, to: 443 }, peer: { kind: "cidr", cidr: CONTROL_PLANE } });
    t.securityGroups.push({
      id: `sg-${v}-${g}`,
      networkId: `vpc-${v}`,
      rules: [...rules, { direction: "egress", protocol: "all", peer: { kind: "cidr", cidr: "0.0.0.0/0" } }],
    });
  }
}

/** The sync NLB: internet-facing in VPC 0's public subnets, TCP 443 from the control plane to the node subnets' instances. */
function syncNlb(t: Topology): void {
  t.securityGroups.push({
    id: "sg-nlb",
    networkId: "vpc-0",
    rules: [
      { direction: "ingress", protocol: "tcp", ports: { from: 443, to: 443 }, peer: { kind: "cidr", cidr: CONTROL_PLANE } },
      { direction: "egress", protocol: "tcp", ports: { from: 443, to: 443 }, peer: { kind: "cidr", cidr: "10.0.0.0/16" } },
    ],
  });
  t.loadBalancers.push({
    id: "nlb-ingress",
    kind: "network",
    scheme: "internet-facing",
    networkId: "vpc-0",
    securityGroupIds: ["sg-nlb"],
    crossZone: true,
    nodes: [0, 1, 2].map((z) => ({
      id: `nlb-ingress-${z}`,
      subnetId: `subnet-0-${z}`,
      zone: ZONES[z]!,
      privateIps: [`10.0.${z}.20`],
      publicIps: [`198.51.100.${z + 1}`],
    })),
    listeners: [{ id: "listener-443", port: 443, protocol: "tcp", targetGroupId: "tg-workers" }],
  });
  t.targetGroups.push({ id: "tg-workers", protocol: "tcp", port: 443, targetType: "instance", targets: [3, 4, 5].map((i) => ({ id: `i-0-${i}` })) });
}

export function largeTopology(): Topology {
  const t = emptyTopology();
  for (let v = 0; v < VPCS; v++) vpc(t, v);
  syncNlb(t);
  return t;
}

export const LARGE_CONTEXT: DataPlaneContext = {
  cloud: "aws",
  networkId: "vpc-0",
  podCidr: "100.64.0.0/16",
  controlPlane: { connectivity: "internet", cidrs: [CONTROL_PLANE], port: 443 },
};

interface ChildFigures {
  subnets: number;
  rules: number;
  findings: number;
  verifyMs: number[];
  queryMs: number[];
  natQueryMs: number[];
  heapAfterVerifyMb: number;
  peakRssMb: number;
}

const mb = (bytes: number) => round(bytes / 2 ** 20);

/** In the child: generate, verify a fresh copy a few times, then ask single queries on the last one's compiled engine. */
function measure(): ChildFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  const verifyMs: number[] = [];
  let last: Topology | undefined;
  let findings = 0;
  for (let run = 0; run < 5; run++) {
    last = undefined;
    const topology = largeTopology();
    gc();
    const start = performance.now();
    findings = runChecks(topology, LARGE_CONTEXT).length;
    verifyMs.push(performance.now() - start);
    last = topology;
  }
  gc();
  const heapAfterVerifyMb = mb(process.memoryUsage().heapUsed);
  const timeQuery = (query: ReachQuery) =>
    Array.from({ length: 200 }, () => {
      const start = performance.now();
      reach(last!, query);
      return performance.now() - start;
    });
  return {
    subnets: last!.subnets.length,
    rules: last!.securityGroups.reduce((n, g) => n + g.rules.length, 0),
    findings,
    verifyMs,
    heapAfterVerifyMb,
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    queryMs: timeQuery({ from: "internet", sourceIp: "203.0.113.7", to: "listener-443" }),
    natQueryMs: timeQuery({ from: "i-42-50", to: "198.51.100.200", port: 443 }),
  };
}

export async function benchVerify(): Promise<void> {
  const r = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--child"], { encoding: "utf8", maxBuffer: 2 ** 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  const f = JSON.parse(r.stdout) as ChildFigures;
  console.log(`generated: ${f.subnets} subnets, ${f.rules} security-group rules; verify gives ${f.findings} findings`);
  console.log(line("verify (engine compiled + every check)", summarize(f.verifyMs), "<= 2000 ms"));
  console.log(line("reach: control plane -> NLB -> instance", summarize(f.queryMs), "<= 10 ms"));
  console.log(line("reach: instance -> NAT -> internet, and back", summarize(f.natQueryMs), "<= 10 ms"));
  console.log(`memory: heap after verify (gc) ${f.heapAfterVerifyMb} MB; peak RSS of the process ${f.peakRssMb} MB   target <= 500 MB`);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes("--child")) {
  process.stdout.write(JSON.stringify(measure()));
}
