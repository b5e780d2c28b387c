// What every command shares: output, and ending with an exit code.
import { printable } from "../io/text.js";

/** 0 fine, 1 error-level findings, 2 bad input or environment, 3 a bug in dpnet. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** Thrown by a command to end with an exit code after it has printed what it had to say. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Lines for a terminal: a control character in any value (an export's name, a file name) is shown escaped, never sent raw. */
export function terminalText(text: string): string {
  return text.split("\n").map(printable).join("\n");
}

export function out(text: string): void {
  const safe = terminalText(text);
  process.stdout.write(safe.endsWith("\n") ? safe : `${safe}\n`);
}

/** JSON lines on stdout: JSON.stringify escapes control characters below 0x20; the rest (DEL, C1, U+2028/9) as \\u escapes too, still the same JSON. */
export function outJsonLines(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(`${lines.map(printable).join("\n")}\n`);
}

/** One message on stderr. */
export function err(text: string): void {
  process.stderr.write(`${terminalText(text)}\n`);
}
