// Which packets behave like this one? While a tracker is active, every lookup that tests a
// tracked packet field (an address object or the destination-port object of the flow being
// walked) reports the range of values around the field's value on which the test gives the same
// answer. Intersected over a whole walk, those ranges are a box of packets that all take the same
// path with the same verdict: the exhaustive analysis (analyze/space/) walks one packet per box
// instead of sampling. Identity matters: fields copied into a flow keep their object, constants
// (a NAT gateway's address, a target's port) are other objects and are not tracked.
import type { Address, Family } from "../ipam/prefix.js";
import type { PortRange } from "./model.js";

/** Inclusive bounds of a field on which every test so far gave the answer it gave for the walked value. */
export interface Bounds<T extends bigint | number> {
  lo: T;
  hi: T;
}

/** The values a field may take in the analysis (a Line of intervals.ts): only they bound a class. */
export interface FieldValues {
  /** Whether any of the values lies in [lo, hi]. */
  holdsAnyIn(lo: bigint, hi: bigint): boolean;
}

export class Tracker {
  readonly src: Bounds<bigint>;
  readonly dst: Bounds<bigint>;
  readonly port: Bounds<number>;

  constructor(
    readonly srcAddress: Address,
    readonly dstAddress: Address,
    readonly dstPorts: PortRange,
    box: { src: Bounds<bigint>; dst: Bounds<bigint>; port: Bounds<number> },
    /** The values the address fields take: a test of a range holding none of them answers alike for all. */
    readonly values?: { src: FieldValues; dst: FieldValues },
  ) {
    this.src = { ...box.src };
    this.dst = { ...box.dst };
    this.port = { ...box.port };
  }
}

let active: Tracker | undefined;

/** Runs `walk` with `tracker` recording; not re-entrant. */
export function tracked<T>(tracker: Tracker, walk: () => T): T {
  active = tracker;
  try {
    return walk();
  } finally {
    active = undefined;
  }
}

export function isTracking(): boolean {
  return active !== undefined;
}

const MAX: Record<Family, bigint> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };

function narrow<T extends bigint | number>(b: Bounds<T>, lo: T, hi: T): void {
  if (lo > b.lo) b.lo = lo;
  if (hi < b.hi) b.hi = hi;
}

/** `a` was tested for membership in [lo, hi] (inclusive): the answer holds on that range or on the gap beside it. */
export function testedRange(a: Address, lo: bigint, hi: bigint): void {
  const t = active;
  if (!t) return;
  const b = a === t.srcAddress ? t.src : a === t.dstAddress ? t.dst : undefined;
  if (!b) return;
  // Outside a range none of the field's values lie in (a block the space leaves out, such as the
  // private ranges for internet destinations): every value of the field gets the same answer.
  const values = a === t.srcAddress ? t.values?.src : t.values?.dst;
  if ((a.value < lo || a.value > hi) && values && !values.holdsAnyIn(lo, hi)) return;
  if (a.value < lo) narrow(b, 0n, lo - 1n);
  else if (a.value > hi) narrow(b, hi + 1n, MAX[a.family]);
  else narrow(b, lo, hi);
}

/** `a` was looked up among sorted, distinct `points` of its family. */
export function testedPoints(a: Address, points: readonly bigint[]): void {
  const t = active;
  if (!t || (a !== t.srcAddress && a !== t.dstAddress)) return;
  const i = upperBound(points, a.value);
  const below = i > 0 ? points[i - 1]! : undefined;
  if (below === a.value) return testedRange(a, below, below);
  testedRange(a, below === undefined ? 0n : below + 1n, i < points.length ? points[i]! - 1n : MAX[a.family]);
}

/**
 * `a` was looked up in a structure whose answer is constant on each segment, from `starts[k]` to
 * the next start (sorted, distinct, the first 0); `answerOf(k)` is segment k's answer. The answer
 * holds on the run of segments around a's that give the same answer or hold none of the field's
 * values (a route table's local route, for internet destinations).
 */
export function testedSegments(a: Address, starts: readonly bigint[], answerOf: (k: number) => unknown): void {
  const t = active;
  if (!t) return;
  const b = a === t.srcAddress ? t.src : a === t.dstAddress ? t.dst : undefined;
  if (!b) return;
  const end = (k: number) => (k + 1 < starts.length ? starts[k + 1]! - 1n : MAX[a.family]);
  const i = upperBound(starts, a.value) - 1;
  const values = a === t.srcAddress ? t.values?.src : t.values?.dst;
  if (!values) return narrow(b, starts[i]!, end(i));
  const run = runsOf(starts, values, answerOf, end);
  narrow(b, starts[run.first[i]!]!, end(run.last[i]!));
}

const runCache = new WeakMap<readonly bigint[], WeakMap<FieldValues, { first: Int32Array; last: Int32Array }>>();

/**
 * For each segment, the first and last segment of its run: the nearest segments on either side
 * that hold field values and give another answer bound it. Computed once per structure and field.
 */
function runsOf(
  starts: readonly bigint[],
  values: FieldValues,
  answerOf: (k: number) => unknown,
  end: (k: number) => bigint,
): { first: Int32Array; last: Int32Array } {
  let byValues = runCache.get(starts);
  if (!byValues) runCache.set(starts, (byValues = new WeakMap()));
  let runs = byValues.get(values);
  if (runs) return runs;
  const n = starts.length;
  const answers = Array.from({ length: n }, (_, k) => answerOf(k));
  const held = Array.from({ length: n }, (_, k) => values.holdsAnyIn(starts[k]!, end(k)));
  const first = new Int32Array(n);
  const last = new Int32Array(n);
  // Nearest held segment with another answer, to the left (-1: none), then to the right (n: none).
  const other = new Int32Array(n);
  let held1 = -1;
  for (let k = 0; k < n; k++) {
    other[k] = held1 < 0 ? -1 : answers[held1] !== answers[k] ? held1 : other[held1]!;
    first[k] = other[k]! + 1;
    if (held[k]) held1 = k;
  }
  held1 = -1;
  for (let k = n - 1; k >= 0; k--) {
    other[k] = held1 < 0 ? n : answers[held1] !== answers[k] ? held1 : other[held1]!;
    last[k] = other[k]! - 1;
    if (held[k]) held1 = k;
  }
  byValues.set(values, (runs = { first, last }));
  return runs;
}

/** The tracked destination ports were tested for lying within [from, to]. */
export function testedPorts(ports: PortRange, from: number, to: number): void {
  const t = active;
  if (!t || ports !== t.dstPorts) return;
  const p = ports.from;
  if (p < from) narrow(t.port, 0, from - 1);
  else if (p > to) narrow(t.port, to + 1, 65535);
  else narrow(t.port, from, to);
}

/** Index of the first value greater than `v`. */
function upperBound(sorted: readonly bigint[], v: bigint): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const pointCache = new WeakMap<object, Record<Family, bigint[]>>();

/** The sorted values, per family, of a collection of address keys (see addressKey), computed once per collection. */
export function keyPoints(owner: object, keys: () => Iterable<bigint>, family: Family): readonly bigint[] {
  let cached = pointCache.get(owner);
  if (!cached) {
    const byFamily: Record<Family, bigint[]> = { 4: [], 6: [] };
    const v6 = 1n << 128n;
    for (const k of keys()) {
      if (k >= v6) byFamily[6].push(k - v6);
      else byFamily[4].push(k);
    }
    for (const list of Object.values(byFamily)) list.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    pointCache.set(owner, (cached = byFamily));
  }
  return cached[family];
}
