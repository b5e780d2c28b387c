// The cloud-neutral network model the checks and reachability run on: plain, serialisable data,
// one array per kind of element, elements referring to each other by id. Every element's `id`
// is what traces and findings show: a Terraform address (`aws_subnet.node["eu-west-1a"]`) or a
// cloud id (`subnet-0abc…`, an Azure resource id).
//
// Importers fill it and nothing else; the analyzer adds what the clouds do implicitly (the AWS
// local route when a table lacks it, Azure's system routes and default NSG rules, the final deny
// of a network ACL, security groups' default deny). Intended mapping:
// - dpnet IR and `terraform show -json` (values resolved through references): aws_vpc (+
//   aws_vpc_ipv4_cidr_block_association) -> Network; aws_subnet -> Subnet; aws_route_table,
//   aws_route, aws_route_table_association, aws_main_route_table_association -> RouteTable,
//   Route, Subnet.routeTableId, Network.mainRouteTableId; aws_internet_gateway, aws_nat_gateway
//   (+ aws_eip), aws_egress_only_internet_gateway, aws_vpn_gateway, aws_ec2_transit_gateway,
//   aws_vpc_peering_connection, gateway aws_vpc_endpoint -> Gateway; aws_ec2_transit_gateway_vpc_attachment,
//   aws_ec2_transit_gateway_route(_table) -> TransitAttachment, TransitRouteTable (the default table's propagations); aws_security_group +
//   aws_vpc_security_group_{ingress,egress}_rule / aws_security_group_rule -> SecurityGroup;
//   aws_network_acl(_rule, _association) -> NetworkAcl; aws_instance, aws_network_interface ->
//   NetworkInterface; aws_lb, aws_lb_listener, aws_lb_target_group(_attachment) -> LoadBalancer,
//   TargetGroup; aws_vpc_endpoint_service(_allowed_principal) -> EndpointService; interface
//   aws_vpc_endpoint -> Endpoint; aws_sqs_queue(_policy) -> Queue; aws_iam_role -> Role. azurerm_virtual_network(_peering),
//   azurerm_subnet(+ route table / NSG / NAT associations), azurerm_route_table, azurerm_route,
//   azurerm_network_security_group(_rule), azurerm_network_interface, azurerm_lb(+ rules, pools),
//   azurerm_private_endpoint, azurerm_private_dns_zone(_virtual_network_link) likewise;
//   azurerm_storage_account, azurerm_key_vault, azurerm_container_registry,
//   azurerm_postgresql_flexible_server -> PaasService.
// - AWS describe-* JSON: Vpcs, Subnets, RouteTables (routes as listed, `Main` association),
//   InternetGateways, NatGateways, EgressOnlyInternetGateways, VpnGateways (+ VpnConnections'
//   routes as remoteCidrs), TransitGateways (+ attachments, route tables, static routes, propagations), VpcPeeringConnections, SecurityGroups, NetworkAcls,
//   NetworkInterfaces and Reservations (instances), LoadBalancers (+ AvailabilityZones as nodes,
//   their ENIs' addresses), Listeners, TargetGroups, TargetHealthDescriptions, LoadBalancerAttributes,
//   VpcEndpoints, ServiceDetails / VpcEndpointConnections, PrefixLists.
// - Azure resource JSON (`az … -o json`): Microsoft.Network/virtualNetworks (subnets inline),
//   routeTables, networkSecurityGroups, networkInterfaces, publicIPAddresses, loadBalancers,
//   privateEndpoints, privateDnsZones and their virtualNetworkLinks; Microsoft.Storage/storageAccounts,
//   Microsoft.KeyVault/vaults, Microsoft.ContainerRegistry/registries, Microsoft.DBforPostgreSQL/flexibleServers.

export type Cloud = "aws" | "azure";

/** Where an element is written, for findings that point at a file (SARIF locations). */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

