#!/usr/bin/env node
// Runs the bundled CLI (dist/cli/dpnet.cjs) with V8's code cache: compiling the bundle's
// functions anew on every run was about a third of a `dpnet synth`. The cache is (re)written
// after a run when it is missing or stale (another Node version); V8 itself rejects a cache that
// does not match the code, and a cache that cannot be written is simply not used.
import Module from "node:module";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const bundle = fileURLToPath(new URL("../dist/cli/dpnet.cjs", import.meta.url));
const cacheFile = `${bundle}.v8-cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(readFileSync(bundle, "utf8")), {
  filename: bundle,
  cachedData,
});
const cli = { exports: {} };
script.runInThisContext()(cli.exports, Module.createRequire(bundle), cli, bundle, dirname(bundle));
process.exitCode = await cli.exports.run(process.argv.slice(2));
if (cachedData === undefined || script.cachedDataRejected) {
  try {
    const staging = `${cacheFile}.${process.pid}`;
    writeFileSync(staging, script.createCachedData());
    renameSync(staging, cacheFile);
  } catch {
    // A read-only install runs without the cache, just slower.
  }
}
