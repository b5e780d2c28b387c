// What every command shares: output, and ending with an exit code.

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Thrown by a command to end with an exit code after it has printed what it had to say. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export function out(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}
