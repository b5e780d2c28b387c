// What `dpnet verify` and `dpnet reach` take: a spec, a folder of .tf files, `terraform show -json`
// output, or (with --aws / --azure) an export of a live network, read into one topology with the
// data plane's intent beside it. Bad input is an InputError naming the file and the problem.
import { compareText } from "../io/text.js";
import { existsSync, readdirSync, statSync } from "node:fs";
import { JOURNAL } from "../io/output-dir.js";
import { readRegularFile } from "../io/read-file.js";
import { basename, dirname, extname, join, resolve } from "node:path";
import { planSpec } from "../plan/index.js";
import { inputError } from "../spec/errors.js";
import type { DataPlanePlan } from "../plan/types.js";
import { loadSpecFile } from "../io/spec-file.js";
import { moduleJson } from "../terraform/json.js";
import { type HclFile, HclSyntaxError, type Tree, bodyTree, parseHcl } from "../hcl/index.js";
import type { TopBlock } from "../terraform/ir.js";
import type { SourceLocation } from "../topology/model.js";
import { type DataPlaneContext, contextFromSpec, inferContext } from "../topology/context.js";
import { ParsedValue } from "./terraform/evaluate.js";
import { type ConfigModule, type TerraformJson, importTerraformConfig } from "./terraform/config.js";
import { importTerraformShow, isRawState, isTerraformShow, rawStateAsShow } from "./terraform/show.js";
import type { ImportResult } from "./types.js";

export interface LoadedSource extends ImportResult {
  kind: "spec" | "terraform-config" | "terraform-show" | "aws" | "azure";
  /** What was read, as messages name it: the file or folder, and what it is. */
  label: string;
  context: DataPlaneContext;
  /** The spec's plan (the spec included), when the source is a spec. */
  plan?: DataPlanePlan;
}

export interface SourceOptions {
  /** A folder of AWS describe-* JSON. */
  aws?: string;
  /** A folder of Azure resource JSON. */
  azure?: string;
}

export async function loadSource(arg: string, options: SourceOptions = {}): Promise<LoadedSource> {
  if (options.aws !== undefined && options.azure !== undefined)
    throw inputError("--aws", options.aws, "cannot be combined with --azure: give one network export");
  if (options.aws !== undefined) {
    const { importAwsDescribe } = await import("./aws/describe.js");
    const result = await importAwsDescribe(folderAt(options.aws));
    return { ...result, kind: "aws", label: `${options.aws} (AWS describe-* export)`, context: inferContext(result.topology) };
  }
  if (options.azure !== undefined) {
    const { importAzureResources } = await import("./azure/resources.js");
    const result = await importAzureResources(folderAt(options.azure));
    return { ...result, kind: "azure", label: `${options.azure} (Azure resource export)`, context: inferContext(result.topology) };
  }
  if (arg === "") throw inputError("", undefined, "give a spec, a folder of .tf files or terraform show -json output, or --aws / --azure with an export");
  if (isFolder(arg)) return loadTerraformFolder(arg);
  if (arg.endsWith(".tf") || arg.endsWith(".tf.json")) return loadTerraformFolder(dirname(arg), [basename(arg)]);
  if (/\.ya?ml$/i.test(arg)) return loadSpec(arg);
  if (extname(arg).toLowerCase() === ".json") return loadJson(arg);
  throw inputError("", arg, "is not a spec (.yaml, .yml, .json), a folder of .tf files, or terraform show -json output (.json)");
}

/** Whether the path is a folder; an InputError when it does not exist. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError("", path, code === "ENOENT" ? "does not exist" : `cannot be read (${code})`);
  }
}

function isFolderQuietly(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function folderAt(path: string): string {
  if (!isFolder(path)) throw inputError("", path, "is not a folder");
  return path;
}

function readText(path: string): string {
  return readRegularFile(path);
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw inputError("", path, `is not valid JSON: ${jsonProblem(text, (e as Error).message)}`);
  }
}

/** Where JSON.parse stopped, in words that do not depend on the Node version. */
function jsonProblem(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  const pos = at ? Number(at[1]) : text.length;
  if (pos >= text.trimEnd().length - 1) return "it ends before the document is complete (truncated?)";
  const line = text.slice(0, pos).split("\n").length;
  return `syntax error at line ${line}, column ${pos - text.lastIndexOf("\n", pos - 1)}`;
}

