// Names AWS imposes rules on: load balancer and target group names, account principals.
import { createHash } from "node:crypto";

// Elastic Load Balancing: names of load balancers and target groups have at most 32 characters.
const LB_NAME_MAX = 32;
const HASH_CHARS = 4;

/**
 * `${name}-${suffix}` for a load balancer or target group; when that is longer than AWS allows,
 * the spec name is shortened and a short hash of it added, so names stay unique per data plane.
 */
export function lbName(name: string, suffix: string): string {
  const full = `${name}-${suffix}`;
  if (full.length <= LB_NAME_MAX) return full;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, HASH_CHARS);
  const keep = LB_NAME_MAX - suffix.length - HASH_CHARS - 2;
  return `${name.slice(0, keep).replace(/-+$/, "")}-${hash}-${suffix}`;
}

/** The AWS partition of a region: ARNs differ in GovCloud and China. */
export function partitionOf(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

/** The principal that stands for a whole account in trust policies: `arn:aws:iam::111122223333:root`. */
export function accountRoot(region: string, accountId: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:root`;
}

const PORT_LABELS: Record<number, string> = { 80: "http", 443: "https" };

/** `http`, `https`, or the port number: the purpose part of listener, target group and rule names. */
export function portLabel(port: number): string {
  return PORT_LABELS[port] ?? String(port);
}
