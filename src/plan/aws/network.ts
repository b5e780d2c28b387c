// The AWS network tiers as Terraform: VPC with the pod CIDR as a secondary block, public subnets
// with an internet route, NAT gateway(s), node subnets routed through NAT, pod subnets routed
// only inside the VPC. Every route is its own aws_route so users can add theirs. With IPv6, public
// and node subnets get a /64 each, and IPv6 egress goes to the internet gateway (public) or an
// egress-only internet gateway (nodes); pod subnets stay IPv4 and internal.
import { block, ex, tpl, type Body, type ResourceRef, type TfModule } from "../../terraform/ir.js";
import type { Tier } from "../addresses.js";
import type { AwsAddressPlan } from "./addresses.js";
import { isAwsZoneId } from "../../spec/aws-region.js";
import type { ExistingTier, ExistingVpc } from "../../spec/aws-existing.js";

const FILE = "network.tf";

export interface AwsNetworkRefs {
  /** `aws_vpc.network`, or `data.aws_vpc.network` for aws.vpc.existing. */
  vpc: ResourceRef;
  subnets: Record<"public" | "node" | "pod", ResourceRef>;
  /** Route tables dpnet creates: none for a tier of the customer's subnets. */
  routeTables: Partial<Record<"public" | "node" | "pod", ResourceRef>>;
  /** The NAT gateways by zone: dpnet's, or the customer's (data sources). */
  nat: ResourceRef;
  /** Objects with the NAT gateways' `public_ip` by zone (their Elastic IPs, or the customer's NAT gateways): how nodes appear on the internet. */
  natEips: ResourceRef;
}

/** `{ "eu-west-1a" = "10.20.0.0/20", ... }`: the planned CIDR of each zone for one tier. */
function cidrsByZone(plan: AwsAddressPlan, tier: Tier): Record<string, string> {
  return Object.fromEntries(plan.subnets.filter((s) => s.tier === tier).map((s) => [s.zone, s.cidr]));
}

/** A subnet's zone: a name (`eu-west-1a`) or, when the spec lists zone ids, an id (`euw1-az1`, the same zone in every account). */
function zoneArgument(plan: AwsAddressPlan): Body {
  return { [isAwsZoneId(plan.zones[0]!) ? "availability_zone_id" : "availability_zone"]: ex("each.key") };
}

/** The /64 of each public and node subnet inside the VPC's /56: `cidrsubnet` numbers by tier and zone. */
export function ipv6Netnums(plan: AwsAddressPlan): Record<"public" | "node", Record<string, number>> {
  const numbered = (offset: number) => Object.fromEntries(plan.zones.map((zone, i) => [zone, offset + i]));
  return { public: numbered(0), node: numbered(plan.zones.length) };
}

/** `ipv6_cidr_block` of a subnet in a per-zone for_each, from the VPC's Amazon-provided /56. */
function ipv6SubnetCidr(vpc: ResourceRef, tier: "public" | "node"): Body {
  return { ipv6_cidr_block: ex(`cidrsubnet(${vpc.attr("ipv6_cidr_block").hcl}, 8, local.ipv6_netnums.${tier}[each.key])`) };
}

const TIER_OF: Record<"public" | "node" | "pod", ExistingTier> = { public: "public", node: "nodes", pod: "pods" };

/** Subnets the customer gave (aws.vpc.existing.subnets), read by id; reading fails when the VPC, zone or CIDR differ. */
function adoptedSubnets(module: TfModule, plan: AwsAddressPlan, tier: "public" | "node" | "pod", vpc: ResourceRef): ResourceRef {
  const mine = plan.subnets.filter((s) => s.tier === tier);
  return module.data(
    FILE,
    "aws_subnet",
    tier,
    {
      for_each: Object.fromEntries(mine.map((s) => [s.zone, { id: s.existingId!, cidr: s.cidr }])),
      id: ex("each.value.id"),
      vpc_id: vpc.attr("id"),
      ...zoneArgument(plan),
      cidr_block: ex("each.value.cidr"),
    },
    `Your ${TIER_OF[tier]} subnets (aws.vpc.existing.subnets.${TIER_OF[tier]}): their route tables and tags stay yours (see the checklist dpnet plan prints).`,
  );
}

