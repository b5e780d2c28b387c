// The AWS address layout the Conveyor seed asks for: the pod CIDR associated as a secondary block,
// public, node and pod subnets in 3 distinct zones, node subnets of at least /24 in the primary
// block, pod subnets of /18 in the secondary one.
import type { Finding, TraceHop } from "../../findings.js";
import { type Prefix, coversPrefix, parsePrefix } from "../../ipam/prefix.js";
import type { Network, Subnet } from "../../topology/model.js";
import { finding, hop, notEnoughData } from "./finding.js";
import { CONVEYOR, defineCheck } from "./define.js";
import { type CheckInput, dataPlaneNetwork, tierSubnets, tiersKnown } from "./input.js";

const ZONES = 3;
const MAX_NODE_PREFIX = 24;
const POD_PREFIX = 18;
const TIERS = ["public", "node", "pod"] as const;

function ipv4(input: CheckInput, id: string): Prefix | undefined {
  return input.engine.ix.blocksOf(id).find((b) => b.family === 4);
}

function networkHop(net: Network): TraceHop {
  const [primary, ...secondary] = net.cidrs;
  return hop(net.id, "network", `primary block ${primary ?? "none"}; secondary blocks: ${secondary.length ? secondary.join(", ") : "none"}`);
}

function subnetHop(s: Subnet, tier: string): TraceHop {
  return hop(s.id, "subnet", `${tier} subnet ${s.cidrs.join(", ") || "(no block)"}${s.zone ? ` in ${s.zone}` : ""}`);
}

/** The VPC's secondary IPv4 blocks (every block after the primary). */
function secondaryBlocks(input: CheckInput, net: Network): Prefix[] {
  return input.engine.ix
    .blocksOf(net.id)
    .filter((b) => b.family === 4)
    .slice(1);
}

export const podCidrAssociated = defineCheck({
  id: "DPN-AWS-001",
  title: "Pod CIDR associated with the VPC",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: "Associate the secondary CIDR 100.64.0.0/16 with your VPC."`,
  fix: "Associate the pod CIDR with the VPC (aws_vpc_ipv4_cidr_block_association) and carve the pod subnets from it.",
  scope: "data-plane",
  run: secondaryCidr,
});

/** DPN-AWS-001: the pod CIDR is one of the VPC's secondary blocks. */
function secondaryCidr(input: CheckInput): Finding[] {
  const id = "DPN-AWS-001";
  const net = dataPlaneNetwork(input, "aws");
  if (!net) return [notEnoughData(id, "vpc", "which VPC is the data plane's")];
  const expected = input.context.podCidr === undefined ? undefined : parsePrefix(input.context.podCidr);
  const secondary = secondaryBlocks(input, net);
  if (expected) {
    if (secondary.some((b) => b.text === expected.text)) return [];
    const fix = `associate ${expected.text} with the VPC (aws_vpc_ipv4_cidr_block_association) and carve the pod subnets from it`;
    return [finding(id, net.id, `the pod CIDR ${expected.text} is not a secondary block of the VPC: ${fix}`, [networkHop(net)])];
  }
  const pods = tierSubnets(input, "pod");
  if (pods.length === 0) return [notEnoughData(id, net.id, "which block is the pod CIDR (no pod subnets are known)", [networkHop(net)])];
  const outside = pods.filter((s) => {
    const block = ipv4(input, s.id);
    return !block || !secondary.some((b) => coversPrefix(b, block));
  });
  if (outside.length === 0) return [];
  const trace = [networkHop(net), ...outside.map((s) => subnetHop(s, "pod"))];
  return [
    finding(
      id,
      net.id,
      "the pod subnets lie in no secondary block of the VPC: associate the pod CIDR (100.64.0.0/16) with the VPC and carve them from it",
      trace,
    ),
  ];
}

export const tiersInThreeZones = defineCheck({
  id: "DPN-AWS-002",
  title: "Public, node and pod subnets in 3 distinct zones",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: "Setup 3 public subnets in 3 availability zones", and 3 node and 3 pod subnets.`,
  fix: "Give each tier one subnet in each of 3 distinct availability zones.",
  scope: "data-plane",
  run: threeZones,
});

