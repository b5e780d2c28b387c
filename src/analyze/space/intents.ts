// Intents: a network's unit tests. Each says that packets from somewhere to something must (or
// must not) get through, for every packet of the set it names: `from`/`to` as `dpnet reach` takes
// them, protocols and port ranges. Answered by the exhaustive analysis; a failing intent names the
// packet classes that break it, each with a witness trace. The intents file travels with a module
// (synth writes it), so the intent is what the spec said, not what the module now does.
import { z } from "zod";
import { LineCounter, parseDocument, stringify } from "yaml";
import { yamlSyntaxRule } from "../../io/yaml-syntax.js";
import { printable } from "../../io/text.js";
import type { DataPlaneContext, Tier } from "../../topology/context.js";
import { type Finding, replyHops } from "../../findings.js";
import { inputError } from "../../spec/errors.js";
import { finding, notEnoughData } from "../checks/finding.js";
import { type Family, parseAddress, parsePrefix, parsePrefixes } from "../../ipam/prefix.js";
import type { Cloud, Topology } from "../../topology/model.js";
import { protocolNumber } from "../flow.js";
import { defaultNoneRoutes } from "../azure-default-routes.js";
import { reachEngine } from "../reach.js";
import {
  type PacketClass,
  type PacketSpace,
  type ProtocolSet,
  type Start,
  allPorts,
  analyze,
  describeProtocols,
  everything,
  internetSpace,
} from "./analysis.js";
import { type Witness, devices, entryAddresses, familiesOf, landing, portRows, witnessOf } from "./exposure.js";
import { type Range, describePorts, intersect, normalize, prefixRange, setToCidrs, subtract } from "../../ipam/intervals.js";

const PORTS = z.union([z.number().int().min(0).max(65535), z.string().regex(/^\d{1,5}(-\d{1,5})?$/, "a port or a range like 6000-7000")]);

const INTENT = z.strictObject({
  name: z.string().optional(),
  must: z.enum(["reach", "not reach"]),
  from: z.string().min(1),
  /** Sources left out of `from`: words (`control-plane`) or CIDRs. */
  except: z.array(z.string().min(1)).optional(),
  to: z.string().min(1),
  protocol: z.union([z.enum(["tcp", "udp", "icmp", "icmpv6", "all"]), z.number().int().min(0).max(255)]).optional(),
  ports: z.union([PORTS, z.array(PORTS).min(1)]).optional(),
});

const INTENTS_FILE = z.strictObject({
  version: z.literal(1),
  /** The control plane the spec names: where `control-plane` is, whatever the module now admits. */
  controlPlane: z
    .strictObject({
      connectivity: z.enum(["internet", "privatelink"]).optional(),
      cidrs: z.array(z.string()),
      port: z.number().int().min(1).max(65535).optional(),
      awsAccountId: z.string().optional(),
    })
    .optional(),
  apiserver: z.strictObject({ allowedCidrs: z.array(z.string()) }).optional(),
  intents: z.array(INTENT),
});

export type Intent = z.infer<typeof INTENT>;
export type IntentsFile = z.infer<typeof INTENTS_FILE>;

export const INTENTS_FILE_NAME = "intents.yaml";

/**
 * Per cloud: whether pods must reach nothing outside the network (AWS: the pod block is only routed
 * internally, Conveyor), and whether its default routes drop the platform's own ranges (Azure's
 * None routes), so they are not "the internet" for intents.
 */
const DEFAULT_INTENTS: Record<Cloud, { podsStayInside: boolean; platformRangesDropped: boolean }> = {
  aws: { podsStayInside: true, platformRangesDropped: false },
  azure: { podsStayInside: false, platformRangesDropped: true },
};

