// AWS Network Load Balancers and PrivateLink: listener -> target group port, client IP
// preservation, unlistened ports, cross-zone and target health, the load balancer's own security
// groups, and endpoint -> endpoint service -> NLB.
import { test } from "node:test";
import assert from "node:assert/strict";
import { reach } from "../src/analyze/reach.js";
import type { LoadBalancer, TargetGroup, Topology } from "../src/topology/model.js";
import { EGRESS_ALL, awsVpc, cidr, group, ingress, instance, steps } from "./reach-fixtures.js";

const ACL = "default network ACL allows all traffic";
const STATEFUL = "reply of an allowed connection (security groups are stateful)";
const LISTENER = "listener listener-80 (tcp 80) -> tg-1";

/**
 * awsVpc plus lb-1, an internal NLB with node-a in subnet-app (a, 10.0.1.50) and node-b in
 * subnet-app-b (b, 10.0.2.50); listener-80 forwards TCP 80 to tg-1, port 8080 on i-app and i-app-b.
 * i-other (10.0.0.7, sg-other: no ingress) is a client in subnet-pub that is not in sg-web.
 */
function withNlb(lb: Partial<LoadBalancer> = {}, tg: Partial<TargetGroup> = {}): Topology {
  const t = awsVpc();
  t.loadBalancers.push({
    id: "lb-1",
    kind: "network",
    scheme: "internal",
    networkId: "vpc-1",
    nodes: [
      { id: "node-a", subnetId: "subnet-app", zone: "a", privateIps: ["10.0.1.50"] },
      { id: "node-b", subnetId: "subnet-app-b", zone: "b", privateIps: ["10.0.2.50"] },
    ],
    listeners: [{ id: "listener-80", port: 80, protocol: "tcp", targetGroupId: "tg-1" }],
    ...lb,
  });
  t.targetGroups.push({
    id: "tg-1",
    protocol: "tcp",
    port: 8080,
    targetType: "instance",
    targets: [
      { id: "i-app", health: "healthy" },
      { id: "i-app-b", health: "healthy" },
    ],
    ...tg,
  });
  t.securityGroups.push({ id: "sg-other", networkId: "vpc-1", rules: [EGRESS_ALL] });
  t.interfaces.push(instance("i-other", "subnet-pub", "10.0.0.7", { securityGroupIds: ["sg-other"] }));
  return t;
}

test("a listener forwards to the target group's port; instance targets see the client's address", () => {
  const r = reach(withNlb(), { from: "i-web", to: "listener-80" });
  assert.equal(r.disposition, "accepted");
  assert.equal(r.flow, "tcp 10.0.0.5:1024-65535 -> 10.0.1.50:80");
  assert.deepEqual(steps(r.hops), [
    ["i-web", "sg-web egress rule #1 allows all traffic to 0.0.0.0/0"],
    ["subnet-pub", `${ACL}; rtb-pub: route 10.0.0.0/16 -> local (longest prefix match)`],
    ["vpc-1", "delivers to subnet-app (10.0.1.0/24)"],
    ["subnet-app", ACL],
    ["node-a", `${LISTENER}; target i-app port 8080 (same zone); client IP preserved`],
    ["i-app", "sg-app ingress rule #1 allows tcp 8080 from sg-web"],
  ]);
  assert.deepEqual(steps(r.return), [
    ["i-app", `${STATEFUL}; the reply goes back to load balancer node node-a (10.0.1.50)`],
    ["node-a", "returns the reply to 10.0.0.5 (tracked flow)"],
    ["subnet-app", `${ACL}; rtb-app: route 10.0.0.0/16 -> local (longest prefix match)`],
    ["vpc-1", "delivers to subnet-pub (10.0.0.0/24)"],
    ["subnet-pub", ACL],
    ["i-web", STATEFUL],
  ]);
});

