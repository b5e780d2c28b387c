// EC2 answers for the real-terraform harness's offline plan of examples/aws-existing-vpc.yaml: the
// data sources of aws.vpc.existing (aws_vpc, aws_subnet, aws_nat_gateway, aws_internet_gateway)
// call DescribeVpcs, DescribeVpcAttribute, DescribeRouteTables (the main table; none found is only
// a warning), DescribeSubnets, DescribeNatGateways and DescribeInternetGateways. The responses are
// the EC2 Query API's XML (API version 2016-11-15) for the customers' VPCs as the example and the
// feature spec existing-vpc-adopted describe them, with their ids; anything else gets an error, so
// an unexpected call fails the plan.
const NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const OWNER = "123456789012";
const ZONES = [
  { name: "eu-west-1a", id: "euw1-az1" },
  { name: "eu-west-1b", id: "euw1-az2" },
  { name: "eu-west-1c", id: "euw1-az3" },
];

/** One recorded VPC: its blocks, subnets (public ones first, one per zone and tier), NAT gateways and internet gateway. */
interface RecordedVpc {
  id: string;
  blocks: string[];
  subnets: { id: string; cidr: string; zone: (typeof ZONES)[number] }[];
  nats: { id: string; subnet: string; privateIp: string; publicIp: string }[];
  igw: string;
}

const perZone = (prefix: string, cidr: (i: number) => string) =>
  ZONES.map((zone, i) => ({ id: `subnet-${prefix}00000000000000${i + 1}`, cidr: cidr(i), zone }));
const natsIn = (prefix: string, publicSubnets: RecordedVpc["subnets"], third: number) =>
  publicSubnets.map((s, i) => ({
    id: `nat-${prefix}00000000000000${i + 1}`,
    subnet: s.id,
    privateIp: `10.${third}.${i}.10`,
    publicIp: `203.0.113.${3 * third + i}`,
  }));

// examples/aws-existing-vpc.yaml: its public subnets and NAT gateways; the pod block not yet associated.
const EXAMPLE_PUBLIC = perZone("0a", (i) => `10.30.${i}.0/24`);
// The feature spec existing-vpc-adopted: every tier the customer's, the pod block associated.
const ADOPTED_PUBLIC = perZone("0d", (i) => `10.31.${i}.0/24`);
const VPCS: RecordedVpc[] = [
  { id: "vpc-0a1b2c3d4e5f60789", blocks: ["10.30.0.0/16"], subnets: EXAMPLE_PUBLIC, nats: natsIn("0a", EXAMPLE_PUBLIC, 30), igw: "igw-0a000000000000001" },
  {
    id: "vpc-0b1b2c3d4e5f60789",
    blocks: ["10.31.0.0/16", "100.64.0.0/16"],
    subnets: [...ADOPTED_PUBLIC, ...perZone("0e", (i) => `10.31.${16 * (i + 1)}.0/20`), ...perZone("0f", (i) => `100.64.${64 * i}.0/18`)],
    nats: natsIn("0b", ADOPTED_PUBLIC, 31),
    igw: "igw-0b000000000000001",
  },
];

const item = (body: string) => `<item>${body}</item>`;
const response = (action: string, body: string) =>
  `<${action}Response xmlns="${NS}"><requestId>00000000-0000-0000-0000-000000000000</requestId>${body}</${action}Response>`;

function describeVpcs(vpcs: RecordedVpc[]): string {
  const association = (cidr: string, n: number) =>
    item(
      `<cidrBlock>${cidr}</cidrBlock><associationId>vpc-cidr-assoc-0a00000000000000${n}</associationId><cidrBlockState><state>associated</state></cidrBlockState>`,
    );
  const items = vpcs.map((v) =>
    item(
      `<vpcId>${v.id}</vpcId><ownerId>${OWNER}</ownerId><state>available</state><cidrBlock>${v.blocks[0]}</cidrBlock><cidrBlockAssociationSet>${v.blocks.map(association).join("")}</cidrBlockAssociationSet><dhcpOptionsId>dopt-0a000000000000001</dhcpOptionsId><instanceTenancy>default</instanceTenancy><isDefault>false</isDefault><tagSet/>`,
    ),
  );
  return `<vpcSet>${items.join("")}</vpcSet>`;
}

