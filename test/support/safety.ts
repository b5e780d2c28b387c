// What the safety tests share: reading Terraform's JSON syntax back as literal text, and asking the
// real terraform what strings an HCL file holds.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quote } from "../../src/terraform/hcl.js";

/** A string of Terraform's JSON syntax (a template) as the literal it stands for: `$${` is `${`, `%%{` is `%{`. */
export function fromJsonTemplate(text: string): string {
  return text.replace(/([$%])\1\{/g, "$1{");
}

let notified = false;

/**
 * The strings as terraform itself reads them back from HCL literals dpnet writes (as values and as
 * object keys), through `terraform apply` of a module of outputs only; undefined when terraform is absent.
 */
export function terraformReadBack(strings: readonly string[]): string[] | undefined {
  const probe = spawnSync("terraform", ["version"], { encoding: "utf8" });
  if (probe.status !== 0) {
    if (!notified) console.log("# terraform not found: the terraform read-back is skipped");
    notified = true;
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), "dpnet-tf-literal-"));
  const keys = strings.map((s, i) => `    ${quote(s)} = ${i}`).join("\n");
  const values = strings.map((s) => `    ${quote(s)},`).join("\n");
  writeFileSync(
    join(dir, "main.tf"),
    `locals {\n  keys = {\n${keys}\n  }\n}\n\noutput "values" {\n  value = [\n${values}\n  ]\n}\n\noutput "keys" {\n  value = local.keys\n}\n`,
  );
  const env = { ...process.env, TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
  const apply = spawnSync("terraform", ["apply", "-auto-approve", "-input=false", "-no-color"], { cwd: dir, encoding: "utf8", env });
  if (apply.status !== 0) throw new Error(`terraform apply failed: ${apply.stderr}`);
  const out = spawnSync("terraform", ["output", "-json"], { cwd: dir, encoding: "utf8", env });
  const parsed = JSON.parse(out.stdout) as { values: { value: string[] }; keys: { value: Record<string, number> } };
  const byIndex = Object.entries(parsed.keys.value)
    .sort(([, a], [, b]) => a - b)
    .map(([k]) => k);
  if (JSON.stringify(byIndex) !== JSON.stringify(parsed.values.value))
    throw new Error(`terraform read keys and values differently: ${JSON.stringify(byIndex)} vs ${JSON.stringify(parsed.values.value)}`);
  return parsed.values.value;
}

/** Every file under `dir` (relative path -> text), folders walked. */
export function snapshot(dir: string, base = ""): Record<string, string> {
  return Object.fromEntries(
    readdirSync(join(dir, base), { withFileTypes: true }).flatMap((e) => {
      const rel = base ? `${base}/${e.name}` : e.name;
      return e.isDirectory() ? Object.entries(snapshot(dir, rel)) : [[rel, readFileSync(join(dir, rel), "utf8")]];
    }),
  );
}