function loadSpec(path: string): LoadedSource {
  const plan = planSpec(loadSpecFile(path).spec);
  const result = importPlan(plan);
  return {
    ...result,
    kind: "spec",
    label: `${path} (dpnet spec, as the Terraform module dpnet writes)`,
    context: contextFromSpec(plan.spec, result.topology),
    plan,
  };
}

/** The module a plan would write, as a topology; each element located in its .tf file. */
export function importPlan(plan: DataPlanePlan): ImportResult {
  const files = new Map<string, string>();
  for (const block of plan.module.blocks) files.set(blockAddress(block), block.file);
  return importTerraformConfig(moduleJson(plan.module), { locate: (block) => (files.has(block) ? { file: files.get(block)! } : undefined) });
}

/** `aws_subnet.public`, `data.aws_iam_policy_document.inbound`: how a block is addressed. */
function blockAddress(block: TopBlock): string {
  return block.kind === "data" ? `data.${block.labels.join(".")}` : block.labels.join(".");
}

function loadJson(path: string): LoadedSource {
  const raw = parseJson(path, readText(path));
  // A raw terraform.tfstate (from an S3, GCS or azurerm backend) reads as `terraform show -json` of it.
  const json = isRawState(raw) ? rawStateAsShow(raw) : raw;
  if (isTerraformShow(json)) {
    const result = importTerraformShow(json, { locate: () => ({ file: path }) });
    const what = (json as { planned_values?: unknown }).planned_values ? "plan" : "state";
    return { ...result, kind: "terraform-show", label: `${path} (terraform show -json of a ${what})`, context: contextOf(result) };
  }
  if (json !== null && typeof json === "object" && "cloud" in json) return loadSpec(path);
  if (json !== null && typeof json === "object" && "format_version" in json) {
    throw inputError(
      "",
      path,
      "is terraform show -json output without planned_values or values: show a saved plan (terraform show -json plan.out) or the state",
    );
  }
  throw inputError("", path, "is neither a dpnet spec (no cloud field) nor terraform show -json output (no format_version)");
}

/** The intent a topology suggests, after what its reading assumed. */
function contextOf(result: ImportResult): DataPlaneContext {
  const context = inferContext(result.topology);
  context.inferred = [...(result.assumed ?? []), ...(context.inferred ?? [])];
  return context;
}

// --- folders of .tf files ----------------------------------------------------------------------

interface ParsedFolder {
  doc: TerraformJson;
  locations: Map<string, SourceLocation>;
  variables: Record<string, unknown>;
}

/** A folder of .tf files (or, with `only`, just those files of it) and the local modules it calls. */
async function loadTerraformFolder(folder: string, only?: string[]): Promise<LoadedSource> {
  // A synth killed inside its switch left a journal: the folder is judged once a synth completes it.
  if (existsSync(join(folder, JOURNAL)))
    throw inputError("", folder, `holds a dpnet synth that was interrupted (${JOURNAL}): run dpnet synth again to complete it`);
  const root = parseFolder(folder, only);
  const modules = new Map<string, ParsedFolder>();
  // Local child modules are parsed up front (the importer itself is synchronous); keyed by their
  // absolute folder, named in locations as the caller's folder joined with the source.
  const pending = [{ key: resolve(folder), shown: folder, doc: root.doc }];
  while (pending.length) {
    const { key, shown, doc } = pending.pop()!;
    for (const source of localSources(doc)) {
      const child = resolve(key, source);
      if (modules.has(child) || !isFolderQuietly(child)) continue;
      const parsed = parseFolder(join(shown, source));
      modules.set(child, parsed);
      pending.push({ key: child, shown: join(shown, source), doc: parsed.doc });
    }
  }
  const module = (source: string, callerKey: string): ConfigModule | undefined => {
    const key = resolve(callerKey || resolve(folder), source);
    const parsed = modules.get(key);
    return parsed && { doc: parsed.doc, key, locate: (block) => parsed.locations.get(block) };
  };
  const result = importTerraformConfig(root.doc, { locate: (block) => root.locations.get(block), variables: root.variables, module });
  return {
    ...result,
    kind: "terraform-config",
    label: `${only ? join(folder, only[0]!) : folder} (Terraform configuration)`,
    context: contextOf(result),
  };
}

