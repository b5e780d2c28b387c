// `terraform show -json` of a plan (values unknown until apply resolved through the
// configuration's references, child modules followed) and of a state (real ids), through the
// same mapper as a configuration.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { reach } from "../src/analyze/reach.js";
import { loadSource } from "../src/import/source.js";
import { importTerraformShow } from "../src/import/terraform/show.js";
import type { Topology } from "../src/topology/model.js";
import { gapText } from "../src/import/types.js";

const PLAN = new URL("../../test/fixtures/terraform-show-plan.json", import.meta.url).pathname;
const HCL = new URL("../../test/fixtures/terraform-hcl", import.meta.url).pathname;
const plan = () => JSON.parse(readFileSync(PLAN, "utf8")) as Record<string, unknown>;

/** A topology without source locations, every list sorted by id: what two importers must agree on. */
function canonical(t: Topology): unknown {
  const sorted = Object.fromEntries(Object.entries(t).map(([k, list]) => [k, [...(list as { id: string }[])].sort((a, b) => a.id.localeCompare(b.id))]));
  return JSON.parse(JSON.stringify(sorted, (k, v) => (k === "source" ? undefined : v)));
}

test("a plan of a network dpnet did not write: what is unknown until apply resolves through the configuration", () => {
  const r = importTerraformShow(plan(), { locate: () => ({ file: "plan.json" }) });
  assert.deepEqual(r.gaps, []);
  const t = r.topology;
  // vpc_id, gateway_id, subnet_id, allocation_id, nat_gateway_id are all unknown in the plan.
  assert.deepEqual(
    t.gateways.map((g) => [g.id, g.kind, g.networkIds, g.subnetId ?? "", g.publicIp ?? ""]),
    [
      ["aws_internet_gateway.main", "internet-gateway", ["aws_vpc.main"], "", ""],
      ["aws_nat_gateway.main", "nat-gateway", ["aws_vpc.main"], "aws_subnet.public", "198.51.100.1"],
    ],
  );
  assert.deepEqual(
    t.routeTables.map((rt) => [rt.id, rt.networkId, rt.routes.map((x) => [x.id, x.destination, x.target])]),
    [
      ["aws_route_table.public", "aws_vpc.main", [["aws_route_table.public.route[0]", "0.0.0.0/0", { kind: "gateway", id: "aws_internet_gateway.main" }]]],
      // In the child module: nat_gateway_id is var.nat_gateway_id, which the call sets to aws_nat_gateway.main.id.
      ["module.private.aws_route_table.this", "aws_vpc.main", [["module.private.aws_route.nat", "0.0.0.0/0", { kind: "gateway", id: "aws_nat_gateway.main" }]]],
    ],
  );
  // subnet_id = each.value.id, for_each = aws_subnet.this: each association finds its own subnet.
  assert.deepEqual(
    t.subnets.map((s) => [s.id, s.networkId, s.cidrs, s.zone, s.routeTableId, s.networkAclId]),
    [
      ["aws_subnet.public", "aws_vpc.main", ["10.0.0.0/24"], "us-east-1a", "aws_route_table.public", undefined],
      [
        'module.private.aws_subnet.this["us-east-1a"]',
        "aws_vpc.main",
        ["10.0.1.0/24"],
        "us-east-1a",
        "module.private.aws_route_table.this",
        "module.private.aws_network_acl.this",
      ],
      [
        'module.private.aws_subnet.this["us-east-1b"]',
        "aws_vpc.main",
        ["10.0.2.0/24"],
        "us-east-1b",
        "module.private.aws_route_table.this",
        "module.private.aws_network_acl.this",
      ],
    ],
  );
  assert.deepEqual(
    t.securityGroups.map((g) => [g.id, g.rules.map((x) => [x.direction, x.protocol, x.ports, x.peer])]),
    [
      [
        "aws_security_group.bastion",
        [
          ["ingress", "tcp", { from: 22, to: 22 }, { kind: "cidr", cidr: "0.0.0.0/0" }],
          ["egress", "all", undefined, { kind: "cidr", cidr: "0.0.0.0/0" }],
        ],
      ],
      [
        "aws_security_group.app",
        [
          ["ingress", "tcp", { from: 22, to: 22 }, { kind: "security-group", id: "aws_security_group.bastion" }],
          ["egress", "all", undefined, { kind: "cidr", cidr: "0.0.0.0/0" }],
        ],
      ],
      [
        "aws_vpc.main.default_security_group_id",
        [
          ["ingress", "all", undefined, { kind: "security-group", id: "aws_vpc.main.default_security_group_id" }],
          ["egress", "all", undefined, { kind: "cidr", cidr: "0.0.0.0/0" }],
        ],
      ],
    ],
  );
  // The app's security group comes through the module's variable from the root's aws_security_group.app.
  assert.deepEqual(
    t.interfaces.map((i) => [i.id, i.subnetId, i.privateIps, i.securityGroupIds, i.publicIps]),
    [
      ["aws_instance.bastion", "aws_subnet.public", ["10.0.0.253"], ["aws_security_group.bastion"], [{ publicIp: "198.51.100.2" }]],
      ["module.private.aws_instance.app", 'module.private.aws_subnet.this["us-east-1a"]', ["10.0.1.10"], ["aws_security_group.app"], undefined],
    ],
  );
  assert.deepEqual(r.locations.get('module.private.aws_route_table_association.this["us-east-1b"]'), { file: "plan.json" });
});

