// Capacity of a network dpnet did not plan (a Terraform module, a plan or state, an AWS or Azure
// export): its node and pod subnets as the audit infers them (node: the primary block, pod: a
// secondary block on AWS; by delegation and name on Azure), with the addresses interfaces, NAT
// gateways and load balancer nodes hold there now counted as taken.
import { sliceByNetwork } from "../analyze/audit/slice.js";
import { type Candidate, inferTiers } from "../analyze/audit/tiers.js";
import { inputError } from "../spec/errors.js";
import type { Cloud, Topology } from "../topology/model.js";
import type { CapacityInput, SubnetInput } from "./index.js";

/**
 * Whether pods use pod subnets only when every zone has one. AWS: custom networking needs an
 * ENIConfig (a pod subnet) per zone, else pods take node subnet addresses; Azure: one regional pod subnet.
 */
const POD_SUBNET_IN_EVERY_ZONE: Record<Cloud, boolean> = { aws: true, azure: false };

function subnetInput(c: Candidate): SubnetInput {
  return { cidr: c.cidr, usable: c.usable, others: c.used > 0 ? [{ what: "held now", addresses: c.used }] : [] };
}

/** The first network with node subnets (or the one `network` names, by id or name). */
export function networkCapacityInput(topology: Topology, network?: string): CapacityInput {
  for (const slice of sliceByNetwork(topology)) {
    const net = slice.networks[0]!;
    if (network !== undefined && net.id !== network && net.name !== network) continue;
    const plan = inferTiers(slice, net.id);
    const chosen = (tier: "node" | "pod") => (plan.candidates[tier] ?? []).filter((c) => (plan.tiers[tier] ?? []).includes(c.subnetId));
    const nodes = chosen("node");
    if (nodes.length === 0) continue;
    const pods = chosen("pod");
    const zones = nodes.map((n) => {
      const zone = n.zone ?? net.region ?? net.id;
      const pod = pods.find((p) => (p.zone ?? net.region ?? net.id) === zone);
      return { zone, node: subnetInput(n), ...(pod ? { pod: subnetInput(pod) } : {}) };
    });
    const complete = !POD_SUBNET_IN_EVERY_ZONE[net.cloud] || zones.every((z) => z.pod !== undefined);
    return {
      cloud: net.cloud,
      name: net.name ?? net.id,
      zones: complete ? zones : zones.map(({ zone, node }) => ({ zone, node })),
      notes: [
        `subnets as the audit infers them in ${net.id}; addresses held now (interfaces, NAT gateways, load balancer nodes) are taken: the nodes counted are more nodes, beyond those running now`,
      ],
    };
  }
  throw inputError("source", network, "holds no network with node subnets dpnet can find (AWS: subnets of the primary block; Azure: a nodes subnet)");
}
