// The diagram's layout: byte-identical output, and boxes that neither overlap nor leave their
// containers for 1 to 6 zones, long names and several subnets of a tier in one zone.
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderDiagram } from "../src/render/diagram.js";
import type { Topology } from "../src/topology/model.js";
import { awsContext, awsDataPlane, azureContext, azureDataPlane } from "./render-fixtures.js";
import { type Drawn, drawn, inside, ofClass, overlapping, texts } from "./support/svg.js";

const ZONES = ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c", "ap-southeast-2d", "ap-southeast-2e", "ap-southeast-2f"];
const LONG = "a-data-plane-whose-name-goes-on-and-on-and-on-well-past-the-width-of-any-box";

function reversed(t: Topology): Topology {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, [...(v as unknown[])].reverse()])) as unknown as Topology;
}

/** The boxes that must not overlap: subnets, load balancers, panels, endpoint lists, the control plane (whose queues it holds). */
function leaves(svg: string): Drawn[] {
  return drawn(svg).filter(
    (d) => ["subnet", "load-balancer", "panel", "endpoints", "control-plane"].some((c) => d.classes.includes(c)) && d.data["id"] !== "control-plane:queues",
  );
}

function assertClean(svg: string, zones: number): void {
  assert.deepEqual(overlapping(leaves(svg)), []);
  const queues = drawn(svg).find((d) => d.data["id"] === "control-plane:queues");
  if (queues) assert.ok(inside(queues, ofClass(svg, "control-plane")[0]!));
  const [cloud] = ofClass(svg, "cloud");
  const [region] = ofClass(svg, "region");
  const [network] = ofClass(svg, "network");
  assert.ok(inside(region!, cloud!) && inside(network!, region!));
  for (const box of [...ofClass(svg, "subnet"), ...ofClass(svg, "load-balancer")]) assert.ok(inside(box, network!), `${box.data["id"]} inside the network`);
  for (const panel of ofClass(svg, "panel").filter((p) => p.data["id"] !== "control-plane:queues"))
    assert.ok(inside(panel, region!), `${panel.data["id"]} inside the region`);
  // Chips stay in their box and apart from each other.
  for (const box of [...ofClass(svg, "subnet"), ...ofClass(svg, "load-balancer")]) {
    const chips = drawn(box.markup).filter((d) => d.classes.includes("chip"));
    for (const chip of chips) assert.ok(inside(chip, box), `${chip.data["id"]} inside ${box.data["id"]}`);
    assert.deepEqual(overlapping(chips), []);
  }
  assert.equal(ofClass(svg, "subnet").length, zones * 3);
  assert.equal([...svg.matchAll(/<rect class="zone" /g)].length, zones);
  // The picture is as big as its content: everything within the viewBox.
  const [, w, h] = svg.match(/viewBox="0 0 (\d+) (\d+)"/)!;
  assert.ok(cloud!.x + cloud!.w <= Number(w) && cloud!.y + cloud!.h <= Number(h));
}

test("the same input gives byte-identical output, whatever the order of the topology's elements", () => {
  for (const [topology, context] of [
    [awsDataPlane(), awsContext()],
    [awsDataPlane({ privateLink: true }), awsContext(true)],
    [azureDataPlane(), azureContext()],
  ] as const) {
    const findings = [{ id: "DPN-AWS-005", severity: "error" as const, resource: topology.subnets[2]!.id, message: "x", trace: [] }];
    const first = renderDiagram(topology, { context, findings });
    assert.equal(renderDiagram(topology, { context, findings }), first);
    assert.equal(renderDiagram(reversed(topology), { context, findings }), first);
    assert.doesNotMatch(first, / (?:x|y|width|height|x1|y1|x2|y2)="-?\d+\.\d{2,}"| d="[^"]*\d\.\d{2,}/, "coordinates have at most one decimal");
  }
});

