// The static evaluator of Terraform expressions: what configurations of networks use, and Unknowns
// that say why for what cannot be known before apply.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Lazy, type Scope, Unknown, type Val, bind, evaluateText } from "../src/import/terraform/evaluate.js";
import { parseHclExpression as parseExpression } from "../src/hcl/index.js";

const scope: Scope = {
  lookup: (name) =>
    name === "var"
      ? new Lazy(
          "var",
          (k) =>
            (
              ({
                cidr: "10.0.0.0/16",
                zones: ["a", "b", "c"],
                v6: "2001:db8:100::/56",
                ports: { http: 80, https: 443 },
                unset: new Unknown("var.unset has no default"),
              }) as Record<string, Val>
            )[k],
        )
      : name === "aws_subnet"
        ? new Lazy("aws_subnet", (n) => (n === "x" ? { a: new Lazy('aws_subnet.x["a"]', (k) => (k === "id" ? 'aws_subnet.x["a"]' : undefined)) } : undefined))
        : undefined,
};
const ev = (text: string, names: Record<string, Val> = {}) => evaluateText(text, bind(scope, names));
const why = (v: Val) => (v instanceof Unknown ? v.why : `not unknown: ${JSON.stringify(v)}`);

test("templates: a lone interpolation is the value itself, others are strings; $${ is a literal", () => {
  assert.deepEqual(ev("${var.zones}"), ["a", "b", "c"]);
  assert.equal(ev("${var.ports.https}"), 443);
  assert.equal(ev("zone-${var.zones[1]}-${1 + 2}"), "zone-b-3");
  assert.equal(ev("$${literal} and %%{ directive"), "${literal} and %{ directive");
  assert.equal(ev('${"quoted \\"x\\" \\n"}'), 'quoted "x" \n');
  assert.equal(ev("no interpolation"), "no interpolation");
});

