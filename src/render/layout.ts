// Placing the scene: cloud boxes holding region boxes holding networks (zone columns x tier rows,
// load balancers as bars under the tier they live in), services beside the networks where the
// control plane's arrows arrive, and the control plane on the left with its links. Every position
// comes from the scene's content alone, so the same scene always lands on the same coordinates.
import { drawChipPanel, drawChips, drawLoadBalancer, drawPanel, drawSubnet, flowChips, INSET, measureSubnet, panelHeight } from "./boxes.js";
import { type Canvas, FONTS, Layer, type Rect } from "./canvas.js";
import { CLOUD_NAMES, type CloudView, type LinkView, type NetworkView, type PanelView, type RegionView, type RowKey, type Scene } from "./view.js";
import { num, tag, esc } from "./svg.js";
import { textWidth } from "./text.js";

export const MARGIN = 16;
const PAD = 12;
const HEAD = 30;
const NET_HEAD = 46;
/** The widths a layout draws with. */
export interface Metrics {
  /** Left of the zone columns: the tier labels. */
  gutter: number;
  colW: number;
  /** Few columns are drawn wider: long names and endpoint lists get the room (up to maxColW). */
  wideRowW: number;
  maxColW: number;
  serviceW: number;
  serviceGap: number;
  /** Subnets stacked in a zone each as tall as their own content; else a row's share its tallest height, so columns align. */
  fitEach: boolean;
  /** The narrowest diagram: room for the title, a legend row (and the compact layout's band). */
  minWidth: number;
}

/** Zones side by side, services beside the networks, the control plane on the left. */
export const WIDE: Metrics = { gutter: 64, colW: 220, wideRowW: 680, maxColW: 340, serviceW: 240, serviceGap: 44, fitEach: false, minWidth: 520 };
/** For a page about 800 px wide: one column of stacked zones, narrower services. */
export const COMPACT: Metrics = { gutter: 52, colW: 270, wideRowW: 270, maxColW: 270, serviceW: 210, serviceGap: 34, fitEach: true, minWidth: 600 };

const CELL = 10;
const ZONE_HEAD = 24;
const STACK_GAP = 6;
const CP_W = 220;
/** Vertical distance between arrows that end at the same element (the lower one is labelled below its line). */
const ARROW_SPREAD = 22;

const ROW_TITLES: Record<RowKey, string> = { public: "public", nodes: "nodes", pods: "pods", db: "db", other: "other" };

function columnWidth(net: NetworkView, m: Metrics): number {
  return Math.floor(Math.max(m.colW, Math.min(m.maxColW, m.wideRowW / Math.max(1, net.columns.length))));
}

function networkWidth(net: NetworkView, m: Metrics): number {
  return PAD + m.gutter + Math.max(1, net.columns.length) * columnWidth(net, m) + PAD;
}

interface Grid {
  gutter: number;
  x: number;
  w: number;
  gridX: number;
  colW: number;
  colX: (zone: string) => number;
  colIndex: Map<string, number>;
}

function gridOf(net: NetworkView, x: number, m: Metrics): Grid {
  const gridX = x + PAD + m.gutter;
  const colW = columnWidth(net, m);
  const colIndex = new Map(net.columns.map((col, i) => [col.key, i]));
  return { gutter: m.gutter, x, w: networkWidth(net, m), gridX, colW, colIndex, colX: (zone) => gridX + (colIndex.get(zone) ?? 0) * colW };
}

/** One tier row: the label in the gutter, the subnets in their zone columns (stacked when several). */
function drawRow(c: Canvas, net: NetworkView, row: RowKey, grid: Grid, top: number, fitEach: boolean): number {
  const members = net.subnets.filter((s) => s.row === row);
  const w = grid.colW - 2 * CELL;
  const measured = members.map((s) => measureSubnet(c, s, w));
  const tallest = Math.max(...measured.map((m) => m.h));
  /** Where the next subnet of a zone goes. */
  const next = new Map<string, number>();
  members.forEach((s, k) => {
    const y = next.get(s.zone) ?? top + CELL;
    const h = fitEach ? measured[k]!.h : tallest;
    drawSubnet(c, s, measured[k]!.chips, grid.colX(s.zone) + CELL, y, w, h);
    next.set(s.zone, y + h + STACK_GAP);
  });
  const bottom = Math.max(...next.values()) - STACK_GAP;
  c.add(Layer.Grid, tag("line", { class: "row-rule", x1: grid.x + PAD, y1: top, x2: grid.x + grid.w - PAD, y2: top }));
  c.add(Layer.Grid, tag("g", { class: "row-label", "data-row": row }, c.text(grid.x + PAD, top + CELL + 12, ROW_TITLES[row], FONTS.label, grid.gutter - 6)));
  return bottom + CELL;
}

