// Benchmark: reading Terraform. The HCL parser's throughput in-process, next to the reference
// parser it replaced (@cdktn/hcl2json, Go compiled to WebAssembly); and `dpnet verify` of
// terraform-aws-modules/vpc's `complete` example with its module, as a whole process with peak
// memory, next to the old path's parse alone (a process loading hcl2json and parsing the same
// files). With DPNET_OLD_CLI=<path to an older bin/dpnet.js> the older CLI is timed in the same run.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseHcl } from "../src/hcl/index.js";
import { line, round, summarize, time } from "./stats.js";

const root = new URL("../../", import.meta.url).pathname;
const corpus = join(root, "test/hcl-corpus");
const vpc = join(corpus, "terraform-aws-vpc");
const example = join(vpc, "examples/complete");
const probe = join(root, "bench/rss-probe.cjs");

function tfFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tfFiles(join(dir, e.name)) : e.name.endsWith(".tf") ? [join(dir, e.name)] : [],
  );
}

/** A whole process, timed, with its peak RSS (MB) from the preloaded probe. */
function processRun(args: string[]): { ms: number; rssMb: number } {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: `--require ${probe}` } });
  const ms = performance.now() - start;
  const rss = /dpnet-bench-peak-rss-kb (\d+)/.exec(r.stderr);
  if (!rss || (r.status !== 0 && r.status !== 1)) throw new Error(`${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return { ms, rssMb: round(Number(rss[1]) / 1024) };
}

function processLine(label: string, args: string[], runs: number, target?: string): void {
  processRun(args);
  const samples = Array.from({ length: runs }, () => processRun(args));
  const peak = Math.max(...samples.map((s) => s.rssMb));
  console.log(`${line(label, summarize(samples.map((s) => s.ms)), target)}   peak RSS ${peak} MB`);
}

export async function benchParse(): Promise<void> {
  const files = tfFiles(corpus).map((path) => ({ path, text: readFileSync(path, "utf8") }));
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const mb = bytes / 2 ** 20;
  const ours = await time(20, () => {
    for (const f of files) parseHcl(f.text, f.path);
  });
  console.log(`${line(`src/hcl: ${files.length} files, ${round(bytes / 1024)} KB`, ours)}   ${round(mb / (ours.medianMs / 1000))} MB/s   target >= 10 MB/s`);
  const { parse } = await import("@cdktn/hcl2json");
  const first = performance.now();
  await parse("warm.tf", "a = 1\n");
  const startMs = round(performance.now() - first);
  const reference = await time(
    3,
    async () => {
      for (const f of files) await parse(f.path, f.text);
    },
    1,
  );
  console.log(`${line("@cdktn/hcl2json, the same files", reference)}   ${round(mb / (reference.medianMs / 1000))} MB/s (+ ${startMs} ms to load)`);

  const bin = join(root, "bin/dpnet.js");
  processLine("dpnet verify vpc/examples/complete + module", [bin, "verify", example], 10, "<= 300 ms, <= 100 MB");
  const moduleFiles = [...tfFiles(example), ...tfFiles(vpc).filter((p) => !p.includes("/examples/"))];
  const oldParse = `const { parse } = require("@cdktn/hcl2json"); const fs = require("fs");
    (async () => { for (const p of ${JSON.stringify(moduleFiles)}) await parse(p, fs.readFileSync(p, "utf8")); })();`;
  processLine("  old path's parse alone (hcl2json process)", ["-e", oldParse], 5);
  if (process.env.DPNET_OLD_CLI) processLine("  older CLI: dpnet verify, same folder", [process.env.DPNET_OLD_CLI, "verify", example], 5);
}

if (process.argv[1] === new URL(import.meta.url).pathname) await benchParse();
