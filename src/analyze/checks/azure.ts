// The Azure subnets and routes the Conveyor seed asks for: pods of at least 2000 usable addresses,
// a delegated db subnet of at least /28, the customer's firewall as the default route of nodes and
// pods (customerManaged), and a private DNS zone linked to the VNet for every private endpoint.
import type { Finding, TraceHop } from "../../findings.js";
import { FAMILY_BITS, type Prefix } from "../../ipam/prefix.js";
import type { Subnet } from "../../topology/model.js";
import { targetLabel } from "../routing.js";
import { MAX_DB_PREFIX, MIN_POD_ADDRESSES } from "../../spec/azure.js";
import { POSTGRES_DELEGATION } from "../../plan/azure/network.js";
import { finding, hop, notEnoughData } from "./finding.js";
import { type CheckInput, dataPlaneNetwork, tierSubnets, unknownOf } from "./input.js";
import { ask, gotThrough, internetRoute, stoppedAt, traceOf } from "./reachability.js";
import { CONVEYOR, defineCheck } from "./define.js";

// Azure reserves 5 addresses in every subnet.
const RESERVED = 5;

function ipv4(input: CheckInput, s: Subnet): Prefix | undefined {
  return input.engine.ix.blocksOf(s.id).find((b) => b.family === 4);
}

function usable(p: Prefix): number {
  return 2 ** (FAMILY_BITS[p.family] - p.len) - RESERVED;
}

/** ` (why)` when the element could not be read, for "not enough data" messages. */
function because(input: CheckInput, id: string): string {
  const unknown = unknownOf(input, id);
  return unknown ? ` (${unknown.why})` : "";
}

function subnetHop(s: Subnet, block: Prefix | undefined, tier: string): TraceHop {
  return hop(s.id, "subnet", `${tier} subnet ${block ? `${block.text}, ${usable(block)} usable addresses` : "without an IPv4 block"}`);
}

export const podsSubnetSize = defineCheck({
  id: "DPN-AZ-003",
  title: "Pods subnet of at least 2000 usable addresses",
  severity: "warning",
  clouds: ["azure"],
  level: "topology",
  rationale: `${CONVEYOR}: "Aks pod subnet: biggest subnet ... We typically recommend at least 2000 ip's": a recommendation, so a warning.`,
  fix: "Make the pods subnet a /21 or larger (2043 usable addresses).",
  scope: "data-plane",
  run: podsSize,
});

/** DPN-AZ-003: the pods subnet has at least 2000 usable addresses. */
function podsSize(input: CheckInput): Finding[] {
  const id = "DPN-AZ-003";
  return tierSubnets(input, "pod").flatMap((s) => {
    const block = ipv4(input, s);
    if (!block) return [notEnoughData(id, s.id, `the size of the pods subnet${because(input, s.id)}`)];
    if (usable(block) >= MIN_POD_ADDRESSES) return [];
    return [
      finding(
        id,
        s.id,
        `the pods subnet ${block.text} has ${usable(block)} usable addresses, fewer than the ${MIN_POD_ADDRESSES} recommended: make it a /21 or larger`,
        [subnetHop(s, block, "pods")],
      ),
    ];
  });
}

export const dbSubnetSize = defineCheck({
  id: "DPN-AZ-004",
  title: "Db subnet at least /28",
  severity: "error",
  clouds: ["azure"],
  level: "topology",
  rationale: `${CONVEYOR}: "Db subnet: used to manage the postgres flexible server. This can be a small subnet of 10 ip's."`,
  fix: "Make the db subnet a /28 or larger (11 usable addresses).",
  scope: "data-plane",
  run: dbSize,
});

/** DPN-AZ-004: the db subnet is at least /28. */
function dbSize(input: CheckInput): Finding[] {
  return tierSubnets(input, "db").flatMap((s) => {
    const block = ipv4(input, s);
    if (!block) return [notEnoughData("DPN-AZ-004", s.id, `the size of the db subnet${because(input, s.id)}`)];
    if (block.len <= MAX_DB_PREFIX) return [];
    return [
      finding("DPN-AZ-004", s.id, `the db subnet ${block.text} has ${usable(block)} usable addresses: make it a /${MAX_DB_PREFIX} or larger`, [
        subnetHop(s, block, "db"),
      ]),
    ];
  });
}

