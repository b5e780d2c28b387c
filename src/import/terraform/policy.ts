// data "aws_iam_policy_document": the JSON the AWS provider computes from its statement blocks,
// so queue policies and role trust written with it can be checked like literal JSON.
import { Lazy, Unknown, type Val, toStringValue, unknownPart } from "./evaluate.js";
import type { TfBlock, TfInstance } from "./mapper.js";

/** Reads a document's arguments, standing unknownPart(why) in for what is not known statically; `unknown` is the first such part. */
class Reader {
  unknown: Unknown | undefined;

  private part(u: Unknown): string {
    this.unknown ??= u;
    return u.partial ?? unknownPart(u.why);
  }

  /** Strings of a list argument; references the configuration resolves stand in for values unknown in a plan. */
  strings(v: Val): string[] {
    if (v instanceof Unknown) return v.resolve ? this.strings(v.resolve()) : [this.part(v)];
    if (v === null) return [];
    if (v instanceof Lazy) return this.strings(v.get("arn"));
    const items = Array.isArray(v) ? v : [v];
    return items.flatMap((item) => {
      if (item instanceof Unknown && item.resolve) return this.strings(item.resolve());
      const s = toStringValue(item);
      return s instanceof Unknown ? [this.part(s)] : Array.isArray(s) ? s : [s];
    });
  }

  string(v: Val): string | undefined {
    if (v === null) return undefined;
    return this.strings(v)[0];
  }
}

/** The provider writes a single value as a string, several as a list. */
const collapse = (items: string[]): string | string[] => (items.length === 1 ? items[0]! : items);

function principals(r: Reader, blocks: TfBlock[]): Record<string, string | string[]> | "*" | undefined {
  if (blocks.length === 0) return undefined;
  const byType = new Map<string, string[]>();
  for (const b of blocks) {
    const type = r.string(b.arg("type")) ?? r.strings(new Unknown("a principals block has no type"))[0]!;
    byType.set(type, [...(byType.get(type) ?? []), ...r.strings(b.arg("identifiers"))]);
  }
  const everyone = byType.get("*");
  if (byType.size === 1 && everyone?.every((id) => id === "*")) return "*";
  return Object.fromEntries([...byType].map(([type, ids]) => [type, collapse(ids)]));
}

function statement(r: Reader, b: TfBlock): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sid = b.arg("sid");
  if (typeof sid === "string" && sid) out.Sid = sid;
  out.Effect = r.string(b.arg("effect")) ?? "Allow";
  for (const [arg, key] of [
    ["actions", "Action"],
    ["not_actions", "NotAction"],
    ["resources", "Resource"],
    ["not_resources", "NotResource"],
  ] as const) {
    const items = r.strings(b.arg(arg));
    if (items.length) out[key] = collapse(items);
  }
  for (const [block, key] of [
    ["principals", "Principal"],
    ["not_principals", "NotPrincipal"],
  ] as const) {
    const p = principals(r, b.blocks(block));
    if (p !== undefined) out[key] = p;
  }
  const conditions: Record<string, Record<string, string | string[]>> = {};
  for (const c of b.blocks("condition")) {
    const test = r.string(c.arg("test")) ?? r.strings(new Unknown("a condition block has no test"))[0]!;
    const variable = r.string(c.arg("variable")) ?? r.strings(new Unknown("a condition block has no variable"))[0]!;
    (conditions[test] ??= {})[variable] = collapse(r.strings(c.arg("values")));
  }
  if (Object.keys(conditions).length) out.Condition = conditions;
  return out;
}

/**
 * The `json` attribute of a data.aws_iam_policy_document instance. What is not known statically
 * (an ARN interpolating a variable) makes it an Unknown whose partial text keeps the rest, so the
 * statements and parts that are known can still be judged.
 */
export function policyDocumentJson(inst: TfInstance): Val {
  for (const merged of ["source_policy_documents", "override_policy_documents", "source_json", "override_json"]) {
    const v = inst.arg(merged);
    if (v !== null && !(Array.isArray(v) && v.length === 0))
      return new Unknown(`${inst.address}.json: merging other policy documents (${merged}) is not evaluated by dpnet`);
  }
  const r = new Reader();
  const statements = inst.blocks("statement").map((b) => statement(r, b));
  const version = inst.arg("version");
  const id = inst.arg("policy_id");
  const doc = { Version: typeof version === "string" ? version : "2012-10-17", ...(typeof id === "string" ? { Id: id } : {}), Statement: statements };
  const json = JSON.stringify(doc);
  return r.unknown ? new Unknown(`${inst.address}.json: ${r.unknown.why}`, false, undefined, json) : json;
}
