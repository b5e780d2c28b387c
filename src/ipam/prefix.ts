// Addresses and prefixes of either family behind one type, so routes, rules, lookups and the
// planners' carving treat IPv4 and IPv6 alike. Values are bigints: IPv4 in [0, 2^32), IPv6 in
// [0, 2^128). ipv4.ts and ipv6.ts read and write each family's notation; this is the one prefix.
import { formatIp, parseIp, usableInBlock } from "./ipv4.js";
import { formatIpv6, parseIpv6 } from "./ipv6.js";
import { isTracking, testedRange } from "../topology/track.js";

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

/** A prefix of a family from its network value and length. */
export function prefixAt(family: Family, value: bigint, len: number): Prefix {
  const a = { family, value };
  return { ...a, len, text: `${formatAddress(a)}/${len}` };
}

/** One past the prefix's last address. */
function endOf(p: Prefix): bigint {
  return p.value + hostBits(p.family, p.len) + 1n;
}

/** True when the two prefixes share an address. */
export function overlapsPrefix(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.value < endOf(b) && b.value < endOf(a);
}

/** A prefix a spec or a plan gives, refused with a reason (`<text> has host bits set: ...`). */
export class CidrError extends Error {}

const NOTATION: Record<Family, string> = { 4: "an IPv4 CIDR block (a.b.c.d/len)", 6: "an IPv6 CIDR block (like 2001:db8::/32)" };

/**
 * Parses `addr/len` of the family strictly: the length is required and the host bits must be
 * zero, so a typo is caught rather than silently masked.
 */
export function parseCidr(text: string, family: Family): Prefix {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  const addr = match ? parseAddress(match[1]!) : undefined;
  const len = match ? Number(match[2]) : NaN;
  if (addr?.family !== family || !(len >= 0 && len <= FAMILY_BITS[family])) throw new CidrError(`${text} is not ${NOTATION[family]}`);
  if ((addr.value & hostBits(family, len)) !== 0n) {
    const below = family === 4 ? `: the network is ${prefixAt(4, addr.value & NETWORK_MASK[4][len]!, len).text}` : ` below /${len}`;
    throw new CidrError(`${text} has host bits set${below}`);
  }
  // A dotted quad that parses is already canonical (no leading zeros): no need to write it again.
  return family === 4 ? { ...addr, len, text: `${match![1]}/${len}` } : prefixAt(family, addr.value, len);
}

/** Like parseCidr, but undefined instead of an error. */
export function tryParseCidr(text: string, family: Family): Prefix | undefined {
  try {
    return parseCidr(text, family);
  } catch {
    return undefined;
  }
}

/** Addresses left for hosts in an IPv4 block when the cloud reserves `reserved` of each subnet (AWS and Azure: 5). */
export function usableAddresses(p: Prefix, reserved = 5): number {
  return usableInBlock(p.len, reserved);
}

/**
 * Carves blocks of the requested prefix lengths out of `parent`, in request order, each at the
 * lowest aligned address that is free of `used` and earlier blocks. Requests sorted from largest
 * to smallest pack without gaps, so they fit exactly when their total size fits.
 * Returns undefined when some request does not fit.
 */
export function carve(parent: Prefix, lengths: readonly number[], used: readonly Prefix[] = []): Prefix[] | undefined {
  // Blocks as [start, end) values: candidates are tested by their bounds, and a prefix (with its
  // text) is made only for the blocks found.
  const taken = used.filter((u) => u.family === parent.family).map((u): [bigint, bigint] => [u.value, endOf(u)]);
  const out: Prefix[] = [];
  const bits = FAMILY_BITS[parent.family];
  const last = endOf(parent);
  for (const len of lengths) {
    if (len < parent.len || len > bits) return undefined;
    const size = hostBits(parent.family, len) + 1n;
    let found: bigint | undefined;
    for (let value = parent.value; value + size <= last; ) {
      const end = value + size;
      const clash = taken.find(([a, b]) => a < end && value < b);
      if (!clash) {
        found = value;
        break;
      }
      // Jump past the clash, to the next boundary aligned for this size.
      const past = clash[1];
      value = past % size === 0n ? past : past + size - (past % size);
    }
    if (found === undefined) return undefined;
    taken.push([found, found + size]);
    out.push(prefixAt(parent.family, found, len));
  }
  return out;
}
