// Reading IAM policy documents and principals, for the queue, role and endpoint service checks.
import type { PolicyStatement } from "../../topology/model.js";

export const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A principal of the account: its root, a role or user ARN in it, or the bare account id. */
export function inAccount(principal: string, account: string): boolean {
  return principal === account || principal.split(":")[4] === account;
}

/** The statement's principals of one kind (`AWS`, `Federated`, `Service`); `Principal: "*"` is every AWS principal. */
export function principalsOf(s: PolicyStatement, kind: string): string[] {
  if (s.Principal === "*") return kind === "AWS" ? ["*"] : [];
  return asList(s.Principal?.[kind]);
}

/** Whether some condition of the statement tests a key matching `key` (case-insensitive, as IAM compares keys). */
export function conditionOn(s: PolicyStatement, key: (k: string) => boolean): boolean {
  return Object.values(s.Condition ?? {}).some((test) => Object.keys(test).some((k) => key(k.toLowerCase())));
}
