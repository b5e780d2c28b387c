import type { Command } from "commander";
import { EXIT, Exit, out } from "../io.js";

export function registerSynth(cli: Command): void {
  cli
    .command("synth")
    .description("write the Terraform module (and Kubernetes manifests) for a spec")
    .argument("<spec>", "spec file (YAML or JSON)")
    .requiredOption("-o, --out <dir>", "output folder")
    .option("--force", "overwrite files in the output folder that dpnet did not generate")
    .option("--json", "print what was written as JSON")
    .action(async (specPath: string, opts: { out: string; force?: boolean; json?: boolean }) => {
      const { loadSpecFile } = await import("../../io/spec-file.js");
      const { planSpec, renderPlan } = await import("../../plan/index.js");
      const { writeOutputDir } = await import("../../io/output-dir.js");
      const { formatPlan } = await import("../plan-text.js");
      const { spec, source } = loadSpecFile(specPath);
      const plan = planSpec(spec);
      if (plan.checks.some((c) => !c.ok) || plan.findings.some((f) => f.severity === "error")) {
        out(formatPlan(plan.summary, plan.findings, plan.checks));
        throw new Exit(EXIT.findings);
      }
      const result = writeOutputDir(opts.out, renderPlan(plan, source), { force: opts.force ?? false });
      if (opts.json) {
        out(JSON.stringify({ ...result, summary: plan.summary, findings: plan.findings }, null, 2));
        return;
      }
      out(formatPlan(plan.summary, plan.findings, plan.checks));
      out(`\nWrote ${result.written.length} files to ${opts.out}/: ${result.written.join(", ")}`);
      if (result.removed.length) out(`Removed files an earlier run generated: ${result.removed.join(", ")}`);
      out(`Next: terraform -chdir=${opts.out} init && terraform -chdir=${opts.out} apply`);
    });
}
