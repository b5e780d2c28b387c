// Managed mode: an NSG on every subnet, every rule its own azurerm_network_security_rule.
// Azure appends default rules to every NSG: inbound AllowVnetInBound (65000, the whole
// VirtualNetwork tag: peered VNets and on-premises ranges too), AllowAzureLoadBalancerInBound
// (65001), DenyAllInBound (65500); outbound AllowVnetOutBound, AllowInternetOutBound, DenyAllOutBound.
// The rules below allow what each subnet needs and then deny the rest of VirtualNetwork at 4096,
// so the defaults only ever add the load balancer's probes and the outbound paths noted per subnet.
import type { Body, Expr, ResourceRef } from "../../terraform/ir.js";
import type { ControlPlaneSpec } from "../../spec/control-plane.js";
import type { SubnetRole } from "../../spec/azure.js";
import type { AzureContext } from "./context.js";
import type { ManagedNetworkRefs } from "./network.js";

const FILE = "security.tf";

/** One NSG rule; `from`/`to` are a CIDR, a service tag or an expression, or a list of CIDRs. */
export interface NsgRule {
  name: string;
  priority: number;
  direction: "Inbound" | "Outbound";
  access: "Allow" | "Deny";
  protocol: "Tcp" | "Udp" | "*";
  ports: string;
  from: string | string[] | Expr;
  to: string | string[] | Expr;
  description: string;
  /** Why, as a `#` comment above the rule. */
  reason?: string;
}

const DENY_PRIORITY = 4096; // the lowest priority an NSG rule can have: evaluated just before Azure's defaults

/** The CIDR of each subnet. */
export type AddressesOf = Record<SubnetRole, string>;

const loadBalancerProbes = (priority: number): NsgRule => ({
  name: "load-balancer-probes",
  priority,
  direction: "Inbound",
  access: "Allow",
  protocol: "*",
  ports: "*",
  from: "AzureLoadBalancer",
  to: "*",
  description: "Azure load balancer health probes",
  reason: "Probes come from 168.63.129.16, which the VirtualNetwork tag includes: allow them before the deny below.",
});

const denyVnetInbound: NsgRule = {
  name: "deny-vnet-inbound",
  priority: DENY_PRIORITY,
  direction: "Inbound",
  access: "Deny",
  protocol: "*",
  ports: "*",
  from: "VirtualNetwork",
  to: "*",
  description: "Nothing else from the VNet, peered VNets or on-premises",
  reason: "Azure's AllowVnetInBound (65000) admits the whole VirtualNetwork tag: deny what the rules above do not allow.",
};

const fromSubnet = (role: "nodes" | "pods", cidr: string, priority: number): NsgRule => ({
  name: `from-${role}`,
  priority,
  direction: "Inbound",
  access: "Allow",
  protocol: "*",
  ports: "*",
  from: cidr,
  to: "*",
  description: `All traffic from the AKS ${role} subnet (Kubernetes networking)`,
});

/** The db subnet: PostgreSQL from the cluster, high availability within the subnet, and out to Storage and Entra ID only. */
export function dbRules(cidrs: AddressesOf): NsgRule[] {
  return [
    {
      name: "postgres-from-cluster",
      priority: 100,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      ports: "5432",
      from: [cidrs.nodes, cidrs.pods],
      to: cidrs.db,
      description: "PostgreSQL from the AKS nodes and pods",
    },
    {
      name: "postgres-within-subnet",
      priority: 110,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      ports: "5432",
      from: cidrs.db,
      to: cidrs.db,
      description: "PostgreSQL between the servers of the subnet",
      reason: "Microsoft: high availability needs 5432 within the flexible server's subnet.",
    },
    loadBalancerProbes(120),
    denyVnetInbound,
    {
      name: "storage-outbound",
      priority: 100,
      direction: "Outbound",
      access: "Allow",
      protocol: "Tcp",
      ports: "443",
      from: cidrs.db,
      to: "Storage",
      description: "Log archival to Azure Storage",
      reason: "Microsoft: a flexible server archives logs to Azure Storage (service tag Storage).",
    },
    {
      name: "entra-outbound",
      priority: 110,
      direction: "Outbound",
      access: "Allow",
      protocol: "Tcp",
      ports: "443",
      from: cidrs.db,
      to: "AzureActiveDirectory",
      description: "Microsoft Entra authentication of database logins",
    },
    {
      name: "deny-internet-outbound",
      priority: DENY_PRIORITY,
      direction: "Outbound",
      access: "Deny",
      protocol: "*",
      ports: "*",
      from: "*",
      to: "Internet",
      description: "Nothing else to the internet",
      reason: "Azure's AllowInternetOutBound (65001) would let the database reach anything: it needs only the two tags above.",
    },
  ];
}

