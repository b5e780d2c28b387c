// Property tests for the address math the planners and the analyzer share: one prefix type of
// either family (src/ipam/prefix.ts), checked against interval arithmetic (src/ipam/intervals.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { blockSize, prefixHolding } from "../src/ipam/ipv4.js";
import {
  type Family,
  type Prefix,
  carve,
  coversPrefix,
  overlapsPrefix,
  parseCidr,
  parsePrefix,
  prefixAt,
  tryParseCidr,
  usableAddresses,
} from "../src/ipam/prefix.js";
import { intersect, prefixRange, subtract } from "../src/ipam/intervals.js";

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

/** A valid prefix of a family: a random value masked to a random length. */
const prefixArb = (family: Family) =>
  fc.tuple(fc.bigInt({ min: 0n, max: (1n << BigInt(BITS[family])) - 1n }), fc.integer({ min: 0, max: BITS[family] })).map(([v, len]): Prefix => {
    const host = (1n << BigInt(BITS[family] - len)) - 1n;
    return prefixAt(family, v & ~host, len);
  });
const eitherArb = fc.oneof(prefixArb(4), prefixArb(6));
const cidrArb = prefixArb(4);
const parentArb = fc.tuple(cidrArb, fc.integer({ min: 8, max: 28 })).map(([c, len]) => prefixAt(4, c.value - (c.value % BigInt(blockSize(len))), len));
const requestsArb = (parent: Prefix) => fc.array(fc.integer({ min: parent.len, max: Math.min(32, parent.len + 8) }), { minLength: 1, maxLength: 12 });

test("format and parse round-trip every valid prefix of either family, strictly and leniently alike", () => {
  fc.assert(
    fc.property(eitherArb, (p) => {
      assert.deepStrictEqual(parseCidr(p.text, p.family), p);
      assert.deepStrictEqual(parsePrefix(p.text), p);
    }),
  );
});

test("covering and overlapping agree with interval arithmetic, for either family", () => {
  const sameFamily = fc.constantFrom<Family>(4, 6).chain((f) => fc.tuple(prefixArb(f), prefixArb(f)));
  fc.assert(
    fc.property(sameFamily, ([a, b]) => {
      const [ra, rb] = [prefixRange(a), prefixRange(b)];
      assert.equal(overlapsPrefix(a, b), intersect([ra], [rb]).length > 0);
      assert.equal(coversPrefix(a, b), subtract([rb], [ra]).length === 0);
    }),
  );
  // Prefixes of different families never overlap.
  fc.assert(fc.property(prefixArb(4), prefixArb(6), (a, b) => assert.ok(!overlapsPrefix(a, b) && !coversPrefix(a, b))));
});

test("carved blocks never overlap, lie inside their parent, have the requested sizes and are deterministic", () => {
  fc.assert(
    fc.property(
      parentArb.chain((p) => fc.tuple(fc.constant(p), requestsArb(p))),
      ([parent, lengths]) => {
        const blocks = carve(parent, lengths);
        assert.deepStrictEqual(carve(parent, lengths), blocks);
        if (!blocks) return;
        blocks.forEach((b, i) => {
          assert.ok(coversPrefix(parent, b), `${b.text} outside ${parent.text}`);
          assert.equal(b.len, lengths[i]);
          assert.equal(b.value % BigInt(blockSize(b.len)), 0n, "aligned");
          for (const other of blocks.slice(i + 1)) assert.ok(!overlapsPrefix(b, other), `${b.text} overlaps ${other.text}`);
        });
      },
    ),
  );
});

test("largest-first requests fit exactly when their total size fits", () => {
  fc.assert(
    fc.property(
      parentArb.chain((p) => fc.tuple(fc.constant(p), requestsArb(p))),
      ([parent, lengths]) => {
        const sorted = [...lengths].sort((a, b) => a - b);
        const total = sorted.reduce((sum, len) => sum + blockSize(len), 0);
        assert.equal(carve(parent, sorted) !== undefined, total <= blockSize(parent.len));
      },
    ),
  );
});

test("carving avoids blocks already in use", () => {
  fc.assert(
    fc.property(
      parentArb.chain((p) => fc.tuple(fc.constant(p), requestsArb(p), requestsArb(p))),
      ([parent, first, second]) => {
        const used = carve(parent, first);
        if (!used) return;
        const more = carve(parent, second, used);
        for (const b of more ?? []) for (const u of used) assert.ok(!overlapsPrefix(b, u));
      },
    ),
  );
});

test("IPv6 blocks carve like IPv4 ones: a /56 into /64s, in order, aligned", () => {
  const parent = parseCidr("2001:db8:100::/56", 6);
  const blocks = carve(parent, [64, 64, 64])!;
  assert.deepEqual(
    blocks.map((b) => b.text),
    ["2001:db8:100::/64", "2001:db8:100:1::/64", "2001:db8:100:2::/64"],
  );
});

test("overlap is symmetric and containment implies overlap", () => {
  fc.assert(
    fc.property(cidrArb, cidrArb, (a, b) => {
      assert.equal(overlapsPrefix(a, b), overlapsPrefix(b, a));
      if (coversPrefix(a, b)) assert.ok(overlapsPrefix(a, b));
      // Two aligned prefixes either nest or are disjoint.
      assert.equal(overlapsPrefix(a, b), coversPrefix(a, b) || coversPrefix(b, a));
    }),
  );
});

test("prefixHolding returns the smallest block that holds the total", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 32 }), (total) => {
      const len = prefixHolding(total);
      assert.ok(blockSize(len) >= total);
      if (len < 32) assert.ok(blockSize(len + 1) < total);
    }),
  );
});

test("parsing is strict: host bits, bad octets, bad lengths and the other family are rejected", () => {
  assert.throws(() => parseCidr("10.0.0.1/16", 4), /has host bits set: the network is 10\.0\.0\.0\/16/);
  assert.throws(() => parseCidr("2001:db8::1/64", 6), /2001:db8::1\/64 has host bits set below \/64/);
  for (const bad of ["10.0.0.0", "10.0.0.256/24", "10.0.0.0/33", "010.0.0.0/8", "a.b.c.d/8", "10.0.0/8", " /8", "2001:db8::/32"])
    assert.equal(tryParseCidr(bad, 4), undefined, bad);
  assert.throws(() => parseCidr("10.0.0.0/8", 6), /is not an IPv6 CIDR block \(like 2001:db8::\/32\)/);
  assert.equal(usableAddresses(parseCidr("10.0.0.0/24", 4)), 251);
  assert.equal(usableAddresses(parseCidr("10.0.0.0/28", 4)), 11);
  assert.equal(usableAddresses(parseCidr("10.0.0.0/30", 4)), 0);
});
