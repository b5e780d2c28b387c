// The Azure part of the spec. Field names here are a public interface (issue 4 fixes them).
import { z } from "zod";
import { parseIp } from "../ipam/ipv4.js";
import { azureTags, cidr } from "./common.js";
import { AZURE_PRIVATE_DNS_ZONE_ID, AZURE_PUBLIC_IP_ID, AZURE_SUBNET_ID, AZURE_VNET_ID } from "./cloud-ids.js";

/** Services reachable through a private endpoint (or, for postgres, a VNet-integrated server) and their private DNS zone. */
export const PRIVATE_ENDPOINT_KINDS = ["blob", "dfs", "file", "queue", "table", "vault", "acr", "postgres"] as const;
export type PrivateEndpointKind = (typeof PRIVATE_ENDPOINT_KINDS)[number];
// Conveyor: "By default we always use private endpoints to connect to Azure services": the services the data plane uses.
export const DEFAULT_PRIVATE_ENDPOINTS = ["blob", "dfs", "vault", "postgres"] as const satisfies readonly PrivateEndpointKind[];

/** Microsoft's private DNS zone of each kind ("Azure Private Endpoint private DNS zone values"). */
export const PRIVATE_DNS_ZONES: Record<PrivateEndpointKind, string> = {
  blob: "privatelink.blob.core.windows.net",
  dfs: "privatelink.dfs.core.windows.net",
  file: "privatelink.file.core.windows.net",
  queue: "privatelink.queue.core.windows.net",
  table: "privatelink.table.core.windows.net",
  vault: "privatelink.vaultcore.azure.net",
  acr: "privatelink.azurecr.io",
  postgres: "privatelink.postgres.database.azure.com",
};

export const SUBNET_ROLES = ["db", "nodes", "pods"] as const;
export type SubnetRole = (typeof SUBNET_ROLES)[number];

// Azure: subnets are /2 to /29, and 5 addresses of every subnet are reserved.
const SMALLEST_SUBNET = 29;
const LARGEST_SUBNET = 2;
// Conveyor: "Aks pod subnet ... We typically recommend at least 2000 ip's": a recommendation, so a
// smaller pods subnet is a warning (DPN-AZ-003), not a refusal.
export const MIN_POD_ADDRESSES = 2000;
// Azure Database for PostgreSQL flexible server: "The smallest CIDR range you can specify for the subnet is /28".
export const MAX_DB_PREFIX = 28;

/** A subnet size: `{ prefix: 24 }`, checked against Azure's limits and the rule of its role. */
function subnetSize(role: SubnetRole, defaultPrefix: number, rule: (prefix: number) => string | undefined, description: string) {
  return z
    .strictObject({
      prefix: z
        .number()
        .int()
        .default(defaultPrefix)
        .superRefine((prefix, ctx) => {
          const broken =
            prefix > SMALLEST_SUBNET || prefix < LARGEST_SUBNET
              ? `is outside the /${LARGEST_SUBNET} to /${SMALLEST_SUBNET} Azure allows for a subnet`
              : rule(prefix);
          if (broken) ctx.addIssue({ code: "custom", message: broken });
        })
        .describe(`Prefix length of the ${role} subnet. Default: ${defaultPrefix}.`),
    })
    .prefault({})
    .describe(description);
}

const dbRule = (prefix: number): string | undefined =>
  prefix <= MAX_DB_PREFIX
    ? undefined
    : `is smaller than a /${MAX_DB_PREFIX}: the PostgreSQL flexible server subnet needs at least a /${MAX_DB_PREFIX} (11 usable addresses)`;

const ipv4 = z.string().refine((text) => parseIp(text) !== undefined, "is not an IPv4 address (a.b.c.d)");

// Azure resource ids are case-insensitive; these are the shapes the customer's resources must have, by Azure's naming rules.
const VNET_ID = AZURE_VNET_ID;
const SUBNET_ID = AZURE_SUBNET_ID;
const PUBLIC_IP_ID = AZURE_PUBLIC_IP_ID;

/** The parts of an Azure resource id that name the resource for a Terraform data source. */
export interface AzureResourceName {
  subscription: string;
  resourceGroup: string;
  name: string;
  /** The parent VNet, for a subnet. */
  vnet?: string;
}

/** Splits a resource id the spec already validated; throws on anything else (a bug, not bad input). */
export function resourceName(id: string): AzureResourceName {
  const subnet = SUBNET_ID.exec(id);
  if (subnet) return { subscription: subnet[1]!, resourceGroup: subnet[2]!, vnet: subnet[3]!, name: subnet[4]! };
  const other = VNET_ID.exec(id) ?? PUBLIC_IP_ID.exec(id);
  if (!other) throw new Error(`not a VNet, subnet or public IP resource id: ${id}`);
  return { subscription: other[1]!, resourceGroup: other[2]!, name: other[3]! };
}

