// Loads an installed package with require(): the CLI runs as one CommonJS bundle from V8's code
// cache, where import() of a package is not available; every package loaded this way ships CommonJS.
import { createRequire } from "node:module";

export const requirePackage = createRequire(import.meta.url);
