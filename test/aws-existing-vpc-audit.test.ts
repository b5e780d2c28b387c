// aws.vpc.existing and `dpnet audit --aws` agree (issue 15.3): the customer's VPC of
// examples/aws-existing-vpc.yaml after `terraform apply` (its own public subnets, NAT gateways and
// a database subnet in usedCidrs; what the plan adds: the pod block, node and pod subnets with
// their route tables), written as an EC2 describe export, audits to the plan's tiers, CIDRs, zones
// and NAT gateways, and the one finding is the checklist's item left to the customer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { audit } from "../src/analyze/audit/index.js";
import { importAwsDescribe } from "../src/import/aws/describe.js";
import { loadSpecFile } from "../src/io/spec-file.js";
import { planSpec } from "../src/plan/index.js";
import type { AwsPlanSummary } from "../src/plan/types.js";
import { examplePath } from "./support/examples.js";

const OWNER = "111122223333";
const VPC = "vpc-0a1b2c3d4e5f60789";
const tags = (name: string) => [{ Key: "Name", Value: name }];
const local = (cidr: string) => ({ DestinationCidrBlock: cidr, GatewayId: "local", Origin: "CreateRouteTable", State: "active" });

/** The export of the VPC as the plan leaves it; `defaultGroupEmptied`: the customer emptied the default security group. */
function exportAfterApply(summary: AwsPlanSummary, defaultGroupEmptied: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-byo-export-"));
  const write = (file: string, body: unknown) => writeFileSync(join(dir, file), JSON.stringify(body, null, 1));
  const blocks = [summary.vpc.cidr, ...summary.vpc.secondaryCidrs];
  const idOf = (s: AwsPlanSummary["subnets"][number]) => s.existingId ?? `subnet-${s.tier}-${s.zone.slice(-1)}`;
  const natOf = (zone: string) => `nat-0a00000000000000${"abc".indexOf(zone.slice(-1)) + 1}`;
  const db = { SubnetId: "subnet-db", CidrBlock: "10.30.8.0/21", AvailabilityZone: "eu-west-1a" };
  const subnets = [...summary.subnets.map((s) => ({ SubnetId: idOf(s), CidrBlock: s.cidr, AvailabilityZone: s.zone })), db];
  write("vpcs.json", {
    Vpcs: [
      {
        VpcId: VPC,
        CidrBlock: summary.vpc.cidr,
        CidrBlockAssociationSet: blocks.map((b, i) => ({ AssociationId: `vpc-cidr-assoc-${i}`, CidrBlock: b, CidrBlockState: { State: "associated" } })),
        IsDefault: false,
        OwnerId: OWNER,
        State: "available",
        Tags: tags("customer"),
      },
    ],
  });
  write("subnets.json", {
    Subnets: subnets.map((s) => ({ ...s, VpcId: VPC, State: "available", DefaultForAz: false, MapPublicIpOnLaunch: false, Tags: tags(s.SubnetId) })),
  });
  write("internet-gateways.json", {
    InternetGateways: [{ InternetGatewayId: "igw-0a000000000000001", OwnerId: OWNER, Attachments: [{ State: "available", VpcId: VPC }] }],
  });
  write("nat-gateways.json", {
    NatGateways: summary.natGateways.map((n, i) => ({
      NatGatewayId: natOf(n.zone),
      SubnetId: n.subnet,
      VpcId: VPC,
      State: "available",
      ConnectivityType: "public",
      NatGatewayAddresses: [
        { AllocationId: `eipalloc-${i}`, PrivateIp: `10.30.${i}.10`, PublicIp: `203.0.113.${101 + i}`, IsPrimary: true, Status: "succeeded" },
      ],
    })),
  });
  const table = (id: string, subnetIds: string[], routes: unknown[], main = false) => ({
    RouteTableId: id,
    VpcId: VPC,
    OwnerId: OWNER,
    Associations: [
      ...(main ? [{ Main: true, RouteTableId: id, RouteTableAssociationId: `${id}-main` }] : []),
      ...subnetIds.map((s) => ({ Main: false, RouteTableId: id, SubnetId: s, RouteTableAssociationId: `${id}-${s}` })),
    ],
    Routes: [...blocks.map(local), ...routes],
    PropagatingVgws: [],
  });
  const tier = (t: string) => summary.subnets.filter((s) => s.tier === t);
  write("route-tables.json", {
    RouteTables: [
      // The customer's: the main table (the database subnet) and the public one.
      table("rtb-main", [], [], true),
      table("rtb-public", tier("public").map(idOf), [
        { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0a000000000000001", Origin: "CreateRoute", State: "active" },
      ]),
      // dpnet's: a node table per zone to its zone's NAT gateway, a pod table per zone with the local routes only.
      ...tier("node").map((s) =>
        table(
          `rtb-node-${s.zone.slice(-1)}`,
          [idOf(s)],
          [{ DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: natOf(s.zone), Origin: "CreateRoute", State: "active" }],
        ),
      ),
      ...tier("pod").map((s) => table(`rtb-pod-${s.zone.slice(-1)}`, [idOf(s)], [])),
    ],
  });
  const allowAll = (n: number, egress: boolean) => ({ RuleNumber: n, Egress: egress, Protocol: "-1", RuleAction: "allow", CidrBlock: "0.0.0.0/0" });
  const denyAll = (egress: boolean) => ({ RuleNumber: 32767, Egress: egress, Protocol: "-1", RuleAction: "deny", CidrBlock: "0.0.0.0/0" });
  write("network-acls.json", {
    NetworkAcls: [
      {
        NetworkAclId: "acl-default",
        VpcId: VPC,
        IsDefault: true,
        OwnerId: OWNER,
        Associations: subnets.map((s) => ({ NetworkAclAssociationId: `aclassoc-${s.SubnetId}`, NetworkAclId: "acl-default", SubnetId: s.SubnetId })),
        Entries: [allowAll(100, false), allowAll(100, true), denyAll(false), denyAll(true)],
      },
    ],
  });
  // AWS's default group: all traffic among its members, all egress (unless the customer emptied it).
  const all = (peer: object) => ({ IpProtocol: "-1", IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], ...peer });
  write("security-groups.json", {
    SecurityGroups: [
      {
        GroupId: "sg-default",
        GroupName: "default",
        Description: "default VPC security group",
        VpcId: VPC,
        OwnerId: OWNER,
        IpPermissions: defaultGroupEmptied ? [] : [all({ UserIdGroupPairs: [{ GroupId: "sg-default", UserId: OWNER }] })],
        IpPermissionsEgress: defaultGroupEmptied ? [] : [all({ IpRanges: [{ CidrIp: "0.0.0.0/0" }] })],
      },
    ],
  });
  write("network-interfaces.json", { NetworkInterfaces: [] });
  return dir;
}

