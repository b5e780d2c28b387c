// Issue 11: arbitrary strings in every free-text field round-trip literally through each writer —
// HCL (dpnet's parser, the reference parser and terraform itself), YAML, HTML, SVG — and through a
// shell as one word. A writer that lets a value out of its string fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { parse as parseHtml } from "parse5";
import { DOMParser } from "@xmldom/xmldom";
import { parse as parseYaml } from "yaml";
import { parse as parseHclReference } from "@cdktn/hcl2json";
import { parseHcl, toJson } from "../src/hcl/index.js";
import { writeTopBlock } from "../src/terraform/hcl.js";
import { yamlString } from "../src/render/yaml.js";
import { comment, esc, escAttribute } from "../src/render/svg.js";
import { shellWord } from "../src/io/shell.js";
import { parseSpec } from "../src/spec/index.js";
import { planSpec, renderPlan } from "../src/plan/index.js";
import { checkPlan } from "../src/analyze/checks/plan.js";
import { renderVisuals } from "../src/render/files.js";
import { fromJsonTemplate, terraformReadBack } from "./support/safety.js";

const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;

// Well-formed text (no lone surrogates: no UTF-8 file can hold them), weighted towards the characters writers must escape.
const wellFormed = (s: string) => !/\p{Cs}/u.test(s);
const tricky = fc.constantFrom(
  "$",
  "{",
  "}",
  "%",
  '"',
  "'",
  "\\",
  "\n",
  "\r",
  "\t",
  "-",
  ">",
  "<",
  "!",
  "`",
  "&",
  ";",
  "|",
  "*",
  " ",
  "#",
  "a",
  "é",
  "\u0007",
  "\u001b",
  "\u0085",
  "\u2028",
  "😀",
);
const text = fc.oneof(fc.string({ unit: "binary", maxLength: 30 }), fc.string({ unit: tricky, maxLength: 30 })).filter(wellFormed);
// XML cannot hold C0 controls other than tab, newline and carriage return, nor U+FFFE/U+FFFF, even escaped: the spec refuses them.
const markupText = text.filter((s) => !/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/.test(s));
const RUNS = { numRuns: 200, seed: 11 };

// HCL reads string literals in Unicode normal form C (terraform too): the strings compared are NFC.
const nfc = text.filter((s) => s === s.normalize("NFC"));

test("HCL: any string, as a value and as an object key, reads back literally with dpnet's parser and the reference parser", async () => {
  await fc.assert(
    fc.asyncProperty(nfc, async (s) => {
      const hcl = writeTopBlock({ kind: "locals", labels: [], file: "main.tf", body: { value: s, map: { [s]: 1 } } });
      const ours = toJson(parseHcl(hcl, "main.tf")) as { locals: [{ value: string; map: Record<string, number> }] };
      assert.equal(fromJsonTemplate(ours.locals[0].value), s);
      assert.deepEqual(Object.keys(ours.locals[0].map).map(fromJsonTemplate), [s]);
      const reference = (await parseHclReference("main.tf", hcl)) as { locals: [{ value: string; map: Record<string, number> }] };
      assert.equal(fromJsonTemplate(reference.locals[0].value), s);
      assert.deepEqual(Object.keys(reference.locals[0].map).map(fromJsonTemplate), [s]);
    }),
    RUNS,
  );
});

test("HCL: terraform itself reads sampled strings back literally, as values and as object keys", () => {
  // Unique and non-empty: they are a map's keys too.
  const samples = [...new Set(fc.sample(nfc, { numRuns: 60, seed: 11 }))].filter((s) => s !== "");
  const back = terraformReadBack(samples);
  if (back) assert.deepEqual(back, samples);
});

test("YAML: any string is one double-quoted scalar that reads back literally", () => {
  fc.assert(
    fc.property(text, (s) => {
      const doc = parseYaml(`name: ${yamlString(s)}\nnext: 1\n`) as { name: string; next: number };
      assert.deepEqual(doc, { name: s, next: 1 });
    }),
    RUNS,
  );
});

type HtmlNode = { nodeName: string; value?: string; data?: string; attrs?: { name: string; value: string }[]; childNodes?: HtmlNode[] };
const find = (node: HtmlNode, name: string): HtmlNode | undefined =>
  node.nodeName === name ? node : (node.childNodes ?? []).map((c) => find(c, name)).find(Boolean);

