// IPv4 notation and block arithmetic: dotted quads to and from unsigned 32-bit integers (plain
// numbers: exact below 2^53), and the sizes of blocks by prefix length. Prefixes themselves are
// prefix.ts's, of either family.

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

/** Number of addresses in an IPv4 block of this prefix length. */
export function blockSize(len: number): number {
  return 2 ** (32 - len);
}

/** Addresses left for hosts in an IPv4 block of this length when the cloud reserves `reserved` per subnet (AWS and Azure: 5). */
export function usableInBlock(len: number, reserved = 5): number {
  return Math.max(0, blockSize(len) - reserved);
}

/** The smallest prefix length whose block holds at least `total` addresses (e.g. 768 -> 22). */
export function prefixHolding(total: number): number {
  let len = 32;
  while (len > 0 && blockSize(len) < total) len--;
  return len;
}
