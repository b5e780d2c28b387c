// A Terraform configuration in JSON form -> topology: dpnet's own module (moduleJson of the IR) or
// anyone's .tf files (parsed by src/hcl, all files of a folder merged). Expressions are evaluated statically
// (evaluate.ts); for_each and count are expanded into instances named by their Terraform
// addresses; local child modules are followed when the caller supplies them.
import { isObject } from "../../io/json-folder.js";
import type { Gap } from "../types.js";
import type { SourceLocation } from "../../topology/model.js";
import { type Expr as Node, HclSyntaxError, parseHclExpression, parseHclTemplate } from "../../hcl/index.js";
import { Lazy, ParsedValue, type Scope, Unknown, type Val, type ValMap, bind, entries, evaluateJson, isMap, withTypeDefaults } from "./evaluate.js";
import { COMPUTERS, mapTerraform } from "./map.js";
import { type ImportResult, StandIns, type TfBlock, type TfInstance, standIn } from "./mapper.js";

/** A Terraform configuration as JSON: `{ resource: { type: { name: [body] } }, variable: ..., ... }`. */
export type TerraformJson = Record<string, unknown>;

/** A child module's configuration, as the caller loaded it. */
export interface ConfigModule {
  doc: TerraformJson;
  /** Where a block of this module is written, by its address inside the module (`aws_subnet.public`). */
  locate?: (block: string) => SourceLocation | undefined;
  /** Identifies the module for loading its own children (e.g. its folder). */
  key: string;
}

export interface ConfigImportOptions {
  /** Where a block of the root module is written: `aws_subnet.public`, `data.aws_vpc.main`. */
  locate?: (block: string) => SourceLocation | undefined;
  /** Values of the root module's input variables (tfvars), over their defaults. */
  variables?: Record<string, unknown>;
  /** Loads a local child module by its `source`, relative to the calling module's `key` ("" for the root). */
  module?: (source: string, callerKey: string) => ConfigModule | undefined;
}

// Arguments Terraform itself interprets, never a resource's attributes.
/** Bounded work: a count or for_each beyond this is a gap, not expanded (`count = 1e8` would exhaust memory). */
export const MAX_INSTANCES = 10_000;

const META = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection", "dynamic"]);

const asObject = (v: unknown): Record<string, unknown> | undefined => (isObject(v) ? v : undefined);

/** Blocks of one kind and labels: hcl2json gives a list of bodies, Terraform JSON also a single object. */
const bodies = (v: unknown): Record<string, unknown>[] =>
  (Array.isArray(v) ? v : [v]).flatMap((b: unknown) => {
    const o = asObject(b);
    return o ? [o] : [];
  });

export function importTerraformConfig(doc: TerraformJson, options: ConfigImportOptions = {}): ImportResult {
  const run = new ConfigRun(options);
  const root = new ModuleEval(run, doc, "", "", options.locate, undefined);
  const instances = root.allInstances();
  const region = root.region();
  return mapTerraform(instances, { standIns: run.standIns, ...(region ? { region } : {}), gaps: run.gaps });
}

/** What one import shares across modules. */
class ConfigRun {
  readonly standIns = new StandIns();
  readonly gaps: Gap[] = [];

  constructor(readonly options: ConfigImportOptions) {}

  gap(subject: string, why: string): void {
    this.gaps.push({ subject, why });
  }
}

/** Evaluates values lazily, once, and turns reentry (a reference cycle) into an Unknown. */
class Memo {
  private readonly values = new Map<string, Val>();
  private readonly busy = new Set<string>();

  get(key: string, compute: () => Val): Val {
    const done = this.values.get(key);
    if (done !== undefined) return done;
    if (this.busy.has(key)) return new Unknown(`${key} refers to itself`, true);
    this.busy.add(key);
    try {
      const v = compute();
      this.values.set(key, v);
      return v;
    } finally {
      this.busy.delete(key);
    }
  }
}

interface BlockDef {
  mode: "managed" | "data";
  type: string;
  name: string;
  body: Record<string, unknown>;
}