test("with the client's address preserved, the targets' security groups must admit the client", () => {
  const preserved = reach(withNlb(), { from: "i-other", to: "lb-1", port: 80 });
  assert.equal(preserved.disposition, "denied");
  assert.deepEqual(steps(preserved.hops).at(-1), ["i-app", "no ingress rule of sg-app allows tcp 8080 from 10.0.0.7: security groups deny by default"]);

  // TCP ip targets do not preserve it by default: the targets see the node, which sg-app admits by subnet.
  const t = withNlb({}, { targetType: "ip", targets: [{ id: "10.0.1.5" }] });
  t.securityGroups[1]!.rules.push(ingress("tcp", 8080, cidr("10.0.1.0/24")));
  const replaced = reach(t, { from: "i-other", to: "lb-1", port: 80 });
  assert.equal(replaced.disposition, "accepted");
  assert.deepEqual(steps(replaced.hops).slice(-2), [
    ["node-a", `${LISTENER}; target 10.0.1.5 port 8080 (same zone); source becomes 10.0.1.50 (client IP not preserved)`],
    ["i-app", "sg-app ingress rule #2 allows tcp 8080 from 10.0.1.0/24"],
  ]);
  assert.deepEqual(steps(replaced.return).slice(0, 2), [
    ["i-app", STATEFUL],
    ["node-a", "returns the reply to 10.0.0.7 (tracked flow)"],
  ]);
});

test("a port without a listener is dropped at the load balancer", () => {
  const r = reach(withNlb(), { from: "i-web", to: "10.0.1.50", port: 81 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(
    steps(r.hops).map(([id]) => id),
    ["i-web", "subnet-pub", "vpc-1", "subnet-app", "node-a"],
  );
  assert.deepEqual(steps(r.hops).at(-1), ["node-a", "no listener on tcp 81: the load balancer drops it"]);
});

test("without cross-zone load balancing a node sends only to healthy targets in its zone", () => {
  const unhealthyHere = {
    targets: [
      { id: "i-app", health: "unhealthy" as const },
      { id: "i-app-b", health: "healthy" as const },
    ],
  };
  const zonal = reach(withNlb({}, unhealthyHere), { from: "i-web", to: "10.0.1.50", port: 80 });
  assert.equal(zonal.disposition, "denied");
  assert.deepEqual(steps(zonal.hops).at(-1), ["node-a", `${LISTENER}; no target of tg-1 can take it in a (cross-zone load balancing is off)`]);

  // By name, DNS no longer offers node-a, whose zone has no healthy target.
  const byName = reach(withNlb({}, unhealthyHere), { from: "i-web", to: "listener-80" });
  assert.equal(byName.disposition, "accepted");
  assert.deepEqual(
    steps(byName.hops)
      .slice(2)
      .map(([id]) => id),
    ["vpc-1", "subnet-app-b", "node-b", "i-app-b"],
  );

  const crossZone = reach(withNlb({}, { ...unhealthyHere, crossZone: true }), { from: "i-web", to: "10.0.1.50", port: 80 });
  assert.equal(crossZone.disposition, "accepted");
  assert.deepEqual(steps(crossZone.hops).slice(4), [
    ["node-a", `${LISTENER}; target i-app-b port 8080 (cross-zone); client IP preserved`],
    ["subnet-app", `${ACL}; rtb-app: route 10.0.0.0/16 -> local (longest prefix match)`],
    ["vpc-1", "delivers to subnet-app-b (10.0.2.0/24)"],
    ["subnet-app-b", ACL],
    ["i-app-b", "sg-app ingress rule #1 allows tcp 8080 from sg-web"],
  ]);
  assert.deepEqual(
    steps(crossZone.return).map(([id]) => id),
    ["i-app-b", "subnet-app-b", "vpc-1", "subnet-app", "node-a", "subnet-app", "vpc-1", "subnet-pub", "i-web"],
  );
});

test("an unhealthy target takes nothing while another is healthy; with every target unhealthy the load balancer fails open to all, across zones", () => {
  const skipped = reach(
    withNlb(
      { crossZone: true },
      {
        targets: [
          { id: "i-app", health: "unhealthy" },
          { id: "i-app-b", health: "healthy" },
        ],
      },
    ),
    { from: "i-web", to: "10.0.1.50", port: 80 },
  );
  assert.equal(skipped.disposition, "accepted");
  assert.deepEqual(
    skipped.hops.map((h) => h.id),
    ["i-web", "subnet-pub", "vpc-1", "subnet-app", "node-a", "subnet-app", "vpc-1", "subnet-app-b", "i-app-b"],
  );
  assert.match(skipped.hops[4]!.decision, /target i-app-b port 8080 \(cross-zone\); client IP preserved/);

  const open = reach(withNlb({}, { targets: [{ id: "i-app-b", health: "unhealthy" }] }), { from: "i-web", to: "10.0.1.50", port: 80 });
  assert.equal(open.disposition, "accepted");
  assert.deepEqual(
    open.hops.map((h) => h.id),
    ["i-web", "subnet-pub", "vpc-1", "subnet-app", "node-a", "subnet-app", "vpc-1", "subnet-app-b", "i-app-b"],
  );
  assert.match(
    open.hops[4]!.decision,
    /target i-app-b port 8080 \(every target is unhealthy: the load balancer fails open to all of them\); client IP preserved/,
  );

  const empty = reach(withNlb({}, { targets: [] }), { from: "i-web", to: "10.0.1.50", port: 80 });
  assert.equal(empty.disposition, "denied");
  assert.deepEqual(steps(empty.hops).at(-1), ["node-a", `${LISTENER}; no target in tg-1`]);
});

test("the load balancer's own security groups filter clients, and targets may admit the load balancer by group", () => {
  const guarded = () => {
    const t = withNlb({ securityGroupIds: ["sg-lb"] });
    t.securityGroups.push({ id: "sg-lb", networkId: "vpc-1", rules: [ingress("tcp", 80, cidr("10.0.0.0/24")), EGRESS_ALL] });
    t.securityGroups[1]!.rules.push(ingress("tcp", 8080, group("sg-lb")));
    return t;
  };
  const outsider = reach(guarded(), { from: "i-app-b", to: "listener-80" });
  assert.equal(outsider.disposition, "denied");
  assert.deepEqual(steps(outsider.hops).at(-1), ["node-b", "no ingress rule of sg-lb allows tcp 80 from 10.0.2.5: security groups deny by default"]);

  const r = reach(guarded(), { from: "i-other", to: "listener-80" });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops).slice(-2), [
    [
      "node-a",
      `sg-lb ingress rule #1 allows tcp 80 from 10.0.0.0/24; ${LISTENER}; target i-app port 8080 (same zone); client IP preserved; sg-lb egress rule #1 allows all traffic to 0.0.0.0/0`,
    ],
    ["i-app", "sg-app ingress rule #2 allows tcp 8080 from sg-lb"],
  ]);
});

