// The compact layout (issue 14.4), for an 800 px design document: at most 800 px wide at 1 to 6
// zones, zones stacked in one column with each subnet naming its zone, the control plane in a band
// on top, every arrow from the band's bottom down a lane and into its target, none crossing another.
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderDiagram } from "../src/render/diagram.js";
import { awsContext, awsDataPlane, azureContext, azureDataPlane } from "./render-fixtures.js";
import { type Drawn, drawn, inside, ofClass, overlapping, texts } from "./support/svg.js";
import { dpnet } from "./support/cli.js";
import { examplePath } from "./support/examples.js";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ZONES = ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c", "ap-southeast-2d", "ap-southeast-2e", "ap-southeast-2f"];

const widthOf = (svg: string) => Number(svg.match(/viewBox="0 0 (\d+) \d+"/)![1]);

function leaves(svg: string): Drawn[] {
  return drawn(svg).filter(
    (d) => ["subnet", "load-balancer", "panel", "endpoints", "control-plane"].some((c) => d.classes.includes(c)) && d.data["id"] !== "control-plane:queues",
  );
}

interface Arrow {
  target: string;
  toControlPlane: boolean;
  /** The path's corners, in drawing order. */
  points: [number, number][];
}

/** Each link's path as its corners (M, H and V commands). */
function arrows(svg: string): Arrow[] {
  return [
    ...svg.matchAll(/<g class="link (?:sync|async)" data-target="([^"]+)" data-direction="([^"]+)"><title>[^<]*<\/title><path class="arrow \w+" d="([^"]+)"/g),
  ].map((m) => {
    const points: [number, number][] = [];
    for (const [, cmd, a, b] of m[3]!.matchAll(/([MHV])([\d.]+)(?: ([\d.]+))?/g)) {
      const [x, y] = points.at(-1) ?? [0, 0];
      points.push(cmd === "M" ? [Number(a), Number(b)] : cmd === "H" ? [Number(a), y] : [x, Number(a)]);
    }
    return { target: m[1]!, toControlPlane: m[2] === "to-control-plane", points };
  });
}

function assertCompact(svg: string, zones: number): void {
  assert.ok(widthOf(svg) <= 800, `${widthOf(svg)} px wide`);
  assert.deepEqual(overlapping(leaves(svg)), []);
  const [cloud] = ofClass(svg, "cloud");
  const [region] = ofClass(svg, "region");
  const [network] = ofClass(svg, "network");
  assert.ok(inside(region!, cloud!) && inside(network!, region!));
  const subnets = ofClass(svg, "subnet");
  assert.equal(subnets.length, zones * 3);
  for (const box of [...subnets, ...ofClass(svg, "load-balancer")]) assert.ok(inside(box, network!), `${box.data["id"]} inside the network`);
  for (const box of [...subnets, ...ofClass(svg, "load-balancer")]) {
    for (const chip of drawn(box.markup).filter((d) => d.classes.includes("chip"))) assert.ok(inside(chip, box), `${chip.data["id"]} inside ${box.data["id"]}`);
  }
  // One column: every subnet at the same x, one zone rectangle; each subnet says its zone.
  assert.equal(new Set(subnets.map((s) => s.x)).size, 1);
  assert.equal([...svg.matchAll(/<rect class="zone" /g)].length, 1);
  for (const s of subnets)
    assert.ok(
      ZONES.slice(0, zones).some((z) => texts(s.markup).join(" ").includes(z)),
      `${s.data["id"]} names its zone`,
    );
  // The control plane's band on top of the clouds, as wide as the drawing.
  const [band] = ofClass(svg, "control-plane");
  assert.ok(band!.y + band!.h < cloud!.y && band!.x + band!.w >= cloud!.x + cloud!.w);
  // Every arrow runs from the band's bottom down the lane left of the clouds and ends on its target's left edge.
  const lanes = arrows(svg).map((a) => {
    const r = drawn(svg).find((d) => d.data["id"] === a.target)!;
    const [first, ...rest] = a.toControlPlane ? [...a.points].reverse() : a.points;
    const last = rest.at(-1)!;
    assert.equal(first![1], band!.y + band!.h, `${a.target}: leaves the band's bottom`);
    assert.ok(first![0] > band!.x && first![0] < cloud!.x, `${a.target}: in the lane`);
    assert.equal(last[0], r.x, `${a.target}: at its left edge`);
    assert.ok(last[1] > r.y && last[1] < r.y + r.h, `${a.target}: within its height`);
    return { x: first![0], y: last[1] };
  });
  assert.equal(lanes.length, 2);
  // The deeper target's arrow runs further out: the two never cross.
  const [upper, lower] = [...lanes].sort((a, b) => a.y - b.y);
  assert.ok(lower!.x < upper!.x);
}

