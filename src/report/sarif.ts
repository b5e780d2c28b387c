// Findings as SARIF 2.1.0, for code-scanning UIs (GitHub code scanning, Azure DevOps, IDEs): one
// run whose rules are the check catalog and whose results point at the .tf file and line of the
// resource where it is known, with the trace as a code flow.
import { createHash } from "node:crypto";
import { isAbsolute, relative, sep } from "node:path";
import type { Finding, Severity, TraceHop } from "../findings.js";
import { CHECKS, type CheckInfo } from "../analyze/checks/catalog.js";
import type { SourceLocation } from "../topology/model.js";
import { VERSION } from "../version.js";

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// GitHub reads security-severity as CVSS-like: >= 7 high, >= 4 medium, else low.
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.0", note: "2.0" };

export interface SarifOptions {
  /** Where a resource (Terraform address or cloud id) is written, when known. */
  locate?: (resource: string) => SourceLocation | undefined;
  /** The file that was judged, for findings about resources without a location of their own (spec fields, cloud ids). */
  input?: string;
}

type Json = Record<string, unknown>;

/** A path as SARIF wants it: relative to the working directory when inside it, with forward slashes. */
function uriOf(file: string): string {
  const rel = isAbsolute(file) ? relative(process.cwd(), file) : file;
  const shown = rel.startsWith("..") ? file : rel;
  return shown.split(sep).join("/");
}

function physical(at: SourceLocation): Json {
  return {
    artifactLocation: { uri: uriOf(at.file) },
    // The 2.1.0 schema wants a region to have a start; without a line the whole file is meant.
    ...(at.line !== undefined ? { region: { startLine: at.line } } : {}),
  };
}

function location(resource: string, options: SarifOptions, message?: string): Json {
  const at = options.locate?.(resource) ?? (options.input ? { file: options.input } : undefined);
  return {
    ...(at ? { physicalLocation: physical(at) } : {}),
    logicalLocations: [{ fullyQualifiedName: resource, kind: "resource" }],
    ...(message ? { message: { text: message } } : {}),
  };
}

/** The title as an identifier, as SARIF wants a rule's `name`: `PodCidrAssociatedWithTheVpc`. */
function identifier(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join("");
}

function rule(c: CheckInfo): Json {
  const crosswalk = [...(c.crosswalk?.checkov ?? []), ...(c.crosswalk?.trivy ?? [])];
  const seeAlso = crosswalk.length ? `\n\nCorresponds to: ${crosswalk.join(", ")}.` : "";
  return {
    id: c.id,
    name: identifier(c.title),
    shortDescription: { text: c.title },
    fullDescription: { text: c.rationale },
    help: {
      text: `${c.rationale}\n\nFix: ${c.fix}${seeAlso}`,
      markdown: `${c.rationale}\n\n**Fix:** ${c.fix}${seeAlso}`,
    },
    defaultConfiguration: { level: c.severity },
    properties: {
      tags: ["security", "network", `dpnet-${c.level}`, ...crosswalk],
      "security-severity": SECURITY_SEVERITY[c.severity],
      precision: "high",
    },
  };
}

function codeFlow(trace: readonly TraceHop[], options: SarifOptions): Json {
  const locations = trace.map((hop) => ({ location: location(hop.id, options, `${hop.kind} ${hop.id}: ${hop.decision}`) }));
  return { message: { text: "why: each element the traffic or the reasoning passed, and what decided there" }, threadFlows: [{ locations }] };
}

function result(f: Finding, ruleIndex: number, options: SarifOptions): Json {
  const fingerprint = createHash("sha256").update(`${f.id}\0${f.resource}`).digest("hex").slice(0, 32);
  return {
    ruleId: f.id,
    ruleIndex,
    level: f.severity,
    message: { text: `${f.resource}: ${f.message}` },
    locations: [location(f.resource, options)],
    partialFingerprints: { "dpnetFinding/v1": fingerprint },
    ...(f.trace.length ? { codeFlows: [codeFlow(f.trace, options)] } : {}),
  };
}

/** The SARIF log of one analysis: every catalog rule, and one result per finding. */
export function toSarif(findings: readonly Finding[], options: SarifOptions = {}): Json {
  const index: ReadonlyMap<string, number> = new Map(CHECKS.map((c, i) => [c.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "dpnet", version: VERSION, semanticVersion: VERSION, rules: CHECKS.map(rule) } },
        results: findings.map((f) => {
          const i = index.get(f.id);
          if (i === undefined) throw new Error(`finding ${f.id} has no catalog entry`);
          return result(f, i, options);
        }),
        columnKind: "unicodeCodePoints",
      },
    ],
  };
}
