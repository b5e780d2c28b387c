// What to change, exactly: for the findings an audit of an existing network gives, the cloud CLI
// commands that fix them, with the real ids and, where a subnet is missing or too small, a free
// block of the right size in the right address range. Read-only audits print these; nothing runs them.
import type { Finding } from "../../findings.js";
import type { CheckId } from "../checks/catalog.js";
import { carve, tryParseCidr } from "../../ipam/prefix.js";
import { POSTGRES_DELEGATION } from "../../plan/azure/network.js";
import type { Network, Peer, Subnet, Topology } from "../../topology/model.js";
import type { TierPlan } from "./tiers.js";
import { shellCommand, UnquotableError } from "../../io/shell.js";

export interface Change {
  /** The finding this change fixes. */
  finding: string;
  resource: string;
  commands: string[];
}

interface Context {
  topology: Topology;
  plan: TierPlan;
  network: Network;
  subnets: Map<string, Subnet>;
  /** Blocks already proposed, so two proposals never overlap. */
  proposed: string[];
}

const SIZES: Record<"public" | "node" | "pod", number> = { public: 24, node: 24, pod: 18 };
/** The seed's pod CIDR: what a VPC without a secondary block must associate. */
export const POD_CIDR = "100.64.0.0/16";
/** Azure pods: the smallest block with the 2000 usable addresses the seed asks for. */
const AZURE_POD_PREFIX = 21;

/** The lowest free aligned block of `len` in one of `parents`, clear of the network's subnets and earlier proposals. */
function freeBlock(ctx: Context, parents: readonly string[], len: number): string | undefined {
  const taken = [...ctx.topology.subnets.filter((s) => s.networkId === ctx.network.id).flatMap((s) => s.cidrs), ...ctx.proposed]
    .map((c) => tryParseCidr(c, 4))
    .filter((c) => c !== undefined);
  for (const parent of parents) {
    const p = tryParseCidr(parent, 4);
    const found = p && carve(p, [len], taken)?.[0];
    if (found) {
      const text = found.text;
      ctx.proposed.push(text);
      return text;
    }
  }
  return undefined;
}

function ipv4Blocks(net: Network): string[] {
  return net.cidrs.filter((c) => tryParseCidr(c, 4) !== undefined);
}

/** Where a tier's subnets are carved from: the primary block for public and node subnets, the secondary ones for pods. */
function parentsFor(ctx: Context, tier: "public" | "node" | "pod"): string[] {
  const [primary, ...secondary] = ipv4Blocks(ctx.network);
  if (tier !== "pod") return primary ? [primary] : [];
  return secondary.length ? secondary : [POD_CIDR];
}

function createSubnet(ctx: Context, tier: "public" | "node" | "pod", zone: string, why = ""): string {
  const block = freeBlock(ctx, parentsFor(ctx, tier), SIZES[tier]) ?? `<a free /${SIZES[tier]}>`;
  return shellCommand(
    ["aws", "ec2", "create-subnet", "--vpc-id", ctx.network.id, "--availability-zone", zone, "--cidr-block", block],
    `a ${tier} subnet${why}`,
  );
}

/** Zones the network uses, for the tiers that lack one; a placeholder when fewer than 3 are known. */
function missingZones(ctx: Context, tier: "public" | "node" | "pod"): string[] {
  const have = new Set((ctx.plan.tiers[tier] ?? []).map((id) => ctx.subnets.get(id)?.zone));
  const known = [
    ...new Set(
      ctx.topology.subnets
        .filter((s) => s.networkId === ctx.network.id)
        .map((s) => s.zone)
        .filter((z) => z !== undefined),
    ),
  ].sort();
  const missing = known.filter((z) => !have.has(z));
  const placeholders = Math.max(0, 3 - have.size - missing.length);
  return [...missing, ...Array.from({ length: placeholders }, () => `<another zone of ${ctx.network.region ?? "the region"}>`)].slice(
    0,
    Math.max(0, 3 - have.size),
  );
}

