// `dpnet audit --aws`: hand-made exports of a compliant VPC and of one thing wrong at a time, each
// with the exact findings, the tiers inferred, and the commands that fix them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { audit } from "../src/analyze/audit/index.js";
import { importAwsDescribe } from "../src/import/aws/describe.js";
import { exportOf, idsAndResources } from "./audit-fixtures.js";
import { dpnet } from "./support/cli.js";

async function auditOf(...variants: string[]) {
  return audit(await importAwsDescribe(exportOf("aws-compliant", ...variants)));
}

const ZONES = ["a", "b", "c"];

test("a compliant VPC: no findings, and the subnets of each tier with zone and free addresses", async () => {
  const report = await auditOf();
  assert.deepEqual(report.findings, []);
  assert.deepEqual(report.changes, []);
  const [plan] = report.networks;
  assert.deepEqual(plan!.tiers, {
    public: ZONES.map((z) => `subnet-public-${z}`),
    node: ZONES.map((z) => `subnet-node-${z}`),
    pod: ZONES.map((z) => `subnet-pod-${z}`),
  });
  // /22 less AWS's 5 reserves, less the node's interface; the public subnets also hold a NAT gateway.
  assert.deepEqual(plan!.candidates.node![0], {
    subnetId: "subnet-node-a",
    name: "node-a",
    zone: "eu-west-1a",
    cidr: "10.0.16.0/22",
    usable: 1019,
    used: 1,
    free: 1018,
    defaultRoute: "nat-a",
    issues: [],
  });
  assert.deepEqual(
    plan!.candidates.public!.map((c) => [c.subnetId, c.free]),
    ZONES.map((z) => [`subnet-public-${z}`, 250]),
  );
});

test("a pod subnet routed to a NAT gateway: DPN-AWS-005 on the pod route table, and the route to delete", async () => {
  const report = await auditOf("aws-pod-nat");
  assert.deepEqual(
    idsAndResources(report.findings),
    ZONES.map(() => ["DPN-AWS-005", "rtb-pod"]),
  );
  assert.match(report.findings[0]!.message, /^pods in subnet-pod-a reach the internet .*: remove the route 0\.0\.0\.0\/0 -> nat-a from rtb-pod/);
  assert.deepEqual(
    report.findings[0]!.trace.map((h) => h.id),
    ["subnet-pod-a", "vpc-0dataplane", "nat-a", "subnet-public-a", "igw-main", "internet"],
  );
  assert.deepEqual(report.changes, [
    {
      finding: "DPN-AWS-005",
      resource: "rtb-pod",
      commands: ["aws ec2 delete-route --route-table-id rtb-pod --destination-cidr-block 0.0.0.0/0   # -> nat-a"],
    },
  ]);
  assert.deepEqual(report.networks[0]!.candidates.pod![0]!.issues, ["0.0.0.0/0 goes to nat-a: pods must stay inside the VPC"]);
});

test("only 2 zones: DPN-AWS-002 for each tier, and subnets to create in free blocks", async () => {
  const report = await auditOf("aws-two-zones");
  assert.deepEqual(idsAndResources(report.findings), [
    ["DPN-AWS-002", "vpc-0dataplane"],
    ["DPN-AWS-002", "vpc-0dataplane"],
    ["DPN-AWS-002", "vpc-0dataplane"],
  ]);
  assert.deepEqual(
    report.findings.map((f) => f.message.split(":")[0]),
    [
      "the node subnets span 2 zones (eu-west-1a, eu-west-1b)",
      "the pod subnets span 2 zones (eu-west-1a, eu-west-1b)",
      "the public subnets span 2 zones (eu-west-1a, eu-west-1b)",
    ],
  );
  const zone = "<another zone of eu-west-1>";
  assert.deepEqual(
    report.changes.map((c) => c.commands),
    [
      [`aws ec2 create-subnet --vpc-id vpc-0dataplane --availability-zone '${zone}' --cidr-block 10.0.2.0/24   # a node subnet`],
      [`aws ec2 create-subnet --vpc-id vpc-0dataplane --availability-zone '${zone}' --cidr-block 100.64.128.0/18   # a pod subnet`],
      [`aws ec2 create-subnet --vpc-id vpc-0dataplane --availability-zone '${zone}' --cidr-block 10.0.3.0/24   # a public subnet`],
    ],
  );
});

test("node subnets of /25: DPN-AWS-003 on each, and a free /24 of the primary block for each", async () => {
  const report = await auditOf("aws-node-25");
  assert.deepEqual(
    idsAndResources(report.findings),
    ZONES.map((z) => ["DPN-AWS-003", `subnet-node-${z}`]),
  );
  assert.equal(report.findings[0]!.message, "node subnet 10.0.16.0/25 is a /25, smaller than a /24: use a /24 or larger inside 10.0.0.0/16");
  assert.deepEqual(
    report.changes.map((c) => c.commands[0]),
    ZONES.map(
      (z, i) =>
        `aws ec2 create-subnet --vpc-id vpc-0dataplane --availability-zone eu-west-1${z} --cidr-block 10.0.${3 + i}.0/24   # a node subnet, to replace subnet-node-${z}: a subnet cannot grow`,
    ),
  );
  assert.deepEqual(report.networks[0]!.candidates.node![0]!.issues, ["smaller than a /24"]);
});

