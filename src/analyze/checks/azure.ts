// The Azure subnets and routes the Conveyor seed asks for: pods of at least 2000 usable addresses,
// a delegated db subnet of at least /28, the customer's firewall as the default route of nodes and
// pods (customerManaged), and a private DNS zone linked to the VNet for every private endpoint.
import type { Finding, TraceHop } from "../../findings.js";
import { FAMILY_BITS, type Prefix } from "../../topology/address.js";
import type { Subnet } from "../../topology/model.js";
import { targetLabel } from "../routing.js";
import { MAX_DB_PREFIX, MIN_POD_ADDRESSES } from "../../spec/azure.js";
import { POSTGRES_DELEGATION } from "../../plan/azure/network.js";
import { finding, hop, notEnoughData } from "./finding.js";
import { type CheckInput, dataPlaneNetwork, tierSubnets, unknownOf } from "./input.js";
import { ask, gotThrough, internetRoute, stoppedAt, traceOf } from "./reachability.js";

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

/** DPN-AZ-003: the pods subnet has at least 2000 usable addresses. */
export function podsSize(input: CheckInput): Finding[] {
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

/** DPN-AZ-004 (at least /28) and DPN-AZ-005 (delegated to PostgreSQL flexible servers), on the db subnet. */
export function dbSubnet(input: CheckInput): Finding[] {
  return tierSubnets(input, "db").flatMap((s) => {
    const block = ipv4(input, s);
    const trace = [subnetHop(s, block, "db")];
    const size = !block
      ? [notEnoughData("DPN-AZ-004", s.id, `the size of the db subnet${because(input, s.id)}`)]
      : block.len > MAX_DB_PREFIX
        ? [finding("DPN-AZ-004", s.id, `the db subnet ${block.text} has ${usable(block)} usable addresses: make it a /${MAX_DB_PREFIX} or larger`, trace)]
        : [];
    const delegations = unknownOf(input, s.id) ? undefined : s.delegations;
    const delegated =
      delegations === undefined
        ? [notEnoughData("DPN-AZ-005", s.id, `the db subnet's delegations${because(input, s.id)}`)]
        : !delegations.includes(POSTGRES_DELEGATION)
          ? [
              finding("DPN-AZ-005", s.id, `the db subnet is delegated to ${delegations.join(", ") || "nothing"}: delegate it to ${POSTGRES_DELEGATION}`, [
                hop(s.id, "subnet", `delegations: ${delegations.join(", ") || "none"}`),
              ]),
            ]
          : [];
    return [...size, ...delegated];
  });
}

/** DPN-AZ-006: in customerManaged mode, nodes and pods send 0.0.0.0/0 to the customer's firewall. */
export function defaultRouteToFirewall(input: CheckInput): Finding[] {
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

/** DPN-AZ-008: every private endpoint's DNS zones exist and are linked to its VNet. */
export function privateDnsLinked(input: CheckInput): Finding[] {
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

/** DPN-AZ-014: the public IP the control plane connects to is a Standard SKU, Static address (Basic is retired). */
export function syncPublicIp(input: CheckInput): Finding[] {
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

/**
 * DPN-AZ-016: the VNet's custom DNS servers answer the nodes: UDP 53 from each nodes subnet gets to
 * each server and back. Without a path (no peering to the hub, a None route, an NSG), nothing in
 * the VNet resolves names, the private endpoints' zones included.
 */
export function customDnsReachable(input: CheckInput): Finding[] {
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

/**
 * DPN-AZ-017: a service behind a private endpoint takes no traffic from public networks. Conveyor:
 * "we always use private endpoints ... to ensure we do not go over the public internet"; with public
 * access left on, the service is still open on its public address. Services outside the input
 * (the module's endpoints' targets are a variable) are not judged here: verify the Terraform that makes them.
 */
export function privateServicesClosed(input: CheckInput): Finding[] {
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
