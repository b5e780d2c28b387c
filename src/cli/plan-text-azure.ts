// The Azure lines of `dpnet plan`: the VNet, the private DNS zones, what the customer must have
// (customerManaged mode), the DNS forwarding custom DNS servers need, and the async-link module.
import type { AzurePlanSummary } from "../plan/types.js";
import type { CustomerRequirements, DnsForwarding, SubnetRequirement } from "../plan/azure/checklist.js";
import { resourceName } from "../spec/azure.js";
import { table } from "./table.js";

export function azurePlanLines(summary: AzurePlanSummary): string[] {
  const vnet = "addressSpace" in summary.vnet ? `VNet ${summary.vnet.addressSpace.join(", ")}` : `VNet ${resourceName(summary.vnet.id).name} (yours)`;
  const lines = ["", `${vnet}; ${summary.mode} mode; resource group ${summary.resourceGroup}`];
  if (summary.privateDnsZones.length) {
    lines.push("", "Private DNS zones (dpnet's are linked to the VNet; a central one must be linked in the hub):");
    lines.push(
      ...summary.privateDnsZones.map((z) => {
        const where = z.centralZoneId ? ` (central: ${z.centralZoneId})` : "";
        return `  ${z.kind.padEnd(8)} ${z.zone}${where}${z.endpoint ? " + private endpoint in the nodes subnet" : " (the flexible server's zone)"}`;
      }),
    );
  }
  lines.push(
    "",
    `Flow logs: ${summary.flowLogs ? "VNet flow log through Network Watcher to flow_log_storage_account_id" : "off (azure.flowLogs: true records the VNet's traffic)"}`,
  );
  const sync = summary.syncLink;
  lines.push(
    "",
    `Connectivity: sync on TCP ${sync.port} of the public IP ${sync.publicIp} (AKS's load balancer forwards to the nodes), from ${sync.admits.join(", ")}`,
  );
  if (summary.nsgRules) {
    const header = ["SUBNET", "RULE", "PRIORITY", "DIR", "ACCESS", "PROTOCOL", "PORTS", "FROM", "TO"];
    const rows = summary.nsgRules.map((r) => [r.subnet, r.rule, String(r.priority), r.direction, r.access, r.protocol, r.ports, r.from, r.to]);
    lines.push(
      "",
      "NSG rules (Azure adds its defaults after them: VNet and load-balancer inbound, Internet outbound):",
      ...table([header, ...rows]).map((l) => `  ${l}`),
    );
  }
  if (summary.customerRequirements) lines.push(...requirementLines(summary.customerRequirements));
  if (summary.dnsForwarding) lines.push(...forwardingLines(summary.dnsForwarding));
  const link = summary.asyncLink;
  lines.push(
    "",
    `Async link: ${link.folder} is the AWS side, applied in the control plane's account: role ${link.role}, queues ${link.queues.toDataPlane} and ${link.queues.toControlPlane}.`,
  );
  return lines;
}

function subnetRule(s: SubnetRequirement): string {
  const size =
    s.minPrefix !== undefined
      ? `at least /${s.minPrefix}${s.minUsableAddresses ? ` (${s.minUsableAddresses} usable)` : ""}`
      : `/${s.recommendedPrefix} recommended`;
  return [size, s.delegation ? `delegated to ${s.delegation}` : "", s.note].filter(Boolean).join("; ");
}

function requirementLines(r: CustomerRequirements): string[] {
  const route = r.defaultRoute;
  return [
    "",
    "What your network must have (terraform plan checks the sizes, routes and public IP):",
    "  Subnets:",
    ...table(r.subnets.map((s) => [`    ${s.role}`, resourceName(s.id).name, subnetRule(s)])),
    `  Route table on the ${route.subnets.join(" and ")} subnets: ${route.addressPrefix} -> ${route.nextHopType} ${route.nextHopIpAddress}`,
    "  Firewall rules, from the nodes and pods subnets:",
    ...table(r.firewallEgress.map((e) => [`    ${e.protocol} ${e.port}`, e.destination, e.reason])),
    `  Public IP ${resourceName(r.publicIp.id).name}: ${r.publicIp.sku}, ${r.publicIp.allocation}; TCP ${r.publicIp.port} from ${r.publicIp.sources.join(", ")}`,
    ...r.notes.map((note) => `  - ${note}`),
  ];
}

function forwardingLines(f: DnsForwarding): string[] {
  return [
    "",
    `DNS: your servers ${f.servers.join(", ")} do not see Azure private DNS zones. On them, conditionally forward`,
    `  ${f.zones.join(", ")}`,
    `  to ${f.forwarder}.`,
    "  Forward these public names, not the privatelink.* zones: clients ask for e.g. <account>.blob.core.windows.net,",
    "  which Azure's public DNS answers with a CNAME to the privatelink name the linked zone resolves.",
  ];
}
