// Small hand-built topologies for the reachability tests: one AWS VPC and one Azure VNet, each a
// fresh copy a test changes to exercise one rule.
import type { ReachResult } from "../src/analyze/reach.js";
import {
  type NetworkAclEntry,
  type NetworkInterface,
  type NsgRule,
  type Peer,
  type Protocol,
  type SecurityGroupRule,
  type Topology,
  emptyTopology,
} from "../src/topology/model.js";

export const cidr = (c: string): Peer => ({ kind: "cidr", cidr: c });
export const group = (id: string): Peer => ({ kind: "security-group", id });
export const tag = (t: string): Peer => ({ kind: "service-tag", tag: t });
export const ANY: Peer = { kind: "any" };

export function ingress(protocol: Protocol, port: number | undefined, peer: Peer): SecurityGroupRule {
  return { direction: "ingress", protocol, ...(port === undefined ? {} : { ports: { from: port, to: port } }), peer };
}

export const EGRESS_ALL: SecurityGroupRule = { direction: "egress", protocol: "all", peer: cidr("0.0.0.0/0") };

export function aclEntry(
  number: number,
  direction: NetworkAclEntry["direction"],
  action: NetworkAclEntry["action"],
  protocol: Protocol,
  cidrBlock: string,
  ports?: [number, number],
): NetworkAclEntry {
  return { number, direction, action, protocol, cidr: cidrBlock, ...(ports ? { ports: { from: ports[0], to: ports[1] } } : {}) };
}

export function nsgRule(
  name: string,
  priority: number,
  direction: NsgRule["direction"],
  access: NsgRule["access"],
  protocol: Protocol,
  port: number | undefined,
  sources: Peer[],
  destinations: Peer[] = [ANY],
): NsgRule {
  return {
    name,
    priority,
    direction,
    access,
    protocol,
    sources,
    destinations,
    ...(port === undefined ? {} : { destinationPorts: [{ from: port, to: port }] }),
  };
}

export function instance(id: string, subnetId: string, ip: string, extra: Partial<NetworkInterface> = {}): NetworkInterface {
  return { id: `eni-${id}`, instanceId: id, subnetId, privateIps: [ip], ...extra };
}

/**
 * vpc-1 10.0.0.0/16 in two zones. Public subnet-pub (10.0.0.0/24, a) routes to igw-1 and holds
 * nat-1 (10.0.0.10, public 3.3.3.3) and i-web (10.0.0.5, public 13.0.0.5, sg-web: 443 from
 * anywhere). Private subnet-app (10.0.1.0/24, a) and subnet-app-b (10.0.2.0/24, b) route to nat-1
 * and hold i-app (10.0.1.5) and i-app-b (10.0.2.5), in sg-app (8080 from sg-web). No network ACLs
 * (the default one allows all); the route tables have no local route, as Terraform writes them.
 */
export function awsVpc(): Topology {
  return {
    ...emptyTopology(),
    networks: [{ id: "vpc-1", cloud: "aws", cidrs: ["10.0.0.0/16"] }],
    subnets: [
      { id: "subnet-pub", networkId: "vpc-1", cidrs: ["10.0.0.0/24"], zone: "a", routeTableId: "rtb-pub" },
      { id: "subnet-app", networkId: "vpc-1", cidrs: ["10.0.1.0/24"], zone: "a", routeTableId: "rtb-app" },
      { id: "subnet-app-b", networkId: "vpc-1", cidrs: ["10.0.2.0/24"], zone: "b", routeTableId: "rtb-app" },
    ],
    routeTables: [
      { id: "rtb-pub", networkId: "vpc-1", routes: [{ destination: "0.0.0.0/0", target: { kind: "gateway", id: "igw-1" } }] },
      { id: "rtb-app", networkId: "vpc-1", routes: [{ destination: "0.0.0.0/0", target: { kind: "gateway", id: "nat-1" } }] },
    ],
    gateways: [
      { id: "igw-1", kind: "internet-gateway", networkIds: ["vpc-1"] },
      { id: "nat-1", kind: "nat-gateway", networkIds: ["vpc-1"], subnetId: "subnet-pub", privateIp: "10.0.0.10", publicIp: "3.3.3.3" },
    ],
    securityGroups: [
      { id: "sg-web", networkId: "vpc-1", rules: [ingress("tcp", 443, cidr("0.0.0.0/0")), EGRESS_ALL] },
      { id: "sg-app", networkId: "vpc-1", rules: [ingress("tcp", 8080, group("sg-web")), EGRESS_ALL] },
    ],
    interfaces: [
      instance("i-web", "subnet-pub", "10.0.0.5", { publicIps: [{ publicIp: "13.0.0.5" }], securityGroupIds: ["sg-web"] }),
      instance("i-app", "subnet-app", "10.0.1.5", { securityGroupIds: ["sg-app"] }),
      instance("i-app-b", "subnet-app-b", "10.0.2.5", { securityGroupIds: ["sg-app"] }),
    ],
  };
}

/**
 * vnet-1 10.1.0.0/16: snet-app (10.1.1.0/24, NSG nsg-app) holds vm-app (10.1.1.4, NIC NSG
 * nsg-nic); snet-fw (10.1.2.0/24) holds vm-fw (10.1.2.4), an appliance with IP forwarding. No
 * route tables (system routes only).
 */
export function azureVnet(): Topology {
  return {
    ...emptyTopology(),
    networks: [{ id: "vnet-1", cloud: "azure", cidrs: ["10.1.0.0/16"] }],
    subnets: [
      { id: "snet-app", networkId: "vnet-1", cidrs: ["10.1.1.0/24"], networkSecurityGroupId: "nsg-app" },
      { id: "snet-fw", networkId: "vnet-1", cidrs: ["10.1.2.0/24"] },
    ],
    networkSecurityGroups: [
      { id: "nsg-app", rules: [] },
      { id: "nsg-nic", rules: [] },
    ],
    interfaces: [
      { id: "nic-app", instanceId: "vm-app", subnetId: "snet-app", privateIps: ["10.1.1.4"], networkSecurityGroupId: "nsg-nic" },
      { id: "nic-fw", instanceId: "vm-fw", subnetId: "snet-fw", privateIps: ["10.1.2.4"], forwarding: true },
    ],
  };
}

/** The hops as [id, decision] pairs, for exact comparisons. */
export function steps(hops: ReachResult["hops"] | undefined): [string, string][] {
  return (hops ?? []).map((h) => [h.id, h.decision]);
}

/** The hop ids only. */
export function ids(hops: ReachResult["hops"] | undefined): string[] {
  return (hops ?? []).map((h) => h.id);
}
