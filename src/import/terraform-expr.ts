// Terraform expressions and templates, as Terraform JSON writes them ("${...}" strings) and the
// HCL parser (hcl2json) gives them back: a small recursive-descent parser to an AST the evaluator
// walks. It covers what network configurations use: literals, templates, traversals with indexes
// and splats, function calls, operators, conditionals and for-expressions. Anything else (template
// directives, heredocs inside expressions) is an ExprError, which the evaluator turns into an
// unknown value with the reason.

export type Node =
  | { k: "lit"; v: null | boolean | number | string }
  | { k: "tmpl"; parts: (string | Node)[] }
  | { k: "name"; name: string }
  | { k: "attr"; obj: Node; name: string }
  | { k: "index"; obj: Node; key: Node }
  /** `obj[*].rest`: `each` applies the rest of the traversal to SPLAT_ITEM. */
  | { k: "splat"; obj: Node; each: Node }
  | { k: "call"; fn: string; args: Node[]; expand: boolean }
  | { k: "cond"; test: Node; then: Node; else: Node }
  | { k: "bin"; op: string; l: Node; r: Node }
  | { k: "un"; op: "!" | "-"; x: Node }
  | { k: "tuple"; items: Node[] }
  | { k: "object"; items: { key: Node; value: Node }[] }
  | { k: "for"; keyVar?: string; valueVar: string; coll: Node; keyExpr?: Node; valueExpr: Node; cond?: Node; group: boolean };

/** The name a splat's per-item traversal starts from. */
export const SPLAT_ITEM = "\u0000item";

export class ExprError extends Error {}

