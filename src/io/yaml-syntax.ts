// YAML syntax errors as one rule with the place: `is not valid YAML: <what> (line 4, column 9)`.
import type { LineCounter, YAMLError } from "yaml";

/** yaml's own message without the code excerpt that prettyErrors appends, with line and column. */
export function yamlSyntaxRule(error: YAMLError, lines: LineCounter): string {
  const what = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  const { line, col } = lines.linePos(error.pos[0]);
  return `is not valid YAML: ${what} (line ${line}, column ${col})`;
}
