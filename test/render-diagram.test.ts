// The diagram's content on hand-built topologies: exact elements, labels, arrows and badges.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding } from "../src/findings.js";
import { renderDiagram } from "../src/render/diagram.js";
import { awsContext, awsDataPlane, azureContext, azureDataPlane } from "./render-fixtures.js";
import { drawn, ofClass, texts } from "./support/svg.js";

interface Link {
  kind: string;
  target: string;
  direction: string;
  labels: string[];
}

function links(svg: string): Link[] {
  return [...svg.matchAll(/<g class="link (sync|async)" data-target="([^"]*)" data-direction="([^"]*)">(.*?)<\/g>/g)].map((m) => ({
    kind: m[1]!,
    target: m[2]!.replace(/&quot;/g, '"'),
    direction: m[3]!,
    labels: texts(m[4]!),
  }));
}

const ids = (svg: string, cls: string) => ofClass(svg, cls).map((d) => d.data["id"]);
const error = (id: string, resource: string): Finding => ({ id, severity: "error", resource, message: `${id} on ${resource}`, trace: [] });

test("AWS, 3 zones: zone columns, tier rows, subnets with CIDRs and usable addresses, routes out", () => {
  const svg = renderDiagram(awsDataPlane(), { context: awsContext() });
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="dpnet-diagram" role="img" aria-labelledby="dpnet-diagram-title dpnet-diagram-desc"/);
  assert.match(svg, /<title id="dpnet-diagram-title">acme-prod · AWS eu-west-1<\/title>/);
  assert.match(svg, /<desc id="dpnet-diagram-desc">AWS eu-west-1: VPC acme-prod \(10.20.0.0\/16, 100.64.0.0\/16\) with 9 subnets in 3 zones, 2 load balancers/);
  assert.deepEqual(
    [...svg.matchAll(/<rect class="zone" data-zone="([^"]+)"/g)].map((m) => m[1]),
    ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  );
  assert.deepEqual(
    [...svg.matchAll(/<g class="row-label" data-row="(\w+)">/g)].map((m) => m[1]),
    ["public", "nodes", "pods"],
  );
  const subnets = ofClass(svg, "subnet");
  assert.equal(subnets.length, 9);
  assert.deepEqual(
    subnets.map((s) => texts(s.markup).slice(0, 4)),
    [
      ["public-eu-west-1a", "10.20.48.0/24", "251 usable addresses", "0.0.0.0/0 → internet gateway"],
      ["public-eu-west-1b", "10.20.49.0/24", "251 usable addresses", "0.0.0.0/0 → internet gateway"],
      ["public-eu-west-1c", "10.20.50.0/24", "251 usable addresses", "0.0.0.0/0 → internet gateway"],
      ["node-eu-west-1a", "10.20.0.0/20", "4,091 usable addresses", "0.0.0.0/0 → NAT (eu-west-1a)"],
      ["node-eu-west-1b", "10.20.16.0/20", "4,091 usable addresses", "0.0.0.0/0 → NAT (eu-west-1b)"],
      ["node-eu-west-1c", "10.20.32.0/20", "4,091 usable addresses", "0.0.0.0/0 → NAT (eu-west-1c)"],
      ["pod-eu-west-1a", "100.64.0.0/18", "16,379 usable addresses", "no route out of the VPC"],
      ["pod-eu-west-1b", "100.64.64.0/18", "16,379 usable addresses", "no route out of the VPC"],
      ["pod-eu-west-1c", "100.64.128.0/18", "16,379 usable addresses", "no route out of the VPC"],
    ],
  );
  assert.deepEqual(subnets.map((s) => `${s.data["tier"]} ${s.data["zone"]}`).slice(0, 3), ["public eu-west-1a", "public eu-west-1b", "public eu-west-1c"]);
  // Subnet names are shown without the network's name; the <title> keeps the full one.
  assert.match(subnets[0]!.title, /^subnet acme-prod-public-eu-west-1a\n\(aws_subnet.public\["eu-west-1a"\]\)/);
});

