import type { Command } from "commander";
import { out } from "../io.js";

export function registerSchema(cli: Command): void {
  cli
    .command("schema")
    .description("print the spec's JSON Schema (for `# yaml-language-server: $schema=` completion)")
    .action(async () => {
      const { specJsonSchema } = await import("../../spec/index.js");
      out(JSON.stringify(specJsonSchema(), null, 2));
    });
}
