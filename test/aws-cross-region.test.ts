// Issue 15.6: a control plane in one region consuming data planes in others over PrivateLink:
// controlPlane.awsRegion offers the sync endpoint service there too (supported_regions), the
// module outputs the zone IDs a same-region consumer must match, and verify names a service the
// control plane's region cannot use (DPN-AWS-024).
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkPlan } from "../src/analyze/checks/plan.js";
import { moduleJson } from "../src/terraform/json.js";
import { inputErrorOf, planWith } from "./support/aws-views.js";
import { resourceJson, validFiles } from "./support/terraform.js";
import { errorsOf } from "./support/checks.js";

const privatelink = { connectivity: "privatelink", awsAccountId: "111122223333", externalId: "acme-7f3a9c" };

test("a control plane in us-east-1: the service is offered in both regions, zone IDs are an output, no error", async () => {
  const plan = planWith({}, { ...privatelink, awsRegion: "us-east-1" });
  await validFiles(plan);
  const service = resourceJson(plan.module, "aws_vpc_endpoint_service", "sync");
  assert.deepStrictEqual(service.supported_regions, ["eu-west-1", "us-east-1"]);
  const outputs = (moduleJson(plan.module) as { output: Record<string, { value: string }[]> }).output;
  assert.equal(outputs.endpoint_service_zone_ids![0]!.value, "${[for zone, it in aws_subnet.node : it.availability_zone_id]}");
  assert.deepStrictEqual(errorsOf(plan), []);
});

test("a control plane in the data plane's own region: no supported_regions; the zone IDs are still an output", () => {
  for (const cp of [privatelink, { ...privatelink, awsRegion: "eu-west-1" }]) {
    const plan = planWith({}, cp);
    assert.equal(resourceJson(plan.module, "aws_vpc_endpoint_service", "sync").supported_regions, undefined);
    assert.ok("endpoint_service_zone_ids" in (moduleJson(plan.module) as { output: object }).output);
  }
  assert.ok(
    !("endpoint_service_zone_ids" in (moduleJson(planWith({}, { connectivity: "internet", cidrs: ["198.51.100.0/24"] }).module) as { output: object }).output),
  );
});

test("controlPlane.awsRegion must be an AWS region name", () => {
  assert.equal(inputErrorOf({}, { ...privatelink, awsRegion: "Europe" }), "controlPlane.awsRegion: Europe is not an AWS region name like eu-west-1");
});

test("verify: a service not offered in the control plane's region is an error on the service (DPN-AWS-024)", () => {
  const plan = planWith({}, { ...privatelink, awsRegion: "us-east-1" });
  const service = plan.module.get("aws_vpc_endpoint_service", "sync");
  service.body.supported_regions = ["eu-west-1", "us-west-2"];
  const found = checkPlan(plan).findings.filter((f) => f.id === "DPN-AWS-024");
  assert.deepStrictEqual(
    found.map((f) => `${f.severity} ${f.resource}: ${f.message}`),
    [
      "error aws_vpc_endpoint_service.sync: the control plane is in us-east-1 but the endpoint service in eu-west-1 is offered to eu-west-1, us-west-2: the control plane cannot create its endpoint; add us-east-1 to supported_regions",
    ],
  );
  delete service.body.supported_regions;
  assert.match(checkPlan(plan).findings.find((f) => f.id === "DPN-AWS-024")!.message, /offered to only its own region eu-west-1:/);
});
