// AWS filters: stateful security groups (egress at the source, ingress at the destination, group
// references, default deny) and stateless network ACLs (rule order, both directions, replies on
// ephemeral ports, not within a subnet).
import { test } from "node:test";
import assert from "node:assert/strict";
import { reach } from "../src/analyze/reach.js";
import type { NetworkAclEntry, Topology } from "../src/topology/model.js";
import { EGRESS_ALL, aclEntry, awsVpc, cidr, ingress, instance, steps } from "./reach-fixtures.js";

const STATEFUL = "reply of an allowed connection (security groups are stateful)";

/** awsVpc with acl-app on subnet-app and acl-pub on subnet-pub. */
function withAcls(
  app: NetworkAclEntry[],
  pub: NetworkAclEntry[] = [aclEntry(100, "ingress", "allow", "all", "0.0.0.0/0"), aclEntry(100, "egress", "allow", "all", "0.0.0.0/0")],
): Topology {
  const t = awsVpc();
  t.networkAcls.push({ id: "acl-app", networkId: "vpc-1", entries: app }, { id: "acl-pub", networkId: "vpc-1", entries: pub });
  t.subnets[0]!.networkAclId = "acl-pub";
  t.subnets[1]!.networkAclId = "acl-app";
  return t;
}

test("security groups: egress is checked at the source", () => {
  const t = awsVpc();
  t.securityGroups[1]!.rules = [
    ingress("tcp", 8080, cidr("0.0.0.0/0")),
    { direction: "egress", protocol: "tcp", ports: { from: 443, to: 443 }, peer: cidr("0.0.0.0/0") },
  ];
  const r = reach(t, { from: "i-app", to: "i-web", port: 80 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(steps(r.hops), [["i-app", "no egress rule of sg-app allows tcp 80 to 10.0.0.5: security groups deny by default"]]);
});

test("security groups: ingress is checked at the destination and denies by default", () => {
  const r = reach(awsVpc(), { from: "i-app", to: "i-web", port: 22 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(steps(r.hops).at(-1), ["i-web", "no ingress rule of sg-web allows tcp 22 from 10.0.1.5: security groups deny by default"]);
});

test("security groups are stateful: the reply passes without a rule for it", () => {
  const r = reach(awsVpc(), { from: "i-app", to: "i-web", port: 443 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops).at(-1), ["i-web", "sg-web ingress rule #1 allows tcp 443 from 0.0.0.0/0"]);
  assert.deepEqual(
    steps(r.return)
      .map(([, d]) => d)
      .filter((d) => d.startsWith("reply")),
    [STATEFUL, STATEFUL],
  );
});

test("a rule naming a security group admits its members' private addresses, and only them", () => {
  const admitted = reach(awsVpc(), { from: "i-web", to: "i-app", port: 8080 });
  assert.equal(admitted.disposition, "accepted");
  assert.deepEqual(steps(admitted.hops).at(-1), ["i-app", "sg-app ingress rule #1 allows tcp 8080 from sg-web"]);

  const stranger = reach(awsVpc(), { from: "i-app-b", to: "i-app", port: 8080 });
  assert.equal(stranger.disposition, "denied");
  assert.deepEqual(steps(stranger.hops).at(-1), ["i-app", "no ingress rule of sg-app allows tcp 8080 from 10.0.2.5: security groups deny by default"]);

  // Through public addresses the source is no longer a member's private address.
  const t = awsVpc();
  t.securityGroups[0]!.rules.push(ingress("tcp", 9000, { kind: "security-group", id: "sg-web" }));
  t.interfaces.push(instance("i-web2", "subnet-pub", "10.0.0.6", { publicIps: [{ publicIp: "13.0.0.6" }], securityGroupIds: ["sg-web"] }));
  const direct = reach(t, { from: "i-web2", to: "10.0.0.5", port: 9000 });
  assert.equal(direct.disposition, "accepted");
  const t2 = awsVpc();
  t2.securityGroups[0]!.rules.push(ingress("tcp", 9000, { kind: "security-group", id: "sg-web" }));
  t2.interfaces.push(instance("i-web2", "subnet-pub", "10.0.0.6", { publicIps: [{ publicIp: "13.0.0.6" }], securityGroupIds: ["sg-web"] }));
  const hairpin = reach(t2, { from: "i-web2", to: "13.0.0.5", port: 9000 });
  assert.equal(hairpin.disposition, "denied");
  assert.deepEqual(
    steps(hairpin.hops).map(([id]) => id),
    ["i-web2", "subnet-pub", "igw-1", "internet", "igw-1", "subnet-pub", "i-web"],
  );
  assert.deepEqual(steps(hairpin.hops).at(-1), ["i-web", "no ingress rule of sg-web allows tcp 9000 from 13.0.0.6: security groups deny by default"]);
});

test("network ACL rules apply in rule-number order, first match wins", () => {
  const t = withAcls([
    aclEntry(200, "ingress", "allow", "all", "0.0.0.0/0"),
    aclEntry(100, "ingress", "deny", "tcp", "10.0.0.0/24", [8080, 8080]),
    aclEntry(100, "egress", "allow", "all", "0.0.0.0/0"),
  ]);
  const r = reach(t, { from: "i-web", to: "i-app", port: 8080 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(steps(r.hops).at(-1), ["subnet-app", "nacl acl-app ingress rule 100 denies tcp 8080 from 10.0.0.0/24"]);
});

test("network ACLs filter both directions: outbound at the source subnet", () => {
  const t = withAcls([aclEntry(100, "ingress", "allow", "all", "0.0.0.0/0"), aclEntry(100, "egress", "allow", "tcp", "10.0.0.0/16", [1024, 65535])]);
  const r = reach(t, { from: "i-app", to: "i-web", port: 443 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(steps(r.hops).at(-1), ["subnet-app", "nacl acl-app egress: no rule allows tcp 443 to 10.0.0.5 (the final * rule denies)"]);
});

test("network ACLs are stateless: a reply needs the client's ephemeral ports 1024-65535 open", () => {
  // acl-app admits replies only on 32768-65535 (a Linux client's range), not all of 1024-65535.
  const app = [aclEntry(100, "egress", "allow", "tcp", "0.0.0.0/0", [443, 443]), aclEntry(100, "ingress", "allow", "tcp", "0.0.0.0/0", [32768, 65535])];
  const r = reach(withAcls(app), { from: "i-app", to: "i-web", port: 443 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(steps(r.hops), [
    ["i-app", "sg-app egress rule #1 allows all traffic to 0.0.0.0/0"],
    ["subnet-app", "nacl acl-app egress rule 100 allows tcp 443 to 0.0.0.0/0; rtb-app: route 10.0.0.0/16 -> local (longest prefix match)"],
    ["vpc-1", "delivers to subnet-pub (10.0.0.0/24)"],
    ["subnet-pub", "nacl acl-pub ingress rule 100 allows all traffic from 0.0.0.0/0"],
    ["i-web", "sg-web ingress rule #1 allows tcp 443 from 0.0.0.0/0"],
  ]);
  assert.deepEqual(steps(r.return), [
    ["i-web", STATEFUL],
    ["subnet-pub", "nacl acl-pub egress rule 100 allows all traffic to 0.0.0.0/0; rtb-pub: route 10.0.0.0/16 -> local (longest prefix match)"],
    ["vpc-1", "delivers to subnet-app (10.0.1.0/24)"],
    ["subnet-app", "nacl acl-app ingress: no rule allows tcp 1024-32767 from 10.0.0.5 (the final * rule denies)"],
  ]);

  // A client known to use port 40000 gets its reply.
  const known = reach(withAcls(app), { from: "i-app", to: "i-web", port: 443, sourcePort: 40000 });
  assert.equal(known.disposition, "accepted");
  assert.deepEqual(steps(known.return).at(-2), ["subnet-app", "nacl acl-app ingress rule 100 allows tcp 32768-65535 from 0.0.0.0/0"]);

  // Two rules that together cover the range admit any client.
  const covered = reach(withAcls([...app, aclEntry(110, "ingress", "allow", "tcp", "10.0.0.0/16", [1024, 32767])]), { from: "i-app", to: "i-web", port: 443 });
  assert.equal(covered.disposition, "accepted");
  assert.deepEqual(steps(covered.return).at(-2), ["subnet-app", "nacl acl-app ingress rules 100, 110 allow tcp 1024-65535 from 10.0.0.5"]);
});

test("a deny hitting part of the ephemeral range denies the reply", () => {
  const app = [
    aclEntry(100, "egress", "allow", "all", "0.0.0.0/0"),
    aclEntry(90, "ingress", "deny", "tcp", "0.0.0.0/0", [2049, 2049]),
    aclEntry(100, "ingress", "allow", "all", "0.0.0.0/0"),
  ];
  const r = reach(withAcls(app), { from: "i-app", to: "i-web", port: 443 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(steps(r.return).at(-1), ["subnet-app", "nacl acl-app ingress rule 90 denies tcp 2049 from 0.0.0.0/0"]);
});

test("network ACLs do not filter traffic within a subnet", () => {
  const t = withAcls([aclEntry(100, "ingress", "deny", "all", "0.0.0.0/0"), aclEntry(100, "egress", "deny", "all", "0.0.0.0/0")]);
  t.securityGroups.push({ id: "sg-peer", networkId: "vpc-1", rules: [ingress("tcp", 5000, cidr("10.0.1.0/24")), EGRESS_ALL] });
  t.interfaces.push(instance("i-peer", "subnet-app", "10.0.1.6", { securityGroupIds: ["sg-peer"] }));
  const r = reach(t, { from: "i-app", to: "i-peer", port: 5000 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops), [
    ["i-app", "sg-app egress rule #1 allows all traffic to 0.0.0.0/0"],
    ["i-peer", "sg-peer ingress rule #1 allows tcp 5000 from 10.0.1.0/24"],
  ]);
  assert.deepEqual(steps(r.return), [
    ["i-peer", STATEFUL],
    ["i-app", STATEFUL],
  ]);
});

test("ICMP: rules match the type, and an echo request is answered by an echo reply", () => {
  const pingable = () => {
    const t = withAcls([aclEntry(100, "egress", "allow", "icmp", "0.0.0.0/0"), aclEntry(100, "ingress", "allow", "icmp", "0.0.0.0/0")]);
    t.securityGroups[0]!.rules.push({ direction: "ingress", protocol: "icmp", icmp: { type: 8 }, peer: cidr("10.0.0.0/16") });
    return t;
  };
  const r = reach(pingable(), { from: "i-app", to: "i-web", protocol: "icmp" });
  assert.equal(r.disposition, "accepted");
  assert.equal(r.flow, "icmp 10.0.1.5 -> 10.0.0.5 (type 8)");
  assert.deepEqual(steps(r.hops).at(-1), ["i-web", "sg-web ingress rule #2 allows icmp from 10.0.0.0/16"]);
  assert.deepEqual(steps(r.return).at(-2), ["subnet-app", "nacl acl-app ingress rule 100 allows icmp from 0.0.0.0/0"]);

  const unreachable = reach(pingable(), { from: "i-app", to: "i-web", protocol: "icmp", port: 3 });
  assert.equal(unreachable.disposition, "denied");
  assert.deepEqual(steps(unreachable.hops).at(-1), ["i-web", "no ingress rule of sg-web allows icmp from 10.0.1.5: security groups deny by default"]);
});

test("each step names the rules that decided there as data: security group rules, network ACL entries, the route taken", () => {
  const t = withAcls([aclEntry(100, "ingress", "allow", "tcp", "10.0.0.0/24", [8080, 8080]), aclEntry(100, "egress", "allow", "all", "0.0.0.0/0")]);
  const r = reach(t, { from: "i-web", to: "i-app", port: 8080 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(
    r.hops.map((h) => [h.id, h.rules ?? []]),
    [
      ["i-web", [{ element: "sg-web", name: "egress #1" }]],
      [
        "subnet-pub",
        [
          { element: "acl-pub", name: "egress 100" },
          { element: "rtb-pub", name: "10.0.0.0/16" },
        ],
      ],
      ["vpc-1", []],
      ["subnet-app", [{ element: "acl-app", name: "ingress 100" }]],
      ["i-app", [{ element: "sg-app", name: "ingress #1" }]],
    ],
  );
  // A deny by a rule names it; the final deny is entry `*`; a security group's default deny is no rule.
  const denied = reach(withAcls([aclEntry(100, "egress", "allow", "all", "0.0.0.0/0")]), { from: "i-web", to: "i-app", port: 8080 });
  assert.deepEqual(denied.hops.at(-1)!.rules, [{ element: "acl-app", name: "ingress *" }]);
  assert.equal(reach(awsVpc(), { from: "i-app", to: "i-web", port: 22 }).hops.at(-1)!.rules, undefined);
});
