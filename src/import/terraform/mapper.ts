// What both Terraform importers share: resource instances as the mapper reads them (a configuration
// evaluates its expressions, `terraform show -json` has values and references), the stand-ins for
// values only the cloud assigns at apply time, and the reading helpers that turn what cannot be
// known into gaps. The resource mapping itself is in terraform-aws.ts and terraform-azure.ts.
import { type Address, FAMILY_BITS, type Family, type Prefix, addressKey, formatAddress, parseAddress, parsePrefix } from "../../ipam/prefix.js";
import { type PolicyDocument, type PolicyStatement, type Protocol, type SourceLocation, type Topology, emptyTopology } from "../../topology/model.js";
import { awsProtocol } from "../aws/filters.js";
import { Lazy, UNKNOWN_PARTS, Unknown, type Val, isMap, toNumber } from "./evaluate.js";
import { type Gap, type ImportResult, type InvalidInput, uniqueGaps } from "../types.js";
import { few } from "../../io/text.js";

export type { ImportResult };

/** A nested block, or a resource instance's own body. */
export interface TfBlock {
  /** A configured (or, from a plan or state, known) argument; null when absent. */
  arg(name: string): Val;
  /** The nested blocks of that name, dynamic blocks expanded. */
  blocks(name: string): TfBlock[];
}

/** One instance of a resource or data source, as both importers present it. */
export interface TfInstance extends TfBlock {
  /** `module.net.aws_subnet.public["eu-west-1a"]`. */
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  /** The name label: `public`. */
  readonly name: string;
  /** The block without the instance key, for locations: `module.net.aws_subnet.public`. */
  readonly block: string;
  readonly location?: SourceLocation;
  /** A computed attribute: the known value, else a stand-in (see standIn), else an Unknown saying why. */
  attr(name: string): Val;
  /** The references in an argument's expression (`data.azurerm_subnet.nodes.route_table_id`). */
  references(name: string): string[];
}

/**
 * Addresses the cloud assigns at apply time, as deterministic stand-ins so that reachability can
 * follow the structure (which NAT gateway, which zone) before they exist: public IPv4 addresses
 * from the documentation ranges 198.51.100.0/24 and 192.0.2.0/24 (RFC 5737), IPv6 /56 blocks
 * from 2001:db8::/32 (RFC 3849). The same input gives the same stand-ins.
 */
export class StandIns {
  private readonly publics = new Map<string, string>();
  private readonly blocks6 = new Map<string, string>();

  /** Whether any stand-in was given, for a note in the result. */
  get used(): boolean {
    return this.publics.size + this.blocks6.size > 0;
  }

  publicIpv4(owner: string): string | Unknown {
    let ip = this.publics.get(owner);
    if (!ip) {
      const n = this.publics.size;
      if (n >= 2 * 254) return new Unknown(`${owner}'s public address: more than ${2 * 254} are assigned at apply time`);
      ip = `${n < 254 ? "198.51.100" : "192.0.2"}.${(n % 254) + 1}`;
      this.publics.set(owner, ip);
    }
    return ip;
  }

  /** A /64 of a VPC's /56 for a subnet whose block is computed from the VPC's at apply time: one per subnet, in order. */
  ipv6Subnet(vpcBlock: string, owner: string): string {
    let block = this.blocks6.get(owner);
    if (!block) {
      const taken = [...this.blocks6.keys()].filter((k) => k.startsWith(`${vpcBlock} `)).length;
      // A stand-in /56 (2001:db8:100::/56) leaves the fourth group's low byte to its /64s.
      block = `${vpcBlock.replace(/::\/56$/, "")}:${taken.toString(16)}::/64`;
      this.blocks6.set(owner, block);
      this.blocks6.set(`${vpcBlock} ${owner}`, block);
    }
    return block;
  }

  isStandIn(block: string): boolean {
    return [...this.blocks6.values()].includes(block);
  }

  ipv6Block(owner: string): string {
    let block = this.blocks6.get(owner);
    if (!block) {
      block = `2001:db8:${(0x100 + this.blocks6.size).toString(16)}::/56`;
      this.blocks6.set(owner, block);
    }
    return block;
  }
}

/** Computes attributes only a provider knows from the instance's arguments (IAM policy documents). */
export type Computer = (inst: TfInstance) => Val;

