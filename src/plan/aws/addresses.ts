// AWS address planning: validate the VPC's blocks against what AWS accepts, then carve
// 3 public + 3 node subnets from the primary CIDR and 3 pod subnets of /18 from the pod CIDR.
import { carve, coversPrefix, overlapsPrefix, parseCidr, type Prefix, usableAddresses } from "../../ipam/prefix.js";
import { blockSize, prefixHolding } from "../../ipam/ipv4.js";
import { PRIVATE, SHARED } from "../../ipam/ranges.js";
import { inputError, ProblemList } from "../../spec/errors.js";
import type { AwsSpec } from "../../spec/aws.js";
import { defaultAwsZones } from "../../spec/aws-region.js";
import type { OwnFinding } from "../../findings.js";
import type { PlannedSubnet } from "../addresses.js";
import { EXISTING_TIERS, type ExistingTier } from "../../spec/aws-existing.js";

export interface AwsAddressPlan {
  zones: string[];
  vpc: { cidr: string; secondaryCidrs: string[] };
  subnets: PlannedSubnet[];
  nodeSubnetPrefix: number;
  publicSubnetPrefix: number;
  /** Zones that get a NAT gateway: all three, or the first. */
  natZones: string[];
}

const ZONES = 3;
const POD_PREFIX = 18; // Conveyor: "3 private subnet using /18 size of the secondary CIDR"
const MAX_NODE_PREFIX = 24; // Conveyor: "3 private subnets of at least the /24 size"

// AWS VPC CIDR block association restrictions ("IPv4 CIDR block association restrictions" in the
// Amazon VPC user guide): a secondary block may not come from these ranges, given the primary's range.
const AWS_BENCHMARK_BLOCK = parseCidr("198.19.0.0/16", 4);
function restrictedSecondaryRanges(primary: Prefix): Prefix[] {
  const ranges = [...PRIVATE, AWS_BENCHMARK_BLOCK];
  const home = ranges.find((r) => coversPrefix(r, primary));
  // Primary in one private range: the other private ranges and 198.19.0.0/16 are off limits.
  // Publicly routable (or 100.64.0.0/10) primary: every private range and 198.19.0.0/16 is.
  return ranges.filter((r) => r !== home);
}

function checkVpcBlockSize(problems: ProblemList, path: string, c: Prefix, text: string): void {
  // AWS: "The allowed block size is between a /16 netmask and /28 netmask."
  if (c.len < 16 || c.len > 28) problems.add(path, text, "is outside the /16 to /28 AWS allows for a VPC CIDR block");
}

/** Default zones: the region's first three (the spec refuses a region without three). */
export function defaultZones(region: string): string[] {
  const defaults = defaultAwsZones(region);
  if ("problem" in defaults) throw inputError("aws.zones", "(default)", defaults.problem);
  return defaults.zones;
}