test("compact, 1 to 6 zones, internet and PrivateLink: at most 800 px wide, one column, nothing overlapping, arrows into their targets", () => {
  for (let n = 1; n <= 6; n++) {
    for (const privateLink of [false, true]) {
      const svg = renderDiagram(awsDataPlane({ zones: ZONES.slice(0, n), privateLink }), { context: awsContext(privateLink), layout: "compact" });
      assertCompact(svg, n);
    }
  }
});

test("compact Azure: the queues inside the band, the async arrow from the nodes up to it", () => {
  for (const customerManaged of [false, true]) {
    const svg = renderDiagram(azureDataPlane({ customerManaged }), { context: azureContext(customerManaged), layout: "compact" });
    assert.ok(widthOf(svg) <= 800);
    assert.deepEqual(overlapping(leaves(svg)), []);
    const queues = drawn(svg).find((d) => d.data["id"] === "control-plane:queues")!;
    const [band] = ofClass(svg, "control-plane");
    assert.ok(inside(queues, band!));
    const back = arrows(svg).find((a) => a.toControlPlane)!;
    assert.equal(back.points.at(-1)![1], band!.y + band!.h, "ends at the band's bottom");
  }
});

test("the wide and the compact diagram can share a page: their ids and style scope differ", () => {
  const wide = renderDiagram(awsDataPlane(), { context: awsContext() });
  const compact = renderDiagram(awsDataPlane(), { context: awsContext(), layout: "compact" });
  const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(ids(wide), ["dpnet-diagram-title", "dpnet-diagram-desc", "dpnet-arrow-sync", "dpnet-arrow-async"]);
  assert.deepEqual(ids(compact), ["dpnet-compact-diagram-title", "dpnet-compact-diagram-desc", "dpnet-compact-arrow-sync", "dpnet-compact-arrow-async"]);
  assert.match(compact, /^<svg [^>]*class="dpnet-compact-diagram"/);
  assert.doesNotMatch(compact, /\.dpnet-diagram |url\(#dpnet-arrow/);
});

test("dpnet synth --layout compact writes a compact network.svg; the report holds both layouts; an unknown layout is refused", () => {
  const out = mkdtempSync(join(tmpdir(), "dpnet-compact-"));
  try {
    const r = dpnet("synth", examplePath("aws-internet"), "-o", out, "--layout", "compact");
    assert.equal(r.code, 0, r.stderr);
    const svg = readFileSync(join(out, "network.svg"), "utf8");
    assert.match(svg, /<svg [^>]*class="dpnet-compact-diagram"/);
    assert.ok(widthOf(svg) <= 800);
    const report = readFileSync(join(out, "report.html"), "utf8");
    assert.match(report, /<div class="wide"><svg [^>]*class="dpnet-diagram"/);
    assert.match(report, /<div class="compact"><svg [^>]*class="dpnet-compact-diagram"/);
    const bad = dpnet("synth", examplePath("aws-internet"), "-o", join(out, "x"), "--layout", "tall");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--layout <layout>' argument 'tall' is invalid\. Allowed choices are wide, compact/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("compact: a subnet whose name does not say its zone gets a line that does", () => {
  const t = awsDataPlane({ zones: ZONES.slice(0, 2) });
  const node = t.subnets.find((s) => s.tier === "node" && s.zone === ZONES[1])!;
  node.name = "workers";
  const svg = renderDiagram(t, { context: awsContext(), layout: "compact" });
  const box = ofClass(svg, "subnet").find((s) => s.data["id"] === node.id)!;
  assert.deepEqual(texts(box.markup).slice(0, 2), ["workers", ZONES[1]]);
  // Wide, the column says it.
  const wide = ofClass(renderDiagram(t, { context: awsContext() }), "subnet").find((s) => s.data["id"] === node.id)!;
  assert.equal(texts(wide.markup)[1], node.cidrs[0]);
});