interface Element {
  /** Terraform address or cloud id; unique within the topology. */
  id: string;
  name?: string;
  tags?: Record<string, string>;
  source?: SourceLocation;
  /**
   * Facts about the element the input does not give, and why (`network`: the VPC of a security
   * group in a child module; `rules`: the other rules of a group declared elsewhere). A check that
   * needs one of them says "not enough data" naming it; the others judge the element with what it has.
   */
  unknown?: Partial<Record<Fact, string>>;
}

/** What a check may need to know about an element, beyond its presence. */
/** `routes`: a subnet's route table (a subnet read from a VPC that is read too: its table is the owner's). */
export type Fact = "network" | "rules" | "encryption" | "policy" | "routes";

/** A VPC or VNet. */
export interface Network extends Element {
  cloud: Cloud;
  region?: string;
  /** IPv4 and IPv6 blocks. AWS: the primary block first, then secondary associations; Azure: the address space. */
  cidrs: string[];
  /** AWS: the table of subnets without an explicit association. */
  mainRouteTableId?: string;
  /** AWS: the network ACL of subnets without an explicit association. */
  defaultNetworkAclId?: string;
  /** Azure: custom DNS servers (absent or empty: Azure-provided DNS). */
  dnsServers?: string[];
  /**
   * The flow logs that record the network's traffic (AWS: aws_flow_log; Azure: VNet flow logs of
   * Network Watcher); empty: none; absent where the input does not say (an export, a network read by a data source).
   */
  flowLogs?: string[];
  /**
   * Every address held in this network is in the topology (an export lists every network
   * interface): an address no interface holds answers nothing. Absent: the topology may lack
   * hosts (instances an Auto Scaling group launches), and such an address is delivered to its subnet.
   */
  holdersKnown?: boolean;
}

export interface Subnet extends Element {
  networkId: string;
  /** IPv4 and/or IPv6 blocks (AWS: at most one of each; Azure: address prefixes). */
  cidrs: string[];
  /** AWS availability zone; Azure subnets span zones. */
  zone?: string;
  /** What the subnet is for, when known: `public`, `node`, `pod`, `db`, `endpoint`, `firewall`… */
  tier?: string;
  /** Explicit association; AWS falls back to the network's main table, Azure to system routes only. */
  routeTableId?: string;
  /** AWS; falls back to the network's default ACL. */
  networkAclId?: string;
  /** Azure. */
  networkSecurityGroupId?: string;
  /** Azure service delegations, e.g. `Microsoft.DBforPostgreSQL/flexibleServers`. */
  delegations?: string[];
}

/**
 * Where a route sends traffic. `gateway` covers every gateway element (internet, NAT, egress-only,
 * VPN, transit, peering, gateway endpoint): the element's kind says how it behaves.
 */
export type RouteTarget =
  /** AWS `local`, Azure `VirtualNetwork`: delivered inside the network. */
  | { kind: "local" }
  /** Azure next hop `Internet`. */
  | { kind: "internet" }
  | { kind: "gateway"; id: string }
  /** AWS network interface or instance (by either id). */
  | { kind: "interface"; id: string }
  /** Azure `VirtualAppliance`: the next hop's private address. */
  | { kind: "appliance"; ip: string }
  /** AWS blackhole, Azure `None`. */
  | { kind: "blackhole" };

/**
 * How a route came to be. Ties between equal prefixes go to static, then propagated (AWS VPN/Direct
 * Connect, Azure BGP), then system routes; AWS prefix-list routes rank between static and propagated.
 */
export type RouteOrigin = "static" | "propagated" | "system";

export interface Route {
  id?: string;
  /** A CIDR block (IPv4 or IPv6) or, on AWS, a managed prefix list id. */
  destination: string;
  target: RouteTarget;
  /** Default `static` (AWS user routes, Azure user-defined routes). */
  origin?: RouteOrigin;
}

export interface RouteTable extends Element {
  networkId: string;
  routes: Route[];
  /** Azure: routes learned by virtual network gateways are not propagated to its subnets (disableBgpRoutePropagation). */
  gatewayRoutesDisabled?: boolean;
}

