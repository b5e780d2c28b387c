// Conformance with checkov's own tests (test/conformance/checkov, vendored by tools/vendor-checkov.mjs):
// for each rule dpnet's catalog cross-walks to checkov, every resource checkov's test lists gets
// checkov's verdict from dpnet's cross-walked checks, on checkov's input as it ships (verbatim) and
// on the same input completed with the VPC, groups or NSG it refers to (completed). Where the
// oracle disputes checkov's verdict, dpnet gives the disputed reading and the assertion says so.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { judge } from "../src/analyze/audit/index.js";
import { checkInfo } from "../src/analyze/checks/index.js";
import { loadSource } from "../src/import/source.js";

const ROOT = new URL("../../test/conformance/checkov/", import.meta.url).pathname;

interface Oracle {
  checkov: string;
  dpnet: string[];
  /** checkov's resource -> the resources dpnet reports for it (CKV2_AWS_12 judges a VPC by its default group). */
  names: Record<string, string[]>;
  disputed: Record<string, { verdict: "pass" | "fail"; why: string }>;
  cases: { dir: string; variant: "verbatim" | "completed"; files: string[]; passing: string[]; failing: string[] }[];
}

const ORACLES = JSON.parse(readFileSync(join(ROOT, "oracles.json"), "utf8")) as Oracle[];

/** A finding's resource belongs to a listed resource when it is that resource or a part of it (`.ingress[0] #2`, `.default_security_group_id`). */
function ownerOf(resource: string, listed: readonly string[]): string | undefined {
  return listed.find((r) => resource === r || ([".", " ", "/", "["].includes(resource.charAt(r.length)) && resource.startsWith(r)));
}

const verdictText = (verdict: string, resource: string, oracle: Oracle) => {
  const disputed = oracle.disputed[resource];
  return disputed ? `${verdict} (disputed: checkov's test says ${verdict === "pass" ? "fail" : "pass"})` : verdict;
};

for (const oracle of ORACLES) {
  // Only checks judged on a network: DPN-AWS-102 judges a spec's own admin ports while planning.
  const ids = new Set(oracle.dpnet.filter((id) => checkInfo(id).level === "topology"));
  for (const c of oracle.cases) {
    test(`checkov ${oracle.checkov} (${[...ids].join(", ")}): ${c.dir}, ${c.variant}: every resource checkov's test lists gets its verdict`, async () => {
      const folder = join(ROOT, oracle.checkov, c.dir);
      const loaded = await loadSource(c.variant === "verbatim" ? join(folder, "main.tf") : folder);
      const all = judge(loaded);
      const findings = all.filter((f) => ids.has(f.id));
      const listed = [...c.passing, ...c.failing];
      // dpnet's names for each listed resource: its own, and those the oracle maps it to.
      const reported = new Map(listed.flatMap((r) => [r, ...(oracle.names[r] ?? [])].map((name) => [name, r] as const)));
      // A pass counts only for what dpnet read: an element or rule of the topology, or a value it reports as refused (DPN-DATA-002).
      const t = loaded.topology;
      const read = [
        ...(Object.values(t) as unknown[]).flatMap((list) => (Array.isArray(list) ? list.map((e: { id?: string }) => e.id ?? "") : [])),
        ...[...t.securityGroups, ...t.networkSecurityGroups].flatMap((g) => g.rules.map((r) => r.id ?? "")),
        ...all.filter((f) => f.id === "DPN-DATA-002").map((f) => f.resource),
      ];
      const seen = new Set(read.flatMap((id) => ownerOf(id, [...reported.keys()]) ?? []).map((name) => reported.get(name)!));
      const got = new Map<string, string>(listed.map((r) => [r, seen.has(r) ? "pass" : "not read"]));
      for (const f of findings) {
        const name = ownerOf(f.resource, [...reported.keys()]);
        if (name === undefined) continue;
        const r = reported.get(name)!;
        const verdict = f.message.startsWith("not enough data") ? `not enough data (${f.message})` : "fail";
        if (got.get(r) !== "fail") got.set(r, verdict);
      }
      const expected = (r: string, checkov: "pass" | "fail") => verdictText(oracle.disputed[r]?.verdict ?? checkov, r, oracle);
      assert.deepStrictEqual(
        Object.fromEntries(listed.map((r) => [r, verdictText(got.get(r)!, r, oracle)])),
        Object.fromEntries([...c.passing.map((r) => [r, expected(r, "pass")]), ...c.failing.map((r) => [r, expected(r, "fail")])]),
      );
    });
  }
}

test("checkov conformance: the disputed verdicts are ones checkov's test really asserts, each with its reason", () => {
  for (const oracle of ORACLES) {
    for (const [resource, d] of Object.entries(oracle.disputed)) {
      const checkov = oracle.cases.map((c) => (c.passing.includes(resource) ? "pass" : c.failing.includes(resource) ? "fail" : undefined));
      assert.ok(
        checkov.every((v) => v !== undefined && v !== d.verdict),
        `${oracle.checkov} ${resource}`,
      );
      assert.ok(d.why.length > 40, `${oracle.checkov} ${resource}: ${d.why}`);
    }
  }
  assert.deepStrictEqual(
    ORACLES.map((o) => [o.checkov, Object.keys(o.disputed).length, o.cases.length]),
    [
      ["CKV2_AWS_12", 1, 1],
      ["CKV_AWS_123", 0, 4],
      ["CKV_AWS_24", 4, 2],
      ["CKV_AWS_27", 2, 1],
      ["CKV_AZURE_10", 0, 2],
    ],
  );
});
