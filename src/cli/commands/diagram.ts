import type { Command } from "commander";
import { out } from "../io.js";

interface DiagramOptions {
  out?: string;
  force?: boolean;
  aws?: string;
  azure?: string;
}

export function registerDiagram(cli: Command): void {
  cli
    .command("diagram")
    .description("draw the network as SVG: a spec, a folder of .tf files, terraform show -json output, or an AWS/Azure export")
    .argument("[source]", "spec (.yaml), Terraform module folder, or plan/state JSON (terraform show -json)")
    .option("--aws <dir>", "a folder of AWS describe-* JSON instead of a source")
    .option("--azure <dir>", "a folder of Azure resource JSON instead of a source")
    .option("-o, --out <file>", "the SVG file to write (default: print it)")
    .option("--force", "overwrite the file even if dpnet did not generate it")
    .action(async (source: string | undefined, opts: DiagramOptions) => {
      const { writeGeneratedFile } = await import("../../io/output-dir.js");
      const { loadSource } = await import("../../import/source.js");
      const { judge } = await import("../../analyze/audit/index.js");
      const { inputError } = await import("../../spec/errors.js");
      const { renderDiagram } = await import("../../render/diagram.js");
      const { markupHeader, planDiagramContext, planTitle } = await import("../../render/files.js");
      const { GENERATED_MARK } = await import("../../terraform/hcl.js");
      const { VERSION } = await import("../../version.js");
      if (source === undefined && opts.aws === undefined && opts.azure === undefined) throw inputError("source", undefined, "is missing: give a spec, a module folder, a plan JSON, or --aws/--azure with an export folder");
      if (source !== undefined && (opts.aws !== undefined || opts.azure !== undefined)) throw inputError("source", source, "cannot be combined with --aws or --azure: give one network");
      const loaded = await loadSource(source ?? "", { ...(opts.aws !== undefined ? { aws: opts.aws } : {}), ...(opts.azure !== undefined ? { azure: opts.azure } : {}) });
      // For an export, judging also marks the subnets with the tiers the audit inferred: the diagram's rows.
      const findings = judge(loaded);
      // A spec also says what its plan knows: the Azure async link's queues, the public IP, the mode.
      const plan = loaded.plan;
      const context = { ...loaded.context, ...(plan ? planDiagramContext(plan) : {}) };
      const svg = renderDiagram(loaded.topology, { findings, context, ...(plan ? { title: planTitle(plan) } : {}) });
      const text = `${markupHeader(`${GENERATED_MARK} ${VERSION} from ${loaded.label}.`)}\n${svg}`;
      if (opts.out === undefined) out(text);
      else writeGeneratedFile(opts.out, text, { force: opts.force ?? false });
    });
}
