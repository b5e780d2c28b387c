// The seed's customer-managed Azure design as enterprises build it: a spoke VNet (the data plane)
// peered with a hub VNet holding Azure Firewall (test/fixtures/azure-hub-spoke). Egress goes spoke
// -> peering -> firewall rules -> its public IP; the control plane's sync connection comes in by
// the firewall's DNAT rule and reaches the nodes from an AzureFirewallSubnet address.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { audit } from "../src/analyze/audit/index.js";
import { reach } from "../src/analyze/reach.js";
import { inferContext } from "../src/topology/context.js";
import { importAzureResources } from "../src/import/azure/resources.js";
import type { Topology } from "../src/topology/model.js";
import { FIXTURES, exportOf } from "./audit-fixtures.js";
import { dpnet } from "./support/cli.js";
import { steps } from "./reach-fixtures.js";
import { gapText } from "../src/import/types.js";

const HUB_RG = "/subscriptions/aaaaaaaa-1111-2222-3333-444444444444/resourceGroups/rg-connectivity/providers/Microsoft.Network";
const SPOKE_RG = "/subscriptions/bbbbbbbb-5555-6666-7777-888888888888/resourceGroups/rg-conveyor-network/providers/Microsoft.Network";
const HUB = `${HUB_RG}/virtualNetworks/vnet-hub-weu`;
const SPOKE = `${SPOKE_RG}/virtualNetworks/vnet-conveyor-weu`;
const FW = `${HUB_RG}/azureFirewalls/afw-hub-weu`;
const NODES = `${SPOKE}/subnets/snet-conveyor-nodes`;
const PODS = `${SPOKE}/subnets/snet-conveyor-pods`;
const FW_SUBNET = `${HUB}/subnets/AzureFirewallSubnet`;
const TO_HUB = `${SPOKE}/virtualNetworkPeerings/peer-conveyor-to-hub`;
const TO_SPOKE = `${HUB}/virtualNetworkPeerings/peer-hub-to-conveyor`;
const NODES_NSG = `${SPOKE_RG}/networkSecurityGroups/nsg-conveyor-nodes`;
const PODS_NSG = `${SPOKE_RG}/networkSecurityGroups/nsg-conveyor-pods`;
const RT = `${SPOKE_RG}/routeTables/rt-conveyor-to-hub`;

async function hubSpoke(change?: (dir: string) => void): Promise<{ topology: Topology; gaps: string[] }> {
  const dir = exportOf("azure-hub-spoke");
  change?.(dir);
  const { topology, gaps } = await importAzureResources(dir);
  return { topology, gaps: gaps.map(gapText) };
}

test("the hub-and-spoke export: the firewall's policy rules in the order it applies them, a rule naming a service tag a gap; public IP SKU and allocation", async () => {
  const { topology: t, gaps } = await hubSpoke();
  assert.deepEqual(gaps, [
    `not enough data to judge firewall ${FW}'s network rule DefaultNetworkRuleCollectionGroup/aks-egress-network/aks-apiserver-udp: destinationAddresses AzureCloud.westeurope not modelled, so the rule is left out`,
    "not enough data to judge free addresses and who holds which address: no NICs (az network nic list -o json) in the export",
  ]);
  const [fw] = t.firewalls!;
  assert.equal(fw!.interfaceId, FW);
  assert.deepEqual(
    fw!.rules.map((r) => [
      r.kind,
      r.action,
      r.name,
      r.priority,
      r.protocols,
      r.sources,
      r.destinations,
      r.ports,
      r.fqdns,
      r.translatedAddress,
      r.translatedPort,
    ]),
    [
      [
        "dnat",
        "dnat",
        "DefaultDnatRuleCollectionGroup/dnat-conveyor-sync/control-plane-to-aks-ilb",
        100,
        ["tcp"],
        ["198.51.100.0/24"],
        ["20.50.60.70"],
        [{ from: 443, to: 443 }],
        undefined,
        "10.40.1.250",
        443,
      ],
      [
        "network",
        "allow",
        "DefaultNetworkRuleCollectionGroup/aks-egress-network/aks-ntp",
        200,
        ["udp"],
        ["10.40.0.0/16"],
        ["*"],
        [{ from: 123, to: 123 }],
        undefined,
        undefined,
        undefined,
      ],
      [
        "network",
        "allow",
        "DefaultNetworkRuleCollectionGroup/aks-egress-network/conveyor-sqs",
        200,
        ["tcp"],
        ["10.40.1.0/24", "10.40.8.0/21"],
        ["52.94.0.0/22"],
        [{ from: 443, to: 443 }],
        undefined,
        undefined,
        undefined,
      ],
      [
        "application",
        "allow",
        "DefaultApplicationRuleCollectionGroup/aks-egress-fqdns/aks-fqdn-tag",
        300,
        ["tcp"],
        ["10.40.0.0/16"],
        [],
        [
          { from: 443, to: 443 },
          { from: 80, to: 80 },
        ],
        ["FQDN tag AzureKubernetesService"],
        undefined,
        undefined,
      ],
    ],
  );
  assert.deepEqual(
    t.publicIpAddresses!.map((p) => [p.name, p.address, p.sku, p.allocation]),
    [["pip-afw-hub-weu", "20.50.60.70", "Standard", "Static"]],
  );
  assert.deepEqual(
    t.gateways.map((g) => [g.id, g.allowForwardedTraffic, g.allowGatewayTransit, g.useRemoteGateways]),
    [
      [TO_SPOKE, true, true, false],
      [TO_HUB, true, false, false],
    ],
  );
  assert.equal(t.routeTables[0]!.gatewayRoutesDisabled, true);
});

