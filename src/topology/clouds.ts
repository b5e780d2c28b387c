// What each cloud calls things, in one table: traces, the diagram and the report use the cloud's
// own words. Adding a cloud is an entry here (the compiler lists the tables that lack it).
import type { Cloud } from "./model.js";

export interface CloudTerms {
  /** The cloud's own name. */
  name: string;
  /** A network: VPC, VNet. */
  network: string;
  /** Where a network is: Region, Location. */
  region: string;
  /** A network's address blocks, as a report row names them. */
  blocks: string;
  /** The report's row for the network itself. */
  networkRow: string;
  /** Route targets and origins as the cloud prints them. */
  route: { local: string; blackhole: string; static: string; propagated: string };
  /** What routes a subnet without a route table of its own. */
  implicitTable: (networkId: string) => string;
  /** Whether such a subnet uses the network's main route table (else only system routes). */
  mainRouteTable: boolean;
  /** The diagram's words for a subnet with no route out of the network. */
  noRouteOut: string;
  /** The diagram's zone column when no subnet has a zone. */
  zonelessColumn: string;
  /** Why an interface that does not forward drops traffic for another address. */
  forwardingOff: string;
  /** Whether a subnet with no default route of its own still reaches the internet (Azure's system route 0.0.0.0/0 -> Internet). */
  systemInternetRoute: boolean;
}

export const CLOUD_TERMS: Record<Cloud, CloudTerms> = {
  aws: {
    name: "AWS",
    network: "VPC",
    region: "Region",
    blocks: "VPC blocks",
    networkRow: "VPC blocks",
    route: { local: "local", blackhole: "blackhole", static: "static", propagated: "propagated" },
    implicitTable: (id) => `main route table of ${id}`,
    mainRouteTable: true,
    noRouteOut: "no route out of the VPC",
    zonelessColumn: "no zone",
    forwardingOff: "its source/destination check is on",
    systemInternetRoute: false,
  },
  azure: {
    name: "Azure",
    network: "VNet",
    region: "Location",
    blocks: "Address space",
    networkRow: "VNet",
    route: { local: "VnetLocal", blackhole: "None", static: "user", propagated: "BGP" },
    implicitTable: (id) => `system routes of ${id}`,
    mainRouteTable: false,
    noRouteOut: "system routes only",
    zonelessColumn: "all zones (regional subnets)",
    forwardingOff: "IP forwarding is off",
    systemInternetRoute: true,
  },
};
