// The configuration importer on dpnet's own modules (every example, through loadSource) and on a
// folder of .tf files dpnet did not write; reachability on the imported topology.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { reach } from "../src/analyze/reach.js";
import { type LoadedSource, loadSource } from "../src/import/source.js";
import { importTerraformConfig } from "../src/import/terraform/config.js";
import { loadSpecFile } from "../src/io/spec-file.js";
import { planSpec, renderPlan } from "../src/plan/index.js";
import { TopologyIndex } from "../src/topology/lookup.js";
import type { Topology } from "../src/topology/model.js";
import { CHILD_MODULE_DIR } from "../src/terraform/root.js";
import { steps } from "./reach-fixtures.js";
import { gapText } from "../src/import/types.js";

const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;
const HCL = new URL("../../test/fixtures/terraform-hcl", import.meta.url).pathname;
const example = (name: string) => loadSource(`${EXAMPLES}${name}`);

const subnetRows = (t: Topology) => t.subnets.map((s) => [s.id, s.cidrs.join(","), s.zone ?? "", s.tier ?? "", s.routeTableId ?? ""]);
const routeRows = (t: Topology) =>
  t.routeTables.map((rt) => [
    rt.id,
    rt.routes.map(
      (r) =>
        `${r.destination} -> ${r.target.kind === "gateway" || r.target.kind === "interface" ? r.target.id : r.target.kind === "appliance" ? r.target.ip : r.target.kind}`,
    ),
  ]);
const ruleRows = (t: Topology, group: string) =>
  t.securityGroups
    .find((g) => g.id === group)!
    .rules.map((r) => [
      r.id ?? "",
      r.direction,
      r.protocol,
      r.ports ? `${r.ports.from}-${r.ports.to}` : "",
      r.peer.kind === "cidr" ? r.peer.cidr : r.peer.kind === "security-group" ? r.peer.id : r.peer.kind,
    ]);

const CUSTOMER_MANAGED_GAPS = [
  ...[
    "data.azurerm_virtual_network.network",
    "data.azurerm_subnet.db",
    "data.azurerm_subnet.nodes",
    "data.azurerm_subnet.pods",
    "data.azurerm_route_table.nodes",
    "data.azurerm_route_table.pods",
  ].map(
    (id) => `not enough data to judge ${id}: it is read from the cloud when Terraform plans; verify a plan or state (terraform show -json) or the live network`,
  ),
  ...["blob", "dfs", "vault"].map(
    (k) =>
      `not enough data to judge azurerm_private_endpoint.service["${k}"]: its private address in data.azurerm_subnet.nodes: that subnet's IPv4 block is unknown`,
  ),
];

const READ_AT_PLAN = "it is read from the cloud when Terraform plans; verify a plan or state (terraform show -json) or the live network";
const EXISTING_VPC_GAPS = [
  `not enough data to judge data.aws_vpc.network: ${READ_AT_PLAN}`,
  ...["a", "b", "c"].map((z) => `not enough data to judge data.aws_subnet.public["eu-west-1${z}"]: ${READ_AT_PLAN}`),
  ...["a", "b", "c"].flatMap((z) => {
    const nat = `data.aws_nat_gateway.nat["eu-west-1${z}"]`;
    return [
      `not enough data to judge ${nat}: ${READ_AT_PLAN}`,
      `not enough data to judge the public address of ${nat}: ${nat}.public_ip is read from the cloud when Terraform plans`,
    ];
  }),
];

test("every example imports into a valid topology; only the customer's resources, read at plan time, are gaps", async () => {
  const names = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  assert.deepEqual(names, ["aws-existing-vpc.yaml", "aws-internet.yaml", "aws-privatelink.yaml", "azure-customer-managed.yaml", "azure-managed.yaml"]);
  const gaps: Record<string, string[]> = { "azure-customer-managed.yaml": CUSTOMER_MANAGED_GAPS, "aws-existing-vpc.yaml": EXISTING_VPC_GAPS };
  for (const name of names) {
    const src = await example(name);
    assert.equal(src.kind, "spec");
    assert.deepEqual(src.gaps.map(gapText), gaps[name] ?? [], name);
    assert.doesNotThrow(() => new TopologyIndex(src.topology), name);
  }
});

