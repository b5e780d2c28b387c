import { Option, type Command } from "commander";
import { out } from "../io.js";

export function registerInit(cli: Command): void {
  cli
    .command("init")
    .description("print a commented starter spec")
    .addOption(new Option("--cloud <cloud>", "target cloud").choices(["aws", "azure"]).default("aws"))
    .action(async (opts: { cloud: string }) => {
      const { starterSpec } = await import("../starter.js");
      out(starterSpec(opts.cloud)!);
    });
}
