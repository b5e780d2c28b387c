// What a first look at the diagram trips over: names AWS's length limit hashed, queue names cut
// alike, legend entries for what is not drawn, an empty control-plane box taller than its text.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkPlan } from "../src/analyze/checks/plan.js";
import { planSpec } from "../src/plan/index.js";
import { DIAGRAM_FILE, renderVisuals } from "../src/render/files.js";
import { parseSpec, type SpecInput } from "../src/spec/index.js";
import { exampleVisuals } from "./support/visuals.js";
import { ofClass, texts } from "./support/svg.js";

function diagramOf(input: SpecInput): string {
  const plan = planSpec(parseSpec(input));
  return renderVisuals({ plan, ...checkPlan(plan), source: { label: "spec.yaml", text: "" } }).get(DIAGRAM_FILE)!;
}

const legend = (svg: string) => [...svg.matchAll(/<g class="swatch tier-(\w+)">/g)].map((m) => m[1]);

test("a 30-character name: load balancers and target groups named by purpose, not by the hashed AWS name; the two queues told apart", () => {
  const name = "acme-production-eu-west-plane1";
  const svg = diagramOf({
    name,
    cloud: "aws",
    aws: { region: "eu-west-1", vpc: { cidr: "10.20.0.0/16" }, ingress: { ports: [443] } },
    controlPlane: { connectivity: "internet", cidrs: ["203.0.113.0/24"], awsAccountId: "111122223333", externalId: "x-123" },
  });
  assert.deepEqual(
    ofClass(svg, "load-balancer").map((lb) => texts(lb.markup)[0]),
    ["ingress"],
  );
  assert.deepEqual(
    ofClass(svg, "listener").map((l) => texts(l.markup)[0]),
    ["TCP 443 → workers-https:443 · sync"],
  );
  assert.deepEqual(texts(ofClass(svg, "queues")[0]!.markup), ["SQS queues", "inbound", "inbound-dlq"]);
});

test("the legend lists only the tiers and links drawn: no db on AWS, no public on Azure, no error sample without errors", () => {
  const aws = exampleVisuals("aws-internet").get(DIAGRAM_FILE)!;
  assert.deepEqual(legend(aws), ["public", "nodes", "pods"]);
  assert.match(aws, /sync link<\/text>/);
  assert.doesNotMatch(aws, /error finding<\/text>/);
  const azure = exampleVisuals("azure-managed").get(DIAGRAM_FILE)!;
  assert.deepEqual(legend(azure), ["nodes", "pods", "db"]);
});

test("the control-plane box is as tall as its text, its arrows leave it one above the other", () => {
  const svg = exampleVisuals("aws-internet").get(DIAGRAM_FILE)!;
  const [cp] = ofClass(svg, "control-plane");
  assert.equal(cp!.h, 95, "the heading and 3 lines");
  const starts = [...svg.matchAll(/<g class="link (sync|async)"[^>]*><title>[^<]*<\/title><path class="arrow \w+" d="M([\d.]+) ([\d.]+)/g)].map((m) => [
    m[1],
    Number(m[2]) === cp!.x + cp!.w,
    Number(m[3]) > cp!.y && Number(m[3]) < cp!.y + cp!.h,
  ]);
  assert.deepEqual(starts, [
    ["sync", true, true],
    ["async", true, true],
  ]);
});
