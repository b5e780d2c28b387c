// Properties of the HCL parser and writer together: what dpnet writes reads back as the values it
// wrote, whatever the strings hold; and no input, however broken, makes the parser do anything
// but return a tree or throw a syntax error with a position.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { type Expr, HclSyntaxError, parseHcl } from "../src/hcl/index.js";
import { block, type Body, type Value } from "../src/terraform/ir.js";
import { writeTopBlock } from "../src/terraform/hcl.js";

/** The value a literal syntax tree stands for; anything else is a test failure. */
function literal(e: Expr): Value {
  switch (e.k) {
    case "lit":
      return e.v;
    case "tuple":
      return e.items.map(literal);
    case "object":
      return Object.fromEntries(e.items.map(({ key, value }) => [String(literal(key)), literal(value)]));
    case "un":
      if (e.op === "-" && e.x.k === "lit" && typeof e.x.v === "number") return -e.x.v;
      break;
    default:
      break;
  }
  throw new Error(`not a literal: ${e.k}`);
}

// Any Unicode, and the fragments that an escaping rule must get right, often.
const fragment = fc.constantFrom(
  "${",
  "%{",
  "$${",
  "%%{",
  "}",
  '"',
  "\\",
  "\\n",
  "\n",
  "\r",
  "\t",
  "\u0000",
  "\u0001",
  "\u007f",
  "\u2028",
  "é",
  "😀",
  "$",
  "%",
  "~",
);
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.array(fragment, { maxLength: 6 }).map((f) => f.join("")),
);
const value: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    text,
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(text, tie("v"), { maxKeys: 4, noNullPrototype: true }),
  ),
})).v;

const attributeName = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);

test("write then parse gives back every value: strings with quotes, escapes, ${, %{, control characters, any Unicode", () => {
  fc.assert(
    fc.property(fc.dictionary(attributeName, value, { maxKeys: 5, noNullPrototype: true }), fc.array(text, { maxLength: 2 }), (attrs, labels) => {
      const body: Body = { ...attrs, nested: block(attrs) };
      const written = writeTopBlock({ file: "main.tf", kind: "resource", labels: ["t", ...labels], body });
      const file = parseHcl(written, "main.tf");
      const top = file.body.blocks[0]!;
      assert.deepEqual(top.labels, ["t", ...labels]);
      const read = (attributes: typeof top.body.attributes) => Object.fromEntries(attributes.map((a) => [a.name, literal(a.expr)]));
      assert.deepEqual(read(top.body.attributes), attrs);
      assert.deepEqual(read(top.body.blocks[0]!.body.attributes), attrs);
    }),
    { numRuns: 300 },
  );
});

test("any input: a syntax tree or a syntax error with a position, never a crash", () => {
  const hclish = fc
    .array(
      fc.constantFrom(
        "a",
        " ",
        "\n",
        "=",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        '"',
        "${",
        "%{",
        "~",
        "<<EOT\n",
        "EOT",
        "<<-X\n",
        "#",
        "//",
        "/*",
        "*/",
        "\\",
        ".",
        "*",
        ",",
        ":",
        "?",
        "for",
        "in",
        "if",
        "endif",
        "1",
        "-",
        "!",
        "=>",
        "...",
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(""));
  fc.assert(
    fc.property(fc.oneof(hclish, fc.string({ unit: "binary", maxLength: 60 })), (input) => {
      try {
        parseHcl(input, "x.tf");
      } catch (e) {
        assert.ok(e instanceof HclSyntaxError, `${JSON.stringify(input)}: ${String(e)}`);
        assert.ok(e.line >= 1 && e.column >= 1);
      }
    }),
    { numRuns: 2000 },
  );
});