/** One module of the configuration: its variables, locals, resources and child modules. */
class ModuleEval {
  private readonly memo = new Memo();
  private readonly defs = new Map<string, BlockDef>();
  /** Resource types with a block in this module: the names a reference can start with. */
  private readonly types = new Set<string>();
  private readonly variables = new Map<string, Record<string, unknown>>();
  private readonly locals = new Map<string, unknown>();
  private readonly outputs = new Map<string, Record<string, unknown>>();
  private readonly calls = new Map<string, Record<string, unknown>>();
  private readonly children = new Map<string, ModuleEval | undefined>();
  readonly scope: Scope;

  constructor(
    private readonly run: ConfigRun,
    private readonly doc: TerraformJson,
    /** `module.net.` for a child, "" for the root. */
    private readonly prefix: string,
    private readonly key: string,
    private readonly locate: ((block: string) => SourceLocation | undefined) | undefined,
    /** A child's input values, evaluated in the calling module. */
    private readonly inputs: ((name: string) => Val | undefined) | undefined,
  ) {
    for (const [mode, section] of [
      ["managed", doc.resource],
      ["data", doc.data],
    ] as const) {
      for (const [type, byName] of Object.entries(asObject(section) ?? {})) {
        for (const [name, body] of Object.entries(asObject(byName) ?? {})) {
          const first = bodies(body)[0];
          if (!first) continue;
          this.defs.set(`${mode === "data" ? "data." : ""}${type}.${name}`, { mode, type, name, body: first });
          if (mode === "managed") this.types.add(type);
        }
      }
    }
    for (const [name, body] of Object.entries(asObject(doc.variable) ?? {})) this.variables.set(name, bodies(body)[0] ?? {});
    for (const block of bodies(doc.locals)) for (const [name, v] of Object.entries(block)) this.locals.set(name, v);
    for (const [name, body] of Object.entries(asObject(doc.output) ?? {})) this.outputs.set(name, bodies(body)[0] ?? {});
    for (const [name, body] of Object.entries(asObject(doc.module) ?? {})) this.calls.set(name, bodies(body)[0] ?? {});
    this.scope = { lookup: (name) => this.lookup(name) };
  }

  /** The default AWS provider's region, if the configuration sets it. */
  region(): string | undefined {
    const provider = bodies(asObject(this.doc.provider)?.aws).find((b) => b.alias === undefined);
    const region = provider ? evaluateJson(provider.region ?? null, this.scope) : null;
    return typeof region === "string" ? region : undefined;
  }

  private lookup(name: string): Val | undefined {
    switch (name) {
      case "var":
        return new Lazy(
          "var",
          (n) => this.variable(n),
          () => [...this.variables.keys()],
        );
      case "local":
        return new Lazy("local", (n) => (this.locals.has(n) ? this.memo.get(`local.${n}`, () => evaluateJson(this.locals.get(n), this.scope)) : undefined));
      case "data":
        return new Lazy(
          "data",
          (type) => new Lazy(`data.${type}`, (n) => (this.defs.has(`data.${type}.${n}`) ? this.collection(`data.${type}.${n}`) : undefined)),
        );
      case "module":
        return new Lazy("module", (n) => this.moduleOutputs(n));
      case "path":
        return { module: ".", root: ".", cwd: "." };
      case "terraform":
        return { workspace: "default" };
      case "count":
      case "each":
      case "self":
        return undefined;
    }
    return this.types.has(name) ? new Lazy(name, (n) => (this.defs.has(`${name}.${n}`) ? this.collection(`${name}.${n}`) : undefined)) : undefined;
  }

  private variable(name: string): Val | undefined {
    const decl = this.variables.get(name);
    if (!decl) return undefined;
    return this.memo.get(`var.${name}`, () => {
      const given = this.inputs
        ? this.inputs(name)
        : this.run.options.variables && Object.hasOwn(this.run.options.variables, name)
          ? evaluateJson(this.run.options.variables[name], this.scope)
          : undefined;
      const value = given !== undefined ? given : Object.hasOwn(decl, "default") ? evaluateJson(decl.default, this.scope) : undefined;
      if (value === undefined) return new Unknown(`var.${name} has no default and no value is given`);
      const type = typeExpression(decl.type);
      return type ? withTypeDefaults(type, value) : value;
    });
  }