/**
 * The value of a computed attribute before apply: ids and ARNs are the instance's address (so
 * references resolve to the element), other `*_id`/`*_arn` attributes `<address>.<attribute>`,
 * cloud-assigned addresses a stand-in, and what a provider computes from arguments (a policy
 * document's JSON) computed; anything else is an Unknown saying when it becomes known.
 */
export function standIn(inst: TfInstance, name: string, standIns: StandIns, computers: Record<string, Computer>): Val {
  if (name === "id" || name === "arn" || (name === "url" && inst.type === "aws_sqs_queue")) return inst.address;
  const computer = computers[`${inst.mode === "data" ? "data." : ""}${inst.type}.${name}`];
  if (computer) return computer(inst);
  // A data source's other attributes describe what exists already: only the cloud knows them.
  if (inst.mode === "data") return new Unknown(`${inst.address}.${name} is read from the cloud when Terraform plans`);
  if (/_(id|arn)$/.test(name) || name === "service_name") return `${inst.address}.${name}`;
  if (name === "public_ip" || name === "ip_address") return standIns.publicIpv4(inst.address);
  if (name === "ipv6_cidr_block" && inst.type === "aws_vpc" && inst.arg("assign_generated_ipv6_cidr_block") === true) return standIns.ipv6Block(inst.address);
  return new Unknown(`${inst.address}.${name} is known only after apply`);
}

/** Why a reference to a local cannot be followed in a plan or state: Terraform leaves locals out of both. */
export const LOCALS_ABSENT = "locals are not in terraform show output";

/** Whether a value is a reference to a local that a plan or state leaves out. */
export function fromAbsentLocal(v: Val): boolean {
  if (!(v instanceof Unknown)) return false;
  if (v.why === LOCALS_ABSENT) return true;
  if (!v.resolve) return false;
  const named = v.resolve();
  return named instanceof Unknown && named.why === LOCALS_ABSENT;
}

/** A private address a mapped element needs but the configuration leaves to the cloud. */
interface PendingAddress {
  subnetId: string;
  family: Family;
  owner: string;
  assign: (ip: string) => void;
}

/** The mapping's state and the readers that turn Unknowns into gaps. */
export class MapContext {
  readonly topology: Topology = emptyTopology();
  readonly locations = new Map<string, SourceLocation>();
  private readonly gapList: Gap[] = [];
  private readonly byType = new Map<string, TfInstance[]>();
  /** The types the mappings asked for: the rest is outside the network model. */
  private readonly read = new Set<string>();
  private assigned = 0;
  private readonly byAddress = new Map<string, TfInstance>();
  /** Cloud ids, ARNs and stand-ins -> element id. */
  private readonly aliases = new Map<string, string>();
  /**
   * Data sources' ids, apart: a data source that reads one object (`data.aws_vpc`) has that object's
   * id, but one that queries (`data.aws_subnet_ids` has its VPC's id) does not. A data source's id
   * names an element only when the mapping reads that data source type as elements.
   */
  private readonly dataIds = new Map<string, TfInstance[]>();
  private readonly pending: PendingAddress[] = [];
  readonly invalidInput: InvalidInput[] = [];

  constructor(
    instances: readonly TfInstance[],
    readonly standIns: StandIns,
    /** The provider's region, when the configuration says. */
    readonly region: string | undefined,
  ) {
    for (const inst of instances) {
      const key = `${inst.mode === "data" ? "data." : ""}${inst.type}`;
      const list = this.byType.get(key);
      if (list) list.push(inst);
      else this.byType.set(key, [inst]);
      this.byAddress.set(inst.address, inst);
      if (inst.location) this.locations.set(inst.address, inst.location);
      for (const name of ["id", "arn"]) {
        const v = inst.attr(name);
        if (typeof v !== "string" || v === inst.address) continue;
        if (inst.mode === "data") this.dataIds.set(v, [...(this.dataIds.get(v) ?? []), inst]);
        else if (!this.aliases.has(v)) this.aliases.set(v, inst.address);
      }
    }
  }

