// Extra routes on the node route tables (issue 3): one aws_route per spec route on every node
// table, and the route targets and destinations the module refuses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inputErrorOf, planWith, routes } from "./support/aws-views.js";
import { resourceJson, validFiles } from "./support/terraform.js";
import { errorsOf } from "./support/checks.js";

const peering = { destination: "192.168.4.0/24", target: { vpcPeeringConnectionId: "pcx-0123456789abcdef0" } };

test("a custom peering route lands on every node route table, beside the module's own routes", async () => {
  const plan = planWith({ routes: [peering, { destination: "172.16.0.0/12", target: { transitGatewayId: "tgw-0123456789abcdef0" } }] });
  await validFiles(plan);
  assert.deepStrictEqual(routes(plan), [
    "public-internet-ipv4: 0.0.0.0/0 -> gateway_id gateway",
    "node-egress-ipv4: 0.0.0.0/0 -> nat_gateway_id nat",
    "node-peering-192-168-4-0-24: 192.168.4.0/24 -> vpc_peering_connection_id pcx-0123456789abcdef0",
    "node-tgw-172-16-0-0-12: 172.16.0.0/12 -> transit_gateway_id tgw-0123456789abcdef0",
  ]);
  assert.deepStrictEqual(resourceJson(plan.module, "aws_route", "node-peering-192-168-4-0-24"), {
    for_each: "${aws_route_table.node}",
    route_table_id: "${each.value.id}",
    destination_cidr_block: "192.168.4.0/24",
    vpc_peering_connection_id: "pcx-0123456789abcdef0",
  });
  assert.deepStrictEqual(errorsOf(plan), []);
  assert.deepStrictEqual(plan.summary.routes, [
    { destination: "192.168.4.0/24", target: "vpcPeeringConnectionId", id: "pcx-0123456789abcdef0" },
    { destination: "172.16.0.0/12", target: "transitGatewayId", id: "tgw-0123456789abcdef0" },
  ]);
});

test("an IPv6 route through an egress-only gateway uses the IPv6 destination argument", () => {
  const plan = planWith({ ipv6: true, routes: [{ destination: "2001:db8:1::/48", target: { egressOnlyGatewayId: "eigw-0123456789abcdef0" } }] });
  assert.deepStrictEqual(resourceJson(plan.module, "aws_route", "node-eigw-2001-db8-1-48").destination_ipv6_cidr_block, "2001:db8:1::/48");
});

test("an unknown route target kind is refused, listing the known ones", () => {
  assert.equal(
    inputErrorOf({ routes: [{ destination: "192.168.4.0/24", target: { peeringId: "pcx-0123456789abcdef0" } }] }),
    'aws.routes[0].target.peeringId: pcx-0123456789abcdef0 is under an unknown route target kind "peeringId": use one of vpcPeeringConnectionId, transitGatewayId, networkInterfaceId, natGatewayId, gatewayId, vpcEndpointId, egressOnlyGatewayId, coreNetworkArn',
  );
});

test("route targets must be one well-formed ID; destinations must not fight the module's routes or the VPC", () => {
  assert.equal(
    inputErrorOf({ routes: [{ destination: "10.9.0.0/16", target: { gatewayId: "igw-0123456789abcdef0" } }] }),
    "aws.routes[0].target.gatewayId: igw-0123456789abcdef0 is not a gatewayId (expected the shape ^vgw-[0-9a-f]{8,17}$)",
  );
  assert.equal(
    inputErrorOf({ routes: [{ destination: "10.9.0.0/16", target: { transitGatewayId: "tgw-0123456789abcdef0", natGatewayId: "nat-0123456789abcdef0" } }] }),
    'aws.routes[0].target: {"transitGatewayId":"tgw-0123456789abcdef0","natGatewayId... must name exactly one target, e.g. { vpcPeeringConnectionId: pcx-0123456789abcdef0 }',
  );
  assert.equal(
    inputErrorOf({ routes: [{ ...peering, destination: "0.0.0.0/0" }] }),
    "aws.routes[0].destination: 0.0.0.0/0 is the default route, which the module already sends to the NAT gateway (IPv4) or the egress-only internet gateway (IPv6)",
  );
  assert.equal(
    inputErrorOf({ routes: [{ ...peering, destination: "10.20.128.0/17" }] }),
    "aws.routes[0].destination: 10.20.128.0/17 overlaps the VPC's 10.20.0.0/16: traffic inside the VPC stays on its local route",
  );
  assert.equal(
    inputErrorOf({ routes: [peering, peering] }),
    "aws.routes[1].destination: 192.168.4.0/24 is routed twice: a route table has one route per destination",
  );
  assert.equal(
    inputErrorOf({ routes: [{ destination: "192.168.9.0/24", target: { egressOnlyGatewayId: "eigw-0123456789abcdef0" } }] }),
    "aws.routes[0].target.egressOnlyGatewayId: eigw-0123456789abcdef0 routes only IPv6: an egress-only internet gateway needs an IPv6 destination",
  );
});

test("issue 15.7: a hub's supernet route over the VPC is accepted; a transit gateway route warns that the attachment would propagate the shared pod block", async () => {
  const hub = { destination: "10.0.0.0/8", target: { transitGatewayId: "tgw-0123456789abcdef0" } };
  const plan = planWith({ routes: [hub, { destination: "100.64.0.0/10", target: { vpcPeeringConnectionId: "pcx-0123456789abcdef0" } }] });
  await validFiles(plan);
  assert.deepStrictEqual(routes(plan).slice(2), [
    "node-tgw-10-0-0-0-8: 10.0.0.0/8 -> transit_gateway_id tgw-0123456789abcdef0",
    "node-peering-100-64-0-0-10: 100.64.0.0/10 -> vpc_peering_connection_id pcx-0123456789abcdef0",
  ]);
  assert.deepStrictEqual(errorsOf(plan), []);
  assert.deepStrictEqual(
    plan.findings.filter((f) => f.id === "DPN-AWS-107").map((f) => `${f.severity} ${f.resource}: ${f.message}`),
    [
      "warning aws.routes[0].target.transitGatewayId: attaches this VPC to a transit gateway, whose attachment propagates every VPC block, the pod block 100.64.0.0/16 too: every data plane uses it, so pods can never be routed between them; do not propagate the attachment (static routes to the primary CIDR instead), and keep clusters apart",
    ],
  );
  // Equal to a VPC block, or inside one, still fights the local route.
  assert.equal(
    inputErrorOf({ routes: [{ ...hub, destination: "10.20.0.0/16" }] }),
    "aws.routes[0].destination: 10.20.0.0/16 overlaps the VPC's 10.20.0.0/16: traffic inside the VPC stays on its local route",
  );
  assert.equal(
    inputErrorOf({ routes: [{ ...hub, destination: "100.64.0.0/17" }] }),
    "aws.routes[0].destination: 100.64.0.0/17 overlaps the VPC's 100.64.0.0/16: traffic inside the VPC stays on its local route",
  );
});