test("aws-internet: the exact subnets, route tables and routes of the module", async () => {
  const { topology: t } = await example("aws-internet.yaml");
  assert.deepEqual(
    t.networks.map((n) => [n.id, n.region, n.cidrs]),
    [["aws_vpc.network", "eu-west-1", ["10.20.0.0/16", "100.64.0.0/16"]]],
  );
  const zone = (tier: string, z: string, cidr: string, table: string) => [`aws_subnet.${tier}["eu-west-1${z}"]`, cidr, `eu-west-1${z}`, tier, table];
  assert.deepEqual(subnetRows(t), [
    zone("public", "a", "10.20.48.0/24", "aws_route_table.public"),
    zone("public", "b", "10.20.49.0/24", "aws_route_table.public"),
    zone("public", "c", "10.20.50.0/24", "aws_route_table.public"),
    zone("node", "a", "10.20.0.0/20", 'aws_route_table.node["eu-west-1a"]'),
    zone("node", "b", "10.20.16.0/20", 'aws_route_table.node["eu-west-1b"]'),
    zone("node", "c", "10.20.32.0/20", 'aws_route_table.node["eu-west-1c"]'),
    zone("pod", "a", "100.64.0.0/18", 'aws_route_table.pod["eu-west-1a"]'),
    zone("pod", "b", "100.64.64.0/18", 'aws_route_table.pod["eu-west-1b"]'),
    zone("pod", "c", "100.64.128.0/18", 'aws_route_table.pod["eu-west-1c"]'),
  ]);
  const node = (z: string) => [
    `aws_route_table.node["eu-west-1${z}"]`,
    [`0.0.0.0/0 -> aws_nat_gateway.nat["eu-west-1${z}"]`, "192.168.4.0/24 -> pcx-0123456789abcdef0"],
  ];
  assert.deepEqual(routeRows(t), [
    ["aws_route_table.public", ["0.0.0.0/0 -> aws_internet_gateway.gateway"]],
    node("a"),
    node("b"),
    node("c"),
    ['aws_route_table.pod["eu-west-1a"]', []],
    ['aws_route_table.pod["eu-west-1b"]', []],
    ['aws_route_table.pod["eu-west-1c"]', []],
  ]);
  assert.deepEqual(
    t.gateways.map((g) => [g.id, g.kind, g.subnetId ?? "", g.privateIp ?? "", g.publicIp ?? ""]),
    [
      ["aws_internet_gateway.gateway", "internet-gateway", "", "", ""],
      ['aws_nat_gateway.nat["eu-west-1a"]', "nat-gateway", 'aws_subnet.public["eu-west-1a"]', "10.20.48.254", "198.51.100.1"],
      ['aws_nat_gateway.nat["eu-west-1b"]', "nat-gateway", 'aws_subnet.public["eu-west-1b"]', "10.20.49.254", "198.51.100.2"],
      ['aws_nat_gateway.nat["eu-west-1c"]', "nat-gateway", 'aws_subnet.public["eu-west-1c"]', "10.20.50.254", "198.51.100.3"],
    ],
  );
});

