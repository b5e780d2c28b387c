// The report's "Every check" table reads the right way round: each check titled as the property
// it asks for, `not applicable` where the data plane has nothing the check is about.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CHECKS } from "../src/analyze/checks/catalog.js";
import { REPORT_FILE } from "../src/render/files.js";
import { exampleVisuals } from "./support/visuals.js";

/** The table's rows as `result id title`. */
function everyCheck(html: string): string[] {
  const table = html.slice(html.indexOf("<h3>Every check</h3>"));
  return [...table.matchAll(/<tr><td><span class="\w+">([^<]+)<\/span><\/td><td><code>([^<]+)<\/code><\/td><td>([^<]+)<\/td><\/tr>/g)].map(
    (m) => `${m[1]} ${m[2]} ${m[3]!.replace(/&#39;/g, "'")}`,
  );
}

test("internet-mode AWS: PrivateLink's checks are not applicable, the sync listener check holds under its good title", () => {
  const rows = everyCheck(exampleVisuals("aws-internet").get(REPORT_FILE)!);
  assert.ok(rows.includes("holds DPN-AWS-106 Sync port not shared with a wider ingress listener"));
  assert.ok(rows.includes("not applicable DPN-AWS-011 The endpoint service allows only the control plane"));
  assert.ok(rows.includes("not applicable DPN-AWS-104 No unused controlPlane.cidrs with PrivateLink"));
  assert.ok(rows.includes("not applicable DPN-AWS-107 No transit gateway attachment propagates the shared pod block"));
  assert.ok(rows.includes("holds DPN-AWS-014 kube-apiserver admits only its allowed CIDRs"));
  assert.ok(rows.includes("holds DPN-AWS-009 The control plane reaches the sync port"));
});

test("PrivateLink AWS: the internet sync listener check is not applicable, PrivateLink's apply", () => {
  const html = exampleVisuals("aws-privatelink").get(REPORT_FILE)!;
  const rows = everyCheck(html);
  assert.ok(rows.includes("not applicable DPN-AWS-106 Sync port not shared with a wider ingress listener"));
  assert.ok(rows.includes("holds DPN-AWS-011 The endpoint service allows only the control plane"));
  assert.ok(rows.includes("warning DPN-AWS-107 No transit gateway attachment propagates the shared pod block"));
  assert.match(html, /<dt>Checks<\/dt><dd>\d+ of \d+ hold, \d+ not applicable<\/dd>/);
});

test("managed Azure: the customer-managed firewall route check is not applicable", () => {
  const rows = everyCheck(exampleVisuals("azure-managed").get(REPORT_FILE)!);
  assert.ok(rows.includes("not applicable DPN-AZ-006 Nodes and pods route 0.0.0.0/0 to the firewall (customerManaged)"));
});

test("no check is titled by what goes wrong", () => {
  const badly = CHECKS.filter((c) => /^(Admin ports opened|Sync port shared|Transit gateway attachment would|controlPlane\.cidrs unused)/.test(c.title));
  assert.deepEqual(badly, []);
});
