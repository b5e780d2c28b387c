// A check is one object: its stable id, what it asks (the good property), how bad a failure is by
// default, the clouds it is about, why (the seed sentence behind it), what to change, the
// checkov/trivy rules it corresponds to, and how `runChecks` runs it. `catalog.ts` lists them all;
// the id's type is the union of their ids, so a finding can only carry an id that has an entry.
import type { Finding, Severity } from "../../findings.js";
import type { Cloud } from "../../topology/model.js";
import type { CheckInput } from "./input.js";

/** The seeds the rationales cite. */
export const CONVEYOR = "Conveyor network configuration";
export const TYPHOON = "Typhoon AWS architecture";

export interface Crosswalk {
  checkov?: string[];
  trivy?: string[];
}

export interface CheckInfo {
  id: string;
  /** The property that holds when the check passes. */
  title: string;
  severity: Severity;
  /** The clouds whose networks (or specs) it judges. */
  clouds: readonly Cloud[];
  /** One line: why the rule exists, citing the seed (Conveyor network configuration, Typhoon) or the benchmark. */
  rationale: string;
  /** One line: what to change when it fails. */
  fix: string;
  /** `spec`: judged on the spec while planning; `topology`: on the network (dpnet's output or anyone's). */
  level: "spec" | "topology";
  crosswalk?: Crosswalk;
  /** What a network must have for the check to apply (every other check applies to any network): a report says "not applicable" without it. */
  appliesTo?: Applicability;
  /** A command of its own answers it (`dpnet exposure`, `dpnet test`): not a check of a plan's or network's verification. */
  answeredBy?: "exposure" | "test";
}

/**
 * What a check is about, that a data plane may not have: a control plane, its PrivateLink or
 * internet sync link, the async link, the apiserver NLB, private AWS endpoints, a transit gateway
 * route, a customer-managed VNet.
 */
export type Applicability = "controlPlane" | "privatelink" | "internetSync" | "asyncLink" | "apiserver" | "awsEndpoints" | "transitGateway" | "customerManaged";

/**
 * How `runChecks` runs a check: `data-plane`, when the data plane is on one of its clouds;
 * `every-network`, on every topology (it judges whatever elements of its clouds the topology holds).
 */
export type Scope = "data-plane" | "every-network";

/** Without `run`, the id is emitted elsewhere: by the planner (level `spec`), the capacity audit, `dpnet exposure` or `dpnet test` (`answeredBy`). */
type Runs = { scope: Scope; run: (input: CheckInput) => Finding[] } | { scope?: never; run?: never };

export type Check<Id extends string = string> = CheckInfo & { id: Id } & Runs;

export function defineCheck<const Id extends string>(check: Check<Id>): Check<Id> {
  return check;
}
