// The report's capacity section: each zone's nodes and pods, what binds first, and a chart of every
// node and pod subnet's addresses used and free, at the spec's declared scale or else at capacity.
// Markup and SVG from escaped text only; coordinates rounded, so the section is byte-identical.
import type { DataPlanePlan } from "../plan/types.js";
import { declaredScale } from "../spec/index.js";
import { esc, num, tag } from "../render/svg.js";
import { capacityOf, type CapacityReport } from "./index.js";

const n = (value: number) => value.toLocaleString("en-US");
const BAR = { width: 420, height: 16, gap: 10, label: 260, text: 230 } as const;

function chart(report: CapacityReport, atScale: boolean): string {
  const rows = report.zones.flatMap((z) =>
    z.subnets.map((s) => {
      const used = atScale ? s.atScale!.used : s.others.reduce((sum, o) => sum + o.addresses, 0) + (z.nodes + s.surgeNodes) * s.perNode;
      return { label: `${z.zone} ${s.tier} ${s.cidr}`, used: Math.min(used, s.usable), over: Math.max(0, used - s.usable), usable: s.usable };
    }),
  );
  const width = BAR.label + BAR.width + BAR.text;
  const height = rows.length * (BAR.height + BAR.gap) + BAR.gap;
  const bars = rows.map((r, i) => {
    const y = BAR.gap + i * (BAR.height + BAR.gap);
    const usedWidth = r.usable === 0 ? 0 : (BAR.width * r.used) / r.usable;
    const text = `${n(r.used + r.over)} used, ${r.over > 0 ? `${n(r.over)} over` : `${n(r.usable - r.used)} free`} of ${n(r.usable)}`;
    return [
      tag("text", { x: "8", y: num(y + 12), class: "cap-label" }, esc(r.label)),
      tag("rect", { x: num(BAR.label), y: num(y), width: num(BAR.width), height: num(BAR.height), class: "cap-free" }),
      tag("rect", { x: num(BAR.label), y: num(y), width: num(usedWidth), height: num(BAR.height), class: r.over > 0 ? "cap-over" : "cap-used" }),
      tag("text", { x: num(BAR.label + BAR.width + 8), y: num(y + 12), class: "cap-label" }, esc(text)),
    ].join("");
  });
  const style = tag(
    "style",
    {},
    ".cap-label { font: 12px sans-serif; fill: #1f2933; } .cap-free { fill: #e4e7eb; } .cap-used { fill: #1565c0; } .cap-over { fill: #c62828; }",
  );
  return tag(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      role: "img",
      "aria-label": "Addresses used and free per subnet",
      width: num(width),
      height: num(height),
      viewBox: `0 0 ${num(width)} ${num(height)}`,
    },
    style + bars.join(""),
  );
}

/** What a node is and holds, in a line. */
function nodeSummary(node: CapacityReport["node"]): string {
  switch (node.cloud) {
    case "aws":
      return `${node.instanceType} nodes, ${node.prefixDelegation ? "prefix delegation" : "secondary IPs"}: ${node.maxPods} pods a node (${node.limit}), ${n(node.podSubnetAddresses)} pod subnet addresses a full node`;
    case "azure":
      return `AKS nodes, ${node.podNetwork === "overlay" ? "overlay" : "pod subnet"}: ${node.maxPods} pods a node, ${n(node.podSubnetAddresses)} pod subnet addresses a full node`;
  }
}

/** The section, id `capacity`, for report.html. */
export function capacitySection(plan: DataPlanePlan): string {
  const spec = plan.spec;
  const scale = declaredScale(spec);
  const report = capacityOf(plan, scale ? { nodes: scale.nodes } : {});
  const who = nodeSummary(report.node);
  const rows = report.zones.map((z) =>
    tag("tr", {}, [esc(z.zone), n(z.nodes), n(z.pods), esc(z.binding)].map((c, i) => tag("td", i === 1 || i === 2 ? { class: "num" } : {}, c)).join("")),
  );
  const total = tag(
    "tr",
    {},
    ["total", n(report.total.nodes), n(report.total.pods), esc(report.total.binding)]
      .map((c, i) => tag("td", i === 1 || i === 2 ? { class: "num" } : {}, c))
      .join(""),
  );
  const head = tag("tr", {}, ["zone", "nodes", "pods", "binds first"].map((h) => tag("th", {}, h)).join(""));
  const scaleLine = report.scale
    ? `At the declared scale of ${n(report.scale.nodes)} nodes: ${report.scale.fits ? `fits, room for ${n(report.scale.headroom)} more` : `does not fit, ${n(-report.scale.headroom)} nodes too many`}.`
    : "The chart shows the subnets at capacity; declare aws.scale or azure.scale to see them at your scale.";
  return tag(
    "section",
    { id: "capacity" },
    [
      tag("h2", {}, "How big it can grow"),
      tag("p", { class: "muted" }, esc(`${who}. dpnet capacity tries other instance types and settings.`)),
      tag("table", {}, tag("thead", {}, head) + tag("tbody", {}, [...rows, total].join(""))),
      tag("p", {}, esc(scaleLine)),
      tag("div", { class: "diagram" }, chart(report, report.scale !== undefined)),
    ].join("\n"),
  );
}
