// Azure: system routes overridden by user-defined routes (longest prefix, the user route winning a
// tie), next hops VirtualAppliance / Internet / None / VirtualNetwork, and NSGs at subnet and NIC
// in priority order with the default rules and service tags.
import { test } from "node:test";
import assert from "node:assert/strict";
import { reach } from "../src/analyze/reach.js";
import type { NsgRule, Topology } from "../src/topology/model.js";
import { ANY, azureVnet, cidr, nsgRule, steps, tag } from "./reach-fixtures.js";

const STATEFUL = "reply of an allowed connection (NSGs are stateful)";
const NO_SUBNET_NSG = "no NSG on the subnet: not filtered";
const NO_NIC_NSG = "no NSG on the network interface: not filtered";

/** azureVnet with extra rules on nsg-app (the subnet's) and nsg-nic (vm-app's NIC). */
function withRules(subnet: NsgRule[], nic: NsgRule[] = []): Topology {
  const t = azureVnet();
  t.networkSecurityGroups = [
    { id: "nsg-app", rules: subnet },
    { id: "nsg-nic", rules: nic },
  ];
  return t;
}

test("system routes: the VNet is delivered locally, the default rules admit VNet traffic", () => {
  const r = reach(azureVnet(), { from: "vm-fw", to: "vm-app", port: 443 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops), [
    ["vm-fw", NO_NIC_NSG],
    ["snet-fw", `${NO_SUBNET_NSG}; route 10.1.0.0/16 -> next hop VnetLocal (System Route; longest prefix match)`],
    ["vnet-1", "delivers to snet-app (10.1.1.0/24)"],
    ["snet-app", "nsg nsg-app inbound rule defaultSecurityRules/AllowVnetInBound (priority 65000) allows tcp 443 from 10.1.2.4"],
    ["vm-app", "nsg nsg-nic inbound rule defaultSecurityRules/AllowVnetInBound (priority 65000) allows tcp 443 from 10.1.2.4"],
  ]);
  assert.deepEqual(steps(r.return), [
    ["vm-app", STATEFUL],
    ["snet-app", `${STATEFUL}; route 10.1.0.0/16 -> next hop VnetLocal (System Route; longest prefix match)`],
    ["vnet-1", "delivers to snet-fw (10.1.2.0/24)"],
    ["snet-fw", NO_SUBNET_NSG],
    ["vm-fw", NO_NIC_NSG],
  ]);
});

test("system routes: the internet by default, private ranges outside the VNet to None", () => {
  const out = reach(azureVnet(), { from: "vm-app", to: "internet", port: 443 });
  assert.equal(out.disposition, "exits-network");
  assert.deepEqual(steps(out.hops), [
    ["vm-app", "nsg nsg-nic outbound rule defaultSecurityRules/AllowInternetOutBound (priority 65001) allows tcp 443 to 203.0.113.1"],
    [
      "snet-app",
      `nsg nsg-app outbound rule defaultSecurityRules/AllowInternetOutBound (priority 65001) allows tcp 443 to 203.0.113.1; route 0.0.0.0/0 -> next hop Internet (System Route; longest prefix match)`,
    ],
    [
      "internet",
      "source translated by Azure's outbound SNAT (load balancer outbound rule or default outbound access); leaves to the internet (203.0.113.1 is outside this topology)",
    ],
  ]);
  assert.deepEqual(steps(out.return), [
    ["internet", "the reply returns through Azure's outbound SNAT"],
    ["vnet-1", "delivers to snet-app (10.1.1.0/24)"],
    ["snet-app", STATEFUL],
    ["vm-app", STATEFUL],
  ]);

  // vm-fw has no NSG: the routes alone decide.
  const none = reach(azureVnet(), { from: "vm-fw", to: "192.168.5.5", port: 443 });
  assert.equal(none.disposition, "null-routed");
  assert.deepEqual(steps(none.hops).at(-1), ["snet-fw", `${NO_SUBNET_NSG}; route 192.168.0.0/16 -> next hop None (System Route; longest prefix match)`]);

  // 10.0.0.0/8 holds the VNet's space, yet its None route stays for the rest of it: the VNet's own
  // prefix is only more specific (Azure's effective routes: 10.0.0.0/16 VnetLocal beside 10.0.0.0/8 None).
  const beside = reach(azureVnet(), { from: "vm-fw", to: "10.2.0.5", port: 443 });
  assert.equal(beside.disposition, "null-routed");
  assert.deepEqual(steps(beside.hops).at(-1), ["snet-fw", `${NO_SUBNET_NSG}; route 10.0.0.0/8 -> next hop None (System Route; longest prefix match)`]);

  // A private address outside the VNet is neither VirtualNetwork nor Internet: the default rules deny it.
  const neither = reach(azureVnet(), { from: "vm-app", to: "10.2.0.5", port: 443 });
  assert.equal(neither.disposition, "denied");
  assert.deepEqual(steps(neither.hops), [
    ["vm-app", "nsg nsg-nic outbound rule defaultSecurityRules/DenyAllOutBound (priority 65500) denies tcp 443 to 10.2.0.5"],
  ]);
});

