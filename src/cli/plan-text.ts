// Human-readable rendering of a plan for `dpnet plan`.
import type { Finding } from "../findings.js";
import type { DesignCheck, PlanSummary } from "../plan/types.js";

function table(rows: string[][], rightAligned: number[] = []): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd());
}

const MARK: Record<Finding["severity"], string> = { error: "✗ error", warning: "! warning", note: "· note" };

export function formatFindings(findings: readonly Finding[]): string[] {
  return findings.map((f) => `  ${MARK[f.severity]} ${f.id} ${f.resource}: ${f.message}`);
}

export function formatPlan(summary: PlanSummary, findings: readonly Finding[], checks: readonly DesignCheck[]): string {
  const lines = [`${summary.name}: ${summary.cloud} ${summary.region}, zones ${summary.zones.join(", ")}`];
  const vpc = summary.vpc as { cidr: string; secondaryCidrs: string[] } | undefined;
  if (vpc) lines.push(`VPC ${vpc.cidr}, secondary ${vpc.secondaryCidrs.join(", ")} (pods)`);
  lines.push("", ...table([["TIER", "ZONE", "CIDR", "USABLE"], ...summary.subnets.map((s) => [s.tier, s.zone, s.cidr, String(s.usableAddresses)])], [3]));
  const nat = summary.natGateways as { zone: string }[] | undefined;
  if (nat) lines.push("", `NAT gateways: ${nat.map((n) => n.zone).join(", ")}`);
  lines.push("", "Design checks:", ...checks.map((c) => `  ${c.ok ? "✓" : "✗"} ${c.rule}: ${c.detail}`));
  if (findings.length) lines.push("", "Findings:", ...formatFindings(findings));
  return lines.join("\n");
}