export const dbSubnetDelegated = defineCheck({
  id: "DPN-AZ-005",
  title: "Db subnet delegated to PostgreSQL flexible servers",
  severity: "error",
  clouds: ["azure"],
  level: "topology",
  rationale: `${CONVEYOR}: the db subnet is "used to manage the postgres flexible server", which needs a subnet delegated to it.`,
  fix: "Delegate the db subnet to Microsoft.DBforPostgreSQL/flexibleServers.",
  scope: "data-plane",
  run: dbDelegation,
});

/** DPN-AZ-005: the db subnet is delegated to PostgreSQL flexible servers. */
function dbDelegation(input: CheckInput): Finding[] {
  return tierSubnets(input, "db").flatMap((s) => {
    const delegations = unknownOf(input, s.id) ? undefined : s.delegations;
    if (delegations === undefined) return [notEnoughData("DPN-AZ-005", s.id, `the db subnet's delegations${because(input, s.id)}`)];
    if (delegations.includes(POSTGRES_DELEGATION)) return [];
    return [
      finding("DPN-AZ-005", s.id, `the db subnet is delegated to ${delegations.join(", ") || "nothing"}: delegate it to ${POSTGRES_DELEGATION}`, [
        hop(s.id, "subnet", `delegations: ${delegations.join(", ") || "none"}`),
      ]),
    ];
  });
}

export const firewallDefaultRoute = defineCheck({
  id: "DPN-AZ-006",
  title: "Nodes and pods route 0.0.0.0/0 to the firewall (customerManaged)",
  severity: "error",
  clouds: ["azure"],
  level: "topology",
  rationale: `${CONVEYOR}: "all network connectivity from the vnets is going through the customer firewall"; the customer must "setup the routing tables".`,
  fix: "Associate a route table with 0.0.0.0/0 -> VirtualAppliance <firewall private IP> with the nodes and pods subnets.",
  appliesTo: "customerManaged",
  scope: "data-plane",
  run: defaultRouteToFirewall,
});

/** DPN-AZ-006: in customerManaged mode, nodes and pods send 0.0.0.0/0 to the customer's firewall. */
function defaultRouteToFirewall(input: CheckInput): Finding[] {
  const id = "DPN-AZ-006";
  const azure = input.context.azure;
  if (azure?.mode !== "customerManaged") return [];
  const subnets = [...tierSubnets(input, "node"), ...tierSubnets(input, "pod")];
  const firewall = azure.firewallPrivateIp;
  if (firewall === undefined)
    return [notEnoughData(id, dataPlaneNetwork(input, "azure")?.id ?? "vnet", "where the default route must go (the firewall's private IP)")];
  if (subnets.length === 0) return [notEnoughData(id, dataPlaneNetwork(input, "azure")?.id ?? "vnet", "which subnets are the nodes and pods subnets")];
  return subnets.flatMap((s) => {
    const unknown = unknownOf(input, s.id, s.routeTableId);
    if (unknown) return [notEnoughData(id, s.id, `where the ${s.tier ?? "data plane"} subnet sends 0.0.0.0/0 (${unknown.why})`)];
    const route = internetRoute(input, s, 4);
    const target = route.choice?.route.target;
    if (target?.kind === "appliance" && target.ip === firewall) return [];
    const table = input.engine.ix.routeTableOf(s);
    const now = target ? `sends 0.0.0.0/0 to ${targetLabel("azure", target)}` : "has no route to the internet";
    const fix = table
      ? `add 0.0.0.0/0 -> VirtualAppliance ${firewall} to ${table.id}`
      : `associate a route table with 0.0.0.0/0 -> VirtualAppliance ${firewall}`;
    return [finding(id, s.id, `the ${s.tier ?? "data plane"} subnet ${now}, not to the firewall ${firewall}: ${fix}`, [route.hop])];
  });
}

