// `terraform show -json` of a plan or a state -> topology, through the same mapper as a
// configuration. A plan's values unknown until apply (ids, mostly) are resolved through the
// configuration's references: `vpc_id` unknown, referring to `aws_vpc.main.id`, is that VPC.
// Child modules are followed through the module tree of both the values and the configuration.
import { type Json, isObject } from "../../io/json-folder.js";
import { inputError } from "../../spec/errors.js";
import type { SourceLocation } from "../../topology/model.js";
import { Lazy, type Scope, Unknown, type Val, bind, evaluate, fromJson, index } from "./evaluate.js";
import { HclSyntaxError, parseHclExpression } from "../../hcl/index.js";
import { COMPUTERS, mapTerraform } from "./map.js";
import { type ImportResult, LOCALS_ABSENT, StandIns, type TfBlock, type TfInstance, standIn } from "./mapper.js";

interface ShowResource {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: string | number;
  values?: Json;
}

/** An expression as the configuration section gives it: a constant, or the references it makes. */
interface ConfigExpr {
  constant_value?: unknown;
  references?: string[];
}

interface ConfigResource {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  expressions?: Json;
  count_expression?: ConfigExpr;
  for_each_expression?: ConfigExpr;
}

interface ConfigModuleJson {
  resources?: ConfigResource[];
  module_calls?: Record<string, { source?: string; expressions?: Json; module?: ConfigModuleJson }>;
  variables?: Record<string, { default?: unknown }>;
  outputs?: Record<string, { expression?: ConfigExpr }>;
}

export interface ShowImportOptions {
  /** Where an address is written; a plan or state names no files, so usually the JSON file itself. */
  locate?: (address: string) => SourceLocation | undefined;
}

const obj = (v: unknown): Json | undefined => (isObject(v) ? v : undefined);

/** True when the JSON is `terraform show -json` output of a plan or a state. */
export function isTerraformShow(json: unknown): boolean {
  const o = obj(json);
  return o !== undefined && typeof o.format_version === "string" && (obj(o.planned_values) !== undefined || obj(o.values) !== undefined);
}

/** True when the JSON is a raw `terraform.tfstate` (format version 4, as backends keep it). */
export function isRawState(json: unknown): boolean {
  const o = obj(json);
  return o !== undefined && o.version === 4 && Array.isArray(o.resources) && typeof o.terraform_version === "string";
}

/**
 * A raw state in the shape `terraform show -json` gives it: each instance's attributes as its
 * values, under its module's address. The same reader then judges both.
 */
export function rawStateAsShow(json: unknown): Json {
  const state = json as { terraform_version: string; resources: unknown[] };
  const modules = new Map<string, Json[]>();
  for (const r of state.resources) {
    const res = obj(r);
    if (!res || typeof res.type !== "string" || typeof res.name !== "string" || (res.mode !== "managed" && res.mode !== "data")) continue;
    const module = typeof res.module === "string" ? res.module : "";
    const local = `${res.mode === "data" ? "data." : ""}${res.type}.${res.name}`;
    for (const i of Array.isArray(res.instances) ? res.instances : []) {
      const inst = obj(i);
      if (!inst) continue;
      const key = inst.index_key;
      const suffix = typeof key === "number" ? `[${key}]` : typeof key === "string" ? `[${JSON.stringify(key)}]` : "";
      const list = modules.get(module) ?? [];
      list.push({
        address: `${module ? `${module}.` : ""}${local}${suffix}`,
        mode: res.mode,
        type: res.type,
        name: res.name,
        ...(key === undefined ? {} : { index: key }),
        values: obj(inst.attributes) ?? {},
      });
      modules.set(module, list);
    }
  }
  const children = [...modules].filter(([m]) => m !== "").map(([address, resources]) => ({ address, resources }));
  return {
    format_version: "1.0",
    terraform_version: state.terraform_version,
    values: { root_module: { resources: modules.get("") ?? [], child_modules: children } },
  };
}

export function importTerraformShow(json: unknown, options: ShowImportOptions = {}): ImportResult {
  if (!isTerraformShow(json)) throw inputError("", undefined, "is not `terraform show -json` output: it has no format_version with planned_values or values");
  const doc = json as Json;
  const run = new ShowRun(doc, options);
  const region = run.region();
  return mapTerraform(run.instances, { standIns: run.standIns, ...(region ? { region } : {}) });
}

/** Strips instance keys from a module path: `module.a[0].module.b` -> [a, b]. */
function callNames(modulePath: string): string[] {
  return [...modulePath.matchAll(/module\.([^.[]+)(\[[^\]]*\])?/g)].map((m) => m[1]!);
}

class ShowRun {
  readonly standIns = new StandIns();
  readonly instances: ShowInstance[] = [];
  private readonly modules = new Map<string, ShowModule>();
  private readonly unknowns = new Map<string, unknown>();
  readonly config: ConfigModuleJson | undefined;

