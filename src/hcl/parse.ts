// A parser for HCL's native syntax, written from its specification (hashicorp/hcl,
// hclsyntax/spec.md): bodies of attributes and blocks, the whole expression grammar, templates with
// interpolations, directives and strip markers, heredocs. It reads characters directly (no token
// list): one pass, no regular expressions on the hot path, so a 60 KB module parses in a few ms.
//
// Newlines end attributes and separate object items, but mean nothing inside parentheses, brackets,
// interpolations and for-expressions: `newlines` says which holds where the parser is.
import {
  type Attribute,
  type BinaryOp,
  type Block,
  type Body,
  type Expr,
  type ObjectItem,
  type Position,
  SPLAT_ITEM,
  type Span,
  type TemplatePart,
} from "./ast.js";

export class HclSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly summary: string,
    readonly detail: string,
  ) {
    super(`${file}:${line},${column}: ${summary}; ${detail}`);
  }
}

/** A parsed file: its body, and positions for any offset into its text. */
export class HclFile {
  private lineStarts: number[] | undefined;

  constructor(
    readonly name: string,
    readonly text: string,
    readonly body: Body,
  ) {}

  /** The 1-based line and column of an offset. */
  position(offset: number): Position {
    return positionIn(this.text, offset, (this.lineStarts ??= lineStartsOf(this.text)));
  }

  /** The source text of a node. */
  source(node: Span): string {
    return this.text.slice(node.start, node.end);
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function positionIn(text: string, offset: number, starts = lineStartsOf(text)): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: Math.min(offset, text.length) - starts[lo]! + 1 };
}

/** Parses a whole configuration file. */
export function parseHcl(text: string, file = "input.hcl"): HclFile {
  const p = new Parser(text, file);
  const body = p.body(false);
  return new HclFile(file, text, body);
}

/** Parses one expression (e.g. a reference that `terraform show -json` lists). */
export function parseHclExpression(text: string, file = "expression"): Expr {
  const p = new Parser(text, file);
  p.newlines = false;
  const e = p.expression();
  p.skip();
  if (p.pos < text.length) p.fail("Extra characters after expression", "An expression was complete here; what follows is not part of it.");
  return e;
}

/** Parses a bare template: a Terraform JSON string, where escapes were JSON's and `${` opens an interpolation. */
export function parseHclTemplate(text: string, file = "template"): Expr {
  const p = new Parser(text, file);
  return p.template(TemplateKind.Bare, 0, text.length);
}

const enum TemplateKind {
  Quoted,
  Heredoc,
  Bare,
}

const enum C {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Hash = 35,
  Dollar = 36,
  Percent = 37,
  Amp = 38,
  LParen = 40,
  RParen = 41,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  D0 = 48,
  D9 = 57,
  Colon = 58,
  Lt = 60,
  Eq = 61,
  Gt = 62,
  Question = 63,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  Underscore = 95,
  LBrace = 123,
  Pipe = 124,
  RBrace = 125,
  Tilde = 126,
}

