// The paths the Conveyor seed prescribes, followed by the reachability engine: pods never to or
// from the internet, nodes out through a NAT gateway of their zone, public subnets to an
// internet gateway. Each finding carries the engine's trace.
import type { Finding } from "../../findings.js";
import { type Family, parseAddress } from "../../topology/address.js";
import type { Subnet } from "../../topology/model.js";
import { targetLabel } from "../routing.js";
import { finding, hop, notEnoughData } from "./finding.js";
import { type CheckInput, tierSubnets, unknownOf } from "./input.js";
import { anyInternetHost, ask, gotThrough, internetRoute, stoppedAt, traceOf } from "./reachability.js";

const HTTPS = 443;

function families(input: CheckInput, s: Subnet): Family[] {
  return [...new Set(input.engine.ix.blocksOf(s.id).map((b) => b.family))].sort();
}

/** The route table a subnet uses, or the subnet itself when it has none (what to change). */
function tableOf(input: CheckInput, s: Subnet): string {
  return input.engine.ix.routeTableOf(s)?.id ?? s.id;
}

/** "Not enough data" when the subnet or its route table could not be read. */
function unreadable(input: CheckInput, id: string, s: Subnet, what: string): Finding[] {
  const unknown = unknownOf(input, s.id, tableOf(input, s));
  return unknown ? [notEnoughData(id, unknown.id, `${what} (${unknown.why})`)] : [];
}

/** Routes of a subnet's table that leave the VPC (anything but the local route). */
function routesOut(input: CheckInput, s: Subnet): string[] {
  const table = input.engine.ix.routeTableOf(s);
  return (table?.routes ?? []).filter((r) => r.target.kind !== "local").map((r) => `${r.destination} -> ${targetLabel("aws", r.target)}`);
}

/** DPN-AWS-005 for one pod subnet: a path to the internet (with the engine's trace), else routes out of the VPC. */
function podRoutes(input: CheckInput, s: Subnet): Finding[] {
  const id = "DPN-AWS-005";
  const table = tableOf(input, s);
  for (const family of families(input, s)) {
    const r = ask(input, { from: s.id, to: anyInternetHost(input, family), protocol: "tcp", port: HTTPS, ipVersion: family });
    if (typeof r === "string") return [notEnoughData(id, s.id, `whether pods reach the internet (${r})`)];
    if (gotThrough(r)) {
      const route = internetRoute(input, s, family).label;
      return [finding(id, table, `pods in ${s.id} reach the internet (${r.flow}, ${r.disposition}): remove the route ${route} from ${table}; pod subnets are routed only inside the VPC`, traceOf(r))];
    }
  }
  const out = routesOut(input, s);
  if (out.length === 0) return [];
  const trace = [hop(s.id, "subnet", `pod subnet using ${table}`), ...out.map((r) => hop(table, "route-table", `route ${r}`))];
  return [finding(id, table, `pods in ${s.id} are routed out of the VPC (${out.join(", ")}): remove ${out.length === 1 ? "that route" : "those routes"} from ${table}; pod subnets are routed only inside the VPC`, trace)];
}

/** DPN-AWS-005: no pod subnet reaches the internet, over either IP version it has, or is routed out of the VPC at all. */
export function podsNoEgress(input: CheckInput): Finding[] {
  return tierSubnets(input, "pod").flatMap((s) => {
    const unread = unreadable(input, "DPN-AWS-005", s, `whether pods in ${s.id} are routed only inside the VPC`);
    return unread.length ? unread : podRoutes(input, s);
  });
}

/** Ports something on the internet may open towards a pod address: the listeners of internet-facing load balancers, the security groups' ports of a public interface. */
function exposures(input: CheckInput, pods: ReadonlySet<string>): { to: string; port: number }[] {
  const { ix } = input.engine;
  const podAddress = (ip: string) => {
    const a = parseAddress(ip);
    return a !== undefined && input.topology.networks.some((n) => pods.has(ix.subnetAt(n.id, a)?.id ?? ""));
  };
  const viaLb = input.topology.loadBalancers
    .filter((lb) => lb.scheme === "internet-facing")
    .flatMap((lb) => lb.listeners.filter((l) => ix.targetGroups.get(l.targetGroupId)?.targets.some((t) => podAddress(t.id))))
    .map((l) => ({ to: l.id, port: l.port }));
  const viaIp = input.topology.interfaces
    .filter((i) => pods.has(i.subnetId) && (i.publicIps?.length ?? 0) > 0)
    .flatMap((i) => {
      const ports = (i.securityGroupIds ?? []).flatMap((g) => ix.securityGroups.get(g)?.rules ?? []).filter((r) => r.direction === "ingress").map((r) => r.ports?.from ?? HTTPS);
      return [...new Set(ports.length ? ports : [HTTPS])].map((port) => ({ to: i.publicIps![0]!.publicIp, port }));
    });
  return [...viaLb, ...viaIp];
}

