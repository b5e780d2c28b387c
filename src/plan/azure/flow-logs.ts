// VNet flow logs through Network Watcher (optional: `azure.flowLogs`). NSG flow logs are not an
// option: Azure refuses new ones since June 30, 2025 (retired September 30, 2027) and azurerm's
// plan fails on them (target_resource_id of an NSG). A VNet flow log covers every interface of the VNet.
import { block, type Expr } from "../../terraform/ir.js";
import type { AzureContext } from "./context.js";

const FILE = "flow-logs.tf";

export function addAzureFlowLogs(ctx: AzureContext, vnetId: Expr): void {
  const { module, name } = ctx;
  const storage = module.variable("flow_log_storage_account_id", {
    type: "string",
    description: "Resource id of the storage account the VNet flow logs are written to (general-purpose v2, in the VNet's region).",
    validation: {
      condition: `can(regex("(?i)^/subscriptions/[0-9a-f-]{36}/resourceGroups/[^/]+/providers/Microsoft.Storage/storageAccounts/[a-z0-9]{3,24}$", var.flow_log_storage_account_id))`,
      errorMessage:
        "flow_log_storage_account_id must be a storage account's resource id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>).",
    },
  });
  const retentionDays = module.variable("flow_log_retention_days", {
    type: "number",
    description: "Days to keep the flow logs in the storage account (0: forever).",
    default: 90,
    validation: {
      condition: "var.flow_log_retention_days >= 0 && var.flow_log_retention_days <= 365 && floor(var.flow_log_retention_days) == var.flow_log_retention_days",
      errorMessage: "flow_log_retention_days is a whole number of days from 0 (forever) to 365.",
    },
  });
  // Azure creates a Network Watcher per region, NetworkWatcher_<region> in NetworkWatcherRG, when a VNet is made there.
  const watcher = module.variable("network_watcher_name", {
    type: "string",
    description: "Network Watcher of the VNet's region (Azure's automatic one by default).",
    default: `NetworkWatcher_${ctx.location}`,
  });
  const watcherGroup = module.variable("network_watcher_resource_group_name", {
    type: "string",
    description: "Resource group of that Network Watcher.",
    default: "NetworkWatcherRG",
  });
  module.resource(
    FILE,
    "azurerm_network_watcher_flow_log",
    "vnet",
    {
      name: `${name}-vnet`,
      network_watcher_name: watcher,
      resource_group_name: watcherGroup,
      target_resource_id: vnetId,
      storage_account_id: storage,
      enabled: true,
      version: 2,
      retention_policy: block({ enabled: true, days: retentionDays }),
      tags: ctx.tags,
    },
    "VNet flow logs, version 2 (bytes and packets per flow): the flows of every interface in the VNet, whatever its NSGs.",
  );
}
