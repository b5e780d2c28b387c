// The words `dpnet reach` takes for its ends, resolved through the data plane's intent into what
// the reachability engine asks about: `internet`, `control-plane`, a tier (`nodes`, `pods`, …),
// `<load balancer>:<port>` (`ingress:443`, `apiserver:6443`), a CIDR; ids and addresses as is.
import { compareText } from "../../io/text.js";
import type { DataPlaneContext, Tier } from "../../topology/context.js";
import { FAMILY_BITS, type Prefix, addressAt, formatAddress, parseAddress, parsePrefix, parsePrefixes } from "../../ipam/prefix.js";
import type { LoadBalancer, Topology } from "../../topology/model.js";
import { QueryError, type ReachQuery, reachEngine } from "../reach.js";
import { internetHost } from "./reachability.js";

const TIERS: Record<string, Tier> = { public: "public", node: "node", nodes: "node", pod: "pod", pods: "pod", db: "db" };

/** A host of the block: its first address after the network address (the block itself when it is one address). */
export function hostOf(p: Prefix): string {
  return formatAddress(addressAt(p, p.len >= FAMILY_BITS[p.family] - 1 ? 0 : 1));
}

/** `x:443` -> x and 443; `[2001:db8::1]:443` for IPv6 addresses; a bare address has no port. */
export function splitPort(text: string): { name: string; port?: number } {
  const bracket = /^\[([^\]]+)\]:([^:\]]*)$/.exec(text);
  if (bracket) return { name: bracket[1]!, port: portNumber(bracket[2]!) };
  if (parseAddress(text)) return { name: text };
  // Anything number-like after the last colon is meant as a port, and must be one.
  const m = /^(.*):([0-9a-fA-FxX.eE+-]*)$/.exec(text);
  return m ? { name: m[1]!, port: portNumber(m[2]!) } : { name: text };
}

/** A TCP/UDP port: a whole number 1 to 65535, written plainly (no 0, 70000, 1e20 or 0x1bb). */
function portNumber(text: string): number {
  const port = /^[1-9]\d{0,4}$/.test(text) ? Number(text) : NaN;
  if (!(port <= 65535)) throw new QueryError(`port ${text} is not a port number 1 to 65535`);
  return port;
}

function controlPlaneCidrs(context: DataPlaneContext): Prefix[] {
  return parsePrefixes(context.controlPlane?.cidrs ?? []);
}

/** A load balancer by id, name, Terraform name label (`aws_lb.ingress`) or name suffix (`acme-prod-ingress`). */
function loadBalancerNamed(topology: Topology, name: string): LoadBalancer | undefined {
  const matches = (lb: LoadBalancer) => lb.id === name || lb.name === name || lb.id.split(".").at(-1) === name || lb.name?.endsWith(`-${name}`) === true;
  const found = topology.loadBalancers.filter(matches);
  if (found.length > 1) throw new QueryError(`${name} names several load balancers (${found.map((lb) => lb.id).join(", ")}): give one's id`);
  return found[0];
}

/** The first subnet of a tier, by zone: "a host in the first zone's subnet". */
function tierSubnet(topology: Topology, context: DataPlaneContext, tier: Tier): string {
  const ids = context.tiers?.[tier] ?? [];
  const subnets = topology.subnets.filter((s) => ids.includes(s.id)).sort((a, b) => compareText(a.zone ?? "", b.zone ?? "") || compareText(a.id, b.id));
  if (!subnets[0]) throw new QueryError(`no subnet is known to serve the ${tier} tier`);
  return subnets[0].id;
}

/** The control plane as a source: a host of its first CIDR (internet), or an endpoint of the sync endpoint service (PrivateLink). */
function controlPlaneSource(topology: Topology, context: DataPlaneContext): Pick<ReachQuery, "from" | "sourceIp"> {
  const cp = context.controlPlane;
  if (!cp) throw new QueryError("no control plane is known for this network: give its address instead");
  if (cp.connectivity === "privatelink") {
    const service = context.sync?.endpointServiceId;
    const endpoint = topology.endpoints.find((e) => e.serviceId === service && e.interfaceIds.length > 0);
    if (!endpoint)
      throw new QueryError(
        `the control plane connects through PrivateLink from its own VPC, which is not in this topology: ask from an endpoint of ${service ?? "the sync endpoint service"}, or judge the service with dpnet verify`,
      );
    return { from: endpoint.interfaceIds[0]! };
  }
  const first = controlPlaneCidrs(context)[0];
  if (!first) throw new QueryError("the control plane's CIDRs are not known: give its address instead");
  return { from: "internet", sourceIp: hostOf(first) };
}

