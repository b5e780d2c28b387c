// Longest-prefix match: values kept per exact prefix, probed from the longest prefix length in use
// down, one hash lookup per distinct length (a route table has a handful of lengths).
import { type Address, type Family, type Prefix, networkValue } from "./address.js";

interface Level<T> {
  len: number;
  entries: Map<bigint, { prefix: Prefix; values: T[] }>;
}

export class PrefixMap<T> {
  private readonly levels: Record<Family, Level<T>[]> = { 4: [], 6: [] };

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
  }

  /** The values of the longest prefix that holds the address, in insertion order. */
  longest(a: Address): { prefix: Prefix; values: readonly T[] } | undefined {
    for (const level of this.levels[a.family]) {
      const entry = level.entries.get(networkValue(a, level.len));
      if (entry) return entry;
    }
    return undefined;
  }
}
