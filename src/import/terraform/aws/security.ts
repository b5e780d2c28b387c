// AWS traffic filters in Terraform: security groups and their rules (inline, legacy and per-rule resources), network ACLs.
// Each function reads one family into the mapping's shared state (index.ts).
import type { Network, NetworkAcl, NetworkAclEntry, Peer, Protocol, SecurityGroup, SecurityGroupRule } from "../../../topology/model.js";
import { type TfBlock, type TfInstance, modulePrefix } from "../mapper.js";
import type { AwsMapping } from "./index.js";
import { WORLD } from "./shared.js";

// --- security groups and network ACLs -----------------------------------------------------

export function securityGroupsOf(m: AwsMapping): void {
  const c = m.c;
  const managed = new Set<string>();
  for (const inst of c.of("aws_security_group", "aws_default_security_group", "data.aws_security_group")) {
    const isDefault = inst.type === "aws_default_security_group";
    const vpc = c.value(inst, "vpc_id");
    const id = c.knownIdent(vpc);
    const network = id === undefined ? undefined : m.networks.get(id);
    // A data source not read yet is a gap already; a managed group outside any known VPC is unplaced.
    if (!network && inst.mode === "data") continue;
    const unplaced =
      vpc === null ? "it has no vpc_id: it is in the region's default VPC, which is not in this configuration" : m.c.outside(inst, "vpc_id", vpc, "VPC").why;
    const name = c.label(c.value(inst, "name"));
    const group: SecurityGroup = {
      ...c.element(inst, name),
      ...(network ? { networkId: network.id } : { unknown: { network: unplaced } }),
      ...(isDefault ? { isDefault: true } : {}),
      rules: [],
    };
    m.groups.set(group.id, group);
    c.topology.securityGroups.push(group);
    if (isDefault && network) {
      managed.add(network.id);
      c.alias(`${network.id}.default_security_group_id`, group.id);
    }
    if (inst.mode === "managed") {
      for (const direction of ["ingress", "egress"] as const) {
        inst.blocks(direction).forEach((b, i) => inlineRule(m, inst, group, b, direction, `${inst.address}.${direction}[${i}]`));
      }
    }
  }
  // Without aws_default_security_group, each VPC keeps the group AWS creates: all traffic among its members, all egress.
  for (const network of m.networks.values()) {
    if (managed.has(network.id) || c.instance(network.id)?.mode !== "managed") continue;
    const id = `${network.id}.default_security_group_id`;
    const egress: SecurityGroupRule[] = WORLD.filter((w) => w === "0.0.0.0/0" || network.cidrs.some((b) => b.includes(":"))).map((cidr) => ({
      direction: "egress",
      protocol: "all",
      peer: { kind: "cidr", cidr },
    }));
    const group: SecurityGroup = {
      id,
      name: "default",
      networkId: network.id,
      isDefault: true,
      rules: [{ direction: "ingress", protocol: "all", peer: { kind: "security-group", id } }, ...egress],
    };
    m.groups.set(id, group);
    c.topology.securityGroups.push(group);
  }
  for (const inst of c.of("aws_security_group_rule")) legacyRule(m, inst);
  for (const inst of c.of("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule")) vpcRule(m, inst);
  // A state lists every rule of a group inline, those of separate rule resources too: keep those once.
  for (const group of m.groups.values()) {
    const separate = group.rules.filter((r) => r.id !== undefined && c.instance(r.id.replace(/ #\d+$/, "")) !== undefined);
    const same = (a: SecurityGroupRule, b: SecurityGroupRule) =>
      JSON.stringify({ ...a, id: 0, description: 0 }) === JSON.stringify({ ...b, id: 0, description: 0 });
    group.rules = group.rules.filter((r) => separate.includes(r) || !separate.some((s) => same(r, s)));
  }
}

/** Ports of an SG rule: none for all protocols; ICMP's type and code travel in from/to_port. */
export function ruleMatch(protocol: Protocol, from: number | undefined, to: number | undefined): Pick<SecurityGroupRule, "ports" | "icmp"> {
  if (protocol === "icmp" || protocol === "icmpv6") {
    return from === undefined || from < 0 ? {} : { icmp: { type: from, ...(to !== undefined && to >= 0 ? { code: to } : {}) } };
  }
  if (protocol !== "tcp" && protocol !== "udp") return {};
  if (from === undefined || to === undefined || (from <= 0 && to >= 65535) || from < 0) return {};
  return { ports: { from, to } };
}

/** One rule per peer: `cidr_blocks`, `ipv6_cidr_blocks`, `prefix_list_ids`, `security_groups`, `self`. */
export function peers(m: AwsMapping, inst: TfInstance, b: TfBlock, subject: string, group: SecurityGroup, groupsArg: string): Peer[] {
  const c = m.c;
  const module = modulePrefix(inst);
  const peers: Peer[] = [
    ...c.cidrs(b.arg("cidr_blocks"), `${subject}.cidr_blocks`).map((cidr): Peer => ({ kind: "cidr", cidr })),
    ...c.cidrs(b.arg("ipv6_cidr_blocks"), `${subject}.ipv6_cidr_blocks`).map((cidr): Peer => ({ kind: "cidr", cidr })),
    ...c.refIdents(b.arg("prefix_list_ids"), `${subject}.prefix_list_ids`, module).map((id): Peer => ({ kind: "prefix-list", id })),
    // A group outside this configuration is named by its reference: the rule admits its members, whoever they are.
    ...c.refIdents(b.arg(groupsArg), `${subject}.${groupsArg}`, module).map((id): Peer => ({ kind: "security-group", id })),
  ];
  if (b.arg("self") === true) peers.push({ kind: "security-group", id: group.id });
  return peers;
}

export function pushRules(
  group: SecurityGroup,
  id: string,
  direction: SecurityGroupRule["direction"],
  protocol: Protocol,
  match: Pick<SecurityGroupRule, "ports" | "icmp">,
  peers: Peer[],
  description: string | undefined,
): void {
  peers.forEach((peer, i) => {
    group.rules.push({
      id: peers.length > 1 ? `${id} #${i + 1}` : id,
      direction,
      protocol,
      ...match,
      peer,
      ...(description ? { description } : {}),
    });
  });
}

export function inlineRule(m: AwsMapping, inst: TfInstance, group: SecurityGroup, b: TfBlock, direction: SecurityGroupRule["direction"], id: string): void {
  const c = m.c;
  const protocol = c.protocol(b.arg("protocol"), `${id}.protocol`);
  if (protocol === undefined) return;
  const match = ruleMatch(protocol, c.num(b.arg("from_port"), `${id}.from_port`), c.num(b.arg("to_port"), `${id}.to_port`));
  pushRules(group, id, direction, protocol, match, peers(m, inst, b, id, group, "security_groups"), c.str(b.arg("description"), `${id}.description`));
}

/**
 * The group a separate rule belongs to. One outside this configuration (`var.security_group_id`
 * in a child module, a group of another stack) is kept unplaced, under the name the rule gives
 * it, with the rules written here: they are judged on their own.
 */
export function ruleGroup(m: AwsMapping, inst: TfInstance): SecurityGroup | undefined {
  const v = inst.arg("security_group_id");
  const id = m.c.knownIdent(v);
  const found = id === undefined ? undefined : m.groups.get(id);
  if (found) return found;
  if (v === null) return void m.c.gap(inst.address, "it has no security_group_id");
  const { ref, why } = m.c.outside(inst, "security_group_id", v, "security group");
  let group = m.groups.get(ref);
  if (!group) {
    const isDefault = ref.endsWith(".default_security_group_id") || /(^|\.)aws_default_security_group\./.test(ref);
    group = {
      id: ref,
      ...(isDefault ? { isDefault: true } : {}),
      rules: [],
      unknown: { network: why, rules: `${why}: only the rules written as separate resources are known` },
    };
    m.groups.set(ref, group);
    m.c.topology.securityGroups.push(group);
  }
  return group;
}

export function legacyRule(m: AwsMapping, inst: TfInstance): void {
  const c = m.c;
  const group = ruleGroup(m, inst);
  const type = c.str(inst.arg("type"), m.at(inst, "type"));
  const protocol = c.protocol(inst.arg("protocol"), m.at(inst, "protocol"));
  if (type !== undefined && type !== "ingress" && type !== "egress") {
    return c.invalid(inst.address, `type = ${JSON.stringify(type)} is not ingress or egress: Terraform rejects the rule, so it admits nothing`);
  }
  if (!group || type === undefined || protocol === undefined) return;
  const match = ruleMatch(protocol, c.num(inst.arg("from_port"), m.at(inst, "from_port")), c.num(inst.arg("to_port"), m.at(inst, "to_port")));
  pushRules(
    group,
    inst.address,
    type,
    protocol,
    match,
    peers(m, inst, inst, inst.address, group, "source_security_group_id"),
    c.str(inst.arg("description"), m.at(inst, "description")),
  );
}

export function vpcRule(m: AwsMapping, inst: TfInstance): void {
  const c = m.c;
  const group = ruleGroup(m, inst);
  const protocol = c.protocol(inst.arg("ip_protocol"), m.at(inst, "ip_protocol"));
  if (!group || protocol === undefined) return;
  const direction = inst.type === "aws_vpc_security_group_ingress_rule" ? "ingress" : "egress";
  const match = ruleMatch(protocol, c.num(inst.arg("from_port"), m.at(inst, "from_port")), c.num(inst.arg("to_port"), m.at(inst, "to_port")));
  const peers: Peer[] = [];
  for (const name of ["cidr_ipv4", "cidr_ipv6"]) {
    const cidr = c.cidr(inst.arg(name), m.at(inst, name));
    if (cidr) peers.push({ kind: "cidr", cidr });
  }
  const module = modulePrefix(inst);
  for (const id of c.refIdents(inst.arg("prefix_list_id"), m.at(inst, "prefix_list_id"), module)) peers.push({ kind: "prefix-list", id });
  for (const id of c.refIdents(inst.arg("referenced_security_group_id"), m.at(inst, "referenced_security_group_id"), module))
    peers.push({ kind: "security-group", id });
  if (peers.length === 0 && !["cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id"].some((n) => inst.arg(n) !== null)) {
    const side = direction === "ingress" ? "source" : "destination";
    c.invalid(
      inst.address,
      `it names no ${side} (cidr_ipv4, cidr_ipv6, prefix_list_id or referenced_security_group_id): AWS refuses a rule without one, so it admits nothing`,
    );
  }
  pushRules(group, inst.address, direction, protocol, match, peers, c.str(inst.arg("description"), m.at(inst, "description")));
}

export function networkAclsOf(m: AwsMapping): void {
  const c = m.c;
  for (const inst of c.of("aws_network_acl", "aws_default_network_acl")) {
    const isDefault = inst.type === "aws_default_network_acl";
    let network: Network | undefined;
    if (isDefault) {
      const id = c.ident(inst.arg("default_network_acl_id"), m.at(inst, "default_network_acl_id"));
      network = m.vpcOfDefault(id, "default_network_acl_id");
      if (!network) c.gap(inst.address, `its VPC is not in this configuration (default_network_acl_id ${id ?? "unknown"})`);
    } else network = m.find(m.networks, inst, "vpc_id", "VPC");
    if (!network) continue;
    const acl: NetworkAcl = { ...c.element(inst), networkId: network.id, ...(isDefault ? { isDefault: true } : {}), entries: [] };
    m.acls.set(acl.id, acl);
    c.topology.networkAcls.push(acl);
    if (isDefault) network.defaultNetworkAclId = acl.id;
    for (const direction of ["ingress", "egress"] as const) {
      inst.blocks(direction).forEach((b, i) => {
        const id = `${inst.address}.${direction}[${i}]`;
        aclEntry(m, acl, b, id, direction, "rule_no", "action");
      });
    }
    for (const subnet of c.idents(inst.arg("subnet_ids"), m.at(inst, "subnet_ids"))) associateAcl(m, inst, subnet, acl);
  }
  for (const inst of c.of("aws_network_acl_rule")) {
    const acl = m.find(m.acls, inst, "network_acl_id", "network ACL");
    if (acl) aclEntry(m, acl, inst, inst.address, inst.arg("egress") === true ? "egress" : "ingress", "rule_number", "rule_action");
  }
  for (const inst of c.of("aws_network_acl_association")) {
    const acl = m.find(m.acls, inst, "network_acl_id", "network ACL");
    const subnet = c.ident(inst.arg("subnet_id"), m.at(inst, "subnet_id"));
    if (acl && subnet) associateAcl(m, inst, subnet, acl);
  }
}

export function associateAcl(m: AwsMapping, inst: TfInstance, subnetId: string, acl: NetworkAcl): void {
  const subnet = m.subnets.get(subnetId);
  if (subnet) subnet.networkAclId = acl.id;
  else m.c.gap(inst.address, `its subnet ${subnetId} is not in this configuration`);
}

export function aclEntry(
  m: AwsMapping,
  acl: NetworkAcl,
  b: TfBlock,
  id: string,
  direction: NetworkAclEntry["direction"],
  numberArg: string,
  actionArg: string,
): void {
  const c = m.c;
  const number = c.num(b.arg(numberArg), `${id}.${numberArg}`);
  const action = c.str(b.arg(actionArg), `${id}.${actionArg}`)?.toLowerCase();
  const protocol = c.protocol(b.arg("protocol"), `${id}.protocol`);
  const cidr = c.cidr(b.arg("cidr_block"), `${id}.cidr_block`) ?? c.cidr(b.arg("ipv6_cidr_block"), `${id}.ipv6_cidr_block`);
  if (number === undefined || (action !== "allow" && action !== "deny") || protocol === undefined || cidr === undefined) {
    if (number !== undefined && protocol !== undefined && cidr !== undefined) c.gap(id, `"${action}" is not allow or deny`);
    return;
  }
  const entry: NetworkAclEntry = { id, number, direction, action, protocol, cidr };
  if (protocol === "tcp" || protocol === "udp") {
    const from = c.num(b.arg("from_port"), `${id}.from_port`);
    const to = c.num(b.arg("to_port"), `${id}.to_port`);
    if (from !== undefined && to !== undefined && !(from <= 0 && to >= 65535)) entry.ports = { from, to };
  } else if (protocol === "icmp" || protocol === "icmpv6") {
    const type = c.num(b.arg("icmp_type"), `${id}.icmp_type`);
    const code = c.num(b.arg("icmp_code"), `${id}.icmp_code`);
    if (type !== undefined && type >= 0) entry.icmp = { type, ...(code !== undefined && code >= 0 ? { code } : {}) };
  }
  acl.entries.push(entry);
}
