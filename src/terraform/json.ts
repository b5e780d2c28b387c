// The JSON view of the IR: the shape Terraform's JSON syntax (and the HCL parser's JSON output)
// gives the same configuration. Tests compare it with what the real HCL parser reads back.
import { escapeTemplates } from "./hcl.js";
import { Block, Expr, Template, type Body, type TfModule, type TopBlock, type Value } from "./ir.js";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function valueJson(v: Value): Json {
  if (v === null || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "string") return escapeTemplates(v);
  if (v instanceof Expr) return `\${${v.hcl}}`;
  if (v instanceof Template) return v.text;
  if (Array.isArray(v)) return v.map(valueJson);
  return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, valueJson(item)]));
}

export function bodyJson(b: Body): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [name, v] of Object.entries(b)) {
    if (v instanceof Block) out[name] = [bodyJson(v.body)];
    else if (Array.isArray(v) && v.length > 0 && v.every((x) => x instanceof Block)) out[name] = (v as Block[]).map((x) => bodyJson(x.body));
    else out[name] = valueJson(v as Value);
  }
  return out;
}

/** Adds one top-level block to a Terraform-JSON document (blocks of one kind and labels become arrays). */
function addTop(doc: { [key: string]: Json }, top: TopBlock): void {
  let node = doc as { [key: string]: Json };
  const path = [top.kind, ...top.labels];
  for (const label of path.slice(0, -1)) node = (node[label] ??= {}) as { [key: string]: Json };
  const leaf = path[path.length - 1]!;
  ((node[leaf] ??= []) as Json[]).push(bodyJson(top.body));
}

/** The module (or one of its files) as Terraform JSON. */
export function moduleJson(module: TfModule, file?: string): { [key: string]: Json } {
  const doc: { [key: string]: Json } = {};
  for (const top of module.blocks) if (file === undefined || top.file === file) addTop(doc, top);
  return doc;
}