const ID_SHAPES = { VNet: "virtualNetworks/<name>", subnet: "virtualNetworks/<vnet>/subnets/<name>", "public IP": "publicIPAddresses/<name>" } as const;
const resourceId = (pattern: RegExp, shape: keyof typeof ID_SHAPES) =>
  z
    .string()
    .regex(
      pattern,
      `is not a ${shape} resource id (/subscriptions/<subscription guid>/resourceGroups/<group>/providers/Microsoft.Network/${ID_SHAPES[shape]}, names of letters, digits, _ . -)`,
    );

const existingSpec = z
  .strictObject({
    vnetId: resourceId(VNET_ID, "VNet").describe("Resource id of your VNet."),
    subnetIds: z
      .strictObject({
        db: resourceId(SUBNET_ID, "subnet").describe(
          "Subnet for the PostgreSQL flexible server: >= /28, delegated to Microsoft.DBforPostgreSQL/flexibleServers.",
        ),
        nodes: resourceId(SUBNET_ID, "subnet").describe("Subnet of the AKS nodes (vnet_subnet_id); ~256 addresses recommended."),
        pods: resourceId(SUBNET_ID, "subnet").describe("Subnet of the AKS pods (pod_subnet_id): >= 2000 usable addresses recommended."),
      })
      .describe("Resource ids of your db, nodes and pods subnets, all in vnetId."),
    firewallPrivateIp: ipv4.describe("Private IP of your firewall: the next hop of the 0.0.0.0/0 route on the nodes and pods subnets."),
    publicIpId: resourceId(PUBLIC_IP_ID, "public IP").describe("Resource id of the Standard static public IP the control plane connects to."),
  })
  .superRefine((existing, ctx) => {
    // zod runs this even when an id is malformed; the id's own check reports that.
    const wellFormed =
      VNET_ID.test(existing.vnetId) && PUBLIC_IP_ID.test(existing.publicIpId) && SUBNET_ROLES.every((role) => SUBNET_ID.test(existing.subnetIds[role]));
    if (!wellFormed) return;
    const vnet = existing.vnetId.toLowerCase();
    for (const role of SUBNET_ROLES) {
      const id = existing.subnetIds[role];
      if (!id.toLowerCase().startsWith(`${vnet}/subnets/`))
        ctx.addIssue({ code: "custom", path: ["subnetIds", role], message: `is not a subnet of vnetId ${existing.vnetId}` });
      const twin = SUBNET_ROLES.find((other) => other < role && existing.subnetIds[other].toLowerCase() === id.toLowerCase());
      if (twin) ctx.addIssue({ code: "custom", path: ["subnetIds", role], message: `is also the ${twin} subnet: db, nodes and pods need a subnet each` });
    }
    // One azurerm provider reads them all, and private endpoints must share the VNet's subscription.
    const subscription = resourceName(existing.vnetId).subscription.toLowerCase();
    if (resourceName(existing.publicIpId).subscription.toLowerCase() !== subscription) {
      ctx.addIssue({ code: "custom", path: ["publicIpId"], message: `is not in the VNet's subscription ${resourceName(existing.vnetId).subscription}` });
    }
  })
  .describe("customerManaged mode: resource ids of what the customer made.");

