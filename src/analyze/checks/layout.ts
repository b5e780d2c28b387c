// What both clouds refuse to create: a subnet outside its network's blocks, or overlapping another.
// Reported for networks of anyone's Terraform, where nothing checked it before.
import type { Finding } from "../../findings.js";
import { coversPrefix } from "../../topology/address.js";
import type { SubnetRange } from "../../topology/lookup.js";
import type { Network } from "../../topology/model.js";
import { finding, hop } from "./finding.js";
import type { CheckInput } from "./input.js";

const ID = { aws: "DPN-AWS-021", azure: "DPN-AZ-013" } as const;

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

/** DPN-AWS-021 / DPN-AZ-013, per network. */
export function subnetsFit(input: CheckInput): Finding[] {
  const { ix } = input.engine;
  return input.topology.networks.flatMap((net) => {
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
