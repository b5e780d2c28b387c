// dpnet command line: parses arguments and calls the library. Exit codes: 0 fine,
// 1 error-level findings, 2 bad input or usage.
import { Command, CommanderError, Option } from "commander";
import { InputError } from "../spec/errors.js";
import { VERSION } from "../version.js";

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Thrown by commands to end with a given exit code after printing. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function out(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

function program(): Command {
  const cli = new Command("dpnet")
    .description("Plan, emit, verify and audit the network of a Kubernetes data plane managed by a remote control plane.")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();

  cli
    .command("init")
    .description("print a commented starter spec")
    .addOption(new Option("--cloud <cloud>", "target cloud").choices(["aws", "azure"]).default("aws"))
    .action(async (opts: { cloud: string }) => {
      const { starterSpec } = await import("./starter.js");
      out(starterSpec(opts.cloud)!);
    });

  cli
    .command("plan")
    .description("print the address plan and the design checks; writes nothing")
    .argument("<spec>", "spec file (YAML or JSON)")
    .option("--json", "print JSON")
    .action(async (specPath: string, opts: { json?: boolean }) => {
      const { loadSpecFile } = await import("../io/spec-file.js");
      const { planSpec } = await import("../plan/index.js");
      const { formatPlan } = await import("./plan-text.js");
      const { spec } = loadSpecFile(specPath);
      const plan = planSpec(spec);
      if (opts.json) out(JSON.stringify({ ...plan.summary, checks: plan.checks, findings: plan.findings }, null, 2));
      else out(formatPlan(plan.summary, plan.findings, plan.checks));
      if (plan.checks.some((c) => !c.ok) || plan.findings.some((f) => f.severity === "error")) throw new Exit(EXIT.findings);
    });

  cli
    .command("synth")
    .description("write the Terraform module (and Kubernetes manifests) for a spec")
    .argument("<spec>", "spec file (YAML or JSON)")
    .requiredOption("-o, --out <dir>", "output folder")
    .option("--force", "overwrite files in the output folder that dpnet did not generate")
    .option("--json", "print what was written as JSON")
    .action(async (specPath: string, opts: { out: string; force?: boolean; json?: boolean }) => {
      const { loadSpecFile } = await import("../io/spec-file.js");
      const { planSpec, renderPlan } = await import("../plan/index.js");
      const { writeOutputDir } = await import("../io/output-dir.js");
      const { formatPlan } = await import("./plan-text.js");
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

  cli
    .command("schema")
    .description("print the spec's JSON Schema (for `# yaml-language-server: $schema=` completion)")
    .action(async () => {
      const { specJsonSchema } = await import("../spec/index.js");
      out(JSON.stringify(specJsonSchema(), null, 2));
    });

  return cli;
}

/** Runs the CLI and returns the exit code (never calls process.exit itself, for tests). */
export async function run(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof InputError) {
      process.stderr.write(`${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
