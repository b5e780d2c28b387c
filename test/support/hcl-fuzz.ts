// Random HCL configurations, for comparing the parser with the reference one: bodies with nested
// blocks and comments, and expressions of every kind the grammar has, with varied spacing.
import fc from "fast-check";

const ident = fc.constantFrom("a", "b", "name", "cidr_block", "x-y", "_p", "v2", "zone");
const space = fc.constantFrom("", " ", "  ");
const sp = fc.constantFrom(" ", "  ");

/** Text that needs every escape: quotes, backslashes, control characters, `${` and `%{` literals, non-ASCII. */
const stringChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("a", "b", "0", " ", "-", "/", ".", ":", "é", "😀", "$", "%", "{", "}") },
  { weight: 2, arbitrary: fc.constantFrom("\\n", "\\t", '\\"', "\\\\", "\\u00e9", "\\U0001F600", "$${", "%%{", "$$") },
);
const literalText = fc.array(stringChar, { maxLength: 8 }).map((cs) => cs.join(""));

const number = fc.oneof(
  fc.nat({ max: 100000 }).map(String),
  fc.tuple(fc.nat({ max: 999 }), fc.nat({ max: 99 })).map(([a, b]) => `${a}.${b}`),
  fc.tuple(fc.nat({ max: 9 }), fc.nat({ max: 20 })).map(([a, e]) => `${a}e${e}`),
);

export interface HclArbs {
  expr: string;
  template: string;
}

const { expr } = fc.letrec<HclArbs>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    number,
    fc.constantFrom("true", "false", "null"),
    fc.tuple(ident, ident).map(([a, b]) => `${a}.${b}`),
    ident.map((a) => `var.${a}`),
    tie("template").map((t) => `"${t}"`),
    fc.tuple(ident, fc.nat({ max: 3 })).map(([a, i]) => `${a}[${i}]`),
    fc.tuple(ident, ident).map(([a, b]) => `${a}.*.${b}`),
    fc.tuple(ident, ident, fc.nat({ max: 2 })).map(([a, b, i]) => `${a}[*].${b}[${i}]`),
    fc.tuple(ident, ident).map(([a, b]) => `aws_instance.${a}.*.${b}[count.index]`),
    fc.tuple(ident, literalText).map(([a, k]) => `${a}["${k}"]`),
    fc
      .tuple(ident, fc.array(tie("expr"), { maxLength: 3 }), fc.boolean(), space)
      .map(([f, args, expand, s]) => `${f === "x-y" ? "format" : f}(${args.join(`,${s}`)}${expand && args.length ? "..." : ""})`),
    fc
      .tuple(tie("expr"), fc.constantFrom("+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"), tie("expr"), space)
      .map(([l, op, r, s]) => `${l}${s}${op}${s}${r}`),
    // Constant operands of the right type only: the reference parser evaluates constant unary operations.
    fc.oneof(
      fc.constantFrom("!true", "!false"),
      ident.map((a) => `!var.${a}`),
      ident.map((a) => `-var.${a}`),
      number.map((n) => `-${n}`),
    ),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([c, t, e]) => `${c} ? ${t} : ${e}`),
    tie("expr").map((x) => `(${x})`),
    fc
      .tuple(fc.array(tie("expr"), { maxLength: 3 }), fc.boolean(), fc.boolean())
      .map(([items, multi, trailing]) =>
        multi ? `[\n${items.map((i) => `    ${i},`).join("\n")}\n  ]` : `[${items.join(", ")}${trailing && items.length ? "," : ""}]`,
      ),
    fc
      .tuple(
        fc.uniqueArray(
          fc.tuple(
            fc.oneof(
              ident,
              literalText.map((t) => `"${t}"`),
              ident.map((a) => `(var.${a})`),
            ),
            tie("expr"),
          ),
          { maxLength: 3, selector: ([k]) => k },
        ),
        fc.boolean(),
      )
      .map(([items, multi]) =>
        multi ? `{\n${items.map(([k, v]) => `    ${k} = ${v}`).join("\n")}\n  }` : `{ ${items.map(([k, v]) => `${k} = ${v}`).join(", ")} }`,
      ),
    fc.tuple(ident, tie("expr"), tie("expr"), fc.boolean()).map(([v, coll, body, cond]) => `[for ${v} in ${coll} : ${body}${cond ? ` if ${v} != null` : ""}]`),
    fc
      .tuple(ident, ident, tie("expr"), tie("expr"), fc.boolean())
      .map(([k, v, coll, body, group]) => `{ for ${k}, ${v} in ${coll} : ${k} => ${body}${group ? "..." : ""} }`),
  ),
  template: fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: literalText },
        {
          weight: 2,
          arbitrary: fc.tuple(fc.boolean(), tie("expr"), fc.boolean(), space).map(([l, x, r, s]) => `\${${l ? "~" : ""}${s}${x}${s}${r ? "~" : ""}}`),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(ident, literalText, fc.option(literalText), fc.boolean())
            .map(([c, t, e, strip]) => `%{ if var.${c} ${strip ? "~" : ""}}${t}${e === null ? "" : `%{ else }${e}`}%{${strip ? "~" : ""} endif }`),
        },
        { weight: 1, arbitrary: fc.tuple(ident, ident, literalText).map(([v, coll, t]) => `%{ for ${v} in var.${coll} }${t}\${${v}}%{ endfor }`) },
      ),
      { maxLength: 4 },
    )
    .map((parts) => parts.join("")),
}));