/** Pods as a source: a host of the first zone's pod subnet, its traffic out of the VPC as the VPC CNI sends it (by a node of that zone). */
function podSource(topology: Topology, context: DataPlaneContext): Pick<ReachQuery, "from" | "sourceIp" | "podEgress"> {
  const from = tierSubnet(topology, context, "pod");
  const zone = topology.subnets.find((s) => s.id === from)?.zone;
  const nodes = topology.subnets.filter((s) => context.tiers?.node?.includes(s.id));
  const node = nodes.find((s) => s.zone === zone) ?? nodes[0];
  if (!context.podSnat || !node) return { from };
  return { from, podEgress: { external: context.podSnat.external, nodeSubnetId: node.id, ...(context.podSnat.assumed ? { assumed: true } : {}) } };
}

/** Where a flow starts. */
export function resolveFrom(topology: Topology, context: DataPlaneContext, text: string): Pick<ReachQuery, "from" | "sourceIp" | "podEgress"> {
  if (text === "internet") return { from: "internet", sourceIp: internetHost(reachEngine(topology), 4, controlPlaneCidrs(context)) };
  if (text === "control-plane") return controlPlaneSource(topology, context);
  const tier = TIERS[text];
  if (tier === "pod") return podSource(topology, context);
  if (tier) return { from: tierSubnet(topology, context, tier) };
  const block = text.includes("/") ? parsePrefix(text) : undefined;
  return { from: block ? hostOf(block) : text };
}

/** AWS: the listener the sync link lands on (the internet-facing NLB's, or the internal one behind the endpoint service), on the sync port. */
function syncListener(topology: Topology, context: DataPlaneContext, port: number | undefined): Pick<ReachQuery, "to" | "port"> {
  const sync = context.sync;
  if (!sync) throw new QueryError("no sync link is known for this network (a spec with a controlPlane, or an NLB admitting it on TCP 443)");
  const lb = topology.loadBalancers.find((l) => l.id === sync.loadBalancerId);
  const listener = lb?.listeners.find((l) => l.id === sync.listenerId) ?? lb?.listeners.find((l) => l.port === (port ?? context.controlPlane?.port));
  if (!lb || !listener) throw new QueryError(`the sync link's listener on ${sync.loadBalancerId} is not in this topology`);
  if (port !== undefined && port !== listener.port) throw new QueryError(`the sync port is ${listener.port}, not ${port}`);
  return { to: listener.id, port: listener.port };
}

/** Where a flow goes, and its port when the text says (`:443`). */
export function resolveTo(topology: Topology, context: DataPlaneContext, text: string): Pick<ReachQuery, "to" | "port"> {
  const { name, port } = splitPort(text);
  const withPort = (to: string) => ({ to, ...(port === undefined ? {} : { port }) });
  if (name === "internet") return withPort(internetHost(reachEngine(topology), 4, controlPlaneCidrs(context)));
  if (name === "control-plane") {
    const first = controlPlaneCidrs(context)[0];
    if (!first) throw new QueryError("the control plane's CIDRs are not known: give its address instead");
    return withPort(hostOf(first));
  }
  // Azure hub and spoke: the firewall's DNAT rule on the sync address, which the engine follows.
  const dnat = context.azure?.syncDnat;
  if (name === "sync" && dnat) return { to: dnat.publicIp, port: port ?? dnat.port };
  if (name === "sync") return syncListener(topology, context, port);
  const tier = TIERS[name];
  if (tier) return withPort(tierSubnet(topology, context, tier));
  const lb = port === undefined ? undefined : loadBalancerNamed(topology, name);
  if (lb) {
    const listener = lb.listeners.find((l) => l.port === port);
    if (!listener) throw new QueryError(`${lb.id} has no listener on port ${port} (it listens on ${lb.listeners.map((l) => l.port).join(", ") || "nothing"})`);
    return { to: listener.id, port: port! };
  }
  const block = name.includes("/") ? parsePrefix(name) : undefined;
  return withPort(block ? hostOf(block) : name);
}
