// Load balancer decisions: which listener takes a flow, which targets a node may send it to, and
// whether targets see the client's address.
import type { Address, Family } from "../ipam/prefix.js";
import type { TopologyIndex } from "../topology/lookup.js";
import type { Listener, LoadBalancer, LoadBalancerNode, Target, TargetGroup } from "../topology/model.js";
import { type Flow, TCP, UDP, coversPorts } from "./flow.js";

const TCP_LISTENERS = new Set(["tcp", "tcp_udp", "tls", "http", "https"]);
const UDP_LISTENERS = new Set(["udp", "tcp_udp"]);

/** The listener on the flow's protocol and destination port; a flow on a port without one is dropped. */
export function listenerFor(lb: LoadBalancer, flow: Flow): Listener | undefined {
  const protocols = flow.protocol === TCP ? TCP_LISTENERS : flow.protocol === UDP ? UDP_LISTENERS : undefined;
  return protocols && lb.listeners.find((l) => protocols.has(l.protocol) && coversPorts({ from: l.port, to: l.port }, flow.dstPorts));
}

/**
 * Whether targets see the client's address. NLB: on for instance targets and UDP, off by default
 * for TCP/TLS ip targets (edit-target-group-attributes, "Client IP preservation"); PrivateLink
 * traffic reaches targets from the load balancer's private address. Proxies (ALB) never preserve
 * it; Azure Load Balancer passes flows through unchanged.
 */
export function clientIpPreserved(lb: LoadBalancer, tg: TargetGroup, flow: Flow): boolean {
  if (lb.kind === "azure") return true;
  if (lb.kind !== "network" || flow.viaPrivateLink) return false;
  return tg.preserveClientIp ?? (tg.targetType === "instance" || tg.protocol === "udp" || tg.protocol === "tcp_udp");
}

export interface TargetChoice {
  target: Target;
  address: Address;
  port: number;
  /** Why this target may get the flow: `same zone`, `cross-zone`. */
  why: string;
}

/** The node's own address of a family (a public Azure frontend has only its public one). */
export function nodeAddress(ix: TopologyIndex, lb: LoadBalancer, node: LoadBalancerNode, family: Family): Address | undefined {
  return [...node.privateIps, ...(node.publicIps ?? [])].map((t) => ix.address(t, lb.id)).find((a) => a.family === family);
}

function targetAddress(ix: TopologyIndex, tg: TargetGroup, t: Target, family: Family): Address | undefined {
  if (tg.targetType === "ip") {
    const a = ix.address(t.id, tg.id);
    return a.family === family ? a : undefined;
  }
  const iface = ix.interfaceOrInstance(t.id);
  return iface && ix.primaryAddress(iface, family);
}

function targetZone(ix: TopologyIndex, lb: LoadBalancer, tg: TargetGroup, t: Target, address: Address): string | undefined {
  if (t.zone) return t.zone;
  if (tg.targetType === "instance") {
    const iface = ix.interfaceOrInstance(t.id);
    return iface && ix.subnetOf(iface).zone;
  }
  return ix.subnetAt(lb.networkId, address)?.zone;
}

/**
 * Targets the node may forward to, its own zone first: healthy (or of unknown health) ones, only in
 * its zone unless cross-zone load balancing is on (target-group-cross-zone; NLB default off, the
 * target group's setting overrides the load balancer's). `why` explains an empty choice.
 */
export function chooseTargets(
  ix: TopologyIndex,
  lb: LoadBalancer,
  tg: TargetGroup,
  node: LoadBalancerNode,
  family: Family,
): { choices: TargetChoice[]; why: string } {
  const healthy = tg.targets.filter((t) => t.health !== "unhealthy");
  // "If all targets fail health checks at the same time in all enabled Availability Zones, the load
  // balancer fails open ... traffic to all targets in all enabled Availability Zones, regardless of
  // their health status" (target-group-health-checks).
  const failOpen = healthy.length === 0 && lb.kind !== "azure";
  const crossZone = failOpen || (tg.crossZone ?? lb.crossZone ?? !(lb.kind === "network" || lb.kind === "gateway"));
  const enabled = new Set(lb.nodes.map((n) => n.zone));
  const choices: TargetChoice[] = [];
  for (const target of failOpen ? tg.targets : healthy) {
    const address = targetAddress(ix, tg, target, family);
    if (!address) continue;
    const zone = targetZone(ix, lb, tg, target, address);
    const sameZone = node.zone === undefined || zone === undefined || zone === node.zone;
    if (!sameZone && !crossZone) continue;
    if (failOpen && zone !== undefined && !enabled.has(zone)) continue;
    const port = target.port ?? tg.port;
    if (port === undefined) continue;
    const why = failOpen ? "every target is unhealthy: the load balancer fails open to all of them" : sameZone ? "same zone" : "cross-zone";
    choices.push({ target, address, port, why });
  }
  choices.sort((a, b) => Number(a.why === "cross-zone") - Number(b.why === "cross-zone"));
  const where = crossZone || node.zone === undefined ? "" : ` in ${node.zone} (cross-zone load balancing is off)`;
  const why = tg.targets.length === 0 ? `no target in ${tg.id}` : `no target of ${tg.id} can take it${where}`;
  return { choices, why };
}

/** The verdict on a flow a listener admits whose targets are registered outside the topology (a module's Auto Scaling group). */
export const ADMITTED_AT_LISTENER = "admitted at the listener (its targets are registered outside this topology)";
