// AWS routing: longest prefix match with the implicit local route, gateways and what each does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { reach } from "../src/analyze/reach.js";
import { resolveFrom, resolveTo } from "../src/analyze/checks/names.js";
import { EGRESS_ALL, awsVpc, cidr, ingress, instance, steps } from "./reach-fixtures.js";

const ACL = "default network ACL allows all traffic";
const STATEFUL = "reply of an allowed connection (security groups are stateful)";

/** Adds vpc-2 (172.31.0.0/16) with subnet-2 and i-db (172.31.0.5, sg-db: 5432 from vpc-1), routing back through `via`. */
function withSecondVpc(via: string) {
  const t = awsVpc();
  t.networks.push({ id: "vpc-2", cloud: "aws", cidrs: ["172.31.0.0/16"] });
  t.subnets.push({ id: "subnet-2", networkId: "vpc-2", cidrs: ["172.31.0.0/24"], zone: "a", routeTableId: "rtb-2" });
  t.routeTables.push({ id: "rtb-2", networkId: "vpc-2", routes: [{ destination: "10.0.0.0/8", target: { kind: "gateway", id: via } }] });
  t.securityGroups.push({ id: "sg-db", networkId: "vpc-2", rules: [ingress("tcp", 5432, cidr("10.0.0.0/16")), EGRESS_ALL] });
  t.interfaces.push(instance("i-db", "subnet-2", "172.31.0.5", { securityGroupIds: ["sg-db"] }));
  return t;
}

test("the VPC's local route is implied and beats the default route by prefix length", () => {
  const r = reach(awsVpc(), { from: "i-web", to: "i-app", port: 8080 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops), [
    ["i-web", "sg-web egress rule #1 allows all traffic to 0.0.0.0/0"],
    ["subnet-pub", `${ACL}; rtb-pub: route 10.0.0.0/16 -> local (longest prefix match)`],
    ["vpc-1", "delivers to subnet-app (10.0.1.0/24)"],
    ["subnet-app", ACL],
    ["i-app", "sg-app ingress rule #1 allows tcp 8080 from sg-web"],
  ]);
  assert.deepEqual(steps(r.return), [
    ["i-app", STATEFUL],
    ["subnet-app", `${ACL}; rtb-app: route 10.0.0.0/16 -> local (longest prefix match)`],
    ["vpc-1", "delivers to subnet-pub (10.0.0.0/24)"],
    ["subnet-pub", ACL],
    ["i-web", STATEFUL],
  ]);
});

test("a peering carries the more specific prefix, and only into the peer network", () => {
  const t = withSecondVpc("pcx-1");
  t.gateways.push({ id: "pcx-1", kind: "peering", networkIds: ["vpc-1", "vpc-2"] });
  t.routeTables[1]!.routes.push(
    { destination: "172.31.0.0/16", target: { kind: "gateway", id: "pcx-1" } },
    { destination: "192.168.0.0/16", target: { kind: "gateway", id: "pcx-1" } },
  );
  const r = reach(t, { from: "i-app", to: "i-db", port: 5432 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops), [
    ["i-app", "sg-app egress rule #1 allows all traffic to 0.0.0.0/0"],
    ["subnet-app", `${ACL}; rtb-app: route 172.31.0.0/16 -> pcx-1 (longest prefix match)`],
    ["pcx-1", "to vpc-2"],
    ["vpc-2", "delivers to subnet-2 (172.31.0.0/24)"],
    ["subnet-2", ACL],
    ["i-db", "sg-db ingress rule #1 allows tcp 5432 from 10.0.0.0/16"],
  ]);
  assert.deepEqual(
    steps(r.return).map(([id]) => id),
    ["i-db", "subnet-2", "pcx-1", "vpc-1", "subnet-app", "i-app"],
  );

  const beyond = reach(t, { from: "i-app", to: "192.168.1.1", port: 5432 });
  assert.equal(beyond.disposition, "no-route");
  assert.deepEqual(steps(beyond.hops).at(-1), ["pcx-1", "192.168.1.1 is not in vpc-2: a peering carries traffic only between its two networks"]);
});

