// loadSource: what kind of input an argument is, the data plane's context beside the topology
// (from the spec, or inferred and noted), and an InputError naming the file for bad input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contextFromSpec, inferContext } from "../src/topology/context.js";
import { loadSource } from "../src/import/source.js";
import { importTerraformConfig } from "../src/import/terraform/config.js";
import { planSpec } from "../src/plan/index.js";
import { loadSpecFile } from "../src/io/spec-file.js";
import { InputError } from "../src/spec/errors.js";
import { moduleJson } from "../src/terraform/json.js";

const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;
const FIXTURES = new URL("../../test/fixtures/", import.meta.url).pathname;
const tmp = () => mkdtempSync(join(tmpdir(), "dpnet-source-"));

async function inputError(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    return e.message;
  }
  assert.fail("expected an InputError");
}

test("each kind of input is recognised and labelled", async () => {
  const dir = tmp();
  const specJson = join(dir, "spec.json");
  writeFileSync(specJson, JSON.stringify({ name: "json-spec", cloud: "aws", aws: { region: "eu-west-1", vpc: { cidr: "10.1.0.0/16" } } }));
  const cases: [string, object, string, string][] = [
    [`${EXAMPLES}aws-internet.yaml`, {}, "spec", `${EXAMPLES}aws-internet.yaml (dpnet spec, as the Terraform module dpnet writes)`],
    [specJson, {}, "spec", `${specJson} (dpnet spec, as the Terraform module dpnet writes)`],
    [`${FIXTURES}terraform-hcl`, {}, "terraform-config", `${FIXTURES}terraform-hcl (Terraform configuration)`],
    [`${FIXTURES}terraform-hcl/main.tf`, {}, "terraform-config", `${FIXTURES}terraform-hcl/main.tf (Terraform configuration)`],
    [`${FIXTURES}terraform-show-plan.json`, {}, "terraform-show", `${FIXTURES}terraform-show-plan.json (terraform show -json of a plan)`],
    ["", { aws: `${FIXTURES}aws-compliant` }, "aws", `${FIXTURES}aws-compliant (AWS describe-* export)`],
    ["", { azure: `${FIXTURES}azure-compliant` }, "azure", `${FIXTURES}azure-compliant (Azure resource export)`],
  ];
  for (const [arg, options, kind, label] of cases) {
    const src = await loadSource(arg, options);
    assert.deepEqual([src.kind, src.label], [kind, label]);
    assert.ok(src.topology.subnets.length > 0, label);
  }
});

test("a spec's context: the control plane, the sync listener and kube-apiserver's allowed ranges, ids from its module", async () => {
  const aws = await loadSource(`${EXAMPLES}aws-internet.yaml`);
  assert.deepEqual(aws.context, {
    cloud: "aws",
    networkId: "aws_vpc.network",
    tiers: {
      public: ["a", "b", "c"].map((z) => `aws_subnet.public["eu-west-1${z}"]`),
      node: ["a", "b", "c"].map((z) => `aws_subnet.node["eu-west-1${z}"]`),
      pod: ["a", "b", "c"].map((z) => `aws_subnet.pod["eu-west-1${z}"]`),
    },
    inferred: [],
    podCidr: "100.64.0.0/16",
    nat: "perZone",
    flowLogs: true,
    podSnat: { external: false },
    controlPlane: { connectivity: "internet", cidrs: ["203.0.113.0/24"], awsAccountId: "111122223333", port: 443 },
    sync: { loadBalancerId: "aws_lb.ingress", listenerId: "aws_lb_listener.ingress-https" },
    apiserver: { allowedCidrs: ["10.20.0.0/16"], loadBalancerId: "aws_lb.apiserver", listenerId: "aws_lb_listener.apiserver" },
  });
  assert.equal(aws.plan?.spec.name, "acme-prod");
  const privatelink = await loadSource(`${EXAMPLES}aws-privatelink.yaml`);
  assert.deepEqual(privatelink.context.sync, {
    loadBalancerId: "aws_lb.ingress",
    listenerId: "aws_lb_listener.ingress-https",
    endpointServiceId: "aws_vpc_endpoint_service.sync",
  });
  const azure = await loadSource(`${EXAMPLES}azure-managed.yaml`);
  assert.deepEqual(
    [azure.context.controlPlane, azure.context.azure],
    [
      { connectivity: "internet", cidrs: ["203.0.113.0/24"], port: 443 },
      { mode: "managed", publicIpAddress: "198.51.100.1" },
    ],
  );
});

