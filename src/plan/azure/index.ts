// Spec -> Azure data-plane plan: the azurerm module (managed or customer-managed network, NSGs,
// private endpoints) and, in aws-async-link/, the AWS side of the async link.
import { block, ex, type Expr, TfModule, type Value } from "../../terraform/ir.js";
import { addRequiredProviders } from "../../terraform/providers.js";
import type { AzureRootSpec } from "../../spec/index.js";
import { resourceName, type AzureSpec, type ExistingNetwork } from "../../spec/azure.js";
import type { OwnFinding } from "../../findings.js";
import type { AzurePlanSummary, DataPlanePlan } from "../types.js";
import { nodeSubnetFindings, planAzureAddresses, type AzureAddressPlan } from "./addresses.js";
import { addManagedNetwork } from "./network.js";
import { addManagedSecurity, managedNsgRules, nsgRuleSummaries, type SecurityGroups } from "./security.js";
import { addExistingNetwork, addOwnResourceGroup } from "./existing.js";
import { addPrivateEndpoints, centralZoneFindings, SERVICE_KINDS } from "./private-endpoints.js";
import { addAzureFlowLogs } from "./flow-logs.js";
import { ASYNC_LINK_DIR, asyncLinkModule, asyncLinkSummary } from "./async-link.js";
import { customerRequirements, dnsForwarding } from "./checklist.js";
import type { AzureContext, AzureNetworkRefs, ResourceGroupRefs } from "./context.js";

// Zone-redundant by default: Microsoft: a Standard public IP without zones is not zone-redundant.
const ALL_ZONES = ["1", "2", "3"];

export function planAzure(spec: AzureRootSpec): DataPlanePlan<AzurePlanSummary> {
  const { azure } = spec;
  const findings: OwnFinding[] = nodeSubnetFindings(azure);
  const module = new TfModule();
  const ctx: AzureContext = { module, name: spec.name, location: azure.location, tags: addVersions(module, azure) };
  const built = azure.mode === "managed" ? buildManaged(ctx, spec, findings) : buildCustomerManaged(ctx, spec, azure.existing!);
  const zoneIds =
    azure.privateEndpoints.length > 0 && built.resourceGroup
      ? addPrivateEndpoints(
          ctx,
          azure.privateEndpoints,
          azure.privateDnsZoneIds ?? {},
          built.resourceGroup,
          built.network.vnetId,
          built.network.subnetIds.nodes,
        ).zoneIds
      : {};
  if (azure.flowLogs) addAzureFlowLogs(ctx, built.network.vnetId);
  findings.push(...centralZoneFindings(azure));
  addOutputs(module, built.network, built.resourceGroup, built.securityGroups, zoneIds);
  return {
    spec,
    module,
    assets: new Map(),
    extraModules: new Map([[ASYNC_LINK_DIR, asyncLinkModule(spec.name, spec.controlPlane)]]),
    findings,
    waivers: [],
    summary: summary(spec, built.addresses),
  };
}

interface Built {
  network: AzureNetworkRefs;
  /** Where dpnet's resources go; absent in customerManaged mode when nothing needs one. */
  resourceGroup?: ResourceGroupRefs;
  securityGroups?: SecurityGroups;
  /** Managed mode: the planned subnets. */
  addresses?: AzureAddressPlan;
}

function buildManaged(ctx: AzureContext, spec: AzureRootSpec, findings: OwnFinding[]): Built {
  const { azure } = spec;
  const addresses = planAzureAddresses(azure, azure.vnet!.addressSpace, findings);
  const zones = ctx.module.variable("public_ip_zones", {
    type: "list(string)",
    description: "Availability zones of the load balancer's public IP: all three (zone-redundant), or [] in a region without availability zones.",
    default: ALL_ZONES,
  });
  const network = addManagedNetwork(ctx, azure, addresses, zones);
  const securityGroups = addManagedSecurity(ctx, network, addresses.cidrs, spec.controlPlane);
  return { network, resourceGroup: network.resourceGroup, securityGroups, addresses };
}

function buildCustomerManaged(ctx: AzureContext, spec: AzureRootSpec, existing: ExistingNetwork): Built {
  const { azure } = spec;
  const network = addExistingNetwork(ctx, azure, existing);
  // Only the private endpoints and zones need a resource group of dpnet's own.
  const resourceGroup = azure.privateEndpoints.length ? addOwnResourceGroup(ctx, azure, existing) : undefined;
  return { network, ...(resourceGroup ? { resourceGroup } : {}) };
}

