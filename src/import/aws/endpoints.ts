// AWS PrivateLink and prefix lists: interface endpoints (consumer side), endpoint services with
// their allowed principals and connections (provider side), managed prefix lists.
import { objects, str, strings } from "../../io/json-folder.js";
import { parsePrefix } from "../../ipam/prefix.js";
import type { Endpoint, EndpointService } from "../../topology/model.js";
import { type AwsBuild, missing, tagsOf } from "./export.js";

const accountRoot = (account: string) => `arn:aws:iam::${account}:root`;

export function buildPrefixLists(b: AwsBuild): void {
  for (const { item, at } of b.ex.get("PrefixLists")) {
    const id = str(item, "PrefixListId");
    if (!id) continue;
    const cidrs = strings(item, "Cidrs").filter((c) => parsePrefix(c));
    // describe-managed-prefix-lists lists no entries: such a list is noted, and routes or rules naming it become gaps.
    if (!Array.isArray(item.Cidrs)) {
      b.note(`${id}: its entries are not listed (describe-managed-prefix-lists): left out`);
      continue;
    }
    const name = str(item, "PrefixListName");
    b.place(b.topology.prefixLists, { id, cidrs, ...(name ? { name } : {}) }, at);
  }
}

export function buildEndpoints(b: AwsBuild): void {
  for (const { item, at } of b.ex.get("VpcEndpoints")) {
    const id = str(item, "VpcEndpointId");
    const networkId = str(item, "VpcId");
    const type = str(item, "VpcEndpointType");
    if (!id || !networkId || !b.has(networkId) || type === "Gateway") continue;
    if (type !== "Interface") {
      b.note(`${id}: ${type} endpoints are not modelled: left out`);
      continue;
    }
    const owner = str(item, "OwnerId");
    const state = str(item, "State");
    const endpoint: Endpoint = {
      id,
      kind: "interface-endpoint",
      networkId,
      subnetIds: strings(item, "SubnetIds"),
      interfaceIds: strings(item, "NetworkInterfaceIds"),
      securityGroupIds: objects(item, "Groups")
        .map((g) => str(g, "GroupId"))
        .filter((g) => g !== undefined),
      serviceId: str(item, "ServiceName") ?? "",
      ...(state ? { state } : {}),
      ...(owner ? { ownerPrincipal: accountRoot(owner) } : {}),
      ...tagsOf(item),
    };
    b.place(b.topology.endpoints, endpoint, at);
  }
  applyConnections(b);
}

/** The provider's view of who connected: fills state and owner of endpoints in the export. */
function applyConnections(b: AwsBuild): void {
  const endpoints = new Map(b.topology.endpoints.map((e) => [e.id, e]));
  let outside = 0;
  for (const { item } of b.ex.get("VpcEndpointConnections")) {
    const ep = endpoints.get(str(item, "VpcEndpointId") ?? "");
    if (!ep) {
      outside++;
      continue;
    }
    const state = str(item, "VpcEndpointState");
    const owner = str(item, "VpcEndpointOwner");
    if (state) ep.state ??= state;
    if (owner) ep.ownerPrincipal ??= accountRoot(owner);
  }
  if (outside) b.note(`${outside} endpoint connection${outside > 1 ? "s" : ""} from endpoints outside the export (other accounts or VPCs): not modelled`);
}

/** Allowed principals by service; permission lists that name no service go to the only service, if there is one. */
function principalsByService(b: AwsBuild, services: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { item, at } of b.ex.get("AllowedPrincipals")) {
    const service = str(item, "ServiceId") ?? (services.length === 1 ? services[0] : undefined);
    const principal = str(item, "Principal");
    if (!service || !principal) {
      b.note(`${at.file}: an allowed principal without its service id: ignored`);
      continue;
    }
    out.set(service, [...(out.get(service) ?? []), principal]);
  }
  return out;
}

export function buildEndpointServices(b: AwsBuild): void {
  const records = b.ex.get("ServiceConfigurations");
  const ids = records.map(({ item }) => str(item, "ServiceId")).filter((s) => s !== undefined);
  const principals = principalsByService(b, ids);
  for (const { item, at } of records) {
    const id = str(item, "ServiceId");
    if (!id) continue;
    const loadBalancerIds = [...strings(item, "NetworkLoadBalancerArns"), ...strings(item, "GatewayLoadBalancerArns")];
    if (!loadBalancerIds.some((lb) => b.has(lb))) continue;
    if (!b.ex.seen.has("AllowedPrincipals")) b.gap(`who may connect to ${id}`, missing("AllowedPrincipals"));
    const serviceName = str(item, "ServiceName");
    // SupportedRegions: [{ Region, ServiceState }].
    const regions = (Array.isArray(item.SupportedRegions) ? (item.SupportedRegions as unknown[]) : []).flatMap((r) =>
      r && typeof r === "object" && typeof (r as { Region?: unknown }).Region === "string" ? [(r as { Region: string }).Region] : [],
    );
    const service: EndpointService = {
      id,
      loadBalancerIds,
      acceptanceRequired: item.AcceptanceRequired === true,
      allowedPrincipals: principals.get(id) ?? [],
      ...(serviceName ? { serviceName } : {}),
      ...(regions.length ? { supportedRegions: regions } : {}),
      ...tagsOf(item),
    };
    b.place(b.topology.endpointServices, service, at);
  }
  const details = b.ex.get("ServiceDetails").length;
  if (details) b.note(`${details} services one can connect to (describe-vpc-endpoint-services): read, nothing to model`);
}
