// Every way an AWS instance gets a public address gives internet reachability, read from each
// input: Terraform (associate_public_ip_address, map_public_ip_on_launch, aws_eip) and an export
// (an interface's Association.PublicIp, an Elastic IP in describe-addresses).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reach } from "../src/analyze/reach.js";
import { importAwsDocuments } from "../src/import/aws/describe.js";
import { loadSource } from "../src/import/source.js";

const NETWORK = `
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_internet_gateway" "igw" { vpc_id = aws_vpc.v.id }
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.v.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}
resource "aws_subnet" "mapped" {
  vpc_id                  = aws_vpc.v.id
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}
resource "aws_subnet" "plain" {
  vpc_id     = aws_vpc.v.id
  cidr_block = "10.0.2.0/24"
}
resource "aws_route_table_association" "mapped" {
  subnet_id      = aws_subnet.mapped.id
  route_table_id = aws_route_table.public.id
}
resource "aws_route_table_association" "plain" {
  subnet_id      = aws_subnet.plain.id
  route_table_id = aws_route_table.public.id
}
resource "aws_security_group" "ssh" {
  vpc_id = aws_vpc.v.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.0/24"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;

function instance(name: string, subnet: string, extra = ""): string {
  return `resource "aws_instance" "${name}" {
  ami                    = "ami-12345678"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.${subnet}.id
  private_ip             = "${subnet === "mapped" ? "10.0.1" : "10.0.2"}.${10 + name.length}"
  vpc_security_group_ids = [aws_security_group.ssh.id]
${extra}}
`;
}

test("Terraform: map_public_ip_on_launch, associate_public_ip_address and an Elastic IP each give a public address the internet reaches; refusing one on a mapping subnet gives none", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-public-ips-"));
  try {
    writeFileSync(
      join(dir, "main.tf"),
      [
        NETWORK,
        instance("onlaunch", "mapped"),
        instance("refused", "mapped", "  associate_public_ip_address = false\n"),
        instance("asked", "plain", "  associate_public_ip_address = true\n"),
        instance("eip", "plain"),
        instance("none", "plain"),
        'resource "aws_eip" "e" {\n  instance = aws_instance.eip.id\n}\n',
      ].join("\n"),
    );
    const { topology } = await loadSource(dir);
    const publics = Object.fromEntries(topology.interfaces.map((i) => [i.instanceId, i.publicIps?.map((m) => m.publicIp) ?? []]));
    assert.deepEqual(Object.keys(publics).sort(), [
      "aws_instance.asked",
      "aws_instance.eip",
      "aws_instance.none",
      "aws_instance.onlaunch",
      "aws_instance.refused",
    ]);
    for (const id of ["aws_instance.onlaunch", "aws_instance.asked", "aws_instance.eip"]) {
      assert.equal(publics[id]!.length, 1, id);
      const r = reach(topology, { from: "internet", sourceIp: "203.0.113.9", to: id, port: 22 });
      assert.equal(r.disposition, "accepted", id);
      assert.deepEqual(r.hops.map((h) => h.id).slice(0, 2), ["internet", "aws_internet_gateway.igw"], id);
    }
    assert.deepEqual([publics["aws_instance.refused"], publics["aws_instance.none"]], [[], []]);
    const out = reach(topology, { from: "aws_instance.none", to: "8.8.8.8", port: 443 });
    assert.equal(out.disposition, "denied");
    assert.match(out.hops.at(-1)!.decision, /has no public IPv4 address to translate to/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("export: an interface's own public address (Association.PublicIp) and an Elastic IP from describe-addresses both map 1:1", () => {
  const eni = (id: string, ip: string, association?: object) => ({
    NetworkInterfaceId: id,
    SubnetId: "subnet-0aaaaaaaaaaaaaaaa",
    VpcId: "vpc-0aaaaaaaaaaaaaaaa",
    PrivateIpAddress: ip,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: ip, ...(association ? { Association: association } : {}) }],
    Groups: [{ GroupId: "sg-0aaaaaaaaaaaaaaaa" }],
    Attachment: { InstanceId: `i-${id.slice(4)}`, DeviceIndex: 0 },
  });
  const { topology } = importAwsDocuments([
    { file: "vpcs.json", data: { Vpcs: [{ VpcId: "vpc-0aaaaaaaaaaaaaaaa", CidrBlock: "10.0.0.0/16" }] }, line: () => 1 },
    {
      file: "subnets.json",
      data: {
        Subnets: [
          {
            SubnetId: "subnet-0aaaaaaaaaaaaaaaa",
            VpcId: "vpc-0aaaaaaaaaaaaaaaa",
            CidrBlock: "10.0.1.0/24",
            AvailabilityZone: "us-east-1a",
            MapPublicIpOnLaunch: true,
          },
        ],
      },
      line: () => 1,
    },
    {
      file: "igw.json",
      data: { InternetGateways: [{ InternetGatewayId: "igw-0aaaaaaaaaaaaaaaa", Attachments: [{ VpcId: "vpc-0aaaaaaaaaaaaaaaa", State: "available" }] }] },
      line: () => 1,
    },
    {
      file: "rtb.json",
      data: {
        RouteTables: [
          {
            RouteTableId: "rtb-0aaaaaaaaaaaaaaaa",
            VpcId: "vpc-0aaaaaaaaaaaaaaaa",
            Associations: [{ Main: true }],
            Routes: [
              { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local" },
              { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0aaaaaaaaaaaaaaaa" },
            ],
          },
        ],
      },
      line: () => 1,
    },
    {
      file: "sg.json",
      data: {
        SecurityGroups: [
          {
            GroupId: "sg-0aaaaaaaaaaaaaaaa",
            VpcId: "vpc-0aaaaaaaaaaaaaaaa",
            IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
            IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
          },
        ],
      },
      line: () => 1,
    },
    { file: "acl.json", data: { NetworkAcls: [] }, line: () => 1 },
    {
      file: "enis.json",
      data: { NetworkInterfaces: [eni("eni-0aaaaaaaaaaaaaaa1", "10.0.1.11", { PublicIp: "54.0.0.11" }), eni("eni-0aaaaaaaaaaaaaaa2", "10.0.1.12")] },
      line: () => 1,
    },
    {
      file: "addresses.json",
      data: { Addresses: [{ PublicIp: "54.0.0.12", NetworkInterfaceId: "eni-0aaaaaaaaaaaaaaa2", PrivateIpAddress: "10.0.1.12", AllocationId: "eipalloc-1" }] },
      line: () => 1,
    },
  ]);
  for (const [address, instanceId] of [
    ["54.0.0.11", "i-0aaaaaaaaaaaaaaa1"],
    ["54.0.0.12", "i-0aaaaaaaaaaaaaaa2"],
  ] as const) {
    const r = reach(topology, { from: "internet", to: address, port: 22 });
    assert.equal(r.disposition, "accepted", address);
    assert.deepEqual(
      r.hops.map((h) => h.id),
      ["internet", "igw-0aaaaaaaaaaaaaaaa", "subnet-0aaaaaaaaaaaaaaaa", instanceId],
    );
  }
});
