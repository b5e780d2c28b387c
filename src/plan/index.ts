// Spec -> plan, whatever the cloud; and plan -> the files `dpnet synth` writes.
import { createHash } from "node:crypto";
import { escapeTemplates, GENERATED_MARK, writeModule } from "../terraform/hcl.js";
import { printable } from "../io/text.js";
import type { Spec } from "../spec/index.js";
import { VERSION } from "../version.js";
import { planAws } from "./aws/index.js";
import { planAzure } from "./azure/index.js";
import { scaleFindings } from "../capacity/scale.js";
import type { DataPlanePlan } from "./types.js";
import type { TfModule } from "../terraform/ir.js";
import { CHILD_MODULE_DIR } from "../terraform/root.js";

/** Each cloud's planner; a cloud without one does not compile. */
function planOf(spec: Spec): DataPlanePlan {
  switch (spec.cloud) {
    case "aws":
      return planAws(spec);
    case "azure":
      return planAzure(spec);
  }
}

export function planSpec(spec: Spec): DataPlanePlan {
  const plan = planOf(spec);
  // The declared scale (aws.scale / azure.scale) against the planned subnets.
  plan.findings.push(...scaleFindings(plan));
  return plan;
}

/** Where a spec came from, for the header of generated files. */
export interface SpecSource {
  /** File name as shown to users, e.g. `acme-prod.yaml`. */
  label: string;
  /** The spec's text; its hash identifies the exact spec a file was generated from. */
  text: string;
}

/** The header every generated file starts with; `dpnet synth` overwrites only files that have it. */
export function generatedHeader(source: SpecSource): string {
  const digest = createHash("sha256").update(source.text).digest("hex").slice(0, 12);
  // One line whatever the file name holds: it is a comment in every file, and the text of none.
  return `${GENERATED_MARK} ${VERSION} from ${printable(source.label)} (sha256 ${digest}). Edit the spec and run dpnet synth again.`;
}

/**
 * The Terraform module's files (and Kubernetes manifests): relative path -> content. Deterministic
 * for a given plan and source. network.svg, report.html and intents.yaml come from synthFiles.
 */
export function renderPlan(plan: DataPlanePlan, source: SpecSource): Map<string, string> {
  const header = generatedHeader(source);
  const files = new Map<string, string>();
  const add = (dir: string, module: TfModule) => {
    for (const [file, text] of writeModule(module, header)) files.set(dir ? `${dir}/${file}` : file, text);
  };
  // With a root, the planned module is its child: the child and its assets go to the child's folder.
  const moduleDir = plan.root ? CHILD_MODULE_DIR : "";
  if (plan.root) add("", plan.root);
  add(moduleDir, plan.module);
  for (const [dir, module] of plan.extraModules ?? []) add(dir, module);
  // Assets are Terraform templates: the header is literal text there, the rest the asset's own.
  for (const [path, text] of plan.assets) files.set(moduleDir ? `${moduleDir}/${path}` : path, `${escapeTemplates(header)}\n${text}`);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