  /** What an id names: its alias, followed (a default route table's real id -> the VPC's default -> the table that manages it). */
  private resolveAlias(id: string): string {
    let at = id;
    for (let hops = 0; hops < 8; hops++) {
      const next = this.aliases.get(at) ?? this.dataIds.get(at)?.find((d) => this.read.has(`data.${d.type}`))?.address;
      if (next === undefined || next === at) return at;
      at = next;
    }
    return at;
  }

  get gaps(): Gap[] {
    return uniqueGaps(this.gapList);
  }

  /** Subjects taken to be an element, by the sentence that says why: one "assumed:" line each. */
  private readonly assumptions = new Map<string, string[]>();

  /** Records that `subject` was taken to be what `sentence` names (it ends "for" the subjects). */
  assume(sentence: string, subject: string): void {
    const list = this.assumptions.get(sentence);
    if (list) list.push(subject);
    else this.assumptions.set(sentence, [subject]);
  }

  assumed(): string[] {
    return [...this.assumptions].map(([sentence, subjects]) => sentence.replace("{subjects}", few(subjects)));
  }

  /** What was read but left out, and what stands in for values assigned at apply time. */
  notes(): string[] {
    // Data sources are read when something refers to them; only resources can be left out.
    const ignored = [...this.byType].filter(([type]) => !this.read.has(type) && !type.startsWith("data.")).map(([type, list]) => `${type} (${list.length})`);
    return [
      ...(ignored.length ? [`not part of the network model, so not read: ${ignored.join(", ")}`] : []),
      ...(this.standIns.used || this.assigned
        ? [
            "addresses the cloud assigns at apply time are stand-ins: public IPv4 from 198.51.100.0/24 and 192.0.2.0/24, IPv6 blocks from 2001:db8::/32, private addresses from the top of their subnet",
          ]
        : []),
    ];
  }

