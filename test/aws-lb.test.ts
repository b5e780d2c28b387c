// AWS load balancing and security groups (issue 3): the NLBs, listeners, target groups and
// security-group rules the module emits, exactly, and the inputs it refuses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadSpecFile } from "../src/io/spec-file.js";
import { planSpec } from "../src/plan/index.js";
import { parseSpec } from "../src/spec/index.js";
import { inputErrorOf, listeners, nlbs, planWith, sgRules, targetGroups } from "./support/aws-views.js";
import { resourceJson, validFiles } from "./support/terraform.js";
import { errorsOf } from "./support/checks.js";
import { checkPlan } from "../src/analyze/checks/plan.js";

const EXAMPLE = new URL("../../examples/aws-internet.yaml", import.meta.url).pathname;
const example = () => planSpec(loadSpecFile(EXAMPLE).spec);
const someApp = { name: "some-app", protocol: "tcp", port: 3333, nodePort: 30333, allowedCidrs: ["0.0.0.0/0"] };

test("internet mode: apiserver NLB to the controllers, ingress NLB to the workers, valid Terraform", async () => {
  const plan = example();
  await validFiles(plan);
  assert.deepStrictEqual(nlbs(plan), ["apiserver: internal node ipv4 sg=apiserver-nlb", "ingress: internet-facing public ipv4 sg=ingress-nlb"]);
  assert.deepStrictEqual(listeners(plan), [
    "apiserver/apiserver: TCP 6443 -> controllers",
    "ingress/ingress-http: TCP 80 -> workers-http",
    "ingress/ingress-https: TCP 443 -> workers-https",
    "ingress/service-some-app: TCP 3333 -> service-some-app",
  ]);
  assert.deepStrictEqual(targetGroups(plan), [
    "controllers: TCP 6443, health HTTPS 6443/readyz, client IP off",
    "workers-http: TCP 80, health HTTP 10254/healthz",
    "workers-https: TCP 443, health HTTP 10254/healthz",
    "service-some-app: TCP 30333, health TCP 30333",
  ]);
  assert.deepStrictEqual(resourceJson(plan.module, "aws_lb", "ingress"), {
    name: "acme-prod-ingress",
    load_balancer_type: "network",
    internal: false,
    ip_address_type: "ipv4",
    subnets: "${[for subnet in aws_subnet.public : subnet.id]}",
    security_groups: ["${aws_security_group.ingress-nlb.id}"],
    enable_cross_zone_load_balancing: true,
    tags: { Name: "acme-prod-ingress" },
  });
});

test("internet mode: every security-group rule, exactly", () => {
  assert.deepStrictEqual(sgRules(example()), [
    "in worker-self: worker all all from sg:worker",
    "in worker-kubelet: worker tcp 10250 from sg:controller",
    "in worker-webhooks: worker tcp 443 from sg:controller",
    "in worker-webhooks-high: worker tcp 1024-65535 from sg:controller",
    "in worker-firewall-some-app-ipv4: worker tcp 30333 from 10.20.0.0/16",
    "in controller-apiserver: controller tcp 6443 from sg:worker",
    "in controller-etcd-self: controller tcp 2379-2380 from sg:controller",
    "in controller-etcd-metrics: controller tcp 2381 from sg:worker",
    "in controller-kubelet: controller tcp 10250 from sg:worker",
    "in controller-kubelet-self: controller tcp 10250 from sg:controller",
    "in controller-scheduler-metrics: controller tcp 10259 from sg:worker",
    "in controller-manager-metrics: controller tcp 10257 from sg:worker",
    "in controller-kube-proxy-metrics: controller tcp 10249 from sg:worker",
    "in controller-node-exporter: controller tcp 9100 from sg:worker",
    "in apiserver-nlb-clients-ipv4: apiserver-nlb tcp 6443 from 10.20.0.0/16",
    "in apiserver-nlb-worker-clients: apiserver-nlb tcp 6443 from sg:worker",
    "in apiserver-nlb-controller-clients: apiserver-nlb tcp 6443 from sg:controller",
    "in controller-apiserver-nlb: controller tcp 6443 from sg:apiserver-nlb",
    // With a control plane, ingress serves it alone unless aws.ingress.allowedCidrs says otherwise.
    "in ingress-nlb-http-ipv4: ingress-nlb tcp 80 from 203.0.113.0/24",
    "in ingress-nlb-https-ipv4: ingress-nlb tcp 443 from 203.0.113.0/24",
    "in ingress-nlb-service-some-app-ipv4: ingress-nlb tcp 3333 from 0.0.0.0/0",
    "in worker-ingress-http: worker tcp 80 from sg:ingress-nlb",
    "in worker-ingress-health: worker tcp 10254 from sg:ingress-nlb",
    "in worker-ingress-https: worker tcp 443 from sg:ingress-nlb",
    "in worker-service-some-app: worker tcp 30333 from sg:ingress-nlb",
    "out worker-egress-ipv4: worker all all to 0.0.0.0/0",
    "out controller-egress-ipv4: controller all all to 0.0.0.0/0",
    "out apiserver-nlb-to-controllers: apiserver-nlb tcp 6443 to sg:controller",
    "out ingress-nlb-to-workers-http: ingress-nlb tcp 80 to sg:worker",
    "out ingress-nlb-to-workers-ingress-health: ingress-nlb tcp 10254 to sg:worker",
    "out ingress-nlb-to-workers-https: ingress-nlb tcp 443 to sg:worker",
    "out ingress-nlb-to-service-some-app: ingress-nlb tcp 30333 to sg:worker",
  ]);
});

