// AWS specs that between them use every feature of the spec, for the real-terraform harness:
// both sync modes, IPv6, services (TCP, UDP, TCP+UDP), firewall rules, every route target kind,
// single and per-zone NAT, flow logs, the apiserver NLB both ways, no control plane, prefix delegation,
// EKS, a control plane in another region, and an existing VPC with every tier adopted.
const cp = { awsAccountId: "111122223333", externalId: "ext-id-1234" };
/** Subnets of the customer's by zone: `subnet-<prefix>00000000000000<n>`. */
const byZone = (prefix: string, cidr: (i: number) => string) =>
  Object.fromEntries(["a", "b", "c"].map((z, i) => [`eu-west-1${z}`, { id: `subnet-${prefix}00000000000000${i + 1}`, cidr: cidr(i) }]));

export const FEATURE_SPECS: Record<string, Record<string, unknown>> = {
  "ipv6-internet": {
    name: "f-ipv6",
    cloud: "aws",
    aws: {
      region: "eu-west-1",
      vpc: { cidr: "10.40.0.0/16" },
      ipv6: true,
      ingress: { ports: [80, 443] },
      services: [{ name: "web-alt", port: 8443, nodePort: 30843, allowedCidrs: ["0.0.0.0/0", "::/0"] }],
    },
    controlPlane: { connectivity: "internet", cidrs: ["198.51.100.0/24"], ...cp },
  },
  "privatelink-single-nat": {
    name: "f-pl-single",
    cloud: "aws",
    aws: { region: "eu-west-1", vpc: { cidr: "10.41.0.0/16" }, nat: "single", flowLogs: true, ingress: { ports: [443] } },
    controlPlane: { connectivity: "privatelink", ...cp, port: 443 },
  },
  "udp-services": {
    name: "f-udp",
    cloud: "aws",
    aws: {
      region: "eu-west-1",
      vpc: { cidr: "10.42.0.0/16" },
      services: [
        { name: "dns", protocol: "udp", port: 53, nodePort: 30053, allowedCidrs: ["10.0.0.0/8"] },
        { name: "game", protocol: "tcp_udp", port: 7777, nodePort: 30777, allowedCidrs: ["0.0.0.0/0"] },
        { name: "api", protocol: "tcp", port: 8080, nodePort: 30080, allowedCidrs: ["203.0.113.0/24"] },
      ],
    },
    controlPlane: { connectivity: "internet", cidrs: ["198.51.100.0/24"], ...cp },
  },
  "firewall-rules": {
    name: "f-firewall",
    cloud: "aws",
    aws: {
      region: "eu-west-1",
      vpc: { cidr: "10.43.0.0/16" },
      ipv6: true,
      firewall: [
        { name: "nodeports", protocol: "tcp", ports: "30000-32767", cidrs: ["10.43.0.0/16"] },
        { name: "syslog", protocol: "udp", ports: 514, cidrs: ["10.0.0.0/8", "fd00::/8"] },
        { name: "ssh-bastion", protocol: "tcp", ports: 22, cidrs: ["192.0.2.10/32"] },
      ],
    },
    controlPlane: { connectivity: "internet", cidrs: ["198.51.100.0/24"], ...cp },
  },
  "routes-every-target": {
    name: "f-routes",
    cloud: "aws",
    aws: {
      region: "eu-west-1",
      vpc: { cidr: "10.44.0.0/16" },
      ipv6: true,
      routes: [
        { destination: "192.168.0.0/24", target: { vpcPeeringConnectionId: "pcx-0123456789abcdef0" } },
        { destination: "10.0.0.0/12", target: { transitGatewayId: "tgw-0123456789abcdef0" } },
        { destination: "192.168.1.0/24", target: { networkInterfaceId: "eni-0123456789abcdef0" } },
        { destination: "192.168.2.0/24", target: { natGatewayId: "nat-0123456789abcdef0" } },
        { destination: "192.168.3.0/24", target: { gatewayId: "vgw-0123456789abcdef0" } },
        { destination: "192.168.4.0/24", target: { vpcEndpointId: "vpce-0123456789abcdef0" } },
        { destination: "2001:db8::/32", target: { egressOnlyGatewayId: "eigw-0123456789abcdef0" } },
        { destination: "192.168.5.0/24", target: { coreNetworkArn: "arn:aws:networkmanager::111122223333:core-network/core-network-0123456789abcdef0" } },
      ],
    },
    controlPlane: { connectivity: "internet", cidrs: ["198.51.100.0/24"], ...cp },
  },
  "no-control-plane": {
    name: "f-no-cp",
    cloud: "aws",
    // Prefix delegation too: the pod subnets' prefix reservations (issue 20).
    aws: { region: "eu-west-1", vpc: { cidr: "10.45.0.0/16" }, nat: "single", pods: { prefixDelegation: true } },
  },
  "flow-logs-per-zone": {
    name: "f-flow",
    cloud: "aws",
    aws: {
      region: "eu-west-1",
      vpc: { cidr: "10.46.0.0/16" },
      flowLogs: true,
      nat: "perZone",
      ingress: { ports: [80, 443], allowedCidrs: ["203.0.113.0/24"] },
    },
    controlPlane: { connectivity: "internet", cidrs: ["198.51.100.0/24"], ...cp },
  },
  "apiserver-public": {
    name: "f-api-pub",
    cloud: "aws",
    aws: { region: "eu-west-1", vpc: { cidr: "10.47.0.0/16" }, apiserver: { allowedCidrs: ["203.0.113.0/24"] } },
    controlPlane: { connectivity: "internet", cidrs: ["198.51.100.0/24"], ...cp },
  },
  "privatelink-ipv6-apiserver": {
    name: "f-pl-ipv6",
    cloud: "aws",
    aws: { region: "eu-west-1", vpc: { cidr: "10.48.0.0/16" }, ipv6: true, apiserver: { allowedCidrs: ["10.48.0.0/16"] }, ingress: { ports: [443, 8443] } },
    controlPlane: { connectivity: "privatelink", ...cp, port: 8443 },
  },
  "privatelink-cross-region": {
    name: "f-pl-xregion",
    cloud: "aws",
    aws: { region: "eu-west-1", vpc: { cidr: "10.51.0.0/16" }, ingress: { ports: [443] } },
    controlPlane: { connectivity: "privatelink", ...cp, awsRegion: "us-east-1" },
  },
  "eks-services": {
    name: "f-eks",
    cloud: "aws",
    aws: {
      region: "eu-west-1",
      vpc: { cidr: "10.52.0.0/16" },
      kubernetes: "eks",
      ingress: { ports: [80, 443] },
      services: [{ name: "game", protocol: "tcp_udp", port: 7777, nodePort: 30777, allowedCidrs: ["0.0.0.0/0"] }],
    },
    controlPlane: { connectivity: "internet", cidrs: ["198.51.100.0/24"], ...cp },
  },
  "sync-only": {
    name: "f-sync-only",
    cloud: "aws",
    aws: { region: "eu-west-1", vpc: { cidr: "10.49.0.0/16" } },
    controlPlane: { connectivity: "internet", cidrs: ["198.51.100.0/24"], port: 9443 },
  },
  // aws.vpc.existing with every tier the customer's (the EC2 stub answers for this VPC): only the data plane's own resources are created.
  "existing-vpc-adopted": {
    name: "f-byo",
    cloud: "aws",
    aws: {
      region: "eu-west-1",
      zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
      vpc: {
        cidr: "10.31.0.0/16",
        existing: {
          vpcId: "vpc-0b1b2c3d4e5f60789",
          podCidrAssociated: true,
          subnets: {
            public: byZone("0d", (i) => `10.31.${i}.0/24`),
            nodes: byZone("0e", (i) => `10.31.${16 * (i + 1)}.0/20`),
            pods: byZone("0f", (i) => `100.64.${64 * i}.0/18`),
          },
          natGatewayIds: Object.fromEntries(["a", "b", "c"].map((z, i) => [`eu-west-1${z}`, `nat-0b00000000000000${i + 1}`])),
          emptyDefaultSecurityGroup: true,
        },
      },
      ingress: { ports: [443] },
      endpoints: ["sqs", "sts"],
    },
    controlPlane: { connectivity: "privatelink", ...cp, port: 443 },
  },
  "tight-vpc": {
    name: "f-tight",
    cloud: "aws",
    aws: {
      region: "eu-west-1",
      zones: ["eu-west-1c", "eu-west-1a", "eu-west-1b"],
      vpc: { cidr: "10.50.0.0/22", podCidr: "100.64.0.0/16" },
      nodeSubnetPrefix: 24,
      publicSubnetPrefix: 28,
      tags: { team: "net", "cost-center": "42" },
    },
    controlPlane: { connectivity: "internet", cidrs: ["198.51.100.0/24"], ...cp },
  },
};
