// dpnet's AWS examples broken on purpose, one requirement at a time: each break gives exactly the
// finding that names it, on the resource to change, with the trace of why.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Finding } from "../src/findings.js";
import type { SecurityGroupRule, Topology } from "../src/topology/model.js";
import { checkPlan } from "../src/analyze/checks/plan.js";
import { planWith } from "./support/aws-views.js";
import { findingsOf } from "./support/checks.js";
import { type Example, byId, checkExample, hops, view } from "./support/examples.js";

const POD_A = 'aws_route_table.pod["eu-west-1a"]';
const NAT_A = 'aws_nat_gateway.nat["eu-west-1a"]';

/** What a change adds to the example's findings. */
async function added(name: Example, change: (t: Topology) => void): Promise<Finding[]> {
  const before = new Set((await checkExample(name)).map((f) => `${view(f)} ${f.message}`));
  return (await checkExample(name, change)).filter((f) => !before.has(`${view(f)} ${f.message}`));
}

const rule = (id: string, port: number, cidr: string): SecurityGroupRule => ({
  id,
  direction: "ingress",
  protocol: "tcp",
  ports: { from: port, to: port },
  peer: { kind: "cidr", cidr },
});

test("a NAT route on a pod table: DPN-AWS-005 on that table, traced out through the NAT gateway", async () => {
  const [f, ...rest] = await added("aws-internet", (t) =>
    byId(t.routeTables, POD_A).routes.push({ destination: "0.0.0.0/0", target: { kind: "gateway", id: NAT_A } }),
  );
  assert.deepStrictEqual([view(f!), rest.length], [`error DPN-AWS-005 ${POD_A}`, 0]);
  assert.match(
    f!.message,
    /^pods in aws_subnet\.pod\["eu-west-1a"\] reach the internet \(icmp 100\.64\.0\.0 -> 1\.0\.0\.0 \(type 8\), exits-network; every packet of icmp, tcp, udp to 1\.0\.0\.0\/8, 2\.0\.0\.0\/7, 4\.0\.0\.0\/6 \(\+75 more\) through aws_nat_gateway\.nat\["eu-west-1a"\]\): remove the route 0\.0\.0\.0\/0 -> aws_nat_gateway\.nat\["eu-west-1a"\] from aws_route_table\.pod\["eu-west-1a"\]/,
  );
  assert.deepStrictEqual(hops(f), [
    'aws_subnet.pod["eu-west-1a"] (subnet)',
    "aws_vpc.network (network)",
    `${NAT_A} (nat-gateway)`,
    'aws_subnet.public["eu-west-1a"] (subnet)',
    "aws_internet_gateway.gateway (internet-gateway)",
    "internet (internet)",
  ]);
  assert.match(
    f!.trace[0]!.decision,
    /aws_route_table\.pod\["eu-west-1a"\]: route 0\.0\.0\.0\/0 -> aws_nat_gateway\.nat\["eu-west-1a"\] \(longest prefix match\)/,
  );
});

test("a peering route on a pod table: DPN-AWS-005, pods are routed only inside the VPC", async () => {
  const table = 'aws_route_table.pod["eu-west-1b"]';
  const found = await added("aws-internet", (t) =>
    byId(t.routeTables, table).routes.push({ destination: "192.168.4.0/24", target: { kind: "gateway", id: "pcx-0123456789abcdef0" } }),
  );
  assert.deepStrictEqual(found.map(view), [`error DPN-AWS-005 ${table}`]);
  assert.equal(
    found[0]!.message,
    `pods in aws_subnet.pod["eu-west-1b"] are routed out of the VPC: icmp, tcp, udp, icmpv6, any other protocol to 192.168.4.0/24 go to pcx-0123456789abcdef0 (exits-network at pcx-0123456789abcdef0; witness icmp 100.64.64.0 -> 192.168.4.0 (type 8)): remove the route 192.168.4.0/24 -> pcx-0123456789abcdef0 from ${table}; pod subnets are routed only inside the VPC`,
  );
  assert.deepStrictEqual(
    found[0]!.trace.map((h) => h.decision),
    [
      `default network ACL allows all traffic; ${table}: route 192.168.4.0/24 -> pcx-0123456789abcdef0 (longest prefix match)`,
      "not in this topology: traffic leaves the modelled network",
    ],
  );
});

test("SSH open to the world on the worker group: DPN-AWS-016 on the rule (checkov CKV_AWS_24)", async () => {
  const id = "aws_vpc_security_group_ingress_rule.ssh";
  const [f, ...rest] = await added("aws-internet", (t) => byId(t.securityGroups, "aws_security_group.worker").rules.push(rule(id, 22, "0.0.0.0/0")));
  assert.deepStrictEqual([view(f!), rest.length], [`error DPN-AWS-016 ${id}`, 0]);
  assert.deepStrictEqual(f!.trace, [
    { id: "aws_security_group.worker", kind: "security-group", decision: "admits SSH (TCP 22) from 0.0.0.0/0" },
    { id, kind: "security-group-rule", decision: "ingress tcp 22-22 from 0.0.0.0/0" },
  ]);
  const rdp = await added("aws-internet", (t) =>
    byId(t.securityGroups, "aws_security_group.worker").rules.push({ direction: "ingress", protocol: "all", peer: { kind: "cidr", cidr: "::/0" } }),
  );
  assert.deepStrictEqual(rdp.map(view), [
    "error DPN-AWS-016 aws_security_group.worker",
    "error DPN-AWS-017 aws_security_group.worker",
    "error DPN-AWS-030 aws_security_group.worker",
  ]);
});

