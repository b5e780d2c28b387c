// Runs every benchmark and prints the figures (recorded in BENCHMARKS.md).
import { cpus, totalmem } from "node:os";
import { benchSynth } from "./synth.js";
import { benchCdk } from "./cdk.js";
import { benchAudit } from "./audit.js";
import { benchVerify } from "./verify.js";
import { benchExposure } from "./exposure.js";
import { benchParse } from "./parse.js";
import { benchPlanJson } from "./plan-json.js";
import { benchReachBatch } from "./reach-batch.js";

console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB`);
console.log("\n# synth (issue 2)");
await benchSynth();
console.log("\n# dpnet synth vs cdk synth of the same network (issue 7)");
await benchCdk();
console.log("\n# audit of an existing network (issue 6)");
await benchAudit();
console.log("\n# verify and reach on a large topology (issue 5)");
await benchVerify();
console.log("\n# reading Terraform: the HCL parser (issue 18)");
await benchParse();
console.log("\n# verify of a plan as real Terraform writes it (issue 12)");
await benchPlanJson();
console.log("\n# every packet: exposure and intents (issue 17)");
await benchExposure();
console.log("\n# reach --batch on a real AWS lab (issue 13)");
await benchReachBatch();
