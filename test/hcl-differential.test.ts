// The HCL parser against the reference one (@cdktn/hcl2json: HashiCorp's hclsyntax compiled to
// WebAssembly, a dev dependency for this test only): on real configurations no one here wrote, on
// every module dpnet writes, on a generated corpus, and on broken files, the JSON projection of
// our syntax tree equals what the reference gives, and what it rejects we reject, with a position.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@cdktn/hcl2json";
import fc from "fast-check";
import { HclSyntaxError, parseHcl, toJson } from "../src/hcl/index.js";
import { loadSpecFile } from "../src/io/spec-file.js";
import { planSpec } from "../src/plan/index.js";
import { writeModule } from "../src/terraform/hcl.js";
import { EXAMPLES, examplePath } from "./support/examples.js";
import { hclFile } from "./support/hcl-fuzz.js";

const CORPUS = new URL("../../test/hcl-corpus/", import.meta.url).pathname;

function tfFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tfFiles(join(dir, e.name)) : e.name.endsWith(".tf") ? [join(dir, e.name)] : []))
    .sort();
}

/** Both projections as plain JSON; or both rejections. */
async function compare(name: string, text: string): Promise<void> {
  const read = async (f: () => unknown) => {
    try {
      return JSON.parse(JSON.stringify(await f()));
    } catch (e) {
      return { rejected: e instanceof Error };
    }
  };
  const ours = await read(() => toJson(parseHcl(text, name)));
  const reference = await read(() => parse(name, text));
  assert.deepStrictEqual(ours, reference, name);
}

test("real configurations (Typhoon, TerraGoat, terraform-aws-modules/vpc): the same reading as the reference parser", async () => {
  const files = tfFiles(CORPUS);
  assert.equal(files.length, 71);
  for (const path of files) await compare(path.slice(CORPUS.length), readFileSync(path, "utf8"));
});

test("every module dpnet writes: the same reading as the reference parser", async () => {
  for (const example of EXAMPLES) {
    const plan = planSpec(loadSpecFile(examplePath(example)).spec);
    for (const [file, text] of writeModule(plan.module, "# header")) await compare(`${example}/${file}`, text);
  }
});

test("a generated corpus: every construct of the grammar, with varied spacing, escapes and comments", async () => {
  // A fixed seed: the corpus is the same on every run, so a failure is reproducible.
  const corpus = fc.sample(hclFile, { numRuns: 400, seed: 20261204 });
  for (const [i, text] of corpus.entries()) await compare(`generated-${i}.tf`, text);
});

// Broken files; where the position is `[line, column]`, both parsers report that same position.
const BROKEN: [string, [number, number]?][] = [
  ['a = "unterminated\n', [1, 18]],
  ['a = "abc', [1, 9]],
  ["a = <<EOT\nno end\n"],
  ["a = <<EOT no newline\nEOT\n"],
  ['resource "x" "y" {\n  a = 1\n', [1, 18]],
  ['resource "x" "y" {\n  a = 1\n}\n}\n', [4, 1]],
  ["a = [1, 2\n", [1, 5]],
  ["a = (1 + 2\n", [2, 1]],
  ["a = { b = 1\n"],
  ["a = 1 2\n", [1, 7]],
  ["a = \n", [1, 5]],
  ['a = "${x"\n'],
  ['a = "${x}\n', [1, 10]],
  ['a = "%{ if x }y"\n'],
  ['a = "%{ endif }"\n', [1, 6]],
  ['a = "\\q"\n', [1, 6]],
  ["a = 1\na = 2\n", [2, 1]],
  ['b "x" = 1\n', [1, 7]],
  ["a = foo(1,,2)\n", [1, 11]],
  ["= 1\n", [1, 1]],
  ["a = x ? 1\n", [1, 10]],
  ["block { a = 1 b = 2 }\n", [1, 15]],
  ["a = [for x in y x]\n", [1, 17]],
  ["a = 1 +\n", [1, 8]],
  ["a = x.\n", [1, 7]],
  ["a = x[*\n", [2, 1]],
  ['"q" = 1\n', [1, 1]],
  ["a = { b = 1 c = 2 }\n", [1, 13]],
  ["a {\n  b = <<EOT\n  x\n}\n"],
  ['b {}\nb "x" {}\n'],
  ['a = "x\ry"\n', [1, 7]],
];

test("broken files: rejected by both parsers, ours naming the line and column", async () => {
  for (const [text, position] of BROKEN) {
    await assert.rejects(async () => parse("x.tf", text), Error, `the reference accepts ${JSON.stringify(text)}`);
    let error: unknown;
    try {
      toJson(parseHcl(text, "x.tf"));
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof HclSyntaxError, `we accept ${JSON.stringify(text)}`);
    const lines = text.split("\n").length;
    assert.ok(error.line >= 1 && error.line <= lines && error.column >= 1, `${error.message}`);
    if (position) {
      const reference = await parse("x.tf", text).catch((e: Error) => e.message);
      assert.match(String(reference), new RegExp(`x\\.tf:${position[0]},${position[1]}\\b`), `the reference's position for ${JSON.stringify(text)}`);
      assert.deepEqual([error.line, error.column], position, `${JSON.stringify(text)}: ${error.message}`);
    }
  }
});