/** DPN-AWS-006: nothing on the internet reaches a pod address. */
export function podsNoIngress(input: CheckInput): Finding[] {
  const id = "DPN-AWS-006";
  const pods = new Set(tierSubnets(input, "pod").map((s) => s.id));
  return exposures(input, pods).flatMap(({ to, port }) => {
    const r = ask(input, { from: "internet", to, protocol: "tcp", port });
    if (typeof r === "string") return [notEnoughData(id, to, `whether the internet reaches pods through it (${r})`)];
    if (!gotThrough(r) || !r.hops.some((h) => pods.has(h.id))) return [];
    return [finding(id, to, `the internet reaches a pod address through ${to} on TCP ${port}: remove the public address or the internet-facing target; pods are reached only inside the VPC`, traceOf(r))];
  });
}

/** DPN-AWS-007: every node subnet reaches the internet, through a NAT gateway, best of its own zone. */
export function nodesEgress(input: CheckInput): Finding[] {
  const id = "DPN-AWS-007";
  const { ix } = input.engine;
  return tierSubnets(input, "node").flatMap((s) => {
    const unread = unreadable(input, id, s, `whether nodes in ${s.id} reach the internet`);
    if (unread.length) return unread;
    const r = ask(input, { from: s.id, to: anyInternetHost(input, 4), protocol: "tcp", port: HTTPS, ipVersion: 4 });
    if (typeof r === "string") return [notEnoughData(id, s.id, `whether nodes reach the internet (${r})`)];
    const table = tableOf(input, s);
    const trace = traceOf(r);
    const zone = s.zone ?? "the node subnet's zone";
    if (!gotThrough(r)) return [finding(id, table, `nodes in ${s.id} do not reach the internet (${r.flow}: ${stoppedAt(r)}): route 0.0.0.0/0 of ${table} to a NAT gateway in a public subnet of ${zone}`, trace)];
    const nat = r.hops.find((h) => h.kind === "nat-gateway");
    if (!nat) return [finding(id, table, `nodes in ${s.id} reach the internet without a NAT gateway (${internetRoute(input, s, 4).label}): route 0.0.0.0/0 of ${table} to a NAT gateway in a public subnet of ${zone}`, trace)];
    const natSubnet = ix.subnets.get(ix.gateways.get(nat.id)?.subnetId ?? "");
    if (natSubnet?.zone === undefined || s.zone === undefined) return [notEnoughData(id, table, `whether ${nat.id} is in the zone of ${s.id}`, trace)];
    if (natSubnet.zone === s.zone) return [];
    const message = `nodes in ${s.zone} leave through ${nat.id} in ${natSubnet.zone}: an outage of ${natSubnet.zone} cuts them off and cross-zone traffic is charged; add a NAT gateway in ${s.zone} and route ${table} to it`;
    return [finding(id, table, message, trace, "warning")];
  });
}

/** DPN-AWS-008: every public subnet routes the internet to an internet gateway. */
export function publicToIgw(input: CheckInput): Finding[] {
  const id = "DPN-AWS-008";
  const { ix } = input.engine;
  return tierSubnets(input, "public").flatMap((s) => {
    const unread = unreadable(input, id, s, `where public subnet ${s.id} routes the internet`);
    if (unread.length) return unread;
    const route = internetRoute(input, s, 4);
    const table = tableOf(input, s);
    const trace = [route.hop];
    const target = route.choice?.route.target;
    if (target?.kind === "gateway") {
      const gw = ix.gateways.get(target.id);
      if (!gw) return [notEnoughData(id, table, `whether ${target.id} is an internet gateway (it is not in the topology)`, trace)];
      if (gw.kind === "internet-gateway") return [];
    }
    const now = target ? `routes 0.0.0.0/0 to ${targetLabel(input.engine.cloudOf(s), target)}` : "has no route to the internet";
    return [finding(id, table, `public subnet ${s.id} ${now}: route 0.0.0.0/0 of ${table} to the VPC's internet gateway`, trace)];
  });
}
