// The network diagram as SVG, drawn by dpnet itself: cloud -> region -> VPC/VNet -> zone columns x
// tier rows, gateways, load balancers and their listeners, endpoints, DNS zones, and the control
// plane outside with its links. Deterministic: the same topology, findings and context give the
// same bytes (no random ids, sorted elements, coordinates rounded to one decimal).
import type { Finding } from "../findings.js";
import type { Topology } from "../topology/model.js";
import { Canvas, FONTS, Layer } from "./canvas.js";
import { CONTROL_PLANE_WIDTH, drawCloud, drawControlPlane, linkGap, MARGIN } from "./layout.js";
import { buildScene } from "./scene.js";
import { esc, num, tag } from "./svg.js";
import { textWidth } from "./text.js";
import type { DiagramContext, Scene } from "./view.js";

export type { DiagramContext } from "./view.js";

export interface DiagramOptions {
  /** Findings of the checks; error-level ones are marked on the element they concern. */
  findings?: readonly Finding[];
  context?: DiagramContext;
  title?: string;
}

const TITLE_BAND = 52;
/** Badges of findings that concern no drawn element, at the top right. */
const UNPLACED = "diagram";

const SANS = `"Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif`;
const MONO = `ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace`;

// Scoped to .dpnet-diagram: inline in the HTML report, an SVG's style sheet applies to the page.
const STYLE = `
.dpnet-diagram text { font-family: ${SANS}; font-size: 11px; fill: #1f2933; }
.dpnet-diagram .t-big { font-size: 17px; font-weight: 700; }
.dpnet-diagram .t-heading { font-size: 13px; font-weight: 700; }
.dpnet-diagram .t-title { font-size: 12px; font-weight: 700; }
.dpnet-diagram .t-label { font-weight: 700; fill: #3e4c59; }
.dpnet-diagram .t-muted { fill: #52606d; }
.dpnet-diagram .t-mono { font-family: ${MONO}; }
.dpnet-diagram .t-badge { font-size: 10px; font-weight: 700; fill: #ffffff; }
.dpnet-diagram .t-error { fill: #b71c1c; font-weight: 700; }
.dpnet-diagram .background { fill: #ffffff; }
.dpnet-diagram .box { stroke-width: 1.2; }
.dpnet-diagram .cloud > .box { fill: #fafbfc; stroke: #7b8794; stroke-width: 1.5; }
.dpnet-diagram .cloud-aws > .box { stroke: #d97706; }
.dpnet-diagram .cloud-azure > .box { stroke: #0369a1; }
.dpnet-diagram .region > .box { fill: #f5f7fa; stroke: #9aa5b1; stroke-dasharray: 6 4; }
.dpnet-diagram .network > .box { fill: #ffffff; stroke: #323f4b; stroke-width: 1.6; }
.dpnet-diagram .zone { fill: #eef2f7; }
.dpnet-diagram .row-rule { stroke: #d9e2ec; stroke-width: 1; }
.dpnet-diagram .subnet > .box { fill: #f0f0f0; stroke: #616161; }
.dpnet-diagram .tier-public > .box { fill: #e8f5e9; stroke: #2e7d32; }
.dpnet-diagram .tier-nodes > .box { fill: #e3f0fc; stroke: #1565c0; }
.dpnet-diagram .tier-pods > .box { fill: #f3e9f9; stroke: #6a1b9a; }
.dpnet-diagram .tier-db > .box { fill: #fff5db; stroke: #a15c00; }
.dpnet-diagram .load-balancer > .box { fill: #fff1e0; stroke: #c2410c; stroke-width: 1.4; }
.dpnet-diagram .chip > .box { fill: #ffffff; stroke: #7b8794; }
.dpnet-diagram .chip.nat-gateway > .box { fill: #e0f2f1; stroke: #00796b; }
.dpnet-diagram .chip.internet-gateway > .box, .dpnet-diagram .chip.egress-only-internet-gateway > .box { fill: #e8f5e9; stroke: #2e7d32; }
.dpnet-diagram .chip.firewall > .box { fill: #fdecea; stroke: #c62828; }
.dpnet-diagram .chip.public-ip > .box { fill: #e3f0fc; stroke: #1565c0; }
.dpnet-diagram .chip.listener > .box { fill: #ffffff; stroke: #c2410c; }
.dpnet-diagram .chip.private-endpoint > .box, .dpnet-diagram .chip.interface-endpoint > .box { fill: #ede7f6; stroke: #5e35b1; }
.dpnet-diagram .endpoints > .box { fill: #faf7fd; stroke: #5e35b1; stroke-dasharray: 4 3; }
.dpnet-diagram .panel > .box { fill: #ffffff; stroke: #52606d; }
.dpnet-diagram .endpoint-service > .box { fill: #e3f0fc; stroke: #0d47a1; }
.dpnet-diagram .queues > .box { fill: #fff8e1; stroke: #b45309; }
.dpnet-diagram .dns-zones > .box { fill: #f1f8e9; stroke: #558b2f; }
.dpnet-diagram .control-plane > .box { fill: #263238; stroke: #263238; }
.dpnet-diagram .control-plane > text { fill: #ffffff; }
.dpnet-diagram .control-plane > .t-muted { fill: #cfd8dc; }
.dpnet-diagram .arrow { fill: none; stroke-width: 2; }
.dpnet-diagram .arrow.sync { stroke: #1565c0; }
.dpnet-diagram .arrow.async { stroke: #c2410c; stroke-dasharray: 7 4; }
.dpnet-diagram .badge rect { fill: #c62828; }
.dpnet-diagram .legend-line { stroke-width: 2; }
`;