export type GatewayKind =
  | "internet-gateway"
  | "nat-gateway"
  | "egress-only-internet-gateway"
  | "vpn-gateway"
  | "transit-gateway"
  | "peering"
  | "gateway-endpoint";

/**
 * How a VPC, a peered transit gateway or a VPN meets an AWS transit gateway. Traffic from it is
 * routed by the route table it is associated with; traffic to it leaves by it.
 */
export interface TransitAttachment {
  /** `tgw-attach-…`; a peering attachment has one id and a record on each side, each with its own gatewayId. */
  id: string;
  gatewayId: string;
  kind: "vpc" | "peering" | "vpn" | "direct-connect-gateway" | "connect";
  /** VPC attachment: the VPC. */
  networkId?: string;
  /** VPC attachment: the subnets (one per zone) its interfaces are in; a zone without one cannot reach the transit gateway. */
  subnetIds?: string[];
  /** Peering attachment: the transit gateway on the other side. */
  peerGatewayId?: string;
  /** VPC attachment: appliance mode, one zone of this VPC for both directions of a flow. */
  applianceMode?: boolean;
  /** The route table traffic from this attachment is routed by; absent: none, the transit gateway drops it. */
  routeTableId?: string;
}

export interface TransitRoute {
  /** A CIDR block. */
  destination: string;
  /** The attachment traffic goes to; absent: a blackhole route. */
  attachmentId?: string;
  /** Default `static`; a static route wins over a propagated one for the same prefix. */
  origin?: "static" | "propagated";
}

/** A transit gateway route table: its static routes and the routes its propagations put in. */
export interface TransitRouteTable extends Element {
  gatewayId: string;
  routes: TransitRoute[];
}

export interface Gateway extends Element {
  kind: GatewayKind;
  /** Attached networks: one for most kinds, both sides of a peering, a transit gateway's attached VPCs. */
  networkIds: string[];
  /** NAT gateway: its subnet and addresses (the public one is the elastic IP of a public NAT). */
  subnetId?: string;
  privateIp?: string;
  publicIp?: string;
  /** VPN gateway: the remote prefixes it reaches (static VPN routes, learned routes). */
  remoteCidrs?: string[];
  /** Gateway endpoint: the service, e.g. `com.amazonaws.eu-west-1.s3`. */
  serviceName?: string;
  /** Azure peering with allowVirtualNetworkAccess off: the peered VNets cannot reach each other through it. */
  virtualNetworkAccess?: false;
  /**
   * Azure peering, the side its first network holds (each side is its own resource): traffic the
   * remote VNet forwards (not from its own addresses) may enter (allowForwardedTraffic; default off).
   */
  allowForwardedTraffic?: boolean;
  /** Azure peering side: the remote VNet may use this VNet's gateways (allowGatewayTransit). */
  allowGatewayTransit?: boolean;
  /** Azure peering side: this VNet uses the remote VNet's gateways and learns their routes (useRemoteGateways). */
  useRemoteGateways?: boolean;
}

/** `all` is AWS `-1` / Azure `*`; numbers are IANA protocol numbers. */
export type Protocol = "tcp" | "udp" | "icmp" | "icmpv6" | "all" | number;

/** Inclusive port range. */
export interface PortRange {
  from: number;
  to: number;
}

/** ICMP type (absent: all types). */
export interface IcmpMatch {
  type: number;
  code?: number;
}

/** The other end of a firewall rule. */
export type Peer =
  | { kind: "any" }
  | { kind: "cidr"; cidr: string }
  /** An AWS security group or an Azure application security group: its members' private addresses. */
  | { kind: "security-group"; id: string }
  | { kind: "prefix-list"; id: string }
  /** Azure service tag: `VirtualNetwork`, `Internet`, `AzureLoadBalancer`, … */
  | { kind: "service-tag"; tag: string };

export interface SecurityGroupRule {
  id?: string;
  direction: "ingress" | "egress";
  protocol: Protocol;
  /** TCP/UDP destination ports; absent: all. */
  ports?: PortRange;
  icmp?: IcmpMatch;
  peer: Peer;
  description?: string;
}