test("egress: pods -> peering -> the hub's firewall (its rules) -> the internet by the firewall's public IP, and the reply back", async () => {
  const { topology } = await hubSpoke();
  const r = reach(topology, { from: PODS, to: "52.94.1.10", port: 443 });
  assert.equal(r.disposition, "exits-network");
  assert.deepEqual(steps(r.hops), [
    [
      PODS,
      `nsg ${PODS_NSG} outbound rule defaultSecurityRules/AllowVnetOutBound (priority 65000) allows tcp 443 to 52.94.1.10; route 0.0.0.0/0 -> next hop VirtualAppliance 10.100.0.4 (${RT}; longest prefix match; user route wins over system route 0.0.0.0/0 -> next hop Internet)`,
    ],
    [TO_HUB, `to the next hop 10.100.0.4 in ${HUB}`],
    [HUB, `forwards to ${FW} in ${FW_SUBNET}`],
    [FW_SUBNET, "no NSG on the subnet: not filtered"],
    [
      FW,
      `no NSG on the network interface: not filtered; firewall ${FW}: network rule DefaultNetworkRuleCollectionGroup/aks-egress-network/conveyor-sqs (priority 200) allows tcp 443 from 10.40.8.4 to 52.94.1.10; forwards it; Azure Firewall translates the source 10.40.8.4 -> 10.100.0.4, out by its public IP 20.50.60.70; no NSG on the network interface: not filtered`,
    ],
    [FW_SUBNET, "no NSG on the subnet: not filtered; route 0.0.0.0/0 -> next hop Internet (System Route; longest prefix match)"],
    ["internet", "source 10.100.0.4 -> 20.50.60.70 (the interface's public IP); leaves to the internet (52.94.1.10 is outside this topology)"],
  ]);
  assert.deepEqual(steps(r.return), [
    ["internet", `20.50.60.70 is the public address of ${FW}`],
    [FW_SUBNET, "no NSG on the subnet: not filtered"],
    [
      FW,
      "no NSG on the network interface: not filtered; session: translates destination 10.100.0.4 -> 10.40.8.4 and forwards it out of " +
        FW +
        "; no NSG on the network interface: not filtered",
    ],
    [FW_SUBNET, "no NSG on the subnet: not filtered; route 10.40.0.0/16 -> next hop VNetPeering (System Route; longest prefix match)"],
    [TO_SPOKE, `to ${SPOKE} (forwarded traffic from 52.94.1.10: ${TO_HUB} allows it)`],
    [SPOKE, `delivers to ${PODS} (10.40.8.0/21)`],
    [PODS, "reply of an allowed connection (NSGs are stateful); no interface holds 10.40.8.4: delivered to the subnet"],
  ]);

  // The internet at large is allowed by name only (the AKS FQDN tag); a port no rule names is denied by default.
  const named = reach(topology, { from: NODES, to: "203.0.113.9", port: 443 });
  assert.equal(named.disposition, "exits-network");
  assert.match(
    steps(named.hops)[4]![1],
    /application rule DefaultApplicationRuleCollectionGroup\/aks-egress-fqdns\/aks-fqdn-tag \(priority 300\) allows tcp 443 from 10\.40\.1\.4 to 203\.0\.113\.9 to FQDN tag AzureKubernetesService only/,
  );
  const ssh = reach(topology, { from: NODES, to: "203.0.113.9", port: 22 });
  assert.equal(ssh.disposition, "denied");
  assert.deepEqual(steps(ssh.hops).at(-1), [
    FW,
    `no NSG on the network interface: not filtered; firewall ${FW}: no network or application rule allows tcp 22 from 10.40.1.4 to 203.0.113.9: denied by default`,
  ]);
});

