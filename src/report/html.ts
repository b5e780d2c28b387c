// The HTML report: one self-contained file (inline SVG and CSS, no script, nothing fetched) with
// the summary, the diagram, the address plan, the module's outputs, the checks with their traces
// (collapsible), and for a customer-managed Azure VNet what the customer must configure.
import { CHECKED_TEXT, type ExistingVpcSummary } from "../plan/aws/checklist.js";
import { type Applicability, CHECKS, type CheckInfo } from "../analyze/checks/catalog.js";
import type { Spec } from "../spec/index.js";
import { CLOUD_TERMS } from "../topology/clouds.js";
import type { Finding, TraceHop } from "../findings.js";
import type { CustomerRequirements, DnsForwarding } from "../plan/azure/checklist.js";
import type { DataPlanePlan } from "../plan/types.js";
import type { TfModule } from "../terraform/ir.js";
import { VERSION } from "../version.js";
import { count } from "../render/scene.js";
import { esc, tag } from "../render/svg.js";
import { CLOUD_NAMES } from "../render/view.js";
import { capacitySection } from "../capacity/html.js";

export interface ReportInput {
  plan: DataPlanePlan;
  /** The diagram's SVG markup (from renderDiagram), inlined as it is. */
  diagram: string;
  /** The same in the compact layout: shown instead in a window narrower than 1100 px (a design document). */
  compactDiagram?: string;
  /** Every finding: the planner's and the named checks' on the module's topology. */
  findings: readonly Finding[];
  /** Where the spec came from, e.g. `acme-prod.yaml`. */
  label?: string;
}

const CSS = `
:root { color-scheme: light; }
body { margin: 0; font: 14px/1.5 -apple-system, "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #1f2933; background: #f5f7fa; }
main { max-width: 1640px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #d9e2ec; }
h3 { font-size: 15px; margin: 18px 0 8px; }
.subtitle { color: #52606d; margin: 0 0 16px; }
nav a { margin-right: 14px; color: #1565c0; text-decoration: none; }
section { background: #ffffff; border: 1px solid #e4e7eb; border-radius: 8px; padding: 4px 20px 16px; margin-top: 20px; }
dl.summary { display: grid; grid-template-columns: max-content minmax(0, 1fr) max-content minmax(0, 1fr); gap: 4px 18px; margin: 12px 0; }
@media (max-width: 900px) { dl.summary { grid-template-columns: max-content minmax(0, 1fr); } }
dl.summary dt { color: #52606d; }
dl.summary dd { margin: 0; }
.diagram { border: 1px solid #e4e7eb; border-radius: 6px; background: #ffffff; break-inside: avoid; }
/* The diagram scales to the page (its viewBox keeps the proportions): every zone stays in view. */
.diagram svg { display: block; width: 100%; max-width: 100%; height: auto; }
/* Below 1100 px the wide diagram's text would shrink under 10 px: the compact layout, at its own size at most. */
.diagram .compact { display: none; }
.diagram .compact svg { width: auto; margin: 0 auto; }
@media screen and (max-width: 1099px) { .diagram .wide { display: none; } .diagram .compact { display: block; } }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
th { background: #f0f4f8; font-weight: 600; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #2e7d32; font-weight: 700; }
.fail { color: #c62828; font-weight: 700; }
.sev { display: inline-block; min-width: 62px; padding: 0 6px; border-radius: 4px; font-size: 12px; font-weight: 700; text-align: center; color: #ffffff; }
.sev-error { background: #c62828; }
.sev-warning { background: #b45309; }
.sev-note { background: #52606d; }
details.finding { border: 1px solid #e4e7eb; border-radius: 6px; margin: 6px 0; padding: 6px 10px; }
details.finding[open] { background: #fafbfc; }
details.finding summary { cursor: pointer; }
ol.trace { margin: 8px 0 4px; padding-left: 24px; }
ol.trace li { margin: 2px 0; }
.kind { color: #52606d; }
.muted { color: #52606d; }
ul.notes li { margin: 4px 0; }
footer { color: #52606d; font-size: 12px; margin: 24px 0; text-align: center; }
@media (max-width: 900px) { main { padding: 12px; } section { padding: 4px 12px 12px; } }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { background: #ffffff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  section { border: none; padding: 0; margin-top: 12px; }
  #diagram { break-before: page; }
  .diagram { border: none; }
  /* One page holds the whole diagram: a tall one shrinks to the page's height instead of splitting. */
  .diagram svg { max-height: 170mm; }
  h2, h3 { break-after: avoid; }
  tr, details.finding { break-inside: avoid; }
}
`;

