// Runs the dpnet command line as users do: a whole process, its exit code and output.
import { spawnSync } from "node:child_process";

const BIN = new URL("../../../bin/dpnet.js", import.meta.url).pathname;

export function dpnet(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return dpnetWithInput(undefined, ...args);
}

/** As dpnet(), with `input` on standard input. */
export function dpnetWithInput(input: string | undefined, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...(input === undefined ? {} : { input }) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