function zonesFix(ctx: Context, f: Finding): string[] {
  const tier = (["public", "node", "pod"] as const).find((t) => f.message.startsWith(`the ${t} subnets`));
  return tier ? missingZones(ctx, tier).map((z) => createSubnet(ctx, tier, z)) : [];
}

function resizeFix(ctx: Context, f: Finding, tier: "node" | "pod"): string[] {
  const subnet = ctx.subnets.get(f.resource);
  if (!subnet?.zone) return [];
  return [createSubnet(ctx, tier, subnet.zone, `, to replace ${subnet.id}: a subnet cannot grow`)];
}

function tablesRoutes(ctx: Context, tableId: string): { destination: string; target: string }[] {
  const table = ctx.topology.routeTables.find((t) => t.id === tableId);
  return (table?.routes ?? []).flatMap((r) =>
    r.target.kind === "gateway" || r.target.kind === "interface" ? [{ destination: r.destination, target: r.target.id }] : [],
  );
}

function destinationFlag(destination: string): string[] {
  if (destination.startsWith("pl-")) return ["--destination-prefix-list-id", destination];
  return [destination.includes(":") ? "--destination-ipv6-cidr-block" : "--destination-cidr-block", destination];
}

/** Pods route only inside the VPC: delete every route of their table that leads out. */
function podRoutesFix(ctx: Context, f: Finding): string[] {
  return tablesRoutes(ctx, f.resource).map((r) =>
    shellCommand(["aws", "ec2", "delete-route", "--route-table-id", f.resource, ...destinationFlag(r.destination)], `-> ${r.target}`),
  );
}

function hasDefault(ctx: Context, tableId: string): boolean {
  return tablesRoutes(ctx, tableId).some((r) => r.destination === "0.0.0.0/0");
}

/** Nodes leave through a NAT gateway of their own zone (or any, if their zone has none). */
function nodeRouteFix(ctx: Context, f: Finding): string[] {
  const node = (ctx.plan.tiers.node ?? []).map((id) => ctx.subnets.get(id)).find((s) => s && f.message.includes(s.id));
  const nats = ctx.topology.gateways.filter((g) => g.kind === "nat-gateway" && g.networkIds.includes(ctx.network.id));
  const nat = nats.find((g) => ctx.subnets.get(g.subnetId ?? "")?.zone === node?.zone) ?? nats[0];
  if (!nat) {
    const publicSubnet = (ctx.plan.tiers.public ?? []).map((id) => ctx.subnets.get(id)).find((s) => s?.zone === node?.zone);
    return [
      shellCommand(
        [
          "aws",
          "ec2",
          "create-nat-gateway",
          "--subnet-id",
          publicSubnet?.id ?? "<a public subnet of the zone>",
          "--allocation-id",
          "<an elastic IP allocation>",
        ],
        `then route 0.0.0.0/0 of ${f.resource} to it`,
      ),
    ];
  }
  const verb = hasDefault(ctx, f.resource) ? "replace-route" : "create-route";
  return [shellCommand(["aws", "ec2", verb, "--route-table-id", f.resource, "--destination-cidr-block", "0.0.0.0/0", "--nat-gateway-id", nat.id])];
}

function publicRouteFix(ctx: Context, f: Finding): string[] {
  const igw = ctx.topology.gateways.find((g) => g.kind === "internet-gateway" && g.networkIds.includes(ctx.network.id));
  const verb = hasDefault(ctx, f.resource) ? "replace-route" : "create-route";
  const create = igw
    ? []
    : [
        `${shellCommand(["aws", "ec2", "create-internet-gateway"])} && ${shellCommand(["aws", "ec2", "attach-internet-gateway", "--vpc-id", ctx.network.id, "--internet-gateway-id", "<its id>"])}`,
      ];
  return [
    ...create,
    shellCommand([
      "aws",
      "ec2",
      verb,
      "--route-table-id",
      f.resource,
      "--destination-cidr-block",
      "0.0.0.0/0",
      "--gateway-id",
      igw?.id ?? "<the internet gateway>",
    ]),
  ];
}

