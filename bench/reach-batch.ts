// Benchmark: `dpnet reach --aws <lab> --batch` of 10,000 distinct questions on the largest of the
// real AWS labs (test/conformance/batfish-lab, by export size), as a whole process (Node's start,
// reading the export, compiling the topology once, answering, writing 10,000 JSON lines) with its
// peak RSS. Questions: every lab host's address as the source, to every address the export holds
// (private and public) and the probes' internet host, on TCP ports and ICMP, the first 10,000.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { importAwsDescribe } from "../src/import/aws/describe.js";
import { line, round, summarize } from "./stats.js";

const root = new URL("../../", import.meta.url).pathname;
const labs = join(root, "test/conformance/batfish-lab");
const probe = join(root, "bench/rss-probe.cjs");
const QUESTIONS = 10_000;
const PORTS = [22, 25, 53, 80, 123, 443, 1433, 2049, 3306, 3389, 5432, 5439, 6379, 6443, 8080, 8443, 9090, 9200, 10250, 11211, 27017, 30000, 32767];

function bytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? bytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

async function questions(lab: string): Promise<string[]> {
  const { topology } = await importAwsDescribe(join(labs, lab, "aws_configs"));
  const probes = (JSON.parse(readFileSync(join(labs, lab, "expectations.json"), "utf8")) as { probes: { from: string; to: string }[] }).probes;
  const sources = [...new Set(probes.map((p) => p.from))];
  const held = topology.interfaces.flatMap((i) => [...i.privateIps, ...(i.publicIps ?? []).map((m) => m.publicIp)]);
  const targets = [...new Set([...held, ...probes.map((p) => p.to.split(":")[0]!)])];
  const out: string[] = [];
  for (const port of [...PORTS, undefined]) {
    for (const to of targets) {
      for (const from of sources) {
        if (from === to) continue;
        out.push(JSON.stringify(port === undefined ? { from, to, protocol: "icmp" } : { from, to: `${to}:${port}` }));
      }
    }
  }
  if (out.length < QUESTIONS) throw new Error(`${lab}: only ${out.length} distinct questions`);
  return out.slice(0, QUESTIONS);
}

function run(args: string[]): { ms: number; rssMb: number } {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, NODE_OPTIONS: `--require ${probe}` } });
  const ms = performance.now() - start;
  const rss = /dpnet-bench-peak-rss-kb (\d+)/.exec(r.stderr);
  if (!rss || r.status !== 0) throw new Error(`${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  if (args.includes("--batch") && r.stdout.split("\n").length !== QUESTIONS + 1) throw new Error("not one answer per question");
  return { ms, rssMb: round(Number(rss[1]) / 1024) };
}

export async function benchReachBatch(runs = 5): Promise<void> {
  const lab = readdirSync(labs)
    .filter((d) => d.startsWith("aws_"))
    .sort((a, b) => bytes(join(labs, b, "aws_configs")) - bytes(join(labs, a, "aws_configs")))[0]!;
  const dir = mkdtempSync(join(tmpdir(), "dpnet-bench-batch-"));
  try {
    const file = join(dir, "questions.jsonl");
    writeFileSync(file, `${(await questions(lab)).join("\n")}\n`);
    const args = [join(root, "bin/dpnet.js"), "reach", "--aws", join(labs, lab, "aws_configs"), "--batch", file];
    run(args);
    const samples = Array.from({ length: runs }, () => run(args));
    const peak = Math.max(...samples.map((s) => s.rssMb));
    console.log(`${line(`reach --batch, ${QUESTIONS} questions, ${lab}`, summarize(samples.map((s) => s.ms)), "<= 2000 ms")}   peak RSS ${peak} MB`);
    const node = Array.from({ length: runs }, () => run(["-e", "0"]));
    console.log(line("node -e 0, for reference", summarize(node.map((s) => s.ms))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
