// Sorts the documents of an AWS export into records by kind, recognising each file by its
// top-level keys (as `aws … --output json` writes them, or Batfish's wrappers), never by its name.
// What is not recognised becomes a note; a page of a paginated output becomes a gap.
import { type Json, type JsonDocument, isObject, objects, str } from "../../io/json-folder.js";
import type { SourceLocation } from "../../topology/model.js";
import { type Gap, ResultBuilder } from "../types.js";
import { AWS_ZONE_ID, AWS_ZONE_NAME, awsId } from "../../spec/cloud-ids.js";
import { printable, truncate } from "../../io/text.js";

/** One record of an export and where it is written. */
export interface Located {
  item: Json;
  at: SourceLocation;
}

/** Top-level keys that hold records, each the output of one read-only command. */
export const AWS_KINDS = {
  Vpcs: "aws ec2 describe-vpcs",
  Subnets: "aws ec2 describe-subnets",
  RouteTables: "aws ec2 describe-route-tables",
  InternetGateways: "aws ec2 describe-internet-gateways",
  NatGateways: "aws ec2 describe-nat-gateways",
  EgressOnlyInternetGateways: "aws ec2 describe-egress-only-internet-gateways",
  VpnGateways: "aws ec2 describe-vpn-gateways",
  VpnConnections: "aws ec2 describe-vpn-connections",
  CustomerGateways: "aws ec2 describe-customer-gateways",
  TransitGateways: "aws ec2 describe-transit-gateways",
  TransitGatewayVpcAttachments: "aws ec2 describe-transit-gateway-vpc-attachments",
  TransitGatewayAttachments: "aws ec2 describe-transit-gateway-attachments",
  TransitGatewayRouteTables: "aws ec2 describe-transit-gateway-route-tables",
  TransitGatewayStaticRoutes: "aws ec2 search-transit-gateway-routes --filters Name=type,Values=static, per route table with its TransitGatewayRouteTableId",
  TransitGatewayPropagations: "aws ec2 get-transit-gateway-route-table-propagations, per route table with its TransitGatewayRouteTableId",
  VpcPeeringConnections: "aws ec2 describe-vpc-peering-connections",
  SecurityGroups: "aws ec2 describe-security-groups",
  NetworkAcls: "aws ec2 describe-network-acls",
  NetworkInterfaces: "aws ec2 describe-network-interfaces",
  Reservations: "aws ec2 describe-instances",
  Addresses: "aws ec2 describe-addresses",
  AvailabilityZones: "aws ec2 describe-availability-zones",
  PrefixLists: "aws ec2 describe-prefix-lists",
  VpcEndpoints: "aws ec2 describe-vpc-endpoints",
  ServiceConfigurations: "aws ec2 describe-vpc-endpoint-service-configurations",
  AllowedPrincipals: "aws ec2 describe-vpc-endpoint-service-permissions",
  VpcEndpointConnections: "aws ec2 describe-vpc-endpoint-connections",
  ServiceDetails: "aws ec2 describe-vpc-endpoint-services",
  LoadBalancers: "aws elbv2 describe-load-balancers",
  Listeners: "aws elbv2 describe-listeners",
  TargetGroups: "aws elbv2 describe-target-groups",
  LoadBalancerAttributes: "aws elbv2 describe-load-balancer-attributes",
  TargetGroupAttributes: "aws elbv2 describe-target-group-attributes",
  TargetHealth: "aws elbv2 describe-target-health",
} as const;

export type AwsKind = keyof typeof AWS_KINDS;

function isKind(key: string): key is AwsKind {
  return Object.hasOwn(AWS_KINDS, key);
}

/** The id field of each kind and the id's prefix: a record whose id does not fit AWS's pattern is a bad element. */
const ID_FIELDS: Partial<Record<AwsKind, [string, string]>> = {
  Vpcs: ["VpcId", "vpc"],
  Subnets: ["SubnetId", "subnet"],
  RouteTables: ["RouteTableId", "rtb"],
  InternetGateways: ["InternetGatewayId", "igw"],
  NatGateways: ["NatGatewayId", "nat"],
  EgressOnlyInternetGateways: ["EgressOnlyInternetGatewayId", "eigw"],
  VpnGateways: ["VpnGatewayId", "vgw"],
  TransitGateways: ["TransitGatewayId", "tgw"],
  VpcPeeringConnections: ["VpcPeeringConnectionId", "pcx"],
  SecurityGroups: ["GroupId", "sg"],
  NetworkAcls: ["NetworkAclId", "acl"],
  NetworkInterfaces: ["NetworkInterfaceId", "eni"],
  VpcEndpoints: ["VpcEndpointId", "vpce"],
  PrefixLists: ["PrefixListId", "pl"],
};
const ID_PATTERNS = new Map(Object.entries(ID_FIELDS).map(([kind, [field, prefix]]) => [kind, { field, pattern: awsId(prefix) }]));

