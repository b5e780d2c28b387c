// IPv4 prefixes: parse, format, containment, overlap and aligned carving.
// Addresses are unsigned 32-bit integers held in plain numbers (fast, exact below 2^53).

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly addr: number;
  /** Prefix length, 0..32. */
  readonly len: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses a dotted-quad address; returns undefined when it is not one. */
export function parseIp(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIp(addr: number): string {
  return [addr >>> 24, (addr >>> 16) & 255, (addr >>> 8) & 255, addr & 255].join(".");
}

/** Number of addresses in a prefix of this length. */
export function blockSize(len: number): number {
  return 2 ** (32 - len);
}

export class CidrError extends Error {}

/** Parses `a.b.c.d/len` strictly: host bits must be zero, so a typo is caught rather than silently masked. */
export function parseCidr(text: string): Cidr {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(text.trim());
  const addr = match ? parseIp(match[1]!) : undefined;
  const len = match ? Number(match[2]) : NaN;
  if (addr === undefined || !(len >= 0 && len <= 32)) throw new CidrError(`${text} is not an IPv4 CIDR block (a.b.c.d/len)`);
  const network = len === 0 ? 0 : addr - (addr % blockSize(len));
  if (network !== addr) throw new CidrError(`${text} has host bits set: the network is ${formatCidr({ addr: network, len })}`);
  return { addr, len };
}

/** Like parseCidr, but returns undefined instead of throwing. */
export function tryParseCidr(text: string): Cidr | undefined {
  try {
    return parseCidr(text);
  } catch {
    return undefined;
  }
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.addr)}/${c.len}`;
}

/** One past the last address of the prefix. */
export function end(c: Cidr): number {
  return c.addr + blockSize(c.len);
}

/** True when `inner` lies entirely inside `outer` (equal counts). */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.len >= outer.len && inner.addr >= outer.addr && end(inner) <= end(outer);
}

export function containsIp(c: Cidr, ip: number): boolean {
  return ip >= c.addr && ip < end(c);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.addr < end(b) && b.addr < end(a);
}

/** Addresses left for hosts when the cloud reserves `reserved` per subnet (AWS and Azure: 5). */
export function usableAddresses(c: Cidr, reserved = 5): number {
  return Math.max(0, blockSize(c.len) - reserved);
}

/** The smallest prefix length whose block holds at least `total` addresses (e.g. 768 -> 22). */
export function prefixHolding(total: number): number {
  let len = 32;
  while (len > 0 && blockSize(len) < total) len--;
  return len;
}

/**
 * Carves blocks of the requested prefix lengths out of `parent`, in request order, each at the
 * lowest aligned address that is free of `used` and earlier blocks. Requests sorted from largest
 * to smallest pack without gaps, so they fit exactly when their total size fits.
 * Returns undefined when some request does not fit.
 */
export function carve(parent: Cidr, lengths: readonly number[], used: readonly Cidr[] = []): Cidr[] | undefined {
  const taken = [...used];
  const out: Cidr[] = [];
  for (const len of lengths) {
    if (len < parent.len || len > 32) return undefined;
    const size = blockSize(len);
    let found: Cidr | undefined;
    for (let addr = parent.addr; addr + size <= end(parent); ) {
      const candidate = { addr, len };
      const clash = taken.find((t) => overlaps(t, candidate));
      if (!clash) {
        found = candidate;
        break;
      }
      // Jump past the clashing block, rounded up to the next aligned start.
      addr = Math.ceil(end(clash) / size) * size;
    }
    if (!found) return undefined;
    taken.push(found);
    out.push(found);
  }
  return out;
}

/** The well-known ranges the address rules refer to. */
export const RANGES = {
  rfc1918_10: parseCidr("10.0.0.0/8"),
  rfc1918_172: parseCidr("172.16.0.0/12"),
  rfc1918_192: parseCidr("192.168.0.0/16"),
  cgnat: parseCidr("100.64.0.0/10"),
  benchmark198: parseCidr("198.19.0.0/16"),
  all: parseCidr("0.0.0.0/0"),
} as const;
