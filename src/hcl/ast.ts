// The syntax tree of HCL's native syntax (hashicorp/hcl, hclsyntax/spec.md). Every node carries the
// offsets of its source text (`start`, `end`: UTF-16 indexes into the file's text, end exclusive);
// `HclFile.position` turns an offset into a line and column. Offsets rather than line/column
// objects keep nodes small; positions are asked for rarely (a finding's location, an error).

export interface Span {
  start: number;
  end: number;
}

/** A template: literal text and expressions, in order; directives nest templates. */
export type TemplatePart = string | Expr;

export type Expr = Span &
  (
    | { k: "lit"; v: null | boolean | number | string }
    | { k: "tmpl"; parts: TemplatePart[] }
    | { k: "name"; name: string }
    | { k: "attr"; obj: Expr; name: string }
    | { k: "index"; obj: Expr; key: Expr }
    /** `obj[*].rest` or `obj.*.rest`: `each` applies the rest of the traversal to SPLAT_ITEM. */
    | { k: "splat"; obj: Expr; each: Expr }
    | { k: "call"; fn: string; args: Expr[]; expand: boolean }
    | { k: "cond"; test: Expr; then: Expr; else: Expr }
    | { k: "bin"; op: BinaryOp; l: Expr; r: Expr }
    | { k: "un"; op: "!" | "-"; x: Expr }
    | { k: "paren"; x: Expr }
    | { k: "tuple"; items: Expr[] }
    | { k: "object"; items: ObjectItem[] }
    | { k: "for"; keyVar?: string; valueVar: string; coll: Expr; keyExpr?: Expr; valueExpr: Expr; cond?: Expr; group: boolean }
    /** `%{ if test }then%{ else }else%{ endif }` inside a template. */
    | { k: "tif"; test: Expr; then: Expr; else?: Expr }
    /** `%{ for k, v in coll }body%{ endfor }` inside a template. */
    | { k: "tfor"; keyVar?: string; valueVar: string; coll: Expr; body: Expr }
  );

/** An object constructor's item. A bare identifier key is a literal string (`{ a = 1 }`). */
export interface ObjectItem {
  key: Expr;
  value: Expr;
}

export type BinaryOp = "||" | "&&" | "==" | "!=" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/" | "%";

export interface Attribute extends Span {
  name: string;
  expr: Expr;
}

export interface Block extends Span {
  type: string;
  labels: string[];
  body: Body;
}

export interface Body extends Span {
  attributes: Attribute[];
  blocks: Block[];
}

/** The name a splat's per-item traversal starts from. */
export const SPLAT_ITEM = "\u0000item";

export interface Position {
  line: number;
  column: number;
}
