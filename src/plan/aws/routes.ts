// The spec's extra routes (aws.routes): each an aws_route on every node route table, beside the
// module's own routes, as a user would add them through node_route_table_ids.
import { isIpv6, ROUTE_TARGETS, routeTargetOf, type AwsRouteSpec } from "../../spec/aws.js";
import { ex, type ResourceRef, type TfModule } from "../../terraform/ir.js";
import type { OwnFinding } from "../../findings.js";

const FILE = "network.tf";

export interface PlannedRoute {
  /** Terraform name: `node-peering-192-168-4-0-24`. */
  name: string;
  destination: string;
  target: { kind: keyof typeof ROUTE_TARGETS; id: string };
}

/**
 * A route to a transit gateway means this VPC is attached to one, and an attachment propagates
 * every VPC block: the pod block too, which every data plane shares (100.64.0.0/16), so the hub
 * would see it from each of them and route none of them right.
 */
export function transitGatewayFindings(routes: AwsRouteSpec[], podCidr: string, findings: OwnFinding[]): void {
  routes.forEach((r, i) => {
    if (routeTargetOf(r.target).kind !== "transitGatewayId") return;
    findings.push({
      id: "DPN-AWS-107",
      severity: "warning",
      resource: `aws.routes[${i}].target.transitGatewayId`,
      message: `attaches this VPC to a transit gateway, whose attachment propagates every VPC block, the pod block ${podCidr} too: every data plane uses it, so pods can never be routed between them; do not propagate the attachment (static routes to the primary CIDR instead), and keep clusters apart`,
      trace: [],
    });
  });
}

export function planRoutes(routes: AwsRouteSpec[]): PlannedRoute[] {
  return routes.map((r) => {
    const target = routeTargetOf(r.target);
    const label = ROUTE_TARGETS[target.kind].label;
    return { name: `node-${label}-${r.destination.replace(/[^0-9a-zA-Z]+/g, "-").replace(/-$/, "")}`, destination: r.destination, target };
  });
}

// Typhoon: "Use a route table with separate (rather than inline) routes ... adding route resources (e.g. unusual peering setups)".
export function addAwsRoutes(module: TfModule, routes: PlannedRoute[], nodeTables: ResourceRef): void {
  routes.forEach((route, i) => {
    module.resource(
      FILE,
      "aws_route",
      route.name,
      {
        for_each: nodeTables.self,
        route_table_id: ex("each.value.id"),
        [isIpv6(route.destination) ? "destination_ipv6_cidr_block" : "destination_cidr_block"]: route.destination,
        [ROUTE_TARGETS[route.target.kind].argument]: route.target.id,
      },
      `From aws.routes[${i}], on every node route table.`,
    );
  });
}
