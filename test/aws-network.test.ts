import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSpec, type SpecInput } from "../src/spec/index.js";
import { planSpec } from "../src/plan/index.js";
import { resourceJson, validFiles } from "./support/terraform.js";

const base = { name: "acme-prod", cloud: "aws", aws: { region: "eu-west-1", vpc: { cidr: "10.20.0.0/16" } } } satisfies SpecInput;

test("the example's module is valid Terraform", async () => {
  const plan = planSpec(parseSpec(base));
  const files = await validFiles(plan);
  assert.ok(files.has("network.tf"));
  assert.deepStrictEqual(resourceJson(plan.module, "aws_vpc_ipv4_cidr_block_association", "pods"), { vpc_id: "${aws_vpc.network.id}", cidr_block: "100.64.0.0/16" });
});