  /** A resource's value as references see it: one instance, a list (count) or a map (for_each). */
  private collection(block: string): Val {
    return this.memo.get(block, () => {
      const expanded = this.expand(block);
      if (expanded instanceof Unknown) return expanded;
      const lazies = expanded.map((inst) => [inst.key, new Lazy(inst.address, (k) => inst.attr(k))] as const);
      const def = this.defs.get(block)!;
      if (def.body.for_each !== undefined) return Object.fromEntries(lazies.map(([k, l]) => [String(k), l]));
      if (def.body.count !== undefined) return lazies.map(([, l]) => l);
      return lazies[0]?.[1] ?? new Unknown(`${block} has no instance`);
    });
  }

  private readonly expansions = new Map<string, ConfigInstance[] | Unknown>();

  /** The instances of a block: one per for_each key or count index, or just one. */
  private expand(block: string): ConfigInstance[] | Unknown {
    const done = this.expansions.get(block);
    if (done) return done;
    const def = this.defs.get(block)!;
    const address = `${this.prefix}${block}`;
    const location = this.locate?.(block);
    const make = (suffix: string, key: string | number | undefined, names: Record<string, Val>) =>
      new ConfigInstance(
        this.run,
        { address: `${address}${suffix}`, block: address, mode: def.mode, type: def.type, name: def.name, key, location },
        def.body,
        bind(this.scope, names),
      );
    let result: ConfigInstance[] | Unknown;
    if (def.body.for_each !== undefined) {
      const each = forEachEntries(evaluateJson(def.body.for_each, this.scope));
      result =
        each instanceof Unknown
          ? each
          : each.length > MAX_INSTANCES
            ? new Unknown(`it has ${each.length} keys, more than the ${MAX_INSTANCES} dpnet expands`)
            : each.map(([k, v]) => make(`[${JSON.stringify(k)}]`, k, { each: { key: k, value: v } }));
    } else if (def.body.count !== undefined) {
      const n = evaluateJson(def.body.count, this.scope);
      result =
        typeof n === "number" && Number.isInteger(n) && n >= 0
          ? n > MAX_INSTANCES
            ? new Unknown(`it is ${n}, more than the ${MAX_INSTANCES} instances dpnet expands`)
            : Array.from({ length: n }, (_, i) => make(`[${i}]`, i, { count: { index: i } }))
          : n instanceof Unknown
            ? n
            : new Unknown(`count is ${JSON.stringify(n)}, not a whole number`, true);
    } else result = [make("", undefined, {})];
    if (result instanceof Unknown)
      this.run.gap(
        address,
        `its ${def.body.for_each !== undefined ? "for_each" : "count"} cannot be evaluated (${result.why}), so its instances are not known`,
      );
    this.expansions.set(block, result);
    return result;
  }

  private child(name: string): ModuleEval | undefined {
    if (this.children.has(name)) return this.children.get(name);
    const call = this.calls.get(name)!;
    const address = `${this.prefix}module.${name}`;
    let child: ModuleEval | undefined;
    const source = evaluateJson(call.source ?? null, this.scope);
    if (call.count !== undefined || call.for_each !== undefined) {
      this.run.gap(address, "modules called with count or for_each are not expanded");
    } else if (typeof source !== "string") {
      this.run.gap(address, "its source is not a string");
    } else {
      const local = /^\.\.?\//.test(source);
      const loaded = local ? this.run.options.module?.(source, this.key) : undefined;
      if (!loaded) {
        const why = local ? `its local module ${source} was not found` : `module source ${source} is not read (only local modules are)`;
        this.run.gap(address, `${why}: verify a plan (terraform show -json) instead`);
      } else {
        const inputs = (v: string): Val | undefined =>
          Object.hasOwn(call, v) && !["source", "version", "providers", "depends_on"].includes(v)
            ? this.memo.get(`${address}.${v}`, () => evaluateJson(call[v], this.scope))
            : undefined;
        child = new ModuleEval(this.run, loaded.doc, `${address}.`, loaded.key, loaded.locate, inputs);
      }
    }
    this.children.set(name, child);
    return child;
  }

  private moduleOutputs(name: string): Val | undefined {
    if (!this.calls.has(name)) return undefined;
    const child = this.child(name);
    if (!child) return new Unknown(`${this.prefix}module.${name} is not read`);
    return new Lazy(`${this.prefix}module.${name}`, (out) => child.output(out));
  }

