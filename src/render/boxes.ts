// The diagram's building blocks, each measured before it is drawn: chips laid out in lines,
// subnets, load balancers with their listeners, panels of text lines.
import { BADGE_HEIGHT, type Canvas, FONTS, Layer, type StyledFont } from "./canvas.js";
import type { Chip, LoadBalancerView, PanelView, SubnetView, TextLine } from "./view.js";
import { tag, esc } from "./svg.js";
import { textWidth } from "./text.js";

const LINE_H = 14;
const TITLE_H = 15;
const CHIP_H = 20;
const CHIP_GAP = 6;
const CHIP_PAD = 8;
/** Inner padding of a box. */
export const INSET = 8;

function fontOf(line: TextLine): StyledFont {
  return line.mono ? FONTS.mono : line.muted ? FONTS.muted : FONTS.line;
}

interface Placed {
  chip: Chip;
  x: number;
  y: number;
  w: number;
}

interface Flow {
  placed: Placed[];
  h: number;
}

/** Chips left to right, wrapping at `width`; each as wide as its label (and badges) allow. */
export function flowChips(c: Canvas, chips: readonly Chip[], width: number): Flow {
  const placed: Placed[] = [];
  let x = 0;
  let y = 0;
  for (const chip of chips) {
    const w = Math.min(width, Math.ceil(textWidth(chip.label, FONTS.line)) + 2 * CHIP_PAD + c.badgeSpace(chip.id, width / 2));
    if (x > 0 && x + w > width) {
      x = 0;
      y += CHIP_H + CHIP_GAP;
    }
    placed.push({ chip, x, y, w });
    x += w + CHIP_GAP;
  }
  return { placed, h: chips.length ? y + CHIP_H : 0 };
}

/** Draws flowed chips at (x, y); returns their markup, to nest in the parent element. */
export function drawChips(c: Canvas, flow: Flow, x: number, y: number): string {
  return flow.placed
    .map(({ chip, x: dx, y: dy, w }) => {
      const r = { x: x + dx, y: y + dy, w, h: CHIP_H };
      c.rects.set(chip.id, r);
      const room = w - 2 * CHIP_PAD - c.badgeSpace(chip.id, w / 2);
      c.drawBadges(chip.id, r, r.y + (CHIP_H - BADGE_HEIGHT) / 2);
      const data = { class: `chip ${chip.kind}`, "data-id": chip.id, ...chip.data };
      return tag(
        "g",
        data,
        [
          tag("title", {}, esc(chip.tooltip)),
          tag("rect", { class: "box", x: r.x, y: r.y, width: w, height: CHIP_H, rx: 4 }),
          c.text(r.x + CHIP_PAD, r.y + 14, chip.label, FONTS.line, room),
        ].join(""),
      );
    })
    .join("");
}

/** Text lines under a title line, from `top` (the box's top edge). */
function drawLines(c: Canvas, lines: readonly TextLine[], x: number, top: number, width: number): string[] {
  return lines.map((line, i) => c.text(x, top + INSET + TITLE_H + (i + 1) * LINE_H - 2, line.text, fontOf(line), width));
}

function linesHeight(lines: number): number {
  return INSET + TITLE_H + lines * LINE_H + INSET;
}

/** A subnet box `w` wide: its chips laid out, and the height it needs. */
export function measureSubnet(c: Canvas, s: SubnetView, w: number): { chips: Flow; h: number } {
  const chips = flowChips(c, s.chips, w - 2 * INSET);
  return { chips, h: linesHeight(s.lines.length) + (chips.h ? chips.h + 4 : 0) };
}

/** Draws a subnet with its chips as measureSubnet laid them out for `w`; `h` is its row's height. */
export function drawSubnet(c: Canvas, s: SubnetView, chips: Flow, x: number, y: number, w: number, h: number): void {
  const inner = w - 2 * INSET;
  const title = c.text(x + INSET, y + INSET + 11, s.name, FONTS.title, inner);
  const chipsMarkup = drawChips(c, chips, x + INSET, y + linesHeight(s.lines.length) - 4);
  const data = { "data-id": s.id, "data-zone": s.zone, "data-tier": s.row };
  c.element(Layer.Box, `subnet tier-${s.row}`, data, { x, y, w, h }, s.tooltip, [title, ...drawLines(c, s.lines, x + INSET, y, inner), chipsMarkup]);
  c.drawBadges(s.id, { x, y, w, h });
}

/** A load balancer as a bar across the zones it is in: name, kind and scheme, listener chips. */
export function drawLoadBalancer(c: Canvas, lb: LoadBalancerView, x: number, y: number, w: number): number {
  const inner = w - 2 * INSET;
  const room = inner;
  const oneLine = textWidth(`${lb.name}  ${lb.subtitle}`, FONTS.title) <= room;
  const head = oneLine ? TITLE_H : TITLE_H + LINE_H;
  const chips = flowChips(c, lb.listeners, inner);
  const h = INSET + head + 6 + chips.h + INSET;
  const nameWidth = Math.min(room, textWidth(lb.name, FONTS.title));
  const texts = [
    c.text(x + INSET, y + INSET + 11, lb.name, FONTS.title, room),
    oneLine
      ? c.text(x + INSET + nameWidth + 10, y + INSET + 11, lb.subtitle, FONTS.muted)
      : c.text(x + INSET, y + INSET + TITLE_H + 10, lb.subtitle, FONTS.muted, inner),
  ];
  const chipsMarkup = drawChips(c, chips, x + INSET, y + INSET + head + 6);
  c.element(Layer.Box, "load-balancer", { "data-id": lb.id, "data-row": lb.row }, { x, y, w, h }, lb.tooltip, [...texts, chipsMarkup]);
  c.drawBadges(lb.id, { x, y, w, h });
  return h;
}

export function panelHeight(panel: PanelView): number {
  return linesHeight(panel.lines.length);
}

/** A titled box of text lines: an endpoint service, the queues, the private DNS zones. */
export function drawPanel(c: Canvas, panel: PanelView, x: number, y: number, w: number): number {
  const h = panelHeight(panel);
  const inner = w - 2 * INSET;
  const title = c.text(x + INSET, y + INSET + 11, panel.title, FONTS.title, inner);
  c.element(Layer.Box, `panel ${panel.kind}`, { "data-id": panel.id }, { x, y, w, h }, panel.tooltip, [
    title,
    ...drawLines(c, panel.lines, x + INSET, y, inner),
  ]);
  c.drawBadges(panel.id, { x, y, w, h });
  return h;
}

/** A titled box of chips (private endpoints); returns its height. */
export function drawChipPanel(c: Canvas, id: string, cls: string, title: string, chips: readonly Chip[], x: number, y: number, w: number): number {
  const inner = w - 2 * INSET;
  const flow = flowChips(c, chips, inner);
  const h = INSET + TITLE_H + 6 + flow.h + INSET;
  const content = [c.text(x + INSET, y + INSET + 11, title, FONTS.title, inner), drawChips(c, flow, x + INSET, y + INSET + TITLE_H + 6)];
  c.element(Layer.Box, cls, { "data-id": id }, { x, y, w, h }, `${title}\n${chips.map((ch) => ch.tooltip).join("\n")}`, content);
  return h;
}
