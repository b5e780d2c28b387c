// The AWS describe-* importer: files recognised by their keys in any layout, the mapping into the
// topology, and malformed or partial exports (an error naming the file, a gap or a note, never a crash).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importAwsDescribe } from "../src/import/aws/describe.js";
import { InputError } from "../src/spec/errors.js";
import { exportOf } from "./audit-fixtures.js";
import { gapText } from "../src/import/types.js";

test("the compliant export: every element, with the VPC's blocks, associations and main table", async () => {
  const { topology: t, gaps, notes } = await importAwsDescribe(exportOf("aws-compliant"));
  assert.deepEqual(gaps, []);
  assert.deepEqual(notes, []);
  assert.deepEqual(
    t.networks.map((n) => [n.id, n.region, n.cidrs, n.mainRouteTableId, n.defaultNetworkAclId]),
    [["vpc-0dataplane", "eu-west-1", ["10.0.0.0/16", "100.64.0.0/16"], "rtb-pod", "acl-default"]],
  );
  assert.equal(t.subnets.length, 9);
  const node = t.subnets.find((s) => s.id === "subnet-node-b")!;
  assert.deepEqual(
    [node.cidrs, node.zone, node.routeTableId, node.networkAclId, node.name],
    [["10.0.20.0/22"], "eu-west-1b", "rtb-node-b", "acl-default", "node-b"],
  );
  assert.equal(t.subnets.find((s) => s.id === "subnet-pod-a")!.routeTableId, "rtb-pod");
  const rtb = t.routeTables.find((r) => r.id === "rtb-node-a")!;
  assert.deepEqual(rtb.routes, [
    { destination: "10.0.0.0/16", target: { kind: "local" }, origin: "system" },
    { destination: "100.64.0.0/16", target: { kind: "local" }, origin: "system" },
    { destination: "0.0.0.0/0", target: { kind: "gateway", id: "nat-a" }, origin: "static" },
  ]);
  assert.deepEqual(
    t.gateways.map((g) => [g.id, g.kind, g.subnetId, g.privateIp, g.publicIp]),
    [
      ["igw-main", "internet-gateway", undefined, undefined, undefined],
      ["nat-a", "nat-gateway", "subnet-public-a", "10.0.0.10", "52.16.0.10"],
      ["nat-b", "nat-gateway", "subnet-public-b", "10.0.1.10", "52.16.0.11"],
      ["nat-c", "nat-gateway", "subnet-public-c", "10.0.2.10", "52.16.0.12"],
    ],
  );
  const workers = t.securityGroups.find((g) => g.id === "sg-workers")!;
  assert.deepEqual(workers.rules, [
    { direction: "ingress", protocol: "all", peer: { kind: "security-group", id: "sg-workers" } },
    { direction: "egress", protocol: "all", peer: { kind: "cidr", cidr: "0.0.0.0/0" } },
  ]);
  assert.equal(t.securityGroups.find((g) => g.id === "sg-default")!.isDefault, true);
  // The final `*` entries (32767) are left to the analyzer.
  assert.deepEqual(
    t.networkAcls[0]!.entries.map((e) => [e.number, e.direction, e.action]),
    [
      [100, "egress", "allow"],
      [100, "ingress", "allow"],
    ],
  );
  const eni = t.interfaces.find((i) => i.id === "eni-node-a")!;
  assert.deepEqual([eni.instanceId, eni.subnetId, eni.privateIps, eni.securityGroupIds], ["i-node-a", "subnet-node-a", ["10.0.16.20"], ["sg-workers"]]);
});

test("locations: each element's file and the line its record starts on", async () => {
  const dir = exportOf("aws-compliant");
  const { locations, topology } = await importAwsDescribe(dir);
  const at = locations.get("subnet-node-a")!;
  assert.equal(at.file, join(dir, "subnets.json"));
  const lines = readFileSync(at.file, "utf8").split("\n");
  assert.equal(lines[at.line! - 1]!.trim(), "{");
  assert.match(lines.slice(at.line!, at.line! + 20).join("\n"), /"SubnetId": "subnet-node-a"/);
  assert.deepEqual(topology.subnets.find((s) => s.id === "subnet-node-a")!.source, at);
});