export function addAwsNetwork(module: TfModule, name: string, plan: AwsAddressPlan, ipv6: boolean, existing?: ExistingVpc): AwsNetworkRefs {
  const adopted = (tier: "public" | "node" | "pod") => plan.subnets.some((s) => s.tier === tier && s.existingId);
  const vpc = existing
    ? module.data(
        FILE,
        "aws_vpc",
        "network",
        {
          id: existing.vpcId,
          cidr_block: plan.vpc.cidr,
          // podCidrAssociated: the VPC must have the pod block among its IPv4 blocks (EC2's filter for any of them).
          ...(existing.podCidrAssociated ? { filter: block({ name: "cidr-block-association.cidr-block", values: [plan.vpc.secondaryCidrs[0]!] }) } : {}),
          lifecycle: block({
            postcondition: [
              check(
                "self.enable_dns_support && self.enable_dns_hostnames",
                `The VPC ${existing.vpcId} needs DNS support and DNS hostnames on (EKS and private endpoints need them).`,
              ),
              ...(existing.podCidrAssociated
                ? [
                    check(
                      `contains([for a in self.cidr_block_associations : a.cidr_block if a.state == "associated"], "${plan.vpc.secondaryCidrs[0]}")`,
                      `The VPC ${existing.vpcId} must have ${plan.vpc.secondaryCidrs[0]} associated (aws.vpc.existing.podCidrAssociated is true).`,
                    ),
                  ]
                : []),
            ],
          }),
        },
        existing.podCidrAssociated
          ? "Your VPC (aws.vpc.existing.vpcId) with its primary CIDR aws.vpc.cidr and the pod block aws.vpc.podCidr: reading it fails when one differs."
          : "Your VPC (aws.vpc.existing.vpcId) with its primary CIDR aws.vpc.cidr: reading it fails when either differs.",
      )
    : module.resource(
        FILE,
        "aws_vpc",
        "network",
        {
          cidr_block: plan.vpc.cidr,
          ...(ipv6 ? { assign_generated_ipv6_cidr_block: true } : {}),
          enable_dns_support: true,
          enable_dns_hostnames: true,
          tags: { Name: name },
        },
        ipv6 ? "EKS needs DNS support and hostnames on. IPv6: an Amazon-provided /56." : "EKS needs DNS support and hostnames on.",
      );
  if (ipv6) {
    module.locals(
      FILE,
      { ipv6_netnums: ipv6Netnums(plan) },
      "The /64 of each subnet in the VPC's /56 (cidrsubnet netnum): public 0-2, node 3-5; pod subnets have none.",
    );
  }

  // Conveyor: "Associate the secondary CIDR 100.64.0.0/16 with your VPC."
  const podCidr = existing?.podCidrAssociated
    ? undefined
    : module.resource(
        FILE,
        "aws_vpc_ipv4_cidr_block_association",
        "pods",
        {
          vpc_id: vpc.attr("id"),
          cidr_block: plan.vpc.secondaryCidrs[0]!,
        },
        "Pod addresses come from a secondary block (VPC CNI custom networking).",
      );

  // The internet gateway: created for the public subnets dpnet creates, unless the spec names the VPC's
  // own; with the customer's public subnets, the one attached to the VPC is read (none: reading fails).
  const igw =
    existing && (existing.internetGatewayId || adopted("public"))
      ? module.data(
          FILE,
          "aws_internet_gateway",
          "gateway",
          {
            ...(existing.internetGatewayId ? { internet_gateway_id: existing.internetGatewayId } : {}),
            filter: block({ name: "attachment.vpc-id", values: [vpc.attr("id")] }),
          },
          "The internet gateway attached to your VPC (the internet-facing load balancers need it): reading it fails when there is none.",
        )
      : module.resource(FILE, "aws_internet_gateway", "gateway", {
          vpc_id: vpc.attr("id"),
          tags: { Name: name },
        });

  // Conveyor: "Setup 3 public subnets in 3 availability zones."
  let publicSubnets: ResourceRef;
  let publicTable: ResourceRef | undefined;
  if (adopted("public")) {
    publicSubnets = adoptedSubnets(module, plan, "public", vpc);
  } else {
    publicSubnets = module.resource(FILE, "aws_subnet", "public", {
      for_each: cidrsByZone(plan, "public"),
      vpc_id: vpc.attr("id"),
      ...zoneArgument(plan),
      cidr_block: ex("each.value"),
      ...(ipv6 ? ipv6SubnetCidr(vpc, "public") : {}),
      // Only NAT gateways and load balancers live here; nothing should get a public IP by default.
      map_public_ip_on_launch: false,
      tags: { Name: tpl(`${name}-public-\${each.key}`), "kubernetes.io/role/elb": "1" },
    });
    publicTable = module.resource(FILE, "aws_route_table", "public", {
      vpc_id: vpc.attr("id"),
      tags: { Name: `${name}-public` },
    });
    module.resource(FILE, "aws_route", "public-internet-ipv4", {
      route_table_id: publicTable.attr("id"),
      destination_cidr_block: "0.0.0.0/0",
      gateway_id: igw.attr("id"),
    });
    if (ipv6) {
      module.resource(FILE, "aws_route", "public-internet-ipv6", {
        route_table_id: publicTable.attr("id"),
        destination_ipv6_cidr_block: "::/0",
        gateway_id: igw.attr("id"),
      });
    }
    module.resource(FILE, "aws_route_table_association", "public", {
      for_each: publicSubnets.self,
      subnet_id: ex("each.value.id"),
      route_table_id: publicTable.attr("id"),
    });
  }

  // Conveyor: "In at least one of those a NAT gateway should be available that can route traffic to the internet."
  let nat: ResourceRef;
  let natEips: ResourceRef;
  if (existing?.natGatewayIds) {
    nat = module.data(
      FILE,
      "aws_nat_gateway",
      "nat",
      {
        for_each: Object.fromEntries(plan.natZones.map((z) => [z, existing.natGatewayIds![z]!])),
        id: ex("each.value"),
        vpc_id: vpc.attr("id"),
        subnet_id: publicSubnets.at(ex("each.key"), "id"),
      },
      "Your NAT gateways (aws.vpc.existing.natGatewayIds): reading one fails unless it is in its zone's public subnet of the VPC.",
    );
    natEips = nat;
  } else {
    const natZones = ex(`toset([${plan.natZones.map((z) => JSON.stringify(z)).join(", ")}])`);
    natEips = module.resource(FILE, "aws_eip", "nat", {
      for_each: natZones,
      domain: "vpc",
      tags: { Name: tpl(`${name}-nat-\${each.key}`) },
    });
    nat = module.resource(
      FILE,
      "aws_nat_gateway",
      "nat",
      {
        for_each: natZones,
        allocation_id: natEips.at(ex("each.key"), "id"),
        subnet_id: publicSubnets.at(ex("each.key"), "id"),
        tags: { Name: tpl(`${name}-nat-\${each.key}`) },
        depends_on: [igw.self],
      },
      "A NAT gateway needs the internet gateway attached before it can route.",
    );
  }

  // Conveyor: "3 private subnets of at least the /24 size in the primary VPC CIDR range ... to host the k8s nodes."
  let nodeSubnets: ResourceRef;
  let nodeTables: ResourceRef | undefined;
  if (adopted("node")) {
    nodeSubnets = adoptedSubnets(module, plan, "node", vpc);
  } else {
    nodeSubnets = module.resource(FILE, "aws_subnet", "node", {
      for_each: cidrsByZone(plan, "node"),
      vpc_id: vpc.attr("id"),
      ...zoneArgument(plan),
      cidr_block: ex("each.value"),
      // Typhoon: "Node IPv6 address: Yes".
      ...(ipv6 ? { ...ipv6SubnetCidr(vpc, "node"), assign_ipv6_address_on_creation: true } : {}),
      tags: { Name: tpl(`${name}-node-\${each.key}`), "kubernetes.io/role/internal-elb": "1" },
    });
    nodeTables = perZoneRouteTable(module, name, "node", nodeSubnets, vpc);
    // Conveyor: "Update the route table to allow internet access through the NAT gateway." Zone-local when there is one.
    const natForZone = plan.natZones.length === plan.zones.length ? ex("each.key") : plan.natZones[0]!;
    module.resource(FILE, "aws_route", "node-egress-ipv4", {
      for_each: nodeTables.self,
      route_table_id: ex("each.value.id"),
      destination_cidr_block: "0.0.0.0/0",
      nat_gateway_id: nat.at(natForZone, "id"),
    });
    // Typhoon: "Node Outbound IPv6: Yes". Egress-only: nothing on the internet can open a connection to a node.
    if (ipv6) addNodeIpv6Egress(module, name, vpc, nodeTables);
  }

  // Conveyor: pod subnets "should have no connection to the internet via the route table, these should only be routed internally".
  let podSubnets: ResourceRef;
  let podTables: ResourceRef | undefined;
  if (adopted("pod")) {
    podSubnets = adoptedSubnets(module, plan, "pod", vpc);
  } else {
    podSubnets = module.resource(FILE, "aws_subnet", "pod", {
      for_each: cidrsByZone(plan, "pod"),
      // Through the association, so the subnet waits until the secondary block is attached.
      vpc_id: podCidr ? podCidr.attr("vpc_id") : vpc.attr("id"),
      ...zoneArgument(plan),
      cidr_block: ex("each.value"),
      tags: { Name: tpl(`${name}-pod-\${each.key}`) },
    });
    podTables = perZoneRouteTable(module, name, "pod", podSubnets, vpc, "No routes besides the VPC's local route: pods reach only the VPC.");
  }

  return {
    vpc,
    subnets: { public: publicSubnets, node: nodeSubnets, pod: podSubnets },
    routeTables: { ...(publicTable ? { public: publicTable } : {}), ...(nodeTables ? { node: nodeTables } : {}), ...(podTables ? { pod: podTables } : {}) },
    nat,
    natEips,
  };
}