test("a user-defined route wins the tie with the system default route; VirtualAppliance forwards", () => {
  const t = azureVnet();
  t.routeTables.push({ id: "rt-app", networkId: "vnet-1", routes: [{ destination: "0.0.0.0/0", target: { kind: "appliance", ip: "10.1.2.4" } }] });
  t.subnets[0]!.routeTableId = "rt-app";
  const r = reach(t, { from: "vm-app", to: "internet", port: 443 });
  assert.equal(r.disposition, "exits-network");
  // With a user-defined 0.0.0.0/0 the VirtualNetwork tag covers everything, so AllowVnetOutBound decides (service-tags-overview).
  assert.deepEqual(steps(r.hops), [
    ["vm-app", "nsg nsg-nic outbound rule defaultSecurityRules/AllowVnetOutBound (priority 65000) allows tcp 443 to 203.0.113.1"],
    [
      "snet-app",
      "nsg nsg-app outbound rule defaultSecurityRules/AllowVnetOutBound (priority 65000) allows tcp 443 to 203.0.113.1; route 0.0.0.0/0 -> next hop VirtualAppliance 10.1.2.4 (rt-app; longest prefix match; user route wins over system route 0.0.0.0/0 -> next hop Internet)",
    ],
    ["vnet-1", "forwards to nic-fw in snet-fw"],
    ["snet-fw", NO_SUBNET_NSG],
    [
      "vm-fw",
      `${NO_NIC_NSG}; forwards it; not enough data to judge vm-fw's own rules (firewall policy, NAT): an appliance's rules are in no export; ${NO_NIC_NSG}`,
    ],
    ["snet-fw", `${NO_SUBNET_NSG}; route 0.0.0.0/0 -> next hop Internet (System Route; longest prefix match)`],
    [
      "internet",
      "source translated by Azure's outbound SNAT (load balancer outbound rule or default outbound access); leaves to the internet (203.0.113.1 is outside this topology)",
    ],
  ]);
});

test("a user-defined route's longer prefix beats the VNet route; next hop None drops", () => {
  const t = azureVnet();
  t.routeTables.push({ id: "rt-app", networkId: "vnet-1", routes: [{ destination: "10.1.2.0/24", target: { kind: "blackhole" } }] });
  t.subnets[0]!.routeTableId = "rt-app";
  const r = reach(t, { from: "vm-app", to: "vm-fw", port: 22 });
  assert.equal(r.disposition, "null-routed");
  assert.deepEqual(steps(r.hops).at(-1), [
    "snet-app",
    "nsg nsg-app outbound rule defaultSecurityRules/AllowVnetOutBound (priority 65000) allows tcp 22 to 10.1.2.4; route 10.1.2.0/24 -> next hop None (rt-app; longest prefix match)",
  ]);
});