  constructor(
    private readonly doc: Json,
    private readonly options: ShowImportOptions,
  ) {
    this.config = obj(obj(doc.configuration)?.root_module) as ConfigModuleJson | undefined;
    for (const change of Array.isArray(doc.resource_changes) ? doc.resource_changes : []) {
      const c = obj(change);
      const after = obj(c?.change);
      if (typeof c?.address === "string" && after?.after_unknown !== undefined) this.unknowns.set(c.address, after.after_unknown);
    }
    const planned = obj(obj(doc.planned_values)?.root_module);
    const state = obj(obj(doc.values)?.root_module);
    const seen = new Set<string>();
    this.collect(planned ?? state, seen);
    // Data sources a plan read are in its prior state rather than its planned values.
    if (planned) this.collect(obj(obj(obj(doc.prior_state)?.values)?.root_module), seen, "data");
  }

  private collect(tree: Json | undefined, seen: Set<string>, only?: "data"): void {
    if (!tree) return;
    for (const r of Array.isArray(tree.resources) ? tree.resources : []) {
      const res = obj(r) as ShowResource | undefined;
      if (!res || typeof res.address !== "string" || seen.has(res.address) || (only && res.mode !== only)) continue;
      seen.add(res.address);
      const modulePath = res.address.slice(0, res.address.length - this.localAddress(res).length).replace(/\.$/, "");
      const module = this.module(modulePath);
      const inst = new ShowInstance(this, module, res, this.unknowns.get(res.address), this.options.locate?.(res.address));
      this.instances.push(inst);
      module.add(inst);
    }
    for (const child of Array.isArray(tree.child_modules) ? tree.child_modules : []) this.collect(obj(child), seen, only);
  }

  /** `aws_subnet.public["a"]` of `module.net.aws_subnet.public["a"]`. */
  private localAddress(r: ShowResource): string {
    const prefix = `${r.mode === "data" ? "data." : ""}${r.type}.${r.name}`;
    return r.address.slice(r.address.lastIndexOf(prefix));
  }

  module(path: string): ShowModule {
    let m = this.modules.get(path);
    if (!m) {
      let config = this.config;
      for (const name of callNames(path)) config = config?.module_calls?.[name]?.module;
      const parentPath = path.replace(/\.?module\.[^.[]+(\[[^\]]*\])?$/, "");
      m = new ShowModule(this, path, config, path === "" ? undefined : parentPath);
      this.modules.set(path, m);
    }
    return m;
  }

  rootVariable(name: string): Val | undefined {
    const v = obj(obj(this.doc.variables)?.[name]);
    return v && "value" in v ? fromJson(v.value) : undefined;
  }

  /** The default AWS provider's region: a constant or a root variable. */
  region(): string | undefined {
    const expr = obj(obj(obj(obj(this.doc.configuration)?.provider_config)?.aws)?.expressions)?.region as ConfigExpr | undefined;
    const v = expr?.constant_value ?? (expr?.references?.[0]?.startsWith("var.") ? this.rootVariable(expr.references[0].slice(4)) : undefined);
    return typeof v === "string" ? v : undefined;
  }
}

/** Evaluates the references an expression makes, as the expression itself when it is exactly one reference. */
function resolveReferences(refs: readonly string[], scope: Scope): Val {
  // Terraform lists `aws_vpc.main.id` and `aws_vpc.main`; the longest says what is meant.
  let candidates = refs.filter((r) => !refs.some((o) => o !== r && (o.startsWith(`${r}.`) || o.startsWith(`${r}[`))));
  // `aws_subnet.public[each.key].id` is listed as `aws_subnet.public` and `each.key`.
  const key = candidates.find((r) => r === "each.key" || r === "count.index");
  if (key) candidates = candidates.filter((r) => r !== key);
  if (candidates.length === 0) return new Unknown("the expression refers to nothing that can be followed");
  const values = candidates.map((ref) => {
    try {
      const whole = evaluate(parseHclExpression(ref), scope);
      if (!key) return whole;
      const one = index(whole, evaluate(parseHclExpression(key), scope));
      return one instanceof Unknown && one.error ? whole : one;
    } catch (e) {
      if (e instanceof HclSyntaxError) return new Unknown(e.summary, true);
      throw e;
    }
  });
  // `element(aws_subnet.public[*].id, var.single_nat_gateway ? 0 : count.index)` lists a bool and a
  // resource: a bool or a number is a condition or an index there, never the value.
  const meant = values.filter((v) => typeof v !== "boolean" && typeof v !== "number");
  const kept = meant.length > 0 ? meant : values;
  return kept.length === 1 ? kept[0]! : kept;
}

