// Writes the CLI's V8 code cache (see bin/dpnet.js) by running the commands users run most:
// the cache keeps what the first run compiled, so it is made with a synth into a temporary folder.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

rmSync("dist/cli/dpnet.cjs.v8-cache", { force: true });
const out = mkdtempSync(join(tmpdir(), "dpnet-warm-"));
try {
  execFileSync(process.execPath, ["bin/dpnet.js", "synth", "examples/aws-internet.yaml", "-o", out], { stdio: "ignore" });
} finally {
  rmSync(out, { recursive: true, force: true });
}
