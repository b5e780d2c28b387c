// Azure resource JSON (a folder of `az … -o json` outputs, any layout) -> topology. Resources are
// recognised by their `type`; what cannot be placed is noted, and what a judgement needs but the
// export lacks becomes a gap.
import { type JsonDocument, readJsonFolder } from "../../io/json-folder.js";
import { inputError } from "../../spec/errors.js";
import { AzureBuild, AzureExport, missingType } from "./export.js";
import { buildInterfaces, buildPaasServices, buildPrivateDnsZones, buildPrivateEndpoints } from "./endpoints.js";
import { buildFirewalls, buildPublicIps } from "./firewall.js";
import { buildNsgs, buildRouteTables, buildVnets, checkSubnetReferences } from "./network.js";
import type { ImportResult } from "../types.js";

/** The topology of the documents of an Azure export (files, or the live reader's responses). */
export function importAzureDocuments(documents: readonly JsonDocument[], where = "the export"): ImportResult {
  const ex = AzureExport.of(documents);
  if (ex.get("microsoft.network/virtualnetworks").length === 0) {
    throw inputError(where, undefined, `has no VNet: ${missingType("microsoft.network/virtualnetworks", "Microsoft.Network/virtualNetworks")}`);
  }
  const b = new AzureBuild(ex);
  buildVnets(b);
  buildRouteTables(b);
  buildNsgs(b);
  buildInterfaces(b);
  buildPublicIps(b);
  buildFirewalls(b);
  buildPrivateEndpoints(b);
  buildPrivateDnsZones(b);
  buildPaasServices(b);
  checkSubnetReferences(b);
  if (!ex.seen.has("microsoft.network/networkinterfaces"))
    b.gap("free addresses and who holds which address", missingType("microsoft.network/networkinterfaces", "NICs"));
  return b.result();
}

/** Reads a folder (recursively) of `az … -o json` outputs. */
export async function importAzureResources(dir: string): Promise<ImportResult> {
  const folder = readJsonFolder(dir);
  const result = importAzureDocuments(folder.documents, dir);
  result.notes.push(...folder.notes);
  return result;
}
