// A finding: what a check concluded about one resource, and why.
import type { CheckId } from "./analyze/checks/catalog.js";

export type Severity = "error" | "warning" | "note";

/** One step of a trace: the element traffic or reasoning passed, and what decided there. */
export interface TraceHop {
  /** Resource id or Terraform address: `aws_route_table.pod["eu-west-1a"]`, `rtb-0abc`. */
  id: string;
  kind: string;
  decision: string;
}

export interface Finding {
  /** Stable id, e.g. DPN-AWS-001. */
  id: string;
  severity: Severity;
  /** Terraform address or cloud id of the resource the finding is about. */
  resource: string;
  message: string;
  trace: TraceHop[];
}

/** A finding dpnet emits itself (a planner's, a check's): its id has an entry in the catalog. */
export type OwnFinding = Finding & { id: CheckId };

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}
