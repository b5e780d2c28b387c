// Conformance with real AWS: every probe of the eight Batfish lab networks (test/conformance/
// batfish-lab: the export of each, and what nmap and ping saw between its hosts) asked through
// `dpnet reach --aws <lab> --batch -`, one process per lab. Reachable (the flow and its reply got
// through) must match `accepted` or `exits-network`; a disagreement fails unless exceptions.json
// lists it with its reason, and an exception that no longer disagrees fails too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LABS, askLab, gotThrough, labNames, probes } from "./support/batfish-lab.js";

interface Exceptions {
  exceptions: { reason: string; probes: { lab: string; from: string; to: string; protocol: string }[] }[];
}

const key = (lab: string, p: { from: string; to: string; protocol: string }) => `${lab} ${p.from} -> ${p.to} ${p.protocol}`;

test("dpnet reach agrees with what nmap and ping saw on the real AWS labs, but for the documented exceptions", () => {
  const listed = new Map<string, string>();
  const file = JSON.parse(readFileSync(join(LABS, "exceptions.json"), "utf8")) as Exceptions;
  for (const group of file.exceptions) for (const p of group.probes) listed.set(key(p.lab, p), group.reason);

  let total = 0;
  let agreed = 0;
  const unexplained: string[] = [];
  const excepted = new Set<string>();
  for (const lab of labNames()) {
    const questions = probes(lab);
    const answers = askLab(lab, questions);
    questions.forEach((p, i) => {
      const a = answers[i]!;
      total++;
      const says = a.error === undefined && gotThrough(a);
      if (says === p.reachable) return void agreed++;
      const k = key(lab, p);
      if (listed.has(k)) excepted.add(k);
      else unexplained.push(`${k}: nmap/ping saw ${p.saw}, dpnet says ${a.disposition ?? `error: ${a.error}`} at ${a.hops?.at(-1)?.id ?? "-"}`);
    });
  }
  const stale = [...listed.keys()].filter((k) => !excepted.has(k));
  const percent = ((100 * agreed) / total).toFixed(1);
  console.log(
    `dpnet reach agrees with real AWS on ${agreed} of ${total} probes (${percent} %); the ${excepted.size} others are documented exceptions (test/conformance/batfish-lab/exceptions.json)`,
  );
  assert.deepEqual(unexplained, [], "disagreements not in exceptions.json");
  assert.deepEqual(stale, [], "exceptions that now agree: remove them from exceptions.json");
  assert.equal(total, 1722);
});
