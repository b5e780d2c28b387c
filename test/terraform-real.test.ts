// The real terraform on what dpnet emits (issue 12): every example and a spec per feature pass
// `terraform fmt -check`, `validate` and an offline `plan` (fake credentials, STS on a stub on
// 127.0.0.1), and `dpnet verify` of the real plan JSON finds what `dpnet verify <module dir>` finds.
// Skips, saying why, where terraform or the aws provider mirror is absent.
import { gapText } from "../src/import/types.js";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { audit, judge } from "../src/analyze/audit/index.js";
import { reach } from "../src/analyze/reach.js";
import { type LoadedSource, loadSource } from "../src/import/source.js";
import { renderDiagram } from "../src/render/diagram.js";
import type { Topology } from "../src/topology/model.js";
import { loadSpecFile } from "../src/io/spec-file.js";
import { writeOutputDir } from "../src/io/output-dir.js";
import { planSpec, renderPlan } from "../src/plan/index.js";
import { parseSpec } from "../src/spec/index.js";
import type { DataPlanePlan } from "../src/plan/types.js";
import { EXAMPLES, examplePath } from "./support/examples.js";
import { FEATURE_SPECS } from "./support/feature-specs.js";
import { type HarnessModule, type HarnessResult, childPlan, emptyStringsAsNull, findRealTerraform, runHarness } from "./support/terraform-real.js";
import { dpnet } from "./support/cli.js";
import { CHILD_MODULE_DIR } from "../src/terraform/root.js";

const tf = findRealTerraform();
const skip = typeof tf === "string" ? `real terraform not available: ${tf}` : false;
if (skip) console.log(`NOTE: ${skip}; the real-terraform tests (fmt -check, validate, plan, show -json) are skipped`);

interface Case {
  name: string;
  plan: DataPlanePlan;
  files: Map<string, string>;
  aws: boolean;
}

const cases: Case[] = [];
for (const name of EXAMPLES) {
  const { spec, source } = loadSpecFile(examplePath(name));
  const plan = planSpec(spec);
  cases.push({ name, plan, files: renderPlan(plan, source), aws: spec.cloud === "aws" });
}
for (const [name, input] of Object.entries(FEATURE_SPECS)) {
  const plan = planSpec(parseSpec(input));
  cases.push({ name, plan, files: renderPlan(plan, { label: `${name}.yaml`, text: JSON.stringify(input) }), aws: true });
}

/** The files of the child module synth writes under its thin root, relative to the child's folder. */
function childFiles(files: Map<string, string>): Map<string, string> {
  const prefix = `${CHILD_MODULE_DIR}/`;
  return new Map([...files].filter(([path]) => path.startsWith(prefix)).map(([path, text]) => [path.slice(prefix.length), text]));
}

/** Every case as a child of the one root: AWS modules whole; an Azure spec's aws-async-link (no azurerm here). */
function harnessModules(): HarnessModule[] {
  return cases.map((c) => {
    // An AWS plan's root is the thin caller of its child (test/terraform-module.test.ts validates it): the child is the module.
    if (c.aws) return { name: c.name, files: c.plan.root ? childFiles(c.files) : c.files, module: c.plan.module };
    const link = c.plan.extraModules?.get("aws-async-link");
    assert.ok(link, `${c.name} has an aws-async-link module`);
    return {
      name: c.name,
      files: c.files,
      planDir: "aws-async-link",
      module: link,
      inputs: {
        region: '"eu-west-1"',
        aks_oidc_issuer_url: '"https://oidc.example.test/issuer"',
        service_account_namespace: '"dpnet"',
        service_account_name: '"agent"',
      },
    };
  });
}

let result: HarnessResult;
before(
  async () => {
    if (typeof tf === "string") return;
    result = await runHarness(tf, harnessModules());
    console.log(`real terraform ${tf.version} (${tf.mirror}): ${cases.length} modules, seconds ${JSON.stringify(result.seconds)}`);
  },
  { timeout: 600_000 },
);
after(() => {
  if (result) rmSync(result.root, { recursive: true, force: true });
});

test("at least 10 feature specs besides the examples", () => {
  assert.ok(Object.keys(FEATURE_SPECS).length >= 10);
});

test("terraform fmt -check: every file of every module is as terraform fmt writes it", { skip }, () => {
  assert.deepEqual(result.unformatted, []);
});

test("terraform validate: the root with every module as a child is valid, no warnings", { skip }, () => {
  assert.deepEqual(
    result.validate.diagnostics.map((d) => `${d.severity}: ${d.summary} ${d.range?.filename ?? ""}`),
    [],
  );
  assert.equal(result.validate.valid, true);
});

