// A small evaluator of Terraform expressions, enough to read a network's configuration
// statically: literals, templates, variables, locals, each/count, references to resources (which
// importers give as lazy objects), the usual collection, string and CIDR functions, conditionals
// and for-expressions. What cannot be known before apply, or is not supported, evaluates to an
// Unknown that says why; importers turn the Unknowns that matter into gaps.
import { FAMILY_BITS, formatAddress, networkValue, parseAddress } from "../../ipam/prefix.js";
import { type Expr as Node, HclSyntaxError, SPLAT_ITEM, parseHclTemplate } from "../../hcl/index.js";

export type Val = null | boolean | number | string | Val[] | ValMap | Unknown | Lazy;
export interface ValMap {
  [key: string]: Val;
}

/**
 * A value not known statically, and why. `error`: evaluation failed (try() and can() skip these);
 * `resolve`: what the expression refers to when it is exactly a reference (terraform show gives
 * the references of expressions, not the expressions).
 */
export class Unknown {
  constructor(
    readonly why: string,
    readonly error = false,
    readonly resolve?: () => Val,
    /** A text only partly unknown (a template, jsonencode of an object): the known parts, each unknown one as unknownPart(why). */
    readonly partial?: string,
    /** What the expression refers to, as written (`aws_security_group.web.id`, `var.vpc_id`), when it is a reference nothing declares or gives. */
    readonly ref?: string,
  ) {}
}

/** The same Unknown, naming what it refers to. */
const withRef = (u: Unknown, ref: string): Unknown => new Unknown(u.why, u.error, u.resolve, u.partial, ref);

/** An Unknown reference followed one step further: `aws_vpc.main` -> `aws_vpc.main.id`. */
function refStep(v: Val, obj: Val, step: string): Val {
  if (!(v instanceof Unknown) || v.resolve) return v;
  const base = obj instanceof Unknown ? obj.ref : obj instanceof Lazy ? obj.label : undefined;
  return base === undefined ? v : withRef(v, `${base}${step}`);
}

/**
 * Stands for an unknown part in Unknown.partial, with why: between two private-use characters,
 * URI-encoded, so that it stays one token anywhere in a JSON string, raw or escaped.
 */
export const unknownPart = (why: string): string => `\uE000${encodeURIComponent(why)}\uE001`;

/** The unknown parts of a partial text: each one's why. */
export const UNKNOWN_PARTS = /\uE000([^\uE001]*)\uE001/g;

/** A value's JSON with each unknown part as unknownPart(why) (a partly known string keeps its known parts). */
function partialJson(v: Val): string {
  const plainOf = (x: Val): unknown => {
    if (x instanceof Unknown) return x.partial ?? unknownPart(x.why);
    if (x instanceof Lazy) return unknownPart(`${x.label} is a whole resource, not a value`);
    if (Array.isArray(x)) return x.map(plainOf);
    if (isMap(x)) return Object.fromEntries(Object.entries(x).map(([k, item]) => [k, plainOf(item)]));
    return x;
  };
  return JSON.stringify(plainOf(v));
}

/** An object whose attributes are computed on demand: a resource instance, a namespace (`var`, `data`). */
export class Lazy {
  constructor(
    /** How the object is written in Terraform: `aws_subnet.public["a"]`, `var`. */
    readonly label: string,
    private readonly getter: (key: string) => Val | undefined,
    /** The attributes, for iterating; absent: not iterable. */
    readonly keys?: () => string[],
  ) {}

  get(key: string): Val {
    const v = this.getter(key);
    return v === undefined ? new Unknown(`${this.label} has no attribute "${key}"`, true) : v;
  }
}

export const isMap = (v: Val | undefined): v is ValMap =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof Lazy);

/** Names in scope: for-expression variables, each, count, iterators, and the module's namespaces. */
export interface Scope {
  lookup(name: string): Val | undefined;
}

export function bind(parent: Scope, names: Record<string, Val>): Scope {
  return { lookup: (name) => (Object.hasOwn(names, name) ? names[name] : parent.lookup(name)) };
}

const fail = (why: string): Unknown => new Unknown(why, true);

/** The first Unknown inside a value (Lazy objects count as unknown where a plain value is needed). */
function firstUnknown(v: Val): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (v instanceof Lazy) return new Unknown(`${v.label} is a whole resource, not a value`);
  if (Array.isArray(v)) {
    for (const item of v) {
      const u = firstUnknown(item);
      if (u) return u;
    }
  } else if (isMap(v)) {
    for (const item of Object.values(v)) {
      const u = firstUnknown(item);
      if (u) return u;
    }
  }
  return undefined;
}

