// The README's "Extending the module" snippets (the seed's extensions against dpnet's outputs):
// they parse with the real HCL parser, fit the provider schema, and use only outputs the module has.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseHcl, toJson } from "../src/hcl/index.js";
import { loadSpecFile } from "../src/io/spec-file.js";
import { planSpec } from "../src/plan/index.js";
import { checkSchema, providerSchema, type TerraformJson } from "../src/terraform/schema-check.js";
import { outputNames } from "./support/aws-views.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const EXAMPLE = new URL("../../examples/aws-internet.yaml", import.meta.url).pathname;

function extendingSnippets(): string[] {
  const start = README.indexOf("### Extending the module");
  assert.ok(start >= 0, "README has no Extending the module section");
  const section = README.slice(start, README.indexOf("\n## ", start));
  return [...section.matchAll(/```hcl\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Only the resource types dpnet's schema subset knows (aws_autoscaling_group is parsed, not checked). */
function knownTypes(doc: TerraformJson): TerraformJson {
  const schema = providerSchema();
  const pick = (section: unknown, types: object) => Object.fromEntries(Object.entries((section ?? {}) as object).filter(([type]) => type in types));
  return { resource: pick(doc.resource, schema.resources), data: pick(doc.data, schema.dataSources) } as TerraformJson;
}

test("the README's extension snippets parse, fit the provider schema and use only the module's outputs", async () => {
  const snippets = extendingSnippets();
  assert.equal(snippets.length, 4);
  const outputs = outputNames(planSpec(loadSpecFile(EXAMPLE).spec));
  const used = new Set<string>();
  for (const [i, text] of snippets.entries()) {
    const doc = toJson(parseHcl(text, `snippet-${i}.tf`)) as TerraformJson;
    assert.deepStrictEqual(checkSchema(knownTypes(doc)), [], `snippet ${i}`);
    for (const m of text.matchAll(/module\.tempest\.(\w+)/g)) used.add(m[1]!);
  }
  assert.deepStrictEqual(
    [...used].filter((o) => !outputs.includes(o)),
    [],
  );
  // The seed's four extensions: listener + target group, worker_target_groups, a firewall rule, a peering route.
  for (const output of ["nlb_id", "vpc_id", "worker_target_groups", "worker_security_groups", "subnet_ids", "node_route_table_ids"])
    assert.ok(used.has(output), output);
});
