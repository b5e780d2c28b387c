// `dpnet exposure` as text: one table inward (internet, then the control plane), one outward.
import type { TraceHop } from "../findings.js";
import type { DataPlaneContext } from "../topology/context.js";
import type { ExposureReport, Witness } from "../analyze/space/exposure.js";
import { few } from "../io/text.js";
import { table } from "./table.js";

/** Shows a made-up address (a stand-in for what the cloud assigns) as what it stands for; report/stand-ins.ts. */
type Mark = (text: string) => string;

function hops(label: string, list: readonly TraceHop[], mark: Mark): string[] {
  return [`      ${mark(label)}`, ...list.map((h, i) => `      ${String(i + 1).padStart(2)}. ${h.id} (${h.kind}): ${mark(h.decision)}`)];
}

function traced(w: Witness, mark: Mark): string[] {
  return [...hops(`witness ${w.flow}: ${w.disposition}`, w.hops, mark), ...(w.return ? hops("reply:", w.return, mark) : [])];
}

/** Rows, with each row's witness trace under it when asked. */
function rows(header: string[], body: { cells: string[]; witness: Witness }[], trace: boolean, mark: Mark): string[] {
  if (body.length === 0) return ["  nothing"];
  const lines = table([header, ...body.map((b) => b.cells.map(mark))]).map((l) => `  ${l}`);
  if (!trace) return lines;
  return [lines[0]!, ...body.flatMap((b, i) => [lines[i + 1]!, ...traced(b.witness, mark)])];
}

export function exposureText(label: string, context: DataPlaneContext, report: ExposureReport, trace: boolean, mark: Mark = (t) => t): string[] {
  const inward = (from: "internet" | "control-plane") =>
    report.inward
      .filter((r) => r.from === from)
      .map((r) => ({
        cells: [r.destination + (r.targetsOutside ? " *" : ""), r.tier ?? "", r.protocol, r.ports || "-", few(r.sources), few(r.addresses), r.witness.flow],
        witness: r.witness,
      }));
  const header = ["destination", "tier", "protocol", "ports", "sources", "at", "witness"];
  const cp = context.controlPlane?.cidrs ?? [];
  const outward = report.outward.map((r) => ({
    cells: [r.source, r.tier, r.protocol, r.ports || "-", few(r.destinations), r.witness.flow],
    witness: r.witness,
  }));
  const starred = report.inward.some((r) => r.targetsOutside)
    ? ["  * judged up to the listener: its targets are registered outside this topology (an Auto Scaling group, a controller)"]
    : [];
  const unknown = report.undetermined.map((r) => ({
    cells: [r.direction === "inward" ? r.from : `${r.from} (outward)`, few(r.destinations), r.unread, r.witness.flow],
    witness: r.witness,
  }));
  const undetermined = unknown.length
    ? [
        "",
        "not enough data (the packets stop where the input only reads: known when Terraform reads it):",
        ...rows(["from", "to", "stops at", "witness"], unknown, trace, mark),
      ]
    : [];
  return [
    `${label}: exposure for every packet (${report.classes} classes of packets walked)`,
    ...(context.inferred ?? []).map((a) => `  assumed: ${a}`),
    "",
    "inward from the internet:",
    ...rows(header, inward("internet"), trace, mark),
    ...starred,
    "",
    cp.length > 0 ? `inward from the control plane (${cp.join(", ")}):` : "inward from the control plane: its CIDRs are not known",
    ...(cp.length > 0 ? rows(header, inward("control-plane"), trace, mark) : []),
    "",
    "outward from the nodes and pods:",
    ...rows(["source", "tier", "protocol", "ports", "destinations", "witness"], outward, trace, mark),
    ...undetermined,
  ];
}
