// The JSON projection of a parsed file, in the shape hcl2json gives (and Terraform's JSON syntax
// reads): blocks nested by type and labels into lists of bodies; literal values as JSON values;
// every other expression as a "${...}" string of its source text; templates with their directives
// spelled out and literal `${`/`%{` escaped. It exists to compare this parser with the reference
// one (test/hcl-differential) and to give tests a plain view of emitted HCL.
import type { Body, Expr, TemplatePart } from "./ast.js";
import { type HclFile, HclSyntaxError } from "./parse.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function toJson(file: HclFile): JsonObject {
  return bodyTree<JsonValue>(file, (e) => exprJson(e, (n) => file.text.slice(n.start, n.end)));
}

export type JsonObject = { [key: string]: JsonValue };

type Source = (node: Expr) => string;

/** A nested object of a body, as Terraform's JSON syntax nests it: attributes by name (leaves from
 * `attribute`), blocks by type, then by each label, into a list of bodies in file order. */
export interface Tree<T> {
  [key: string]: T | Tree<T> | Tree<T>[];
}

export function bodyTree<T>(file: HclFile, attribute: (expr: Expr) => T, body: Body = file.body): Tree<T> {
  const out: Tree<T> = {};
  for (const b of body.blocks) {
    const path = [b.type, ...b.labels];
    let target = out;
    path.forEach((key, i) => {
      const leaf = i === path.length - 1;
      if (!Object.hasOwn(target, key)) setOwn(target, key, leaf ? [] : {});
      else if (Array.isArray(target[key]) !== leaf) {
        // `b {}` and `b "x" {}`: JSON cannot hold a list of bodies and labels under one key.
        const { line, column } = file.position(b.start);
        throw new HclSyntaxError(
          file.name,
          line,
          column,
          "Inconsistent block labels",
          `Blocks of type "${b.type}" are used with different numbers of labels; the JSON form cannot nest both.`,
        );
      }
      if (leaf) (target[key] as Tree<T>[]).push(bodyTree(file, attribute, b.body));
      else target = target[key] as Tree<T>;
    });
  }
  // An argument and a block of one name cannot both be valid; as in hcl2json, the argument is kept.
  for (const a of body.attributes) setOwn(out, a.name, attribute(a.expr));
  return out;
}

/** Sets an own property, `__proto__` included: a key in the input never reaches a prototype. */
function setOwn<V>(o: { [key: string]: V }, key: string, value: V): void {
  if (key === "__proto__") Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

function exprJson(e: Expr, src: Source): JsonValue {
  switch (e.k) {
    case "lit":
      return typeof e.v === "string" ? escapeLiteral(e.v) : e.v;
    case "tmpl": {
      const only = e.parts.length === 1 ? e.parts[0]! : undefined;
      if (only !== undefined && typeof only !== "string" && only.k !== "tif" && only.k !== "tfor") return exprJson(only, src);
      return e.parts.map((p) => partJson(p, src)).join("");
    }
    case "un":
      // Operations on a constant are given as their value.
      if (e.x.k === "lit" && e.op === "!" && typeof e.x.v === "boolean") return !e.x.v;
      if (e.x.k === "lit" && e.op === "-" && typeof e.x.v === "number") return -e.x.v;
      return `\${${src(e)}}`;
    case "tuple":
      return e.items.map((item) => exprJson(item, src));
    case "object": {
      const out: JsonObject = {};
      for (const { key, value } of e.items) setOwn(out, keyJson(key, src), exprJson(value, src));
      return out;
    }
    default:
      return `\${${src(e)}}`;
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
    case "lit":
      return escapeLiteral(p.v === null ? "null" : typeof p.v === "number" ? numberText(p.v) : String(p.v));
    case "tmpl":
      return p.parts.map((q) => partJson(q, src)).join("");
    // A conditional and an if directive are one thing to HCL; an empty else is left out.
    case "cond":
    case "tif": {
      const otherwise = p.k === "cond" ? partJson(p.else, src) : p.else ? partJson(p.else, src) : "";
      return `%{if ${src(p.test)}}${partJson(p.then, src)}${otherwise ? `%{else}${otherwise}` : ""}%{endif}`;
    }
    case "tfor":
      return `%{for ${p.keyVar === undefined ? "" : `${p.keyVar}, `}${p.valueVar} in ${src(p.coll)}}${partJson(p.body, src)}%{endfor}`;
    default:
      return `\${${src(p)}}`;
  }
}

/** A number as a string in a template: whole numbers in full, never in exponent form. */
const numberText = (n: number): string => (Number.isInteger(n) && Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n));

const escapeLiteral = (s: string): string => (s.includes("{") ? s.replace(/([$%])\{/g, "$1$1{") : s);
