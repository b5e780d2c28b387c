// Issue 11: nothing a spec, a file name or an export says runs as code. One test per attack class,
// each with the attack as input and the exact answer: exit 2 naming the field, or output that the
// real parsers (and the real terraform) read back as the same literal string.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseHtml } from "parse5";
import { DOMParser } from "@xmldom/xmldom";
import { parse as parseYaml } from "yaml";
import { parseSpec } from "../src/spec/index.js";
import { planSpec, renderPlan } from "../src/plan/index.js";
import { parseSpecText } from "../src/io/spec-file.js";
import { parseHcl, toJson } from "../src/hcl/index.js";
import { TfModule } from "../src/terraform/ir.js";
import { writeModule } from "../src/terraform/hcl.js";
import { audit } from "../src/analyze/audit/index.js";
import { importAwsDescribe } from "../src/import/aws/describe.js";
import { environmentProblem } from "../src/io/environment.js";
import { failureAnswer } from "../src/cli/main.js";
import { compareText } from "../src/io/text.js";
import { MANIFEST, recoverOutputDir } from "../src/io/output-dir.js";
import { exportOf } from "./audit-fixtures.js";
import { createHash } from "node:crypto";
import { VERSION } from "../src/version.js";
import { dpnet } from "./support/cli.js";
import { fromJsonTemplate, snapshot, terraformReadBack } from "./support/safety.js";

const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;
const AWS_EXAMPLE = readFileSync(join(EXAMPLES, "aws-internet.yaml"), "utf8");
const AZURE_EXAMPLE = readFileSync(join(EXAMPLES, "azure-managed.yaml"), "utf8");
const sha = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);
const scratch = () => mkdtempSync(join(tmpdir(), "dpnet-safety-"));
const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "(no error)";
};
const awsSpec = (aws: Record<string, unknown>, controlPlane?: Record<string, unknown>) =>
  parseSpec({ name: "acme", cloud: "aws", aws: { region: "eu-west-1", vpc: { cidr: "10.20.0.0/16" }, ...aws }, ...(controlPlane ? { controlPlane } : {}) });
