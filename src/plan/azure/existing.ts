// customerManaged mode: the customer's VNet, subnets, route tables and public IP as data sources.
// Nothing of theirs is created; reading them makes `terraform plan` fail, with the reason, when
// what dpnet expects is missing (postconditions), before anything is changed.
import { block, ex, type ResourceRef } from "../../terraform/ir.js";
import { MIN_POD_ADDRESSES, resourceName, type AzureSpec, type ExistingNetwork } from "../../spec/azure.js";
import { usableInBlock } from "../../ipam/ipv4.js";
import type { AzureContext, AzureNetworkRefs, ResourceGroupRefs } from "./context.js";

const FILE = "network.tf";

export interface ExistingNetworkRefs extends AzureNetworkRefs {
  vnet: ResourceRef;
  subnets: Record<"db" | "nodes" | "pods", ResourceRef>;
  routeTables: Record<"nodes" | "pods", ResourceRef>;
}

const check = (condition: string, errorMessage: string) => block({ condition: ex(condition), error_message: errorMessage });
const PREFIX_LENGTH = `tonumber(split("/", self.address_prefixes[0])[1])`;

export function addExistingNetwork(ctx: AzureContext, azure: AzureSpec, existing: ExistingNetwork): ExistingNetworkRefs {
  const { module } = ctx;
  const vnetName = resourceName(existing.vnetId);
  const vnet = module.data(
    FILE,
    "azurerm_virtual_network",
    "network",
    {
      name: vnetName.name,
      resource_group_name: vnetName.resourceGroup,
      lifecycle: block({
        postcondition: check(
          `self.location == "${ctx.location}"`,
          `The VNet ${vnetName.name} must be in azure.location ${ctx.location}: private endpoints are created in the VNet's region.`,
        ),
      }),
    },
    "Your VNet (azure.existing.vnetId).",
  );

  const subnet = (role: "db" | "nodes" | "pods", checks: ReturnType<typeof check>[], comment: string) => {
    const id = resourceName(existing.subnetIds[role]);
    return module.data(
      FILE,
      "azurerm_subnet",
      role,
      {
        name: id.name,
        virtual_network_name: id.vnet!,
        resource_group_name: id.resourceGroup,
        ...(checks.length ? { lifecycle: block({ postcondition: checks }) } : {}),
      },
      comment,
    );
  };
  const needsRoute = (role: string) =>
    check(`self.route_table_id != ""`, `The ${role} subnet needs a route table with 0.0.0.0/0 to your firewall ${existing.firewallPrivateIp}: it has none.`);
  const atLeast = (role: string, prefix: number, why: string) =>
    check(`${PREFIX_LENGTH} <= ${prefix}`, `The ${role} subnet must be at least a /${prefix}: ${why}.`);

  const db = subnet(
    "db",
    [atLeast("db", azure.subnets.db.prefix, "the PostgreSQL flexible server subnet needs 11 usable addresses")],
    'Conveyor: "Db subnet: used to manage the postgres flexible server." Delegated to Microsoft.DBforPostgreSQL/flexibleServers.',
  );
  const nodes = subnet("nodes", [needsRoute("nodes")], 'Conveyor: "Aks node subnet ... A good recommendation is 256 ip\'s." AKS vnet_subnet_id.');
  const pods = subnet(
    "pods",
    [
      atLeast(
        "pods",
        azure.subnets.pods.prefix,
        usableInBlock(azure.subnets.pods.prefix) >= MIN_POD_ADDRESSES
          ? `AKS pods need at least ${MIN_POD_ADDRESSES} usable addresses`
          : "the size azure.subnets.pods.prefix asks for",
      ),
      needsRoute("pods"),
    ],
    'Conveyor: "Aks pod subnet ... We typically recommend at least 2000 ip\'s" AKS pod_subnet_id.',
  );

  // Conveyor: "all network connectivity from the vnets is going through the customer firewall".
  const defaultRoute = (role: "nodes" | "pods", subnetRef: ResourceRef) => {
    const parts = `split("/", ${subnetRef.attr("route_table_id").hcl})`;
    return module.data(FILE, "azurerm_route_table", role, {
      name: ex(`${parts}[8]`),
      resource_group_name: ex(`${parts}[4]`),
      lifecycle: block({
        postcondition: check(
          `anytrue([for route in self.route : route.address_prefix == "0.0.0.0/0" && route.next_hop_type == "VirtualAppliance" && route.next_hop_in_ip_address == "${existing.firewallPrivateIp}"])`,
          `The route table of the ${role} subnet must send 0.0.0.0/0 to the firewall: next hop VirtualAppliance ${existing.firewallPrivateIp}.`,
        ),
      }),
    });
  };
  const routeTables = { nodes: defaultRoute("nodes", nodes), pods: defaultRoute("pods", pods) };

  const ipName = resourceName(existing.publicIpId);
  // Conveyor: "a public ip which we can use to communicate from the control plane".
  const publicIp = module.data(FILE, "azurerm_public_ip", "control-plane", {
    name: ipName.name,
    resource_group_name: ipName.resourceGroup,
    lifecycle: block({
      postcondition: check(
        `self.sku == "Standard" && self.allocation_method == "Static"`,
        `The public IP ${ipName.name} must be a Standard SKU, static public IP.`,
      ),
    }),
  });

  return {
    vnet,
    subnets: { db, nodes, pods },
    routeTables,
    vnetId: vnet.attr("id"),
    subnetIds: { db: db.attr("id"), nodes: nodes.attr("id"), pods: pods.attr("id") },
    publicIpId: publicIp.attr("id"),
    publicIpAddress: publicIp.attr("ip_address"),
  };
}

/**
 * The resource group for dpnet's own resources (private DNS zones and endpoints): created, unless
 * it is one the customer's resources already live in, which is read instead.
 */
export function addOwnResourceGroup(ctx: AzureContext, azure: AzureSpec, existing: ExistingNetwork): ResourceGroupRefs {
  const theirs = [existing.vnetId, existing.publicIpId].map((id) => resourceName(id).resourceGroup.toLowerCase());
  if (theirs.includes(azure.resourceGroup.toLowerCase())) {
    const group = ctx.module.data(
      FILE,
      "azurerm_resource_group",
      "network",
      { name: azure.resourceGroup },
      "azure.resourceGroup is one of yours: dpnet adds its resources to it.",
    );
    return { name: group.attr("name"), location: ctx.location };
  }
  const group = ctx.module.resource(FILE, "azurerm_resource_group", "network", { name: azure.resourceGroup, location: ctx.location, tags: ctx.tags });
  return { name: group.attr("name"), location: group.attr("location") };
}