test("the secondary CIDR dropped: DPN-AWS-001 on the VPC, and the pod subnets fall outside it (DPN-AWS-021)", async () => {
  const found = await added("aws-internet", (t) => {
    byId(t.networks, "aws_vpc.network").cidrs = ["10.20.0.0/16"];
  });
  assert.deepStrictEqual(found.map(view), [
    "error DPN-AWS-001 aws_vpc.network",
    'error DPN-AWS-021 aws_subnet.pod["eu-west-1a"]',
    'error DPN-AWS-021 aws_subnet.pod["eu-west-1b"]',
    'error DPN-AWS-021 aws_subnet.pod["eu-west-1c"]',
  ]);
  assert.equal(
    found[0]!.message,
    "the pod CIDR 100.64.0.0/16 is not a secondary block of the VPC: associate 100.64.0.0/16 with the VPC (aws_vpc_ipv4_cidr_block_association) and carve the pod subnets from it",
  );
  assert.deepStrictEqual(found[0]!.trace, [{ id: "aws_vpc.network", kind: "network", decision: "primary block 10.20.0.0/16; secondary blocks: none" }]);
});

test("* allowed on the endpoint service: DPN-AWS-011 on the service", async () => {
  const id = "aws_vpc_endpoint_service.sync";
  const found = await added("aws-privatelink", (t) => {
    byId(t.endpointServices, id).allowedPrincipals = ["*"];
  });
  assert.deepStrictEqual(found.map(view), [`error DPN-AWS-011 ${id}`]);
  assert.deepStrictEqual(found[0]!.trace, [
    { id, kind: "endpoint-service", decision: "allowed principals: *; acceptance required; load balancers aws_lb.ingress" },
  ]);
});

test("the control plane's CIDRs no longer admitted: DPN-AWS-009 on the sync listener, traced to the NLB's security group", async () => {
  const listener = "aws_lb_listener.ingress-https";
  const found = await added("aws-internet", (t) => {
    const sg = byId(t.securityGroups, "aws_security_group.ingress-nlb");
    sg.rules = sg.rules.filter((r) => !(r.peer.kind === "cidr" && r.peer.cidr === "203.0.113.0/24" && r.ports?.from === 443));
  });
  assert.deepStrictEqual(found.map(view), [`error DPN-AWS-009 ${listener}`]);
  assert.match(
    found[0]!.message,
    /^the control plane does not reach the sync port TCP 443 from 203\.0\.113\.0\/24 \(tcp 203\.0\.113\.0:1024-65535 -> 198\.51\.100\.4:443: denied at aws_lb\.ingress\/eu-west-1a\)/,
  );
  assert.match(found[0]!.trace.at(-1)!.decision, /no ingress rule of aws_security_group\.ingress-nlb allows tcp 443 from 203\.0\.113\.0/);
});

