// Turns a reach query's words (an id, an address, `internet`) into where the flow starts and the
// flow itself. Names like `control-plane` or `ingress:443` belong to the caller, which maps them
// to these before asking.
import { type Address, type Family, addressAt, parseAddress } from "../ipam/prefix.js";
import { isInternetRoutable } from "../ipam/ranges.js";
import type { TopologyIndex } from "../topology/lookup.js";
import type { LoadBalancer, NetworkInterface, Protocol, Subnet } from "../topology/model.js";
import { EPHEMERAL, type Flow, ICMP, ICMPV6, hasPorts, protocolNumber } from "./flow.js";
import { chooseTargets } from "./load-balancers.js";
import type { Place } from "./walk.js";

export interface ReachQuery {
  /** `internet`, an IP address, an instance, interface or subnet id. */
  from: string;
  /** `internet`, an IP address, an instance, interface, subnet, NAT gateway, load balancer, listener or endpoint id. */
  to: string;
  /** Default: a listener's protocol, else `tcp`. */
  protocol?: Exclude<Protocol, "all">;
  /** Destination port (TCP/UDP; default a listener's port) or ICMP type (default 8, echo request). */
  port?: number;
  /** The client's port; default any ephemeral port (1024-65535). */
  sourcePort?: number;
  /** The source address, for `internet` or a subnet (default: an arbitrary internet host, the subnet's first usable address). */
  sourceIp?: string;
  /** For ends that have both families; default 4, or the family of an address given. */
  ipVersion?: Family;
  /** From a pod subnet: how the VPC CNI sends pods' traffic out of the VPC (see PodEgress). */
  podEgress?: PodEgress;
}

export class QueryError extends Error {}

/** An arbitrary internet host: from the documentation ranges (RFC 5737, RFC 3849), so no real rule names it. */
const INTERNET_HOST: Record<Family, Address> = { 4: parseAddress("203.0.113.1")!, 6: parseAddress("2001:db8::1")! };
/** AWS and Azure both reserve the first four addresses of a subnet. */
const FIRST_USABLE = 4;
const ECHO_REQUEST = 8;

/**
 * AWS VPC CNI: a pod's traffic to an IPv4 address outside the VPC is translated to its node's primary
 * address, and leaves by the node's subnet, unless external SNAT is on (eks external-snat).
 */
export interface PodEgress {
  external: boolean;
  /** The node subnet a pod of this subnet's zone runs on. */
  nodeSubnetId: string;
  /** Not known, the CNI's default taken. */
  assumed?: boolean;
}

export interface ResolvedQuery {
  from: Exclude<Place, { at: "outside" }>;
  flow: Flow;
}

export function resolveQuery(ix: TopologyIndex, asked: ReachQuery): ResolvedQuery {
  // A state's elements are Terraform addresses; the cloud's ids (subnet-0abc, i-0abc, eni-0abc) name them too.
  const q = { ...asked, from: elementId(ix, asked.from), to: elementId(ix, asked.to) };
  const listener = ix.listener(q.to);
  const protocol = protocolNumber(q.protocol ?? (listener?.listener.protocol === "udp" ? "udp" : "tcp"));
  const port = q.port ?? listener?.listener.port;
  if (hasPorts(protocol) && port === undefined) throw new QueryError(`give a destination port for ${q.protocol ?? "tcp"} to ${q.to}`);
  const family =
    q.ipVersion ?? [q.to, q.from, q.sourceIp].map((t) => (t === undefined ? undefined : parseAddress(t)?.family)).find((f) => f !== undefined) ?? 4;
  const { from, src } = resolveSource(ix, q, family);
  const dst = resolveDestination(ix, q.to, from, family, port);
  if (src.family !== dst.family) throw new QueryError(`${q.from} and ${q.to} are of different IP versions`);
  const icmp = protocol === ICMP || protocol === ICMPV6;
  const ports = hasPorts(protocol) ? { from: port!, to: port! } : { from: 0, to: 0 };
  const srcPorts = !hasPorts(protocol) ? ports : q.sourcePort === undefined ? EPHEMERAL : { from: q.sourcePort, to: q.sourcePort };
  const toSubnet = ix.subnets.has(q.to) ? { toSubnet: true } : {};
  return { from, flow: { src, dst, protocol, srcPorts, dstPorts: ports, ...(icmp ? { icmpType: port ?? ECHO_REQUEST } : {}), ...toSubnet } };
}