/** AWS security group: stateful, allow rules only. */
export interface SecurityGroup extends Element {
  /** Absent: unplaced, its VPC unknown (`unknown.network` says why); its rules are still judged on their own. */
  networkId?: string;
  isDefault?: boolean;
  rules: SecurityGroupRule[];
}

export interface NetworkAclEntry {
  id?: string;
  number: number;
  direction: "ingress" | "egress";
  action: "allow" | "deny";
  protocol: Protocol;
  /** TCP/UDP destination ports; absent: all. */
  ports?: PortRange;
  icmp?: IcmpMatch;
  cidr: string;
}

/** AWS network ACL: stateless, numbered, first match wins. */
export interface NetworkAcl extends Element {
  networkId: string;
  isDefault?: boolean;
  entries: NetworkAclEntry[];
}

export interface NsgRule {
  id?: string;
  name: string;
  /** 100..4096; lower first. */
  priority: number;
  direction: "inbound" | "outbound";
  access: "allow" | "deny";
  protocol: Protocol;
  /** Absent: any. */
  sourcePorts?: PortRange[];
  destinationPorts?: PortRange[];
  sources: Peer[];
  destinations: Peer[];
}

/** Azure network security group (Azure's default rules are implied). */
export interface NetworkSecurityGroup extends Element {
  rules: NsgRule[];
}

/** A public address mapped 1:1 to a private one (AWS public/elastic IP, Azure public IP on a NIC). */
export interface PublicIpMapping {
  publicIp: string;
  /** Default: the interface's first private IPv4 address. */
  privateIp?: string;
}

/** AWS ENI (instances are their interfaces, `instanceId` set) or Azure NIC. */
export interface NetworkInterface extends Element {
  subnetId: string;
  instanceId?: string;
  /** IPv4 and IPv6 addresses; the first of each family is the primary. */
  privateIps: string[];
  publicIps?: PublicIpMapping[];
  /** AWS security groups. */
  securityGroupIds?: string[];
  /** Azure NSG on the NIC. */
  networkSecurityGroupId?: string;
  /** Azure application security groups the NIC belongs to. */
  applicationSecurityGroupIds?: string[];
  /** Forwards traffic not addressed to it: AWS source/destination check off, Azure IP forwarding on. */
  forwarding?: boolean;
  /** AWS: its attachment's device index; 0 is the instance's primary interface. */
  deviceIndex?: number;
}

export type ListenerProtocol = "tcp" | "udp" | "tcp_udp" | "tls" | "http" | "https";

export interface Listener {
  id: string;
  port: number;
  protocol: ListenerProtocol;
  targetGroupId: string;
}

/** One zonal presence of a load balancer (AWS: its ENI in an enabled subnet; Azure: a frontend). */
export interface LoadBalancerNode {
  id: string;
  /** Absent for an Azure public frontend, which lives in no subnet. */
  subnetId?: string;
  zone?: string;
  privateIps: string[];
  /** Internet-facing: the public address of each private one, in the same order. */
  publicIps?: string[];
}

export interface LoadBalancer extends Element {
  /** `network`: AWS NLB; `application`/`gateway`: other ELBs (proxies); `azure`: Azure Load Balancer (pass-through). */
  kind: "network" | "application" | "gateway" | "azure";
  scheme: "internet-facing" | "internal";
  networkId: string;
  nodes: LoadBalancerNode[];
  listeners: Listener[];
  /** The load balancer's own security groups (NLBs created with them). */
  securityGroupIds?: string[];
  /** Load balancer level; NLB default off. */
  crossZone?: boolean;
  /** NLB `enforce_security_group_inbound_rules_on_private_link_traffic`; default on. */
  enforceSecurityGroupsOnPrivateLink?: boolean;
  dnsName?: string;
}

