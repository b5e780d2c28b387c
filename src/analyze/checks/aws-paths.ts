// The paths the Conveyor seed prescribes, followed by the reachability engine: pods never to or
// from the internet, nodes out through a NAT gateway of their zone, public subnets to an
// internet gateway. Each finding carries the engine's trace.
import { type Finding, type TraceHop, replyHops } from "../../findings.js";
import type { Subnet } from "../../topology/model.js";
import { targetLabel } from "../routing.js";
import { finding, notEnoughData } from "./finding.js";
import { CONVEYOR, defineCheck } from "./define.js";
import type { CheckId } from "./catalog.js";
import { type CheckInput, tierSubnets, unjudged, unknownOf } from "./input.js";
import { anyInternetHost, ask, gotThrough, internetRoute, stoppedAt, traceOf } from "./reachability.js";
import { waysOut } from "../space/checks.js";
import { few } from "../../io/text.js";
import { testIntent } from "../space/intents.js";

const HTTPS = 443;

/** The route table a subnet uses, or the subnet itself when it has none (what to change). */
function tableOf(input: CheckInput, s: Subnet): string {
  return input.engine.ix.routeTableOf(s)?.id ?? s.id;
}

/** "Not enough data" when the subnet or its route table could not be read. */
function unreadable(input: CheckInput, id: CheckId, s: Subnet, what: string): Finding[] {
  const unknown = unknownOf(input, s.id, tableOf(input, s));
  return unknown ? [notEnoughData(id, unknown.id, `${what} (${unknown.why})`)] : [];
}

/** DPN-AWS-005 for one pod subnet: every packet it sends out of the VPC, by gateway, with the exact destinations and a witness trace. */
function podRoutes(input: CheckInput, s: Subnet): Finding[] {
  const id = "DPN-AWS-005";
  const table = tableOf(input, s);
  const ways = waysOut(input.topology, s);
  const out = ways.find((w) => w.out);
  if (out) {
    const message = `pods in ${s.id} reach the internet (${out.witness.flow}, exits-network; every packet of ${out.protocols.join(", ")} to ${few(out.destinations)} through ${out.via}): remove the route ${out.route} from ${table}; pod subnets are routed only inside the VPC`;
    return [finding(id, table, message, [...out.witness.hops])];
  }
  const first = ways[0];
  if (!first) return [];
  const stopped = first.witness.hops.at(-1);
  const message = `pods in ${s.id} are routed out of the VPC: ${first.protocols.join(", ")} to ${few(first.destinations)} go to ${first.via} (${first.witness.disposition}${stopped ? ` at ${stopped.id}` : ""}; witness ${first.witness.flow}): remove the route ${first.route} from ${table}; pod subnets are routed only inside the VPC`;
  return [finding(id, table, message, [...first.witness.hops])];
}

export const podsRoutedInside = defineCheck({
  id: "DPN-AWS-005",
  title: "Pods are routed only inside the VPC, with no path to the internet",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: pod subnets "should have no connection to the internet via the route table, these should only be routed internally."`,
  fix: "Remove the routes that send pod traffic out of the VPC (internet gateway, NAT gateway, peering, transit gateway, appliance) from the pod route tables.",
  scope: "data-plane",
  run: podsNoEgress,
});

/** DPN-AWS-005: no packet of a pod subnet, of either IP version, is routed out of the VPC. */
function podsNoEgress(input: CheckInput): Finding[] {
  return tierSubnets(input, "pod").flatMap((s) => {
    const unread = unreadable(input, "DPN-AWS-005", s, `whether pods in ${s.id} are routed only inside the VPC`);
    return unread.length ? unread : podRoutes(input, s);
  });
}

export const podsUnreachable = defineCheck({
  id: "DPN-AWS-006",
  title: "Nothing on the internet reaches the pods",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: the secondary CIDR "should only be used as a NAT, and thus should not be connection to the rest of your network".`,
  fix: "Remove the public address or internet-facing load balancer target that exposes a pod address.",
  scope: "data-plane",
  run: podsNoIngress,
});

/** DPN-AWS-006: no packet from the internet gets to a pod address (through a public address, a load balancer, anything). */
function podsNoIngress(input: CheckInput): Finding[] {
  const id = "DPN-AWS-006";
  if (tierSubnets(input, "pod").length === 0) return [];
  const r = testIntent(input.topology, input.context, { must: "not reach", from: "internet", to: "pods", protocol: "all" });
  if (r.unanswerable) return [notEnoughData(id, "pods", `whether the internet reaches pods (${r.unanswerable})`)];
  return r.violations.map((v) => {
    const service = v.ports ? `${v.protocol} ${v.ports}` : v.protocol;
    const through = v.landing ?? v.destinations[0] ?? "the network";
    const message = `the internet reaches a pod address through ${through} on ${service} from ${few(v.sources)} (at ${few(v.destinations)}; witness ${v.witness.flow}): remove the public address or the internet-facing target; pods are reached only inside the VPC`;
    return finding(id, through, message, [...v.witness.hops]);
  });
}