  /** Instances of a resource type (`aws_subnet`) or data source (`data.aws_subnet`). */
  of(...types: string[]): TfInstance[] {
    for (const t of types) this.read.add(t);
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  instance(address: string): TfInstance | undefined {
    return this.byAddress.get(address);
  }

  alias(from: string, to: string): void {
    this.aliases.set(from, to);
  }

  /**
   * `not enough data to judge <element>: [<attribute>: ]<why>`: the subject is an element's
   * address, or an attribute path under one (`aws_subnet.a.cidr_block`), so the gap names the element.
   */
  gap(subject: string, why: string): void {
    const [element, attribute] = this.split(subject);
    // "x.cidr is known only after apply" about x.cidr itself reads "cidr is known only after apply".
    const about = why.startsWith(`${subject} `) ? why.slice(subject.length + 1) : undefined;
    const text = !attribute ? why : about ? `${attribute} ${about}` : `${attribute}: ${why}`;
    this.gapList.push({ subject: element, elementId: element, why: text });
  }

  /** Source location and name/tags shared by every element made from an instance. */
  element(inst: TfInstance, name?: string): { id: string; name?: string; tags?: Record<string, string>; source?: SourceLocation } {
    const tags = this.tags(inst);
    const label = name ?? tags?.Name;
    return { id: inst.address, ...(label ? { name: label } : {}), ...(tags ? { tags } : {}), ...(inst.location ? { source: inst.location } : {}) };
  }

  tags(inst: TfInstance): Record<string, string> | undefined {
    const v = inst.arg("tags");
    if (!isMap(v)) return undefined;
    const out: Record<string, string> = {};
    for (const [k, t] of Object.entries(v)) if (typeof t === "string" || typeof t === "number" || typeof t === "boolean") out[k] = String(t);
    return Object.keys(out).length ? out : undefined;
  }

  /**
   * An argument's value for managed resources, the read value for data sources. A data source
   * not read yet (a configuration, a plan that defers it) is one gap, and its values absent.
   */
  value(inst: TfInstance, name: string): Val {
    if (inst.mode === "managed") return inst.arg(name);
    const v = inst.attr(name);
    if (!(v instanceof Unknown) || v.resolve) return v;
    this.gap(inst.address, "it is read from the cloud when Terraform plans; verify a plan or state (terraform show -json) or the live network");
    return null;
  }

  /** A name for display: a string, else nothing (names only label elements, so an unknown one is no gap). */
  label(v: Val): string | undefined {
    return typeof v === "string" && v !== "" ? v : undefined;
  }

  /** A scalar as a string; Unknown -> gap. */
  str(v: Val, subject: string): string | undefined {
    if (v instanceof Unknown && v.resolve) {
      // What a single reference names (a policy document's json); several are no single value.
      const named = v.resolve();
      if (typeof named === "string" || (named instanceof Unknown && named.resolve)) return this.str(named, subject);
    }
    if (v === null) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    this.unknown(v, subject);
    return undefined;
  }

  num(v: Val, subject: string): number | undefined {
    if (v === null) return undefined;
    const n = toNumber(v);
    if (n instanceof Unknown) return void this.unknown(v instanceof Unknown ? v : n, subject);
    return n;
  }

  bool(v: Val, subject: string): boolean | undefined {
    if (v === null) return undefined;
    if (v === true || v === "true") return true;
    if (v === false || v === "false") return false;
    return void this.unknown(v, subject);
  }

  strs(v: Val, subject: string): string[] {
    if (v === null) return [];
    if (v instanceof Unknown || v instanceof Lazy || isMap(v)) {
      this.unknown(v, subject);
      return [];
    }
    const items = Array.isArray(v) ? v : [v];
    return items.flatMap((item) => {
      const s = this.str(item, subject);
      return s === undefined ? [] : [s];
    });
  }

  private unknown(v: Val, subject: string): void {
    this.gap(subject, v instanceof Unknown ? v.why : `${v instanceof Lazy ? v.label : JSON.stringify(v)} is not a single value`);
  }

  /** `aws_subnet.a["x.y"].cidr_block` -> the element's address and the attribute, so a gap names the element. */
  private split(subject: string): [string, string] {
    if (this.byAddress.has(subject)) return [subject, ""];
    for (let dot = subject.lastIndexOf("."); dot > 0; dot = subject.lastIndexOf(".", dot - 1)) {
      if (this.byAddress.has(subject.slice(0, dot))) return [subject.slice(0, dot), subject.slice(dot + 1)];
    }
    return [subject, ""];
  }

  /**
   * The element an identifier refers to: a resource instance or its computed id/ARN resolves to
   * the instance's address; another string is an id from outside the configuration, kept as is.
   */
  ident(v: Val, subject: string): string | undefined {
    if (v instanceof Unknown && v.resolve) return this.ident(v.resolve(), subject);
    if (v instanceof Lazy) return this.ident(v.get("id"), subject);
    const s = this.str(v, subject);
    return s === undefined ? undefined : this.resolveAlias(s);
  }

  /** The element an identifier refers to, or undefined when it is not known statically (no gap: the caller says what that means). */
  knownIdent(v: Val): string | undefined {
    if (v instanceof Unknown) return v.resolve ? this.knownIdent(v.resolve()) : undefined;
    if (v instanceof Lazy) return this.knownIdent(v.get("id"));
    if (typeof v !== "string" || v === "") return undefined;
    return this.resolveAlias(v);
  }

  /**
   * What an argument naming an element outside this configuration refers to: the reference as
   * written (`aws_security_group.web`, `var.vpc_id`, under the instance's module), else the id it
   * gives; and why the element is unknown. For the unplaced elements that stand for it.
   */
  outside(inst: TfInstance, name: string, v: Val, what: string): { ref: string; why: string } {
    const refs = inst.references(name);
    const written = refs.length === 1 ? refs[0] : v instanceof Unknown && !v.resolve ? v.ref : undefined;
    if (written !== undefined) {
      const ref = `${modulePrefix(inst)}${withoutAttribute(written)}`;
      if (written.startsWith("var.")) return { ref, why: `${name} = ${written}: the ${what} is an input of the module` };
      return { ref, why: `${name} = ${written}: that ${what} is not in this configuration` };
    }
    const id = this.knownIdent(v);
    if (id !== undefined) return { ref: id, why: `the ${what} ${id} is not in this configuration` };
    return { ref: `${inst.address}.${name}`, why: `${name}: ${v instanceof Unknown ? v.why : "not a single value"}` };
  }

  /** A value the provider or cloud refuses (Terraform rejects the configuration, or the cloud the call): reported as DPN-DATA-002. */
  invalid(resource: string, why: string): void {
    if (!this.invalidInput.some((i) => i.resource === resource && i.why === why)) this.invalidInput.push({ resource, why });
  }

  /**
   * The elements a list of identifiers names; one outside this configuration by its reference as
   * written (`aws_security_group.lb`, `var.lb_group_id`, under `module`), so what refers to it is still read.
   */
  refIdents(v: Val, subject: string, module: string): string[] {
    if (v instanceof Unknown && !v.resolve && v.ref !== undefined) return [`${module}${withoutAttribute(v.ref)}`];
    if (Array.isArray(v)) return v.flatMap((item) => this.refIdents(item, subject, module));
    return this.idents(v, subject);
  }

  idents(v: Val, subject: string): string[] {
    if (v instanceof Unknown && v.resolve) return this.idents(v.resolve(), subject);
    if (v === null) return [];
    if (Array.isArray(v)) return v.flatMap((item) => this.idents(item, subject));
    // A whole for_each collection of instances.
    if (isMap(v))
      return Object.keys(v)
        .sort()
        .flatMap((k) => this.idents(v[k]!, subject));
    const one = this.ident(v, subject);
    return one === undefined ? [] : [one];
  }

  /** An identifier of something outside the model (an Azure private link target): an unknown one is named by where it comes from, not a gap. */
  externalIdent(v: Val, placeholder: string): string {
    const s = v instanceof Unknown || v === null ? undefined : this.ident(v, placeholder);
    return s ?? placeholder;
  }

  /** A CIDR block (a bare address is a single host), checked; Unknown or malformed -> gap. */
  cidr(v: Val, subject: string): string | undefined {
    const text = this.str(v, subject);
    if (text === undefined || text === "") return undefined;
    const p = parsePrefix(text);
    if (!p) return void this.gap(subject, `"${text}" is not a CIDR block (or has host bits set)`);
    return p.text;
  }

  cidrs(v: Val, subject: string): string[] {
    return this.strs(v, subject).flatMap((text) => {
      const c = this.cidr(text, subject);
      return c === undefined ? [] : [c];
    });
  }

  /** An IP address, checked. */
  ip(v: Val, subject: string): string | undefined {
    const text = this.str(v, subject);
    if (text === undefined || text === "") return undefined;
    const a = parseAddress(text);
    if (!a) return void this.gap(subject, `"${text}" is not an IP address`);
    return formatAddress(a);
  }

  protocol(v: Val, subject: string): Protocol | undefined {
    const text = this.str(v, subject)?.toLowerCase();
    if (text === undefined) return undefined;
    const known = text === "*" ? "all" : awsProtocol(text);
    if (known !== undefined) return known;
    return void this.gap(subject, `"${text}" is not an IP protocol`);
  }

  /**
   * A JSON policy document given as text (jsonencode, a policy document's json, a literal). A text
   * only partly known keeps its statements: each key of a statement holding an unknown part is
   * marked in `unknown`, with the part shown as `${…}`, and the rest is judged.
   */
  policy(v: Val, subject: string): PolicyDocument | undefined {
    const resolved = v instanceof Unknown && v.resolve ? v.resolve() : v;
    const partial = resolved instanceof Unknown ? resolved : undefined;
    const text = partial?.partial ?? this.str(resolved, subject);
    if (text === undefined || text === "") return undefined;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return void this.gap(subject, partial ? partial.why : "the policy is not JSON");
    }
    const statements = (doc as { Statement?: unknown })?.Statement;
    const list = Array.isArray(statements) ? statements : statements && typeof statements === "object" ? [statements] : undefined;
    const read = list?.map((s) => (s && typeof s === "object" ? readStatement(s as Record<string, unknown>) : undefined));
    if (!read || !read.every((s) => s !== undefined)) return void this.gap(subject, "the policy has no statements with an Effect of Allow or Deny");
    const version = (doc as { Version?: unknown }).Version;
    return { ...(typeof version === "string" ? { Version: version } : {}), Statement: read };
  }

