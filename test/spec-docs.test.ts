// One text for a field's default: the schema's description, `dpnet init`'s comment and the
// README's spec block say who the ingress NLB admits by default in the same words.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { starterSpec } from "../src/cli/starter.js";
import { INGRESS_DEFAULT_CIDRS } from "../src/spec/aws.js";
import { specJsonSchema } from "../src/spec/index.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

test("the ingress default is said once: schema descriptions, init's comment and the README's spec block", () => {
  const schema = JSON.stringify(specJsonSchema());
  assert.ok(schema.includes(`Who may reach the ingress ports. Default: ${INGRESS_DEFAULT_CIDRS}.`));
  assert.ok(schema.includes(`Who may reach the listener (the ingress NLB's security group). Default: ${INGRESS_DEFAULT_CIDRS}.`));
  assert.ok(starterSpec("aws")!.includes(`    # default: ${INGRESS_DEFAULT_CIDRS}\n`));
  assert.ok(readme.includes(`    # default: ${INGRESS_DEFAULT_CIDRS}\n`));
  // No other wording of the default survives anywhere users read it.
  for (const text of [schema, starterSpec("aws")!, readme]) assert.doesNotMatch(text, /default: everyone \(internet mode\)|Default: everyone \(0\.0\.0\.0\/0/);
});