test("without a spec the same intent is inferred from dpnet's module, and each inference is noted", () => {
  const { spec } = loadSpecFile(`${EXAMPLES}aws-internet.yaml`);
  const t = importTerraformConfig(moduleJson(planSpec(spec).module)).topology;
  const given = contextFromSpec(spec, t);
  const guessed = inferContext(t);
  for (const key of ["cloud", "networkId", "tiers", "podCidr", "sync", "apiserver"] as const) assert.deepEqual(guessed[key], given[key], key);
  assert.deepEqual(guessed.controlPlane, { connectivity: "internet", cidrs: ["203.0.113.0/24"], awsAccountId: "111122223333", port: 443 });
  assert.deepEqual(guessed.podSnat, { external: false, assumed: true });
  assert.deepEqual(guessed.inferred, [
    "the pod CIDR is 100.64.0.0/16, the secondary block the pod subnets are in",
    "the VPC CNI translates pods' traffic leaving the VPC to their node's address (AWS_VPC_K8S_CNI_EXTERNALSNAT=false, its default)",
    "the sync link is taken to be aws_lb_listener.ingress-https (TCP 443, internet-facing), the control plane the sources it admits: 203.0.113.0/24",
    "kube-apiserver is behind aws_lb_listener.apiserver, allowed from what its security groups admit on 6443: 10.20.0.0/16",
  ]);
});

test("someone's network: tiers and the Azure mode inferred from routes, names and delegations", async () => {
  const plan = await loadSource(`${FIXTURES}terraform-show-plan.json`);
  assert.deepEqual(plan.context, {
    cloud: "aws",
    networkId: "aws_vpc.main",
    tiers: { public: ["aws_subnet.public"], node: ['module.private.aws_subnet.this["us-east-1a"]', 'module.private.aws_subnet.this["us-east-1b"]'] },
    inferred: [
      'subnet tiers from tags, names and routes: module.private.aws_subnet.this["us-east-1a"]: node, module.private.aws_subnet.this["us-east-1b"]: node',
      "no control plane: no endpoint service, and no internet-facing listener on 443 admitting specific addresses",
      "one NAT gateway (aws_nat_gateway.main) serves every zone: nat: single, its trade-off a note",
    ],
    nat: "single",
  });
  const azure = await loadSource("", { azure: `${FIXTURES}azure-compliant` });
  assert.deepEqual(
    [azure.context.azure, azure.context.controlPlane],
    [
      { mode: "customerManaged", firewallPrivateIp: "10.50.0.4" },
      { connectivity: "internet", cidrs: ["203.0.113.0/24"], port: 443 },
    ],
  );
});

test("bad input is an InputError naming the file and the problem", async () => {
  const dir = tmp();
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  assert.equal(await inputError(() => loadSource("")), "give a spec, a folder of .tf files or terraform show -json output, or --aws / --azure with an export");
  const missing = join(dir, "missing.json");
  assert.equal(await inputError(() => loadSource(missing)), `${missing} does not exist`);
  const truncated = write("truncated.json", readFileSync(`${FIXTURES}terraform-show-plan.json`, "utf8").slice(0, 200));
  assert.equal(await inputError(() => loadSource(truncated)), `${truncated} is not valid JSON: it ends before the document is complete (truncated?)`);
  const broken = write("broken.json", '{\n  "format_version": "1.2",\n  "values": { "a" 1 }\n}\n');
  assert.equal(await inputError(() => loadSource(broken)), `${broken} is not valid JSON: syntax error at line 3, column 19`);
  const other = write("other.json", '{ "hello": "world" }');
  assert.equal(
    await inputError(() => loadSource(other)),
    `${other} is neither a dpnet spec (no cloud field) nor terraform show -json output (no format_version)`,
  );
  const planless = write("planless.json", '{ "format_version": "1.2" }');
  assert.equal(
    await inputError(() => loadSource(planless)),
    `${planless} is terraform show -json output without planned_values or values: show a saved plan (terraform show -json plan.out) or the state`,
  );
  const text = write("notes.txt", "hello");
  assert.equal(
    await inputError(() => loadSource(text)),
    `${text} is not a spec (.yaml, .yml, .json), a folder of .tf files, or terraform show -json output (.json)`,
  );

  const hcl = join(dir, "broken");
  mkdirSync(hcl);
  writeFileSync(join(hcl, "main.tf"), 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n');
  assert.equal(
    await inputError(() => loadSource(hcl)),
    `${hcl}/main.tf is not valid HCL at line 1, column 27: Unclosed configuration block (There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.)`,
  );
  writeFileSync(join(hcl, "main.tf"), 'resource "aws_vpc" "main" {\n  cidr_block = \n}\n');
  assert.equal(
    await inputError(() => loadSource(hcl)),
    `${hcl}/main.tf is not valid HCL at line 2, column 16: Invalid expression (Expected the start of an expression, but found an invalid expression token.)`,
  );
  writeFileSync(join(hcl, "main.tf"), 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n');
  writeFileSync(join(hcl, "more.tf"), 'resource "aws_vpc" "main" {\n  cidr_block = "10.1.0.0/16"\n}\n');
  assert.equal(await inputError(() => loadSource(hcl)), `${hcl}/more.tf declares aws_vpc.main again: each block is declared once per module`);

  const empty = join(dir, "empty");
  mkdirSync(empty);
  assert.equal(await inputError(() => loadSource(empty)), `${empty} has no .tf files`);
  assert.equal(await inputError(() => loadSource("", { aws: missing })), `${missing} does not exist`);
  assert.equal(await inputError(() => loadSource("", { azure: other })), `${other} is not a folder`);
  assert.equal(
    await inputError(() => loadSource("", { aws: empty, azure: empty })),
    `--aws: ${empty} cannot be combined with --azure: give one network export`,
  );
});