/** Parses an intents file's text; an InputError names the field, the value and the rule. */
export function parseIntents(text: string, file: string): IntentsFile {
  const lines = new LineCounter();
  const parsed = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  if (parsed.errors.length) throw inputError(file, undefined, yamlSyntaxRule(parsed.errors[0]!, lines));
  const doc: unknown = parsed.toJS();
  const r = INTENTS_FILE.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("")
      .replace(/^\./, "");
    const value = issue.path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k as string], doc);
    throw inputError(`${file}: ${path || "(top)"}`, value, issue.message);
  }
  for (const [i, intent] of r.data.intents.entries()) {
    for (const p of [intent.ports ?? []].flat()) {
      const range = portRange(p);
      if (range.lo > range.hi || range.hi > 65535n) throw inputError(`${file}: intents[${i}].ports`, p, "is not a port range within 0-65535, low to high");
    }
  }
  for (const [path, cidrs] of [
    ["controlPlane.cidrs", r.data.controlPlane?.cidrs ?? []],
    ["apiserver.allowedCidrs", r.data.apiserver?.allowedCidrs ?? []],
  ] as const) {
    for (const c of cidrs) if (!parsePrefix(c)) throw inputError(`${file}: ${path}`, c, "is not a CIDR block");
  }
  return r.data;
}

/** The context with what the intents file says in place of what was inferred; only what it leaves unsaid stays "assumed". */
export function withIntents(context: DataPlaneContext, file: IntentsFile): DataPlaneContext {
  const ctx: DataPlaneContext = { ...context };
  const inferred = [...(context.inferred ?? [])];
  if (file.controlPlane) {
    const cp = file.controlPlane;
    ctx.controlPlane = {
      connectivity: cp.connectivity ?? context.controlPlane?.connectivity ?? "internet",
      cidrs: cp.cidrs,
      ...((cp.awsAccountId ?? context.controlPlane?.awsAccountId) ? { awsAccountId: (cp.awsAccountId ?? context.controlPlane?.awsAccountId)! } : {}),
      ...((cp.port ?? context.controlPlane?.port) ? { port: (cp.port ?? context.controlPlane?.port)! } : {}),
    };
  }
  if (file.apiserver) ctx.apiserver = { ...context.apiserver, allowedCidrs: file.apiserver.allowedCidrs };
  // The intents replace the inferences about what they say: the control plane's sources, who may reach the apiserver.
  const said = (line: string) =>
    (file.controlPlane !== undefined && /control plane/.test(line)) || (file.apiserver !== undefined && /kube-apiserver/.test(line));
  ctx.inferred = inferred.filter((line) => !said(line));
  return ctx;
}

const TIERS: Record<string, Tier> = { public: "public", node: "node", nodes: "node", pod: "pod", pods: "pod", db: "db" };

/** The intents the Conveyor seed sets, for a data plane as its context describes it. */
export function defaultIntents(context: DataPlaneContext): IntentsFile {
  const intents: Intent[] = [];
  const cp = context.controlPlane;
  const port = cp?.port ?? 443;
  if (cp?.connectivity === "internet" && cp.cidrs.length > 0 && context.sync) {
    intents.push(
      { name: "the control plane reaches the sync port", must: "reach", from: "control-plane", to: "sync", protocol: "tcp", ports: port },
      {
        name: "nothing else on the internet reaches the sync port",
        must: "not reach",
        from: "internet",
        except: ["control-plane"],
        to: "sync",
        protocol: "tcp",
        ports: port,
      },
    );
  }
  if (context.apiserver?.listenerId && context.apiserver.allowedCidrs.length > 0) {
    intents.push({
      name: "only the allowed CIDRs reach kube-apiserver",
      must: "not reach",
      from: "internet",
      except: ["apiserver-allowed"],
      to: "apiserver",
      protocol: "tcp",
      ports: 6443,
    });
  }
  intents.push(
    { name: "nothing on the internet reaches the pods", must: "not reach", from: "internet", to: "pods", protocol: "all" },
    { name: "no SSH or RDP from the internet", must: "not reach", from: "internet", to: "network", protocol: "tcp", ports: [22, 3389] },
  );
  if (context.cloud === undefined || DEFAULT_INTENTS[context.cloud].podsStayInside)
    intents.push({ name: "pods reach nothing outside the network", must: "not reach", from: "pods", to: "internet", protocol: "all" });
  intents.push({ name: "nodes reach the internet over HTTPS", must: "reach", from: "nodes", to: "internet", protocol: "tcp", ports: 443 });
  return {
    version: 1,
    ...(cp
      ? {
          controlPlane: {
            connectivity: cp.connectivity,
            cidrs: cp.cidrs,
            ...(cp.port ? { port: cp.port } : {}),
            ...(cp.awsAccountId ? { awsAccountId: cp.awsAccountId } : {}),
          },
        }
      : {}),
    ...(context.apiserver ? { apiserver: { allowedCidrs: context.apiserver.allowedCidrs } } : {}),
    intents,
  };
}

