// Which existing subnets could serve each tier of a data plane, inferred from an existing network:
// on AWS by address block and routing (public: default route to an internet gateway; node: the
// primary block; pod: a secondary block), on Azure by delegation and name. The chosen subnets are
// what the checks then judge; every candidate is listed with its zone and free addresses.
import { CLOUD_TERMS } from "../../topology/clouds.js";
import { type Prefix, addressKey, containsAddress, coversPrefix, parseAddress, parsePrefix, parsePrefixes } from "../../ipam/prefix.js";
import { SHARED } from "../../ipam/ranges.js";
import type { Tier } from "../../topology/context.js";
import { POSTGRES_DELEGATION } from "../../plan/azure/network.js";
import { MAX_DB_PREFIX, MIN_POD_ADDRESSES } from "../../spec/azure.js";
import type { Cloud, Gateway, Network, RouteTable, Subnet, Topology } from "../../topology/model.js";

export interface Candidate {
  subnetId: string;
  name?: string;
  zone?: string;
  cidr: string;
  /** Addresses left for hosts: the block less the 5 the cloud reserves. */
  usable: number;
  /** Private addresses held by interfaces, NAT gateways and load balancer nodes in the export. */
  used: number;
  free: number;
  /** Where 0.0.0.0/0 goes now: `nat-a`, `igw-1`, `VirtualAppliance 10.0.0.4`, or `nowhere`. */
  defaultRoute: string;
  /** How it falls short of the tier's requirements; empty when it serves as is. */
  issues: string[];
}

export interface TierPlan {
  networkId: string;
  cloud: Cloud;
  /** The subnets that serve each tier (at most one per zone on AWS): what the checks judge. */
  tiers: Partial<Record<Tier, string[]>>;
  /** Every subnet that could serve each tier, the best first. */
  candidates: Partial<Record<Tier, Candidate[]>>;
  /** Azure: the firewall the default route must go to (the UDR's next hop, else an Azure Firewall in the export). */
  firewallPrivateIp?: string;
}

// AWS and Azure reserve 5 addresses in every subnet.
const RESERVED = 5;
const ZONES = 3;
const MAX_NODE_PREFIX = 24;
const MAX_POD_PREFIX = 18;
/** The smallest block with 2000 usable addresses. */
const AZURE_POD_PREFIX = 21;
/** Azure subnets with a reserved purpose: never a data-plane tier. */
const AZURE_RESERVED_NAMES = /^(AzureFirewallSubnet|AzureFirewallManagementSubnet|GatewaySubnet|AzureBastionSubnet|RouteServerSubnet)$/i;

interface Facts {
  subnet: Subnet;
  block: Prefix;
  candidate: Candidate;
  /** The kind of what 0.0.0.0/0 goes to: `internet-gateway`, `nat-gateway`, `appliance`, … */
  exit: string | undefined;
  applianceIp?: string;
}

/** Private IPv4 addresses in use per subnet, from everything that holds one. */
function usedAddresses(t: Topology): Map<string, Set<bigint>> {
  const used = new Map<string, Set<bigint>>();
  const add = (subnetId: string | undefined, ip: string | undefined) => {
    const a = ip === undefined ? undefined : parseAddress(ip);
    if (subnetId === undefined || a?.family !== 4) return;
    if (!used.has(subnetId)) used.set(subnetId, new Set());
    used.get(subnetId)!.add(addressKey(a));
  };
  for (const i of t.interfaces) for (const ip of i.privateIps) add(i.subnetId, ip);
  for (const g of t.gateways) add(g.subnetId, g.privateIp);
  for (const lb of t.loadBalancers) for (const n of lb.nodes) for (const ip of n.privateIps) add(n.subnetId, ip);
  return used;
}

function defaultRoute(
  gateways: ReadonlyMap<string, Gateway>,
  table: RouteTable | undefined,
): { label: string; exit: string | undefined; applianceIp?: string } {
  const route = table?.routes.find((r) => r.destination === "0.0.0.0/0");
  if (!route) return { label: "nowhere", exit: undefined };
  const target = route.target;
  switch (target.kind) {
    case "gateway": {
      const gw = gateways.get(target.id);
      return { label: target.id, exit: gw?.kind ?? "gateway" };
    }
    case "appliance":
      return { label: `VirtualAppliance ${target.ip}`, exit: "appliance", applianceIp: target.ip };
    case "interface":
      return { label: target.id, exit: "appliance" };
    case "internet":
      return { label: "Internet", exit: "internet" };
    case "blackhole":
      return { label: "blackhole", exit: undefined };
    case "local":
      return { label: "local", exit: undefined };
  }
}