/** One module instance: its resources by block, and what its references resolve to. */
class ShowModule {
  private readonly blocks = new Map<string, ShowInstance[]>();
  /** The configuration of each block, by its address in the module. */
  private readonly configs: Map<string, ConfigResource>;
  readonly scope: Scope;

  constructor(
    private readonly run: ShowRun,
    readonly path: string,
    readonly config: ConfigModuleJson | undefined,
    private readonly parentPath: string | undefined,
  ) {
    this.configs = new Map((config?.resources ?? []).map((r) => [r.address, r]));
    this.scope = { lookup: (name) => this.lookup(name) };
  }

  add(inst: ShowInstance): void {
    const key = `${inst.mode === "data" ? "data." : ""}${inst.type}.${inst.name}`;
    const list = this.blocks.get(key);
    if (list) list.push(inst);
    else this.blocks.set(key, [inst]);
  }

  configOf(res: ShowResource): ConfigResource | undefined {
    return this.configs.get(`${res.mode === "data" ? "data." : ""}${res.type}.${res.name}`);
  }

  private prefix(): string {
    return this.path ? `${this.path}.` : "";
  }

  private lookup(name: string): Val | undefined {
    switch (name) {
      case "var":
        return new Lazy(`${this.prefix()}var`, (n) => this.variable(n));
      case "local":
        return new Unknown(LOCALS_ABSENT);
      case "data":
        return new Lazy(`${this.prefix()}data`, (type) => new Lazy(`data.${type}`, (n) => this.collection(`data.${type}.${n}`)));
      case "module":
        return new Lazy(`${this.prefix()}module`, (call) => this.moduleOutputs(call));
      case "path":
        return { module: ".", root: ".", cwd: "." };
      case "terraform":
        return { workspace: "default" };
    }
    if (name.includes("_")) return new Lazy(`${this.prefix()}${name}`, (n) => this.collection(`${name}.${n}`));
    return undefined;
  }

  private variable(name: string): Val | undefined {
    if (this.parentPath === undefined) {
      const given = this.run.rootVariable(name);
      if (given !== undefined) return given;
    } else {
      const call = callNames(this.path).at(-1)!;
      const parent = this.run.module(this.parentPath);
      const expr = obj(parent.config?.module_calls?.[call]?.expressions?.[name]) as ConfigExpr | undefined;
      if (expr && "constant_value" in expr) return fromJson(expr.constant_value);
      if (expr?.references) return resolveReferences(expr.references, parent.scope);
    }
    const decl = this.config?.variables?.[name];
    return decl && "default" in decl ? fromJson(decl.default) : new Unknown(`${this.prefix()}var.${name} is not known`);
  }

  /** One instance, a list (count) or a map (for_each), as in a configuration. */
  private collection(block: string): Val | undefined {
    const list = this.blocks.get(block);
    if (!list) return new Unknown(`${this.prefix()}${block} is not in the plan or state`);
    // The instances' keys say how the block repeats: the configuration leaves out a for_each or
    // count it cannot write as a constant or as references (`for_each = toset([...])`).
    const keyed = typeof list[0]?.key === "string";
    const counted = typeof list[0]?.key === "number";
    const lazy = (i: ShowInstance) => new Lazy(i.address, (k) => i.attr(k));
    if (keyed) return Object.fromEntries(list.map((i) => [String(i.key), lazy(i)]));
    if (counted) return [...list].sort((a, b) => Number(a.key) - Number(b.key)).map(lazy);
    return lazy(list[0]!);
  }

  private moduleOutputs(call: string): Val | undefined {
    const child = this.config?.module_calls?.[call];
    if (!child) return undefined;
    const childModule = this.run.module(`${this.prefix()}module.${call}`);
    return new Lazy(`${this.prefix()}module.${call}`, (out) => {
      const refs = child.module?.outputs?.[out]?.expression?.references;
      return refs ? resolveReferences(refs, childModule.scope) : new Unknown(`output ${out} of module.${call} is not known`);
    });
  }
}

const asJson = (v: unknown): Json => obj(v) ?? {};

/** Values known in a plan or state, with what is unknown and the configuration's expressions beside them. */
class ShowBody implements TfBlock {
  constructor(
    protected readonly values: Json,
    /** after_unknown at this level: true, or a structure of trues. */
    protected readonly unknown: unknown,
    protected readonly exprs: Json | undefined,
    /** Where the references of the expressions resolve; an instance adds its each and count. */
    protected scope: Scope,
    protected readonly label: string,
  ) {}

  protected unknownAt(name: string): unknown {
    return this.unknown === true ? true : obj(this.unknown)?.[name];
  }

  private resolver(name: string): (() => Val) | undefined {
    const refs = (obj(this.exprs?.[name]) as ConfigExpr | undefined)?.references;
    return refs?.length ? () => resolveReferences(refs, this.scope) : undefined;
  }

