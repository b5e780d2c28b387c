// data "aws_iam_policy_document": the JSON the AWS provider computes from its statement blocks,
// so queue policies and role trust written with it can be checked like literal JSON.
import { Lazy, Unknown, type Val, toStringValue } from "./evaluate.js";
import type { TfBlock, TfInstance } from "./mapper.js";

/** Strings of a list argument; references the configuration resolves stand in for values unknown in a plan. */
function strings(v: Val): string[] | Unknown {
  if (v instanceof Unknown) return v.resolve ? strings(v.resolve()) : v;
  if (v === null) return [];
  if (v instanceof Lazy) return strings(v.get("arn"));
  const items = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const item of items) {
    const s = item instanceof Unknown && item.resolve ? strings(item.resolve()) : toStringValue(item);
    if (s instanceof Unknown) return s;
    out.push(...(Array.isArray(s) ? s : [s]));
  }
  return out;
}

/** The provider writes a single value as a string, several as a list. */
const collapse = (items: string[]): string | string[] => (items.length === 1 ? items[0]! : items);

function principals(blocks: TfBlock[]): Record<string, string | string[]> | "*" | Unknown | undefined {
  if (blocks.length === 0) return undefined;
  const byType = new Map<string, string[]>();
  for (const b of blocks) {
    const type = b.arg("type");
    if (typeof type !== "string") return type instanceof Unknown ? type : new Unknown("a principals block has no type");
    const ids = strings(b.arg("identifiers"));
    if (ids instanceof Unknown) return ids;
    byType.set(type, [...(byType.get(type) ?? []), ...ids]);
  }
  const everyone = byType.get("*");
  if (byType.size === 1 && everyone?.every((id) => id === "*")) return "*";
  return Object.fromEntries([...byType].map(([type, ids]) => [type, collapse(ids)]));
}

function statement(b: TfBlock): Record<string, unknown> | Unknown {
  const out: Record<string, unknown> = {};
  const sid = b.arg("sid");
  if (typeof sid === "string" && sid) out.Sid = sid;
  const effect = b.arg("effect");
  if (effect instanceof Unknown) return effect;
  out.Effect = typeof effect === "string" ? effect : "Allow";
  for (const [arg, key] of [
    ["actions", "Action"],
    ["not_actions", "NotAction"],
    ["resources", "Resource"],
    ["not_resources", "NotResource"],
  ] as const) {
    const items = strings(b.arg(arg));
    if (items instanceof Unknown) return items;
    if (items.length) out[key] = collapse(items);
  }
  for (const [block, key] of [
    ["principals", "Principal"],
    ["not_principals", "NotPrincipal"],
  ] as const) {
    const p = principals(b.blocks(block));
    if (p instanceof Unknown) return p;
    if (p !== undefined) out[key] = p;
  }
  const conditions: Record<string, Record<string, string | string[]>> = {};
  for (const c of b.blocks("condition")) {
    const test = c.arg("test");
    const variable = c.arg("variable");
    const values = strings(c.arg("values"));
    if (test instanceof Unknown) return test;
    if (variable instanceof Unknown) return variable;
    if (values instanceof Unknown) return values;
    if (typeof test !== "string" || typeof variable !== "string") return new Unknown("a condition block has no test or variable");
    (conditions[test] ??= {})[variable] = collapse(values);
  }
  if (Object.keys(conditions).length) out.Condition = conditions;
  return out;
}

/** The `json` attribute of a data.aws_iam_policy_document instance. */
export function policyDocumentJson(inst: TfInstance): Val {
  for (const merged of ["source_policy_documents", "override_policy_documents", "source_json", "override_json"]) {
    const v = inst.arg(merged);
    if (v !== null && !(Array.isArray(v) && v.length === 0))
      return new Unknown(`${inst.address}.json: merging other policy documents (${merged}) is not evaluated by dpnet`);
  }
  const statements: Record<string, unknown>[] = [];
  for (const b of inst.blocks("statement")) {
    const s = statement(b);
    if (s instanceof Unknown) return new Unknown(`${inst.address}.json: ${s.why}`);
    statements.push(s);
  }
  const version = inst.arg("version");
  const id = inst.arg("policy_id");
  const doc = { Version: typeof version === "string" ? version : "2012-10-17", ...(typeof id === "string" ? { Id: id } : {}), Statement: statements };
  return JSON.stringify(doc);
}