test("a security group open to 0.0.0.0/0 on 22: DPN-AWS-016, and the revoke command", async () => {
  const report = await auditOf("aws-ssh-open");
  assert.deepEqual(idsAndResources(report.findings), [["DPN-AWS-016", "sg-workers"]]);
  assert.deepEqual(report.changes[0]!.commands, [
    "aws ec2 revoke-security-group-ingress --group-id sg-workers --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]'   # then admit only your admin ranges",
  ]);
});

test("a partial export: each gap is a DPN-DATA-001 finding, never a silent pass", async () => {
  const dir = exportOf("aws-compliant");
  rmSync(join(dir, "network-acls.json"));
  rmSync(join(dir, "network-interfaces.json"));
  const report = audit(await importAwsDescribe(dir));
  assert.deepEqual(
    report.findings.map((f) => [f.id, f.severity, f.message]),
    [
      [
        "DPN-DATA-001",
        "warning",
        "not enough data to judge free addresses and who holds which address: no NetworkInterfaces (aws ec2 describe-network-interfaces) in the export",
      ],
      [
        "DPN-DATA-001",
        "warning",
        "not enough data to judge network ACLs (the analysis would assume they allow all traffic): no NetworkAcls (aws ec2 describe-network-acls) in the export",
      ],
    ],
  );
});

test("CLI: text, --json and --format sarif; exit 1 on errors, 0 when compliant", () => {
  const ok = dpnet("audit", "--aws", exportOf("aws-compliant"));
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /\* pod +eu-west-1c +subnet-pod-c \(pod-c\) +100\.64\.128\.0\/18 +16378\/16379 +nowhere +ok$/m);
  assert.match(ok.stdout, /\n\nno findings\.\n$/);

  const dir = exportOf("aws-compliant", "aws-pod-nat");
  const text = dpnet("audit", "--aws", dir);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /✗ DPN-AWS-005 rtb-pod: pods in subnet-pod-a reach the internet/);
  assert.match(
    text.stdout,
    /What to change \(read-only: dpnet runs none of these\):\n {2}DPN-AWS-005 rtb-pod:\n {4}aws ec2 delete-route --route-table-id rtb-pod --destination-cidr-block 0\.0\.0\.0\/0/,
  );

  const json = JSON.parse(dpnet("audit", "--aws", dir, "--json").stdout);
  assert.deepEqual(
    json.findings.map((f: { id: string }) => f.id),
    ["DPN-AWS-005", "DPN-AWS-005", "DPN-AWS-005"],
  );
  assert.equal(json.networks[0].networkId, "vpc-0dataplane");

  const sarifRun = dpnet("audit", "--aws", dir, "--format", "sarif");
  assert.equal(sarifRun.code, 1);
  // The SARIF writer's own tests check it against the schema; here: the audit's results point at the export.
  const sarif = JSON.parse(sarifRun.stdout);
  assert.equal(sarif.version, "2.1.0");
  assert.deepEqual(
    sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId),
    ["DPN-AWS-005", "DPN-AWS-005", "DPN-AWS-005"],
  );
  const location = sarif.runs[0].results[0].locations[0].physicalLocation;
  assert.match(location.artifactLocation.uri, /route-tables\.json$/);
  assert.equal(typeof location.region.startLine, "number");
});

test("CLI: bad input exits 2 with the file or flag named", () => {
  const none = dpnet("audit");
  assert.equal(none.code, 2);
  assert.match(none.stderr, /audit: needs exactly one of --aws <dir>, --azure <dir>, --aws-live, --azure-live/);
  const missing = dpnet("audit", "--aws", "/nonexistent/export");
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /\/nonexistent\/export: does not exist/);
  const vpc = dpnet("audit", "--aws", exportOf("aws-compliant"), "--vpc", "vpc-other");
  assert.equal(vpc.code, 2);
  assert.match(vpc.stderr, /--vpc: vpc-other is not in the export, which has vpc-0dataplane/);
  const misplaced = dpnet("audit", "--aws", exportOf("aws-compliant"), "--vnet", "customer-vnet");
  assert.equal(misplaced.code, 2);
  assert.match(misplaced.stderr, /--vnet: customer-vnet only applies with --azure or --azure-live/);
  const live = dpnet("audit", "--azure-live");
  assert.equal(live.code, 2);
  assert.match(live.stderr, /--azure-live: needs --subscription <id>/);
});
