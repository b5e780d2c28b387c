// One filter, every source: the source ranges a filter (an NSG, a network ACL) treats alike,
// found as the walk finds them (the tracker reports the range around the source on which each
// test agrees), for checks that judge a filter on its own rather than a path.
import type { Address, Family } from "../../ipam/prefix.js";
import { Tracker, tracked } from "../../topology/track.js";
import { Line, type Range } from "../../ipam/intervals.js";

export function analyzeFilter(sources: Range[], allows: (src: Address) => boolean, family: Family): { src: Range[]; allowed: boolean }[] {
  const line = new Line(sources);
  const out: { src: Range[]; allowed: boolean }[] = [];
  let at = 0n;
  while (at < line.size) {
    const src: Address = { family, value: line.value(at) };
    const tracker = new Tracker(
      src,
      src,
      { from: 0, to: 0 },
      { src: { lo: src.value, hi: line.value(line.size - 1n) }, dst: { lo: 0n, hi: 0n }, port: { lo: 0, hi: 0 } },
    );
    const allowed = tracked(tracker, () => allows(src));
    const span = line.positions(tracker.src.lo, tracker.src.hi);
    out.push({ src: line.values({ lo: at, hi: span.hi }), allowed });
    at = span.hi + 1n;
  }
  return out;
}
