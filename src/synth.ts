// Everything `dpnet synth` writes for a plan, as a library call: the Terraform module (renderPlan),
// the diagram and the report drawn from the module as the checks see it, and the spec's intents.
import { type CheckedPlan, checkPlan } from "./analyze/checks/plan.js";
import { INTENTS_FILE_NAME, defaultIntents, renderIntents } from "./analyze/space/intents.js";
import { renderPlan, type SpecSource } from "./plan/index.js";
import type { DataPlanePlan } from "./plan/types.js";
import type { DiagramLayout } from "./render/diagram.js";
import { renderVisuals } from "./render/files.js";

export interface SynthFiles {
  /** Relative path -> content, the module's in path order, then network.svg, report.html and intents.yaml. */
  files: Map<string, string>;
  /** The checks on the module (write nothing when they hold errors: hasErrors(checked.findings)). */
  checked: CheckedPlan;
}

/**
 * The output folder of `dpnet synth`. `specFile` names the spec in intents.yaml (default: the
 * source's label); `layout`: network.svg's (the report holds both).
 */
export function synthFiles(
  plan: DataPlanePlan,
  source: SpecSource,
  checked: CheckedPlan = checkPlan(plan),
  specFile: string = source.label,
  layout: DiagramLayout = "wide",
): SynthFiles {
  const files = renderPlan(plan, source);
  for (const [path, text] of renderVisuals({ plan, ...checked, source, layout })) files.set(path, text);
  // The spec's intent travels with the module: verify, exposure and test judge it by this, not by what the module admits.
  files.set(INTENTS_FILE_NAME, renderIntents(defaultIntents(checked.context), specFile));
  return { files, checked };
}
