// The library writes what the CLI writes: synthFiles gives the module, network.svg, report.html
// and intents.yaml, byte for byte what `dpnet synth` puts in its folder.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadSpecFile, planSpec, renderPlan, synthFiles } from "../src/index.js";
import { dpnet } from "./support/cli.js";

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "dpnet-synth-lib-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const listed = (folder: string, prefix = ""): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listed(join(folder, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));

test("synthFiles is what dpnet synth writes, diagram, report and intents included; renderPlan is the module alone", () => {
  const path = join(root, "examples/aws-internet.yaml");
  const { spec, source } = loadSpecFile(path);
  const plan = planSpec(spec);
  const { files, checked } = synthFiles(plan, source);
  assert.equal(checked.findings.filter((f) => f.severity === "error").length, 0);
  const out = join(dir, "infra");
  assert.equal(dpnet("synth", path, "-o", out).code, 0);
  const written = listed(out).filter((f) => !f.startsWith(".dpnet"));
  assert.deepStrictEqual([...files.keys()].sort(), written.sort());
  for (const [file, text] of files) assert.equal(text, readFileSync(join(out, file), "utf8"), file);
  for (const visual of ["network.svg", "report.html", "intents.yaml"]) {
    assert.ok(files.has(visual), visual);
    assert.ok(!renderPlan(plan, source).has(visual), `renderPlan leaves out ${visual}`);
  }
});
