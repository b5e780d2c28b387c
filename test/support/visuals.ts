// The diagram and report of an example spec, as `dpnet synth` makes them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSpecText } from "../../src/io/spec-file.js";
import { planSpec } from "../../src/plan/index.js";
import { checkPlan } from "../../src/analyze/checks/plan.js";
import { renderVisuals } from "../../src/render/files.js";

const root = new URL("../../../", import.meta.url).pathname;

export function exampleVisuals(example: string): Map<string, string> {
  const label = `${example}.yaml`;
  const text = readFileSync(join(root, "examples", label), "utf8");
  const plan = planSpec(parseSpecText(text, label));
  return renderVisuals({ plan, ...checkPlan(plan), source: { label, text } });
}
