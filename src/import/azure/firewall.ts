// Azure resource JSON -> Azure Firewalls' rules and public IP resources. A firewall's rules are its
// classic rule collections (natRuleCollections, networkRuleCollections, applicationRuleCollections)
// or its firewall policy's rule collection groups; what a rule says that the model cannot judge (IP
// groups, FQDN destinations of network rules, service tags, URLs, web categories, a base policy) is
// a gap naming the rule, never silence.
import { type Json, num, obj, objects, str, strings } from "../../io/json-folder.js";
import { parsePrefix } from "../../ipam/prefix.js";
import type { Firewall, FirewallRule, PortRange, Protocol, PublicIpAddress } from "../../topology/model.js";
import { type AzureBuild, flatten, missingType, named } from "./export.js";

export function buildPublicIps(b: AzureBuild): void {
  const list: PublicIpAddress[] = [];
  for (const { item } of b.ex.get("microsoft.network/publicipaddresses")) {
    const id = str(item, "id");
    if (!id) continue;
    const address = str(item, "ipAddress");
    const sku = str(obj(item, "sku"), "name");
    const allocation = str(item, "publicIPAllocationMethod");
    list.push({ id, ...named(item), ...(address ? { address } : {}), ...(sku ? { sku } : {}), ...(allocation ? { allocation } : {}) });
  }
  if (list.length) b.topology.publicIpAddresses = list;
}

const KIND_ORDER = { dnat: 0, network: 1, application: 2 } as const;
const PROTOCOLS: Record<string, Protocol> = { tcp: "tcp", udp: "udp", icmp: "icmp", any: "all" };

function ports(texts: string[]): PortRange[] | undefined {
  if (texts.length === 0 || texts.includes("*")) return undefined;
  return texts.map((t) => {
    const [from, to] = t.split("-").map(Number);
    return { from: from!, to: to ?? from! };
  });
}

/** An address rule field: CIDRs, addresses and `*` are kept; anything else (a service tag) cannot be judged. */
function addresses(texts: string[], unjudged: string[], field: string): string[] {
  return texts.filter((t) => {
    const ok = t === "*" || parsePrefix(t.includes("/") ? t : `${t}/${t.includes(":") ? 128 : 32}`) !== undefined;
    if (!ok) unjudged.push(`${field} ${t}`);
    return ok;
  });
}

interface Collection {
  kind: FirewallRule["kind"];
  action: string | undefined;
  /** Group priority (policy), then collection priority. */
  order: [number, number];
  prefix: string;
  rules: Json[];
}

function rule(b: AzureBuild, fw: string, c: Collection, raw: Json): FirewallRule | undefined {
  const r = flatten(raw);
  const name = `${c.prefix}/${str(r, "name") ?? "?"}`;
  const unjudged: string[] = [];
  for (const f of ["sourceIpGroups", "destinationIpGroups", "destinationFqdns", "targetUrls", "webCategories"]) {
    if (strings(r, f).length) unjudged.push(`${f} ${strings(r, f).join(", ")}`);
  }
  if (str(r, "translatedFqdn")) unjudged.push(`translatedFqdn ${str(r, "translatedFqdn")}`);
  const sources = addresses(strings(r, "sourceAddresses"), unjudged, "sourceAddresses");
  const destinations = addresses(strings(r, "destinationAddresses"), unjudged, "destinationAddresses");
  let protocols: Protocol[];
  let destinationPorts: PortRange[] | undefined;
  let fqdns: string[] | undefined;
  if (c.kind === "application") {
    const list = objects(r, "protocols");
    protocols = ["tcp"];
    destinationPorts = list.map((p) => num(p, "port")).flatMap((p) => (p === undefined ? [] : [{ from: p, to: p }]));
    fqdns = [...strings(r, "targetFqdns"), ...strings(r, "fqdnTags").map((t) => `FQDN tag ${t}`)];
  } else {
    const texts = [...strings(r, "protocols"), ...strings(r, "ipProtocols")];
    protocols = texts.flatMap((t) => PROTOCOLS[t.toLowerCase()] ?? []);
    destinationPorts = ports(strings(r, "destinationPorts"));
  }
  if (unjudged.length) {
    b.gap(`firewall ${fw}'s ${c.kind} rule ${name}`, `${unjudged.join("; ")} not modelled, so the rule is left out`);
    return undefined;
  }
  const action = c.kind === "dnat" ? "dnat" : c.action?.toLowerCase() === "deny" ? "deny" : "allow";
  const translatedPort = c.kind === "dnat" ? Number(str(r, "translatedPort") ?? num(r, "translatedPort")) : undefined;
  const translatedAddress = str(r, "translatedAddress");
  return {
    name,
    kind: c.kind,
    action,
    priority: c.order[1],
    protocols,
    sources,
    destinations,
    ...(destinationPorts ? { ports: destinationPorts } : {}),
    ...(fqdns ? { fqdns } : {}),
    ...(translatedAddress ? { translatedAddress } : {}),
    ...(translatedPort !== undefined && Number.isInteger(translatedPort) ? { translatedPort } : {}),
  };
}

