// The one address-interval implementation (src/ipam/intervals.ts) against plain sets: union,
// subtract and intersect of random range sets over a small universe, and whole-family cover of
// random partitions of 0.0.0.0/0 and ::/0 (the guards on what is open to the world judge unions).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { type Range, holds, intersect, normalize, subtract, union, worldCovered } from "../src/ipam/intervals.js";
import { FAMILY_BITS, type Family, formatAddress } from "../src/ipam/prefix.js";

const UNIVERSE = 64;

const rangeSet = fc
  .array(
    fc.tuple(fc.integer({ min: 0, max: UNIVERSE - 1 }), fc.integer({ min: 0, max: UNIVERSE - 1 })).map(([a, b]) => ({
      lo: BigInt(Math.min(a, b)),
      hi: BigInt(Math.max(a, b)),
    })),
    { maxLength: 6 },
  )
  .map(normalize);

const members = (set: readonly Range[]) => Array.from({ length: UNIVERSE }, (_, v) => v).filter((v) => holds(set, BigInt(v)));

test("union, subtract and intersect are the set operations, and their results stay normalized", () => {
  fc.assert(
    fc.property(rangeSet, rangeSet, (a, b) => {
      const inA = new Set(members(a));
      const inB = new Set(members(b));
      assert.deepEqual(
        members(union(a, b)),
        [...new Set([...inA, ...inB])].sort((x, y) => x - y),
      );
      assert.deepEqual(
        members(subtract(a, b)),
        [...inA].filter((v) => !inB.has(v)),
      );
      assert.deepEqual(
        members(intersect(a, b)),
        [...inA].filter((v) => inB.has(v)),
      );
      for (const r of [union(a, b), subtract(a, b), intersect(a, b)]) assert.deepEqual(normalize(r), r);
    }),
    { numRuns: 300 },
  );
});

/** A random partition of the whole family into CIDR blocks: split a block in two, some levels down. */
function partition(family: Family, splits: readonly boolean[]): string[] {
  const bits = FAMILY_BITS[family];
  const out: string[] = [];
  let i = 0;
  const walk = (value: bigint, len: number) => {
    if (len < 12 && splits[i++ % splits.length]) {
      walk(value, len + 1);
      walk(value | (1n << BigInt(bits - len - 1)), len + 1);
    } else out.push(`${formatAddress({ family, value })}/${len}`);
  };
  walk(0n, 0);
  return out;
}

test("blocks that partition 0.0.0.0/0 or ::/0 cover it; any one left out leaves a hole", () => {
  fc.assert(
    fc.property(fc.constantFrom<Family>(4, 6), fc.array(fc.boolean(), { minLength: 1, maxLength: 24 }), fc.nat(), (family, splits, pick) => {
      const world = family === 4 ? "0.0.0.0/0" : "::/0";
      const blocks = partition(family, splits);
      assert.deepEqual(worldCovered(blocks), [world]);
      if (blocks.length > 1) assert.deepEqual(worldCovered(blocks.filter((_, i) => i !== pick % blocks.length)), []);
    }),
    { numRuns: 200 },
  );
});

test("worldCovered judges each family on its own and ignores what is not a CIDR block", () => {
  assert.deepEqual(worldCovered(["0.0.0.0/1", "128.0.0.0/1", "::/1", "8000::/1"]), ["0.0.0.0/0", "::/0"]);
  assert.deepEqual(worldCovered(["0.0.0.0/1", "128.0.0.0/2", "sg-123", "10.0.0.1/8"]), []);
  assert.deepEqual(worldCovered([" 0.0.0.0/0 "]), ["0.0.0.0/0"]);
});
