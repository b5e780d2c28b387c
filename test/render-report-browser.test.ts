// The report as a person sees it: each example's report.html opened in headless Chromium (no
// console errors, nothing fetched, the diagram's zones, subnets and gateways there, no text
// sticking out of its box), with a screenshot kept in .tmp/screenshots/ to look at.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { REPORT_FILE } from "../src/render/files.js";
import { Browser, findChromium, inspectPage } from "./support/chromium.js";
import { exampleVisuals } from "./support/visuals.js";

const chromium = findChromium();
// The reason shows in the test output (`# SKIP chromium not found …`); .ci/run says it too.
const skip = chromium ? false : "chromium not found (apt-get install -y chromium, or set CHROMIUM): the report's screenshot test is skipped";

const root = new URL("../../", import.meta.url).pathname;
const shots = join(root, ".tmp/screenshots");
const dir = mkdtempSync(join(tmpdir(), "dpnet-report-"));
let browser: Browser | undefined;

before(() => {
  if (chromium) browser = Browser.launch(chromium);
  mkdirSync(shots, { recursive: true });
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

// Read in the page: what the SVG holds, and every text that runs past the right edge of its box.
const EXPRESSIONS = {
  zones: `[...document.querySelectorAll("svg.dpnet-diagram rect.zone")].map((r) => r.dataset.zone)`,
  subnets: `document.querySelectorAll("svg.dpnet-diagram g.subnet").length`,
  nats: `document.querySelectorAll("svg.dpnet-diagram g.nat-gateway").length`,
  gateways: `[...document.querySelectorAll("svg.dpnet-diagram g.chip.internet-gateway, svg.dpnet-diagram g.chip.gateway, svg.dpnet-diagram g.chip.firewall")].map((g) => g.querySelector(":scope > text").textContent)`,
  loadBalancers: `document.querySelectorAll("svg.dpnet-diagram g.load-balancer").length`,
  links: `[...document.querySelectorAll("svg.dpnet-diagram g.link")].map((g) => g.getAttribute("class"))`,
  sections: `[...document.querySelectorAll("section")].map((s) => s.id)`,
  details: `document.querySelectorAll("details").length`,
  overflowing: `[...document.querySelectorAll("svg.dpnet-diagram g")].flatMap((g) => {
    const box = g.querySelector(":scope > rect.box");
    if (!box) return [];
    const right = box.getBBox().x + box.getBBox().width;
    return [...g.querySelectorAll(":scope > text")].filter((t) => { const b = t.getBBox(); return t.getAttribute("text-anchor") === null && b.x + b.width > right + 0.5; }).map((t) => t.textContent);
  })`,
};

async function openReport(example: string): Promise<Record<string, unknown>> {
  const file = join(dir, `${example}.${REPORT_FILE}`);
  writeFileSync(file, exampleVisuals(example).get(REPORT_FILE)!);
  const run = await inspectPage(browser!, pathToFileURL(file).href, EXPRESSIONS, 1680);
  writeFileSync(join(shots, `${example}.report.png`), run.screenshot);
  assert.deepEqual(run.errors, [], "no console errors");
  assert.deepEqual(run.requests, [], "nothing fetched: the report is self-contained");
  assert.ok(run.screenshot.length > 50_000 && run.screenshot.subarray(1, 4).toString() === "PNG");
  assert.deepEqual(run.values["overflowing"], [], "every text fits its box");
  return run.values;
}

test("aws-internet report in Chromium: 3 zones, 9 subnets, NAT per zone, gateways, NLBs, both links", { skip, timeout: 60_000 }, async () => {
  const page = await openReport("aws-internet");
  assert.deepEqual(page["zones"], ["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
  assert.equal(page["subnets"], 9);
  assert.equal(page["nats"], 3);
  assert.deepEqual(page["gateways"], ["peering → 192.168.4.0/24", "internet gateway"]);
  assert.equal(page["loadBalancers"], 2);
  assert.deepEqual(page["links"], ["link sync", "link async"]);
  assert.deepEqual(page["sections"], ["summary", "diagram", "addresses", "outputs", "checks", "capacity"]);
});

test("azure-customer-managed report in Chromium: the firewall, 3 subnets, what the customer must configure", { skip, timeout: 60_000 }, async () => {
  const page = await openReport("azure-customer-managed");
  assert.deepEqual(page["zones"], [""]);
  assert.equal(page["subnets"], 3);
  assert.deepEqual(page["gateways"], ["firewall 10.0.0.4"]);
  assert.deepEqual(page["links"], ["link sync", "link async"]);
  assert.deepEqual(page["sections"], ["summary", "diagram", "addresses", "outputs", "checks", "capacity", "customer"]);
});
