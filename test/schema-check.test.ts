import { test } from "node:test";
import assert from "node:assert/strict";
import { checkSchema, providerSchema, providerVersions, type TerraformJson } from "../src/terraform/schema-check.js";
import { block, ex, TfModule } from "../src/terraform/ir.js";
import { moduleJson } from "../src/terraform/json.js";
import { PROVIDERS } from "../src/terraform/providers.js";
import { parseHcl, toJson } from "../src/hcl/index.js";

/** A document with one resource, in the shape moduleJson() and the HCL parser give. */
const one = (type: string, body: TerraformJson, kind = "resource"): TerraformJson => ({ [kind]: { [type]: { x: [body] } } });

test("a valid VPC, subnet and target group with a health_check block has no problems", () => {
  const m = new TfModule();
  const vpc = m.resource("vpc.tf", "aws_vpc", "network", {
    cidr_block: "10.0.0.0/16",
    enable_dns_support: true,
    enable_dns_hostnames: true,
    tags: { Name: "dp", "kubernetes.io/cluster/dp": "shared" },
  });
  m.resource("vpc.tf", "aws_subnet", "private", {
    for_each: ex("local.private_subnets"),
    vpc_id: vpc.attr("id"),
    cidr_block: ex("each.value.cidr"),
    availability_zone: ex("each.key"),
    map_public_ip_on_launch: false,
  });
  m.resource("lb.tf", "aws_lb_target_group", "ingress", {
    name: "dp-ingress",
    port: 443,
    protocol: "TCP",
    vpc_id: vpc.attr("id"),
    health_check: block({ enabled: true, port: "traffic-port", protocol: "TCP", interval: 10, healthy_threshold: 3 }),
    lifecycle: block({ create_before_destroy: true }),
  });
  m.data("iam.tf", "aws_iam_policy_document", "assume", {
    statement: [block({ actions: ["sts:AssumeRole"], principals: block({ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }) })],
  });
  assert.deepEqual(checkSchema(moduleJson(m)), []);
});

test("an unknown attribute is reported at its path", () => {
  const problems = checkSchema(one("aws_vpc", { cidr_block: "10.0.0.0/16", enable_dns: true }));
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.address, "aws_vpc.x");
  assert.equal(problems[0]!.path, "enable_dns");
  assert.match(problems[0]!.message, /unknown attribute or block "enable_dns"/);
});

test("a missing required attribute is reported", () => {
  const problems = checkSchema(one("aws_route", { destination_cidr_block: "0.0.0.0/0", gateway_id: "${aws_internet_gateway.x.id}" }));
  assert.deepEqual(
    problems.map((p) => [p.address, p.path]),
    [["aws_route.x", "route_table_id"]],
  );
  assert.match(problems[0]!.message, /missing required attribute "route_table_id"/);
});

test("a string where a bool goes is a wrong type; expressions and numbers-as-strings are fine", () => {
  const problems = checkSchema(
    one("aws_vpc", { cidr_block: "10.0.0.0/16", enable_dns_support: "yes", enable_dns_hostnames: "${var.dns}", ipv4_netmask_length: 16 }),
  );
  assert.deepEqual(
    problems.map((p) => [p.address, p.path]),
    [["aws_vpc.x", "enable_dns_support"]],
  );
  assert.match(problems[0]!.message, /expected bool, got string "yes"/);

  const port = checkSchema(one("aws_lb_target_group", { port: "443", health_check: [{ port: 8080 }] }));
  assert.deepEqual(
    port.map((p) => [p.path, p.message]),
    [["port", 'expected number, got string "443"']],
  );
});

