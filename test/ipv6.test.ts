// IPv6 notation, and the one prefix type of either family (src/ipam/prefix.ts) on IPv6 and IPv4.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { formatIp, parseIp } from "../src/ipam/ipv4.js";
import { formatIpv6, parseIpv6 } from "../src/ipam/ipv6.js";
import {
  addressKey,
  containsAddress,
  coversPrefix,
  formatAddress,
  overlapsPrefix,
  parseAddress,
  parseCidr,
  parsePrefix,
  prefixAt,
  tryParseCidr,
} from "../src/ipam/prefix.js";
import { isInternetRoutable } from "../src/ipam/ranges.js";

const MAX = (1n << 128n) - 1n;
const address = fc.bigInt({ min: 0n, max: MAX });
const length = fc.integer({ min: 0, max: 128 });
const mask = (a: bigint, len: number) => (len === 0 ? 0n : (a >> BigInt(128 - len)) << BigInt(128 - len));

test("formatting and parsing round-trip every address", () => {
  fc.assert(fc.property(address, (a) => parseIpv6(formatIpv6(a)) === a));
});

test("every written form of an address formats to the same canonical text", () => {
  fc.assert(
    fc.property(address, fc.boolean(), (a, upper) => {
      const full = Array.from({ length: 8 }, (_, i) => ((a >> BigInt(112 - 16 * i)) & 0xffffn).toString(16).padStart(4, "0")).join(":");
      const text = upper ? full.toUpperCase() : full;
      return formatIpv6(parseIpv6(text)!) === formatIpv6(a);
    }),
  );
});

test("canonical text follows RFC 5952", () => {
  const cases: [string, string][] = [
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:0db8:0:0:0:0:2:1", "2001:db8::2:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["2001:DB8::A", "2001:db8::a"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["1:0:0:0:0:0:0:0", "1::"],
    ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
    ["::ffff:192.0.2.1", "::ffff:c000:201"],
  ];
  for (const [text, canonical] of cases) assert.equal(formatIpv6(parseIpv6(text)!), canonical, text);
});

test("malformed addresses are refused", () => {
  for (const text of [
    ":::",
    "1::2::3",
    "12345::",
    "g::",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7::8",
    "1:2:3:4:5:6:7",
    "::ffff:300.1.1.1",
    "1.2.3.4",
    "fe80::1%eth0",
    "",
  ]) {
    assert.equal(parseIpv6(text), undefined, text);
  }
});

test("prefixes are parsed strictly and contain exactly the addresses sharing their leading bits", () => {
  assert.deepEqual(parseCidr("2001:db8::/32", 6), { family: 6, value: 0x20010db8n << 96n, len: 32, text: "2001:db8::/32" });
  assert.throws(() => parseCidr("2001:db8::1/32", 6), /host bits/);
  assert.equal(tryParseCidr("2001:db8::/129", 6), undefined);
  fc.assert(
    fc.property(address, length, address, (a, len, ip) => {
      const c = prefixAt(6, mask(a, len), len);
      return parseCidr(c.text, 6).text === c.text && containsAddress(c, { family: 6, value: ip }) === (mask(ip, len) === c.value);
    }),
  );
});

test("containment and overlap of prefixes agree with their addresses", () => {
  fc.assert(
    fc.property(address, length, length, (a, l1, l2) => {
      const outer = prefixAt(6, mask(a, Math.min(l1, l2)), Math.min(l1, l2));
      const inner = prefixAt(6, mask(a, Math.max(l1, l2)), Math.max(l1, l2));
      return coversPrefix(outer, inner) && overlapsPrefix(outer, inner) && overlapsPrefix(inner, outer) && (l1 === l2 || !coversPrefix(inner, outer));
    }),
  );
  assert.equal(overlapsPrefix(parseCidr("2001:db8::/33", 6), parseCidr("2001:db8:8000::/33", 6)), false);
});

test("the one prefix type agrees with each family's notation", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, len, ip) => {
      const base = len === 0 ? 0 : n - (n % 2 ** (32 - len));
      const text = `${base >>> 24}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.${base & 255}/${len}`;
      const p = parsePrefix(text)!;
      const a = { family: 4 as const, value: BigInt(ip) };
      const inBlock = ip >= base && ip < base + 2 ** (32 - len);
      return p.text === text && containsAddress(p, a) === inBlock && formatIp(parseIp(text.split("/")[0]!)!) === text.split("/")[0];
    }),
  );
  fc.assert(
    fc.property(address, (v) => {
      const a = parseAddress(formatIpv6(v))!;
      return a.family === 6 && a.value === v && formatAddress(a) === formatIpv6(v) && addressKey(a) !== addressKey({ family: 4, value: v & 0xffffffffn });
    }),
  );
  assert.equal(parsePrefix("10.0.0.1/24"), undefined);
  assert.equal(parsePrefix("10.0.0.1")?.text, "10.0.0.1/32");
  assert.equal(containsAddress(parsePrefix("::/0")!, parseAddress("10.0.0.1")!), false);
});

test("private and special addresses are not routable on the internet", () => {
  for (const text of ["10.1.2.3", "172.31.0.1", "192.168.1.1", "100.64.0.1", "127.0.0.1", "169.254.169.254", "fd00::1", "fe80::1", "::1"]) {
    assert.equal(isInternetRoutable(parseAddress(text)!), false, text);
  }
  for (const text of ["8.8.8.8", "203.0.113.1", "172.32.0.1", "2600:1f18::1"]) assert.equal(isInternetRoutable(parseAddress(text)!), true, text);
});
