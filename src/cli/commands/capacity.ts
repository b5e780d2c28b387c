import { type Command, Option } from "commander";
import { inputError } from "../../spec/errors.js";
import { EXIT, Exit, out } from "../io.js";

interface CapacityFlags {
  instanceType?: string;
  maxPods?: string;
  prefixDelegation?: boolean;
  nodes?: string;
  overlay?: boolean;
  surge?: string;
  internalLbs?: string;
  json?: boolean;
}

/** A whole number option, or exit 2 naming the option. */
function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw inputError(flag, value, "must be a whole number");
  return Number(value);
}

export function registerCapacity(cli: Command): void {
  cli
    .command("capacity")
    .description("how many nodes and pods the planned network holds, zone by zone, which limit binds first, and the headroom at a scale")
    .argument("<spec>", "spec file (YAML or JSON)")
    .option("--instance-type <type>", "AWS: the nodes' EC2 instance type (default: aws.scale.instanceType, else m6i.xlarge)")
    .option("--max-pods <n>", "kubelet's max pods (default: AWS's recommended value for the type; AKS's default)")
    .option("--prefix-delegation", "AWS: count /28 prefixes even if the spec does not turn aws.pods.prefixDelegation on")
    .option("--nodes <n>", "the headroom at this many nodes in all, spread evenly over the zones (exit 1 when they do not fit)")
    .addOption(new Option("--overlay", "Azure: pods on Azure CNI Overlay instead of the pod subnet"))
    .option("--surge <n>", "Azure: upgrade surge nodes to keep room for (default 1)")
    .option("--internal-lbs <n>", "Azure: internal load balancer frontends in the node subnet (default 0)")
    .option("--json", "print JSON")
    .action(async (specPath: string, flags: CapacityFlags) => {
      const { loadSpecFile } = await import("../../io/spec-file.js");
      const { planSpec } = await import("../../plan/index.js");
      const { capacityOf } = await import("../../capacity/index.js");
      const { formatCapacity } = await import("../../capacity/text.js");
      const { spec } = loadSpecFile(specPath);
      const awsOnly = ["instanceType", "prefixDelegation"] as const;
      const azureOnly = ["overlay", "surge", "internalLbs"] as const;
      for (const key of spec.cloud === "aws" ? azureOnly : awsOnly) {
        if (flags[key] !== undefined)
          throw inputError(
            `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
            flags[key],
            `is for ${spec.cloud === "aws" ? "azure" : "aws"} specs only`,
          );
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
      const report = capacityOf(planSpec(spec), options);
      out(flags.json ? JSON.stringify(report, null, 2) : formatCapacity(report));
      // A scale that does not fit is a finding: exit 1, as for error-level findings.
      if (report.scale && !report.scale.fits) throw new Exit(EXIT.findings);
    });
}