const writeSpec = (dir: string, name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// --- spec values reach HCL and templates as live expressions ---

test("zone names that would run in HCL or YAML are refused by AWS's zone pattern", () => {
  assert.equal(
    messageOf(() => awsSpec({ zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c${md5(1)}"] })),
    "aws.zones[2]: eu-west-1c${md5(1)} is not an availability zone name or id of region eu-west-1 (like eu-west-1a, a zone id like euw1-az1, or a Local Zone like eu-west-1-lax-1a)",
  );
  assert.equal(
    messageOf(() => awsSpec({ zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c\n---\nkind: Secret"] })),
    "aws.zones[2]: eu-west-1c\\u000a---\\u000akind: Secret is not an availability zone name or id of region eu-west-1 (like eu-west-1a, a zone id like euw1-az1, or a Local Zone like eu-west-1-lax-1a)",
  );
  assert.equal(
    messageOf(() => awsSpec({ zones: ["eu-west-1a", "eu-west-1b", "eu-west-1-lax-1a"] })),
    "(no error)",
  );
});

test("tag keys and values outside AWS's characters are refused: a template directive cannot vanish into the module", () => {
  assert.equal(
    messageOf(() => awsSpec({ tags: { "%{ if false }x%{ endif }": "v" } })),
    "aws.tags.%{ if false }x%{ endif }: is not an AWS tag key: 1 to 128 letters, digits, spaces and _ . : / = + - @",
  );
  assert.equal(
    messageOf(() => awsSpec({ tags: { team: '${file("/etc/passwd")}' } })),
    'aws.tags.team: ${file("/etc/passwd")} is not an AWS tag value: up to 256 letters, digits, spaces and _ . : / = + - @',
  );
  assert.equal(
    messageOf(() => awsSpec({ tags: { "aws:owner": "x" } })),
    "aws.tags.aws:owner: is an AWS tag key: the aws: prefix is reserved for AWS",
  );
  // A key that would vanish in a JavaScript object is refused, never silently dropped.
  assert.equal(
    messageOf(() => awsSpec({ tags: JSON.parse('{"__proto__": "x"}') })),
    "aws.tags.__proto__: is a key dpnet cannot carry (__proto__ is special in JavaScript): rename it",
  );
});

test("Azure tags (free text) are written as literal strings: the HCL parser and terraform read back exactly the value", () => {
  const hostile = { owner: '${file("/etc/passwd")}', 'k${upper("x")}': 'quote " backslash \\ %{ if false }gone%{ endif } $${x} %%{y}', "é ünïcode": "タグ" };
  const spec = parseYaml(AZURE_EXAMPLE) as { azure: Record<string, unknown> };
  const withTags = parseSpec({ ...spec, azure: { ...spec.azure, tags: hostile } });
  const files = renderPlan(planSpec(withTags), { label: "azure.yaml", text: "x" });
  const variables = toJson(parseHcl(files.get("variables.tf")!, "variables.tf")) as { variable: Record<string, [{ default?: Record<string, string> }]> };
  const tags = variables.variable["tags"]![0]!.default!;
  assert.deepEqual(Object.fromEntries(Object.entries(tags).map(([k, v]) => [fromJsonTemplate(k), fromJsonTemplate(v)])), hostile);
  const back = terraformReadBack([...Object.keys(hostile), ...Object.values(hostile)]);
  if (back) assert.deepEqual(back, [...Object.keys(hostile), ...Object.values(hostile)]);
});

test("HCL object keys and values read back literally, newlines and control characters too", () => {
  const hostile = [
    "eu-west-1c${md5(1)}",
    '${file("/etc/passwd")}',
    "%{ if false }gone%{ endif }",
    'a"b',
    "line\nbreak",
    "bell\u0007",
    "back\\slash",
    "$${already}",
  ];
  const module = new TfModule();
  module.add({ kind: "locals", labels: [], file: "main.tf", body: { keys: Object.fromEntries(hostile.map((h, i) => [h, i])), values: hostile } });
  const text = writeModule(module, "# Generated by dpnet test").get("main.tf")!;
  const json = toJson(parseHcl(text, "main.tf")) as { locals: [{ keys: Record<string, number>; values: string[] }] };
  assert.deepEqual(Object.keys(json.locals[0]!.keys).map(fromJsonTemplate), hostile);
  assert.deepEqual(json.locals[0]!.values.map(fromJsonTemplate), hostile);
  const back = terraformReadBack(hostile);
  if (back) assert.deepEqual(back, hostile);
});

test("the ENIConfig template: a zone is a YAML string in literal template text, never a second document", () => {
  const files = renderPlan(planSpec(awsSpec({ zones: ["eu-west-1a", "eu-west-1b", "eu-west-1-lax-1a"] })), { label: "x.yaml", text: "x" });
  const template = files.get("modules/data-plane/k8s/eniconfigs.yaml.tftpl")!;
  assert.match(template, /name: "eu-west-1-lax-1a"\nspec:\n {2}subnet: \$\{pod_subnet_ids\["eu-west-1-lax-1a"\]\}/);
});

// --- HTML/SVG injection through the spec's file name ---

test("a spec file name cannot open markup in report.html or network.svg", () => {
  const dir = scratch();
  const name = "x--><img src=x onerror=alert(1)>.yaml";
  const spec = writeSpec(dir, name, AWS_EXAMPLE);
  const r = dpnet("synth", spec, "-o", join(dir, "out"));
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(join(dir, "out", "report.html"), "utf8");
  const doc = parseHtml(html);
  const elements: string[] = [];
  const comments: string[] = [];
  const walk = (node: { nodeName: string; data?: string; childNodes?: unknown[]; content?: unknown }) => {
    if (node.nodeName === "#comment") comments.push(node.data!);
    else if (!node.nodeName.startsWith("#")) elements.push(node.nodeName);
    for (const child of (node.childNodes ?? []) as (typeof node)[]) walk(child);
  };
  walk(doc as never);
  assert.ok(!elements.includes("img"), "no img element");
  assert.equal(decodeURIComponent(comments[0]!.slice(1, -1)).split(" from ")[1]!.split(" (sha256")[0], name);
  const svg = readFileSync(join(dir, "out", "network.svg"), "utf8");
  const errors: string[] = [];
  const xml = new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(svg, "image/svg+xml");
  assert.deepEqual(errors, []);
  assert.equal(xml.getElementsByTagName("img").length, 0);
  assert.equal(xml.documentElement!.nodeName, "svg");
});

test("a file name with a newline stays inside the comment it is named in (module, template, intents)", () => {
  const dir = scratch();
  const name = 'x\nresource "null_resource" "pwn" {}\n${file(\"pw\")}.yaml';
  const spec = writeSpec(dir, name, AWS_EXAMPLE);
  const r = dpnet("synth", spec, "-o", join(dir, "out"));
  assert.equal(r.code, 0, r.stderr);
  const shown = 'x\\u000aresource "null_resource" "pwn" {}\\u000a$${file(\"pw\")}.yaml';
  assert.equal(
    readFileSync(join(dir, "out", "main.tf"), "utf8").split("\n")[0],
    `# Generated by dpnet ${VERSION} from ${shown.replace("$${", "${")} (sha256 ${sha(AWS_EXAMPLE)}). Edit the spec and run dpnet synth again.`,
  );
  assert.equal(
    readFileSync(join(dir, "out", "modules", "data-plane", "k8s", "eniconfigs.yaml.tftpl"), "utf8").split("\n")[0],
    `# Generated by dpnet ${VERSION} from ${shown} (sha256 ${sha(AWS_EXAMPLE)}). Edit the spec and run dpnet synth again.`,
  );
  for (const file of ["intents.yaml"]) {
    if (!existsSync(join(dir, "out", file))) continue;
    assert.ok(!readFileSync(join(dir, "out", file), "utf8").includes('\nresource "null_resource"'), file);
  }
});

// --- printed fix commands run shell code ---

test("an export id that is not an id is a bad element, and no printed command carries it", async () => {
  const dir = exportOf("aws-compliant", "aws-pod-nat");
  const path = join(dir, "route-tables.json");
  writeFileSync(path, readFileSync(path, "utf8").replaceAll('"rtb-pod"', '"rtb-1 $(touch x)"'));
  const report = audit(await importAwsDescribe(dir));
  assert.ok(
    report.notes.some((n) => /route-tables\.json:\d+: bad element: RouteTableId rtb-1 \$\(touch x\) is not an id of the shape \^rtb-/.test(n)),
    report.notes.join("\n"),
  );
  const commands = report.changes.flatMap((c) => c.commands);
  assert.ok(!commands.some((c) => c.includes("$(")), commands.join("\n"));
});

test("every printed command argument is one literal shell word", () => {
  const r = dpnet("synth", join(EXAMPLES, "aws-internet.yaml"), "-o", join(scratch(), "it's $(here)"));
  assert.equal(r.code, 0, r.stderr);
  const line = r.stdout.split("\n").find((l) => l.startsWith("Next: "))!;
  assert.match(line, /^Next: terraform '-chdir=.*\/it'\\''s \$\(here\)' init && terraform '-chdir=.*' apply$/);
});

// --- synth deletes what it does not own ---

test("synth removes only files its last run listed: another spec's folder inside -o, .terraform and user files survive", () => {
  const dir = scratch();
  const infra = join(dir, "infra");
  const aws = writeSpec(dir, "prod.yaml", AWS_EXAMPLE);
  const azure = writeSpec(dir, "staging.yaml", AZURE_EXAMPLE);
  assert.equal(dpnet("synth", azure, "-o", join(infra, "staging")).code, 0);
  const staging = readdirSync(join(infra, "staging")).sort();
  mkdirSync(join(infra, ".terraform"), { recursive: true });
  writeFileSync(join(infra, ".terraform", "x"), "provider cache");
  writeFileSync(join(infra, "terraform.tfstate"), "{}");
  assert.equal(dpnet("synth", aws, "-o", infra).code, 0);
  writeFileSync(join(infra, "mine.tf"), "# my own\n");
  // The next run writes the Azure set into infra: the AWS files it listed go, nothing else does.
  const r = dpnet("synth", azure, "-o", infra);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(join(infra, "staging")).sort(), staging);
  assert.equal(readFileSync(join(infra, ".terraform", "x"), "utf8"), "provider cache");
  assert.equal(readFileSync(join(infra, "terraform.tfstate"), "utf8"), "{}");
  assert.equal(readFileSync(join(infra, "mine.tf"), "utf8"), "# my own\n");
  assert.ok(!existsSync(join(infra, "modules")), "the AWS run's modules/ folder, now empty, is gone");
  const manifest = readFileSync(join(infra, MANIFEST), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#") && !l.endsWith("/"));
  const theirs = ["mine.tf", "terraform.tfstate", MANIFEST];
  assert.deepEqual(
    manifest.sort(),
    Object.keys(snapshot(infra))
      .filter((f) => !f.startsWith("staging/") && !f.startsWith(".terraform/") && !theirs.includes(f))
      .sort(),
  );
});

test("a file dpnet did not write is never overwritten without --force", () => {
  const dir = scratch();
  const out = join(dir, "out");
  mkdirSync(out);
  writeFileSync(join(out, "main.tf"), "# mine\n");
  const r = dpnet("synth", join(EXAMPLES, "aws-internet.yaml"), "-o", out);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `${join(out, "main.tf")}: was not generated by dpnet (no dpnet header): refusing to overwrite it (use --force)\n`);
  assert.deepEqual(snapshot(out), { "main.tf": "# mine\n" });
});

// --- writes follow symlinks out of -o; predictable staging ---

test("a symlinked modules/ or -o is refused with exit 2, and nothing is written through it", () => {
  const dir = scratch();
  const out = join(dir, "out");
  const elsewhere = join(dir, "elsewhere");
  mkdirSync(elsewhere);
  assert.equal(dpnet("synth", join(EXAMPLES, "aws-internet.yaml"), "-o", out).code, 0);
  rmSync(join(out, "modules"), { recursive: true });
  symlinkSync(elsewhere, join(out, "modules"));
  const r = dpnet("synth", join(EXAMPLES, "aws-internet.yaml"), "-o", out);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `${out}: ${join(out, "modules")} is a symbolic link: dpnet never writes through one (replace it with a folder)\n`);
  assert.deepEqual(readdirSync(elsewhere), []);
  const dangling = join(dir, "dangling");
  symlinkSync(join(dir, "nowhere"), dangling);
  const d = dpnet("synth", join(EXAMPLES, "aws-internet.yaml"), "-o", dangling);
  assert.equal(d.code, 2);
  assert.equal(d.stderr, `-o: ${dangling} is a symbolic link: dpnet never writes through one (give the real folder)\n`);
  assert.ok(!existsSync(join(dir, "nowhere")));
});

test("dpnet diagram -o never writes through a symlink, nor over a file it did not generate", () => {
  const dir = scratch();
  const victim = join(dir, "victim.txt");
  writeFileSync(victim, "keep");
  symlinkSync(victim, join(dir, "network.svg"));
  const r = dpnet("diagram", join(EXAMPLES, "aws-internet.yaml"), "-o", join(dir, "network.svg"));
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `-o: ${join(dir, "network.svg")} is a symbolic link: dpnet never writes through one (remove it)\n`);
  assert.equal(readFileSync(victim, "utf8"), "keep");
  const mine = dpnet("diagram", join(EXAMPLES, "aws-internet.yaml"), "-o", victim);
  assert.equal(mine.code, 2);
  assert.equal(readFileSync(victim, "utf8"), "keep");
  assert.deepEqual(readdirSync(dir).sort(), ["network.svg", "victim.txt"]);
  // Nor over a device, even with --force (as root, a rename would replace /dev/full itself).
  const device = dpnet("diagram", join(EXAMPLES, "aws-internet.yaml"), "-o", "/dev/full", "--force");
  assert.equal(device.code, 2);
  assert.equal(device.stderr, "-o: /dev/full is not a regular file (a pipe, socket or device): dpnet replaces only files\n");
});

test("staging is unpredictable and beside -o; stale staging folders are removed, symlinks among them never followed", () => {
  const dir = scratch();
  const out = join(dir, "out");
  mkdirSync(join(dir, ".out.dpnet-staging-stale"));
  writeFileSync(join(dir, ".out.dpnet-staging-stale", "main.tf"), "left by a killed run");
  const victim = join(dir, "victim");
  mkdirSync(victim);
  writeFileSync(join(victim, "keep"), "x");
  symlinkSync(victim, join(dir, ".out.dpnet-staging-planted"));
  // The old predictable name: planting it redirects nothing.
  symlinkSync(victim, join(dir, `out.dpnet-staging-${process.pid + 1}`));
  assert.equal(dpnet("synth", join(EXAMPLES, "aws-internet.yaml"), "-o", out).code, 0);
  assert.ok(!existsSync(join(dir, ".out.dpnet-staging-stale")));
  assert.ok(lstatSync(join(dir, ".out.dpnet-staging-planted")).isSymbolicLink());
  assert.deepEqual(readdirSync(victim), ["keep"]);
});

test("a folder a killed synth left mid-switch is not judged until a synth completes it", () => {
  const dir = scratch();
  const out = join(dir, "out");
  assert.equal(dpnet("synth", join(EXAMPLES, "aws-internet.yaml"), "-o", out).code, 0);
  writeFileSync(join(out, ".dpnet-journal"), JSON.stringify({ staging: join(dir, ".out.dpnet-staging-gone"), manifest: { files: [], dirs: [] }, remove: [] }));
  const r = dpnet("verify", out);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `${out} holds a dpnet synth that was interrupted (.dpnet-journal): run dpnet synth again to complete it\n`); // A journal that is not dpnet's (a path out of the folder) is refused, never followed.
  writeFileSync(
    join(out, ".dpnet-journal"),
    JSON.stringify({ staging: join(dir, ".out.dpnet-staging-x"), manifest: { files: ["../escape.tf"], dirs: [] }, remove: [] }),
  );
  const s = dpnet("synth", join(EXAMPLES, "aws-internet.yaml"), "-o", out);
  assert.equal(s.code, 2);
  assert.equal(
    s.stderr,
    `${join(out, ".dpnet-journal")}: is damaged (not a journal dpnet wrote): remove it, and check the folder's files, before running dpnet synth again\n`,
  );
});

test("a plain file where dpnet needs a folder (k8s) is refused before anything changes", () => {
  const dir = scratch();
  const out = join(dir, "out");
  assert.equal(dpnet("synth", join(EXAMPLES, "azure-managed.yaml"), "-o", out).code, 0);
  writeFileSync(join(out, "modules"), "a file");
  const before = snapshot(out);
  const r = dpnet("synth", join(EXAMPLES, "aws-internet.yaml"), "-o", out);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `${out}: ${join(out, "modules")} is a file where dpnet must make a folder: move it away\n`);
  assert.deepEqual(snapshot(out), before);
});

// --- crashes instead of answers ---

test("a control plane of 0.0.0.0/0 is judged, not a crash", () => {
  const dir = scratch();
  const spec = writeSpec(dir, "cp.yaml", AWS_EXAMPLE.replace("cidrs: [203.0.113.0/24]", "cidrs: [0.0.0.0/0]"));
  const r = dpnet("plan", spec);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  assert.equal(r.stderr, "");
});

test("an export whose VPC is 0.0.0.0/0 is one line and exit 2, not a crash", () => {
  const dir = exportOf("aws-compliant");
  writeFileSync(join(dir, "vpcs.json"), readFileSync(join(dir, "vpcs.json"), "utf8").replaceAll('"10.0.0.0/16"', '"0.0.0.0/0"'));
  for (const command of ["audit", "verify"]) {
    const r = dpnet(command, "--aws", dir);
    assert.equal(r.code, 2, command);
    assert.equal(
      r.stderr,
      "no internet address lies outside the networks' blocks (a block such as 0.0.0.0/0 holds them all): the network cannot be judged against the internet\n",
    );
  }
});

test("a YAML alias bomb is refused with exit 2", () => {
  const dir = scratch();
  const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 10; i++)
    levels.push(
      `l${i}: &${"abcdefghij"[i]} [${Array(10)
        .fill(`*${"abcdefghij"[i - 1]}`)
        .join(", ")}]`,
    );
  const spec = writeSpec(dir, "bomb.yaml", `name: acme\ncloud: aws\n${levels.join("\n")}\n`);
  const r = dpnet("plan", spec);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    "bomb.yaml: expands YAML aliases too far (Excessive alias count indicates a resource exhaustion attack): a spec needs at most 100 alias uses\n",
  );
});

test("-o under a plain file, and operating-system errors, are one line with exit 2", () => {
  const dir = scratch();
  writeFileSync(join(dir, "file"), "x");
  const r = dpnet("synth", join(EXAMPLES, "aws-internet.yaml"), "-o", join(dir, "file", "out"));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^.*file.*: is under a path that is not a folder \(ENOTDIR\)\n$/);
  const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", path: "/o/main.tf" });
  assert.equal(environmentProblem(full), "/o/main.tf: cannot be written: the disk is full (ENOSPC)");
  const readOnly = Object.assign(new Error("EROFS: read-only file system, mkdtemp"), { code: "EROFS", path: "/ro/.out.dpnet-staging-XXXXXX" });
  assert.equal(environmentProblem(readOnly), "/ro/.out.dpnet-staging-XXXXXX: cannot be written: the file system is read-only (EROFS)");
  assert.equal(environmentProblem(new TypeError("x is undefined")), undefined);
});

