// Hand-built data-plane topologies for the renderer's tests, shaped like dpnet's own output: an AWS
// VPC with public, node and pod subnets in N zones, NAT per zone, two NLBs and the SQS queues (or
// an endpoint service in PrivateLink mode); an Azure VNet with db, nodes and pods subnets, private
// endpoints and their DNS zones (or the customer's VNet routed to their firewall).
import type { DiagramContext } from "../src/render/view.js";
import { type Listener, type Topology, emptyTopology } from "../src/topology/model.js";

export interface AwsOptions {
  zones?: string[];
  name?: string;
  privateLink?: boolean;
}

const tgAddress = (key: string) => `aws_lb_target_group.${key}`;

function listener(key: string, port: number, tg: string): Listener {
  return { id: `aws_lb_listener.${key}`, port, protocol: "tcp", targetGroupId: tgAddress(tg) };
}

export function awsDataPlane(options: AwsOptions = {}): Topology {
  const zones = options.zones ?? ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
  const name = options.name ?? "acme-prod";
  const vpc = "aws_vpc.network";
  const subnet = (tier: string, z: string) => `aws_subnet.${tier}["${z}"]`;
  const subnets = zones.flatMap((z, i) => [
    {
      id: subnet("public", z),
      name: `${name}-public-${z}`,
      networkId: vpc,
      cidrs: [`10.20.${48 + i}.0/24`],
      zone: z,
      tier: "public",
      routeTableId: "aws_route_table.public",
    },
    {
      id: subnet("node", z),
      name: `${name}-node-${z}`,
      networkId: vpc,
      cidrs: [`10.20.${i * 16}.0/20`],
      zone: z,
      tier: "node",
      routeTableId: `aws_route_table.node["${z}"]`,
    },
    {
      id: subnet("pod", z),
      name: `${name}-pod-${z}`,
      networkId: vpc,
      cidrs: [`100.64.${i * 64}.0/18`],
      zone: z,
      tier: "pod",
      routeTableId: `aws_route_table.pod["${z}"]`,
    },
  ]);
  const internal = options.privateLink ?? false;
  const ingressTier = internal ? "node" : "public";
  return {
    ...emptyTopology(),
    networks: [{ id: vpc, name, cloud: "aws", region: "eu-west-1", cidrs: ["10.20.0.0/16", "100.64.0.0/16"] }],
    subnets,
    routeTables: [
      {
        id: "aws_route_table.public",
        networkId: vpc,
        routes: [{ id: "aws_route.public-internet", destination: "0.0.0.0/0", target: { kind: "gateway", id: "aws_internet_gateway.gateway" } }],
      },
      ...zones.map((z) => ({
        id: `aws_route_table.node["${z}"]`,
        networkId: vpc,
        routes: [
          { id: `aws_route.node-nat["${z}"]`, destination: "0.0.0.0/0", target: { kind: "gateway" as const, id: `aws_nat_gateway.nat["${z}"]` } },
          { id: `aws_route.node-peering["${z}"]`, destination: "192.168.4.0/24", target: { kind: "gateway" as const, id: "pcx-0123456789abcdef0" } },
        ],
      })),
      ...zones.map((z) => ({ id: `aws_route_table.pod["${z}"]`, networkId: vpc, routes: [] })),
    ],
    gateways: [
      { id: "aws_internet_gateway.gateway", name, kind: "internet-gateway", networkIds: [vpc] },
      ...zones.map((z) => ({
        id: `aws_nat_gateway.nat["${z}"]`,
        name: `${name}-${z}`,
        kind: "nat-gateway" as const,
        networkIds: [vpc],
        subnetId: subnet("public", z),
      })),
    ],
    securityGroups: [
      { id: "aws_security_group.worker", networkId: vpc, rules: [] },
      { id: "aws_security_group.ingress-nlb", networkId: vpc, rules: [] },
    ],
    loadBalancers: [
      {
        id: "aws_lb.apiserver",
        name: `${name}-apiserver`,
        kind: "network",
        scheme: "internal",
        networkId: vpc,
        nodes: zones.map((z) => ({ id: `apiserver-${z}`, subnetId: subnet("node", z), zone: z, privateIps: [] })),
        listeners: [listener("apiserver", 6443, "controllers")],
      },
      {
        id: "aws_lb.ingress",
        name: `${name}-ingress`,
        kind: "network",
        scheme: internal ? "internal" : "internet-facing",
        networkId: vpc,
        securityGroupIds: ["aws_security_group.ingress-nlb"],
        nodes: zones.map((z) => ({ id: `ingress-${z}`, subnetId: subnet(ingressTier, z), zone: z, privateIps: [] })),
        listeners: [listener("http", 80, "workers-http"), listener("https", 443, "workers-https"), listener("service-some-app", 3333, "service-some-app")],
      },
    ],
    targetGroups: [
      { id: tgAddress("controllers"), name: `${name}-controllers`, protocol: "tcp", port: 6443, targetType: "instance", targets: [] },
      { id: tgAddress("workers-http"), name: `${name}-workers-http`, protocol: "tcp", port: 80, targetType: "instance", targets: [] },
      { id: tgAddress("workers-https"), name: `${name}-workers-https`, protocol: "tcp", port: 443, targetType: "instance", targets: [] },
      { id: tgAddress("service-some-app"), name: `${name}-service-some-app`, protocol: "tcp", port: 30333, targetType: "instance", targets: [] },
    ],
    endpointServices: internal
      ? [
          {
            id: "aws_vpc_endpoint_service.sync",
            loadBalancerIds: ["aws_lb.ingress"],
            acceptanceRequired: true,
            allowedPrincipals: ["arn:aws:iam::111122223333:root"],
          },
        ]
      : [],
    queues: [
      { id: "aws_sqs_queue.inbound", name: `${name}-inbound`, encrypted: true },
      { id: "aws_sqs_queue.inbound-dlq", name: `${name}-inbound-dlq`, encrypted: true },
    ],
  };
}

