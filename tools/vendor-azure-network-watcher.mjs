#!/usr/bin/env node
// Vendors the Azure Network Watcher recordings (shared/conformance/azure-network-watcher) into
// test/conformance/azure-network-watcher: for each question, the network as it was when Azure was
// asked (each resource's latest recorded version seen by then; the ARM template resources of
// `az vm create` deployments given their ids), written as an export folder that `dpnet reach
// --azure` reads; and one cases.json: each question in `reach --batch` form, with Azure's answer.
//
//   node tools/vendor-azure-network-watcher.mjs [<shared>/conformance/azure-network-watcher]
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";

const SOURCE = process.argv[2] ?? new URL("../../shared/conformance/azure-network-watcher", import.meta.url).pathname;
const OUT = new URL("../test/conformance/azure-network-watcher", import.meta.url).pathname;
const SUITES = ["azure-cli-network-watcher", "azure-java-fluent-network-watcher"];
const NETWORK =
  /\/providers\/Microsoft\.(Network\/(virtualNetworks|networkSecurityGroups|networkInterfaces|publicIPAddresses|routeTables|virtualNetworkGateways|connections)|Compute\/virtualMachines)\/[^/]+(\/virtualNetworkPeerings\/[^/]+)?$/i;
// What a reach answer carries that an export does not need.
const DROP = new Set([
  "etag",
  "resourceGuid",
  "provisioningState",
  "dnsSettings",
  "macAddress",
  "storageProfile",
  "osProfile",
  "hardwareProfile",
  "diagnosticsProfile",
  "instanceView",
  "vmId",
  "resources",
  "tags",
]);

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const strip = (v) =>
  Array.isArray(v)
    ? v.map(strip)
    : v && typeof v === "object"
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => !DROP.has(k))
            .map(([k, x]) => [k, strip(x)]),
        )
      : v;

