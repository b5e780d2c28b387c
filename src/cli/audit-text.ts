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
  const network = plan.networkId;
  const rows = Object.entries(plan.candidates).flatMap(([tier, list]) =>
    (list ?? []).map((c) => candidateRow(tier, c, plan.tiers[tier as keyof TierPlan["tiers"]]?.includes(c.subnetId) === true)),
  );
  const firewall = plan.firewallPrivateIp ? [`  firewall (default route of nodes and pods): ${plan.firewallPrivateIp}`] : [];
  if (rows.length === 0) return ["", `${network}: no subnet could serve a tier`, ...firewall];
  const header = ["  TIER", "ZONE", "SUBNET", "BLOCK", "FREE/USABLE", "0.0.0.0/0 ->", "AGAINST THE REQUIREMENTS"];
  return ["", `${network}: subnets that could serve each tier (* = judged as that tier)`, ...table([header, ...rows], [4]).map((l) => `  ${l}`), ...firewall];
}

const AZURE_ID = /\/subscriptions\/[^\s:,;)'"]+/gi;

/** `…/virtualNetworks/v/subnets/s` -> `v/s`: the names below the provider, enough inside one subscription's export. */
function azureShortName(id: string): string {
  const parts = id.split("/");
  const provider = parts.findIndex((p) => p.toLowerCase() === "providers");
  const names = parts.slice(provider + 3).filter((_, i) => i % 2 === 0);
  return provider < 0 || names.length === 0 ? id : [parts[provider + 2], ...names].slice(1).join("/");
}

/** Each Azure resource id in full once, as `name (id)` where it first appears, then by its name. */
function azureIdsOnce(lines: readonly string[], keep: ReadonlySet<number>): string[] {
  const seen = new Set<string>();
  return lines.map((line, i) =>
    keep.has(i)
      ? line
      : line.replace(AZURE_ID, (id) => {
          const key = id.toLowerCase();
          if (seen.has(key)) return azureShortName(id);
          seen.add(key);
          return `${azureShortName(id)} (${id})`;
        }),
  );
}

export function formatAudit(source: string, report: AuditReport): string {
  const lines = [`Audit of ${source}: ${report.networks.length} network${report.networks.length === 1 ? "" : "s"}`];
  for (const plan of report.networks) lines.push(...networkLines(plan));
  lines.push(...formatFindings(report.findings));
  // Commands keep full ids: they are run as printed.
  const commands = new Set<number>();
  if (report.changes.length) {
    lines.push("", "What to change (read-only: dpnet runs none of these):");
    for (const c of report.changes) {
      lines.push(`  ${c.finding} ${c.resource}:`);
      for (const cmd of c.commands) commands.add(lines.push(`    ${cmd}`) - 1);
    }
  }
  if (report.notes.length)
    lines.push("", `Read from the input (${report.notes.length} note${report.notes.length === 1 ? "" : "s"}):`, ...report.notes.map((n) => `  ${n}`));
  lines.push("", `${countFindings(report.findings)}.`);
  return azureIdsOnce(lines, commands).join("\n");
}