test("the seed's some-app: listener 3333, target group on NodePort 30333 health-checked there, only the NLB reaches 30333", async () => {
  const plan = planWith({ services: [someApp] });
  await validFiles(plan);
  assert.deepStrictEqual(resourceJson(plan.module, "aws_lb_listener", "service-some-app"), {
    load_balancer_arn: "${aws_lb.ingress.arn}",
    protocol: "TCP",
    port: 3333,
    default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.service-some-app.arn}" }],
  });
  assert.deepStrictEqual(resourceJson(plan.module, "aws_lb_target_group", "service-some-app"), {
    name: "acme-prod-svc-some-app",
    vpc_id: "${aws_vpc.network.id}",
    target_type: "instance",
    protocol: "TCP",
    port: 30333,
    health_check: [{ protocol: "TCP", port: 30333, healthy_threshold: 3, unhealthy_threshold: 3, interval: 10 }],
  });
  assert.deepStrictEqual(
    sgRules(plan).filter((r) => r.includes("some-app")),
    [
      "in ingress-nlb-service-some-app-ipv4: ingress-nlb tcp 3333 from 0.0.0.0/0",
      "in worker-service-some-app: worker tcp 30333 from sg:ingress-nlb",
      "out ingress-nlb-to-service-some-app: ingress-nlb tcp 30333 to sg:worker",
    ],
  );
  const workerTargetGroups = plan.module.blocks.find((b) => b.kind === "output" && b.labels[0] === "worker_target_groups")!;
  assert.deepStrictEqual(
    JSON.stringify(workerTargetGroups.body.value),
    JSON.stringify({ hcl: "concat(var.worker_target_groups, [aws_lb_target_group.service-some-app.arn])" }),
  );
});

test("a UDP service is health-checked through kube-proxy; TCP_UDP gets a rule per protocol", async () => {
  const plan = planWith({
    services: [
      { name: "dns", protocol: "udp", port: 53, nodePort: 30053, allowedCidrs: ["0.0.0.0/0"] },
      { name: "both", protocol: "tcp_udp", port: 5000, nodePort: 30500, allowedCidrs: ["198.51.100.0/24"] },
    ],
  });
  await validFiles(plan);
  assert.deepStrictEqual(listeners(plan), ["ingress/service-dns: UDP 53 -> service-dns", "ingress/service-both: TCP_UDP 5000 -> service-both"]);
  assert.deepStrictEqual(targetGroups(plan), ["service-dns: UDP 30053, health HTTP 10256/healthz", "service-both: TCP_UDP 30500, health TCP 30500"]);
  assert.deepStrictEqual(sgRules(plan), [
    "in worker-self: worker all all from sg:worker",
    "in ingress-nlb-service-dns-ipv4: ingress-nlb udp 53 from 0.0.0.0/0",
    "in ingress-nlb-service-both-tcp-ipv4: ingress-nlb tcp 5000 from 198.51.100.0/24",
    "in ingress-nlb-service-both-udp-ipv4: ingress-nlb udp 5000 from 198.51.100.0/24",
    "in worker-service-dns: worker udp 30053 from sg:ingress-nlb",
    "in worker-kube-proxy-health: worker tcp 10256 from sg:ingress-nlb",
    "in worker-service-both-tcp: worker tcp 30500 from sg:ingress-nlb",
    "in worker-service-both-udp: worker udp 30500 from sg:ingress-nlb",
    "out worker-egress-ipv4: worker all all to 0.0.0.0/0",
    "out ingress-nlb-to-service-dns: ingress-nlb udp 30053 to sg:worker",
    "out ingress-nlb-to-workers-kube-proxy-health: ingress-nlb tcp 10256 to sg:worker",
    "out ingress-nlb-to-service-both-tcp: ingress-nlb tcp 30500 to sg:worker",
    "out ingress-nlb-to-service-both-udp: ingress-nlb udp 30500 to sg:worker",
  ]);
});

