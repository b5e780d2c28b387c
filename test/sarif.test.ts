// SARIF 2.1.0 output, validated against the official schema (OASIS sarif-spec, errata01) with ajv:
// rules from the catalog with the checkov/trivy crosswalk, results at the .tf file and line, the
// trace as a code flow.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { CHECKS, runChecks } from "../src/analyze/checks/index.js";
import { loadSource } from "../src/import/source.js";
import { toSarif } from "../src/report/sarif.js";
import { EXAMPLES, brokenModule, checkExample, examplePath, moduleFile } from "./support/examples.js";

type Json = Record<string, any>;

const schema = JSON.parse(readFileSync(new URL("../../test/fixtures/sarif-schema-2.1.0.json", import.meta.url), "utf8")) as Json;
// The official schema is draft-04, whose `id` Ajv 8 reads as `$id`; its formats are not checked (no ajv-formats).
const { id, $schema: _draft, ...body } = schema;
const validate = new Ajv.default({ strict: false, allErrors: true, validateFormats: false }).compile({ $id: id, ...body });

function assertValid(log: unknown): void {
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

test("every example's findings as SARIF validate against the 2.1.0 schema", async () => {
  for (const name of EXAMPLES) assertValid(toSarif(await checkExample(name), { input: examplePath(name) }));
});

test("a finding in a module folder points at its .tf file and line, with the rule's crosswalk and the trace as a code flow", async () => {
  const { dir, line } = brokenModule();
  const loaded = await loadSource(dir);
  const log = toSarif(runChecks(loaded.topology, loaded.context, loaded.gaps), { locate: (r) => loaded.locations.get(r), input: dir }) as Json;
  assertValid(log);
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, "dpnet");
  assert.equal(run.tool.driver.rules.length, CHECKS.length);
  const ssh = run.results.filter((r: Json) => r.ruleId === "DPN-AWS-016");
  assert.equal(ssh.length, 1);
  const [result] = ssh;
  assert.equal(result.level, "error");
  assert.deepStrictEqual(result.locations[0].physicalLocation, { artifactLocation: { uri: moduleFile(dir, "security.tf") }, region: { startLine: line } });
  assert.deepStrictEqual(result.locations[0].logicalLocations, [
    { fullyQualifiedName: "module.data_plane.aws_vpc_security_group_ingress_rule.ssh", kind: "resource" },
  ]);
  assert.deepStrictEqual(
    result.codeFlows[0].threadFlows[0].locations.map((l: Json) => l.location.message.text),
    [
      "security-group module.data_plane.aws_security_group.worker: admits SSH (TCP 22) from 0.0.0.0/0",
      "security-group-rule module.data_plane.aws_vpc_security_group_ingress_rule.ssh: ingress tcp 22-22 from 0.0.0.0/0",
    ],
  );
  const rule = run.tool.driver.rules[result.ruleIndex];
  assert.equal(rule.id, "DPN-AWS-016");
  assert.equal(rule.shortDescription.text, "No security group admits SSH from the whole internet");
  assert.equal(rule.defaultConfiguration.level, "error");
  assert.equal(rule.properties["security-severity"], "8.0");
  assert.ok(rule.properties.tags.includes("CKV_AWS_24") && rule.properties.tags.includes("AVD-AWS-0107"), rule.properties.tags);
  assert.match(rule.help.text, /Fix: Narrow the rule's source/);
});

test("rules carry every crosswalk id, and levels follow the catalog's severities", () => {
  const rules = (toSarif([]) as Json).runs[0].tool.driver.rules as Json[];
  for (const c of CHECKS) {
    const rule = rules.find((r) => r.id === c.id)!;
    assert.equal(rule.defaultConfiguration.level, c.severity);
    for (const x of [...(c.crosswalk?.checkov ?? []), ...(c.crosswalk?.trivy ?? [])]) assert.ok(rule.properties.tags.includes(x), `${c.id} ${x}`);
  }
});
