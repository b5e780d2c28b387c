// Issue 15.4: aws.endpoints: interface endpoints (SQS, STS, ECR api and dkr, CloudWatch Logs) in
// the node subnets with private DNS and a group of their own, S3 as a gateway endpoint on the node
// route tables; what the checks make of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inputErrorOf, planWith } from "./support/aws-views.js";
import { resourceJson, resourceNames, validFiles } from "./support/terraform.js";
import { errorsOf } from "./support/checks.js";
import { checkPlan } from "../src/analyze/checks/plan.js";

test("every endpoint the spec names: exact resources, valid Terraform, no error findings", async () => {
  const plan = planWith({ endpoints: ["sqs", "sts", "ecr", "s3", "logs"] });
  const files = await validFiles(plan);
  assert.ok(files.has("modules/data-plane/endpoints.tf"));
  assert.deepStrictEqual(resourceJson(plan.module, "aws_vpc_endpoint", "interface"), {
    for_each: '${toset(["sqs", "sts", "ecr.api", "ecr.dkr", "logs"])}',
    vpc_id: "${aws_vpc.network.id}",
    service_name: "com.amazonaws.eu-west-1.${each.key}",
    vpc_endpoint_type: "Interface",
    subnet_ids: "${[for zone, it in aws_subnet.node : it.id]}",
    security_group_ids: ["${aws_security_group.endpoints.id}"],
    private_dns_enabled: true,
    tags: { Name: "acme-prod-${each.key}" },
  });
  assert.deepStrictEqual(resourceJson(plan.module, "aws_vpc_endpoint", "s3"), {
    vpc_id: "${aws_vpc.network.id}",
    service_name: "com.amazonaws.eu-west-1.s3",
    vpc_endpoint_type: "Gateway",
    route_table_ids: "${[for zone, it in aws_route_table.node : it.id]}",
    tags: { Name: "acme-prod-s3" },
  });
  assert.deepStrictEqual(resourceJson(plan.module, "aws_vpc_security_group_ingress_rule", "endpoints-https-from-nodes"), {
    security_group_id: "${aws_security_group.endpoints.id}",
    description: "HTTPS to the AWS service endpoints from the nodes",
    ip_protocol: "tcp",
    from_port: 443,
    to_port: 443,
    cidr_ipv4: "10.20.0.0/16",
  });
  assert.equal(resourceJson(plan.module, "aws_vpc_security_group_ingress_rule", "endpoints-https-from-pods").cidr_ipv4, "100.64.0.0/16");
  assert.ok(!resourceNames(plan.module, "aws_vpc_security_group_egress_rule").some((n) => n.startsWith("endpoints")), "endpoints never call out");
  assert.deepStrictEqual(errorsOf(plan), []);
});

test("only s3: a gateway endpoint and no interface endpoint nor its group; none by default", () => {
  const s3 = planWith({ endpoints: ["s3"] });
  assert.deepStrictEqual(resourceNames(s3.module, "aws_vpc_endpoint"), ["s3"]);
  assert.ok(!resourceNames(s3.module, "aws_security_group").includes("endpoints"));
  assert.deepStrictEqual(resourceNames(planWith({}).module, "aws_vpc_endpoint"), []);
});

test("an unknown or repeated endpoint is refused with the field, value and rule", () => {
  assert.equal(inputErrorOf({ endpoints: ["sqs", "ec2"] }), "aws.endpoints[1]: ec2 must be one of sqs, sts, ecr, s3, logs");
  assert.equal(inputErrorOf({ endpoints: ["sqs", "sqs"] }), "aws.endpoints[1]: sqs is listed twice: each endpoint once");
});

test("verify: an AWS service endpoint whose group refuses the nodes is an error naming the service (DPN-AWS-023)", () => {
  const plan = planWith({ endpoints: ["sqs", "ecr"] });
  assert.deepStrictEqual(
    checkPlan(plan).findings.filter((f) => f.id === "DPN-AWS-023"),
    [],
  );
  // The endpoints' group without its rules: nothing may open them.
  const blocks = plan.module.blocks;
  for (let i = blocks.length - 1; i >= 0; i--) if (blocks[i]!.labels[1]?.startsWith("endpoints-https-from-")) blocks.splice(i, 1);
  const found = checkPlan(plan).findings.filter((f) => f.id === "DPN-AWS-023");
  assert.deepStrictEqual(
    found.map((f) => `${f.severity} ${f.resource}`),
    ['error aws_vpc_endpoint.interface["ecr.api"]', 'error aws_vpc_endpoint.interface["ecr.dkr"]', 'error aws_vpc_endpoint.interface["sqs"]'],
  );
  assert.match(
    found[2]!.message,
    /^does not admit HTTPS from node subnet aws_subnet\.node\["eu-west-1a"\] \(denied, tcp 10\.20\.0\.4:1024-65535 -> [0-9.]+:443\): with private DNS, sqs resolves to this endpoint inside the VPC, so they cannot use sqs at all$/,
  );
  assert.ok(found[2]!.trace.length > 0, "the refusal's trace");
});
