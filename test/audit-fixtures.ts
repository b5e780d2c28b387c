// The hand-made exports of test/fixtures: a compliant AWS VPC and Azure VNet, and variants that
// each hold only the files that differ, laid over the compliant export in a scratch folder.
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Topology } from "../src/topology/model.js";

export const FIXTURES = new URL("../../test/fixtures/", import.meta.url).pathname;
export const BATFISH = new URL("../../test/conformance/batfish-aws/", import.meta.url).pathname;

/** A scratch folder with `base` and the variants laid over it, in order. */
export function exportOf(base: string, ...variants: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-export-"));
  for (const name of [base, ...variants]) cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Finding ids and resources, the way the tests compare them. */
export function idsAndResources(findings: readonly { id: string; resource: string }[]): [string, string][] {
  return findings.map((f) => [f.id, f.resource]);
}

/** A topology without where its elements are written (files and live calls differ there, nothing else should). */
export function withoutSources(t: Topology): unknown {
  return JSON.parse(JSON.stringify(t, (key, value) => (key === "source" ? undefined : value)));
}