/** An expression of a .tf file, parsed once: a configuration value that is no JSON string. */
export class ParsedValue {
  constructor(readonly node: Node) {}
}

/** Evaluates a configuration value: parsed HCL, or Terraform JSON (strings are templates, arrays and objects hold values). */
export function evaluateJson(value: unknown, scope: Scope): Val {
  if (value instanceof ParsedValue) return evaluate(value.node, scope);
  if (typeof value === "string") return evaluateText(value, scope);
  if (value === null || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map((item) => evaluateJson(item, scope));
  if (typeof value === "object") {
    const out: ValMap = {};
    for (const [k, item] of Object.entries(value as Record<string, unknown>)) out[k] = evaluateJson(item, scope);
    return out;
  }
  return fail(`unexpected ${typeof value} in the configuration`);
}

/** A template string; a string without `${` is itself. */
export function evaluateText(text: string, scope: Scope): Val {
  if (!text.includes("{")) return text;
  try {
    return evaluate(parseTemplate(text), scope);
  } catch (e) {
    if (e instanceof HclSyntaxError) return fail(e.summary);
    throw e;
  }
}

const templates = new Map<string, Node>();

/** A Terraform JSON string as a template, parsed once however often it is evaluated. */
function parseTemplate(text: string): Node {
  let node = templates.get(text);
  if (!node) {
    node = parseHclTemplate(text);
    if (templates.size > 10_000) templates.clear();
    templates.set(text, node);
  }
  return node;
}

export function evaluate(node: Node, scope: Scope): Val {
  switch (node.k) {
    case "lit":
      return node.v;
    case "tmpl":
      return template(node.parts, scope);
    case "name":
      return scope.lookup(node.name) ?? withRef(fail(`unknown name "${node.name}"`), node.name);
    case "attr": {
      const obj = evaluate(node.obj, scope);
      return refStep(attribute(obj, node.name), obj, `.${node.name}`);
    }
    case "index": {
      const obj = evaluate(node.obj, scope);
      const key = evaluate(node.key, scope);
      const step = typeof key === "string" || typeof key === "number" ? `[${JSON.stringify(key)}]` : undefined;
      const v = index(obj, key);
      return step === undefined ? v : refStep(v, obj, step);
    }
    case "splat":
      return splat(evaluate(node.obj, scope), node.each, scope);
    case "call":
      return call(node, scope);
    case "cond": {
      const test = evaluate(node.test, scope);
      if (test instanceof Unknown) return test;
      if (typeof test !== "boolean") return fail("the condition of a conditional is not a bool");
      return evaluate(test ? node.then : node.else, scope);
    }
    case "bin":
      return binary(node.op, node.l, node.r, scope);
    case "un": {
      const x = evaluate(node.x, scope);
      if (x instanceof Unknown) return x;
      if (node.op === "!") return typeof x === "boolean" ? !x : fail("! needs a bool");
      const n = toNumber(x);
      return n instanceof Unknown ? n : -n;
    }
    case "tuple":
      return node.items.map((item) => evaluate(item, scope));
    case "object": {
      const out: ValMap = {};
      for (const item of node.items) {
        const key = evaluate(item.key, scope);
        if (key instanceof Unknown) return key;
        const k = toStringValue(key);
        if (k instanceof Unknown) return k;
        out[k] = evaluate(item.value, scope);
      }
      return out;
    }
    case "for":
      return forExpression(node, scope);
    case "paren":
      return evaluate(node.x, scope);
    case "tif": {
      const test = evaluate(node.test, scope);
      if (test instanceof Unknown) return test;
      if (typeof test !== "boolean") return fail("the condition of an if directive is not a bool");
      return test ? evaluate(node.then, scope) : node.else ? evaluate(node.else, scope) : "";
    }
    case "tfor": {
      const list = entries(evaluate(node.coll, scope));
      if (list instanceof Unknown) return list;
      let out = "";
      for (const [k, v] of list) {
        const s = toStringValue(evaluate(node.body, bind(scope, { [node.valueVar]: v, ...(node.keyVar ? { [node.keyVar]: k } : {}) })));
        if (s instanceof Unknown) return s;
        out += s;
      }
      return out;
    }
  }
}

function template(parts: (string | Node)[], scope: Scope): Val {
  if (parts.length === 1 && typeof parts[0] !== "string") return evaluate(parts[0]!, scope);
  let out = "";
  let unknown: Unknown | undefined;
  for (const part of parts) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    const v = evaluate(part, scope);
    const s = v instanceof Unknown ? v : toStringValue(v);
    if (s instanceof Unknown) {
      // The rest is still read, so that what is known of the text (a policy's other statements) can be judged.
      unknown ??= s;
      out += s.partial ?? unknownPart(s.why);
      continue;
    }
    out += s;
  }
  return unknown ? new Unknown(unknown.why, unknown.error, unknown.resolve, out) : out;
}

