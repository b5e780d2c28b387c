// Shared test checks for emitted Terraform: every .tf file parses with the real HCL parser and
// reads back as exactly the IR, and every resource fits the provider schemas.
import assert from "node:assert/strict";
import { parseHcl, toJson } from "../../src/hcl/index.js";
import { renderPlan } from "../../src/plan/index.js";
import type { DataPlanePlan } from "../../src/plan/types.js";
import { moduleJson } from "../../src/terraform/json.js";
import { checkSchema } from "../../src/terraform/schema-check.js";
import type { TfModule } from "../../src/terraform/ir.js";
import { CHILD_MODULE_DIR } from "../../src/terraform/root.js";

export const SOURCE = { label: "test.yaml", text: "test" };

/** Asserts the module is valid Terraform as far as can be known without terraform: parser + schema. */
export async function assertValidTerraform(module: TfModule, files: Map<string, string>): Promise<void> {
  for (const [path, text] of files) {
    if (!path.endsWith(".tf")) continue;
    const parsed = toJson(parseHcl(text, path));
    assert.deepStrictEqual(parsed, moduleJson(module, path), `${path} does not read back as the IR`);
  }
  assert.deepStrictEqual(checkSchema(moduleJson(module)), [], "provider schema problems");
}

/** Renders a plan and asserts its Terraform (the root, its child, its extra modules) is valid; returns the files. */
export async function validFiles(plan: DataPlanePlan): Promise<Map<string, string>> {
  const files = renderPlan(plan, SOURCE);
  const modules = new Map<string, TfModule>(plan.extraModules ?? []);
  if (plan.root) modules.set(CHILD_MODULE_DIR, plan.module);
  const dirs = [...modules.keys()];
  const inDir = (dir: string) => new Map([...files].filter(([path]) => path.startsWith(`${dir}/`)).map(([path, text]) => [path.slice(dir.length + 1), text]));
  await assertValidTerraform(plan.root ?? plan.module, new Map([...files].filter(([path]) => !dirs.some((dir) => path.startsWith(`${dir}/`)))));
  for (const [dir, module] of modules) await assertValidTerraform(module, inDir(dir));
  return files;
}

/** The body of one resource as Terraform JSON (expressions as "${...}"), for exact assertions. */
export function resourceJson(module: TfModule, type: string, name: string): Record<string, unknown> {
  const doc = moduleJson(module) as { resource: Record<string, Record<string, unknown[]>> };
  const found = doc.resource?.[type]?.[name]?.[0];
  assert.ok(found, `no resource ${type}.${name}`);
  return found as Record<string, unknown>;
}

/** Names of all resources of a type. */
export function resourceNames(module: TfModule, type: string): string[] {
  return module.resources(type).map((b) => b.labels[1]!);
}
