// Benchmark: `dpnet verify plan.json` of a 5 MB plan in the shape real Terraform writes, as a
// whole process with its peak memory. The plan is test/fixtures/terraform-real/aws-internet.plan.json (written by
// terraform 1.11.4 and hashicorp/aws 5.100.0 in the real-terraform harness, test/terraform-real.test.ts)
// as many child modules of one root: `module.dp<i>.` addresses, module_calls, child_modules.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { line, round, summarize } from "./stats.js";

const root = new URL("../../", import.meta.url).pathname;
const probe = join(root, "bench/rss-probe.cjs");
const TARGET_BYTES = 5 * 2 ** 20;

type Obj = Record<string, unknown>;

/** The one-module plan as child `name` of a root: what `terraform show -json` writes for a module call. */
function asChild(plan: Obj, name: string): { values: Obj; changes: Obj[]; call: Obj } {
  const prefix = `module.${name}`;
  const values = (plan.planned_values as { root_module: { resources: Obj[] } }).root_module;
  return {
    values: { address: prefix, resources: values.resources.map((r) => ({ ...r, address: `${prefix}.${String(r.address)}` })) },
    changes: (plan.resource_changes as Obj[]).map((c) => ({ ...c, address: `${prefix}.${String(c.address)}`, module_address: prefix })),
    call: { source: `./${name}`, module: (plan.configuration as { root_module: Obj }).root_module },
  };
}

export function realShapedPlan(targetBytes: number): string {
  const one = JSON.parse(readFileSync(join(root, "test/fixtures/terraform-real/aws-internet.plan.json"), "utf8")) as Obj;
  const size = Buffer.byteLength(JSON.stringify(one));
  const children = Array.from({ length: Math.ceil(targetBytes / size) }, (_, i) => asChild(one, `dp${i}`));
  return JSON.stringify({
    format_version: one.format_version,
    terraform_version: one.terraform_version,
    planned_values: { root_module: { child_modules: children.map((c) => c.values) } },
    resource_changes: children.flatMap((c) => c.changes),
    configuration: {
      provider_config: (one.configuration as Obj).provider_config,
      root_module: { module_calls: Object.fromEntries(children.map((c, i) => [`dp${i}`, c.call])) },
    },
  });
}

function processRun(args: string[]): { ms: number; rssMb: number } {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 256 * 2 ** 20, env: { ...process.env, NODE_OPTIONS: `--require ${probe}` } });
  const ms = performance.now() - start;
  const rss = /dpnet-bench-peak-rss-kb (\d+)/.exec(r.stderr);
  if (!rss || (r.status !== 0 && r.status !== 1)) throw new Error(`${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return { ms, rssMb: round(Number(rss[1]) / 1024) };
}

export async function benchPlanJson(): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), "dpnet-bench-plan-")), "plan.json");
  writeFileSync(file, realShapedPlan(TARGET_BYTES));
  const mb = round(statSync(file).size / 2 ** 20);
  const args = [join(root, "bin/dpnet.js"), "verify", file];
  processRun(args);
  const samples = Array.from({ length: 5 }, () => processRun(args));
  const peak = Math.max(...samples.map((s) => s.rssMb));
  console.log(`${line(`dpnet verify plan.json (${mb} MB, real-shaped)`, summarize(samples.map((s) => s.ms)))}   peak RSS ${peak} MB`);
}
