// The network diagram as SVG, drawn by dpnet itself: cloud -> region -> VPC/VNet -> zone columns x
// tier rows, gateways, load balancers and their listeners, endpoints, DNS zones, and the control
// plane outside with its links. Deterministic: the same topology, findings and context give the
// same bytes (no random ids, sorted elements, coordinates rounded to one decimal).
import type { Finding } from "../findings.js";
import type { Topology } from "../topology/model.js";
import { Canvas, FONTS, Layer } from "./canvas.js";
import { COMPACT, CONTROL_PLANE_WIDTH, drawCloud, drawControlPlane, linkGap, MARGIN, type Metrics, WIDE } from "./layout.js";
import { controlPlaneBandHeight, drawControlPlaneBand, laneWidth, stackZones } from "./compact.js";
import { buildScene } from "./scene.js";
import { esc, num, tag } from "./svg.js";
import { textWidth } from "./text.js";
import type { DiagramContext, DiagramLayout, Scene } from "./view.js";

export { type DiagramContext, type DiagramLayout, DIAGRAM_LAYOUTS } from "./view.js";

export interface DiagramOptions {
  /** Findings of the checks; error-level ones are marked on the element they concern. */
  findings?: readonly Finding[];
  context?: DiagramContext;
  title?: string;
  /** Default `wide`. */
  layout?: DiagramLayout;
}

const TITLE_BAND = 52;
/** Badges of findings that concern no drawn element, at the top right. */
const UNPLACED = "diagram";

const SANS = `"Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif`;
const MONO = `ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace`;

// Scoped to the diagram's class: inline in the HTML report, an SVG's style sheet applies to the page
// (and the report holds two diagrams, wide and compact).
const style = (scope: string) => `
.${scope} text { font-family: ${SANS}; font-size: 11px; fill: #1f2933; }
.${scope} .t-big { font-size: 17px; font-weight: 700; }
.${scope} .t-heading { font-size: 13px; font-weight: 700; }
.${scope} .t-title { font-size: 12px; font-weight: 700; }
.${scope} .t-label { font-weight: 700; fill: #3e4c59; }
.${scope} .t-muted { fill: #52606d; }
.${scope} .t-mono { font-family: ${MONO}; }
.${scope} .t-badge { font-size: 10px; font-weight: 700; fill: #ffffff; }
.${scope} .t-error { fill: #b71c1c; font-weight: 700; }
.${scope} .background { fill: #ffffff; }
.${scope} .box { stroke-width: 1.2; }
.${scope} .cloud > .box { fill: #fafbfc; stroke: #7b8794; stroke-width: 1.5; }
.${scope} .cloud-aws > .box { stroke: #d97706; }
.${scope} .cloud-azure > .box { stroke: #0369a1; }
.${scope} .region > .box { fill: #f5f7fa; stroke: #9aa5b1; stroke-dasharray: 6 4; }
.${scope} .network > .box { fill: #ffffff; stroke: #323f4b; stroke-width: 1.6; }
.${scope} .zone { fill: #eef2f7; }
.${scope} .row-rule { stroke: #d9e2ec; stroke-width: 1; }
.${scope} .subnet > .box { fill: #f0f0f0; stroke: #616161; }
.${scope} .tier-public > .box { fill: #e8f5e9; stroke: #2e7d32; }
.${scope} .tier-nodes > .box { fill: #e3f0fc; stroke: #1565c0; }
.${scope} .tier-pods > .box { fill: #f3e9f9; stroke: #6a1b9a; }
.${scope} .tier-db > .box { fill: #fff5db; stroke: #a15c00; }
.${scope} .load-balancer > .box { fill: #fff1e0; stroke: #c2410c; stroke-width: 1.4; }
.${scope} .chip > .box { fill: #ffffff; stroke: #7b8794; }
.${scope} .chip.nat-gateway > .box { fill: #e0f2f1; stroke: #00796b; }
.${scope} .chip.internet-gateway > .box, .${scope} .chip.egress-only-internet-gateway > .box { fill: #e8f5e9; stroke: #2e7d32; }
.${scope} .chip.firewall > .box { fill: #fdecea; stroke: #c62828; }
.${scope} .chip.public-ip > .box { fill: #e3f0fc; stroke: #1565c0; }
.${scope} .chip.listener > .box { fill: #ffffff; stroke: #c2410c; }
.${scope} .chip.private-endpoint > .box, .${scope} .chip.interface-endpoint > .box { fill: #ede7f6; stroke: #5e35b1; }
.${scope} .endpoints > .box { fill: #faf7fd; stroke: #5e35b1; stroke-dasharray: 4 3; }
.${scope} .panel > .box { fill: #ffffff; stroke: #52606d; }
.${scope} .endpoint-service > .box { fill: #e3f0fc; stroke: #0d47a1; }
.${scope} .queues > .box { fill: #fff8e1; stroke: #b45309; }
.${scope} .dns-zones > .box { fill: #f1f8e9; stroke: #558b2f; }
.${scope} .control-plane > .box { fill: #263238; stroke: #263238; }
.${scope} .control-plane > text { fill: #ffffff; }
.${scope} .control-plane > .t-muted { fill: #cfd8dc; }
.${scope} .arrow { fill: none; stroke-width: 2; }
.${scope} .arrow.sync { stroke: #1565c0; }
.${scope} .arrow.async { stroke: #c2410c; stroke-dasharray: 7 4; }
.${scope} .badge rect { fill: #c62828; }
.${scope} .legend-line { stroke-width: 2; }
`;

