// dpnet's Azure model against Azure's own answers: Network Watcher questions (ipFlowVerify,
// nextHop, connectivity checks, connection monitors, VPN troubleshooting) and effective route
// tables and NSGs, recorded against live Azure by the Azure CLI's and the Azure SDK for Java's
// test suites (test/conformance/azure-network-watcher, vendored by
// tools/vendor-azure-network-watcher.mjs; MIT). Path questions go through `dpnet reach --azure
// --batch`, one process per network; route and NSG tables through the library. When dpnet and
// Azure disagree, dpnet is wrong.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { reachEngine } from "../src/analyze/reach.js";
import { DEFAULT_SECURITY_RULES } from "../src/analyze/nsg.js";
import { loadSource } from "../src/import/source.js";
import { parseAddress } from "../src/ipam/prefix.js";
import { dpnetWithInput } from "./support/cli.js";

const DIR = new URL("../../test/conformance/azure-network-watcher/", import.meta.url).pathname;

interface Case {
  id: string;
  export: string;
  kind: string;
  confidence: "high" | "medium" | "low" | "derived";
  asOf?: string;
  batch?: { from: string; to: string; protocol: string };
  expect?: { through?: boolean; rule?: string; nextHopType?: string; routeTableId?: string; matchedPrefix?: string };
  recorded_answer: unknown;
  network_verdict: string;
}

const CASES: Case[] = JSON.parse(readFileSync(join(DIR, "cases.json"), "utf8"));

// Cases not scored, and why: Azure's answer documents the cloud, not the network's verdict.
const NOT_SCORED: Record<string, string> = {
  "java-nwf-connectivity-vm0-vm1-tcp80": "low confidence: status Unknown, 0 probes sent, the test's own assertion is commented out",
  "java-peer-1-AtoB-tcp22-access": "low confidence: probes 22 s after the peering connected failed, the reverse 70 s later passed (a propagation transient)",
};

// The nextHop API reports a VNet's own routes as "VirtualNetwork"; effective route tables as "VnetLocal".
const sameHopType = (azure: string) => (azure === "VirtualNetwork" ? "VnetLocal" : azure);

const THROUGH = new Set(["accepted", "exits-network"]);

test("every high- and medium-confidence path question: the verdict, the next hop type and the deciding rule as Azure names them", () => {
  const scored = CASES.filter((c) => c.batch && (c.confidence === "high" || c.confidence === "medium"));
  assert.equal(scored.length, 15);
  const groups = new Map<string, Case[]>();
  for (const c of scored) groups.set(`${c.export}|${c.asOf ?? ""}`, [...(groups.get(`${c.export}|${c.asOf ?? ""}`) ?? []), c]);
  let agreed = 0;
  for (const [key, cases] of groups) {
    const [folder, asOf] = key.split("|");
    const input = cases.map((c) => JSON.stringify(c.batch)).join("\n");
    const r = dpnetWithInput(input, "reach", "--azure", join(DIR, folder!), "--batch", "-", ...(asOf ? ["--as-of", asOf] : []));
    assert.equal(r.code, 0, r.stderr);
    const answers = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { disposition: string; hops: { decision: string; rules?: { element: string; name: string }[] }[] });
    cases.forEach((c, i) => {
      const a = answers[i]!;
      const trace = a.hops.map((h) => h.decision).join("\n");
      const e = c.expect!;
      if (e.through !== undefined) assert.equal(THROUGH.has(a.disposition), e.through, `${c.id}: ${a.disposition}\n${trace}`);
      if (e.rule) assert.match(trace, new RegExp(`\\b${e.rule.replace(/\//g, "\\/")} \\(priority`), `${c.id}: the deciding rule\n${trace}`);
      // The same rule as data on the step that decided, as Azure names it.
      if (e.rule)
        assert.ok(
          a.hops.some((h) => h.rules?.some((r) => r.name === e.rule)),
          `${c.id}: rules on the steps`,
        );
      if (e.nextHopType)
        assert.match(trace, new RegExp(`next hop ${sameHopType(e.nextHopType)} \\(${e.routeTableId ?? "System Route"}`), `${c.id}: the next hop\n${trace}`);
      agreed++;
    });
  }
  const total = CASES.filter((c) => c.confidence !== "derived").length;
  console.log(
    `Azure Network Watcher conformance: ${agreed} of ${scored.length} scored path questions agree; ${Object.keys(NOT_SCORED).length} low-confidence not scored; ${total - scored.length - Object.keys(NOT_SCORED).length} table questions checked below`,
  );
});

