// The real terraform in the loop: `fmt -check`, `validate`, an offline `plan` and `show -json` of
// emitted modules, with terraform on PATH and the hashicorp/aws provider from a filesystem mirror.
//
// Speed: the AWS provider takes seconds of CPU to start (it builds its schema each time), so every
// module goes into ONE root configuration as a child module: one init, one validate and one plan
// side by side, one show, and one provider configuration (the children's `provider "aws"` blocks
// are taken out: a child inherits the root's). The root's provider block is made offline by an
// override file, zz_test_override.tf. The plan JSON is then cut per child into the shape
// `terraform show -json` gives for that module planned alone (childPlan).
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { writeModule } from "../../src/terraform/hcl.js";
import type { TfModule } from "../../src/terraform/ir.js";
import { ec2Answer } from "./ec2-stub.js";

export const AWS_PROVIDER = "registry.terraform.io/hashicorp/aws";

/** terraform on PATH and a mirror holding the aws provider, or why the real-terraform tests skip. */
export interface RealTerraform {
  bin: string;
  mirror: string;
  version: string;
}

// Terraform's own implied local mirror folders, and where this project's machines keep one.
const MIRROR_CANDIDATES = [
  process.env.DPNET_TF_PLUGIN_DIR,
  "/opt/tf-plugins",
  join(homedir(), ".terraform.d/plugins"),
  join(homedir(), ".local/share/terraform/plugins"),
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
];

function hasAwsProvider(dir: string): boolean {
  const root = join(dir, AWS_PROVIDER);
  if (!existsSync(root)) return false;
  return readdirSync(root).some(
    (version) =>
      existsSync(join(root, version, "linux_amd64")) && readdirSync(join(root, version, "linux_amd64")).some((f) => f.startsWith("terraform-provider-aws")),
  );
}

export function findRealTerraform(): RealTerraform | string {
  let version: string;
  try {
    const out = execFileSync("terraform", ["version", "-json"], { encoding: "utf8", env: terraformEnv(tmpdir()), stdio: ["ignore", "pipe", "ignore"] });
    version = (JSON.parse(out) as { terraform_version: string }).terraform_version;
  } catch {
    return "terraform is not on PATH";
  }
  const mirror = MIRROR_CANDIDATES.find((d): d is string => d !== undefined && hasAwsProvider(d));
  if (!mirror) return `no filesystem mirror with ${AWS_PROVIDER} (set DPNET_TF_PLUGIN_DIR to one)`;
  return { bin: "terraform", mirror, version };
}