/** The intents file as synth writes it. */
export function renderIntents(file: IntentsFile, specName: string): string {
  const header = [
    `# Generated by dpnet from ${printable(specName)}: what this network must and must not let through, for every packet.`,
    "# dpnet verify, exposure and test read it from the module's folder: the intent is the spec's, not what the module now does.",
    "# Add your own: must: reach | not reach; from/to as dpnet reach takes them; protocol; ports (443, 6000-7000, or a list).",
  ];
  return `${header.join("\n")}\n${stringify(file, { lineWidth: 0 })}`;
}

// --- answering ---------------------------------------------------------------------------

export interface Violation {
  /** Where the packets start: `internet`, a subnet or interface id. */
  from: string;
  protocol: string;
  ports: string;
  sources: string[];
  destinations: string[];
  /** Where the witness got to (a listener, instance, subnet), if it got in. */
  landing?: string;
  witness: Witness;
}

export interface IntentResult {
  intent: Intent;
  holds: boolean;
  /** Why it could not be answered (then it does not hold). */
  unanswerable?: string;
  violations: Violation[];
  classes: number;
}

interface Origin {
  start: Start;
  label: string;
  src: Range[];
}

class IntentError extends Error {}

function rangesOf(cidrs: readonly string[], family: Family): Range[] {
  return normalize(
    parsePrefixes(cidrs)
      .filter((p) => p.family === family)
      .map(prefixRange),
  );
}

function tierIds(topology: Topology, context: DataPlaneContext, tier: Tier): string[] {
  return context.tiers?.[tier] ?? topology.subnets.filter((s) => s.tier === tier).map((s) => s.id);
}

function controlPlaneCidrs(context: DataPlaneContext): string[] {
  const cidrs = context.controlPlane?.cidrs ?? [];
  if (cidrs.length === 0) throw new IntentError("the control plane's CIDRs are not known: give them in the intents file (controlPlane.cidrs)");
  return cidrs;
}

/** Sources a word or CIDR of `except` stands for. */
function exceptRanges(context: DataPlaneContext, words: readonly string[], family: Family): Range[] {
  return normalize(
    words.flatMap((w) => {
      if (w === "control-plane") return rangesOf(controlPlaneCidrs(context), family);
      if (w === "apiserver-allowed") return rangesOf(context.apiserver?.allowedCidrs ?? [], family);
      const p = parsePrefix(w);
      if (!p) throw new IntentError(`except: ${w} is not control-plane, apiserver-allowed or a CIDR`);
      return p.family === family ? [prefixRange(p)] : [];
    }),
  );
}

