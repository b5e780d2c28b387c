// Benchmark: `dpnet synth` of examples/aws-internet.yaml against `cdk synth` of the same network
// written as an AWS CDK app (bench/cdk-equivalent/, its own package.json, never a dpnet
// dependency), whole processes both. CDK is timed twice: the app run directly (`node app.js`,
// which synthesizes the cloud assembly itself) and through the CDK CLI (`cdk synth`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { line, type Stats, time } from "./stats.js";
import { synthProcess } from "./synth.js";

const root = new URL("../../", import.meta.url).pathname;
const app = join(root, "bench/cdk-equivalent");
const GOAL = 40;

/** Installs the CDK packages from the lock file once; false (with the reason printed) when that fails. */
function installCdk(): boolean {
  if (existsSync(join(app, "node_modules/aws-cdk-lib")) && existsSync(join(app, "node_modules/aws-cdk"))) return true;
  console.log("installing bench/cdk-equivalent (npm ci) ...");
  const r = spawnSync("npm", ["ci", "--prefix", app, "--no-audit", "--no-fund"], { encoding: "utf8" });
  if (r.status === 0) return true;
  console.log(
    `cdk: skipped, npm ci --prefix bench/cdk-equivalent failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ")}`,
  );
  return false;
}

function run(command: string, args: string[], env: Record<string, string> = {}): () => void {
  return () => {
    const r = spawnSync(command, args, { cwd: app, encoding: "utf8", env: { ...process.env, ...env } });
    if (r.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${r.stderr}`);
  };
}

const ratio = (slow: Stats, fast: Stats) => Math.round((slow.medianMs / fast.medianMs) * 10) / 10;

export async function benchCdk(): Promise<void> {
  if (!installCdk()) return;
  const out = mkdtempSync(join(tmpdir(), "dpnet-bench-cdk-"));
  try {
    const dpnet = await time(20, synthProcess(join(out, "infra")), 2);
    console.log(line("dpnet synth, whole process", dpnet));
    const cdkEnv = { CDK_DISABLE_VERSION_CHECK: "1", CDK_DISABLE_CLI_TELEMETRY: "true" };
    const direct = await time(5, run(process.execPath, ["app.js"], { ...cdkEnv, CDK_OUTDIR: join(out, "direct") }), 1);
    console.log(line("cdk: node app.js (synthesizes cdk.out)", direct));
    const cli = await time(
      5,
      run(process.execPath, ["node_modules/aws-cdk/bin/cdk", "synth", "--quiet", "--no-notices", "--output", join(out, "cli")], cdkEnv),
      1,
    );
    console.log(line("cdk synth (the CLI), whole process", cli));
    for (const [label, cdk] of [
      ["node app.js", direct],
      ["cdk synth", cli],
    ] as const) {
      const r = ratio(cdk, dpnet);
      console.log(`  dpnet synth is ${r}x faster than ${label} (medians; goal >= ${GOAL}x${r >= GOAL ? ", met" : ", not met"})`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
