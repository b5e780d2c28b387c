// dpnet command line: parses arguments and calls the library; each command is in commands/.
// Exit codes: 0 fine, 1 error-level findings, 2 bad input or usage.
import { Command, CommanderError } from "commander";
import { InputError } from "../spec/errors.js";
import { VERSION } from "../version.js";
import { EXIT, Exit } from "./io.js";
import { registerInit } from "./commands/init.js";
import { registerPlan } from "./commands/plan.js";
import { registerSynth } from "./commands/synth.js";
import { registerSchema } from "./commands/schema.js";

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
