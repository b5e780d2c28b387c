// The named checks as the plan and synth commands run them, in compact one-line views for exact assertions.
import { checkPlan } from "../../src/analyze/checks/plan.js";
import type { DataPlanePlan } from "../../src/plan/types.js";

/** `severity id resource` of every finding on a plan: the planner's, then the checks' on its module. */
export function findingsOf(plan: DataPlanePlan): string[] {
  return checkPlan(plan).findings.map((f) => `${f.severity} ${f.id} ${f.resource}`);
}

/** The error findings only. */
export function errorsOf(plan: DataPlanePlan): string[] {
  return findingsOf(plan).filter((f) => f.startsWith("error "));
}
