// Addresses and prefixes of either family behind one type, so routes, rules and lookups treat
// IPv4 and IPv6 alike. Values are bigints: IPv4 in [0, 2^32), IPv6 in [0, 2^128).
import { formatIp, parseIp } from "../ipam/ipv4.js";
import { formatIpv6, parseIpv6 } from "../ipam/ipv6.js";
import { isTracking, testedRange } from "./track.js";

export type Family = 4 | 6;

export interface Address {
  readonly family: Family;
  readonly value: bigint;
}

export interface Prefix extends Address {
  readonly len: number;
  /** Canonical text, e.g. `10.0.0.0/16`. */
  readonly text: string;
}

export const FAMILY_BITS: Record<Family, number> = { 4: 32, 6: 128 };

export function parseAddress(text: string): Address | undefined {
  const v4 = parseIp(text);
  if (v4 !== undefined) return { family: 4, value: BigInt(v4) };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

export function formatAddress(a: Address): string {
  return a.family === 4 ? formatIp(Number(a.value)) : formatIpv6(a.value);
}

// The host-bit and network masks of every prefix length, computed once: lookups and rule matches
// test addresses against prefixes millions of times, and a bigint shift allocates each time.
const HOST_BITS: Record<Family, bigint[]> = {
  4: Array.from({ length: 33 }, (_, len) => (1n << BigInt(32 - len)) - 1n),
  6: Array.from({ length: 129 }, (_, len) => (1n << BigInt(128 - len)) - 1n),
};
const NETWORK_MASK: Record<Family, bigint[]> = { 4: HOST_BITS[4].map((h) => ~h), 6: HOST_BITS[6].map((h) => ~h) };

function hostBits(family: Family, len: number): bigint {
  return HOST_BITS[family][len]!;
}

/**
 * Parses `addr/len`, or a bare address as a single-host prefix (NSG rules and next hops allow
 * them). Host bits must be zero, so a typo is reported rather than silently masked.
 */
export function parsePrefix(text: string): Prefix | undefined {
  const slash = text.indexOf("/");
  const addr = parseAddress(slash < 0 ? text : text.slice(0, slash));
  if (!addr) return undefined;
  const lenText = slash < 0 ? String(FAMILY_BITS[addr.family]) : text.slice(slash + 1);
  const len = /^\d{1,3}$/.test(lenText) ? Number(lenText) : NaN;
  if (!(len >= 0 && len <= FAMILY_BITS[addr.family])) return undefined;
  if ((addr.value & hostBits(addr.family, len)) !== 0n) return undefined;
  return { ...addr, len, text: `${formatAddress(addr)}/${len}` };
}

/** The texts that are addresses or CIDR blocks, parsed; the others left out. */
export function parsePrefixes(texts: readonly string[]): Prefix[] {
  return texts.map((t) => parsePrefix(t)).filter((p) => p !== undefined);
}

export function containsAddress(p: Prefix, a: Address): boolean {
  if (p.family !== a.family) return false;
  if (isTracking()) testedRange(a, p.value, p.value | hostBits(p.family, p.len));
  return (a.value & NETWORK_MASK[p.family][p.len]!) === p.value;
}

/** True when `inner` lies entirely inside `outer`. */
export function coversPrefix(outer: Prefix, inner: Prefix): boolean {
  return inner.len >= outer.len && containsAddress(outer, inner);
}

/** The address `offset` places after the start of the prefix. */
export function addressAt(p: Prefix, offset: number): Address {
  return { family: p.family, value: p.value + BigInt(offset) };
}

/** A map key unique across families (IPv6 keys are offset past every IPv4 value). */
export function addressKey(a: Address): bigint {
  return a.family === 4 ? a.value : a.value | (1n << 128n);
}

export function sameAddress(a: Address, b: Address): boolean {
  if (a.family !== b.family) return false;
  // A field compared with itself (a session matching the flow it recorded) tests nothing.
  if (a === b) return true;
  if (isTracking()) {
    testedRange(a, b.value, b.value);
    testedRange(b, a.value, a.value);
  }
  return a.value === b.value;
}

/** The masked network value of `a` at prefix length `len` (for exact-prefix lookups). */
export function networkValue(a: Address, len: number): bigint {
  return a.value & NETWORK_MASK[a.family][len]!;
}

// Special-purpose blocks the public internet does not route (RFC 6890): private, shared (CGNAT),
// loopback, link-local, benchmarking, multicast and reserved space; ULA and link-local for IPv6.
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
].map((text) => parsePrefix(text)!);

/** True when the public internet can carry packets to this address. */
export function isInternetRoutable(a: Address): boolean {
  return !NOT_ROUTED.some((p) => containsAddress(p, a));
}
