// aws.vpc.existing (issue 15.3): the customer's own VPC. dpnet reads it (data sources), associates
// the pod block unless it is there, adopts the subnets and gateways the spec names and creates the
// rest. Field names are a public interface (`aws.vpc.existing`, `vpcId` are fixed by the issue).
import { z } from "zod";
import { coversPrefix, overlapsPrefix, parseCidr, tryParseCidr } from "../ipam/prefix.js";
import { cidr } from "./common.js";

/** The spec's tier names for subnets, and the planner's. */
export const EXISTING_TIERS = { public: "public", nodes: "node", pods: "pod" } as const;
export type ExistingTier = keyof typeof EXISTING_TIERS;

const awsId = (prefix: string, what: string) =>
  z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), `is not ${what} id like ${prefix}-0123456789abcdef0`);

const existingSubnet = z
  .strictObject({
    id: awsId("subnet", "a subnet"),
    cidr: cidr.describe("The subnet's IPv4 CIDR block: dpnet plans the other subnets around it offline; reading the subnet fails when it differs."),
  })
  .describe("A subnet of your VPC that dpnet uses as it is.");

const byZone = (what: string) =>
  z
    .record(z.string(), existingSubnet)
    .optional()
    .describe(`Your ${what} subnets by zone (the names or ids of aws.zones): all 3 zones, or leave it out and dpnet creates the tier.`);

export const existingVpc = z
  .strictObject({
    vpcId: awsId("vpc", "a VPC").describe("The VPC to build in. Its primary CIDR must be aws.vpc.cidr (reading the VPC fails otherwise)."),
    podCidrAssociated: z
      .boolean()
      .default(false)
      .describe(
        "true: aws.vpc.podCidr is already associated with the VPC (checked when Terraform reads it). false: dpnet associates it (aws_vpc_ipv4_cidr_block_association).",
      ),
    subnets: z
      .strictObject({ public: byZone("public"), nodes: byZone("node"), pods: byZone("pod") })
      .prefault({})
      .describe("Subnets to adopt per tier; a tier left out is created by dpnet, carved from aws.vpc.cidr (pods: aws.vpc.podCidr) around usedCidrs."),
    usedCidrs: z
      .array(cidr)
      .default([])
      .describe("Blocks of the VPC's CIDRs your other subnets already hold: the subnets dpnet creates avoid them (AWS refuses overlapping subnets at apply)."),
    internetGatewayId: awsId("igw", "an internet gateway")
      .optional()
      .describe(
        "The internet gateway attached to the VPC. Without it: with your public subnets dpnet reads the one attached to the VPC; else it creates one (a VPC takes only one).",
      ),
    natGatewayIds: z
      .record(z.string(), awsId("nat", "a NAT gateway"))
      .optional()
      .describe(
        "Your NAT gateways by zone, each in that zone's public subnet (needs subnets.public): the node subnets dpnet creates send 0.0.0.0/0 to their zone's, else to the first. Without it dpnet creates them (aws.nat).",
      ),
    emptyDefaultSecurityGroup: z
      .boolean()
      .default(false)
      .describe(
        "true: dpnet takes over the VPC's default security group (aws_default_security_group) and removes its rules. false: it stays yours as it is; other workloads may use it.",
      ),
  })
  .describe("Build in your existing VPC instead of creating one: dpnet reads it and creates only what is missing.");

export type ExistingVpc = z.output<typeof existingVpc>;

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