const comment = fc.constantFrom("", " # note", " // note", " /* note */");

/** Heredoc lines: no backslash escapes there, so only literal text, `$${` and interpolations. */
const heredoc = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(fc.constantFrom("", "  ", "    ", "\t"), fc.constantFrom("text", "a ${var.b} c", "$${lit}", "", "%{ if x }y%{ endif }")), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([flush, lines]) => `<<${flush ? "-" : ""}EOT\n${lines.map(([indent, l]) => `${indent}${l}`).join("\n")}\n${flush ? "  " : ""}EOT`);

const attribute = fc
  .tuple(ident, sp, fc.oneof({ weight: 5, arbitrary: expr }, { weight: 1, arbitrary: heredoc }), comment)
  .map(([name, s, value, c]) => ({ name, text: `${name}${s}= ${value}${value.startsWith("<<") ? "" : c}` }));

const body = (depth: number): fc.Arbitrary<string> => {
  const item =
    depth > 0
      ? fc.oneof({ weight: 3, arbitrary: attribute.map((a) => a) }, { weight: 1, arbitrary: block(depth - 1).map((text) => ({ name: "", text })) })
      : attribute;
  return (
    fc
      .array(item, { maxLength: 5 })
      // An argument is set once per body.
      .map((items) => items.filter((it, i) => it.name === "" || items.findIndex((o) => o.name === it.name) === i))
      .map((items) => items.map((it) => it.text).join("\n"))
  );
};

const label = fc.oneof(
  ident,
  literalText.map((t) => `"${t}"`),
);

const block = (depth: number): fc.Arbitrary<string> =>
  fc
    .tuple(ident, fc.array(label, { maxLength: 2 }), body(depth), fc.boolean())
    .map(([type, labels, inner, blank]) => `${[type, ...labels].join(" ")} {${inner ? `\n${inner}\n` : blank ? "" : "\n"}}`);

/** A whole file: attributes and blocks (two levels deep), comments, blank lines. */
export const hclFile: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      attribute.map((a) => a.text),
      block(2),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((items) => {
    const seen = new Set<string>();
    // An argument is set once per body: keep the first of each name at the top level.
    return (
      items
        .filter((t) => {
          const m = /^([A-Za-z_][\w-]*)\s*=/.exec(t);
          if (!m) return true;
          if (seen.has(m[1]!)) return false;
          seen.add(m[1]!);
          return true;
        })
        .join("\n\n") + "\n"
    );
  });
