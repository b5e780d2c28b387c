// Follows one flow hop by hop through a topology, recording at each hop what decided there. Hops
// are places (instance or interface, subnet, network, gateway, load balancer node, endpoint, the
// internet), in the order Batfish reports them for the same snapshots. A forward walk records the
// stateful devices it crossed (NAT, load balancer, PrivateLink) as sessions; the reply walk
// consumes them in reverse, which is how replies find their way back through those devices.
import type { Decision, HopKind, RuleRef, TraceHop } from "../findings.js";
import { type Address, addressAt, containsAddress, formatAddress, sameAddress } from "../ipam/prefix.js";
import { isInternetRoutable } from "../ipam/ranges.js";
import type { Holder, PublicOwner, TopologyIndex } from "../topology/lookup.js";
import { CLOUD_TERMS } from "../topology/clouds.js";
import type {
  Cloud,
  Endpoint,
  EndpointService,
  Firewall,
  Gateway,
  LoadBalancer,
  LoadBalancerNode,
  Network,
  NetworkInterface,
  RouteTarget,
  Subnet,
  TransitAttachment,
} from "../topology/model.js";
import { dnatLabel, firewallDnat, firewallFilter } from "./azure-firewall.js";
import { gatewayRoutes, peeringSide, peeringsOf } from "./azure-peering.js";
import type { Engine, Mode } from "./engine.js";
import type { PodEgress } from "./query.js";
import { EPHEMERAL, type Flow, ICMP, TCP, UDP, describeService, hasPorts, protocolName, reply } from "./flow.js";
import { type TargetChoice, chooseTargets, clientIpPreserved, listenerFor, nodeAddress } from "./load-balancers.js";

/**
 * `unanswered`: delivered to an address nothing holds (the export lists every interface of the
 * network). `loop`: the routes send the flow round in a circle (the walk gives up after MAX_HOPS).
 * `insufficient-info`: the flow stopped where the input does not say what happens (an element,
 * table or rule set it only reads: `Topology.unread`), so whether it gets through is unknown.
 */
export type Disposition = "accepted" | "denied" | "no-route" | "null-routed" | "exits-network" | "unanswered" | "loop" | "insufficient-info";

/** Where a flow starts, or where it ended up. `outside`: beyond a VPN or an element not in the topology. */
export type Place =
  | { at: "interface"; iface: NetworkInterface }
  /** `podEgress`: the subnet is a pod subnet, its pods' traffic out of the VPC translated as the VPC CNI does. */
  | { at: "subnet"; subnet: Subnet; podEgress?: PodEgress }
  | { at: "internet" }
  | { at: "outside" };

type Session =
  /** `inside`: the flow as it reached the NAT gateway, before translation. */
  | { kind: "nat"; gateway: Gateway; inside: Flow }
  /**
   * `client`: the flow as it reached the node. Replies go back to the node: `steer` routes them there
   * when they carry the client's address (AWS); `direct`: the host hands them over without routing (Azure).
   */
  | { kind: "load-balancer"; node: LoadBalancerNode; client: Flow; steer: Address | undefined; direct: boolean }
  | { kind: "privatelink"; endpoint: Endpoint; service: EndpointService; iface: NetworkInterface; client: Flow }
  /** Azure outbound without a public address of its own; `subnet`: where the flow left for the internet. */
  | { kind: "platform-snat"; network: Network; subnet: Subnet; inside: Flow }
  /** An Azure Firewall's DNAT: `outside` the flow as it came from the internet, `snat` the firewall subnet address it was given. */
  | { kind: "firewall-dnat"; firewall: Firewall; snat: Address; outside: Flow }
  /** A pod's flow the VPC CNI translated to its node's address (`node`). */
  | { kind: "pod-snat"; node: Address; inside: Flow }
  /** An appliance assumed to translate the source to its own address (`iface`), having taken the flow in by `ingress`. */
  | { kind: "appliance-nat"; iface: NetworkInterface; ingress: NetworkInterface; inside: Flow };

const INTERNET = "internet";
const MAX_HOPS = 64;
/** AWS and Azure both reserve the first four addresses of a subnet. */
const FIRST_USABLE = 4;
const NAT_PROTOCOLS = new Set([TCP, UDP, ICMP]);

class ForwardingLoop extends Error {}

const fmt = formatAddress;

interface NetworkRules {
  /**
   * How the internet and the network's public addresses meet. AWS: through the network's internet
   * gateway, which translates (1:1) only addresses that have a public address, so an appliance
   * forwarding there must translate the source itself. Azure: the platform translates the public
   * address before NSGs see it (network-security-groups-overview); there is no gateway element.
   */
  internetGateway: boolean;
  /**
   * Azure: a user route's next hop may be an appliance in a peered network, and a next hop that
   * cannot be reached makes the route invalid (traffic dropped, next hop None); AWS: no route.
   */
  peeredNextHops: boolean;
  /** Azure: a peering side says whether it carries traffic the other network forwards (allowForwardedTraffic). */
  forwardedTrafficFlag: boolean;
  /** Azure: a VNet-to-VNet connection joins two modelled networks. */
  gatewayJoinsNetworks: boolean;
  /** Whether the subnet's filter judges traffic between two addresses of the subnet (Azure's NSG does; AWS's network ACL does not). */
  filtersWithinSubnet: boolean;
}

const NETWORK_RULES: Record<Cloud, NetworkRules> = {
  aws: { internetGateway: true, peeredNextHops: false, forwardedTrafficFlag: false, gatewayJoinsNetworks: false, filtersWithinSubnet: false },
  azure: { internetGateway: false, peeredNextHops: true, forwardedTrafficFlag: true, gatewayJoinsNetworks: true, filtersWithinSubnet: true },
};

function interfaceHop(iface: NetworkInterface): [string, "instance" | "interface"] {
  return iface.instanceId ? [iface.instanceId, "instance"] : [iface.id, "interface"];
}

/** What a step says: plain words, or a decision that names the rules behind it. */
type Said = string | Decision;

/** The rules of a step's last decision, when it named some: a failure they decide stands on them alone. */
const lastRuled = new WeakMap<TraceHop, readonly RuleRef[]>();

/** Adds to a step what decided there, in order: the words joined by "; ", the rules collected. */
function note(hop: TraceHop, ...said: Said[]): TraceHop {
  for (const s of said) {
    const text = typeof s === "string" ? s : s.text;
    hop.decision = hop.decision ? `${hop.decision}; ${text}` : text;
    if (typeof s !== "string" && s.rules?.length) {
      (hop.rules ??= []).push(...s.rules);
      lastRuled.set(hop, s.rules);
    } else if (hop.rules) lastRuled.delete(hop);
  }
  return hop;
}

function holderLabel(h: Holder): string {
  switch (h.kind) {
    case "interface":
      return interfaceHop(h.iface)[0];
    case "nat-gateway":
      return h.gateway.id;
    case "load-balancer-node":
      return `${h.lb.id} (node ${h.node.id})`;
    case "endpoint":
      return h.endpoint.id;
  }
}

/** Refusal of an endpoint connection by its state or the service's allowed principals, if any. */
function endpointRefusal(ep: Endpoint, service: EndpointService): string | undefined {
  const state = ep.state?.toLowerCase();
  if (state !== undefined && state !== "available" && state !== "approved") return `the endpoint connection is ${ep.state}`;
  const owner = ep.ownerPrincipal;
  if (owner === undefined) return undefined;
  // A principal is allowed by name, by `*`, or by its account's root ARN.
  const account = owner.split(":")[4];
  const allowed = service.allowedPrincipals.some((p) => p === "*" || p === owner || (account !== undefined && p === `arn:aws:iam::${account}:root`));
  return allowed ? undefined : `${owner} is not an allowed principal of ${service.id}`;
}

