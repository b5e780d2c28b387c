// The named checks: each one object (define.ts) in the catalog, run in catalog order. `runChecks`
// is what `dpnet verify`, `plan`, `synth` and `audit` report.
import type { Finding } from "../../findings.js";
import { type Gap, type InvalidInput, unknownElements } from "../../import/types.js";
import type { Cloud, Topology } from "../../topology/model.js";
import { reachEngine } from "../reach.js";
import { CHECKS } from "./catalog.js";
import { sortFindings } from "./finding.js";
import type { CheckInput, DataPlaneContext } from "./input.js";

export { CHECKS, checkInfo, type Check, type CheckId, type CheckInfo } from "./catalog.js";
export type { DataPlaneContext } from "./input.js";

/** Which cloud the data plane is on: as the context says, else the cloud of the topology's networks when they agree. */
/** The topology with the elements the gaps are about marked unread (an importer's result has them already). */
function withUnread(topology: Topology, gaps: readonly Gap[]): Topology {
  const unread = new Set([...(topology.unread ?? []), ...unknownElements(gaps)]);
  return unread.size === (topology.unread?.length ?? 0) ? topology : { ...topology, unread: [...unread].sort() };
}

function cloudOf(topology: Topology, context: DataPlaneContext): Cloud | undefined {
  if (context.cloud) return context.cloud;
  const clouds = new Set(topology.networks.map((n) => n.cloud));
  return clouds.size === 1 ? [...clouds][0] : undefined;
}

/**
 * Every check on a topology. `gaps` (what the loader could not read) become DPN-DATA-001 findings,
 * `invalid` (values the provider or cloud refuses) DPN-DATA-002 findings.
 * The topology is frozen (see reachEngine): build a new one to check a changed network.
 */
export function runChecks(given: Topology, context: DataPlaneContext, gaps: readonly Gap[] = [], invalid: readonly InvalidInput[] = []): Finding[] {
  const topology = withUnread(given, gaps);
  const cloud = cloudOf(topology, context);
  const input: CheckInput = { topology, context, cloud, engine: reachEngine(topology), gaps, invalid, unknown: new Set(topology.unread) };
  const findings = CHECKS.flatMap((check) => {
    if (!check.run) return [];
    if (check.scope === "data-plane" && !(cloud !== undefined && check.clouds.includes(cloud))) return [];
    return check.run(input);
  });
  return sortFindings(findings);
}