function table(head: readonly string[], rows: readonly string[][], numeric: readonly number[] = []): string {
  const th = tag("tr", {}, head.map((h) => tag("th", {}, esc(h))).join(""));
  const trs = rows.map((r) => tag("tr", {}, r.map((cell, i) => tag("td", numeric.includes(i) ? { class: "num" } : {}, cell)).join("")));
  return tag("table", {}, tag("thead", {}, th) + tag("tbody", {}, trs.join("")));
}

const code = (text: string) => tag("code", {}, esc(text));

function section(id: string, title: string, content: string[]): string {
  return tag("section", { id }, [tag("h2", {}, esc(title)), ...content].join("\n"));
}

/** How the data plane meets its control plane (AWS) or whose VNet it is (Azure), in a few words. */
export function planMode(plan: DataPlanePlan): string {
  const s = plan.summary;
  switch (s.cloud) {
    case "azure":
      return s.mode === "customerManaged" ? "customer-managed VNet" : "managed VNet";
    case "aws": {
      const c = s.connectivity;
      return c
        ? `sync link over ${c.mode === "privatelink" ? "PrivateLink" : "the internet"}${c.async ? ", async link over SQS" : ""}`
        : "no control-plane link";
    }
  }
}

function networkBlocks(plan: DataPlanePlan): string {
  const s = plan.summary;
  switch (s.cloud) {
    case "aws":
      return [s.vpc.cidr, ...s.vpc.secondaryCidrs].join(", ");
    case "azure":
      return "addressSpace" in s.vnet ? s.vnet.addressSpace.join(", ") : `the customer's VNet ${s.vnet.id}`;
  }
}

function summarySection(plan: DataPlanePlan, findings: readonly Finding[], checks: readonly CheckResult[], label: string | undefined): string {
  const s = plan.summary;
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  const passed = checks.filter((c) => c.result === "holds").length;
  const notApplicable = checks.filter((c) => c.result === "not applicable").length;
  const items: [string, string][] = [
    ["Name", esc(s.name)],
    ["Cloud", CLOUD_NAMES[s.cloud]],
    [CLOUD_TERMS[s.cloud].region, esc(s.region)],
    ["Mode", esc(planMode(plan))],
    ...(s.zones.length ? [["Zones", esc(s.zones.join(", "))] as [string, string]] : []),
    [CLOUD_TERMS[s.cloud].networkRow, tag("span", { class: "mono" }, esc(networkBlocks(plan)))],
    [
      "Findings",
      `${errors ? tag("span", { class: "fail" }, `${errors} error${errors === 1 ? "" : "s"}`) : tag("span", { class: "ok" }, "no errors")}, ${warnings} warning${warnings === 1 ? "" : "s"}`,
    ],
    ["Checks", `${passed} of ${checks.length - notApplicable} hold${notApplicable ? `, ${notApplicable} not applicable` : ""}`],
    ...(label ? [["Spec", code(label)] as [string, string]] : []),
  ];
  return section("summary", "Summary", [tag("dl", { class: "summary" }, items.map(([k, v]) => tag("dt", {}, esc(k)) + tag("dd", {}, v)).join(""))]);
}

function addressSection(plan: DataPlanePlan): string {
  const subnets = plan.summary.subnets;
  const intro = tag(
    "p",
    {},
    `${CLOUD_TERMS[plan.summary.cloud].blocks}: ${tag("span", { class: "mono" }, esc(networkBlocks(plan)))}. Usable addresses are net of the 5 the cloud reserves in every subnet.`,
  );
  if (!subnets.length) {
    return section("addresses", "Address plan", [
      tag(
        "p",
        {},
        'The subnets are the customer\'s: dpnet plans none of them. Their sizes are checked when <code>terraform plan</code> runs; what they must be is listed under <a href="#customer">What the customer must configure</a>.',
      ),
    ]);
  }
  const rows = subnets.map((s) => [esc(s.tier), esc(s.zone || "all (regional)"), code(s.cidr), count(s.usableAddresses)]);
  return section("addresses", "Address plan", [intro, table(["tier", "zone", "CIDR", "usable addresses"], rows, [3])]);
}

function outputRows(module: TfModule): string[][] {
  return module.blocks.filter((b) => b.kind === "output").map((b) => [code(b.labels[0]!), esc(String(b.body["description"] ?? ""))]);
}

