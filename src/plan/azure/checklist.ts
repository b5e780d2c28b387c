// What dpnet cannot create and the customer must have: in customerManaged mode their VNet behind
// their firewall, and with custom DNS servers the conditional forwarding of the private zones.
// Structured, for `dpnet plan --json` and for the checks that verify it against exported JSON.
import type { AzureSpec, ExistingNetwork, SubnetRole } from "../../spec/azure.js";
import type { ControlPlaneSpec } from "../../spec/control-plane.js";
import { MIN_POD_ADDRESSES } from "../../spec/azure.js";
import { POSTGRES_DELEGATION } from "./network.js";
import { forwardedZones } from "./private-endpoints.js";

export interface EgressRule {
  destination: string;
  protocol: "TCP" | "UDP";
  port: number;
  reason: string;
}

// Microsoft, "Outbound network and FQDN rules for AKS clusters": Azure Global required FQDN /
// application rules and network rules (UDP 1194 and TCP 9000 are only for clusters without konnectivity).
export function aksRequiredEgress(location: string): EgressRule[] {
  const https = (destination: string, reason: string): EgressRule => ({ destination, protocol: "TCP", port: 443, reason });
  return [
    https(`*.hcp.${location}.azmk8s.io`, "nodes <-> API server (konnectivity; keep ALPN intact)"),
    https("mcr.microsoft.com", "Microsoft Container Registry: AKS system images"),
    https("*.data.mcr.microsoft.com", "MCR storage behind the CDN"),
    https("mcr-0001.mcr-msedge.net", "MCR storage behind the CDN"),
    https("management.azure.com", "Kubernetes operations against the Azure API"),
    https("login.microsoftonline.com", "Microsoft Entra authentication"),
    https("packages.microsoft.com", "Microsoft packages repository (cached apt-get)"),
    https("acs-mirror.azureedge.net", "binaries such as kubenet and Azure CNI"),
    https("packages.aks.azure.com", "node bootstrap downloads Kubernetes and CNI binaries (acs-mirror's successor)"),
    https("<API server public IP>", "pods that reach the API server through the in-cluster kubernetes service (its IP)"),
    { destination: "ntp.ubuntu.com", protocol: "UDP", port: 123, reason: "NTP time synchronization on Linux nodes" },
  ];
}

/** The DNS suffix of AWS's regional endpoints in a region's partition (China and the isolated regions differ). */
function awsDnsSuffix(region: string): string {
  if (region.startsWith("cn-")) return "amazonaws.com.cn";
  if (region.startsWith("us-isob-")) return "sc2s.sgov.gov";
  if (region.startsWith("us-iso-")) return "c2s.ic.gov";
  return "amazonaws.com";
}

/** What the data plane's side of the async link (SQS in the control plane's AWS account) needs out. */
export function asyncLinkEgress(awsRegion: string): EgressRule[] {
  const suffix = awsDnsSuffix(awsRegion);
  return [
    { destination: `sqs.${awsRegion}.${suffix}`, protocol: "TCP", port: 443, reason: "async link: the control plane's SQS queues" },
    { destination: `sts.${awsRegion}.${suffix}`, protocol: "TCP", port: 443, reason: "async link: AssumeRoleWithWebIdentity for the queues' role" },
  ];
}

/** The data plane's own calls to the control plane (the seed's links are bi-directional): HTTPS to its addresses. */
export function controlPlaneEgress(controlPlane: ControlPlaneSpec): EgressRule[] {
  return (controlPlane.cidrs ?? []).map((cidr) => ({
    destination: cidr,
    protocol: "TCP",
    port: 443,
    reason: "sync link, data plane to control plane: HTTPS to the control plane's addresses",
  }));
}

export interface SubnetRequirement {
  role: SubnetRole;
  id: string;
  /** The subnet must be at least this big (prefix length at most this). */
  minPrefix?: number;
  recommendedPrefix?: number;
  minUsableAddresses?: number;
  delegation?: string;
  note: string;
}