test("the plan and the folder it was planned from give the same topology: one mapper, two ways to read values", async () => {
  const fromPlan = importTerraformShow(plan());
  const fromConfig = await loadSource(HCL);
  assert.deepEqual(canonical(fromPlan.topology), canonical(fromConfig.topology));
});

test("reachability on the planned network: SSH to the bastion from the internet, from it to the app, the app out through NAT", () => {
  const t = importTerraformShow(plan()).topology;
  const ssh = reach(t, { from: "internet", to: "aws_instance.bastion", port: 22 });
  assert.equal(ssh.disposition, "accepted");
  assert.equal(ssh.hops.at(-1)!.decision, "aws_security_group.bastion ingress rule aws_security_group.bastion.ingress[0] allows tcp 22 from 0.0.0.0/0");
  const hop = reach(t, { from: "aws_instance.bastion", to: "module.private.aws_instance.app", port: 22 });
  assert.equal(hop.disposition, "accepted");
  assert.deepEqual(
    hop.hops.map((h) => [h.id, h.decision.split(";")[0]]),
    [
      ["aws_instance.bastion", "aws_security_group.bastion egress rule aws_security_group.bastion.egress[0] allows all traffic to 0.0.0.0/0"],
      ["aws_subnet.public", "default network ACL allows all traffic"],
      ["aws_vpc.main", 'delivers to module.private.aws_subnet.this["us-east-1a"] (10.0.1.0/24)'],
      ['module.private.aws_subnet.this["us-east-1a"]', "nacl module.private.aws_network_acl.this ingress rule 100 allows tcp 22 from 10.0.0.0/24"],
      [
        "module.private.aws_instance.app",
        "aws_security_group.app ingress rule aws_vpc_security_group_ingress_rule.app_ssh allows tcp 22 from aws_security_group.bastion",
      ],
    ],
  );
  const out = reach(t, { from: "module.private.aws_instance.app", to: "8.8.8.8", port: 443 });
  assert.equal(out.disposition, "exits-network");
  assert.deepEqual(
    out.hops.map((h) => h.id),
    [
      "module.private.aws_instance.app",
      'module.private.aws_subnet.this["us-east-1a"]',
      "aws_vpc.main",
      "aws_nat_gateway.main",
      "aws_subnet.public",
      "aws_internet_gateway.main",
      "internet",
    ],
  );
  assert.equal(reach(t, { from: "internet", to: "module.private.aws_instance.app", port: 22 }).disposition, "null-routed");
});

