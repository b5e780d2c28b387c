// Reading the diagram's SVG back in tests: its drawn elements (groups with a class, data
// attributes, a <title> and a box rectangle), their texts, and rectangle geometry.

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Drawn extends Box {
  classes: string[];
  data: Record<string, string>;
  title: string;
  /** The group's markup up to its end: its texts and nested chips. */
  markup: string;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

function attributes(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]));
}

/** The markup of the group opening at `start`, to its matching </g>. */
function groupAt(svg: string, start: number): string {
  let depth = 0;
  const re = /<g[\s>]|<\/g>/g;
  re.lastIndex = start;
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    depth += m[0] === "</g>" ? -1 : 1;
    if (depth === 0) return svg.slice(start, m.index + 4);
  }
  return svg.slice(start);
}

/** Every drawn element: `<g class=…><title>…</title><rect class="box" …/>…</g>`. */
export function drawn(svg: string): Drawn[] {
  const re = /<g ([^>]*)><title>([^<]*)<\/title><rect class="box" ([^>]*)\/>/g;
  return [...svg.matchAll(re)].map((m) => {
    const a = attributes(m[1]!);
    const r = attributes(m[3]!);
    const data = Object.fromEntries(
      Object.entries(a)
        .filter(([k]) => k.startsWith("data-"))
        .map(([k, v]) => [k.slice(5), v]),
    );
    return {
      classes: (a["class"] ?? "").split(" "),
      data,
      title: unescape(m[2]!),
      x: Number(r["x"]),
      y: Number(r["y"]),
      w: Number(r["width"]),
      h: Number(r["height"]),
      markup: groupAt(svg, m.index),
    };
  });
}

export function ofClass(svg: string, cls: string): Drawn[] {
  return drawn(svg).filter((d) => d.classes.includes(cls));
}

/** The texts of a piece of markup, unescaped, in order. */
export function texts(markup: string): string[] {
  return [...markup.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]!));
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

export function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/** Pairs of boxes that overlap, named by their ids, for a readable assertion. */
export function overlapping(boxes: readonly Drawn[]): string[] {
  const found: string[] = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => overlaps(a, b) && found.push(`${a.data["id"]} x ${b.data["id"]}`)));
  return found;
}
