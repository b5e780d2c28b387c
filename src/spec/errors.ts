// Input errors: each names the field path, the value and the rule it breaks, so that
// `dpnet` can print `aws.vpc.cidr: 10.0.0.0/29 is too small: ...` and exit 2.

import { printable, truncate } from "../io/text.js";

export interface InputProblem {
  /** Dotted field path with array indices: `aws.zones[1]`. Empty for the document itself. */
  path: string;
  /** The offending value as the user wrote it (undefined when the field is missing). */
  value?: unknown;
  /** The rule, phrased to follow the value: `is not an IPv4 CIDR block`. */
  rule: string;
}

/** Bad input (spec, flags, files): the CLI prints every problem and exits 2. */
export class InputError extends Error {
  constructor(readonly problems: InputProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "InputError";
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

/** A value as a message shows it: on one line, control characters escaped, long ones cut. */
function show(value: unknown): string {
  if (typeof value === "string") return value === "" ? '""' : truncate(printable(value));
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function formatProblem(p: InputProblem): string {
  const subject = p.value === undefined ? "" : `${show(p.value)} `;
  const path = truncate(printable(p.path), 200);
  return path ? `${path}: ${subject}${p.rule}` : `${subject}${p.rule}`;
}

/** Collects problems and throws them together, so users fix a spec in one round. */
export class ProblemList {
  readonly problems: InputProblem[] = [];
  add(path: string, value: unknown, rule: string): void {
    this.problems.push({ path, value, rule });
  }
  throwIfAny(): void {
    if (this.problems.length) throw new InputError(this.problems);
  }
}

/** One problem as an error, for when planning cannot go on. */
export function inputError(path: string, value: unknown, rule: string): InputError {
  return new InputError([{ path, value, rule }]);
}
