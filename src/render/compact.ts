// The compact layout, for a page about 800 px wide (a design document): each network's zones
// stacked in one column, each subnet saying its zone; the control plane in a band on top, its
// links named there, their arrows down a lane left of the clouds and into their targets.
import { drawPanel, INSET, panelHeight } from "./boxes.js";
import { type Canvas, FONTS, Layer, type Rect } from "./canvas.js";
import { linkYs, pathData } from "./layout.js";
import { esc, num, tag } from "./svg.js";
import type { LinkView, NetworkView, Scene } from "./view.js";

/** Room per arrow in the lane left of the clouds. */
const LANE_STEP = 10;
const LINE_H = 15;
const LINK_ROW_H = 18;

/** Each network's zones in one column, one under another; a subnet says its zone unless its name does. */
export function stackZones(scene: Scene): Scene {
  const stack = (net: NetworkView): NetworkView => {
    if (net.columns.length <= 1) return net;
    const labels = new Map(net.columns.map((col) => [col.key, col.label]));
    return {
      ...net,
      columns: [{ key: "", label: `${net.columns.length} zones, one under another` }],
      subnets: net.subnets.map((s) => {
        const zone = labels.get(s.zone) ?? s.zone;
        const says = zone === "" || s.name.includes(zone);
        return { ...s, zone: "", lines: says ? s.lines : [{ text: zone, muted: true }, ...s.lines] };
      }),
      loadBalancers: net.loadBalancers.map((lb) => ({ ...lb, zones: [] })),
    };
  };
  return { ...scene, clouds: scene.clouds.map((cloud) => ({ ...cloud, regions: cloud.regions.map((r) => ({ ...r, networks: r.networks.map(stack) })) })) };
}

/** Width of the lane the arrows run down, left of the clouds. */
export function laneWidth(scene: Scene): number {
  return scene.controlPlane && scene.links.length ? 12 + scene.links.length * LANE_STEP : 0;
}

/** Azure's queues sit in the band's right part, this wide. */
const QUEUES_W = 220;

/**
 * What the band holds, by column: the control plane's text on the left; its links named on the
 * right, or (beside Azure's queues, which take the right) under the text.
 */
function bandRows(scene: Scene): { text: number; linksBelowText: boolean } {
  const cp = scene.controlPlane!;
  return { text: 42 + cp.lines.length * LINE_H, linksBelowText: cp.queues !== undefined };
}

/** Height of the band on top. */
export function controlPlaneBandHeight(scene: Scene): number {
  const cp = scene.controlPlane;
  if (!cp) return 0;
  const { text, linksBelowText } = bandRows(scene);
  const links = scene.links.length * LINK_ROW_H;
  const left = linksBelowText ? text + links : text;
  const right = cp.queues ? 14 + panelHeight(cp.queues) : 14 + links;
  return Math.max(left, right) + INSET;
}

/** The band at `band`, then each link's arrow: down the lane from the band's bottom, then into its target. */
export function drawControlPlaneBand(c: Canvas, scene: Scene, band: Rect, laneX: number): void {
  const cp = scene.controlPlane!;
  const { x, y, w, h } = band;
  const { text, linksBelowText } = bandRows(scene);
  const split = cp.queues ? w - QUEUES_W - INSET : Math.floor(w / 2);
  const texts = [c.text(x + INSET + 4, y + 22, "Control plane", FONTS.heading, split - 2 * INSET)];
  cp.lines.forEach((line, i) => texts.push(c.text(x + INSET + 4, y + 42 + i * LINE_H, line.text, line.mono ? FONTS.mono : FONTS.muted, split - 2 * INSET)));
  // The links named as the wide layout labels them, each with its line's colour and dash.
  const linksX = linksBelowText ? x + INSET + 4 : x + split;
  const linksY = linksBelowText ? y + text + 4 : y + 22;
  const room = (linksBelowText ? split - INSET - 4 : w - split - INSET) - 34;
  scene.links.forEach((link, i) => {
    const ly = linksY + i * LINK_ROW_H;
    texts.push(
      tag("path", { class: `arrow ${link.kind}`, d: `M${num(linksX)} ${num(ly - 4)}H${num(linksX + 26)}`, "marker-end": c.arrowHead(link.kind) }),
      c.text(linksX + 34, ly, `${link.label[0]} · ${link.label[1]}`, FONTS.line, room),
    );
  });
  c.element(Layer.Network, "control-plane", { "data-id": "control-plane" }, band, ["Control plane", ...cp.lines.map((l) => l.text)].join("\n"), texts, 8);
  if (cp.queues) drawPanel(c, cp.queues, x + split, y + 14, QUEUES_W);
  drawLaneLinks(c, scene.links, y + h, laneX);
}

/**
 * One arrow per link: the deepest target takes the lane's outermost track, so no arrow crosses
 * another on its way down; an arrow to the control plane runs the same way, reversed.
 */
function drawLaneLinks(c: Canvas, links: readonly LinkView[], bandBottom: number, laneX: number): void {
  const ys = linkYs(c, links);
  const order = links.map((_, i) => i).filter((i) => ys[i] !== undefined);
  order.sort((a, b) => ys[b]! - ys[a]! || a - b);
  order.forEach((i, track) => {
    const link = links[i]!;
    const r = c.rects.get(link.target)!;
    const y = ys[i]!;
    const trackX = laneX + 6 + track * LANE_STEP;
    const down = `M${num(trackX)} ${num(bandBottom)}V${num(y)}H${num(r.x)}`;
    const d = link.toControlPlane ? pathData(r.x, y, trackX, y, trackX) + `V${num(bandBottom)}` : down;
    c.add(
      Layer.Link,
      tag(
        "g",
        { class: `link ${link.kind}`, "data-target": link.target, "data-direction": link.toControlPlane ? "to-control-plane" : "to-data-plane" },
        tag("title", {}, esc(link.tooltip)) + tag("path", { class: `arrow ${link.kind}`, d, "marker-end": c.arrowHead(link.kind) }),
      ),
    );
  });
}