const SIMPLE: [string, Example, (t: Topology) => void, string[]][] = [
  [
    "the sync port open to the world: DPN-AWS-010",
    "aws-internet",
    (t) => byId(t.securityGroups, "aws_security_group.ingress-nlb").rules.push(rule("open-443", 443, "0.0.0.0/0")),
    ["warning DPN-AWS-010 aws_lb_listener.ingress-https"],
  ],
  [
    "kube-apiserver admitting the world: DPN-AWS-014 on the rule",
    "aws-internet",
    (t) => byId(t.securityGroups, "aws_security_group.apiserver-nlb").rules.push(rule("open-6443", 6443, "0.0.0.0/0")),
    ["error DPN-AWS-014 open-6443"],
  ],
  [
    "a node subnet of /25: DPN-AWS-003",
    "aws-internet",
    (t) => {
      byId(t.subnets, 'aws_subnet.node["eu-west-1a"]').cidrs = ["10.20.0.0/25"];
    },
    ['error DPN-AWS-003 aws_subnet.node["eu-west-1a"]'],
  ],
  [
    "node subnets in 2 zones: DPN-AWS-002",
    "aws-internet",
    (t) => {
      byId(t.subnets, 'aws_subnet.node["eu-west-1c"]').zone = "eu-west-1a";
    },
    // Its NAT gateway stays in eu-west-1c, now another zone.
    ["error DPN-AWS-002 aws_vpc.network", 'warning DPN-AWS-007 aws_route_table.node["eu-west-1c"]'],
  ],
  [
    "a pod subnet of /19: DPN-AWS-004",
    "aws-internet",
    (t) => {
      byId(t.subnets, 'aws_subnet.pod["eu-west-1c"]').cidrs = ["100.64.128.0/19"];
    },
    ['error DPN-AWS-004 aws_subnet.pod["eu-west-1c"]'],
  ],
  [
    "a node table without its default route: DPN-AWS-007",
    "aws-internet",
    (t) => {
      byId(t.routeTables, 'aws_route_table.node["eu-west-1b"]').routes = [];
    },
    ['error DPN-AWS-007 aws_route_table.node["eu-west-1b"]'],
  ],
  [
    "the public table routed to a NAT gateway: DPN-AWS-008, and nodes lose the internet (DPN-AWS-007)",
    "aws-internet",
    (t) => {
      byId(t.routeTables, "aws_route_table.public").routes = [{ destination: "0.0.0.0/0", target: { kind: "gateway", id: NAT_A } }];
    },
    [
      ...["a", "b", "c"].map((z) => `error DPN-AWS-007 aws_route_table.node["eu-west-1${z}"]`),
      "error DPN-AWS-008 aws_route_table.public",
      "error DPN-AWS-008 aws_route_table.public",
      "error DPN-AWS-008 aws_route_table.public",
    ],
  ],
  [
    "a rule in the default security group: DPN-AWS-015",
    "aws-internet",
    (t) => byId(t.securityGroups, "aws_default_security_group.default").rules.push(rule("default-in", 443, "10.0.0.0/8")),
    ["warning DPN-AWS-015 aws_default_security_group.default"],
  ],
  [
    "a queue policy allowing everyone: DPN-AWS-018",
    "aws-internet",
    (t) =>
      byId(t.queues, "aws_sqs_queue.inbound").policies![0]!.document.Statement.push({
        Sid: "Anyone",
        Effect: "Allow",
        Principal: "*",
        Action: "sqs:SendMessage",
      }),
    ["error DPN-AWS-018 aws_sqs_queue.inbound"],
  ],
  [
    "an unencrypted queue: DPN-AWS-019",
    "aws-internet",
    (t) => {
      byId(t.queues, "aws_sqs_queue.inbound-dlq").encrypted = false;
    },
    ["error DPN-AWS-019 aws_sqs_queue.inbound-dlq"],
  ],
  [
    "the control plane's role without its external id: DPN-AWS-022",
    "aws-internet",
    (t) => {
      delete byId(t.roles!, "aws_iam_role.control-plane").trustPolicy!.Statement[0]!.Condition;
    },
    ["error DPN-AWS-022 aws_iam_role.control-plane"],
  ],
  [
    "the endpoint service without acceptance: DPN-AWS-012",
    "aws-privatelink",
    (t) => {
      byId(t.endpointServices, "aws_vpc_endpoint_service.sync").acceptanceRequired = false;
    },
    ["warning DPN-AWS-012 aws_vpc_endpoint_service.sync"],
  ],
  [
    "another account allowed on the endpoint service: DPN-AWS-011",
    "aws-privatelink",
    (t) => byId(t.endpointServices, "aws_vpc_endpoint_service.sync").allowedPrincipals.push("arn:aws:iam::444455556666:root"),
    ["error DPN-AWS-011 aws_vpc_endpoint_service.sync"],
  ],
  [
    "the sync NLB internet-facing with PrivateLink: DPN-AWS-013",
    "aws-privatelink",
    (t) => {
      byId(t.loadBalancers, "aws_lb.ingress").scheme = "internet-facing";
    },
    ["error DPN-AWS-013 aws_lb.ingress"],
  ],
  [
    "two subnets overlapping: DPN-AWS-021",
    "aws-internet",
    (t) => {
      byId(t.subnets, 'aws_subnet.public["eu-west-1b"]').cidrs = ["10.20.48.128/25"];
    },
    ['error DPN-AWS-021 aws_subnet.public["eu-west-1b"]'],
  ],
];

for (const [name, example, change, expected] of SIMPLE) {
  test(name, async () => {
    assert.deepStrictEqual((await added(example, change)).map(view), expected);
  });
}

test("plan/synth: SSH that aws.firewall opens on purpose (allowPublicAdminPorts) is a warning there, not an error that stops synth", () => {
  const plan = planWith({ firewall: [{ name: "ssh", protocol: "tcp", ports: "22", cidrs: ["0.0.0.0/0"], allowPublicAdminPorts: true }] });
  assert.deepStrictEqual(findingsOf(plan), [
    "warning DPN-AWS-102 aws.firewall[0]",
    'warning DPN-AWS-016 aws_vpc_security_group_ingress_rule.worker-firewall-ssh-ipv4["0.0.0.0/0"]',
    "note DPN-AWS-031 aws_vpc.network",
  ]);
  assert.match(checkPlan(plan).findings[1]!.message, /\(aws\.firewall\[0\]\.allowPublicAdminPorts asks for it\)$/);
});