test("CIDR functions, IPv4 and IPv6, as Terraform computes them", () => {
  assert.equal(ev("${cidrsubnet(var.cidr, 8, 2)}"), "10.0.2.0/24");
  assert.equal(ev('${cidrsubnet("10.0.0.0/16", 4, 15)}'), "10.0.240.0/20");
  assert.equal(ev("${cidrsubnet(var.v6, 8, 3)}"), "2001:db8:100:3::/64");
  assert.equal(ev('${cidrhost("10.0.1.0/24", 5)}'), "10.0.1.5");
  assert.equal(ev('${cidrhost("10.0.1.0/24", -2)}'), "10.0.1.254");
  assert.deepEqual(ev('${cidrsubnets("10.0.0.0/16", 4, 4, 8, 4)}'), ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/24", "10.0.48.0/20"]);
  assert.equal(ev('${cidrnetmask("10.0.0.0/12")}'), "255.240.0.0");
  assert.equal(why(ev("${cidrsubnet(var.cidr, 8, 256)}")), "cidrsubnet(): netnum 256 does not fit in 8 bits");
});

test("for-expressions, conditionals, splats and collection functions", () => {
  assert.deepEqual(ev('${{ for i, z in var.zones : z => cidrsubnet(var.cidr, 8, i) if z != "b" }}'), { a: "10.0.0.0/24", c: "10.0.2.0/24" });
  assert.deepEqual(ev("${[for z in var.zones : upper(z)]}"), ["A", "B", "C"]);
  assert.deepEqual(ev('${{ for k, v in var.ports : (v > 100 ? "high" : "low") => k... }}'), { high: ["https"], low: ["http"] });
  assert.deepEqual(ev("${[for s in aws_subnet.x : s.id]}"), ['aws_subnet.x["a"]']);
  assert.deepEqual(ev('${toset(["a", "b", "a"])}'), ["a", "b"]);
  assert.deepEqual(ev("${merge(var.ports, { ssh = 22 })}"), { http: 80, https: 443, ssh: 22 });
  assert.deepEqual(ev("${[{ a = 1 }, { a = 2 }][*].a}"), [1, 2]);
  assert.equal(ev('${length(var.zones) > 2 && contains(var.zones, "c") ? "three" : "fewer"}'), "three");
  assert.equal(ev('${jsonencode({ b = [1, "x"], a = true })}'), '{"b":[1,"x"],"a":true}');
  assert.equal(ev('${format("%s-%03d", "node", 7)}'), "node-007");
  assert.deepEqual(ev('${split("/", "a/b/c")[2]}'), "c");
  assert.equal(ev("${each.key}-${count.index}", { each: { key: "k", value: "v" }, count: { index: 0 } }), "k-0");
});

test("the pure functions network modules use: regex, regexall, formatlist, sets, chunks, strings, numbers", () => {
  assert.deepEqual(ev('${regexall("[a-z]+", "abc123def")}'), ["abc", "def"]);
  assert.equal(ev('${length(regexall("^10\\\\.", var.cidr)) > 0}'), true);
  assert.deepEqual(ev('${regexall("(\\\\d+)\\\\.(\\\\d+)", "10.1 and 192.168")}'), [
    ["10", "1"],
    ["192", "168"],
  ]);
  assert.deepEqual(ev('${regex("^(?P<net>[^/]+)/(?P<len>\\\\d+)$", var.cidr)}'), { net: "10.0.0.0", len: "16" });
  assert.equal(ev('${regex("[0-9]+", "eu-west-1a")}'), "1");
  assert.equal(why(ev('${regex("x", "abc")}')), "regex(): the pattern does not match the string");
  assert.deepEqual(ev('${formatlist("%s-%s", var.zones, "node")}'), ["a-node", "b-node", "c-node"]);
  assert.deepEqual(ev('${setsubtract(var.zones, ["b"])}'), ["a", "c"]);
  assert.deepEqual(ev('${setintersection(var.zones, ["c", "a", "x"])}'), ["a", "c"]);
  assert.deepEqual(ev("${chunklist(var.zones, 2)}"), [["a", "b"], ["c"]]);
  assert.deepEqual(ev('${matchkeys(["i-1", "i-2", "i-3"], ["east", "west", "east"], ["east"])}'), ["i-1", "i-3"]);
  assert.equal(ev('${title("node subnet-a")}'), "Node Subnet-A");
  assert.equal(ev('${chomp("x\\n\\n")}'), "x");
  assert.equal(ev('${strrev("abc")}'), "cba");
  assert.equal(ev('${parseint("ff", 16) + pow(2, 3) + signum(-4)}'), 262);
  assert.equal(ev('${cidrnetmask("172.16.0.0/12")}'), "255.240.0.0");
  assert.deepEqual(ev('${zipmap(["a", "b"], [1, 2])}'), { a: 1, b: 2 });
  assert.deepEqual(ev('${distinct(flatten([["a"], ["a", "b"]]))}'), ["a", "b"]);
  assert.equal(ev('${coalesce("", "x")}'), "x");
  assert.equal(ev('${tonumber("24") + length(tolist(toset(["a", "a"])))}'), 25);
});

test("what is not known says why; try and can see through evaluation errors only", () => {
  assert.equal(why(ev("${var.unset}")), "var.unset has no default");
  assert.equal(why(ev("${cidrsubnet(var.unset, 8, 1)}")), "var.unset has no default");
  assert.equal(why(ev("${var.missing}")), 'var has no attribute "missing"');
  assert.equal(why(ev('${file("x")}')), "function file() is not evaluated by dpnet");
  assert.equal(ev('${try(var.missing, "fallback")}'), "fallback");
  assert.equal(ev("${can(var.missing)}"), false);
  assert.equal(why(ev("${try(var.unset, 1)}")), "var.unset has no default");
  assert.equal(why(ev("%{ if var.unset }x%{ endif }")), "var.unset has no default");
  assert.equal(why(ev("%{ if true }x")), "Unterminated template directive");
  // Short-circuit: a decided left side needs no right side.
  assert.equal(ev("${false && var.unset}"), false);
});

test("template directives: if/else and for, with strip markers", () => {
  assert.equal(ev("%{ if true }x%{ else }y%{ endif }"), "x");
  assert.equal(ev("a %{ if false ~} x %{~ else ~} y %{~ endif } b"), "a y b");
  assert.equal(ev("%{ for z in var.zones ~}${z},%{ endfor ~}"), "a,b,c,");
  assert.equal(ev("%{ for k, v in var.ports }${k}=${v} %{ endfor }"), "http=80 https=443 ");
});

/** A syntax tree without its source offsets. */
const shape = (node: unknown): unknown =>
  Array.isArray(node)
    ? node.map(shape)
    : node !== null && typeof node === "object"
      ? Object.fromEntries(
          Object.entries(node)
            .filter(([k]) => k !== "start" && k !== "end")
            .map(([k, v]) => [k, shape(v)]),
        )
      : node;

test("references as terraform show lists them parse as expressions", () => {
  assert.deepEqual(shape(parseExpression('module.net.aws_subnet.this["us-east-1a"].id')), {
    k: "attr",
    name: "id",
    obj: {
      k: "index",
      key: { k: "lit", v: "us-east-1a" },
      obj: { k: "attr", name: "this", obj: { k: "attr", name: "aws_subnet", obj: { k: "attr", name: "net", obj: { k: "name", name: "module" } } } },
    },
  });
  assert.deepEqual(shape(parseExpression("aws_route.node-egress-ipv4[0]")), {
    k: "index",
    key: { k: "lit", v: 0 },
    obj: { k: "attr", name: "node-egress-ipv4", obj: { k: "name", name: "aws_route" } },
  });
});
