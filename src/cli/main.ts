// dpnet command line: parses arguments and calls the library; each command is in commands/.
// Exit codes: 0 fine, 1 error-level findings, 2 bad input, usage or environment, 3 a bug in dpnet.
// Every failure is an answer on one line; a stack trace only with DPNET_DEBUG=1.
import { Command, CommanderError } from "commander";
import { InputError } from "../spec/errors.js";
import { TopologyError } from "../topology/lookup.js";
import { VERSION } from "../version.js";
import { EXIT, Exit, err, terminalText } from "./io.js";
import { environmentProblem } from "../io/environment.js";
import { registerInit } from "./commands/init.js";
import { registerPlan } from "./commands/plan.js";
import { registerSynth } from "./commands/synth.js";
import { registerSchema } from "./commands/schema.js";
import { registerDiagram } from "./commands/diagram.js";
import { registerVerify } from "./commands/verify.js";
import { registerReach } from "./commands/reach.js";
import { registerAudit } from "./commands/audit.js";
import { registerExposure } from "./commands/exposure.js";
import { registerTest } from "./commands/test.js";
import { registerCapacity } from "./commands/capacity.js";

export { EXIT };

function program(): Command {
  const cli = new Command("dpnet")
    .description("Plan, emit, verify and audit the network of a Kubernetes data plane managed by a remote control plane.")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    // Commander echoes arguments in its errors: they reach the terminal escaped too.
    .configureOutput({ writeOut: (text) => process.stdout.write(terminalText(text)), writeErr: (text) => process.stderr.write(terminalText(text)) });
  registerInit(cli);
  registerPlan(cli);
  registerSynth(cli);
  registerSchema(cli);
  registerDiagram(cli);
  registerVerify(cli);
  registerReach(cli);
  registerAudit(cli);
  registerExposure(cli);
  registerTest(cli);
  registerCapacity(cli);
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
      err(e.message);
      return EXIT.usage;
    }
    const answer = failureAnswer(e, process.env["DPNET_DEBUG"] === "1");
    err(answer.text);
    return answer.code;
  }
}

/** What a failure that is not bad input says: an environment problem (exit 2) or a bug (exit 3, with the stack only when debugging). */
export function failureAnswer(e: unknown, debug: boolean): { code: number; text: string } {
  // The machine said no (disk full, read-only, not a folder, no permission): bad environment, not a bug.
  const problem = environmentProblem(e);
  if (problem !== undefined) return { code: EXIT.usage, text: problem };
  const message = e instanceof Error ? e.message : String(e);
  const text = `internal error: ${message}. This is a bug in dpnet: please report it with the command and its input${debug ? "" : " (DPNET_DEBUG=1 prints the stack trace)"}.`;
  return { code: EXIT.internal, text: debug && e instanceof Error && e.stack ? `${text}\n${e.stack}` : text };
}
