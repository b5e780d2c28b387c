// The package as a user gets it: `npm pack`, the tarball installed into an empty project, and its
// `dpnet` bin run (--version, a synth). Offline: the tarball's dependencies come from this clone's
// node_modules as file: links, so npm never asks the registry.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const root = new URL("../../", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };
const dir = mkdtempSync(join(tmpdir(), "dpnet-pack-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const npm = (args: string[], cwd: string): string =>
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8", env: { ...process.env, npm_config_offline: "true" } });

test("the packed tarball installs offline and its dpnet bin runs --version and a synth", () => {
  // --ignore-scripts: the suite already built dist/; `prepare` would build it again.
  const packed = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", dir], root)) as { filename: string; files: { path: string }[] }[];
  const files = packed[0]!.files.map((f) => f.path);
  for (const needed of ["bin/dpnet.js", "dist/cli/dpnet.cjs", "dist/src/index.js", "package.json"])
    assert.ok(files.includes(needed), `${needed} is in the tarball`);
  // The code cache is per Node version and written by the installed bin itself, never shipped.
  assert.ok(!files.some((f) => f.endsWith(".v8-cache")), "no V8 code cache in the tarball");
  assert.ok(!files.some((f) => f.startsWith("dist/test/")), "no tests in the tarball");

  const project = join(dir, "project");
  const dependencies: Record<string, string> = { dpnet: `file:${join(dir, packed[0]!.filename)}` };
  for (const name of Object.keys(pkg.dependencies)) dependencies[name] = `file:${join(root, "node_modules", name)}`;
  execFileSync("mkdir", [project]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", private: true, dependencies }));
  npm(["install", "--ignore-scripts"], project);

  const bin = join(project, "node_modules/.bin/dpnet");
  assert.equal(execFileSync(bin, ["--version"], { cwd: project, encoding: "utf8" }).trim(), pkg.version);
  const spec = join(project, "dataplane.yaml");
  writeFileSync(spec, execFileSync(bin, ["init", "--cloud", "aws"], { cwd: project, encoding: "utf8" }));
  execFileSync(bin, ["synth", spec, "-o", join(project, "infra")], { cwd: project, encoding: "utf8" });
  // The AWS module is a child module beside a thin root (issue 15).
  for (const file of ["main.tf", "modules/data-plane/network.tf", "modules/data-plane/nlb.tf", "network.svg", "report.html"])
    assert.ok(existsSync(join(project, "infra", file)), `synth wrote ${file}`);
  // The installed bin wrote its code cache beside the bundle on first run (a writable install).
  assert.ok(existsSync(join(project, "node_modules/dpnet/dist/cli/dpnet.cjs.v8-cache")));
});