test("terraform plan offline: every module plans, only creations, one STS call for the caller identity", { skip }, () => {
  assert.ok(result.stsActions.length >= 1 && result.stsActions.every((a) => a === "GetCallerIdentity"), result.stsActions.join());
  const changes = result.plan.resource_changes as { address: string; mode: string; module_address?: string; change: { actions: string[] } }[];
  for (const c of cases) {
    const mine = changes.filter((r) => r.module_address === `module.${c.name}` && r.mode === "managed");
    const resources = (c.aws ? c.plan.module : c.plan.extraModules!.get("aws-async-link")!).blocks.filter((b) => b.kind === "resource");
    const address = (b: (typeof resources)[number]) => `module.${c.name}.${b.labels[0]}.${b.labels[1]}`;
    const planned = new Set(mine.map((r) => r.address.replace(/\[[^\]]*\]$/, "")));
    // Every block is planned but those a count may turn off (count = var.x == null ? 0 : 1).
    assert.deepEqual(
      [...planned].filter((a) => !resources.some((b) => address(b) === a)),
      [],
      `${c.name}: planned blocks not in the module`,
    );
    assert.deepEqual(resources.filter((b) => b.body.count === undefined && !planned.has(address(b))).map(address), [], `${c.name}: blocks not planned`);
    assert.ok(
      mine.every((r) => r.change.actions.join() === "create"),
      `${c.name}: only creations`,
    );
  }
});

const view = (f: { severity: string; id: string; resource: string }) => `${f.severity} ${f.id} ${f.resource}`;

/**
 * A subnet's IPv6 block computed from its VPC's at apply time is a stand-in /64 of the VPC's stand-in
 * /56: the folder computes its number (`cidrsubnet(..., 8, n)`), the plan names only the references,
 * so the plan's stand-ins are numbered in the order the plan lists the subnets. Compared without that number.
 */
const withoutStandInNumbers = (text: string) => text.replace(/2001:db8:([0-9a-f]{1,4})(:[0-9a-f]{1,4})?::/g, "2001:db8:$1:n::");

/** What reach answers from every subnet to an internet host, and from the internet to every listener. */
function reachAnswers(topology: Topology): string[] {
  const questions = [
    ...topology.subnets.map((s) => ({ from: s.id, to: "203.0.113.9", port: 443 })),
    ...topology.loadBalancers.flatMap((lb) => lb.listeners.map((l) => ({ from: "internet", to: l.id, sourceIp: "203.0.113.7" }))),
  ];
  // A plan lists its resources in another order than the .tf files: the answers, not their order, must agree.
  return questions.map((q) => withoutStandInNumbers(JSON.stringify({ q, answer: reach(topology, q) }))).sort();
}

// aws-existing-vpc and existing-vpc-adopted read the customer's VPC: their plans know what the stub answered, their folders not (tested below).
const EXISTING_VPC = "aws-existing-vpc";
const READS_A_VPC = [EXISTING_VPC, "existing-vpc-adopted"];
for (const c of cases.filter((c) => c.aws && !READS_A_VPC.includes(c.name))) {
  test(`dpnet verify, reach, diagram and audit of the real plan of ${c.name} answer as of its folder; no error`, { skip }, async () => {
    const dir = join(result.root, "verify", c.name);
    // The child as planned in the harness: its addresses without the root's module.data_plane prefix.
    writeOutputDir(dir, c.aws && c.plan.root ? childFiles(c.files) : c.files, { force: false });
    const planFile = join(result.root, "verify", `${c.name}.plan.json`);
    writeFileSync(planFile, JSON.stringify(childPlan(result.plan, c.name)));
    const [dirSource, planSource] = [await loadSource(dir), await loadSource(planFile)];
    const fromDir = judge(dirSource).map(view).sort();
    const fromPlan = judge(planSource).map(view).sort();
    assert.deepEqual(fromPlan, fromDir);
    assert.deepEqual(reachAnswers(planSource.topology), reachAnswers(dirSource.topology));
    const picture = (s: LoadedSource) => withoutStandInNumbers(renderDiagram(s.topology, { findings: judge(s), context: s.context }));
    assert.equal(picture(planSource), picture(dirSource));
    // The audit of an existing network, given the plan rather than an export: same tiers, findings and changes.
    const audited = (s: LoadedSource) => {
      const r = audit(s);
      return withoutStandInNumbers(JSON.stringify({ networks: r.networks, findings: r.findings.map((f) => `${view(f)}: ${f.message}`), changes: r.changes }));
    };
    assert.equal(audited(planSource), audited(dirSource));
    assert.deepEqual(
      fromPlan.filter((f) => f.startsWith("error")),
      [],
    );
    // What the plugin framework would write: every "" as null, the same verdict.
    writeFileSync(planFile, JSON.stringify(emptyStringsAsNull(childPlan(result.plan, c.name))));
    assert.deepEqual(
      judge(await loadSource(planFile))
        .map(view)
        .sort(),
      fromDir,
    );
  });
}

