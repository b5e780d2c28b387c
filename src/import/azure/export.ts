// Sorts Azure resource JSON (`az … -o json`: arrays or single objects, `properties` flattened or
// not) into resources by their `type`, never by file name. Resource ids are case-insensitive in
// Azure and references often differ in case from the resource: they resolve through `ref`.
import { type Json, type JsonDocument, isObject, obj, str } from "../../io/json-folder.js";
import type { SourceLocation } from "../../topology/model.js";
import { ResultBuilder } from "../types.js";
import { AZURE_RESOURCE_ID } from "../../spec/cloud-ids.js";
import { printable, truncate } from "../../io/text.js";

export const AZURE_TYPES = {
  "microsoft.network/virtualnetworks": "az network vnet list",
  "microsoft.network/virtualnetworks/subnets": "az network vnet subnet list",
  "microsoft.network/virtualnetworks/virtualnetworkpeerings": "az network vnet peering list",
  "microsoft.network/networksecuritygroups": "az network nsg list",
  "microsoft.network/routetables": "az network route-table list",
  "microsoft.network/networkinterfaces": "az network nic list",
  "microsoft.network/publicipaddresses": "az network public-ip list",
  "microsoft.network/azurefirewalls": "az network firewall list",
  "microsoft.network/firewallpolicies": "az network firewall policy list",
  "microsoft.network/firewallpolicies/rulecollectiongroups": "az network firewall policy rule-collection-group list",
  "microsoft.network/privateendpoints": "az network private-endpoint list",
  "microsoft.network/privateendpoints/privatednszonegroups": "az network private-endpoint dns-zone-group list",
  "microsoft.network/privatednszones": "az network private-dns zone list",
  "microsoft.network/privatednszones/virtualnetworklinks": "az network private-dns link vnet list",
  "microsoft.network/applicationsecuritygroups": "az network asg list",
  "microsoft.network/virtualnetworkgateways": "az network vnet-gateway list",
  "microsoft.network/connections": "az network vpn-connection list",
  "microsoft.storage/storageaccounts": "az storage account list",
  "microsoft.keyvault/vaults": "az keyvault show",
  "microsoft.containerregistry/registries": "az acr list",
  "microsoft.dbforpostgresql/flexibleservers": "az postgres flexible-server list",
} as const;

export type AzureType = keyof typeof AZURE_TYPES;

export interface Resource {
  /** The resource with `properties` flattened into it (az flattens most network resources itself). */
  item: Json;
  at: SourceLocation;
}

/**
 * The type a resource id implies (ARM ids alternate type and name after the provider): some
 * resources, such as private DNS zone groups, come without a `type` field.
 */
function typeFromId(id: string | undefined): string | undefined {
  const parts = (id ?? "").split("/");
  const at = parts.findIndex((p) => p.toLowerCase() === "providers");
  if (at < 0 || parts.length < at + 4) return undefined;
  const types = parts.slice(at + 2).filter((_, i) => i % 2 === 0);
  return [parts[at + 1], ...types].join("/").toLowerCase();
}

/** A resource's fields, whether `az` flattened `properties` or not. */
export function flatten(o: Json): Json {
  const p = obj(o, "properties");
  return p ? { ...o, ...p } : o;
}

export class AzureExport {
  private readonly byType = new Map<AzureType, Resource[]>();
  readonly seen = new Set<AzureType>();
  readonly notes: string[] = [];
  /** Lower-cased id -> the id as the resource itself spells it. */
  private readonly ids = new Map<string, string>();

  get(type: AzureType): readonly Resource[] {
    return this.byType.get(type) ?? [];
  }

  /** The canonical spelling of a referenced id (the referenced resource's own), or the reference as is. */
  ref(id: string | undefined): string | undefined {
    return id === undefined ? undefined : (this.ids.get(id.toLowerCase()) ?? id);
  }

  add(type: AzureType, item: Json, at: SourceLocation): void {
    this.seen.add(type);
    const id = str(item, "id");
    if (item["id"] !== undefined && (id === undefined || !AZURE_RESOURCE_ID.test(id))) {
      this.notes.push(`${at.file}:${at.line}: bad element: id ${truncate(printable(String(item["id"])))} is not an Azure resource id: ignored`);
      return;
    }
    if (id) this.ids.set(id.toLowerCase(), id);
    if (!this.byType.has(type)) this.byType.set(type, []);
    this.byType.get(type)!.push({ item, at });
  }

  static of(documents: readonly JsonDocument[]): AzureExport {
    const ex = new AzureExport();
    for (const doc of documents) ex.read(doc);
    return ex;
  }

  private read(doc: JsonDocument): void {
    const { data, file } = doc;
    // `az rest` and the ARM API wrap lists in {"value": [...]}.
    const wrapped = isObject(data) && Array.isArray(data.value) && data.type === undefined;
    const list = Array.isArray(data) ? data : wrapped ? (data.value as unknown[]) : [data];
    const key = Array.isArray(data) ? "" : "value";
    const unknown = new Map<string, number>();
    list.forEach((entry, i) => {
      if (!isObject(entry)) return;
      const at = { file, line: Array.isArray(data) || wrapped ? doc.line(key, i) : 1 };
      const type = (str(entry, "type") ?? typeFromId(str(entry, "id")))?.toLowerCase();
      if (type && Object.hasOwn(AZURE_TYPES, type)) this.add(type as AzureType, flatten(entry), at);
      else unknown.set(type ?? "(no type)", (unknown.get(type ?? "(no type)") ?? 0) + 1);
    });
    for (const [type, n] of unknown) this.notes.push(`${file}: ${n} resource${n > 1 ? "s" : ""} of type ${type}: not modelled, ignored`);
  }
}

/** What the builders of each kind of element share: the result so far, and the export. */
export class AzureBuild extends ResultBuilder {
  constructor(readonly ex: AzureExport) {
    super();
    this.notes.push(...ex.notes);
  }
}

/** Azure tags are a plain object; the resource's `name` is its name. */
export function named(item: Json): { name?: string; tags?: Record<string, string> } {
  const name = str(item, "name");
  const raw = obj(item, "tags");
  const tags = raw && Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string"));
  return { ...(name ? { name } : {}), ...(tags && Object.keys(tags).length ? { tags } : {}) };
}

/** The parent resource's id: `/…/virtualNetworks/v/subnets/s` -> `/…/virtualNetworks/v`. */
export function parentId(id: string, child: string): string {
  const at = id.toLowerCase().lastIndexOf(`/${child.toLowerCase()}/`);
  return at < 0 ? id : id.slice(0, at);
}

/** "no … (az network nsg list) in the export": how a gap names a missing type. */
export function missingType(type: AzureType, what: string): string {
  return `no ${what} (${AZURE_TYPES[type]} -o json) in the export`;
}