/** A scenario's resources with their recorded versions; ARM template resources given their ids. */
function recordingsOf(suite, scenario, cases) {
  const files = new Set(
    cases
      .filter((c) => c.scenario === scenario && c.recording.startsWith("recordings/"))
      .map((c) => c.recording.replace(/^recordings\//, "").replace(/\.(yaml|json)$/, "")),
  );
  const resources = new Map();
  for (const file of files) {
    const extracted = readJson(join(SOURCE, suite, "extracted", `${file}.extracted.json`));
    for (const [id, versions] of Object.entries(extracted.resources)) if (NETWORK.test(id)) resources.set(id, versions);
    for (const deployment of extracted.deployments ?? []) {
      const group = /resourcegroups\/([^/]+)\//i.exec(deployment.uri)[1];
      for (const r of deployment.request.properties.template.resources) {
        const id = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${group}/providers/${r.type}/${r.name}`;
        if (!NETWORK.test(id) || resources.has(id)) continue;
        const body = { id, name: r.name, type: r.type, location: r.location, properties: structuredClone(r.properties ?? {}) };
        for (const s of body.properties.subnets ?? []) s.id = `${id}/subnets/${s.name}`;
        resources.set(id, [{ first_seen: deployment.time, body }]);
      }
    }
  }
  return resources;
}

/** Each resource as it was when the question was asked: its latest version first seen by then. */
function asOf(resources, when) {
  const out = [];
  for (const versions of resources.values()) {
    const seen = versions.filter((v) => v.first_seen <= when);
    // A connection or peering created after the question did not exist then.
    if (!seen.length && /\/(connections|virtualNetworkPeerings)\//i.test(versions[0].body.id)) continue;
    out.push(strip((seen.length ? seen[seen.length - 1] : versions[0]).body));
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The NIC of a VM a question names (`vm1`, `vm7e2491514d (10.0.0.8)`). */
function nicOf(body, words) {
  const name = String(words).split(" ")[0];
  const vm = body.find((r) => /virtualMachines\/[^/]+$/i.test(r.id) && r.name === name);
  const attached = vm?.properties?.networkProfile?.networkInterfaces?.[0]?.id;
  if (attached) return body.find((r) => r.id.toLowerCase() === attached.toLowerCase())?.id ?? attached;
  const ip = /\((\d+\.\d+\.\d+\.\d+)/.exec(String(words))?.[1];
  return body.find(
    (r) =>
      /networkInterfaces\//i.test(r.id) &&
      (r.name.toLowerCase().startsWith(name.toLowerCase()) || (r.properties.ipConfigurations ?? []).some((c) => c.properties?.privateIPAddress === ip)),
  )?.id;
}

function publicIpOf(body, nicId) {
  const nic = body.find((r) => r.id === nicId);
  const pip = nic?.properties.ipConfigurations?.[0]?.properties?.publicIPAddress?.id?.toLowerCase();
  return body.find((r) => r.id.toLowerCase() === pip)?.properties.ipAddress;
}

const addressOf = (body, nicId) => body.find((r) => r.id === nicId)?.properties.ipConfigurations?.[0]?.properties?.privateIPAddress;

/** Network Watcher's question as `reach --batch` asks it, and what Azure's answer says of it; undefined: not a path question. */
function question(c, body) {
  const q = c.question;
  const a = c.recorded_answer;
  switch (c.kind) {
    case "ipFlowVerify":
    case "networkConfigurationDiagnostic": {
      // Both judge the VM's NSGs for one packet. Over the whole path, an inbound packet from an
      // internet address arrives at the VM's public address; an outbound one leaves the VM.
      const nic = nicOf(body, q.vm);
      const protocol = String(q.protocol).toLowerCase();
      const allowed = a.access === "Allow";
      if (q.direction === "Inbound") {
        const remote = String(q.remote ?? q.source).split(":")[0];
        const port = String(q.local ?? "").split(":")[1] ?? q.destinationPort;
        return {
          batch: { from: remote, to: `${publicIpOf(body, nic)}:${port ?? q.destinationPort}`, protocol },
          expect: { through: allowed, rule: a.ruleName ?? "defaultSecurityRules/DenyAllInBound" },
        };
      }
      return { batch: { from: nic, to: q.remote, protocol }, expect: { through: allowed, rule: a.ruleName } };
    }
    case "nextHop":
      return {
        batch: { from: nicOf(body, q.vm), to: `${q.destinationIPAddress}:443`, protocol: "tcp" },
        expect: { nextHopType: a.nextHopType, routeTableId: a.routeTableId },
      };
    case "nextHop(derived-LPM)":
      return ["2020", "2022"].map((year) => ({
        asOf: year === "2020" ? "2020-07-07" : "2022-05-12",
        batch: { from: nicOf(body, q.nic), to: `${q.destinationIPAddress}:443`, protocol: "tcp" },
        expect: { nextHopType: a[year].nextHopType, matchedPrefix: a[year].matchedPrefix },
      }));
    case "connectivityCheck":
    case "connectionMonitorQuery": {
      const from = nicOf(body, q.source_vm);
      // A host name is asked at the address Azure resolved it to (the last Internet hop recorded).
      const internet = (a.hops ?? []).filter((h) => h.type === "Internet").at(-1)?.address;
      const to = q.destination_vm ? nicOf(body, q.destination_vm) : (q.destination_address ?? internet);
      return { batch: { from, to: `${to}:${q.port}`, protocol: "tcp" }, expect: { through: /^reachable|network path allowed/.test(c.network_verdict) } };
    }
    case "troubleshoot": {
      // Whether the tunnel carries traffic: asked from a VM of one side to a VM of the other.
      const nics = body
        .filter((r) => /networkInterfaces\//i.test(r.id))
        .sort((x, y) => String(addressOf(body, x.id)).localeCompare(String(addressOf(body, y.id))));
      return {
        batch: { from: nics[0].id, to: `${addressOf(body, nics[1].id)}:22`, protocol: "tcp" },
        expect: { through: /tunnel up/.test(c.network_verdict) },
      };
    }
    default:
      return undefined;
  }
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const folders = new Map();
const cases = [];
for (const suite of SUITES) {
  const { cases: suiteCases } = readJson(join(SOURCE, suite, "cases.json"));
  const scenarios = new Map();
  for (const c of suiteCases) {
    if (!scenarios.has(c.scenario)) scenarios.set(c.scenario, recordingsOf(suite, c.scenario, suiteCases));
    const body = asOf(scenarios.get(c.scenario), c.requested_at ?? "9999");
    // VMs only serve to find a VM's NIC; the export holds the network.
    const text = `${JSON.stringify(
      body.filter((r) => !/Microsoft\.Compute\//i.test(r.id)),
      null,
      1,
    )}\n`;
    const folder = `${c.scenario}-${createHash("sha256").update(text).digest("hex").slice(0, 8)}`;
    if (!folders.has(folder)) {
      folders.set(folder, text);
      mkdirSync(join(OUT, folder));
      writeFileSync(join(OUT, folder, "resources.json"), text);
    }
    const asked = question(c, body);
    const recorded = { kind: c.kind, confidence: c.confidence, network_verdict: c.network_verdict, recorded_answer: c.recorded_answer };
    const list = asked === undefined ? [{}] : Array.isArray(asked) ? asked : [asked];
    for (const e of list) cases.push({ id: e.asOf ? `${c.id}@${e.asOf}` : c.id, export: folder, ...e, ...recorded });
  }
  copyFileSync(join(SOURCE, suite, "PROVENANCE.md"), join(OUT, `PROVENANCE-${suite}.md`));
}
writeFileSync(join(OUT, "cases.json"), `${JSON.stringify(cases, null, 1)}\n`);
console.log(`${folders.size} export folders, ${cases.length} cases -> ${OUT}`);
