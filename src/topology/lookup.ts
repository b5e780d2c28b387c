// Fast lookups over a topology, built once: elements by id, subnets by address (binary search per
// network), who holds an address in a subnet, public-to-private mappings, security group members.
// Malformed addresses and references a lookup depends on fail here, naming the element.
import { type Address, FAMILY_BITS, type Family, type Prefix, addressKey, containsAddress, parseAddress, parsePrefix } from "../ipam/prefix.js";
import type {
  Endpoint,
  EndpointService,
  Gateway,
  GatewayKind,
  Listener,
  LoadBalancer,
  LoadBalancerNode,
  Network,
  NetworkAcl,
  NetworkInterface,
  NetworkSecurityGroup,
  PrefixList,
  RouteTable,
  SecurityGroup,
  Subnet,
  TargetGroup,
  Topology,
  TransitAttachment,
  TransitRouteTable,
} from "./model.js";
import { isTracking, keyPoints, testedPoints, testedRange, testedSegments } from "./track.js";

export class TopologyError extends Error {}

const NO_MEMBERS: ReadonlySet<bigint> = new Set();
const NO_RANGES: readonly SubnetRange[] = [];

/** What answers at a private address: a plain interface, or the interface of a NAT gateway, load balancer or endpoint. */
export type Holder =
  | { kind: "interface"; iface: NetworkInterface; subnet: Subnet }
  | { kind: "nat-gateway"; gateway: Gateway; subnet: Subnet }
  | { kind: "load-balancer-node"; lb: LoadBalancer; node: LoadBalancerNode; subnet: Subnet | undefined }
  | { kind: "endpoint"; endpoint: Endpoint; iface: NetworkInterface; subnet: Subnet };

/** Who a public address belongs to, and the private address it maps to (itself where nothing translates). */
export interface PublicOwner {
  holder: Holder;
  privateAddress: Address;
  networkId: string;
}

/** One block of a subnet as the address range [start, end). */
interface Segments {
  starts: bigint[];
  answers: (SubnetRange | undefined)[];
}

export interface SubnetRange {
  start: bigint;
  end: bigint;
  subnet: Subnet;
  block: Prefix;
}

