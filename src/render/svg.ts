// Minimal markup writing for the diagram and the report: escaping, fixed-precision numbers, tags.

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
  "\u2028": "&#x2028;",
};
const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * The one escaping rule for XML/HTML text. Carriage return and U+2028 are references (parsers
 * turn raw ones into newlines); characters XML cannot carry at all (other C0 controls, U+FFFE/U+FFFF) are
 * shown as `\u0007` text instead.
 */
export function esc(text: string): string {
  return text.replace(/[&<>"'\r\u2028\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, (c) => ENTITIES[c] ?? hex(c));
}

/** The same for attribute values, where tab and newline are references too (parsers would turn them into spaces). */
export function escAttribute(text: string): string {
  return text.replace(/[&<>"'\u2028\x00-\x1f\ufffe\uffff]/g, (c) => ENTITIES[c] ?? hex(c));
}

/** Coordinates with at most one decimal, so the output is byte-identical wherever it is computed. */
export function num(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? "0" : String(r);
}

export type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? num(v) : escAttribute(v)}"`)
    .join("");
}

/** `<name a="…">content</name>`, or self-closing without content. Content is markup, not escaped. */
export function tag(name: string, a: Attrs, content?: string): string {
  return content === undefined ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${content}</${name}>`;
}

/**
 * An XML/HTML comment. Comments have no escapes, so `%`, a `-` before another `-`, and what XML
 * cannot carry (or would read as a line end) are percent-encoded: nothing in `text` can close the comment, and decoding `%XX`
 * gives `text` back.
 */
export function comment(text: string): string {
  const encoded = text.replace(/%|-(?=-)|[\x00-\x1f\x85\u2028\ufffe\uffff]/g, (c) => encodeURIComponent(c).replace(/^-$/, "%2D"));
  return `<!-- ${encoded} -->`;
}
