// Audit of an existing network: each VPC or VNet of an import judged as a candidate data plane.
// Tiers are inferred from the network itself, the named checks judge them, and every finding a
// command can fix comes with that command.
import type { Finding } from "../../findings.js";
import { containsAddress, parseAddress, parsePrefix, parsePrefixes } from "../../ipam/prefix.js";
import type { Cloud, Topology } from "../../topology/model.js";
import { type ImportResult, gapText } from "../../import/types.js";
import type { LoadedSource } from "../../import/source.js";
import { inputError } from "../../spec/errors.js";
import { type DataPlaneContext, inferContext } from "../../topology/context.js";
import { runChecks } from "../checks/index.js";
import { type IntentsFile, withIntents } from "../space/intents.js";
import { judgePlan } from "../checks/plan.js";
import { type Change, POD_CIDR, changesFor } from "./changes.js";
import { PEERED_PATHS, pathIds, sliceByNetwork } from "./slice.js";
import { capacityAuditFindings } from "../../capacity/audit.js";
import { type TierPlan, inferTiers } from "./tiers.js";

export type { Candidate, TierPlan } from "./tiers.js";
export type { Change } from "./changes.js";

export interface AuditOptions {
  /** Judge only the networks whose id or name is this. */
  network?: string;
  /** Azure: the firewall's private IP the default route must go to (else inferred from the UDRs or an Azure Firewall). */
  firewallIp?: string;
  /** What the data plane must allow (the control plane's CIDRs): replaces what the network suggests (a DNAT rule's sources). */
  intents?: IntentsFile;
}

export interface AuditReport {
  networks: TierPlan[];
  findings: Finding[];
  changes: Change[];
  /** What the import could not read, one sentence each. */
  gaps: string[];
  notes: string[];
}

/**
 * The intent the checks judge against, as inferred from the network: the tiers as the audit chose
 * them (the subnets are marked with them first), the rest (control plane, sync link, apiserver) as
 * inferContext finds it. An existing VNet is by definition customer-managed.
 */
function auditContext(topology: Topology, plan: TierPlan, intents: IntentsFile | undefined): DataPlaneContext {
  const found = inferContext(topology);
  const inferred = intents ? withIntents(found, intents) : found;
  const base: DataPlaneContext = { ...inferred, cloud: plan.cloud, networkId: plan.networkId, tiers: plan.tiers };
  return AUDIT[plan.cloud].intent(topology, plan, base, inferred);
}

interface AuditRules {
  /** Whether `--firewall-ip` applies: the customer's firewall is the next hop of the default route. */
  firewall: boolean;
  intent: (topology: Topology, plan: TierPlan, base: DataPlaneContext, inferred: DataPlaneContext) => DataPlaneContext;
}

/**
 * What an audit assumes per cloud. Azure: a VNet dpnet did not create is customer-managed, its
 * firewall the one given (or inferred). AWS: the pod block is 100.64.0.0/16 unless the VPC has a
 * secondary block of its own.
 */
const AUDIT: Record<Cloud, AuditRules> = {
  azure: {
    firewall: true,
    intent: (_topology, plan, base, inferred) => {
      const firewall = plan.firewallPrivateIp;
      return { ...base, azure: { ...inferred.azure, mode: "customerManaged", ...(firewall ? { firewallPrivateIp: firewall } : {}) } };
    },
  },
  aws: {
    firewall: false,
    intent: (topology, plan, base) => {
      const net = topology.networks.find((n) => n.id === plan.networkId);
      const v4 = (net?.cidrs ?? []).filter((c) => parsePrefix(c)?.family === 4);
      return v4.length > 1 ? base : { ...base, podCidr: POD_CIDR };
    },
  },
};