function byId<T extends { id: string }>(kind: string, items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.id)) throw new TopologyError(`${kind} ${item.id} appears twice`);
    map.set(item.id, item);
  }
  return map;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class TopologyIndex {
  readonly networks: ReadonlyMap<string, Network>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly routeTables: ReadonlyMap<string, RouteTable>;
  readonly gateways: ReadonlyMap<string, Gateway>;
  readonly securityGroups: ReadonlyMap<string, SecurityGroup>;
  readonly networkAcls: ReadonlyMap<string, NetworkAcl>;
  readonly networkSecurityGroups: ReadonlyMap<string, NetworkSecurityGroup>;
  readonly interfaces: ReadonlyMap<string, NetworkInterface>;
  readonly loadBalancers: ReadonlyMap<string, LoadBalancer>;
  readonly targetGroups: ReadonlyMap<string, TargetGroup>;
  readonly endpointServices: ReadonlyMap<string, EndpointService>;
  readonly endpoints: ReadonlyMap<string, Endpoint>;
  readonly prefixLists: ReadonlyMap<string, PrefixList>;
  readonly transitRouteTables: ReadonlyMap<string, TransitRouteTable>;

  private readonly prefixCache = new Map<string, Prefix>();
  private readonly blocks = new Map<string, Prefix[]>();
  private readonly subnetRanges = new Map<string, SubnetRange[]>();
  private readonly subnetsByNetwork = new Map<string, Subnet[]>();
  private readonly instanceInterfaces = new Map<string, NetworkInterface[]>();
  private readonly gatewaysByNetwork = new Map<string, Gateway[]>();
  private readonly holdersBySubnet = new Map<string, Map<bigint, Holder>>();
  private readonly holdersByAddress = new Map<bigint, Holder[]>();
  private readonly publicOwners = new Map<bigint, PublicOwner>();
  private readonly publicOfPrivate = new Map<string, Map<bigint, Address>>();
  private readonly groupMembers = new Map<string, Set<bigint>>();
  private readonly listenersById = new Map<string, { lb: LoadBalancer; listener: Listener }>();
  private readonly servicesByName = new Map<string, EndpointService>();
  /** By `gateway|attachment id` (a peering attachment has a record on each side) and `gateway|VPC id`. */
  private readonly attachmentsById = new Map<string, TransitAttachment>();
  private readonly attachmentsByNetwork = new Map<string, TransitAttachment>();
  private readonly released = new Map<bigint, string>();

  constructor(readonly topology: Topology) {
    this.networks = byId("network", topology.networks);
    this.subnets = byId("subnet", topology.subnets);
    this.routeTables = byId("route table", topology.routeTables);
    this.gateways = byId("gateway", topology.gateways);
    this.securityGroups = byId("security group", topology.securityGroups);
    this.networkAcls = byId("network ACL", topology.networkAcls);
    this.networkSecurityGroups = byId("network security group", topology.networkSecurityGroups);
    this.interfaces = byId("network interface", topology.interfaces);
    this.loadBalancers = byId("load balancer", topology.loadBalancers);
    this.targetGroups = byId("target group", topology.targetGroups);
    this.endpointServices = byId("endpoint service", topology.endpointServices);
    this.endpoints = byId("endpoint", topology.endpoints);
    this.prefixLists = byId("prefix list", topology.prefixLists);
    this.transitRouteTables = byId("transit gateway route table", topology.transitRouteTables ?? []);

    for (const n of topology.networks)
      this.blocks.set(
        n.id,
        n.cidrs.map((c) => this.prefix(c, n.id)),
      );
    this.indexSubnets(topology.subnets);
    for (const g of topology.gateways) for (const n of g.networkIds) push(this.gatewaysByNetwork, n, g);
    for (const s of topology.endpointServices) if (s.serviceName) this.servicesByName.set(s.serviceName, s);
    for (const lb of topology.loadBalancers) for (const l of lb.listeners) this.listenersById.set(l.id, { lb, listener: l });
    this.indexHolders(topology);
    // Device index order: the primary interface first (interfaces without one keep their order, after).
    for (const list of this.instanceInterfaces.values())
      list.sort((a, b) => (a.deviceIndex ?? Number.MAX_SAFE_INTEGER) - (b.deviceIndex ?? Number.MAX_SAFE_INTEGER));
    this.indexTransit(topology);
    for (const r of topology.releasedAddresses ?? []) this.released.set(addressKey(this.address(r.address, r.formerHolder)), r.formerHolder);
  }

  /** Parses a CIDR block or address once per distinct text; `owner` names the element in the error. */
  prefix(text: string, owner: string): Prefix {
    let p = this.prefixCache.get(text);
    if (!p) {
      p = parsePrefix(text);
      if (!p) throw new TopologyError(`${owner}: "${text}" is not an IP address or CIDR block`);
      this.prefixCache.set(text, p);
    }
    return p;
  }

  address(text: string, owner: string): Address {
    const a = parseAddress(text);
    if (!a) throw new TopologyError(`${owner}: "${text}" is not an IP address`);
    return a;
  }

  /** A network's or subnet's CIDR blocks, parsed. */
  blocksOf(id: string): readonly Prefix[] {
    return this.blocks.get(id) ?? [];
  }

  networkOf(subnet: Subnet): Network {
    return this.networks.get(subnet.networkId)!;
  }

  subnetOf(iface: NetworkInterface): Subnet {
    return this.subnets.get(iface.subnetId)!;
  }

  /** The subnet of `networkId` whose block holds the address. */
  subnetAt(networkId: string, a: Address): Subnet | undefined {
    return this.rangeAt(networkId, a)?.subnet;
  }

  subnetsOf(networkId: string): readonly Subnet[] {
    return this.subnetsByNetwork.get(networkId) ?? [];
  }

  /** The block of the subnet that holds the address, for traces. */
  subnetBlockAt(networkId: string, a: Address): Prefix | undefined {
    return this.rangeAt(networkId, a)?.block;
  }

  /** The blocks of a network's subnets of one family, by start address (stable: subnets' order on ties). */
  subnetRangesOf(networkId: string, family: Family): readonly SubnetRange[] {
    return this.subnetRanges.get(`${networkId}|${family}`) ?? NO_RANGES;
  }

  networksHolding(a: Address): Network[] {
    return this.topology.networks.filter((n) => this.blocksOf(n.id).some((b) => containsAddress(b, a)));
  }

  holderIn(subnetId: string, a: Address): Holder | undefined {
    const holders = this.holdersBySubnet.get(subnetId);
    if (isTracking()) this.testedKeys(a, holders);
    return holders?.get(addressKey(a));
  }

  /** Every holder of a private address across networks (overlapping networks can repeat one). */
  holdersOf(a: Address): readonly Holder[] {
    if (isTracking()) this.testedKeys(a, this.holdersByAddress);
    return this.holdersByAddress.get(addressKey(a)) ?? [];
  }

  publicOwner(a: Address): PublicOwner | undefined {
    if (isTracking()) this.testedKeys(a, this.publicOwners);
    return this.publicOwners.get(addressKey(a));
  }

  /** The public address a private one of this network is mapped to 1:1, if any. */
  publicAddressOf(networkId: string, privateAddress: Address): Address | undefined {
    const mapped = this.publicOfPrivate.get(networkId);
    if (isTracking()) this.testedKeys(privateAddress, mapped);
    return mapped?.get(addressKey(privateAddress));
  }

  /** Private addresses of the interfaces in a security group (or Azure application security group). */
  members(groupId: string): ReadonlySet<bigint> {
    return this.groupMembers.get(groupId) ?? NO_MEMBERS;
  }

  /** Whether the address is a member's (see members). */
  isMember(groupId: string, a: Address): boolean {
    const members = this.members(groupId);
    if (isTracking()) this.testedKeys(a, members);
    return members.has(addressKey(a));
  }

  /** An interface by its id, or an instance's primary interface. */
  interfaceOrInstance(id: string): NetworkInterface | undefined {
    return this.interfaces.get(id) ?? this.instanceInterfaces.get(id)?.[0];
  }

  /** An instance's interfaces, the primary (device index 0) first; an interface of no instance alone. */
  interfacesOf(iface: NetworkInterface): readonly NetworkInterface[] {
    return iface.instanceId === undefined ? [iface] : (this.instanceInterfaces.get(iface.instanceId) ?? [iface]);
  }

  primaryAddress(iface: NetworkInterface, family: Family): Address | undefined {
    for (const text of iface.privateIps) {
      const a = this.address(text, iface.id);
      if (a.family === family) return a;
    }
    return undefined;
  }

  routeTableOf(subnet: Subnet): RouteTable | undefined {
    const id = subnet.routeTableId ?? this.networkOf(subnet).mainRouteTableId;
    return id === undefined ? undefined : this.routeTables.get(id);
  }

  networkAclOf(subnet: Subnet): NetworkAcl | undefined {
    const id = subnet.networkAclId ?? this.networkOf(subnet).defaultNetworkAclId;
    return id === undefined ? undefined : this.networkAcls.get(id);
  }

  gatewaysOf(networkId: string, kind: GatewayKind): Gateway[] {
    return (this.gatewaysByNetwork.get(networkId) ?? []).filter((g) => g.kind === kind);
  }

  listener(id: string): { lb: LoadBalancer; listener: Listener } | undefined {
    return this.listenersById.get(id);
  }

  /** The deleted element that held the address, if the export says one did. */
  formerHolder(a: Address): string | undefined {
    if (isTracking()) this.testedKeys(a, this.released);
    return this.released.get(addressKey(a));
  }

  /** A transit gateway's attachment by its id. */
  transitAttachment(gatewayId: string, id: string): TransitAttachment | undefined {
    return this.attachmentsById.get(`${gatewayId}|${id}`);
  }

  /** The attachment of a VPC to a transit gateway. */
  vpcAttachment(gatewayId: string, networkId: string): TransitAttachment | undefined {
    return this.attachmentsByNetwork.get(`${gatewayId}|${networkId}`);
  }

  /** An endpoint service by id or service name. */
  endpointService(idOrName: string): EndpointService | undefined {
    return this.endpointServices.get(idOrName) ?? this.servicesByName.get(idOrName);
  }

  private rangeAt(networkId: string, a: Address): SubnetRange | undefined {
    const ranges = this.subnetRangesOf(networkId, a.family);
    let lo = 0;
    let hi = ranges.length - 1;
    // The last range starting at or below the address; subnets of a network do not overlap.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ranges[mid]!.start <= a.value) lo = mid;
      else hi = mid - 1;
    }
    const r = ranges[lo];
    const hit = r && r.start <= a.value && a.value < r.end ? r : undefined;
    if (isTracking()) {
      const segments = this.rangeSegments(ranges);
      if (segments) testedSegments(a, segments.starts, (k) => segments.answers[k]);
      else if (hit) testedRange(a, hit.start, hit.end - 1n);
      else if (r && r.start <= a.value) testedRange(a, r.end, (ranges[lo + 1]?.start ?? 1n << 129n) - 1n);
      else if (r) testedRange(a, 0n, r.start - 1n);
    }
    return hit;
  }

  private readonly segmentCache = new WeakMap<readonly SubnetRange[], Segments | null>();

  /**
   * A network's subnet blocks and the gaps between them as segments from 0, each with the block it
   * is or none; null when blocks overlap (a malformed export), which only the plain ranges describe.
   */
  private rangeSegments(ranges: readonly SubnetRange[]): Segments | null {
    const cached = this.segmentCache.get(ranges);
    if (cached !== undefined) return cached;
    let segments: Segments | null = { starts: [0n], answers: [undefined] };
    for (const r of ranges) {
      const last = segments.starts.length - 1;
      if (r.start < segments.starts[last]!) {
        segments = null;
        break;
      }
      if (r.start === segments.starts[last]) segments.answers[last] = r;
      else {
        segments.starts.push(r.start);
        segments.answers.push(r);
      }
      segments.starts.push(r.end);
      segments.answers.push(undefined);
    }
    this.segmentCache.set(ranges, segments);
    return segments;
  }

  /** For the exhaustive analysis: `a` was looked up among a collection's address keys. */
  private testedKeys(a: Address, keys: ReadonlyMap<bigint, unknown> | ReadonlySet<bigint> | undefined): void {
    testedPoints(a, keys ? keyPoints(keys, () => keys.keys(), a.family) : []);
  }

  private indexSubnets(subnets: readonly Subnet[]): void {
    for (const s of subnets) {
      if (!this.networks.has(s.networkId)) throw new TopologyError(`subnet ${s.id}: network ${s.networkId} is not in the topology`);
      const blocks = s.cidrs.map((c) => this.prefix(c, s.id));
      this.blocks.set(s.id, blocks);
      push(this.subnetsByNetwork, s.networkId, s);
      for (const block of blocks) {
        const size = 1n << BigInt(FAMILY_BITS[block.family] - block.len);
        push(this.subnetRanges, `${s.networkId}|${block.family}`, { start: block.value, end: block.value + size, subnet: s, block });
      }
    }
    for (const ranges of this.subnetRanges.values()) ranges.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  }

  private indexHolders(t: Topology): void {
    for (const iface of t.interfaces) {
      const subnet = this.subnets.get(iface.subnetId);
      if (!subnet) throw new TopologyError(`network interface ${iface.id}: subnet ${iface.subnetId} is not in the topology`);
      if (iface.instanceId) push(this.instanceInterfaces, iface.instanceId, iface);
      const holder: Holder = { kind: "interface", iface, subnet };
      for (const text of iface.privateIps) this.hold(subnet, this.address(text, iface.id), holder);
      for (const m of iface.publicIps ?? []) {
        const privateAddress = m.privateIp ? this.address(m.privateIp, iface.id) : this.primaryAddress(iface, 4);
        if (!privateAddress) throw new TopologyError(`network interface ${iface.id}: public IP ${m.publicIp} has no private IPv4 address to map to`);
        this.mapPublic(this.address(m.publicIp, iface.id), privateAddress, holder, subnet.networkId);
      }
      for (const g of [...(iface.securityGroupIds ?? []), ...(iface.applicationSecurityGroupIds ?? [])]) this.addMembers(g, iface.privateIps, iface.id);
    }
    for (const g of t.gateways) {
      if (g.kind !== "nat-gateway" || !g.subnetId || !g.privateIp) continue;
      const subnet = this.subnets.get(g.subnetId);
      if (!subnet) throw new TopologyError(`gateway ${g.id}: subnet ${g.subnetId} is not in the topology`);
      const holder: Holder = { kind: "nat-gateway", gateway: g, subnet };
      const privateAddress = this.address(g.privateIp, g.id);
      this.hold(subnet, privateAddress, holder);
      if (g.publicIp) this.mapPublic(this.address(g.publicIp, g.id), privateAddress, holder, subnet.networkId);
    }
    for (const lb of t.loadBalancers) for (const node of lb.nodes) this.indexNode(lb, node);
    for (const ep of t.endpoints) {
      for (const id of ep.interfaceIds) {
        const iface = this.interfaces.get(id);
        if (!iface) continue;
        const holder: Holder = { kind: "endpoint", endpoint: ep, iface, subnet: this.subnetOf(iface) };
        for (const text of iface.privateIps) this.hold(holder.subnet, this.address(text, iface.id), holder);
        for (const g of ep.securityGroupIds ?? []) this.addMembers(g, iface.privateIps, iface.id);
      }
    }
  }

  private indexTransit(t: Topology): void {
    for (const a of t.transitAttachments ?? []) {
      const gateway = this.gateways.get(a.gatewayId);
      if (gateway?.kind !== "transit-gateway")
        throw new TopologyError(`transit gateway attachment ${a.id}: ${a.gatewayId} is not a transit gateway of the topology`);
      const key = `${a.gatewayId}|${a.id}`;
      if (this.attachmentsById.has(key)) throw new TopologyError(`transit gateway attachment ${a.id} of ${a.gatewayId} appears twice`);
      this.attachmentsById.set(key, a);
      if (a.networkId !== undefined && !this.attachmentsByNetwork.has(`${a.gatewayId}|${a.networkId}`))
        this.attachmentsByNetwork.set(`${a.gatewayId}|${a.networkId}`, a);
      for (const id of a.subnetIds ?? []) {
        const subnet = this.subnets.get(id);
        if (subnet && subnet.networkId !== a.networkId) throw new TopologyError(`transit gateway attachment ${a.id}: subnet ${id} is not in ${a.networkId}`);
      }
    }
    for (const table of t.transitRouteTables ?? []) {
      if (this.gateways.get(table.gatewayId)?.kind !== "transit-gateway")
        throw new TopologyError(`transit gateway route table ${table.id}: ${table.gatewayId} is not a transit gateway of the topology`);
    }
  }

  private indexNode(lb: LoadBalancer, node: LoadBalancerNode): void {
    const subnet = node.subnetId === undefined ? undefined : this.subnets.get(node.subnetId);
    if (node.subnetId !== undefined && !subnet) throw new TopologyError(`load balancer ${lb.id}: subnet ${node.subnetId} is not in the topology`);
    const holder: Holder = { kind: "load-balancer-node", lb, node, subnet };
    const privates = node.privateIps.map((text) => this.address(text, lb.id));
    if (subnet) for (const a of privates) this.hold(subnet, a, holder);
    for (const [i, text] of (node.publicIps ?? []).entries()) {
      const publicAddress = this.address(text, lb.id);
      // An Azure public frontend is in no subnet: nothing translates, the node holds the public address itself.
      this.mapPublic(publicAddress, subnet ? (privates[i] ?? privates[0] ?? publicAddress) : publicAddress, holder, lb.networkId);
    }
    for (const g of lb.securityGroupIds ?? []) this.addMembers(g, node.privateIps, lb.id);
  }

  /** Records the holder of an address; a NAT gateway, load balancer or endpoint replaces the plain interface it owns. */
  private hold(subnet: Subnet, a: Address, holder: Holder): void {
    const key = addressKey(a);
    let inSubnet = this.holdersBySubnet.get(subnet.id);
    if (!inSubnet) this.holdersBySubnet.set(subnet.id, (inSubnet = new Map()));
    const previous = inSubnet.get(key);
    inSubnet.set(key, holder);
    const all = this.holdersByAddress.get(key);
    if (!all) this.holdersByAddress.set(key, [holder]);
    else if (previous) all[all.indexOf(previous)] = holder;
    else all.push(holder);
  }

  private mapPublic(publicAddress: Address, privateAddress: Address, holder: Holder, networkId: string): void {
    this.publicOwners.set(addressKey(publicAddress), { holder, privateAddress, networkId });
    let forNetwork = this.publicOfPrivate.get(networkId);
    if (!forNetwork) this.publicOfPrivate.set(networkId, (forNetwork = new Map()));
    forNetwork.set(addressKey(privateAddress), publicAddress);
  }

  private addMembers(groupId: string, ips: readonly string[], owner: string): void {
    let set = this.groupMembers.get(groupId);
    if (!set) this.groupMembers.set(groupId, (set = new Set()));
    for (const text of ips) set.add(addressKey(this.address(text, owner)));
  }
}
