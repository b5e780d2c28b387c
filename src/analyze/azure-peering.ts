// Azure VNet peerings and virtual network gateways as routing sees them. Each side of a peering is
// its own resource, held by its VNet (listed first) and carrying that side's flags: a VNet routes by
// its own side where the topology has it, else by the other's (an export of one subscription sees
// one side of a peering to another). Gateway routes reach a VNet from its own VNet-to-VNet
// connections and, with useRemoteGateways, from the gateways of the VNet it peers with (gateway
// transit); a VNet whose peers use its gateways advertises them across its connections.
import type { TopologyIndex } from "../topology/lookup.js";
import type { Gateway } from "../topology/model.js";

/** The peerings a VNet routes by: its own side of each, else the other side. */
export function peeringsOf(ix: TopologyIndex, networkId: string): Gateway[] {
  const peerings = ix.gatewaysOf(networkId, "peering");
  const own = (gw: Gateway) => gw.networkIds[0] === networkId;
  return peerings.filter((gw) => own(gw) || !peerings.some((o) => own(o) && o.networkIds.includes(gw.networkIds[0]!)));
}

/** The side of a peering `holder` holds towards `remote`, if the topology has it. */
export function peeringSide(ix: TopologyIndex, holder: string, remote: string): Gateway | undefined {
  return ix.gatewaysOf(holder, "peering").find((gw) => gw.networkIds[0] === holder && gw.networkIds[1] === remote);
}

/** A network reached through a virtual network gateway's connection, and the connection. */
export interface GatewayRoute {
  gateway: Gateway;
  networkId: string;
  /** The peering whose remote gateways carry it (gateway transit), if not the VNet's own gateway. */
  transit?: Gateway;
}

/** VNets whose peering to `hub` uses the hub's gateways (the hub's side, if present, allowing gateway transit). */
function transitSpokes(ix: TopologyIndex, hub: string): string[] {
  const spokes = new Set(ix.gatewaysOf(hub, "peering").flatMap((gw) => gw.networkIds.filter((id) => id !== hub)));
  return [...spokes].filter((spoke) => peeringSide(ix, spoke, hub)?.useRemoteGateways === true && peeringSide(ix, hub, spoke)?.allowGatewayTransit !== false);
}

/** The networks a VNet's gateway routes lead to: over its own connections (with the spokes behind them), and over its hub's. */
export function gatewayRoutes(ix: TopologyIndex, networkId: string): GatewayRoute[] {
  const out: GatewayRoute[] = [];
  const across = (gw: Gateway, from: string, transit?: Gateway) => {
    for (const other of gw.networkIds.filter((id) => id !== from)) {
      for (const id of [other, ...transitSpokes(ix, other)]) if (id !== networkId) out.push({ gateway: gw, networkId: id, ...(transit ? { transit } : {}) });
    }
  };
  for (const gw of ix.gatewaysOf(networkId, "vpn-gateway")) across(gw, networkId);
  for (const side of ix.gatewaysOf(networkId, "peering")) {
    const hub = side.networkIds[1];
    if (side.networkIds[0] !== networkId || side.useRemoteGateways !== true || hub === undefined) continue;
    if (peeringSide(ix, hub, networkId)?.allowGatewayTransit === false) continue;
    for (const gw of ix.gatewaysOf(hub, "vpn-gateway")) across(gw, hub, side);
  }
  return out;
}
