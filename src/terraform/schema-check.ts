// Checks a Terraform-JSON document against the committed subset of the real provider schemas
// (schema/provider-schema.json, made by tools/extract-provider-schema.mjs): no terraform binary
// is available, so this is what catches a misspelt attribute or a string where a number goes.
import { readFileSync } from "node:fs";
import type { Json } from "./json.js";

export type TerraformJson = { [key: string]: Json };

export interface AttributeSchema {
  /** "string" | "number" | "bool" | "any" | "list(T)" | "map(T)" | "object" */
  type: string;
  required?: boolean;
}

export interface BodySchema {
  attributes: { [name: string]: AttributeSchema };
  blocks: { [name: string]: BlockSchema };
}

export interface BlockSchema extends BodySchema {
  /** false: at most one (the provider's max_items = 1). */
  list: boolean;
  required?: boolean;
}

export interface TypeSchema extends BodySchema {
  docs: string;
}

export interface ProviderSchema {
  providers: { [name: string]: { source: string; version: string } };
  resources: { [type: string]: TypeSchema };
  dataSources: { [type: string]: TypeSchema };
}

export interface SchemaProblem {
  /** `aws_lb.ingress` or `data.aws_iam_policy_document.x` */
  address: string;
  /** `health_check[0].port`; empty for the resource itself. */
  path: string;
  message: string;
}

let loaded: ProviderSchema | undefined;

/** The committed schema subset; read once. Compiled code is in dist/src/terraform/, hence three levels up. */
export function providerSchema(): ProviderSchema {
  loaded ??= JSON.parse(readFileSync(new URL("../../../schema/provider-schema.json", import.meta.url), "utf8")) as ProviderSchema;
  return loaded;
}

/** The provider versions the schema was extracted from, to pin `required_providers` with. */
export function providerVersions(): { aws: string; azurerm: string } {
  const { aws, azurerm } = providerSchema().providers;
  if (!aws || !azurerm) throw new Error("schema/provider-schema.json lacks the aws or azurerm provider");
  return { aws: aws.version, azurerm: azurerm.version };
}

const RESOURCE_META = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"]);
const DATA_META = new Set(["count", "for_each", "depends_on", "provider", "lifecycle"]);
/** Allowed in a `dynamic "x" { ... }` block besides `content`. */
const DYNAMIC_ARGS = new Set(["for_each", "iterator", "labels"]);