export const privateDnsZonesLinked = defineCheck({
  id: "DPN-AZ-008",
  title: "Private endpoints' DNS zones linked to the VNet",
  severity: "error",
  clouds: ["azure"],
  level: "topology",
  rationale: `${CONVEYOR}: "we always use private endpoints ... To set this up correctly, we create private dns zones."`,
  fix: "Give the private endpoint a DNS zone group with its privatelink zone, and link that zone to the VNet.",
  scope: "every-network",
  run: privateDnsLinked,
});

/** DPN-AZ-008: every private endpoint's DNS zones exist and are linked to its VNet. */
function privateDnsLinked(input: CheckInput): Finding[] {
  const id = "DPN-AZ-008";
  const zones = new Map(input.topology.privateDnsZones.map((z) => [z.id, z]));
  return input.topology.endpoints
    .filter((ep) => ep.kind === "private-endpoint")
    .flatMap((ep) => {
      const epHop = hop(ep.id, "private-endpoint", `to ${ep.serviceId}${ep.groupIds?.length ? ` (${ep.groupIds.join(", ")})` : ""}`);
      if (ep.privateDnsZoneIds === undefined) return [notEnoughData(id, ep.id, "the private endpoint's DNS zone group", [epHop])];
      if (ep.privateDnsZoneIds.length === 0)
        return [
          finding(id, ep.id, "the private endpoint has no private DNS zone: give it a DNS zone group with its privatelink zone, linked to the VNet", [epHop]),
        ];
      return ep.privateDnsZoneIds.flatMap((zoneId) => {
        const zone = zones.get(zoneId);
        if (!zone) return [notEnoughData(id, ep.id, `whether ${zoneId} is linked to the VNet (the zone is not in the topology)`, [epHop])];
        const links = zone.networkLinks.map((l) => l.networkId);
        if (links.includes(ep.networkId)) return [];
        const trace = [epHop, hop(zone.id, "private-dns-zone", `${zone.zoneName} linked to ${links.join(", ") || "no VNet"}`)];
        return [
          finding(
            id,
            zone.id,
            `${zone.zoneName} is not linked to ${ep.networkId}: clients there resolve ${ep.id}'s service to its public address; link the zone to the VNet`,
            trace,
          ),
        ];
      });
    });
}

export const syncPublicIpStandard = defineCheck({
  id: "DPN-AZ-014",
  title: "The sync link's public IP is Standard and Static",
  severity: "error",
  clouds: ["azure"],
  level: "topology",
  rationale: `${CONVEYOR}: the control plane connects to a fixed public IP; Azure retired Basic SKU public IPs on 30 September 2025, and a Dynamic address changes.`,
  fix: "Use a Standard SKU public IP (always Static) for the firewall's DNAT or the AKS load balancer.",
  scope: "data-plane",
  run: syncPublicIp,
});

/** DPN-AZ-014: the public IP the control plane connects to is a Standard SKU, Static address (Basic is retired). */
function syncPublicIp(input: CheckInput): Finding[] {
  const id = "DPN-AZ-014";
  const address = input.context.azure?.publicIpAddress;
  const pip = address === undefined ? undefined : input.topology.publicIpAddresses?.find((p) => p.address === address);
  if (!pip) return [];
  const problems = [
    ...(pip.sku === undefined ? [] : pip.sku.toLowerCase() === "standard" ? [] : [`its SKU is ${pip.sku}, retired since 30 September 2025`]),
    ...(pip.allocation?.toLowerCase() === "dynamic" ? ["its allocation is Dynamic: the address can change under the control plane"] : []),
  ];
  if (problems.length === 0) return [];
  const trace = [hop(pip.id, "public-ip", `${address}: SKU ${pip.sku ?? "unknown"}, allocation ${pip.allocation ?? "unknown"}`)];
  return [
    finding(id, pip.id, `the sync link's public IP ${address} (${pip.name ?? pip.id}): ${problems.join("; ")}: use a Standard SKU public IP (Static)`, trace),
  ];
}

