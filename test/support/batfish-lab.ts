// The vendored Batfish labs (test/conformance/batfish-lab): real AWS networks and what nmap and
// ping saw on them, asked through `dpnet reach --batch` as users would.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { dpnetWithInput } from "./cli.js";

export const LABS = new URL("../../../test/conformance/batfish-lab/", import.meta.url).pathname;

export interface Probe {
  from: string;
  to: string;
  protocol: "tcp" | "icmp";
  /** What really happened: the packet and its reply got through. */
  reachable: boolean;
  /** What nmap or ping printed. */
  saw: string;
}

export interface Answer {
  disposition?: string;
  hops?: { id: string; kind: string; decision: string }[];
  return?: { id: string; kind: string; decision: string }[];
  error?: string;
}

export function labNames(): string[] {
  return readdirSync(LABS)
    .filter((d) => d.startsWith("aws_"))
    .sort();
}

export function labExport(lab: string): string {
  return join(LABS, lab, "aws_configs");
}

export function probes(lab: string): Probe[] {
  return (JSON.parse(readFileSync(join(LABS, lab, "expectations.json"), "utf8")) as { probes: Probe[] }).probes;
}

/** Asks questions of a lab in one `dpnet reach --aws <lab> --batch -` process. */
export function askLab(lab: string, questions: readonly Pick<Probe, "from" | "to" | "protocol">[]): Answer[] {
  const input = questions.map(({ from, to, protocol }) => JSON.stringify({ from, to, protocol })).join("\n");
  const r = dpnetWithInput(input, "reach", "--aws", labExport(lab), "--batch", "-");
  if (r.code !== 0) throw new Error(`dpnet reach --batch on ${lab} exited ${r.code}: ${r.stderr}`);
  const lines = r.stdout.trimEnd().split("\n");
  if (lines.length !== questions.length) throw new Error(`${lab}: ${questions.length} questions, ${lines.length} answers`);
  return lines.map((l) => JSON.parse(l) as Answer);
}

/** The flow and its reply got through. */
export function gotThrough(a: Answer): boolean {
  return a.disposition === "accepted" || a.disposition === "exits-network";
}
