// Benchmark: plan + synth of the reference AWS example, in-process and as a whole CLI process.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSpecText } from "../src/io/spec-file.js";
import { planSpec, renderPlan } from "../src/plan/index.js";
import { line, time } from "./stats.js";

const root = new URL("../../", import.meta.url).pathname;
const example = join(root, "examples/aws-internet.yaml");

/** One whole `dpnet synth` process of the reference example into `out`, as a user runs it. */
export function synthProcess(out: string): () => void {
  return () => {
    const r = spawnSync(process.execPath, [join(root, "bin/dpnet.js"), "synth", example, "-o", out], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
  };
}

export async function benchSynth(): Promise<void> {
  const text = readFileSync(example, "utf8");
  const source = { label: "aws-internet.yaml", text };
  console.log(line("plan + render, in-process", await time(200, () => renderPlan(planSpec(parseSpecText(text, source.label)), source))));

  const out = mkdtempSync(join(tmpdir(), "dpnet-bench-"));
  console.log(line("dpnet synth, whole process (node start incl.)", await time(20, synthProcess(join(out, "infra")), 2), "<= 150 ms"));
  // Issue 11: spec maps parse in linear time (yaml's own unique-key check was quadratic: 5.9 s for this).
  const tags = Array.from({ length: 16000 }, (_, i) => `    k${i}: v${i}`).join("\n");
  const big = `name: acme\ncloud: aws\naws:\n  region: eu-west-1\n  vpc:\n    cidr: 10.0.0.0/16\n  tags:\n${tags}\n`;
  console.log(line("spec with 16,000 tags: YAML + zod, in-process", await time(5, () => parseSpecText(big, "big.yaml"), 1), "linear"));
  const bare = () => spawnSync(process.execPath, ["-e", "0"]);
  console.log(line("  for reference: node -e 0", await time(20, bare, 2)));
  rmSync(out, { recursive: true, force: true });
}
