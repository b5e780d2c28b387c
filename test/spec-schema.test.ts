// The committed JSON Schema (what editors use through `$schema`) stays equal to the spec's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { specJsonSchema } from "../src/spec/index.js";

test("schema/dpnet.schema.json is current (regenerate with: npm run schema)", () => {
  const committed = JSON.parse(readFileSync(new URL("../../schema/dpnet.schema.json", import.meta.url), "utf8"));
  assert.deepStrictEqual(committed, JSON.parse(JSON.stringify(specJsonSchema())));
});
