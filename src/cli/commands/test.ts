import { Option, type Command } from "commander";
import { EXIT, Exit, out } from "../io.js";
import { loadNetwork, withNetworkSource, type NetworkSourceFlags } from "../network-source.js";

interface TestOptions extends NetworkSourceFlags {
  json?: boolean;
}

export function registerTest(cli: Command): void {
  withNetworkSource(cli.command("test").argument("<intents>", "intents file (YAML): must reach / must not reach, answered for every packet"))
    .description("check a network against intents for every packet; exit 1 when one fails, naming the packets that break it and a witness trace")
    .addOption(new Option("--json", "print the results as JSON"))
    .action(async (intentsPath: string, source: string | undefined, opts: TestOptions) => {
      const { intentsFor } = await import("../intents.js");
      const { testIntents } = await import("../../analyze/space/intents.js");
      const loaded = await loadNetwork(source, opts);
      const intents = (await intentsFor(loaded, source, intentsPath))!;
      const results = testIntents(loaded.topology, loaded.context, intents.file.intents);
      if (opts.json) {
        out(JSON.stringify({ source: loaded.label, intents: intents.origin, assumed: loaded.context.inferred ?? [], results }, null, 2));
      } else {
        const { intentsText } = await import("../intents-text.js");
        out(intentsText(loaded.label, intents.origin, loaded.context.inferred ?? [], results).join("\n"));
      }
      if (results.some((r) => !r.holds)) throw new Exit(EXIT.findings);
    });
}