/** Marks the chosen subnets with their tier, so messages and diagrams say "the pod subnet". */
function nameTiers(topology: Topology, plan: TierPlan): void {
  const subnets = new Map(topology.subnets.map((s) => [s.id, s]));
  for (const [tier, ids] of Object.entries(plan.tiers)) {
    for (const id of ids ?? []) {
      const subnet = subnets.get(id)!;
      // A topology already compiled for reachability is frozen: its subnets keep what they had.
      if (!Object.isFrozen(subnet)) subnet.tier = tier;
    }
  }
}

/** Judges every network of an import (or the one `options.network` names). */
export function audit(imported: ImportResult, options: AuditOptions = {}): AuditReport {
  const slices = sliceByNetwork(imported.topology).filter((t) => {
    const net = t.networks[0];
    return options.network === undefined || net?.id === options.network || net?.name === options.network;
  });
  if (slices.length === 0) {
    const names = imported.topology.networks.map((n) => n.name ?? n.id).join(", ");
    throw inputError("--vnet", options.network, `names no network of the export, which has ${names}`);
  }
  const report: AuditReport = { networks: [], findings: [], changes: [], gaps: imported.gaps.map(gapText), notes: [...imported.notes] };
  const judged = slices.filter((slice) => {
    const net = slice.networks[0]!;
    const spoke = options.network === undefined ? spokeRoutedThrough(imported.topology, net.id) : undefined;
    if (spoke) {
      report.notes.push(
        `${net.name ?? net.id}: the path, not a data plane: ${spoke.name ?? spoke.id} peers with it and routes to its appliance; judged as part of ${spoke.name ?? spoke.id}`,
      );
    }
    return spoke === undefined;
  });
  judged.forEach((slice, i) => {
    const net = slice.networks[0]!;
    const inferred = inferTiers(slice, net.id);
    nameTiers(slice, inferred);
    const plan = options.firewallIp && AUDIT[net.cloud].firewall ? { ...inferred, firewallPrivateIp: options.firewallIp } : inferred;
    // The gaps concern the whole import: reported once, with the first network.
    // The path (a hub the VNet peers with) is followed, not judged.
    const path = pathIds(slice);
    const findings = [
      ...runChecks(slice, auditContext(slice, plan, options.intents), i === 0 ? imported.gaps : [], i === 0 ? imported.invalid : []).filter(
        (f) => !path.has(f.resource),
      ),
      ...capacityAuditFindings(slice, plan),
    ];
    report.networks.push(plan);
    report.findings.push(...findings);
    report.changes.push(...changesFor(findings, slice, plan));
  });
  return report;
}

/** Azure hub and spoke: a VNet peered with `networkId` whose user routes send traffic to an appliance in it. */
function spokeRoutedThrough(t: Topology, networkId: string): Topology["networks"][number] | undefined {
  const hub = t.networks.find((n) => n.id === networkId);
  if (!hub || !PEERED_PATHS[hub.cloud]) return undefined;
  const blocks = parsePrefixes(hub.cidrs);
  const peers = new Set(t.gateways.filter((g) => g.kind === "peering" && g.networkIds.includes(networkId)).flatMap((g) => g.networkIds));
  const routed = t.routeTables.find(
    (table) =>
      table.networkId !== networkId &&
      peers.has(table.networkId) &&
      table.routes.some((r) => {
        const ip = r.target.kind === "appliance" ? parseAddress(r.target.ip) : undefined;
        return ip !== undefined && blocks.some((b) => containsAddress(b, ip));
      }),
  );
  return routed && t.networks.find((n) => n.id === routed.networkId);
}

/**
 * The findings on any loaded network: an AWS/Azure export names no tiers, so the audit infers them
 * (an existing VNet is customer-managed) and judges each network; a spec or Terraform says its own.
 */
export function judge(loaded: LoadedSource): Finding[] {
  if (loaded.kind === "aws" || loaded.kind === "azure") return audit(loaded).findings;
  // A spec is judged as plan and synth judge it: with the planner's findings and the admin ports it opens on purpose.
  return loaded.plan ? judgePlan(loaded.plan, loaded, loaded.context) : runChecks(loaded.topology, loaded.context, loaded.gaps, loaded.invalid);
}
