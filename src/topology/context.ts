// The data plane's intent, which the checks judge the topology against: which subnets serve which
// tier, the control plane and how it connects, the sync link, who may reach kube-apiserver, the
// Azure mode. A spec says it; without one (someone's Terraform, a live network) it is inferred
// from the topology, and every inference is noted so a finding can say what it assumed.
import type { AwsRootSpec, AzureRootSpec, Spec } from "../spec/index.js";
import { coversPrefix, parsePrefix } from "../ipam/prefix.js";
import { CLOUD_TERMS } from "./clouds.js";
import type { Cloud, LoadBalancer, Listener, Network, Subnet, Topology } from "./model.js";

export type Tier = "public" | "node" | "pod" | "db";

export interface DataPlaneContext {
  cloud?: Cloud;
  /** The data plane's VPC or VNet. */
  networkId?: string;
  /** AWS: the secondary block the pod subnets are carved from. */
  podCidr?: string;
  /** AWS: the spec's NAT choice; `single` makes nodes' cross-zone egress a trade-off taken, not a fault. */
  nat?: "perZone" | "single";
  /** The spec's flow logs choice (aws.flowLogs, azure.flowLogs); off (the default) makes a network without them a choice taken, not an oversight. */
  flowLogs?: boolean;
  /**
   * AWS VPC CNI: whether it translates pods' traffic to addresses outside the VPC to the node's
   * primary address (AWS_VPC_K8S_CNI_EXTERNALSNAT=false, the default), or leaves it to the pod
   * subnet's routes (true). `assumed`: not known from a spec, the default taken.
   */
  podSnat?: { external: boolean; assumed?: boolean };
  /** Subnet ids serving each tier. */
  tiers?: Partial<Record<Tier, string[]>>;
  controlPlane?: {
    connectivity: "internet" | "privatelink";
    /** Where its synchronous traffic comes from (internet mode). */
    cidrs: string[];
    awsAccountId?: string;
    /** AWS: its region, when a spec says it (cross-region PrivateLink). */
    awsRegion?: string;
    /** The sync port. */
    port?: number;
  };
  /** AWS: where the sync link lands: the load balancer and listener, behind an endpoint service with PrivateLink. */
  sync?: { loadBalancerId: string; listenerId?: string; endpointServiceId?: string };
  /**
   * AWS with EKS: the security group on the control plane's ENIs (vpc_config.security_group_ids)
   * and the workers' group, which pod ENIs carry too (ENIConfig).
   */
  eks?: { controlPlaneGroupId: string; workerGroupId: string };
  /** kube-apiserver: who may reach it, and its load balancer and listener. */
  apiserver?: { allowedCidrs: string[]; loadBalancerId?: string; listenerId?: string };
  azure?: {
    mode: "managed" | "customerManaged";
    /** customerManaged: the next hop of the nodes' and pods' default route. */
    firewallPrivateIp?: string;
    /** The public IP the control plane connects to. */
    publicIpAddress?: string;
    /** Hub and spoke: the Azure Firewall DNAT rule that carries the sync link to the nodes. */
    syncDnat?: SyncDnat;
  };
  /** What was inferred from the topology rather than given by a spec, one sentence each. */
  inferred?: string[];
}

/** An Azure Firewall DNAT rule from the control plane to the nodes: `publicIp:port` -> `translatedAddress:translatedPort`. */
export interface SyncDnat {
  firewallId: string;
  rule: string;
  publicIp: string;
  port: number;
  translatedAddress: string;
  translatedPort: number;
}

const APISERVER_PORT = 6443;
const WORLD = new Set(["0.0.0.0/0", "::/0"]);
const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/** The context a spec gives, with element ids found in the topology built from it. */
export function contextFromSpec(spec: Spec, topology: Topology): DataPlaneContext {
  const tiers = tiersOf(topology);
  const network = networkOf(topology, tiers);
  const base: DataPlaneContext = { cloud: spec.cloud, ...(network ? { networkId: network.id } : {}), tiers, inferred: [] };
  switch (spec.cloud) {
    case "azure":
      return azureContext(spec, topology, base);
    case "aws":
      return awsContext(spec, topology, base);
  }
}

