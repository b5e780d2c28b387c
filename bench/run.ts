// Runs every benchmark and prints the figures (recorded in BENCHMARKS.md).
import { cpus, totalmem } from "node:os";
import { benchSynth } from "./synth.js";

console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB`);
console.log("\n# synth (issue 2)");
await benchSynth();
