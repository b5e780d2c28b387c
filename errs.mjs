import { parse } from "@cdktn/hcl2json";
import { parseHcl, toJson } from "./dist/src/hcl/index.js";
const cases = [
  'a = "unterminated\n',
  'a = "abc',
  'a = <<EOT\nno end\n',
  'a = <<EOT no newline\nEOT\n',
  'resource "x" "y" {\n  a = 1\n',
  'resource "x" "y" {\n  a = 1\n}\n}\n',
  'a = [1, 2\n',
  'a = (1 + 2\n',
  'a = { b = 1\n',
  'a = 1 2\n',
  'a = \n',
  'a = "${x"\n',
  'a = "${x}\n',
  'a = "%{ if x }y"\n',
  'a = "%{ endif }"\n',
  'a = "\\q"\n',
  'a = 1\na = 2\n',
  'b "x" = 1\n',
  'a = foo(1,,2)\n',
  '= 1\n',
  'a = x ? 1\n',
  'block { a = 1 b = 2 }\n',
  'a = [for x in y x]\n',
  'a = "x" /* unterminated\n',
  'a = 1 +\n',
  'a = x.\n',
  'a = x[*\n',
  '"q" = 1\n',
  'a = { b = 1 c = 2 }\n',
  'a {\n  b = <<EOT\n  x\n}\n',
];
for (const src of cases) {
  let ref, mine;
  try { await parse("x.tf", src); ref = "OK"; } catch (e) { ref = e.message.replace(/^parse config: \[/, ""); }
  try { toJson(parseHcl(src, "x.tf")); mine = "OK"; } catch (e) { mine = e.message; }
  const rl = /x\.tf:(\d+),(\d+)/.exec(ref), ml = /x\.tf:(\d+),(\d+)/.exec(mine);
  const same = rl && ml && rl[1] === ml[1] && rl[2] === ml[2];
  console.log(JSON.stringify(src), "\n   ref:", ref.slice(0, 140), "\n  mine:", mine.slice(0, 140), same ? "  SAME" : ref === mine ? "" : "  <<<");
}