test("the apiserver NLB is internal for private CIDRs, internet-facing for a public one, with a warning when open to all", async () => {
  const internal = planWith({ apiserver: { allowedCidrs: ["10.0.0.0/8", "100.64.0.0/10"] } });
  assert.deepStrictEqual(nlbs(internal), ["apiserver: internal node ipv4 sg=apiserver-nlb"]);
  assert.deepStrictEqual(internal.findings, []);
  const open = planWith({ apiserver: { allowedCidrs: ["0.0.0.0/0"] } });
  await validFiles(open);
  assert.deepStrictEqual(nlbs(open), ["apiserver: internet-facing public ipv4 sg=apiserver-nlb"]);
  assert.deepStrictEqual(targetGroups(open), ["controllers: TCP 6443, health HTTPS 6443/readyz"]);
  // Nodes reach an internet-facing NLB through NAT: its security group admits the NAT gateways' addresses.
  assert.deepStrictEqual(
    sgRules(open, "apiserver-nlb").filter((r) => r.startsWith("in ")),
    [
      "in apiserver-nlb-clients-ipv4: apiserver-nlb tcp 6443 from 0.0.0.0/0",
      "in apiserver-nlb-nat-ipv4: apiserver-nlb tcp 6443 from ${each.value.public_ip}/32 for each of ${aws_eip.nat}",
      "in apiserver-nlb-worker-clients: apiserver-nlb tcp 6443 from sg:worker",
      "in apiserver-nlb-controller-clients: apiserver-nlb tcp 6443 from sg:controller",
    ],
  );
  assert.deepStrictEqual(
    open.findings.map((f) => `${f.severity} ${f.id} ${f.resource}`),
    ["warning DPN-AWS-101 aws.apiserver.allowedCidrs"],
  );
});

test("firewall rules: a port range from several CIDRs, one resource per CIDR", async () => {
  const plan = planWith({
    firewall: [
      { name: "nodeports", ports: "30000-32767", cidrs: ["10.0.0.0/8", "192.168.0.0/16"] },
      { name: "syslog", protocol: "udp", ports: 514, cidrs: ["10.1.2.0/24"] },
    ],
  });
  await validFiles(plan);
  assert.deepStrictEqual(
    sgRules(plan, "worker").filter((r) => r.includes("firewall")),
    [
      "in worker-firewall-nodeports-ipv4: worker tcp 30000-32767 from 10.0.0.0/8,192.168.0.0/16",
      "in worker-firewall-syslog-ipv4: worker udp 514 from 10.1.2.0/24",
    ],
  );
  assert.deepStrictEqual(resourceJson(plan.module, "aws_vpc_security_group_ingress_rule", "worker-firewall-nodeports-ipv4"), {
    for_each: '${toset(["10.0.0.0/8", "192.168.0.0/16"])}',
    security_group_id: "${aws_security_group.worker.id}",
    description: "Firewall rule nodeports (aws.firewall[0])",
    ip_protocol: "tcp",
    from_port: 30000,
    to_port: 32767,
    cidr_ipv4: "${each.key}",
  });
});

