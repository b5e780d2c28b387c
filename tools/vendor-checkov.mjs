#!/usr/bin/env node
// Hand-run: vendors checkov's own tests for the rules dpnet's catalog cross-walks to
// (shared/conformance/checkov) into test/conformance/checkov/, compactly, so a clean clone runs the
// conformance test without ../shared:
// - <rule>/<case>/main.tf: checkov's test input, byte for byte, once: the verbatim variant is that
//   file alone, the completed variant the same folder with context.tf (what the input refers to but
//   never declares, written by dpnet's oracle, not by checkov) beside it;
// - oracles.json: per rule, the pass/fail sets checkov's test asserts, the verdicts disputed (and
//   why), and the cases as { dir, variant, files, passing, failing };
// - LICENSE (checkov's Apache-2.0) and PROVENANCE.md (the source's, then how this copy was made).
//
//   node tools/vendor-checkov.mjs [../shared/conformance/checkov]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const from = path.resolve(process.argv[2] ?? path.join(root, "../shared/conformance/checkov"));
const to = path.join(root, "test/conformance/checkov");
const COMPLETED = "+context";

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const read = (...parts) => fs.readFileSync(path.join(from, ...parts), "utf8");

fs.rmSync(to, { recursive: true, force: true });
const rules = fs
  .readdirSync(from, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const oracles = rules.map((rule) => {
  const oracle = JSON.parse(read(rule, "oracle.json"));
  const cases = oracle.cases.map((c) => {
    const dir = c.dir.endsWith(COMPLETED) ? c.dir.slice(0, -COMPLETED.length) : c.dir;
    const files = fs.readdirSync(path.join(from, rule, c.dir)).sort();
    // checkov's input is the same in both variants: copy it once, and prove it is the same.
    for (const file of files) {
      const text = read(rule, c.dir, file);
      const target = path.join(to, rule, dir, file);
      if (fs.existsSync(target)) {
        if (fs.readFileSync(target, "utf8") !== text) throw new Error(`${rule}/${c.dir}/${file} differs from the other variant's`);
      } else write(target, text);
    }
    const expected = c.variant === "completed" ? ["main.tf", ...(c.added ?? [])].sort() : ["main.tf"];
    if (JSON.stringify(files) !== JSON.stringify(expected)) throw new Error(`${rule}/${c.dir}: files ${files} are not ${expected}`);
    return { dir, variant: c.variant, files, source: c.source, passing: c.passing, failing: c.failing };
  });
  const { checkov, title, kind, cloud, commit, check, test, dpnet, names, disputed } = oracle;
  return { checkov, title, kind, cloud, commit, check, test, dpnet, names, disputed, cases };
});

write(path.join(to, "oracles.json"), `${JSON.stringify(oracles, null, 2)}\n`);
fs.copyFileSync(path.join(from, "LICENSE"), path.join(to, "LICENSE"));
write(
  path.join(to, "PROVENANCE.md"),
  `${read("PROVENANCE.md").trimEnd()}

## This copy

Made by \`node tools/vendor-checkov.mjs\` from the folder above (dpnet's \`../shared/conformance/checkov\`): each rule's
\`oracle.json\` merged into \`oracles.json\` (fields unchanged; a case's \`dir\` names the vendored folder, \`files\` the
files of its variant); each checkov input copied once, byte for byte, the completed variant's \`context.tf\` beside it.
Read by \`test/conformance-checkov.test.ts\`.
`,
);
console.log(`vendored ${oracles.length} rules, ${oracles.reduce((n, o) => n + o.cases.length, 0)} cases into ${path.relative(root, to)}`);
