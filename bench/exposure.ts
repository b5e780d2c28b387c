// Benchmark: exhaustive reachability. All-pairs exposure of the generated large AWS topology
// (bench/verify.ts: 10,000 subnets, 102,000 security-group rules): every packet from the internet
// and from the control plane's CIDRs to every destination, and from the node and pod subnets to
// every internet address; in a child process started with --expose-gc, with its peak memory. And
// `dpnet exposure` / `dpnet test` on each shipped example as whole processes, Node's start included.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { exposure } from "../src/analyze/space/exposure.js";
import { loadSource } from "../src/import/source.js";
import { reachEngine } from "../src/analyze/reach.js";
import { LARGE_CONTEXT, largeTopology } from "./verify.js";
import { line, round, summarize } from "./stats.js";

interface ChildFigures {
  subnets: number;
  rules: number;
  classes: number;
  inward: number;
  outward: number;
  exposureMs: number[];
  compileMs: number;
  peakRssMb: number;
}

function measure(): ChildFigures {
  const topology = largeTopology();
  const compileStart = performance.now();
  reachEngine(topology);
  const compileMs = performance.now() - compileStart;
  const exposureMs: number[] = [];
  let last = exposure(topology, LARGE_CONTEXT);
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    last = exposure(topology, LARGE_CONTEXT);
    exposureMs.push(performance.now() - start);
  }
  return {
    subnets: topology.subnets.length,
    rules: topology.securityGroups.reduce((n, g) => n + g.rules.length, 0),
    classes: last.classes,
    inward: last.inward.length,
    outward: last.outward.length,
    exposureMs,
    compileMs: round(compileMs),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
  };
}

/** A whole `dpnet` process, timed from the outside. */
function wholeProcess(args: string[], runs = 10): number[] {
  const bin = fileURLToPath(new URL("../../bin/dpnet.js", import.meta.url));
  return Array.from({ length: runs }, () => {
    const start = performance.now();
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
    if (r.status !== 0 && r.status !== 1) throw new Error(`dpnet ${args.join(" ")}: ${r.stderr}`);
    return performance.now() - start;
  });
}

export async function benchExposure(): Promise<void> {
  const r = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--child"], { encoding: "utf8", maxBuffer: 2 ** 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  const f = JSON.parse(r.stdout) as ChildFigures;
  console.log(`generated: ${f.subnets} subnets, ${f.rules} security-group rules; engine compiled in ${f.compileMs} ms`);
  console.log(line(`all-pairs exposure (${f.classes} classes, ${f.inward} rows in, ${f.outward} out), in-process`, summarize(f.exposureMs), "<= 2000 ms"));
  console.log(`memory: peak RSS of the process (generation, compile, 6 exposures) ${f.peakRssMb} MB   target <= 1024 MB`);
  const examples = fileURLToPath(new URL("../../examples/", import.meta.url));
  for (const name of ["aws-internet", "azure-managed"]) {
    const loaded = await loadSource(`${examples}${name}.yaml`);
    const samples = Array.from({ length: 20 }, () => {
      const start = performance.now();
      exposure(loaded.topology, loaded.context);
      return performance.now() - start;
    });
    console.log(line(`exposure of examples/${name}.yaml, in-process (first run ${round(samples[0]!)} ms)`, summarize(samples.slice(1)), ""));
  }
  for (const name of ["aws-internet", "aws-privatelink", "azure-managed", "azure-customer-managed"]) {
    console.log(line(`dpnet exposure examples/${name}.yaml, whole process`, summarize(wholeProcess(["exposure", `${examples}${name}.yaml`])), "<= 200 ms"));
  }
  console.log(
    line(
      "dpnet verify examples/aws-internet.yaml (checks + the seed's intents), whole process",
      summarize(wholeProcess(["verify", `${examples}aws-internet.yaml`])),
      "",
    ),
  );
  console.log(
    line(
      "node -e 0, for reference",
      summarize(
        Array.from({ length: 10 }, () => {
          const start = performance.now();
          spawnSync(process.execPath, ["-e", "0"]);
          return performance.now() - start;
        }),
      ),
      "",
    ),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes("--child")) {
  process.stdout.write(JSON.stringify(measure()));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchExposure();
}