function literal(text: string, what: string): Address {
  const a = parseAddress(text);
  if (!a) throw new QueryError(`${what} ${text} is not an IP address`);
  return a;
}

function primary(ix: TopologyIndex, iface: NetworkInterface, family: Family): Address {
  const a = ix.primaryAddress(iface, family);
  if (!a) throw new QueryError(`${iface.instanceId ?? iface.id} has no IPv${family} address`);
  return a;
}

/** The subnet's first usable address of the family: a stand-in for "anything in this subnet". */
function inSubnet(ix: TopologyIndex, subnet: Subnet, family: Family): Address {
  const block = ix.blocksOf(subnet.id).find((b) => b.family === family);
  if (!block) throw new QueryError(`subnet ${subnet.id} has no IPv${family} block`);
  return addressAt(block, FIRST_USABLE);
}

function resolveSource(ix: TopologyIndex, q: ReachQuery, family: Family): { from: ResolvedQuery["from"]; src: Address } {
  const given = q.sourceIp === undefined ? undefined : literal(q.sourceIp, "source");
  if (q.from === "internet") return { from: { at: "internet" }, src: given ?? INTERNET_HOST[family] };
  const iface = ix.interfaceOrInstance(q.from) ?? memberOf(ix, q.from);
  if (iface) return { from: { at: "interface", iface }, src: given ?? primary(ix, iface, family) };
  const subnet = ix.subnets.get(q.from);
  if (subnet) {
    const pods = q.podEgress && ix.subnets.has(q.podEgress.nodeSubnetId) ? { podEgress: q.podEgress } : {};
    return { from: { at: "subnet", subnet, ...pods }, src: given ?? inSubnet(ix, subnet, family) };
  }
  const a = parseAddress(q.from);
  if (!a) throw new QueryError(`unknown source ${q.from}: give internet, an IP address, or an instance, interface or subnet id`);
  const holders = ix.holdersOf(a);
  if (holders.length > 1) throw new QueryError(`${q.from} is held in several networks: give an instance or interface id`);
  const holder = holders[0];
  if (holder?.kind === "interface") return { from: { at: "interface", iface: holder.iface }, src: a };
  if (holder) throw new QueryError(`${q.from} belongs to a ${holder.kind.replaceAll("-", " ")}, which starts no flows: give an instance, interface or subnet`);
  const networks = ix.networksHolding(a);
  if (networks.length > 1) throw new QueryError(`${q.from} is in several networks: give a subnet id`);
  if (networks.length === 0) {
    if (isInternetRoutable(a)) return { from: { at: "internet" }, src: a };
    throw new QueryError(`${q.from} is in no network of this topology and is not an internet address`);
  }
  const at = ix.subnetAt(networks[0]!.id, a);
  if (!at) throw new QueryError(`no subnet of ${networks[0]!.id} holds ${q.from}`);
  return { from: { at: "subnet", subnet: at }, src: a };
}

/** The element a word of a question names: itself, or the element whose cloud id it is. */
function elementId(ix: TopologyIndex, word: string): string {
  return ix.topology.cloudIds?.[word] ?? word;
}

/** The interface a question's destination names, if any: an instance, an interface, a security group's member. */
export function destinationInterface(ix: TopologyIndex, to: string): NetworkInterface | undefined {
  const id = elementId(ix, to);
  return ix.interfaceOrInstance(id) ?? memberOf(ix, id);
}