test("collections are typed element by element", () => {
  const problems = checkSchema(one("aws_subnet", { vpc_id: "vpc-1", tags: ["a"] }));
  assert.deepEqual(
    problems.map((p) => [p.path, p.message]),
    [["tags", "expected map(string), got a list"]],
  );
  const inner = checkSchema(one("aws_security_group", { ingress: [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/8", ["x"]] }] }));
  assert.deepEqual(
    inner.map((p) => [p.path, p.message]),
    [["ingress[0].cidr_blocks[1]", "expected string, got a list"]],
  );
});

test("an unknown block, a block that is not a list, and an unknown attribute inside a block", () => {
  const problems = checkSchema(
    one("aws_lb_target_group", { name: "t", health_checks: [{ port: "80" }], stickiness: "lb_cookie", health_check: [{ port: "80", expected: 200 }] }),
  );
  assert.deepEqual(
    problems.map((p) => [p.address, p.path]),
    [
      ["aws_lb_target_group.x", "health_checks"],
      ["aws_lb_target_group.x", "stickiness"],
      ["aws_lb_target_group.x", "health_check[0].expected"],
    ],
  );
  assert.match(problems[0]!.message, /unknown attribute or block "health_checks"/);
  assert.match(problems[1]!.message, /expected a block, got string "lb_cookie"/);
});

test("a missing required nested block and too many single blocks", () => {
  const problems = checkSchema(
    one("azurerm_subnet", { name: "s", resource_group_name: "rg", virtual_network_name: "vn", delegation: [{ name: "aks" }], timeouts: [{}, {}] }),
  );
  assert.deepEqual(
    problems.map((p) => [p.path, p.message]),
    [
      ["delegation[0].service_delegation", 'missing required block "service_delegation"'],
      ["timeouts", "at most one block is allowed here, got 2"],
    ],
  );
});

test("an unknown resource or data source type says how to add it", () => {
  const problems = checkSchema({ ...one("aws_vpn_gateway", {}), ...one("azurerm_key_vault", {}, "data") });
  assert.deepEqual(
    problems.map((p) => [p.address, p.path]),
    [
      ["aws_vpn_gateway.x", ""],
      ["data.azurerm_key_vault.x", ""],
    ],
  );
  assert.match(problems[0]!.message, /unknown resource type aws_vpn_gateway: add it to tools\/provider-types\.json and re-run/);
  assert.match(problems[1]!.message, /unknown data source type azurerm_key_vault/);
});

test("meta-arguments and dynamic blocks are allowed; a dynamic block's content is checked", () => {
  const body: TerraformJson = {
    count: "${var.enabled ? 1 : 0}",
    depends_on: ["${aws_vpc.x}"],
    provider: "${aws.east}",
    lifecycle: [{ ignore_changes: ["${tags}"] }],
    name: "sg",
    dynamic: { ingress: [{ for_each: "${var.rules}", iterator: "${r}", content: [{ from_port: "${r.value}", ports: 1 }] }] },
  };
  const problems = checkSchema(one("aws_security_group", body));
  assert.deepEqual(
    problems.map((p) => [p.address, p.path]),
    [["aws_security_group.x", "dynamic.ingress[0].content[0].ports"]],
  );
});

test("HCL read back by the real parser is checked the same way", async () => {
  const hcl = `
resource "aws_lb_target_group" "ingress" {
  port     = 443
  protocol = "TCP"
  health_check {
    interval = "10s"
  }
}
data "aws_region" "current" {}
`;
  const problems = checkSchema(toJson(parseHcl(hcl, "main.tf")) as TerraformJson);
  assert.deepEqual(
    problems.map((p) => [p.address, p.path, p.message]),
    [["aws_lb_target_group.ingress", "health_check[0].interval", 'expected number, got string "10s"']],
  );
});

test("the committed schema names the provider versions and the requested types", () => {
  // The modules pin the versions the schema was extracted from: what is checked is what users get.
  assert.deepStrictEqual(providerVersions(), { aws: PROVIDERS.aws.version, azurerm: PROVIDERS.azurerm.version });
  const schema = providerSchema();
  for (const type of ["aws_vpc", "aws_lb_listener", "azurerm_network_watcher_flow_log"]) assert.ok(schema.resources[type], type);
  for (const type of ["aws_iam_policy_document", "azurerm_client_config"]) assert.ok(schema.dataSources[type], type);
  assert.equal(schema.resources.aws_lb_target_group?.blocks.health_check?.list, false);
});