const check = (condition: string, errorMessage: string) => block({ condition: ex(condition), error_message: errorMessage });

function addNodeIpv6Egress(module: TfModule, name: string, vpc: ResourceRef, nodeTables: ResourceRef): void {
  const eigw = module.resource(FILE, "aws_egress_only_internet_gateway", "egress", {
    vpc_id: vpc.attr("id"),
    tags: { Name: name },
  });
  module.resource(FILE, "aws_route", "node-egress-ipv6", {
    for_each: nodeTables.self,
    route_table_id: ex("each.value.id"),
    destination_ipv6_cidr_block: "::/0",
    egress_only_gateway_id: eigw.attr("id"),
  });
}

/** A route table per zone for a tier, associated with that zone's subnet. */
function perZoneRouteTable(module: TfModule, name: string, tier: string, subnets: ResourceRef, vpc: ResourceRef, comment?: string): ResourceRef {
  const body: Body = {
    for_each: subnets.self,
    vpc_id: vpc.attr("id"),
    tags: { Name: tpl(`${name}-${tier}-\${each.key}`) },
  };
  const table = module.resource(FILE, "aws_route_table", tier, body, comment);
  module.resource(FILE, "aws_route_table_association", tier, {
    for_each: subnets.self,
    subnet_id: ex("each.value.id"),
    route_table_id: table.at(ex("each.key"), "id"),
  });
  return table;
}
