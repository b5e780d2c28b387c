// The network a command reads (verify, reach, diagram): a positional spec, .tf folder or
// `terraform show -json` file, or an export folder given with --aws / --azure; exactly one.
import type { Command } from "commander";
import type { LoadedSource } from "../import/source.js";

export interface NetworkSourceFlags {
  aws?: string;
  azure?: string;
  asOf?: string;
}

export const SOURCE_ARGUMENT = "spec (.yaml), Terraform module folder, or plan/state JSON (terraform show -json)";

export function withNetworkSource(command: Command): Command {
  return command
    .argument("[source]", SOURCE_ARGUMENT)
    .option("--aws <dir>", "a folder of AWS describe-* JSON instead of a source")
    .option("--azure <dir>", "a folder of Azure resource JSON instead of a source")
    .option("--as-of <date>", "the day (YYYY-MM-DD) the cloud's platform defaults are taken as of, e.g. Azure's default routes (default: today)");
}

export async function loadNetwork(source: string | undefined, flags: NetworkSourceFlags): Promise<LoadedSource> {
  const { inputError } = await import("../spec/errors.js");
  const exported = flags.aws !== undefined || flags.azure !== undefined;
  if (source === undefined && !exported)
    throw inputError("source", undefined, "is missing: give a spec, a module folder, a plan JSON, or --aws/--azure with an export folder");
  if (source !== undefined && exported) throw inputError("source", source, "cannot be combined with --aws or --azure: give one network");
  if (flags.asOf !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(flags.asOf) && !Number.isNaN(Date.parse(flags.asOf)))) {
    throw inputError("--as-of", flags.asOf, "is not a date: give YYYY-MM-DD");
  }
  const { loadSource } = await import("../import/source.js");
  const loaded = await loadSource(source ?? "", {
    ...(flags.aws !== undefined ? { aws: flags.aws } : {}),
    ...(flags.azure !== undefined ? { azure: flags.azure } : {}),
  });
  if (flags.asOf !== undefined) loaded.topology.asOf = flags.asOf;
  return loaded;
}
