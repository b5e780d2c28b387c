// `dpnet reach --batch`: questions as JSON lines, read and checked whole before any is asked, so
// malformed input prints one error and no answers.
import { readFileSync } from "node:fs";
import { inputError } from "../spec/errors.js";

/** The protocol spellings `--protocol` takes: a name or an IP protocol number. */
export type ProtocolWord = "tcp" | "udp" | "icmp" | "icmpv6" | number;

export interface BatchQuestion {
  from: string;
  to: string;
  protocol?: ProtocolWord;
}

const NAMES = new Set(["tcp", "udp", "icmp", "icmpv6"]);
export const PROTOCOL_RULE = "is not tcp, udp, icmp, icmpv6 or a protocol number 0-255";

/** `tcp`, `17`, 17 -> the protocol; undefined when the text is none of them. */
export function parseProtocol(value: unknown): ProtocolWord | undefined {
  if (typeof value === "string" && NAMES.has(value)) return value as ProtocolWord;
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 0 && n <= 255 ? n : undefined;
}

/** The questions of a batch file (`-`: standard input); blank lines are skipped. Throws InputError naming `<file>:<line>`. */
export function readBatch(path: string): BatchQuestion[] {
  const where = path === "-" ? "stdin" : path;
  let text: string;
  try {
    text = readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (e) {
    throw inputError("--batch", path, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const questions: BatchQuestion[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const at = `${where}:${i + 1}`;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      throw inputError(at, line, 'is not a JSON object like {"from": "...", "to": "...", "protocol": "tcp"}');
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) throw inputError(at, line, "is not a JSON object");
    const q = data as Record<string, unknown>;
    const unknown = Object.keys(q).find((k) => k !== "from" && k !== "to" && k !== "protocol");
    if (unknown !== undefined) throw inputError(`${at}.${unknown}`, q[unknown], "is not a question field (from, to, protocol)");
    for (const key of ["from", "to"] as const) {
      if (typeof q[key] !== "string" || q[key] === "") throw inputError(`${at}.${key}`, q[key], "must be a non-empty string, spelled as --from/--to");
    }
    const question: BatchQuestion = { from: q.from as string, to: q.to as string };
    if (q.protocol !== undefined && q.protocol !== null) {
      const protocol = parseProtocol(q.protocol);
      if (protocol === undefined) throw inputError(`${at}.protocol`, q.protocol, PROTOCOL_RULE);
      question.protocol = protocol;
    }
    questions.push(question);
  });
  return questions;
}
