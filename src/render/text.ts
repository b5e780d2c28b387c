// Text measurement for layout without a browser. Advance widths are Arial's (Liberation Sans has
// the same metrics), in thousandths of an em, for printable ASCII; they are padded so that wider
// fallback fonts (DejaVu Sans is ~10% wider) still fit the boxes they were measured for.
const ASCII_WIDTHS = [
  278,
  278,
  355,
  556,
  556,
  889,
  667,
  191,
  333,
  333,
  389,
  584,
  278,
  333,
  278,
  278, // space to /
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  278,
  278,
  584,
  584,
  584,
  556, // 0 to ?
  1015,
  667,
  667,
  722,
  722,
  667,
  611,
  778,
  722,
  278,
  500,
  667,
  556,
  833,
  722,
  778, // @ to O
  667,
  778,
  722,
  667,
  611,
  722,
  667,
  944,
  667,
  667,
  611,
  278,
  278,
  278,
  469,
  556, // P to _
  333,
  556,
  556,
  500,
  556,
  556,
  278,
  556,
  556,
  222,
  222,
  500,
  222,
  833,
  556,
  556, // ` to o
  556,
  556,
  333,
  500,
  278,
  556,
  500,
  722,
  500,
  500,
  500,
  334,
  260,
  334,
  584, // p to ~
];
const SLACK = 1.1;
const BOLD = 1.08;
/** Arrows, the ellipsis and other symbols are about an em wide. */
const OTHER = 1000;
/** Monospace fonts advance 0.6 em (Menlo, DejaVu Sans Mono, Liberation Mono; Consolas 0.55). */
const MONO = 0.6;

export interface Font {
  size: number;
  bold?: boolean;
  mono?: boolean;
}

export function textWidth(text: string, font: Font): number {
  if (font.mono) return [...text].length * MONO * font.size;
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? ASCII_WIDTHS[code - 32]! : OTHER;
  }
  return (units / 1000) * font.size * SLACK * (font.bold ? BOLD : 1);
}

/** The text cut to fit `width`, with an ellipsis when it was cut (the caller puts the full text in a <title>). */
export function fit(text: string, width: number, font: Font): string {
  if (textWidth(text, font) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  // The longest prefix that fits with the ellipsis.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join("")}…`, font) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join("").trimEnd()}…`;
}