export function toStringValue(v: Val): string | Unknown {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Unknown) return v;
  if (v === null) return fail("a null value cannot be used in a string");
  return fail(`${v instanceof Lazy ? v.label : "a collection"} cannot be used as a string`);
}

export function toNumber(v: Val): number | Unknown {
  if (typeof v === "number") return v;
  if (v instanceof Unknown) return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return fail(`${JSON.stringify(v instanceof Lazy ? v.label : v)} is not a number`);
}

export function attribute(obj: Val, name: string): Val {
  if (obj instanceof Unknown) return obj;
  if (obj instanceof Lazy) return obj.get(name);
  if (isMap(obj)) return Object.hasOwn(obj, name) ? obj[name]! : fail(`the object has no attribute "${name}"`);
  if (obj === null) return fail(`attribute "${name}" of a null value`);
  return fail(`attribute "${name}" of a ${Array.isArray(obj) ? "list" : typeof obj}`);
}

export function index(obj: Val, key: Val): Val {
  if (obj instanceof Unknown) return obj;
  if (key instanceof Unknown) return key;
  if (Array.isArray(obj)) {
    const i = toNumber(key);
    if (i instanceof Unknown) return i;
    return i >= 0 && i < obj.length && Number.isInteger(i) ? obj[i]! : fail(`index ${i} is out of range (${obj.length} elements)`);
  }
  const k = toStringValue(key);
  if (k instanceof Unknown) return k;
  if (obj instanceof Lazy) return obj.get(k);
  if (isMap(obj)) return Object.hasOwn(obj, k) ? obj[k]! : fail(`the map has no key "${k}"`);
  return fail(`cannot index ${obj === null ? "null" : typeof obj} with "${k}"`);
}

function splat(obj: Val, each: Node, scope: Scope): Val {
  if (obj instanceof Unknown) return obj;
  if (obj === null) return [];
  const items = Array.isArray(obj) ? obj : [obj];
  return items.map((item) => evaluate(each, bind(scope, { [SPLAT_ITEM]: item })));
}

/** Entries of a collection to iterate: list index -> element, map key -> value (maps in key order, as Terraform). */
export function entries(coll: Val): [string | number, Val][] | Unknown {
  if (coll instanceof Unknown) return coll;
  if (Array.isArray(coll)) return coll.map((v, i) => [i, v]);
  if (isMap(coll))
    return Object.keys(coll)
      .sort()
      .map((k) => [k, coll[k]!]);
  if (coll instanceof Lazy && coll.keys)
    return coll
      .keys()
      .sort()
      .map((k) => [k, coll.get(k)]);
  return fail(`cannot iterate over ${coll === null ? "null" : coll instanceof Lazy ? coll.label : typeof coll}`);
}

function forExpression(node: Extract<Node, { k: "for" }>, scope: Scope): Val {
  const list = entries(evaluate(node.coll, scope));
  if (list instanceof Unknown) return list;
  const tuple: Val[] = [];
  const object: ValMap = {};
  const groups: Record<string, Val[]> = {};
  for (const [k, v] of list) {
    const inner = bind(scope, { [node.valueVar]: v, ...(node.keyVar ? { [node.keyVar]: k } : {}) });
    if (node.cond) {
      const keep = evaluate(node.cond, inner);
      if (keep instanceof Unknown) return keep;
      if (keep === false) continue;
      if (keep !== true) return fail("the if clause of a for-expression is not a bool");
    }
    const value = evaluate(node.valueExpr, inner);
    if (!node.keyExpr) {
      tuple.push(value);
      continue;
    }
    const key = evaluate(node.keyExpr, inner);
    if (key instanceof Unknown) return key;
    const ks = toStringValue(key);
    if (ks instanceof Unknown) return ks;
    if (node.group) (groups[ks] ??= []).push(value);
    else if (Object.hasOwn(object, ks)) return fail(`the for-expression gives key "${ks}" twice`);
    else object[ks] = value;
  }
  if (!node.keyExpr) return tuple;
  return node.group ? groups : object;
}