test("files are recognised by their keys, not their names, in any folder layout", async () => {
  const dir = exportOf("aws-compliant");
  mkdirSync(join(dir, "eu-west-1", "nested"), { recursive: true });
  renameSync(join(dir, "subnets.json"), join(dir, "eu-west-1", "nested", "whatever.json"));
  renameSync(join(dir, "route-tables.json"), join(dir, "eu-west-1", "1.json"));
  const { topology, gaps } = await importAwsDescribe(dir);
  assert.deepEqual(gaps, []);
  assert.equal(topology.subnets.length, 9);
  assert.equal(topology.routeTables.length, 5);
});

test("truncated JSON is an input error naming the file and the line", async () => {
  const dir = exportOf("aws-compliant");
  const file = join(dir, "route-tables.json");
  writeFileSync(file, readFileSync(file, "utf8").slice(0, 500));
  await assert.rejects(importAwsDescribe(dir), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, new RegExp(`^${file.replaceAll("/", "\\/")}: is not valid JSON \\(truncated\\?\\): .* at line \\d+; export it again$`));
    return true;
  });
});

test("an empty file (a command that failed) is an input error naming it", async () => {
  const dir = exportOf("aws-compliant");
  writeFileSync(join(dir, "nat-gateways.json"), "");
  await assert.rejects(importAwsDescribe(dir), /nat-gateways\.json: is empty: the command that wrote it failed or printed nothing/);
});

test("a missing file leaves gaps, named with the command that makes it", async () => {
  const dir = exportOf("aws-compliant");
  rmSync(join(dir, "route-tables.json"));
  rmSync(join(dir, "nat-gateways.json"));
  const { gaps } = await importAwsDescribe(dir);
  assert.deepEqual(gaps.map(gapText), [
    "not enough data to judge routing (which subnets reach the internet, and how): no RouteTables (aws ec2 describe-route-tables) in the export",
  ]);

  const noNat = exportOf("aws-compliant");
  rmSync(join(noNat, "nat-gateways.json"));
  assert.deepEqual(
    (await importAwsDescribe(noNat)).gaps.map(gapText),
    ["a", "b", "c"].map(
      (z) => `not enough data to judge route 0.0.0.0/0 -> nat-${z} of rtb-node-${z}: no NatGateways (aws ec2 describe-nat-gateways) in the export`,
    ),
  );
});

test("without any VPC there is nothing to judge: an input error", async () => {
  const dir = exportOf("aws-compliant");
  rmSync(join(dir, "vpcs.json"));
  await assert.rejects(importAwsDescribe(dir), /has no VPC: no Vpcs \(aws ec2 describe-vpcs\) in the export, or it lists none/);
  const empty = mkdtempSync(join(tmpdir(), "dpnet-empty-"));
  writeFileSync(join(empty, "readme.txt"), "hello");
  await assert.rejects(importAwsDescribe(empty), /holds no AWS CLI output \(describe-\* JSON\) that dpnet knows/);
  await assert.rejects(importAwsDescribe(join(empty, "nope")), /nope: does not exist/);
});

test("unknown keys and files are notes; a paginated page is a gap", async () => {
  const dir = exportOf("aws-compliant");
  writeFileSync(join(dir, "buckets.json"), JSON.stringify({ Buckets: [{ Name: "b" }], Owner: {} }));
  writeFileSync(join(dir, "notes.md"), "# export of 2026-11-24\n");
  writeFileSync(join(dir, "more-subnets.json"), JSON.stringify({ Subnets: [], NextToken: "eyJ2IjoxfQ==" }));
  const { notes, gaps } = await importAwsDescribe(dir);
  assert.deepEqual(notes, [`${join(dir, "buckets.json")}: unknown keys Buckets, Owner: ignored`, "notes.md: not a .json file: ignored"]);
  assert.deepEqual(gaps.map(gapText), [
    `not enough data to judge Subnets: ${join(dir, "more-subnets.json")} is one page of a paginated output (NextToken); export it again without --max-items`,
  ]);
});

