// Loading the cloud SDKs, which are optional dependencies: only the live flags need them, so the
// default install stays small and a missing one is a clear message, not a crash.
import type { JsonDocument } from "../../io/json-folder.js";
import { inputError } from "../../spec/errors.js";
import { requirePackage } from "../../io/require-package.js";

/** Reports what a live read is doing (a progress line on stderr from the CLI). */
export type Progress = (text: string) => void;

/** Imports an optional package; `flag` is the option that needs it, for the message. */
export async function loadOptional(name: string, flag: string): Promise<Record<string, unknown>> {
  try {
    // A computed name: neither tsc nor the bundler resolves it, so the package stays optional.
    return requirePackage(name) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw e;
    throw inputError(
      flag,
      undefined,
      `needs the optional package ${name}, which is not installed: run npm install ${name} (dpnet declares it as an optional peer dependency, so the default install stays small)`,
    );
  }
}

/** A live response as the importers read files: named by the call that returned it. */
export function liveDocument(call: string, data: unknown): JsonDocument {
  return { file: call, data, line: () => undefined };
}

/** A failed read-only call, as bad input naming the call (credentials, permissions, region). */
export function liveFailure(flag: string, call: string, e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  return inputError(flag, undefined, `${call} failed: ${message}`);
}