export function equal(a: Val, b: Val): boolean | Unknown {
  const u = firstUnknown(a) ?? firstUnknown(b);
  if (u) return a instanceof Lazy && b instanceof Lazy ? a === b : u;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const e = equal(a[i]!, b[i]!);
      if (e !== true) return e;
    }
    return true;
  }
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join("\u0000") !== kb.join("\u0000")) return false;
    for (const k of ka) {
      const e = equal(a[k]!, b[k]!);
      if (e !== true) return e;
    }
    return true;
  }
  return a === b;
}

function binary(op: string, ln: Node, rn: Node, scope: Scope): Val {
  const l = evaluate(ln, scope);
  if (op === "&&" || op === "||") {
    // Short-circuits, as Terraform does since 1.12; a decided left side needs no right side.
    if (l === (op === "||")) return l;
    if (l instanceof Unknown) return l;
    if (typeof l !== "boolean") return fail(`${op} needs bools`);
    const r = evaluate(rn, scope);
    if (r instanceof Unknown) return r;
    return typeof r === "boolean" ? r : fail(`${op} needs bools`);
  }
  const r = evaluate(rn, scope);
  if (op === "==" || op === "!=") {
    const e = equal(l, r);
    return e instanceof Unknown ? e : op === "==" ? e : !e;
  }
  const a = toNumber(l);
  if (a instanceof Unknown) return a;
  const b = toNumber(r);
  if (b instanceof Unknown) return b;
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return b === 0 ? fail("division by zero") : a / b;
    case "%":
      return b === 0 ? fail("division by zero") : a % b;
    case "<":
      return a < b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    case ">=":
      return a >= b;
  }
  return fail(`unknown operator ${op}`);
}

// --- functions -------------------------------------------------------------------------------

function call(node: Extract<Node, { k: "call" }>, scope: Scope): Val {
  if (node.fn === "try") {
    for (const arg of node.args) {
      const v = evaluate(arg, scope);
      const u = firstUnknown(v);
      if (!u?.error) return v;
    }
    return fail("no argument of try() could be evaluated");
  }
  if (node.fn === "can") {
    const v = node.args[0] ? evaluate(node.args[0], scope) : fail("can() needs an argument");
    const u = firstUnknown(v);
    return u ? (u.error ? false : u) : true;
  }
  const fn = FUNCTIONS[node.fn];
  if (!fn) return new Unknown(`function ${node.fn}() is not evaluated by dpnet`);
  let args = node.args.map((a) => evaluate(a, scope));
  if (node.expand) {
    const last = args.at(-1);
    if (last instanceof Unknown) return last;
    if (!Array.isArray(last)) return fail(`the expanded argument of ${node.fn}() is not a list`);
    args = [...args.slice(0, -1), ...last];
  }
  const unknown = args.find((a): a is Unknown => a instanceof Unknown);
  if (node.fn === "jsonencode") {
    const inside = firstUnknown(args[0] ?? null);
    if (inside) return new Unknown(inside.why, inside.error, undefined, partialJson(args[0] ?? null));
  }
  if (unknown && !LENIENT.has(node.fn)) return unknown;
  try {
    return fn(args);
  } catch (e) {
    // Arguments of unexpected shapes (a regex that does not compile, a map where a list goes) are the input's problem.
    if (e instanceof Error) return fail(`${node.fn}(): ${e.message}`);
    throw e;
  }
}

class FunctionError extends Error {}

function str(v: Val | undefined): string {
  const s = toStringValue(v ?? null);
  if (s instanceof Unknown) throw new FunctionError(s.why);
  return s;
}

function num(v: Val | undefined): number {
  const n = toNumber(v ?? null);
  if (n instanceof Unknown) throw new FunctionError(n.why);
  return n;
}

function list(v: Val | undefined): Val[] {
  if (Array.isArray(v)) return v;
  if (isMap(v))
    return Object.keys(v)
      .sort()
      .map((k) => v[k]!);
  throw new FunctionError(`expected a list, got ${v === null ? "null" : v instanceof Lazy ? v.label : typeof v}`);
}

function map(v: Val | undefined): ValMap {
  if (isMap(v)) return v;
  throw new FunctionError("expected a map or object");
}

