// AWS describe-* -> security groups and network ACLs.
import { type Json, num, obj, objects, str } from "../../io/json-folder.js";
import type { IcmpMatch, NetworkAclEntry, Peer, PortRange, Protocol, SecurityGroupRule } from "../../topology/model.js";
import { type AwsBuild, tagsOf } from "./export.js";

const NAMED: Record<string, Protocol> = {
  "-1": "all",
  all: "all",
  tcp: "tcp",
  "6": "tcp",
  udp: "udp",
  "17": "udp",
  icmp: "icmp",
  "1": "icmp",
  icmpv6: "icmpv6",
  "58": "icmpv6",
};

/** `-1`, names and IANA numbers, as AWS writes them. */
export function awsProtocol(text: string | undefined): Protocol | undefined {
  if (text === undefined) return undefined;
  const named = NAMED[text.toLowerCase()];
  if (named) return named;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 && n <= 255 ? n : undefined;
}

function isIcmp(p: Protocol): boolean {
  return p === "icmp" || p === "icmpv6";
}

/** TCP/UDP port range; -1 or absent means all ports. */
function portRange(from: number | undefined, to: number | undefined): PortRange | undefined {
  if (from === undefined || from < 0) return undefined;
  return { from, to: to === undefined || to < 0 ? from : to };
}

/** ICMP type and code; -1 means any. */
function icmpMatch(type: number | undefined, code: number | undefined): IcmpMatch | undefined {
  if (type === undefined || type < 0) return undefined;
  return code === undefined || code < 0 ? { type } : { type, code };
}

function peersOf(perm: Json): { peer: Peer; description?: string }[] {
  const described = (peer: Peer, d: Json) => {
    const description = str(d, "Description");
    return description ? { peer, description } : { peer };
  };
  const cidr = (key: string) => (r: Json) => {
    const c = str(r, key);
    return c === undefined ? [] : [described({ kind: "cidr", cidr: c }, r)];
  };
  return [
    ...objects(perm, "IpRanges").flatMap(cidr("CidrIp")),
    ...objects(perm, "Ipv6Ranges").flatMap(cidr("CidrIpv6")),
    ...objects(perm, "PrefixListIds").flatMap((r) => {
      const id = str(r, "PrefixListId");
      return id ? [described({ kind: "prefix-list", id }, r)] : [];
    }),
    ...objects(perm, "UserIdGroupPairs").flatMap((r) => {
      const id = str(r, "GroupId");
      return id ? [described({ kind: "security-group", id }, r)] : [];
    }),
  ];
}

function rulesOf(b: AwsBuild, group: string, perms: Json[], direction: SecurityGroupRule["direction"]): SecurityGroupRule[] {
  return perms.flatMap((perm) => {
    const protocol = awsProtocol(str(perm, "IpProtocol"));
    if (protocol === undefined) {
      b.note(`${group}: a rule with protocol ${String(perm.IpProtocol)}: ignored`);
      return [];
    }
    const from = num(perm, "FromPort");
    const to = num(perm, "ToPort");
    const ports = protocol === "tcp" || protocol === "udp" ? portRange(from, to) : undefined;
    const icmp = isIcmp(protocol) ? icmpMatch(from, to) : undefined;
    return peersOf(perm).map(({ peer, description }) => ({
      direction,
      protocol,
      peer,
      ...(ports ? { ports } : {}),
      ...(icmp ? { icmp } : {}),
      ...(description ? { description } : {}),
    }));
  });
}

export function buildSecurityGroups(b: AwsBuild): void {
  for (const { item, at } of b.ex.get("SecurityGroups")) {
    const id = str(item, "GroupId");
    const networkId = str(item, "VpcId");
    if (!id || !networkId || !b.has(networkId)) continue;
    const rules = [...rulesOf(b, id, objects(item, "IpPermissions"), "ingress"), ...rulesOf(b, id, objects(item, "IpPermissionsEgress"), "egress")];
    const tags = tagsOf(item);
    const name = tags.name ?? str(item, "GroupName");
    b.place(b.topology.securityGroups, { id, networkId, isDefault: str(item, "GroupName") === "default", rules, ...tags, ...(name ? { name } : {}) }, at);
  }
}

/** The `*` rule AWS lists as 32767: the analyzer applies the final deny itself. */
const FINAL_RULE = 32767;

function aclEntry(b: AwsBuild, acl: string, e: Json): NetworkAclEntry | undefined {
  const number = num(e, "RuleNumber");
  const protocol = awsProtocol(str(e, "Protocol"));
  const cidr = str(e, "CidrBlock") ?? str(e, "Ipv6CidrBlock");
  const action = str(e, "RuleAction");
  if (number === FINAL_RULE) return undefined;
  if (number === undefined || protocol === undefined || !cidr || (action !== "allow" && action !== "deny")) {
    b.note(`${acl}: an entry without a number, protocol, block or action: ignored`);
    return undefined;
  }
  const range = obj(e, "PortRange");
  const ports = protocol === "tcp" || protocol === "udp" ? portRange(num(range, "From"), num(range, "To")) : undefined;
  const code = obj(e, "IcmpTypeCode");
  const icmp = isIcmp(protocol) ? icmpMatch(num(code, "Type"), num(code, "Code")) : undefined;
  return { number, direction: e.Egress === true ? "egress" : "ingress", action, protocol, cidr, ...(ports ? { ports } : {}), ...(icmp ? { icmp } : {}) };
}

export function buildNetworkAcls(b: AwsBuild): void {
  const subnets = new Map(b.topology.subnets.map((s) => [s.id, s]));
  const networks = new Map(b.topology.networks.map((n) => [n.id, n]));
  for (const { item, at } of b.ex.get("NetworkAcls")) {
    const id = str(item, "NetworkAclId");
    const networkId = str(item, "VpcId");
    if (!id || !networkId || !networks.has(networkId)) continue;
    const entries = objects(item, "Entries")
      .map((e) => aclEntry(b, id, e))
      .filter((e) => e !== undefined);
    const isDefault = item.IsDefault === true;
    b.place(b.topology.networkAcls, { id, networkId, isDefault, entries, ...tagsOf(item) }, at);
    if (isDefault) networks.get(networkId)!.defaultNetworkAclId = id;
    for (const a of objects(item, "Associations")) {
      const subnet = subnets.get(str(a, "SubnetId") ?? "");
      if (subnet) subnet.networkAclId = id;
    }
  }
}
