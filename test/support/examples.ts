// dpnet's examples as the checks see them: loaded through `loadSource` (spec -> module -> topology),
// changed on purpose by a test, then checked.
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Finding } from "../../src/findings.js";
import { runChecks } from "../../src/analyze/checks/index.js";
import { type LoadedSource, loadSource } from "../../src/import/source.js";
import { loadSpecFile } from "../../src/io/spec-file.js";
import { writeOutputDir } from "../../src/io/output-dir.js";
import { planSpec, renderPlan } from "../../src/plan/index.js";
import type { Topology } from "../../src/topology/model.js";
import { CHILD_MODULE_DIR } from "../../src/terraform/root.js";

export const EXAMPLES = ["aws-internet", "aws-privatelink", "aws-existing-vpc", "azure-managed", "azure-customer-managed"] as const;
export type Example = (typeof EXAMPLES)[number];

export function examplePath(name: Example): string {
  return new URL(`../../../examples/${name}.yaml`, import.meta.url).pathname;
}

/** A fresh load of the example (its topology is frozen once checked, so each test loads its own). */
export function loadExample(name: Example): Promise<LoadedSource> {
  return loadSource(examplePath(name));
}

/** The example's findings after `change` (if any) to its topology. */
export async function checkExample(name: Example, change?: (t: Topology) => void): Promise<Finding[]> {
  const loaded = await loadExample(name);
  change?.(loaded.topology);
  return runChecks(loaded.topology, loaded.context, loaded.gaps);
}

/** `severity id resource`, for exact comparisons. */
export const view = (f: Finding): string => `${f.severity} ${f.id} ${f.resource}`;

/** The trace as `id (kind)` lines. */
export const hops = (f: Finding | undefined): string[] => (f?.trace ?? []).map((h) => `${h.id} (${h.kind})`);

/** The element of `list` with this id; throws when it is missing, so a test never changes nothing. */
export function byId<T extends { id: string }>(list: readonly T[], id: string): T {
  const found = list.find((e) => e.id === id);
  if (!found) throw new Error(`${id} is not in the topology`);
  return found;
}

/** A file of the data-plane module inside a folder synth wrote (the child under the thin root). */
export const moduleFile = (dir: string, file: string): string => join(dir, CHILD_MODULE_DIR, file);

/** The module synth writes for the example, in a fresh folder. */
export function writtenModule(name: Example): string {
  const { spec, source } = loadSpecFile(examplePath(name));
  const dir = join(mkdtempSync(join(tmpdir(), "dpnet-checks-")), "infra");
  writeOutputDir(dir, renderPlan(planSpec(spec), source), { force: false });
  return dir;
}

const SSH_RULE = `
resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.worker.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/0"
}
`;

/** The aws-internet module, with SSH opened to the world at `line` of security.tf. */
export function brokenModule(): { dir: string; line: number } {
  const dir = writtenModule("aws-internet");
  const line = readFileSync(moduleFile(dir, "security.tf"), "utf8").split("\n").length + 1;
  appendFileSync(moduleFile(dir, "security.tf"), SSH_RULE);
  return { dir, line };
}

/** TCP 400-500 from 0.0.0.0/1 on the ingress NLB's security group: it takes in 443, the sync port, from half the internet. */
export const PLANTED_NLB_RULE = `
resource "aws_vpc_security_group_ingress_rule" "planted" {
  security_group_id = aws_security_group.ingress-nlb.id
  ip_protocol       = "tcp"
  from_port         = 400
  to_port           = 500
  cidr_ipv4         = "0.0.0.0/1"
}
`;
