import { Option, type Command } from "commander";
import { EXIT, Exit, out } from "../io.js";

type Format = "text" | "json" | "sarif";

interface VerifyOptions {
  aws?: string;
  azure?: string;
  json?: boolean;
  format: Format;
}

export function registerVerify(cli: Command): void {
  cli
    .command("verify")
    .description("run the named checks on a spec, a folder of .tf files or terraform show -json output; exit 1 on error findings")
    .argument("[source]", "spec (.yaml), Terraform module folder, or plan/state JSON (terraform show -json)")
    .option("--aws <dir>", "a folder of AWS describe-* JSON instead of a source")
    .option("--azure <dir>", "a folder of Azure resource JSON instead of a source")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"))
    .option("--json", "same as --format json")
    .action(async (source: string | undefined, opts: VerifyOptions) => {
      const { loadSource } = await import("../../import/source.js");
      const { judge } = await import("../../analyze/audit/index.js");
      const { hasErrors } = await import("../../findings.js");
      const { inputError } = await import("../../spec/errors.js");
      if (source === undefined && opts.aws === undefined && opts.azure === undefined) throw inputError("source", undefined, "is missing: give a spec, a module folder, a plan JSON, or --aws/--azure with an export folder");
      if (source !== undefined && (opts.aws !== undefined || opts.azure !== undefined)) throw inputError("source", source, "cannot be combined with --aws or --azure: give one network");
      const loaded = await loadSource(source ?? "", { ...(opts.aws !== undefined ? { aws: opts.aws } : {}), ...(opts.azure !== undefined ? { azure: opts.azure } : {}) });
      const findings = judge(loaded);
      const format: Format = opts.json ? "json" : opts.format;
      if (format === "sarif") {
        const { toSarif } = await import("../../report/sarif.js");
        const input = source ?? opts.aws ?? opts.azure;
        out(JSON.stringify(toSarif(findings, { locate: (id) => loaded.locations.get(id), ...(input ? { input } : {}) }), null, 2));
      } else if (format === "json") {
        out(JSON.stringify({ source: loaded.label, kind: loaded.kind, assumed: loaded.context.inferred ?? [], findings }, null, 2));
      } else {
        const { countFindings, formatFindings } = await import("../../report/text.js");
        const assumed = (loaded.context.inferred ?? []).map((a) => `  assumed: ${a}`);
        out([`${loaded.label}: ${countFindings(findings)}`, ...assumed, ...formatFindings(findings)].join("\n"));
      }
      if (hasErrors(findings)) throw new Exit(EXIT.findings);
    });
}
