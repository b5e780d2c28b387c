// Capacity on an audit of an AWS export (issue 20): DPN-AWS-110, a node subnet without room for a
// node group's upgrade surge; DPN-AWS-111, a node running pods on the primary CIDR while the others
// use ENIConfigs. Hand-made exports in test/fixtures, laid over aws-compliant.
import { test } from "node:test";
import assert from "node:assert/strict";
import { audit } from "../src/analyze/audit/index.js";
import { importAwsDescribe } from "../src/import/aws/describe.js";
import { exportOf } from "./audit-fixtures.js";

async function auditOf(...variants: string[]) {
  return audit(await importAwsDescribe(exportOf("aws-compliant", ...variants)));
}

test("a node subnet with fewer free addresses than two new nodes take: DPN-AWS-110", async () => {
  const report = await auditOf("aws-node-subnet-full");
  const surge = report.findings.filter((f) => f.id === "DPN-AWS-110");
  assert.deepEqual(
    surge.map((f) => [f.severity, f.resource, f.message]),
    [
      [
        "warning",
        "subnet-node-c",
        "node subnet 10.0.24.16/28 (eu-west-1c) has 5 free addresses, fewer than one node group's upgrade surge needs: 2 new nodes x 5 addresses = 10",
      ],
    ],
  );
  assert.deepEqual(surge[0]!.trace[0], { id: "subnet-node-c", kind: "subnet", decision: "11 usable, 6 held by interfaces in the export" });
});

test("nodes whose pods take node subnet addresses while the others use ENIConfigs: DPN-AWS-111, one per node", async () => {
  const report = await auditOf("aws-node-pods-primary");
  assert.deepEqual(
    report.findings.map((f) => [f.id, f.resource, f.message]),
    [
      [
        "DPN-AWS-111",
        "i-late",
        "i-late runs pods on the primary CIDR while other nodes use ENIConfigs (custom networking): eni-late-pods (device 1) in subnet-node-a; it joined before its ENIConfig applied: replace it",
      ],
      [
        "DPN-AWS-111",
        "i-old",
        "i-old runs pods on the primary CIDR while other nodes use ENIConfigs (custom networking): 2 secondary addresses on its primary interface eni-old-primary; it joined before its ENIConfig applied: replace it",
      ],
    ],
  );
});

test("without custom networking in the export (no secondary interface in a pod subnet), no DPN-AWS-111", async () => {
  const report = await auditOf();
  assert.deepEqual(report.findings, []);
});
