import { Option, type Command } from "commander";
import type { DataPlaneContext } from "../../topology/context.js";
import type { TraceHop } from "../../findings.js";
import { TopologyError } from "../../topology/lookup.js";
import type { Topology } from "../../topology/model.js";
import { EXIT, Exit, out, outJsonLines } from "../io.js";
import { loadNetwork, withNetworkSource, type NetworkSourceFlags } from "../network-source.js";
import { type BatchQuestion, PROTOCOL_RULE, parseProtocol } from "../reach-batch.js";

interface ReachOptions extends NetworkSourceFlags {
  from?: string;
  to?: string;
  protocol?: string;
  json?: boolean;
  batch?: string;
}

/** What `--json` prints for one question, and `--batch` for each (one line). */
interface Printed {
  flow: string;
  disposition: string;
  admittedAtListener?: true;
  hops: TraceHop[];
  return?: TraceHop[];
}

/** The answer, whether the flow got through (the exit code), the verdict in words, and the internet hosts dpnet chose for the question's ends. */
interface Answer {
  printed: Printed;
  gotThrough: boolean;
  verdict: string;
  chosenHosts: string[];
}

type Analysis = typeof import("../../analyze/reach.js") &
  typeof import("../../analyze/checks/names.js") &
  typeof import("../../analyze/checks/reachability.js") &
  Pick<typeof import("../../analyze/checks/sync.js"), "azureSyncReach"> &
  Pick<typeof import("../../ipam/prefix.js"), "parseAddress">;

async function analysis(): Promise<Analysis> {
  const [reach, names, reachability, sync, address] = await Promise.all([
    import("../../analyze/reach.js"),
    import("../../analyze/checks/names.js"),
    import("../../analyze/checks/reachability.js"),
    import("../../analyze/checks/sync.js"),
    import("../../ipam/prefix.js"),
  ]);
  return { ...reach, ...names, ...reachability, azureSyncReach: sync.azureSyncReach, parseAddress: address.parseAddress };
}

/**
 * Azure: the sync port (`sync`, `ingress:<port>`, the public IP by address or `azurerm_public_ip.<name>`) is
 * reached through AKS's load balancer, which is not in the topology: answered as DPN-AZ-011 judges it.
 */
function azureSync(a: Analysis, topology: Topology, context: DataPlaneContext, q: BatchQuestion): Answer | undefined {
  // Hub and spoke: the sync address is the firewall's DNAT rule, in the topology (names.ts resolves `sync` to it).
  if (context.cloud !== "azure" || context.azure?.syncDnat) return undefined;
  const { name, port } = a.splitPort(q.to);
  const publicIp = context.azure?.publicIpAddress;
  if (!(name === "sync" || name === "ingress" || name === publicIp || /(^|\.)azurerm_public_ip\.[\w-]+$/.test(name))) return undefined;
  const from = a.resolveFrom(topology, context, q.from);
  if (from.from !== "internet" || from.sourceIp === undefined)
    throw new a.QueryError(`${q.to} is asked from the internet or the control plane, not from ${q.from}`);
  const source = a.parseAddress(from.sourceIp)!;
  const input = { topology, context, cloud: "azure" as const, engine: a.reachEngine(topology), gaps: [], invalid: [], unknown: new Set<string>() };
  const r = a.azureSyncReach(input, source, port ?? context.controlPlane?.port ?? 443);
  const printed: Printed = { flow: r.flow, disposition: r.allowed ? "accepted" : "denied", hops: r.hops };
  return { printed, gotThrough: r.allowed, verdict: printed.disposition, chosenHosts: q.from === "internet" ? [from.sourceIp] : [] };
}

/** Asks one question; throws QueryError when it cannot be asked. */
function answer(a: Analysis, topology: Topology, context: DataPlaneContext, q: BatchQuestion): Answer {
  const viaAks = azureSync(a, topology, context, q);
  if (viaAks) return viaAks;
  const query = {
    ...a.resolveFrom(topology, context, q.from),
    ...a.resolveTo(topology, context, q.to),
    ...(q.protocol !== undefined ? { protocol: q.protocol } : {}),
  };
  const v = a.reachVerdict(topology, query);
  const r = v.result;
  const printed: Printed = {
    flow: r.flow,
    disposition: r.disposition,
    ...(v.admittedAtListener ? { admittedAtListener: true as const } : {}),
    hops: v.hops,
    ...(r.return ? { return: r.return } : {}),
  };
  const from = q.from === "internet" && "sourceIp" in query && query.sourceIp !== undefined ? [query.sourceIp] : [];
  const to = q.to.split(":")[0] === "internet" ? [query.to] : [];
  return { printed, gotThrough: v.gotThrough, verdict: v.verdict, chosenHosts: [...from, ...to] };
}