export interface Target {
  /** Instance id (instance targets) or IP address (ip targets). */
  id: string;
  /** Registered port; default the target group's. */
  port?: number;
  zone?: string;
  /** Absent or `unknown` (e.g. from Terraform): assumed able to receive traffic. */
  health?: "healthy" | "unhealthy" | "unknown";
}

export interface TargetGroup extends Element {
  protocol: ListenerProtocol;
  port?: number;
  targetType: "instance" | "ip";
  /** Default: on for instance targets and UDP, off for TCP/TLS ip targets. */
  preserveClientIp?: boolean;
  /** Overrides the load balancer's setting. */
  crossZone?: boolean;
  targets: Target[];
}

/** AWS endpoint service (PrivateLink provider side). */
export interface EndpointService extends Element {
  serviceName?: string;
  loadBalancerIds: string[];
  acceptanceRequired: boolean;
  /** Principal ARNs; `*` allows everyone. */
  allowedPrincipals: string[];
  /** Regions whose consumers may connect (cross-region PrivateLink); absent: only the service's own region. */
  supportedRegions?: string[];
}

/** AWS interface endpoint or Azure private endpoint (consumer side). */
export interface Endpoint extends Element {
  kind: "interface-endpoint" | "private-endpoint";
  networkId: string;
  subnetIds: string[];
  /** Its network interfaces (one per subnet). */
  interfaceIds: string[];
  securityGroupIds?: string[];
  /** AWS: an EndpointService id or service name in this topology, else an outside service; Azure: the private link resource id. */
  serviceId: string;
  /** e.g. `available`, `pendingAcceptance`, `rejected` (AWS) / `Approved`, `Pending` (Azure). */
  state?: string;
  /** The consumer's principal (account or role ARN), checked against the service's allowed principals. */
  ownerPrincipal?: string;
  /** Azure: the private DNS zones of its DNS zone group. */
  privateDnsZoneIds?: string[];
  /** Azure: sub-resources, e.g. `postgresqlServer`, `blob`. */
  groupIds?: string[];
}

/**
 * An Azure service a private endpoint connects to (storage account, key vault, container registry,
 * PostgreSQL flexible server): outside the network, but whether it still takes traffic from public
 * networks decides whether the endpoint is the only way in.
 */
export interface PaasService extends Element {
  /** The ARM resource type, e.g. `Microsoft.Storage/storageAccounts`. */
  type: `Microsoft.${string}`;
  /** Public network access left on; absent: unknown. */
  publicNetworkAccess?: boolean;
}

export interface PrivateDnsZone extends Element {
  zoneName: string;
  networkLinks: { networkId: string; registrationEnabled?: boolean }[];
}

/** AWS managed prefix list. */
export interface PrefixList extends Element {
  cidrs: string[];
}

export interface PolicyStatement {
  Sid?: string;
  /** Parts the input leaves unknown (an ARN interpolating a variable), by key, and why; the known parts are judged. */
  unknown?: Partial<Record<"Effect" | "Principal" | "NotPrincipal" | "Action" | "NotAction" | "Resource" | "Condition", string>>;
  Effect: "Allow" | "Deny";
  Principal?: "*" | Record<string, string | string[]>;
  NotPrincipal?: Record<string, string | string[]>;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[];
}

/** A policy document and what sets it (an aws_sqs_queue_policy, the queue's own `policy`). */
export interface AttachedPolicy {
  id: string;
  document: PolicyDocument;
}

export interface Queue extends Element {
  arn?: string;
  url?: string;
  encrypted?: boolean;
  kmsKeyId?: string;
  /** Every policy set on the queue: AWS keeps one, so several means the last applied wins (a conflict). */
  policies?: AttachedPolicy[];
}

/** AWS IAM role: who may assume it (the async link's cross-account trust). */
export interface Role extends Element {
  arn?: string;
  trustPolicy?: PolicyDocument;
}

/** An Azure public IP resource: its address, SKU and allocation (the sync path needs Standard, Static). */
export interface PublicIpAddress extends Element {
  address?: string;
  /** `Basic` (retired) or `Standard`. */
  sku?: string;
  /** `Static` or `Dynamic`. */
  allocation?: string;
}

