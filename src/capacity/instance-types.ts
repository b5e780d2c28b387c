// EC2 instance types' network limits, from the generated table (tools/generate-instance-types.mjs).
import { INSTANCE_TYPE_LIMITS } from "./aws-instance-types.js";

export { INSTANCE_TYPES_SOURCE } from "./aws-instance-types.js";

export interface InstanceTypeLimits {
  instanceType: string;
  /** Network interfaces on the default network card. */
  enis: number;
  /** IPv4 addresses per interface, its primary address included. */
  ipv4PerEni: number;
  /** Default vCPUs, when the source publishes them. */
  vcpus?: number;
}

let table: Map<string, InstanceTypeLimits> | undefined;

function limitsTable(): Map<string, InstanceTypeLimits> {
  if (!table) {
    table = new Map();
    for (const line of INSTANCE_TYPE_LIMITS.trim().split("\n")) {
      const [instanceType, enis, ipv4PerEni, vcpus] = line.split(" ") as [string, string, string, string];
      table.set(instanceType, { instanceType, enis: Number(enis), ipv4PerEni: Number(ipv4PerEni), ...(vcpus === "-" ? {} : { vcpus: Number(vcpus) }) });
    }
  }
  return table;
}

/** The limits of an instance type, or undefined when AWS's table does not list it. */
export function instanceTypeLimits(instanceType: string): InstanceTypeLimits | undefined {
  return limitsTable().get(instanceType);
}

/** Every instance type the table knows, sorted. */
export function knownInstanceTypes(): string[] {
  return [...limitsTable().keys()];
}
