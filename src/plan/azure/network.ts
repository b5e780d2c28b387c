// Managed mode: the resource group, the VNet, the db/nodes/pods subnets with the planned
// addresses, and the Standard static public IP of the AKS load balancer.
import { block, ex, type Body, type Expr, type ResourceRef } from "../../terraform/ir.js";
import type { AzureSpec, SubnetRole } from "../../spec/azure.js";
import type { AzureAddressPlan } from "./addresses.js";
import type { AzureContext, AzureNetworkRefs, ResourceGroupRefs } from "./context.js";

const FILE = "network.tf";

export const POSTGRES_DELEGATION = "Microsoft.DBforPostgreSQL/flexibleServers";

export interface ManagedNetworkRefs extends AzureNetworkRefs {
  resourceGroup: ResourceGroupRefs;
  subnets: Record<SubnetRole, ResourceRef>;
}

export function addManagedNetwork(ctx: AzureContext, azure: AzureSpec, plan: AzureAddressPlan, publicIpZones: Expr): ManagedNetworkRefs {
  const { module, name } = ctx;
  const group = module.resource(FILE, "azurerm_resource_group", "network", { name: azure.resourceGroup, location: ctx.location, tags: ctx.tags });
  const resourceGroup = { name: group.attr("name"), location: group.attr("location") };

  // Conveyor: "a more lightweight setup is that we create/manage the vnet's ourselves".
  const vnetBody: Body = { name, location: resourceGroup.location, resource_group_name: resourceGroup.name, address_space: plan.addressSpace };
  if (azure.customDns) vnetBody.dns_servers = azure.customDns.servers;
  vnetBody.tags = ctx.tags;
  const vnet = module.resource(
    FILE,
    "azurerm_virtual_network",
    "network",
    vnetBody,
    azure.customDns ? "Custom DNS servers: they need conditional forwarding for the private DNS zones (see dpnet plan)." : undefined,
  );

  const subnet = (role: SubnetRole, extra: Body, comment: string) =>
    module.resource(
      FILE,
      "azurerm_subnet",
      role,
      {
        name: `${name}-${role}`,
        resource_group_name: resourceGroup.name,
        virtual_network_name: vnet.attr("name"),
        address_prefixes: [plan.cidrs[role]],
        // Egress only through what the module sets up (the AKS load balancer's outbound rules), never Azure's implicit default.
        default_outbound_access_enabled: false,
        ...extra,
      },
      comment,
    );

  const db = subnet(
    "db",
    {
      // The subnet has no default outbound access: the server archives to Azure Storage over a service endpoint.
      service_endpoints: ["Microsoft.Storage"],
      delegation: block({
        name: "postgresql-flexible-server",
        service_delegation: block({ name: POSTGRES_DELEGATION, actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] }),
      }),
    },
    'Conveyor: "Db subnet: used to manage the postgres flexible server. This can be a small subnet of 10 ip\'s."\nA flexible server needs a subnet delegated to it, holding nothing else.',
  );
  const nodes = subnet(
    "nodes",
    {
      // Network policies on, so the nodes NSG also guards the private endpoints placed here.
      private_endpoint_network_policies: "Enabled",
    },
    'Conveyor: "Aks node subnet: determines how many nodes you can maximally have ... A good recommendation is 256 ip\'s."\nAKS vnet_subnet_id; private endpoints live here too.',
  );
  const pods = subnet(
    "pods",
    {
      lifecycle: block({ ignore_changes: [ex("delegation")] }),
    },
    'Conveyor: "Aks pod subnet: biggest subnet ... We typically recommend at least 2000 ip\'s"\nAKS pod_subnet_id. AKS delegates it to Microsoft.ContainerService/managedClusters when a node pool first uses it.',
  );

  // Conveyor: "we ... provision a public IP for the LB of Aks for both inbound and outbound connectivity."
  const publicIp = module.resource(
    FILE,
    "azurerm_public_ip",
    "lb",
    {
      name: `${name}-lb`,
      location: resourceGroup.location,
      resource_group_name: resourceGroup.name,
      sku: "Standard",
      allocation_method: "Static",
      zones: publicIpZones,
      tags: ctx.tags,
    },
    "Standard SKU (static) for the AKS load balancer: its outbound rules and the control plane's endpoint.",
  );

  return {
    resourceGroup,
    subnets: { db, nodes, pods },
    vnetId: vnet.attr("id"),
    subnetIds: { db: db.attr("id"), nodes: nodes.attr("id"), pods: pods.attr("id") },
    publicIpId: publicIp.attr("id"),
    publicIpAddress: publicIp.attr("ip_address"),
  };
}