test("AWS: NAT gateways in their public subnets, the internet gateway and the peering at the VPC's edge", () => {
  const svg = renderDiagram(awsDataPlane(), { context: awsContext() });
  const nats = ofClass(svg, "nat-gateway");
  assert.deepEqual(
    nats.map((n) => n.data["id"]),
    ['aws_nat_gateway.nat["eu-west-1a"]', 'aws_nat_gateway.nat["eu-west-1b"]', 'aws_nat_gateway.nat["eu-west-1c"]'],
  );
  for (const [i, subnet] of ofClass(svg, "tier-public").entries())
    assert.ok(subnet.markup.includes(`data-id="${nats[i]!.data["id"]!.replace(/"/g, "&quot;")}"`));
  assert.deepEqual(
    ofClass(svg, "internet-gateway").map((g) => texts(g.markup)),
    [["internet gateway"]],
  );
  assert.deepEqual(
    ofClass(svg, "gateway").map((g) => [g.data["id"], texts(g.markup)[0]]),
    [["pcx-0123456789abcdef0", "peering → 192.168.4.0/24"]],
  );
});

test("AWS: the NLBs as bars under their tier, with each listener port -> target group:port", () => {
  const svg = renderDiagram(awsDataPlane(), { context: awsContext() });
  const lbs = ofClass(svg, "load-balancer");
  assert.deepEqual(
    lbs.map((lb) => [lb.data["id"], lb.data["row"], ...texts(lb.markup).slice(0, 2)]),
    [
      ["aws_lb.ingress", "public", "ingress", "NLB · internet-facing"],
      ["aws_lb.apiserver", "nodes", "apiserver", "NLB · internal"],
    ],
  );
  const listeners = ofClass(svg, "listener");
  assert.deepEqual(
    listeners.map((l) => [l.data["port"], texts(l.markup)[0]]),
    [
      ["80", "TCP 80 → workers-http:80"],
      ["443", "TCP 443 → workers-https:443 · sync"],
      ["3333", "TCP 3333 → service-some-app:30333"],
      ["6443", "TCP 6443 → controllers:6443"],
    ],
  );
  assert.equal(listeners[1]!.data["sync"], "true");
  // The ingress bar spans the three zone columns, right under the public subnets.
  const publicRow = ofClass(svg, "tier-public");
  const ingress = lbs[0]!;
  assert.equal(ingress.x, publicRow[0]!.x);
  assert.equal(ingress.x + ingress.w, publicRow[2]!.x + publicRow[2]!.w);
  assert.ok(ingress.y > publicRow[0]!.y + publicRow[0]!.h);
});

test("AWS internet mode: the control plane outside, sync arrow to the ingress NLB, async arrow to the queues", () => {
  const svg = renderDiagram(awsDataPlane(), { context: awsContext() });
  const [cp] = ofClass(svg, "control-plane");
  assert.deepEqual(texts(cp!.markup), ["Control plane", "remote, outside your network", "from 203.0.113.0/24", "AWS account 111122223333"]);
  const [network] = ofClass(svg, "network");
  assert.ok(cp!.x + cp!.w < network!.x, "the control plane is drawn outside the cloud");
  assert.deepEqual(links(svg), [
    { kind: "sync", target: "aws_lb.ingress", direction: "to-data-plane", labels: ["sync · TCP 443", "internet"] },
    { kind: "async", target: "queues:aws:eu-west-1", direction: "to-data-plane", labels: ["async · HTTPS 443", "SQS"] },
  ]);
  assert.deepEqual(
    ofClass(svg, "queues").map((q) => texts(q.markup)),
    [["SQS queues", "inbound", "inbound-dlq"]],
  );
  // Each arrow ends on its element's left edge, level with it (after one turn near the clouds when it left the control plane higher up).
  for (const link of links(svg)) {
    const target = drawn(svg).find((d) => d.data["id"] === link.target)!;
    const d = svg.match(
      new RegExp(`data-target="${link.target.replace(/[.[\]]/g, "\\$&")}"[^>]*><title>[^<]*</title><path class="arrow ${link.kind}" d="([^"]+)"`),
    )![1]!;
    const endX = Number(/H([\d.]+)$/.exec(d)![1]);
    const endY = Number((/V([\d.]+)H[\d.]+$/.exec(d) ?? /^M[\d.]+ ([\d.]+)/.exec(d))![1]);
    assert.equal(endX, target.x);
    assert.ok(endY > target.y && endY < target.y + target.h);
  }
});