test("effective routes: the 2020 and the 2022 tables Azure gave, from one network judged as of each day", async () => {
  const loaded = async (asOf: string) => {
    const source = await loadSource("", { azure: join(DIR, CASES.find((c) => c.id === "cli-nic-effective-routes-2020")!.export) });
    source.topology.asOf = asOf;
    const engine = reachEngine(source.topology);
    const subnet = engine.ix.topology.subnets[0]!;
    return engine
      .routes(subnet)
      .routes()
      .map((r) => `${r.prefix.text} -> ${r.nextHopType}`)
      .sort();
  };
  for (const [id, asOf] of [
    ["cli-nic-effective-routes-2020", "2020-07-07"],
    ["cli-nic-effective-routes-2022", "2022-05-12"],
  ] as const) {
    const c = CASES.find((x) => x.id === id)!;
    const recorded = c.recorded_answer as {
      routes?: { addressPrefix: string[]; nextHopType: string }[];
      value?: { addressPrefix: string[]; nextHopType: string }[];
    };
    const routes = (recorded.routes ?? recorded.value ?? []).flatMap((r) => r.addressPrefix.map((p) => `${p} -> ${r.nextHopType}`)).sort();
    assert.ok(routes.length >= 5, `${id}: ${JSON.stringify(c.recorded_answer).slice(0, 200)}`);
    assert.deepEqual(await loaded(asOf), routes, id);
  }
});

test("next hops by longest prefix over Azure's recorded tables (derived): 2020 and 2022", async () => {
  const derived = CASES.filter((c) => c.confidence === "derived");
  assert.equal(derived.length, 20);
  for (const c of derived) {
    const source = await loadSource("", { azure: join(DIR, c.export) });
    source.topology.asOf = c.asOf!;
    const engine = reachEngine(source.topology);
    const choice = engine.routes(engine.ix.topology.subnets[0]!).lookup(parseAddress(c.batch!.to.split(":")[0]!)!)!;
    assert.deepEqual([choice.route.prefix.text, choice.route.nextHopType], [c.expect!.matchedPrefix, c.expect!.nextHopType], c.id);
  }
});

test("effective NSG and security group view: Azure's default rules, their names, priorities and access", () => {
  const view = (r: { name: string; priority: number; direction: string; access: string }) => `${r.direction} ${r.priority} ${r.access} ${r.name}`.toLowerCase();
  const ours = DEFAULT_SECURITY_RULES.map(view).sort();
  const nic = CASES.find((c) => c.id === "cli-nic-effective-nsg")!.recorded_answer as {
    effectiveSecurityRules: { name: string; priority: number; direction: string; access: string }[];
  };
  const recorded = nic.effectiveSecurityRules.map((r) => view({ ...r, name: r.name.replace(/^defaultSecurityRules\//, "") })).sort();
  assert.equal(recorded.length, 6);
  assert.deepEqual(ours, recorded, "effective NSG");
  const sg = JSON.stringify(CASES.find((c) => c.id === "java-nwf-sgview-vm0")!.recorded_answer);
  for (const r of DEFAULT_SECURITY_RULES) assert.match(sg, new RegExp(r.name, "i"), `security group view names ${r.name}`);
});

test("not scored, each with its reason", () => {
  for (const [id, why] of Object.entries(NOT_SCORED)) {
    const c = CASES.find((x) => x.id === id)!;
    assert.equal(c.confidence, "low", `${id}: ${why}`);
  }
  assert.deepEqual(
    CASES.filter((c) => c.confidence === "low")
      .map((c) => c.id)
      .sort(),
    Object.keys(NOT_SCORED).sort(),
  );
});

test("the seed's Azure data plane on the same model: pods sending to 100.64.0.0/10 outside the VNet are dropped by Azure's None route", async () => {
  const { loadExample } = await import("./support/examples.js");
  const { reach } = await import("../src/analyze/reach.js");
  const loaded = await loadExample("azure-managed");
  const t = loaded.topology;
  const pods = t.subnets.find((s) => s.id === "azurerm_subnet.pods")!;
  // Planted: the pods' NSG lets them out to 100.64.0.0/10 (say, another cluster's pod range), so
  // only routing decides.
  const nsg = t.networkSecurityGroups.find((n) => n.id === pods.networkSecurityGroupId)!;
  nsg.rules.push({
    name: "pods-to-shared-space",
    priority: 100,
    direction: "outbound",
    access: "allow",
    protocol: "tcp",
    sources: [{ kind: "any" }],
    destinations: [{ kind: "cidr", cidr: "100.64.0.0/10" }],
  });
  const r = reach(t, { from: pods.id, to: "100.64.1.1", port: 443 });
  assert.equal(r.disposition, "null-routed");
  assert.match(
    r.hops.map((h) => h.decision).join("\n"),
    /securityRules\/pods-to-shared-space \(priority 100\) allows[\s\S]*route 100\.64\.0\.0\/10 -> next hop None \(System Route/,
  );
  // The VNet's own pod range is local; 172.16.0.0/12 follows the default route (Azure's answers, not older documentation).
  const open = reach(t, { from: pods.id, to: "172.16.1.1", port: 443 });
  assert.doesNotMatch(open.hops.map((h) => h.decision).join("\n"), /next hop None/);
});