/** DPN-AWS-002: each tier has a subnet in each of 3 distinct zones. */
function threeZones(input: CheckInput): Finding[] {
  const id = "DPN-AWS-002";
  const net = dataPlaneNetwork(input, "aws");
  const resource = net?.id ?? "vpc";
  if (!tiersKnown(input)) return [notEnoughData(id, resource, "which subnets are public, node and pod subnets")];
  return TIERS.flatMap((tier) => {
    const subnets = tierSubnets(input, tier);
    const unknown = subnets.filter((s) => s.zone === undefined);
    if (unknown.length) return [notEnoughData(id, unknown[0]!.id, `the zone of the ${tier} subnet`, [subnetHop(unknown[0]!, tier)])];
    const zones = [...new Set(subnets.map((s) => s.zone!))].sort();
    if (zones.length >= ZONES) return [];
    const where = zones.length ? `span ${zones.length} zone${zones.length === 1 ? "" : "s"} (${zones.join(", ")})` : "are missing";
    return [
      finding(
        id,
        resource,
        `the ${tier} subnets ${where}: give the ${tier} tier a subnet in each of ${ZONES} distinct availability zones`,
        subnets.map((s) => subnetHop(s, tier)),
      ),
    ];
  });
}

export const nodeSubnetsSized = defineCheck({
  id: "DPN-AWS-003",
  title: "Node subnets at least /24, in the primary CIDR",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: "Setup 3 private subnets of at least the /24 size in the primary VPC CIDR range."`,
  fix: "Make each node subnet a /24 or larger inside the VPC's primary block.",
  scope: "data-plane",
  run: nodeSubnets,
});

/** DPN-AWS-003: node subnets are at least /24 and inside the VPC's primary block. */
function nodeSubnets(input: CheckInput): Finding[] {
  const id = "DPN-AWS-003";
  const net = dataPlaneNetwork(input, "aws");
  const primary = net && ipv4(input, net.id);
  if (!net || !primary) return [notEnoughData(id, net?.id ?? "vpc", "the VPC's primary block")];
  return tierSubnets(input, "node").flatMap((s) => {
    const block = ipv4(input, s.id);
    const trace = [subnetHop(s, "node"), networkHop(net)];
    if (!block) return [notEnoughData(id, s.id, "the node subnet's IPv4 block", trace)];
    const problems = [
      ...(block.len > MAX_NODE_PREFIX ? [`is a /${block.len}, smaller than a /${MAX_NODE_PREFIX}`] : []),
      ...(!coversPrefix(primary, block) ? [`lies outside the primary block ${primary.text}`] : []),
    ];
    if (problems.length === 0) return [];
    return [finding(id, s.id, `node subnet ${block.text} ${problems.join(" and ")}: use a /${MAX_NODE_PREFIX} or larger inside ${primary.text}`, trace)];
  });
}

export const podSubnetsSized = defineCheck({
  id: "DPN-AWS-004",
  title: "Pod subnets /18 in the secondary CIDR",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: "Setup 3 private subnet using /18 size of the secondary CIDR (100.64.0.0/18, 100.64.64.0/18, 100.64.128.0/18)."`,
  fix: "Make each pod subnet a /18 (or larger) inside the secondary block.",
  scope: "data-plane",
  run: podSubnets,
});

/** DPN-AWS-004: pod subnets are /18 (or larger) inside a secondary block; DPN-AWS-001 reports a missing one. */
function podSubnets(input: CheckInput): Finding[] {
  const id = "DPN-AWS-004";
  const net = dataPlaneNetwork(input, "aws");
  if (!net) return [notEnoughData(id, "vpc", "which VPC is the data plane's")];
  const secondary = secondaryBlocks(input, net);
  return tierSubnets(input, "pod").flatMap((s) => {
    const block = ipv4(input, s.id);
    const trace = [subnetHop(s, "pod"), networkHop(net)];
    if (!block) return [notEnoughData(id, s.id, "the pod subnet's IPv4 block", trace)];
    const problems = [
      ...(block.len > POD_PREFIX ? [`is a /${block.len}, smaller than a /${POD_PREFIX}`] : []),
      ...(secondary.length > 0 && !secondary.some((b) => coversPrefix(b, block))
        ? [`lies outside the secondary blocks ${secondary.map((b) => b.text).join(", ")}`]
        : []),
    ];
    if (problems.length === 0) return [];
    return [finding(id, s.id, `pod subnet ${block.text} ${problems.join(" and ")}: use a /${POD_PREFIX} of the secondary CIDR`, trace)];
  });
}
