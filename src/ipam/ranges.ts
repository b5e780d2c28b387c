// The special-purpose blocks dpnet's rules name (RFC 6890 and its updates), each written once:
// the planners' address rules, the analyzer's "does the internet route it" and the audit's
// reading of a VPC's blocks all classify addresses by this table.
import { type Address, type Prefix, containsAddress, coversPrefix, parsePrefix } from "./prefix.js";

const block = (text: string): Prefix => parsePrefix(text)!;

/** RFC 1918 private blocks. */
export const PRIVATE: readonly Prefix[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(block);
/** RFC 6598 shared address space (carrier-grade NAT), where the pod blocks go. */
export const SHARED = block("100.64.0.0/10");
/** RFC 4193 unique local IPv6 addresses. */
export const UNIQUE_LOCAL = block("fc00::/7");

// Special-purpose blocks the public internet does not route (RFC 6890): private, shared (CGNAT),
// "this network", loopback, link-local, benchmarking, multicast and reserved space; for IPv6 the
// unspecified and loopback addresses, IPv4-mapped addresses, ULA, link-local and multicast.
export const NOT_ROUTED: readonly Prefix[] = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "224.0.0.0/4",
  "240.0.0.0/4",
  "::/127",
  "::ffff:0:0/96",
  "fc00::/7",
  "fe80::/10",
  "ff00::/8",
].map(block);

/** True when the public internet can carry packets to this address. */
export function isInternetRoutable(a: Address): boolean {
  return !NOT_ROUTED.some((p) => containsAddress(p, a));
}

/** True when the block lies in private (RFC 1918), shared (RFC 6598) or unique local (RFC 4193) space: not an internet block. */
export function isPrivateOrShared(p: Prefix): boolean {
  return [...PRIVATE, SHARED, UNIQUE_LOCAL].some((r) => coversPrefix(r, p));
}