const DNS_PORT = 53;

export const customDnsServersReachable = defineCheck({
  id: "DPN-AZ-016",
  title: "Custom DNS servers reachable from the nodes",
  severity: "warning",
  clouds: ["azure"],
  level: "topology",
  rationale: `${CONVEYOR}: with "custom dns servers", they resolve the private zones by conditional forwarding: the VNet must reach them on UDP 53.`,
  fix: "Peer the VNet with the DNS servers' VNet (or route to them through the firewall) and allow UDP/TCP 53 to them.",
  scope: "data-plane",
  run: customDnsReachable,
});

/**
 * DPN-AZ-016: the VNet's custom DNS servers answer the nodes: UDP 53 from each nodes subnet gets to
 * each server and back. Without a path (no peering to the hub, a None route, an NSG), nothing in
 * the VNet resolves names, the private endpoints' zones included.
 */
function customDnsReachable(input: CheckInput): Finding[] {
  const id = "DPN-AZ-016";
  const { ix } = input.engine;
  return tierSubnets(input, "node").flatMap((s) => {
    const network = ix.networkOf(s);
    if (network.cloud !== "azure" || !network.dnsServers?.length) return [];
    const unknown = unknownOf(input, s.id, s.routeTableId, s.networkSecurityGroupId);
    if (unknown) return [notEnoughData(id, s.id, `whether the nodes reach the custom DNS servers (${unknown.why})`)];
    return network.dnsServers.flatMap((server) => {
      const r = ask(input, { from: s.id, to: server, protocol: "udp", port: DNS_PORT });
      if (typeof r === "string") return [notEnoughData(id, s.id, `whether the nodes reach the DNS server ${server} (${r})`)];
      if (gotThrough(r)) return [];
      const message = `the custom DNS server ${server} of ${network.id} does not answer the nodes subnet: UDP ${DNS_PORT} ${stoppedAt(r)}; give the VNet a path to it (peering to its VNet, a route through the firewall) or use servers the VNet reaches`;
      return [finding(id, s.id, message, traceOf(r))];
    });
  });
}

export const privateServicesPublicAccessOff = defineCheck({
  id: "DPN-AZ-017",
  title: "Services behind private endpoints closed to public networks",
  severity: "warning",
  clouds: ["azure"],
  level: "topology",
  rationale: `${CONVEYOR}: "we always use private endpoints to connect to Azure services ... to ensure we do not go over the public internet".`,
  fix: "Set public_network_access_enabled = false (publicNetworkAccess Disabled) on the storage account, key vault, registry or server.",
  crosswalk: { checkov: ["CKV_AZURE_59", "CKV_AZURE_189", "CKV_AZURE_139"] },
  scope: "every-network",
  run: privateServicesClosed,
});

/**
 * DPN-AZ-017: a service behind a private endpoint takes no traffic from public networks. Conveyor:
 * "we always use private endpoints ... to ensure we do not go over the public internet"; with public
 * access left on, the service is still open on its public address. Services outside the input
 * (the module's endpoints' targets are a variable) are not judged here: verify the Terraform that makes them.
 */
function privateServicesClosed(input: CheckInput): Finding[] {
  const id = "DPN-AZ-017";
  const services = new Map((input.topology.paasServices ?? []).map((p) => [p.id.toLowerCase(), p]));
  return input.topology.endpoints
    .filter((ep) => ep.kind === "private-endpoint")
    .flatMap((ep) => {
      const service = services.get(ep.serviceId.toLowerCase());
      if (service?.publicNetworkAccess !== true) return [];
      const trace = [
        hop(ep.id, "private-endpoint", `to ${service.id}${ep.groupIds?.length ? ` (${ep.groupIds.join(", ")})` : ""}`),
        hop(service.id, service.type, "public network access: enabled"),
      ];
      const message = `${service.id} is behind the private endpoint ${ep.id} but still takes traffic from public networks: turn its public network access off (public_network_access_enabled = false) so the endpoint is the only way in`;
      return [finding(id, service.id, message, trace)];
    });
}