/** Classic rule collections on the firewall itself. */
function classicCollections(item: Json): Collection[] {
  const of = (field: string, kind: FirewallRule["kind"]) =>
    objects(item, field).map((raw): Collection => {
      const c = flatten(raw);
      return {
        kind,
        action: str(obj(c, "action"), "type"),
        order: [0, num(c, "priority") ?? 65000],
        prefix: str(c, "name") ?? "?",
        rules: objects(c, "rules"),
      };
    });
  return [...of("natRuleCollections", "dnat"), ...of("networkRuleCollections", "network"), ...of("applicationRuleCollections", "application")];
}

const POLICY_KINDS: Record<string, FirewallRule["kind"]> = {
  firewallpolicynatrulecollection: "dnat",
};

/** A firewall policy's rule collection groups (filter collections hold network and application rules alike); undefined when the export lacks them. */
function policyCollections(b: AzureBuild, fw: string, policyId: string): Collection[] | undefined {
  const groups = b.ex
    .get("microsoft.network/firewallpolicies/rulecollectiongroups")
    .filter(({ item }) => str(item, "id")?.toLowerCase().startsWith(`${policyId.toLowerCase()}/rulecollectiongroups/`));
  const policy = b.ex.get("microsoft.network/firewallpolicies").find(({ item }) => str(item, "id")?.toLowerCase() === policyId.toLowerCase());
  if (!policy && groups.length === 0) {
    const why = b.ex.seen.has("microsoft.network/firewallpolicies/rulecollectiongroups")
      ? `its policy ${policyId} is not in the export`
      : missingType("microsoft.network/firewallpolicies/rulecollectiongroups", "firewall policy rule collection groups");
    b.gap(`firewall ${fw}'s rules`, why);
    return undefined;
  }
  const base = str(obj(policy?.item, "basePolicy"), "id");
  if (base) b.gap(`firewall ${fw}'s rules`, `its policy inherits the rules of ${base}, which are not modelled`);
  return groups.flatMap(({ item }) => {
    const groupPriority = num(item, "priority") ?? 65000;
    return objects(item, "ruleCollections").flatMap((raw): Collection[] => {
      const c = flatten(raw);
      const type = str(c, "ruleCollectionType") ?? "";
      const prefix = `${str(item, "name") ?? "?"}/${str(c, "name") ?? "?"}`;
      const order: [number, number] = [groupPriority, num(c, "priority") ?? 65000];
      const action = str(obj(c, "action"), "type");
      const rules = objects(c, "rules");
      if (POLICY_KINDS[type.toLowerCase()]) return [{ kind: "dnat", action, order, prefix, rules }];
      if (type.toLowerCase() !== "firewallpolicyfilterrulecollection") {
        b.gap(`firewall ${fw}'s rule collection ${prefix}`, `type ${type || "(none)"} is not modelled`);
        return [];
      }
      // A filter collection may mix network and application rules: each rule says which it is.
      const byType = (t: string) => rules.filter((r) => str(flatten(r), "ruleType")?.toLowerCase() === t);
      const unknown = rules.filter((r) => !["networkrule", "applicationrule"].includes(str(flatten(r), "ruleType")?.toLowerCase() ?? ""));
      for (const r of unknown)
        b.gap(`firewall ${fw}'s rule ${prefix}/${str(flatten(r), "name") ?? "?"}`, `rule type ${str(flatten(r), "ruleType") ?? "(none)"} is not modelled`);
      return [
        { kind: "network", action, order, prefix, rules: byType("networkrule") },
        { kind: "application", action, order, prefix, rules: byType("applicationrule") },
      ];
    });
  });
}

export function buildFirewalls(b: AzureBuild): void {
  const firewalls: Firewall[] = [];
  for (const { item } of b.ex.get("microsoft.network/azurefirewalls")) {
    const id = str(item, "id");
    if (!id || !b.topology.interfaces.some((i) => i.id === id)) continue;
    const policyId = str(obj(item, "firewallPolicy"), "id");
    const classic = ["natRuleCollections", "networkRuleCollections", "applicationRuleCollections"].some((f) => Array.isArray(item[f]));
    const policy = policyId ? policyCollections(b, id, policyId) : [];
    // Rules the export does not show are unknown, not absent: the firewall stays an appliance whose rules are not judged.
    if (!policy || (!classic && !policyId)) continue;
    const collections = [...classicCollections(item), ...policy].sort(
      (x, y) => KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || x.order[0] - y.order[0] || x.order[1] - y.order[1],
    );
    const rules = collections.flatMap((c) => c.rules.flatMap((r) => rule(b, id, c, r) ?? []));
    const publicIpIds = objects(item, "ipConfigurations")
      .map((c) => b.ex.ref(str(obj(flatten(c), "publicIPAddress"), "id")))
      .filter((p) => p !== undefined);
    firewalls.push({ id, interfaceId: id, rules, ...named(item), ...(publicIpIds.length ? { publicIpIds } : {}) });
  }
  if (firewalls.length) b.topology.firewalls = firewalls;
}