export function awsContext(privateLink = false): DiagramContext {
  return {
    controlPlane: {
      connectivity: privateLink ? "privatelink" : "internet",
      port: 443,
      ...(privateLink ? {} : { cidrs: ["203.0.113.0/24"] }),
      awsAccountId: "111122223333",
    },
  };
}

export function azureDataPlane(options: { customerManaged?: boolean } = {}): Topology {
  const vnet = "azurerm_virtual_network.network";
  const subnet = (role: string) => `azurerm_subnet.${role}`;
  const customer = options.customerManaged ?? false;
  const firewall = customer ? { routeTableId: "customer-routes" } : {};
  const zone = (kind: string, zoneName: string) => ({ id: `azurerm_private_dns_zone.${kind}`, zoneName, networkLinks: [{ networkId: vnet }] });
  const endpoint = (kind: string) => ({
    id: `azurerm_private_endpoint.${kind}`,
    name: `acme-prod-${kind}`,
    kind: "private-endpoint" as const,
    networkId: vnet,
    subnetIds: [subnet("nodes")],
    interfaceIds: [],
    serviceId: `storage-${kind}`,
    groupIds: [kind],
    privateDnsZoneIds: [`azurerm_private_dns_zone.${kind}`],
  });
  return {
    ...emptyTopology(),
    networks: [{ id: vnet, name: customer ? "corp-spoke" : "acme-prod", cloud: "azure", region: "westeurope", cidrs: customer ? [] : ["10.30.0.0/16"] }],
    subnets: [
      {
        id: subnet("db"),
        name: "db",
        networkId: vnet,
        cidrs: customer ? [] : ["10.30.9.0/28"],
        tier: "db",
        networkSecurityGroupId: "azurerm_network_security_group.db",
        delegations: ["Microsoft.DBforPostgreSQL/flexibleServers"],
      },
      {
        id: subnet("nodes"),
        name: "nodes",
        networkId: vnet,
        cidrs: customer ? [] : ["10.30.8.0/24"],
        tier: "nodes",
        networkSecurityGroupId: "azurerm_network_security_group.nodes",
        ...firewall,
      },
      {
        id: subnet("pods"),
        name: "pods",
        networkId: vnet,
        cidrs: customer ? [] : ["10.30.0.0/21"],
        tier: "pods",
        networkSecurityGroupId: "azurerm_network_security_group.pods",
        ...firewall,
      },
    ],
    routeTables: customer
      ? [{ id: "customer-routes", networkId: vnet, routes: [{ destination: "0.0.0.0/0", target: { kind: "appliance", ip: "10.0.0.4" } }] }]
      : [],
    networkSecurityGroups: ["db", "nodes", "pods"].map((role) => ({ id: `azurerm_network_security_group.${role}`, rules: [] })),
    endpoints: ["blob", "dfs", "vault"].map(endpoint),
    privateDnsZones: [
      zone("blob", "privatelink.blob.core.windows.net"),
      zone("dfs", "privatelink.dfs.core.windows.net"),
      zone("vault", "privatelink.vaultcore.azure.net"),
      zone("postgres", "privatelink.postgres.database.azure.com"),
    ],
  };
}

export function azureContext(customerManaged = false): DiagramContext {
  return {
    controlPlane: { connectivity: "internet", port: 443, cidrs: ["203.0.113.0/24"] },
    azure: { mode: customerManaged ? "customerManaged" : "managed", ...(customerManaged ? { firewallPrivateIp: "10.0.0.4" } : {}) },
    controlPlaneQueues: ["acme-prod-to-data-plane", "acme-prod-to-control-plane"],
    publicIp: customerManaged ? "conveyor-control-plane" : "acme-prod-aks",
  };
}