/** Set semantics: distinct elements; needs every element known. */
function distinct(items: Val[]): Val[] {
  const out: Val[] = [];
  for (const item of items) {
    const u = firstUnknown(item);
    if (u) throw new FunctionError(u.why);
    if (!out.some((o) => equal(o, item) === true)) out.push(item);
  }
  return out;
}

/** Plain JSON of a value; Unknowns are an error. */
function plain(v: Val): unknown {
  const u = firstUnknown(v);
  if (u) throw new FunctionError(u.why);
  return v;
}

/** A Terraform value from JSON (jsondecode, policy documents). */
export function fromJson(v: unknown): Val {
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(fromJson);
  if (typeof v === "object") return Object.fromEntries(Object.entries(v as object).map(([k, item]) => [k, fromJson(item)]));
  return null;
}

function parseCidrArg(text: string): { family: 4 | 6; base: bigint; len: number; bits: number } {
  const slash = text.indexOf("/");
  const a = slash > 0 ? parseAddress(text.slice(0, slash)) : undefined;
  const len = Number(text.slice(slash + 1));
  if (!a || !Number.isInteger(len) || len < 0 || len > FAMILY_BITS[a.family]) throw new FunctionError(`${JSON.stringify(text)} is not a CIDR block`);
  return { family: a.family, base: networkValue(a, len), len, bits: FAMILY_BITS[a.family] };
}

const cidrText = (family: 4 | 6, value: bigint, len: number) => `${formatAddress({ family, value })}/${len}`;

function cidrsubnet(prefix: string, newbits: number, netnum: number): string {
  const p = parseCidrArg(prefix);
  const len = p.len + newbits;
  if (len > p.bits) throw new FunctionError(`${prefix} has no room for ${newbits} more bits`);
  if (netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) throw new FunctionError(`netnum ${netnum} does not fit in ${newbits} bits`);
  return cidrText(p.family, p.base | (BigInt(netnum) << BigInt(p.bits - len)), len);
}

function cidrhost(prefix: string, hostnum: number): string {
  const p = parseCidrArg(prefix);
  const size = 1n << BigInt(p.bits - p.len);
  const n = hostnum < 0 ? size + BigInt(hostnum) : BigInt(hostnum);
  if (n < 0n || n >= size) throw new FunctionError(`host number ${hostnum} is outside ${prefix}`);
  return formatAddress({ family: p.family, value: p.base + n });
}

/** Consecutive aligned blocks, as Terraform's cidrsubnets allocates them. */
function cidrsubnets(prefix: string, newbits: number[]): string[] {
  const p = parseCidrArg(prefix);
  const end = p.base + (1n << BigInt(p.bits - p.len));
  let next = p.base;
  return newbits.map((nb) => {
    const len = p.len + nb;
    if (nb < 1 || len > p.bits) throw new FunctionError(`${prefix} has no room for ${nb} more bits`);
    const size = 1n << BigInt(p.bits - len);
    const start = ((next + size - 1n) / size) * size;
    if (start + size > end) throw new FunctionError(`${prefix} is full`);
    next = start + size;
    return cidrText(p.family, start, len);
  });
}

/** `format` verbs: %s %d %v %q %f %%, with width and zero padding. */
function format(spec: string, args: Val[]): string {
  let i = 0;
  return spec.replace(
    /%(-?)(0?)(\d*)(?:\.(\d+))?([sdvqtf%])/g,
    (_m, left: string, zero: string, width: string, precision: string | undefined, verb: string) => {
      if (verb === "%") return "%";
      const arg = args[i++];
      if (arg === undefined) throw new FunctionError("not enough arguments for the format");
      let text =
        verb === "d"
          ? String(Math.trunc(num(arg)))
          : verb === "f"
            ? num(arg).toFixed(precision === undefined ? 6 : Number(precision))
            : verb === "q"
              ? JSON.stringify(str(arg))
              : verb === "v" && typeof arg !== "string"
                ? JSON.stringify(plain(arg))
                : str(arg);
      const w = Number(width || 0);
      if (text.length < w) text = left ? text.padEnd(w) : text.padStart(w, zero ? "0" : " ");
      return text;
    },
  );
}

/** Functions that look inside their arguments themselves (an unknown element need not make the result unknown). */
const LENIENT = new Set([
  "length",
  "concat",
  "tolist",
  "coalesce",
  "compact",
  "merge",
  "flatten",
  "one",
  "element",
  "values",
  "keys",
  "slice",
  "reverse",
  "lookup",
]);

