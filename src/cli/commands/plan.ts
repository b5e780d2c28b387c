import type { Command } from "commander";
import { EXIT, Exit, out } from "../io.js";

export function registerPlan(cli: Command): void {
  cli
    .command("plan")
    .description("print the address plan and the design checks; writes nothing")
    .argument("<spec>", "spec file (YAML or JSON)")
    .option("--json", "print JSON")
    .action(async (specPath: string, opts: { json?: boolean }) => {
      const { loadSpecFile } = await import("../../io/spec-file.js");
      const { planSpec } = await import("../../plan/index.js");
      const { formatPlan } = await import("../plan-text.js");
      const { spec } = loadSpecFile(specPath);
      const plan = planSpec(spec);
      if (opts.json) out(JSON.stringify({ ...plan.summary, checks: plan.checks, findings: plan.findings }, null, 2));
      else out(formatPlan(plan.summary, plan.findings, plan.checks));
      if (plan.checks.some((c) => !c.ok) || plan.findings.some((f) => f.severity === "error")) throw new Exit(EXIT.findings);
    });
}
