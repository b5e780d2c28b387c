// The Conveyor design rules for Azure, checked on the planned module (what would be deployed).
import { contains, overlaps, parseCidr, usableAddresses } from "../../ipam/ipv4.js";
import { Block, Expr, type TfModule, type TopBlock } from "../../terraform/ir.js";
import { MAX_DB_PREFIX, MIN_POD_ADDRESSES, type PrivateEndpointKind } from "../../spec/azure.js";
import type { DesignCheck } from "../types.js";
import type { AzureAddressPlan } from "./addresses.js";
import { POSTGRES_DELEGATION } from "./network.js";

const refersTo = (value: unknown, address: string): boolean => value instanceof Expr && value.hcl.startsWith(address);

function bodyBlock(top: TopBlock | undefined, name: string): Block | undefined {
  const value = top?.body[name];
  return value instanceof Block ? value : undefined;
}

function isDelegatedToPostgres(subnet: TopBlock | undefined): boolean {
  const delegation = bodyBlock(subnet, "delegation");
  const service = delegation?.body.service_delegation;
  return service instanceof Block && service.body.name === POSTGRES_DELEGATION;
}

function zonesLinked(module: TfModule, kinds: readonly PrivateEndpointKind[]): DesignCheck {
  const zones = module.resources("azurerm_private_dns_zone")[0];
  const link = module.resources("azurerm_private_dns_zone_virtual_network_link")[0];
  const zoneNames = zones?.body.for_each as Record<string, unknown> | undefined;
  const ok = kinds.length === 0 || (kinds.every((k) => zoneNames?.[k] !== undefined) && refersTo(link?.body.for_each, "azurerm_private_dns_zone.service"));
  return { rule: "a private DNS zone linked to the VNet per private endpoint", ok, detail: kinds.length ? kinds.join(", ") : "none requested" };
}

export function managedDesignChecks(plan: AzureAddressPlan, module: TfModule, kinds: readonly PrivateEndpointKind[]): DesignCheck[] {
  const subnet = (role: string) => module.resources("azurerm_subnet").find((s) => s.labels[1] === role);
  const planned = (tier: string) => plan.subnets.find((s) => s.tier === tier)!;
  const db = parseCidr(planned("db").cidr);
  const pods = parseCidr(planned("pod").cidr);
  const subnets = module.resources("azurerm_subnet");
  const associations = module.resources("azurerm_subnet_network_security_group_association");
  const unguarded = subnets.filter((s) => !associations.some((a) => refersTo(a.body.subnet_id, `azurerm_subnet.${s.labels[1]}.`)));
  const ip = module.resources("azurerm_public_ip")[0];
  const all = plan.subnets.map((s) => parseCidr(s.cidr));
  const space = plan.addressSpace.map(parseCidr);
  const inside = all.every((c) => space.some((range) => contains(range, c)));
  const overlapping = all.some((a, i) => all.some((b, j) => i < j && overlaps(a, b)));
  return [
    { rule: "db subnet delegated to PostgreSQL flexible server", ok: isDelegatedToPostgres(subnet("db")), detail: POSTGRES_DELEGATION },
    { rule: `db subnet at least a /${MAX_DB_PREFIX}`, ok: db.len <= MAX_DB_PREFIX, detail: `${planned("db").cidr}: ${usableAddresses(db)} usable` },
    { rule: `pods subnet with at least ${MIN_POD_ADDRESSES} usable addresses`, ok: usableAddresses(pods) >= MIN_POD_ADDRESSES, detail: `${planned("pod").cidr}: ${usableAddresses(pods)} usable` },
    { rule: "an NSG on every subnet", ok: subnets.length === 3 && unguarded.length === 0, detail: `${associations.length} of ${subnets.length} subnets` },
    {
      rule: "no default outbound access",
      ok: subnets.every((s) => s.body.default_outbound_access_enabled === false),
      detail: "egress only through the load balancer's public IP",
    },
    { rule: "Standard static public IP for the AKS load balancer", ok: ip?.body.sku === "Standard" && ip.body.allocation_method === "Static", detail: `${ip?.body.name ?? "none"}` },
    { rule: "subnets inside the address space, not overlapping", ok: inside && !overlapping, detail: plan.addressSpace.join(", ") },
    zonesLinked(module, kinds),
  ];
}

export function customerManagedDesignChecks(module: TfModule, kinds: readonly PrivateEndpointKind[]): DesignCheck[] {
  const theirs = ["azurerm_virtual_network", "azurerm_subnet", "azurerm_public_ip", "azurerm_route_table", "azurerm_route", "azurerm_network_security_group"];
  const created = theirs.filter((type) => module.resources(type).length > 0);
  const read = (type: string, name: string) => module.blocks.find((b) => b.kind === "data" && b.labels[0] === type && b.labels[1] === name);
  const checked = (top: TopBlock | undefined) => bodyBlock(top, "lifecycle")?.body.postcondition !== undefined;
  const routes = ["nodes", "pods"].every((role) => checked(read("azurerm_route_table", role)));
  return [
    { rule: "nothing of the customer's network is created", ok: created.length === 0, detail: created.length ? `creates ${created.join(", ")}` : "VNet, subnets and public IP are data sources" },
    { rule: "default route to the firewall checked on the nodes and pods subnets", ok: routes, detail: "terraform plan fails without 0.0.0.0/0 -> firewall" },
    { rule: "db and pods subnet sizes checked", ok: checked(read("azurerm_subnet", "db")) && checked(read("azurerm_subnet", "pods")), detail: "terraform plan fails when a subnet is too small" },
    { rule: "Standard static public IP for the control plane checked", ok: checked(read("azurerm_public_ip", "control-plane")), detail: "terraform plan fails otherwise" },
    zonesLinked(module, kinds),
  ];
}