test("a static route wins a tie with a propagated one", () => {
  const t = withSecondVpc("pcx-1");
  t.gateways.push(
    { id: "pcx-1", kind: "peering", networkIds: ["vpc-1", "vpc-2"] },
    { id: "vgw-1", kind: "vpn-gateway", networkIds: ["vpc-1"], remoteCidrs: ["172.31.0.0/16"] },
  );
  t.routeTables[1]!.routes.push(
    { destination: "172.31.0.0/16", target: { kind: "gateway", id: "vgw-1" }, origin: "propagated" },
    { destination: "172.31.0.0/16", target: { kind: "gateway", id: "pcx-1" } },
  );
  const r = reach(t, { from: "i-app", to: "i-db", port: 5432 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops)[1], [
    "subnet-app",
    `${ACL}; rtb-app: route 172.31.0.0/16 -> pcx-1 (longest prefix match; static route wins over propagated route 172.31.0.0/16 -> vgw-1)`,
  ]);
});

test("an internet gateway translates a mapped address 1:1 and drops unmapped ones", () => {
  const r = reach(awsVpc(), { from: "i-web", to: "internet", port: 443 });
  assert.equal(r.disposition, "exits-network");
  assert.deepEqual(steps(r.hops), [
    ["i-web", "sg-web egress rule #1 allows all traffic to 0.0.0.0/0"],
    ["subnet-pub", `${ACL}; rtb-pub: route 0.0.0.0/0 -> igw-1 (longest prefix match)`],
    ["igw-1", "translates source 10.0.0.5 -> 13.0.0.5 (1:1 public address)"],
    ["internet", "leaves to the internet (203.0.113.1 is outside this topology)"],
  ]);
  assert.deepEqual(steps(r.return), [
    ["internet", "13.0.0.5 is the public address of i-web"],
    ["igw-1", "translates destination 13.0.0.5 -> 10.0.0.5 (1:1 public address)"],
    ["subnet-pub", ACL],
    ["i-web", STATEFUL],
  ]);

  const t = awsVpc();
  t.interfaces.push(instance("i-bare", "subnet-pub", "10.0.0.6", { securityGroupIds: ["sg-web"] }));
  const bare = reach(t, { from: "i-bare", to: "internet", port: 443 });
  assert.equal(bare.disposition, "denied");
  assert.deepEqual(steps(bare.hops).at(-1), ["igw-1", "drops it: 10.0.0.6 has no public IPv4 address to translate to"]);
});