test("sync: the control plane -> the firewall's public IP -> DNAT -> the nodes, from an AzureFirewallSubnet address; others are dropped at the firewall", async () => {
  const { topology } = await hubSpoke();
  const r = reach(topology, { from: "198.51.100.7", to: "20.50.60.70", port: 443 });
  assert.equal(r.disposition, "accepted");
  assert.deepEqual(steps(r.hops), [
    ["internet", `20.50.60.70 is the public address of ${FW}`],
    [
      FW,
      "DNAT rule DefaultDnatRuleCollectionGroup/dnat-conveyor-sync/control-plane-to-aks-ilb (priority 100) translates destination 20.50.60.70:443 -> 10.40.1.250:443 and source 198.51.100.7 -> 10.100.0.62, an AzureFirewallSubnet address (10.100.0.0/26: the instance's address is any of them)",
    ],
    [FW_SUBNET, "no NSG on the subnet: not filtered; route 10.40.0.0/16 -> next hop VNetPeering (System Route; longest prefix match)"],
    [TO_SPOKE, `to ${SPOKE}`],
    [SPOKE, `delivers to ${NODES} (10.40.1.0/24)`],
    [
      NODES,
      `nsg ${NODES_NSG} inbound rule securityRules/allow-sync-from-afw (priority 100) allows tcp 443 from 10.100.0.62; no interface holds 10.40.1.250: delivered to the subnet`,
    ],
  ]);
  assert.deepEqual(steps(r.return), [
    [NODES, "reply of an allowed connection (NSGs are stateful); route 10.100.0.0/22 -> next hop VNetPeering (System Route; longest prefix match)"],
    [TO_HUB, `to ${HUB}`],
    [HUB, `delivers to ${FW_SUBNET} (10.100.0.0/26)`],
    [FW_SUBNET, `no NSG on the subnet: not filtered; 10.100.0.62 is the address ${FW} gave the flow: the firewall takes the reply`],
    [FW, "session: translates the reply back to source 20.50.60.70 -> destination 198.51.100.7"],
    ["internet", "the reply reaches the client 198.51.100.7"],
  ]);
  const stranger = reach(topology, { from: "203.0.113.50", to: "20.50.60.70", port: 443 });
  assert.equal(stranger.disposition, "denied");
  assert.deepEqual(steps(stranger.hops).at(-1), [FW, "no DNAT rule matches tcp 443 from 203.0.113.50 to 20.50.60.70: the firewall drops it"]);
});

test("sync: a nodes NSG that admits the control plane rather than the firewall subnet drops the DNATed connection", async () => {
  const { topology } = await hubSpoke((dir) => {
    const file = join(dir, "nsgs.json");
    const nsgs = JSON.parse(readFileSync(file, "utf8"));
    const rules = nsgs[0].properties.securityRules;
    rules[0].properties.sourceAddressPrefix = "198.51.100.0/24";
    // The hub may reach the nodes only as rules say (else AllowVnetInBound would admit the peered hub).
    rules.push({
      ...rules[0],
      name: "deny-hub-inbound",
      properties: {
        ...rules[0].properties,
        sourceAddressPrefix: "10.100.0.0/22",
        destinationAddressPrefix: "*",
        destinationPortRange: "*",
        access: "Deny",
        priority: 4000,
      },
    });
    writeFileSync(file, JSON.stringify(nsgs));
  });
  const r = reach(topology, { from: "198.51.100.7", to: "20.50.60.70", port: 443 });
  assert.equal(r.disposition, "denied");
  assert.deepEqual(steps(r.hops).at(-1), [
    NODES,
    `nsg ${NODES_NSG} inbound rule securityRules/deny-hub-inbound (priority 4000) denies tcp 443 from 10.100.0.62`,
  ]);
});

