// Where the diagram is drawn: layers of SVG markup (cloud boxes under region boxes under networks
// under their contents under arrows and badges), the rectangle of every drawn element by id (for
// arrows and badges), and the primitives: boxes with a <title>, fitted text, chips, badges.
import type { Finding } from "../findings.js";
import { esc, tag } from "./svg.js";
import { fit, textWidth, type Font } from "./text.js";

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface StyledFont extends Font {
  cls: string;
}

export const FONTS = {
  big: { size: 17, bold: true, cls: "t-big" },
  heading: { size: 13, bold: true, cls: "t-heading" },
  title: { size: 12, bold: true, cls: "t-title" },
  line: { size: 11, cls: "t-line" },
  muted: { size: 11, cls: "t-muted" },
  mono: { size: 11, mono: true, cls: "t-mono" },
  label: { size: 11, bold: true, cls: "t-label" },
  badge: { size: 10, bold: true, cls: "t-badge" },
} satisfies Record<string, StyledFont>;

/** Drawing order, bottom first. */
export const Layer = { Cloud: 0, Region: 1, Network: 2, Grid: 3, Box: 4, Link: 5, Badge: 6 } as const;
export type Layer = (typeof Layer)[keyof typeof Layer];

const BADGE_H = 15;
const BADGE_PAD = 5;
const BADGE_GAP = 3;

interface Badge {
  label: string;
  tooltip: string;
}

export class Canvas {
  private readonly layers: string[][] = Object.values(Layer).map(() => []);
  readonly rects = new Map<string, Rect>();

  /** `ids`: what the SVG's ids start with, so that two diagrams can share a page (the report's wide and compact ones). */
  constructor(
    private readonly findings: ReadonlyMap<string, readonly Finding[]>,
    readonly ids = "dpnet",
  ) {}

  /** The `marker-end` of an arrow of a kind. */
  arrowHead(kind: string): string {
    return `url(#${this.ids}-arrow-${kind})`;
  }

  add(layer: Layer, markup: string): void {
    this.layers[layer]!.push(markup);
  }

  markup(): string {
    return this.layers.flat().join("\n");
  }

  /** Fitted text; `anchor` middle centres it on x. */
  text(x: number, y: number, text: string, font: StyledFont, maxWidth = Infinity, anchor?: "middle" | "end"): string {
    return tag("text", { x, y, class: font.cls, "text-anchor": anchor }, esc(fit(text, maxWidth, font)));
  }

  /**
   * One drawn element: a group with its class, data attributes, a <title> (the full text of
   * anything cut short), its rectangle and content. Its rectangle is kept for arrows and badges.
   */
  element(layer: Layer, cls: string, data: Record<string, string | undefined>, r: Rect, tooltip: string, content: string[], radius = 6): void {
    const id = data["data-id"];
    if (id !== undefined) this.rects.set(id, r);
    const rect = tag("rect", { class: "box", x: r.x, y: r.y, width: r.w, height: r.h, rx: radius });
    this.add(layer, tag("g", { class: cls, ...data }, [tag("title", {}, esc(tooltip)), rect, ...content].join("")));
  }

  /** The badges of an element: one per finding id, as many as fit, then `+N`. */
  badges(id: string, maxWidth: number): Badge[] {
    const byId = new Map<string, string[]>();
    for (const f of this.findings.get(id) ?? []) byId.set(f.id, [...(byId.get(f.id) ?? []), `${f.id} (${f.severity}) ${f.resource}: ${f.message}`]);
    const all = [...byId].map(([label, messages]) => ({ label, tooltip: messages.join("\n") }));
    const fitting: Badge[] = [];
    let used = 0;
    for (const [i, b] of all.entries()) {
      const rest = all.length - i - 1;
      const more = rest ? badgeWidth(`+${rest}`) + BADGE_GAP : 0;
      if (used + badgeWidth(b.label) + more > maxWidth) {
        const hidden = all.slice(i);
        fitting.push({ label: `+${hidden.length}`, tooltip: hidden.map((h) => h.tooltip).join("\n") });
        break;
      }
      fitting.push(b);
      used += badgeWidth(b.label) + BADGE_GAP;
    }
    return fitting;
  }

  /** Width the badges of an element take (0 without findings), so its text can leave room. */
  badgeSpace(id: string, maxWidth: number): number {
    const list = this.badges(id, maxWidth);
    return list.length ? list.reduce((w, b) => w + badgeWidth(b.label) + BADGE_GAP, 0) + BADGE_PAD : 0;
  }

  /**
   * Red badges with the finding ids, right-aligned on the top edge of the element's rectangle
   * (half above it, clear of its title line); chips pass `top` to hold them inside.
   */
  drawBadges(id: string, r: Rect, top = r.y - BADGE_H / 2): void {
    let right = r.x + r.w - BADGE_PAD;
    for (const b of this.badges(id, r.w - 2 * BADGE_PAD)) {
      const w = badgeWidth(b.label);
      right -= w;
      const rect = tag("rect", { x: right, y: top, width: w, height: BADGE_H, rx: 3 });
      const text = tag("text", { x: right + w / 2, y: top + 11, class: FONTS.badge.cls, "text-anchor": "middle" }, esc(b.label));
      this.add(Layer.Badge, tag("g", { class: "badge", "data-finding": b.label, "data-for": id }, [tag("title", {}, esc(b.tooltip)), rect, text].join("")));
      right -= BADGE_GAP;
    }
  }
}

function badgeWidth(label: string): number {
  return Math.ceil(textWidth(label, FONTS.badge)) + 10;
}

export const BADGE_HEIGHT = BADGE_H;