const isDigit = (c: number) => c >= C.D0 && c <= C.D9;
// Sticky regular expressions for the longest runs (identifiers, blanks, literal text): the regular
// expression engine compiles them to native code at once, where a character loop would first be
// interpreted; a CLI parses each file once, cold.
const IDENTIFIER = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
const ID_CONTINUE = /[\p{ID_Continue}-]/uy;
const BLANKS = /[ \t\r]+/y;
const BLANKS_AND_NEWLINES = /[ \t\r\n]+/y;
const PLAIN_TEXT = /[^$%\\"\n\r]*/y;

// Binary operators' precedence: higher binds tighter (HCL's table).
const PRECEDENCE: Record<BinaryOp, number> = { "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6 };

class Parser {
  pos = 0;
  /** Whether a newline ends what is being parsed (true in bodies and objects). */
  newlines = true;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  fail(summary: string, detail: string, at = this.pos): never {
    const { line, column } = positionIn(this.text, at);
    throw new HclSyntaxError(this.file, line, column, summary, detail);
  }

  private code(at = this.pos): number {
    return this.text.charCodeAt(at);
  }

  /** Skips blanks and comments; newlines too where they mean nothing. */
  skip(): void {
    const s = this.text;
    const blanks = this.newlines ? BLANKS : BLANKS_AND_NEWLINES;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === C.Space || c === C.Tab || c === C.CR || (c === C.LF && !this.newlines)) {
        blanks.lastIndex = this.pos;
        blanks.test(s);
        this.pos = blanks.lastIndex;
      } else if (c === C.Hash || (c === C.Slash && s.charCodeAt(this.pos + 1) === C.Slash)) {
        const nl = s.indexOf("\n", this.pos);
        this.pos = nl < 0 ? s.length : nl;
      } else if (c === C.Slash && s.charCodeAt(this.pos + 1) === C.Star) {
        const close = s.indexOf("*/", this.pos + 2);
        if (close < 0) this.fail("Unterminated comment", 'There is no "*/" to close this comment.');
        this.pos = close + 2;
      } else return;
    }
  }

  /** Skips blanks, comments and newlines whatever the mode. */
  private skipAll(): void {
    const saved = this.newlines;
    this.newlines = false;
    this.skip();
    this.newlines = saved;
  }

  /** Skips blanks and comments, stopping at a newline whatever the mode. */
  private skipToLineEnd(): void {
    const saved = this.newlines;
    this.newlines = true;
    this.skip();
    this.newlines = saved;
  }

  // Mode changes save and restore `newlines` without try/finally: a syntax error ends the parse.
  /** An expression in which newlines mean `significant`. */
  private expressionIn(significant: boolean): Expr {
    const saved = this.newlines;
    this.newlines = significant;
    const e = this.expression();
    this.newlines = saved;
    return e;
  }

  private identifier(): string | undefined {
    IDENTIFIER.lastIndex = this.pos;
    const m = IDENTIFIER.exec(this.text);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  private expect(ch: string, summary: string, detail: string): void {
    this.skip();
    if (this.text[this.pos] !== ch) this.fail(summary, detail);
    this.pos++;
  }

  // ---- structure -------------------------------------------------------------------------

  /** A body: up to the end of the text, or up to (not including) the `}` closing a block. */
  body(inBlock: boolean, blockStart = 0): Body {
    const start = this.pos;
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    const names = new Set<string>();
    for (;;) {
      this.skipAll();
      if (this.pos >= this.text.length) {
        if (inBlock)
          this.fail(
            "Unclosed configuration block",
            "There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.",
            blockStart,
          );
        break;
      }
      const c = this.code();
      if (c === C.RBrace) {
        if (inBlock) break;
        this.fail("Argument or block definition required", "An argument or block definition is required here.");
      }
      const itemStart = this.pos;
      if (c === C.Quote) this.fail("Invalid argument name", "Argument names must not be quoted.");
      const name = this.identifier();
      if (name === undefined) this.fail("Argument or block definition required", "An argument or block definition is required here.");
      this.skip();
      if (this.code() === C.Eq && this.code(this.pos + 1) !== C.Eq) {
        if (names.has(name)) this.fail("Attribute redefined", `The argument "${name}" was already set.`, itemStart);
        names.add(name);
        this.pos++;
        attributes.push(this.attributeRest(name, itemStart));
        this.endOfLine("Missing newline after argument", "An argument definition must end with a newline.");
      } else {
        blocks.push(this.blockRest(name, itemStart));
        this.endOfLine("Missing newline after block definition", "A block definition must end with a newline.");
      }
    }
    return { start, end: this.pos, attributes, blocks };
  }

  private attributeRest(name: string, start: number): Attribute {
    const expr = this.expressionIn(true);
    return { start, end: expr.end, name, expr };
  }

  private endOfLine(summary: string, detail: string): void {
    this.skipToLineEnd();
    const c = this.code();
    if (c === C.LF) this.pos++;
    else if (this.pos < this.text.length) this.fail(summary, detail);
  }

  private blockRest(type: string, start: number): Block {
    const labels: string[] = [];
    for (;;) {
      this.skip();
      const c = this.code();
      if (c === C.LBrace) break;
      if (c === C.Quote) {
        const at = this.pos;
        this.pos++;
        const label = this.template(TemplateKind.Quoted, at);
        if (label.k !== "lit" || typeof label.v !== "string") this.fail("Invalid block label", "A block label must be a literal string.", at);
        labels.push(label.v);
        continue;
      }
      const id = this.identifier();
      if (id === undefined) {
        this.fail(
          "Invalid block definition",
          c === C.Eq || Number.isNaN(c) || c === C.LF
            ? `Either a quoted label or an opening brace ("{") is expected here.`
            : `A block label must be a quoted string or an identifier.`,
        );
      }
      labels.push(id);
    }
    const brace = this.pos;
    this.pos++;
    // A block on one line holds at most one argument: `tags {}`, `lifecycle { create_before_destroy = true }`.
    this.skipToLineEnd();
    if (this.code() !== C.LF && this.code() !== C.RBrace && this.pos < this.text.length) {
      const attrStart = this.pos;
      const name = this.identifier();
      this.skip();
      if (name === undefined || this.code() !== C.Eq)
        this.fail("Invalid single-argument block definition", "A single-line block definition can contain only a single argument.", attrStart);
      this.pos++;
      const attribute = this.attributeRest(name, attrStart);
      this.skipToLineEnd();
      if (this.code() !== C.RBrace) this.fail("Invalid single-argument block definition", "A single-line block definition must end with a closing brace.");
      this.pos++;
      return { start, end: this.pos, type, labels, body: { start: attrStart, end: attribute.end, attributes: [attribute], blocks: [] } };
    }
    const body = this.body(true, brace);
    this.pos++;
    return { start, end: this.pos, type, labels, body };
  }

  // ---- expressions -----------------------------------------------------------------------

  expression(): Expr {
    const test = this.binary(1);
    this.skip();
    if (this.code() !== C.Question) return test;
    this.pos++;
    const then = this.expression();
    this.expect(":", "Missing false expression in conditional", `The conditional operator needs a ":" and a result for when the condition is false.`);
    const otherwise = this.expression();
    return { k: "cond", start: test.start, end: otherwise.end, test, then, else: otherwise };
  }

  /** Operators by precedence climbing: one look at the operator after each operand. */
  private binary(minPrecedence: number): Expr {
    let left = this.unary();
    for (;;) {
      this.skip();
      const op = this.operator();
      if (op === undefined) return left;
      const precedence = PRECEDENCE[op];
      if (precedence < minPrecedence) return left;
      this.pos += op.length;
      // Left-associative: the right operand binds only tighter operators.
      const right = this.binary(precedence + 1);
      left = { k: "bin", start: left.start, end: right.end, op, l: left, r: right };
    }
  }

  /** The binary operator at the cursor, if any (`<=` before `<`; `/` not a comment; `=>` is no operator). */
  private operator(): BinaryOp | undefined {
    const s = this.text;
    const c = s.charCodeAt(this.pos);
    const n = s.charCodeAt(this.pos + 1);
    switch (c) {
      case C.Pipe:
        return n === C.Pipe ? "||" : undefined;
      case C.Amp:
        return n === C.Amp ? "&&" : undefined;
      case C.Eq:
        return n === C.Eq ? "==" : undefined;
      case C.Bang:
        return n === C.Eq ? "!=" : undefined;
      case C.Lt:
        return n === C.Eq ? "<=" : n === C.Lt ? undefined : "<";
      case C.Gt:
        return n === C.Eq ? ">=" : ">";
      case C.Plus:
        return "+";
      case C.Minus:
        return "-";
      case C.Star:
        return "*";
      case C.Slash:
        return n === C.Slash || n === C.Star ? undefined : "/";
      case C.Percent:
        return "%";
      default:
        return undefined;
    }
  }

  private unary(): Expr {
    this.skip();
    const start = this.pos;
    const c = this.code();
    if (c === C.Bang && this.code(this.pos + 1) !== C.Eq) {
      this.pos++;
      const x = this.unary();
      return { k: "un", start, end: x.end, op: "!", x };
    }
    if (c === C.Minus) {
      this.pos++;
      const x = this.unary();
      return { k: "un", start, end: x.end, op: "-", x };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Expr): Expr {
    for (;;) {
      this.skip();
      const c = this.code();
      if (c === C.Dot) {
        if (this.code(this.pos + 1) === C.Dot) return node; // `...` after a function argument
        this.pos++;
        this.skip();
        if (this.code() === C.Star) {
          this.pos++;
          // An attribute-only splat takes attributes; an index after it applies to the whole result.
          node = this.splat(node, false);
          continue;
        }
        node = this.member(node);
      } else if (c === C.LBracket) {
        this.pos++;
        this.skipAll();
        if (this.code() === C.Star) {
          this.pos++;
          this.skipAll();
          this.expect("]", "Missing close bracket on splat index", `The star for a full splat must be followed by a close bracket ("]").`);
          node = this.splat(node, true);
          continue;
        }
        const key = this.expressionIn(false);
        this.skipAll();
        if (this.code() !== C.RBracket) this.fail("Missing close bracket on index", `The index operator must end with a closing bracket ("]").`);
        this.pos++;
        node = { k: "index", start: node.start, end: this.pos, obj: node, key };
      } else return node;
    }
  }

  /** After a `.`: an attribute name, or a legacy index (`.0`). */
  private member(obj: Expr): Expr {
    const c = this.code();
    if (isDigit(c)) {
      const start = this.pos;
      while (isDigit(this.code())) this.pos++;
      const key: Expr = { k: "lit", start, end: this.pos, v: Number(this.text.slice(start, this.pos)) };
      return { k: "index", start: obj.start, end: this.pos, obj, key };
    }
    const name = this.identifier();
    if (name === undefined) this.fail("Invalid attribute name", "An attribute name is required after a dot.");
    return { k: "attr", start: obj.start, end: this.pos, obj, name };
  }

  /** The traversal applied to each item of a splat: attributes, and after `[*]` indexes too. */
  private splat(obj: Expr, full: boolean): Expr {
    let each: Expr = { k: "name", start: this.pos, end: this.pos, name: SPLAT_ITEM };
    for (;;) {
      this.skip();
      const c = this.code();
      if (c === C.Dot && this.code(this.pos + 1) !== C.Dot) {
        this.pos++;
        this.skip();
        each = this.member(each);
      } else if (full && c === C.LBracket && this.code(this.pos + 1) !== C.Star) {
        this.pos++;
        const key = this.expressionIn(false);
        this.skipAll();
        if (this.code() !== C.RBracket) this.fail("Missing close bracket on index", `The index operator must end with a closing bracket ("]").`);
        this.pos++;
        each = { k: "index", start: each.start, end: this.pos, obj: each, key };
      } else break;
    }
    return { k: "splat", start: obj.start, end: each.end, obj, each };
  }

  private primary(): Expr {
    this.skip();
    const start = this.pos;
    const c = this.code();
    if (Number.isNaN(c)) this.fail("Invalid expression", "Expected the start of an expression, but found the end of the file.");
    if (c === C.Quote) {
      this.pos++;
      return this.template(TemplateKind.Quoted, start);
    }
    if (c === C.Lt && this.code(this.pos + 1) === C.Lt) return this.heredoc();
    if (isDigit(c)) return this.number();
    if (c === C.LParen) {
      this.pos++;
      const x = this.expressionIn(false);
      this.skipAll();
      if (this.code() !== C.RParen) this.fail("Unbalanced parentheses", "Expected a closing parenthesis to terminate the expression.");
      this.pos++;
      return { k: "paren", start, end: this.pos, x };
    }
    if (c === C.LBracket) {
      this.pos++;
      const saved = this.newlines;
      this.newlines = false;
      this.skip();
      const e = this.keyword("for") ? this.forExpr(start, "]") : this.tuple(start);
      this.newlines = saved;
      return e;
    }
    if (c === C.LBrace) {
      this.pos++;
      const saved = this.newlines;
      this.newlines = false;
      this.skip();
      // An object's items end at newlines; a for-expression's parts do not.
      const isFor = this.keyword("for");
      this.newlines = !isFor;
      const e = isFor ? this.forExpr(start, "}") : this.object(start);
      this.newlines = saved;
      return e;
    }
    const name = this.identifier();
    if (name === undefined) this.fail("Invalid expression", "Expected the start of an expression, but found an invalid expression token.");
    if (name === "true" || name === "false") return { k: "lit", start, end: this.pos, v: name === "true" };
    if (name === "null") return { k: "lit", start, end: this.pos, v: null };
    let fn = name;
    // Provider-defined functions: provider::aws::arn_parse(...)
    while (this.code() === C.Colon && this.code(this.pos + 1) === C.Colon) {
      this.pos += 2;
      fn += `::${this.identifier() ?? this.fail("Invalid function name", 'A function name is expected after "::".')}`;
    }
    this.skip();
    if (this.code() === C.LParen) {
      this.pos++;
      const saved = this.newlines;
      this.newlines = false;
      const e = this.call(fn, start);
      this.newlines = saved;
      return e;
    }
    if (fn !== name) this.fail("Missing function call arguments", "A provider function name must be followed by its arguments in parentheses.");
    return { k: "name", start, end: start + name.length, name };
  }

  /** `for` as the first word of a bracket or brace, followed by a variable: a for-expression. */
  private keyword(word: string): boolean {
    const s = this.text;
    if (!s.startsWith(word, this.pos)) return false;
    ID_CONTINUE.lastIndex = this.pos + word.length;
    if (ID_CONTINUE.test(s)) return false;
    this.pos += word.length;
    return true;
  }

  private number(): Expr {
    const s = this.text;
    const start = this.pos;
    while (isDigit(this.code())) this.pos++;
    if (this.code() === C.Dot && isDigit(this.code(this.pos + 1))) {
      this.pos++;
      while (isDigit(this.code())) this.pos++;
    }
    const e = this.code();
    if (e === 101 || e === 69) {
      let i = this.pos + 1;
      const sign = s.charCodeAt(i);
      if (sign === C.Plus || sign === C.Minus) i++;
      if (isDigit(s.charCodeAt(i))) {
        this.pos = i;
        while (isDigit(this.code())) this.pos++;
      }
    }
    return { k: "lit", start, end: this.pos, v: Number(s.slice(start, this.pos)) };
  }

  private call(fn: string, start: number): Expr {
    const args: Expr[] = [];
    let expand = false;
    for (;;) {
      this.skip();
      if (this.code() === C.RParen) break;
      if (expand) this.fail("Missing closing parenthesis", "An expanded function argument (with ...) must be immediately followed by closing parentheses.");
      args.push(this.expression());
      this.skip();
      if (this.code() === C.Dot && this.text.startsWith("...", this.pos)) {
        this.pos += 3;
        expand = true;
        this.skip();
      }
      if (this.code() === C.Comma) this.pos++;
      else if (this.code() !== C.RParen) this.fail(`Missing argument separator`, `A comma is required to separate each function argument from the next.`);
    }
    this.pos++;
    return { k: "call", start, end: this.pos, fn, args, expand };
  }

  private tuple(start: number): Expr {
    const items: Expr[] = [];
    for (;;) {
      this.skip();
      if (this.code() === C.RBracket) break;
      if (this.pos >= this.text.length)
        this.fail("Unterminated tuple constructor expression", "There is no corresponding closing bracket before the end of the file.", start);
      items.push(this.expression());
      this.skip();
      if (this.code() === C.Comma) this.pos++;
      else if (this.pos >= this.text.length)
        this.fail("Unterminated tuple constructor expression", "There is no corresponding closing bracket before the end of the file.", start);
      else if (this.code() !== C.RBracket) this.fail(`Missing item separator`, `Expected a comma to mark the beginning of the next item.`);
    }
    this.pos++;
    return { k: "tuple", start, end: this.pos, items };
  }

  private object(start: number): Expr {
    const items: ObjectItem[] = [];
    for (;;) {
      this.skipAll();
      if (this.code() === C.RBrace) break;
      if (this.pos >= this.text.length) this.fail("Missing closing brace", "The object has no closing brace.", start);
      const key = this.objectKey();
      this.skip();
      const eq = this.code();
      if ((eq !== C.Eq || this.code(this.pos + 1) === C.Eq) && eq !== C.Colon)
        this.fail("Missing key/value separator", `Expected an equals sign ("=") to mark the beginning of the attribute value.`);
      this.pos++;
      const value = this.expression();
      items.push({ key, value });
      this.skip();
      const sep = this.code();
      if (sep === C.Comma || sep === C.LF) this.pos++;
      else if (sep !== C.RBrace) this.fail(`Missing attribute separator`, `Expected a newline or comma to mark the beginning of the next attribute.`);
    }
    this.pos++;
    return { k: "object", start, end: this.pos, items };
  }

  /** A bare identifier followed by `=` or `:` is the key itself; anything else is an expression. */
  private objectKey(): Expr {
    const start = this.pos;
    const name = this.identifier();
    if (name !== undefined) {
      const end = this.pos;
      this.skip();
      const c = this.code();
      const n = this.code(this.pos + 1);
      if ((c === C.Eq && n !== C.Eq && n !== C.Gt) || c === C.Colon) {
        this.pos = end;
        return { k: "lit", start, end, v: name };
      }
      this.pos = start;
    }
    return this.expressionIn(false);
  }

  private forExpr(start: number, close: "]" | "}"): Expr {
    const { keyVar, valueVar, coll } = this.forHead("'for' expression");
    this.expect(":", "Invalid 'for' expression", "A colon is required after the collection.");
    let valueExpr = this.expression();
    let keyExpr: Expr | undefined;
    let group = false;
    if (close === "}") {
      this.skip();
      if (!this.text.startsWith("=>", this.pos))
        this.fail("Invalid 'for' expression", "An object 'for' expression needs a key and a value, separated by \"=>\".");
      this.pos += 2;
      keyExpr = valueExpr;
      valueExpr = this.expression();
      this.skip();
      if (this.text.startsWith("...", this.pos)) {
        this.pos += 3;
        group = true;
      }
    }
    this.skip();
    const cond = this.keyword("if") ? this.expression() : undefined;
    this.expect(close, "Invalid 'for' expression", `Expected "${close}" to close the 'for' expression.`);
    return {
      k: "for",
      start,
      end: this.pos,
      valueVar,
      coll,
      valueExpr,
      group,
      ...(keyVar === undefined ? {} : { keyVar }),
      ...(keyExpr ? { keyExpr } : {}),
      ...(cond ? { cond } : {}),
    };
  }

  // ---- templates -------------------------------------------------------------------------

  private heredoc(): Expr {
    const s = this.text;
    const start = this.pos;
    this.pos += 2;
    const flush = this.code() === C.Minus;
    if (flush) this.pos++;
    const marker = this.identifier() ?? this.fail("Invalid heredoc", 'A heredoc marker (e.g. EOT) is required after "<<".');
    if (this.code() === C.CR) this.pos++;
    if (this.code() !== C.LF) this.fail("Invalid heredoc", "The heredoc marker must be followed by a newline.");
    this.pos++;
    const contentStart = this.pos;
    // The closing marker: a line holding only the marker, perhaps indented.
    let lineStart = contentStart;
    let closeLine = -1;
    while (lineStart <= s.length) {
      let i = lineStart;
      while (s.charCodeAt(i) === C.Space || s.charCodeAt(i) === C.Tab) i++;
      if (s.startsWith(marker, i)) {
        const after = i + marker.length;
        const c = s.charCodeAt(after);
        if (Number.isNaN(c) || c === C.LF || (c === C.CR && s.charCodeAt(after + 1) === C.LF)) {
          closeLine = lineStart;
          this.pos = after;
          break;
        }
      }
      const nl = s.indexOf("\n", lineStart);
      if (nl < 0) break;
      lineStart = nl + 1;
    }
    if (closeLine < 0) this.fail(`Unterminated template string`, `No closing marker ${JSON.stringify(marker)} was found for this heredoc.`, start);
    const end = this.pos;
    const indent = flush ? minIndent(s, contentStart, closeLine) : 0;
    const p = new Parser(s, this.file);
    p.pos = contentStart;
    const tmpl = p.template(TemplateKind.Heredoc, start, closeLine, indent);
    return { ...tmpl, start, end };
  }

  /**
   * A template, from after its opening quote (quoted), over [pos, limit) (heredoc, bare).
   * Quoted templates decode backslash escapes; all decode `$${` and `%%{`.
   */
  template(kind: TemplateKind, start: number, limit = this.text.length, indent = 0): Expr {
    const seq = this.templateSeq(kind, limit, indent, true);
    if (seq.stop !== "end")
      this.fail(`Unexpected "${seq.stop}" directive`, `There is no ${seq.stop === "endfor" ? "for" : "if"} directive to close here.`, seq.at);
    if (kind === TemplateKind.Quoted) this.pos++;
    else this.pos = Math.max(this.pos, limit);
    const end = kind === TemplateKind.Quoted ? this.pos : limit;
    return templateNode(seq.parts, start, end);
  }

  /** Literal text, interpolations and directives up to the template's end or a closing directive. */
  private templateSeq(
    kind: TemplateKind,
    limit: number,
    indent: number,
    atLineStart: boolean,
  ): { parts: TemplatePart[]; stop: "end" | "else" | "endif" | "endfor"; at: number; stripAfter: boolean } {
    const s = this.text;
    const parts: TemplatePart[] = [];
    let text = "";
    let stripLeading = false;
    let lineStart = atLineStart;
    const flushText = (stripTrailing: boolean) => {
      let t = text;
      if (stripLeading) t = t.replace(/^[ \t\r\n]+/, "");
      if (stripTrailing) t = t.replace(/[ \t\r\n]+$/, "");
      if (t) {
        const last = parts[parts.length - 1];
        if (typeof last === "string") parts[parts.length - 1] = last + t;
        else parts.push(t);
      }
      text = "";
      stripLeading = false;
    };
    for (;;) {
      // A flush heredoc loses its common indentation; a line of only blanks is kept as it is.
      if (lineStart && indent > 0 && !blankLine(s, this.pos, limit)) {
        let n = 0;
        while (n < indent && (s.charCodeAt(this.pos) === C.Space || s.charCodeAt(this.pos) === C.Tab) && this.pos < limit) {
          this.pos++;
          n++;
        }
      }
      lineStart = false;
      if (this.pos >= limit) {
        if (kind === TemplateKind.Quoted) this.fail("Unterminated template string", "There is no closing quote for this string.");
        flushText(false);
        return { parts, stop: "end", at: this.pos, stripAfter: false };
      }
      const c = s.charCodeAt(this.pos);
      if (kind === TemplateKind.Quoted && c === C.Quote) {
        flushText(false);
        return { parts, stop: "end", at: this.pos, stripAfter: false };
      }
      if ((c === C.Dollar || c === C.Percent) && s.charCodeAt(this.pos + 1) === c && s.charCodeAt(this.pos + 2) === C.LBrace) {
        text += c === C.Dollar ? "${" : "%{";
        this.pos += 3;
      } else if (c === C.Dollar && s.charCodeAt(this.pos + 1) === C.LBrace) {
        const open = this.pos;
        this.pos += 2;
        const strip = s.charCodeAt(this.pos) === C.Tilde;
        if (strip) this.pos++;
        flushText(strip);
        const expr = this.expressionIn(false);
        this.skipAll();
        const stripAfter = this.closeInterpolation(open);
        parts.push(expr);
        stripLeading = stripAfter;
      } else if (c === C.Percent && s.charCodeAt(this.pos + 1) === C.LBrace) {
        const open = this.pos;
        this.pos += 2;
        const strip = s.charCodeAt(this.pos) === C.Tilde;
        if (strip) this.pos++;
        flushText(strip);
        this.skipAll();
        const word = this.identifier();
        if (word === "else" || word === "endif" || word === "endfor") {
          this.skipAll();
          const stripAfter = this.closeInterpolation(open);
          return { parts, stop: word, at: open, stripAfter };
        }
        if (word === "if") {
          const test = this.expressionIn(false);
          this.skipAll();
          let strip2 = this.closeInterpolation(open);
          const thenSeq = this.templateSeqStripped(kind, limit, indent, strip2);
          let otherwise: Expr | undefined;
          let closing = thenSeq;
          if (thenSeq.stop === "else") {
            strip2 = thenSeq.stripAfter;
            closing = this.templateSeqStripped(kind, limit, indent, strip2);
            otherwise = templateNode(closing.parts, thenSeq.at, closing.at);
          }
          if (closing.stop === "end") this.fail("Unterminated template directive", `The "if" directive has no matching "endif".`, open);
          if (closing.stop !== "endif") this.fail(`Unexpected "${closing.stop}" directive`, `This "if" directive ends with "endif".`, closing.at);
          parts.push({
            k: "tif",
            start: open,
            end: this.pos,
            test,
            then: templateNode(thenSeq.parts, open, thenSeq.at),
            ...(otherwise ? { else: otherwise } : {}),
          });
          stripLeading = closing.stripAfter;
        } else if (word === "for") {
          const { keyVar, valueVar, coll } = this.forHead("'for' directive");
          const stripBody = this.closeInterpolation(open);
          const bodySeq = this.templateSeqStripped(kind, limit, indent, stripBody);
          if (bodySeq.stop === "end") this.fail("Unterminated template directive", `The "for" directive has no matching "endfor".`, open);
          if (bodySeq.stop !== "endfor") this.fail(`Unexpected "${bodySeq.stop}" directive`, `This "for" directive ends with "endfor".`, bodySeq.at);
          parts.push({
            k: "tfor",
            start: open,
            end: this.pos,
            valueVar,
            coll,
            body: templateNode(bodySeq.parts, open, bodySeq.at),
            ...(keyVar === undefined ? {} : { keyVar }),
          });
          stripLeading = bodySeq.stripAfter;
        } else {
          this.fail("Invalid template directive", `A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.`);
        }
      } else if (kind === TemplateKind.Quoted && c === C.Backslash) {
        text += this.escape();
      } else if (kind === TemplateKind.Quoted && (c === C.LF || c === C.CR)) {
        this.fail("Invalid multi-line string", "Quoted strings may not be split over multiple lines; use a heredoc.");
      } else if (c === C.LF) {
        text += "\n";
        this.pos++;
        lineStart = true;
      } else {
        // A run of plain characters at once.
        PLAIN_TEXT.lastIndex = this.pos + 1;
        PLAIN_TEXT.test(s);
        const i = Math.min(Math.max(PLAIN_TEXT.lastIndex, this.pos + 1), limit);
        text += s.slice(this.pos, i);
        this.pos = i;
      }
    }
  }

  /** `k, v in coll`: the head of a for-expression or a `%{ for }` directive (newlines mean nothing there). */
  private forHead(what: string): { keyVar: string | undefined; valueVar: string; coll: Expr } {
    const saved = this.newlines;
    this.newlines = false;
    this.skip();
    const first = this.identifier() ?? this.fail(`Invalid ${what}`, "A variable name is required after 'for'.");
    this.skip();
    let second: string | undefined;
    if (this.code() === C.Comma) {
      this.pos++;
      this.skip();
      second = this.identifier() ?? this.fail(`Invalid ${what}`, "A second variable name is required after the comma.");
      this.skip();
    }
    if (!this.keyword("in")) this.fail(`Invalid ${what}`, "The 'in' keyword is required after the variable names.");
    const coll = this.expression();
    this.skip();
    this.newlines = saved;
    return { keyVar: second === undefined ? undefined : first, valueVar: second ?? first, coll };
  }

  /** A nested sequence whose leading whitespace is stripped when the directive before it said `~}`. */
  private templateSeqStripped(kind: TemplateKind, limit: number, indent: number, strip: boolean) {
    const atLineStart = this.pos > 0 && this.text.charCodeAt(this.pos - 1) === C.LF;
    const seq = this.templateSeq(kind, limit, indent, atLineStart);
    if (strip && typeof seq.parts[0] === "string") {
      const t = seq.parts[0].replace(/^[ \t\r\n]+/, "");
      if (t) seq.parts[0] = t;
      else seq.parts.shift();
    }
    return seq;
  }

  /** The `}` of `${ ... }` or `%{ ... }`, perhaps after a strip marker: says whether it had one. */
  private closeInterpolation(open: number): boolean {
    const s = this.text;
    let strip = false;
    if (s.charCodeAt(this.pos) === C.Tilde) {
      strip = true;
      this.pos++;
    }
    if (s.charCodeAt(this.pos) !== C.RBrace)
      this.fail(
        "Extra characters after interpolation expression",
        "Expected a closing brace to end the interpolation expression.",
        this.pos >= s.length ? open : this.pos,
      );
    this.pos++;
    return strip;
  }

  private escape(): string {
    const s = this.text;
    const next = s[this.pos + 1];
    const at = this.pos;
    this.pos += 2;
    switch (next) {
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case '"':
        return '"';
      case "\\":
        return "\\";
      case "u":
      case "U": {
        const len = next === "u" ? 4 : 8;
        const hex = s.slice(this.pos, this.pos + len);
        if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== len)
          this.fail(`Invalid escape sequence`, `The \\${next} escape needs ${len} hexadecimal digits.`, at);
        this.pos += len;
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail("Invalid escape sequence", "Not a Unicode scalar value.", at);
        return String.fromCodePoint(cp);
      }
      default:
        return this.fail("Invalid escape sequence", `The symbol ${JSON.stringify(next ?? "")} is not a valid escape sequence selector.`, at);
    }
  }
}

function blankLine(s: string, from: number, limit: number): boolean {
  for (let i = from; i < limit; i++) {
    const c = s.charCodeAt(i);
    if (c === C.LF) return true;
    if (c !== C.Space && c !== C.Tab && c !== C.CR) return false;
  }
  return true;
}

/** A template's node: a single literal is that string. */
function templateNode(parts: TemplatePart[], start: number, end: number): Expr {
  if (parts.length === 0) return { k: "lit", start, end, v: "" };
  if (parts.length === 1 && typeof parts[0] === "string") return { k: "lit", start, end, v: parts[0] };
  return { k: "tmpl", start, end, parts };
}

/** The indentation a flush heredoc (`<<-`) removes: the least of its non-blank lines'. */
function minIndent(s: string, from: number, to: number): number {
  let least = Infinity;
  let i = from;
  while (i < to) {
    let n = 0;
    while (s.charCodeAt(i + n) === C.Space || s.charCodeAt(i + n) === C.Tab) n++;
    const nl = s.indexOf("\n", i);
    const lineEnd = nl < 0 || nl > to ? to : nl;
    const blank = i + n >= lineEnd || (s.charCodeAt(i + n) === C.CR && i + n + 1 >= lineEnd);
    if (!blank) least = Math.min(least, n);
    i = lineEnd + 1;
  }
  return least === Infinity ? 0 : least;
}
