// Resource instances -> topology, for both Terraform importers: the AWS and Azure mappings, gaps
// for network resources the model does not cover, and stand-in private addresses last.
import { mapAws } from "./aws/index.js";
import { mapAzure } from "./azure.js";
import { type Computer, type ImportResult, MapContext, type StandIns, type TfInstance } from "./mapper.js";
import { policyDocumentJson } from "./policy.js";
import { type Gap, uniqueGaps, unknownElements } from "../types.js";

/** Attributes a provider computes from arguments before anything is created. */
export const COMPUTERS: Record<string, Computer> = {
  "data.aws_iam_policy_document.json": policyDocumentJson,
  // The account Terraform runs in: one account, whatever its number.
  "data.aws_caller_identity.account_id": (inst) => `${inst.address}.account_id`,
};

// Resources that carry or filter traffic in ways the model does not represent: their presence is
// a gap, so that a check never passes without having seen what they do.
const NOT_MODELLED: Record<string, string> = {
  aws_networkfirewall_firewall: "a Network Firewall's rules",
  aws_ec2_transit_gateway_route_table: "transit gateway route tables other than the default one",
  aws_ec2_transit_gateway_peering_attachment: "transit gateway peering",
  aws_lb_listener_rule: "listener rules (only default actions are modelled)",
  aws_alb_listener_rule: "listener rules (only default actions are modelled)",
  aws_vpn_gateway_route_propagation: "routes a VPN gateway propagates",
  aws_ec2_client_vpn_endpoint: "Client VPN",
  aws_dx_gateway_association: "Direct Connect",
  azurerm_lb: "Azure Load Balancer rules and pools",
  azurerm_lb_rule: "Azure Load Balancer rules",
  azurerm_firewall: "Azure Firewall's rules",
  azurerm_firewall_policy_rule_collection_group: "Azure Firewall's rules",
  azurerm_nat_gateway: "Azure NAT gateways",
  azurerm_virtual_network_gateway: "VPN and ExpressRoute gateways",
  azurerm_application_gateway: "Application Gateway",
  azurerm_virtual_hub_connection: "Virtual WAN",
};

export interface MapOptions {
  standIns: StandIns;
  region?: string;
  /** Gaps the importer found before mapping (unexpanded for_each, unread modules), listed first. */
  gaps?: Gap[];
}

export function mapTerraform(instances: readonly TfInstance[], options: MapOptions): ImportResult {
  const c = new MapContext(instances, options.standIns, options.region);
  mapAws(c);
  mapAzure(c);
  for (const inst of instances) {
    const what = inst.mode === "managed" ? NOT_MODELLED[inst.type] : undefined;
    if (what) c.gap(inst.address, `${what} are not modelled, so traffic through it is not judged`);
  }
  c.assignAddresses();
  c.recordCloudIds(instances);
  const assumed = c.assumed();
  const gaps = uniqueGaps([...(options.gaps ?? []), ...c.gaps]);
  const unread = [...unknownElements(gaps)].sort();
  if (unread.length > 0) c.topology.unread = unread;
  return {
    topology: c.topology,
    gaps,
    notes: c.notes(),
    locations: c.locations,
    ...(c.invalidInput.length ? { invalid: c.invalidInput } : {}),
    ...(assumed.length ? { assumed } : {}),
  };
}
