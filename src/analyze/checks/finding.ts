// Building findings: default severity from the catalog, and the "not enough data" form every
// check uses instead of passing silently when what it judges is missing.
import type { Finding, HopKind, OwnFinding, Severity, TraceHop } from "../../findings.js";
import { CHECKS, type CheckId, checkInfo } from "./catalog.js";

const RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

export function hop(id: string, kind: HopKind, decision: string): TraceHop {
  return { id, kind, decision };
}

/** A failed check on `resource`, at the catalog's severity unless `severity` says otherwise. */
export function finding(id: CheckId, resource: string, message: string, trace: TraceHop[] = [], severity?: Severity): OwnFinding {
  return { id, severity: severity ?? checkInfo(id).severity, resource, message, trace };
}

/** The check could not judge `what`: a warning (a note for checks that are notes themselves). */
export function notEnoughData(id: CheckId, resource: string, what: string, trace: TraceHop[] = []): OwnFinding {
  const own = checkInfo(id).severity;
  const severity = RANK[own] > RANK.warning ? own : "warning";
  return finding(id, resource, `not enough data to judge ${what}`, trace, severity);
}

/** Catalog order, then resource, then message: the same input always lists the same findings the same way. */
export function sortFindings(findings: Finding[]): Finding[] {
  const order: ReadonlyMap<string, number> = new Map(CHECKS.map((c, i) => [c.id, i]));
  const key = (f: Finding) => order.get(f.id) ?? Number.MAX_SAFE_INTEGER;
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return findings.sort((a, b) => key(a) - key(b) || text(a.resource, b.resource) || text(a.message, b.message));
}