/** No CLI configuration, no update check, no prompts: terraform touches nothing outside `dir`. */
function terraformEnv(dir: string): NodeJS.ProcessEnv {
  const cli = join(dir, "terraformrc");
  if (!existsSync(cli)) writeFileSync(cli, "");
  return { PATH: process.env.PATH, HOME: dir, TF_CLI_CONFIG_FILE: cli, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
}

/** The one API call the modules make at plan time: STS GetCallerIdentity (data.aws_caller_identity). */
export const FAKE_ACCOUNT = "123456789012";
const CALLER_IDENTITY = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${FAKE_ACCOUNT}:user/dpnet-test</Arn><UserId>AIDADPNETTEST</UserId><Account>${FAKE_ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

/** STS and EC2 on one stub: STS answers GetCallerIdentity; EC2 the reads of aws.vpc.existing's example (ec2-stub.ts). */
export async function startStsStub(): Promise<{ server: Server; port: number; actions: string[]; ec2Actions: string[] }> {
  const actions: string[] = [];
  const ec2Actions: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const params = new URLSearchParams(body);
      const action = params.get("Action") ?? "";
      const ec2 = params.get("Version") === "2016-11-15" ? ec2Answer(params) : undefined;
      if (ec2 !== undefined) {
        ec2Actions.push(action);
        res.writeHead(200, { "content-type": "text/xml" });
        res.end(ec2);
        return;
      }
      actions.push(action);
      if (action === "GetCallerIdentity") {
        res.writeHead(200, { "content-type": "text/xml" });
        res.end(CALLER_IDENTITY);
      } else {
        res.writeHead(400, { "content-type": "text/xml" });
        res.end(
          `<ErrorResponse><Error><Code>InvalidAction</Code><Message>stub answers GetCallerIdentity only, not ${action}</Message></Error></ErrorResponse>`,
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : 0, actions, ec2Actions };
}

/** The offline settings of the aws provider: fake static keys, no account lookup, STS on the stub. */
function offlineProvider(stsPort: number): string {
  return [
    'provider "aws" {',
    '  access_key                  = "AKIAIOSFODNN7EXAMPLE"',
    '  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
    "  skip_credentials_validation = true",
    "  skip_requesting_account_id  = true",
    "  skip_metadata_api_check     = true",
    "  skip_region_validation      = true",
    "",
    "  endpoints {",
    `    sts = "http://127.0.0.1:${stsPort}"`,
    `    ec2 = "http://127.0.0.1:${stsPort}"`,
    "  }",
    "}",
    "",
  ].join("\n");
}

export interface HarnessModule {
  /** Child module name in the root: a Terraform identifier. */
  name: string;
  /** Every file synth writes for it, by path inside its folder (fmt-checked as written). */
  files: Map<string, string>;
  /** A folder under the module's own to plan instead (an Azure spec's aws-async-link). */
  planDir?: string;
  /** The module, to plan without its `provider "aws"` block (the root's configuration serves it). */
  module?: TfModule;
  /** Values of variables that have no default, as HCL expressions. */
  inputs?: Record<string, string>;
}

export interface HarnessResult {
  root: string;
  /** Folder of each module as synth wrote it. */
  dirs: Map<string, string>;
  /** Files `terraform fmt -check -recursive` lists (relative to the root). */
  unformatted: string[];
  /** `terraform validate -json` of the root (it validates every child). */
  validate: { valid: boolean; diagnostics: { severity: string; summary: string; detail?: string; range?: { filename: string } }[] };
  /** `terraform show -json` of the root's plan. */
  plan: Record<string, unknown>;
  /** Wall-clock seconds of each step. */
  seconds: Record<string, number>;
  stsActions: string[];
  /** EC2 calls of the data sources that read an existing VPC (answered by ec2-stub.ts). */
  ec2Actions: string[];
}

function run(tf: RealTerraform, dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tf.bin, args, { cwd: dir, env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function must(tf: RealTerraform, dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  const r = await run(tf, dir, env, args);
  if (r.code !== 0) throw new Error(`terraform ${args.join(" ")} failed (${r.code}):\n${r.stderr}${r.stdout}`.slice(0, 8000));
  return r.stdout;
}

function writeFiles(dir: string, files: Map<string, string>): void {
  for (const [path, text] of files) {
    const full = join(dir, path);
    mkdirSync(join(full, ".."), { recursive: true });
    writeFileSync(full, text);
  }
}

/** Writes every module under one root, then fmt-checks, validates, plans and shows it. */
export async function runHarness(tf: RealTerraform, modules: HarnessModule[]): Promise<HarnessResult> {
  const root = mkdtempSync(join(tmpdir(), "dpnet-terraform-"));
  const env = terraformEnv(root);
  const seconds: Record<string, number> = {};
  const timed = async <T>(step: string, f: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await f();
    } finally {
      seconds[step] = Math.round(performance.now() - start) / 1000;
    }
  };
  const dirs = new Map<string, string>();
  for (const m of modules) {
    const dir = join(root, m.name);
    writeFiles(dir, m.files);
    dirs.set(m.name, dir);
  }
  const fmt = await timed("fmt", () => run(tf, root, env, ["fmt", "-check", "-recursive", "-list=true", "."]));
  const unformatted = fmt.stdout.split("\n").filter(Boolean);

  const sts = await startStsStub();
  try {
    const calls: string[] = [];
    for (const m of modules) {
      const dir = join(root, m.name, m.planDir ?? "");
      if (m.module) {
        const versions = writeModule(withoutProviders(m.module), "# dpnet test: versions.tf without its provider block").get("versions.tf");
        if (versions !== undefined) writeFileSync(join(dir, "versions.tf"), versions);
      }
      const inputs = Object.entries(m.inputs ?? {}).map(([k, v]) => `  ${k} = ${v}`);
      calls.push([`module "${m.name}" {`, `  source = "./${[m.name, m.planDir].filter(Boolean).join("/")}"`, ...inputs, "}", ""].join("\n"));
    }
    writeFileSync(
      join(root, "main.tf"),
      [
        'terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\n',
        'provider "aws" {\n  region = "eu-west-1"\n\n  default_tags {\n    tags = {\n      dpnet-test = "true"\n    }\n  }\n}\n',
        ...calls,
      ].join("\n"),
    );
    writeFileSync(join(root, "zz_test_override.tf"), offlineProvider(sts.port));
    await timed("init", () => must(tf, root, env, ["init", "-backend=false", "-input=false", "-no-color", `-plugin-dir=${tf.mirror}`]));
    // validate and plan read the same configuration and write nothing the other reads: side by side.
    const [validateOut] = await Promise.all([
      timed("validate", () => run(tf, root, env, ["validate", "-json", "-no-color"])),
      timed("plan", () => must(tf, root, env, ["plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=plan.tfplan"])),
    ]);
    const shown = await timed("show", () => must(tf, root, env, ["show", "-json", "plan.tfplan"]));
    return {
      root,
      dirs,
      unformatted,
      validate: JSON.parse(validateOut.stdout) as HarnessResult["validate"],
      plan: JSON.parse(shown) as Record<string, unknown>,
      seconds,
      stsActions: sts.actions,
      ec2Actions: sts.ec2Actions,
    };
  } finally {
    sts.server.close();
  }
}

function withoutProviders(module: TfModule): TfModule {
  const copy = Object.create(Object.getPrototypeOf(module) as object) as TfModule;
  Object.assign(copy, module);
  (copy as { blocks: TfModule["blocks"] }).blocks = module.blocks.filter((b) => b.kind !== "provider");
  return copy;
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/**
 * The plan JSON of one child module as `terraform show -json` writes it for that module planned
 * alone: its values, changes and configuration at the root, addresses without `module.<name>.`.
 */
export function childPlan(plan: Obj, name: string): Obj {
  const prefix = `module.${name}.`;
  const strip = (r: Obj): Obj => {
    const out: Obj = { ...r, address: String(r.address).slice(prefix.length) };
    delete out.module_address;
    return out;
  };
  const child = (tree: unknown): Obj => {
    const found = asList(asObj(tree).child_modules).find((c) => c.address === `module.${name}`);
    return { resources: asList(found?.resources).map(strip) };
  };
  const priorValues = asObj(asObj(plan.prior_state).values);
  const call = asObj(asObj(asObj(asObj(plan.configuration).root_module).module_calls)[name]);
  return {
    format_version: plan.format_version,
    terraform_version: plan.terraform_version,
    planned_values: { root_module: child(asObj(plan.planned_values).root_module) },
    resource_changes: asList(plan.resource_changes)
      .filter((c) => c.module_address === `module.${name}`)
      .map(strip),
    ...(plan.prior_state ? { prior_state: { ...asObj(plan.prior_state), values: { root_module: child(priorValues.root_module) } } } : {}),
    configuration: { provider_config: providersOf(asObj(asObj(plan.configuration).provider_config)), root_module: asObj(call.module) },
  };
}

/** The provider configurations the child inherits from the root. */
function providersOf(configs: Obj): Obj {
  return Object.fromEntries(Object.entries(configs).filter(([, c]) => asObj(c).module_address === undefined));
}

/** Every "" in the document as null: what the plugin framework would have written for an SDKv2 provider's unset string. */
export function emptyStringsAsNull(v: unknown): unknown {
  if (v === "") return null;
  if (Array.isArray(v)) return v.map(emptyStringsAsNull);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, emptyStringsAsNull(x)]));
  return v;
}