function outputsSection(plan: DataPlanePlan): string {
  const extra = [...(plan.extraModules ?? [])].map(
    ([dir, module]) => tag("h3", {}, `${code(`${dir}/`)} (applied on its own)`) + table(["output", "description"], outputRows(module)),
  );
  return section("outputs", "Module outputs", [
    tag("p", {}, "What the module gives you to extend it and to configure the cluster:"),
    table(["output", "description"], outputRows(plan.module)),
    ...extra,
  ]);
}

function traceList(trace: readonly TraceHop[]): string {
  if (!trace.length) return tag("p", { class: "muted" }, "No trace: the finding is about the element itself.");
  return tag(
    "ol",
    { class: "trace" },
    trace.map((h) => tag("li", {}, `${code(h.id)} ${tag("span", { class: "kind" }, esc(h.kind))}: ${esc(h.decision)}`)).join(""),
  );
}

function findingDetails(f: Finding): string {
  const head = `${tag("span", { class: `sev sev-${f.severity}` }, f.severity)} ${tag("strong", {}, esc(f.id))} ${code(f.resource)}: ${esc(f.message)}`;
  return tag("details", { class: `finding ${f.severity}`, ...(f.severity === "error" ? { open: "open" } : {}) }, tag("summary", {}, head) + traceList(f.trace));
}

interface CheckResult {
  check: CheckInfo;
  result: "holds" | "not applicable" | Finding["severity"];
}

/** Whether the spec's data plane has what a check is about. */
function applies(what: Applicability | undefined, spec: Spec): boolean {
  const cp = spec.controlPlane;
  const aws = spec.cloud === "aws" ? spec.aws : undefined;
  switch (what) {
    case undefined:
      return true;
    case "controlPlane":
      return cp !== undefined;
    case "privatelink":
      return cp?.connectivity === "privatelink";
    case "internetSync":
      return cp !== undefined && cp.connectivity !== "privatelink";
    case "asyncLink":
      return cp?.awsAccountId !== undefined;
    case "apiserver":
      return aws?.apiserver !== undefined;
    case "awsEndpoints":
      return (aws?.endpoints.length ?? 0) > 0;
    case "transitGateway":
      return (aws?.routes ?? []).some((r) => r.target.transitGatewayId !== undefined);
    case "customerManaged":
      return spec.cloud === "azure" && spec.azure.mode === "customerManaged";
  }
}

/** The catalog's checks for the plan's cloud, each with the worst severity of its findings ("holds" without any, "not applicable" where the plan lacks what it is about). */
function checkResults(plan: DataPlanePlan, findings: readonly Finding[]): CheckResult[] {
  const order: Finding["severity"][] = ["error", "warning", "note"];
  // What a plan's verification can report: every check of its cloud but the answers of `dpnet exposure` and `dpnet test`.
  const { cloud } = plan.summary;
  return CHECKS.filter((c) => c.clouds.includes(cloud) && c.answeredBy === undefined).map((check) => {
    const worst = order.find((s) => findings.some((f) => f.id === check.id && f.severity === s));
    return { check, result: worst ?? (applies(check.appliesTo, plan.spec) ? "holds" : "not applicable") };
  });
}

function checksSection(findings: readonly Finding[], checks: readonly CheckResult[]): string {
  const rows = checks.map(({ check, result }) => [
    tag("span", { class: result === "holds" ? "ok" : result === "not applicable" ? "muted" : "fail" }, result),
    code(check.id),
    esc(check.title),
  ]);
  const list = findings.length ? findings.map(findingDetails).join("\n") : tag("p", { class: "ok" }, "The checks found nothing to report.");
  return section("checks", "Checks", [
    tag("h3", {}, `Findings (${findings.length})`),
    tag("p", { class: "muted" }, "What the named checks and reachability traces concluded on the module as it would be deployed; open one for its trace."),
    list,
    tag("h3", {}, "Every check"),
    tag("p", { class: "muted" }, "Each titled by the property it asks for; not applicable where this data plane has nothing the check is about."),
    table(["", "id", "check"], rows),
  ]);
}

/** aws.vpc.existing: the customer's checklist, each item with who checks it. */
function existingVpcSection(vpc: ExistingVpcSummary): string {
  const rows = vpc.checklist.map((i) => [esc(i.what), esc(CHECKED_TEXT[i.checked])]);
  return section("customer", "What the customer must configure", [
    tag("p", {}, `Your VPC ${code(vpc.vpcId)}: dpnet reads it and creates only what is missing.`),
    table(["What", "Checked"], rows),
  ]);
}

