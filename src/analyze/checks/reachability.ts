// Asking the reachability engine on behalf of a check: one flow, its trace as the finding's, and
// a query the topology cannot answer turned into "not enough data" rather than an exception.
import { ADMITTED_AT_LISTENER } from "../load-balancers.js";
import { type TraceHop, replyHops } from "../../findings.js";
import { type Family, type Prefix, containsAddress, parseAddress, parsePrefixes } from "../../ipam/prefix.js";
import { TopologyError } from "../../topology/lookup.js";
import type { Subnet, Topology } from "../../topology/model.js";
import { resolveQuery } from "../query.js";
import { QueryError, type ReachQuery, type ReachResult, reach, reachEngine } from "../reach.js";
import { type RouteChoice, targetLabel } from "../routing.js";
import type { Engine } from "../engine.js";
import { hop } from "./finding.js";
import type { CheckInput } from "./input.js";

// Documentation ranges (RFC 5737, RFC 3849): hosts no rule of a real network names. Importers
// also draw stand-in public addresses from them, so a host is picked that nothing holds.
const CANDIDATES: Record<Family, string[]> = {
  4: ["203.0.113", "198.51.100", "192.0.2"].flatMap((net) => Array.from({ length: 254 }, (_, i) => `${net}.${254 - i}`)),
  6: Array.from({ length: 256 }, (_, i) => `2001:db8:ffff:ffff::${(i + 1).toString(16)}`),
};

/** An arbitrary host on the internet: held by nothing in the topology and outside `avoid` (e.g. the control plane's CIDRs). */
export function internetHost(engine: Engine, family: Family, avoid: readonly Prefix[] = []): string {
  const { ix } = engine;
  const unheld = (text: string) => {
    const a = parseAddress(text)!;
    return ix.publicOwner(a) === undefined && ix.networksHolding(a).length === 0;
  };
  const outside = (text: string) => !avoid.some((p) => containsAddress(p, parseAddress(text)!));
  // When `avoid` is the whole internet (a control plane of 0.0.0.0/0), any unheld host will do.
  const free = CANDIDATES[family].find((text) => outside(text) && unheld(text)) ?? CANDIDATES[family].find(unheld);
  if (!free)
    throw new TopologyError(
      "no internet address lies outside the networks' blocks (a block such as 0.0.0.0/0 holds them all): the network cannot be judged against the internet",
    );
  return free;
}

/** An internet host for a check's flows: outside the control plane's CIDRs too, so traces never mistake one for the other. */
export function anyInternetHost(input: CheckInput, family: Family): string {
  return internetHost(input.engine, family, parsePrefixes(input.context.controlPlane?.cidrs ?? []));
}

/**
 * The route a subnet takes to an internet host (its default route, in effect): the choice, as
 * `0.0.0.0/0 -> nat-1` when there is one, and the subnet's hop that shows it.
 */
export function internetRoute(input: CheckInput, s: Subnet, family: Family): { choice: RouteChoice | undefined; label: string | undefined; hop: TraceHop } {
  const routes = input.engine.routes(s);
  const host = anyInternetHost(input, family);
  const choice = routes.lookup(parseAddress(host)!);
  const label = choice && `${choice.route.prefix.text} -> ${targetLabel(routes.cloud, choice.route.target)}`;
  return { choice, label, hop: hop(s.id, "subnet", choice?.text ?? `${routes.label}: no route matches ${host}`) };
}

/** The flow got where it was going, replies included (or left towards the internet). */
export function gotThrough(r: ReachResult): boolean {
  return r.disposition === "accepted" || r.disposition === "exits-network";
}

/** Follows the query; a string says why it could not be asked. */
export function ask(input: CheckInput, query: ReachQuery): ReachResult | string {
  try {
    return reach(input.topology, query);
  } catch (e) {
    if (e instanceof QueryError || e instanceof TopologyError) return e.message;
    throw e;
  }
}

function replyFailed(r: ReachResult): boolean {
  return r.return !== undefined && !gotThrough(r);
}

/** The forward hops, and the reply's when the reply is what failed. */
export function traceOf(r: ReachResult): TraceHop[] {
  return [...r.hops, ...(replyFailed(r) ? replyHops(r.return!) : [])];
}

/** Where a flow that did not get through stopped: `denied at sg-1`, `the reply is denied at nat-1`. */
export function stoppedAt(r: ReachResult): string {
  const last = traceOf(r).at(-1);
  const what = `${replyFailed(r) ? "the reply is " : ""}${r.disposition}`;
  return last ? `${what} at ${last.id}` : what;
}

/** The target group of a listener when it has no targets in the topology: a configuration registers them elsewhere. */
function emptyTargetGroup(engine: Engine, listenerId: string): string | undefined {
  const found = engine.ix.listener(listenerId);
  const tg = found && engine.ix.targetGroups.get(found.listener.targetGroupId);
  return tg && tg.targets.length === 0 ? tg.id : undefined;
}

/**
 * Whether a flow to a listener (`query.to`) gets in: it gets through, or it stops at a node of the
 * listener's load balancer only because the target group has no targets in the topology (a
 * Terraform configuration leaves them to an Auto Scaling group's target_group_arns or a
 * controller) once the load balancer's security groups admitted it.
 */
export function reachesListener(engine: Engine, query: ReachQuery, r: ReachResult): boolean {
  if (gotThrough(r)) return true;
  const found = engine.ix.listener(query.to);
  const last = r.hops.at(-1);
  if (!found || !emptyTargetGroup(engine, query.to) || !found.lb.nodes.some((n) => n.id === last?.id)) return false;
  const groups = found.lb.securityGroupIds ?? [];
  return groups.length === 0 || engine.securityGroups.evaluate(groups, "ingress", resolveQuery(engine.ix, query).flow).allowed;
}

/** The hop that says a flow was admitted at the listener and judged no further, its targets being registered outside the topology; else none. */
export function outsideTargets(engine: Engine, query: ReachQuery, r: ReachResult): TraceHop[] {
  const tg = !gotThrough(r) && reachesListener(engine, query, r) ? emptyTargetGroup(engine, query.to) : undefined;
  return tg ? [{ id: tg, kind: "target-group", decision: "no targets in this topology (registered outside it): judged up to the listener" }] : [];
}

/** One question as `dpnet reach` answers it. */
export interface ReachVerdict {
  result: ReachResult;
  /** Not through, but admitted at a listener whose targets are registered outside the topology. */
  admittedAtListener: boolean;
  /** The walk's hops, then the target group judged no further when admitted at its listener. */
  hops: TraceHop[];
  gotThrough: boolean;
  /** `accepted`, `denied`, ... or "admitted at the listener (...)". */
  verdict: string;
}

/** Follows one flow and judges it: a module's target groups are empty (an Auto Scaling group registers the nodes), so it is judged up to the listener. */
export function reachVerdict(topology: Topology, query: ReachQuery): ReachVerdict {
  const result = reach(topology, query);
  const engine = reachEngine(topology);
  const admittedAtListener = !gotThrough(result) && reachesListener(engine, query, result);
  return {
    result,
    admittedAtListener,
    hops: [...result.hops, ...outsideTargets(engine, query, result)],
    gotThrough: gotThrough(result) || admittedAtListener,
    verdict: admittedAtListener ? ADMITTED_AT_LISTENER : result.disposition,
  };
}