/**
 * One Azure Firewall rule, in the order the firewall applies it: DNAT rules first, then network
 * rules, then application rules; within a kind by rule collection group priority, then rule
 * collection priority (firewall rule processing logic).
 */
export interface FirewallRule {
  /** As the firewall names it: `<collection>/<rule>`, with `<group>/` in front for a policy's rules. */
  name: string;
  kind: "dnat" | "network" | "application";
  action: "allow" | "deny" | "dnat";
  /** Collection (and group) priority, for the trace. */
  priority: number;
  protocols: Protocol[];
  /** CIDRs, addresses or `*`. */
  sources: string[];
  /** CIDRs, addresses or `*`; DNAT: the firewall's public address. */
  destinations: string[];
  /** Destination ports; absent: all. Application rules: the protocols' ports. */
  ports?: PortRange[];
  /** Application rules: the names they allow (target FQDNs, FQDN tags). */
  fqdns?: string[];
  /** DNAT: where the matched packet goes. */
  translatedAddress?: string;
  translatedPort?: number;
}

/** Azure Firewall: the forwarding interface that stands for it, and its rules (classic collections or its policy's). */
export interface Firewall extends Element {
  interfaceId: string;
  rules: FirewallRule[];
  /** Its public IP resources. */
  publicIpIds?: string[];
}

export interface Topology {
  networks: Network[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  gateways: Gateway[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  networkSecurityGroups: NetworkSecurityGroup[];
  interfaces: NetworkInterface[];
  loadBalancers: LoadBalancer[];
  targetGroups: TargetGroup[];
  endpointServices: EndpointService[];
  endpoints: Endpoint[];
  privateDnsZones: PrivateDnsZone[];
  prefixLists: PrefixList[];
  queues: Queue[];
  /** Azure services behind private endpoints (optional, as roles). */
  paasServices?: PaasService[];
  /** AWS IAM roles; optional so that importers without IAM data can leave it out. */
  roles?: Role[];
  /** Addresses an element of the export held until it was deleted (a NAT gateway's): nothing answers them now. */
  releasedAddresses?: ReleasedAddress[];
  /** AWS transit gateways' attachments and route tables (optional, as roles). */
  transitAttachments?: TransitAttachment[];
  transitRouteTables?: TransitRouteTable[];
  /** Azure Firewalls with their rules (optional, as roles). */
  firewalls?: Firewall[];
  /** Azure public IP resources, with SKU and allocation (optional, as roles). */
  publicIpAddresses?: PublicIpAddress[];
  /** The day (ISO date) the cloud's platform defaults are taken as of (Azure's default routes); absent: today. */
  asOf?: string;
  /**
   * The cloud's own ids of elements identified otherwise (a state's elements are Terraform
   * addresses): cloud id or ARN -> element id, so that a question may name either.
   */
  cloudIds?: Record<string, string>;
  /**
   * Elements present whose contents the input does not give (a data source Terraform reads only
   * when it plans, an attribute known only after apply): a path that stops at one, or at a rule
   * or table one holds, is "insufficient-info", never a verdict.
   */
  unread?: string[];
}

export interface ReleasedAddress {
  address: string;
  /** The deleted element that held it. */
  formerHolder: string;
}

/** An empty topology, to fill; or to complete a partial one: `{ ...emptyTopology(), networks, subnets }`. */
export function emptyTopology(): Topology {
  return {
    networks: [],
    subnets: [],
    routeTables: [],
    gateways: [],
    securityGroups: [],
    networkAcls: [],
    networkSecurityGroups: [],
    interfaces: [],
    loadBalancers: [],
    targetGroups: [],
    endpointServices: [],
    endpoints: [],
    privateDnsZones: [],
    prefixLists: [],
    queues: [],
    roles: [],
    releasedAddresses: [],
    transitAttachments: [],
    transitRouteTables: [],
  };
}