/** Plans the VPC's addresses; throws InputError naming each field that cannot work. Warnings go to `findings`. */
export function planAwsAddresses(aws: AwsSpec, findings: OwnFinding[]): AwsAddressPlan {
  const problems = new ProblemList();
  const zones = aws.zones ?? defaultZones(aws.region);
  // Conveyor: "Setup 3 public subnets in 3 availability zones." (the spec checks they are 3 distinct zones of the region)

  const primary = parseCidr(aws.vpc.cidr, 4);
  const pods = parseCidr(aws.vpc.podCidr, 4);
  checkVpcBlockSize(problems, "aws.vpc.cidr", primary, aws.vpc.cidr);
  checkVpcBlockSize(problems, "aws.vpc.podCidr", pods, aws.vpc.podCidr);
  if (overlapsPrefix(primary, pods)) {
    problems.add("aws.vpc.podCidr", aws.vpc.podCidr, `overlaps the primary CIDR ${aws.vpc.cidr}: a VPC's blocks must not overlap`);
  } else {
    const banned = restrictedSecondaryRanges(primary).find((r) => overlapsPrefix(r, pods));
    if (banned) {
      problems.add(
        "aws.vpc.podCidr",
        aws.vpc.podCidr,
        `lies in ${banned.text}, which AWS does not allow as a secondary block of a VPC whose primary CIDR is ${aws.vpc.cidr}`,
      );
    } else if (!coversPrefix(SHARED, pods)) {
      // Conveyor: 100.64.0.0/16 is "part of a private network CIDR's that should only be used as a NAT".
      findings.push({
        id: "DPN-SPEC-001",
        severity: "warning",
        resource: "aws.vpc.podCidr",
        message: `pod CIDR ${aws.vpc.podCidr} is outside 100.64.0.0/10: pod addresses may clash with routed networks; the design expects 100.64.0.0/16`,
        trace: [],
      });
    }
  }
  if (overlapsPrefix(primary, parseCidr("172.17.0.0/16", 4))) {
    findings.push({
      id: "DPN-SPEC-002",
      severity: "warning",
      resource: "aws.vpc.cidr",
      message: `${aws.vpc.cidr} overlaps 172.17.0.0/16, Docker's default bridge network, which AWS advises against (address conflicts on nodes)`,
      trace: [],
    });
  }
  problems.throwIfAny();

  const existing = aws.vpc.existing;
  const adopted = (tier: ExistingTier) => existing?.subnets[tier];
  const used = (existing?.usedCidrs ?? []).map((c) => parseCidr(c, 4));
  const adoptedBlocks = (tier: ExistingTier) => Object.values(adopted(tier) ?? {}).map((s) => parseCidr(s.cidr, 4));
  const adoptedNodes = adopted("nodes");
  const nodePrefix =
    aws.nodeSubnetPrefix ?? (adoptedNodes ? parseCidr(adoptedNodes[zones[0]!]!.cidr, 4).len : Math.min(MAX_NODE_PREFIX, Math.max(20, primary.len + 2)));
  const carvedTiers = (["node", "public"] as const).filter((tier) => !adopted(tier === "node" ? "nodes" : "public"));
  const need = (publicPrefix: number) =>
    (carvedTiers.includes("node") ? ZONES * blockSize(nodePrefix) : 0) + (carvedTiers.includes("public") ? ZONES * blockSize(publicPrefix) : 0);
  const publicPrefix = aws.publicSubnetPrefix ?? [24, 25, 26, 27, 28].find((p) => need(p) <= blockSize(primary.len)) ?? 28;
  // Largest blocks first: aligned blocks sorted by size pack without gaps.
  const requests = carvedTiers.flatMap((tier) =>
    Array<{ tier: "node" | "public"; len: number }>(ZONES).fill({ tier, len: tier === "node" ? nodePrefix : publicPrefix }),
  );
  requests.sort((a, b) => a.len - b.len);
  const carved = carve(
    primary,
    requests.map((r) => r.len),
    [...adoptedBlocks("public"), ...adoptedBlocks("nodes"), ...used],
  );
  if (!carved) {
    const publicText = aws.publicSubnetPrefix ? `public subnets of /${publicPrefix}` : "public";
    const what = carvedTiers.map((t) => (t === "node" ? `3 node subnets of /${nodePrefix}` : `3 ${publicText}`)).join(" + ");
    if (existing) throw inputError("aws.vpc.cidr", aws.vpc.cidr, `has no room for ${what} besides your subnets and aws.vpc.existing.usedCidrs`);
    throw inputError(
      "aws.vpc.cidr",
      aws.vpc.cidr,
      `cannot hold 3 ${publicText} + 3 node subnets of /${nodePrefix}: they need at least a /${prefixHolding(need(publicPrefix))}`,
    );
  }
  const podBlocks = adopted("pods") ? [] : carve(pods, [POD_PREFIX, POD_PREFIX, POD_PREFIX], used);
  if (!podBlocks) {
    if (existing) throw inputError("aws.vpc.podCidr", aws.vpc.podCidr, `has no room for 3 pod subnets of /${POD_PREFIX} besides aws.vpc.existing.usedCidrs`);
    throw inputError("aws.vpc.podCidr", aws.vpc.podCidr, `cannot hold 3 pod subnets of /${POD_PREFIX}: they need a /16`);
  }

  const subnets: PlannedSubnet[] = [];
  const byTier = (tier: "public" | "node") => carved.filter((_, i) => requests[i]!.tier === tier);
  const add = (tier: PlannedSubnet["tier"], blocks: Prefix[]) =>
    blocks.forEach((c, i) => subnets.push({ tier, zone: zones[i]!, cidr: c.text, usableAddresses: usableAddresses(c) }));
  const addAdopted = (tier: ExistingTier) =>
    zones.forEach((zone) => {
      const s = adopted(tier)![zone]!;
      subnets.push({ tier: EXISTING_TIERS[tier], zone, cidr: s.cidr, usableAddresses: usableAddresses(parseCidr(s.cidr, 4)), existingId: s.id });
    });
  if (adopted("public")) addAdopted("public");
  else add("public", byTier("public"));
  if (adoptedNodes) addAdopted("nodes");
  else add("node", byTier("node"));
  if (adopted("pods")) addAdopted("pods");
  else add("pod", podBlocks);

  return {
    zones,
    vpc: { cidr: aws.vpc.cidr, secondaryCidrs: [aws.vpc.podCidr] },
    subnets,
    nodeSubnetPrefix: nodePrefix,
    publicSubnetPrefix: publicPrefix,
    // Conveyor: "In at least one of those a NAT gateway should be available ... you can add NAT gateways to the other public subnets."
    natZones: existing?.natGatewayIds ? zones.filter((z) => z in existing.natGatewayIds!) : aws.nat === "perZone" ? zones : zones.slice(0, 1),
  };
}
