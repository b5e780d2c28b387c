// Reading a spec from a YAML (or JSON) file, with errors that say where the file is wrong.
import { readRegularFile } from "./read-file.js";
import { basename } from "node:path";
import { type Document, isScalar, LineCounter, parseDocument, visit } from "yaml";
import { InputError, inputError, type InputProblem } from "../spec/errors.js";
import { parseSpec, type Spec } from "../spec/index.js";
import { yamlSyntaxRule } from "./yaml-syntax.js";
import type { SpecSource } from "../plan/index.js";

export interface LoadedSpec {
  spec: Spec;
  source: SpecSource;
}

export function readSpecText(path: string): string {
  return readRegularFile(path);
}

// Aliases may expand a small file into a huge one ("billion laughs"): a spec needs few, if any.
const MAX_ALIAS_COUNT = 100;

/** Duplicate keys, found with one set per mapping: yaml's own uniqueKeys check is quadratic in a mapping's size. */
function duplicateKeys(doc: Document, lines: LineCounter, label: string): InputProblem[] {
  const problems: InputProblem[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        const at = isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]) : undefined;
        problems.push({ path: label, rule: `is not valid YAML: map keys must be unique (${at ? `line ${at.line}, column ${at.col}` : "line ?"})` });
      }
    },
  });
  return problems;
}

/** Parses YAML text into a validated spec. `label` names the file in messages. */
export function parseSpecText(text: string, label: string): Spec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, lineCounter: lines });
  if (doc.errors.length) {
    throw new InputError(doc.errors.map((e) => ({ path: label, rule: yamlSyntaxRule(e, lines) })));
  }
  const duplicates = duplicateKeys(doc, lines, label);
  if (duplicates.length) throw new InputError(duplicates);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError)
      throw inputError(label, undefined, `expands YAML aliases too far (${e.message}): a spec needs at most ${MAX_ALIAS_COUNT} alias uses`);
    throw e;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw inputError(label, undefined, "must be a YAML mapping with name, cloud and aws or azure");
  }
  return parseSpec(data);
}

export function loadSpecFile(path: string): LoadedSpec {
  const text = readSpecText(path);
  return { spec: parseSpecText(text, basename(path)), source: { label: basename(path), text } };
}
