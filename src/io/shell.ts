// The one quoting rule for the commands dpnet prints: POSIX shell words. Every argument is a
// literal word when pasted into sh, bash or zsh, whatever an export's ids and names hold.
import { hasControl, printable } from "./text.js";

// Words made only of these need no quotes in any POSIX shell (no globbing, expansion or operators).
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Thrown for a value no printed command may carry (a control character would reach the terminal raw). */
export class UnquotableError extends Error {}

/** `word` as one literal shell word: bare when safe, else single-quoted (`'` written `'\''`). */
export function shellWord(word: string): string {
  if (hasControl(word) || word.includes("\0")) throw new UnquotableError(`cannot be quoted for a shell: ${printable(word)}`);
  return PLAIN.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** One command line: each argument quoted, then an optional `# comment` (kept on the line). */
export function shellCommand(args: readonly string[], comment?: string): string {
  const line = args.map(shellWord).join(" ");
  return comment === undefined ? line : `${line}   # ${printable(comment)}`;
}
