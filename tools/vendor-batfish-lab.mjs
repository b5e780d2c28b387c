#!/usr/bin/env node
// Hand-run: vendors the Batfish lab-validation AWS labs (real networks, with what nmap and ping
// saw on them) into test/conformance/batfish-lab/, compactly, so a clean clone runs the
// conformance test without ../shared:
// - <lab>/aws_configs/**.json: the describe-* export, minified; of the AWS-managed endpoint
//   services (describe-vpc-endpoint-services lists every one of the region) only those a VPC
//   endpoint of the lab names;
// - <lab>/expectations.json: each probe as a `reach --batch` question and what really happened.
//
//   node tools/vendor-batfish-lab.mjs [../shared/conformance/batfish-lab]
//
// Reading a probe (the source's README): nmap `PORT/tcp open|closed` = reachable (closed: the host
// answered with a reset), `filtered` = not; ping `M received` with M > 0 = reachable. A probe from
// an address to itself is skipped.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const from = path.resolve(process.argv[2] ?? path.join(root, "../shared/conformance/batfish-lab"));
const to = path.join(root, "test/conformance/batfish-lab");
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function files(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? files(p) : [p];
    })
    .sort();
}

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text.endsWith("\n") ? text : `${text}\n`);
}

/** `nmap_10.3.1.193_-p_22_-Pn.txt` or `ping_8.8.8.8_-c_1.txt` -> the question and the outcome. */
function probe(source, name, text) {
  const nmap = /^nmap_([\d.]+)_-p_(\d+)_-Pn\.txt$/.exec(name);
  const ping = /^ping_([\d.]+)_-c_1\.txt$/.exec(name);
  if (nmap) {
    const [, dst, port] = nmap;
    const line = new RegExp(`^${port}/tcp\\s+(\\S+)`, "m").exec(text);
    const state = line?.[1] ?? (/Host seems down|0 hosts up/.test(text) ? "host down" : undefined);
    if (state === undefined) throw new Error(`${source}/${name}: no port line and no "host down"`);
    return { from: source, to: `${dst}:${port}`, protocol: "tcp", reachable: state === "open" || state === "closed", saw: `${port}/tcp ${state}` };
  }
  if (ping) {
    const stats = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(text);
    if (!stats) throw new Error(`${source}/${name}: no ping statistics`);
    return { from: source, to: ping[1], protocol: "icmp", reachable: Number(stats[2]) > 0, saw: `${stats[1]} transmitted, ${stats[2]} received` };
  }
  return undefined;
}

function vendorExport(lab) {
  const configs = path.join(from, lab, "aws_configs");
  const documents = files(configs)
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ f, data: JSON.parse(fs.readFileSync(f, "utf8")) }));
  const named = new Set(documents.flatMap(({ data }) => (data.VpcEndpoints ?? []).map((e) => e.ServiceName)));
  for (const { f, data } of documents) {
    if (Array.isArray(data.ServiceDetails)) {
      data.ServiceDetails = data.ServiceDetails.filter((s) => s.Owner !== "amazon" || named.has(s.ServiceName));
      if (Array.isArray(data.ServiceNames)) data.ServiceNames = data.ServiceNames.filter((n) => data.ServiceDetails.some((s) => s.ServiceName === n));
    }
    write(path.join(to, lab, "aws_configs", path.relative(configs, f)), JSON.stringify(data));
  }
}

function vendorProbes(lab) {
  const show = path.join(from, lab, "show");
  const probes = [];
  for (const source of fs
    .readdirSync(show)
    .filter((d) => IPV4.test(d))
    .sort()) {
    for (const name of fs.readdirSync(path.join(show, source)).sort()) {
      const p = probe(source, name, fs.readFileSync(path.join(show, source, name), "utf8"));
      if (p && p.to.split(":")[0] !== source) probes.push(p);
    }
  }
  const lines = probes.map((p) => JSON.stringify(p));
  write(path.join(to, lab, "expectations.json"), `{"lab":${JSON.stringify(lab)},"probes":[\n${lines.join(",\n")}\n]}`);
  return probes.length;
}

// Each lab is replaced whole; exceptions.json (written by hand) stays.
let total = 0;
for (const lab of fs
  .readdirSync(from)
  .filter((d) => d.startsWith("aws_"))
  .sort()) {
  fs.rmSync(path.join(to, lab), { recursive: true, force: true });
  vendorExport(lab);
  const n = vendorProbes(lab);
  total += n;
  console.log(`${lab}: ${n} probes`);
}
fs.copyFileSync(path.join(from, "LICENSE-batfish-apache-2.0.txt"), path.join(to, "LICENSE-batfish-apache-2.0.txt"));
write(
  path.join(to, "README.md"),
  `# Conformance data: real AWS labs and what nmap and ping saw on them

Eight AWS lab networks from the public repository \`batfish/lab-validation\` (commit
dbe21f088e55720c48b4b0e9c4dae9657a7cdeed, \`snapshots/aws_*\`), Apache License 2.0 (licence beside
this file), vendored by \`tools/vendor-batfish-lab.mjs\` from \`../shared/conformance/batfish-lab\`:

- \`<lab>/aws_configs/\`: the real \`aws ec2|elbv2 describe-*\` export of the lab's accounts, minified;
  of the AWS-managed endpoint services only those a VPC endpoint of the lab names;
- \`<lab>/expectations.json\`: one probe a line, \`{"from", "to", "protocol"}\` as \`dpnet reach --batch\`
  asks it, \`reachable\` (nmap \`open\`/\`closed\`, or ping with a reply) and \`saw\`, what the tool printed.

Exceptions (facts no export carries, each with its reason; kept by hand): \`exceptions.json\` beside this file.
`,
);
console.log(`${total} probes`);
