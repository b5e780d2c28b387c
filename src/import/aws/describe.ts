// AWS describe-* JSON (a folder of `aws … --output json` outputs, any layout) -> topology. Files
// are recognised by their top-level keys; what cannot be placed is noted, and what a judgement
// needs but the export lacks becomes a gap, never a silent assumption.
import { type Json, type JsonDocument, obj, objects, readJsonFolder, str } from "../../io/json-folder.js";
import { inputError } from "../../spec/errors.js";
import { AwsBuild, AwsExport, type AwsKind, missing } from "./export.js";
import { buildInterfaces } from "./compute.js";
import { buildLoadBalancers } from "./elb.js";
import { buildEndpointServices, buildEndpoints, buildPrefixLists } from "./endpoints.js";
import { buildNetworkAcls, buildSecurityGroups } from "./filters.js";
import { buildGateways, buildNetworks, buildRouteTables, buildSubnets } from "./network.js";
import type { ImportResult } from "../types.js";

export interface AwsImportOptions {
  /** Keep only this VPC and what belongs to it. */
  vpc?: string;
}

/** Kinds of AWS records that carry their VPC's id, for --vpc. */
const VPC_SCOPED: AwsKind[] = [
  "Subnets",
  "RouteTables",
  "SecurityGroups",
  "NetworkAcls",
  "NetworkInterfaces",
  "Reservations",
  "NatGateways",
  "LoadBalancers",
  "TargetGroups",
  "VpcEndpoints",
  "TransitGatewayVpcAttachments",
];

function keepVpc(ex: AwsExport, vpc: string): void {
  const vpcs = ex.get("Vpcs").map(({ item }) => str(item, "VpcId"));
  if (!vpcs.includes(vpc)) throw inputError("--vpc", vpc, `is not in the export, which has ${vpcs.join(", ")}`);
  const attached = (key: string) => (item: Json) => objects(item, key).some((a) => str(a, "VpcId") === vpc);
  let dropped = ex.filter("Vpcs", (item) => item.VpcId === vpc);
  for (const kind of VPC_SCOPED) dropped += ex.filter(kind, (item) => item.VpcId === vpc);
  dropped += ex.filter("InternetGateways", attached("Attachments")) + ex.filter("EgressOnlyInternetGateways", attached("Attachments"));
  dropped += ex.filter("VpnGateways", attached("VpcAttachments"));
  dropped += ex.filter("VpcPeeringConnections", (item) =>
    [obj(item, "RequesterVpcInfo"), obj(item, "AccepterVpcInfo")].some((side) => str(side, "VpcId") === vpc),
  );
  if (dropped) ex.notes.push(`--vpc ${vpc}: left out ${dropped} elements of other VPCs`);
}

/** Kinds whose absence leaves a judgement open, and which one. */
const NEEDED: [AwsKind, string][] = [
  ["Subnets", "the subnets (tiers, zones, sizes)"],
  ["RouteTables", "routing (which subnets reach the internet, and how)"],
  ["SecurityGroups", "security groups"],
  ["NetworkAcls", "network ACLs (the analysis would assume they allow all traffic)"],
  ["NetworkInterfaces", "free addresses and who holds which address"],
];

/** The kind of element an id names, by its prefix. */
const ID_KINDS: [string, AwsKind][] = [
  ["igw-", "InternetGateways"],
  ["nat-", "NatGateways"],
  ["eigw-", "EgressOnlyInternetGateways"],
  ["vgw-", "VpnGateways"],
  ["tgw-", "TransitGateways"],
  ["pcx-", "VpcPeeringConnections"],
  ["vpce-", "VpcEndpoints"],
  ["eni-", "NetworkInterfaces"],
  ["i-", "Reservations"],
  ["pl-", "PrefixLists"],
];