function origins(topology: Topology, context: DataPlaneContext, intent: Intent, family: Family): Origin[] {
  const ix = reachEngine(topology).ix;
  const except = exceptRanges(context, intent.except ?? [], family);
  const fromSubnet = (id: string): Origin[] => {
    const subnet = ix.subnets.get(id)!;
    return [{ start: { at: "subnet", subnet }, label: id, src: subtract(subtract(rangesOf(subnet.cidrs, family), except), devices(topology, id, family)) }];
  };
  const word = intent.from;
  if (word === "internet") return [{ start: { at: "internet" }, label: "internet", src: subtract(internetSpace(family), except) }];
  if (word === "control-plane")
    return [
      {
        start: { at: "internet" },
        label: "control-plane",
        src: subtract(intersect(rangesOf(controlPlaneCidrs(context), family), internetSpace(family)), except),
      },
    ];
  const tier = TIERS[word];
  if (tier) {
    const ids = tierIds(topology, context, tier);
    if (ids.length === 0) throw new IntentError(`from: no subnet is known to serve the ${tier} tier`);
    return ids.flatMap(fromSubnet);
  }
  if (ix.subnets.has(word)) return fromSubnet(word);
  const iface = ix.interfaceOrInstance(word);
  if (iface) {
    const src = subtract(
      normalize(
        parsePrefixes(iface.privateIps)
          .filter((p) => p.family === family)
          .map(prefixRange),
      ),
      except,
    );
    return [{ start: { at: "interface", iface }, label: word, src }];
  }
  const block = parsePrefix(word);
  if (!block) throw new IntentError(`from: ${word} is not internet, control-plane, a tier, a subnet, instance or interface id, or a CIDR`);
  if (block.family !== family) return [];
  const inside = ix.networksHolding(block);
  if (inside.length === 0)
    return [{ start: { at: "internet" }, label: block.text, src: subtract(intersect([prefixRange(block)], internetSpace(family)), except) }];
  const subnet = ix.subnetAt(inside[0]!.id, block);
  if (!subnet) throw new IntentError(`from: no subnet holds ${word}`);
  return [{ start: { at: "subnet", subnet }, label: subnet.id, src: subtract(intersect([prefixRange(block)], rangesOf(subnet.cidrs, family)), except) }];
}

interface Target {
  /** Where to send packets (a superset of what can get there). */
  dst: (origin: Origin, family: Family) => Range[];
  /** Whether a class got to the target. */
  reached: (c: PacketClass) => boolean;
  /** A port the word carries (`ingress:443`). */
  port?: number;
}

function splitWordPort(text: string): { name: string; port?: number } {
  if (parseAddress(text) || text.includes("/")) return { name: text };
  const m = /^(.*):(\d{1,5})$/.exec(text);
  return m ? { name: m[1]!, port: Number(m[2]) } : { name: text };
}

