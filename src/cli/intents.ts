// Which intents a command judges a network by: `--intents FILE`, else the intents file synth wrote
// beside the module (or the plan JSON), else a spec's own; and the context they correct.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { LoadedSource } from "../import/source.js";
import type { IntentsFile } from "../analyze/space/intents.js";

export interface Intents {
  file: IntentsFile;
  /** Where they come from, for messages. */
  origin: string;
}

function beside(source: string | undefined): string | undefined {
  if (source === undefined || !existsSync(source)) return undefined;
  const dir = statSync(source).isDirectory() ? source : dirname(source);
  return source.match(/\.ya?ml$/i) ? undefined : join(dir, "intents.yaml");
}

/** The intents for a loaded network; `loaded.context` is updated to say what they say. */
export async function intentsFor(loaded: LoadedSource, source: string | undefined, flag: string | undefined): Promise<Intents | undefined> {
  const { defaultIntents, parseIntents, withIntents } = await import("../analyze/space/intents.js");
  const { inputError } = await import("../spec/errors.js");
  const path = flag ?? beside(source);
  if (flag !== undefined && !existsSync(flag)) throw inputError("--intents", flag, "does not exist");
  if (path !== undefined && existsSync(path)) {
    const file = parseIntents(readFileSync(path, "utf8"), path);
    loaded.context = withIntents(loaded.context, file);
    return { file, origin: path };
  }
  if (loaded.kind === "spec") return { file: defaultIntents(loaded.context), origin: "the spec" };
  return undefined;
}