const { spec } = loadSpecFile(examplePath("aws-existing-vpc"));
const summary = planSpec(spec).summary as AwsPlanSummary;

test("audit --aws of the VPC after apply: the plan's tiers, CIDRs, zones and NAT gateways", async () => {
  const report = audit(await importAwsDescribe(exportAfterApply(summary, true)));
  assert.deepEqual(report.findings, []);
  assert.deepEqual(report.changes, []);
  const [network] = report.networks;
  const view = (tier: "public" | "node" | "pod") =>
    network!.candidates[tier]!.filter((c) => network!.tiers[tier]!.includes(c.subnetId)).map((c) => `${c.zone} ${c.cidr} -> ${c.defaultRoute}`);
  const planned = (tier: "public" | "node" | "pod", route: (zone: string) => string) =>
    summary.subnets.filter((s) => s.tier === tier).map((s) => `${s.zone} ${s.cidr} -> ${route(s.zone)}`);
  assert.deepEqual(
    view("public"),
    planned("public", () => "igw-0a000000000000001"),
  );
  assert.deepEqual(
    view("node"),
    planned("node", (zone) => `nat-0a00000000000000${"abc".indexOf(zone.slice(-1)) + 1}`),
  );
  assert.deepEqual(
    view("pod"),
    planned("pod", () => "nowhere"),
  );
  // The adopted public subnets are the customer's own ids.
  assert.deepEqual(
    network!.tiers.public,
    summary.subnets.filter((s) => s.tier === "public").map((s) => s.existingId),
  );
});

test("the default security group left as AWS made it: the audit's one finding is the checklist's item left to the customer", async () => {
  const report = audit(await importAwsDescribe(exportAfterApply(summary, false)));
  assert.deepEqual(
    report.findings.map((f) => `${f.severity} ${f.id} ${f.resource}`),
    ["warning DPN-AWS-015 sg-default"],
  );
  const item = summary.existingVpc!.checklist.find((i) => i.what.includes("default security group"));
  assert.deepEqual(item, {
    checked: "yours",
    what: "the VPC's default security group stays yours: empty its rules when nothing relies on it (or set emptyDefaultSecurityGroup: true); nothing of dpnet's uses it",
  });
});