type Obj = { [key: string]: Json };
const isObject = (v: Json | undefined): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
/** A `${...}` template: its type is only known at plan time, so any type is accepted. */
const isExpression = (v: Json): boolean => typeof v === "string" && v.includes("${");
const describe = (v: Json): string =>
  v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`;
const join = (path: string, name: string): string => (path ? `${path}.${name}` : name);

/** Problems found in every resource and data source of `doc`; other top-level blocks are ignored. */
export function checkSchema(doc: TerraformJson, schema: ProviderSchema = providerSchema()): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const [kind, types, meta, prefix] of [
    ["resource", schema.resources, RESOURCE_META, ""],
    ["data", schema.dataSources, DATA_META, "data."],
  ] as const) {
    const section = doc[kind];
    if (!isObject(section)) continue;
    for (const [type, byName] of Object.entries(section)) {
      if (!isObject(byName)) continue;
      for (const [name, bodies] of Object.entries(byName)) {
        const address = `${prefix}${type}.${name}`;
        const typeSchema = types[type];
        if (!typeSchema) {
          const what = kind === "data" ? "data source" : "resource";
          problems.push({
            address,
            path: "",
            message: `unknown ${what} type ${type}: add it to tools/provider-types.json and re-run tools/extract-provider-schema.mjs`,
          });
          continue;
        }
        // hcl2json gives an array of bodies; Terraform JSON also allows a single object.
        for (const body of Array.isArray(bodies) ? bodies : [bodies]) {
          const report = (path: string, message: string) => problems.push({ address, path, message });
          if (isObject(body)) checkBody(body, typeSchema, "", meta, report);
          else report("", `expected a block body, got ${describe(body)}`);
        }
      }
    }
  }
  return problems;
}

type Report = (path: string, message: string) => void;

function checkBody(body: Obj, schema: BodySchema, path: string, meta: ReadonlySet<string>, report: Report): void {
  for (const [name, value] of Object.entries(body)) {
    const at = join(path, name);
    const attribute = schema.attributes[name];
    const block = schema.blocks[name];
    if (attribute) checkValue(value, attribute.type, at, report);
    else if (block) checkBlock(value, block, at, report);
    else if (name === "dynamic") checkDynamic(value, schema, at, report);
    else if (!meta.has(name)) report(at, `unknown attribute or block "${name}"`);
  }
  for (const [name, attribute] of Object.entries(schema.attributes)) {
    if (attribute.required && (body[name] === undefined || body[name] === null)) report(join(path, name), `missing required attribute "${name}"`);
  }
  for (const [name, block] of Object.entries(schema.blocks)) {
    const value = body[name];
    const dynamic = body.dynamic;
    const viaDynamic = isObject(dynamic) ? name in dynamic : Array.isArray(dynamic) && dynamic.some((d) => isObject(d) && name in d);
    const absent = value === undefined || value === null || (Array.isArray(value) && value.length === 0);
    if (block.required && absent && !viaDynamic) report(join(path, name), `missing required block "${name}"`);
  }
}

/** A nested block: an array of bodies (at most one unless `list`); a single body is also accepted. */
function checkBlock(value: Json, block: BlockSchema, path: string, report: Report): void {
  if (isExpression(value)) return;
  if (isObject(value) && !block.list) return checkBody(value, block, `${path}[0]`, NO_META, report);
  if (!Array.isArray(value)) return report(path, `expected ${block.list ? "a list of blocks" : "a block"}, got ${describe(value)}`);
  if (!block.list && value.length > 1) report(path, `at most one block is allowed here, got ${value.length}`);
  value.forEach((item, i) => {
    if (isObject(item)) checkBody(item, block, `${path}[${i}]`, NO_META, report);
    else if (!isExpression(item)) report(`${path}[${i}]`, `expected a block body, got ${describe(item)}`);
  });
}

const NO_META: ReadonlySet<string> = new Set();

/** `dynamic "ingress" { for_each = ..., content { ... } }`; hcl2json gives `{ ingress: [ {...} ] }`, the IR `[ { ingress: [...] } ]`. */
function checkDynamic(value: Json, schema: BodySchema, path: string, report: Report): void {
  for (const group of Array.isArray(value) ? value : [value]) {
    if (!isObject(group)) {
      report(path, `expected dynamic blocks, got ${describe(group)}`);
      continue;
    }
    for (const [name, dynamics] of Object.entries(group)) {
      const block = schema.blocks[name];
      if (!block) {
        report(`${path}.${name}`, `unknown block "${name}" in dynamic block`);
        continue;
      }
      for (const [i, dyn] of (Array.isArray(dynamics) ? dynamics : [dynamics]).entries()) {
        const at = `${path}.${name}[${i}]`;
        if (!isObject(dyn)) {
          report(at, `expected a dynamic block body, got ${describe(dyn)}`);
          continue;
        }
        for (const key of Object.keys(dyn))
          if (key !== "content" && !DYNAMIC_ARGS.has(key)) report(`${at}.${key}`, `unknown argument "${key}" in dynamic block`);
        if (dyn.for_each === undefined) report(`${at}.for_each`, `missing required argument "for_each" in dynamic block`);
        // The content is one block body however many the for_each makes.
        if (dyn.content === undefined) report(`${at}.content`, `missing "content" block in dynamic block`);
        else checkBlock(dyn.content, { ...block, list: false }, `${at}.content`, report);
      }
    }
  }
}

/** Checks a value against a type expression, the way Terraform converts (numbers and bools to strings) but no further. */
function checkValue(value: Json, type: string, path: string, report: Report): void {
  if (value === null || isExpression(value) || type === "any") return;
  const inner = /^(list|map)\((.*)\)$/.exec(type);
  const wrong = () => report(path, `expected ${type}, got ${describe(value)}`);
  if (inner?.[1] === "list") {
    if (!Array.isArray(value)) return wrong();
    value.forEach((item, i) => checkValue(item, inner[2]!, `${path}[${i}]`, report));
  } else if (inner?.[1] === "map") {
    if (!isObject(value)) return wrong();
    for (const [k, item] of Object.entries(value)) checkValue(item, inner[2]!, `${path}[${JSON.stringify(k)}]`, report);
  } else if (type === "string") {
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") wrong();
  } else if (type === "number") {
    // A numeric string would convert, but the emitter should write a number: flag it.
    if (typeof value !== "number") wrong();
  } else if (type === "bool") {
    if (typeof value !== "boolean") wrong();
  } else if (type === "object") {
    if (!isObject(value)) wrong();
  }
}
