// The spec's extra routes (aws.routes): each an aws_route on every node route table, beside the
// module's own routes, as a user would add them through node_route_table_ids.
import { isIpv6, ROUTE_TARGETS, routeTargetOf, type AwsRouteSpec } from "../../spec/aws.js";
import { ex, type ResourceRef, type TfModule } from "../../terraform/ir.js";

const FILE = "network.tf";

export interface PlannedRoute {
  /** Terraform name: `node-peering-192-168-4-0-24`. */
  name: string;
  destination: string;
  target: { kind: keyof typeof ROUTE_TARGETS; id: string };
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
    module.resource(FILE, "aws_route", route.name, {
      for_each: nodeTables.self,
      route_table_id: ex("each.value.id"),
      [isIpv6(route.destination) ? "destination_ipv6_cidr_block" : "destination_cidr_block"]: route.destination,
      [ROUTE_TARGETS[route.target.kind].argument]: route.target.id,
    }, `From aws.routes[${i}], on every node route table.`);
  });
}