function requirementsSection(req: CustomerRequirements | undefined, dns: DnsForwarding | undefined): string {
  if (!req && !dns) return "";
  const parts: string[] = [];
  if (req) {
    const subnets = req.subnets.map((s) => [
      esc(s.role),
      code(s.id),
      esc(
        [
          s.minPrefix ? `at least /${s.minPrefix}` : "",
          s.recommendedPrefix ? `about /${s.recommendedPrefix}` : "",
          s.minUsableAddresses ? `${count(s.minUsableAddresses)} usable addresses or more` : "",
        ]
          .filter(Boolean)
          .join(", "),
      ),
      esc([s.delegation ? `delegated to ${s.delegation}` : "", s.note].filter(Boolean).join("; ")),
    ]);
    const r = req.defaultRoute;
    const egress = req.firewallEgress.map((e) => [code(e.destination), `${e.protocol} ${e.port}`, esc(e.reason)]);
    parts.push(
      tag("h3", {}, "Subnets"),
      table(["role", "subnet", "size", "also"], subnets),
      tag("h3", {}, "Default route"),
      tag(
        "p",
        {},
        `A route table on the ${esc(r.subnets.join(" and "))} subnets with ${code(r.addressPrefix)} → ${esc(r.nextHopType)} ${code(r.nextHopIpAddress)}.`,
      ),
      tag("h3", {}, "Public IP for the control plane"),
      tag(
        "p",
        {},
        `${code(req.publicIp.id)}: ${esc(req.publicIp.sku)}, ${esc(req.publicIp.allocation.toLowerCase())}, reachable on TCP ${req.publicIp.port} from ${esc(req.publicIp.sources.join(", "))}.`,
      ),
      tag(
        "details",
        { class: "finding" },
        tag("summary", {}, `Firewall rules from the nodes and pods subnets (${egress.length})`) + table(["destination", "port", "why"], egress),
      ),
      tag("h3", {}, "Notes"),
      tag("ul", { class: "notes" }, req.notes.map((n) => tag("li", {}, esc(n))).join("")),
    );
  }
  if (dns) {
    parts.push(
      tag("h3", {}, "DNS forwarding"),
      tag("p", {}, `On your DNS servers (${esc(dns.servers.join(", "))}), forward these public zones to ${esc(dns.forwarder)}:`),
      tag("ul", {}, dns.zones.map((z) => tag("li", {}, code(z))).join("")),
    );
  }
  return section("customer", "What the customer must configure", parts);
}

/** The report as one HTML document; `header` (dpnet's generated-file mark) is its first line. */
/** The wide diagram, and the compact one when given (CSS shows one of them). */
function diagramBlock(input: ReportInput): string {
  if (input.compactDiagram === undefined) return tag("div", { class: "diagram" }, input.diagram.trim());
  const layouts = tag("div", { class: "wide" }, input.diagram.trim()) + tag("div", { class: "compact" }, input.compactDiagram.trim());
  return tag("div", { class: "diagram" }, layouts);
}

export function renderReport(input: ReportInput, header?: string): string {
  const { plan, findings } = input;
  const checks = checkResults(plan, findings);
  const s = plan.summary;
  const req = s.cloud === "azure" ? s.customerRequirements : undefined;
  const dns = s.cloud === "azure" ? s.dnsForwarding : undefined;
  const vpc = s.cloud === "aws" ? s.existingVpc : undefined;
  const links = [
    ["summary", "Summary"],
    ["diagram", "Diagram"],
    ["addresses", "Address plan"],
    ["outputs", "Outputs"],
    ["checks", "Checks"],
    ["capacity", "Capacity"],
    ...(req || dns || vpc ? [["customer", "What the customer must configure"]] : []),
  ];
  const body = [
    tag("h1", {}, esc(s.name)),
    tag("p", { class: "subtitle" }, esc(`${CLOUD_NAMES[s.cloud]} · ${s.region} · ${planMode(plan)}`)),
    tag("nav", {}, links.map(([id, text]) => tag("a", { href: `#${id}` }, esc(text!))).join("")),
    summarySection(plan, findings, checks, input.label),
    section("diagram", "Diagram", [diagramBlock(input)]),
    addressSection(plan),
    outputsSection(plan),
    checksSection(findings, checks),
    capacitySection(plan),
    vpc ? existingVpcSection(vpc) : requirementsSection(req, dns),
    tag("footer", {}, `Generated by dpnet ${esc(VERSION)}. Self-contained: no scripts, nothing loaded from the network.`),
  ].filter(Boolean);
  return [
    ...(header ? [header] : []),
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    tag("title", {}, esc(`${s.name} · dpnet network report`)),
    tag("style", {}, CSS),
    "</head>",
    "<body>",
    tag("main", {}, body.join("\n")),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