test("a full disk and a read-only file system (real ones: small tmpfs mounts) are one line, exit 2, and leave nothing behind", (t) => {
  const mnt = scratch();
  const mount = (options: string) => spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", mnt], { encoding: "utf8" });
  if (mount("size=48k").status !== 0) {
    t.skip("cannot mount a tmpfs here (needs root): the full and read-only disk tests are skipped");
    return;
  }
  try {
    const full = dpnet("synth", join(EXAMPLES, "aws-internet.yaml"), "-o", join(mnt, "out"));
    assert.equal(full.code, 2);
    assert.match(full.stderr, new RegExp(`^${mnt}/out/\\S+: cannot be written: the disk is full \\(ENOSPC\\)\n$`));
    assert.deepEqual(readdirSync(mnt), []);
  } finally {
    spawnSync("umount", [mnt]);
  }
  assert.equal(mount("ro,size=48k").status, 0);
  try {
    const readOnly = dpnet("synth", join(EXAMPLES, "aws-internet.yaml"), "-o", join(mnt, "out"));
    assert.equal(readOnly.code, 2);
    assert.equal(readOnly.stderr, `${mnt}/.out.dpnet-lock: cannot be written: the file system is read-only (EROFS)\n`);
  } finally {
    spawnSync("umount", [mnt]);
  }
});

