// Intents: `must reach` / `must not reach` for every packet. The seed's default intents on every
// example; the intents file synth writes beside the module, which verify, exposure and test judge
// by (so a hand edit that opens the sync port to half the internet no longer verifies clean);
// your own intents in `dpnet test`, with exit codes and bad-input errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { internetSpace } from "../src/analyze/space/analysis.js";
import { defaultIntents, parseIntents, testIntents } from "../src/analyze/space/intents.js";
import { intersect, prefixRange, setToCidrs } from "../src/ipam/intervals.js";
import { parsePrefix } from "../src/ipam/prefix.js";
import { dpnet } from "./support/cli.js";
import { EXAMPLES, PLANTED_NLB_RULE, examplePath, loadExample, moduleFile } from "./support/examples.js";

const LOWER_HALF = setToCidrs(4, intersect(internetSpace(4), [prefixRange(parsePrefix("0.0.0.0/1")!)]));

function synthesized(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "dpnet-intents-")), "infra");
  const r = dpnet("synth", examplePath("aws-internet"), "-o", dir);
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

test("the seed's intents hold on every example", async () => {
  const held: Record<string, string[]> = {};
  for (const name of EXAMPLES) {
    const loaded = await loadExample(name);
    held[name] = testIntents(loaded.topology, loaded.context, defaultIntents(loaded.context).intents).map(
      (r) => `${r.holds ? "holds" : "fails"}: ${r.intent.name}${r.unanswerable ? ` (${r.unanswerable})` : ""}`,
    );
  }
  assert.deepStrictEqual(held, {
    "aws-internet": [
      "holds: the control plane reaches the sync port",
      "holds: nothing else on the internet reaches the sync port",
      "holds: only the allowed CIDRs reach kube-apiserver",
      "holds: nothing on the internet reaches the pods",
      "holds: no SSH or RDP from the internet",
      "holds: pods reach nothing outside the network",
      "holds: nodes reach the internet over HTTPS",
    ],
    // The customer's public subnets are read: whether the nodes get out through them is known when Terraform reads them.
    "aws-existing-vpc": [
      "holds: the control plane reaches the sync port",
      "holds: nothing else on the internet reaches the sync port",
      "holds: nothing on the internet reaches the pods",
      "holds: no SSH or RDP from the internet",
      "holds: pods reach nothing outside the network",
      'fails: nodes reach the internet over HTTPS (data.aws_subnet.public["eu-west-1a"] could not be read: known only when Terraform reads it)',
    ],
    "aws-privatelink": [
      "holds: nothing on the internet reaches the pods",
      "holds: no SSH or RDP from the internet",
      "holds: pods reach nothing outside the network",
      "holds: nodes reach the internet over HTTPS",
    ],
    "azure-managed": [
      "holds: nothing on the internet reaches the pods",
      "holds: no SSH or RDP from the internet",
      "holds: nodes reach the internet over HTTPS",
    ],
    "azure-customer-managed": [
      "holds: nothing on the internet reaches the pods",
      "holds: no SSH or RDP from the internet",
      "fails: nodes reach the internet over HTTPS (no packet matches both its from and its to in this network)",
    ],
  });
});

test("synth writes the spec's intents beside the module; a hand edit opening the sync port to 0.0.0.0/1 fails verify with the exact class", () => {
  const dir = synthesized();
  const file = parseIntents(readFileSync(join(dir, "intents.yaml"), "utf8"), "intents.yaml");
  assert.deepStrictEqual(file.controlPlane?.cidrs, ["203.0.113.0/24"]);
  assert.equal(dpnet("verify", dir).code, 0);
  appendFileSync(moduleFile(dir, "security.tf"), PLANTED_NLB_RULE);
  const r = dpnet("verify", dir, "--json");
  assert.equal(r.code, 1, r.stdout);
  const doc = JSON.parse(r.stdout) as { assumed: string[]; findings: { id: string; resource: string; message: string }[] };
  // The control plane is what the intents file says, not what the module now admits.
  assert.ok(!doc.assumed.some((a) => a.includes("control plane")), doc.assumed.join("\n"));
  const failing = doc.findings.filter((f) => f.id === "DPN-TEST-001");
  assert.deepStrictEqual(
    failing.map((f) => f.resource),
    ["nothing else on the internet reaches the sync port"],
  );
  assert.match(
    failing[0]!.message,
    /^must not reach: from internet except control-plane to sync tcp 443 fails for tcp 443 from 1\.0\.0\.0\/8, 2\.0\.0\.0\/7, 4\.0\.0\.0\/6 \(\+16 more\) \(internet\) to 198\.51\.100\.4\/31, 198\.51\.100\.6\/32; witness tcp 1\.0\.0\.0:1024-65535 -> 198\.51\.100\.4:443: admitted at the listener/,
  );
  const t = dpnet("test", join(dir, "intents.yaml"), dir, "--json");
  assert.equal(t.code, 1);
  const results = JSON.parse(t.stdout).results as { holds: boolean; violations: { ports: string; sources: string[]; destinations: string[] }[] }[];
  assert.deepStrictEqual(
    results.map((x) => x.holds),
    [true, false, true, true, true, true, true],
  );
  assert.deepStrictEqual(
    results[1]!.violations.map((v) => [v.ports, v.sources, v.destinations]),
    [["443", LOWER_HALF, ["198.51.100.4/31", "198.51.100.6/32"]]],
  );
});