export const azureSpec = z
  .strictObject({
    location: z
      .string()
      .regex(/^[a-z][a-z0-9]{2,}$/, "is not an Azure region name like westeurope")
      .describe("Azure region, e.g. westeurope."),
    resourceGroup: z
      .string()
      .regex(/^[-\w.()]{0,89}[-\w()]$/, "is not a resource group name: 1 to 90 letters, digits, _ - . ( ), not ending in .")
      .describe("Resource group of what dpnet creates (VNet, NSGs, public IP, private DNS zones, endpoints)."),
    mode: z
      .enum(["managed", "customerManaged"])
      .default("managed")
      .describe(
        "managed: dpnet creates the VNet, subnets and the AKS load balancer's public IP. customerManaged: your VNet behind your firewall; dpnet reads it and creates only its own resources.",
      ),
    vnet: z
      .strictObject({
        addressSpace: z
          .array(cidr)
          .min(1, "must list at least one CIDR block")
          .describe("Address space of the VNet; the subnets are carved from it, largest first."),
      })
      .optional()
      .describe("managed mode: the VNet's address space."),
    subnets: z
      .strictObject({
        db: subnetSize("db", MAX_DB_PREFIX, dbRule, "PostgreSQL flexible server subnet, delegated: at least a /28 (11 usable addresses)."),
        nodes: subnetSize("nodes", 24, () => undefined, "AKS node subnet: ~256 addresses recommended (/24)."),
        pods: subnetSize("pods", 21, () => undefined, "AKS pod subnet: at least 2000 usable addresses recommended (a /21 has 2043)."),
      })
      .prefault({})
      .describe("Subnet sizes: planned from the address space in managed mode, the minimum your subnets must have in customerManaged mode."),
    existing: existingSpec.optional(),
    privateEndpoints: z
      .array(z.enum(PRIVATE_ENDPOINT_KINDS))
      .default([...DEFAULT_PRIVATE_ENDPOINTS])
      .superRefine((kinds, ctx) => {
        kinds.forEach((kind, i) => {
          if (kinds.indexOf(kind) !== i) ctx.addIssue({ code: "custom", path: [i], message: "is listed twice" });
        });
      })
      // In a fixed order: listing them differently must not reorder the emitted maps.
      .transform((kinds) => PRIVATE_ENDPOINT_KINDS.filter((k) => kinds.includes(k)))
      .describe(
        "Services reached privately: a private DNS zone linked to the VNet for each, and a private endpoint (postgres: the VNet-integrated server's zone). Default: the seed's blob, dfs, vault, postgres; [] for none.",
      ),
    privateDnsZoneIds: z
      .strictObject(
        Object.fromEntries(
          PRIVATE_ENDPOINT_KINDS.map((kind) => [
            kind,
            z
              .string()
              .regex(
                AZURE_PRIVATE_DNS_ZONE_ID,
                "is not a private DNS zone resource id (/subscriptions/<subscription guid>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/<zone>)",
              )
              // A malformed id is the regex's to report.
              .refine((id) => [undefined, PRIVATE_DNS_ZONES[kind]].includes(AZURE_PRIVATE_DNS_ZONE_ID.exec(id)?.[3]?.toLowerCase()), {
                message: `is not the ${kind} zone: its name must be ${PRIVATE_DNS_ZONES[kind]}`,
              })
              .optional(),
          ]),
        ) as Record<PrivateEndpointKind, z.ZodOptional<z.ZodString>>,
      )
      .optional()
      .describe(
        "Central private DNS zones to use instead of creating them (landing zones hold them in a hub), by kind: the zone's resource id. Its name must be the kind's privatelink zone.",
      ),
    flowLogs: z
      .boolean()
      .default(false)
      .describe(
        "VNet flow logs through Network Watcher to a storage account (the module's flow_log_storage_account_id). NSG flow logs can no longer be created.",
      ),
    customDns: z
      .strictObject({
        servers: z.array(ipv4).min(1, "must list at least one DNS server").describe("Your DNS servers (set on the VNet in managed mode)."),
      })
      .optional()
      .describe("Custom DNS servers: dpnet prints the conditional forwarding they need for the private DNS zones."),
    tags: azureTags.optional(),
    scale: z
      .strictObject({
        nodes: z.number().int().min(1, "must be at least 1").describe("AKS nodes the data plane must hold."),
        pods: z.number().int().min(1, "must be at least 1").describe("Pods the data plane must hold."),
        maxPods: z
          .number()
          .int()
          .min(10, "must be 10 or more: AKS's lowest max pods")
          .max(250, "must be 250 or less: AKS's highest max pods")
          .optional()
          .describe("The node pools' max pods (default 110, AKS's with a pod subnet)."),
      })
      .optional()
      .describe("The scale the network must hold: dpnet plan fails (DPN-SPEC-010) when the subnets cannot."),
  })
  .superRefine((azure, ctx) => {
    for (const kind of PRIVATE_ENDPOINT_KINDS) {
      if (azure.privateDnsZoneIds?.[kind] !== undefined && !azure.privateEndpoints.includes(kind))
        ctx.addIssue({ code: "custom", path: ["privateDnsZoneIds", kind], message: `is a zone for ${kind}, which privateEndpoints does not list` });
    }
    if (azure.mode === "managed") {
      if (!azure.vnet) ctx.addIssue({ code: "custom", path: ["vnet"], message: "is required in managed mode: the VNet's address space (vnet.addressSpace)" });
      if (azure.existing)
        ctx.addIssue({
          code: "custom",
          path: ["existing"],
          message: "is only for customerManaged mode: in managed mode dpnet creates the VNet, subnets and public IP",
        });
    } else {
      if (!azure.existing)
        ctx.addIssue({
          code: "custom",
          path: ["existing"],
          message: "is required in customerManaged mode: the resource ids of your VNet, subnets (subnetIds), firewall IP and public IP",
        });
      if (azure.vnet)
        ctx.addIssue({ code: "custom", path: ["vnet"], message: "is only for managed mode: in customerManaged mode the address space is your VNet's" });
    }
  })
  .describe("Azure data-plane network.");

export type AzureSpec = z.output<typeof azureSpec>;
export type AzureSpecInput = z.input<typeof azureSpec>;
export type ExistingNetwork = z.output<typeof existingSpec>;
