// EC2 answers for the real-terraform harness's offline plan of examples/aws-existing-vpc.yaml: the
// data sources of aws.vpc.existing (aws_vpc, aws_subnet, aws_nat_gateway, aws_internet_gateway)
// call DescribeVpcs, DescribeVpcAttribute, DescribeRouteTables (the main table; none found is only
// a warning), DescribeSubnets, DescribeNatGateways and DescribeInternetGateways. The responses are
// the EC2 Query API's XML (API version 2016-11-15) for the customer's VPC as the example describes
// it, with the example's ids; anything else gets an error, so an unexpected call fails the plan.
const NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const OWNER = "123456789012";
const VPC = { id: "vpc-0a1b2c3d4e5f60789", cidr: "10.30.0.0/16" };
const ZONES = [
  { name: "eu-west-1a", id: "euw1-az1" },
  { name: "eu-west-1b", id: "euw1-az2" },
  { name: "eu-west-1c", id: "euw1-az3" },
];
const SUBNETS = ZONES.map((z, i) => ({ id: `subnet-0a00000000000000${i + 1}`, cidr: `10.30.${i}.0/24`, zone: z }));
const NATS = SUBNETS.map((s, i) => ({ id: `nat-0a00000000000000${i + 1}`, subnet: s.id, privateIp: `10.30.${i}.10`, publicIp: `203.0.113.${101 + i}` }));
const IGW = "igw-0a000000000000001";

const item = (body: string) => `<item>${body}</item>`;
const response = (action: string, body: string) =>
  `<${action}Response xmlns="${NS}"><requestId>00000000-0000-0000-0000-000000000000</requestId>${body}</${action}Response>`;

function describeVpcs(): string {
  const association = (cidr: string, n: number) =>
    item(
      `<cidrBlock>${cidr}</cidrBlock><associationId>vpc-cidr-assoc-0a00000000000000${n}</associationId><cidrBlockState><state>associated</state></cidrBlockState>`,
    );
  return `<vpcSet>${item(
    `<vpcId>${VPC.id}</vpcId><ownerId>${OWNER}</ownerId><state>available</state><cidrBlock>${VPC.cidr}</cidrBlock><cidrBlockAssociationSet>${association(VPC.cidr, 1)}</cidrBlockAssociationSet><dhcpOptionsId>dopt-0a000000000000001</dhcpOptionsId><instanceTenancy>default</instanceTenancy><isDefault>false</isDefault><tagSet/>`,
  )}</vpcSet>`;
}

function describeSubnets(ids: string[]): string {
  const items = SUBNETS.filter((s) => ids.includes(s.id)).map((s) =>
    item(
      `<subnetId>${s.id}</subnetId><subnetArn>arn:aws:ec2:eu-west-1:${OWNER}:subnet/${s.id}</subnetArn><state>available</state><ownerId>${OWNER}</ownerId><vpcId>${VPC.id}</vpcId><cidrBlock>${s.cidr}</cidrBlock><availableIpAddressCount>250</availableIpAddressCount><availabilityZone>${s.zone.name}</availabilityZone><availabilityZoneId>${s.zone.id}</availabilityZoneId><defaultForAz>false</defaultForAz><mapPublicIpOnLaunch>false</mapPublicIpOnLaunch><assignIpv6AddressOnCreation>false</assignIpv6AddressOnCreation><ipv6CidrBlockAssociationSet/><tagSet/>`,
    ),
  );
  return `<subnetSet>${items.join("")}</subnetSet>`;
}

function describeNatGateways(ids: string[]): string {
  const items = NATS.filter((n) => ids.includes(n.id)).map((n) =>
    item(
      `<natGatewayId>${n.id}</natGatewayId><subnetId>${n.subnet}</subnetId><vpcId>${VPC.id}</vpcId><state>available</state><connectivityType>public</connectivityType><natGatewayAddressSet>${item(
        `<allocationId>eipalloc-0a00000000000000${n.id.slice(-1)}</allocationId><networkInterfaceId>eni-0a00000000000000${n.id.slice(-1)}</networkInterfaceId><privateIp>${n.privateIp}</privateIp><publicIp>${n.publicIp}</publicIp><isPrimary>true</isPrimary><status>succeeded</status>`,
      )}</natGatewayAddressSet><tagSet/>`,
    ),
  );
  return `<natGatewaySet>${items.join("")}</natGatewaySet>`;
}

function describeInternetGateways(): string {
  return `<internetGatewaySet>${item(
    `<internetGatewayId>${IGW}</internetGatewayId><ownerId>${OWNER}</ownerId><attachmentSet>${item(`<vpcId>${VPC.id}</vpcId><state>available</state>`)}</attachmentSet><tagSet/>`,
  )}</internetGatewaySet>`;
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
    case "DescribeVpcs":
      return response(action, describeVpcs());
    case "DescribeVpcAttribute": {
      const attribute = params.get("Attribute") ?? "";
      const value = attribute === "enableNetworkAddressUsageMetrics" ? "false" : "true";
      return response(action, `<vpcId>${VPC.id}</vpcId><${attribute}><value>${value}</value></${attribute}>`);
    }
    case "DescribeRouteTables":
      return response(action, "<routeTableSet/>");
    case "DescribeSubnets":
      return response(action, describeSubnets(listParam(params, "SubnetId")));
    case "DescribeNatGateways":
      return response(action, describeNatGateways(listParam(params, "NatGatewayId")));
    case "DescribeInternetGateways":
      return response(action, describeInternetGateways());
    default:
      return undefined;
  }
}
