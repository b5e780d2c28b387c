// IPv6 on AWS (issue 3): an Amazon-provided /56, a /64 per public and node subnet, IPv6 egress
// through the internet gateway (public) and an egress-only internet gateway (nodes), dual-stack
// NLBs; pod subnets stay IPv4 and internal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inputErrorOf, nlbs, planWith, routes, sgRules } from "./support/aws-views.js";
import { resourceJson, validFiles } from "./support/terraform.js";
import { findingsOf } from "./support/checks.js";

const withIpv6 = () =>
  planWith(
    { ipv6: true, ingress: { allowedCidrs: ["0.0.0.0/0", "::/0"] }, apiserver: { allowedCidrs: ["10.20.0.0/16"] } },
    { awsAccountId: "111122223333", externalId: "x-1", cidrs: ["203.0.113.0/24"] },
  );

test("IPv6 on: the VPC's /56, a /64 per public and node subnet, none for pods; valid Terraform", async () => {
  const plan = withIpv6();
  await validFiles(plan);
  assert.equal(resourceJson(plan.module, "aws_vpc", "network").assign_generated_ipv6_cidr_block, true);
  const locals = plan.module.blocks.find((b) => b.kind === "locals" && b.file === "network.tf")!;
  assert.deepStrictEqual(locals.body.ipv6_netnums, {
    public: { "eu-west-1a": 0, "eu-west-1b": 1, "eu-west-1c": 2 },
    node: { "eu-west-1a": 3, "eu-west-1b": 4, "eu-west-1c": 5 },
  });
  const publicSubnets = resourceJson(plan.module, "aws_subnet", "public");
  const nodeSubnets = resourceJson(plan.module, "aws_subnet", "node");
  const podSubnets = resourceJson(plan.module, "aws_subnet", "pod");
  assert.equal(publicSubnets.ipv6_cidr_block, "${cidrsubnet(aws_vpc.network.ipv6_cidr_block, 8, local.ipv6_netnums.public[each.key])}");
  assert.equal(publicSubnets.assign_ipv6_address_on_creation, undefined);
  assert.equal(nodeSubnets.ipv6_cidr_block, "${cidrsubnet(aws_vpc.network.ipv6_cidr_block, 8, local.ipv6_netnums.node[each.key])}");
  assert.equal(nodeSubnets.assign_ipv6_address_on_creation, true);
  assert.equal(podSubnets.ipv6_cidr_block, undefined);
  assert.deepStrictEqual(plan.summary.ipv6, { vpc: "Amazon-provided /56", netnums: locals.body.ipv6_netnums });
});

test("IPv6 on: ::/0 to the internet gateway from the public subnets, to an egress-only gateway from the nodes, nothing from pods", () => {
  const plan = withIpv6();
  assert.deepStrictEqual(routes(plan), [
    "public-internet-ipv4: 0.0.0.0/0 -> gateway_id gateway",
    "public-internet-ipv6: ::/0 -> gateway_id gateway",
    "node-egress-ipv4: 0.0.0.0/0 -> nat_gateway_id nat",
    "node-egress-ipv6: ::/0 -> egress_only_gateway_id egress",
  ]);
  assert.deepStrictEqual(resourceJson(plan.module, "aws_route", "node-egress-ipv6"), {
    for_each: "${aws_route_table.node}",
    route_table_id: "${each.value.id}",
    destination_ipv6_cidr_block: "::/0",
    egress_only_gateway_id: "${aws_egress_only_internet_gateway.egress.id}",
  });
  assert.deepStrictEqual(resourceJson(plan.module, "aws_egress_only_internet_gateway", "egress"), {
    vpc_id: "${aws_vpc.network.id}",
    tags: { Name: "acme-prod" },
  });
  assert.deepStrictEqual(
    findingsOf(plan).filter((f) => f.includes(" DPN-AWS-005 ")),
    [],
    "pod subnets routed only inside the VPC",
  );
});

test("IPv6 on: dual-stack NLBs, IPv6 clients admitted to the public ingress, nodes reach out over IPv6", () => {
  const plan = withIpv6();
  assert.deepStrictEqual(nlbs(plan), ["apiserver: internal node dualstack sg=apiserver-nlb", "ingress: internet-facing public dualstack sg=ingress-nlb"]);
  assert.deepStrictEqual(
    sgRules(plan).filter((r) => r.includes("ipv6")),
    [
      "in ingress-nlb-http-ipv6: ingress-nlb tcp 80 from ::/0",
      "in ingress-nlb-https-ipv6: ingress-nlb tcp 443 from ::/0",
      "out worker-egress-ipv6: worker all all to ::/0",
      "out controller-egress-ipv6: controller all all to ::/0",
    ],
  );
  assert.deepStrictEqual(resourceJson(plan.module, "aws_vpc_security_group_ingress_rule", "ingress-nlb-https-ipv6"), {
    for_each: '${toset(["::/0"])}',
    security_group_id: "${aws_security_group.ingress-nlb.id}",
    description: "Ingress clients on TCP 443",
    ip_protocol: "tcp",
    from_port: 443,
    to_port: 443,
    cidr_ipv6: "${each.key}",
  });
  assert.equal(
    plan.module.blocks.some((b) => b.kind === "output" && b.labels[0] === "vpc_ipv6_cidr_block"),
    true,
  );
});

test("IPv6 on with PrivateLink: the endpoint service offers both families", async () => {
  const plan = planWith({ ipv6: true }, { connectivity: "privatelink", awsAccountId: "111122223333", externalId: "x-1" });
  await validFiles(plan);
  assert.deepStrictEqual(resourceJson(plan.module, "aws_vpc_endpoint_service", "sync").supported_ip_address_types, ["ipv4", "ipv6"]);
  assert.deepStrictEqual(nlbs(plan), ["ingress: internal node dualstack sg=ingress-nlb"]);
});

test("IPv6 blocks without aws.ipv6, and UDP on a dual-stack NLB, are refused with the reason", () => {
  assert.equal(
    inputErrorOf({ ingress: { allowedCidrs: ["0.0.0.0/0", "::/0"] } }),
    "aws.ingress.allowedCidrs[1]: ::/0 is an IPv6 block: set aws.ipv6: true for the VPC, subnets and load balancers to carry IPv6",
  );
  assert.equal(
    inputErrorOf({ ipv6: true, services: [{ name: "dns", protocol: "udp", port: 53, nodePort: 30053, allowedCidrs: ["::/0"] }] }),
    "aws.services[0].protocol: udp cannot be served by a dual-stack NLB from this module: AWS needs a per-subnet IPv6 source-NAT prefix for UDP listeners, which the AWS provider cannot set; use tcp, or aws.ipv6: false",
  );
  assert.equal(
    inputErrorOf({ ipv6: true, firewall: [{ name: "x", ports: 80, cidrs: ["2001:db8::1/32"] }] }),
    "aws.firewall[0].cidrs[0]: 2001:db8::1/32 has host bits set below /32",
  );
});

test("IPv6 off: the network of issue 2, without any IPv6 attribute", () => {
  const plan = planWith({});
  assert.equal(resourceJson(plan.module, "aws_vpc", "network").assign_generated_ipv6_cidr_block, undefined);
  assert.equal(plan.module.resources("aws_egress_only_internet_gateway").length, 0);
  assert.equal(plan.summary.ipv6, undefined);
});
