// `dpnet reach --batch`: one JSON question a line in, one JSON answer a line out, in order; the
// topology compiled once; exit 0 when all are answered, 2 (and no answers) on malformed input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { BATFISH, FIXTURES } from "./audit-fixtures.js";
import { dpnet, dpnetWithInput } from "./support/cli.js";

const NAT = join(BATFISH, "test-nat-gateway");
const PRIVATE = "i-0a128d26e59be60f3";
const OUT = [
  PRIVATE,
  "subnet-06f469bcee42e408e",
  "vpc-0008a7b45e3ddf1dd",
  "nat-07ab4846da51f4612",
  "subnet-0428892a357fa1f94",
  "igw-071753b9c23d8a9b2",
  "internet",
];

interface Answer {
  flow?: string;
  disposition?: string;
  hops?: { id: string }[];
  return?: { id: string }[];
  error?: string;
}

function batch(input: string, ...extra: string[]): { code: number | null; answers: Answer[]; stderr: string; stdout: string } {
  const r = dpnetWithInput(input, "reach", "--aws", NAT, "--batch", "-", ...extra);
  const answers =
    r.stdout === ""
      ? []
      : r.stdout
          .trimEnd()
          .split("\n")
          .map((l) => JSON.parse(l) as Answer);
  return { code: r.code, answers, stderr: r.stderr, stdout: r.stdout };
}

test("reach --batch answers each question on its line, in order, as --json would; a question that cannot be asked gets an error", () => {
  const input =
    [
      { from: PRIVATE, to: "8.8.8.8:80" },
      { from: "internet", to: "3.135.127.225:80", protocol: "tcp" },
      { from: PRIVATE, to: "8.8.8.8", protocol: 107 },
      { from: "i-nope", to: "8.8.8.8:80" },
      { from: PRIVATE, to: "8.8.8.8", protocol: "icmp" },
    ]
      .map((q) => JSON.stringify(q))
      .join("\n") + "\n\n";
  const r = batch(input);
  assert.equal(r.stderr, "");
  assert.equal(r.code, 0);
  assert.deepEqual(
    r.answers.map((a) => a.disposition ?? a.error),
    ["exits-network", "denied", "denied", "unknown source i-nope: give internet, an IP address, or an instance, interface or subnet id", "exits-network"],
  );
  const inbound = ["internet", "igw-071753b9c23d8a9b2", "subnet-0428892a357fa1f94", "nat-07ab4846da51f4612"];
  assert.deepEqual(
    r.answers.map((a) => a.hops?.map((h) => h.id)),
    [OUT, inbound, OUT.slice(0, 4), undefined, OUT],
  );
  assert.deepEqual(
    r.answers[0]!.return?.map((h) => h.id),
    [...OUT].reverse(),
  );
  assert.equal(r.answers[4]!.flow, "icmp 10.1.1.98 -> 8.8.8.8 (type 8)");

  // The same answer as the one-question --json output.
  const one = JSON.parse(dpnet("reach", "--aws", NAT, "--from", PRIVATE, "--to", "8.8.8.8:80", "--json").stdout) as Answer;
  assert.deepEqual(r.answers[0], one);
});

test("reach --batch reads a file too, and prints nothing for no questions", () => {
  const file = join(FIXTURES, "reach-batch.jsonl");
  const r = dpnet("reach", "--aws", NAT, "--batch", file);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => (JSON.parse(l) as Answer).disposition),
    ["exits-network", "denied"],
  );
  assert.deepEqual(batch(""), { code: 0, answers: [], stderr: "", stdout: "" });
});

test("reach --batch: malformed input exits 2 naming the line and the field, and answers nothing", () => {
  const cases: [string, string][] = [
    [`{"from":"${PRIVATE}","to":"8.8.8.8:80"}\nnot json`, 'stdin:2: not json is not a JSON object like {"from": "...", "to": "...", "protocol": "tcp"}'],
    ['{"from":"a"}', "stdin:1.to: must be a non-empty string, spelled as --from/--to"],
    ['{"from":"a","to":"b","protocol":"sctp"}', "stdin:1.protocol: sctp is not tcp, udp, icmp, icmpv6 or a protocol number 0-255"],
    ['{"from":"a","to":"b","protocol":256}', "stdin:1.protocol: 256 is not tcp, udp, icmp, icmpv6 or a protocol number 0-255"],
    ['{"from":"a","to":"b","port":22}', "stdin:1.port: 22 is not a question field (from, to, protocol)"],
  ];
  for (const [input, message] of cases) {
    const r = batch(input);
    assert.deepEqual({ code: r.code, stdout: r.stdout, stderr: r.stderr }, { code: 2, stdout: "", stderr: `${message}\n` }, input);
  }
  assert.equal(batch("", "--from", "x").stderr, "--from: x cannot be combined with --batch: each line of the batch is a question\n");
  const missing = dpnet("reach", "--aws", NAT, "--batch", "/nonexistent/questions.jsonl");
  assert.deepEqual([missing.code, missing.stderr], [2, "--batch: /nonexistent/questions.jsonl cannot be read: ENOENT\n"]);
  const neither = dpnet("reach", "--aws", NAT, "--to", "8.8.8.8:80");
  assert.deepEqual([neither.code, neither.stderr], [2, "--from: is required (or give --batch)\n"]);
});
