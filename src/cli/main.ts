// dpnet command line: parses arguments and calls the library; each command is in commands/.
// Exit codes: 0 fine, 1 error-level findings, 2 bad input or usage.
import { Command, CommanderError } from "commander";
import { InputError } from "../spec/errors.js";
import { TopologyError } from "../topology/lookup.js";
import { VERSION } from "../version.js";
import { EXIT, Exit } from "./io.js";
import { registerInit } from "./commands/init.js";
import { registerPlan } from "./commands/plan.js";
import { registerSynth } from "./commands/synth.js";
import { registerSchema } from "./commands/schema.js";
import { registerDiagram } from "./commands/diagram.js";
import { registerVerify } from "./commands/verify.js";
import { registerReach } from "./commands/reach.js";
import { registerAudit } from "./commands/audit.js";
import { registerExposure } from "./commands/exposure.js";

export { EXIT };

function program(): Command {
  const cli = new Command("dpnet")
    .description("Plan, emit, verify and audit the network of a Kubernetes data plane managed by a remote control plane.")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerInit(cli);
  registerPlan(cli);
  registerSynth(cli);
  registerSchema(cli);
  registerDiagram(cli);
  registerVerify(cli);
  registerReach(cli);
  registerAudit(cli);
  registerExposure(cli);
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
    // A network whose addresses or references do not hold together is bad input too.
    if (e instanceof InputError || e instanceof TopologyError) {
      process.stderr.write(`${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