function factsOf(t: Topology, net: Network): Facts[] {
  const used = usedAddresses(t);
  const tables = new Map(t.routeTables.map((r) => [r.id, r]));
  const gateways = new Map(t.gateways.map((g) => [g.id, g]));
  return t.subnets.flatMap((subnet) => {
    if (subnet.networkId !== net.id) return [];
    const cidr = subnet.cidrs.find((c) => parsePrefix(c)?.family === 4);
    const block = cidr === undefined ? undefined : parsePrefix(cidr);
    if (!block || cidr === undefined) return [];
    const table = tables.get(subnet.routeTableId ?? net.mainRouteTableId ?? "");
    // Azure: without a user-defined 0.0.0.0/0, the subnet's system route sends it to the Internet;
    // a route table the subnet names but the input lacks leaves it unknown.
    const own = defaultRoute(gateways, table);
    const missing = subnet.routeTableId !== undefined && table === undefined;
    const route =
      own.label !== "nowhere"
        ? own
        : missing
          ? { label: "not known (route table not in the input)", exit: undefined }
          : CLOUD_TERMS[net.cloud].systemInternetRoute
            ? { label: "Internet (system route)", exit: "internet" }
            : own;
    const usable = Math.max(0, 2 ** (32 - block.len) - RESERVED);
    const inUse = used.get(subnet.id)?.size ?? 0;
    const candidate: Candidate = {
      subnetId: subnet.id,
      cidr,
      usable,
      used: inUse,
      free: Math.max(0, usable - inUse),
      defaultRoute: route.label,
      issues: [],
      ...(subnet.name ? { name: subnet.name } : {}),
      ...(subnet.zone ? { zone: subnet.zone } : {}),
    };
    return [{ subnet, block, candidate, exit: route.exit, ...(route.applianceIp ? { applianceIp: route.applianceIp } : {}) }];
  });
}

function hint(f: Facts, pattern: RegExp): number {
  return pattern.test(`${f.subnet.name ?? ""} ${Object.values(f.subnet.tags ?? {}).join(" ")}`) ? 0 : 1;
}

/** Best first: named for the tier, then routed as it should be, then meeting its size, then more free addresses. */
function rank(list: Facts[], pattern: RegExp, maxPrefix: number, routed: (f: Facts) => boolean = () => true): Facts[] {
  const miss = (f: Facts) => Number(!routed(f));
  return [...list].sort(
    (a, b) =>
      hint(a, pattern) - hint(b, pattern) ||
      miss(a) - miss(b) ||
      Number(a.block.len > maxPrefix) - Number(b.block.len > maxPrefix) ||
      b.candidate.free - a.candidate.free ||
      (a.subnet.id < b.subnet.id ? -1 : 1),
  );
}

function withIssues(f: Facts, issues: string[]): Candidate {
  return { ...f.candidate, issues };
}

/** Up to 3 zones, those with candidates for the most tiers first; then the best candidate of each tier in each. */
function choosePerZone(ranked: Record<"public" | "node" | "pod", Facts[]>): Record<"public" | "node" | "pod", string[]> {
  const zones = new Map<string, number>();
  for (const list of Object.values(ranked)) for (const z of new Set(list.map((f) => f.subnet.zone ?? ""))) zones.set(z, (zones.get(z) ?? 0) + 1);
  const chosen = [...zones]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, ZONES)
    .map(([z]) => z);
  const pick = (list: Facts[]) => chosen.flatMap((z) => list.find((f) => (f.subnet.zone ?? "") === z)?.subnet.id ?? []);
  return { public: pick(ranked.public), node: pick(ranked.node), pod: pick(ranked.pod) };
}

