// Reading a spec from a YAML (or JSON) file, with errors that say where the file is wrong.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseDocument } from "yaml";
import { InputError, inputError } from "../spec/errors.js";
import { parseSpec, type Spec } from "../spec/index.js";
import type { SpecSource } from "../plan/index.js";

export interface LoadedSpec {
  spec: Spec;
  source: SpecSource;
}

export function readSpecText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError("", path, code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder, not a spec file" : `cannot be read (${code})`);
  }
}

/** Parses YAML text into a validated spec. `label` names the file in messages. */
export function parseSpecText(text: string, label: string): Spec {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new InputError(doc.errors.map((e) => ({ path: label, rule: `is not valid YAML: ${e.message.split("\n")[0]} (line ${e.linePos?.[0]?.line ?? "?"})` })));
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw inputError(label, undefined, "must be a YAML mapping with name, cloud and aws or azure");
  }
  return parseSpec(data);
}

export function loadSpecFile(path: string): LoadedSpec {
  const text = readSpecText(path);
  return { spec: parseSpecText(text, basename(path)), source: { label: basename(path), text } };
}
