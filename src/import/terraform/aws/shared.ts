// What the AWS mapping's resource families share: the whole internet, route target arguments, value helpers.
import type { Val } from "../evaluate.js";

export const WORLD = ["0.0.0.0/0", "::/0"];

/** Route arguments naming a gateway-like target, as aws_route and inline routes spell them. */
export const GATEWAY_TARGETS = [
  "gateway_id",
  "nat_gateway_id",
  "egress_only_gateway_id",
  "transit_gateway_id",
  "vpc_peering_connection_id",
  "vpc_endpoint_id",
  "local_gateway_id",
  "carrier_gateway_id",
  "core_network_arn",
];

/** A list value's items (an absent list is empty). */
export function asList(v: Val): Val[] {
  return Array.isArray(v) ? v : [];
}
