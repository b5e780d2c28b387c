// The table of AWS regions and zones (src/spec/aws-zones.ts) is what tools/aws-zones.mjs writes
// from tools/data/aws-zones.tsv, and every region in it names real zones.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { AWS_REGION_ZONES } from "../src/spec/aws-zones.js";
import { AWS_REGION, AWS_ZONE_ID } from "../src/spec/cloud-ids.js";

const root = new URL("../../", import.meta.url).pathname;

test("src/spec/aws-zones.ts is current (regenerate with: node tools/aws-zones.mjs)", async () => {
  const { renderAwsZones } = await import(`${root}tools/aws-zones.mjs`);
  assert.equal(renderAwsZones(readFileSync(`${root}tools/data/aws-zones.tsv`, "utf8")), readFileSync(`${root}src/spec/aws-zones.ts`, "utf8"));
});

test("every region's zone ids are the region's own, one per letter", () => {
  assert.equal(Object.keys(AWS_REGION_ZONES).length, 38);
  for (const [region, zones] of Object.entries(AWS_REGION_ZONES)) {
    assert.match(region, AWS_REGION);
    assert.equal(zones.ids.length, zones.letters.length, region);
    // An AZ id is the region's first letters and number (use1 for us-east-1), then -az and a number.
    const parts = region.split("-");
    for (const id of zones.ids) {
      assert.match(id, AWS_ZONE_ID, region);
      assert.ok(id.startsWith(parts[0]!) && id.split("-")[0]!.endsWith(parts.at(-1)!), `${id} in ${region}`);
    }
  }
});