function isOpen(peer: Peer): boolean {
  return peer.kind === "any" || (peer.kind === "cidr" && (peer.cidr === "0.0.0.0/0" || peer.cidr === "::/0"));
}

/** Revoke the rules that admit a port from the whole internet. */
function adminPortFix(port: number) {
  return (ctx: Context, f: Finding): string[] => {
    const sg = ctx.topology.securityGroups.find((g) => g.id === f.resource);
    const rules = (sg?.rules ?? []).filter(
      (r) =>
        r.direction === "ingress" &&
        isOpen(r.peer) &&
        (r.protocol === "tcp" || r.protocol === "all") &&
        (r.ports === undefined || (r.ports.from <= port && port <= r.ports.to)),
    );
    return rules.map((r) => {
      const cidr = r.peer.kind === "cidr" ? r.peer.cidr : "0.0.0.0/0";
      const range = r.ports ? `FromPort=${r.ports.from},ToPort=${r.ports.to}` : "FromPort=-1,ToPort=-1";
      const ranges = cidr.includes(":") ? `Ipv6Ranges=[{CidrIpv6=${cidr}}]` : `IpRanges=[{CidrIp=${cidr}}]`;
      const protocol = typeof r.protocol === "number" ? r.protocol : r.protocol === "all" ? -1 : r.protocol;
      return shellCommand(
        ["aws", "ec2", "revoke-security-group-ingress", "--group-id", f.resource, "--ip-permissions", `IpProtocol=${protocol},${range},${ranges}`],
        "then admit only your admin ranges",
      );
    });
  };
}

/** `/subscriptions/…/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s` -> its parts. */
function azureParts(id: string): { group?: string; vnet?: string; name?: string } {
  const parts = id.split("/");
  const after = (key: string) => {
    const i = parts.findIndex((p) => p.toLowerCase() === key.toLowerCase());
    return i < 0 ? undefined : parts[i + 1];
  };
  return { group: after("resourceGroups"), vnet: after("virtualNetworks"), name: parts.at(-1) };
}

function azureSubnetFlags(subnetId: string): string[] {
  const { group, vnet, name } = azureParts(subnetId);
  return ["-g", group ?? "<group>", "--vnet-name", vnet ?? "<vnet>", "-n", name ?? "<subnet>"];
}

function azurePodsFix(ctx: Context, f: Finding): string[] {
  const block = freeBlock(ctx, ipv4Blocks(ctx.network), AZURE_POD_PREFIX) ?? `<a free /${AZURE_POD_PREFIX} (add address space to the VNet)>`;
  const { group, vnet, name } = azureParts(f.resource);
  return [
    shellCommand(
      [
        "az",
        "network",
        "vnet",
        "subnet",
        "create",
        "-g",
        group ?? "<group>",
        "--vnet-name",
        vnet ?? "<vnet>",
        "-n",
        `${name ?? "pods"}-21`,
        "--address-prefixes",
        block,
      ],
      `a /21: 2043 usable addresses, to replace ${name ?? "the pods subnet"} (a subnet in use cannot grow); give it its route table and NSG`,
    ),
  ];
}

