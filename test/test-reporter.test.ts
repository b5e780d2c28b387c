// `npm test`'s summary reporter (tools/test-summary.mjs): skipped tests by name and reason, the
// counts as node prints them, and a plain closing line.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "dpnet-reporter-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("npm test names every skipped test and closes with pass/fail/skip counts", () => {
  const script = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { test: string } }).scripts.test;
  assert.match(script, /--test-reporter=\.\/tools\/test-summary\.mjs/);
  const file = join(dir, "sample.test.mjs");
  writeFileSync(
    file,
    `import { test } from "node:test";\n` +
      `test("adds", () => {});\n` +
      `test("needs a browser", { skip: "chromium not found" }, () => {});\n` +
      `test("breaks", () => { throw new Error("no"); });\n`,
  );
  // Without NODE_TEST_CONTEXT the child runs as a run of its own, not as this test's subtest.
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const run = spawnSync(process.execPath, ["--test", "--test-reporter", join(root, "tools/test-summary.mjs"), file], { encoding: "utf8", env });
  assert.equal(run.status, 1);
  const lines = run.stdout.trim().split("\n");
  assert.ok(lines.includes(`  - needs a browser (chromium not found)  ${file}`), run.stdout);
  for (const line of ["ℹ tests 3", "ℹ pass 1", "ℹ fail 1", "ℹ skipped 1"]) assert.ok(lines.includes(line), `${line} in\n${run.stdout}`);
  assert.equal(lines.at(-1), "1 passed, 1 failed, 1 skipped");
});
