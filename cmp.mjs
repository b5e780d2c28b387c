import { parse } from "@cdktn/hcl2json";
import { parseHcl, toJson } from "/work/wt-hcl/dist/src/hcl/index.js";
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
let ok = 0, bad = 0;
for (const f of process.argv.slice(2)) {
  const src = readFileSync(f, "utf8");
  let ref, mine;
  try { ref = await parse("x.tf", src); } catch (e) { ref = "ERR " + e.message; }
  try { mine = toJson(parseHcl(src, f)); } catch (e) { mine = "ERR " + e.message; }
  if (typeof ref === "string" && typeof mine === "string") { ok++; continue; }
  if (isDeepStrictEqual(JSON.parse(JSON.stringify(ref)), JSON.parse(JSON.stringify(mine)))) ok++;
  else { bad++; console.log("DIFF", f); if (process.env.V) { console.log(JSON.stringify(ref, null, 1).slice(0, 3000)); console.log(JSON.stringify(mine, null, 1).slice(0, 3000)); } }
}
console.log(ok, "ok", bad, "bad");
