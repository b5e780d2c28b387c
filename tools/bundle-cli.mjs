// Bundles the compiled CLI into one file: resolving and evaluating one module instead of a few
// hundred (zod, yaml, commander) takes the whole `dpnet synth` process from ~160 ms to ~110 ms.
// The bundle sits in dist/src/ like version.js, so `../../package.json` resolves the same.
import { build } from "esbuild";

await build({
  entryPoints: ["dist/src/cli/main.js"],
  outfile: "dist/src/cli.bundle.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  // The HCL parser loads its WebAssembly from beside its own files: it stays a package, loaded when a .tf folder is read.
  external: ["@cdktn/hcl2json"],
  // commander is CommonJS and calls require() for node: built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