export interface CustomerRequirements {
  subnets: SubnetRequirement[];
  defaultRoute: { subnets: SubnetRole[]; addressPrefix: string; nextHopType: "VirtualAppliance"; nextHopIpAddress: string };
  firewallEgress: EgressRule[];
  publicIp: { id: string; sku: "Standard"; allocation: "Static"; port: number; sources: string[] };
  notes: string[];
}

export function customerRequirements(azure: AzureSpec, existing: ExistingNetwork, controlPlane: ControlPlaneSpec): CustomerRequirements {
  const sizes = azure.subnets;
  const dnsEgress: EgressRule[] = (azure.customDns?.servers ?? []).map((server) => ({
    destination: server,
    protocol: "UDP",
    port: 53,
    reason: "your custom DNS server (TCP 53 too for large answers)",
  }));
  return {
    subnets: [
      { role: "db", id: existing.subnetIds.db, minPrefix: sizes.db.prefix, delegation: POSTGRES_DELEGATION, note: "nothing else in it; no route table needed" },
      { role: "nodes", id: existing.subnetIds.nodes, recommendedPrefix: sizes.nodes.prefix, note: "it also holds the private endpoints" },
      {
        role: "pods",
        id: existing.subnetIds.pods,
        minPrefix: sizes.pods.prefix,
        minUsableAddresses: MIN_POD_ADDRESSES,
        note: "AKS hands pod addresses to nodes in batches of 16 and delegates the subnet to Microsoft.ContainerService/managedClusters itself",
      },
    ],
    // Conveyor: "setup the routing tables to allow for network connectivity. We do not create a public LB for in-/outbound connectivity."
    defaultRoute: { subnets: ["nodes", "pods"], addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: existing.firewallPrivateIp },
    // Conveyor: "Configure the firewall to support Aks as described here".
    firewallEgress: [...aksRequiredEgress(azure.location), ...dnsEgress, ...controlPlaneEgress(controlPlane), ...asyncLinkEgress(awsRegion(controlPlane))],
    // Conveyor: "a public ip which we can use to communicate from the control plane".
    publicIp: {
      id: existing.publicIpId,
      sku: "Standard",
      allocation: "Static",
      port: controlPlane.port,
      sources: controlPlane.cidrs?.length ? controlPlane.cidrs : ["Internet"],
    },
    notes: [
      "Put the public IP on your firewall with a DNAT rule to an AKS internal load balancer in the nodes subnet, or on the AKS load balancer with a route for the control plane's addresses to next hop Internet on the nodes subnet: replies that go through the firewall instead are dropped (asymmetric routing).",
      "Give the control plane your firewall's outbound public IP addresses: they are the data plane's source addresses on the internet, which the control plane allowlists.",
      "Create the cluster with outbound_type userDefinedRouting: egress leaves through your firewall, not a load balancer.",
      "Give the cluster's identity Network Contributor on the subnets and on the public IP's resource group.",
      "NSGs on your subnets must allow all traffic between the nodes and pods subnets (AKS does not support blocking it) and TCP 5432 from both to the db subnet.",
    ],
  };
}

/** The spec requires it in customerManaged mode. */
function awsRegion(controlPlane: ControlPlaneSpec): string {
  if (!controlPlane.awsRegion) throw new Error("controlPlane.awsRegion is unset in customerManaged mode (the spec requires it)");
  return controlPlane.awsRegion;
}

export interface DnsForwarding {
  servers: string[];
  /** Public zone names to forward (not the privatelink.* ones). */
  zones: string[];
  forwarder: string;
}

/** Conveyor: "If you have custom dns servers, you should create conditional forwarding for these private zones yourself". */
export function dnsForwarding(azure: AzureSpec): DnsForwarding | undefined {
  if (!azure.customDns || azure.privateEndpoints.length === 0) return undefined;
  return {
    servers: azure.customDns.servers,
    zones: forwardedZones(azure.privateEndpoints),
    forwarder:
      "a DNS forwarder inside Azure (a VM or an Azure DNS Private Resolver inbound endpoint) in a VNet linked to the private DNS zones, e.g. this one, that resolves through 168.63.129.16",
  };
}
