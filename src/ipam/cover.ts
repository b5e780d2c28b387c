// Does a set of blocks, together, hold every address? `0.0.0.0/1` + `128.0.0.0/1` is the whole
// internet as surely as `0.0.0.0/0` is: guards on what is open to the world judge the union.
import { blockSize, tryParseCidr } from "./ipv4.js";
import { IPV6_BITS, tryParseIpv6Cidr } from "./ipv6.js";

/** True when the ranges [start, end) cover [0, total) together. */
function coversAll(ranges: [bigint, bigint][], total: bigint): boolean {
  ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let reached = 0n;
  for (const [start, end] of ranges) {
    if (start > reached) return false;
    if (end > reached) reached = end;
  }
  return reached >= total;
}

/** `0.0.0.0/0` and/or `::/0` when the blocks (IPv4 and IPv6 CIDR text; others ignored) cover that whole family. */
export function worldCovered(cidrs: readonly string[]): ("0.0.0.0/0" | "::/0")[] {
  const v4: [bigint, bigint][] = [];
  const v6: [bigint, bigint][] = [];
  for (const text of cidrs) {
    const c4 = tryParseCidr(text);
    if (c4) v4.push([BigInt(c4.addr), BigInt(c4.addr + blockSize(c4.len))]);
    const c6 = c4 ? undefined : tryParseIpv6Cidr(text);
    if (c6) v6.push([c6.addr, c6.addr + (1n << BigInt(IPV6_BITS - c6.len))]);
  }
  return [...(coversAll(v4, 1n << 32n) ? (["0.0.0.0/0"] as const) : []), ...(coversAll(v6, 1n << BigInt(IPV6_BITS)) ? (["::/0"] as const) : [])];
}