function azureContext(spec: AzureRootSpec, topology: Topology, base: DataPlaneContext): DataPlaneContext {
  const tiers = base.tiers ?? {};
  const cp = spec.controlPlane;
  const existing = spec.azure.existing;
  const publicIp = controlPlaneRule(topology, tiers)?.address;
  return {
    ...base,
    flowLogs: spec.azure.flowLogs,
    controlPlane: { connectivity: "internet", cidrs: cp.cidrs ?? [], ...(cp.awsAccountId ? { awsAccountId: cp.awsAccountId } : {}), port: cp.port },
    azure: {
      mode: spec.azure.mode,
      ...(existing ? { firewallPrivateIp: existing.firewallPrivateIp } : {}),
      ...(publicIp ? { publicIpAddress: publicIp } : {}),
    },
  };
}

function awsContext(spec: AwsRootSpec, topology: Topology, base: DataPlaneContext): DataPlaneContext {
  // dpnet's module configures custom networking and leaves the CNI's SNAT at its default.
  const ctx: DataPlaneContext = { ...base, podCidr: spec.aws.vpc.podCidr, nat: spec.aws.nat, flowLogs: spec.aws.flowLogs, podSnat: { external: false } };
  const cp = spec.controlPlane;
  if (cp) {
    ctx.controlPlane = {
      connectivity: cp.connectivity,
      cidrs: cp.cidrs ?? [],
      ...(cp.awsAccountId ? { awsAccountId: cp.awsAccountId } : {}),
      ...(cp.awsRegion ? { awsRegion: cp.awsRegion } : {}),
      port: cp.port,
    };
    // dpnet puts the sync listener on its ingress NLB.
    const on = listenersOn(topology, cp.port).sort((a, b) => Number(b.lb.id.endsWith(".ingress")) - Number(a.lb.id.endsWith(".ingress")))[0];
    if (on) ctx.sync = syncOf(topology, on);
  }
  if (spec.aws.kubernetes === "eks") {
    // dpnet's module names them so; absent (a module edited by hand), the check says it cannot judge.
    ctx.eks = { controlPlaneGroupId: "aws_security_group.eks-control-plane", workerGroupId: "aws_security_group.worker" };
  }
  if (spec.aws.apiserver) {
    const on = listenersOn(topology, APISERVER_PORT)[0];
    ctx.apiserver = { allowedCidrs: spec.aws.apiserver.allowedCidrs, ...(on ? { loadBalancerId: on.lb.id, listenerId: on.listener.id } : {}) };
  }
  return ctx;
}

/** The context a topology suggests, each inference noted. */
export function inferContext(topology: Topology): DataPlaneContext {
  const inferred: string[] = [];
  const clouds = [...new Set(topology.networks.map((n) => n.cloud))];
  const tiers = tiersOf(topology, inferred);
  const network = networkOf(topology, tiers);
  const cloud = network?.cloud ?? (clouds.length === 1 ? clouds[0] : undefined);
  const ctx: DataPlaneContext = { ...(cloud ? { cloud } : {}), ...(network ? { networkId: network.id } : {}), tiers, inferred };
  if (Object.keys(tiers).length === 0) inferred.push("no subnet says or suggests which tier it serves");
  if (network && clouds.length > 1) inferred.push(`the data plane's network is taken to be ${network.id}, of the tiered subnets`);
  if (cloud) INFER[cloud](topology, ctx, network, inferred);
  return ctx;
}

/** What each cloud's intent adds, inferred from the topology. */
const INFER: Record<Cloud, (topology: Topology, ctx: DataPlaneContext, network: Network | undefined, inferred: string[]) => void> = {
  aws: inferAws,
  azure: (topology, ctx, _network, inferred) => inferAzure(topology, ctx, inferred),
};