  /**
   * Unknown and not written in the configuration: a value the provider computes, not an argument
   * (a VPC's IPv6 block, a security group's rules made elsewhere). Configured values it is not.
   */
  private computedOnly(name: string): boolean {
    return this.exprs !== undefined && !Object.hasOwn(this.exprs, name);
  }

  arg(name: string): Val {
    const u = this.unknownAt(name);
    const why = `${this.label}.${name} is known only after apply`;
    if (u === true || (Array.isArray(u) && u.some((x) => x === true))) return this.computedOnly(name) ? null : new Unknown(why, false, this.resolver(name));
    // Providers write an unset string as "" (SDKv2) or null (the plugin framework): both are unset.
    if (!Object.hasOwn(this.values, name) || this.values[name] === "") return null;
    return withUnknowns(this.values[name], u, why);
  }

  blocks(name: string): TfBlock[] {
    const u = this.unknownAt(name);
    if (u === true) return this.computedOnly(name) ? [] : [{ arg: () => new Unknown(`${this.label}.${name} is known only after apply`), blocks: () => [] }];
    const items = this.values[name];
    const list = Array.isArray(items) ? items : obj(items) ? [items] : [];
    const exprList = this.exprs?.[name];
    const exprs = Array.isArray(exprList) ? exprList : [];
    // Without the block's expressions (Terraform leaves out blocks written as attributes), an
    // argument unknown at plan is unknown, not absent: a route whose target is known only after
    // apply has a target.
    return list.map(
      (item, i) =>
        new ShowBody(
          asJson(item),
          Array.isArray(u) ? u[i] : undefined,
          obj(exprs.length === 1 ? exprs[0] : exprs[i]),
          this.scope,
          `${this.label}.${name}[${i}]`,
        ),
    );
  }
}

/** A JSON value with the Unknowns after_unknown marks inside it. */
function withUnknowns(v: unknown, u: unknown, why: string): Val {
  if (u === true) return new Unknown(why);
  if (Array.isArray(v) && Array.isArray(u)) return v.map((item, i) => withUnknowns(item, u[i], why));
  const vo = obj(v);
  const uo = obj(u);
  if (vo && uo) {
    const out = Object.fromEntries(Object.entries(vo).map(([k, item]) => [k, withUnknowns(item, uo[k], why)]));
    for (const [k, flag] of Object.entries(uo)) if (flag === true && !(k in out)) out[k] = new Unknown(why);
    return out;
  }
  return fromJson(v);
}

class ShowInstance extends ShowBody implements TfInstance {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly block: string;
  readonly key: string | number | undefined;
  readonly location?: SourceLocation;
  private readonly computed = new Map<string, Val>();

  constructor(
    private readonly run: ShowRun,
    private readonly module: ShowModule,
    res: ShowResource,
    unknown: unknown,
    location: SourceLocation | undefined,
  ) {
    const config = module.configOf(res);
    super(asJson(res.values), unknown, config?.expressions, module.scope, res.address);
    this.address = res.address;
    this.mode = res.mode;
    this.type = res.type;
    this.name = res.name;
    this.key = res.index;
    this.block = res.index === undefined ? res.address : res.address.slice(0, res.address.lastIndexOf("["));
    if (location) this.location = location;
    // each and count of this instance, for references made inside it.
    const forEach = config?.for_each_expression;
    const each = new Lazy("each", (k) => (k === "key" ? (this.key ?? null) : k === "value" ? this.eachValue(forEach) : undefined));
    this.scope = bind(module.scope, { each, count: { index: typeof this.key === "number" ? this.key : null } });
  }

  private eachValue(forEach: ConfigExpr | undefined): Val {
    if (this.key === undefined || !forEach) return new Unknown(`${this.address} has no for_each`);
    const coll =
      "constant_value" in forEach
        ? fromJson(forEach.constant_value)
        : forEach.references
          ? resolveReferences(forEach.references, this.module.scope)
          : new Unknown("for_each is not known");
    if (Array.isArray(coll)) return String(this.key);
    return index(coll, this.key);
  }

  attr(name: string): Val {
    const u = this.unknownAt(name);
    if (u !== true && Object.hasOwn(this.values, name)) return this.arg(name);
    let v = this.computed.get(name);
    if (v === undefined) {
      // An argument known only after apply is what its configuration refers to (`vpc_id =
      // aws_vpc.main.id`); only what nothing configures is the cloud's to compute.
      v = u === true && this.references(name).length > 0 ? this.arg(name) : standIn(this, name, this.run.standIns, COMPUTERS);
      // What a stand-in cannot give, the configuration's references may (an argument unknown until apply).
      if (v instanceof Unknown && u === true) v = this.arg(name);
      this.computed.set(name, v);
    }
    return v;
  }

  references(name: string): string[] {
    return (obj(this.exprs?.[name]) as ConfigExpr | undefined)?.references ?? [];
  }
}
