// Reachability: can this flow get from here to there, and why (not)? One trace of hops, each with
// the rule that decided there, and the reply's trace where the flow is stateful.
import type { TraceHop } from "../findings.js";
import type { Topology } from "../topology/model.js";
import { Engine } from "./engine.js";
import { type Flow, describeFlow } from "./flow.js";
import { type ReachQuery, destinationInterface, resolveQuery } from "./query.js";
import { type Disposition, type Place, Walk } from "./walk.js";

export type { Disposition } from "./walk.js";
export { QueryError, type ReachQuery } from "./query.js";

export interface ReachResult {
  /** The flow as resolved: `tcp 10.0.1.5:1024-65535 -> 8.8.8.8:80`. */
  flow: string;
  /** Where it ended; `accepted` and `exits-network` only when the reply gets back too. */
  disposition: Disposition;
  hops: TraceHop[];
  /** The reply's hops, for flows that were accepted or left towards the internet. */
  return?: TraceHop[];
  /** `insufficient-info`: the element, read by the input but not known, that the flow stopped at. */
  unread?: string;
}

const engines = new WeakMap<Topology, Engine>();

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  // for…in rather than Object.values: no array per object, which halves the freeze of a large
  // topology (plain data: no inherited enumerable keys).
  if (Array.isArray(value)) for (const v of value) deepFreeze(v);
  else for (const k in value) deepFreeze((value as Record<string, unknown>)[k]);
}

/**
 * The compiled form of a topology (indexes, routes, rules), built on first use and kept while the
 * topology object lives. The topology is frozen then: changing it afterwards would leave the
 * compiled form stale, so it throws instead; build a new topology to ask about a changed network.
 */
export function reachEngine(topology: Topology): Engine {
  let engine = engines.get(topology);
  if (!engine) {
    deepFreeze(topology);
    engines.set(topology, (engine = Engine.of(topology)));
  }
  return engine;
}

/** Follows one flow; throws QueryError for ends that are unknown or ambiguous, TopologyError for malformed data. */
export function reach(topology: Topology, query: ReachQuery): ReachResult {
  const engine = reachEngine(topology);
  const { from, flow } = resolveQuery(engine.ix, query);
  const result = walkFlow(engine, from, flow).result;
  // Asked for an interface or instance, the flow must end there, not at another host that holds
  // the same address (two VNets of the same space, not connected: the source's own address).
  const target = destinationInterface(engine.ix, query.to);
  const last = result.hops[result.hops.length - 1];
  if (target && result.disposition === "accepted" && last && last.id !== target.id && last.id !== target.instanceId && target.subnetId !== last.id) {
    const other = target.instanceId ?? target.id;
    const hop: TraceHop = {
      id: other,
      kind: "instance",
      decision: `not reached: the flow ended at ${last.id}, which holds ${describeFlow(flow).split(" -> ")[1]?.split(":")[0] ?? "the address"} too; ${other} is not reachable at that address from here`,
    };
    return { flow: result.flow, disposition: "no-route", hops: [...result.hops, hop] };
  }
  return result;
}

/** Follows a resolved flow from where it starts, and its reply; `end`: where the forward flow ended up, if it was delivered or left. */
export function walkFlow(engine: Engine, from: Exclude<Place, { at: "outside" }>, flow: Flow): { result: ReachResult; end: Place | undefined } {
  const forward = Walk.forward(engine, from, flow);
  const end = forward.walk.end?.place;
  const { unread } = forward.walk;
  const result: ReachResult = { flow: describeFlow(flow), disposition: forward.disposition, hops: forward.walk.hops, ...(unread ? { unread } : {}) };
  if (forward.disposition !== "accepted" && forward.disposition !== "exits-network") return { result, end };
  const back = forward.walk.reply();
  if (!back) return { result, end };
  // A connection whose replies cannot come back does not work: the reply's fate is the flow's. A
  // reply that leaves the modelled network (to a VPN, say) has no route back to its client.
  const failed = back.disposition === "exits-network" ? "no-route" : back.disposition;
  const disposition = back.disposition === "accepted" ? forward.disposition : failed;
  return { result: { ...result, disposition, return: back.walk.hops, ...(back.walk.unread ? { unread: back.walk.unread } : {}) }, end };
}
