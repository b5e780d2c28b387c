// IPv6 notation: strict parsing (RFC 4291 text forms, including an embedded IPv4 tail such as
// ::ffff:192.0.2.1) and canonical formatting (RFC 5952) of 128-bit unsigned bigints. Prefixes
// themselves are prefix.ts's, of either family.
import { parseIp } from "./ipv4.js";

const GROUP = /^[0-9a-f]{1,4}$/i;

/** The 16-bit groups of one side of `::`, the last of which may be a dotted IPv4 address (two groups). */
function sideGroups(part: string, ipv4Tail: boolean): number[] | undefined {
  if (part === "") return [];
  const texts = part.split(":");
  const out: number[] = [];
  for (const [i, text] of texts.entries()) {
    if (ipv4Tail && i === texts.length - 1 && text.includes(".")) {
      const v4 = parseIp(text);
      if (v4 === undefined) return undefined;
      out.push(Math.floor(v4 / 65536), v4 % 65536);
    } else if (GROUP.test(text)) {
      out.push(parseInt(text, 16));
    } else {
      return undefined;
    }
  }
  return out;
}

/** The eight 16-bit groups of an address written with at most one `::`; undefined when malformed. */
function groups(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = sideGroups(halves[0]!, halves.length === 1);
  if (halves.length === 1) return head?.length === 8 ? head : undefined;
  const tail = sideGroups(halves[1]!, true);
  if (!head || !tail) return undefined;
  // `::` stands for one or more zero groups (RFC 4291 2.2).
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...Array<number>(missing).fill(0), ...tail] : undefined;
}

/** Parses an IPv6 address; returns undefined when it is not one (zone ids like `%eth0` are not accepted). */
export function parseIpv6(text: string): bigint | undefined {
  const parts = groups(text);
  return parts?.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Formats an address canonically (RFC 5952): lowercase, no leading zeros, the longest run of two or more zero groups as `::`. */
export function formatIpv6(addr: bigint): string {
  const parts = Array.from({ length: 8 }, (_, i) => Number((addr >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && parts[j] === 0) j++;
    // The first of equally long runs wins (RFC 5952 4.2.3); a single zero group is not shortened (4.2.2).
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = (ps: number[]) => ps.map((p) => p.toString(16)).join(":");
  if (best.start < 0) return hex(parts);
  return `${hex(parts.slice(0, best.start))}::${hex(parts.slice(best.start + best.length))}`;
}
