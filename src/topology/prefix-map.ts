// Longest-prefix match: values kept per exact prefix, probed from the longest prefix length in use
// down, one hash lookup per distinct length (a route table has a handful of lengths).
import { type Address, FAMILY_BITS, type Family, type Prefix, networkValue } from "../ipam/prefix.js";
import { isTracking, testedSegments } from "./track.js";

interface Level<T> {
  len: number;
  entries: Map<bigint, { prefix: Prefix; values: T[] }>;
}

export class PrefixMap<T> {
  private readonly levels: Record<Family, Level<T>[]> = { 4: [], 6: [] };
  /** Where the answer of `longest` can change (0, every prefix's first address and the one after its last), for the exhaustive analysis. */
  private boundaries: Partial<Record<Family, bigint[]>> = {};

  add(prefix: Prefix, value: T): void {
    const levels = this.levels[prefix.family];
    let level = levels.find((l) => l.len === prefix.len);
    if (!level) {
      level = { len: prefix.len, entries: new Map() };
      levels.push(level);
      levels.sort((a, b) => b.len - a.len);
    }
    const entry = level.entries.get(prefix.value);
    if (entry) entry.values.push(value);
    else level.entries.set(prefix.value, { prefix, values: [value] });
    this.boundaries = {};
  }

  /** The values of the longest prefix that holds the address, in insertion order. */
  longest(a: Address): { prefix: Prefix; values: readonly T[] } | undefined {
    if (isTracking()) {
      const starts = this.boundariesOf(a.family);
      testedSegments(a, starts, (k) => this.match({ family: a.family, value: starts[k]! }));
    }
    return this.match(a);
  }

  private match(a: Address): { prefix: Prefix; values: readonly T[] } | undefined {
    for (const level of this.levels[a.family]) {
      const entry = level.entries.get(networkValue(a, level.len));
      if (entry) return entry;
    }
    return undefined;
  }

  private boundariesOf(family: Family): bigint[] {
    let list = this.boundaries[family];
    if (!list) {
      const set = new Set<bigint>([0n]);
      for (const level of this.levels[family]) {
        const size = 1n << BigInt(FAMILY_BITS[family] - level.len);
        // The address after a prefix at the top of the space is past the family's last: no segment starts there.
        for (const start of level.entries.keys()) {
          set.add(start);
          if (start + size < 1n << BigInt(FAMILY_BITS[family])) set.add(start + size);
        }
      }
      list = [...set].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      this.boundaries[family] = list;
    }
    return list;
  }
}