test("a bug is exit 3, 'internal error' and a hint, with no stack trace unless DPNET_DEBUG=1", () => {
  const answer = failureAnswer(new TypeError("cannot read properties of undefined (reading 'id')"), false);
  assert.deepEqual(answer, {
    code: 3,
    text: "internal error: cannot read properties of undefined (reading 'id'). This is a bug in dpnet: please report it with the command and its input (DPNET_DEBUG=1 prints the stack trace).",
  });
  const debug = failureAnswer(new TypeError("boom"), true);
  assert.equal(debug.code, 3);
  assert.match(debug.text, /^internal error: boom\. This is a bug in dpnet: please report it with the command and its input\.\nTypeError: boom\n {4}at /);
});

test("two synths into one fresh folder: each ends 0 or 2, and the folder is one complete set", async () => {
  const dir = scratch();
  const out = join(dir, "out");
  const run = (spec: string) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [new URL("../../bin/dpnet.js", import.meta.url).pathname, "synth", spec, "-o", out], { stdio: "ignore" });
      child.on("exit", (code) => resolve(code));
    });
  const codes = await Promise.all([run(join(EXAMPLES, "aws-internet.yaml")), run(join(EXAMPLES, "azure-managed.yaml"))]);
  assert.ok(
    codes.every((c) => c === 0 || c === 2),
    String(codes),
  );
  assert.ok(codes.includes(0));
  const manifest = readFileSync(join(out, MANIFEST), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#") && !l.endsWith("/"));
  assert.deepEqual(
    Object.keys(snapshot(out))
      .filter((f) => f !== MANIFEST)
      .sort(),
    manifest.sort(),
  );
  recoverOutputDir(out);
});