export class Walk {
  readonly hops: TraceHop[] = [];
  /** Where an accepted or exiting flow ended, and as what; `local`: the instance answered itself, without the network. */
  end: { place: Place; flow: Flow; local?: boolean } | undefined;
  private sessions: Session[] = [];
  /** Appliance-mode attachments (`gateway|attachment`) and the zone the flow took through each: its reply takes the same. */
  private transitZones = new Map<string, string | undefined>();
  /** While a reply must go back to a load balancer node although it carries the client's address. */
  private steer: Address | undefined;
  /** `insufficient-info`: the unread element the flow stopped at. */
  unread: string | undefined;

  private constructor(
    private readonly engine: Engine,
    readonly mode: Mode,
  ) {}

  /** Walks a flow from where it starts. */
  static forward(engine: Engine, from: Place, flow: Flow): { walk: Walk; disposition: Disposition } {
    const walk = new Walk(engine, "forward");
    return { walk, disposition: walk.judged(walk.guarded(() => walk.start(from, flow))) };
  }

  /** Walks the reply of an accepted or exiting flow back to its client; undefined when it left the modelled network. */
  reply(): { walk: Walk; disposition: Disposition } | undefined {
    if (!this.end || this.end.place.at === "outside") return undefined;
    const walk = new Walk(this.engine, "return");
    if (this.end.local && this.end.place.at === "interface") {
      walk.hop(...interfaceHop(this.end.place.iface), "the reply stays inside the instance");
      return { walk, disposition: walk.arrive(this.end.place, reply(this.end.flow), "accepted") };
    }
    walk.sessions = [...this.sessions];
    walk.transitZones = new Map(this.transitZones);
    walk.resteer();
    const { place, flow } = this.end;
    return { walk, disposition: walk.judged(walk.guarded(() => walk.start(place, reply(flow)))) };
  }

  /**
   * A flow that failed where the input does not say what decides did not fail: nobody can tell yet.
   * What decides: the rules of the step's last decision when it named some (a known NSG's deny
   * stands, on an unread subnet too), else the step's element and the tables and rule sets it uses.
   */
  private judged(d: Disposition): Disposition {
    if (d === "accepted" || d === "exits-network" || d === "loop" || d === "insufficient-info") return d;
    const last = this.hops.at(-1);
    const ruled = last && lastRuled.get(last);
    const deciders = ruled ? ruled.map((r) => r.element) : last && this.decidersAt(last);
    const unread = deciders?.find((id) => this.engine.unread.has(id));
    if (!last || unread === undefined) return d;
    this.unread = unread;
    note(last, `${unread} could not be read: whether the flow gets through here is known only when Terraform reads it`);
    return "insufficient-info";
  }

  /** What may decide at a step: its element, the rules it cites, and the tables and rule sets the element uses. */
  private decidersAt(hop: TraceHop): string[] {
    const ids = [hop.id, ...(hop.rules ?? []).map((r) => r.element)];
    const subnet = this.ix.subnets.get(hop.id);
    if (subnet) ids.push(...[subnet.networkId, subnet.routeTableId, subnet.networkAclId, subnet.networkSecurityGroupId].filter((id) => id !== undefined));
    const iface = this.ix.interfaceOrInstance(hop.id);
    if (iface) ids.push(...(iface.securityGroupIds ?? []), ...(iface.networkSecurityGroupId === undefined ? [] : [iface.networkSecurityGroupId]));
    return ids;
  }

  private get ix(): TopologyIndex {
    return this.engine.ix;
  }

  private guarded(run: () => Disposition): Disposition {
    try {
      return run();
    } catch (e) {
      if (!(e instanceof ForwardingLoop)) throw e;
      note(this.hops.at(-1)!, `forwarding loop: gave up after ${MAX_HOPS} hops`);
      return "loop";
    }
  }

  private start(from: Place, flow: Flow): Disposition {
    switch (from.at) {
      case "interface":
        return this.fromInterface(from.iface, flow);
      case "subnet":
        return from.podEgress ? this.podEgress(from.subnet, from.podEgress, flow) : this.leaveSubnet(from.subnet, flow);
      case "internet":
        return this.internet(flow);
      case "outside":
        throw new Error("a walk cannot start outside the topology");
    }
  }

  private hop(id: string, kind: HopKind, ...said: Said[]): TraceHop {
    if (this.hops.length >= MAX_HOPS) throw new ForwardingLoop();
    const hop = note({ id, kind, decision: "" }, ...said);
    this.hops.push(hop);
    return hop;
  }

  private arrive(place: Place, flow: Flow, disposition: Disposition): Disposition {
    this.end = { place, flow };
    return disposition;
  }

  /** The address routing and delivery aim at: the flow's destination, unless a reply is steered to a load balancer. */
  private destination(flow: Flow): Address {
    return this.steer ?? flow.dst;
  }

  private resteer(): void {
    const top = this.sessions.at(-1);
    this.steer = top?.kind === "load-balancer" ? top.steer : undefined;
  }

  /** The newest session, if it is of this kind and matches; sessions are undone in reverse order. */
  private popSession<K extends Session["kind"]>(kind: K, matches: (s: Extract<Session, { kind: K }>) => boolean): Extract<Session, { kind: K }> | undefined {
    const top = this.sessions.at(-1);
    if (top?.kind !== kind || !matches(top as Extract<Session, { kind: K }>)) return undefined;
    this.sessions.pop();
    this.resteer();
    return top as Extract<Session, { kind: K }>;
  }

  // --- interfaces and subnets -------------------------------------------------------------

  /** The interface of `iface`'s instance that holds the address, if one does. */
  private ownInterface(iface: NetworkInterface, a: Address): NetworkInterface | undefined {
    const mine = (other: NetworkInterface) => other.id === iface.id || (iface.instanceId !== undefined && other.instanceId === iface.instanceId);
    const held = this.ix.holdersOf(a).find((h) => h.kind === "interface" && mine(h.iface));
    return held?.kind === "interface" ? held.iface : undefined;
  }

  /** To an address of the instance itself (another of its interfaces): its OS answers without the network. */
  private answersItself(iface: NetworkInterface, own: NetworkInterface, flow: Flow, hop?: TraceHop): Disposition {
    const text = `${fmt(flow.dst)} is ${own.id === iface.id ? "its own address" : `the address of ${own.id}, another interface of ${iface.instanceId}`}: the instance answers it without the network`;
    if (hop) note(hop, text);
    else this.hop(...interfaceHop(iface), text);
    this.end = { place: { at: "interface", iface: own }, flow, local: true };
    return "accepted";
  }

  private fromInterface(iface: NetworkInterface, flow: Flow): Disposition {
    const own = this.mode === "forward" ? this.ownInterface(iface, flow.dst) : undefined;
    if (own) return this.answersItself(iface, own, flow);
    const v = this.engine.leaveInterface(iface, flow, this.mode);
    const hop = this.hop(...interfaceHop(iface), v);
    if (!v.allowed) return "denied";
    const top = this.sessions.at(-1);
    if (this.mode === "return" && top?.kind === "load-balancer") {
      // The load balancer tracks the flow: its replies go back to the node, whatever address they carry.
      if (top.direct) return this.loadBalancerReply(top.node);
      if (top.steer) note(hop, `the reply goes back to load balancer node ${top.node.id} (${fmt(top.steer)})`);
    }
    return this.leaveSubnet(this.ix.subnetOf(iface), flow);
  }

  private toInterface(iface: NetworkInterface, flow: Flow): Disposition {
    const v = this.engine.enterInterface(iface, flow, this.mode);
    const hop = this.hop(...interfaceHop(iface), v);
    if (!v.allowed) return "denied";
    const nat = this.mode === "return" ? this.popSession("appliance-nat", (s) => s.iface.id === iface.id) : undefined;
    if (nat) {
      const restored: Flow = { ...flow, dst: nat.inside.src, dstPorts: nat.inside.srcPorts };
      const out = this.engine.leaveInterface(nat.ingress, restored, this.mode);
      note(hop, `session: translates destination ${fmt(flow.dst)} -> ${fmt(restored.dst)} and forwards it out of ${nat.ingress.id}`, out);
      return out.allowed ? this.leaveSubnet(this.ix.subnetOf(nat.ingress), restored) : "denied";
    }
    if (this.mode === "forward" && iface.forwarding)
      note(hop, `not enough data to judge ${interfaceHop(iface)[0]}'s own firewall: an appliance's rules are in no export`);
    return this.arrive({ at: "interface", iface }, flow, "accepted");
  }

