// Regions and zones by the table in aws-zones.ts: a region AWS does not have is refused, the
// default zones are the region's own, and a zone is a name (`eu-west-1a`, a Local Zone) or an id
// (`euw1-az1`) of the region.
import { AWS_REGION_ZONES } from "./aws-zones.js";
import { AWS_ZONE_ID, awsZoneName } from "./cloud-ids.js";

export const AWS_ZONES_WANTED = 3;

/** Known region names closest to a misspelt one (by edit distance), best first. */
export function nearestRegions(region: string): string[] {
  const scored = Object.keys(AWS_REGION_ZONES).map((known) => ({ known, d: editDistance(region, known) }));
  const best = Math.min(...scored.map((s) => s.d));
  return best <= 3 ? scored.filter((s) => s.d === best).map((s) => s.known) : [];
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length]!;
}

/** Why `region` is not one dpnet knows, or undefined when it is. */
export function unknownRegion(region: string): string | undefined {
  if (AWS_REGION_ZONES[region]) return undefined;
  const near = nearestRegions(region);
  return `is not an AWS region${near.length ? ` (did you mean ${near.join(" or ")}?)` : ""}: dpnet knows the regions of the aws, aws-cn and aws-us-gov partitions`;
}

/** The region's first 3 zones, or why there are none to default to. */
export function defaultAwsZones(region: string): { zones: string[] } | { problem: string } {
  const known = AWS_REGION_ZONES[region];
  if (!known) return { problem: `has no default: ${region} is not an AWS region` };
  if (!known.letters)
    return { problem: `must list 3 zones: dpnet has no record of ${region}'s zones (aws ec2 describe-availability-zones --region ${region})` };
  if (known.ids.length < AWS_ZONES_WANTED)
    return {
      problem: `cannot be 3 zones: ${region} has ${known.ids.length} availability zones (${known.ids.join(", ")}) and the data plane spreads over 3; pick another region`,
    };
  return { zones: [...known.letters.slice(0, AWS_ZONES_WANTED)].map((letter) => `${region}${letter}`) };
}

/** Is `zone` an Availability Zone id (`use1-az1`) rather than a name? */
export const isAwsZoneId = (zone: string): boolean => /-az\d{1,2}$/.test(zone) && !zone.includes("-wl1-");

/** Why `zone` is not a zone of `region`, or undefined. */
export function zoneProblem(region: string, zone: string): string | undefined {
  const known = AWS_REGION_ZONES[region];
  if (!known) return undefined; // the region itself is refused
  const names = [...known.letters].map((l) => `${region}${l}`);
  const listed = known.letters ? ` (its zones: ${names.join(", ")}; ids ${known.ids.join(", ")})` : "";
  if (isAwsZoneId(zone)) {
    if (!AWS_ZONE_ID.test(zone)) return `is not an availability zone id (like use1-az1)`;
    return known.ids.length && !known.ids.includes(zone) ? `is not an availability zone id of ${region}${listed}` : undefined;
  }
  if (!zone.startsWith(region)) return `is not a zone of region ${region}${listed}`;
  if (!awsZoneName(region).test(zone))
    return `is not an availability zone name or id of region ${region} (like ${region}${known.letters[0] ?? "a"}, a zone id like ${known.ids[0] ?? "use1-az1"}, or a Local Zone like ${region}-lax-1a)`;
  // A Local or Wavelength Zone name is left to AWS; a letter is checked where letters mean the same in every account.
  const letter = zone.slice(region.length);
  if (letter.length === 1 && known.mapping === "uniform" && known.letters && !known.letters.includes(letter))
    return `is not an availability zone of ${region}${listed}`;
  return undefined;
}