function awsPlan(t: Topology, net: Network): TierPlan {
  const blocks = parsePrefixes(net.cidrs).filter((p) => p.family === 4);
  const [primary, ...secondary] = blocks;
  const facts = factsOf(t, net);
  const isPublic = (f: Facts) => f.exit === "internet-gateway";
  const inPrimary = (f: Facts) => primary !== undefined && coversPrefix(primary, f.block);
  const inSecondary = (f: Facts) => secondary.some((b) => coversPrefix(b, f.block));
  const ranked = {
    public: rank(facts.filter(isPublic), /public|elb|ingress|dmz/i, MAX_NODE_PREFIX),
    node: rank(
      facts.filter((f) => !isPublic(f) && inPrimary(f)),
      /node|worker|private|eks|k8s|kube/i,
      MAX_NODE_PREFIX,
      (f) => f.exit === "nat-gateway",
    ),
    // Pod subnets: a secondary block, the carrier-grade NAT range first.
    pod: rank(
      facts.filter((f) => !isPublic(f) && inSecondary(f)),
      /pod/i,
      MAX_POD_PREFIX,
      (f) => containsAddress(SHARED, f.block),
    ),
  };
  const nodeIssues = (f: Facts) => [
    ...(f.block.len > MAX_NODE_PREFIX ? [`smaller than a /${MAX_NODE_PREFIX}`] : []),
    ...(f.exit !== "nat-gateway" ? [`0.0.0.0/0 goes to ${f.candidate.defaultRoute}, not a NAT gateway`] : []),
  ];
  const podIssues = (f: Facts) => [
    ...(f.block.len > MAX_POD_PREFIX ? [`smaller than a /${MAX_POD_PREFIX}`] : []),
    ...(f.exit !== undefined ? [`0.0.0.0/0 goes to ${f.candidate.defaultRoute}: pods must stay inside the VPC`] : []),
  ];
  return {
    networkId: net.id,
    cloud: "aws",
    tiers: choosePerZone(ranked),
    candidates: {
      public: ranked.public.map((f) => withIssues(f, [])),
      node: ranked.node.map((f) => withIssues(f, nodeIssues(f))),
      pod: ranked.pod.map((f) => withIssues(f, podIssues(f))),
    },
  };
}

function azurePlan(t: Topology, net: Network): TierPlan {
  const facts = factsOf(t, net).filter((f) => !AZURE_RESERVED_NAMES.test(f.subnet.name ?? ""));
  const isDb = (f: Facts) => f.subnet.delegations?.includes(POSTGRES_DELEGATION) === true || hint(f, /\b(db|postgres|psql|database)\b/i) === 0;
  const db = rank(facts.filter(isDb), /db|postgres/i, MAX_DB_PREFIX);
  const others = facts.filter((f) => !isDb(f));
  const podSize = (f: Facts) => f.candidate.usable >= MIN_POD_ADDRESSES;
  const pod = rank(others, /pod/i, AZURE_POD_PREFIX, podSize);
  const podChoice = pod[0];
  const node = rank(
    others.filter((f) => f !== podChoice),
    /node|aks|agent|worker|system|user/i,
    MAX_NODE_PREFIX,
  );
  const chosen = { db: db[0], pod: podChoice, node: node[0] };
  const firewall = chosen.node?.applianceIp ?? chosen.pod?.applianceIp ?? azureFirewallIp(t, net);
  const udr = (f: Facts) =>
    (firewall !== undefined && f.applianceIp === firewall) || f.candidate.defaultRoute.startsWith("not known")
      ? []
      : [`0.0.0.0/0 goes to ${f.candidate.defaultRoute}, not the firewall${firewall ? ` ${firewall}` : ""}`];
  const tiers: Partial<Record<Tier, string[]>> = {};
  for (const [tier, f] of Object.entries(chosen)) if (f) tiers[tier as Tier] = [f.subnet.id];
  return {
    networkId: net.id,
    cloud: "azure",
    tiers,
    ...(firewall ? { firewallPrivateIp: firewall } : {}),
    candidates: {
      db: db.map((f) =>
        withIssues(f, [
          ...(f.block.len > MAX_DB_PREFIX ? [`smaller than a /${MAX_DB_PREFIX}`] : []),
          ...(f.subnet.delegations?.includes(POSTGRES_DELEGATION) ? [] : [`not delegated to ${POSTGRES_DELEGATION}`]),
        ]),
      ),
      node: node.map((f) => withIssues(f, udr(f))),
      pod: pod.map((f) => withIssues(f, [...(podSize(f) ? [] : [`${f.candidate.usable} usable addresses, fewer than ${MIN_POD_ADDRESSES}`]), ...udr(f)])),
    },
  };
}

/** The private address of a forwarding interface in the VNet's AzureFirewallSubnet. */
function azureFirewallIp(t: Topology, net: Network): string | undefined {
  const firewallSubnets = new Set(t.subnets.filter((s) => s.networkId === net.id && /^AzureFirewallSubnet$/i.test(s.name ?? "")).map((s) => s.id));
  return t.interfaces.find((i) => i.forwarding && firewallSubnets.has(i.subnetId))?.privateIps[0];
}

const TIER_PLANS: Record<Cloud, (t: Topology, net: Network) => TierPlan> = { aws: awsPlan, azure: azurePlan };

/** The tiers of one network of the topology. */
export function inferTiers(topology: Topology, networkId: string): TierPlan {
  const net = topology.networks.find((n) => n.id === networkId);
  if (!net) throw new Error(`network ${networkId} is not in the topology`);
  return TIER_PLANS[net.cloud](topology, net);
}