/** The nodes subnet: the control plane's link through the public IP, probes, and the cluster itself. */
export function nodeRules(cidrs: AddressesOf, controlPlane: ControlPlaneSpec, publicIpAddress: Expr): NsgRule[] {
  const sources = controlPlane.cidrs?.length ? controlPlane.cidrs : "Internet";
  return [
    {
      name: "control-plane",
      priority: 100,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      ports: String(controlPlane.port),
      from: sources,
      to: publicIpAddress,
      description: "The control plane's synchronous link through the load balancer's public IP",
      reason:
        'Conveyor: "For the synchronous communication, you need to setup a public IP ... or we can create one."\nAKS load balancer rules use floating IP: packets reach the nodes still addressed to the public IP.',
    },
    loadBalancerProbes(110),
    fromSubnet("nodes", cidrs.nodes, 120),
    fromSubnet("pods", cidrs.pods, 130),
    denyVnetInbound,
  ];
}

/** The pods subnet: only the cluster. Outbound keeps Azure's defaults (see nodes). */
export function podRules(cidrs: AddressesOf): NsgRule[] {
  return [fromSubnet("nodes", cidrs.nodes, 100), fromSubnet("pods", cidrs.pods, 110), denyVnetInbound];
}

/** `source_address_prefix = "Internet"` or `source_address_prefixes = [...]`. */
function prefixes(side: "source" | "destination", value: NsgRule["from"]): Body {
  return Array.isArray(value) ? { [`${side}_address_prefixes`]: value } : { [`${side}_address_prefix`]: value };
}

function addRule(ctx: AzureContext, group: ResourceRef, role: SubnetRole, resourceGroupName: Expr, rule: NsgRule): void {
  ctx.module.resource(
    FILE,
    "azurerm_network_security_rule",
    `${role}-${rule.name}`,
    {
      name: rule.name,
      resource_group_name: resourceGroupName,
      network_security_group_name: group.attr("name"),
      description: rule.description,
      priority: rule.priority,
      direction: rule.direction,
      access: rule.access,
      protocol: rule.protocol,
      source_port_range: "*",
      destination_port_range: rule.ports,
      ...prefixes("source", rule.from),
      ...prefixes("destination", rule.to),
    },
    rule.reason,
  );
}

export type SecurityGroups = Record<SubnetRole, ResourceRef>;

/** Every NSG rule of managed mode, by subnet. */
export function managedNsgRules(cidrs: AddressesOf, controlPlane: ControlPlaneSpec, publicIpAddress: Expr): Record<SubnetRole, NsgRule[]> {
  return { db: dbRules(cidrs), nodes: nodeRules(cidrs, controlPlane, publicIpAddress), pods: podRules(cidrs) };
}

/** An NSG rule as `dpnet plan` shows it; the public IP, known at apply, by what it is. */
export interface NsgRuleSummary {
  subnet: SubnetRole;
  rule: string;
  priority: number;
  direction: NsgRule["direction"];
  access: NsgRule["access"];
  protocol: NsgRule["protocol"];
  ports: string;
  from: string;
  to: string;
}

export function nsgRuleSummaries(rules: Record<SubnetRole, NsgRule[]>, publicIp: string): NsgRuleSummary[] {
  const text = (v: NsgRule["from"]) => (typeof v === "string" ? v : Array.isArray(v) ? v.join(", ") : `public IP ${publicIp}`);
  return (["db", "nodes", "pods"] as const).flatMap((subnet) =>
    rules[subnet].map((r) => ({
      subnet,
      rule: r.name,
      priority: r.priority,
      direction: r.direction,
      access: r.access,
      protocol: r.protocol,
      ports: r.ports,
      from: text(r.from),
      to: text(r.to),
    })),
  );
}

/** Adds the three NSGs, their rules and their subnet associations; returns the NSGs. */
export function addManagedSecurity(ctx: AzureContext, network: ManagedNetworkRefs, cidrs: AddressesOf, controlPlane: ControlPlaneSpec): SecurityGroups {
  const rules = managedNsgRules(cidrs, controlPlane, network.publicIpAddress);
  const comments: Record<SubnetRole, string | undefined> = {
    db: undefined,
    nodes: "Outbound keeps Azure's defaults: AKS egress is defined by FQDNs, which an NSG cannot express.",
    pods: undefined,
  };
  const groups = {} as SecurityGroups;
  for (const role of ["db", "nodes", "pods"] as const) {
    const group = ctx.module.resource(
      FILE,
      "azurerm_network_security_group",
      role,
      {
        name: `${ctx.name}-${role}`,
        location: network.resourceGroup.location,
        resource_group_name: network.resourceGroup.name,
        tags: ctx.tags,
      },
      comments[role],
    );
    for (const rule of rules[role]) addRule(ctx, group, role, network.resourceGroup.name, rule);
    ctx.module.resource(FILE, "azurerm_subnet_network_security_group_association", role, {
      subnet_id: network.subnetIds[role],
      network_security_group_id: group.attr("id"),
    });
    groups[role] = group;
  }
  return groups;
}