test("NSG rules apply in priority order, the subnet's before the NIC's on the way in", () => {
  const vmWithPublicIp = (nic: NsgRule[]) => {
    const t = withRules(
      [
        nsgRule("Allow443FromInternet", 200, "inbound", "allow", "tcp", 443, [tag("Internet")]),
        nsgRule("DenyHttpsFromRange", 100, "inbound", "deny", "tcp", 443, [cidr("198.51.100.0/24")]),
      ],
      nic,
    );
    t.interfaces[0]!.publicIps = [{ publicIp: "20.0.0.4" }];
    return t;
  };
  const early = reach(vmWithPublicIp([]), { from: "internet", sourceIp: "198.51.100.7", to: "vm-app", port: 443 });
  assert.equal(early.disposition, "denied");
  assert.deepEqual(steps(early.hops), [
    ["internet", "20.0.0.4 is the public address of vm-app"],
    ["snet-app", "nsg nsg-app inbound rule securityRules/DenyHttpsFromRange (priority 100) denies tcp 443 from 198.51.100.7"],
  ]);

  const nicDenies = reach(vmWithPublicIp([]), { from: "internet", to: "vm-app", port: 443 });
  assert.equal(nicDenies.disposition, "denied");
  assert.deepEqual(steps(nicDenies.hops).slice(1), [
    ["snet-app", "nsg nsg-app inbound rule securityRules/Allow443FromInternet (priority 200) allows tcp 443 from 203.0.113.1"],
    ["vm-app", "nsg nsg-nic inbound rule defaultSecurityRules/DenyAllInBound (priority 65500) denies tcp 443 from 203.0.113.1"],
  ]);

  const both = reach(vmWithPublicIp([nsgRule("Allow443", 300, "inbound", "allow", "tcp", 443, [ANY])]), { from: "internet", to: "vm-app", port: 443 });
  assert.equal(both.disposition, "accepted");
  assert.deepEqual(steps(both.hops).at(-1), ["vm-app", "nsg nsg-nic inbound rule securityRules/Allow443 (priority 300) allows tcp 443 from 203.0.113.1"]);
  assert.deepEqual(steps(both.return), [
    ["vm-app", STATEFUL],
    ["snet-app", `${STATEFUL}; route 0.0.0.0/0 -> next hop Internet (System Route; longest prefix match)`],
    ["internet", "source 10.1.1.4 -> 20.0.0.4 (the interface's public IP); the reply reaches the client 203.0.113.1"],
  ]);
});

test("on the way out the NIC's NSG decides before the subnet's", () => {
  const t = withRules([nsgRule("DenyRdpOut", 100, "outbound", "deny", "tcp", 3389, [ANY])], [nsgRule("DenySshOut", 100, "outbound", "deny", "tcp", 22, [ANY])]);
  const ssh = reach(t, { from: "vm-app", to: "vm-fw", port: 22 });
  assert.equal(ssh.disposition, "denied");
  assert.deepEqual(steps(ssh.hops), [["vm-app", "nsg nsg-nic outbound rule securityRules/DenySshOut (priority 100) denies tcp 22 to 10.1.2.4"]]);
  const rdp = reach(t, { from: "vm-app", to: "vm-fw", port: 3389 });
  assert.equal(rdp.disposition, "denied");
  assert.deepEqual(steps(rdp.hops), [
    ["vm-app", "nsg nsg-nic outbound rule defaultSecurityRules/AllowVnetOutBound (priority 65000) allows tcp 3389 to 10.1.2.4"],
    ["snet-app", "nsg nsg-app outbound rule securityRules/DenyRdpOut (priority 100) denies tcp 3389 to 10.1.2.4"],
  ]);
});

test("service tags: AzureLoadBalancer is the host's probe address; the internet meets DenyAllInBound", () => {
  const t = () => withRules([nsgRule("DenyProbes", 100, "inbound", "deny", "tcp", 80, [tag("AzureLoadBalancer")])]);
  const probe = reach(t(), { from: "snet-fw", sourceIp: "168.63.129.16", to: "vm-app", port: 80 });
  assert.equal(probe.disposition, "denied");
  assert.deepEqual(steps(probe.hops).at(-1), ["snet-app", "nsg nsg-app inbound rule securityRules/DenyProbes (priority 100) denies tcp 80 from 168.63.129.16"]);
  const neighbour = reach(t(), { from: "snet-fw", to: "vm-app", port: 80 });
  assert.equal(neighbour.disposition, "accepted");
  assert.deepEqual(steps(neighbour.hops).at(-2), [
    "snet-app",
    "nsg nsg-app inbound rule defaultSecurityRules/AllowVnetInBound (priority 65000) allows tcp 80 from 10.1.2.4",
  ]);

  const t2 = azureVnet();
  t2.interfaces[0]!.publicIps = [{ publicIp: "20.0.0.4" }];
  const internet = reach(t2, { from: "internet", to: "20.0.0.4", port: 22 });
  assert.equal(internet.disposition, "denied");
  assert.deepEqual(steps(internet.hops).at(-1), [
    "snet-app",
    "nsg nsg-app inbound rule defaultSecurityRules/DenyAllInBound (priority 65500) denies tcp 22 from 203.0.113.1",
  ]);
});

