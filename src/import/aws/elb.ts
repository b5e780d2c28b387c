// AWS elbv2 describe-* -> load balancers (a node per enabled subnet, addressed by its network
// interface), listeners, target groups with their registered targets and health.
import { type Json, num, obj, objects, str, strings } from "../../io/json-folder.js";
import type { Listener, ListenerProtocol, LoadBalancer, LoadBalancerNode, NetworkInterface, Target, TargetGroup } from "../../topology/model.js";
import { type AwsBuild, missing } from "./export.js";

const PROTOCOLS = new Set<ListenerProtocol>(["tcp", "udp", "tcp_udp", "tls", "http", "https"]);
const KINDS = new Set<LoadBalancer["kind"]>(["network", "application", "gateway"]);

export function listenerProtocol(text: string | undefined): ListenerProtocol | undefined {
  const p = text?.toLowerCase() as ListenerProtocol | undefined;
  return p && PROTOCOLS.has(p) ? p : undefined;
}

/** `Attributes: [{Key, Value}]` of each resource, by ARN. */
function attributes(b: AwsBuild, kind: "LoadBalancerAttributes" | "TargetGroupAttributes", arnKey: string): Map<string, Map<string, string>> {
  const byArn = new Map<string, Map<string, string>>();
  for (const { item } of b.ex.get(kind)) {
    const arn = str(item, arnKey);
    if (!arn) continue;
    byArn.set(arn, new Map(objects(item, "Attributes").map((a) => [str(a, "Key") ?? "", str(a, "Value") ?? ""])));
  }
  return byArn;
}

function flag(value: string | undefined): boolean | undefined {
  return value === "true" ? true : value === "false" ? false : undefined;
}

/**
 * The network interfaces of each load balancer by subnet: ELB describes its interfaces as
 * `ELB net/<name>/<id>` (the end of the load balancer's ARN).
 */
function lbInterfaces(b: AwsBuild): Map<string, NetworkInterface[]> {
  const byId = new Map(b.topology.interfaces.map((i) => [i.id, i]));
  const out = new Map<string, NetworkInterface[]>();
  for (const { item } of b.ex.get("NetworkInterfaces")) {
    const description = str(item, "Description");
    const iface = byId.get(str(item, "NetworkInterfaceId") ?? "");
    if (!description?.startsWith("ELB ") || !iface) continue;
    const key = `${description.slice(4)}|${iface.subnetId}`;
    out.set(key, [...(out.get(key) ?? []), iface]);
  }
  return out;
}

function nodeOf(b: AwsBuild, lb: Json, zone: Json, enis: Map<string, NetworkInterface[]>): LoadBalancerNode | undefined {
  const arn = str(lb, "LoadBalancerArn")!;
  const subnetId = str(zone, "SubnetId");
  const zoneName = str(zone, "ZoneName");
  if (!subnetId) return undefined;
  const own = enis.get(`${arn.split(":loadbalancer/")[1] ?? ""}|${subnetId}`) ?? [];
  const addresses = objects(zone, "LoadBalancerAddresses");
  // Pairs of (private, public): from the static addresses AWS lists for the zone, else from the interfaces.
  const pairs = addresses.some((a) => str(a, "PrivateIPv4Address"))
    ? addresses.map((a) => [str(a, "PrivateIPv4Address"), str(a, "IpAddress")] as const)
    : own.flatMap((i) => i.privateIps.map((p) => [p, i.publicIps?.find((m) => (m.privateIp ?? i.privateIps[0]) === p)?.publicIp] as const));
  const withPublic = pairs.filter(([p, pub]) => p && pub);
  const privateOnly = pairs.filter(([p, pub]) => p && !pub);
  const privateIps = [...withPublic, ...privateOnly].map(([p]) => p!);
  const publicIps = withPublic.map(([, pub]) => pub!);
  if (privateIps.length === 0) {
    const name = str(lb, "LoadBalancerName") ?? arn;
    const why = b.ex.seen.has("NetworkInterfaces") ? "it has no network interface in the export" : missing("NetworkInterfaces");
    b.gap(`traffic to load balancer ${name} in ${zoneName ?? subnetId}`, why);
  }
  return {
    id: own[0]?.id ?? `${str(lb, "LoadBalancerName") ?? arn}/${zoneName ?? subnetId}`,
    subnetId,
    privateIps,
    ...(zoneName ? { zone: zoneName } : {}),
    ...(publicIps.length ? { publicIps } : {}),
  };
}

function listenersByLb(b: AwsBuild): Map<string, Listener[]> {
  const out = new Map<string, Listener[]>();
  for (const { item } of b.ex.get("Listeners")) {
    const id = str(item, "ListenerArn");
    const lb = str(item, "LoadBalancerArn");
    const port = num(item, "Port");
    const protocol = listenerProtocol(str(item, "Protocol"));
    if (!id || !lb || port === undefined || !protocol) continue;
    const forward = objects(item, "DefaultActions").find((a) => str(a, "Type") === "forward");
    const targetGroupId = str(forward, "TargetGroupArn") ?? str(objects(obj(forward, "ForwardConfig"), "TargetGroups")[0], "TargetGroupArn");
    if (!targetGroupId) {
      b.note(`listener ${id}: its default action does not forward to a target group (redirect, fixed response, …): left out`);
      continue;
    }
    out.set(lb, [...(out.get(lb) ?? []), { id, port, protocol, targetGroupId }]);
  }
  return out;
}