/** Cross-field rules of aws.vpc.existing; `zones` are the spec's (or the region's default) zones. */
export function checkExistingVpc(
  existing: ExistingVpc,
  vpc: { cidr: string; podCidr: string },
  zones: readonly string[] | undefined,
  others: { ipv6: boolean; routes: number; s3: boolean },
  ctx: Ctx,
): void {
  const at = (...rest: Path): Path => ["vpc", "existing", ...rest];
  const primary = tryParseCidr(vpc.cidr, 4);
  const pods = tryParseCidr(vpc.podCidr, 4);
  if (others.ipv6)
    ctx.addIssue({ code: "custom", path: ["ipv6"], message: "is not supported with aws.vpc.existing: dpnet does not number IPv6 subnets in a VPC it reads" });
  const seen: { path: Path; text: string }[] = [];
  for (const tier of Object.keys(EXISTING_TIERS) as ExistingTier[]) {
    const given = existing.subnets[tier];
    if (!given) continue;
    if (zones) {
      const missing = zones.filter((z) => !(z in given));
      Object.keys(given).forEach((zone) => {
        if (!zones.includes(zone)) ctx.addIssue({ code: "custom", path: at("subnets", tier, zone), message: `is not one of aws.zones (${zones.join(", ")})` });
      });
      if (missing.length && Object.keys(given).every((z) => zones.includes(z)))
        ctx.addIssue({
          code: "custom",
          path: at("subnets", tier),
          message: `lacks ${missing.join(", ")}: give a subnet for each of the 3 zones, or none and dpnet creates the tier`,
        });
    }
    for (const [zone, subnet] of Object.entries(given)) {
      const path = at("subnets", tier, zone, "cidr");
      const block = tryParseCidr(subnet.cidr, 4);
      if (!block) continue;
      const home = tier === "pods" ? { block: pods, field: "aws.vpc.podCidr", text: vpc.podCidr } : { block: primary, field: "aws.vpc.cidr", text: vpc.cidr };
      if (home.block && !coversPrefix(home.block, block))
        ctx.addIssue({ code: "custom", path, message: `is outside ${home.field} ${home.text}: ${tier} subnets are carved from it` });
      if (tier === "nodes" && block.len > 24)
        ctx.addIssue({ code: "custom", path, message: "is smaller than a /24: the node subnets must be at least a /24 (Conveyor)" });
      const clash = seen.find((s) => overlapsPrefix(parseCidr(s.text, 4), block));
      if (clash) ctx.addIssue({ code: "custom", path, message: `overlaps ${clash.text} at aws.${clash.path.join(".")}: subnets of a VPC must not overlap` });
      seen.push({ path, text: subnet.cidr });
    }
  }
  existing.usedCidrs.forEach((text, i) => {
    const block = tryParseCidr(text, 4);
    if (block && !(primary && coversPrefix(primary, block)) && !(pods && coversPrefix(pods, block)))
      ctx.addIssue({ code: "custom", path: at("usedCidrs", i), message: `is in neither aws.vpc.cidr ${vpc.cidr} nor aws.vpc.podCidr ${vpc.podCidr}` });
  });
  const ids = Object.values(existing.subnets).flatMap((g) => Object.values(g ?? {}).map((s) => s.id));
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) ctx.addIssue({ code: "custom", path: at("subnets"), message: `names ${id} twice: each tier and zone needs its own subnet` });
  });
  Object.keys(existing.natGatewayIds ?? {}).forEach((zone) => {
    if (zones && !zones.includes(zone))
      ctx.addIssue({ code: "custom", path: at("natGatewayIds", zone), message: `is not one of aws.zones (${zones.join(", ")})` });
  });
  if (existing.natGatewayIds && Object.keys(existing.natGatewayIds).length === 0)
    ctx.addIssue({ code: "custom", path: at("natGatewayIds"), message: "lists no NAT gateway: give at least one, or leave it out and dpnet creates them" });
  if (existing.subnets.pods && !existing.podCidrAssociated)
    ctx.addIssue({
      code: "custom",
      path: at("podCidrAssociated"),
      message: "must be true with your pod subnets (aws.vpc.existing.subnets.pods): they lie in aws.vpc.podCidr, so it is associated already",
    });
  if (existing.natGatewayIds && !existing.subnets.public)
    ctx.addIssue({
      code: "custom",
      path: at("natGatewayIds"),
      message: "needs your public subnets (aws.vpc.existing.subnets.public): each NAT gateway sits in its zone's public subnet",
    });
  // Node subnets of the customer's keep the customer's route tables: dpnet adds no routes to them.
  if (existing.subnets.nodes) {
    if (!existing.natGatewayIds)
      ctx.addIssue({
        code: "custom",
        path: at("natGatewayIds"),
        message:
          "is required with your node subnets (aws.vpc.existing.subnets.nodes): they route to your NAT gateways, whose addresses the control plane allowlists",
      });
    const yours = "with your own node subnets (aws.vpc.existing.subnets.nodes) their route tables are yours";
    if (others.routes)
      ctx.addIssue({ code: "custom", path: ["routes"], message: `are added to node route tables dpnet creates: ${yours}, add the routes there` });
    if (others.s3)
      ctx.addIssue({
        code: "custom",
        path: ["endpoints"],
        message: `lists s3, a gateway endpoint on node route tables dpnet creates: ${yours}; create the endpoint with them, or use the interface endpoints only`,
      });
  }
}
