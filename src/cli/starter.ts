// `dpnet init`: commented starter specs users edit.

const AWS = `# yaml-language-server: $schema=./dpnet.schema.json
# dpnet spec: the network of a Kubernetes data plane on AWS.
# Get the schema for editor completion with: dpnet schema > dpnet.schema.json
name: acme-prod            # prefixes every resource name: [a-z][a-z0-9-]{0,30}
cloud: aws
aws:
  region: eu-west-1
  # Exactly 3 distinct zones; default: the region's a, b and c.
  zones: [eu-west-1a, eu-west-1b, eu-west-1c]
  vpc:
    cidr: 10.20.0.0/16     # primary CIDR (/16 to /28): public and node subnets
    podCidr: 100.64.0.0/16 # secondary CIDR: 3 pod subnets of /18, routed only inside the VPC
  nat: perZone             # perZone: a NAT gateway per zone | single: one, in the first zone
  # nodeSubnetPrefix: 24   # node subnet size, at most 24 (default: primary prefix + 2, /20 to /24)
  flowLogs: true           # VPC flow logs to CloudWatch Logs
  tags:
    team: platform
`;

export function starterSpec(cloud: string): string | undefined {
  return ({ aws: AWS } as Record<string, string>)[cloud];
}

export const STARTER_CLOUDS = ["aws"];