test("dpnet test with your own intents: port ranges, protocols, except; exit 0 when all hold, 1 with the class and its witness trace when one fails", () => {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-own-intents-"));
  const own = join(dir, "mine.yaml");
  writeFileSync(
    own,
    [
      "version: 1",
      "intents:",
      "  - name: the extra service is public",
      "    must: reach",
      "    from: internet",
      "    to: aws_lb_listener.service-some-app",
      "  - name: nothing below 1024 but 80 and 443 from the internet",
      "    must: not reach",
      "    from: internet",
      "    except: [203.0.113.0/24]",
      "    to: network",
      "    protocol: tcp",
      "    ports: [0-79, 81-442, 444-1023]",
      "  - name: no UDP in from the internet",
      "    must: not reach",
      "    from: internet",
      "    to: network",
      "    protocol: udp",
      "",
    ].join("\n"),
  );
  const ok = dpnet("test", own, examplePath("aws-internet"));
  assert.equal(ok.code, 0, ok.stdout);
  assert.match(ok.stdout, /: 3 of 3 intents hold \(intents from .*mine\.yaml\)\n/);
  appendFileSync(
    own,
    ["  - name: nothing above 1024 from the internet", "    must: not reach", "    from: internet", "    to: network", "    ports: 1024-65535", ""].join("\n"),
  );
  const bad = dpnet("test", own, examplePath("aws-internet"));
  assert.equal(bad.code, 1);
  assert.match(
    bad.stdout,
    /\n {2}✗ nothing above 1024 from the internet \(must not reach: from internet to network tcp 1024-65535\)\n {6}tcp 3333 from 1\.0\.0\.0\/8, 2\.0\.0\.0\/7, 4\.0\.0\.0\/6 \(\+56 more\) \(internet\) to 198\.51\.100\.4\/31, 198\.51\.100\.6\/32\n {8}witness tcp 1\.0\.0\.0:1024-65535 -> 198\.51\.100\.\d:3333: admitted at the listener/,
  );
});

test("dpnet test: a bad intents file exits 2 naming the field, the value and the rule", () => {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-bad-intents-"));
  const write = (text: string) => {
    const f = join(dir, "intents.yaml");
    writeFileSync(f, text);
    return dpnet("test", f, examplePath("aws-internet"));
  };
  const must = write("version: 1\nintents:\n  - must: maybe\n    from: internet\n    to: pods\n");
  assert.equal(must.code, 2);
  assert.match(must.stderr, /intents\.yaml: intents\[0\]\.must: maybe Invalid option: expected one of "reach"\|"not reach"/);
  const ports = write("version: 1\nintents:\n  - must: reach\n    from: internet\n    to: pods\n    ports: 70000-80000\n");
  assert.equal(ports.code, 2);
  assert.match(ports.stderr, /intents\[0\]\.ports: 70000-80000 is not a port range within 0-65535/);
  assert.equal(dpnet("test", join(dir, "missing.yaml"), examplePath("aws-internet")).code, 2);
});

test("dpnet test on a plan JSON and an Azure export: the bastion breaks 'no SSH from the internet'; the Azure pods stay unreachable", () => {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-intents-any-"));
  const file = join(dir, "intents.yaml");
  writeFileSync(
    file,
    [
      "version: 1",
      "intents:",
      "  - name: no SSH from the internet",
      "    must: not reach",
      "    from: internet",
      "    to: network",
      "    protocol: tcp",
      "    ports: 22",
      "  - name: nothing on the internet reaches the pods",
      "    must: not reach",
      "    from: internet",
      "    to: pods",
      "",
    ].join("\n"),
  );
  const fixtures = new URL("../../test/fixtures/", import.meta.url).pathname;
  const plan = dpnet("test", file, join(fixtures, "terraform-show-plan.json"), "--json");
  assert.equal(plan.code, 1);
  const results = JSON.parse(plan.stdout).results as { holds: boolean; violations: { ports: string; landing?: string; destinations: string[] }[] }[];
  assert.deepStrictEqual(
    results.map((x) => x.holds),
    [false, true],
  );
  assert.deepStrictEqual(
    results[0]!.violations.map((v) => [v.ports, v.landing, v.destinations]),
    [["22", "aws_instance.bastion", ["198.51.100.2/32"]]],
  );
  const azure = dpnet("test", file, "--azure", join(fixtures, "azure-compliant"));
  assert.equal(azure.code, 1, azure.stdout);
  assert.match(azure.stdout, /: 1 of 2 intents hold/);
  assert.match(azure.stdout, /\n {2}✓ nothing on the internet reaches the pods/);
  // The Azure firewall's public address takes everything: its own rules are outside the model.
  assert.match(azure.stdout, /\n {2}✗ no SSH from the internet .*\n {6}tcp 22 from .* \(internet\) to 20\.61\.0\.10\/32\n/);
});