function whyMissing(b: AwsBuild, id: string): string | undefined {
  const kind = ID_KINDS.find(([prefix]) => id.startsWith(prefix))?.[1];
  if (!kind) return undefined;
  return b.ex.seen.has(kind) ? `${id} is not in the export (deleted, or in another region or account)` : missing(kind);
}

/** Routes and rules that name what the export lacks: gaps; a route to an unlisted prefix list cannot be routed at all. */
function checkReferences(b: AwsBuild): void {
  const instances = new Set(b.topology.interfaces.map((i) => i.instanceId));
  for (const table of b.topology.routeTables) {
    table.routes = table.routes.filter((r) => {
      const label = `route ${r.destination} -> ${"id" in r.target ? r.target.id : r.target.kind} of ${table.id}`;
      if (r.destination.startsWith("pl-") && !b.has(r.destination)) {
        b.gap(label, `${whyMissing(b, r.destination)}`);
        return false;
      }
      const target = r.target.kind === "gateway" || r.target.kind === "interface" ? r.target.id : undefined;
      if (target === undefined || b.has(target) || instances.has(target)) return true;
      const why = whyMissing(b, target);
      if (why) b.gap(label, why);
      else b.note(`${label}: ${target} is not modelled; traffic routed there leaves the modelled network`);
      return true;
    });
  }
  for (const sg of b.topology.securityGroups) {
    for (const rule of sg.rules) {
      if (rule.peer.kind === "prefix-list" && !b.has(rule.peer.id)) b.gap(`${sg.id}'s rules naming ${rule.peer.id}`, `${whyMissing(b, rule.peer.id)}`);
    }
  }
}

/** Parts the lookups need whole: a NAT gateway or load balancer node in a subnet the export lacks loses its placement. */
function checkPlacements(b: AwsBuild): void {
  for (const g of b.topology.gateways) {
    if (g.subnetId === undefined || b.has(g.subnetId)) continue;
    b.gap(`traffic through ${g.id}`, `its subnet ${g.subnetId} is not in the export`);
    delete g.subnetId;
    delete g.privateIp;
  }
  for (const lb of b.topology.loadBalancers) {
    const lost = lb.nodes.filter((n) => n.subnetId !== undefined && !b.has(n.subnetId));
    for (const n of lost) b.gap(`traffic to ${lb.name ?? lb.id} in ${n.subnetId}`, "that subnet is not in the export");
    lb.nodes = lb.nodes.filter((n) => !lost.includes(n));
  }
}

/** The topology of the documents of an AWS export (files, or the live reader's responses). */
export function importAwsDocuments(documents: readonly JsonDocument[], options: AwsImportOptions = {}, where = "the export"): ImportResult {
  const ex = AwsExport.of(documents);
  if (ex.seen.size === 0) throw inputError(where, undefined, "holds no AWS CLI output (describe-* JSON) that dpnet knows");
  if (ex.get("Vpcs").length === 0) throw inputError(where, undefined, `has no VPC: ${missing("Vpcs")}, or it lists none`);
  if (options.vpc) keepVpc(ex, options.vpc);
  const b = new AwsBuild(ex);
  buildNetworks(b);
  buildSubnets(b);
  buildRouteTables(b);
  buildSecurityGroups(b);
  buildNetworkAcls(b);
  buildInterfaces(b);
  buildGateways(b);
  buildPrefixLists(b);
  buildLoadBalancers(b);
  buildEndpoints(b);
  buildEndpointServices(b);
  for (const [kind, what] of NEEDED) if (!ex.seen.has(kind)) b.gap(what, missing(kind));
  checkPlacements(b);
  checkReferences(b);
  return b.result();
}

/** Reads a folder (recursively: region folders are fine) of AWS CLI JSON outputs. */
export async function importAwsDescribe(dir: string, options: AwsImportOptions = {}): Promise<ImportResult> {
  const folder = readJsonFolder(dir);
  const result = importAwsDocuments(folder.documents, options, dir);
  result.notes.push(...folder.notes);
  return result;
}