/** Why a record's id (or zone) is not what AWS would write, if it is not. */
function badId(kind: AwsKind, item: Json): string | undefined {
  const id = ID_PATTERNS.get(kind);
  const value = id && item[id.field];
  if (id && value !== undefined && (typeof value !== "string" || !id.pattern.test(value)))
    return `${id.field} ${truncate(printable(String(value)))} is not an id of the shape ${id.pattern.source}`;
  const zone = item["AvailabilityZone"];
  if (zone !== undefined && (typeof zone !== "string" || !AWS_ZONE_NAME.test(zone)))
    return `AvailabilityZone ${truncate(printable(String(zone)))} is not an availability zone name`;
  const zoneId = item["AvailabilityZoneId"];
  if (zoneId !== undefined && (typeof zoneId !== "string" || !AWS_ZONE_ID.test(zoneId)))
    return `AvailabilityZoneId ${truncate(printable(String(zoneId)))} is not an availability zone id`;
  return undefined;
}

/** Keys that come along with records and mean nothing for the network. */
const COMPANIONS = new Set(["ServiceNames", "ResponseMetadata", "$metadata", "AdditionalRoutesAvailable"]);
const PAGE_TOKENS = ["NextToken", "NextMarker"];

export class AwsExport {
  private readonly records = new Map<AwsKind, Located[]>();
  /** Kinds some document held, even empty: an empty list is "none", a missing one "unknown". */
  readonly seen = new Set<AwsKind>();
  readonly notes: string[] = [];
  readonly gaps: Gap[] = [];

  get(kind: AwsKind): readonly Located[] {
    return this.records.get(kind) ?? [];
  }

  add(kind: AwsKind, item: Json, at: SourceLocation): void {
    this.seen.add(kind);
    let list = this.records.get(kind);
    if (!list) this.records.set(kind, (list = []));
    list.push({ item, at });
  }

  /** Keeps only the records `keep` accepts (e.g. one VPC's); returns how many were dropped. */
  filter(kind: AwsKind, keep: (item: Json) => boolean): number {
    const list = this.get(kind);
    const kept = list.filter((r) => keep(r.item));
    this.records.set(kind, kept);
    return list.length - kept.length;
  }

  static of(documents: readonly JsonDocument[]): AwsExport {
    const ex = new AwsExport();
    for (const doc of documents) ex.read(doc);
    return ex;
  }

  private read(doc: JsonDocument): void {
    const { data, file } = doc;
    if (!isObject(data)) {
      this.notes.push(`${file}: not an AWS CLI output (its top level is not an object): ignored`);
      return;
    }
    const keys = Object.keys(data);
    if (this.wrapped(doc, data, keys)) return;
    const unknown = keys.filter((k) => !isKind(k) && !COMPANIONS.has(k) && !PAGE_TOKENS.includes(k));
    for (const key of keys.filter(isKind)) {
      const value = data[key];
      if (!Array.isArray(value)) {
        this.notes.push(`${file}: ${key} is not a list: ignored`);
        continue;
      }
      this.seen.add(key);
      value.forEach((item, i) => this.addRecord(key, item, { file, line: doc.line(key, i) }));
    }
    if (unknown.length) this.notes.push(`${file}: unknown key${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}: ignored`);
    const token = PAGE_TOKENS.find((k) => typeof data[k] === "string" && data[k] !== "");
    if (token)
      this.gaps.push({
        subject: keys.filter(isKind).join(", "),
        why: `${file} is one page of a paginated output (${token}); export it again without --max-items`,
      });
  }