/** The fixture with its JSON files edited. */
function edited(edits: Record<string, (json: any) => void>): string {
  const dir = exportOf("azure-hub-spoke");
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    const json = JSON.parse(readFileSync(path, "utf8"));
    edit(json);
    writeFileSync(path, JSON.stringify(json));
  }
  return dir;
}

const findingsOf = (r: { findings: { id: string; resource: string; message: string }[] }) => r.findings.map((f) => [f.id, f.resource, f.message]);
const GAPS = [
  [
    "DPN-DATA-001",
    "input",
    `not enough data to judge firewall ${FW}'s network rule DefaultNetworkRuleCollectionGroup/aks-egress-network/aks-apiserver-udp: destinationAddresses AzureCloud.westeurope not modelled, so the rule is left out`,
  ],
  ["DPN-DATA-001", "input", "not enough data to judge free addresses and who holds which address: no NICs (az network nic list -o json) in the export"],
];

test("audit judges the spoke (the data plane), the hub is its path; the control plane is what the DNAT rule admits, not the NSG rule admitting the firewall", async () => {
  const imported = await importAzureResources(exportOf("azure-hub-spoke"));
  const report = audit(imported);
  assert.deepEqual(
    report.networks.map((n) => [n.networkId, n.tiers]),
    [[SPOKE, { db: [`${SPOKE}/subnets/snet-conveyor-db`], node: [NODES], pod: [PODS] }]],
  );
  assert.deepEqual(findingsOf(report), GAPS);
  assert.ok(
    report.notes.includes(
      "vnet-hub-weu: the path, not a data plane: vnet-conveyor-weu peers with it and routes to its appliance; judged as part of vnet-conveyor-weu",
    ),
  );
  const ctx = inferContext(imported.topology);
  assert.deepEqual(ctx.controlPlane, { connectivity: "internet", cidrs: ["198.51.100.0/24"], port: 443 });
  assert.deepEqual(ctx.azure, {
    mode: "customerManaged",
    firewallPrivateIp: "10.100.0.4",
    publicIpAddress: "20.50.60.70",
    syncDnat: {
      firewallId: FW,
      rule: "DefaultDnatRuleCollectionGroup/dnat-conveyor-sync/control-plane-to-aks-ilb",
      publicIp: "20.50.60.70",
      port: 443,
      translatedAddress: "10.40.1.250",
      translatedPort: 443,
    },
  });
});

test("audit: the nodes' NSG admitting the control plane instead of the firewall subnet fails the sync link (DPN-AZ-011), traced through the firewall", async () => {
  const dir = edited({
    "nsgs.json": (nsgs) => {
      const rules = nsgs[0].properties.securityRules;
      rules[0].properties.sourceAddressPrefix = "198.51.100.0/24";
      rules.push({
        ...rules[0],
        name: "deny-hub-inbound",
        properties: {
          ...rules[0].properties,
          sourceAddressPrefix: "10.100.0.0/22",
          destinationAddressPrefix: "*",
          destinationPortRange: "*",
          access: "Deny",
          priority: 4000,
        },
      });
    },
  });
  const report = audit(await importAzureResources(dir));
  assert.deepEqual(findingsOf(report).slice(2), [
    [
      "DPN-AZ-011",
      NODES,
      `the control plane does not reach the sync port through ${FW}'s DNAT rule DefaultDnatRuleCollectionGroup/dnat-conveyor-sync/control-plane-to-aks-ilb (20.50.60.70:443 -> 10.40.1.250:443): denied at ${NODES}; the translated connection comes from the firewall's subnet, which the nodes' NSG must admit on TCP 443`,
    ],
  ]);
  assert.deepEqual(
    report.findings[2]!.trace.map((h) => h.id),
    ["internet", FW, FW_SUBNET, TO_SPOKE, SPOKE, NODES],
  );
});