test("an internet-facing load balancer: public node addresses, replies back through the node", () => {
  const t = withNlb({
    scheme: "internet-facing",
    nodes: [{ id: "node-a", subnetId: "subnet-pub", zone: "a", privateIps: ["10.0.0.50"], publicIps: ["34.0.0.1"] }],
  });
  t.securityGroups[1]!.rules.push(ingress("tcp", 8080, cidr("0.0.0.0/0")));
  const r = reach(t, { from: "internet", to: "lb-1", port: 80 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops), [
    ["internet", "34.0.0.1 is the public address of lb-1 (node node-a)"],
    ["igw-1", "translates destination 34.0.0.1 -> 10.0.0.50 (1:1 public address)"],
    ["subnet-pub", ACL],
    ["node-a", `${LISTENER}; target i-app port 8080 (same zone); client IP preserved`],
    ["subnet-pub", `${ACL}; rtb-pub: route 10.0.0.0/16 -> local (longest prefix match)`],
    ["vpc-1", "delivers to subnet-app (10.0.1.0/24)"],
    ["subnet-app", ACL],
    ["i-app", "sg-app ingress rule #2 allows tcp 8080 from 0.0.0.0/0"],
  ]);
  // The reply carries the client's address, yet returns to the node rather than following subnet-app's default route to the NAT gateway.
  assert.deepEqual(steps(r.return), [
    ["i-app", `${STATEFUL}; the reply goes back to load balancer node node-a (10.0.0.50)`],
    ["subnet-app", `${ACL}; rtb-app: route 10.0.0.0/16 -> local (longest prefix match)`],
    ["vpc-1", "delivers to subnet-pub (10.0.0.0/24)"],
    ["subnet-pub", ACL],
    ["node-a", "returns the reply to 203.0.113.1 (tracked flow)"],
    ["subnet-pub", `${ACL}; rtb-pub: route 0.0.0.0/0 -> igw-1 (longest prefix match)`],
    ["igw-1", "translates source 10.0.0.50 -> 34.0.0.1 (1:1 public address)"],
    ["internet", "the reply reaches the client 203.0.113.1"],
  ]);
});

/**
 * lb-1 behind endpoint service svc-1 (acceptance required, account 111122223333 allowed); the
 * consumer vpc-c (192.168.0.0/16) has i-client (192.168.1.5) in subnet-c and endpoint vpce-1 with
 * its interface in subnet-e (192.168.2.100, sg-vpce: TCP 80 from the VPC).
 */
