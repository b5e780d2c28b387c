// What the diagram shows, decided from the topology before anything is placed: per network its
// zone columns and tier rows, each subnet's lines (CIDRs, usable addresses, where its default
// route goes), the gateways at its edge, its load balancers with their listeners, its private
// endpoints; per region the services outside the networks; the control plane and its links.
import type { Finding } from "../findings.js";
import { usableInBlock } from "../ipam/ipv4.js";
import type { Cloud, Endpoint, Gateway, LoadBalancer, Network, RouteTable, RouteTarget, Subnet, TargetGroup, Topology } from "../topology/model.js";
import { CLOUD_TERMS } from "../topology/clouds.js";
import { addFindingAnchors } from "./anchors.js";
import {
  type Chip,
  CLOUD_NAMES,
  type CloudView,
  type Column,
  type ControlPlaneView,
  type DiagramContext,
  type LinkView,
  type LoadBalancerView,
  type NetworkView,
  type PanelView,
  type RegionView,
  ROWS,
  type RowKey,
  type Scene,
  type SubnetView,
  type TextLine,
} from "./view.js";

const TIER_ROWS: Record<string, RowKey> = { public: "public", node: "nodes", nodes: "nodes", pod: "pods", pods: "pods", db: "db", database: "db" };

function rowOf(tier: string | undefined): RowKey {
  return (tier && TIER_ROWS[tier.toLowerCase()]) || "other";
}

const CONTROL_PLANE_QUEUES_ID = "control-plane:queues";

const GATEWAY_LABELS: Record<Gateway["kind"], string> = {
  "internet-gateway": "internet gateway",
  "nat-gateway": "NAT gateway",
  "egress-only-internet-gateway": "egress-only IGW",
  "vpn-gateway": "VPN gateway",
  "transit-gateway": "transit gateway",
  peering: "peering",
  "gateway-endpoint": "gateway endpoint",
};