  /** The cloud ids a state (or a plan, for what exists) gives its elements, and an instance's primary ENI: topology.cloudIds. */
  recordCloudIds(instances: readonly TfInstance[]): void {
    const t = this.topology;
    const elements = new Set<string>();
    for (const list of [
      t.networks,
      t.subnets,
      t.routeTables,
      t.gateways,
      t.securityGroups,
      t.networkAcls,
      t.networkSecurityGroups,
      t.interfaces,
      t.loadBalancers,
    ])
      for (const e of list) elements.add(e.id);
    for (const list of [t.targetGroups, t.endpointServices, t.endpoints]) for (const e of list) elements.add(e.id);
    const ids: Record<string, string> = {};
    for (const inst of instances) {
      if (!elements.has(inst.address)) continue;
      for (const name of ["id", "arn", "primary_network_interface_id"]) {
        if (name === "primary_network_interface_id" && inst.type !== "aws_instance") continue;
        const v = inst.attr(name);
        if (typeof v === "string" && v !== "" && !v.startsWith(`${inst.address}`) && !Object.hasOwn(ids, v)) ids[v] = inst.address;
      }
    }
    if (Object.keys(ids).length) t.cloudIds = ids;
  }

  /** Asks for a private address in a subnet for an element (`owner`), chosen once every explicit address is known. */
  needAddress(subnetId: string, family: Family, owner: string, assign: (ip: string) => void): void {
    this.pending.push({ subnetId, family, owner, assign });
  }

