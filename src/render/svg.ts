// Minimal markup writing for the diagram and the report: escaping, fixed-precision numbers, tags.

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
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
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? num(v) : esc(v)}"`)
    .join("");
}

/** `<name a="…">content</name>`, or self-closing without content. Content is markup, not escaped. */
export function tag(name: string, a: Attrs, content?: string): string {
  return content === undefined ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${content}</${name}>`;
}

/** An XML/HTML comment; `--` may not appear inside one. */
export function comment(text: string): string {
  return `<!-- ${text.replace(/--/g, "- -")} -->`;
}
