// Benchmark: `dpnet audit --aws` of a generated export of 2,000 VPCs / 10,000 subnets, split in
// region folders as the README's commands write them: reading and importing the files, then
// inferring the tiers and running the checks VPC by VPC.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { audit } from "../src/analyze/audit/index.js";
import { importAwsDescribe } from "../src/import/aws/describe.js";
import { line, time } from "./stats.js";

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"];
const VPCS = 2000;

const tags = (name: string) => [{ Key: "Name", Value: name }];
const allTraffic = (egress: boolean, action: string, number: number) => ({
  CidrBlock: "0.0.0.0/0",
  Egress: egress,
  Protocol: "-1",
  RuleAction: action,
  RuleNumber: number,
});

/** One VPC of 5 subnets: a public one with a NAT gateway, two node and two pod subnets in zones a and b. */
function vpc(region: string, i: number) {
  const id = `vpc-${String(i).padStart(8, "0")}`;
  const s = (name: string) => `subnet-${i}-${name}`;
  const zone = (z: string) => `${region}${z}`;
  const subnets = [
    [s("public"), "10.0.0.0/24", "a"],
    [s("node-a"), "10.0.16.0/22", "a"],
    [s("node-b"), "10.0.20.0/22", "b"],
    [s("pod-a"), "100.64.0.0/18", "a"],
    [s("pod-b"), "100.64.64.0/18", "b"],
  ].map(([sid, cidr, z]) => ({
    SubnetId: sid,
    VpcId: id,
    CidrBlock: cidr,
    AvailabilityZone: zone(z!),
    SubnetArn: `arn:aws:ec2:${region}:111122223333:subnet/${sid}`,
    Tags: tags(sid!),
  }));
  const local = ["10.0.0.0/16", "100.64.0.0/16"].map((c) => ({ DestinationCidrBlock: c, GatewayId: "local", Origin: "CreateRouteTable", State: "active" }));
  const table = (name: string, extra: object[], assoc: string[], main = false) => ({
    RouteTableId: `rtb-${i}-${name}`,
    VpcId: id,
    Routes: [...local, ...extra],
    Associations: [
      ...(main ? [{ Main: true, RouteTableId: `rtb-${i}-${name}` }] : []),
      ...assoc.map((sid) => ({ Main: false, SubnetId: sid, RouteTableId: `rtb-${i}-${name}` })),
    ],
  });
  return {
    Vpcs: [
      {
        VpcId: id,
        CidrBlock: "10.0.0.0/16",
        CidrBlockAssociationSet: [
          { CidrBlock: "10.0.0.0/16", CidrBlockState: { State: "associated" } },
          { CidrBlock: "100.64.0.0/16", CidrBlockState: { State: "associated" } },
        ],
      },
    ],
    Subnets: subnets,
    RouteTables: [
      table("public", [{ DestinationCidrBlock: "0.0.0.0/0", GatewayId: `igw-${i}`, Origin: "CreateRoute", State: "active" }], [s("public")]),
      table("node", [{ DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: `nat-${i}`, Origin: "CreateRoute", State: "active" }], [s("node-a"), s("node-b")]),
      table("pod", [], [s("pod-a"), s("pod-b")], true),
    ],
    InternetGateways: [{ InternetGatewayId: `igw-${i}`, Attachments: [{ State: "available", VpcId: id }] }],
    NatGateways: [
      {
        NatGatewayId: `nat-${i}`,
        VpcId: id,
        SubnetId: s("public"),
        State: "available",
        NatGatewayAddresses: [{ PrivateIp: "10.0.0.10", PublicIp: `52.${i >> 8}.${i & 255}.10`, IsPrimary: true }],
      },
    ],
    SecurityGroups: [
      { GroupId: `sg-${i}-default`, GroupName: "default", VpcId: id, IpPermissions: [], IpPermissionsEgress: [] },
      {
        GroupId: `sg-${i}-workers`,
        GroupName: "workers",
        VpcId: id,
        IpPermissions: [{ IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: `sg-${i}-workers` }] }],
        IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
      },
    ],
    NetworkAcls: [
      {
        NetworkAclId: `acl-${i}`,
        VpcId: id,
        IsDefault: true,
        Entries: [allTraffic(true, "allow", 100), allTraffic(false, "allow", 100)],
        Associations: subnets.map((x) => ({ SubnetId: x.SubnetId })),
      },
    ],
    NetworkInterfaces: [s("node-a"), s("node-b")].map((sid, n) => ({
      NetworkInterfaceId: `eni-${i}-${n}`,
      SubnetId: sid,
      VpcId: id,
      Groups: [{ GroupId: `sg-${i}-workers` }],
      PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: `10.0.${16 + 4 * n}.20` }],
      Attachment: { InstanceId: `i-${i}-${n}` },
    })),
  };
}

/** Writes the export: per region folder, one file per describe-* command, as `aws … --output json > file` would. */
export function generateExport(dir: string, vpcs = VPCS): void {
  const perRegion = vpcs / REGIONS.length;
  REGIONS.forEach((region, r) => {
    const records = Array.from({ length: perRegion }, (_, k) => vpc(region, r * perRegion + k));
    mkdirSync(join(dir, region));
    for (const key of Object.keys(records[0]!) as (keyof ReturnType<typeof vpc>)[]) {
      writeFileSync(join(dir, region, `${key}.json`), JSON.stringify({ [key]: records.flatMap((v) => v[key] as object[]) }, null, 4));
    }
  });
}

export async function benchAudit(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-audit-bench-"));
  generateExport(dir);
  let findings = 0;
  const stats = await time(
    5,
    async () => {
      const report = audit(await importAwsDescribe(dir));
      if (report.networks.length !== VPCS) throw new Error(`audited ${report.networks.length} VPCs`);
      findings = report.findings.length;
    },
    1,
  );
  console.log(line(`audit --aws, ${VPCS} VPCs / ${VPCS * 5} subnets, in-process`, stats, "<= 2000 ms"));
  console.log(`  (${findings} findings: per VPC, DPN-AWS-002 for each tier in 2 zones, DPN-AWS-007 for the other zone's NAT)`);
  const bin = new URL("../../bin/dpnet.js", import.meta.url).pathname;
  const whole = () => {
    const r = spawnSync(process.execPath, [bin, "audit", "--aws", dir], { stdio: ["ignore", "ignore", "pipe"] });
    if (r.status !== 1) throw new Error(`dpnet audit exited ${r.status}: ${r.stderr}`);
  };
  console.log(line("dpnet audit --aws, whole process (node start incl.)", await time(3, whole, 1)));
  rmSync(dir, { recursive: true, force: true });
}