/** Terraform's regular expressions are RE2: its named groups are `(?P<name>...)`; flags go in the pattern. */
function re2(pattern: string, flags: string): RegExp {
  let source = pattern.replace(/\(\?P</g, "(?<");
  let extra = "";
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    if (inline[1]!.includes("U")) throw new FunctionError("the U flag of RE2 is not supported");
    extra = inline[1]!;
    source = source.slice(inline[0].length);
  }
  return new RegExp(source, flags + extra);
}

/** What one match gives: the match without groups, a map with named groups, else the list of groups (absent ones as ""). */
function regexResult(m: RegExpExecArray): Val {
  if (m.groups) return Object.fromEntries(Object.entries(m.groups).map(([k, v]) => [k, v ?? ""]));
  return m.length === 1 ? m[0] : m.slice(1).map((g) => g ?? "");
}

/** A value of a variable with the defaults its type's `optional(type, default)` attributes give (Terraform >= 1.3). */
export function withTypeDefaults(type: Node, v: Val): Val {
  if (v === null || v instanceof Unknown || v instanceof Lazy) return v;
  if (type.k === "paren") return withTypeDefaults(type.x, v);
  if (type.k !== "call") return v;
  const inner = type.args[0];
  if (!inner) return v;
  switch (type.fn) {
    case "list":
    case "set":
      return Array.isArray(v) ? v.map((item) => withTypeDefaults(inner, item)) : v;
    case "map":
      return isMap(v) ? Object.fromEntries(Object.entries(v).map(([k, item]) => [k, withTypeDefaults(inner, item)])) : v;
    case "tuple":
      return Array.isArray(v) && inner.k === "tuple" ? v.map((item, i) => (inner.items[i] ? withTypeDefaults(inner.items[i]!, item) : item)) : v;
    case "object": {
      if (!isMap(v) || inner.k !== "object") return v;
      const out: ValMap = { ...v };
      for (const item of inner.items) {
        const key = item.key.k === "lit" ? String(item.key.v) : item.key.k === "name" ? item.key.name : undefined;
        if (key === undefined) continue;
        let attrType = item.value;
        if (attrType.k === "call" && attrType.fn === "optional" && attrType.args[0]) {
          const fallback = attrType.args[1];
          if (out[key] === undefined || out[key] === null) out[key] = fallback ? evaluate(fallback, NO_NAMES) : null;
          attrType = attrType.args[0];
        }
        if (out[key] !== undefined) out[key] = withTypeDefaults(attrType, out[key]!);
      }
      return out;
    }
  }
  return v;
}

/** Type expressions and optional() defaults are constants: they name nothing. */
const NO_NAMES: Scope = { lookup: () => undefined };