test("1 to 6 zones: one column per zone, nothing overlaps, everything inside its container", () => {
  for (let n = 1; n <= 6; n++) {
    for (const privateLink of [false, true]) {
      const svg = renderDiagram(awsDataPlane({ zones: ZONES.slice(0, n), privateLink }), { context: awsContext(privateLink) });
      assertClean(svg, n);
    }
  }
});

test("long names are cut with an ellipsis inside their box, the full name in its <title>", () => {
  const svg = renderDiagram(awsDataPlane({ zones: ZONES.slice(0, 1), name: LONG }), { context: awsContext() });
  assertClean(svg, 1);
  const [network] = ofClass(svg, "network");
  assert.match(texts(network!.markup)[0]!, /^VPC a-data-plane-whose-name-goes-on.*…$/);
  assert.match(network!.title, new RegExp(`^VPC ${LONG}\n`));
  const listener = ofClass(svg, "listener").find((l) => l.data["port"] === "3333")!;
  assert.match(texts(listener.markup)[0]!, /^TCP 3333 → service-some-app:30333$/);
  const queues = texts(ofClass(svg, "queues")[0]!.markup);
  // Named without the data plane's name, like the subnets: cut alike, the two would read the same.
  assert.deepEqual(queues.slice(1), ["inbound", "inbound-dlq"]);
  assert.match(ofClass(svg, "queues")[0]!.title, new RegExp(`${LONG}-inbound-dlq`));
});

test("several subnets of one tier in a zone stack in its column; subnets without a tier go to the other row", () => {
  const t = awsDataPlane({ zones: ZONES.slice(0, 2) });
  const extra = [
    { id: "subnet-extra-node", name: "extra-nodes", networkId: "aws_vpc.network", cidrs: ["10.20.64.0/24"], zone: ZONES[0]!, tier: "node" },
    { id: "subnet-untiered", networkId: "aws_vpc.network", cidrs: ["10.20.65.0/24"], zone: ZONES[1]! },
    { id: "subnet-zoneless", networkId: "aws_vpc.network", cidrs: ["10.20.66.0/24"] },
  ];
  const svg = renderDiagram({ ...t, subnets: [...t.subnets, ...extra] }, { context: awsContext() });
  assert.deepEqual(overlapping(leaves(svg)), []);
  assert.deepEqual(
    [...svg.matchAll(/<g class="row-label" data-row="(\w+)">/g)].map((m) => m[1]),
    ["public", "nodes", "pods", "other"],
  );
  assert.deepEqual(
    [...svg.matchAll(/<rect class="zone" data-zone="([^"]*)"/g)].map((m) => m[1]),
    [...ZONES.slice(0, 2), ""],
  );
  const nodes = ofClass(svg, "tier-nodes").filter((s) => s.data["zone"] === ZONES[0]);
  assert.equal(nodes.length, 2);
  assert.equal(nodes[0]!.x, nodes[1]!.x);
  assert.deepEqual(
    ofClass(svg, "tier-other").map((s) => s.data["id"]),
    ["subnet-untiered", "subnet-zoneless"],
  );
});

test("Azure: a single wide column; the arrows that meet the nodes subnet are apart and within it", () => {
  for (const customerManaged of [false, true]) {
    const svg = renderDiagram(azureDataPlane({ customerManaged }), { context: azureContext(customerManaged) });
    assertClean(svg, 0 + 1);
    const nodes = ofClass(svg, "tier-nodes")[0]!;
    // Straight arrows: one y from end to end.
    const ys = [...svg.matchAll(/data-direction="[^"]*"><title>[^<]*<\/title><path class="arrow (?:sync|async)" d="M[\d.]+ ([\d.]+)H[\d.]+"/g)].map((m) =>
      Number(m[1]),
    );
    assert.equal(ys.length, 2);
    assert.ok(Math.abs(ys[0]! - ys[1]!) >= 20);
    for (const y of ys) assert.ok(y > nodes.y + 14 && y < nodes.y + nodes.h, "below the row label, within the subnet");
  }
});