test("AWS PrivateLink: the sync arrow reaches the endpoint service, which fronts the internal NLB", () => {
  const svg = renderDiagram(awsDataPlane({ privateLink: true }), { context: awsContext(true) });
  assert.deepEqual(
    links(svg).map((l) => [l.kind, l.target, l.labels.join(" / ")]),
    [
      ["sync", "aws_vpc_endpoint_service.sync", "sync · TCP 443 / PrivateLink"],
      ["async", "queues:aws:eu-west-1", "async · HTTPS 443 / SQS"],
    ],
  );
  assert.deepEqual(texts(ofClass(svg, "endpoint-service")[0]!.markup), [
    "Endpoint service (PrivateLink)",
    "aws_vpc_endpoint_service.sync",
    "you accept each connection",
    "allowed principals:",
    "arn:aws:iam::111122223333:root",
  ]);
  assert.match(svg, /<g class="link fronts" data-from="aws_vpc_endpoint_service.sync" data-to="aws_lb.ingress"><path class="arrow sync"/);
  assert.deepEqual(
    ofClass(svg, "load-balancer").map((lb) => `${lb.data["id"]} ${lb.data["row"]} ${texts(lb.markup)[1]}`),
    ["aws_lb.apiserver nodes NLB · internal", "aws_lb.ingress nodes NLB · internal"],
  );
});

test("Azure managed: one regional column, db/nodes/pods with CIDRs, endpoints, DNS zones, both links", () => {
  const svg = renderDiagram(azureDataPlane(), { context: azureContext() });
  assert.deepEqual(
    [...svg.matchAll(/<g class="zone-label" data-zone="([^"]*)"><text[^>]*>([^<]*)</g)].map((m) => [m[1], m[2]]),
    [["", "all zones (regional subnets)"]],
  );
  assert.deepEqual(
    ofClass(svg, "subnet").map((s) => texts(s.markup)),
    [
      ["nodes", "10.30.8.0/24", "251 usable addresses", "system routes only"],
      ["pods", "10.30.0.0/21", "2,043 usable addresses", "system routes only"],
      ["db", "10.30.9.0/28", "11 usable addresses", "system routes only", "delegated: DBforPostgreSQL/flexibleServers"],
    ],
  );
  assert.deepEqual(texts(ofClass(svg, "network")[0]!.markup), ["VNet acme-prod", "10.30.0.0/16"]);
  assert.deepEqual(
    ofClass(svg, "private-endpoint").map((e) => texts(e.markup)[0]),
    ["blob → privatelink.blob.core.windows.net", "dfs → privatelink.dfs.core.windows.net", "vault → privatelink.vaultcore.azure.net"],
  );
  assert.deepEqual(texts(ofClass(svg, "dns-zones")[0]!.markup), [
    "Private DNS zones",
    "privatelink.blob.core.windows.net · linked",
    "privatelink.dfs.core.windows.net · linked",
    "privatelink.postgres.database.azure.com · linked",
    "privatelink.vaultcore.azure.net · linked",
  ]);
  assert.deepEqual(
    ofClass(svg, "public-ip").map((c) => texts(c.markup)),
    [["public IP acme-prod-aks"]],
  );
  assert.deepEqual(links(svg), [
    { kind: "sync", target: "azurerm_subnet.nodes", direction: "to-data-plane", labels: ["sync · TCP 443", "internet · public IP"] },
    { kind: "async", target: "azurerm_subnet.nodes", direction: "to-control-plane", labels: ["async · HTTPS 443", "SQS"] },
  ]);
  assert.deepEqual(texts(ofClass(svg, "queues")[0]!.markup), ["SQS queues", "in its AWS account", "acme-prod-to-data-plane", "acme-prod-to-control-plane"]);
});

test("Azure customer-managed: the firewall next hop, routes to it, address ranges the customer owns", () => {
  const svg = renderDiagram(azureDataPlane({ customerManaged: true }), { context: azureContext(true) });
  assert.deepEqual(texts(ofClass(svg, "network")[0]!.markup), ["VNet corp-spoke (customer-managed)", "address space not known here"]);
  assert.deepEqual(
    ofClass(svg, "firewall").map((c) => [c.data["id"], texts(c.markup)[0]]),
    [["appliance:10.0.0.4", "firewall 10.0.0.4"]],
  );
  assert.deepEqual(
    ofClass(svg, "subnet").map((s) => texts(s.markup).slice(1, 3)),
    [
      ["address range not known here", "0.0.0.0/0 → firewall 10.0.0.4"],
      ["address range not known here", "0.0.0.0/0 → firewall 10.0.0.4"],
      ["address range not known here", "system routes only"],
    ],
  );
  // Route tables whose routes are not known (read from the cloud at plan time): the route the customer must have.
  const unknownRoutes = azureDataPlane({ customerManaged: true });
  unknownRoutes.routeTables[0]!.routes = [];
  assert.deepEqual(
    ofClass(renderDiagram(unknownRoutes, { context: azureContext(true) }), "subnet").map((s) => texts(s.markup)[2]),
    ["0.0.0.0/0 → firewall 10.0.0.4 (required)", "0.0.0.0/0 → firewall 10.0.0.4 (required)", "system routes only"],
  );
});