test("aws-internet: security group rules, load balancers and the async link", async () => {
  const src = await example("aws-internet.yaml");
  const t = src.topology;
  assert.deepEqual(
    t.securityGroups.map((g) => [g.id, g.rules.length, g.isDefault ?? false]),
    [
      ["aws_security_group.worker", 10, false],
      ["aws_security_group.controller", 11, false],
      ["aws_security_group.apiserver-nlb", 4, false],
      ["aws_security_group.ingress-nlb", 7, false],
      ["aws_default_security_group.default", 0, true],
    ],
  );
  const rule = (name: string, direction: string, ports: string, peer: string) => [
    `aws_vpc_security_group_${direction}_rule.${name}`,
    direction,
    "tcp",
    ports,
    peer,
  ];
  assert.deepEqual(ruleRows(t, "aws_security_group.ingress-nlb"), [
    rule('ingress-nlb-http-ipv4["203.0.113.0/24"]', "ingress", "80-80", "203.0.113.0/24"),
    rule('ingress-nlb-https-ipv4["203.0.113.0/24"]', "ingress", "443-443", "203.0.113.0/24"),
    rule('ingress-nlb-service-some-app-ipv4["0.0.0.0/0"]', "ingress", "3333-3333", "0.0.0.0/0"),
    rule("ingress-nlb-to-workers-http", "egress", "80-80", "aws_security_group.worker"),
    rule("ingress-nlb-to-workers-ingress-health", "egress", "10254-10254", "aws_security_group.worker"),
    rule("ingress-nlb-to-workers-https", "egress", "443-443", "aws_security_group.worker"),
    rule("ingress-nlb-to-service-some-app", "egress", "30333-30333", "aws_security_group.worker"),
  ]);
  assert.deepEqual(ruleRows(t, "aws_security_group.worker").slice(0, 2).concat(ruleRows(t, "aws_security_group.worker").slice(-2)), [
    ["aws_vpc_security_group_ingress_rule.worker-self", "ingress", "all", "", "aws_security_group.worker"],
    ["aws_vpc_security_group_ingress_rule.worker-kubelet", "ingress", "tcp", "10250-10250", "aws_security_group.controller"],
    ["aws_vpc_security_group_ingress_rule.worker-service-some-app", "ingress", "tcp", "30333-30333", "aws_security_group.ingress-nlb"],
    ["aws_vpc_security_group_egress_rule.worker-egress-ipv4", "egress", "all", "", "0.0.0.0/0"],
  ]);
  assert.deepEqual(
    t.loadBalancers.map((lb) => [
      lb.id,
      lb.kind,
      lb.scheme,
      lb.crossZone,
      lb.securityGroupIds,
      lb.nodes.map((n) => `${n.subnetId} ${n.privateIps.join(",")} ${(n.publicIps ?? []).join(",")}`.trim()),
    ]),
    [
      [
        "aws_lb.apiserver",
        "network",
        "internal",
        true,
        ["aws_security_group.apiserver-nlb"],
        ['aws_subnet.node["eu-west-1a"] 10.20.15.254', 'aws_subnet.node["eu-west-1b"] 10.20.31.254', 'aws_subnet.node["eu-west-1c"] 10.20.47.254'],
      ],
      [
        "aws_lb.ingress",
        "network",
        "internet-facing",
        true,
        ["aws_security_group.ingress-nlb"],
        [
          'aws_subnet.public["eu-west-1a"] 10.20.48.253 198.51.100.4',
          'aws_subnet.public["eu-west-1b"] 10.20.49.253 198.51.100.5',
          'aws_subnet.public["eu-west-1c"] 10.20.50.253 198.51.100.6',
        ],
      ],
    ],
  );
  assert.deepEqual(
    t.loadBalancers.flatMap((lb) => lb.listeners.map((l) => [l.id, l.protocol, l.port, l.targetGroupId])),
    [
      ["aws_lb_listener.apiserver", "tcp", 6443, "aws_lb_target_group.controllers"],
      ["aws_lb_listener.ingress-http", "tcp", 80, "aws_lb_target_group.workers-http"],
      ["aws_lb_listener.ingress-https", "tcp", 443, "aws_lb_target_group.workers-https"],
      ["aws_lb_listener.service-some-app", "tcp", 3333, "aws_lb_target_group.service-some-app"],
    ],
  );
  assert.deepEqual(
    t.targetGroups.map((tg) => [tg.id, tg.port, tg.targetType, tg.preserveClientIp]),
    [
      ["aws_lb_target_group.controllers", 6443, "instance", false],
      ["aws_lb_target_group.workers-http", 80, "instance", undefined],
      ["aws_lb_target_group.workers-https", 443, "instance", undefined],
      ["aws_lb_target_group.service-some-app", 30333, "instance", undefined],
    ],
  );
  const inbound = t.queues.find((q) => q.id === "aws_sqs_queue.inbound")!;
  assert.equal(inbound.encrypted, true);
  assert.deepEqual(
    inbound.policies?.[0]?.document.Statement.map((s) => [s.Sid, s.Effect, s.Principal, s.Resource]),
    [
      ["ControlPlaneSends", "Allow", { AWS: "arn:aws:iam::111122223333:root" }, "aws_sqs_queue.inbound"],
      ["TlsOnly", "Deny", "*", "aws_sqs_queue.inbound"],
    ],
  );
  assert.deepEqual(
    t.roles?.map((r) => [r.id, r.trustPolicy?.Statement[0]?.Condition]),
    [
      ["aws_iam_role.control-plane", { StringEquals: { "sts:ExternalId": "acme-prod-7f3a9c" } }],
      ["aws_iam_role.flow-logs", { StringEquals: { "aws:SourceAccount": "data.aws_caller_identity.current.account_id" } }],
    ],
  );
  assert.deepEqual(src.locations.get('aws_subnet.pod["eu-west-1b"]'), { file: "network.tf" });
  assert.deepEqual(t.loadBalancers[0]!.source, { file: "nlb.tf" });
  assert.deepEqual(src.notes, [
    "not part of the network model, so not read: aws_sqs_queue_redrive_policy (1), aws_sqs_queue_redrive_allow_policy (1), aws_iam_role_policy (2), aws_cloudwatch_log_group (1)",
    "addresses the cloud assigns at apply time are stand-ins: public IPv4 from 198.51.100.0/24 and 192.0.2.0/24, IPv6 blocks from 2001:db8::/32, private addresses from the top of their subnet",
  ]);
});

/**
 * Without source locations, lists of elements in id order: the HCL parser orders blocks by name.
 * Read from a folder, the AWS module is the child `module.data_plane` of the thin root: its
 * addresses are the plan's under that prefix.
 */