function target(topology: Topology, context: DataPlaneContext, text: string): Target {
  const ix = reachEngine(topology).ix;
  const split = splitWordPort(text);
  const { name } = split;
  // A listener named as such brings its port.
  const port = split.port ?? ix.listener(name)?.listener.port;
  const withPort = (t: Omit<Target, "port">): Target => ({ ...t, ...(port === undefined ? {} : { port }) });
  const admitted = (c: PacketClass) => c.disposition === "accepted" || c.disposition === "exits-network" || landing(topology, c)?.targetsOutside === true;
  const inward = (o: Origin, family: Family) => (o.start.at === "internet" ? entryAddresses(topology, family) : everything(family));
  if (name === "internet") {
    // The internet proper: not this network's own public addresses (those lead back in).
    // Nor the prefixes Azure's default routes drop (Microsoft's own ranges): no VNet reaches them.
    const platform = (f: Family) =>
      topology.networks.some((n) => DEFAULT_INTENTS[n.cloud].platformRangesDropped)
        ? normalize(
            parsePrefixes(defaultNoneRoutes(topology.asOf))
              .filter((p) => p.family === f)
              .map(prefixRange),
          )
        : [];
    return withPort({
      dst: (_o, f) => subtract(subtract(internetSpace(f), entryAddresses(topology, f)), platform(f)),
      reached: (c) => c.disposition === "exits-network" && c.end?.at === "internet",
    });
  }
  const landsIn = (ids: ReadonlySet<string>) => (c: PacketClass) => {
    const l = landing(topology, c);
    return admitted(c) && l?.subnet !== undefined && ids.has(l.subnet.id);
  };
  if (name === "network") return withPort({ dst: inward, reached: (c) => admitted(c) && landing(topology, c) !== undefined });
  const tier = TIERS[name];
  if (tier) return withPort({ dst: inward, reached: landsIn(new Set(tierIds(topology, context, tier))) });
  if (ix.subnets.has(name)) return withPort({ dst: inward, reached: landsIn(new Set([name])) });
  const iface = ix.interfaceOrInstance(name);
  if (iface) return withPort({ dst: inward, reached: (c) => admitted(c) && c.end?.at === "interface" && c.end.iface.id === iface.id });
  // A load balancer (by word or id) or a listener: packets to its nodes' addresses that its listener takes.
  const lbId =
    name === "sync"
      ? context.sync?.loadBalancerId
      : name === "apiserver"
        ? (context.apiserver?.loadBalancerId ?? topology.loadBalancers.find((l) => l.id.split(".").at(-1) === "apiserver")?.id)
        : undefined;
  const listenerId = name === "sync" ? context.sync?.listenerId : name === "apiserver" ? context.apiserver?.listenerId : ix.listener(name) ? name : undefined;
  const lb =
    ix.loadBalancers.get(lbId ?? "") ??
    ix.listener(listenerId ?? "")?.lb ??
    topology.loadBalancers.find((l) => l.id === name || l.name === name || l.id.split(".").at(-1) === name);
  if (name === "sync" && !lb) throw new IntentError("to: the sync link's load balancer is not known for this network");
  if (lb) {
    const addresses = (f: Family) =>
      normalize(
        parsePrefixes(lb.nodes.flatMap((n) => [...n.privateIps, ...(n.publicIps ?? [])]))
          .filter((p) => p.family === f)
          .map(prefixRange),
      );
    const listener = listenerId ?? (port === undefined ? undefined : lb.listeners.find((l) => l.port === port)?.id);
    return withPort({
      dst: (o, f) => (o.start.at === "internet" ? intersect(addresses(f), entryAddresses(topology, f)) : addresses(f)),
      reached: (c) => {
        const l = landing(topology, c);
        return (
          admitted(c) && l?.kind === "listener" && lb.listeners.some((x) => x.id === l.destination) && (listener === undefined || l.destination === listener)
        );
      },
    });
  }
  const block = parsePrefix(name);
  if (!block)
    throw new IntentError(
      `to: ${name} is not internet, network, a tier, sync, apiserver, a load balancer, listener, subnet, instance or interface id, or a CIDR`,
    );
  return withPort({ dst: (_o, f) => (block.family === f ? [prefixRange(block)] : []), reached: admitted });
}

function protocolsOf(intent: Intent): ProtocolSet {
  const p = intent.protocol ?? (intent.ports === undefined ? "all" : "tcp");
  return p === "all" ? { allBut: [] } : { only: [protocolNumber(p)] };
}

function portRange(p: string | number): Range {
  if (typeof p === "number") return { lo: BigInt(p), hi: BigInt(p) };
  const [lo, hi] = p.split("-").map((x) => BigInt(x));
  return { lo: lo!, hi: hi ?? lo! };
}

/**
 * Answers one intent for every packet it names. A packet that must get through and stops where the
 * input only reads (`insufficient-info`: a data source before Terraform plans) makes it unanswerable.
 */