  /**
   * Gives pending elements stand-in private addresses from the top of their subnet down (the cloud
   * reserves the last address), avoiding every address already held in the topology.
   */
  assignAddresses(): void {
    const t = this.topology;
    const used = new Set<bigint>();
    const hold = (text: string | undefined) => {
      const a = text === undefined ? undefined : parseAddress(text);
      if (a) used.add(addressKey(a));
    };
    for (const i of t.interfaces) i.privateIps.forEach(hold);
    for (const g of t.gateways) hold(g.privateIp);
    for (const lb of t.loadBalancers) for (const n of lb.nodes) n.privateIps.forEach(hold);
    const subnets = new Map(t.subnets.map((s) => [s.id, s]));
    for (const p of this.pending) {
      const subnet = subnets.get(p.subnetId);
      const block = subnet?.cidrs.map((c) => parsePrefix(c)).find((b): b is Prefix => b?.family === p.family);
      if (!block) {
        if (p.family === 4) this.gap(p.owner, `its private address in ${p.subnetId}: that subnet's IPv4 block is unknown`);
        continue;
      }
      const bits = FAMILY_BITS[p.family] - block.len;
      const size = 1n << BigInt(bits);
      let found: Address | undefined;
      for (let offset = size - 2n; offset >= 4n; offset--) {
        const a: Address = { family: p.family, value: block.value + offset };
        if (!used.has(addressKey(a))) {
          found = a;
          break;
        }
      }
      if (!found) {
        this.gap(p.owner, `its private address: ${p.subnetId} has no free address`);
        continue;
      }
      used.add(addressKey(found));
      this.assigned++;
      p.assign(formatAddress(found));
    }
  }
}

const STATEMENT_KEYS = ["Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "Condition"] as const;

/** A statement as JSON gives it; keys with unknown parts marked with the first part's why, the parts shown as `${…}`. Undefined when its Effect is neither Allow nor Deny. */
function readStatement(raw: Record<string, unknown>): PolicyStatement | undefined {
  const unknown: NonNullable<PolicyStatement["unknown"]> = {};
  for (const key of STATEMENT_KEYS) {
    const part = key in raw ? [...JSON.stringify(raw[key]).matchAll(UNKNOWN_PARTS)][0] : undefined;
    if (part) unknown[key] = decodeURIComponent(part[1]!);
  }
  const shown = JSON.parse(JSON.stringify(raw).replace(UNKNOWN_PARTS, "${…}")) as PolicyStatement;
  if (!unknown.Effect && shown.Effect !== "Allow" && shown.Effect !== "Deny") return undefined;
  return Object.keys(unknown).length ? { ...shown, unknown } : shown;
}

/** `module.net.` for an instance of module net, "" at the root: where the references it makes are resolved. */
export function modulePrefix(inst: TfInstance): string {
  const own = `${inst.mode === "data" ? "data." : ""}${inst.type}.${inst.name}`;
  return inst.block.endsWith(own) ? inst.block.slice(0, inst.block.length - own.length) : "";
}

/** A reference without the attribute that makes it an identifier: `aws_security_group.web.id` -> `aws_security_group.web`. */
const withoutAttribute = (ref: string): string => ref.replace(/\.(id|arn|name)$/, "");
