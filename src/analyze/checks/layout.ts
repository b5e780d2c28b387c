// What both clouds refuse to create: a subnet outside its network's blocks, or overlapping another.
// Reported for networks of anyone's Terraform, where nothing checked it before.
import type { Finding } from "../../findings.js";
import { coversPrefix } from "../../ipam/prefix.js";
import type { SubnetRange } from "../../topology/lookup.js";
import type { Cloud, Network } from "../../topology/model.js";
import { defineCheck } from "./define.js";
import { finding, hop } from "./finding.js";
import type { CheckInput } from "./input.js";

const ID = { aws: "DPN-AWS-021", azure: "DPN-AZ-013" } as const satisfies Record<Cloud, string>;

function outside(input: CheckInput, net: Network, r: SubnetRange): Finding[] {
  const blocks = input.engine.ix.blocksOf(net.id);
  if (blocks.some((b) => coversPrefix(b, r.block))) return [];
  const trace = [hop(r.subnet.id, "subnet", `block ${r.block.text}`), hop(net.id, "network", `blocks ${net.cidrs.join(", ") || "none"}`)];
  return [
    finding(
      ID[net.cloud],
      r.subnet.id,
      `${r.block.text} lies outside the network's blocks (${net.cidrs.join(", ") || "none"}): move the subnet inside one, or add the block to the network`,
      trace,
    ),
  ];
}

export const awsSubnetsFit = defineCheck({
  id: "DPN-AWS-021",
  title: "Subnets inside the VPC's blocks, not overlapping",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: "AWS accepts a subnet only inside one of its VPC's blocks and clear of the others.",
  fix: "Move the subnet inside a block of the VPC, clear of the other subnets.",
  scope: "every-network",
  run: (input) => subnetsFit(input, "aws"),
});

export const azureSubnetsFit = defineCheck({
  id: "DPN-AZ-013",
  title: "Subnets inside the VNet's address space, not overlapping",
  severity: "error",
  clouds: ["azure"],
  level: "topology",
  rationale: "Azure accepts a subnet only inside its VNet's address space and clear of the other subnets.",
  fix: "Move the subnet inside the address space, clear of the other subnets.",
  scope: "every-network",
  run: (input) => subnetsFit(input, "azure"),
});

/** DPN-AWS-021 / DPN-AZ-013, per network of the cloud. */
function subnetsFit(input: CheckInput, cloud: Cloud): Finding[] {
  const { ix } = input.engine;
  return input.topology.networks.flatMap((net) => {
    if (net.cloud !== cloud) return [];
    // The index keeps each family's subnet blocks by start address: one sweep per family finds the overlaps.
    const families = [ix.subnetRangesOf(net.id, 4), ix.subnetRangesOf(net.id, 6)];
    const findings = families.flat().flatMap((r) => outside(input, net, r));
    for (const sorted of families) {
      let widest: SubnetRange | undefined;
      for (const r of sorted) {
        if (widest && r.start < widest.end) {
          const trace = [hop(widest.subnet.id, "subnet", `block ${widest.block.text}`), hop(r.subnet.id, "subnet", `block ${r.block.text}`)];
          findings.push(
            finding(
              ID[net.cloud],
              r.subnet.id,
              `${r.block.text} overlaps ${widest.subnet.id} (${widest.block.text}): give each subnet its own addresses`,
              trace,
            ),
          );
        }
        if (!widest || r.end > widest.end) widest = r;
      }
    }
    return findings;
  });
}