test("a state: real ids resolve to addresses, and a group's inline list of separately made rules is not doubled", () => {
  const resource = (address: string, values: Record<string, unknown>) => {
    const [type, name] = address.split(".") as [string, string];
    return { address, mode: "managed", type, name, provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 1, values };
  };
  const rule = {
    cidr_blocks: ["10.0.0.0/8"],
    description: "",
    from_port: 443,
    ipv6_cidr_blocks: [],
    prefix_list_ids: [],
    protocol: "tcp",
    security_groups: [],
    self: false,
    to_port: 443,
  };
  const state = {
    format_version: "1.0",
    terraform_version: "1.9.8",
    values: {
      root_module: {
        resources: [
          resource("aws_vpc.main", {
            id: "vpc-0a1b2c3d",
            arn: "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a1b2c3d",
            cidr_block: "10.0.0.0/16",
            ipv6_cidr_block: "",
            main_route_table_id: "rtb-0main",
            default_security_group_id: "sg-0default",
            tags: { Name: "legacy" },
          }),
          resource("aws_subnet.app", {
            id: "subnet-0aaa",
            vpc_id: "vpc-0a1b2c3d",
            cidr_block: "10.0.1.0/24",
            ipv6_cidr_block: "",
            availability_zone: "eu-west-1a",
            tags: null,
          }),
          resource("aws_route.main_default", {
            id: "r-rtb-0main1080289494",
            route_table_id: "rtb-0main",
            destination_cidr_block: "0.0.0.0/0",
            gateway_id: "igw-0abc",
            nat_gateway_id: "",
          }),
          resource("aws_internet_gateway.main", { id: "igw-0abc", vpc_id: "vpc-0a1b2c3d" }),
          resource("aws_security_group.web", { id: "sg-0web", name: "web", vpc_id: "vpc-0a1b2c3d", ingress: [rule], egress: [] }),
          resource("aws_security_group_rule.web_https", {
            id: "sgrule-1",
            type: "ingress",
            security_group_id: "sg-0web",
            protocol: "tcp",
            from_port: 443,
            to_port: 443,
            cidr_blocks: ["10.0.0.0/8"],
            self: false,
            source_security_group_id: null,
          }),
        ],
      },
    },
  };
  const r = importTerraformShow(state);
  assert.deepEqual(r.gaps, []);
  const t = r.topology;
  assert.deepEqual(
    t.subnets.map((s) => [s.id, s.networkId, s.tier]),
    [["aws_subnet.app", "aws_vpc.main", "public"]],
  );
  // The VPC's main table is made from the route that names it; subnets without an association use it.
  assert.deepEqual(
    t.networks.map((n) => [n.id, n.mainRouteTableId]),
    [["aws_vpc.main", "aws_vpc.main.main_route_table_id"]],
  );
  assert.deepEqual(
    t.routeTables.map((rt) => [rt.id, rt.routes.map((x) => [x.destination, x.target])]),
    [["aws_vpc.main.main_route_table_id", [["0.0.0.0/0", { kind: "gateway", id: "aws_internet_gateway.main" }]]]],
  );
  assert.deepEqual(
    t.securityGroups.find((g) => g.id === "aws_security_group.web")!.rules.map((x) => x.id),
    ["aws_security_group_rule.web_https"],
  );
});

test("a value unknown until apply that no single reference names is a gap on its element", () => {
  const doc = plan();
  const changes = doc.resource_changes as { address: string; change: { after_unknown: Record<string, unknown> } }[];
  const values = (doc.planned_values as { root_module: { resources: { address: string; values: Record<string, unknown> }[] } }).root_module.resources;
  // cidr_ipv4 = "${aws_eip.nat.public_ip}/32": the plan knows only that it refers to the Elastic IP.
  const egress = values.find((x) => x.address === "aws_vpc_security_group_egress_rule.app_all")!;
  delete egress.values.cidr_ipv4;
  changes.find((c) => c.address === egress.address)!.change.after_unknown.cidr_ipv4 = true;
  const config = (doc.configuration as { root_module: { resources: { address: string; expressions: Record<string, unknown> }[] } }).root_module.resources;
  config.find((c) => c.address === egress.address)!.expressions.cidr_ipv4 = {
    references: ["aws_eip.nat.public_ip", "aws_eip.nat", "aws_nat_gateway.main.public_ip", "aws_nat_gateway.main"],
  };
  assert.deepEqual(importTerraformShow(doc).gaps.map(gapText), [
    "not enough data to judge aws_vpc_security_group_egress_rule.app_all: cidr_ipv4 is known only after apply",
  ]);
});
