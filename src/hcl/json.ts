// The JSON projection of a parsed file, in the shape hcl2json gives (and Terraform's JSON syntax
// reads): blocks nested by type and labels into lists of bodies; literal values as JSON values;
// every other expression as a "${...}" string of its source text; templates with their directives
// spelled out and literal `${`/`%{` escaped. It exists to compare this parser with the reference
// one (test/hcl-differential) and to give tests a plain view of emitted HCL.
import type { Body, Expr, TemplatePart } from "./ast.js";
import type { HclFile } from "./parse.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function toJson(file: HclFile): JsonObject {
  return bodyTree<JsonValue>(file.body, (e) => exprJson(e, (n) => file.text.slice(n.start, n.end)));
}

export type JsonObject = { [key: string]: JsonValue };

type Source = (node: Expr) => string;

/** A nested object of a body, as Terraform's JSON syntax nests it: attributes by name (leaves from
 * `attribute`), blocks by type, then by each label, into a list of bodies in file order. */
export interface Tree<T> {
  [key: string]: T | Tree<T> | Tree<T>[];
}

export function bodyTree<T>(body: Body, attribute: (expr: Expr) => T): Tree<T> {
  const out: Tree<T> = {};
  for (const a of body.attributes) setOwn(out, a.name, attribute(a.expr));
  for (const b of body.blocks) {
    const path = [b.type, ...b.labels];
    let target = out;
    for (const key of path.slice(0, -1)) {
      if (!Object.hasOwn(target, key)) setOwn(target, key, {});
      target = target[key] as Tree<T>;
    }
    const last = path[path.length - 1]!;
    if (!Object.hasOwn(target, last)) setOwn(target, last, []);
    (target[last] as Tree<T>[]).push(bodyTree(b.body, attribute));
  }
  return out;
}

/** Sets an own property, `__proto__` included: a key in the input never reaches a prototype. */
function setOwn<V>(o: { [key: string]: V }, key: string, value: V): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function exprJson(e: Expr, src: Source): JsonValue {
  switch (e.k) {
    case "lit": return typeof e.v === "string" ? escapeLiteral(e.v) : e.v;
    case "tmpl": {
      const only = e.parts.length === 1 ? e.parts[0]! : undefined;
      if (only !== undefined && typeof only !== "string" && only.k !== "tif" && only.k !== "tfor") return exprJson(only, src);
      return e.parts.map((p) => partJson(p, src)).join("");
    }
    case "un":
      if (e.x.k === "lit" && e.op === "!" && typeof e.x.v === "boolean") return !e.x.v;
      return `\${${src(e)}}`;
    case "tuple": return e.items.map((item) => exprJson(item, src));
    case "object": {
      const out: JsonObject = {};
      for (const { key, value } of e.items) setOwn(out, keyJson(key, src), exprJson(value, src));
      return out;
    }
    default: return `\${${src(e)}}`;
  }
}

/** An object key: a traversal as its source text, a literal as its text, anything else projected. */
function keyJson(key: Expr, src: Source): string {
  if (isTraversal(key)) return src(key);
  const v = exprJson(key, src);
  return typeof v === "string" ? v : JSON.stringify(v);
}

const isTraversal = (e: Expr): boolean =>
  e.k === "name" || (e.k === "attr" && isTraversal(e.obj)) || (e.k === "index" && e.key.k === "lit" && isTraversal(e.obj));

function partJson(p: TemplatePart, src: Source): string {
  if (typeof p === "string") return escapeLiteral(p);
  switch (p.k) {
    case "lit": return escapeLiteral(p.v === null ? "null" : String(p.v));
    case "tmpl": return p.parts.map((q) => partJson(q, src)).join("");
    case "tif": return `%{if ${src(p.test)}}${partJson(p.then, src)}${p.else ? `%{else}${partJson(p.else, src)}` : ""}%{endif}`;
    case "tfor": return `%{for ${p.keyVar === undefined ? "" : `${p.keyVar}, `}${p.valueVar} in ${src(p.coll)}}${partJson(p.body, src)}%{endfor}`;
    default: return `\${${src(p)}}`;
  }
}

const escapeLiteral = (s: string): string => (s.includes("{") ? s.replace(/([$%])\{/g, "$1$1{") : s);