const FUNCTIONS: Record<string, (args: Val[]) => Val> = {
  regex: ([p, s]) => {
    const m = re2(str(p), "").exec(str(s));
    if (!m) throw new FunctionError("the pattern does not match the string");
    return regexResult(m);
  },
  regexall: ([p, s]) => [...str(s).matchAll(re2(str(p), "g"))].map(regexResult),
  formatlist: ([spec, ...args]) => {
    const lists = args.filter((a) => Array.isArray(a)).map((a) => (a as Val[]).length);
    if (lists.some((n) => n !== lists[0])) throw new FunctionError("the lists are not all the same length");
    const n = lists[0] ?? 1;
    return Array.from({ length: n }, (_, i) =>
      format(
        str(spec),
        args.map((a) => (Array.isArray(a) ? a[i]! : a)),
      ),
    );
  },
  setintersection: ([first, ...rest]) => distinct(list(first ?? null)).filter((x) => rest.every((r) => list(r).some((y) => equal(x, y) === true))),
  setsubtract: ([a, b]) => distinct(list(a ?? null)).filter((x) => !list(b ?? null).some((y) => equal(x, y) === true)),
  chunklist: ([l, size]) => {
    const items = list(l ?? null);
    const n = num(size);
    if (n < 0) throw new FunctionError("the chunk size is negative");
    if (n === 0) return [items];
    return Array.from({ length: Math.ceil(items.length / n) }, (_, i) => items.slice(i * n, (i + 1) * n));
  },
  matchkeys: ([values, keys, search]) => {
    const vs = list(values ?? null);
    const ks = list(keys ?? null);
    if (vs.length !== ks.length) throw new FunctionError("the values and keys lists are not the same length");
    const wanted = list(search ?? null);
    return vs.filter((_, i) => wanted.some((w) => equal(ks[i]!, w) === true));
  },
  title: ([s]) => str(s).replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_m, before: string, c: string) => before + c.toUpperCase()),
  chomp: ([s]) => str(s).replace(/(\r\n|\n|\r)+$/, ""),
  strrev: ([s]) => [...str(s)].reverse().join(""),
  parseint: ([s, base]) => {
    const b = num(base);
    if (!Number.isInteger(b) || b < 2 || b > 36) throw new FunctionError(`base ${b} is not between 2 and 36`);
    const text = str(s);
    const n = Number.parseInt(text, b);
    if (!new RegExp(`^[-+]?[${"0123456789abcdefghijklmnopqrstuvwxyz".slice(0, b)}]+$`, "i").test(text)) {
      throw new FunctionError(`${JSON.stringify(text)} is not a number in base ${b}`);
    }
    return n;
  },
  pow: ([a, b]) => num(a) ** num(b),
  signum: ([v]) => Math.sign(num(v)),

  // A set of strings iterates in lexical order, as Terraform's sets do.
  toset: ([v]) => {
    const items = distinct(list(v ?? null));
    return items.every((x) => typeof x === "string")
      ? items.sort((a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0))
      : items;
  },
  tolist: ([v]) => (v instanceof Unknown ? v : list(v ?? null)),
  tomap: ([v]) => map(v ?? null),
  tostring: ([v]) => (v === null ? null : str(v)),
  tonumber: ([v]) => (v === null ? null : num(v)),
  tobool: ([v]) => (v === true || v === "true" ? true : v === false || v === "false" ? false : v === null ? null : fail("not a bool")),
  length: ([v]) => {
    if (v instanceof Unknown) return v;
    if (typeof v === "string") return [...v].length;
    if (v instanceof Lazy && v.keys) return v.keys().length;
    return Array.isArray(v) ? v.length : Object.keys(map(v ?? null)).length;
  },
  concat: (args) => {
    const u = args.find((a): a is Unknown => a instanceof Unknown);
    return u ?? args.flatMap((a) => list(a));
  },
  merge: (args) => {
    const u = args.find((a): a is Unknown => a instanceof Unknown);
    return u ?? Object.assign({}, ...args.filter((a) => a !== null).map((a) => map(a)));
  },
  flatten: ([v]) => {
    const flat = (x: Val): Val[] | Unknown => {
      if (x instanceof Unknown) return x;
      if (!Array.isArray(x)) return [x];
      const out: Val[] = [];
      for (const item of x) {
        const f = Array.isArray(item) || item instanceof Unknown ? flat(item) : [item];
        if (f instanceof Unknown) return f;
        out.push(...f);
      }
      return out;
    };
    return flat(v ?? null);
  },
  distinct: ([v]) => distinct(list(v ?? null)),
  keys: ([v]) => (v instanceof Unknown ? v : v instanceof Lazy && v.keys ? v.keys().sort() : Object.keys(map(v ?? null)).sort()),
  values: ([v]) => {
    if (v instanceof Unknown) return v;
    if (v instanceof Lazy && v.keys)
      return v
        .keys()
        .sort()
        .map((k) => v.get(k));
    const m = map(v ?? null);
    return Object.keys(m)
      .sort()
      .map((k) => m[k]!);
  },
  lookup: ([m, k, d]) => {
    if (m instanceof Unknown) return m;
    if (k instanceof Unknown) return k;
    const key = str(k);
    const obj = map(m ?? null);
    return Object.hasOwn(obj, key) ? obj[key]! : d === undefined ? fail(`no key "${key}"`) : d;
  },
  element: ([l, i]) => {
    if (l instanceof Unknown) return l;
    if (i instanceof Unknown) return i;
    const items = list(l ?? null);
    if (items.length === 0) throw new FunctionError("the list is empty");
    return items[((Math.trunc(num(i)) % items.length) + items.length) % items.length]!;
  },
  index: ([l, v]) => {
    const at = list(l ?? null).findIndex((x) => equal(x, v ?? null) === true);
    return at >= 0 ? at : fail("the value is not in the list");
  },
  contains: ([l, v]) => {
    const items = l instanceof Lazy ? [] : list(l ?? null);
    let unknown: Unknown | undefined;
    for (const item of items) {
      const e = equal(item, v ?? null);
      if (e === true) return true;
      if (e instanceof Unknown) unknown = e;
    }
    return unknown ?? false;
  },
  coalesce: (args) => {
    for (const a of args) {
      if (a instanceof Unknown) return a;
      if (a !== null && a !== "") return a;
    }
    return fail("every argument of coalesce() is null or empty");
  },
  coalescelist: (args) => args.find((a) => Array.isArray(a) && a.length > 0) ?? [],
  compact: ([v]) => (v instanceof Unknown ? v : list(v ?? null).filter((x) => x !== null && x !== "")),
  one: ([v]) => {
    if (v instanceof Unknown) return v;
    const items = list(v ?? null);
    return items.length === 0 ? null : items.length === 1 ? items[0]! : fail("one() of more than one element");
  },
  slice: ([l, a, b]) => (l instanceof Unknown ? l : list(l ?? null).slice(num(a), num(b))),
  reverse: ([l]) => (l instanceof Unknown ? l : [...list(l ?? null)].reverse()),
  sort: ([l]) =>
    list(l ?? null)
      .map((x) => str(x))
      .sort(),
  range: (args) => {
    const [a, b, step] = args.length === 1 ? [0, num(args[0]), 1] : [num(args[0]), num(args[1]), args[2] === undefined ? 1 : num(args[2])];
    if (step === 0 || Math.abs((b - a) / step) > 1024) throw new FunctionError("range too large");
    const out: number[] = [];
    for (let x = a; step > 0 ? x < b : x > b; x += step) out.push(x);
    return out;
  },
  zipmap: ([k, v]) => {
    const ks = list(k ?? null);
    const vs = list(v ?? null);
    return Object.fromEntries(ks.map((key, i) => [str(key), vs[i] ?? null]));
  },
  setunion: (args) => distinct(args.flatMap((a) => list(a))),
  setproduct: (args) => args.map((a) => list(a)).reduce<Val[][]>((acc, items) => acc.flatMap((prefix) => items.map((item) => [...prefix, item])), [[]]),
  sum: ([l]) => list(l ?? null).reduce<number>((s, x) => s + num(x), 0),
  min: (args) => Math.min(...args.map(num)),
  max: (args) => Math.max(...args.map(num)),
  abs: ([v]) => Math.abs(num(v)),
  floor: ([v]) => Math.floor(num(v)),
  ceil: ([v]) => Math.ceil(num(v)),
  alltrue: ([l]) => list(l ?? null).every((x) => x === true || x === "true"),
  anytrue: ([l]) => list(l ?? null).some((x) => x === true || x === "true"),
  join: ([sep, l]) =>
    list(l ?? null)
      .map(str)
      .join(str(sep)),
  split: ([sep, s]) => str(s).split(str(sep)),
  format: ([spec, ...args]) => format(str(spec), args),
  lower: ([s]) => str(s).toLowerCase(),
  upper: ([s]) => str(s).toUpperCase(),
  replace: ([s, a, b]) => {
    const pattern = str(a);
    if (pattern.length > 1 && pattern.startsWith("/") && pattern.endsWith("/")) return new RegExp(pattern.slice(1, -1), "g")[Symbol.replace](str(s), str(b));
    return str(s).split(pattern).join(str(b));
  },
  substr: ([s, o, l]) => {
    const chars = [...str(s)];
    const offset = num(o);
    const start = offset < 0 ? chars.length + offset : offset;
    const length = num(l);
    return chars.slice(start, length < 0 ? undefined : start + length).join("");
  },
  trimprefix: ([s, p]) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
  trimsuffix: ([s, p]) => (str(p) && str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s)),
  trimspace: ([s]) => str(s).trim(),
  startswith: ([s, p]) => str(s).startsWith(str(p)),
  endswith: ([s, p]) => str(s).endsWith(str(p)),
  cidrsubnet: ([p, b, n]) => cidrsubnet(str(p), num(b), num(n)),
  cidrsubnets: ([p, ...bits]) => cidrsubnets(str(p), bits.map(num)),
  cidrhost: ([p, n]) => cidrhost(str(p), num(n)),
  cidrnetmask: ([p]) => {
    const c = parseCidrArg(str(p));
    if (c.family !== 4) throw new FunctionError("cidrnetmask() takes IPv4 blocks only");
    return formatAddress({ family: 4, value: ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - c.len)) - 1n) });
  },
  jsonencode: ([v]) => JSON.stringify(plain(v ?? null)),
  jsondecode: ([s]) => {
    try {
      return fromJson(JSON.parse(str(s)));
    } catch (e) {
      if (e instanceof SyntaxError) throw new FunctionError(`not JSON: ${e.message}`);
      throw e;
    }
  },
};