test("prefix delegation plans a prefix reservation per block of each pod subnet, all but the lowest /24", { skip }, () => {
  const changes = result.plan.resource_changes as { address: string; module_address?: string; change: { after: Record<string, unknown> } }[];
  const reservations = changes
    .filter((r) => r.module_address === "module.no-control-plane" && r.address.includes("aws_ec2_subnet_cidr_reservation.pod_prefixes"))
    .map((r) => `${r.change.after.reservation_type} ${r.change.after.cidr_block}`)
    .sort();
  const blocks = (base: number) => ["/19", "/20", "/21", "/22", "/23", "/24"].map((len, i) => `prefix 100.64.${base + [32, 16, 8, 4, 2, 1][i]!}.0${len}`);
  assert.deepEqual(reservations, [...blocks(0), ...blocks(64), ...blocks(128)].sort());
});

test("dpnet verify plan.json exits 0 on the real plan of the reference example", { skip }, async () => {
  const planFile = join(result.root, "aws-internet.cli-plan.json");
  writeFileSync(planFile, JSON.stringify(childPlan(result.plan, "aws-internet")));
  const r = dpnet("verify", planFile);
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

test("aws.vpc.existing: the offline plan reads the VPC, subnets, NAT gateways and internet gateway from the EC2 stub; verify of the plan has no error", {
  skip,
}, async () => {
  // For each of the two VPCs read (the example's and existing-vpc-adopted's): the VPC, 3 attributes, the main route table, the internet gateway,
  // 3 NAT gateways, and each adopted subnet (3 and 9).
  assert.deepEqual([...result.ec2Actions].sort(), [
    ...Array(2).fill("DescribeInternetGateways"),
    ...Array(6).fill("DescribeNatGateways"),
    ...Array(2).fill("DescribeRouteTables"),
    ...Array(12).fill("DescribeSubnets"),
    ...Array(6).fill("DescribeVpcAttribute"),
    ...Array(2).fill("DescribeVpcs"),
  ]);
  const planFile = join(result.root, `${EXISTING_VPC}.plan.json`);
  writeFileSync(planFile, JSON.stringify(childPlan(result.plan, EXISTING_VPC)));
  const loaded = await loadSource(planFile);
  const findings = judge(loaded).map(view);
  assert.deepEqual(
    findings.filter((f) => f.startsWith("error")),
    [],
  );
  // Read, the customer's VPC, subnets and NAT gateways are known; the public subnets' route tables are theirs, not in the plan.
  assert.deepEqual(
    loaded.gaps.map(gapText).filter((g) => /data\.aws_(vpc|subnet|nat_gateway)\./.test(g) && g.includes("read from the cloud")),
    [],
  );
  assert.deepEqual(
    findings.filter((f) => !f.startsWith("note")).sort(),
    [
      ...["a", "b", "c"].map((z) => `warning DPN-AWS-007 data.aws_subnet.public["eu-west-1${z}"]`),
      ...["a", "b", "c"].map((z) => `warning DPN-AWS-008 data.aws_subnet.public["eu-west-1${z}"]`),
      "warning DPN-AWS-015 data.aws_vpc.network",
      ...["a", "b", "c"].map((z) => `warning DPN-DATA-001 data.aws_subnet.public["eu-west-1${z}"]`),
    ].sort(),
  );
});

test("aws.vpc.existing with every tier adopted: only the data plane's own resources are planned, and verify of the plan has no error", { skip }, async () => {
  const changes = result.plan.resource_changes as { address: string; mode: string; module_address?: string; type: string }[];
  const types = [...new Set(changes.filter((r) => r.module_address === "module.existing-vpc-adopted" && r.mode === "managed").map((r) => r.type))];
  // No VPC, subnet, route table, route, NAT gateway, Elastic IP, internet gateway or block association: those are the customer's.
  assert.deepEqual(
    types.filter((t) =>
      /^aws_(vpc|subnet|route_table|route|route_table_association|nat_gateway|eip|internet_gateway|vpc_ipv4_cidr_block_association)$/.test(t),
    ),
    [],
  );
  assert.ok(types.includes("aws_default_security_group"), "emptyDefaultSecurityGroup: true takes over the default group");
  const planFile = join(result.root, "existing-vpc-adopted.plan.json");
  writeFileSync(planFile, JSON.stringify(childPlan(result.plan, "existing-vpc-adopted")));
  const findings = judge(await loadSource(planFile)).map(view);
  assert.deepEqual(
    findings.filter((f) => f.startsWith("error")),
    [],
  );
});