test("a subnet's NSG filters traffic within the subnet, both ways", () => {
  const t = withRules([nsgRule("DenyPostgresInSubnet", 100, "inbound", "deny", "tcp", 5432, [cidr("10.1.1.0/24")])]);
  t.interfaces.push({ id: "nic-db", instanceId: "vm-db", subnetId: "snet-app", privateIps: ["10.1.1.5"] });
  const r = reach(t, { from: "vm-app", to: "vm-db", port: 5432 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(steps(r.hops), [
    ["vm-app", "nsg nsg-nic outbound rule defaultSecurityRules/AllowVnetOutBound (priority 65000) allows tcp 5432 to 10.1.1.5"],
    [
      "snet-app",
      "nsg nsg-app outbound rule defaultSecurityRules/AllowVnetOutBound (priority 65000) allows tcp 5432 to 10.1.1.5; route 10.1.0.0/16 -> next hop VnetLocal (System Route; longest prefix match); nsg nsg-app inbound rule securityRules/DenyPostgresInSubnet (priority 100) denies tcp 5432 from 10.1.1.4",
    ],
  ]);
});

test("a peered VNet is reached through its system route, and counts as VirtualNetwork", () => {
  const t = azureVnet();
  t.networks.push({ id: "vnet-2", cloud: "azure", cidrs: ["10.2.0.0/16"] });
  t.subnets.push({ id: "snet-2", networkId: "vnet-2", cidrs: ["10.2.0.0/24"] });
  t.interfaces.push({ id: "nic-2", instanceId: "vm-2", subnetId: "snet-2", privateIps: ["10.2.0.4"] });
  t.gateways.push({ id: "peering-1", kind: "peering", networkIds: ["vnet-1", "vnet-2"] });
  const r = reach(t, { from: "vm-app", to: "vm-2", port: 443 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops), [
    ["vm-app", "nsg nsg-nic outbound rule defaultSecurityRules/AllowVnetOutBound (priority 65000) allows tcp 443 to 10.2.0.4"],
    [
      "snet-app",
      `nsg nsg-app outbound rule defaultSecurityRules/AllowVnetOutBound (priority 65000) allows tcp 443 to 10.2.0.4; route 10.2.0.0/16 -> next hop VNetPeering (System Route; longest prefix match)`,
    ],
    ["peering-1", "to vnet-2"],
    ["vnet-2", "delivers to snet-2 (10.2.0.0/24)"],
    ["snet-2", NO_SUBNET_NSG],
    ["vm-2", NO_NIC_NSG],
  ]);
  assert.deepEqual(
    steps(r.return).map(([id]) => id),
    ["vm-2", "snet-2", "peering-1", "vnet-1", "snet-app", "vm-app"],
  );
});

/**
 * vnet-1 as a spoke whose app subnet routes 0.0.0.0/0 to a firewall at 10.0.0.4 in the hub vnet-hub;
 * each side of the peering is its own element (the spoke's first), with the spoke's allowForwardedTraffic as given.
 */
function hubAndSpoke(options: { peered?: boolean; forwarded?: boolean } = {}): Topology {
  const t = azureVnet();
  t.interfaces = t.interfaces.filter((i) => i.id !== "nic-fw");
  t.subnets = t.subnets.filter((s) => s.id !== "snet-fw");
  t.networks.push({ id: "vnet-hub", cloud: "azure", cidrs: ["10.0.0.0/24"] });
  t.subnets.push({ id: "snet-hub-fw", networkId: "vnet-hub", cidrs: ["10.0.0.0/26"] });
  t.interfaces.push({ id: "nic-hub-fw", instanceId: "vm-hub-fw", subnetId: "snet-hub-fw", privateIps: ["10.0.0.4"], forwarding: true });
  if (options.peered !== false) {
    t.gateways.push(
      { id: "spoke-to-hub", kind: "peering", networkIds: ["vnet-1", "vnet-hub"], allowForwardedTraffic: options.forwarded ?? true },
      { id: "hub-to-spoke", kind: "peering", networkIds: ["vnet-hub", "vnet-1"], allowForwardedTraffic: false },
    );
  }
  t.routeTables.push({ id: "rt-app", networkId: "vnet-1", routes: [{ destination: "0.0.0.0/0", target: { kind: "appliance", ip: "10.0.0.4" } }] });
  t.subnets.find((s) => s.id === "snet-app")!.routeTableId = "rt-app";
  return t;
}

const VIA_HUB =
  "nsg nsg-app outbound rule defaultSecurityRules/AllowVnetOutBound (priority 65000) allows tcp 443 to 203.0.113.1; route 0.0.0.0/0 -> next hop VirtualAppliance 10.0.0.4 (rt-app; longest prefix match; user route wins over system route 0.0.0.0/0 -> next hop Internet)";

test("hub and spoke: a VirtualAppliance next hop in a peered hub VNet is reached across the peering; the reply needs the spoke to allow forwarded traffic", () => {
  const r = reach(hubAndSpoke(), { from: "vm-app", to: "internet", port: 443 });
  assert.equal(r.disposition, "exits-network");
  assert.deepEqual(steps(r.hops).slice(1), [
    ["snet-app", VIA_HUB],
    ["spoke-to-hub", "to the next hop 10.0.0.4 in vnet-hub"],
    ["vnet-hub", "forwards to nic-hub-fw in snet-hub-fw"],
    ["snet-hub-fw", NO_SUBNET_NSG],
    [
      "vm-hub-fw",
      `${NO_NIC_NSG}; forwards it; not enough data to judge vm-hub-fw's own rules (firewall policy, NAT): an appliance's rules are in no export; ${NO_NIC_NSG}`,
    ],
    ["snet-hub-fw", `${NO_SUBNET_NSG}; route 0.0.0.0/0 -> next hop Internet (System Route; longest prefix match)`],
    [
      "internet",
      "source translated by Azure's outbound SNAT (load balancer outbound rule or default outbound access); leaves to the internet (203.0.113.1 is outside this topology)",
    ],
  ]);
  // The reply leaves the hub for the spoke from an internet address: traffic the hub forwards.
  assert.deepEqual(steps(r.return), [
    ["internet", "the reply returns through Azure's outbound SNAT"],
    ["snet-hub-fw", "no NSG on the subnet: not filtered; route 10.1.0.0/16 -> next hop VNetPeering (System Route; longest prefix match)"],
    ["hub-to-spoke", "to vnet-1 (forwarded traffic from 203.0.113.1: spoke-to-hub allows it)"],
    ["vnet-1", "delivers to snet-app (10.1.1.0/24)"],
    ["snet-app", STATEFUL],
    ["vm-app", STATEFUL],
  ]);

  // The spoke's side refusing forwarded traffic: the reply is dropped at the peering.
  const refused = reach(hubAndSpoke({ forwarded: false }), { from: "vm-app", to: "internet", port: 443 });
  assert.equal(refused.disposition, "denied");
  assert.deepEqual(steps(refused.return).at(-1), [
    "hub-to-spoke",
    "203.0.113.1 is not in vnet-hub: traffic vnet-hub forwards, and vnet-1's peering spoke-to-hub does not allow forwarded traffic (allowForwardedTraffic off): dropped",
  ]);

  // Without the peering the next hop is unusable: Azure drops the traffic (next hop None).
  const dropped = reach(hubAndSpoke({ peered: false }), { from: "vm-app", to: "internet", port: 443 });
  assert.equal(dropped.disposition, "null-routed");
  assert.deepEqual(steps(dropped.hops).at(-1), [
    "vnet-1",
    "no interface holds next hop 10.0.0.4: the route's next hop is unusable, so Azure drops the traffic (next hop None)",
  ]);
});

test("a peering side with virtual network access off keeps the spoke from its hub's appliance", () => {
  const t = hubAndSpoke();
  t.gateways.find((g) => g.id === "spoke-to-hub")!.virtualNetworkAccess = false;
  const r = reach(t, { from: "vm-app", to: "internet", port: 443 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(steps(r.hops).at(-1), ["spoke-to-hub", "allowVirtualNetworkAccess is off: vnet-1 cannot reach vnet-hub through this peering"]);
});

/** vnet-1 and vnet-2 joined by a VNet-to-VNet connection; vnet-3 a spoke of vnet-1 using its gateway (or not). */
function connected(spokeUsesGateway: boolean): Topology {
  const t = azureVnet();
  t.networks.push({ id: "vnet-2", cloud: "azure", cidrs: ["10.2.0.0/16"] }, { id: "vnet-3", cloud: "azure", cidrs: ["10.3.0.0/16"] });
  t.subnets.push({ id: "snet-2", networkId: "vnet-2", cidrs: ["10.2.0.0/24"] }, { id: "snet-3", networkId: "vnet-3", cidrs: ["10.3.0.0/24"] });
  t.gateways.push(
    { id: "con-1", kind: "vpn-gateway", networkIds: ["vnet-1", "vnet-2"] },
    { id: "spoke3-to-hub1", kind: "peering", networkIds: ["vnet-3", "vnet-1"], useRemoteGateways: spokeUsesGateway },
    { id: "hub1-to-spoke3", kind: "peering", networkIds: ["vnet-1", "vnet-3"], allowGatewayTransit: true },
  );
  return t;
}

test("VNet-to-VNet routes are gateway routes: a route table that disables their propagation leaves its subnet without them", () => {
  const via = reach(connected(false), { from: "snet-fw", to: "snet-2", port: 22 });
  assert.equal(via.disposition, "accepted");
  assert.deepEqual(steps(via.hops).slice(0, 2), [
    ["snet-fw", `${NO_SUBNET_NSG}; route 10.2.0.0/16 -> next hop VirtualNetworkGateway (System Route; longest prefix match)`],
    ["con-1", "VirtualNetworkGateway: through the VNet-to-VNet connection to vnet-2"],
  ]);
  const t = connected(false);
  t.routeTables.push({ id: "rt-fw", networkId: "vnet-1", routes: [], gatewayRoutesDisabled: true });
  t.subnets.find((s) => s.id === "snet-fw")!.routeTableId = "rt-fw";
  const cut = reach(t, { from: "snet-fw", to: "snet-2", port: 22 });
  assert.equal(cut.disposition, "null-routed");
  assert.deepEqual(steps(cut.hops), [["snet-fw", `${NO_SUBNET_NSG}; route 10.0.0.0/8 -> next hop None (System Route; longest prefix match)`]]);
});

test("useRemoteGateways: a spoke reaches the far side of its hub's VNet-to-VNet connection, and the far side learns the spoke", () => {
  const r = reach(connected(true), { from: "snet-3", to: "snet-2", port: 22 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops), [
    ["snet-3", `${NO_SUBNET_NSG}; route 10.2.0.0/16 -> next hop VirtualNetworkGateway (System Route; longest prefix match)`],
    ["con-1", "VirtualNetworkGateway: through the VNet-to-VNet connection (vnet-1's gateway, through peering spoke3-to-hub1: useRemoteGateways) to vnet-2"],
    ["vnet-2", "delivers to snet-2 (10.2.0.0/24)"],
    ["snet-2", `${NO_SUBNET_NSG}; no interface holds 10.2.0.4: delivered to the subnet`],
  ]);
  assert.deepEqual(steps(r.return).slice(0, 2), [
    ["snet-2", `${NO_SUBNET_NSG}; route 10.3.0.0/16 -> next hop VirtualNetworkGateway (System Route; longest prefix match)`],
    ["con-1", "VirtualNetworkGateway: through the VNet-to-VNet connection to vnet-3"],
  ]);
  // Without useRemoteGateways the spoke has no route there: 10.0.0.0/8 is None.
  const alone = reach(connected(false), { from: "snet-3", to: "snet-2", port: 22 });
  assert.equal(alone.disposition, "null-routed");
  // The hub side refusing gateway transit: no route either.
  const t = connected(true);
  t.gateways.find((g) => g.id === "hub1-to-spoke3")!.allowGatewayTransit = false;
  assert.equal(reach(t, { from: "snet-3", to: "snet-2", port: 22 }).disposition, "null-routed");
});

test("augmented NSG rules: several source prefixes and destination port ranges in one rule", () => {
  const augmented: NsgRule = {
    name: "AllowWebFromPartners",
    priority: 120,
    direction: "inbound",
    access: "allow",
    protocol: "tcp",
    destinationPorts: [
      { from: 80, to: 80 },
      { from: 443, to: 443 },
      { from: 8000, to: 8100 },
    ],
    sources: [cidr("10.1.2.0/25"), cidr("10.1.2.128/25")],
    destinations: [ANY],
  };
  const deny = nsgRule("DenyFromFwSubnet", 130, "inbound", "deny", "all", undefined, [cidr("10.1.2.0/24")]);
  const t = () => withRules([augmented, deny]);
  for (const port of [80, 443, 8000, 8050, 8100]) {
    const r = reach(t(), { from: "vm-fw", to: "vm-app", port });
    assert.equal(r.disposition, "accepted", `port ${port}`);
    assert.equal(steps(r.hops)[3]![1], `nsg nsg-app inbound rule securityRules/AllowWebFromPartners (priority 120) allows tcp ${port} from 10.1.2.4`);
  }
  const other = reach(t(), { from: "vm-fw", to: "vm-app", port: 8101 });
  assert.equal(other.disposition, "denied");
  assert.deepEqual(steps(other.hops).at(-1), [
    "snet-app",
    "nsg nsg-app inbound rule securityRules/DenyFromFwSubnet (priority 130) denies tcp 8101 from 10.1.2.4",
  ]);
  // The second prefix matches as the first does.
  const second = reach(t(), { from: "snet-fw", sourceIp: "10.1.2.200", to: "vm-app", port: 443 });
  assert.equal(
    steps(second.hops).find(([id]) => id === "snet-app")![1],
    "nsg nsg-app inbound rule securityRules/AllowWebFromPartners (priority 120) allows tcp 443 from 10.1.2.200",
  );
});

test("application security groups: a rule names NICs by group, source and destination; a NIC outside the group is not matched", () => {
  const t = () => {
    const top = withRules([
      {
        name: "AllowWebToApp",
        priority: 100,
        direction: "inbound",
        access: "allow",
        protocol: "tcp",
        destinationPorts: [{ from: 443, to: 443 }],
        sources: [{ kind: "security-group", id: "asg-web" }],
        destinations: [{ kind: "security-group", id: "asg-app" }],
      },
      nsgRule("DenyVnet", 200, "inbound", "deny", "all", undefined, [tag("VirtualNetwork")]),
    ]);
    top.interfaces.find((i) => i.id === "nic-fw")!.applicationSecurityGroupIds = ["asg-web"];
    top.interfaces.find((i) => i.id === "nic-app")!.applicationSecurityGroupIds = ["asg-app"];
    top.interfaces.push({ id: "nic-other", instanceId: "vm-other", subnetId: "snet-fw", privateIps: ["10.1.2.5"] });
    return top;
  };
  const member = reach(t(), { from: "vm-fw", to: "vm-app", port: 443 });
  assert.equal(member.disposition, "accepted");
  assert.equal(steps(member.hops)[3]![1], "nsg nsg-app inbound rule securityRules/AllowWebToApp (priority 100) allows tcp 443 from 10.1.2.4");
  const outsider = reach(t(), { from: "vm-other", to: "vm-app", port: 443 });
  assert.equal(outsider.disposition, "denied");
  assert.deepEqual(steps(outsider.hops).at(-1), ["snet-app", "nsg nsg-app inbound rule securityRules/DenyVnet (priority 200) denies tcp 443 from 10.1.2.5"]);
});