test("SSH or RDP open to the world is refused unless the rule says so, and then it is a warning", () => {
  assert.equal(
    inputErrorOf({ firewall: [{ name: "ssh", ports: 22, cidrs: ["10.0.0.0/8", "0.0.0.0/0"] }] }),
    "aws.firewall[0].cidrs[1]: 0.0.0.0/0 would open port 22 (SSH) on the worker nodes to the whole internet: narrow the CIDRs, or set allowPublicAdminPorts: true on this rule if you mean it",
  );
  assert.equal(
    inputErrorOf({ firewall: [{ name: "wide", ports: "3000-4000", cidrs: ["::/0"] }], ipv6: true }),
    "aws.firewall[0].cidrs[0]: ::/0 would open port 3389 (RDP) on the worker nodes to the whole internet: narrow the CIDRs, or set allowPublicAdminPorts: true on this rule if you mean it",
  );
  const allowed = planWith({ firewall: [{ name: "ssh", ports: "22", cidrs: ["0.0.0.0/0"], allowPublicAdminPorts: true }] });
  assert.deepStrictEqual(
    allowed.findings.map((f) => `${f.severity} ${f.id} ${f.resource}: ${f.message}`),
    [
      "warning DPN-AWS-102 aws.firewall[0]: opens port 22 (SSH) on every worker to the whole internet, as allowPublicAdminPorts asks: prefer a bastion, SSM Session Manager or your VPN's range",
    ],
  );
  assert.ok(sgRules(allowed).includes("in worker-firewall-ssh-ipv4: worker tcp 22 from 0.0.0.0/0"));
});

test("two listeners on one port of the ingress NLB are refused, naming both fields", () => {
  assert.equal(
    inputErrorOf({ ingress: { ports: [80, 443] }, services: [{ ...someApp, port: 443 }] }),
    "aws.services[0].port: 443 clashes with aws.ingress.ports[1] on the ingress NLB: one port takes one listener, so pick another port",
  );
  assert.equal(
    inputErrorOf({ services: [{ ...someApp, port: 8443 }] }, { cidrs: ["203.0.113.0/24"], port: 8443 }),
    "controlPlane.port: 8443 clashes with aws.services[0].port on the ingress NLB: one port takes one listener, so pick another port",
  );
  assert.equal(
    inputErrorOf({ ingress: { ports: [443, 443] } }),
    "aws.ingress.ports[1]: 443 clashes with aws.ingress.ports[0] on the ingress NLB: one port takes one listener, so pick another port",
  );
});

test("services and firewall rules need unique names, valid ports and at least one CIDR", () => {
  assert.equal(
    inputErrorOf({ services: [someApp, { ...someApp, port: 4444 }] }),
    "aws.services[1].name: some-app is used twice: names must be unique in the list",
  );
  assert.equal(
    inputErrorOf({ firewall: [{ name: "x", ports: "40000-30000", cidrs: [] }] }),
    [
      'aws.firewall[0].ports: 40000-30000 must be a port or an inclusive range like "30000-32767" within 1-65535',
      "aws.firewall[0].cidrs: [] must list at least one CIDR",
    ].join("\n"),
  );
});

test("services: allowedCidrs default as ingress's do, NodePorts in Kubernetes' range, firewall ports one port or range", () => {
  const { allowedCidrs: _, ...open } = someApp;
  const admitted = (cp?: { cidrs: string[]; port: number }) => sgRules(planWith({ services: [open] }, cp)).filter((r) => r.includes(" 3333 "));
  assert.deepStrictEqual(admitted(), ["in ingress-nlb-service-some-app-ipv4: ingress-nlb tcp 3333 from 0.0.0.0/0"]);
  assert.deepStrictEqual(admitted({ cidrs: ["203.0.113.0/24"], port: 443 }), [
    "in ingress-nlb-service-some-app-ipv4: ingress-nlb tcp 3333 from 203.0.113.0/24",
  ]);
  assert.equal(
    inputErrorOf({ services: [{ ...someApp, nodePort: 8080 }] }),
    "aws.services[0].nodePort: 8080 must be in Kubernetes' NodePort range 30000-32767",
  );
  assert.equal(
    inputErrorOf({ services: [{ ...someApp, nodePort: 32768 }] }),
    "aws.services[0].nodePort: 32768 must be in Kubernetes' NodePort range 30000-32767",
  );
  assert.equal(
    inputErrorOf({ firewall: [{ name: "web", ports: [80, 443], cidrs: ["10.0.0.0/8"] }] }),
    'aws.firewall[0].ports: [80,443] must be one port (443) or one inclusive range ("30000-32767"): write a rule per port or range',
  );
});