/** A load balancer bar spanning the columns of the zones it is in (all of them when none is known). */
function drawLoadBalancerBar(c: Canvas, net: NetworkView, lb: NetworkView["loadBalancers"][number], grid: Grid, top: number): number {
  const cols = lb.zones.flatMap((z) => (grid.colIndex.has(z) ? [grid.colIndex.get(z)!] : []));
  const first = cols.length ? Math.min(...cols) : 0;
  const last = cols.length ? Math.max(...cols) : Math.max(0, net.columns.length - 1);
  return drawLoadBalancer(c, lb, grid.gridX + first * grid.colW + CELL, top, (last - first + 1) * grid.colW - 2 * CELL) + CELL;
}

function drawNetwork(c: Canvas, net: NetworkView, x: number, y: number, cloud: string, m: Metrics): number {
  const grid = gridOf(net, x, m);
  const inner = grid.w - 2 * PAD;
  const header = [
    c.text(x + PAD, y + 20, net.title, FONTS.heading, inner),
    c.text(x + PAD, y + 37, net.cidrs.join(" · ") || "address space not known here", net.cidrs.length ? FONTS.mono : FONTS.muted, inner),
  ];
  let cy = y + NET_HEAD;
  if (net.edge.length) {
    const flow = flowChips(c, net.edge, inner);
    c.add(Layer.Box, tag("g", { class: "edge", "data-network": net.id }, drawChips(c, flow, x + PAD, cy)));
    cy += flow.h + CELL;
  }
  const zoneTop = cy;
  cy += ZONE_HEAD;
  const drawn = new Set<string>();
  for (const row of net.rows) {
    cy = drawRow(c, net, row, grid, cy, m.fitEach);
    for (const lb of net.loadBalancers.filter((l) => l.row === row)) {
      cy += drawLoadBalancerBar(c, net, lb, grid, cy);
      drawn.add(lb.id);
    }
  }
  for (const lb of net.loadBalancers.filter((l) => !drawn.has(l.id))) cy += drawLoadBalancerBar(c, net, lb, grid, cy);
  for (const col of net.columns) {
    const cx = grid.colX(col.key);
    c.add(Layer.Grid, tag("rect", { class: "zone", "data-zone": col.key, x: cx + 2, y: zoneTop, width: grid.colW - 4, height: cy - zoneTop, rx: 6 }));
    c.add(Layer.Grid, tag("g", { class: "zone-label", "data-zone": col.key }, c.text(cx + CELL, zoneTop + 16, col.label, FONTS.label, grid.colW - 2 * CELL)));
  }
  if (net.endpoints.length) cy += drawChipPanel(c, `${net.id}#endpoints`, "endpoints", "Private endpoints", net.endpoints, x + PAD, cy + 4, inner) + CELL + 4;
  const h = cy - y + PAD - CELL;
  c.element(Layer.Network, `network cloud-${cloud}`, { "data-id": net.id }, { x, y, w: grid.w, h }, net.tooltip, header, 8);
  c.drawBadges(net.id, { x, y, w: grid.w, h });
  return h;
}

/** The first top at or below `want` where a box of height `h` meets no busy interval. */
function freeSlot(busy: readonly [number, number][], want: number, h: number): number {
  let y = want;
  for (let moved = true; moved; ) {
    moved = false;
    for (const [a, b] of busy) {
      if (y < b && y + h > a) {
        y = b;
        moved = true;
      }
    }
  }
  return y;
}

/** An orthogonal path from (x1, y1) to (x2, y2), turning once at `elbowX` when the heights differ. */
export function pathData(x1: number, y1: number, x2: number, y2: number, elbowX: number): string {
  if (Math.abs(y1 - y2) < 0.5) return `M${num(x1)} ${num(y1)}H${num(x2)}`;
  return `M${num(x1)} ${num(y1)}H${num(elbowX)}V${num(y2)}H${num(x2)}`;
}

/**
 * Services beside the networks: an endpoint service level with the load balancer it fronts (the
 * sync arrow runs straight through it), the others in the first gap clear of other arrows.
 */