function defs(ids: string): string {
  const marker = (kind: string, color: string) =>
    tag(
      "marker",
      { id: `${ids}-arrow-${kind}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
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
          tag("path", { class: `arrow ${kind}`, d: `M${num(lx)} ${num(ly - 4)}H${num(lx + 26)}`, "marker-end": c.arrowHead(kind) }) +
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

/** The clouds one under another from (x, y): where the last ends and how far right they reach. */
function drawClouds(c: Canvas, scene: Scene, x: number, y: number, m: Metrics): { bottom: number; right: number } {
  let bottom = y;
  let right = x;
  for (const cloud of scene.clouds) {
    const box = drawCloud(c, cloud, scene.links, x, bottom, m);
    bottom += box.h + MARGIN;
    right = Math.max(right, x + box.w);
  }
  if (!scene.clouds.length) {
    c.add(Layer.Box, c.text(x, bottom + 14, "No network in this description.", FONTS.muted));
    bottom += 30;
  }
  return { bottom, right };
}

/** The wide layout: the control plane on the left, its arrows across to the clouds. */
function layoutWide(c: Canvas, scene: Scene): { width: number; height: number } {
  const top = MARGIN + TITLE_BAND;
  const cpW = scene.controlPlane ? CONTROL_PLANE_WIDTH : 0;
  const cloudX = MARGIN + (scene.controlPlane ? cpW + linkGap(scene.links) : 0);
  const { bottom: y, right } = drawClouds(c, scene, cloudX, top, WIDE);
  const bottom = scene.controlPlane ? Math.max(y, drawControlPlane(c, scene, MARGIN, top, cloudX) + MARGIN) : y;
  return finish(c, scene, right, bottom, WIDE);
}

/** The compact layout: the control plane in a band on top, the clouds under it with zones stacked. */
function layoutCompact(c: Canvas, scene: Scene): { width: number; height: number } {
  const top = MARGIN + TITLE_BAND;
  const band = controlPlaneBandHeight(scene);
  const { bottom, right } = drawClouds(c, scene, MARGIN + laneWidth(scene), top + (band ? band + MARGIN : 0), COMPACT);
  if (band) drawControlPlaneBand(c, scene, { x: MARGIN, y: top, w: widthOf(scene, right, COMPACT) - 2 * MARGIN, h: band }, MARGIN);
  return finish(c, scene, right, bottom, COMPACT);
}

/** As wide as the drawing and the title, and at least the layout's narrowest. */
function widthOf(scene: Scene, right: number, m: Metrics): number {
  return Math.max(right + MARGIN, textWidth(scene.title, FONTS.big) + 2 * MARGIN, m.minWidth);
}

/** The legend under the drawing and the title over it; the diagram's size. */
function finish(c: Canvas, scene: Scene, right: number, bottom: number, m: Metrics): { width: number; height: number } {
  const width = widthOf(scene, right, m);
  const legendBottom = drawLegend(c, scene, MARGIN, bottom, width - 2 * MARGIN);
  drawTitle(c, scene, width);
  return { width: Math.ceil(width), height: Math.ceil(legendBottom + MARGIN) };
}

export function renderDiagram(topology: Topology, options: DiagramOptions = {}): string {
  const compact = options.layout === "compact";
  const built = buildScene(topology, options);
  const scene = compact ? stackZones(built) : built;
  const badges = new Map(scene.badges);
  if (scene.unplaced.length) badges.set(UNPLACED, scene.unplaced);
  const ids = compact ? "dpnet-compact" : "dpnet";
  const c = new Canvas(badges, ids);
  const { width, height } = compact ? layoutCompact(c, scene) : layoutWide(c, scene);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="${ids}-diagram" role="img" aria-labelledby="${ids}-diagram-title ${ids}-diagram-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    tag("title", { id: `${ids}-diagram-title` }, esc(scene.title)),
    tag("desc", { id: `${ids}-diagram-desc` }, esc(scene.description)),
    tag("style", {}, style(`${ids}-diagram`)),
    defs(ids),
    tag("rect", { class: "background", x: 0, y: 0, width, height }),
    c.markup(),
    "</svg>",
    "",
  ].join("\n");
}
