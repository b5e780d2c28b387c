// The checks on what `dpnet plan` and `dpnet synth` would write: the planned module read back
// into a topology (what is checked is what would be deployed), judged against the spec's intent.
import type { Finding } from "../../findings.js";
import { type DataPlaneContext, contextFromSpec } from "../../topology/context.js";
import { importPlan } from "../../import/source.js";
import type { ImportResult } from "../../import/types.js";
import type { DataPlanePlan, Waiver } from "../../plan/types.js";
import type { Topology } from "../../topology/model.js";
import { runChecks } from "./index.js";

export interface CheckedPlan {
  /** The planned module as a topology, as the checks saw it (frozen). */
  topology: Topology;
  context: DataPlaneContext;
  /** The planner's spec-level findings, then those of every named check on the module. */
  findings: Finding[];
}

/**
 * What the spec asks for on purpose (`plan.waivers`: e.g. an admin port open to the world with
 * `aws.firewall[i].allowPublicAdminPorts`, which the planner warns about as DPN-AWS-102): the
 * check's finding on that resource, or an instance of it, is a warning saying why rather than an
 * error that would stop synth.
 */
function waive(waivers: readonly Waiver[], findings: Finding[]): Finding[] {
  return findings.map((f) => {
    const by = waivers.find((w) => w.check === f.id && (f.resource === w.resource || f.resource.startsWith(`${w.resource}[`)));
    return by ? { ...f, severity: "warning", message: `${f.message} (${by.reason})` } : f;
  });
}

/** A plan's findings: the planner's, then every named check on its module (`topology`, `gaps`). */
export function judgePlan(plan: DataPlanePlan, imported: Pick<ImportResult, "topology" | "gaps">, context: DataPlaneContext): Finding[] {
  return [...plan.findings, ...waive(plan.waivers, runChecks(imported.topology, context, imported.gaps))];
}

export function checkPlan(plan: DataPlanePlan): CheckedPlan {
  const imported = importPlan(plan);
  const context = contextFromSpec(plan.spec, imported.topology);
  return { topology: imported.topology, context, findings: judgePlan(plan, imported, context) };
}