function inferAws(topology: Topology, ctx: DataPlaneContext, network: Network | undefined, inferred: string[]): void {
  const pods = (ctx.tiers?.pod ?? []).flatMap((id) => topology.subnets.find((s) => s.id === id)?.cidrs ?? []);
  const podBlock = network?.cidrs.slice(1).find((b) => pods.length > 0 && pods.every((p) => covers(b, p)));
  if (podBlock) {
    ctx.podCidr = podBlock;
    inferred.push(`the pod CIDR is ${podBlock}, the secondary block the pod subnets are in`);
  }
  if (pods.length > 0) {
    ctx.podSnat = { external: false, assumed: true };
    inferred.push("the VPC CNI translates pods' traffic leaving the VPC to their node's address (AWS_VPC_K8S_CNI_EXTERNALSNAT=false, its default)");
  }
  const accounts = trustedAccounts(topology);
  const service = topology.endpointServices.find((s) => s.loadBalancerIds.some((id) => topology.loadBalancers.some((lb) => lb.id === id)));
  if (service) {
    const lb = topology.loadBalancers.find((l) => service.loadBalancerIds.includes(l.id))!;
    const listener = lb.listeners.length === 1 ? lb.listeners[0] : lb.listeners.find((l) => l.port === 443);
    const principals = [...new Set(service.allowedPrincipals.flatMap((p) => ACCOUNT_ROOT.exec(p)?.[1] ?? []))];
    const account = principals.length === 1 ? principals[0] : accounts.length === 1 ? accounts[0] : undefined;
    ctx.controlPlane = { connectivity: "privatelink", cidrs: [], ...(account ? { awsAccountId: account } : {}), ...(listener ? { port: listener.port } : {}) };
    ctx.sync = syncOf(topology, { lb, ...(listener ? { listener } : {}) });
    inferred.push(
      `the control plane connects through PrivateLink: ${service.id} in front of ${lb.id}${listener ? `, port ${listener.port}` : ""}${account ? `, account ${account}` : ""}`,
    );
  } else {
    // An internet-facing load balancer admitting a few addresses on 443 is taken for the sync link.
    const candidate = listenersOn(topology, 443).find(
      (on) => on.lb.scheme === "internet-facing" && admittedCidrs(topology, on.lb, 443).some((c) => !WORLD.has(c)),
    );
    if (candidate) {
      const cidrs = admittedCidrs(topology, candidate.lb, 443);
      ctx.controlPlane = { connectivity: "internet", cidrs, ...(accounts.length === 1 ? { awsAccountId: accounts[0]! } : {}), port: 443 };
      ctx.sync = syncOf(topology, candidate);
      inferred.push(
        `the sync link is taken to be ${candidate.listener.id} (TCP 443, internet-facing), the control plane the sources it admits: ${cidrs.join(", ")}`,
      );
    } else {
      inferred.push("no control plane: no endpoint service, and no internet-facing listener on 443 admitting specific addresses");
    }
  }
  // One NAT gateway in the VPC is a choice (`nat: single`), not a node subnet routed to the wrong zone.
  const nats = topology.gateways.filter((g) => g.kind === "nat-gateway" && (network === undefined || g.networkIds.includes(network.id)));
  if (nats.length === 1) {
    ctx.nat = "single";
    inferred.push(`one NAT gateway (${nats[0]!.id}) serves every zone: nat: single, its trade-off a note`);
  }
  const api = listenersOn(topology, APISERVER_PORT)[0];
  if (api) {
    const allowed = admittedCidrs(topology, api.lb, APISERVER_PORT);
    ctx.apiserver = { allowedCidrs: allowed, loadBalancerId: api.lb.id, listenerId: api.listener.id };
    inferred.push(
      `kube-apiserver is behind ${api.listener.id}, allowed from what its security groups admit on 6443: ${allowed.join(", ") || "no address range"}`,
    );
  }
}

