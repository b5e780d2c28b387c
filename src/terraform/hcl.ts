// HCL writer: IR -> text in `terraform fmt` style (two-space indent, aligned `=` in runs of
// one-line attributes, meta-arguments first and lifecycle last).
import { printable } from "../io/text.js";
import { Block, Expr, Template, type Body, type TfModule, type TopBlock, type Value } from "./ir.js";

const META_FIRST = ["for_each", "count", "provider"];
const META_LAST = ["depends_on", "lifecycle"];
const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INLINE_LIST_MAX = 80;

/** Doubles `${` and `%{` so Terraform reads a literal string without interpolating it (HCL and JSON syntax alike). */
export function escapeTemplates(text: string): string {
  return text.replace(/([$%])\{/g, "$1$1{");
}

/**
 * The one escaping rule for HCL string literals (values, object keys, block labels): Terraform
 * reads the result back as exactly `text`, never interpolating or ending the string early.
 */
export function quote(text: string): string {
  return `"${escapeTemplates(escapeQuoted(text))}"`;
}

const QUOTED_ESCAPES: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Backslash, quote and every control character as an HCL escape (`\u0007`): a quoted string stays on one line. */
function escapeQuoted(text: string): string {
  return text.replace(/[\\"\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => QUOTED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** An object key: bare when it is an identifier, else a quoted literal (never a live template). */
function key(name: string): string {
  return BARE_KEY.test(name) ? name : quote(name);
}

/** `#` comments: one per line of `text`, other control characters shown escaped so none ends a comment early. */
function hclComment(text: string): string[] {
  return text.split("\n").map((l) => `# ${printable(l)}`.trimEnd());
}

/** Renders a value; multi-line values are indented to `indent`. */
function value(v: Value, indent: string): string {
  if (v === null) return "null";
  if (typeof v === "string") return quote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Expr) return v.hcl;
  if (v instanceof Template) return `"${escapeQuoted(v.text)}"`;
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const items = v.map((item) => value(item, indent + "  "));
    const inline = `[${items.join(", ")}]`;
    if (!items.some((s) => s.includes("\n")) && inline.length <= INLINE_LIST_MAX) return inline;
    return `[\n${items.map((s) => `${indent}  ${s},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return "{}";
  return `{\n${attributes(
    entries.map(([k, item]) => [key(k), item]),
    indent + "  ",
  ).join("\n")}\n${indent}}`;
}

/**
 * Lines for `name = value` pairs, as `terraform fmt` lays them out: `=` aligned across each run of
 * one-line values; a value that opens several lines is never padded and ends the run.
 */
function attributes(pairs: [string, Value][], indent: string): string[] {
  const lines: string[] = [];
  let run: { name: string; text: string }[] = [];
  const flush = () => {
    const width = Math.max(...run.map((r) => r.name.length));
    for (const r of run) lines.push(`${indent}${r.name.padEnd(width)} = ${r.text}`);
    run = [];
  };
  for (const [name, v] of pairs) {
    const text = value(v, indent);
    if (!text.includes("\n")) {
      run.push({ name, text });
      continue;
    }
    if (run.length) flush();
    lines.push(`${indent}${name} = ${text}`);
  }
  if (run.length) flush();
  return lines;
}

type Entry = [string, Value | Block | Block[]];

function isBlockEntry(entry: Entry): entry is [string, Block | Block[]] {
  const v = entry[1];
  return v instanceof Block || (Array.isArray(v) && v.length > 0 && v.every((b) => b instanceof Block));
}

/** A body as lines: meta-arguments, attributes, nested blocks, then depends_on/lifecycle; groups apart by a blank line. */
function body(b: Body, indent: string): string[] {
  const entries = Object.entries(b).filter(([, v]) => v !== undefined) as Entry[];
  const first = entries.filter(([k]) => META_FIRST.includes(k));
  const last = entries.filter(([k]) => META_LAST.includes(k));
  const middle = entries.filter(([k]) => !META_FIRST.includes(k) && !META_LAST.includes(k));
  const groups: string[][] = [];
  const section = (items: Entry[]) => {
    let attrs: [string, Value][] = [];
    const flushAttrs = () => {
      if (attrs.length) groups.push(attributes(attrs, indent));
      attrs = [];
    };
    for (const entry of items) {
      if (isBlockEntry(entry)) {
        flushAttrs();
        const [name, blocks] = entry;
        for (const nested of Array.isArray(blocks) ? blocks : [blocks]) groups.push(blockLines(name, [], nested.body, indent));
      } else {
        attrs.push(entry as [string, Value]);
      }
    }
    flushAttrs();
  };
  section(first);
  section(middle);
  section(last);
  return groups.flatMap((g, i) => (i === 0 ? g : ["", ...g]));
}

function blockLines(type: string, labels: string[], b: Body, indent: string): string[] {
  const head = [type, ...labels.map(quote)].join(" ");
  const inner = body(b, indent + "  ");
  if (inner.length === 0) return [`${indent}${head} {}`];
  return [`${indent}${head} {`, ...inner, `${indent}}`];
}

export function writeTopBlock(top: TopBlock): string {
  const comment = top.comment ? hclComment(top.comment) : [];
  return [...comment, ...blockLines(top.kind, top.labels, top.body, "")].join("\n");
}

/** The first line of every file dpnet writes; also how dpnet recognises its own files. */
export const GENERATED_MARK = "# Generated by dpnet";

/** Renders every file of the module: name -> text. */
export function writeModule(module: TfModule, header: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of module.files()) {
    const blocks = module.blocks.filter((b) => b.file === file).map(writeTopBlock);
    files.set(file, `${header}\n\n${blocks.join("\n\n")}\n`);
  }
  return files;
}