function localSources(doc: TerraformJson): string[] {
  const calls = doc.module !== null && typeof doc.module === "object" ? Object.values(doc.module as Record<string, unknown>) : [];
  return calls
    .flatMap((c) => (Array.isArray(c) ? c : [c]))
    .flatMap((body) => {
      const source = (body as { source?: unknown })?.source;
      const text = source instanceof ParsedValue && source.node.k === "lit" ? source.node.v : source;
      return typeof text === "string" && /^\.\.?\//.test(text) ? [text] : [];
    });
}

/** Every .tf and .tf.json file of a folder, merged as Terraform merges them; tfvars as variable values. */
function parseFolder(dir: string, only?: string[]): ParsedFolder {
  // With `only`, just those files: no other file of the folder, tfvars included, is read.
  const files = only ? [] : readdirSync(dir);
  const names = only ?? files.filter((f) => f.endsWith(".tf") || f.endsWith(".tf.json")).sort();
  if (names.length === 0) throw inputError("", dir, "has no .tf files");
  const doc: TerraformJson = {};
  const locations = new Map<string, SourceLocation>();
  for (const name of names) {
    const path = join(dir, name);
    const text = readText(path);
    if (name.endsWith(".tf.json")) {
      const parsed = parseJson(path, text) as Record<string, unknown>;
      merge(doc, parsed, path);
      for (const [kind, prefix] of [
        ["resource", ""],
        ["data", "data."],
      ] as const) {
        for (const [type, byName] of Object.entries((parsed[kind] as Record<string, Record<string, unknown>> | undefined) ?? {})) {
          for (const block of Object.keys(byName)) locations.set(`${prefix}${type}.${block}`, { file: path });
        }
      }
      continue;
    }
    const { file, tree } = readHcl(path, text);
    merge(doc, tree, path);
    for (const block of file.body.blocks) {
      if ((block.type !== "resource" && block.type !== "data") || block.labels.length !== 2) continue;
      const { line, column } = file.position(block.start);
      locations.set(`${block.type === "data" ? "data." : ""}${block.labels[0]}.${block.labels[1]}`, { file: path, line, column });
    }
  }
  const variables: Record<string, unknown> = {};
  const tfvars = files
    .filter((f) => f === "terraform.tfvars" || f === "terraform.tfvars.json" || /\.auto\.tfvars(\.json)?$/.test(f))
    .sort((a, b) => Number(b.startsWith("terraform.")) - Number(a.startsWith("terraform.")) || compareText(a, b));
  for (const name of tfvars) {
    const path = join(dir, name);
    const text = readText(path);
    Object.assign(variables, name.endsWith(".json") ? parseJson(path, text) : readHcl(path, text).tree);
  }
  return { doc, locations, variables };
}

/** A .tf file: its syntax tree, and its blocks nested as Terraform's JSON form nests them, values
 * parsed. A syntax error is an InputError with its line and column. */
function readHcl(path: string, text: string): { file: HclFile; tree: Tree<ParsedValue> } {
  try {
    const file = parseHcl(text, path);
    return { file, tree: bodyTree(file, (e) => new ParsedValue(e)) };
  } catch (e) {
    if (!(e instanceof HclSyntaxError)) throw e;
    throw inputError("", path, `is not valid HCL at line ${e.line}, column ${e.column}: ${e.summary} (${e.detail})`);
  }
}

/** Merges one file's blocks into the folder's, refusing a resource or data source declared twice. */
function merge(into: TerraformJson, file: Record<string, unknown>, path: string): void {
  for (const [kind, value] of Object.entries(file)) {
    if (kind === "resource" || kind === "data") {
      const types = (into[kind] ??= {}) as Record<string, Record<string, unknown>>;
      for (const [type, byName] of Object.entries(value as Record<string, Record<string, unknown>>)) {
        const names = (types[type] ??= {});
        for (const [name, body] of Object.entries(byName)) {
          if (Object.hasOwn(names, name))
            throw inputError("", path, `declares ${kind === "data" ? "data." : ""}${type}.${name} again: each block is declared once per module`);
          names[name] = body;
        }
      }
    } else if (Array.isArray(value)) {
      into[kind] = [...((into[kind] as unknown[] | undefined) ?? []), ...value];
    } else if (value !== null && typeof value === "object") {
      into[kind] = { ...((into[kind] as Record<string, unknown> | undefined) ?? {}), ...(value as Record<string, unknown>) };
    }
  }
}