export const nodesEgressThroughNat = defineCheck({
  id: "DPN-AWS-007",
  title: "Nodes reach the internet through a NAT gateway of their zone",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: node subnets: "Update the route table to allow internet access through the NAT gateway"; NATs in other zones "increase availability and limit cross-region traffic".`,
  fix: "Route 0.0.0.0/0 of each node route table to a NAT gateway in a public subnet, preferably of the same zone.",
  scope: "data-plane",
  run: nodesEgress,
});

/** DPN-AWS-007: every node subnet reaches the internet, through a NAT gateway, best of its own zone. */
function nodesEgress(input: CheckInput): Finding[] {
  const id = "DPN-AWS-007";
  const { ix } = input.engine;
  const crossZone: { zone: string; nat: string; natZone: string; trace: TraceHop[] }[] = [];
  const findings = tierSubnets(input, "node").flatMap((s) => {
    const unread = unreadable(input, id, s, `whether nodes in ${s.id} reach the internet`);
    if (unread.length) return unread;
    const table = tableOf(input, s);
    const every = testIntent(input.topology, input.context, { must: "reach", from: s.id, to: "internet", protocol: "tcp", ports: HTTPS });
    const missed = every.violations.find((v) => v.from === s.id && !v.destinations.some((d) => d.includes(":")));
    const unknownStop = missed && unjudged(missed.witness);
    if (unknownStop) return [notEnoughData(id, unknownStop.id, `whether nodes in ${s.id} reach the internet (${unknownStop.why})`)];
    if (missed) {
      const stop = missed.witness.hops.at(-1);
      return [
        finding(
          id,
          table,
          `nodes in ${s.id} do not reach the internet on TCP ${HTTPS} at ${few(missed.destinations)} (${missed.witness.flow}: ${missed.witness.disposition}${stop ? ` at ${stop.id}` : ""}): route 0.0.0.0/0 of ${table} to a NAT gateway in a public subnet of ${s.zone ?? "the node subnet's zone"}`,
          [...missed.witness.hops, ...replyHops(missed.witness.return ?? [])],
        ),
      ];
    }
    const r = ask(input, { from: s.id, to: anyInternetHost(input, 4), protocol: "tcp", port: HTTPS, ipVersion: 4 });
    if (typeof r === "string") return [notEnoughData(id, s.id, `whether nodes reach the internet (${r})`)];
    const trace = traceOf(r);
    const zone = s.zone ?? "the node subnet's zone";
    if (!gotThrough(r))
      return [
        finding(
          id,
          table,
          `nodes in ${s.id} do not reach the internet (${r.flow}: ${stoppedAt(r)}): route 0.0.0.0/0 of ${table} to a NAT gateway in a public subnet of ${zone}`,
          trace,
        ),
      ];
    const nat = r.hops.find((h) => h.kind === "nat-gateway");
    if (!nat)
      return [
        finding(
          id,
          table,
          `nodes in ${s.id} reach the internet without a NAT gateway (${internetRoute(input, s, 4).label}): route 0.0.0.0/0 of ${table} to a NAT gateway in a public subnet of ${zone}`,
          trace,
        ),
      ];
    const natSubnet = ix.subnets.get(ix.gateways.get(nat.id)?.subnetId ?? "");
    if (natSubnet?.zone === undefined || s.zone === undefined) return [notEnoughData(id, table, `whether ${nat.id} is in the zone of ${s.id}`, trace)];
    if (natSubnet.zone === s.zone) return [];
    crossZone.push({ zone: s.zone, nat: nat.id, natZone: natSubnet.zone, trace });
    if (input.context.nat === "single") return [];
    const message = `nodes in ${s.zone} leave through ${nat.id} in ${natSubnet.zone}: an outage of ${natSubnet.zone} cuts them off and cross-zone traffic is charged; add a NAT gateway in ${s.zone} and route ${table} to it`;
    return [finding(id, table, message, trace, "warning")];
  });
  // `nat: single` is a choice the spec made: its trade-off said once, as a note.
  const first = crossZone[0];
  if (input.context.nat !== "single" || first === undefined) return findings;
  const zones = crossZone.map((c) => c.zone).join(", ");
  const message = `nat: single: nodes in ${zones} leave through ${first.nat} in ${first.natZone}, cheaper than a NAT gateway per zone; an outage of ${first.natZone} cuts off every zone's egress and cross-zone traffic is charged (nat: perZone avoids both)`;
  return [...findings, finding(id, first.nat, message, first.trace, "note")];
}

export const publicSubnetsToIgw = defineCheck({
  id: "DPN-AWS-008",
  title: "Public subnets route to an internet gateway",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: public subnets hold "a NAT gateway ... that can route traffic to the internet".`,
  fix: "Route 0.0.0.0/0 of the public route table to the VPC's internet gateway.",
  scope: "data-plane",
  run: publicToIgw,
});

/** DPN-AWS-008: every public subnet routes the internet to an internet gateway. */
function publicToIgw(input: CheckInput): Finding[] {
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
