// The report as a person sees it: each example's report.html opened in headless Chromium (no
// console errors, nothing fetched, the diagram's zones, subnets and gateways there, no text
// sticking out of its box), with a screenshot kept in .tmp/screenshots/ to look at.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { REPORT_FILE } from "../src/render/files.js";
import { Browser, findChromium, inspectPage, printPage } from "./support/chromium.js";
import { exampleVisuals } from "./support/visuals.js";

const chromium = findChromium();
// The reason shows in the test output (`# SKIP chromium not found …`); .ci/run says it too.
const skip = chromium ? false : "chromium not found (apt-get install -y chromium, or set CHROMIUM): the report's screenshot test is skipped";

// Printing is checked through poppler's pdftotext (and pdftoppm for pages to look at).
const poppler = ["/usr/bin/pdftotext", "/usr/bin/pdftoppm"].every((p) => existsSync(p));
const skipPrint = skip || (poppler ? false : "pdftotext/pdftoppm not found (apt-get install -y poppler-utils): the report's printing test is skipped");

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

/** Each zone of the diagram, "in view" when its whole column is inside the window, else "cut off". */
const ZONES_IN_VIEW = `(() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("svg.dpnet-diagram rect.zone")].map((r) => {
    const b = r.getBoundingClientRect();
    return r.dataset.zone + (b.left >= 0 && b.right <= width ? " in view" : " cut off");
  });
})()`;

test("aws-internet report at a 1280 px window: the diagram scales to the page, every zone in view, nothing to scroll", { skip, timeout: 60_000 }, async () => {
  const file = join(dir, "aws-internet.1280.html");
  writeFileSync(file, exampleVisuals("aws-internet").get(REPORT_FILE)!);
  const run = await inspectPage(
    browser!,
    pathToFileURL(file).href,
    { zones: ZONES_IN_VIEW, scrolls: "document.documentElement.scrollWidth > document.documentElement.clientWidth" },
    1280,
  );
  writeFileSync(join(shots, "aws-internet.report.1280.png"), run.screenshot);
  assert.deepEqual(run.values["zones"], ["eu-west-1a in view", "eu-west-1b in view", "eu-west-1c in view"]);
  assert.equal(run.values["scrolls"], false);
});

/** At a design document's 800 px: which layout shows, the compact one's text as rendered, its subnets in view. */
const AT_800 = {
  shown: `[...document.querySelectorAll(".diagram > div")].map((d) => d.className + " " + getComputedStyle(d).display)`,
  // The rendered size of the diagram's body text: its font size times the SVG's scale on the page.
  textPx: `(() => {
    const svg = document.querySelector("svg.dpnet-compact-diagram");
    const text = svg.querySelector("g.subnet text.t-muted");
    return Math.round(parseFloat(getComputedStyle(text).fontSize) * svg.getScreenCTM().a * 10) / 10;
  })()`,
  subnets: `(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("svg.dpnet-compact-diagram g.subnet > rect.box")].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.left >= 0 && b.right <= width && b.width > 0;
    }).length;
  })()`,
  scrolls: "document.documentElement.scrollWidth > document.documentElement.clientWidth",
  overflowing: EXPRESSIONS.overflowing.replaceAll("svg.dpnet-diagram", "svg.dpnet-compact-diagram"),
};

test("aws-internet report at a design document's 800 px: the compact layout, its text at least 10 px, all 9 subnets in view", {
  skip,
  timeout: 60_000,
}, async () => {
  const file = join(dir, "aws-internet.800.html");
  writeFileSync(file, exampleVisuals("aws-internet").get(REPORT_FILE)!);
  const run = await inspectPage(browser!, pathToFileURL(file).href, AT_800, 800);
  writeFileSync(join(shots, "aws-internet.report.800.png"), run.screenshot);
  assert.deepEqual(run.values["shown"], ["wide none", "compact block"]);
  assert.ok((run.values["textPx"] as number) >= 10, `text at ${run.values["textPx"]} px`);
  console.log(`800 px: the compact diagram's text renders at ${run.values["textPx"]} px`);
  assert.equal(run.values["subnets"], 9);
  assert.equal(run.values["scrolls"], false);
  assert.deepEqual(run.values["overflowing"], [], "every text fits its box");
});

test("aws-internet report printed to PDF: the diagram on one page with every zone, the VPC and the last zone's pod subnet", {
  skip: skipPrint,
  timeout: 60_000,
}, async () => {
  const html = join(dir, "aws-internet.print.html");
  const pdf = join(dir, "aws-internet.report.pdf");
  writeFileSync(html, exampleVisuals("aws-internet").get(REPORT_FILE)!);
  writeFileSync(pdf, await printPage(browser!, pathToFileURL(html).href));
  const pages = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).split("\f");
  const diagramPages = pages.flatMap((text, i) => (text.includes("Region eu-west-1") ? [i + 1] : []));
  assert.deepEqual(diagramPages, [2], "the diagram starts page 2 and stays on it");
  const page = pages[1]!;
  for (const text of ["VPC acme-prod", "eu-west-1a", "eu-west-1b", "eu-west-1c", "pod-eu-west-1c", "Control plane", "inbound-dlq"]) {
    assert.ok(page.includes(text), `page 2 shows ${text}`);
  }
  // Pages to look at: .tmp/screenshots/aws-internet.report.pdf-1.png, -2.png, ...
  execFileSync("pdftoppm", ["-png", "-r", "60", pdf, join(shots, "aws-internet.report.pdf")]);
});
