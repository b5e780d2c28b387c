// How reach queries name their ends, what a bad query or topology says, and the guards around them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { QueryError, reach } from "../src/analyze/reach.js";
import { TopologyError } from "../src/topology/lookup.js";
import { awsVpc, instance, steps } from "./reach-fixtures.js";

test("ends can be named by instance, interface, subnet, address or internet", () => {
  const t = awsVpc();
  assert.equal(reach(t, { from: "eni-i-web", to: "10.0.1.5", port: 8080 }).flow, "tcp 10.0.0.5:1024-65535 -> 10.0.1.5:8080");
  assert.equal(reach(t, { from: "10.0.0.5", to: "i-app", port: 8080, sourcePort: 40000 }).flow, "tcp 10.0.0.5:40000 -> 10.0.1.5:8080");
  // A subnet stands for its first usable address, with no interface (so no security group) of its own.
  const fromSubnet = reach(t, { from: "subnet-app-b", to: "internet", port: 443 });
  assert.equal(fromSubnet.flow, "tcp 10.0.2.4:1024-65535 -> 203.0.113.1:443");
  assert.equal(fromSubnet.hops[0]!.id, "subnet-app-b");
  // An internet address that no network holds is a client on the internet.
  assert.equal(reach(t, { from: "198.51.100.7", to: "i-web", port: 443 }).flow, "tcp 198.51.100.7:1024-65535 -> 13.0.0.5:443");
  assert.equal(reach(t, { from: "internet", to: "subnet-app", port: 443 }).disposition, "null-routed");
});

test("a subnet as destination: delivered to the subnet when nothing there holds the address", () => {
  const r = reach(awsVpc(), { from: "i-web", to: "subnet-app-b", port: 5432 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops).slice(-1), [["subnet-app-b", "default network ACL allows all traffic; no interface holds 10.0.2.4: delivered to the subnet"]]);
});

test("unknown, ambiguous or incomplete queries are refused with the reason", () => {
  const t = awsVpc();
  assert.throws(
    () => reach(t, { from: "i-nope", to: "i-app", port: 1 }),
    (e) => e instanceof QueryError && /unknown source i-nope/.test(e.message),
  );
  assert.throws(
    () => reach(t, { from: "i-web", to: "i-nope", port: 1 }),
    (e) => e instanceof QueryError && /unknown destination i-nope/.test(e.message),
  );
  assert.throws(
    () => reach(t, { from: "i-web", to: "i-app" }),
    (e) => e instanceof QueryError && /give a destination port for tcp to i-app/.test(e.message),
  );
  assert.throws(
    () => reach(t, { from: "10.0.0.10", to: "i-app", port: 1 }),
    (e) => e instanceof QueryError && /nat gateway, which starts no flows/.test(e.message),
  );
  assert.throws(
    () => reach(t, { from: "10.9.9.9", to: "i-app", port: 1 }),
    (e) => e instanceof QueryError && /no network of this topology/.test(e.message),
  );
  assert.throws(
    () => reach(t, { from: "i-web", to: "i-app", port: 1, ipVersion: 6 }),
    (e) => e instanceof QueryError && /i-web has no IPv6 address/.test(e.message),
  );
  const twins = awsVpc();
  twins.networks.push({ id: "vpc-twin", cloud: "aws", cidrs: ["10.0.0.0/16"] });
  twins.subnets.push({ id: "subnet-twin", networkId: "vpc-twin", cidrs: ["10.0.0.0/24"] });
  twins.interfaces.push(instance("i-twin", "subnet-twin", "10.0.0.5"));
  assert.throws(
    () => reach(twins, { from: "10.0.0.5", to: "i-app", port: 1 }),
    (e) => e instanceof QueryError && /held in several networks/.test(e.message),
  );
});

test("malformed topologies are refused, naming the element", () => {
  const badCidr = awsVpc();
  badCidr.subnets[0]!.cidrs = ["10.0.0.1/24"];
  assert.throws(
    () => reach(badCidr, { from: "i-web", to: "i-app", port: 1 }),
    (e) => e instanceof TopologyError && /subnet-pub: "10.0.0.1\/24" is not an IP address or CIDR block/.test(e.message),
  );
  const dangling = awsVpc();
  dangling.interfaces.push(instance("i-lost", "subnet-gone", "10.0.9.9"));
  assert.throws(
    () => reach(dangling, { from: "i-web", to: "i-app", port: 1 }),
    (e) => e instanceof TopologyError && /eni-i-lost: subnet subnet-gone is not in the topology/.test(e.message),
  );
  const twice = awsVpc();
  twice.subnets.push({ ...twice.subnets[0]! });
  assert.throws(
    () => reach(twice, { from: "i-web", to: "i-app", port: 1 }),
    (e) => e instanceof TopologyError && /subnet subnet-pub appears twice/.test(e.message),
  );
});

test("a queried topology is frozen, so its compiled form cannot go stale", () => {
  const t = awsVpc();
  reach(t, { from: "i-web", to: "i-app", port: 8080 });
  assert.throws(() => t.subnets.push(t.subnets[0]!), TypeError);
  assert.throws(() => {
    t.routeTables[0]!.routes[0]!.target = { kind: "blackhole" };
  }, TypeError);
});

test("a forwarding loop ends the walk instead of running forever", () => {
  const t = awsVpc();
  t.interfaces.push(instance("i-fw1", "subnet-pub", "10.0.0.21", { forwarding: true }), instance("i-fw2", "subnet-app", "10.0.1.21", { forwarding: true }));
  t.routeTables[0]!.routes = [{ destination: "0.0.0.0/0", target: { kind: "interface", id: "i-fw2" } }];
  t.routeTables[1]!.routes = [{ destination: "0.0.0.0/0", target: { kind: "interface", id: "i-fw1" } }];
  const r = reach(t, { from: "i-app", to: "internet", port: 443 });
  assert.equal(r.disposition, "loop");
  assert.equal(r.hops.length, 64);
  assert.match(r.hops.at(-1)!.decision, /forwarding loop: gave up after 64 hops$/);
});
