// `dpnet init`: commented starter specs users edit.
import { INGRESS_DEFAULT_CIDRS } from "../spec/aws.js";

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
    # existing:            # build in your own VPC (cidr above: its primary CIDR); README: An existing VPC
    #   vpcId: vpc-0123456789abcdef0
    #   subnets: { public: { eu-west-1a: { id: subnet-..., cidr: 10.20.0.0/24 }, ... } }   # adopt per tier
  nat: perZone             # perZone: a NAT gateway per zone | single: one, in the first zone
  # nodeSubnetPrefix: 24   # node subnet size, at most 24 (default: primary prefix + 2, /20 to /24)
  flowLogs: true           # VPC flow logs to CloudWatch Logs
  ipv6: false              # true: dual stack (node /64s, egress-only gateway, dual-stack NLBs)
  # apiserver:             # an NLB on TCP 6443 for self-managed controllers
  #   allowedCidrs: [10.20.0.0/16]   # private ranges only: internal NLB in the node subnets
  ingress:
    ports: [80, 443]       # ingress NLB listeners -> worker target groups (ingress controller)
    # allowedCidrs: [0.0.0.0/0]
    # default: ${INGRESS_DEFAULT_CIDRS}
  services: []             # extra TCP/UDP services on the ingress NLB (allowedCidrs defaults as ingress's), e.g.
    # - { name: some-app, protocol: tcp, port: 3333, nodePort: 30333, allowedCidrs: [0.0.0.0/0] }
  firewall: []             # extra ingress rules on the worker security group, e.g.
    # - { name: some-app, protocol: tcp, ports: "30333", cidrs: [10.20.0.0/16] }
    # SSH/RDP from 0.0.0.0/0 is refused unless the rule says allowPublicAdminPorts: true
  routes: []               # extra routes on every node route table, e.g.
    # - { destination: 192.168.4.0/24, target: { vpcPeeringConnectionId: pcx-0123456789abcdef0 } }
  tags:
    team: platform
controlPlane:              # the remote control plane's links; leave out for the network alone
  connectivity: internet   # internet: internet-facing NLB | privatelink: endpoint service, nothing public
  awsAccountId: "111122223333"       # its account: SQS trust, PrivateLink allowed principal
  cidrs: [203.0.113.0/24]  # internet mode: the only sources of the sync port
  externalId: change-me-to-the-agreed-id   # sts:ExternalId it presents when it assumes its role
  port: 443                # the sync port (shares the ingress listener when in ingress.ports)
`;

const AZURE = `# yaml-language-server: $schema=./dpnet.schema.json
# dpnet spec: the network of a Kubernetes data plane on Azure (AKS).
# Get the schema for editor completion with: dpnet schema > dpnet.schema.json
name: acme-prod            # prefixes every resource name: [a-z][a-z0-9-]{0,30}
cloud: azure
azure:
  location: westeurope
  resourceGroup: acme-prod-network   # where dpnet's resources go
  mode: managed            # managed: dpnet creates the VNet | customerManaged: your VNet behind your firewall
  vnet:
    addressSpace: [10.30.0.0/16]     # managed mode: the subnets are carved from it
  subnets:
    db: { prefix: 28 }     # PostgreSQL flexible server, delegated: at least a /28
    nodes: { prefix: 24 }  # AKS nodes: ~256 addresses recommended
    pods: { prefix: 21 }   # AKS pods: at least 2000 usable addresses recommended (a /21)
  # customerManaged mode instead of vnet: the resource ids of what you made.
  # existing:
  #   vnetId: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>
  #   subnetIds: { db: <subnet id>, nodes: <subnet id>, pods: <subnet id> }
  #   firewallPrivateIp: 10.0.0.4      # next hop of 0.0.0.0/0 on the nodes and pods subnets
  #   publicIpId: <public IP id>       # the public IP the control plane connects to
  privateEndpoints: [blob, dfs, vault, postgres]   # the default; also file, queue, table, acr; [] for none
  # customDns: { servers: [10.0.0.10] }            # prints the conditional forwarding they need
  tags:
    team: platform
controlPlane:
  cidrs: [203.0.113.0/24]  # where the control plane connects from
  port: 443                # its port on the public IP
  # awsRegion: eu-west-1   # the control plane's SQS region; required in customerManaged mode
`;

export function starterSpec(cloud: string): string | undefined {
  return ({ aws: AWS, azure: AZURE } as Record<string, string>)[cloud];
}

export const STARTER_CLOUDS = ["aws", "azure"];