test("HTML: any string reads back literally as text, as an attribute value and from a comment", () => {
  fc.assert(
    fc.property(markupText, (s) => {
      const doc = parseHtml(
        `<!DOCTYPE html><html><head><title>t</title></head><body><p title="${escAttribute(s)}">${esc(s)}</p>${comment(s)}<i>end</i></body></html>`,
      ) as unknown as HtmlNode;
      const p = find(doc, "p")!;
      assert.equal((p.childNodes ?? []).map((c) => c.value).join(""), s);
      assert.equal(p.attrs!.find((a) => a.name === "title")!.value, s);
      const note = find(doc, "#comment")!;
      assert.equal(decodeURIComponent(note.data!.slice(1, -1)), s);
      assert.ok(find(doc, "i"), "the comment closed where it should");
    }),
    RUNS,
  );
});

test("SVG: any string reads back literally as text, as an attribute value and from a comment, in a well-formed document", () => {
  // xmldom ends lines at NEL (U+0085) as XML 1.1 does; XML 1.0 parsers (browsers) keep it, and a
  // reference would not do: inline in report.html, HTML reads &#x85; as "…".
  fc.assert(
    fc.property(
      markupText.filter((s) => !s.includes("\u0085")),
      (s) => {
        const errors: string[] = [];
        const xml = `<svg xmlns="http://www.w3.org/2000/svg">${comment(s)}<text x="1" aria-label="${escAttribute(s)}">${esc(s)}</text></svg>`;
        const doc = new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(xml, "image/svg+xml");
        assert.deepEqual(errors, []);
        const t = doc.getElementsByTagName("text")[0]!;
        assert.equal(t.textContent, s);
        assert.equal(t.getAttribute("aria-label"), s);
        const first = doc.documentElement!.firstChild!;
        assert.equal(decodeURIComponent((first as unknown as { data: string }).data.slice(1, -1)), s);
      },
    ),
    RUNS,
  );
});

test("shell: any string without control characters is one word that sh gives back literally", () => {
  const printable = text.filter((s) => !/[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/.test(s));
  fc.assert(
    fc.property(printable, (s) => {
      const r = spawnSync("sh", ["-c", `printf %s ${shellWord(s)}`], { encoding: "utf8" });
      assert.equal(r.stdout, s);
    }),
    { numRuns: 100, seed: 11 },
  );
  assert.throws(() => shellWord("a\nb"), /cannot be quoted for a shell: a\\u000ab/);
});

test("free-text fields end to end: Azure tags reach the module, and a spec's file name the report and diagram, literally", () => {
  const azure = parseYaml(readFileSync(`${EXAMPLES}azure-managed.yaml`, "utf8")) as { azure: Record<string, unknown> };
  // Azure's rules: names without < > % & \ ? / or controls, values without controls.
  const free = markupText.filter((s) => !/[\x00-\x1f\x7f-\x9f\u2028\u2029]/.test(s));
  // __proto__ is refused as a tag name (safety.test.ts): JavaScript objects cannot carry it.
  const tagName = free.filter((s) => s.length > 0 && !/[<>%&\\?/]/.test(s) && s === s.normalize("NFC") && s !== "__proto__");
  const tagValue = free.filter((s) => s === s.normalize("NFC"));
  fc.assert(
    fc.property(
      fc.dictionary(tagName, tagValue, { maxKeys: 4 }),
      free.filter((s) => s.length > 0),
      (tags, label) => {
        const plan = planSpec(parseSpec({ ...azure, azure: { ...azure.azure, tags } }));
        const files = renderPlan(plan, { label, text: "x" });
        const variables = toJson(parseHcl(files.get("variables.tf")!, "variables.tf")) as { variable: Record<string, [{ default?: Record<string, string> }]> };
        const written = variables.variable["tags"]![0]!.default ?? {};
        assert.deepEqual(Object.fromEntries(Object.entries(written).map(([k, v]) => [fromJsonTemplate(k), fromJsonTemplate(v)])), { ...tags });
        const visuals = renderVisuals({ plan, ...checkPlan(plan), source: { label, text: "x" } });
        const report = parseHtml(visuals.get("report.html")!) as unknown as HtmlNode;
        const codes: string[] = [];
        const walk = (n: HtmlNode) => {
          if (n.nodeName === "code") codes.push((n.childNodes ?? []).map((c) => c.value).join(""));
          (n.childNodes ?? []).forEach(walk);
        };
        walk(report);
        assert.ok(codes.includes(label), `the report names the spec ${JSON.stringify(label)}`);
        const errors: string[] = [];
        new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(visuals.get("network.svg")!, "image/svg+xml");
        assert.deepEqual(errors, []);
      },
    ),
    { numRuns: 15, seed: 11 },
  );
});