test("two services on one NodePort share one worker rule: AWS refuses duplicate rules", async () => {
  const plan = planWith({ services: [someApp, { ...someApp, name: "other", port: 4444 }] });
  await validFiles(plan);
  assert.deepStrictEqual(
    sgRules(plan).filter((r) => r.includes("30333")),
    ["in worker-service-some-app: worker tcp 30333 from sg:ingress-nlb", "out ingress-nlb-to-service-some-app: ingress-nlb tcp 30333 to sg:worker"],
  );
});

test("rule descriptions use only characters AWS accepts; names are unique and load balancer names fit 32 characters", () => {
  const plan = planWith(
    { apiserver: { allowedCidrs: ["0.0.0.0/0"] }, ingress: {}, services: [{ ...someApp, name: "a-rather-long-name-1", protocol: "tcp_udp" }] },
    { cidrs: ["203.0.113.0/24"], port: 8443 },
  );
  const longName = planSpec({ ...plan.spec, name: "a-very-long-data-plane-name-abcd" });
  for (const p of [plan, longName]) {
    for (const type of ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule", "aws_security_group"]) {
      for (const rule of p.module.resources(type)) {
        assert.match(String(rule.body.description), /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{1,255}$/, `${type}.${rule.labels[1]}`);
      }
    }
    const addresses = p.module.blocks.filter((b) => b.kind === "resource").map((b) => b.labels.join("."));
    assert.equal(new Set(addresses).size, addresses.length);
    for (const type of ["aws_lb", "aws_lb_target_group"]) {
      for (const r of p.module.resources(type)) assert.match(String(r.body.name), /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/, String(r.body.name));
    }
  }
  // Too long: the spec name is cut and a hash of it keeps the names of different data planes apart.
  assert.deepStrictEqual(
    longName.module.resources("aws_lb_target_group").map((r) => r.body.name),
    [
      "a-very-long-dat-e7be-controllers",
      "a-very-long-da-e7be-workers-http",
      "a-very-long-d-e7be-workers-https",
      "a-very-long-da-e7be-workers-sync",
      "a-e7be-svc-a-rather-long-name-1",
    ],
  );
});

test("a name AWS would refuse for the load balancers is refused at the spec", () => {
  assert.throws(() => parseSpec({ name: "internal-tools", cloud: "aws", aws: { region: "eu-west-1", vpc: { cidr: "10.20.0.0/16" } } }), {
    message: "name: internal-tools must not begin with internal-: AWS refuses load balancer names that do, and dpnet names them name-ingress, name-apiserver",
  });
});

test("issue 15.5: aws.ingressElasticIps gives the internet-facing ingress NLB an Elastic IP per zone through subnet_mapping, output for allowlists", async () => {
  const plan = planWith({ ingress: { ports: [443] }, ingressElasticIps: true });
  await validFiles(plan);
  const lb = resourceJson(plan.module, "aws_lb", "ingress");
  assert.equal(lb.subnets, undefined);
  assert.deepStrictEqual(
    lb.subnet_mapping,
    ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((zone) => ({
      subnet_id: `\${aws_subnet.public["${zone}"].id}`,
      allocation_id: `\${aws_eip.ingress-nlb["${zone}"].id}`,
    })),
  );
  assert.deepStrictEqual(resourceJson(plan.module, "aws_eip", "ingress-nlb"), {
    for_each: '${toset(["eu-west-1a", "eu-west-1b", "eu-west-1c"])}',
    domain: "vpc",
    tags: { Name: "acme-prod-ingress-${each.key}" },
  });
  const output = plan.module.blocks.find((b) => b.kind === "output" && b.labels[0] === "ingress_public_ips")!;
  assert.equal((output.body.value as { hcl: string }).hcl, "[for zone, it in aws_eip.ingress-nlb : it.public_ip]");
  // The checks read the mapping: the NLB answers on its Elastic IPs, in each public subnet.
  const { topology } = checkPlan(plan);
  const nodes = topology.loadBalancers.find((l) => l.id === "aws_lb.ingress")!.nodes;
  assert.deepStrictEqual(
    nodes.map((n) => n.subnetId),
    ['aws_subnet.public["eu-west-1a"]', 'aws_subnet.public["eu-west-1b"]', 'aws_subnet.public["eu-west-1c"]'],
  );
  assert.ok(
    nodes.every((n) => n.publicIps?.length === 1),
    "each zone's node answers on its Elastic IP",
  );
  assert.deepStrictEqual(errorsOf(plan), []);
  assert.equal(
    inputErrorOf({ ingressElasticIps: true }, { connectivity: "privatelink", awsAccountId: "111122223333", externalId: "x-1234567890" }),
    "aws.ingressElasticIps: true needs an internet-facing ingress NLB (ingress, services or an internet sync link): with none, or behind PrivateLink, there is no public address to fix",
  );
});

