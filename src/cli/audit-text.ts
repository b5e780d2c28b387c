// Human-readable rendering of an audit for `dpnet audit`: per network, the subnets that could
// serve each tier; then the findings with their traces, the commands that fix them, and what the
// export left open.
import type { AuditReport, Candidate, TierPlan } from "../analyze/audit/index.js";
import { countFindings, formatFindings } from "../report/text.js";
import { table } from "./table.js";

/** Azure resource ids are long: their name says as much inside one VNet. */
function shown(id: string, name: string | undefined): string {
  if (id.startsWith("/subscriptions/")) return name ?? id.split("/").at(-1) ?? id;
  return name ? `${id} (${name})` : id;
}

function candidateRow(tier: string, c: Candidate, chosen: boolean): string[] {
  const subnet = shown(c.subnetId, c.name);
  const issues = c.issues.length ? c.issues.join("; ") : "ok";
  return [chosen ? `* ${tier}` : `  ${tier}`, c.zone ?? "-", subnet, c.cidr, `${c.free}/${c.usable}`, c.defaultRoute, issues];
}

function networkLines(plan: TierPlan): string[] {
  const network = plan.networkId.startsWith("/subscriptions/") ? `${plan.networkId.split("/").at(-1)} (${plan.networkId})` : plan.networkId;
  const rows = Object.entries(plan.candidates).flatMap(([tier, list]) =>
    (list ?? []).map((c) => candidateRow(tier, c, plan.tiers[tier as keyof TierPlan["tiers"]]?.includes(c.subnetId) === true)),
  );
  const firewall = plan.firewallPrivateIp ? [`  firewall (default route of nodes and pods): ${plan.firewallPrivateIp}`] : [];
  if (rows.length === 0) return ["", `${network}: no subnet could serve a tier`, ...firewall];
  const header = ["  TIER", "ZONE", "SUBNET", "BLOCK", "FREE/USABLE", "0.0.0.0/0 ->", "AGAINST THE REQUIREMENTS"];
  return ["", `${network}: subnets that could serve each tier (* = judged as that tier)`, ...table([header, ...rows], [4]).map((l) => `  ${l}`), ...firewall];
}

export function formatAudit(source: string, report: AuditReport): string {
  const lines = [`Audit of ${source}: ${report.networks.length} network${report.networks.length === 1 ? "" : "s"}`];
  for (const plan of report.networks) lines.push(...networkLines(plan));
  lines.push(...formatFindings(report.findings));
  if (report.changes.length) {
    lines.push("", "What to change (read-only: dpnet runs none of these):");
    for (const c of report.changes) lines.push(`  ${c.finding} ${c.resource}:`, ...c.commands.map((cmd) => `    ${cmd}`));
  }
  if (report.notes.length)
    lines.push("", `Read from the input (${report.notes.length} note${report.notes.length === 1 ? "" : "s"}):`, ...report.notes.map((n) => `  ${n}`));
  lines.push("", `${countFindings(report.findings)}.`);
  return lines.join("\n");
}
