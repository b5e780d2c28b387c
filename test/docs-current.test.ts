// docs/ shows what users get: the committed diagrams and reports equal what `dpnet synth`
// writes for the examples today (regenerate with: npm run docs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dpnet } from "./support/cli.js";

const root = new URL("../../", import.meta.url).pathname;

for (const example of ["aws-internet", "aws-privatelink", "aws-existing-vpc", "azure-managed", "azure-customer-managed"]) {
  test(`docs/${example}.svg and .report.html are current`, () => {
    const out = mkdtempSync(join(tmpdir(), "dpnet-docs-"));
    try {
      const r = dpnet("synth", join(root, "examples", `${example}.yaml`), "-o", out);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(join(out, "network.svg"), "utf8"), readFileSync(join(root, "docs", `${example}.svg`), "utf8"), "run npm run docs");
      assert.equal(readFileSync(join(out, "report.html"), "utf8"), readFileSync(join(root, "docs", `${example}.report.html`), "utf8"), "run npm run docs");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}
