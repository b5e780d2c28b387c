// The real terraform for tests that run it: `terraform init` from the local provider mirror (no
// network), then validate. Absent terraform or the aws provider mirror, `realTerraform()` is
// undefined and the caller skips, saying why.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MIRRORS = [process.env.DPNET_TF_PLUGIN_DIR, "/opt/tf-plugins"];

export interface RealTerraform {
  /** The filesystem mirror's root (`-plugin-dir`). */
  pluginDir: string;
  /** The aws provider version the mirror holds. */
  awsVersion: string;
}

/** terraform on PATH and a mirror holding hashicorp/aws, or why not. */
export function realTerraform(): RealTerraform | string {
  const version = spawnSync("terraform", ["version"], { encoding: "utf8" });
  if (version.status !== 0) return "terraform is not on PATH";
  for (const dir of MIRRORS) {
    const aws = dir && join(dir, "registry.terraform.io", "hashicorp", "aws");
    if (!aws || !existsSync(aws)) continue;
    const [awsVersion] = readdirSync(aws).sort();
    if (awsVersion) return { pluginDir: dir, awsVersion };
  }
  return "no hashicorp/aws provider mirror (set DPNET_TF_PLUGIN_DIR)";
}

/**
 * Pins hashicorp/aws to the mirror's version in each module folder with an `_override.tf` file
 * (Terraform merges it over the module's own required_providers), so the emitted constraint need
 * not admit the older provider the mirror carries.
 */
export function pinMirrorVersion(tf: RealTerraform, dirs: string[]): void {
  const pin = `terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "${tf.awsVersion}"\n    }\n  }\n}\n`;
  for (const dir of dirs) writeFileSync(join(dir, "dpnet_test_override.tf"), pin);
}

const ENV = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };

/** Runs terraform in `dir` (asynchronously, so folders are checked side by side); rejects with its output when it fails. */
export function terraform(dir: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [`-chdir=${dir}`, ...args, "-no-color"], { env: ENV, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`terraform ${args.join(" ")} in ${dir} exited ${code}:\n${output}`))));
  });
}

/** `terraform init` from the mirror, then `terraform validate`; returns validate's output. */
export async function initAndValidate(tf: RealTerraform, dir: string): Promise<string> {
  await terraform(dir, "init", "-backend=false", "-input=false", `-plugin-dir=${tf.pluginDir}`);
  return terraform(dir, "validate");
}
