// `dpnet audit --azure-live`: the same resources `az … -o json` lists, read through the Azure SDKs
// with the user's credentials (DefaultAzureCredential: az login, environment, managed identity),
// list calls only, and fed to the Azure importer. Tests pass a recorded client instead.
import type { Json, JsonDocument } from "../../io/json-folder.js";
import { importAzureDocuments } from "../azure/resources.js";
import { type Progress, liveDocument, liveFailure, loadOptional } from "./sdk.js";
import type { ImportResult } from "../types.js";

/** The lists an audit needs: the whole subscription's, or one resource group's. */
export type AzureList =
  | "virtualNetworks"
  | "networkSecurityGroups"
  | "routeTables"
  | "publicIPAddresses"
  | "networkInterfaces"
  | "azureFirewalls"
  | "privateEndpoints"
  | "privateZones";

/** Read-only list calls; a resource is named by its group and name. */
export interface AzureClient {
  list(kind: AzureList): AsyncIterable<Json>;
  privateDnsZoneGroups(resourceGroup: string, privateEndpoint: string): AsyncIterable<Json>;
  virtualNetworkLinks(resourceGroup: string, zone: string): AsyncIterable<Json>;
}

export interface AzureLiveOptions {
  subscription: string;
  resourceGroup?: string;
  progress?: Progress;
  /** Instead of the SDK (tests: recorded responses). */
  client?: AzureClient;
}

const FLAG = "--azure-live";
const LISTS: AzureList[] = [
  "virtualNetworks",
  "networkSecurityGroups",
  "routeTables",
  "publicIPAddresses",
  "networkInterfaces",
  "azureFirewalls",
  "privateEndpoints",
  "privateZones",
];

type Pager = (...args: string[]) => AsyncIterable<Json>;
type Operations = Record<string, Record<string, Pager>>;

/** The SDK behind the client: arm-network for the network, arm-privatedns for private DNS zones. */
async function sdkClient(subscription: string, resourceGroup: string | undefined): Promise<AzureClient> {
  const identity = await loadOptional("@azure/identity", FLAG);
  const network = await loadOptional("@azure/arm-network", FLAG);
  const dns = await loadOptional("@azure/arm-privatedns", FLAG);
  type Constructor = new (...args: unknown[]) => Operations;
  const credential = new (identity.DefaultAzureCredential as new () => unknown)();
  const net = new (network.NetworkManagementClient as Constructor)(credential, subscription);
  const zones = new (dns.PrivateDnsManagementClient as Constructor)(credential, subscription);
  const ops = (kind: AzureList) => (kind === "privateZones" ? zones.privateZones! : net[kind]!);
  // One resource group's list, else the subscription's (whose name differs by operation).
  const whole: Record<AzureList, string> = {
    virtualNetworks: "listAll",
    networkSecurityGroups: "listAll",
    routeTables: "listAll",
    publicIPAddresses: "listAll",
    networkInterfaces: "listAll",
    azureFirewalls: "listAll",
    privateEndpoints: "listBySubscription",
    privateZones: "list",
  };
  return {
    list: (kind) => {
      const o = ops(kind);
      if (!resourceGroup) return o[whole[kind]]!.call(o);
      return kind === "privateZones" ? o.listByResourceGroup!.call(o, resourceGroup) : o.list!.call(o, resourceGroup);
    },
    privateDnsZoneGroups: (group, endpoint) => net.privateDnsZoneGroups!.list!.call(net.privateDnsZoneGroups, endpoint, group),
    virtualNetworkLinks: (group, zone) => zones.virtualNetworkLinks!.list!.call(zones.virtualNetworkLinks, group, zone),
  };
}

/** `/subscriptions/s/resourceGroups/g/providers/…/name` -> g and name. */
function groupAndName(id: string): [string, string] {
  const parts = id.split("/");
  const i = parts.findIndex((p) => p.toLowerCase() === "resourcegroups");
  return [parts[i + 1] ?? "", parts.at(-1) ?? ""];
}

async function collect(iterable: AsyncIterable<Json>, call: string): Promise<Json[]> {
  const out: Json[] = [];
  try {
    for await (const item of iterable) out.push(item);
  } catch (e) {
    throw liveFailure(FLAG, call, e);
  }
  return out;
}

/** Reads a subscription's (or resource group's) network and imports it. */
export async function readAzureLive(options: AzureLiveOptions): Promise<ImportResult> {
  const client = options.client ?? (await sdkClient(options.subscription, options.resourceGroup));
  const where = options.resourceGroup ? `${options.subscription}/${options.resourceGroup}` : options.subscription;
  const documents: JsonDocument[] = [];
  let calls = 0;
  const read = async (call: string, iterable: () => AsyncIterable<Json>) => {
    options.progress?.(`reading Azure ${where}: ${call} (call ${++calls})`);
    const items = await collect(iterable(), call);
    documents.push(liveDocument(`azure ${call}`, items));
    return items;
  };
  const lists = new Map<AzureList, Json[]>();
  for (const kind of LISTS) lists.set(kind, await read(kind, () => client.list(kind)));
  for (const ep of lists.get("privateEndpoints") ?? []) {
    const [group, name] = groupAndName(String(ep.id ?? ""));
    await read(`privateDnsZoneGroups ${name}`, () => client.privateDnsZoneGroups(group, name));
  }
  for (const zone of lists.get("privateZones") ?? []) {
    const [group, name] = groupAndName(String(zone.id ?? ""));
    await read(`virtualNetworkLinks ${name}`, () => client.virtualNetworkLinks(group, name));
  }
  return importAzureDocuments(documents, `Azure ${where}`);
}