/** versions.tf and the variables every Azure module has; returns `var.tags`. */
function addVersions(module: TfModule, azure: AzureSpec): Expr {
  addRequiredProviders(module, ["azurerm"]);
  const subscription = module.variable("subscription_id", {
    type: "string",
    description: "Azure subscription to deploy into (null: the ARM_SUBSCRIPTION_ID environment variable).",
    // customerManaged: the subscription of the VNet, which the data sources and private endpoints must use.
    default: azure.existing ? resourceName(azure.existing.vnetId).subscription : null,
  });
  const tags = module.variable("tags", { type: "map(string)", description: "Tags for every resource that takes tags.", default: azure.tags ?? {} });
  module.add({ kind: "provider", labels: ["azurerm"], file: "versions.tf", body: { features: block({}), subscription_id: subscription } });
  return tags;
}

function addOutputs(
  module: TfModule,
  network: AzureNetworkRefs,
  group: ResourceGroupRefs | undefined,
  securityGroups: SecurityGroups | undefined,
  zoneIds: Value,
): void {
  module.output("vnet_id", network.vnetId, "ID of the VNet.");
  module.output("db_subnet_id", network.subnetIds.db, "Subnet of the PostgreSQL flexible server (delegated_subnet_id).");
  module.output("node_subnet_id", network.subnetIds.nodes, "Subnet of the AKS nodes: the node pools' vnet_subnet_id.");
  module.output("pod_subnet_id", network.subnetIds.pods, "Subnet of the AKS pods: the node pools' pod_subnet_id.");
  module.output("public_ip_id", network.publicIpId, "Public IP of the control plane's link (managed: also the AKS load balancer's outbound IP).");
  module.output("public_ip_address", network.publicIpAddress, "Address of that public IP.");
  module.output("private_dns_zone_ids", zoneIds, "Private DNS zone IDs by service kind (postgres: the flexible server's private_dns_zone_id).");
  if (group)
    module.output("resource_group_name", group.name, "Resource group of dpnet's resources (the AKS service annotation azure-load-balancer-resource-group).");
  if (securityGroups) {
    const ids = Object.fromEntries(Object.entries(securityGroups).map(([role, nsg]) => [role, nsg.attr("id")]));
    module.output("network_security_group_ids", ids, "NSG IDs by subnet (db, nodes, pods): add azurerm_network_security_rule resources to open more.");
  }
}

function summary(spec: AzureRootSpec, addresses: AzureAddressPlan | undefined): AzurePlanSummary {
  const { azure } = spec;
  const existing = azure.existing;
  const forwarding = dnsForwarding(azure);
  const subnets = addresses?.subnets ?? [];
  const cp = spec.controlPlane;
  const publicIp = existing ? resourceName(existing.publicIpId).name : `${spec.name}-lb`;
  return {
    name: spec.name,
    cloud: "azure",
    region: azure.location,
    zones: existing ? [] : ALL_ZONES,
    subnets,
    mode: azure.mode,
    resourceGroup: azure.resourceGroup,
    vnet: existing ? { id: existing.vnetId } : { addressSpace: azure.vnet!.addressSpace },
    privateDnsZones: azure.privateEndpoints.map((kind) => ({
      kind,
      zone: SERVICE_KINDS[kind].zone,
      endpoint: SERVICE_KINDS[kind].endpoint !== undefined,
      ...(azure.privateDnsZoneIds?.[kind] ? { centralZoneId: azure.privateDnsZoneIds[kind] } : {}),
    })),
    flowLogs: azure.flowLogs,
    ...(existing ? { customerRequirements: customerRequirements(azure, existing, spec.controlPlane) } : {}),
    ...(forwarding ? { dnsForwarding: forwarding } : {}),
    asyncLink: asyncLinkSummary(spec.name),
    syncLink: { port: cp.port, publicIp, admits: cp.cidrs?.length ? cp.cidrs : ["Internet"] },
    ...(addresses ? { nsgRules: nsgRuleSummaries(managedNsgRules(addresses.cidrs, cp, ex("azurerm_public_ip.lb.ip_address")), publicIp) } : {}),
  };
}