test("--vpc keeps one VPC and what belongs to it; an unknown one is an input error", async () => {
  const dir = exportOf("aws-compliant");
  const other = {
    Vpcs: [{ VpcId: "vpc-other", CidrBlock: "172.16.0.0/16", CidrBlockAssociationSet: [] }],
    Subnets: [{ SubnetId: "subnet-other", VpcId: "vpc-other", CidrBlock: "172.16.0.0/24", AvailabilityZone: "eu-west-1a" }],
  };
  writeFileSync(join(dir, "other.json"), JSON.stringify(other));
  const both = await importAwsDescribe(dir);
  // Files are read in path order: other.json before vpcs.json.
  assert.deepEqual(
    both.topology.networks.map((n) => n.id),
    ["vpc-other", "vpc-0dataplane"],
  );
  const one = await importAwsDescribe(dir, { vpc: "vpc-other" });
  assert.deepEqual(
    one.topology.networks.map((n) => n.id),
    ["vpc-other"],
  );
  assert.deepEqual(
    one.topology.subnets.map((s) => s.id),
    ["subnet-other"],
  );
  assert.deepEqual(one.topology.gateways, []);
  assert.match(one.notes.at(-1)!, /^--vpc vpc-other: left out \d+ elements of other VPCs$/);
  await assert.rejects(importAwsDescribe(dir, { vpc: "vpc-nope" }), /--vpc: vpc-nope is not in the export, which has vpc-other, vpc-0dataplane/);
});

test("describe-instances adds instances to their interfaces; a repeated id is noted once, the first kept", async () => {
  const dir = exportOf("aws-compliant");
  const reservations = {
    Reservations: [
      {
        Instances: [
          {
            InstanceId: "i-extra",
            State: { Name: "running" },
            NetworkInterfaces: [
              {
                NetworkInterfaceId: "eni-extra",
                SubnetId: "subnet-node-c",
                PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: "10.0.24.99", Association: { PublicIp: "34.1.2.3" } }],
                Groups: [{ GroupId: "sg-workers" }],
                SourceDestCheck: false,
              },
              { NetworkInterfaceId: "eni-node-c", SubnetId: "subnet-node-c", PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: "10.0.24.20" }] },
            ],
          },
        ],
      },
    ],
  };
  writeFileSync(join(dir, "instances.json"), JSON.stringify(reservations));
  writeFileSync(join(dir, "copy.json"), readFileSync(join(dir, "vpcs.json")));
  const { topology, notes } = await importAwsDescribe(dir);
  const extra = topology.interfaces.find((i) => i.id === "eni-extra")!;
  assert.deepEqual(
    [extra.instanceId, extra.privateIps, extra.publicIps, extra.forwarding],
    ["i-extra", ["10.0.24.99"], [{ publicIp: "34.1.2.3", privateIp: "10.0.24.99" }], true],
  );
  assert.equal(topology.interfaces.filter((i) => i.id === "eni-node-c").length, 1);
  assert.deepEqual(notes, [`vpc-0dataplane appears again in ${join(dir, "vpcs.json")} (first in ${join(dir, "copy.json")}): kept the first`]);
});

test("malformed values are noted and left out, never passed on to crash the analysis", async () => {
  const dir = exportOf("aws-compliant");
  writeFileSync(
    join(dir, "odd.json"),
    JSON.stringify({
      Subnets: [{ SubnetId: "subnet-odd", VpcId: "vpc-0dataplane", CidrBlock: "10.0.300.0/24" }, "not an object"],
      SecurityGroups: [{ GroupId: "sg-odd", VpcId: "vpc-0dataplane", IpPermissions: [{ IpProtocol: "gre-ish", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }],
    }),
  );
  const { topology, notes } = await importAwsDescribe(dir);
  assert.deepEqual(topology.subnets.find((s) => s.id === "subnet-odd")!.cidrs, []);
  assert.deepEqual(topology.securityGroups.find((g) => g.id === "sg-odd")!.rules, []);
  assert.deepEqual(notes, ['subnet-odd: "10.0.300.0/24" is not a CIDR block: ignored', "sg-odd: a rule with protocol gre-ish: ignored"]);
});