  /** Out of a subnet: filtered, then routed by the subnet's table. `into`: the hop to record on instead of a subnet hop. */
  private leaveSubnet(subnet: Subnet, flow: Flow, into?: TraceHop): Disposition {
    const dest = this.destination(flow);
    if (this.ix.blocksOf(subnet.id).some((b) => containsAddress(b, dest))) return this.withinSubnet(subnet, flow, into);
    const out = this.engine.leaveSubnet(subnet, flow, this.mode);
    const hop = into ? note(into, out) : this.hop(subnet.id, "subnet", out);
    if (!out.allowed) return "denied";
    const routes = this.engine.routes(subnet);
    const choice = routes.lookup(dest);
    if (!choice) {
      note(hop, `${routes.label}: no route matches ${fmt(dest)}`);
      return "no-route";
    }
    note(hop, choice);
    return this.follow(choice.route.target, subnet, flow);
  }

  /** Within a subnet nothing is routed; AWS network ACLs do not see it, Azure subnet NSGs do, both ways. */
  private withinSubnet(subnet: Subnet, flow: Flow, into?: TraceHop): Disposition {
    if (!NETWORK_RULES[this.engine.cloudOf(subnet)].filtersWithinSubnet) return this.deliver(subnet, flow, into);
    const out = this.engine.leaveSubnet(subnet, flow, this.mode);
    const hop = into ? note(into, out) : this.hop(subnet.id, "subnet", out);
    if (!out.allowed) return "denied";
    // Azure routes within a subnet too: the VNet's own system route (VnetLocal), as Network Watcher says.
    const route = this.engine.routes(subnet).lookup(this.destination(flow));
    if (route) note(hop, route);
    const inn = this.engine.enterSubnet(subnet, flow, this.mode);
    note(hop, inn);
    return inn.allowed ? this.deliver(subnet, flow, hop) : "denied";
  }

  /** Into a subnet from outside it, for `holder` (default: whoever holds the destination). */
  private enterSubnet(subnet: Subnet, flow: Flow, holder?: Holder): Disposition {
    const v = this.engine.enterSubnet(subnet, flow, this.mode);
    const hop = this.hop(subnet.id, "subnet", v);
    return v.allowed ? this.deliver(subnet, flow, hop, holder) : "denied";
  }

