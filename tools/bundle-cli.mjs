// Bundles the compiled CLI into one CommonJS file, dist/cli/dpnet.cjs, for start-up speed:
// resolving and evaluating a few hundred modules (zod, yaml, commander) one by one took the
// whole `dpnet synth` process to ~160 ms. bin/dpnet.js runs the bundle through V8's code cache.
// zod's 40 message locales (~300 KB) are left out: dpnet sets none and zod speaks English.
// The bundle sits two levels below the package, like dist/src/, so version.js's
// `../../package.json` resolves the same from both.
import { build } from "esbuild";

/** `export * as locales` in zod's classic API is the only thing pulling every locale in. */
const zodWithoutLocales = {
  name: "zod-without-locales",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes("/zod/") ? { path: "zod-locales", namespace: "empty" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

await build({
  entryPoints: ["dist/src/cli/main.js"],
  outfile: "dist/cli/dpnet.cjs",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  plugins: [zodWithoutLocales],
  define: { "import.meta.url": "__bundleUrl" },
  banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
});