export function registerReach(cli: Command): void {
  withNetworkSource(cli.command("reach"))
    .description("follow one flow through a network and print the trace; exit 0 when it gets through, 1 when not")
    .option("--from <where>", "internet, control-plane, nodes, pods, public, db, a subnet or instance/ENI id, a CIDR or an IP")
    .option("--to <where[:port]>", "as --from, or <load balancer>:<port> (ingress:443, apiserver:6443); :port for TCP/UDP")
    .addOption(new Option("--protocol <protocol>", "tcp, udp, icmp or an IP protocol number (default: the listener's, else tcp)"))
    .option("--json", 'print { "disposition", "hops": [{ id, kind, decision, rules }], "return": [...] }')
    .option("--batch <file>", 'many questions, one JSON object a line ({"from", "to", "protocol"}; - for stdin): one JSON answer a line, in order')
    .action(async (source: string | undefined, opts: ReachOptions) => {
      const { inputError } = await import("../../spec/errors.js");
      if (opts.batch !== undefined) {
        const asked = (["from", "to", "protocol", "json"] as const).find((k) => opts[k] !== undefined);
        if (asked) throw inputError(`--${asked}`, opts[asked], "cannot be combined with --batch: each line of the batch is a question");
        const { readBatch } = await import("../reach-batch.js");
        const questions = readBatch(opts.batch);
        const [loaded, a] = await Promise.all([loadNetwork(source, opts), analysis()]);
        const { topology, context } = loaded;
        a.reachEngine(topology); // compiled once, before any question: a malformed network is exit 2
        const lines = questions.map((q) => {
          try {
            return JSON.stringify(answer(a, topology, context, q).printed);
          } catch (e) {
            if (e instanceof a.QueryError || e instanceof TopologyError) return JSON.stringify({ error: e.message });
            throw e;
          }
        });
        outJsonLines(lines);
        return;
      }
      if (opts.from === undefined || opts.to === undefined)
        throw inputError(opts.from === undefined ? "--from" : "--to", undefined, "is required (or give --batch)");
      const protocol = opts.protocol === undefined ? undefined : parseProtocol(opts.protocol);
      if (opts.protocol !== undefined && protocol === undefined) throw inputError("--protocol", opts.protocol, PROTOCOL_RULE);
      const [loaded, a] = await Promise.all([loadNetwork(source, opts), analysis()]);
      try {
        const {
          printed: r,
          gotThrough,
          verdict,
          chosenHosts,
        } = answer(a, loaded.topology, loaded.context, {
          from: opts.from,
          to: opts.to,
          ...(protocol !== undefined ? { protocol } : {}),
        });
        if (opts.json) {
          out(JSON.stringify(r, null, 2));
        } else {
          const list = (h: TraceHop[]) => h.map((hop, i) => `  ${String(i + 1).padStart(2)}. ${hop.id} (${hop.kind}): ${hop.decision}`);
          // Made-up addresses (stand-ins for what the cloud assigns, a chosen internet host) are shown as what they stand for.
          const { markStandIns, standInLabels, withInternetHosts } = await import("../../report/stand-ins.js");
          const labels = withInternetHosts(standInLabels(loaded.topology, loaded.notes, loaded.context), chosenHosts);
          const text = [`${r.flow}: ${verdict}`, ...list(r.hops), ...(r.return ? ["reply:", ...list(r.return)] : [])].join("\n");
          out(`${loaded.label}\n${markStandIns(text, labels)}`);
        }
        if (!gotThrough) throw new Exit(EXIT.findings);
      } catch (e) {
        if (e instanceof a.QueryError) throw inputError("reach", `--from ${opts.from} --to ${opts.to}`, `cannot be asked: ${e.message}`);
        throw e;
      }
    });
}