  /**
   * Hands the flow to what holds its destination. With nothing there: where the topology lists every
   * interface of the network, nothing answers; else (or when the question is about the subnet as
   * such, or a reply returns to a client there) it is delivered to the subnet.
   */
  private deliver(subnet: Subnet, flow: Flow, subnetHop?: TraceHop, holder?: Holder): Disposition {
    const dest = this.destination(flow);
    const target = holder ?? this.ix.holderIn(subnet.id, dest);
    const mark = (text: string) => (subnetHop ? note(subnetHop, text) : this.hop(subnet.id, "subnet", text));
    const pod = this.mode === "return" ? this.popSession("pod-snat", (s) => sameAddress(s.node, dest)) : undefined;
    if (pod) {
      // Back at the node (an instance of the topology, or a node the subnet stands for): to the pod.
      const back = `the node translates the destination ${fmt(dest)} back to the pod's ${fmt(pod.inside.src)}`;
      if (target?.kind === "interface") this.hop(...interfaceHop(target.iface), this.engine.enterInterface(target.iface, flow, this.mode), back);
      else mark(back);
      return this.arrive({ at: "subnet", subnet }, { ...flow, dst: pod.inside.src }, "accepted");
    }
    const dnat = this.mode === "return" && !target ? this.popSession("firewall-dnat", (s) => sameAddress(s.snat, dest)) : undefined;
    if (dnat) {
      const back = reply(dnat.outside);
      mark(`${fmt(dest)} is the address ${dnat.firewall.id} gave the flow: the firewall takes the reply`);
      this.hop(dnat.firewall.id, "azure-firewall", `session: translates the reply back to source ${fmt(back.src)} -> destination ${fmt(back.dst)}`);
      return this.internet(back);
    }
    if (target) return this.atHolder(target, flow);
    if (this.mode === "forward" && !flow.toSubnet && this.ix.networkOf(subnet).holdersKnown) {
      const former = this.ix.formerHolder(dest);
      mark(`no interface holds ${fmt(dest)}${former ? ` (it was ${former}'s, which is deleted)` : ""}: nothing answers it`);
      return "unanswered";
    }
    mark(`no interface holds ${fmt(dest)}: delivered to the subnet`);
    return this.arrive({ at: "subnet", subnet }, flow, "accepted");
  }

  private atHolder(holder: Holder, flow: Flow): Disposition {
    switch (holder.kind) {
      case "interface":
        return this.toInterface(holder.iface, flow);
      case "nat-gateway":
        return this.natAddressed(holder.gateway, holder.subnet, flow);
      case "load-balancer-node":
        return this.atLoadBalancer(holder.lb, holder.node, flow);
      case "endpoint":
        return this.atEndpoint(holder.endpoint, holder.iface, flow);
    }
  }

  /**
   * From a pod subnet: to an IPv4 address outside the VPC the VPC CNI translates the pod's address
   * to its node's primary one, and the flow leaves by the node's subnet and its routes ("when a Pod
   * communicates to any IPv4 address that isn't within a CIDR block associated to your VPC", eks
   * external-snat); with external SNAT on, the pod subnet's own routes decide.
   */
  private podEgress(pods: Subnet, egress: PodEgress, flow: Flow): Disposition {
    const net = this.ix.networkOf(pods);
    const inside = this.ix.blocksOf(net.id).some((b) => containsAddress(b, flow.dst));
    if (inside || flow.dst.family !== 4) return this.leaveSubnet(pods, flow);
    const setting = `AWS_VPC_K8S_CNI_EXTERNALSNAT=${egress.external}${egress.assumed ? " (assumed: the default)" : ""}`;
    if (egress.external) {
      const hop = this.hop(pods.id, "subnet", `the VPC CNI leaves the pod's address as it is (${setting}): the pod subnet's routes decide`);
      return this.leaveSubnet(pods, flow, hop);
    }
    const nodes = this.ix.subnets.get(egress.nodeSubnetId)!;
    const node = this.nodeAddress(nodes);
    this.hop(
      pods.id,
      "subnet",
      `the VPC CNI translates the pod's source ${fmt(flow.src)} -> ${fmt(node)}, its node's primary address in ${nodes.id}, for ${fmt(flow.dst)} outside the VPC (${setting}): the node's subnet routes it`,
    );
    this.sessions.push({ kind: "pod-snat", node, inside: flow });
    return this.leaveSubnet(nodes, { ...flow, src: node, srcPorts: hasPorts(flow.protocol) ? EPHEMERAL : flow.srcPorts });
  }

  /** A node's primary address in a node subnet: an instance's there, else the subnet's first usable address. */
  private nodeAddress(subnet: Subnet): Address {
    const held = this.ix.topology.interfaces.find((i) => i.subnetId === subnet.id && i.instanceId !== undefined);
    const a = held && this.ix.primaryAddress(held, 4);
    const block = this.ix.blocksOf(subnet.id).find((b) => b.family === 4)!;
    return a ?? addressAt(block, FIRST_USABLE);
  }

  // --- routing ----------------------------------------------------------------------------

  private follow(target: RouteTarget, from: Subnet, flow: Flow): Disposition {
    const net = this.ix.networkOf(from);
    switch (target.kind) {
      case "local":
        return this.acrossNetwork(net, flow);
      case "blackhole":
        return "null-routed";
      case "internet":
        return this.azureInternet(net, from, flow);
      case "interface": {
        const iface = this.ix.interfaceOrInstance(target.id);
        return iface ? this.toAppliance(net, iface, from, flow) : this.leavesModel(target.id, "interface", flow);
      }
      case "appliance": {
        const ip = this.ix.address(target.ip, from.id);
        const subnet = this.ix.subnetAt(net.id, ip);
        if (!subnet && NETWORK_RULES[net.cloud].peeredNextHops) {
          const peered = this.peeredAppliance(net, ip, from, flow);
          if (peered) return peered;
        }
        const holder = subnet && this.ix.holderIn(subnet.id, ip);
        if (holder?.kind === "interface") return this.toAppliance(net, holder.iface, from, flow);
        const why = holder ? `next hop ${target.ip} is ${holderLabel(holder)}, not an appliance's interface` : `no interface holds next hop ${target.ip}`;
        if (!NETWORK_RULES[net.cloud].peeredNextHops) {
          this.hop(net.id, "network", why);
          return "no-route";
        }
        // Azure: a user route whose next hop cannot be reached is invalid, and traffic it matches is dropped.
        this.hop(net.id, "network", `${why}: the route's next hop is unusable, so Azure drops the traffic (next hop None)`);
        return "null-routed";
      }
      case "gateway": {
        const gw = this.ix.gateways.get(target.id);
        if (!gw) return this.leavesModel(target.id, "gateway", flow);
        switch (gw.kind) {
          case "internet-gateway":
            return this.outInternetGateway(gw, net, flow);
          case "egress-only-internet-gateway":
            return this.outEgressOnly(gw, flow);
          case "nat-gateway":
            this.hop(net.id, "network", `forwards to ${gw.id}`);
            return this.throughNat(gw, from, flow);
          case "vpn-gateway":
            return this.toVpn(gw, flow, net);
          case "transit-gateway":
            return this.intoTransit(gw, from, flow);
          case "peering":
            return this.throughPeering(gw, net, flow);
          case "gateway-endpoint":
            this.hop(gw.id, "gateway-endpoint", `to ${gw.serviceName ?? "an AWS service"}`);
            return this.arrive({ at: "outside" }, flow, "exits-network");
        }
      }
    }
  }

  private leavesModel(id: string, kind: HopKind, flow: Flow): Disposition {
    if (this.engine.unread.has(id)) {
      this.unread = id;
      this.hop(id, kind, "could not be read: where it sends the flow is known only when Terraform reads it");
      return "insufficient-info";
    }
    this.hop(id, kind, "not in this topology: traffic leaves the modelled network");
    return this.arrive({ at: "outside" }, flow, "exits-network");
  }

  /** The network's router: delivers to the subnet that holds the destination. */
  private acrossNetwork(net: Network, flow: Flow): Disposition {
    const dest = this.destination(flow);
    const subnet = this.ix.subnetAt(net.id, dest);
    if (!subnet) {
      this.hop(net.id, "network", `no subnet of ${net.id} holds ${fmt(dest)}`);
      return "no-route";
    }
    this.hop(net.id, "network", `delivers to ${subnet.id} (${this.ix.subnetBlockAt(net.id, dest)!.text})`);
    return this.enterSubnet(subnet, flow);
  }

  /**
   * A route's next hop is an interface: it must forward (AWS source/destination check off, Azure IP
   * forwarding on). It sends the flow on out of the interface that leads to the destination: one in
   * the destination's subnet, else the first (primary first) whose subnet routes it elsewhere than
   * back to the appliance. What the appliance itself does (its firewall policy, its routes, its NAT)
   * is in no export: the trace says so.
   */
  private toAppliance(net: Network, iface: NetworkInterface, from: Subnet, flow: Flow): Disposition {
    const subnet = this.ix.subnetOf(iface);
    if (subnet.id !== from.id) {
      this.hop(net.id, "network", `forwards to ${iface.id} in ${subnet.id}`);
      const v = this.engine.enterSubnet(subnet, flow, this.mode);
      this.hop(subnet.id, "subnet", v);
      if (!v.allowed) return "denied";
    }
    const own = this.ownInterface(iface, flow.dst);
    if (own?.id === iface.id) return this.toInterface(iface, flow);
    const into = this.engine.enterInterface(iface, flow, this.mode);
    const hop = this.hop(...interfaceHop(iface), into);
    if (!into.allowed) return "denied";
    if (own) return this.answersItself(iface, own, flow, hop);
    if (!iface.forwarding) {
      const check = CLOUD_TERMS[this.engine.cloudOf(subnet)].forwardingOff;
      note(hop, `drops traffic for ${fmt(flow.dst)}: ${check}`);
      return "denied";
    }
    const label = interfaceHop(iface)[0];
    const firewall = this.engine.firewalls.get(iface.id);
    if (firewall && this.mode === "forward") {
      const v = firewallFilter(firewall, flow);
      note(hop, v);
      if (!v.allowed) return "denied";
    }
    const egress = this.applianceEgress(iface, flow);
    if (!egress) {
      note(hop, `none of ${label}'s interfaces leads to ${fmt(this.destination(flow))} other than back to itself`);
      return "no-route";
    }
    const egressSubnet = this.ix.subnetOf(egress);
    const via = egress.id === iface.id ? "forwards it" : `forwards it out of ${egress.id} in ${egressSubnet.id}`;
    const next = this.applianceSnat(iface, egress, flow);
    const out = this.engine.leaveInterface(egress, next.flow, this.mode);
    const rules = firewall ? "" : `; not enough data to judge ${label}'s own rules (firewall policy, NAT): an appliance's rules are in no export`;
    note(hop, `${via}${next.text}${rules}`, out);
    return out.allowed ? this.leaveSubnet(egressSubnet, next.flow) : "denied";
  }

  /** The appliance's interface the flow leaves by, if one leads anywhere but back to the appliance. */
  private applianceEgress(iface: NetworkInterface, flow: Flow): NetworkInterface | undefined {
    const dest = this.destination(flow);
    const all = this.ix.interfacesOf(iface);
    const connected = all.find((i) => this.ix.blocksOf(i.subnetId).some((b) => containsAddress(b, dest)));
    if (connected) return connected;
    const back = (t: RouteTarget) =>
      (t.kind === "interface" && all.some((i) => i.id === t.id || i.instanceId === t.id)) ||
      (t.kind === "appliance" && all.some((i) => i.privateIps.includes(t.ip)));
    return all.find((i) => {
      const choice = this.engine.routes(this.ix.subnetOf(i)).lookup(dest);
      return choice !== undefined && !back(choice.route.target);
    });
  }

  /**
   * An AWS appliance sending a flow to an internet gateway that cannot translate its source: it must
   * translate the source to its own address there itself (as the NAT instance or firewall it is), or
   * nothing gets out. Assumed, and said so; the reply is translated back and leaves by `ingress`.
   */
  private applianceSnat(ingress: NetworkInterface, egress: NetworkInterface, flow: Flow): { flow: Flow; text: string } {
    const subnet = this.ix.subnetOf(egress);
    const net = this.ix.networkOf(subnet);
    const target = this.engine.routes(subnet).lookup(this.destination(flow))?.route.target;
    const toIgw = target?.kind === "gateway" && this.ix.gateways.get(target.id)?.kind === "internet-gateway";
    const own = this.ix.primaryAddress(egress, 4);
    // Azure Firewall translates a flow to a public destination to its own address, which its public IP stands for
    // (no SNAT to IANA private ranges, RFC 1918 and RFC 6598: isInternetRoutable excludes them).
    const firewall = this.engine.firewalls.get(egress.id);
    if (firewall && own && flow.src.family === 4 && isInternetRoutable(flow.dst) && this.mode === "forward") {
      const pub = this.ix.publicAddressOf(net.id, own);
      this.sessions.push({ kind: "appliance-nat", iface: egress, ingress, inside: flow });
      const translated: Flow = { ...flow, src: own, srcPorts: hasPorts(flow.protocol) ? EPHEMERAL : flow.srcPorts };
      const to = pub ? `, out by its public IP ${fmt(pub)}` : ": it has no public IP in the topology";
      return { flow: translated, text: `; Azure Firewall translates the source ${fmt(flow.src)} -> ${fmt(own)}${to}` };
    }
    if (
      !NETWORK_RULES[net.cloud].internetGateway ||
      !toIgw ||
      flow.src.family !== 4 ||
      !own ||
      this.ix.publicAddressOf(net.id, flow.src) ||
      !this.ix.publicAddressOf(net.id, own)
    ) {
      return { flow, text: "" };
    }
    this.sessions.push({ kind: "appliance-nat", iface: egress, ingress, inside: flow });
    const translated: Flow = { ...flow, src: own, srcPorts: hasPorts(flow.protocol) ? EPHEMERAL : flow.srcPorts };
    return {
      flow: translated,
      text: `; assumed: it translates the source ${fmt(flow.src)} -> ${fmt(own)}, its own address there, as the internet gateway maps only that one`,
    };
  }

  // --- gateways and the internet ------------------------------------------------------------

  /** An internet gateway maps private IPv4 addresses 1:1 to public ones and drops the rest; IPv6 passes as is. */
  private outInternetGateway(gw: Gateway, net: Network, flow: Flow): Disposition {
    if (flow.src.family === 6) {
      this.hop(gw.id, "internet-gateway", "IPv6: forwarded without translation");
      return this.internet(flow);
    }
    const pub = this.ix.publicAddressOf(net.id, flow.src);
    if (!pub) {
      this.hop(gw.id, "internet-gateway", `drops it: ${fmt(flow.src)} has no public IPv4 address to translate to`);
      return "denied";
    }
    this.hop(gw.id, "internet-gateway", `translates source ${fmt(flow.src)} -> ${fmt(pub)} (1:1 public address)`);
    return this.internet({ ...flow, src: pub });
  }

  private outEgressOnly(gw: Gateway, flow: Flow): Disposition {
    if (flow.dst.family === 4) {
      this.hop(gw.id, "egress-only-internet-gateway", "carries IPv6 only");
      return "no-route";
    }
    this.hop(gw.id, "egress-only-internet-gateway", "IPv6 out to the internet (egress-only: replies return, connections from the internet do not)");
    return this.internet(flow);
  }

  /** On the internet: into the topology if it holds the destination's public address, else out of reach. */
  private internet(flow: Flow, translation?: string): Disposition {
    const dst = fmt(flow.dst);
    const prefix = translation ? `${translation}; ` : "";
    const snat = this.mode === "return" ? this.popSession("platform-snat", (s) => sameAddress(s.inside.src, flow.dst)) : undefined;
    if (snat) {
      this.hop(INTERNET, "internet", `${prefix}the reply returns through Azure's outbound SNAT`);
      // To a client outside the network it left (a spoke behind a hub's appliance): routed from where it left.
      const inside = this.ix.blocksOf(snat.network.id).some((b) => containsAddress(b, flow.dst));
      return inside ? this.acrossNetwork(snat.network, flow) : this.leaveSubnet(snat.subnet, flow);
    }
    if (!isInternetRoutable(flow.dst)) {
      this.hop(INTERNET, "internet", `${prefix}${dst} is a private address: the internet does not route it`);
      return "null-routed";
    }
    const owner = this.ix.publicOwner(flow.dst) ?? this.globalIpv6Owner(flow.dst);
    const former = owner || this.mode === "return" ? undefined : this.ix.formerHolder(flow.dst);
    if (former) {
      this.hop(INTERNET, "internet", `${prefix}${dst} was the public address of ${former}, which is deleted: released, nothing of this network answers it`);
      return "unanswered";
    }
    if (!owner) {
      const place: Place = { at: "internet" };
      if (this.mode === "return") {
        this.hop(INTERNET, "internet", `${prefix}the reply reaches the client ${dst}`);
        return this.arrive(place, flow, "accepted");
      }
      this.hop(INTERNET, "internet", `${prefix}leaves to the internet (${dst} is outside this topology)`);
      return this.arrive(place, flow, "exits-network");
    }
    this.hop(INTERNET, "internet", `${prefix}${dst} is the public address of ${holderLabel(owner.holder)}`);
    return this.enterPublic(owner, flow);
  }

  /** An IPv6 interface address is its own public address. */
  private globalIpv6Owner(a: Address): PublicOwner | undefined {
    const holder = a.family === 6 ? this.ix.holdersOf(a)[0] : undefined;
    return holder?.subnet && { holder, privateAddress: a, networkId: holder.subnet.networkId };
  }

  /** From the internet to a public address of the topology. */
  private enterPublic(owner: PublicOwner, flow: Flow): Disposition {
    const net = this.ix.networks.get(owner.networkId)!;
    const inside = { ...flow, dst: owner.privateAddress };
    const subnet = owner.holder.subnet;
    const refused = NETWORK_RULES[net.cloud].internetGateway ? this.throughInternetGateway(net, flow, owner) : undefined;
    if (refused) return refused;
    const firewall = owner.holder.kind === "interface" ? this.engine.firewalls.get(owner.holder.iface.id) : undefined;
    if (firewall && owner.holder.kind === "interface" && this.mode === "forward") return this.firewallInbound(firewall, owner.holder.iface, flow);
    return subnet ? this.enterSubnet(subnet, inside, owner.holder) : this.atHolder(owner.holder, inside);
  }

  /**
   * From the internet to an Azure Firewall's public IP: a DNAT rule translates the destination to
   * its target and the source to an address of the AzureFirewallSubnet (Azure Firewall NAT
   * behaviors), so what the target's NSGs see is the firewall subnet, never the client. The
   * instance's address is any of the subnet's: judged at its last usable one.
   */
  private firewallInbound(fw: Firewall, iface: NetworkInterface, flow: Flow): Disposition {
    const kind = "azure-firewall";
    const rule = firewallDnat(fw, flow);
    const service = `${describeService(flow.protocol, flow.dstPorts)} from ${fmt(flow.src)} to ${fmt(flow.dst)}`;
    if (!rule) {
      this.hop(fw.id, kind, `no DNAT rule matches ${service}: the firewall drops it`);
      return "denied";
    }
    const subnet = this.ix.subnetOf(iface);
    const block = this.ix.blocksOf(subnet.id).find((b) => b.family === flow.src.family);
    const target = this.ix.address(rule.translatedAddress!, fw.id);
    if (!block || target.family !== flow.src.family) {
      this.hop(fw.id, kind, `${dnatLabel(rule)} translates to ${rule.translatedAddress}, which this model cannot follow from ${fmt(flow.src)}`);
      return "no-route";
    }
    const snat = addressAt(block, 2 ** ((block.family === 4 ? 32 : 128) - block.len) - 2);
    const port = rule.translatedPort ?? flow.dstPorts.from;
    const translated: Flow = { ...flow, src: snat, dst: target, dstPorts: { from: port, to: port } };
    this.hop(fw.id, kind, {
      text: `${dnatLabel(rule)} translates destination ${fmt(flow.dst)}:${flow.dstPorts.from} -> ${fmt(target)}:${port} and source ${fmt(flow.src)} -> ${fmt(snat)}, an AzureFirewallSubnet address (${block.text}: the instance's address is any of them)`,
      rules: [{ element: fw.id, name: rule.name }],
    });
    this.sessions.push({ kind: "firewall-dnat", firewall: fw, snat, outside: flow });
    return this.leaveSubnet(subnet, translated);
  }

  /** The internet gateway lets the flow in, translating IPv4; returns how the flow ends when nothing does. */
  private throughInternetGateway(net: Network, flow: Flow, owner: PublicOwner): Disposition | undefined {
    const [igw] = this.ix.gatewaysOf(net.id, "internet-gateway");
    if (igw) {
      const v4 = `translates destination ${fmt(flow.dst)} -> ${fmt(owner.privateAddress)} (1:1 public address)`;
      this.hop(igw.id, "internet-gateway", flow.dst.family === 4 ? v4 : "IPv6: forwarded without translation");
      return undefined;
    }
    const [eigw] = flow.dst.family === 6 ? this.ix.gatewaysOf(net.id, "egress-only-internet-gateway") : [];
    if (eigw) {
      const admits = this.mode === "return";
      const why = admits ? "admits the reply of a connection initiated from inside" : "refuses connections initiated from the internet (egress-only)";
      this.hop(eigw.id, "egress-only-internet-gateway", why);
      return admits ? undefined : "denied";
    }
    this.hop(net.id, "network", "no internet gateway is attached: unreachable from the internet");
    return "no-route";
  }

  /** Routed through a NAT gateway: source translated to its private address (its public one at the internet gateway). */
  private throughNat(gw: Gateway, from: Subnet, flow: Flow): Disposition {
    const kind = "nat-gateway";
    const natSubnet = gw.subnetId === undefined ? undefined : this.ix.subnets.get(gw.subnetId);
    if (!natSubnet || gw.privateIp === undefined) return this.leavesModel(gw.id, kind, flow);
    if (this.mode === "return") {
      this.hop(gw.id, kind, `would translate the reply's source ${fmt(flow.src)} to ${gw.privateIp}, which the client does not expect (asymmetric route)`);
      return "denied";
    }
    // "A NAT gateway supports the following protocols: TCP, UDP, and ICMP" (nat-gateway-basics).
    if (!NAT_PROTOCOLS.has(flow.protocol)) {
      this.hop(gw.id, kind, `translates only TCP, UDP and ICMP: drops ${protocolName(flow.protocol)}`);
      return "denied";
    }
    const parts: Said[] = [];
    if (natSubnet.id !== from.id) {
      const v = this.engine.enterSubnet(natSubnet, flow, this.mode);
      parts.push(v);
      if (!v.allowed) {
        this.hop(gw.id, kind, ...parts);
        return "denied";
      }
    }
    const translated: Flow = { ...flow, src: this.ix.address(gw.privateIp, gw.id), srcPorts: hasPorts(flow.protocol) ? EPHEMERAL : flow.srcPorts };
    parts.push(`translates source ${fmt(flow.src)} -> ${gw.privateIp}`);
    this.hop(gw.id, kind, ...parts);
    this.sessions.push({ kind: "nat", gateway: gw, inside: flow });
    return this.leaveSubnet(natSubnet, translated);
  }

  /** Addressed to a NAT gateway itself: only replies of its sessions get through. */
  private natAddressed(gw: Gateway, subnet: Subnet, flow: Flow): Disposition {
    const session = this.mode === "return" ? this.popSession("nat", (s) => s.gateway.id === gw.id) : undefined;
    if (!session) {
      this.hop(gw.id, "nat-gateway", "no session matches: a NAT gateway accepts no connection initiated towards it");
      return "denied";
    }
    const restored: Flow = { ...flow, dst: session.inside.src, dstPorts: session.inside.srcPorts };
    const hop = this.hop(gw.id, "nat-gateway", `session: translates destination ${fmt(flow.dst)} -> ${fmt(restored.dst)}`);
    // Its inside faces the network: the reply goes on without a hop of the gateway's own subnet.
    return this.leaveSubnet(subnet, restored, hop);
  }

  private toVpn(gw: Gateway, flow: Flow, from?: Network): Disposition {
    // A VNet-to-VNet connection joins two modelled networks: the flow goes on in the one that holds
    // its destination (the far VNet, or a spoke of it using its gateway), from this VNet or its spoke.
    if (from && NETWORK_RULES[from.cloud].gatewayJoinsNetworks && gw.networkIds.length === 2) {
      const dest = this.destination(flow);
      const routes = gatewayRoutes(this.ix, from.id).filter((r) => r.gateway.id === gw.id);
      const route = routes.find((r) => this.ix.blocksOf(r.networkId).some((b) => containsAddress(b, dest))) ?? routes[0];
      const other = route && this.ix.networks.get(route.networkId);
      if (other) {
        const transit = route.transit ? ` (${route.transit.networkIds[1]}'s gateway, through peering ${route.transit.id}: useRemoteGateways)` : "";
        this.hop(gw.id, "vpn-gateway", `VirtualNetworkGateway: through the VNet-to-VNet connection${transit} to ${other.id}`);
        return this.acrossNetwork(other, flow);
      }
    }
    const remote = (gw.remoteCidrs ?? []).map((c) => this.ix.prefix(c, gw.id)).find((p) => containsAddress(p, flow.dst));
    if (!remote) {
      this.hop(gw.id, "vpn-gateway", `no VPN route covers ${fmt(flow.dst)}`);
      return "no-route";
    }
    this.hop(gw.id, "vpn-gateway", `sends it to the VPN (remote network ${remote.text})`);
    return this.arrive({ at: "outside" }, flow, "exits-network");
  }

  /** The interface of a VPC attachment in a zone; `undefined` zone or unknown subnets: any (the first). */
  private attachmentSubnet(a: TransitAttachment, zone: string | undefined): Subnet | undefined {
    const subnets = (a.subnetIds ?? []).map((id) => this.ix.subnets.get(id)).filter((s) => s !== undefined);
    return zone === undefined ? subnets[0] : subnets.find((s) => s.zone === zone);
  }

  /**
   * From a subnet into a transit gateway, through its VPC's attachment: only from a zone where the
   * attachment has an interface (tgw-vpc-attachments), and through the inbound rules of that
   * interface's subnet's network ACL (tgw-nacls).
   */
  private intoTransit(gw: Gateway, from: Subnet, flow: Flow): Disposition {
    const kind = "transit-gateway-attachment";
    const net = this.ix.networkOf(from);
    const entry = this.ix.vpcAttachment(gw.id, net.id);
    if (!entry) {
      this.hop(gw.id, "transit-gateway", `${net.id} has no attachment to ${gw.id}: it drops the traffic`);
      return "no-route";
    }
    if (!entry.subnetIds || entry.subnetIds.length === 0) {
      this.hop(entry.id, kind, `from ${net.id} (the attachment's subnets are not known: judged as if it had one in every zone)`);
      return this.transitRoute(gw, entry, from.zone, flow);
    }
    const subnet = this.attachmentSubnet(entry, from.zone);
    if (!subnet) {
      this.hop(entry.id, kind, `has no interface in ${from.zone}: resources in a zone without one cannot reach ${gw.id}`);
      return "no-route";
    }
    const v = this.engine.enterSubnet(subnet, flow, this.mode);
    this.hop(entry.id, kind, `from ${net.id} in ${subnet.zone ?? "its zone"} through its interface in ${subnet.id}`, v);
    return v.allowed ? this.transitRoute(gw, entry, subnet.zone, flow) : "denied";
  }

  /** Routed by the table `from` is associated with, to the next attachment: a VPC, a peered transit gateway, or beyond. */
  private transitRoute(gw: Gateway, from: TransitAttachment, zone: string | undefined, flow: Flow): Disposition {
    const kind = "transit-gateway";
    const dest = this.destination(flow);
    const table = from.routeTableId === undefined ? undefined : this.ix.transitRouteTables.get(from.routeTableId);
    if (!table) {
      const why =
        from.routeTableId === undefined ? "is associated with no route table" : `is associated with ${from.routeTableId}, which is not in this topology`;
      this.hop(gw.id, kind, `${from.id} ${why}: the traffic is dropped`);
      return "no-route";
    }
    const hit = this.engine.transit(table).longest(dest);
    const route = hit?.values[0];
    if (!hit || !route) {
      this.hop(gw.id, kind, `${table.id}: no route matches ${fmt(dest)}`);
      return "no-route";
    }
    const origin = route.origin ?? "static";
    const tie =
      hit.values.length > 1 && origin === "static" && hit.values.some((r) => r.origin === "propagated")
        ? "; the static route wins over the propagated one"
        : "";
    this.hop(gw.id, kind, {
      text: `${table.id}: route ${hit.prefix.text} -> ${route.attachmentId ?? "blackhole"} (${origin}, longest prefix match${tie})`,
      rules: [{ element: table.id, name: hit.prefix.text }],
    });
    if (route.attachmentId === undefined) return "null-routed";
    const out = this.ix.transitAttachment(gw.id, route.attachmentId);
    if (!out) return this.leavesModel(route.attachmentId, "transit-gateway-attachment", flow);
    switch (out.kind) {
      case "vpc":
        return this.outOfTransit(out, zone, flow);
      case "peering": {
        const peer = out.peerGatewayId === undefined ? undefined : this.ix.gateways.get(out.peerGatewayId);
        const across = peer && this.ix.transitAttachment(peer.id, out.id);
        if (!peer || !across) return this.leavesModel(out.peerGatewayId ?? out.id, "transit-gateway", flow);
        const region = this.ix.networks.get(peer.networkIds[0] ?? "")?.region;
        this.hop(out.id, "transit-gateway-attachment", `peering to ${peer.id}${region ? ` (${region})` : ""}`);
        // Zones do not carry across a peering: the peer picks its own.
        return this.transitRoute(peer, across, undefined, flow);
      }
      default:
        this.hop(out.id, "transit-gateway-attachment", `to a ${out.kind} attachment: traffic leaves the modelled network`);
        return this.arrive({ at: "outside" }, flow, "exits-network");
    }
  }

  /**
   * Out of a transit gateway into a VPC, through the attachment's interface in the zone the flow
   * entered by if it has one there (else another); with appliance mode, one zone for both directions
   * (transit-gateway-appliance-scenario). The interface's subnet routes it on, through its network
   * ACL's outbound rules unless the destination is in that subnet (tgw-nacls).
   */
  private outOfTransit(a: TransitAttachment, zone: string | undefined, flow: Flow): Disposition {
    const kind = "transit-gateway-attachment";
    const net = a.networkId === undefined ? undefined : this.ix.networks.get(a.networkId);
    if (!net) return this.leavesModel(a.networkId ?? a.id, kind, flow);
    if (!a.subnetIds || a.subnetIds.length === 0) {
      this.hop(a.id, kind, `to ${net.id} (the attachment's subnets are not known: delivered by the VPC router)`);
      return this.acrossNetwork(net, flow);
    }
    const key = `${a.gatewayId}|${a.id}`;
    const kept = a.applianceMode ? this.transitZones.get(key) : undefined;
    const same = kept === undefined ? this.attachmentSubnet(a, zone) : undefined;
    const subnet = kept !== undefined ? this.attachmentSubnet(a, kept) : (same ?? this.attachmentSubnet(a, undefined));
    if (!subnet) return this.leavesModel(a.id, kind, flow);
    const why =
      kept !== undefined
        ? "appliance mode: the zone of the flow's first pass"
        : same
          ? "the zone the flow entered by"
          : `no interface in ${zone ?? "the flow's zone"}: the transit gateway picks another zone`;
    if (a.applianceMode) this.transitZones.set(key, subnet.zone);
    this.hop(a.id, kind, `to ${net.id} in ${subnet.zone ?? "its zone"} through its interface in ${subnet.id} (${why})`);
    return this.leaveSubnet(subnet, flow);
  }

  /** A peering carries traffic between its two networks only (no transitive routing). */
  private throughPeering(gw: Gateway, from: Network, flow: Flow): Disposition {
    const dest = this.destination(flow);
    const other = this.ix.networks.get(gw.networkIds.find((id) => id !== from.id) ?? "");
    if (!other) return this.leavesModel(gw.id, "peering", flow);
    if (!this.ix.blocksOf(other.id).some((b) => containsAddress(b, dest))) {
      this.hop(gw.id, "peering", `${fmt(dest)} is not in ${other.id}: a peering carries traffic only between its two networks`);
      return "no-route";
    }
    const refused = this.peeringRefusal(gw, from, other, flow);
    if (refused) {
      this.hop(gw.id, "peering", refused);
      return "denied";
    }
    this.hop(gw.id, "peering", `to ${other.id}${this.forwardedNote(from, other, flow)}`);
    return this.acrossNetwork(other, flow);
  }

  /**
   * Why a peering refuses a flow from `from` into `other`: virtual network access off, or traffic
   * `from` forwards (its source is not one of `from`'s addresses) without `other`'s side allowing
   * forwarded traffic ("Allow 'vnet-1' to receive forwarded traffic from 'vnet-2'", virtual-network-manage-peering).
   */
  private peeringRefusal(gw: Gateway, from: Network, other: Network, flow: Flow): string | undefined {
    if (gw.virtualNetworkAccess === false) return `allowVirtualNetworkAccess is off: ${from.id} cannot reach ${other.id} through this peering`;
    if (!this.forwarded(from, flow)) return undefined;
    const side = peeringSide(this.ix, other.id, from.id);
    if (side && side.allowForwardedTraffic !== true)
      return `${fmt(flow.src)} is not in ${from.id}: traffic ${from.id} forwards, and ${other.id}'s peering ${side.id} does not allow forwarded traffic (allowForwardedTraffic off): dropped`;
    return undefined;
  }

  /** The flow's source is outside `from`'s address space: something in `from` forwards it. */
  private forwarded(from: Network, flow: Flow): boolean {
    return NETWORK_RULES[from.cloud].forwardedTrafficFlag && !this.ix.blocksOf(from.id).some((b) => containsAddress(b, flow.src));
  }

  /** What the trace says of forwarded traffic the peering lets through. */
  private forwardedNote(from: Network, other: Network, flow: Flow): string {
    if (!this.forwarded(from, flow)) return "";
    const side = peeringSide(this.ix, other.id, from.id);
    return side
      ? ` (forwarded traffic from ${fmt(flow.src)}: ${side.id} allows it)`
      : ` (forwarded traffic from ${fmt(flow.src)}: ${other.id}'s side of the peering is not in the topology, assumed to allow it)`;
  }

  /**
   * Azure hub and spoke: a VirtualAppliance next hop in a peered VNet (the hub's firewall) is
   * reached across the peering, and the appliance forwards the flow on. Undefined when no peered VNet
   * holds the address.
   */
  private peeredAppliance(net: Network, ip: Address, from: Subnet, flow: Flow): Disposition | undefined {
    for (const gw of peeringsOf(this.ix, net.id)) {
      const other = this.ix.networks.get(gw.networkIds.find((id) => id !== net.id) ?? "");
      const subnet = other && this.ix.subnetAt(other.id, ip);
      const holder = subnet && this.ix.holderIn(subnet.id, ip);
      if (!other || holder?.kind !== "interface") continue;
      const refused = this.peeringRefusal(gw, net, other, flow);
      if (refused) {
        this.hop(gw.id, "peering", refused);
        return "denied";
      }
      this.hop(gw.id, "peering", `to the next hop ${fmt(ip)} in ${other.id}${this.forwardedNote(net, other, flow)}`);
      return this.toAppliance(other, holder.iface, from, flow);
    }
    return undefined;
  }

  /** Azure next hop Internet: out with the interface's public address, else through Azure's outbound SNAT. */
  private azureInternet(net: Network, from: Subnet, flow: Flow): Disposition {
    const pub = this.ix.publicAddressOf(net.id, flow.src);
    if (pub) return this.internet({ ...flow, src: pub }, `source ${fmt(flow.src)} -> ${fmt(pub)} (the interface's public IP)`);
    if (isInternetRoutable(flow.src)) return this.internet(flow);
    this.sessions.push({ kind: "platform-snat", network: net, subnet: from, inside: flow });
    return this.internet(flow, "source translated by Azure's outbound SNAT (load balancer outbound rule or default outbound access)");
  }

  // --- load balancers and PrivateLink -------------------------------------------------------

  private atLoadBalancer(lb: LoadBalancer, node: LoadBalancerNode, flow: Flow): Disposition {
    const kind = "load-balancer-node";
    if (this.mode === "return") return this.loadBalancerReply(node);
    const parts: Said[] = [];
    const groups = lb.securityGroupIds ?? [];
    // PrivateLink traffic skips the inbound rules when the load balancer is told so (load-balancer-security-groups).
    if (groups.length > 0 && !(flow.viaPrivateLink && lb.enforceSecurityGroupsOnPrivateLink === false)) {
      const v = this.engine.securityGroups.evaluate(groups, "ingress", flow);
      parts.push(v);
      if (!v.allowed) return this.refuse(node.id, kind, parts);
    }
    const listener = listenerFor(lb, flow);
    if (!listener) return this.refuse(node.id, kind, [...parts, `no listener on ${describeService(flow.protocol, flow.dstPorts)}: the load balancer drops it`]);
    const tg = this.ix.targetGroups.get(listener.targetGroupId);
    if (!tg) return this.leavesModel(listener.targetGroupId, "target-group", flow);
    // The listener is the load balancer's forwarding rule: named as data, for what reads where a flow landed.
    parts.push({ text: `listener ${listener.id} (${listener.protocol} ${listener.port}) -> ${tg.id}`, rules: [{ element: lb.id, name: listener.id }] });
    const { choices, why } = chooseTargets(this.ix, lb, tg, node, flow.dst.family);
    if (choices.length === 0) return this.refuse(node.id, kind, [...parts, why]);
    const preserve = clientIpPreserved(lb, tg, flow);
    const self = nodeAddress(this.ix, lb, node, flow.dst.family) ?? flow.dst;
    // Try targets in order (same zone first) and report the first that accepts, else the first failure.
    let first: { walk: Walk; disposition: Disposition } | undefined;
    for (const choice of choices) {
      const walk = this.fork();
      const disposition = walk.guarded(() => walk.toTarget(lb, node, flow, choice, { preserve, self }, parts));
      if (disposition === "accepted") return this.adopt(walk, disposition);
      first ??= { walk, disposition };
    }
    return this.adopt(first!.walk, first!.disposition);
  }

  private refuse(id: string, kind: HopKind, parts: Said[]): Disposition {
    this.hop(id, kind, ...parts);
    return "denied";
  }

  /** From a node to one target, as the client (its address preserved) or as the node itself (`self`). */
  private toTarget(
    lb: LoadBalancer,
    node: LoadBalancerNode,
    flow: Flow,
    choice: TargetChoice,
    source: { preserve: boolean; self: Address },
    parts: Said[],
  ): Disposition {
    const groups = lb.securityGroupIds ?? [];
    const { preserve, self } = source;
    const next: Flow = {
      src: preserve ? flow.src : self,
      srcPorts: preserve || !hasPorts(flow.protocol) ? flow.srcPorts : EPHEMERAL,
      dst: choice.address,
      dstPorts: { from: choice.port, to: choice.port },
      protocol: flow.protocol,
      ...(flow.icmpType === undefined ? {} : { icmpType: flow.icmpType }),
      ...(groups.length > 0 ? { viaGroups: new Set(groups) } : {}),
    };
    const ip = preserve ? "client IP preserved" : `source becomes ${fmt(self)} (client IP not preserved)`;
    const hop = this.hop(node.id, "load-balancer-node", ...parts, `target ${choice.target.id} port ${choice.port} (${choice.why})`, ip);
    if (preserve && sameAddress(next.src, next.dst)) {
      // Hairpinning: the target is the client, and sees its own address as source and destination (load-balancer-troubleshooting, "loopback-timeout").
      note(
        hop,
        `${fmt(next.dst)} is the client itself: with its address preserved the packet's source and destination are both ${fmt(next.dst)}, which its host drops (no loopback through a Network Load Balancer)`,
      );
      return "denied";
    }
    if (groups.length > 0) {
      const out = this.engine.securityGroups.evaluate(groups, "egress", next);
      note(hop, out);
      if (!out.allowed) return "denied";
    }
    const direct = lb.kind === "azure";
    this.sessions.push({ kind: "load-balancer", node, client: flow, steer: preserve && !direct ? self : undefined, direct });
    if (direct) {
      // Azure Load Balancer is pass-through: the flow appears at the backend's subnet as it was sent.
      const subnet = this.ix.subnetAt(lb.networkId, next.dst);
      if (subnet) return this.enterSubnet(subnet, next);
      note(hop, `no subnet of ${lb.networkId} holds ${fmt(next.dst)}`);
      return "no-route";
    }
    const subnet = node.subnetId === undefined ? undefined : this.ix.subnets.get(node.subnetId);
    return subnet ? this.leaveSubnet(subnet, next) : "no-route";
  }

  /** A reply back at the node that forwarded the flow: it returns it to the client. */
  private loadBalancerReply(node: LoadBalancerNode): Disposition {
    const kind = "load-balancer-node";
    const session = this.popSession("load-balancer", (s) => s.node.id === node.id);
    if (!session) return this.refuse(node.id, kind, ["no tracked flow matches: the load balancer drops it"]);
    const back = reply(session.client);
    this.hop(node.id, kind, `returns the reply to ${fmt(back.dst)} (tracked flow)`);
    if (session.client.viaPrivateLink) return this.privateLinkReply();
    const subnet = node.subnetId === undefined ? undefined : this.ix.subnets.get(node.subnetId);
    return subnet ? this.leaveSubnet(subnet, back) : this.internet(back);
  }

  /** Addressed to an interface endpoint: PrivateLink carries it to the service's load balancer. */
  private atEndpoint(ep: Endpoint, iface: NetworkInterface, flow: Flow): Disposition {
    const kind = ep.kind;
    if (this.mode === "return") return this.refuse(ep.id, kind, ["no tracked connection matches: the endpoint drops it"]);
    const v = ep.securityGroupIds
      ? this.engine.securityGroups.evaluate(ep.securityGroupIds, "ingress", flow)
      : this.engine.enterInterface(iface, flow, this.mode);
    const parts: Said[] = [v];
    if (!v.allowed) return this.refuse(ep.id, kind, parts);
    const service = this.ix.endpointService(ep.serviceId);
    if (!service) {
      // The endpoint's interface answers for the service (PrivateLink carries the connection): the
      // flow ends there, at an address of this network, never "exits-network".
      this.hop(ep.id, kind, ...parts, `to ${ep.serviceId}, a service outside this topology: which ports and protocols it answers is in no export`);
      return this.arrive({ at: "interface", iface }, flow, "accepted");
    }
    const refusal = endpointRefusal(ep, service);
    if (refusal) return this.refuse(ep.id, kind, [...parts, refusal]);
    const zone = this.ix.subnetOf(iface).zone;
    const lb = service.loadBalancerIds.map((id) => this.ix.loadBalancers.get(id)).find((l) => l !== undefined);
    const node = lb && (lb.nodes.find((n) => n.zone === zone) ?? lb.nodes[0]);
    const address = lb && node && nodeAddress(this.ix, lb, node, flow.dst.family);
    if (!lb || !node || !address) return this.refuse(ep.id, kind, [...parts, `${service.id} has no load balancer node in this topology`]);
    this.hop(ep.id, kind, ...parts, `forwards to ${service.id}`);
    const approval = service.acceptanceRequired ? "connection accepted" : "accepts connections without approval";
    this.hop(service.id, "endpoint-service", `${approval}; to ${lb.id} node ${node.id}${node.zone ? ` in ${node.zone}` : ""}`);
    this.sessions.push({ kind: "privatelink", endpoint: ep, service, iface, client: flow });
    // The load balancer's security groups see the client's own address (load-balancer-security-groups).
    return this.atLoadBalancer(lb, node, { ...flow, dst: address, viaPrivateLink: true });
  }

  private privateLinkReply(): Disposition {
    const session = this.popSession("privatelink", () => true);
    if (!session) return "denied";
    this.hop(session.service.id, "endpoint-service", "returns the reply through PrivateLink");
    const toClient = reply(session.client);
    this.hop(session.endpoint.id, session.endpoint.kind, `returns the reply to ${fmt(toClient.dst)}`);
    return this.leaveSubnet(this.ix.subnetOf(session.iface), toClient);
  }

  private fork(): Walk {
    const walk = new Walk(this.engine, this.mode);
    walk.hops.push(...this.hops.map((h) => ({ ...h })));
    walk.sessions = [...this.sessions];
    walk.transitZones = new Map(this.transitZones);
    walk.steer = this.steer;
    return walk;
  }

  private adopt(other: Walk, disposition: Disposition): Disposition {
    this.hops.splice(0, this.hops.length, ...other.hops);
    this.sessions = other.sessions;
    this.steer = other.steer;
    this.transitZones = other.transitZones;
    this.end = other.end;
    return disposition;
  }
}