// Loosest first; each level's operators, longest first so `<=` is not read as `<`.
const BINARY_LEVELS: string[][] = [["||"], ["&&"], ["==", "!="], ["<=", ">=", "<", ">"], ["+", "-"], ["*", "/", "%"]];

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  fail(what: string): never {
    throw new ExprError(`${what} at character ${this.pos + 1} of \`${this.src.length > 80 ? `${this.src.slice(0, 77)}...` : this.src}\``);
  }

  /** Skips whitespace (newlines included: items are separated by commas or by what follows) and comments. */
  skip(): void {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.pos++;
      else if (c === "#" || (c === "/" && s[this.pos + 1] === "/")) while (this.pos < s.length && s[this.pos] !== "\n") this.pos++;
      else if (c === "/" && s[this.pos + 1] === "*") {
        const close = s.indexOf("*/", this.pos + 2);
        this.pos = close < 0 ? s.length : close + 2;
      } else return;
    }
  }

  peek(text: string): boolean {
    this.skip();
    return this.src.startsWith(text, this.pos);
  }

  eat(text: string): boolean {
    if (!this.peek(text)) return false;
    this.pos += text.length;
    return true;
  }

  expect(text: string): void {
    if (!this.eat(text)) this.fail(`expected "${text}"`);
  }

  atEnd(): boolean {
    this.skip();
    return this.pos >= this.src.length;
  }

  identifier(): string | undefined {
    this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos, this.pos + 256));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  /** An identifier that is a keyword here (`for`, `in`, `if`), without consuming anything else. */
  keyword(word: string): boolean {
    this.skip();
    const save = this.pos;
    if (this.identifier() === word) return true;
    this.pos = save;
    return false;
  }

  expression(): Node {
    const test = this.binary(0);
    if (!this.eat("?")) return test;
    const then = this.expression();
    this.expect(":");
    return { k: "cond", test, then, else: this.expression() };
  }

  binary(level: number): Node {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.skip();
      const op = BINARY_LEVELS[level]!.find((o) => this.src.startsWith(o, this.pos));
      if (!op) return left;
      if (op === "/" && (this.src[this.pos + 1] === "/" || this.src[this.pos + 1] === "*")) return left;
      this.pos += op.length;
      left = { k: "bin", op, l: left, r: this.binary(level + 1) };
    }
  }

  unary(): Node {
    if (this.peek("!") && !this.peek("!=")) {
      this.pos++;
      return { k: "un", op: "!", x: this.unary() };
    }
    if (this.eat("-")) return { k: "un", op: "-", x: this.unary() };
    return this.postfix(this.primary());
  }

  postfix(node: Node): Node {
    for (;;) {
      if (this.peek(".") && !this.peek("...")) {
        this.pos++;
        if (this.eat("*")) return { k: "splat", obj: node, each: this.traversal({ k: "name", name: SPLAT_ITEM }, false) };
        this.skip();
        const digits = /^\d+/.exec(this.src.slice(this.pos));
        if (digits) {
          this.pos += digits[0].length;
          node = { k: "index", obj: node, key: { k: "lit", v: Number(digits[0]) } };
          continue;
        }
        const name = this.identifier();
        if (!name) this.fail("expected an attribute name");
        node = { k: "attr", obj: node, name };
      } else if (this.peek("[")) {
        this.pos++;
        if (this.eat("*")) {
          this.expect("]");
          return { k: "splat", obj: node, each: this.traversal({ k: "name", name: SPLAT_ITEM }, true) };
        }
        const key = this.expression();
        this.expect("]");
        node = { k: "index", obj: node, key };
      } else return node;
    }
  }

  /** The traversal after a splat: attributes, and with a full splat indexes too. */
  traversal(node: Node, indexes: boolean): Node {
    for (;;) {
      if (this.peek(".") && !this.peek("...")) {
        this.pos++;
        const name = this.identifier();
        if (!name) this.fail("expected an attribute name");
        node = { k: "attr", obj: node, name };
      } else if (indexes && this.peek("[") && !this.peek("[*")) {
        this.pos++;
        const key = this.expression();
        this.expect("]");
        node = { k: "index", obj: node, key };
      } else return node;
    }
  }

  primary(): Node {
    this.skip();
    const c = this.src[this.pos];
    if (c === undefined) this.fail("unexpected end of expression");
    if (c === '"') {
      this.pos++;
      return this.template('"');
    }
    if (c === "<" && this.src.startsWith("<<", this.pos)) this.fail("heredocs inside expressions are not supported");
    if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.src.slice(this.pos))!;
      this.pos += m[0].length;
      return { k: "lit", v: Number(m[0]) };
    }
    if (c === "(") {
      this.pos++;
      const inner = this.expression();
      this.expect(")");
      return inner;
    }
    if (c === "[") {
      this.pos++;
      return this.keyword("for") ? this.forExpr("]") : this.tuple();
    }
    if (c === "{") {
      this.pos++;
      return this.keyword("for") ? this.forExpr("}") : this.object();
    }
    const name = this.identifier();
    if (!name) this.fail(`unexpected "${c}"`);
    if (name === "true" || name === "false") return { k: "lit", v: name === "true" };
    if (name === "null") return { k: "lit", v: null };
    // Provider-defined functions: provider::aws::arn_parse(...)
    let fn = name;
    while (this.src.startsWith("::", this.pos)) {
      this.pos += 2;
      fn += `::${this.identifier() ?? this.fail("expected a function name")}`;
    }
    if (this.peek("(")) {
      this.pos++;
      return this.call(fn);
    }
    return { k: "name", name };
  }

  call(fn: string): Node {
    const args: Node[] = [];
    let expand = false;
    while (!this.eat(")")) {
      args.push(this.expression());
      if (this.eat("...")) expand = true;
      if (!this.eat(",") && !this.peek(")")) this.fail("expected \",\" or \")\" in the arguments");
    }
    return { k: "call", fn, args, expand };
  }

  tuple(): Node {
    const items: Node[] = [];
    while (!this.eat("]")) {
      items.push(this.expression());
      if (!this.eat(",") && !this.peek("]")) this.fail("expected \",\" or \"]\"");
    }
    return { k: "tuple", items };
  }

  object(): Node {
    const items: { key: Node; value: Node }[] = [];
    while (!this.eat("}")) {
      const key = this.objectKey();
      if (!this.eat("=") && !this.eat(":")) this.fail("expected \"=\" or \":\" after an object key");
      items.push({ key, value: this.expression() });
      this.eat(",");
    }
    return { k: "object", items };
  }

  /** A bare identifier is the key itself; anything else is an expression. */
  objectKey(): Node {
    this.skip();
    const save = this.pos;
    const name = this.identifier();
    if (name !== undefined) {
      this.skip();
      const next = this.src[this.pos];
      const two = this.src.slice(this.pos, this.pos + 2);
      if ((next === "=" && two !== "==" && two !== "=>") || next === ":") return { k: "lit", v: name };
      this.pos = save;
    }
    return this.expression();
  }

  forExpr(close: "]" | "}"): Node {
    const first = this.identifier() ?? this.fail("expected a variable name after for");
    const second = this.eat(",") ? (this.identifier() ?? this.fail("expected a variable name")) : undefined;
    if (!this.keyword("in")) this.fail("expected \"in\"");
    const coll = this.expression();
    this.expect(":");
    const keyVar = second === undefined ? undefined : first;
    const valueVar = second ?? first;
    let keyExpr: Node | undefined;
    let valueExpr = this.expression();
    let group = false;
    if (close === "}") {
      this.expect("=>");
      keyExpr = valueExpr;
      valueExpr = this.expression();
      group = this.eat("...");
    }
    const cond = this.keyword("if") ? this.expression() : undefined;
    this.expect(close);
    return {
      k: "for", valueVar, coll, valueExpr, group,
      ...(keyVar === undefined ? {} : { keyVar }), ...(keyExpr ? { keyExpr } : {}), ...(cond ? { cond } : {}),
    };
  }

  /**
   * A template up to `end` (`"` inside an expression; the end of text for a whole JSON string).
   * Quoted templates take HCL escapes; in JSON strings those were already decoded.
   */
  template(end: '"' | ""): Node {
    const parts: (string | Node)[] = [];
    let text = "";
    const s = this.src;
    for (;;) {
      if (this.pos >= s.length) {
        if (end) this.fail("unterminated string");
        break;
      }
      const c = s[this.pos]!;
      if (end && c === end) {
        this.pos++;
        break;
      }
      if ((c === "$" || c === "%") && s[this.pos + 1] === c && s[this.pos + 2] === "{") {
        text += `${c}{`;
        this.pos += 3;
      } else if (c === "$" && s[this.pos + 1] === "{") {
        this.pos += 2;
        this.eat("~");
        if (text) parts.push(text);
        text = "";
        parts.push(this.expression());
        this.eat("~");
        this.expect("}");
      } else if (c === "%" && s[this.pos + 1] === "{") {
        this.fail("template directives (%{ if }, %{ for }) are not supported");
      } else if (end && c === "\\") {
        text += this.escape();
      } else {
        text += c;
        this.pos++;
      }
    }
    if (parts.length === 0) return { k: "lit", v: text };
    if (text) parts.push(text);
    return { k: "tmpl", parts };
  }

  escape(): string {
    const next = this.src[this.pos + 1];
    this.pos += 2;
    switch (next) {
      case "n": return "\n";
      case "r": return "\r";
      case "t": return "\t";
      case '"': return '"';
      case "\\": return "\\";
      case "u": {
        const hex = this.src.slice(this.pos, this.pos + 4);
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default: return this.fail(`unknown escape \\${next ?? ""}`);
    }
  }
}

const cache = new Map<string, Node>();

/** A string value of Terraform JSON: a template, whose single `${...}` stands for the value itself. */
export function parseTemplate(text: string): Node {
  let node = cache.get(text);
  if (!node) {
    node = new Parser(text).template("");
    if (cache.size > 10_000) cache.clear();
    cache.set(text, node);
  }
  return node;
}

/** One expression, e.g. a reference as `terraform show -json` lists it. */
export function parseExpression(text: string): Node {
  const p = new Parser(text);
  const node = p.expression();
  if (!p.atEnd()) p.fail("unexpected text after the expression");
  return node;
}
