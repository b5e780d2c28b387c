import { parse } from "@cdktn/hcl2json";
import { readFileSync } from "node:fs";
const src = readFileSync(process.argv[2], "utf8");
try { console.log(JSON.stringify(await parse("x.tf", src), null, 1)); } catch (e) { console.log("ERR", e.message); }
