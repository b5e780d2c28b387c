// Property tests for the IPv4 address math the planner relies on.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { blockSize, carve, contains, formatCidr, overlaps, parseCidr, prefixHolding, tryParseCidr, usableAddresses, type Cidr } from "../src/ipam/ipv4.js";

/** A valid prefix: random address masked to a random length. */
const cidrArb = fc
  .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }))
  .map(([ip, len]): Cidr => ({ addr: ip - (ip % blockSize(len)), len }));
const parentArb = fc.tuple(cidrArb, fc.integer({ min: 8, max: 28 })).map(([c, len]): Cidr => ({ addr: c.addr - (c.addr % blockSize(len)), len }));
const requestsArb = (parent: Cidr) => fc.array(fc.integer({ min: parent.len, max: Math.min(32, parent.len + 8) }), { minLength: 1, maxLength: 12 });

test("format and parse round-trip every valid prefix", () => {
  fc.assert(fc.property(cidrArb, (c) => assert.deepStrictEqual(parseCidr(formatCidr(c)), c)));
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
          assert.ok(contains(parent, b), `${formatCidr(b)} outside ${formatCidr(parent)}`);
          assert.equal(b.len, lengths[i]);
          assert.equal(b.addr % blockSize(b.len), 0, "aligned");
          for (const other of blocks.slice(i + 1)) assert.ok(!overlaps(b, other), `${formatCidr(b)} overlaps ${formatCidr(other)}`);
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
        for (const b of more ?? []) for (const u of used) assert.ok(!overlaps(b, u));
      },
    ),
  );
});

test("overlap is symmetric and containment implies overlap", () => {
  fc.assert(
    fc.property(cidrArb, cidrArb, (a, b) => {
      assert.equal(overlaps(a, b), overlaps(b, a));
      if (contains(a, b)) assert.ok(overlaps(a, b));
      // Two aligned prefixes either nest or are disjoint.
      assert.equal(overlaps(a, b), contains(a, b) || contains(b, a));
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

test("parsing is strict: host bits, bad octets and bad lengths are rejected", () => {
  assert.throws(() => parseCidr("10.0.0.1/16"), /has host bits set: the network is 10\.0\.0\.0\/16/);
  for (const bad of ["10.0.0.0", "10.0.0.256/24", "10.0.0.0/33", "010.0.0.0/8", "a.b.c.d/8", "10.0.0/8", " /8"])
    assert.equal(tryParseCidr(bad), undefined, bad);
  assert.equal(usableAddresses(parseCidr("10.0.0.0/24")), 251);
  assert.equal(usableAddresses(parseCidr("10.0.0.0/28")), 11);
  assert.equal(usableAddresses(parseCidr("10.0.0.0/30")), 0);
});
