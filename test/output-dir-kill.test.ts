// Issue 11: `kill -9` at any moment of `dpnet synth` never leaves a mix. Two specs are written in
// turn into one folder and each run is killed at a random moment: the folder must then hold
// exactly one spec's complete set — at once, or (when the kill fell inside the switch) once the
// journal the run left is completed, as the next run does first. Staging folders never pile up.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recoverOutputDir } from "../src/io/output-dir.js";
import { snapshot } from "./support/safety.js";

const BIN = new URL("../../bin/dpnet.js", import.meta.url).pathname;
const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;
const SPECS = [join(EXAMPLES, "aws-internet.yaml"), join(EXAMPLES, "azure-managed.yaml")];
const RUNS = 36;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs synth and kills it with SIGKILL after `delay` ms (or lets it finish first). */
function killedSynth(spec: string, out: string, delay: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "synth", spec, "-o", out], { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), delay);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

test(`kill -9 at random moments of ${RUNS} synths alternating two specs: the folder is always exactly one spec's complete set`, async () => {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-kill-"));
  const sets = SPECS.map((spec, i) => {
    const reference = join(dir, `reference-${i}`);
    const started = Date.now();
    const r = spawnSync(process.execPath, [BIN, "synth", spec, "-o", reference], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return { files: snapshot(reference), ms: Date.now() - started };
  });
  // Kills fall anywhere in a run (capped, so a loaded machine cannot stretch the test).
  const span = Math.min(1500, Math.max(...sets.map((s) => s.ms)) * 1.2);
  const out = join(dir, "work", "out");
  const next = random(11);
  const outcomes = { killedBeforeSwitch: 0, journalCompleted: 0, finished: 0 };
  for (let run = 0; run < RUNS; run++) {
    const which = run % 2;
    await killedSynth(SPECS[which]!, out, Math.floor(next() * span));
    const journal = existsSync(join(out, ".dpnet-journal"));
    if (journal) recoverOutputDir(out);
    const now = existsSync(out) ? snapshot(out) : undefined;
    if (now === undefined) {
      // Killed before any run's atomic rename of the fresh folder: no folder at all, never half of one.
      assert.equal(outcomes.finished + outcomes.journalCompleted + outcomes.killedBeforeSwitch, 0);
      continue;
    }
    const match = sets.findIndex((s) => JSON.stringify(s.files) === JSON.stringify(now));
    assert.notEqual(match, -1, `run ${run}: the folder is not one spec's complete set: ${Object.keys(now).join(", ")}`);
    if (journal) assert.equal(match, which, "a completed journal gives the killed run's set");
    if (journal) outcomes.journalCompleted++;
    else if (match === which) outcomes.finished++;
    else outcomes.killedBeforeSwitch++;
  }
  // The next run cleans what killed runs left beside the folder: only the folder remains.
  assert.equal(spawnSync(process.execPath, [BIN, "synth", SPECS[0]!, "-o", out]).status, 0);
  assert.deepEqual(readdirSync(join(dir, "work")), ["out"]);
  assert.deepEqual(snapshot(out), sets[0]!.files);
  console.log(`# kill test: ${JSON.stringify(outcomes)}`);
});