function placeServices(c: Canvas, panels: readonly PanelView[], links: readonly LinkView[], x: number, top: number, m: Metrics): number {
  const busy: [number, number][] = links.flatMap((l) => {
    const r = c.rects.get(l.target);
    return r ? [[r.y - 4, r.y + r.h + 4] as [number, number]] : [];
  });
  let bottom = top;
  const ordered = [...panels.filter((p) => p.fronts), ...panels.filter((p) => !p.fronts)];
  for (const panel of ordered) {
    const h = panelHeight(panel);
    const fronted = panel.fronts ? c.rects.get(panel.fronts) : undefined;
    const y = freeSlot(busy, Math.max(top, fronted ? fronted.y + fronted.h / 2 - h / 2 : top), h);
    drawPanel(c, panel, x, y, m.serviceW);
    busy.push([y - PAD, y + h + PAD]);
    bottom = Math.max(bottom, y + h);
    if (fronted) {
      const d = pathData(x + m.serviceW, y + h / 2, fronted.x, fronted.y + fronted.h / 2, x + m.serviceW + m.serviceGap / 2);
      c.add(
        Layer.Link,
        tag(
          "g",
          { class: "link fronts", "data-from": panel.id, "data-to": panel.fronts },
          tag("path", { class: "arrow sync", d, "marker-end": c.arrowHead("sync") }),
        ),
      );
    }
  }
  return bottom;
}

function drawRegion(c: Canvas, region: RegionView, links: readonly LinkView[], x: number, y: number, cloud: string, m: Metrics): { w: number; h: number } {
  const top = y + HEAD;
  const servicesX = x + PAD;
  const netX = servicesX + (region.services.length ? m.serviceW + m.serviceGap : 0);
  let cy = top;
  let netW = 0;
  for (const net of region.networks) {
    cy += drawNetwork(c, net, netX, cy, cloud, m) + PAD;
    netW = Math.max(netW, networkWidth(net, m));
  }
  for (const panel of region.below) cy += drawPanel(c, panel, netX, cy, netW) + PAD;
  const servicesBottom = placeServices(c, region.services, links, servicesX, top, m);
  const w = netX - x + netW + PAD;
  const h = Math.max(cy, servicesBottom + PAD) - y;
  const title = `Region ${region.region}`;
  c.element(Layer.Region, "region", { "data-region": region.region }, { x, y, w, h }, title, [c.text(x + PAD, y + 20, title, FONTS.heading, w - 2 * PAD)], 8);
  return { w, h };
}

export function drawCloud(c: Canvas, cloud: CloudView, links: readonly LinkView[], x: number, y: number, m: Metrics): { w: number; h: number } {
  let cy = y + HEAD;
  let w = 0;
  for (const region of cloud.regions) {
    const r = drawRegion(c, region, links, x + PAD, cy, cloud.cloud, m);
    cy += r.h + PAD;
    w = Math.max(w, r.w + 2 * PAD);
  }
  const h = cy - y;
  const title = CLOUD_NAMES[cloud.cloud];
  c.element(
    Layer.Cloud,
    `cloud cloud-${cloud.cloud}`,
    { "data-cloud": cloud.cloud },
    { x, y, w, h },
    title,
    [c.text(x + PAD, y + 20, title, FONTS.heading, w - 2 * PAD)],
    10,
  );
  return { w, h };
}

/** Width of the space between the control plane and the clouds: room for the arrows' labels. */
export function linkGap(links: readonly LinkView[]): number {
  const widest = Math.max(0, ...links.flatMap((l) => l.label.map((t) => textWidth(t, FONTS.label))));
  return Math.max(120, Math.ceil(widest) + 36);
}

export const CONTROL_PLANE_WIDTH = CP_W;

/** Where each link meets its element: the middle, spread apart when several meet the same one. */
export function linkYs(c: Canvas, links: readonly LinkView[]): (number | undefined)[] {
  return links.map((link) => {
    const r = c.rects.get(link.target);
    if (!r) return undefined;
    const sharing = links.filter((l) => l.target === link.target);
    const i = sharing.indexOf(link);
    return r.y + r.h / 2 + (i - (sharing.length - 1) / 2) * ARROW_SPREAD;
  });
}

/** Vertical room between arrows leaving the control plane's box (each with its two label lines above it). */
const ARROW_ROOM = 38;

/**
 * The control plane's box, left of the clouds, as tall as its text and the queues it holds (Azure),
 * level with the first arrow's target. Each arrow leaves its right side straight at its target's
 * height when the box spans it, else at the nearest free height, and turns once near the clouds.
 */
