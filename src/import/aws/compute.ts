// AWS describe-network-interfaces, describe-instances and describe-addresses -> network interfaces
// (an instance is its interfaces, `instanceId` set), with their public addresses.
import { type Json, num, obj, objects, str } from "../../io/json-folder.js";
import { parseAddress } from "../../ipam/prefix.js";
import type { NetworkInterface, PublicIpMapping, SourceLocation } from "../../topology/model.js";
import { type AwsBuild, tagsOf } from "./export.js";

function address(b: AwsBuild, text: string | undefined, owner: string): string | undefined {
  if (text === undefined) return undefined;
  if (parseAddress(text)) return text;
  b.note(`${owner}: "${text}" is not an IP address: ignored`);
  return undefined;
}

/** Private addresses, the primary first, then IPv6; and the public address mapped to each private one. */
function addressesOf(b: AwsBuild, eni: Json, id: string): { privateIps: string[]; publicIps: PublicIpMapping[] } {
  const entries = [...objects(eni, "PrivateIpAddresses")].sort((x, y) => Number(y.Primary === true) - Number(x.Primary === true));
  const privateIps: string[] = [];
  const publicIps: PublicIpMapping[] = [];
  for (const e of entries) {
    const privateIp = address(b, str(e, "PrivateIpAddress"), id);
    if (!privateIp) continue;
    privateIps.push(privateIp);
    const publicIp = address(b, str(obj(e, "Association"), "PublicIp"), id);
    if (publicIp) publicIps.push({ publicIp, privateIp });
  }
  const primary = address(b, str(eni, "PrivateIpAddress"), id);
  if (privateIps.length === 0 && primary) {
    privateIps.push(primary);
    const publicIp = address(b, str(obj(eni, "Association"), "PublicIp"), id);
    if (publicIp) publicIps.push({ publicIp, privateIp: primary });
  }
  for (const v6 of objects(eni, "Ipv6Addresses")) {
    const a = address(b, str(v6, "Ipv6Address"), id);
    if (a) privateIps.push(a);
  }
  return { privateIps, publicIps };
}

function interfaceOf(b: AwsBuild, eni: Json, instanceId: string | undefined): NetworkInterface | undefined {
  const id = str(eni, "NetworkInterfaceId");
  const subnetId = str(eni, "SubnetId");
  if (!id || !subnetId) return undefined;
  const { privateIps, publicIps } = addressesOf(b, eni, id);
  const groups = objects(eni, "Groups")
    .map((g) => str(g, "GroupId"))
    .filter((g) => g !== undefined);
  const owner = instanceId ?? str(obj(eni, "Attachment"), "InstanceId");
  const deviceIndex = num(obj(eni, "Attachment"), "DeviceIndex");
  return {
    id,
    subnetId,
    privateIps,
    ...tagsOf(eni),
    ...(owner ? { instanceId: owner } : {}),
    ...(deviceIndex !== undefined ? { deviceIndex } : {}),
    ...(publicIps.length ? { publicIps } : {}),
    securityGroupIds: groups,
    // A source/destination check that is off lets it forward traffic not addressed to it (NAT instances, appliances).
    ...(eni.SourceDestCheck === false ? { forwarding: true } : {}),
  };
}

function place(b: AwsBuild, byId: Map<string, NetworkInterface>, iface: NetworkInterface, at: SourceLocation): void {
  if (!b.has(iface.subnetId)) {
    b.note(`${iface.instanceId ?? iface.id}: its subnet ${iface.subnetId} is not in the export: left out`);
    return;
  }
  if (b.place(b.topology.interfaces, iface, at)) byId.set(iface.id, iface);
}

/** describe-instances repeats each instance's interfaces: they add the instance to interfaces already read. */
function addInstances(b: AwsBuild, byId: Map<string, NetworkInterface>): void {
  for (const { item, at } of b.ex.get("Reservations")) {
    const instanceId = str(item, "InstanceId");
    if (!instanceId || ["terminated", "shutting-down"].includes(str(obj(item, "State"), "Name") ?? "")) continue;
    const enis = objects(item, "NetworkInterfaces");
    if (enis.length === 0) b.note(`${instanceId}: no network interfaces listed: left out`);
    for (const eni of enis) {
      const known = byId.get(str(eni, "NetworkInterfaceId") ?? "");
      if (known) known.instanceId ??= instanceId;
      else {
        const iface = interfaceOf(b, eni, instanceId);
        if (iface) place(b, byId, iface, at);
      }
    }
  }
}

/** Elastic IPs from describe-addresses that the interfaces do not show yet. */
function addElasticIps(b: AwsBuild, byId: Map<string, NetworkInterface>): void {
  for (const { item } of b.ex.get("Addresses")) {
    const iface = byId.get(str(item, "NetworkInterfaceId") ?? "");
    const publicIp = str(item, "PublicIp");
    const privateIp = str(item, "PrivateIpAddress");
    if (!iface || !publicIp || !privateIp || iface.publicIps?.some((m) => m.publicIp === publicIp)) continue;
    iface.publicIps = [...(iface.publicIps ?? []), { publicIp, privateIp }];
  }
}

export function buildInterfaces(b: AwsBuild): void {
  const byId = new Map<string, NetworkInterface>();
  for (const { item, at } of b.ex.get("NetworkInterfaces")) {
    const iface = interfaceOf(b, item, undefined);
    if (iface) place(b, byId, iface, at);
  }
  addInstances(b, byId);
  addElasticIps(b, byId);
}