test("from the internet, a public address reaches its instance, where the security group decides", () => {
  const r = reach(awsVpc(), { from: "internet", to: "i-web", port: 22 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(steps(r.hops), [
    ["internet", "13.0.0.5 is the public address of i-web"],
    ["igw-1", "translates destination 13.0.0.5 -> 10.0.0.5 (1:1 public address)"],
    ["subnet-pub", ACL],
    ["i-web", "no ingress rule of sg-web allows tcp 22 from 203.0.113.1: security groups deny by default"],
  ]);
});

test("private addresses from the internet are dropped before they enter the network", () => {
  for (const to of ["10.0.0.5", "i-app"]) {
    const r = reach(awsVpc(), { from: "internet", to, port: 8080 });
    assert.equal(r.disposition, "null-routed");
    assert.deepEqual(steps(r.hops), [["internet", `${to === "i-app" ? "10.0.1.5" : to} is a private address: the internet does not route it`]]);
  }
});

test("a NAT gateway translates outbound flows and their replies come back through it", () => {
  const r = reach(awsVpc(), { from: "i-app", to: "internet", port: 443 });
  assert.equal(r.disposition, "exits-network");
  assert.deepEqual(steps(r.hops), [
    ["i-app", "sg-app egress rule #1 allows all traffic to 0.0.0.0/0"],
    ["subnet-app", `${ACL}; rtb-app: route 0.0.0.0/0 -> nat-1 (longest prefix match)`],
    ["vpc-1", "forwards to nat-1"],
    ["nat-1", `${ACL}; translates source 10.0.1.5 -> 10.0.0.10`],
    ["subnet-pub", `${ACL}; rtb-pub: route 0.0.0.0/0 -> igw-1 (longest prefix match)`],
    ["igw-1", "translates source 10.0.0.10 -> 3.3.3.3 (1:1 public address)"],
    ["internet", "leaves to the internet (203.0.113.1 is outside this topology)"],
  ]);
  assert.deepEqual(steps(r.return), [
    ["internet", "3.3.3.3 is the public address of nat-1"],
    ["igw-1", "translates destination 3.3.3.3 -> 10.0.0.10 (1:1 public address)"],
    ["subnet-pub", ACL],
    ["nat-1", `session: translates destination 10.0.0.10 -> 10.0.1.5; ${ACL}; rtb-pub: route 10.0.0.0/16 -> local (longest prefix match)`],
    ["vpc-1", "delivers to subnet-app (10.0.1.0/24)"],
    ["subnet-app", ACL],
    ["i-app", STATEFUL],
  ]);
});

test("a NAT gateway accepts no connection initiated from outside", () => {
  const r = reach(awsVpc(), { from: "internet", to: "nat-1", port: 443 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(steps(r.hops), [
    ["internet", "3.3.3.3 is the public address of nat-1"],
    ["igw-1", "translates destination 3.3.3.3 -> 10.0.0.10 (1:1 public address)"],
    ["subnet-pub", ACL],
    ["nat-1", "no session matches: a NAT gateway accepts no connection initiated towards it"],
  ]);
});

test("a NAT gateway drops protocols other than TCP, UDP and ICMP", () => {
  const r = reach(awsVpc(), { from: "i-app", to: "internet", protocol: 47 });
  assert.equal(r.disposition, "denied");
  assert.equal(r.flow, "protocol 47 10.0.1.5 -> 203.0.113.1");
  assert.deepEqual(
    steps(r.hops).map(([id]) => id),
    ["i-app", "subnet-app", "vpc-1", "nat-1"],
  );
  assert.deepEqual(steps(r.hops).at(-1), ["nat-1", "translates only TCP, UDP and ICMP: drops protocol 47"]);
});

test("a reply routed into a NAT gateway instead of back the way it came is lost (asymmetric route)", () => {
  const t = awsVpc();
  t.interfaces.push(instance("i-odd", "subnet-app", "10.0.1.9", { publicIps: [{ publicIp: "13.0.0.9" }], securityGroupIds: ["sg-web"] }));
  const r = reach(t, { from: "internet", to: "i-odd", port: 443 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(
    steps(r.hops).map(([id]) => id),
    ["internet", "igw-1", "subnet-app", "i-odd"],
  );
  assert.deepEqual(steps(r.return).at(-1), [
    "nat-1",
    "would translate the reply's source 10.0.1.9 to 10.0.0.10, which the client does not expect (asymmetric route)",
  ]);
});

test("an egress-only gateway lets IPv6 out and the replies in, but no connection from the internet", () => {
  const t = awsVpc();
  t.networks[0]!.cidrs.push("2600:1f18::/56");
  t.subnets[1]!.cidrs.push("2600:1f18:0:1::/64");
  t.interfaces[1]!.privateIps.push("2600:1f18:0:1::5");
  t.gateways = [{ id: "eigw-1", kind: "egress-only-internet-gateway", networkIds: ["vpc-1"] }];
  t.routeTables[1]!.routes.push({ destination: "::/0", target: { kind: "gateway", id: "eigw-1" } });
  t.securityGroups[1]!.rules.push({ direction: "egress", protocol: "all", peer: cidr("::/0") });

  const out = reach(t, { from: "i-app", to: "internet", port: 443, ipVersion: 6 });
  assert.equal(out.disposition, "exits-network");
  assert.deepEqual(steps(out.hops), [
    ["i-app", "sg-app egress rule #2 allows all traffic to ::/0"],
    ["subnet-app", `${ACL}; rtb-app: route ::/0 -> eigw-1 (longest prefix match)`],
    ["eigw-1", "IPv6 out to the internet (egress-only: replies return, connections from the internet do not)"],
    ["internet", "leaves to the internet (2001:db8::1 is outside this topology)"],
  ]);
  assert.deepEqual(steps(out.return), [
    ["internet", "2600:1f18:0:1::5 is the public address of i-app"],
    ["eigw-1", "admits the reply of a connection initiated from inside"],
    ["subnet-app", ACL],
    ["i-app", STATEFUL],
  ]);

  const inbound = reach(t, { from: "internet", to: "2600:1f18:0:1::5", port: 8080 });
  assert.equal(inbound.disposition, "denied");
  assert.deepEqual(steps(inbound.hops), [
    ["internet", "2600:1f18:0:1::5 is the public address of i-app"],
    ["eigw-1", "refuses connections initiated from the internet (egress-only)"],
  ]);
});

test("a transit gateway routes by the attachment's route table to an attached network; its blackhole routes drop", () => {
  const t = withSecondVpc("tgw-1");
  t.gateways.push({ id: "tgw-1", kind: "transit-gateway", networkIds: ["vpc-1", "vpc-2"] });
  t.transitAttachments = [
    { id: "tgw-attach-1", gatewayId: "tgw-1", kind: "vpc", networkId: "vpc-1", routeTableId: "tgw-rtb-1" },
    { id: "tgw-attach-2", gatewayId: "tgw-1", kind: "vpc", networkId: "vpc-2", routeTableId: "tgw-rtb-1" },
  ];
  t.transitRouteTables = [
    {
      id: "tgw-rtb-1",
      gatewayId: "tgw-1",
      routes: [
        { destination: "172.31.0.0/16", attachmentId: "tgw-attach-2", origin: "propagated" },
        { destination: "10.0.0.0/16", attachmentId: "tgw-attach-1", origin: "propagated" },
        { destination: "172.30.0.0/16" },
      ],
    },
  ];
  t.routeTables[1]!.routes.push({ destination: "172.16.0.0/12", target: { kind: "gateway", id: "tgw-1" } });
  const r = reach(t, { from: "i-app", to: "i-db", port: 5432 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops).slice(1, 6), [
    ["subnet-app", `${ACL}; rtb-app: route 172.16.0.0/12 -> tgw-1 (longest prefix match)`],
    ["tgw-attach-1", "from vpc-1 (the attachment's subnets are not known: judged as if it had one in every zone)"],
    ["tgw-1", "tgw-rtb-1: route 172.31.0.0/16 -> tgw-attach-2 (propagated, longest prefix match)"],
    ["tgw-attach-2", "to vpc-2 (the attachment's subnets are not known: delivered by the VPC router)"],
    ["vpc-2", "delivers to subnet-2 (172.31.0.0/24)"],
  ]);
  assert.deepEqual(
    steps(r.return).map(([id]) => id),
    ["i-db", "subnet-2", "tgw-attach-2", "tgw-1", "tgw-attach-1", "vpc-1", "subnet-app", "i-app"],
  );

  const dropped = reach(t, { from: "i-app", to: "172.30.0.9", port: 5432 });
  assert.equal(dropped.disposition, "null-routed");
  assert.deepEqual(steps(dropped.hops).at(-1), ["tgw-1", "tgw-rtb-1: route 172.30.0.0/16 -> blackhole (static, longest prefix match)"]);
});

test("a VPN gateway carries traffic to its remote networks only", () => {
  const t = awsVpc();
  t.gateways.push({ id: "vgw-1", kind: "vpn-gateway", networkIds: ["vpc-1"], remoteCidrs: ["192.168.10.0/24"] });
  t.routeTables[1]!.routes.push({ destination: "192.168.0.0/16", target: { kind: "gateway", id: "vgw-1" } });
  const onPrem = reach(t, { from: "i-app", to: "192.168.10.7", port: 22 });
  assert.equal(onPrem.disposition, "exits-network");
  assert.deepEqual(steps(onPrem.hops).at(-1), ["vgw-1", "sends it to the VPN (remote network 192.168.10.0/24)"]);
  assert.equal(onPrem.return, undefined);

  const elsewhere = reach(t, { from: "i-app", to: "192.168.20.7", port: 22 });
  assert.equal(elsewhere.disposition, "no-route");
  assert.deepEqual(steps(elsewhere.hops).at(-1), ["vgw-1", "no VPN route covers 192.168.20.7"]);
});

test("a blackhole route null-routes; no matching route is no route", () => {
  const t = awsVpc();
  t.routeTables[1]!.routes = [{ destination: "198.51.100.0/24", target: { kind: "blackhole" } }];
  const hole = reach(t, { from: "i-app", to: "198.51.100.7", port: 443 });
  assert.equal(hole.disposition, "null-routed");
  assert.deepEqual(steps(hole.hops).at(-1), ["subnet-app", `${ACL}; rtb-app: route 198.51.100.0/24 -> blackhole (longest prefix match)`]);

  const none = reach(t, { from: "i-app", to: "internet", port: 443 });
  assert.equal(none.disposition, "no-route");
  assert.deepEqual(steps(none.hops).at(-1), ["subnet-app", `${ACL}; rtb-app: no route matches 203.0.113.1`]);
});

/** i-fw (10.0.0.20, sg-fw: all from the VPC) in subnet-pub, next hop of subnet-app's traffic to subnet-pub. */
function withAppliance(forwarding: boolean) {
  const t = awsVpc();
  t.securityGroups.push({ id: "sg-fw", networkId: "vpc-1", rules: [{ direction: "ingress", protocol: "all", peer: cidr("10.0.0.0/16") }, EGRESS_ALL] });
  t.interfaces.push(instance("i-fw", "subnet-pub", "10.0.0.20", { securityGroupIds: ["sg-fw"], forwarding }));
  t.routeTables[1]!.routes.push({ destination: "10.0.0.0/24", target: { kind: "interface", id: "i-fw" } });
  return t;
}

test("a route to an interface needs the interface to forward (source/destination check off)", () => {
  const checked = reach(withAppliance(false), { from: "i-app", to: "i-web", port: 443 });
  assert.equal(checked.disposition, "denied");
  assert.deepEqual(steps(checked.hops).slice(1), [
    ["subnet-app", `${ACL}; rtb-app: route 10.0.0.0/24 -> i-fw (longest prefix match)`],
    ["vpc-1", "forwards to eni-i-fw in subnet-pub"],
    ["subnet-pub", ACL],
    ["i-fw", "sg-fw ingress rule #1 allows all traffic from 10.0.0.0/16; drops traffic for 10.0.0.5: its source/destination check is on"],
  ]);

  const forwarded = reach(withAppliance(true), { from: "i-app", to: "i-web", port: 443 });
  assert.equal(forwarded.disposition, "accepted");
  assert.deepEqual(steps(forwarded.hops).slice(4), [
    [
      "i-fw",
      "sg-fw ingress rule #1 allows all traffic from 10.0.0.0/16; forwards it; not enough data to judge i-fw's own rules (firewall policy, NAT): an appliance's rules are in no export; sg-fw egress rule #1 allows all traffic to 0.0.0.0/0",
    ],
    ["i-web", "sg-web ingress rule #1 allows tcp 443 from 0.0.0.0/0"],
  ]);
});

test("two interfaces of one instance: traffic from one to the other's address is answered by the instance, not the network", () => {
  const t = awsVpc();
  t.interfaces.push({ id: "eni-app-2", instanceId: "i-app", subnetId: "subnet-app-b", privateIps: ["10.0.2.9"], securityGroupIds: ["sg-app"] });
  const r = reach(t, { from: "i-app", to: "10.0.2.9", port: 22 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops), [["i-app", "10.0.2.9 is the address of eni-app-2, another interface of i-app: the instance answers it without the network"]]);
  assert.deepEqual(steps(r.return), [["i-app", "the reply stays inside the instance"]]);
  // From elsewhere the address is the instance's second interface, through the network and sg-app.
  assert.deepEqual(
    reach(t, { from: "i-web", to: "10.0.2.9", port: 8080 }).hops.map((h) => h.id),
    ["i-web", "subnet-pub", "vpc-1", "subnet-app-b", "i-app"],
  );
});

test("an appliance with several interfaces forwards out of the one that leads on (not back to itself), translating to its own address for the internet gateway", () => {
  const t = awsVpc();
  // i-fw: eth0 in subnet-pub (10.0.0.20, public 13.0.0.20), eth1 in subnet-app (10.0.1.20); subnet-app's default route is eth1.
  t.securityGroups.push({ id: "sg-fw", networkId: "vpc-1", rules: [{ direction: "ingress", protocol: "all", peer: cidr("10.0.0.0/16") }, EGRESS_ALL] });
  t.interfaces.push(
    { id: "eni-fw-1", instanceId: "i-fw", subnetId: "subnet-app", privateIps: ["10.0.1.20"], securityGroupIds: ["sg-fw"], forwarding: true, deviceIndex: 1 },
    {
      id: "eni-fw-0",
      instanceId: "i-fw",
      subnetId: "subnet-pub",
      privateIps: ["10.0.0.20"],
      publicIps: [{ publicIp: "13.0.0.20" }],
      securityGroupIds: ["sg-fw"],
      forwarding: true,
      deviceIndex: 0,
    },
  );
  t.routeTables[1]!.routes = [{ destination: "0.0.0.0/0", target: { kind: "interface", id: "eni-fw-1" } }];
  const r = reach(t, { from: "i-app", to: "8.8.8.8", port: 443 });
  assert.equal(r.disposition, "exits-network");
  assert.deepEqual(steps(r.hops), [
    ["i-app", "sg-app egress rule #1 allows all traffic to 0.0.0.0/0"],
    ["subnet-app", `${ACL}; rtb-app: route 0.0.0.0/0 -> eni-fw-1 (longest prefix match)`],
    [
      "i-fw",
      "sg-fw ingress rule #1 allows all traffic from 10.0.0.0/16; forwards it out of eni-fw-0 in subnet-pub; assumed: it translates the source 10.0.1.5 -> 10.0.0.20, its own address there, as the internet gateway maps only that one; not enough data to judge i-fw's own rules (firewall policy, NAT): an appliance's rules are in no export; sg-fw egress rule #1 allows all traffic to 0.0.0.0/0",
    ],
    ["subnet-pub", `${ACL}; rtb-pub: route 0.0.0.0/0 -> igw-1 (longest prefix match)`],
    ["igw-1", "translates source 10.0.0.20 -> 13.0.0.20 (1:1 public address)"],
    ["internet", "leaves to the internet (8.8.8.8 is outside this topology)"],
  ]);
  assert.deepEqual(
    r.return?.map((h) => h.id),
    ["internet", "igw-1", "subnet-pub", "i-fw", "i-app"],
  );
  assert.equal(r.return![3]!.decision, `${STATEFUL}; session: translates destination 10.0.0.20 -> 10.0.1.5 and forwards it out of eni-fw-1; ${STATEFUL}`);
});

test("pods reach the internet through their node's address (VPC CNI SNAT, the default); with external SNAT the pod subnet's own routes decide", () => {
  const t = awsVpc();
  t.networks[0]!.cidrs.push("100.64.0.0/16");
  t.subnets.push({ id: "subnet-pod", networkId: "vpc-1", cidrs: ["100.64.0.0/18"], zone: "a", routeTableId: "rtb-pod" });
  t.routeTables.push({ id: "rtb-pod", networkId: "vpc-1", routes: [] });
  const ask = (podSnat: { external: boolean; assumed?: boolean }) => {
    const context = { tiers: { pod: ["subnet-pod"], node: ["subnet-app-b", "subnet-app"] }, podSnat };
    return reach(t, { ...resolveFrom(t, context, "pods"), ...resolveTo(t, context, "8.8.8.8:443") });
  };
  const snat = ask({ external: false });
  assert.equal(snat.disposition, "exits-network");
  assert.deepEqual(
    snat.hops.map((h) => h.id),
    ["subnet-pod", "subnet-app", "vpc-1", "nat-1", "subnet-pub", "igw-1", "internet"],
  );
  assert.equal(
    snat.hops[0]!.decision,
    "the VPC CNI translates the pod's source 100.64.0.4 -> 10.0.1.5, its node's primary address in subnet-app, for 8.8.8.8 outside the VPC (AWS_VPC_K8S_CNI_EXTERNALSNAT=false): the node's subnet routes it",
  );
  assert.deepEqual(
    snat.return!.map((h) => h.id),
    ["internet", "igw-1", "subnet-pub", "nat-1", "vpc-1", "subnet-app", "i-app"],
  );
  assert.equal(snat.return!.at(-1)!.decision, `${STATEFUL}; the node translates the destination 10.0.1.5 back to the pod's 100.64.0.4`);
  assert.match(ask({ external: false, assumed: true }).hops[0]!.decision, /\(AWS_VPC_K8S_CNI_EXTERNALSNAT=false \(assumed: the default\)\)/);

  const external = ask({ external: true });
  assert.equal(external.disposition, "no-route");
  assert.deepEqual(steps(external.hops), [
    [
      "subnet-pod",
      `the VPC CNI leaves the pod's address as it is (AWS_VPC_K8S_CNI_EXTERNALSNAT=true): the pod subnet's routes decide; ${ACL}; rtb-pod: no route matches 8.8.8.8`,
    ],
  ]);
});

test("an appliance interface of no instance answers its own address rather than forwarding it", () => {
  const t = awsVpc();
  t.securityGroups.push({ id: "sg-fw", networkId: "vpc-1", rules: [{ direction: "ingress", protocol: "all", peer: cidr("10.0.0.0/16") }, EGRESS_ALL] });
  t.interfaces.push({ id: "eni-fw", subnetId: "subnet-pub", privateIps: ["10.0.0.20"], securityGroupIds: ["sg-fw"], forwarding: true });
  t.routeTables[1]!.routes.push({ destination: "10.0.0.0/24", target: { kind: "interface", id: "eni-fw" } });
  const r = reach(t, { from: "i-app", to: "10.0.0.20", port: 443 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(
    r.hops.map((h) => h.id),
    ["i-app", "subnet-app", "vpc-1", "subnet-pub", "eni-fw"],
  );
  assert.equal(
    r.hops.at(-1)!.decision,
    "sg-fw ingress rule #1 allows all traffic from 10.0.0.0/16; not enough data to judge eni-fw's own firewall: an appliance's rules are in no export",
  );
});

test("a flow that fails where the input only reads (Topology.unread) is insufficient-info, naming the element; one that gets through is judged", () => {
  // rtb-app is read by a data source: its routes (none known here) may send 0.0.0.0/0 anywhere.
  const t = awsVpc();
  t.routeTables[1]!.routes = [];
  t.unread = ["rtb-app"];
  const r = reach(t, { from: "i-app", to: "8.8.8.8", port: 443 });
  assert.equal(r.disposition, "insufficient-info");
  assert.equal(r.unread, "rtb-app");
  assert.equal(
    r.hops.at(-1)!.decision,
    "default network ACL allows all traffic; rtb-app: no route matches 8.8.8.8; rtb-app could not be read: whether the flow gets through here is known only when Terraform reads it",
  );
  // Known, the same table is a verdict.
  const known = awsVpc();
  known.routeTables[1]!.routes = [];
  assert.equal(reach(known, { from: "i-app", to: "8.8.8.8", port: 443 }).disposition, "no-route");
  // Through what the input reads, a flow that gets through is still judged.
  const through = awsVpc();
  through.unread = ["rtb-pub"];
  assert.equal(reach(through, { from: "i-web", to: "8.8.8.8", port: 443 }).disposition, "exits-network");
});

test("a route to an element the input only reads and does not hold is insufficient-info, not a flow leaving the network", () => {
  /** awsVpc with the app subnets' default route to a NAT gateway the topology does not hold; `unread`: one the input only reads. */
  const routedAway = (unread: boolean) => {
    const t = awsVpc();
    t.routeTables[1]!.routes = [{ destination: "0.0.0.0/0", target: { kind: "gateway", id: "data.aws_nat_gateway.shared" } }];
    if (unread) t.unread = ["data.aws_nat_gateway.shared"];
    return reach(t, { from: "i-app", to: "8.8.8.8", port: 443 });
  };
  const leaves = routedAway(false);
  assert.equal(leaves.disposition, "exits-network");
  assert.deepEqual(leaves.hops.at(-1), {
    id: "data.aws_nat_gateway.shared",
    kind: "gateway",
    decision: "not in this topology: traffic leaves the modelled network",
  });
  const r = routedAway(true);
  assert.equal(r.disposition, "insufficient-info");
  assert.deepEqual(r.hops.at(-1), {
    id: "data.aws_nat_gateway.shared",
    kind: "gateway",
    decision: "could not be read: where it sends the flow is known only when Terraform reads it",
  });
});

test("a deny by a known rule stands on an unread subnet: insufficient-info only where what decides is unread", () => {
  const t = awsVpc();
  t.networkAcls.push({
    id: "acl-app",
    networkId: "vpc-1",
    entries: [
      { number: 100, direction: "egress", action: "deny", protocol: "tcp", cidr: "0.0.0.0/0", ports: { from: 443, to: 443 } },
      { number: 200, direction: "egress", action: "allow", protocol: "all", cidr: "0.0.0.0/0" },
    ],
  });
  t.subnets[1]!.networkAclId = "acl-app";
  t.unread = ["subnet-app"];
  const r = reach(t, { from: "i-app", to: "8.8.8.8", port: 443 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(r.hops.at(-1)!.rules, [{ element: "acl-app", name: "egress 100" }]);
  // The same deny by an unread ACL: nobody can tell yet.
  const unreadAcl = awsVpc();
  unreadAcl.networkAcls.push({ ...t.networkAcls[0]! });
  unreadAcl.subnets[1]!.networkAclId = "acl-app";
  unreadAcl.unread = ["acl-app"];
  assert.equal(reach(unreadAcl, { from: "i-app", to: "8.8.8.8", port: 443 }).disposition, "insufficient-info");
});