/** Gateways routes name but the topology lacks (a peering made elsewhere), by their id's prefix. */
const ID_PREFIX_LABELS: [string, string][] = [
  ["pcx-", "peering"],
  ["tgw-", "transit gateway"],
  ["vgw-", "VPN gateway"],
  ["igw-", "internet gateway"],
  ["nat-", "NAT gateway"],
  ["eigw-", "egress-only IGW"],
  ["vpce-", "gateway endpoint"],
];

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** Thousands separated by commas, independent of the machine's locale. */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Addresses left for hosts in the IPv4 blocks: AWS and Azure both reserve 5 per subnet. */
function usableInBlocks(cidrs: readonly string[]): number | undefined {
  const v4 = cidrs.filter((c) => !c.includes(":"));
  if (v4.length === 0) return undefined;
  return v4.reduce((sum, c) => sum + usableInBlock(Number(c.split("/")[1] ?? 32)), 0);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Everything element lookups need while the scene is built, indexed once (exports hold thousands of subnets). */
class Index {
  readonly subnets: Map<string, Subnet>;
  readonly tables: Map<string, RouteTable>;
  readonly gateways: Map<string, Gateway>;
  readonly networks: Map<string, Network>;
  readonly targetGroups: Map<string, TargetGroup>;
  readonly subnetsOf: Map<string, Subnet[]>;
  readonly tablesOf: Map<string, RouteTable[]>;
  readonly loadBalancersOf: Map<string, LoadBalancer[]>;
  readonly endpointsOf: Map<string, Endpoint[]>;
  /** Gateways by the subnet they sit in (NAT gateways). */
  readonly gatewaysIn: Map<string, Gateway[]>;
  /** Gateways by each network they attach to. */
  readonly gatewaysOf = new Map<string, Gateway[]>();
  /** Private DNS zone names by zone id. */
  readonly dnsZoneNames: Map<string, string>;

  constructor(readonly topology: Topology) {
    this.subnets = new Map(topology.subnets.map((s) => [s.id, s]));
    this.tables = new Map(topology.routeTables.map((t) => [t.id, t]));
    this.gateways = new Map(topology.gateways.map((g) => [g.id, g]));
    this.networks = new Map(topology.networks.map((n) => [n.id, n]));
    this.targetGroups = new Map(topology.targetGroups.map((tg) => [tg.id, tg]));
    this.subnetsOf = groupBy(topology.subnets, (s) => s.networkId);
    this.tablesOf = groupBy(topology.routeTables, (t) => t.networkId);
    this.loadBalancersOf = groupBy(topology.loadBalancers, (lb) => lb.networkId);
    this.endpointsOf = groupBy(topology.endpoints, (e) => e.networkId);
    this.gatewaysIn = groupBy(topology.gateways, (g) => g.subnetId);
    for (const g of topology.gateways) for (const n of g.networkIds) this.gatewaysOf.set(n, [...(this.gatewaysOf.get(n) ?? []), g]);
    this.dnsZoneNames = new Map(topology.privateDnsZones.map((z) => [z.id, z.zoneName]));
  }

  /** The route table a subnet uses: its own, or on AWS the network's main one. */
  tableOf(subnet: Subnet): RouteTable | undefined {
    if (subnet.routeTableId) return this.tables.get(subnet.routeTableId);
    const network = this.networks.get(subnet.networkId);
    return network && CLOUD_TERMS[network.cloud].mainRouteTable && network.mainRouteTableId ? this.tables.get(network.mainRouteTableId) : undefined;
  }

  targetText(target: RouteTarget): string {
    switch (target.kind) {
      case "local":
        return "local";
      case "internet":
        return "Internet";
      case "appliance":
        return `firewall ${target.ip}`;
      case "interface":
        return `interface ${target.id}`;
      case "blackhole":
        return "dropped (blackhole)";
      case "gateway": {
        const gateway = this.gateways.get(target.id);
        if (!gateway) return gatewayLabelOfId(target.id);
        const zone = gateway.kind === "nat-gateway" && gateway.subnetId ? this.subnets.get(gateway.subnetId)?.zone : undefined;
        return zone ? `NAT (${zone})` : GATEWAY_LABELS[gateway.kind];
      }
    }
  }
}

function gatewayLabelOfId(id: string): string {
  return ID_PREFIX_LABELS.find(([prefix]) => id.startsWith(prefix))?.[1] ?? id;
}

/** customerManaged: the default route the nodes and pods subnets must have, from the intent. */
function requiredRoute(row: RowKey, context: DiagramContext): string | undefined {
  const ip = context.azure?.mode === "customerManaged" ? context.azure.firewallPrivateIp : undefined;
  return ip && (row === "nodes" || row === "pods") ? `0.0.0.0/0 → firewall ${ip} (required)` : undefined;
}

function subnetView(ix: Index, subnet: Subnet, cloud: Cloud, prefix: string, context: DiagramContext): SubnetView {
  const name = shortName(subnet.name ?? subnet.id, prefix);
  const tier = subnet.tier ?? Object.entries(context.tiers ?? {}).find(([, ids]) => ids?.includes(subnet.id))?.[0];
  const row = rowOf(tier);
  const lines: TextLine[] = subnet.cidrs.slice(0, 2).map((text) => ({ text: context.standIns?.get(text) ?? text, mono: true }));
  if (subnet.cidrs.length > 2) lines.push({ text: `+${subnet.cidrs.length - 2} more blocks`, muted: true });
  const usable = usableInBlocks(subnet.cidrs);
  if (subnet.cidrs.length === 0) lines.push({ text: "address range not known here", muted: true });
  else if (usable !== undefined) lines.push({ text: `${count(usable)} usable addresses`, muted: true });
  lines.push(...routeLines(ix, subnet, cloud, requiredRoute(row, context)));
  for (const d of subnet.delegations ?? []) lines.push({ text: `delegated: ${d.replace(/^Microsoft\./, "")}`, muted: true });
  const chips = [...(ix.gatewaysIn.get(subnet.id) ?? [])]
    .sort(byKey((g) => g.id))
    .map((g) => ({ id: g.id, kind: g.kind, label: GATEWAY_LABELS[g.kind], tooltip: gatewayTooltip(g) }));
  const tooltip = [`subnet ${subnet.name ?? subnet.id}`, ...(subnet.name ? [`(${subnet.id})`] : []), ...lines.map((l) => l.text)].join("\n");
  return { id: subnet.id, name, zone: subnet.zone ?? "", row, lines, chips, tooltip };
}

/** Where the subnet's default routes go: the line a person reads to see how it reaches out. */
/**
 * What the diagram draws differently per cloud. AWS: the region's service panels (queues,
 * endpoints) and a sync link to the load balancer's listener. Azure: the control plane's public IP
 * and the customer's firewall at the network's edge; the async link's queues are in the control
 * plane's AWS account, so they are drawn beside it.
 */
const SCENE: Record<Cloud, { servicePanels: boolean; edgePanels: boolean; queuesWithControlPlane: boolean; syncAt: "listener" | "nodes" }> = {
  aws: { servicePanels: true, edgePanels: false, queuesWithControlPlane: false, syncAt: "listener" },
  azure: { servicePanels: false, edgePanels: true, queuesWithControlPlane: true, syncAt: "nodes" },
};

function routeLines(ix: Index, subnet: Subnet, cloud: Cloud, required: string | undefined): TextLine[] {
  const table = ix.tableOf(subnet);
  const defaults = ["0.0.0.0/0", "::/0"].flatMap((destination) => {
    const route = table?.routes.find((r) => r.destination === destination);
    return route ? [{ text: `${destination} → ${ix.targetText(route.target)}` }] : [];
  });
  if (defaults.length) return defaults;
  if (required) return [{ text: required }];
  if (!table && subnet.unknown?.routes) return [{ text: "route table not in this input", muted: true }];
  return [{ text: CLOUD_TERMS[cloud].noRouteOut, muted: true }];
}

function gatewayTooltip(g: Gateway): string {
  return [
    `${GATEWAY_LABELS[g.kind]} ${g.name ?? g.id}`,
    ...(g.name ? [`(${g.id})`] : []),
    ...(g.publicIp ? [`public IP ${g.publicIp}`] : []),
    ...(g.privateIp ? [`private IP ${g.privateIp}`] : []),
  ].join("\n");
}

/** Zone columns: sorted zones, then one for subnets without a zone (all of them on Azure). */
function columnsOf(subnets: readonly SubnetView[], cloud: Cloud): Column[] {
  const found = new Set(subnets.map((s) => s.zone));
  const zones = [...found]
    .filter((z) => z !== "")
    .sort()
    .concat(found.has("") ? [""] : []);
  const allZoneless = zones.length === 1 && zones[0] === "";
  return zones.map((key) => ({ key, label: key || (allZoneless ? CLOUD_TERMS[cloud].zonelessColumn : "no zone") }));
}

const LB_KINDS: Record<LoadBalancer["kind"], string> = { network: "NLB", application: "ALB", gateway: "GWLB", azure: "Azure load balancer" };

function loadBalancerView(ix: Index, lb: LoadBalancer, prefix: string): LoadBalancerView {
  const subnets = lb.nodes.flatMap((n) => (n.subnetId && ix.subnets.has(n.subnetId) ? [ix.subnets.get(n.subnetId)!] : []));
  const listeners = [...lb.listeners]
    .sort((a, b) => a.port - b.port || (a.id < b.id ? -1 : 1))
    .map((l) => {
      const tg = ix.targetGroups.get(l.targetGroupId);
      const target = tg ? shortName(tg.name ?? tg.id, prefix) : l.targetGroupId;
      const port = tg?.port ? `:${tg.port}` : "";
      return {
        id: l.id,
        kind: "listener",
        data: { "data-port": String(l.port), "data-protocol": l.protocol },
        label: `${l.protocol.toUpperCase()} ${l.port} → ${target}${port}`,
        tooltip: `listener ${l.id}: ${l.protocol.toUpperCase()} ${l.port} → target group ${tg?.name ?? l.targetGroupId}${port} (${tg?.targetType ?? "?"} targets: ${tg?.targets.length ?? 0} registered)`,
      };
    });
  const name = shortName(lb.name ?? lb.id, prefix);
  const subtitle = `${LB_KINDS[lb.kind]} · ${lb.scheme}`;
  return {
    id: lb.id,
    name,
    subtitle,
    row: subnets[0] ? rowOf(subnets[0].tier) : "other",
    zones: [...new Set(subnets.map((s) => s.zone ?? ""))].sort(),
    listeners,
    tooltip: [
      `${subtitle}: ${lb.name ?? lb.id}`,
      ...(lb.name ? [`(${lb.id})`] : []),
      ...(lb.dnsName ? [lb.dnsName] : []),
      ...listeners.map((l) => l.label),
    ].join("\n"),
  };
}

/**
 * `acme-prod-workers-https` -> `workers-https` inside the network named `acme-prod` (its header names
 * it); also when AWS's 32-character limit made the name `acme-prod-long-na-1f2e-workers-https`
 * (plan/aws/names.ts lbName: a cut of the network's name, a 4-digit hash, the purpose).
 */
function shortName(name: string, prefix: string): string {
  if (!prefix) return name;
  if (name.startsWith(`${prefix}-`) && name.length > prefix.length + 1) return name.slice(prefix.length + 1);
  // The last `-xxxx-` after a cut of the prefix: the cut itself may hold four hex digits.
  const cuts = [...name.matchAll(/-[0-9a-f]{4}-/g)].filter((m) => m.index > 0 && prefix.startsWith(name.slice(0, m.index)));
  const cut = cuts.at(-1);
  return cut && name.length > cut.index + 6 ? name.slice(cut.index + 6) : name;
}

function edgeChips(ix: Index, network: Network, context: DiagramContext): Chip[] {
  const tables = ix.tablesOf.get(network.id) ?? [];
  const destinations = new Map<string, string[]>();
  for (const route of tables.flatMap((t) => t.routes)) {
    const key = route.target.kind === "gateway" ? route.target.id : route.target.kind === "appliance" ? `appliance:${route.target.ip}` : undefined;
    if (key && !destinations.get(key)?.includes(route.destination)) destinations.set(key, [...(destinations.get(key) ?? []), route.destination]);
  }
  const routed = (id: string) => destinations.get(id) ?? [];
  const known = (ix.gatewaysOf.get(network.id) ?? [])
    .filter((g) => !(g.subnetId && ix.subnets.has(g.subnetId)))
    .map((g) => ({
      id: g.id,
      kind: g.kind,
      label: GATEWAY_LABELS[g.kind],
      tooltip: [gatewayTooltip(g), ...routed(g.id).map((d) => `routes ${d}`)].join("\n"),
    }));
  const outside = [...destinations.keys()]
    .filter((id) => !ix.gateways.has(id))
    .map((id) => {
      const dests = routed(id).filter((d) => d !== "0.0.0.0/0" && d !== "::/0");
      if (id.startsWith("appliance:")) {
        const ip = id.slice("appliance:".length);
        return { id, kind: "firewall", label: `firewall ${ip}`, tooltip: `next hop (virtual appliance) ${ip}\nroutes ${routed(id).join(", ")}` };
      }
      const label = gatewayLabelOfId(id);
      return {
        id,
        kind: "gateway",
        label: dests.length ? `${label} → ${dests.join(", ")}` : label,
        tooltip: `${label} ${id} (not in this network's description)\nroutes ${routed(id).join(", ")}`,
      };
    });
  const { edgePanels } = SCENE[network.cloud];
  const ip = context.publicIp ?? context.azure?.publicIpAddress;
  const publicIp =
    edgePanels && ip
      ? [{ id: `public-ip:${ip}`, kind: "public-ip", label: `public IP ${ip}`, tooltip: `public IP ${ip}: where the control plane's sync traffic arrives` }]
      : [];
  // The firewall the customer routes to, when no route names it yet (their route tables are not read).
  const firewallIp = context.azure?.firewallPrivateIp;
  const firewall =
    edgePanels && firewallIp && !destinations.has(`appliance:${firewallIp}`)
      ? [
          {
            id: `appliance:${firewallIp}`,
            kind: "firewall",
            label: `firewall ${firewallIp}`,
            tooltip: `the customer's firewall ${firewallIp}: next hop of 0.0.0.0/0 from the nodes and pods subnets`,
          },
        ]
      : [];
  return [...known, ...outside, ...firewall, ...publicIp].sort(byKey((c) => `${c.kind}|${c.id}`));
}

function endpointChips(ix: Index, network: Network): Chip[] {
  return [...(ix.endpointsOf.get(network.id) ?? [])].sort(byKey((e) => e.id)).map((e) => {
    const what = e.groupIds?.length ? e.groupIds.join(", ") : (e.name ?? e.id);
    const dns = (e.privateDnsZoneIds ?? []).map((id) => ix.dnsZoneNames.get(id) ?? id);
    return {
      id: e.id,
      kind: e.kind,
      label: dns.length ? `${what} → ${dns.join(", ")}` : what,
      tooltip: [
        `${e.kind === "private-endpoint" ? "private endpoint" : "interface endpoint"} ${e.name ?? e.id}`,
        `service ${e.serviceId}`,
        ...dns.map((d) => `DNS zone ${d}`),
        ...(e.state ? [`state ${e.state}`] : []),
      ].join("\n"),
    };
  });
}

function networkView(ix: Index, network: Network, context: DiagramContext): NetworkView {
  const cloud = network.cloud;
  const views = (ix.subnetsOf.get(network.id) ?? []).map((s) => subnetView(ix, s, cloud, network.name ?? "", context));
  const columns = columnsOf(views, cloud);
  const column = new Map(columns.map((c, i) => [c.key, String(i).padStart(3, "0")]));
  const subnets = views.sort(byKey((s) => `${ROWS.indexOf(s.row)}|${column.get(s.zone)}|${s.id}`));
  const loadBalancers = (ix.loadBalancersOf.get(network.id) ?? [])
    .map((lb) => loadBalancerView(ix, lb, network.name ?? ""))
    .sort(byKey((lb) => `${ROWS.indexOf(lb.row)}|${lb.id}`));
  const kind = CLOUD_TERMS[cloud].network;
  const mode = context.azure?.mode === "customerManaged" && SCENE[cloud].edgePanels ? " (customer-managed)" : "";
  const title = `${kind} ${network.name ?? network.id}${mode}`;
  const cidrs = network.cidrs.map((c) => context.standIns?.get(c) ?? c);
  return {
    id: network.id,
    title,
    cidrs,
    columns,
    rows: ROWS.filter((r) => subnets.some((s) => s.row === r)),
    subnets,
    loadBalancers,
    edge: edgeChips(ix, network, context),
    endpoints: endpointChips(ix, network),
    tooltip: [title, ...(network.name ? [`(${network.id})`] : []), ...(cidrs.length ? cidrs : ["address space not known here"])].join("\n"),
  };
}

/** The name the region's networks share with their queues (`acme-prod` of `acme-prod-inbound`). */
function queuePrefix(ix: Index, networkIds: ReadonlySet<string>): string {
  return [...networkIds].map((id) => ix.networks.get(id)?.name).find((n) => n !== undefined) ?? "";
}

function servicePanels(ix: Index, networkIds: ReadonlySet<string>, key: string, withQueues: boolean): PanelView[] {
  const loadBalancers = new Set([...networkIds].flatMap((n) => (ix.loadBalancersOf.get(n) ?? []).map((lb) => lb.id)));
  const services = ix.topology.endpointServices
    .filter((es) => es.loadBalancerIds.some((id) => loadBalancers.has(id)))
    .sort(byKey((es) => es.id))
    .map((es): PanelView => {
      // A service name is only known once AWS made it (com.amazonaws.vpce.<region>.vpce-svc-…).
      const known = es.serviceName?.startsWith("com.amazonaws.") ? [{ text: es.serviceName, mono: true }] : [];
      const lines: TextLine[] = [
        { text: es.name ?? es.id },
        ...known,
        { text: es.acceptanceRequired ? "you accept each connection" : "connections accepted automatically", muted: true },
        { text: es.allowedPrincipals.length ? "allowed principals:" : "allows no principal", muted: true },
        ...es.allowedPrincipals.map((p) => ({ text: p, mono: true })),
      ];
      return {
        id: es.id,
        kind: "endpoint-service",
        title: "Endpoint service (PrivateLink)",
        lines,
        tooltip: [`endpoint service ${es.id}`, ...lines.map((l) => l.text)].join("\n"),
        fronts: es.loadBalancerIds[0]!,
      };
    });
  // Queues belong to no network (nor, in the model, to a region): the first AWS region shows them.
  const queues = withQueues ? [...ix.topology.queues].sort(byKey((q) => q.name ?? q.id)) : [];
  const queuePanel: PanelView[] = queues.length
    ? [
        {
          id: `queues:${key}`,
          kind: "queues",
          title: "SQS queues",
          // Named like the subnets, without the data plane's name: long names cut alike would read the same.
          lines: queues.map((q) => ({ text: shortName(q.name ?? q.id, queuePrefix(ix, networkIds)), mono: true })),
          tooltip: ["SQS queues", ...queues.map((q) => `${q.name ?? q.id}${q.encrypted ? " (encrypted)" : ""}`)].join("\n"),
        },
      ]
    : [];
  return [...services, ...queuePanel];
}

function dnsPanel(ix: Index, networks: readonly Network[], key: string): PanelView[] {
  const ids = new Set(networks.map((n) => n.id));
  const zones = ix.topology.privateDnsZones
    .filter((z) => z.networkLinks.some((l) => ids.has(l.networkId)) || z.networkLinks.length === 0)
    .sort(byKey((z) => z.zoneName));
  if (!zones.length) return [];
  const lines = zones.map((z) => {
    const linked = z.networkLinks.filter((l) => ids.has(l.networkId)).map((l) => ix.networks.get(l.networkId)?.name ?? l.networkId);
    // With one network, "linked" says which; with several, name them.
    const to = ids.size > 1 ? ` to ${linked.join(", ")}` : "";
    return { text: `${z.zoneName} · ${linked.length ? `linked${to}` : "not linked"}`, muted: false };
  });
  return [{ id: `dns:${key}`, kind: "dns-zones", title: "Private DNS zones", lines, tooltip: ["Private DNS zones", ...lines.map((l) => l.text)].join("\n") }];
}

function cloudViews(ix: Index, context: DiagramContext): CloudView[] {
  const clouds = [...new Set(ix.topology.networks.map((n) => n.cloud))].sort();
  return clouds.map((cloud) => {
    const networks = ix.topology.networks.filter((n) => n.cloud === cloud);
    const regionOf = (n: Network) => n.region ?? context.region ?? "";
    const regions = [...new Set(networks.map(regionOf))].sort();
    return {
      cloud,
      regions: regions.map((region, i) => {
        const members = networks.filter((n) => regionOf(n) === region).sort(byKey((n) => n.id));
        const key = `${cloud}:${region}`;
        const ids = new Set(members.map((n) => n.id));
        return {
          key,
          region: region || "(not known)",
          networks: members.map((n) => networkView(ix, n, context)),
          services: SCENE[cloud].servicePanels ? servicePanels(ix, ids, key, i === 0) : [],
          below: dnsPanel(ix, members, key),
        };
      }),
    };
  });
}

function controlPlaneView(context: DiagramContext, clouds: readonly CloudView[]): ControlPlaneView | undefined {
  const cp = context.controlPlane;
  if (!cp) return undefined;
  const lines: TextLine[] = [
    { text: "remote, outside your network", muted: true },
    ...(cp.cidrs ?? []).map((c) => ({ text: `from ${c}`, mono: true })),
    ...(cp.awsAccountId ? [{ text: `AWS account ${cp.awsAccountId}`, mono: true }] : []),
  ];
  const names = context.controlPlaneQueues ?? [];
  const queues: PanelView | undefined = clouds.some((c) => SCENE[c.cloud].queuesWithControlPlane)
    ? {
        id: CONTROL_PLANE_QUEUES_ID,
        kind: "queues",
        title: "SQS queues",
        lines: [{ text: "in its AWS account", muted: true }, ...names.map((text) => ({ text, mono: true }))],
        tooltip: ["SQS queues of the async link, in the control plane's AWS account", ...names].join("\n"),
      }
    : undefined;
  return { lines, ...(queues ? { queues } : {}) };
}

function allNetworks(clouds: readonly CloudView[]): NetworkView[] {
  return clouds.flatMap((c) => c.regions.flatMap((r) => r.networks));
}

function linkViews(ix: Index, context: DiagramContext, clouds: readonly CloudView[]): LinkView[] {
  const cp = context.controlPlane;
  if (!cp) return [];
  const port = cp.port ?? 443;
  const mode = cp.connectivity ?? "internet";
  const links: LinkView[] = [];
  const regions = clouds.flatMap((c) => c.regions);
  const nodes = allNetworks(clouds)
    .flatMap((n) => n.subnets)
    .find((s) => s.row === "nodes");
  const aws = clouds.some((c) => SCENE[c.cloud].syncAt === "listener");
  const sync = aws ? awsSyncTarget(ix, regions, context, port) : nodes?.id;
  const via = aws ? (mode === "privatelink" ? "PrivateLink" : "internet") : `internet · public IP`;
  if (sync)
    links.push({
      kind: "sync",
      target: sync,
      toControlPlane: false,
      label: [`sync · TCP ${port}`, via],
      tooltip: `sync link: the control plane connects to TCP ${port} (${via})`,
    });
  const queues = regions.flatMap((r) => r.services).find((p) => p.kind === "queues");
  if (aws && queues) {
    links.push({
      kind: "async",
      target: queues.id,
      toControlPlane: false,
      label: ["async · HTTPS 443", "SQS"],
      tooltip: "async link: the control plane sends to the SQS queue the data plane's agent consumes",
    });
  }
  if (!aws && nodes) {
    links.push({
      kind: "async",
      target: nodes.id,
      toControlPlane: true,
      label: ["async · HTTPS 443", "SQS"],
      tooltip: "async link: the data plane's agent uses the SQS queues in the control plane's AWS account",
    });
  }
  return links;
}

/** The sync link ends at the endpoint service (PrivateLink) or the load balancer listening on its port. */
function awsSyncTarget(ix: Index, regions: readonly RegionView[], context: DiagramContext, port: number): string | undefined {
  const known = context.sync;
  if (known) return known.endpointServiceId ?? known.loadBalancerId;
  const mode = context.controlPlane?.connectivity ?? "internet";
  if (mode === "privatelink") {
    const service = regions.flatMap((r) => r.services).find((p) => p.kind === "endpoint-service");
    if (service) return service.id;
  }
  const listening = ix.topology.loadBalancers
    .filter((lb) => lb.listeners.some((l) => l.port === port))
    .sort(byKey((lb) => `${lb.scheme === "internet-facing" ? 0 : 1}|${lb.id}`));
  return (mode === "internet" ? listening.find((lb) => lb.scheme === "internet-facing") : listening[0])?.id;
}

/** The listener the control plane's sync traffic arrives at says so. */
function markSyncListener(clouds: readonly CloudView[], links: readonly LinkView[], context: DiagramContext): void {
  const sync = links.find((l) => l.kind === "sync");
  if (!sync) return;
  const regions = clouds.flatMap((c) => c.regions);
  const lbId = regions.flatMap((r) => r.services).find((p) => p.id === sync.target)?.fronts ?? sync.target;
  const lb = allNetworks(clouds)
    .flatMap((n) => n.loadBalancers)
    .find((l) => l.id === lbId);
  const port = String(context.controlPlane?.port ?? 443);
  const listener = lb?.listeners.find((l) => (context.sync?.listenerId ? l.id === context.sync.listenerId : l.data?.["data-port"] === port));
  if (!listener) return;
  listener.label = `${listener.label} · sync`;
  listener.data = { ...listener.data, "data-sync": "true" };
}

function describe(clouds: readonly CloudView[], links: readonly LinkView[], errors: number): string {
  const parts = clouds.flatMap((c) =>
    c.regions.flatMap((r) =>
      r.networks.map((n) => {
        const zones = n.columns.filter((col) => col.key).length;
        return `${CLOUD_NAMES[c.cloud]} ${r.region}: ${n.title}${n.cidrs.length ? ` (${n.cidrs.join(", ")})` : ""} with ${n.subnets.length} subnets${zones ? ` in ${zones} zones` : ""}, ${n.loadBalancers.length} load balancers, ${n.edge.length} gateways or next hops at its edge, ${n.endpoints.length} private endpoints.`;
      }),
    ),
  );
  const linkText = links.map((l) => `${l.kind} link ${l.label.join(", ")}`);
  return [...parts, ...(linkText.length ? [`Control plane links: ${linkText.join("; ")}.`] : []), `${errors} error finding${errors === 1 ? "" : "s"}.`].join(
    " ",
  );
}

export function buildScene(topology: Topology, options: { findings?: readonly Finding[]; context?: DiagramContext; title?: string }): Scene {
  const ix = new Index(topology);
  const context = options.context ?? {};
  const clouds = cloudViews(ix, context);
  const controlPlane = controlPlaneView(context, clouds);
  const links = linkViews(ix, context, clouds);
  markSyncListener(clouds, links, context);
  const errors = (options.findings ?? []).filter((f) => f.severity === "error");
  const { badges, unplaced } = addFindingAnchors(topology, clouds, controlPlane, errors);
  const first = topology.networks[0];
  const title =
    options.title ??
    (first ? `${first.name ?? first.id} · ${CLOUD_NAMES[first.cloud]} ${first.region ?? context.region ?? ""}`.trim() : "dpnet network diagram");
  return { title, description: describe(clouds, links, errors.length), clouds, ...(controlPlane ? { controlPlane } : {}), links, badges, unplaced };
}
