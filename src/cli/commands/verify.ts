import { Option, type Command } from "commander";
import { EXIT, Exit, out } from "../io.js";
import { loadNetwork, withNetworkSource, type NetworkSourceFlags } from "../network-source.js";

type Format = "text" | "json" | "sarif";

interface VerifyOptions extends NetworkSourceFlags {
  json?: boolean;
  format: Format;
  intents?: string;
}

export function registerVerify(cli: Command): void {
  withNetworkSource(cli.command("verify"))
    .description("run the named checks on a spec, a folder of .tf files or terraform show -json output; exit 1 on error findings")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"))
    .option("--json", "same as --format json")
    .option("--intents <file>", "intents file to judge by (default: intents.yaml beside the module; a spec's own intents)")
    .action(async (source: string | undefined, opts: VerifyOptions) => {
      const { judge } = await import("../../analyze/audit/index.js");
      const { hasErrors } = await import("../../findings.js");
      const loaded = await loadNetwork(source, opts);
      const { intentsFor } = await import("../intents.js");
      const intents = await intentsFor(loaded, source, opts.intents);
      const findings = judge(loaded);
      if (intents) {
        const { intentFindings } = await import("../../analyze/space/intents.js");
        findings.push(...intentFindings(loaded.topology, loaded.context, intents.file.intents));
      }
      const format: Format = opts.json ? "json" : opts.format;
      if (format === "sarif") {
        const { toSarif } = await import("../../report/sarif.js");
        const input = source ?? opts.aws ?? opts.azure;
        out(JSON.stringify(toSarif(findings, { locate: (id) => loaded.locations.get(id), ...(input ? { input } : {}) }), null, 2));
      } else if (format === "json") {
        out(JSON.stringify({ source: loaded.label, kind: loaded.kind, assumed: loaded.context.inferred ?? [], findings }, null, 2));
      } else {
        const { countFindings, formatFindings } = await import("../../report/text.js");
        const { checkInternetHosts, markStandIns, standInLabels, withInternetHosts } = await import("../../report/stand-ins.js");
        const assumed = (loaded.context.inferred ?? []).map((a) => `  assumed: ${a}`);
        // Made-up addresses (stand-ins for what the cloud assigns, the internet host the checks chose) are shown as what they stand for.
        const labels = withInternetHosts(standInLabels(loaded.topology, loaded.notes, loaded.context), checkInternetHosts(loaded.topology, loaded.context));
        out(markStandIns([`${loaded.label}: ${countFindings(findings)}`, ...assumed, ...formatFindings(findings)].join("\n"), labels));
      }
      if (hasErrors(findings)) throw new Exit(EXIT.findings);
    });
}