/** A security group stands for its members: the first interface in it (an error when it has none). */
function memberOf(ix: TopologyIndex, id: string): NetworkInterface | undefined {
  if (!ix.securityGroups.has(id)) return undefined;
  const member = ix.topology.interfaces.find((i) => i.securityGroupIds?.includes(id));
  if (!member) throw new QueryError(`security group ${id} has no member in this topology: give an instance or interface`);
  return member;
}

function zoneOf(ix: TopologyIndex, from: ResolvedQuery["from"]): string | undefined {
  if (from.at === "interface") return ix.subnetOf(from.iface).zone;
  return from.at === "subnet" ? from.subnet.zone : undefined;
}

/**
 * A load balancer's address as its DNS name gives it to this client: a node in the client's zone
 * if it can serve the port, public when internet-facing. Without cross-zone load balancing DNS
 * leaves out nodes whose zone has no healthy target (elb-dns-cross-zone-balance-configuration),
 * unless no node has one.
 */
function loadBalancerAddress(ix: TopologyIndex, lb: LoadBalancer, from: ResolvedQuery["from"], family: Family, port: number | undefined): Address {
  const zone = zoneOf(ix, from);
  const tg = ix.targetGroups.get(lb.listeners.find((l) => l.port === port)?.targetGroupId ?? "");
  const serving = tg ? lb.nodes.filter((n) => chooseTargets(ix, lb, tg, n, family).choices.length > 0) : [];
  const nodes = (serving.length > 0 ? serving : [...lb.nodes]).sort((a, b) => Number(b.zone === zone) - Number(a.zone === zone));
  const texts = nodes.flatMap((n) => (lb.scheme === "internet-facing" ? (n.publicIps ?? []) : n.privateIps));
  const a = texts.map((t) => ix.address(t, lb.id)).find((x) => x.family === family);
  if (!a) throw new QueryError(`load balancer ${lb.id} has no ${lb.scheme === "internet-facing" ? "public" : "private"} IPv${family} address`);
  return a;
}

function resolveDestination(ix: TopologyIndex, to: string, from: ResolvedQuery["from"], family: Family, port: number | undefined): Address {
  if (to === "internet") {
    if (from.at === "internet") throw new QueryError("from and to are both the internet");
    return INTERNET_HOST[family];
  }
  const fromInternet = from.at === "internet";
  const listener = ix.listener(to);
  const lb = listener?.lb ?? ix.loadBalancers.get(to);
  if (lb) return loadBalancerAddress(ix, lb, from, family, port);
  const endpoint = ix.endpoints.get(to);
  if (endpoint) {
    const ifaces = endpoint.interfaceIds.map((id) => ix.interfaces.get(id)).filter((i) => i !== undefined);
    const zone = zoneOf(ix, from);
    const iface = ifaces.find((i) => ix.subnetOf(i).zone === zone) ?? ifaces[0];
    if (!iface) throw new QueryError(`endpoint ${to} has no network interface in this topology`);
    return primary(ix, iface, family);
  }
  const iface = ix.interfaceOrInstance(to) ?? memberOf(ix, to);
  if (iface) {
    const address = primary(ix, iface, family);
    // From the internet an instance is reached at its public address, if it has one.
    const mapping = fromInternet && family === 4 ? iface.publicIps?.[0] : undefined;
    return mapping ? literal(mapping.publicIp, "public") : address;
  }
  const subnet = ix.subnets.get(to);
  if (subnet) return inSubnet(ix, subnet, family);
  const gw = ix.gateways.get(to);
  if (gw?.kind === "nat-gateway" && gw.privateIp) return literal(fromInternet && gw.publicIp ? gw.publicIp : gw.privateIp, "NAT gateway");
  const a = parseAddress(to);
  if (!a) throw new QueryError(`unknown destination ${to}: give internet, an IP address, or an element id`);
  return a;
}
