// Sets of addresses (or ports) as sorted, disjoint, non-adjacent inclusive ranges: the exact
// packet sets the exhaustive analysis answers with, whether blocks together cover a whole family
// (0.0.0.0/1 + 128.0.0.0/1 is the whole internet as surely as 0.0.0.0/0), and their CIDR form for people.
import { FAMILY_BITS, type Family, type Prefix, formatAddress, parsePrefix } from "./prefix.js";

export interface Range {
  lo: bigint;
  hi: bigint;
}

export function familyMax(family: Family): bigint {
  return (1n << BigInt(FAMILY_BITS[family])) - 1n;
}

export function prefixRange(p: Prefix): Range {
  return { lo: p.value, hi: p.value + (1n << BigInt(FAMILY_BITS[p.family] - p.len)) - 1n };
}

/** Sorted, merged (touching ranges joined). */
export function normalize(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.lo <= last.hi + 1n) {
      if (r.hi > last.hi) last.hi = r.hi;
    } else out.push({ ...r });
  }
  return out;
}

export function union(a: readonly Range[], b: readonly Range[]): Range[] {
  return normalize([...a, ...b]);
}

/** `a` minus `b`; both normalized. */
export function subtract(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  let j = 0;
  for (const r of a) {
    let lo = r.lo;
    while (j < b.length && b[j]!.hi < lo) j++;
    let k = j;
    while (k < b.length && b[k]!.lo <= r.hi) {
      if (b[k]!.lo > lo) out.push({ lo, hi: b[k]!.lo - 1n });
      lo = b[k]!.hi + 1n;
      k++;
    }
    if (lo <= r.hi) out.push({ lo, hi: r.hi });
  }
  return out;
}

export function intersect(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = a[i]!.lo > b[j]!.lo ? a[i]!.lo : b[j]!.lo;
    const hi = a[i]!.hi < b[j]!.hi ? a[i]!.hi : b[j]!.hi;
    if (lo <= hi) out.push({ lo, hi });
    if (a[i]!.hi < b[j]!.hi) i++;
    else j++;
  }
  return out;
}

export function sameRanges(a: readonly Range[], b: readonly Range[]): boolean {
  return a.length === b.length && a.every((r, i) => r.lo === b[i]!.lo && r.hi === b[i]!.hi);
}

export function holds(set: readonly Range[], v: bigint): boolean {
  return set.some((r) => r.lo <= v && v <= r.hi);
}

/** The fewest CIDR blocks that cover exactly the range. */
export function rangeToCidrs(family: Family, r: Range): string[] {
  const bits = FAMILY_BITS[family];
  const out: string[] = [];
  let lo = r.lo;
  while (lo <= r.hi) {
    let size = bits;
    // Grow the block while it stays aligned at `lo` and inside the range.
    while (size > 0) {
      const block = 1n << BigInt(bits - size + 1);
      if (lo % block !== 0n || lo + block - 1n > r.hi) break;
      size--;
    }
    out.push(`${formatAddress({ family, value: lo })}/${size}`);
    lo += 1n << BigInt(bits - size);
  }
  return out;
}

export function setToCidrs(family: Family, set: readonly Range[]): string[] {
  return set.flatMap((r) => rangeToCidrs(family, r));
}

/** `10.0.0.0/8, 11.0.0.0/8 … (+40 more)` for tables; the whole list goes to JSON. */
export function describeSet(family: Family, set: readonly Range[], limit = 4): string {
  if (set.length === 1 && set[0]!.lo === 0n && set[0]!.hi === familyMax(family)) return family === 4 ? "0.0.0.0/0" : "::/0";
  const cidrs = setToCidrs(family, set);
  return cidrs.length <= limit ? cidrs.join(", ") : `${cidrs.slice(0, limit).join(", ")} … (+${cidrs.length - limit} more)`;
}

/** Port ranges as text: `22`, `400-500`, `0-21, 23-65535`. */
export function describePorts(set: readonly Range[]): string {
  return set.map((r) => (r.lo === r.hi ? String(r.lo) : `${r.lo}-${r.hi}`)).join(", ");
}

/**
 * A set of ranges laid end to end on one line: position 0 is the set's first value. A range of
 * positions is a part of the set, so a box of positions stands for a product of sets, and a
 * search through the set never splits at the set's own gaps.
 */
export class Line {
  private readonly starts: bigint[] = [];
  readonly size: bigint;

  constructor(readonly ranges: readonly Range[]) {
    let at = 0n;
    for (const r of ranges) {
      this.starts.push(at);
      at += r.hi - r.lo + 1n;
    }
    this.size = at;
  }

  /** The value at a position. */
  value(position: bigint): bigint {
    const i = this.indexOfPosition(position);
    return this.ranges[i]!.lo + (position - this.starts[i]!);
  }

  /** The positions of the set's values within [lo, hi] (a real range holding at least one of them). */
  positions(lo: bigint, hi: bigint): Range {
    return { lo: this.rankAtOrAbove(lo), hi: this.rankAtOrBelow(hi) };
  }

  /** Whether any of the set's values lies in [lo, hi]. */
  holdsAnyIn(lo: bigint, hi: bigint): boolean {
    return this.rankAtOrAbove(lo) <= this.rankAtOrBelow(hi);
  }

  /** The values at positions [lo, hi], as ranges. */
  values(span: Range): Range[] {
    const out: Range[] = [];
    for (let i = this.indexOfPosition(span.lo); i < this.ranges.length && this.starts[i]! <= span.hi; i++) {
      const r = this.ranges[i]!;
      const from = span.lo > this.starts[i]! ? r.lo + (span.lo - this.starts[i]!) : r.lo;
      const end = this.starts[i]! + (r.hi - r.lo);
      const to = span.hi < end ? r.lo + (span.hi - this.starts[i]!) : r.hi;
      out.push({ lo: from, hi: to });
    }
    return out;
  }

  private indexOfPosition(position: bigint): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Index of the last range starting at or below v; -1 if none. */
  private indexOfValue(v: bigint): number {
    let lo = 0;
    let hi = this.ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid]!.lo <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  private rankAtOrAbove(v: bigint): bigint {
    const i = this.indexOfValue(v);
    if (i >= 0 && v <= this.ranges[i]!.hi) return this.starts[i]! + (v - this.ranges[i]!.lo);
    return i + 1 < this.ranges.length ? this.starts[i + 1]! : this.size;
  }

  private rankAtOrBelow(v: bigint): bigint {
    const i = this.indexOfValue(v);
    if (i < 0) return -1n;
    const r = this.ranges[i]!;
    return this.starts[i]! + ((v <= r.hi ? v : r.hi) - r.lo);
  }
}

/** `0.0.0.0/0` and/or `::/0` when the CIDR blocks (IPv4 and IPv6 text; others ignored) together cover that whole family. */
export function worldCovered(cidrs: readonly string[]): ("0.0.0.0/0" | "::/0")[] {
  const blocks = cidrs.flatMap((text) => (text.includes("/") ? (parsePrefix(text.trim()) ?? []) : []));
  const covers = (family: Family) => sameRanges(normalize(blocks.filter((b) => b.family === family).map(prefixRange)), [{ lo: 0n, hi: familyMax(family) }]);
  return [...(covers(4) ? (["0.0.0.0/0"] as const) : []), ...(covers(6) ? (["::/0"] as const) : [])];
}
