// The real AWS labs (test/conformance/batfish-lab: what nmap and ping saw) replayed through the
// exhaustive path: for each probe's start and protocol, the whole space (every source of the
// start's subnet, every destination, every port) is partitioned once; the class that holds the
// probe must give the concrete walk's verdict, path included, and so agree with the ground truth
// exactly where the concrete path does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveFrom, resolveTo } from "../src/analyze/checks/names.js";
import { hasPorts } from "../src/analyze/flow.js";
import { resolveQuery } from "../src/analyze/query.js";
import { reachEngine, walkFlow } from "../src/analyze/reach.js";
import { type PacketClass, type Start, allPorts, analyze, classHolds, everything, internetSpace } from "../src/analyze/space/analysis.js";
import { prefixRange } from "../src/ipam/intervals.js";
import { importAwsDescribe } from "../src/import/aws/describe.js";
import { labExport, labNames, probes } from "./support/batfish-lab.js";

const through = (d: string) => d === "accepted" || d === "exits-network";

for (const lab of labNames()) {
  test(`exhaustive = concrete on the ${lab} lab, probe by probe`, async () => {
    const { topology } = await importAwsDescribe(labExport(lab));
    const engine = reachEngine(topology);
    const partitions = new Map<string, PacketClass[]>();
    let agreeConcrete = 0;
    let agreeTruth = 0;
    let concreteTruth = 0;
    for (const probe of probes(lab)) {
      const query = {
        ...resolveFrom(topology, {}, probe.from),
        ...resolveTo(topology, {}, probe.to),
        ...(probe.protocol === "icmp" ? { protocol: "icmp" as const } : {}),
      };
      const { from, flow } = resolveQuery(engine.ix, query);
      const start = from as Start;
      const family = flow.src.family;
      const subnet = start.at === "interface" ? engine.ix.subnetOf(start.iface) : start.at === "subnet" ? start.subnet : undefined;
      const key = `${subnet?.id ?? "internet"}|${start.at === "interface" ? start.iface.id : ""}|${flow.protocol}`;
      let classes = partitions.get(key);
      if (!classes) {
        const src = subnet
          ? engine.ix
              .blocksOf(subnet.id)
              .filter((b) => b.family === family)
              .map(prefixRange)
          : internetSpace(family);
        classes = analyze(topology, start, { family, src, dst: everything(family), protocols: { only: [flow.protocol] }, ports: allPorts() });
        partitions.set(key, classes);
      }
      const packet = { src: flow.src.value, dst: flow.dst.value, protocol: flow.protocol, port: hasPorts(flow.protocol) ? flow.dstPorts.from : 0 };
      const holding = classes.filter((c) => classHolds(c, packet));
      assert.equal(holding.length, 1, `${lab} ${probe.from} -> ${probe.to}: ${holding.length} classes`);
      const concrete = walkFlow(engine, start, flow).result;
      const exhaustive = holding[0]!;
      assert.equal(exhaustive.disposition, concrete.disposition, `${lab} ${probe.from} -> ${probe.to}`);
      assert.deepEqual(
        exhaustive.result.hops.map((h) => h.id),
        concrete.hops.map((h) => h.id),
        `${lab} ${probe.from} -> ${probe.to}`,
      );
      agreeConcrete++;
      if (through(exhaustive.disposition) === probe.reachable) agreeTruth++;
      if (through(concrete.disposition) === probe.reachable) concreteTruth++;
    }
    assert.equal(agreeConcrete, probes(lab).length);
    assert.equal(agreeTruth, concreteTruth, `${lab}: the exhaustive path agrees with what nmap and ping saw wherever the concrete path does`);
  });
}
