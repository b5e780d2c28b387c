// Azure address planning (managed mode): validate the VNet's address space, then carve the pods,
// nodes and db subnets from it, largest first at the lowest free aligned address, so the same spec
// always gives the same CIDRs.
import { carve, overlapsPrefix, parseCidr, type Prefix, usableAddresses } from "../../ipam/prefix.js";
import { blockSize, prefixHolding, usableInBlock } from "../../ipam/ipv4.js";
import { inputError, ProblemList } from "../../spec/errors.js";
import type { AzureSpec, SubnetRole } from "../../spec/azure.js";
import type { OwnFinding } from "../../findings.js";
import type { PlannedSubnet, Tier } from "../addresses.js";

export interface AzureAddressPlan {
  addressSpace: string[];
  subnets: PlannedSubnet[];
  /** The same subnets' CIDRs by role, for the subnets and NSG rules. */
  cidrs: Record<SubnetRole, string>;
}

const TIER_OF: Record<SubnetRole, Tier> = { db: "db", nodes: "node", pods: "pod" };
/** The order subnets are shown in: as declared in the spec. */
const TIERS: Tier[] = ["db", "node", "pod"];

// Azure does not allow these in a VNet's address space ("Azure Virtual Network frequently asked questions").
const RESERVED = ["224.0.0.0/4", "255.255.255.255/32", "127.0.0.0/8", "169.254.0.0/16", "168.63.129.16/32"].map((c) => parseCidr(c, 4));
// AKS's default service CIDR: a VNet overlapping it needs another service_cidr on the cluster.
const AKS_DEFAULT_SERVICE_CIDR = parseCidr("10.0.0.0/16", 4);

function checkAddressSpace(texts: string[], problems: ProblemList): Prefix[] {
  const blocks = texts.map((c) => parseCidr(c, 4));
  blocks.forEach((block, i) => {
    const path = `azure.vnet.addressSpace[${i}]`;
    const reserved = RESERVED.find((r) => overlapsPrefix(r, block));
    if (reserved) problems.add(path, texts[i], `overlaps ${reserved.text}, which Azure reserves and does not allow in a VNet`);
    const earlier = blocks.findIndex((other, j) => j < i && overlapsPrefix(other, block));
    if (earlier >= 0) problems.add(path, texts[i], `overlaps azure.vnet.addressSpace[${earlier}] ${texts[earlier]}: a VNet's address ranges must not overlap`);
  });
  return blocks;
}

/** The subnets in carving order: largest first, so aligned blocks pack without gaps. */
function carvingOrder(azure: AzureSpec): { role: SubnetRole; len: number }[] {
  const roles: SubnetRole[] = ["pods", "nodes", "db"];
  return roles.map((role) => ({ role, len: azure.subnets[role].prefix })).sort((a, b) => a.len - b.len);
}

/** The lowest free aligned block of `len` in the first range of the address space that has one. */
function place(space: Prefix[], len: number, taken: Prefix[]): Prefix | undefined {
  for (const range of space) {
    const found = carve(range, [len], taken)?.[0];
    if (found) return found;
  }
  return undefined;
}

/** Plans the VNet's subnets; throws InputError naming each field that cannot work. Warnings go to `findings`. */
export function planAzureAddresses(azure: AzureSpec, addressSpace: string[], findings: OwnFinding[]): AzureAddressPlan {
  const problems = new ProblemList();
  const space = checkAddressSpace(addressSpace, problems);
  problems.throwIfAny();

  const order = carvingOrder(azure);
  const taken: Prefix[] = [];
  for (const { len } of order) {
    const block = place(space, len, taken);
    if (!block) {
      const total = order.reduce((sum, o) => sum + blockSize(o.len), 0);
      const sizes = order.map((o) => `${o.role} /${o.len}`).join(", ");
      throw inputError(
        "azure.vnet.addressSpace",
        addressSpace,
        `cannot hold the ${sizes} subnets: they need ${total} addresses, at least a /${prefixHolding(total)}`,
      );
    }
    taken.push(block);
  }
  if (space.some((range) => overlapsPrefix(range, AKS_DEFAULT_SERVICE_CIDR))) {
    findings.push({
      id: "DPN-AZ-001",
      severity: "warning",
      resource: "azure.vnet.addressSpace",
      message: "the VNet overlaps 10.0.0.0/16, AKS's default service CIDR: give the cluster a service_cidr (and dns_service_ip) outside the VNet",
      trace: [],
    });
  }
  const subnets = order.map(({ role }, i) => plannedSubnet(role, taken[i]!, azure));
  const cidrs = Object.fromEntries(order.map(({ role }, i) => [role, subnets[i]!.cidr])) as Record<SubnetRole, string>;
  subnets.sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier));
  return { addressSpace, subnets, cidrs };
}

function plannedSubnet(role: SubnetRole, block: Prefix, azure: AzureSpec): PlannedSubnet {
  // Azure subnets span the region's zones: the subnet's "zone" is the region.
  return { tier: TIER_OF[role], zone: azure.location, cidr: block.text, usableAddresses: usableAddresses(block) };
}

// Conveyor: "Aks node subnet ... A good recommendation is 256 ip's."
const RECOMMENDED_NODE_PREFIX = 24;

/** A warning when the nodes subnet is smaller than the recommended /24 (a recommendation, not a rule). */
export function nodeSubnetFindings(azure: AzureSpec): OwnFinding[] {
  const prefix = azure.subnets.nodes.prefix;
  if (prefix <= RECOMMENDED_NODE_PREFIX) return [];
  return [
    {
      id: "DPN-AZ-002",
      severity: "warning",
      resource: "azure.subnets.nodes.prefix",
      message: `a /${prefix} nodes subnet has ${usableInBlock(prefix)} usable addresses: at most that many nodes (fewer during upgrades, which add surge nodes); ~256 (a /24) is recommended`,
      trace: [],
    },
  ];
}
