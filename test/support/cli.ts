// Runs the dpnet command line as users do: a whole process, its exit code and output.
import { spawnSync } from "node:child_process";

const BIN = new URL("../../../bin/dpnet.js", import.meta.url).pathname;

export function dpnet(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