function inferAzure(topology: Topology, ctx: DataPlaneContext, inferred: string[]): void {
  const cluster = [...(ctx.tiers?.node ?? []), ...(ctx.tiers?.pod ?? [])].flatMap((id) => topology.subnets.find((s) => s.id === id) ?? []);
  const firewall = cluster.map((s) => defaultApplianceOf(topology, s)).find((ip) => ip !== undefined);
  const read = ctx.networkId?.startsWith("data.") === true;
  const mode = firewall || read ? "customerManaged" : "managed";
  // Hub and spoke: the control plane is what the firewall's DNAT rule to the nodes admits, never the
  // NSG rule that admits the firewall's own subnet (the translated packet's source).
  const dnat = syncDnatOf(topology, ctx.tiers ?? {});
  const rule = dnat ? undefined : controlPlaneRule(topology, ctx.tiers ?? {});
  const publicIp = dnat?.sync.publicIp ?? rule?.address;
  ctx.azure = {
    mode,
    ...(firewall ? { firewallPrivateIp: firewall } : {}),
    ...(publicIp ? { publicIpAddress: publicIp } : {}),
    ...(dnat ? { syncDnat: dnat.sync } : {}),
  };
  inferred.push(
    firewall
      ? `customerManaged: the nodes and pods send 0.0.0.0/0 to the appliance ${firewall}`
      : read
        ? "customerManaged: the VNet is read, not created"
        : "managed: no default route to an appliance",
  );
  if (dnat) {
    const d = dnat.sync;
    ctx.controlPlane = { connectivity: "internet", cidrs: dnat.cidrs, port: d.port };
    inferred.push(
      `the control plane is what ${d.firewallId}'s DNAT rule ${d.rule} admits to ${d.publicIp}:${d.port} (translated to ${d.translatedAddress}:${d.translatedPort} in the nodes subnet): ${dnat.cidrs.join(", ")}`,
    );
  } else if (rule) {
    ctx.controlPlane = { connectivity: "internet", cidrs: rule.cidrs, port: rule.port };
    inferred.push(`the control plane is what the nodes' NSG admits on TCP ${rule.port}${rule.address ? ` to ${rule.address}` : ""}: ${rule.cidrs.join(", ")}`);
  } else inferred.push("no control plane: no NSG rule on the nodes admits specific addresses on one port");
}

/**
 * Subnet ids by tier: the tier the importer set, else one inferred (and noted) from the
 * Kubernetes load balancer tags, the subnet's name, its default route (internet gateway: public,
 * NAT gateway: node) or, with no way out, a secondary block of its VPC (pod).
 */
function tiersOf(topology: Topology, inferred?: string[]): Partial<Record<Tier, string[]>> {
  const tiers: Partial<Record<Tier, string[]>> = {};
  const guessed: string[] = [];
  for (const s of topology.subnets) {
    const given = isTier(s.tier) ? s.tier : undefined;
    const tier = given ?? (inferred ? guessTier(topology, s) : undefined);
    if (!tier) continue;
    (tiers[tier] ??= []).push(s.id);
    if (!given) guessed.push(`${s.id}: ${tier}`);
  }
  if (guessed.length) inferred?.push(`subnet tiers from tags, names and routes: ${guessed.join(", ")}`);
  return tiers;
}

const isTier = (t: string | undefined): t is Tier => t === "public" || t === "node" || t === "pod" || t === "db";

const NAMED: [RegExp, Tier][] = [
  [/(^|[-_.])public($|[-_.])/i, "public"],
  [/(^|[-_.])nodes?($|[-_.])/i, "node"],
  [/(^|[-_.])pods?($|[-_.])/i, "pod"],
  [/(^|[-_.])(db|database|postgres)($|[-_.])/i, "db"],
];

