import { type Command, Option } from "commander";
import { inputError } from "../../spec/errors.js";
import { EXIT, Exit, out } from "../io.js";
import { loadNetwork, type NetworkSourceFlags, withNetworkSource } from "../network-source.js";
import type { Cloud } from "../../topology/model.js";

interface CapacityFlags extends NetworkSourceFlags {
  instanceType?: string;
  maxPods?: string;
  prefixDelegation?: boolean;
  nodes?: string;
  overlay?: boolean;
  surge?: string;
  internalLbs?: string;
  json?: boolean;
}

/** The options that only one cloud's capacity model takes. */
const OPTIONS_OF: Record<Cloud, readonly (keyof CapacityFlags)[]> = {
  aws: ["instanceType", "prefixDelegation"],
  azure: ["overlay", "surge", "internalLbs"],
};

/** A whole number option, or exit 2 naming the option. */
function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw inputError(flag, value, "must be a whole number");
  return Number(value);
}

export function registerCapacity(cli: Command): void {
  withNetworkSource(cli.command("capacity"))
    .description(
      "how many nodes and pods a network holds, zone by zone, which limit binds first, and the headroom at a scale: a spec's plan, or a module, plan JSON or export as it is now",
    )
    .option("--instance-type <type>", "AWS: the nodes' EC2 instance type (default: aws.scale.instanceType, else m6i.xlarge)")
    .option("--max-pods <n>", "kubelet's max pods (default: AWS's recommended value for the type; AKS's default)")
    .option("--prefix-delegation", "AWS: count /28 prefixes even if the spec does not turn aws.pods.prefixDelegation on")
    .option("--nodes <n>", "the headroom at this many nodes in all, spread evenly over the zones (exit 1 when they do not fit)")
    .addOption(new Option("--overlay", "Azure: pods on Azure CNI Overlay instead of the pod subnet"))
    .option("--surge <n>", "Azure: upgrade surge nodes to keep room for (default 1)")
    .option("--internal-lbs <n>", "Azure: internal load balancer frontends in the node subnet (default 0)")
    .option("--json", "print JSON")
    .action(async (source: string | undefined, flags: CapacityFlags) => {
      const { capacityFrom, planCapacityInput } = await import("../../capacity/index.js");
      const { networkCapacityInput } = await import("../../capacity/network.js");
      const { formatCapacity } = await import("../../capacity/text.js");
      const loaded = await loadNetwork(source, flags);
      const input = loaded.plan ? planCapacityInput(loaded.plan) : networkCapacityInput(loaded.topology);
      for (const [cloud, keys] of Object.entries(OPTIONS_OF) as [Cloud, readonly (keyof CapacityFlags)[]][]) {
        if (cloud === input.cloud) continue;
        for (const key of keys) {
          if (flags[key] !== undefined)
            throw inputError(`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, flags[key], `is for ${cloud} networks only`);
        }
      }
      const options = {
        ...(flags.instanceType !== undefined ? { instanceType: flags.instanceType } : {}),
        ...(flags.prefixDelegation ? { prefixDelegation: true } : {}),
        ...(flags.overlay ? { podNetwork: "overlay" as const } : {}),
      };
      const numbers = {
        maxPods: count("--max-pods", flags.maxPods),
        nodes: count("--nodes", flags.nodes),
        surge: count("--surge", flags.surge),
        internalLoadBalancers: count("--internal-lbs", flags.internalLbs),
      };
      for (const [key, value] of Object.entries(numbers)) if (value !== undefined) Object.assign(options, { [key]: value });
      const report = capacityFrom(input, options);
      out(flags.json ? JSON.stringify(report, null, 2) : formatCapacity(report));
      // A scale that does not fit is a finding: exit 1, as for error-level findings.
      if (report.scale && !report.scale.fits) throw new Exit(EXIT.findings);
    });
}
