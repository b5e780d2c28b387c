// --aws-live without a network: the SDK calls are replaced by recorded responses (the describe-*
// outputs of a Batfish snapshot and of the fixtures, which are what the SDK returns), and the
// result must equal the import of the same data from files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Json } from "../src/io/json-folder.js";
import { importAwsDescribe } from "../src/import/aws/describe.js";
import { type AwsCall, readAwsLive } from "../src/import/live/aws.js";
import { loadOptional } from "../src/import/live/sdk.js";
import { BATFISH, FIXTURES, withoutSources } from "./audit-fixtures.js";

const METADATA = { $metadata: { httpStatusCode: 200, requestId: "recorded", attempts: 1 } };

/** Every record of a folder of exports by top-level key (Batfish's wrappers kept as they are). */
function recorded(...dirs: string[]): Map<string, Json[]> {
  const byKey = new Map<string, Json[]>();
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const data = JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, Json[]>;
      for (const [key, list] of Object.entries(data)) if (Array.isArray(list)) byKey.set(key, [...(byKey.get(key) ?? []), ...list]);
    }
  }
  return byKey;
}

/** The EC2 and ELB responses, from recorded records; lists of more than 2 come in pages of 2. */
function recordedCall(records: Map<string, Json[]>, log: string[]): AwsCall {
  const page = (key: string, items: Json[], token: unknown, nextKey: string): Json => {
    const start = typeof token === "string" ? Number(token) : 0;
    const next = start + 2 < items.length ? { [nextKey]: String(start + 2) } : {};
    return { ...METADATA, [key]: items.slice(start, start + 2), ...next };
  };
  const forArn = (wrapper: string, arnKey: string, arn: unknown, inner: string) =>
    (records.get(wrapper) ?? []).filter((w) => w[arnKey] === arn).flatMap((w) => (w[inner] as Json[]) ?? []);
  return async (service, operation, input) => {
    log.push(`${service} ${operation}${(input.NextToken ?? input.Marker) ? " (next page)" : ""}`);
    if (service === "ec2") {
      const key =
        { DescribeInstances: "Reservations", DescribeVpcEndpointServicePermissions: "AllowedPrincipals" }[operation] ?? operation.replace(/^Describe/, "");
      const aliases: Record<string, string> = { VpcEndpointServiceConfigurations: "ServiceConfigurations" };
      const name = aliases[key] ?? key;
      return page(name, records.get(name) ?? [], input.NextToken, "NextToken");
    }
    switch (operation) {
      case "DescribeLoadBalancers":
        return page("LoadBalancers", records.get("LoadBalancers") ?? [], input.Marker, "NextMarker");
      case "DescribeTargetGroups":
        return page("TargetGroups", records.get("TargetGroups") ?? [], input.Marker, "NextMarker");
      case "DescribeListeners":
        return { ...METADATA, Listeners: forArn("LoadBalancerListeners", "LoadBalancerArn", input.LoadBalancerArn, "Listeners") };
      case "DescribeLoadBalancerAttributes":
        return { ...METADATA, Attributes: forArn("LoadBalancerAttributes", "LoadBalancerArn", input.LoadBalancerArn, "Attributes") };
      case "DescribeTargetHealth":
        return {
          ...METADATA,
          TargetHealthDescriptions: forArn("LoadBalancerTargetHealth", "TargetGroupArn", input.TargetGroupArn, "TargetHealthDescriptions"),
        };
      case "DescribeTargetGroupAttributes":
        return { ...METADATA, Attributes: [] };
      default:
        throw new Error(`not recorded: ${operation}`);
    }
  };
}

test("--aws-live reads every page and per-resource list, and gives what the same data gives from files", async () => {
  const dir = join(BATFISH, "test-load-balancer");
  const log: string[] = [];
  const progress: string[] = [];
  const live = await readAwsLive({ region: "us-east-2", call: recordedCall(recorded(dir), log), progress: (t) => progress.push(t) });
  const files = await importAwsDescribe(dir);
  assert.deepEqual(withoutSources(live.topology), withoutSources(files.topology));
  assert.deepEqual(live.gaps, files.gaps);
  // Five network interfaces come in three pages; each load balancer and target group gets its own calls.
  assert.deepEqual(
    log.filter((l) => l.includes("NetworkInterfaces")),
    ["ec2 DescribeNetworkInterfaces", "ec2 DescribeNetworkInterfaces (next page)", "ec2 DescribeNetworkInterfaces (next page)"],
  );
  assert.deepEqual(
    log.filter((l) => l.startsWith("elbv2")),
    [
      "elbv2 DescribeLoadBalancers",
      "elbv2 DescribeTargetGroups",
      "elbv2 DescribeTargetGroups (next page)",
      "elbv2 DescribeListeners",
      "elbv2 DescribeLoadBalancerAttributes",
      ...Array.from({ length: 4 }, () => ["elbv2 DescribeTargetHealth", "elbv2 DescribeTargetGroupAttributes"]).flat(),
    ],
  );
  assert.ok(
    log.every((l) => /^(ec2|elbv2) Describe/.test(l)),
    "read-only calls only",
  );
  assert.equal(progress[0], "reading AWS us-east-2: DescribeVpcs (call 1)");
  assert.equal(live.locations.get("vpc-015b20578b48c1349")?.file, "aws ec2 DescribeVpcs");
});

test("--aws-live --vpc asks EC2 for that VPC's elements only", async () => {
  const inputs: Json[] = [];
  const records = recorded(join(FIXTURES, "aws-compliant"));
  const call = recordedCall(records, []);
  const live = await readAwsLive({ vpc: "vpc-0dataplane", call: (s, o, input) => (inputs.push({ o, ...input }), call(s, o, input)) });
  assert.deepEqual(
    inputs.find((i) => i.o === "DescribeSubnets"),
    { o: "DescribeSubnets", Filters: [{ Name: "vpc-id", Values: ["vpc-0dataplane"] }] },
  );
  assert.deepEqual(
    inputs.find((i) => i.o === "DescribeInternetGateways"),
    { o: "DescribeInternetGateways", Filters: [{ Name: "attachment.vpc-id", Values: ["vpc-0dataplane"] }] },
  );
  assert.equal(live.topology.subnets.length, 9);
});

test("a failing call (credentials, permissions) is an input error naming the call", async () => {
  const call: AwsCall = async (_s, operation) => {
    if (operation === "DescribeSubnets") throw new Error("UnauthorizedOperation: You are not authorized to perform this operation.");
    return { Vpcs: [] };
  };
  await assert.rejects(readAwsLive({ call }), /--aws-live: ec2 DescribeSubnets failed: UnauthorizedOperation: You are not authorized/);
});

test("a missing optional SDK package says how to install it", async () => {
  await assert.rejects(
    loadOptional("@aws-sdk/client-not-a-real-one", "--aws-live"),
    /--aws-live: needs the optional package @aws-sdk\/client-not-a-real-one, which is not installed: run npm install @aws-sdk\/client-not-a-real-one/,
  );
});