export function testIntent(topology: Topology, context: DataPlaneContext, intent: Intent): IntentResult {
  try {
    const to = target(topology, context, intent.to);
    const ports =
      to.port !== undefined
        ? [{ lo: BigInt(to.port), hi: BigInt(to.port) }]
        : intent.ports === undefined
          ? allPorts()
          : normalize([intent.ports].flat().map(portRange));
    const protocols = to.port !== undefined && intent.protocol === undefined ? { only: [protocolNumber("tcp")] } : protocolsOf(intent);
    const violations: Violation[] = [];
    let classes = 0;
    let asked = false;
    for (const family of familiesOf(topology)) {
      for (const origin of origins(topology, context, intent, family)) {
        const dst = to.dst(origin, family);
        if (origin.src.length === 0 || dst.length === 0) continue;
        asked = true;
        const space: PacketSpace = { family, src: origin.src, dst, protocols, ports };
        const found = analyze(topology, origin.start, space);
        classes += found.length;
        const failing = found.filter((c) => to.reached(c) !== (intent.must === "reach"));
        const byProtocol = new Map<string, PacketClass[]>();
        for (const c of failing) byProtocol.set(describeProtocols(c.protocols), [...(byProtocol.get(describeProtocols(c.protocols)) ?? []), c]);
        for (const [protocol, list] of byProtocol) {
          for (const row of portRows(list, (c) => c.src)) {
            const within = list.filter((c) => c.ports.some((r) => r.lo <= row.ports.lo && row.ports.lo <= r.hi));
            const landed = landing(topology, row.witness)?.destination;
            violations.push({
              ...(landed ? { landing: landed } : {}),
              from: origin.label,
              protocol,
              ports: list[0]!.witness.protocol === 6 || list[0]!.witness.protocol === 17 ? describePorts([row.ports]) : "",
              sources: setToCidrs(family, row.ranges),
              destinations: setToCidrs(family, normalize(within.flatMap((c) => c.dst))),
              witness: witnessOf(row.witness, landing(topology, row.witness)?.targetsOutside),
            });
          }
        }
      }
    }
    // Nothing to send: a must-not holds (nothing gets there), a must cannot be shown.
    if (!asked)
      return intent.must === "not reach"
        ? { intent, holds: true, violations, classes }
        : { intent, holds: false, unanswerable: "no packet matches both its from and its to in this network", violations, classes };
    const unread = intent.must === "reach" ? violations.find((v) => v.witness.disposition === "insufficient-info")?.witness.unread : undefined;
    if (unread) return { intent, holds: false, unanswerable: `${unread} could not be read: known only when Terraform reads it`, violations, classes };
    return { intent, holds: violations.length === 0, violations, classes };
  } catch (e) {
    if (e instanceof IntentError) return { intent, holds: false, unanswerable: e.message, violations: [], classes: 0 };
    throw e;
  }
}

export function testIntents(topology: Topology, context: DataPlaneContext, intents: readonly Intent[]): IntentResult[] {
  return intents.map((i) => testIntent(topology, context, i));
}

/** `nothing else on the internet reaches the sync port: must not reach, from internet except control-plane to sync tcp 443`. */
export function describeIntent(i: Intent, named = true): string {
  const ports = i.ports === undefined ? "" : ` ${[i.ports].flat().join(",")}`;
  const what = `${i.must === "reach" ? "must reach" : "must not reach"}: from ${i.from}${i.except ? ` except ${i.except.join(", ")}` : ""} to ${i.to} ${i.protocol ?? (i.ports === undefined ? "all" : "tcp")}${ports}`;
  return i.name && named ? `${i.name} (${what})` : what;
}

/** Failing intents as findings (DPN-TEST-001): an error naming the first violating packets, with the witness trace; "not enough data" when one cannot be answered. */
export function intentFindings(topology: Topology, context: DataPlaneContext, intents: readonly Intent[]): Finding[] {
  return testIntents(topology, context, intents).flatMap((r, i) => {
    const subject = r.intent.name ?? `intents[${i}]`;
    if (r.unanswerable) return [notEnoughData("DPN-TEST-001", subject, `${describeIntent(r.intent, false)}: ${r.unanswerable}`)];
    const v = r.violations[0];
    if (!v) return [];
    const service = v.ports ? `${v.protocol} ${v.ports}` : v.protocol;
    const more = r.violations.length > 1 ? ` (and ${r.violations.length - 1} more classes)` : "";
    const message = `${describeIntent(r.intent, false)} fails for ${service} from ${v.sources.slice(0, 3).join(", ")}${v.sources.length > 3 ? ` (+${v.sources.length - 3} more)` : ""} (${v.from}) to ${v.destinations.slice(0, 3).join(", ")}${more}; witness ${v.witness.flow}: ${v.witness.disposition}`;
    return [finding("DPN-TEST-001", subject, message, [...v.witness.hops, ...replyHops(v.witness.return ?? [])])];
  });
}