// --- validation gaps ---

test("CIDRs are parsed once: a padded 0.0.0.0/0 on port 22 is refused, and what is emitted is the parsed value", () => {
  assert.equal(
    messageOf(() => awsSpec({ firewall: [{ name: "ssh", ports: 22, cidrs: ["0.0.0.0/0 "] }] })),
    "aws.firewall[0].cidrs[0]: 0.0.0.0/0  would open port 22 (SSH) on the worker nodes to the whole internet: narrow the CIDRs, or set allowPublicAdminPorts: true on this rule if you mean it",
  );
  const spec = awsSpec({ firewall: [{ name: "nodeports", ports: "30000-32767", cidrs: [" 10.0.0.0/8"] }] });
  assert.deepEqual(spec.cloud === "aws" && spec.aws.firewall[0]!.cidrs, ["10.0.0.0/8"]);
});

test("admin ports open to the world are judged on the union of sources, not on strings", () => {
  assert.equal(
    messageOf(() => awsSpec({ firewall: [{ name: "ssh", ports: 22, cidrs: ["0.0.0.0/1", "128.0.0.0/1"] }] })),
    'aws.firewall[0].cidrs: ["0.0.0.0/1","128.0.0.0/1"] would open port 22 (SSH) on the worker nodes to the whole internet (with every rule on that port, the sources cover 0.0.0.0/0): narrow the CIDRs, or set allowPublicAdminPorts: true on this rule if you mean it',
  );
  assert.equal(
    messageOf(() =>
      awsSpec({
        firewall: [
          { name: "low", ports: "20-23", cidrs: ["0.0.0.0/1"] },
          { name: "high", ports: 22, cidrs: ["128.0.0.0/1"] },
        ],
      }),
    ).split("\n").length,
    2,
  );
  assert.equal(
    messageOf(() => awsSpec({ firewall: [{ name: "ssh", ports: 22, cidrs: ["0.0.0.0/1", "128.0.0.0/2"] }] })),
    "(no error)",
  );
});

