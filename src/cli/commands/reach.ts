import { Option, type Command } from "commander";
import { EXIT, Exit, out } from "../io.js";
import { loadNetwork, withNetworkSource, type NetworkSourceFlags } from "../network-source.js";

interface ReachOptions extends NetworkSourceFlags {
  from: string;
  to: string;
  protocol?: string;
  json?: boolean;
}

const PROTOCOLS = new Set(["tcp", "udp", "icmp", "icmpv6"]);

export function registerReach(cli: Command): void {
  withNetworkSource(cli.command("reach"))
    .description("follow one flow through a network and print the trace; exit 0 when it gets through, 1 when not")
    .requiredOption("--from <where>", "internet, control-plane, nodes, pods, public, db, a subnet or instance/ENI id, a CIDR or an IP")
    .requiredOption("--to <where[:port]>", "as --from, or <load balancer>:<port> (ingress:443, apiserver:6443); :port for TCP/UDP")
    .addOption(new Option("--protocol <protocol>", "tcp, udp, icmp or an IP protocol number (default: the listener's, else tcp)"))
    .option("--json", 'print { "disposition", "hops": [{ id, kind, decision }], "return": [...] }')
    .action(async (source: string | undefined, opts: ReachOptions) => {
      const { QueryError, reach, reachEngine } = await import("../../analyze/reach.js");
      const { resolveFrom, resolveTo } = await import("../../analyze/checks/names.js");
      const { gotThrough, outsideTargets, reachesListener } = await import("../../analyze/checks/reachability.js");
      const { inputError } = await import("../../spec/errors.js");
      const protocol = opts.protocol === undefined ? undefined : PROTOCOLS.has(opts.protocol) ? (opts.protocol as "tcp") : /^\d{1,3}$/.test(opts.protocol) && Number(opts.protocol) <= 255 ? Number(opts.protocol) : undefined;
      if (opts.protocol !== undefined && protocol === undefined) throw inputError("--protocol", opts.protocol, "is not tcp, udp, icmp, icmpv6 or a protocol number 0-255");
      const loaded = await loadNetwork(source, opts);
      const { topology, context } = loaded;
      try {
        const from = resolveFrom(topology, context, opts.from);
        const to = resolveTo(topology, context, opts.to);
        const query = { ...from, ...to, ...(protocol !== undefined ? { protocol } : {}) };
        const r = reach(topology, query);
        const engine = reachEngine(topology);
        // A module's target groups are empty (an Auto Scaling group registers the nodes): judged up to the listener.
        const inAtListener = !gotThrough(r) && reachesListener(engine, query, r);
        const hops = [...r.hops, ...outsideTargets(engine, query, r)];
        if (opts.json) {
          out(JSON.stringify({ flow: r.flow, disposition: r.disposition, ...(inAtListener ? { admittedAtListener: true } : {}), hops, ...(r.return ? { return: r.return } : {}) }, null, 2));
        } else {
          const list = (h: typeof hops) => h.map((hop, i) => `  ${String(i + 1).padStart(2)}. ${hop.id} (${hop.kind}): ${hop.decision}`);
          const verdict = inAtListener ? "admitted at the listener (its targets are registered outside this topology)" : r.disposition;
          out([`${loaded.label}`, `${r.flow}: ${verdict}`, ...list(hops), ...(r.return ? ["reply:", ...list(r.return)] : [])].join("\n"));
        }
        if (!gotThrough(r) && !inAtListener) throw new Exit(EXIT.findings);
      } catch (e) {
        if (e instanceof QueryError) throw inputError("reach", `--from ${opts.from} --to ${opts.to}`, `cannot be asked: ${e.message}`);
        throw e;
      }
    });
}
