// Private endpoints and their private DNS zones, keyed by service kind: for each kind the zone
// Microsoft names for it, linked to the VNet, and (except postgres) an endpoint in the nodes subnet
// whose DNS zone group writes the endpoint's A record into the zone.
import { block, ex, tpl, type Expr, type TfModule, type Value } from "../../terraform/ir.js";
import { PRIVATE_DNS_ZONES, type AzureSpec, type PrivateEndpointKind } from "../../spec/azure.js";
import type { OwnFinding } from "../../findings.js";
import type { AzureContext, ResourceGroupRefs } from "./context.js";

const FILE = "private-endpoints.tf";

interface ServiceKind {
  /** Microsoft's private DNS zone for the service ("Azure Private Endpoint private DNS zone values"). */
  zone: string;
  /** The public zones whose names clients resolve: what custom DNS servers must forward. */
  publicZones: string[];
  /** The endpoint: target resource type and subresource (group id). None for postgres, see below. */
  endpoint?: { resourceType: string; subresource: string };
}

// Postgres has no endpoint: the flexible server is VNet-integrated in the delegated db subnet, and
// Microsoft: "Virtual network injected resources can't interact with Private Link". The server
// registers its own record in the zone (its private_dns_zone_id = the private_dns_zone_ids["postgres"] output).
export const SERVICE_KINDS: Record<PrivateEndpointKind, ServiceKind> = {
  blob: {
    zone: PRIVATE_DNS_ZONES.blob,
    publicZones: ["blob.core.windows.net"],
    endpoint: { resourceType: "Microsoft.Storage/storageAccounts", subresource: "blob" },
  },
  dfs: {
    zone: PRIVATE_DNS_ZONES.dfs,
    publicZones: ["dfs.core.windows.net"],
    endpoint: { resourceType: "Microsoft.Storage/storageAccounts", subresource: "dfs" },
  },
  file: {
    zone: PRIVATE_DNS_ZONES.file,
    publicZones: ["file.core.windows.net"],
    endpoint: { resourceType: "Microsoft.Storage/storageAccounts", subresource: "file" },
  },
  queue: {
    zone: PRIVATE_DNS_ZONES.queue,
    publicZones: ["queue.core.windows.net"],
    endpoint: { resourceType: "Microsoft.Storage/storageAccounts", subresource: "queue" },
  },
  table: {
    zone: PRIVATE_DNS_ZONES.table,
    publicZones: ["table.core.windows.net"],
    endpoint: { resourceType: "Microsoft.Storage/storageAccounts", subresource: "table" },
  },
  vault: {
    zone: PRIVATE_DNS_ZONES.vault,
    publicZones: ["vault.azure.net", "vaultcore.azure.net"],
    endpoint: { resourceType: "Microsoft.KeyVault/vaults", subresource: "vault" },
  },
  acr: {
    zone: PRIVATE_DNS_ZONES.acr,
    publicZones: ["azurecr.io"],
    endpoint: { resourceType: "Microsoft.ContainerRegistry/registries", subresource: "registry" },
  },
  postgres: { zone: PRIVATE_DNS_ZONES.postgres, publicZones: ["postgres.database.azure.com"] },
};

export const TARGETS_VARIABLE = "private_endpoint_resource_ids";

/** The kinds among `kinds` that get an endpoint, in spec order. */
export function endpointKinds(kinds: readonly PrivateEndpointKind[]): PrivateEndpointKind[] {
  return kinds.filter((kind) => SERVICE_KINDS[kind].endpoint);
}

/**
 * The endpoints' targets (which storage account, key vault, registry) are a typed variable, not
 * spec fields: they are usually made with or after the network, by other Terraform, so callers
 * pass references; an object type makes Terraform itself demand every requested kind.
 */
function targetsVariable(module: TfModule, kinds: PrivateEndpointKind[]): Expr {
  const fields = kinds.map((kind) => `${kind} = string`).join(", ");
  const described = kinds.map((kind) => `${kind}: ${SERVICE_KINDS[kind].endpoint!.resourceType}`).join("; ");
  const checks = kinds.map((kind) => `can(regex("(?i)/providers/${SERVICE_KINDS[kind].endpoint!.resourceType}/[^/]+$", var.${TARGETS_VARIABLE}.${kind}))`);
  return module.variable(TARGETS_VARIABLE, {
    type: `object({ ${fields} })`,
    description: `Resource id of the service each private endpoint connects to (${described}).`,
    validation: { condition: checks.join(" && "), errorMessage: `Each id must be of its service's resource type: ${described}.` },
  });
}

export interface PrivateEndpointRefs {
  /** `{ blob = <zone id>, ... }` for the outputs. */
  zoneIds: Value;
}