export function buildLoadBalancers(b: AwsBuild): void {
  const lbs = b.ex.get("LoadBalancers");
  if (lbs.length > 0 && !b.ex.seen.has("Listeners")) b.gap("what the load balancers forward", missing("Listeners"));
  const enis = lbInterfaces(b);
  const listeners = listenersByLb(b);
  const attrs = attributes(b, "LoadBalancerAttributes", "LoadBalancerArn");
  for (const { item, at } of lbs) {
    const id = str(item, "LoadBalancerArn");
    const networkId = str(item, "VpcId");
    const kind = str(item, "Type") as LoadBalancer["kind"] | undefined;
    if (!id || !networkId || !b.has(networkId)) continue;
    if (!kind || !KINDS.has(kind)) {
      b.note(`${id}: load balancer type ${String(kind)}: left out`);
      continue;
    }
    const name = str(item, "LoadBalancerName");
    const own = attrs.get(id);
    if (!own && kind === "network")
      b.gap(`cross-zone load balancing of ${name ?? id}`, "its attributes are not in the export (aws elbv2 describe-load-balancer-attributes)");
    const crossZone = flag(own?.get("load_balancing.cross_zone.enabled"));
    const groups = strings(item, "SecurityGroups");
    const dnsName = str(item, "DNSName");
    const enforce = str(item, "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic");
    const lb: LoadBalancer = {
      id,
      kind,
      networkId,
      scheme: str(item, "Scheme") === "internet-facing" ? "internet-facing" : "internal",
      nodes: objects(item, "AvailabilityZones")
        .map((z) => nodeOf(b, item, z, enis))
        .filter((n) => n !== undefined),
      listeners: listeners.get(id) ?? [],
      ...(name ? { name } : {}),
      ...(groups.length ? { securityGroupIds: groups } : {}),
      ...(crossZone === undefined ? {} : { crossZone }),
      ...(dnsName ? { dnsName } : {}),
      ...(enforce ? { enforceSecurityGroupsOnPrivateLink: enforce !== "off" } : {}),
    };
    b.place(b.topology.loadBalancers, lb, at);
  }
  buildTargetGroups(b);
}

const HEALTH: Record<string, Target["health"]> = {
  healthy: "healthy",
  // Draining targets take no new connections; `unused` ones are in no enabled zone or group in use.
  unhealthy: "unhealthy",
  draining: "unhealthy",
  unused: "unhealthy",
  // `initial`: being registered; `unavailable`: health checks off, and AWS then routes to them.
  initial: "unknown",
  unavailable: "unknown",
};

function targetOf(d: Json): Target | undefined {
  const t = obj(d, "Target");
  const id = str(t, "Id");
  if (!id) return undefined;
  const port = num(t, "Port");
  const zone = str(t, "AvailabilityZone");
  const health = HEALTH[str(obj(d, "TargetHealth"), "State") ?? ""] ?? "unknown";
  return { id, health, ...(port === undefined ? {} : { port }), ...(zone && zone !== "all" ? { zone } : {}) };
}

/** Registered targets by target group; health output that names no group goes to the only group, if there is one. */
function targetsByGroup(b: AwsBuild, groups: readonly Json[]): Map<string, Target[]> {
  const out = new Map<string, Target[]>();
  for (const { item, at } of b.ex.get("TargetHealth")) {
    const arn = str(item, "TargetGroupArn") ?? (groups.length === 1 ? str(groups[0], "TargetGroupArn") : undefined);
    if (!arn) {
      b.note(`${at.file}: target health of an unnamed target group, and the export has ${groups.length} target groups: ignored (wrap it as the README shows)`);
      continue;
    }
    const targets = objects(item, "TargetHealthDescriptions")
      .map(targetOf)
      .filter((t) => t !== undefined);
    out.set(arn, [...(out.get(arn) ?? []), ...targets]);
  }
  return out;
}

function buildTargetGroups(b: AwsBuild): void {
  const used = new Set(b.topology.loadBalancers.flatMap((lb) => lb.listeners.map((l) => l.targetGroupId)));
  const records = b.ex.get("TargetGroups").filter(({ item }) => used.has(str(item, "TargetGroupArn") ?? "") || b.has(str(item, "VpcId") ?? ""));
  const targets = targetsByGroup(
    b,
    records.map((r) => r.item),
  );
  const attrs = attributes(b, "TargetGroupAttributes", "TargetGroupArn");
  for (const { item, at } of records) {
    const id = str(item, "TargetGroupArn")!;
    const targetType = str(item, "TargetType");
    const protocol = listenerProtocol(str(item, "Protocol"));
    const name = str(item, "TargetGroupName") ?? id;
    if ((targetType !== "instance" && targetType !== "ip") || !protocol) {
      b.note(`target group ${name}: ${targetType} targets over ${String(item.Protocol)} are not modelled: left out`);
      continue;
    }
    const registered = targets.get(id);
    if (!registered && used.has(id))
      b.gap(`which targets ${name} sends traffic to`, b.ex.seen.has("TargetHealth") ? "its target health is not in the export" : missing("TargetHealth"));
    const own = attrs.get(id);
    const crossZone = flag(own?.get("load_balancing.cross_zone.enabled"));
    const preserve = flag(own?.get("preserve_client_ip.enabled"));
    const port = num(item, "Port");
    const group: TargetGroup = {
      id,
      name,
      protocol,
      targetType,
      targets: registered ?? [],
      ...(port === undefined ? {} : { port }),
      ...(preserve === undefined ? {} : { preserveClientIp: preserve }),
      // `use_load_balancer_configuration` leaves it to the load balancer.
      ...(crossZone === undefined ? {} : { crossZone }),
    };
    b.place(b.topology.targetGroups, group, at);
  }
  const exported = new Set(b.ex.get("TargetGroups").map(({ item }) => str(item, "TargetGroupArn")));
  const why = b.ex.seen.has("TargetGroups") ? "it is not in the export" : missing("TargetGroups");
  for (const tg of used) if (!exported.has(tg)) b.gap(`where listeners forwarding to ${tg} send traffic`, why);
}