function withPrivateLink(state = "available", owner = "arn:aws:iam::111122223333:role/control-plane"): Topology {
  const t = withNlb();
  t.securityGroups[1]!.rules.push(ingress("tcp", 8080, cidr("10.0.1.0/24")));
  t.endpointServices.push({ id: "svc-1", loadBalancerIds: ["lb-1"], acceptanceRequired: true, allowedPrincipals: ["arn:aws:iam::111122223333:root"] });
  t.networks.push({ id: "vpc-c", cloud: "aws", cidrs: ["192.168.0.0/16"] });
  t.subnets.push(
    { id: "subnet-c", networkId: "vpc-c", cidrs: ["192.168.1.0/24"], zone: "a" },
    { id: "subnet-e", networkId: "vpc-c", cidrs: ["192.168.2.0/24"], zone: "a" },
  );
  t.securityGroups.push(
    { id: "sg-client", networkId: "vpc-c", rules: [EGRESS_ALL] },
    { id: "sg-vpce", networkId: "vpc-c", rules: [ingress("tcp", 80, cidr("192.168.0.0/16"))] },
  );
  t.interfaces.push(instance("i-client", "subnet-c", "192.168.1.5", { securityGroupIds: ["sg-client"] }), {
    id: "eni-vpce-1",
    subnetId: "subnet-e",
    privateIps: ["192.168.2.100"],
    securityGroupIds: ["sg-vpce"],
  });
  t.endpoints.push({
    id: "vpce-1",
    kind: "interface-endpoint",
    networkId: "vpc-c",
    subnetIds: ["subnet-e"],
    interfaceIds: ["eni-vpce-1"],
    securityGroupIds: ["sg-vpce"],
    serviceId: "svc-1",
    state,
    ownerPrincipal: owner,
  });
  return t;
}

test("PrivateLink: endpoint -> endpoint service -> load balancer -> target, and back", () => {
  const r = reach(withPrivateLink(), { from: "i-client", to: "vpce-1", port: 80 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops), [
    ["i-client", "sg-client egress rule #1 allows all traffic to 0.0.0.0/0"],
    ["subnet-c", `${ACL}; main route table of vpc-c: route 192.168.0.0/16 -> local (longest prefix match)`],
    ["vpc-c", "delivers to subnet-e (192.168.2.0/24)"],
    ["subnet-e", ACL],
    ["vpce-1", "sg-vpce ingress rule #1 allows tcp 80 from 192.168.0.0/16; forwards to svc-1"],
    ["svc-1", "connection accepted; to lb-1 node node-a in a"],
    ["node-a", `${LISTENER}; target i-app port 8080 (same zone); source becomes 10.0.1.50 (client IP not preserved)`],
    ["i-app", "sg-app ingress rule #2 allows tcp 8080 from 10.0.1.0/24"],
  ]);
  assert.deepEqual(steps(r.return), [
    ["i-app", STATEFUL],
    ["node-a", "returns the reply to 192.168.1.5 (tracked flow)"],
    ["svc-1", "returns the reply through PrivateLink"],
    ["vpce-1", "returns the reply to 192.168.1.5"],
    ["subnet-e", `${ACL}; main route table of vpc-c: route 192.168.0.0/16 -> local (longest prefix match)`],
    ["vpc-c", "delivers to subnet-c (192.168.1.0/24)"],
    ["subnet-c", ACL],
    ["i-client", STATEFUL],
  ]);
});

test("PrivateLink: a principal the service does not allow, or a connection not accepted, gets nothing", () => {
  const stranger = reach(withPrivateLink("available", "arn:aws:iam::444455556666:role/x"), { from: "i-client", to: "vpce-1", port: 80 });
  assert.equal(stranger.disposition, "denied");
  assert.deepEqual(steps(stranger.hops).at(-1), [
    "vpce-1",
    "sg-vpce ingress rule #1 allows tcp 80 from 192.168.0.0/16; arn:aws:iam::444455556666:role/x is not an allowed principal of svc-1",
  ]);

  const pending = reach(withPrivateLink("pendingAcceptance"), { from: "i-client", to: "vpce-1", port: 80 });
  assert.equal(pending.disposition, "denied");
  assert.deepEqual(steps(pending.hops).at(-1), [
    "vpce-1",
    "sg-vpce ingress rule #1 allows tcp 80 from 192.168.0.0/16; the endpoint connection is pendingAcceptance",
  ]);
});
