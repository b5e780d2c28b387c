import type { Command } from "commander";
import { out } from "../io.js";
import { loadNetwork, withNetworkSource, type NetworkSourceFlags } from "../network-source.js";
import type { DiagramLayout } from "../../render/view.js";
import { layoutOption } from "./synth.js";

interface DiagramOptions extends NetworkSourceFlags {
  out?: string;
  force?: boolean;
  layout: DiagramLayout;
}

export function registerDiagram(cli: Command): void {
  withNetworkSource(cli.command("diagram"))
    .description("draw the network as SVG: a spec, a folder of .tf files, terraform show -json output, or an AWS/Azure export")
    .option("-o, --out <file>", "the SVG file to write (default: print it)")
    .option("--force", "overwrite the file even if dpnet did not generate it")
    .addOption(layoutOption())
    .action(async (source: string | undefined, opts: DiagramOptions) => {
      const { writeGeneratedFile } = await import("../../io/output-dir.js");
      const { judge } = await import("../../analyze/audit/index.js");
      const { renderDiagram } = await import("../../render/diagram.js");
      const { markupHeader, planDiagramContext, planTitle } = await import("../../render/files.js");
      const { GENERATED_MARK } = await import("../../terraform/hcl.js");
      const { VERSION } = await import("../../version.js");
      const loaded = await loadNetwork(source, opts);
      // For an export, judging also marks the subnets with the tiers the audit inferred: the diagram's rows.
      const findings = judge(loaded);
      // A spec also says what its plan knows: the Azure async link's queues, the public IP, the mode.
      const plan = loaded.plan;
      const { standInLabels } = await import("../../report/stand-ins.js");
      const context = { ...loaded.context, ...(plan ? planDiagramContext(plan) : {}), standIns: standInLabels(loaded.topology, loaded.notes) };
      const svg = renderDiagram(loaded.topology, { findings, context, layout: opts.layout, ...(plan ? { title: planTitle(plan) } : {}) });
      const text = `${markupHeader(`${GENERATED_MARK} ${VERSION} from ${loaded.label}.`)}\n${svg}`;
      if (opts.out === undefined) out(text);
      else writeGeneratedFile(opts.out, text, { force: opts.force ?? false });
    });
}
