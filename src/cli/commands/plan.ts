import type { Command } from "commander";
import { EXIT, Exit, out } from "../io.js";

export function registerPlan(cli: Command): void {
  cli
    .command("plan")
    .description("print the address plan and the findings of the checks on it; writes nothing")
    .argument("<spec>", "spec file (YAML or JSON)")
    .option("--json", "print JSON")
    .action(async (specPath: string, opts: { json?: boolean }) => {
      const { loadSpecFile } = await import("../../io/spec-file.js");
      const { planSpec } = await import("../../plan/index.js");
      const { formatPlan } = await import("../plan-text.js");
      const { checkPlan } = await import("../../analyze/checks/plan.js");
      const { hasErrors } = await import("../../findings.js");
      const { spec } = loadSpecFile(specPath);
      const plan = planSpec(spec);
      const { findings } = checkPlan(plan);
      if (opts.json) out(JSON.stringify({ ...plan.summary, findings }, null, 2));
      else out(formatPlan(plan.summary, findings));
      if (hasErrors(findings)) throw new Exit(EXIT.findings);
    });
}