test("audit: a DNAT rule on the sync address open beyond the control plane (DPN-AZ-012), and a Basic, Dynamic public IP (DPN-AZ-014)", async () => {
  const dir = edited({
    "rule-collection-groups.json": (groups) => {
      groups[0].properties.ruleCollections[0].rules.push({
        ...groups[0].properties.ruleCollections[0].rules[0],
        name: "anyone-to-aks-ilb",
        sourceAddresses: ["*"],
      });
    },
    "public-ips.json": (pips) => {
      pips[0].sku = { name: "Basic", tier: "Regional" };
      pips[0].properties.publicIPAllocationMethod = "Dynamic";
    },
  });
  const report = audit(await importAzureResources(dir));
  assert.deepEqual(findingsOf(report).slice(2), [
    [
      "DPN-AZ-012",
      FW,
      `${FW}'s DNAT rule DefaultDnatRuleCollectionGroup/dnat-conveyor-sync/anyone-to-aks-ilb admits * to 20.50.60.70:443, outside controlPlane.cidrs: narrow its sources to 198.51.100.0/24`,
    ],
    [
      "DPN-AZ-014",
      `${HUB_RG}/publicIPAddresses/pip-afw-hub-weu`,
      "the sync link's public IP 20.50.60.70 (pip-afw-hub-weu): its SKU is Basic, retired since 30 September 2025; its allocation is Dynamic: the address can change under the control plane: use a Standard SKU public IP (Static)",
    ],
  ]);
});

test("classic rule collections on the firewall itself read as a policy's: DNAT, then network (a Deny collection first by priority), then application", async () => {
  const dir = edited({
    "firewalls.json": (fws) => {
      const p = fws[0].properties;
      delete p.firewallPolicy;
      const collection = (name: string, priority: number, action: string, rules: unknown[]) => ({
        name,
        properties: { priority, action: { type: action }, rules },
      });
      p.natRuleCollections = [
        collection("sync", 100, "Dnat", [
          {
            name: "control-plane",
            protocols: ["TCP"],
            sourceAddresses: ["198.51.100.0/24"],
            destinationAddresses: ["20.50.60.70"],
            destinationPorts: ["443"],
            translatedAddress: "10.40.1.250",
            translatedPort: "443",
          },
        ]),
      ];
      p.networkRuleCollections = [
        collection("egress", 200, "Allow", [
          { name: "ntp", protocols: ["UDP"], sourceAddresses: ["10.40.0.0/16"], destinationAddresses: ["*"], destinationPorts: ["123"] },
        ]),
        collection("no-ssh-out", 150, "Deny", [
          { name: "ssh", protocols: ["TCP"], sourceAddresses: ["*"], destinationAddresses: ["*"], destinationPorts: ["22"] },
        ]),
      ];
      p.applicationRuleCollections = [
        collection("fqdns", 300, "Allow", [
          { name: "aks", sourceAddresses: ["10.40.0.0/16"], protocols: [{ protocolType: "Https", port: 443 }], targetFqdns: ["*.hcp.westeurope.azmk8s.io"] },
        ]),
      ];
    },
  });
  rmSync(join(dir, "rule-collection-groups.json"));
  rmSync(join(dir, "firewall-policies.json"));
  const { topology, gaps } = await importAzureResources(dir);
  assert.deepEqual(gaps.map(gapText), [GAPS[1]![2]]);
  assert.deepEqual(
    topology.firewalls![0]!.rules.map((r) => `${r.kind} ${r.action} ${r.name} ${r.priority}`),
    ["dnat dnat sync/control-plane 100", "network deny no-ssh-out/ssh 150", "network allow egress/ntp 200", "application allow fqdns/aks 300"],
  );
  assert.equal(reach(topology, { from: "198.51.100.7", to: "20.50.60.70", port: 443 }).disposition, "accepted");
  const ssh = reach(topology, { from: NODES, to: "203.0.113.9", port: 22 });
  assert.equal(ssh.disposition, "denied");
  assert.match(steps(ssh.hops).at(-1)![1], /network rule no-ssh-out\/ssh \(priority 150\) denies tcp 22 from 10\.40\.1\.4 to 203\.0\.113\.9$/);
});

