// --azure-live without a network: the SDK's list calls are replaced by recorded responses (the az
// outputs of the fixtures, which are what the SDKs list), and the result must equal the import of
// the same data from files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Json } from "../src/io/json-folder.js";
import { importAzureResources } from "../src/import/azure/resources.js";
import { type AzureClient, type AzureList, readAzureLive } from "../src/import/live/azure.js";
import { FIXTURES, withoutSources } from "./audit-fixtures.js";

/** An Azure client answering from the az outputs of a folder. */
function recordedClient(dir: string, log: string[]): AzureClient {
  const all = readdirSync(dir).flatMap((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Json[]);
  const ofType = (type: string) => all.filter((r) => String(r.type).toLowerCase() === type.toLowerCase());
  // Zone groups come without a type, as the API returns them.
  const zoneGroups = all.filter((r) => String(r.id).includes("/privateDnsZoneGroups/"));
  const types: Record<AzureList, string> = {
    virtualNetworks: "Microsoft.Network/virtualNetworks",
    networkSecurityGroups: "Microsoft.Network/networkSecurityGroups",
    routeTables: "Microsoft.Network/routeTables",
    publicIPAddresses: "Microsoft.Network/publicIPAddresses",
    networkInterfaces: "Microsoft.Network/networkInterfaces",
    azureFirewalls: "Microsoft.Network/azureFirewalls",
    privateEndpoints: "Microsoft.Network/privateEndpoints",
    privateZones: "Microsoft.Network/privateDnsZones",
  };
  async function* items(list: Json[]) {
    yield* list;
  }
  return {
    list: (kind) => (log.push(`list ${kind}`), items(ofType(types[kind]))),
    privateDnsZoneGroups: (group, endpoint) => (
      log.push(`zone groups ${group}/${endpoint}`), items(zoneGroups.filter((g) => String(g.id).includes(`/privateEndpoints/${endpoint}/`)))
    ),
    virtualNetworkLinks: (group, zone) => (
      log.push(`links ${group}/${zone}`),
      items(ofType("Microsoft.Network/privateDnsZones/virtualNetworkLinks").filter((l) => String(l.id).includes(`/privateDnsZones/${zone}/`)))
    ),
  };
}

test("--azure-live lists the subscription's resources and gives what the same az outputs give from files", async () => {
  const dir = join(FIXTURES, "azure-compliant");
  const log: string[] = [];
  const progress: string[] = [];
  const live = await readAzureLive({
    subscription: "11111111-2222-3333-4444-555555555555",
    client: recordedClient(dir, log),
    progress: (t) => progress.push(t),
  });
  const files = await importAzureResources(dir);
  assert.deepEqual(withoutSources(live.topology), withoutSources(files.topology));
  assert.deepEqual(live.gaps, []);
  assert.deepEqual(log, [
    "list virtualNetworks",
    "list networkSecurityGroups",
    "list routeTables",
    "list publicIPAddresses",
    "list networkInterfaces",
    "list azureFirewalls",
    "list privateEndpoints",
    "list privateZones",
    "zone groups customer-network/storage-pe",
    "links customer-network/privatelink.blob.core.windows.net",
  ]);
  assert.equal(progress[0], "reading Azure 11111111-2222-3333-4444-555555555555: virtualNetworks (call 1)");
});