  output(name: string): Val | undefined {
    const body = this.outputs.get(name);
    return body ? this.memo.get(`output.${name}`, () => evaluateJson(body.value ?? null, this.scope)) : undefined;
  }

  /** Every instance of this module and its children. */
  allInstances(): ConfigInstance[] {
    const own = [...this.defs.keys()].flatMap((block) => {
      const expanded = this.expand(block);
      return expanded instanceof Unknown ? [] : expanded;
    });
    return [...own, ...[...this.calls.keys()].flatMap((name) => this.child(name)?.allInstances() ?? [])];
  }
}

/** A variable's `type`: parsed HCL, or the type expression as a Terraform JSON string. */
function typeExpression(v: unknown): Node | undefined {
  if (v instanceof ParsedValue) return v.node;
  if (typeof v !== "string") return undefined;
  try {
    return parseHclExpression(v);
  } catch (e) {
    if (e instanceof HclSyntaxError) return undefined;
    throw e;
  }
}

function forEachEntries(v: Val): [string, Val][] | Unknown {
  if (v instanceof Unknown) return v;
  if (Array.isArray(v)) {
    const keys: [string, Val][] = [];
    for (const item of v) {
      if (typeof item !== "string") return new Unknown("for_each over a set needs strings", true);
      if (!keys.some(([k]) => k === item)) keys.push([item, item]);
    }
    // Terraform orders a set of strings, and so the instances, lexically.
    return keys.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const list = entries(v);
  return list instanceof Unknown ? list : list.map(([k, item]) => [String(k), item]);
}

/** A block body evaluated in a scope: a resource's own body, or a nested block. */
class ConfigBody implements TfBlock {
  private readonly memo = new Map<string, Val>();

  constructor(
    protected readonly body: Record<string, unknown>,
    protected readonly scope: Scope,
  ) {}

  arg(name: string): Val {
    if (!Object.hasOwn(this.body, name) || META.has(name)) return null;
    let v = this.memo.get(name);
    if (v === undefined) {
      v = evaluateJson(this.body[name], this.scope);
      this.memo.set(name, v);
    }
    return v;
  }

  blocks(name: string): TfBlock[] {
    const raw = this.body[name];
    // An attribute (`ingress = [...]`) rather than blocks: its value read as blocks.
    const isAttribute = typeof raw === "string" || raw instanceof ParsedValue;
    const direct: TfBlock[] =
      raw === undefined || META.has(name) ? [] : isAttribute ? valueBlocks(this.arg(name)) : bodies(raw).map((b) => new ConfigBody(b, this.scope));
    return [...direct, ...this.dynamic(name)];
  }

  /** `dynamic "name" { for_each = ..., iterator = ..., content { ... } }`, in either JSON shape. */
  private dynamic(name: string): TfBlock[] {
    const groups = bodies(this.body.dynamic);
    const out: TfBlock[] = [];
    for (const group of groups) {
      for (const def of bodies(group[name])) {
        const coll = evaluateJson(def.for_each ?? null, this.scope);
        // Unlike a resource's for_each, a dynamic block's takes any collection: a list of objects too, keyed by index.
        const list = Array.isArray(coll) && !coll.every((item) => typeof item === "string") ? entries(coll) : forEachEntries(coll);
        if (list instanceof Unknown) {
          out.push(unknownBlock(new Unknown(`dynamic "${name}" blocks: ${list.why}`)));
          continue;
        }
        const iterator = iteratorName(def.iterator) ?? name;
        const content = bodies(def.content)[0] ?? {};
        for (const [key, value] of list) out.push(new ConfigBody(content, bind(this.scope, { [iterator]: { key, value } })));
      }
    }
    return out;
  }
}

/** A dynamic block's `iterator = x` (a bare name in HCL, "x" or "${x}" in JSON). */
function iteratorName(v: unknown): string | undefined {
  if (v instanceof ParsedValue) return v.node.k === "name" ? v.node.name : undefined;
  return typeof v === "string" ? v.replace(/^\$\{(.*)\}$/, "$1") : undefined;
}

/** A block whose every argument is the same Unknown (dynamic blocks over an unknown collection). */
function unknownBlock(u: Unknown): TfBlock {
  return { arg: () => u, blocks: () => [] };
}

/** Blocks given as an attribute (`ingress = [...]`): objects read as blocks. */
function valueBlocks(v: Val): TfBlock[] {
  if (v instanceof Unknown) return [unknownBlock(v)];
  const items = Array.isArray(v) ? v : isMap(v) ? [v] : [];
  return items.map((item): TfBlock => {
    if (!isMap(item)) return unknownBlock(item instanceof Unknown ? item : new Unknown(`${JSON.stringify(item)} is not a block`, true));
    const obj: ValMap = item;
    return { arg: (k) => (Object.hasOwn(obj, k) ? obj[k]! : null), blocks: (k) => valueBlocks(Object.hasOwn(obj, k) ? obj[k]! : null) };
  });
}

interface InstanceId {
  address: string;
  block: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  key: string | number | undefined;
  location: SourceLocation | undefined;
}

class ConfigInstance extends ConfigBody implements TfInstance {
  readonly address: string;
  readonly block: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly key: string | number | undefined;
  readonly location?: SourceLocation;
  private readonly computed = new Map<string, Val>();

  constructor(
    private readonly run: ConfigRun,
    id: InstanceId,
    body: Record<string, unknown>,
    scope: Scope,
  ) {
    super(body, scope);
    this.address = id.address;
    this.block = id.block;
    this.mode = id.mode;
    this.type = id.type;
    this.name = id.name;
    this.key = id.key;
    if (id.location) this.location = id.location;
  }

  attr(name: string): Val {
    if (Object.hasOwn(this.body, name) && !META.has(name)) return this.arg(name);
    let v = this.computed.get(name);
    if (v === undefined) {
      v = standIn(this, name, this.run.standIns, COMPUTERS);
      this.computed.set(name, v);
    }
    return v;
  }

  references(name: string): string[] {
    const raw = this.body[name];
    if (raw instanceof ParsedValue) return traversals(raw.node);
    if (typeof raw !== "string") return [];
    try {
      return traversals(parseHclTemplate(raw));
    } catch (e) {
      if (e instanceof HclSyntaxError) return [];
      throw e;
    }
  }
}

/** The references an expression makes, as `a.b.c[0]` paths (what terraform show lists as references). */
function traversals(node: Node): string[] {
  const path = (n: Node): string | undefined => {
    if (n.k === "name") return n.name;
    if (n.k === "attr") {
      const p = path(n.obj);
      return p === undefined ? undefined : `${p}.${n.name}`;
    }
    if (n.k === "index" && n.key.k === "lit") {
      const p = path(n.obj);
      return p === undefined ? undefined : `${p}[${JSON.stringify(n.key.v)}]`;
    }
    return undefined;
  };
  const out: string[] = [];
  const walk = (n: Node): void => {
    const p = path(n);
    if (p !== undefined) {
      out.push(p);
      return;
    }
    switch (n.k) {
      case "tmpl":
        n.parts.forEach((x) => typeof x !== "string" && walk(x));
        break;
      case "attr":
        walk(n.obj);
        break;
      case "index":
        walk(n.obj);
        walk(n.key);
        break;
      case "splat":
        walk(n.obj);
        break;
      case "call":
        n.args.forEach(walk);
        break;
      case "cond":
        walk(n.test);
        walk(n.then);
        walk(n.else);
        break;
      case "bin":
        walk(n.l);
        walk(n.r);
        break;
      case "un":
        walk(n.x);
        break;
      case "tuple":
        n.items.forEach(walk);
        break;
      case "object":
        n.items.forEach((i) => {
          walk(i.key);
          walk(i.value);
        });
        break;
      case "for":
        walk(n.coll);
        if (n.keyExpr) walk(n.keyExpr);
        walk(n.valueExpr);
        if (n.cond) walk(n.cond);
        break;
      case "paren":
        walk(n.x);
        break;
      case "tif":
        walk(n.test);
        walk(n.then);
        if (n.else) walk(n.else);
        break;
      case "tfor":
        walk(n.coll);
        walk(n.body);
        break;
      default:
        break;
    }
  };
  walk(node);
  return out;
}