test("a firewall policy the export lacks is a gap, and the firewall stays an appliance whose rules are not judged (never 'no rules')", async () => {
  const dir = exportOf("azure-hub-spoke");
  rmSync(join(dir, "rule-collection-groups.json"));
  rmSync(join(dir, "firewall-policies.json"));
  const { topology, gaps } = await importAzureResources(dir);
  assert.deepEqual(gaps.map(gapText), [
    `not enough data to judge firewall ${FW}'s rules: no firewall policy rule collection groups (az network firewall policy rule-collection-group list -o json) in the export`,
    GAPS[1]![2],
  ]);
  assert.equal(topology.firewalls, undefined);
  const r = reach(topology, { from: NODES, to: "203.0.113.9", port: 22 });
  assert.equal(r.disposition, "exits-network");
  assert.match(steps(r.hops)[4]![1], /not enough data to judge .*afw-hub-weu's own rules \(firewall policy, NAT\)/);
});

test("an export's augmented rule (several source prefixes) and application security group rule, as Azure writes them", async () => {
  const ASG = `${SPOKE_RG}/applicationSecurityGroups/asg-conveyor-jobs`;
  const DB_NSG = `${SPOKE_RG}/networkSecurityGroups/nsg-conveyor-db`;
  const dir = edited({
    "nsgs.json": (nsgs) => {
      const db = nsgs[2].properties.securityRules;
      db.push(
        {
          ...db[0],
          id: `${DB_NSG}/securityRules/allow-admin-from-jobs`,
          name: "allow-admin-from-jobs",
          properties: {
            ...db[0].properties,
            priority: 90,
            sourceAddressPrefixes: [],
            sourceApplicationSecurityGroups: [{ id: ASG }],
            destinationPortRange: undefined,
            destinationPortRanges: ["5432", "6432-6433"],
          },
        },
        {
          ...db[0],
          id: `${DB_NSG}/securityRules/deny-vnet`,
          name: "deny-vnet",
          properties: {
            ...db[0].properties,
            priority: 4000,
            sourceAddressPrefixes: [],
            sourceAddressPrefix: "VirtualNetwork",
            destinationPortRange: "*",
            access: "Deny",
          },
        },
      );
    },
  });
  const nic = (name: string, ip: string, asg: boolean) => ({
    id: `${SPOKE_RG}/networkInterfaces/${name}`,
    name,
    type: "Microsoft.Network/networkInterfaces",
    properties: {
      ipConfigurations: [
        {
          id: `${SPOKE_RG}/networkInterfaces/${name}/ipConfigurations/ipconfig1`,
          name: "ipconfig1",
          properties: { privateIPAddress: ip, primary: true, subnet: { id: NODES }, ...(asg ? { applicationSecurityGroups: [{ id: ASG }] } : {}) },
        },
      ],
    },
  });
  writeFileSync(join(dir, "nics.json"), JSON.stringify([nic("vm-jobs-nic", "10.40.1.10", true), nic("vm-other-nic", "10.40.1.11", false)]));
  const { topology } = await importAzureResources(dir);
  const rule = topology.networkSecurityGroups.find((n) => n.id === DB_NSG)!.rules.find((r) => r.name === "allow-admin-from-jobs")!;
  assert.deepEqual(
    [rule.sources, rule.destinationPorts],
    [
      [{ kind: "security-group", id: ASG }],
      [
        { from: 5432, to: 5432 },
        { from: 6432, to: 6433 },
      ],
    ],
  );
  const DB = `${SPOKE}/subnets/snet-conveyor-db`;
  const jobs = reach(topology, { from: "10.40.1.10", to: DB, port: 6433 });
  assert.equal(jobs.disposition, "accepted");
  assert.match(
    steps(jobs.hops).find(([id]) => id === DB)![1],
    /inbound rule securityRules\/allow-admin-from-jobs \(priority 90\) allows tcp 6433 from 10\.40\.1\.10/,
  );
  // The augmented rule admits both the nodes' and the pods' prefixes on 5432; 6433 only from the group.
  const pods = reach(topology, { from: PODS, to: DB, port: 5432 });
  assert.match(
    steps(pods.hops).find(([id]) => id === DB)![1],
    /inbound rule securityRules\/allow-postgres-from-cluster \(priority 100\) allows tcp 5432 from 10\.40\.8\.4/,
  );
  const other = reach(topology, { from: "10.40.1.11", to: DB, port: 6433 });
  assert.equal(other.disposition, "denied");
  assert.match(steps(other.hops).at(-1)![1], /inbound rule securityRules\/deny-vnet \(priority 4000\) denies tcp 6433 from 10\.40\.1\.11$/);
});

test("audit --intents: the control plane the intents name, not the DNAT rule's sources, judges the DNAT rule (DPN-AZ-012)", async () => {
  const dir = exportOf("azure-hub-spoke");
  const file = join(dir, "..", `intents-${Date.now()}.yaml`);
  writeFileSync(file, "version: 1\ncontrolPlane:\n  cidrs: [198.51.100.0/25]\n  port: 443\nintents: []\n");
  const r = dpnet("audit", "--azure", dir, "--intents", file, "--json");
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { findings: { id: string; resource: string; message: string }[] };
  assert.deepEqual(findingsOf(report).slice(2), [
    [
      "DPN-AZ-012",
      FW,
      `${FW}'s DNAT rule DefaultDnatRuleCollectionGroup/dnat-conveyor-sync/control-plane-to-aks-ilb admits 198.51.100.0/24 to 20.50.60.70:443, outside controlPlane.cidrs: narrow its sources to 198.51.100.0/25`,
    ],
  ]);
  const missing = dpnet("audit", "--azure", dir, "--intents", join(dir, "nope.yaml"));
  assert.deepEqual([missing.code, missing.stderr], [2, `--intents: ${join(dir, "nope.yaml")} does not exist\n`]);
});

test("dpnet reach --to sync on the hub-and-spoke export: the control plane through the firewall's DNAT to the nodes, anyone else dropped at the firewall (exit 1)", () => {
  const dir = join(FIXTURES, "azure-hub-spoke");
  const cp = dpnet("reach", "--azure", dir, "--from", "control-plane", "--to", "sync");
  assert.equal(cp.code, 0, cp.stderr);
  const lines = cp.stdout.split("\n");
  assert.equal(lines[1], "tcp 198.51.100.1:1024-65535 -> 20.50.60.70:443: accepted");
  const step = (line: string) => /^ +\d+\. (\S+) \(([^)]+)\): /.exec(line)?.slice(1, 3);
  assert.deepStrictEqual(lines.slice(2, 8).map(step), [
    ["internet", "internet"],
    [FW, "azure-firewall"],
    [FW_SUBNET, "subnet"],
    [TO_SPOKE, "peering"],
    [SPOKE, "network"],
    [NODES, "subnet"],
  ]);
  assert.match(
    lines[3]!,
    /DNAT rule DefaultDnatRuleCollectionGroup\/dnat-conveyor-sync\/control-plane-to-aks-ilb \(priority 100\) translates destination 20\.50\.60\.70:443 -> 10\.40\.1\.250:443/,
  );
  assert.match(lines[7]!, /inbound rule securityRules\/allow-sync-from-afw \(priority 100\) allows tcp 443 from 10\.100\.0\.62/);
  assert.equal(lines[8], "reply:");
  const other = dpnet("reach", "--azure", dir, "--from", "internet", "--to", "sync");
  assert.equal(other.code, 1, other.stderr);
  assert.deepStrictEqual(other.stdout.split("\n").slice(1, 4), [
    "tcp <an internet host>:1024-65535 -> 20.50.60.70:443: denied",
    `   1. internet (internet): 20.50.60.70 is the public address of ${FW}`,
    `   2. ${FW} (azure-firewall): no DNAT rule matches tcp 443 from <an internet host> to 20.50.60.70: the firewall drops it`,
  ]);
});