function azureRouteFix(ctx: Context, f: Finding): string[] {
  const firewall = ctx.plan.firewallPrivateIp ?? "<your firewall's private IP>";
  const table = ctx.subnets.get(f.resource)?.routeTableId;
  const { group } = azureParts(table ?? f.resource);
  const name = table ? azureParts(table).name : "dataplane-to-firewall";
  const g = group ?? "<group>";
  const tableName = name ?? "<route table>";
  const route = shellCommand([
    "az",
    "network",
    "route-table",
    "route",
    "create",
    "-g",
    g,
    "--route-table-name",
    tableName,
    "-n",
    "default-to-firewall",
    "--address-prefix",
    "0.0.0.0/0",
    "--next-hop-type",
    "VirtualAppliance",
    "--next-hop-ip-address",
    firewall,
  ]);
  if (table) return [route];
  // A finding on the VNet: the table goes on the nodes and pods subnets, each by its own name.
  const subnets = ctx.subnets.has(f.resource) ? [f.resource] : [...(ctx.plan.tiers.node ?? []), ...(ctx.plan.tiers.pod ?? [])];
  return [
    shellCommand(["az", "network", "route-table", "create", "-g", g, "-n", tableName, "--disable-bgp-route-propagation", "true"]),
    route,
    ...subnets.map((id) => shellCommand(["az", "network", "vnet", "subnet", "update", ...azureSubnetFlags(id), "--route-table", tableName])),
  ];
}

function azureDelegationFix(_ctx: Context, f: Finding): string[] {
  return [shellCommand(["az", "network", "vnet", "subnet", "update", ...azureSubnetFlags(f.resource), "--delegations", POSTGRES_DELEGATION])];
}

function azureNsgRuleFix(_ctx: Context, f: Finding): string[] {
  const parts = f.resource.split("/");
  const i = parts.findIndex((p) => p.toLowerCase() === "securityrules");
  if (i < 0) return [];
  const { group } = azureParts(f.resource);
  return [
    shellCommand([
      "az",
      "network",
      "nsg",
      "rule",
      "update",
      "-g",
      group ?? "<group>",
      "--nsg-name",
      parts[i - 1] ?? "<nsg>",
      "-n",
      parts[i + 1] ?? "<rule>",
      "--source-address-prefixes",
      "<your admin ranges>",
    ]),
  ];
}

const FIXES: Partial<Record<CheckId, (ctx: Context, f: Finding) => string[]>> = {
  "DPN-AWS-001": (ctx) => [shellCommand(["aws", "ec2", "associate-vpc-cidr-block", "--vpc-id", ctx.network.id, "--cidr-block", POD_CIDR])],
  "DPN-AWS-002": zonesFix,
  "DPN-AWS-003": (ctx, f) => resizeFix(ctx, f, "node"),
  "DPN-AWS-004": (ctx, f) => resizeFix(ctx, f, "pod"),
  "DPN-AWS-005": podRoutesFix,
  "DPN-AWS-007": nodeRouteFix,
  "DPN-AWS-008": publicRouteFix,
  "DPN-AWS-016": adminPortFix(22),
  "DPN-AWS-017": adminPortFix(3389),
  "DPN-AZ-003": azurePodsFix,
  "DPN-AZ-005": azureDelegationFix,
  "DPN-AZ-006": azureRouteFix,
  "DPN-AZ-009": azureNsgRuleFix,
  "DPN-AZ-010": azureNsgRuleFix,
};
const FIX_OF: ReadonlyMap<string, (ctx: Context, f: Finding) => string[]> = new Map(Object.entries(FIXES));

/** A fix's commands, or none when a value in them cannot be quoted: such a command is never printed. */
function quotable(commands: () => string[]): string[] {
  try {
    return commands();
  } catch (e) {
    if (e instanceof UnquotableError) return [];
    throw e;
  }
}

/** The commands that fix one network's findings, for those a command can fix. */
export function changesFor(findings: readonly Finding[], topology: Topology, plan: TierPlan): Change[] {
  const network = topology.networks.find((n) => n.id === plan.networkId);
  if (!network) return [];
  const ctx: Context = { topology, plan, network, subnets: new Map(topology.subnets.map((s) => [s.id, s])), proposed: [] };
  // Findings on the same resource can call for the same command: it is given once.
  const given = new Set<string>();
  return findings.flatMap((f) => {
    const commands = quotable(() => FIX_OF.get(f.id)?.(ctx, f) ?? []).filter((c) => !given.has(c) && given.add(c));
    return commands.length ? [{ finding: f.id, resource: f.resource, commands }] : [];
  });
}
