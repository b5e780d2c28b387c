import { Option, type Command } from "commander";
import { out } from "../io.js";
import { loadNetwork, withNetworkSource, type NetworkSourceFlags } from "../network-source.js";

type Format = "text" | "json" | "sarif";

interface ExposureOptions extends NetworkSourceFlags {
  json?: boolean;
  format: Format;
  trace?: boolean;
  intents?: string;
}

export function registerExposure(cli: Command): void {
  withNetworkSource(cli.command("exposure"))
    .description(
      "what the internet and the control plane can open in a network, and what its nodes and pods can reach outside: every packet, with a witness trace each",
    )
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"))
    .option("--json", "same as --format json")
    .option("--trace", "text: print each row's witness trace")
    .option("--intents <file>", "intents file saying where the control plane is (default: intents.yaml beside the module)")
    .action(async (source: string | undefined, opts: ExposureOptions) => {
      const { exposure, exposureFindings } = await import("../../analyze/space/exposure.js");
      const loaded = await loadNetwork(source, opts);
      const { intentsFor } = await import("../intents.js");
      await intentsFor(loaded, source, opts.intents);
      const report = exposure(loaded.topology, loaded.context);
      const format: Format = opts.json ? "json" : opts.format;
      if (format === "sarif") {
        const { toSarif } = await import("../../report/sarif.js");
        const input = source ?? opts.aws ?? opts.azure;
        out(JSON.stringify(toSarif(exposureFindings(report), { locate: (id) => loaded.locations.get(id), ...(input ? { input } : {}) }), null, 2));
        return;
      }
      if (format === "json") {
        out(
          JSON.stringify(
            {
              source: loaded.label,
              kind: loaded.kind,
              assumed: loaded.context.inferred ?? [],
              classes: report.classes,
              inward: report.inward,
              outward: report.outward,
              undetermined: report.undetermined,
            },
            null,
            2,
          ),
        );
        return;
      }
      const { exposureText } = await import("../exposure-text.js");
      // Made-up addresses (stand-ins for what the cloud assigns) are shown as what they stand for; --json keeps them bare.
      const { markStandIns, standInLabels } = await import("../../report/stand-ins.js");
      const labels = standInLabels(loaded.topology, loaded.notes, loaded.context);
      out(exposureText(loaded.label, loaded.context, report, opts.trace === true, (text) => markStandIns(text, labels)).join("\n"));
    });
}
