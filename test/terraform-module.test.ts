// Issue 15.1: the AWS data plane is a reusable child module (no provider blocks) under a thin
// root. Typhoon's own snippets validate against `module "tempest"`, and a platform team's root
// calls the child for_each over two accounts' providers; both with the real terraform.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSpecFile } from "../src/io/spec-file.js";
import { writeOutputDir } from "../src/io/output-dir.js";
import { planSpec, renderPlan } from "../src/plan/index.js";
import { CHILD_MODULE_DIR } from "../src/terraform/root.js";
import { AWS_ENDPOINT_SERVICES } from "../src/spec/aws.js";
import { validFiles } from "./support/terraform.js";
import { initAndValidate, pinMirrorVersion, realTerraform } from "./support/terraform-cli.js";

const EXAMPLE = new URL("../../examples/aws-internet.yaml", import.meta.url).pathname;
const SNIPPETS = new URL("../../test/fixtures/typhoon/snippets.tf", import.meta.url).pathname;
const tf = realTerraform();

/**
 * The aws-internet example as synth writes it, in a fresh folder, with issue 15's options on too
 * (every AWS service endpoint, the ingress NLB's Elastic IPs, a hub's supernet route), so one
 * terraform validate covers them; returns the folder.
 */
function synthExample(): string {
  const { spec, source } = loadSpecFile(EXAMPLE);
  if (spec.cloud !== "aws") throw new Error("the example is an AWS spec");
  const routes = [...spec.aws.routes, { destination: "10.0.0.0/8", target: { transitGatewayId: "tgw-0123456789abcdef0" } }];
  const full = { ...spec, aws: { ...spec.aws, endpoints: [...AWS_ENDPOINT_SERVICES], ingressElasticIps: true, routes } };
  const dir = join(mkdtempSync(join(tmpdir(), "dpnet-module-")), "out");
  writeOutputDir(dir, renderPlan(planSpec(full), source), { force: false });
  return dir;
}

/** `text` with `from` replaced, asserting it occurs exactly once (so a fill never misses or spreads). */
function fillOnce(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `${JSON.stringify(from)} occurs once in the snippets`);
  return text.replace(from, () => to);
}

if (typeof tf === "string") console.log(`# terraform-module: ${tf}; the real-terraform tests are skipped`);