test("an export's security group admitting SSH from 0.0.0.0/1 and 128.0.0.0/1 is open to the world: DPN-AWS-016 on the union", async () => {
  const dir = exportOf("aws-compliant", "aws-ssh-open");
  const path = join(dir, "security-groups.json");
  const halves = '{ "CidrIp": "0.0.0.0/1", "Description": "low half" }, { "CidrIp": "128.0.0.0/1", "Description": "high half" }';
  writeFileSync(path, readFileSync(path, "utf8").replace(/\{\s*"CidrIp": "0\.0\.0\.0\/0",\s*"Description": "ssh from anywhere"\s*\}/, halves));
  const report = audit(await importAwsDescribe(dir));
  const ssh = report.findings.filter((f) => f.id === "DPN-AWS-016");
  assert.deepEqual(
    ssh.map((f) => [f.resource, f.message]),
    [
      [
        "sg-workers",
        "sg-workers admits SSH (TCP 22) from 0.0.0.0/1, 128.0.0.0/1, together the whole internet (0.0.0.0/0): narrow the sources to your admin ranges (or use a bastion, SSM Session Manager, a VPN)",
      ],
    ],
  );
});

test("Azure existing ids are checked by Azure's grammar: newlines, $() and control characters are refused", () => {
  const spec = parseYaml(readFileSync(join(EXAMPLES, "azure-customer-managed.yaml"), "utf8")) as { azure: { existing: { vnetId: string } } };
  for (const bad of [`${spec.azure.existing.vnetId}\nx`, `${spec.azure.existing.vnetId}$(touch x)`, `${spec.azure.existing.vnetId}\u0007`]) {
    const input = { ...spec, azure: { ...spec.azure, existing: { ...spec.azure.existing, vnetId: bad } } };
    assert.match(
      messageOf(() => parseSpec(input)),
      /^azure\.existing\.vnetId: .* is not a VNet resource id \(/,
    );
  }
});

test("reach takes ports 1 to 65535 only", () => {
  for (const port of ["0", "70000", "1e20", "0x1bb"]) {
    const r = dpnet("reach", join(EXAMPLES, "aws-internet.yaml"), "--from", "internet", "--to", `ingress:${port}`);
    assert.equal(r.code, 2, port);
    assert.equal(r.stderr, `reach: --from internet --to ingress:${port} cannot be asked: port ${port} is not a port number 1 to 65535\n`);
  }
});

// --- smaller ---

test("control characters never reach the terminal raw, and long values are cut", () => {
  const option = dpnet("plan", "--\u001b[2J");
  assert.equal(option.code, 2);
  assert.ok(!option.stderr.includes("\u001b") && option.stderr.includes("\\u001b[2J"), option.stderr);
  const r = dpnet("plan", "missing-\u001b[31mred.yaml");
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "missing-\\u001b[31mred.yaml does not exist\n");
  const long = `${"x".repeat(5000)}.yaml`;
  const l = dpnet("plan", long);
  assert.equal(l.stderr, `${"x".repeat(200)}… (5005 characters) cannot be read (ENAMETOOLONG)\n`);
});

