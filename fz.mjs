import fc from "fast-check";
import { parse } from "@cdktn/hcl2json";
import { hclFile } from "./dist/test/support/hcl-fuzz.js";
import { parseHcl, toJson } from "./dist/src/hcl/index.js";
import { isDeepStrictEqual } from "node:util";
const n = Number(process.argv[2] ?? 300), seed = Number(process.argv[3] ?? 1);
const files = fc.sample(hclFile, { numRuns: n, seed });
let ok = 0, shown = 0;
for (const src of files) {
  let ref, mine;
  try { ref = JSON.parse(JSON.stringify(await parse("x.tf", src))); } catch (e) { ref = "ERR " + e.message; }
  try { mine = JSON.parse(JSON.stringify(toJson(parseHcl(src, "x.tf")))); } catch (e) { mine = "ERR " + e.message; }
  const same = (typeof ref === "string" && typeof mine === "string") || isDeepStrictEqual(ref, mine);
  if (same) { ok++; continue; }
  if (shown++ < 3) { console.log("=====\n" + src + "\n--- ref"); console.log(typeof ref === "string" ? ref : JSON.stringify(ref)); console.log("--- mine"); console.log(typeof mine === "string" ? mine : JSON.stringify(mine)); }
}
console.log(ok, "/", files.length);