function defs(): string {
  const marker = (kind: string, color: string) =>
    tag(
      "marker",
      { id: `dpnet-arrow-${kind}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      tag("path", { d: "M0 0L10 5L0 10z", fill: color }),
    );
  return tag("defs", {}, marker("sync", "#1565c0") + marker("async", "#c2410c"));
}

/** What the colours and lines mean, in one row (wrapping when the diagram is narrow): only what the diagram shows. */
function drawLegend(c: Canvas, scene: Scene, x: number, y: number, width: number): number {
  const rows = new Set(scene.clouds.flatMap((cloud) => cloud.regions.flatMap((r) => r.networks.flatMap((n) => n.rows))));
  const links = new Set(scene.links.map((l) => l.kind));
  const errors = scene.unplaced.length > 0 || [...scene.badges.values()].some((ids) => ids.length > 0);
  const items: { w: number; draw: (x: number, y: number) => string }[] = [
    ...(["sync", "async"] as const)
      .filter((kind) => links.has(kind))
      .map((kind) => ({
        w: 34 + textWidth(`${kind} link`, FONTS.line),
        draw: (lx: number, ly: number) =>
          tag("path", { class: `arrow ${kind}`, d: `M${num(lx)} ${num(ly - 4)}H${num(lx + 26)}`, "marker-end": `url(#dpnet-arrow-${kind})` }) +
          c.text(lx + 32, ly, `${kind} link`, FONTS.line),
      })),
    ...(["public", "nodes", "pods", "db"] as const)
      .filter((tier) => rows.has(tier))
      .map((tier) => ({
        w: 22 + textWidth(tier, FONTS.line),
        draw: (lx: number, ly: number) =>
          tag("g", { class: `swatch tier-${tier}` }, tag("rect", { class: "box", x: lx, y: ly - 10, width: 14, height: 12, rx: 2 })) +
          c.text(lx + 19, ly, tier, FONTS.line),
      })),
    ...(errors
      ? [
          {
            w: 130,
            draw: (lx: number, ly: number) =>
              tag(
                "g",
                { class: "badge sample" },
                tag("rect", { x: lx, y: ly - 11, width: 40, height: 15, rx: 3 }) + c.text(lx + 20, ly, "ID", FONTS.badge, Infinity, "middle"),
              ) + c.text(lx + 46, ly, "error finding", FONTS.line),
          },
        ]
      : []),
  ];
  if (!items.length) return y;
  const parts: string[] = [];
  let lx = x;
  let ly = y + 12;
  for (const item of items) {
    if (lx > x && lx + item.w > x + width) {
      lx = x;
      ly += 20;
    }
    parts.push(item.draw(lx, ly));
    lx += item.w + 18;
  }
  c.add(Layer.Box, tag("g", { class: "legend" }, parts.join("")));
  return ly + 8;
}

function drawTitle(c: Canvas, scene: Scene, width: number): void {
  const errors = [...scene.badges.values()].flat().concat(scene.unplaced);
  const count = new Set(errors).size;
  const status = count ? `${count} error finding${count === 1 ? "" : "s"} marked in red` : "no error findings";
  c.add(
    Layer.Box,
    tag(
      "g",
      { class: "heading" },
      c.text(MARGIN, MARGIN + 16, scene.title, FONTS.big, width - 2 * MARGIN) +
        c.text(MARGIN, MARGIN + 34, status, count ? { ...FONTS.line, cls: "t-error" } : FONTS.muted),
    ),
  );
  c.drawBadges(UNPLACED, { x: MARGIN, y: MARGIN - 4, w: width - 2 * MARGIN, h: 20 });
}

function layoutScene(c: Canvas, scene: Scene): { width: number; height: number } {
  const top = MARGIN + TITLE_BAND;
  const cpW = scene.controlPlane ? CONTROL_PLANE_WIDTH : 0;
  const cloudX = MARGIN + (scene.controlPlane ? cpW + linkGap(scene.links) : 0);
  let y = top;
  let right = cloudX;
  for (const cloud of scene.clouds) {
    const box = drawCloud(c, cloud, scene.links, cloudX, y);
    y += box.h + MARGIN;
    right = Math.max(right, cloudX + box.w);
  }
  if (!scene.clouds.length) {
    c.add(Layer.Box, c.text(cloudX, y + 14, "No network in this description.", FONTS.muted));
    y += 30;
  }
  const bottom = scene.controlPlane ? Math.max(y, drawControlPlane(c, scene, MARGIN, top, cloudX) + MARGIN) : y;
  const width = Math.max(right + MARGIN, textWidth(scene.title, FONTS.big) + 2 * MARGIN, 520);
  const legendBottom = drawLegend(c, scene, MARGIN, bottom, width - 2 * MARGIN);
  drawTitle(c, scene, width);
  return { width: Math.ceil(width), height: Math.ceil(legendBottom + MARGIN) };
}

export function renderDiagram(topology: Topology, options: DiagramOptions = {}): string {
  const scene = buildScene(topology, options);
  const badges = new Map(scene.badges);
  if (scene.unplaced.length) badges.set(UNPLACED, scene.unplaced);
  const c = new Canvas(badges);
  const { width, height } = layoutScene(c, scene);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="dpnet-diagram" role="img" aria-labelledby="dpnet-diagram-title dpnet-diagram-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    tag("title", { id: "dpnet-diagram-title" }, esc(scene.title)),
    tag("desc", { id: "dpnet-diagram-desc" }, esc(scene.description)),
    tag("style", {}, STYLE),
    defs(),
    tag("rect", { class: "background", x: 0, y: 0, width, height }),
    c.markup(),
    "</svg>",
    "",
  ].join("\n");
}
