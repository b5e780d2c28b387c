// What every check reads: the topology, the data plane's intent, and the compiled engine (routes
// and rules) shared by all of them; plus lookups several checks need.
import type { Cloud, Network, Subnet, Topology } from "../../topology/model.js";
import type { DataPlaneContext, Tier } from "../../topology/context.js";
import type { Engine } from "../engine.js";
import type { Gap, InvalidInput } from "../../import/types.js";

export type { DataPlaneContext, Tier };

export interface CheckInput {
  topology: Topology;
  context: DataPlaneContext;
  /** The data plane's cloud: as the context says, else that of the topology's networks when they agree. */
  cloud: Cloud | undefined;
  engine: Engine;
  /** What the loader could not read. */
  gaps: readonly Gap[];
  /** Values the provider or cloud refuses (DPN-DATA-002). */
  invalid: readonly InvalidInput[];
  /** Elements the importer could not read (a data source read at plan time): present, but their contents unknown. */
  unknown: ReadonlySet<string>;
}

/** The first of `ids` whose contents are unknown (its DPN-DATA-001 finding says why), and a short reason for messages. */
export function unknownOf(input: CheckInput, ...ids: (string | undefined)[]): { id: string; why: string } | undefined {
  const id = ids.find((i) => i !== undefined && input.unknown.has(i));
  return id === undefined ? undefined : { id, why: `${id} could not be read` };
}

/**
 * A path the walk could not judge (`insufficient-info`): it stopped where the input only reads
 * (a VPC, subnet or gateway of aws.vpc.existing's, say), so whether it gets through is known only at apply time.
 */
export function unjudged(path: { disposition: string; unread?: string }): { id: string; why: string } | undefined {
  return path.disposition === "insufficient-info" && path.unread !== undefined ? { id: path.unread, why: `${path.unread} could not be read` } : undefined;
}

/** The subnets that serve a tier: as the context says, else as the subnets are tagged. */
export function tierSubnets(input: CheckInput, tier: Tier): Subnet[] {
  const ids = input.context.tiers?.[tier];
  const { subnets } = input.engine.ix;
  if (ids) return ids.map((id) => subnets.get(id)).filter((s) => s !== undefined);
  return input.topology.subnets.filter((s) => s.tier === tier);
}

/** True when some subnet's tier is known, so an empty tier means "none", not "unknown". */
export function tiersKnown(input: CheckInput): boolean {
  const given = Object.values(input.context.tiers ?? {}).some((ids) => ids.length > 0);
  return given || input.topology.subnets.some((s) => s.tier !== undefined);
}

/** The data plane's VPC or VNet: as the context says, else that of its subnets, else the only one of the cloud. */
export function dataPlaneNetwork(input: CheckInput, cloud: Cloud): Network | undefined {
  const { ix } = input.engine;
  const byId = input.context.networkId === undefined ? undefined : ix.networks.get(input.context.networkId);
  if (byId) return byId;
  const tiered = input.topology.subnets.find((s) => s.tier !== undefined && ix.networkOf(s).cloud === cloud);
  if (tiered) return ix.networkOf(tiered);
  const ofCloud = input.topology.networks.filter((n) => n.cloud === cloud);
  return ofCloud.length === 1 ? ofCloud[0] : undefined;
}