  private addRecord(kind: AwsKind, item: unknown, at: SourceLocation): void {
    if (!isObject(item)) return;
    const bad = badId(kind, item);
    if (bad) {
      this.notes.push(`${at.file}:${at.line}: bad element: ${bad}: ignored`);
      return;
    }
    // describe-instances nests instances in reservations; each instance is a record.
    if (kind === "Reservations") for (const instance of objects(item, "Instances")) this.add(kind, instance, at);
    else this.add(kind, item, at);
  }

  /**
   * Per-resource outputs that need their resource's ARN beside them: Batfish's wrapper lists
   * (`LoadBalancerListeners`, `LoadBalancerAttributes`, `LoadBalancerTargetHealth`) and single
   * objects made with `--query '{LoadBalancerArn: …, Attributes: Attributes}'`.
   */
  private wrapped(doc: JsonDocument, data: Json, allKeys: string[]): boolean {
    const { file } = doc;
    const keys = allKeys.filter((k) => !COMPANIONS.has(k));
    const single = (arnKey: string, key: string) => keys.length === 2 && keys.includes(arnKey) && keys.includes(key);
    // describe-target-health names no target group: the importer gives it to the only one, if there is one.
    const whole: AwsKind | undefined = single("LoadBalancerArn", "Attributes")
      ? "LoadBalancerAttributes"
      : single("TargetGroupArn", "Attributes")
        ? "TargetGroupAttributes"
        : single("TransitGatewayRouteTableId", "Routes")
          ? "TransitGatewayStaticRoutes"
          : single("TransitGatewayRouteTableId", "TransitGatewayRouteTablePropagations")
            ? "TransitGatewayPropagations"
            : single("TargetGroupArn", "TargetHealthDescriptions") || (keys.length === 1 && keys[0] === "TargetHealthDescriptions")
              ? "TargetHealth"
              : undefined;
    if (whole) {
      this.add(whole, data, { file, line: 1 });
      return true;
    }
    if (keys.length === 1 && keys[0] === "LoadBalancerListeners") {
      this.seen.add("Listeners");
      objects(data, "LoadBalancerListeners").forEach((w, i) => {
        const lb = str(w, "LoadBalancerArn");
        for (const l of objects(w, "Listeners")) this.add("Listeners", { LoadBalancerArn: lb, ...l }, { file, line: doc.line("LoadBalancerListeners", i) });
      });
      return true;
    }
    const wrappers = new Map<string, AwsKind>([
      ["LoadBalancerAttributes", "LoadBalancerAttributes"],
      ["LoadBalancerTargetHealth", "TargetHealth"],
    ]);
    const kind = keys.length === 1 ? wrappers.get(keys[0]!) : undefined;
    if (kind) {
      this.seen.add(kind);
      objects(data, keys[0]!).forEach((w, i) => this.add(kind, w, { file, line: doc.line(keys[0]!, i) }));
      return true;
    }
    if (keys.includes("Routes") || keys.includes("TransitGatewayRouteTablePropagations")) {
      this.notes.push(`${file}: ${keys.join(", ")} without the TransitGatewayRouteTableId it belongs to: ignored (wrap it as the README shows)`);
      return true;
    }
    if (keys.includes("Attributes")) {
      this.notes.push(`${file}: ${keys.join(", ")} without the ARN it belongs to: ignored (wrap it as the README shows)`);
      return true;
    }
    return false;
  }
}

/** What the builders of each kind of element share: the result so far, and the export. */
export class AwsBuild extends ResultBuilder {
  constructor(readonly ex: AwsExport) {
    super();
    this.gaps.push(...ex.gaps);
    this.notes.push(...ex.notes);
  }
}

/** The `Name` tag and the tags as a record (`Tags`, or `TagSet` on network interfaces). */
export function tagsOf(item: Json): { name?: string; tags?: Record<string, string> } {
  const list = [...objects(item, "Tags"), ...objects(item, "TagSet")];
  if (list.length === 0) return {};
  const tags: Record<string, string> = {};
  for (const t of list) {
    const key = str(t, "Key");
    if (key !== undefined) tags[key] = str(t, "Value") ?? "";
  }
  return tags.Name ? { name: tags.Name, tags } : { tags };
}

/** "no Subnets (aws ec2 describe-subnets) in the export": how a gap names a missing kind. */
export function missing(kind: AwsKind): string {
  return `no ${kind} (${AWS_KINDS[kind]}) in the export`;
}