function canonical(t: Topology): string {
  const sortedKeys = (v: object) => Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const text = JSON.stringify(t, (k, v) => {
    if (k === "source") return undefined;
    if (Array.isArray(v)) return v.every((x) => x && typeof x === "object" && "id" in x) ? [...v].sort((a, b) => a.id.localeCompare(b.id)) : v;
    return v && typeof v === "object" ? sortedKeys(v) : v;
  });
  return text.replaceAll("module.data_plane.", "");
}

test("what dpnet synth writes, read back as .tf files, is the topology of the spec itself", async () => {
  for (const name of ["aws-internet", "aws-privatelink", "azure-managed", "azure-customer-managed"]) {
    const { spec, source } = loadSpecFile(`${EXAMPLES}${name}.yaml`);
    const dir = mkdtempSync(join(tmpdir(), "dpnet-synth-"));
    for (const [path, text] of renderPlan(planSpec(spec), source)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const [fromSpec, fromFiles] = [await example(`${name}.yaml`), await loadSource(dir)];
    assert.equal(canonical(fromFiles.topology), canonical(fromSpec.topology), name);
    assert.deepEqual(fromFiles.gaps, fromSpec.gaps, name);
    const subnet = fromFiles.topology.subnets[0]!;
    const moduleDir = name.startsWith("aws") ? join(dir, CHILD_MODULE_DIR) : dir;
    assert.deepEqual(fromFiles.locations.get(subnet.id), { file: join(moduleDir, "network.tf"), line: subnet.source!.line, column: 1 }, name);
    assert.ok(subnet.source!.line! > 1, name);
  }
});

/** The imported topology with a worker instance registered in the ingress target groups, as users of the module do. */
function withWorker(src: LoadedSource): Topology {
  const t: Topology = structuredClone(src.topology);
  t.interfaces.push({
    id: "eni-worker",
    instanceId: "i-worker",
    subnetId: 'aws_subnet.node["eu-west-1a"]',
    privateIps: ["10.20.0.10"],
    securityGroupIds: ["aws_security_group.worker"],
  });
  for (const tg of t.targetGroups) if (tg.id.includes("workers")) tg.targets.push({ id: "i-worker" });
  return t;
}

test("aws-internet answers reach() as designed: NAT per zone, pods stay inside, only the control plane reaches the sync listener", async () => {
  const src = await example("aws-internet.yaml");
  const t = src.topology;
  const out = reach(t, { from: 'aws_subnet.node["eu-west-1b"]', to: "8.8.8.8", port: 443 });
  assert.equal(out.disposition, "exits-network");
  assert.deepEqual(
    out.hops.map((h) => h.id),
    [
      'aws_subnet.node["eu-west-1b"]',
      "aws_vpc.network",
      'aws_nat_gateway.nat["eu-west-1b"]',
      'aws_subnet.public["eu-west-1b"]',
      "aws_internet_gateway.gateway",
      "internet",
    ],
  );
  assert.equal(out.hops[4]!.decision, "translates source 10.20.49.254 -> 198.51.100.2 (1:1 public address)");

  const pods = reach(t, { from: 'aws_subnet.pod["eu-west-1a"]', to: "8.8.8.8", port: 443 });
  assert.equal(pods.disposition, "no-route");
  assert.deepEqual(steps(pods.hops), [
    ['aws_subnet.pod["eu-west-1a"]', 'default network ACL allows all traffic; aws_route_table.pod["eu-west-1a"]: no route matches 8.8.8.8'],
  ]);
  assert.equal(reach(t, { from: "internet", to: 'aws_subnet.pod["eu-west-1a"]', port: 443 }).disposition, "null-routed");

  const other = reach(t, { from: "internet", sourceIp: "8.8.4.4", to: "aws_lb_listener.ingress-https" });
  assert.equal(other.disposition, "denied");
  assert.equal(other.hops.at(-1)!.decision, "no ingress rule of aws_security_group.ingress-nlb allows tcp 443 from 8.8.4.4: security groups deny by default");

  // With no instance registered, the listener forwards to an empty target group; register a worker and the flow is accepted.
  const empty = reach(t, { from: "internet", sourceIp: "203.0.113.7", to: "aws_lb_listener.ingress-https" });
  assert.equal(
    empty.hops.at(-1)!.decision,
    'aws_security_group.ingress-nlb ingress rule aws_vpc_security_group_ingress_rule.ingress-nlb-https-ipv4["203.0.113.0/24"] allows tcp 443 from 203.0.113.0/24; listener aws_lb_listener.ingress-https (tcp 443) -> aws_lb_target_group.workers-https; no target in aws_lb_target_group.workers-https',
  );
  const cp = reach(withWorker(src), { from: "internet", sourceIp: "203.0.113.7", to: "aws_lb_listener.ingress-https" });
  assert.equal(cp.disposition, "accepted");
  assert.deepEqual(
    cp.hops.map((h) => h.id),
    [
      "internet",
      "aws_internet_gateway.gateway",
      'aws_subnet.public["eu-west-1a"]',
      "aws_lb.ingress/eu-west-1a",
      'aws_subnet.public["eu-west-1a"]',
      "aws_vpc.network",
      'aws_subnet.node["eu-west-1a"]',
      "i-worker",
    ],
  );
  assert.equal(
    cp.hops.at(-1)!.decision,
    "aws_security_group.worker ingress rule aws_vpc_security_group_ingress_rule.worker-ingress-https allows tcp 443 from aws_security_group.ingress-nlb",
  );
});

test("aws-privatelink: the endpoint service on the internal NLB, one NAT gateway, the transit gateway route", async () => {
  const { topology: t } = await example("aws-privatelink.yaml");
  assert.deepEqual(
    t.endpointServices.map((s) => [s.id, s.serviceName, s.loadBalancerIds, s.acceptanceRequired, s.allowedPrincipals]),
    [["aws_vpc_endpoint_service.sync", "aws_vpc_endpoint_service.sync.service_name", ["aws_lb.ingress"], true, ["arn:aws:iam::111122223333:root"]]],
  );
  const lb = t.loadBalancers[0]!;
  assert.deepEqual(
    [lb.id, lb.scheme, lb.enforceSecurityGroupsOnPrivateLink, lb.nodes.map((n) => n.subnetId)],
    ["aws_lb.ingress", "internal", false, ['aws_subnet.node["eu-central-1a"]', 'aws_subnet.node["eu-central-1b"]', 'aws_subnet.node["eu-central-1c"]']],
  );
  assert.deepEqual(
    routeRows(t)
      .slice(1, 4)
      .map(([, routes]) => routes),
    Array(3).fill(['0.0.0.0/0 -> aws_nat_gateway.nat["eu-central-1a"]', "10.0.0.0/12 -> tgw-0123456789abcdef0"]),
  );
  assert.deepEqual(ruleRows(t, "aws_security_group.ingress-nlb").slice(0, 2), [
    ['aws_vpc_security_group_ingress_rule.ingress-nlb-https-ipv4["10.30.0.0/16"]', "ingress", "tcp", "443-443", "10.30.0.0/16"],
    ['aws_vpc_security_group_ingress_rule.ingress-nlb-https-ipv4["100.64.0.0/16"]', "ingress", "tcp", "443-443", "100.64.0.0/16"],
  ]);
});

test("azure-managed: subnets with their NSGs and delegation, the control plane's rule to the public IP, endpoints and linked zones", async () => {
  const { topology: t } = await example("azure-managed.yaml");
  assert.deepEqual(
    t.networks.map((n) => [n.id, n.cloud, n.region, n.cidrs]),
    [["azurerm_virtual_network.network", "azure", "westeurope", ["10.30.0.0/16"]]],
  );
  assert.deepEqual(
    t.subnets.map((s) => [s.id, s.cidrs, s.tier, s.networkSecurityGroupId, s.delegations]),
    [
      ["azurerm_subnet.db", ["10.30.9.0/28"], "db", "azurerm_network_security_group.db", ["Microsoft.DBforPostgreSQL/flexibleServers"]],
      ["azurerm_subnet.nodes", ["10.30.8.0/24"], "node", "azurerm_network_security_group.nodes", undefined],
      ["azurerm_subnet.pods", ["10.30.0.0/21"], "pod", "azurerm_network_security_group.pods", undefined],
    ],
  );
  const nodes = t.networkSecurityGroups.find((n) => n.id === "azurerm_network_security_group.nodes")!;
  assert.deepEqual(
    nodes.rules.map((r) => [r.name, r.priority, r.direction, r.access, r.protocol, r.destinationPorts, r.sources, r.destinations]),
    [
      [
        "control-plane",
        100,
        "inbound",
        "allow",
        "tcp",
        [{ from: 443, to: 443 }],
        [{ kind: "cidr", cidr: "203.0.113.0/24" }],
        [{ kind: "cidr", cidr: "198.51.100.1/32" }],
      ],
      ["load-balancer-probes", 110, "inbound", "allow", "all", undefined, [{ kind: "service-tag", tag: "AzureLoadBalancer" }], [{ kind: "any" }]],
      ["from-nodes", 120, "inbound", "allow", "all", undefined, [{ kind: "cidr", cidr: "10.30.8.0/24" }], [{ kind: "any" }]],
      ["from-pods", 130, "inbound", "allow", "all", undefined, [{ kind: "cidr", cidr: "10.30.0.0/21" }], [{ kind: "any" }]],
      ["deny-vnet-inbound", 4096, "inbound", "deny", "all", undefined, [{ kind: "service-tag", tag: "VirtualNetwork" }], [{ kind: "any" }]],
    ],
  );
  assert.deepEqual(
    t.endpoints.map((e) => [e.id, e.subnetIds, e.groupIds, e.privateDnsZoneIds, t.interfaces.find((i) => i.id === e.interfaceIds[0])?.privateIps]),
    [
      ['azurerm_private_endpoint.service["blob"]', ["azurerm_subnet.nodes"], ["blob"], ['azurerm_private_dns_zone.service["blob"]'], ["10.30.8.254"]],
      ['azurerm_private_endpoint.service["dfs"]', ["azurerm_subnet.nodes"], ["dfs"], ['azurerm_private_dns_zone.service["dfs"]'], ["10.30.8.253"]],
      ['azurerm_private_endpoint.service["vault"]', ["azurerm_subnet.nodes"], ["vault"], ['azurerm_private_dns_zone.service["vault"]'], ["10.30.8.252"]],
    ],
  );
  assert.deepEqual(
    t.privateDnsZones.map((z) => [z.zoneName, z.networkLinks]),
    ["blob.core.windows.net", "dfs.core.windows.net", "postgres.database.azure.com", "vaultcore.azure.net"].map((zone) => [
      `privatelink.${zone}`,
      [{ networkId: "azurerm_virtual_network.network", registrationEnabled: false }],
    ]),
  );
});

test("azure-customer-managed: the customer's VNet, subnets and route tables are data sources, linked as the module reads them", async () => {
  const src = await example("azure-customer-managed.yaml");
  const t = src.topology;
  assert.deepEqual(
    t.networks.map((n) => [n.id, n.name, n.cidrs]),
    [["data.azurerm_virtual_network.network", "corp-spoke", []]],
  );
  assert.deepEqual(
    t.subnets.map((s) => [s.id, s.name, s.tier, s.routeTableId]),
    [
      ["data.azurerm_subnet.db", "conveyor-db", "db", undefined],
      ["data.azurerm_subnet.nodes", "conveyor-nodes", "node", "data.azurerm_route_table.nodes"],
      ["data.azurerm_subnet.pods", "conveyor-pods", "pod", "data.azurerm_route_table.pods"],
    ],
  );
  assert.deepEqual(
    t.privateDnsZones.map((z) => z.networkLinks[0]?.networkId),
    Array(4).fill("data.azurerm_virtual_network.network"),
  );
  assert.deepEqual(src.context.azure, { mode: "customerManaged", firewallPrivateIp: "10.0.0.4" });
});

test("a folder of .tf files dpnet did not write: locals, for_each, a dynamic block from tfvars, a local module", async () => {
  const src = await loadSource(HCL);
  assert.equal(src.kind, "terraform-config");
  assert.deepEqual(src.gaps, []);
  const t = src.topology;
  assert.deepEqual(subnetRows(t), [
    ["aws_subnet.public", "10.0.0.0/24", "us-east-1a", "public", "aws_route_table.public"],
    ['module.private.aws_subnet.this["us-east-1a"]', "10.0.1.0/24", "us-east-1a", "", "module.private.aws_route_table.this"],
    ['module.private.aws_subnet.this["us-east-1b"]', "10.0.2.0/24", "us-east-1b", "", "module.private.aws_route_table.this"],
  ]);
  assert.deepEqual(routeRows(t), [
    ["aws_route_table.public", ["0.0.0.0/0 -> aws_internet_gateway.main"]],
    ["module.private.aws_route_table.this", ["0.0.0.0/0 -> aws_nat_gateway.main"]],
  ]);
  assert.deepEqual(ruleRows(t, "aws_security_group.bastion"), [
    ["aws_security_group.bastion.ingress[0]", "ingress", "tcp", "22-22", "0.0.0.0/0"],
    ["aws_security_group.bastion.egress[0]", "egress", "all", "", "0.0.0.0/0"],
  ]);
  assert.deepEqual(ruleRows(t, "aws_security_group.app"), [
    ["aws_vpc_security_group_ingress_rule.app_ssh", "ingress", "tcp", "22-22", "aws_security_group.bastion"],
    ["aws_vpc_security_group_egress_rule.app_all", "egress", "all", "", "0.0.0.0/0"],
  ]);
  assert.deepEqual(
    t.networkAcls.map((a) => [
      a.id,
      a.entries.map((e) => `${e.direction} ${e.number} ${e.action} ${e.protocol} ${e.ports ? `${e.ports.from}-${e.ports.to}` : "all"} ${e.cidr}`),
    ]),
    [
      [
        "module.private.aws_network_acl.this",
        ["ingress 100 allow tcp 22-22 10.0.0.0/24", "ingress 110 allow tcp 1024-65535 0.0.0.0/0", "egress 100 allow all all 0.0.0.0/0"],
      ],
    ],
  );
  assert.deepEqual(
    t.subnets.map((s) => s.networkAclId),
    [undefined, "module.private.aws_network_acl.this", "module.private.aws_network_acl.this"],
  );
  assert.deepEqual(
    t.interfaces.map((i) => [i.id, i.subnetId, i.privateIps, i.securityGroupIds, i.publicIps]),
    [
      ["aws_instance.bastion", "aws_subnet.public", ["10.0.0.253"], ["aws_security_group.bastion"], [{ publicIp: "198.51.100.2" }]],
      ["module.private.aws_instance.app", 'module.private.aws_subnet.this["us-east-1a"]', ["10.0.1.10"], ["aws_security_group.app"], undefined],
    ],
  );
  assert.deepEqual(src.locations.get("aws_security_group.bastion"), { file: `${HCL}/main.tf`, line: 75, column: 1 });
  assert.deepEqual(src.locations.get('module.private.aws_subnet.this["us-east-1b"]'), { file: `${HCL}/private/main.tf`, line: 17, column: 1 });
});

test("what a configuration leaves open is a gap naming the element, never a guess", () => {
  const doc = {
    variable: { cidr: [{ type: "${string}" }], zones: [{ type: "${list(string)}" }] },
    data: { aws_vpc: { shared: [{ id: "vpc-0123" }] } },
    module: { vpc: [{ source: "terraform-aws-modules/vpc/aws" }] },
    resource: {
      aws_vpc: { main: [{ cidr_block: "${var.cidr}" }] },
      aws_subnet: {
        each: [{ for_each: "${toset(var.zones)}", vpc_id: "${aws_vpc.main.id}", cidr_block: "10.0.0.0/24" }],
        counted: [
          { count: 2, vpc_id: "${data.aws_vpc.shared.id}", cidr_block: '${cidrsubnet("10.1.0.0/16", 8, count.index)}', availability_zone: "eu-west-1a" },
        ],
      },
      azurerm_lb: { front: [{ name: "front" }] },
    },
  };
  const r = importTerraformConfig(doc);
  assert.deepEqual(r.gaps.map(gapText), [
    "not enough data to judge aws_subnet.each: its for_each cannot be evaluated (var.zones has no default and no value is given), so its instances are not known",
    "not enough data to judge module.vpc: module source terraform-aws-modules/vpc/aws is not read (only local modules are): verify a plan (terraform show -json) instead",
    "not enough data to judge aws_vpc.main: cidr_block: var.cidr has no default and no value is given",
    "not enough data to judge data.aws_vpc.shared: it is read from the cloud when Terraform plans; verify a plan or state (terraform show -json) or the live network",
    "not enough data to judge azurerm_lb.front: Azure Load Balancer rules and pools are not modelled, so traffic through it is not judged",
  ]);
  // Subnets of the VPC read as a data source are known; its blocks are the gap.
  assert.deepEqual(subnetRows(r.topology), [
    ["aws_subnet.counted[0]", "10.1.0.0/24", "eu-west-1a", "", ""],
    ["aws_subnet.counted[1]", "10.1.1.0/24", "eu-west-1a", "", ""],
  ]);
  const given = importTerraformConfig(doc, { variables: { cidr: "10.0.0.0/16", zones: ["a"] } });
  assert.deepEqual(
    given.topology.networks.map((n) => [n.id, n.cidrs]),
    [
      ["aws_vpc.main", ["10.0.0.0/16"]],
      ["data.aws_vpc.shared", []],
    ],
  );
  assert.deepEqual(subnetRows(given.topology)[0], ['aws_subnet.each["a"]', "10.0.0.0/24", "", "", ""]);
});

test("malformed configurations give gaps, never a crash or a silent pass", () => {
  const doc = {
    locals: [{ a: "${local.b}", b: "${local.a}" }],
    resource: {
      aws_vpc: { v: [{ cidr_block: "10.0.0.5/16", tags: "not a map" }], x: { cidr_block: "10.9.0.0/16" } },
      aws_subnet: {
        s: [{ for_each: 3, vpc_id: "${aws_vpc.v.id}" }],
        u: [{ vpc_id: "${aws_vpc.x.id}", cidr_block: "${local.a}" }],
        y: [{ vpc_id: "${aws_vpc.x.id}", cidr_block: "10.9.1.0/24", availability_zone: ["a"] }],
      },
      aws_security_group: {
        g: [{ vpc_id: "${aws_vpc.x.id}", ingress: "${[1]}", dynamic: { egress: [{ for_each: "${var.nope}", content: [{ protocol: "tcp" }] }] } }],
      },
      aws_route_table: { r: [{ vpc_id: "${aws_vpc.x.id}", route: [{ cidr_block: "0.0.0.0/0" }, { cidr_block: "bad", gateway_id: "igw-1" }] }] },
      aws_sqs_queue: { q: [{ name: "q", policy: "{not json" }] },
      aws_lb_listener: { x: [{ load_balancer_arn: "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/net/x/1", port: 80 }] },
    },
    module: { m: [{ source: "./nowhere" }] },
  };
  const r = importTerraformConfig(doc);
  assert.doesNotThrow(() => new TopologyIndex(r.topology));
  assert.deepEqual(r.gaps.map(gapText), [
    "not enough data to judge aws_subnet.s: its for_each cannot be evaluated (cannot iterate over number), so its instances are not known",
    "not enough data to judge module.m: its local module ./nowhere was not found: verify a plan (terraform show -json) instead",
    'not enough data to judge aws_vpc.v: cidr_block: "10.0.0.5/16" is not a CIDR block (or has host bits set)',
    "not enough data to judge aws_subnet.u: cidr_block: local.a refers to itself",
    'not enough data to judge aws_subnet.y: availability_zone: ["a"] is not a single value',
    "not enough data to judge aws_route_table.r: route[0]: it has no target",
    'not enough data to judge aws_route_table.r: route[1].cidr_block: "bad" is not a CIDR block (or has host bits set)',
    "not enough data to judge aws_security_group.g: ingress[0].protocol: 1 is not a block",
    'not enough data to judge aws_security_group.g: egress[0].protocol: dynamic "egress" blocks: var has no attribute "nope"',
    "not enough data to judge aws_lb_listener.x: its load balancer arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/net/x/1 is not in this configuration",
    "not enough data to judge aws_sqs_queue.q: policy: the policy is not JSON",
  ]);
});

test("azurerm peerings carry each side's flags; a side the remote VNet does not return is a gap; BGP propagation off on a route table (azurerm 3 and 4)", () => {
  const vnet = (name: string, cidr: string) => ({ name, resource_group_name: "rg", location: "westeurope", address_space: [cidr] });
  const peering = (from: string, to: string, flags: Record<string, boolean>) => ({
    name: `${from}-to-${to}`,
    resource_group_name: "rg",
    virtual_network_name: from,
    remote_virtual_network_id: `\${azurerm_virtual_network.${to}.id}`,
    ...flags,
  });
  const r = importTerraformConfig({
    resource: {
      azurerm_virtual_network: { hub: [vnet("hub", "10.0.0.0/16")], spoke: [vnet("spoke", "10.1.0.0/16")], lonely: [vnet("lonely", "10.9.0.0/16")] },
      azurerm_virtual_network_peering: {
        spoke_hub: [peering("spoke", "hub", { allow_forwarded_traffic: true, use_remote_gateways: true })],
        hub_spoke: [peering("hub", "spoke", { allow_gateway_transit: true, allow_virtual_network_access: false })],
        hub_lonely: [peering("hub", "lonely", {})],
      },
      azurerm_route_table: {
        v3: [{ name: "v3", resource_group_name: "rg", location: "westeurope", disable_bgp_route_propagation: true }],
        v4: [{ name: "v4", resource_group_name: "rg", location: "westeurope", bgp_route_propagation_enabled: false }],
        on: [{ name: "on", resource_group_name: "rg", location: "westeurope", bgp_route_propagation_enabled: true }],
      },
    },
  });
  assert.deepEqual(
    r.topology.gateways.map((g) => [g.id, g.networkIds, g.virtualNetworkAccess, g.allowForwardedTraffic, g.allowGatewayTransit, g.useRemoteGateways]),
    [
      ["azurerm_virtual_network_peering.spoke_hub", ["azurerm_virtual_network.spoke", "azurerm_virtual_network.hub"], undefined, true, undefined, true],
      ["azurerm_virtual_network_peering.hub_spoke", ["azurerm_virtual_network.hub", "azurerm_virtual_network.spoke"], false, undefined, true, undefined],
    ],
  );
  assert.ok(
    r.gaps
      .map(gapText)
      .includes(
        "not enough data to judge azurerm_virtual_network_peering.hub_lonely: azurerm_virtual_network.lonely holds no peering back to azurerm_virtual_network.hub: a peering needs both sides to carry traffic, so it is left out",
      ),
    r.gaps.map(gapText).join("\n"),
  );
  assert.deepEqual(
    r.topology.routeTables.map((t) => [t.id, t.gatewayRoutesDisabled]),
    [
      ["azurerm_route_table.v3", true],
      ["azurerm_route_table.v4", true],
      ["azurerm_route_table.on", undefined],
    ],
  );
});
