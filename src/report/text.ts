// Findings for people: grouped by severity, errors first, each with its trace indented beneath.
import type { Finding, Severity } from "../findings.js";

const ORDER: Severity[] = ["error", "warning", "note"];
const HEADING: Record<Severity, string> = { error: "Errors", warning: "Warnings", note: "Notes" };
const MARK: Record<Severity, string> = { error: "✗", warning: "!", note: "·" };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `2 errors, 1 warning`; `no findings`. */
export function countFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return "no findings";
  return ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => plural(n, s))
    .join(", ");
}

/** One finding and its trace, indented by `indent`. */
export function formatFinding(f: Finding, indent = "  "): string[] {
  const hops = f.trace.map((h) => `${indent}    ${h.id} (${h.kind}): ${h.decision}`);
  return [`${indent}${MARK[f.severity]} ${f.id} ${f.resource}: ${f.message}`, ...hops];
}

/** Every finding under its severity's heading; empty when there are none. */
export function formatFindings(findings: readonly Finding[]): string[] {
  return ORDER.flatMap((severity) => {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) return [];
    return ["", `${HEADING[severity]} (${group.length}):`, ...group.flatMap((f) => formatFinding(f))];
  });
}
