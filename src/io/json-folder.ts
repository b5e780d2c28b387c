// Reads a folder of JSON exports (cloud CLI outputs), recursively, in a stable order. A file that is
// not JSON is an input error naming it; where each element of a top-level array starts is kept,
// so findings can point at the line (SARIF locations).
import { readdirSync, statSync } from "node:fs";
import { readRegularFile } from "./read-file.js";
import { join, relative } from "node:path";
import { ProblemList, inputError } from "../spec/errors.js";

export type Json = Record<string, unknown>;

export interface JsonDocument {
  /** The path as given plus the file's path inside the folder. */
  file: string;
  data: unknown;
  /** Line (1-based) where object `index` of the array at top-level key `key` starts; key "" for a top-level array. */
  line(key: string, index: number): number | undefined;
}

export interface JsonFolder {
  documents: JsonDocument[];
  /** Files left out because they are not `.json`, one note each. */
  notes: string[];
}

const NEWLINE = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COLON = 58;

/**
 * One pass over valid JSON text: the line each object or array in a top-level array starts on. Only
 * strings and brackets matter here; JSON.parse has already checked the rest.
 */
function elementLines(text: string): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  let line = 1;
  let depth = 0;
  let key = "";
  let lastString = "";
  let arrayKey: string | undefined;
  let arrayDepth = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) line++;
    else if (c === QUOTE) {
      const start = i + 1;
      while (++i < text.length && text.charCodeAt(i) !== QUOTE) if (text.charCodeAt(i) === BACKSLASH) i++;
      if (depth === 1) lastString = text.slice(start, i);
    } else if (c === COLON && depth === 1) key = lastString;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (depth === arrayDepth + 1 && arrayKey !== undefined) lines.get(arrayKey)!.push(line);
      else if (c === OPEN_ARRAY && depth <= 1 && arrayKey === undefined) {
        arrayKey = depth === 0 ? "" : key;
        arrayDepth = depth;
        lines.set(arrayKey, []);
      }
      depth++;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
      if (depth === arrayDepth && c === CLOSE_ARRAY) arrayKey = undefined;
    }
  }
  return lines;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Where JSON.parse stopped, as a line number, from the position its message gives. */
function failureLine(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return "";
  const position = Number(at[1]);
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === NEWLINE) line++;
  return ` at line ${line}`;
}

/** Parses one file; problems go to `problems` (a folder is reported in one round). */
function parseFile(file: string, problems: ProblemList): JsonDocument | undefined {
  const text = readRegularFile(file).replace(/^\uFEFF/, "");
  if (text.trim() === "") {
    problems.add(file, undefined, "is empty: the command that wrote it failed or printed nothing; run it again");
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const truncated = /end of JSON input|Unterminated|Expected/.test(message) ? " (truncated?)" : "";
    problems.add(file, undefined, `is not valid JSON${truncated}: ${message.split("\n")[0]}${failureLine(text, message)}; export it again`);
    return undefined;
  }
  const lines = elementLines(text);
  return { file, data, line: (key, index) => lines.get(key)?.[index] };
}

/** Every `.json` file under `path` (or `path` itself, a file), parsed; any invalid one is an InputError naming it. */
export function readJsonFolder(path: string): JsonFolder {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw inputError(path, undefined, "does not exist");
  }
  const files = isDir ? listFiles(path) : [path];
  const problems = new ProblemList();
  const documents: JsonDocument[] = [];
  const notes: string[] = [];
  for (const file of files) {
    if (!/\.json$/i.test(file)) {
      notes.push(`${isDir ? relative(path, file) : file}: not a .json file: ignored`);
      continue;
    }
    const doc = parseFile(file, problems);
    if (doc) documents.push(doc);
  }
  problems.throwIfAny();
  return { documents, notes };
}

// Defensive accessors: exports come from many CLI versions, and a field of the wrong type is
// treated as absent rather than trusted.

export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function str(o: Json | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === "string" ? v : undefined;
}

export function num(o: Json | undefined, key: string): number | undefined {
  const v = o?.[key];
  if (typeof v === "number") return v;
  return typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : undefined;
}

export function bool(o: Json | undefined, key: string): boolean | undefined {
  const v = o?.[key];
  if (typeof v === "boolean") return v;
  return v === "true" ? true : v === "false" ? false : undefined;
}

export function obj(o: Json | undefined, key: string): Json | undefined {
  const v = o?.[key];
  return isObject(v) ? v : undefined;
}

/** The objects of an array field (other entries dropped). */
export function objects(o: Json | undefined, key: string): Json[] {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
}

export function strings(o: Json | undefined, key: string): string[] {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