function guessTier(topology: Topology, s: Subnet): Tier | undefined {
  const tags = s.tags ?? {};
  if ("kubernetes.io/role/elb" in tags) return "public";
  if ("kubernetes.io/role/internal-elb" in tags) return "node";
  if (s.delegations?.includes("Microsoft.DBforPostgreSQL/flexibleServers")) return "db";
  const name = s.name ?? tags.Name ?? s.id.split("/").at(-1) ?? "";
  const named = NAMED.find(([re]) => re.test(name))?.[1];
  if (named) return named;
  const network = topology.networks.find((n) => n.id === s.networkId);
  // An unnamed subnet's tier from where its default route goes: AWS subnets route through gateways; Azure's are named.
  if (!network || !CLOUD_TERMS[network.cloud].mainRouteTable) return undefined;
  const tableId = s.routeTableId ?? network.mainRouteTableId;
  const out = topology.routeTables.find((t) => t.id === tableId)?.routes.find((r) => r.destination === "0.0.0.0/0");
  const gateway = out?.target.kind === "gateway" ? topology.gateways.find((g) => g.id === (out.target as { id: string }).id) : undefined;
  if (gateway?.kind === "internet-gateway") return "public";
  if (gateway?.kind === "nat-gateway") return "node";
  const secondary = network.cidrs.slice(1).filter((b) => !b.includes(":"));
  return !out && s.cidrs.length > 0 && s.cidrs.every((c) => secondary.some((b) => covers(b, c))) ? "pod" : undefined;
}

/** The network of the tiered subnets, else the only network. */
function networkOf(topology: Topology, tiers: Partial<Record<Tier, string[]>>): Network | undefined {
  const first = Object.values(tiers).flat()[0];
  const subnet = first === undefined ? undefined : topology.subnets.find((s) => s.id === first);
  const id = subnet?.networkId ?? (topology.networks.length === 1 ? topology.networks[0]!.id : undefined);
  return topology.networks.find((n) => n.id === id);
}

function covers(outer: string, inner: string): boolean {
  const o = parsePrefix(outer);
  const i = parsePrefix(inner);
  return o !== undefined && i !== undefined && coversPrefix(o, i);
}

function listenersOn(topology: Topology, port: number): { lb: LoadBalancer; listener: Listener }[] {
  return topology.loadBalancers.flatMap((lb) => lb.listeners.filter((l) => l.port === port).map((listener) => ({ lb, listener })));
}

function syncOf(topology: Topology, on: { lb: LoadBalancer; listener?: Listener }): NonNullable<DataPlaneContext["sync"]> {
  const service = topology.endpointServices.find((s) => s.loadBalancerIds.includes(on.lb.id));
  return { loadBalancerId: on.lb.id, ...(on.listener ? { listenerId: on.listener.id } : {}), ...(service ? { endpointServiceId: service.id } : {}) };
}

/** CIDRs the load balancer's security groups admit on a TCP port. */
function admittedCidrs(topology: Topology, lb: LoadBalancer, port: number): string[] {
  const groups = topology.securityGroups.filter((g) => lb.securityGroupIds?.includes(g.id));
  const cidrs = groups.flatMap((g) =>
    g.rules.flatMap((r) => {
      const proto = r.protocol === "tcp" || r.protocol === "all";
      const ports = r.ports === undefined || (r.ports.from <= port && port <= r.ports.to);
      return r.direction === "ingress" && proto && ports && r.peer.kind === "cidr" ? [r.peer.cidr] : [];
    }),
  );
  return [...new Set(cidrs)];
}

/** Accounts other than the data plane's that queue policies or role trust name as account roots. */
function trustedAccounts(topology: Topology): string[] {
  const docs = [
    ...topology.queues.flatMap((q) => (q.policies ?? []).map((p) => p.document)),
    ...(topology.roles ?? []).flatMap((r) => (r.trustPolicy ? [r.trustPolicy] : [])),
  ];
  const accounts = docs.flatMap((d) =>
    d.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => {
      const p = s.Principal;
      const aws = p === undefined || p === "*" ? [] : p.AWS === undefined ? [] : Array.isArray(p.AWS) ? p.AWS : [p.AWS];
      return aws.flatMap((arn) => ACCOUNT_ROOT.exec(arn)?.[1] ?? []);
    }),
  );
  return [...new Set(accounts)];
}