function describeSubnets(ids: string[]): string {
  const items = VPCS.flatMap((v) => v.subnets.filter((s) => ids.includes(s.id)).map((s) => ({ ...s, vpc: v.id }))).map((s) =>
    item(
      `<subnetId>${s.id}</subnetId><subnetArn>arn:aws:ec2:eu-west-1:${OWNER}:subnet/${s.id}</subnetArn><state>available</state><ownerId>${OWNER}</ownerId><vpcId>${s.vpc}</vpcId><cidrBlock>${s.cidr}</cidrBlock><availableIpAddressCount>250</availableIpAddressCount><availabilityZone>${s.zone.name}</availabilityZone><availabilityZoneId>${s.zone.id}</availabilityZoneId><defaultForAz>false</defaultForAz><mapPublicIpOnLaunch>false</mapPublicIpOnLaunch><assignIpv6AddressOnCreation>false</assignIpv6AddressOnCreation><ipv6CidrBlockAssociationSet/><tagSet/>`,
    ),
  );
  return `<subnetSet>${items.join("")}</subnetSet>`;
}

function describeNatGateways(ids: string[]): string {
  const items = VPCS.flatMap((v) => v.nats.filter((n) => ids.includes(n.id)).map((n) => ({ ...n, vpc: v.id }))).map((n) =>
    item(
      `<natGatewayId>${n.id}</natGatewayId><subnetId>${n.subnet}</subnetId><vpcId>${n.vpc}</vpcId><state>available</state><connectivityType>public</connectivityType><natGatewayAddressSet>${item(
        `<allocationId>eipalloc-${n.id.slice(4)}</allocationId><networkInterfaceId>eni-${n.id.slice(4)}</networkInterfaceId><privateIp>${n.privateIp}</privateIp><publicIp>${n.publicIp}</publicIp><isPrimary>true</isPrimary><status>succeeded</status>`,
      )}</natGatewayAddressSet><tagSet/>`,
    ),
  );
  return `<natGatewaySet>${items.join("")}</natGatewaySet>`;
}

function describeInternetGateways(vpcIds: string[]): string {
  const items = VPCS.filter((v) => vpcIds.includes(v.id)).map((v) =>
    item(
      `<internetGatewayId>${v.igw}</internetGatewayId><ownerId>${OWNER}</ownerId><attachmentSet>${item(`<vpcId>${v.id}</vpcId><state>available</state>`)}</attachmentSet><tagSet/>`,
    ),
  );
  return `<internetGatewaySet>${items.join("")}</internetGatewaySet>`;
}

/** The values of a Query API list parameter (`SubnetId.1`, `SubnetId.2`, ...) or of a filter's values. */
function listParam(params: URLSearchParams, name: string): string[] {
  const direct = [...params].filter(([k]) => new RegExp(`^${name}\\.\\d+$`).test(k)).map(([, v]) => v);
  const filtered = [...params].filter(([k]) => /^Filter\.\d+\.Value\.\d+$/.test(k)).map(([, v]) => v);
  return [...direct, ...filtered];
}

/** The EC2 answer to a Query API request, or undefined for an action this stub does not know. */
export function ec2Answer(params: URLSearchParams): string | undefined {
  const action = params.get("Action") ?? "";
  switch (action) {
    case "DescribeVpcs": {
      const ids = listParam(params, "VpcId");
      return response(action, describeVpcs(VPCS.filter((v) => ids.includes(v.id))));
    }
    case "DescribeVpcAttribute": {
      const attribute = params.get("Attribute") ?? "";
      const value = attribute === "enableNetworkAddressUsageMetrics" ? "false" : "true";
      return response(action, `<vpcId>${params.get("VpcId")}</vpcId><${attribute}><value>${value}</value></${attribute}>`);
    }
    case "DescribeRouteTables":
      return response(action, "<routeTableSet/>");
    case "DescribeSubnets":
      return response(action, describeSubnets(listParam(params, "SubnetId")));
    case "DescribeNatGateways":
      return response(action, describeNatGateways(listParam(params, "NatGatewayId")));
    case "DescribeInternetGateways":
      return response(action, describeInternetGateways(listParam(params, "InternetGatewayId")));
    default:
      return undefined;
  }
}
