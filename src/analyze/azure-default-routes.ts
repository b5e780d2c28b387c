// Azure's default system routes whose next hop is None (traffic dropped), as dated data: the set
// has changed over time, so a network is judged with the set in force on a given day. Sources are
// Azure's own answers (effective route tables recorded by the Azure CLI's tests; see
// test/conformance/azure-network-watcher): on 2020-07-07 the three reserved ranges below; on
// 2022-05-12 also twelve Microsoft-owned public prefixes. 172.16.0.0/12 is not among them: it
// follows the default route (both recordings), whatever older documentation says.
export interface DatedRoute {
  prefix: string;
  /** The first day the route is known to be there (ISO date). */
  since: string;
}

const RESERVED_SINCE = "2015-01-01";
// First seen in the 2022-05-12 recording; absent from the 2020-07-07 one.
const MICROSOFT_SINCE = "2022-05-12";

export const AZURE_DEFAULT_NONE_ROUTES: readonly DatedRoute[] = [
  ...["10.0.0.0/8", "192.168.0.0/16", "100.64.0.0/10"].map((prefix) => ({ prefix, since: RESERVED_SINCE })),
  ...[
    "25.48.0.0/12",
    "25.4.0.0/14",
    "198.18.0.0/15",
    "157.59.0.0/16",
    "25.33.0.0/16",
    "40.109.0.0/16",
    "104.147.0.0/16",
    "104.146.0.0/17",
    "40.108.0.0/17",
    "23.103.0.0/18",
    "25.41.0.0/20",
    "20.35.252.0/22",
  ].map((prefix) => ({ prefix, since: MICROSOFT_SINCE })),
];

/** The None routes in force on `day` (ISO date; default: today). */
export function defaultNoneRoutes(day = new Date().toISOString().slice(0, 10)): string[] {
  return AZURE_DEFAULT_NONE_ROUTES.filter((r) => r.since <= day).map((r) => r.prefix);
}
