// Addresses dpnet makes up, marked as such wherever a person reads them: what a module's cloud
// assigns at apply time (an NLB's or NAT gateway's public IP, a VPC's IPv6 /56) stands in as a
// documentation address (import/terraform StandIns), and "an internet host" is one chosen from
// the documentation ranges. Printed bare they would read as real; `--json` keeps them bare.
import { CLOUD_TERMS } from "../topology/clouds.js";
import { reachEngine } from "../analyze/reach.js";
import { internetHost } from "../analyze/checks/reachability.js";
import type { DataPlaneContext } from "../topology/context.js";
import { containsAddress, formatAddress, parseAddress, parsePrefixes } from "../ipam/prefix.js";
import type { Topology } from "../topology/model.js";

/** The note the Terraform reader leaves when it gave stand-ins (import/terraform/mapper.ts). */
const STAND_IN_NOTE = "addresses the cloud assigns at apply time are stand-ins";
/** The documentation ranges stand-ins and internet hosts are drawn from (RFC 5737, RFC 3849). */
const DOCUMENTATION = parsePrefixes(["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"]);

// An IPv4 or IPv6 address or block as a whole token: `198.51.100.4` in `198.51.100.4:443`, not in `198.51.100.40`.
const IPV4_TOKEN = /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?(?![\d.]|\/\d)/g;
const IPV6_TOKEN = /(?<![0-9a-f:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:\/\d{1,3})?(?![0-9a-f:]|\/\d)/gi;

const documentation = (text: string) => {
  const a = parseAddress(text.split("/")[0]!);
  return a !== undefined && DOCUMENTATION.some((p) => containsAddress(p, a));
};

export type StandInLabels = ReadonlyMap<string, string>;

/** Stand-in addresses and blocks of a topology read from Terraform (none unless its reading says it gave some). */
export function standInLabels(topology: Topology, notes: readonly string[], context?: DataPlaneContext): Map<string, string> {
  if (!notes.some((n) => n.startsWith(STAND_IN_NOTE))) return new Map();
  const labels = standInLabelsOf(topology);
  // Azure: the public IP the control plane connects to, as the nodes' NSG names it.
  const aks = context?.azure?.publicIpAddress;
  if (aks && documentation(aks)) labels.set(aks, "<public IP of the AKS load balancer>");
  return labels;
}

/** Each documentation address or block of a planned module's topology (all stand-ins), with what it stands for. */
export function standInLabelsOf(topology: Topology): Map<string, string> {
  const labels = new Map<string, string>();
  for (const net of topology.networks) {
    const { network: kind, name: cloud } = CLOUD_TERMS[net.cloud];
    for (const block of net.cidrs.filter((c) => c.includes(":") && documentation(c))) labels.set(block, `<${kind} IPv6 /56, assigned by ${cloud}>`);
  }
  for (const s of topology.subnets) for (const block of s.cidrs.filter((c) => c.includes(":") && documentation(c))) labels.set(block, "<IPv6 /64, from AWS>");
  for (const lb of topology.loadBalancers) {
    for (const node of lb.nodes) {
      for (const ip of (node.publicIps ?? []).filter(documentation)) labels.set(ip, `<public IP of ${lb.id}${node.zone ? ` in ${node.zone}` : ""}>`);
    }
  }
  for (const gw of topology.gateways) if (gw.publicIp && documentation(gw.publicIp)) labels.set(gw.publicIp, `<public IP of ${gw.id}>`);
  return labels;
}

/** The addresses of a small block (at most 16), as text; none for a larger block or a bare address. */
function smallBlock(token: string): string[] {
  const [block] = parsePrefixes([token]);
  if (!block || !token.includes("/")) return [];
  const size = block.family === 4 ? 32 - block.len : 128 - block.len;
  if (size > 4) return [];
  return Array.from({ length: 2 ** size }, (_, i) => formatAddress({ family: block.family, value: block.value + BigInt(i) }));
}

/** Labels of one element's public IPs in several zones as one: `<public IPs of aws_lb.ingress in eu-west-1a, eu-west-1b>`. */
function joinLabels(labels: string[]): string {
  const parts = labels.map((l) => /^<public IP of (\S+) in (\S+)>$/.exec(l));
  const owner = parts[0]?.[1];
  if (labels.length > 1 && parts.every((p) => p !== null && p[1] === owner)) return `<public IPs of ${owner} in ${parts.map((p) => p![2]).join(", ")}>`;
  return labels.join(", ");
}

/**
 * `text` with each labelled address (a whole token, not part of a longer address or block)
 * replaced by its label, and a small block whose every address is labelled by their labels.
 */
export function markStandIns(text: string, labels: StandInLabels): string {
  if (labels.size === 0) return text;
  const swap = (token: string) => {
    const label = labels.get(token);
    if (label !== undefined) return label;
    const addresses = smallBlock(token);
    if (addresses.length === 0 || !addresses.every((a) => labels.has(a))) return token;
    return joinLabels([...new Set(addresses.map((a) => labels.get(a)!))]);
  };
  return text.replace(IPV4_TOKEN, swap).replace(IPV6_TOKEN, swap);
}

/** The labels, plus `<an internet host>` for each of `hosts` (internet hosts a query or check chose, not given by the user). */
export function withInternetHosts(labels: StandInLabels, hosts: readonly string[]): Map<string, string> {
  const all = new Map(labels);
  for (const h of hosts) if (!all.has(h)) all.set(h, "<an internet host>");
  return all;
}

/** The internet hosts the checks ask about (analyze/checks/reachability.ts anyInternetHost), IPv4 and IPv6. */
export function checkInternetHosts(topology: Topology, context: DataPlaneContext): string[] {
  const engine = reachEngine(topology);
  const avoid = parsePrefixes(context.controlPlane?.cidrs ?? []);
  return ([4, 6] as const).flatMap((family) => {
    try {
      return [internetHost(engine, family, avoid)];
    } catch {
      return []; // no internet address outside the networks: the checks say so themselves
    }
  });
}