/** Azure: the appliance a subnet's default route goes to, if any. */
function defaultApplianceOf(topology: Topology, subnet: Subnet): string | undefined {
  const table = topology.routeTables.find((t) => t.id === subnet.routeTableId);
  const route = table?.routes.find((r) => r.destination === "0.0.0.0/0" && r.target.kind === "appliance");
  return route?.target.kind === "appliance" ? route.target.ip : undefined;
}

/** Azure: the first firewall DNAT rule (TCP, one public address and port) translating to an address in a nodes subnet, and its sources. */
function syncDnatOf(topology: Topology, tiers: Partial<Record<Tier, string[]>>): { sync: SyncDnat; cidrs: string[] } | undefined {
  const nodes = (tiers.node ?? []).flatMap((id) => topology.subnets.find((s) => s.id === id)?.cidrs ?? []);
  for (const fw of topology.firewalls ?? []) {
    for (const r of fw.rules) {
      const port = r.ports?.length === 1 && r.ports[0]!.from === r.ports[0]!.to ? r.ports[0]!.from : undefined;
      const target = r.translatedAddress;
      if (r.kind !== "dnat" || !r.protocols.includes("tcp") || port === undefined || r.destinations.length !== 1 || target === undefined) continue;
      if (!nodes.some((c) => covers(c, target.includes("/") ? target : `${target}/32`))) continue;
      const cidrs = r.sources.filter((c) => c !== "*");
      const sync = { firewallId: fw.id, rule: r.name, publicIp: r.destinations[0]!, port, translatedAddress: target, translatedPort: r.translatedPort ?? port };
      return { sync, cidrs };
    }
  }
  return undefined;
}

/** Azure: the nodes' NSG rule admitting specific sources on one TCP port, to one address (the public IP) if it says. */
function controlPlaneRule(topology: Topology, tiers: Partial<Record<Tier, string[]>>): { cidrs: string[]; port: number; address?: string } | undefined {
  const nsgIds = (tiers.node ?? []).flatMap((id) => topology.subnets.find((s) => s.id === id)?.networkSecurityGroupId ?? []);
  // A rule admitting an Azure Firewall's subnet admits what the firewall translated, not the control plane.
  const firewallBlocks = (topology.firewalls ?? []).flatMap((fw) => {
    const subnet = topology.subnets.find((s) => s.id === topology.interfaces.find((i) => i.id === fw.interfaceId)?.subnetId);
    return subnet?.cidrs ?? [];
  });
  for (const nsg of topology.networkSecurityGroups.filter((n) => nsgIds.includes(n.id))) {
    for (const r of [...nsg.rules].sort((a, b) => a.priority - b.priority)) {
      const port = r.destinationPorts?.length === 1 && r.destinationPorts[0]!.from === r.destinationPorts[0]!.to ? r.destinationPorts[0]!.from : undefined;
      const cidrs = r.sources.flatMap((p) => (p.kind === "cidr" ? [p.cidr] : []));
      if (
        r.direction !== "inbound" ||
        r.access !== "allow" ||
        r.protocol !== "tcp" ||
        port === undefined ||
        cidrs.length === 0 ||
        cidrs.length !== r.sources.length ||
        cidrs.every((c) => firewallBlocks.some((b) => covers(b, c)))
      )
        continue;
      const host =
        r.destinations.length === 1 && r.destinations[0]!.kind === "cidr" && /\/(32|128)$/.test(r.destinations[0]!.cidr)
          ? r.destinations[0]!.cidr.replace(/\/\d+$/, "")
          : undefined;
      return { cidrs, port, ...(host ? { address: host } : {}) };
    }
  }
  return undefined;
}