test("spec maps are parsed in linear time: 16,000 tags parse (yaml's quadratic unique-key check is not used)", () => {
  const tags = Array.from({ length: 16000 }, (_, i) => `    k${i}: v${i}`).join("\n");
  const spec = parseSpecText(`name: acme\ncloud: aws\naws:\n  region: eu-west-1\n  vpc:\n    cidr: 10.0.0.0/16\n  tags:\n${tags}\n`, "big.yaml");
  assert.equal(spec.cloud === "aws" && Object.keys(spec.aws.tags!).length, 16000);
  assert.equal(
    messageOf(() => parseSpecText("name: a\nname: b\n", "dup.yaml")),
    "dup.yaml: is not valid YAML: map keys must be unique (line 2, column 1)",
  );
});

test("count beyond 10,000 in a .tf is a gap, not expanded; a FIFO named *.tf is refused, not read", () => {
  const dir = scratch();
  writeFileSync(join(dir, "main.tf"), 'resource "aws_vpc" "v" {\n  count      = 100000000\n  cidr_block = "10.0.0.0/16"\n}\n');
  const r = dpnet("verify", dir, "--json");
  assert.match(r.stdout, /its count cannot be evaluated \(it is 100000000, more than the 10000 instances dpnet expands\)/);
  const fifo = join(scratch(), "pipe.tf");
  const made = spawnSync("mkfifo", [fifo]);
  if (made.status !== 0) return;
  const f = spawnSync(process.execPath, [new URL("../../bin/dpnet.js", import.meta.url).pathname, "verify", fifo], { encoding: "utf8", timeout: 10_000 });
  assert.equal(f.status, 2);
  assert.equal(f.stderr, `${fifo} is not a regular file (a pipe, socket or device): dpnet reads only files\n`);
});

test("order is locale-free, and reordering tags or privateEndpoints changes no byte", () => {
  assert.equal(compareText("B", "a"), -1);
  const azure = parseYaml(AZURE_EXAMPLE) as { azure: Record<string, unknown> };
  const render = (tags: Record<string, string>, privateEndpoints: string[]) => [
    ...renderPlan(planSpec(parseSpec({ ...azure, azure: { ...azure.azure, tags, privateEndpoints } })), { label: "a.yaml", text: "a" }),
  ];
  assert.deepEqual(render({ b: "2", a: "1" }, ["vault", "blob"]), render({ a: "1", b: "2" }, ["blob", "vault"]));
});