test("ICMP firewall rules: the type in from_port and the code in to_port (-1 for all), ICMPv6 for IPv6 sources; reach answers ping by them", async () => {
  const plan = planWith({
    ipv6: true,
    firewall: [
      { name: "ping", protocol: "icmp", icmp: { type: 8 }, cidrs: ["10.0.0.0/8"] },
      { name: "ping6", protocol: "icmpv6", icmp: { type: 128, code: 0 }, cidrs: ["fd00::/8"] },
      { name: "any-icmp", protocol: "icmp", cidrs: ["192.168.0.0/16"] },
    ],
  });
  const body = (name: string) => resourceJson(plan.module, "aws_vpc_security_group_ingress_rule", name);
  assert.deepStrictEqual(
    [body("worker-firewall-ping-ipv4"), body("worker-firewall-ping6-ipv6"), body("worker-firewall-any-icmp-ipv4")].map((b) => [
      b.ip_protocol,
      b.from_port,
      b.to_port,
    ]),
    [
      ["icmp", 8, -1],
      ["icmpv6", 128, 0],
      ["icmp", -1, -1],
    ],
  );
  assert.ok(sgRules(plan).includes("in worker-firewall-ping-ipv4: worker icmp 8--1 from 10.0.0.0/8"), sgRules(plan).join("\n"));
  await validFiles(plan);
  // The module read back: an echo request from 10.0.0.0/8 is admitted, a timestamp request (type 13) is not.
  const { topology } = checkPlan(plan);
  const worker = topology.securityGroups.find((g) => g.id.endsWith("aws_security_group.worker"))!;
  const icmpRules = worker.rules.filter((r) => r.protocol === "icmp" || r.protocol === "icmpv6").map((r) => [r.protocol, r.icmp?.type, r.icmp?.code]);
  assert.deepStrictEqual(icmpRules, [
    ["icmp", 8, undefined],
    ["icmpv6", 128, 0],
    ["icmp", undefined, undefined],
  ]);
});

test("ICMP firewall rules: no ports, ICMP fields only with ICMP, one family each", () => {
  assert.equal(
    inputErrorOf({ firewall: [{ name: "ping", protocol: "icmp", ports: 8, cidrs: ["10.0.0.0/8"] }] }),
    "aws.firewall[0].ports: 8 is not for icmp: ICMP has no ports, give icmp: { type, code } instead",
  );
  assert.equal(
    inputErrorOf({ firewall: [{ name: "web", icmp: { type: 8 }, ports: 80, cidrs: ["10.0.0.0/8"] }] }),
    'aws.firewall[0].icmp: {"type":8} is only for protocol icmp or icmpv6, not tcp',
  );
  assert.equal(
    inputErrorOf({ firewall: [{ name: "web", cidrs: ["10.0.0.0/8"] }] }),
    'aws.firewall[0].ports: is required for tcp: one port (443) or one inclusive range ("30000-32767")',
  );
  assert.equal(
    inputErrorOf({ ipv6: true, firewall: [{ name: "ping", protocol: "icmp", cidrs: ["fd00::/8"] }] }),
    "aws.firewall[0].cidrs[0]: fd00::/8 is IPv6: ICMP for IPv6 sources is protocol icmpv6 (its types differ: echo request is 128)",
  );
  assert.equal(
    inputErrorOf({ firewall: [{ name: "ping", protocol: "icmp", icmp: { type: 300 }, cidrs: ["10.0.0.0/8"] }] }),
    "aws.firewall[0].icmp.type: 300 must be an ICMP type 0-255, or -1 for all",
  );
});
