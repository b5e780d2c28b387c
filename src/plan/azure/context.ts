// What every part of the Azure module is built with, and what the network parts hand on.
import type { Expr, TfModule } from "../../terraform/ir.js";
import type { SubnetRole } from "../../spec/azure.js";

export interface AzureContext {
  module: TfModule;
  /** Prefixes every resource name. */
  name: string;
  location: string;
  /** `var.tags`: azurerm has no default tags, so every taggable resource gets them. */
  tags: Expr;
}

/** The resource group dpnet's own resources go in. */
export interface ResourceGroupRefs {
  name: Expr;
  /** Where dpnet's resources go: the group's own location, or azure.location for a group of the customer's. */
  location: Expr | string;
}

/** The network the rest of the module attaches to: ours (managed) or the customer's (data sources). */
export interface AzureNetworkRefs {
  vnetId: Expr;
  subnetIds: Record<SubnetRole, Expr>;
  publicIpId: Expr;
  publicIpAddress: Expr;
}