test("error findings are red badges on the element they concern; warnings are not drawn", () => {
  const findings: Finding[] = [
    error("DPN-AWS-005", 'aws_route_table.pod["eu-west-1b"]'),
    error("DPN-AWS-020", "aws_lb_target_group.workers-https"),
    error("DPN-AWS-001", "aws_vpc_ipv4_cidr_block_association.pods"),
    error("DPN-AWS-030", "aws_sqs_queue.inbound"),
    error("DPN-AWS-004", "aws_route_table.node"),
    { ...error("DPN-AWS-099", 'aws_subnet.public["eu-west-1a"]'), severity: "warning" },
  ];
  const svg = renderDiagram(awsDataPlane(), { context: awsContext(), findings });
  const badges = [...svg.matchAll(/<g class="badge" data-finding="([^"]+)" data-for="([^"]+)"><title>([^<]*)<\/title>/g)].map((m) => [
    m[1],
    m[2]!.replace(/&quot;/g, '"'),
  ]);
  assert.deepEqual(badges.sort(), [
    ["DPN-AWS-001", "aws_vpc.network"],
    ["DPN-AWS-004", 'aws_subnet.node["eu-west-1a"]'],
    ["DPN-AWS-004", 'aws_subnet.node["eu-west-1b"]'],
    ["DPN-AWS-004", 'aws_subnet.node["eu-west-1c"]'],
    ["DPN-AWS-005", 'aws_subnet.pod["eu-west-1b"]'],
    ["DPN-AWS-020", "aws_lb.ingress"],
    ["DPN-AWS-030", "queues:aws:eu-west-1"],
  ]);
  assert.match(svg, /<text x="[\d.]+" y="[\d.]+" class="t-error">5 error findings marked in red<\/text>/);
  // The badge sits on the top edge of its subnet, at the right.
  const pod = drawn(svg).find((d) => d.data["id"] === 'aws_subnet.pod["eu-west-1b"]')!;
  const rect = svg.match(/data-finding="DPN-AWS-005"[^>]*><title>[^<]*<\/title><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="15"/)!;
  assert.equal(Number(rect[2]), pod.y - 7.5);
  assert.equal(Math.round(Number(rect[1]) + Number(rect[3])), Math.round(pod.x + pod.w - 5));
});

test("findings on a resource the diagram cannot place are listed at the top when there are several networks", () => {
  const second = awsDataPlane();
  const topology = { ...second, networks: [...second.networks, { id: "vpc-other", cloud: "aws" as const, region: "eu-west-1", cidrs: ["10.99.0.0/16"] }] };
  const svg = renderDiagram(topology, { context: awsContext(), findings: [error("DPN-AWS-001", "somewhere-else")] });
  assert.match(svg, /<g class="badge" data-finding="DPN-AWS-001" data-for="diagram">/);
  assert.equal(ids(svg, "network").length, 2);
});

test("without a control plane there is no control-plane box and no arrows", () => {
  const svg = renderDiagram(awsDataPlane());
  assert.equal(ofClass(svg, "control-plane").length, 0);
  assert.deepEqual(links(svg), []);
  assert.equal(renderDiagram({ ...awsDataPlane(), networks: [], subnets: [] }).includes("No network in this description."), true);
});

test("subnets that do not say their tier take it from the context", () => {
  const t = awsDataPlane({ zones: ["eu-west-1a"] });
  const untiered = { ...t, subnets: t.subnets.map(({ tier: _, ...s }) => s) };
  const tiers = { public: [t.subnets[0]!.id], node: [t.subnets[1]!.id] };
  const svg = renderDiagram(untiered, { context: { ...awsContext(), tiers } });
  assert.deepEqual(
    ofClass(svg, "subnet").map((s) => s.data["tier"]),
    ["public", "nodes", "other"],
  );
});