export function drawControlPlane(c: Canvas, scene: Scene, x: number, top: number, cloudX: number): number {
  const cp = scene.controlPlane!;
  const ys = linkYs(c, scene.links);
  const defined = ys.filter((y): y is number => y !== undefined);
  const head = 42 + cp.lines.length * 15;
  const asyncY = ys[scene.links.findIndex((l) => l.toControlPlane)];
  // Azure's queues sit in the box level with the async arrow: the text goes above them.
  const queuesTop = cp.queues && asyncY !== undefined ? asyncY - panelHeight(cp.queues) / 2 - head : Infinity;
  const boxTop = Math.max(top, Math.min(Math.min(...defined, Infinity) - 30, queuesTop));
  const texts = [c.text(x + INSET + 4, boxTop + 22, "Control plane", FONTS.heading, CP_W - 2 * INSET)];
  cp.lines.forEach((line, i) => texts.push(c.text(x + INSET + 4, boxTop + 42 + i * 15, line.text, line.mono ? FONTS.mono : FONTS.muted, CP_W - 2 * INSET - 4)));
  let bottom = boxTop + head;
  let queues: Rect | undefined;
  if (cp.queues) {
    // The queues level with the async arrow, so it runs straight into them.
    const h = panelHeight(cp.queues);
    const y = Math.max(bottom, asyncY === undefined ? bottom : asyncY - h / 2);
    drawPanel(c, cp.queues, x + INSET, y, CP_W - 2 * INSET);
    queues = { x: x + INSET, y, w: CP_W - 2 * INSET, h };
    bottom = y + h;
  }
  // Where each arrow leaves the box: its target's height when inside the box, pushed down clear of the one above.
  const starts = new Map<number, number>();
  let last = -Infinity;
  const leaving = scene.links.map((_, i) => i).filter((i) => ys[i] !== undefined && !(scene.links[i]!.toControlPlane && queues));
  for (const i of leaving.sort((a, b) => ys[a]! - ys[b]! || a - b)) {
    // Within the box's text when the target is below it: the arrow turns down near the clouds instead of stretching the box.
    const y = Math.max(Math.min(ys[i]!, bottom + INSET - 12), boxTop + 24, last + (sharesTarget(scene, i) ? ARROW_SPREAD : ARROW_ROOM));
    starts.set(i, y);
    last = y;
  }
  const h = Math.max(bottom + INSET, ...[...starts.values()].map((y) => y + 12)) - boxTop;
  c.element(
    Layer.Network,
    "control-plane",
    { "data-id": "control-plane" },
    { x, y: boxTop, w: CP_W, h },
    ["Control plane", ...cp.lines.map((l) => l.text)].join("\n"),
    texts,
    8,
  );
  scene.links.forEach((link, i) => {
    const sharing = scene.links.filter((l) => l.target === link.target);
    const below = sharing.length > 1 && sharing.indexOf(link) >= sharing.length / 2;
    drawLink(c, link, ys[i], starts.get(i), { x, y: boxTop, w: CP_W, h }, link.toControlPlane ? queues : undefined, cloudX, i, below);
  });
  return boxTop + h;
}

/** Whether another arrow meets the same element (their labels then go one above, one below). */
function sharesTarget(scene: Scene, i: number): boolean {
  return scene.links.filter((l) => l.target === scene.links[i]!.target).length > 1;
}

function drawLink(
  c: Canvas,
  link: LinkView,
  y: number | undefined,
  start: number | undefined,
  cp: Rect,
  queues: Rect | undefined,
  cloudX: number,
  i: number,
  below: boolean,
): void {
  const r = c.rects.get(link.target);
  if (!r || y === undefined) return;
  const cpY = queues ? queues.y + queues.h / 2 : (start ?? y);
  const cpX = queues ? queues.x + queues.w : cp.x + cp.w;
  const elbowX = cloudX - 14 - i * 8;
  const d = link.toControlPlane ? pathData(r.x, y, cpX, cpY, elbowX) : pathData(cpX, cpY, r.x, y, elbowX);
  const labelX = (cp.x + cp.w + cloudX) / 2;
  const content = [
    tag("title", {}, esc(link.tooltip)),
    tag("path", { class: `arrow ${link.kind}`, d, "marker-end": c.arrowHead(link.kind) }),
    c.text(labelX, cpY + (below ? 15 : -19), link.label[0], FONTS.label, Infinity, "middle"),
    c.text(labelX, cpY + (below ? 28 : -6), link.label[1], FONTS.muted, Infinity, "middle"),
  ];
  c.add(
    Layer.Link,
    tag(
      "g",
      { class: `link ${link.kind}`, "data-target": link.target, "data-direction": link.toControlPlane ? "to-control-plane" : "to-data-plane" },
      content.join(""),
    ),
  );
}
