// HCL native syntax: parser, syntax tree and the JSON projection.
export type { Attribute, Block, Body, Expr, ObjectItem, Position, Span, TemplatePart } from "./ast.js";
export { SPLAT_ITEM } from "./ast.js";
export { HclFile, HclSyntaxError, parseHcl, parseHclExpression, parseHclTemplate } from "./parse.js";
export { type JsonObject, type JsonValue, type Tree, bodyTree, toJson } from "./json.js";