export function addPrivateEndpoints(
  ctx: AzureContext,
  kinds: PrivateEndpointKind[],
  centralZoneIds: Partial<Record<PrivateEndpointKind, string>>,
  group: ResourceGroupRefs,
  vnetId: Expr,
  subnetId: Expr,
): PrivateEndpointRefs {
  const { module, name } = ctx;
  // Conveyor: "By default we always use private endpoints ... To set this up correctly, we create private dns zones."
  // Landing zones hold the privatelink zones centrally: those given by id are used, not duplicated.
  const ownZones = kinds.filter((kind) => centralZoneIds[kind] === undefined);
  const zones = ownZones.length
    ? module.resource(FILE, "azurerm_private_dns_zone", "service", {
        for_each: Object.fromEntries(ownZones.map((kind) => [kind, SERVICE_KINDS[kind].zone])),
        name: ex("each.value"),
        resource_group_name: group.name,
        tags: ctx.tags,
      })
    : undefined;
  if (zones)
    module.resource(
      FILE,
      "azurerm_private_dns_zone_virtual_network_link",
      "service",
      {
        for_each: zones.self,
        name,
        resource_group_name: group.name,
        private_dns_zone_name: ex("each.value.name"),
        virtual_network_id: vnetId,
        // Records come from the endpoints' DNS zone groups, not from VM auto-registration.
        registration_enabled: false,
        tags: ctx.tags,
      },
      "Resolution through Azure DNS (168.63.129.16) sees a zone only in the VNets it is linked to.",
    );
  // Without central zones every kind's zone is dpnet's: a for expression over them; else a map of both.
  const anyCentral = ownZones.length < kinds.length;
  const zoneIds: Value = anyCentral
    ? Object.fromEntries(kinds.map((kind) => [kind, centralZoneIds[kind] ?? zones!.at(kind, "id")]))
    : ex(`{ for kind, zone in ${zones!.address}.${zones!.name} : kind => zone.id }`);

  const withEndpoint = endpointKinds(kinds);
  if (withEndpoint.length) {
    const targets = targetsVariable(module, withEndpoint);
    if (anyCentral)
      module.locals(FILE, { private_dns_zone_ids: zoneIds }, "The zone of each kind: dpnet's, or the central one given by id (azure.privateDnsZoneIds).");
    module.resource(
      FILE,
      "azurerm_private_endpoint",
      "service",
      {
        for_each: Object.fromEntries(withEndpoint.map((kind) => [kind, SERVICE_KINDS[kind].endpoint!.subresource])),
        name: tpl(`${name}-\${each.key}`),
        location: group.location,
        resource_group_name: group.name,
        subnet_id: subnetId,
        private_service_connection: block({
          name: tpl(`${name}-\${each.key}`),
          private_connection_resource_id: ex(`${targets.hcl}[each.key]`),
          subresource_names: [ex("each.value")],
          is_manual_connection: false,
        }),
        private_dns_zone_group: block({
          name: ex("each.key"),
          private_dns_zone_ids: [anyCentral ? ex("local.private_dns_zone_ids[each.key]") : zones!.at(ex("each.key"), "id")],
        }),
        tags: ctx.tags,
      },
      "In the nodes subnet, where the workloads are; the zone group keeps the A record in the zone.",
    );
    if (anyCentral) return { zoneIds: ex("local.private_dns_zone_ids") };
  }
  return { zoneIds };
}

/**
 * DPN-AZ-015: central zones resolve in the VNet only if they are linked to it or its DNS servers
 * forward to a resolver in a VNet linked to them; dpnet cannot link a zone it does not own.
 */
export function centralZoneFindings(azure: AzureSpec): OwnFinding[] {
  const central = azure.privateEndpoints.filter((kind) => azure.privateDnsZoneIds?.[kind] !== undefined);
  if (central.length === 0 || azure.customDns) return [];
  return [
    {
      id: "DPN-AZ-015",
      severity: "warning",
      resource: "azure.privateDnsZoneIds",
      message: `the central zones ${central.map((kind) => SERVICE_KINDS[kind].zone).join(", ")} resolve in this VNet only if they are linked to it (Azure DNS sees a private zone only in linked VNets): link them to the VNet in the hub, or set azure.customDns to the hub's DNS resolver`,
      trace: [],
    },
  ];
}

/** The names custom DNS servers must conditionally forward: the public zones of the requested kinds. */
export function forwardedZones(kinds: readonly PrivateEndpointKind[]): string[] {
  return [...new Set(kinds.flatMap((kind) => SERVICE_KINDS[kind].publicZones))];
}