test("synth writes a thin root (providers.tf, main.tf) and the child module without provider blocks", async () => {
  const { spec } = loadSpecFile(EXAMPLE);
  const plan = planSpec(spec);
  const files = await validFiles(plan);
  assert.deepEqual(
    [...files.keys()].filter((f) => !f.startsWith(`${CHILD_MODULE_DIR}/`)),
    ["main.tf", "outputs.tf", "providers.tf", "variables.tf"],
  );
  assert.deepEqual(
    plan.module.blocks.filter((b) => b.kind === "provider"),
    [],
    "the child configures no provider",
  );
  assert.equal(plan.module.files().includes("versions.tf"), true, "the child still states the providers it requires");
  assert.match(files.get("providers.tf")!, /provider "aws" \{\n {2}region = "eu-west-1"\n\n {2}default_tags \{\n {4}tags = var\.tags\n/);
  const main = files.get("main.tf")!;
  assert.match(main, /module "data_plane" \{\n {2}source += "\.\/modules\/data-plane"\n/);
  // Every variable of the child can still be set on the root (-var, tfvars), and every output read there.
  for (const name of ["oidc_provider_arn", "control_plane_queue_arn", "flow_log_retention_days", "worker_target_groups"]) {
    assert.match(main, new RegExp(`\\n {2}${name} += var\\.${name}\\n`));
  }
  const rootOutputs = plan.root!.blocks.filter((b) => b.kind === "output").map((b) => b.labels[0]);
  assert.deepEqual(
    rootOutputs,
    plan.module.blocks.filter((b) => b.kind === "output").map((b) => b.labels[0]),
  );
  assert.match(files.get(`${CHILD_MODULE_DIR}/outputs.tf`)!, /output "subnet_ids" \{\n.*\n {2}value += \[for zone, it in aws_subnet\.node : it\.id\]\n/);
  assert.match(
    files.get(`${CHILD_MODULE_DIR}/outputs.tf`)!,
    /value += concat\(var\.worker_target_groups, \[aws_lb_target_group\.workers-http\.arn, aws_lb_target_group\.workers-https\.arn, aws_lb_target_group\.service-some-app\.arn\]\)/,
  );
  assert.match(files.get(`${CHILD_MODULE_DIR}/outputs.tf`)!, /value += \[for zone, it in aws_eip\.nat : it\.public_ip\]/);
});

// Terraform has no for_each over providers: each account is one call with its aliased provider,
// and each call is itself for_each (here over the account's data planes) and depends_on.
const TWO_ACCOUNTS = `
locals {
  data_planes = {
    "111111111111" = ["blue"]
    "222222222222" = ["green"]
  }
}

provider "aws" {
  alias  = "customer_a"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111111111111:role/dpnet-deployer"
  }
}

provider "aws" {
  alias  = "customer_b"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/dpnet-deployer"
  }
}

resource "terraform_data" "ready" {}

module "customer_a" {
  for_each   = toset(local.data_planes["111111111111"])
  source     = "../out/${CHILD_MODULE_DIR}"
  providers  = { aws = aws.customer_a }
  depends_on = [terraform_data.ready]
}

module "customer_b" {
  for_each   = toset(local.data_planes["222222222222"])
  source     = "../out/${CHILD_MODULE_DIR}"
  providers  = { aws = aws.customer_b }
  depends_on = [terraform_data.ready]

  flow_log_retention_days = 30
}

output "vpc_ids" {
  value = merge(
    { for k, m in module.customer_a : k => m.vpc_id },
    { for k, m in module.customer_b : k => m.vpc_id },
  )
}
`;

/** Typhoon's snippets as the seed writes them, with only its elisions filled and its typo corrected. */
function typhoonSnippets(): string {
  let snippets = readFileSync(SNIPPETS, "utf8");
  snippets = fillOnce(snippets, 'module "tempest" {\n...\n', `module "tempest" {\n  source = "../out/${CHILD_MODULE_DIR}"\n`);
  snippets = fillOnce(
    snippets,
    '  destination_cidr_block = "192.168.4.0/24"\n  ...\n',
    '  destination_cidr_block = "192.168.4.0/24"\n  vpc_peering_connection_id = "pcx-0123456789abcdef0"\n',
  );
  return fillOnce(snippets, "module.temptest.vpc_id", "module.tempest.vpc_id");
}

// One terraform validate per folder costs seconds (the provider's schema): the synth root, and one
// caller root holding both Typhoon's snippets and the two accounts' calls, checked side by side.
test("terraform validate: the root synth writes; Typhoon's snippets against module \"tempest\"; the child for_each over two accounts' providers", {
  skip: typeof tf === "string" ? `${tf}: skipped` : false,
}, async () => {
  const real = tf as Exclude<typeof tf, string>;
  const out = synthExample();
  const caller = join(out, "..", "platform");
  try {
    mkdirSync(caller);
    writeFileSync(join(caller, "typhoon.tf"), `provider "aws" {\n  region = "eu-west-1"\n}\n\n${typhoonSnippets()}`);
    writeFileSync(join(caller, "accounts.tf"), TWO_ACCOUNTS);
    pinMirrorVersion(real, [out, caller, join(out, CHILD_MODULE_DIR)]);
    const [root, platform] = await Promise.all([initAndValidate(real, out), initAndValidate(real, caller)]);
    assert.match(root, /Success! The configuration is valid\./);
    assert.match(platform, /Success! The configuration is valid\./);
  } finally {
    rmSync(join(out, ".."), { recursive: true, force: true });
  }
});
