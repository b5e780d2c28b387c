import { basename } from "node:path";
import { type Command, Option } from "commander";
import { DIAGRAM_LAYOUTS, type DiagramLayout } from "../../render/view.js";
import { EXIT, Exit, out } from "../io.js";

/** network.svg's layout: zones side by side, or stacked for a page about 800 px wide. */
export function layoutOption(): Option {
  return new Option("--layout <layout>", "the diagram's layout: wide, or compact for a page about 800 px wide (a design document)")
    .choices(DIAGRAM_LAYOUTS)
    .default("wide");
}

export function registerSynth(cli: Command): void {
  cli
    .command("synth")
    .description("write the Terraform module (and Kubernetes manifests), network.svg and report.html for a spec")
    .argument("<spec>", "spec file (YAML or JSON)")
    .requiredOption("-o, --out <dir>", "output folder")
    .option("--force", "overwrite files in the output folder that dpnet did not generate")
    .option("--json", "print what was written as JSON")
    .addOption(layoutOption())
    .action(async (specPath: string, opts: { out: string; force?: boolean; json?: boolean; layout: DiagramLayout }) => {
      const { loadSpecFile } = await import("../../io/spec-file.js");
      const { planSpec } = await import("../../plan/index.js");
      const { synthFiles } = await import("../../synth.js");
      const { writeOutputDir } = await import("../../io/output-dir.js");
      const { shellCommand } = await import("../../io/shell.js");
      const { formatPlan } = await import("../plan-text.js");
      const { checkPlan } = await import("../../analyze/checks/plan.js");
      const { hasErrors } = await import("../../findings.js");
      const { spec, source } = loadSpecFile(specPath);
      const plan = planSpec(spec);
      const checked = checkPlan(plan);
      const { findings } = checked;
      // Nothing is written when the checks find errors in what would be written.
      if (hasErrors(findings)) {
        out(formatPlan(plan.summary, findings));
        throw new Exit(EXIT.findings);
      }
      const { files } = synthFiles(plan, source, checked, basename(specPath), opts.layout);
      const result = writeOutputDir(opts.out, files, { force: opts.force ?? false });
      if (opts.json) {
        out(JSON.stringify({ ...result, summary: plan.summary, findings }, null, 2));
        return;
      }
      out(formatPlan(plan.summary, findings));
      out(`\nWrote ${result.written.length} files to ${opts.out.replace(/\/+$/, "")}/: ${result.written.join(", ")}`);
      if (result.removed.length) out(`Removed files an earlier run generated: ${result.removed.join(", ")}`);
      const chdir = `-chdir=${opts.out}`;
      out(`Next: ${shellCommand(["terraform", chdir, "init"])} && ${shellCommand(["terraform", chdir, "apply"])}`);
    });
}
