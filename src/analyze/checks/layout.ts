// What both clouds refuse to create: a subnet outside its network's blocks, or overlapping another.
// Reported for networks of anyone's Terraform, where nothing checked it before.
import type { Finding } from "../../findings.js";
import { FAMILY_BITS, type Prefix, coversPrefix } from "../../topology/address.js";
import type { Network, Subnet } from "../../topology/model.js";
import { finding, hop } from "./finding.js";
import type { CheckInput } from "./input.js";

const ID = { aws: "DPN-AWS-021", azure: "DPN-AZ-013" } as const;

interface Range {
  start: bigint;
  end: bigint;
  subnet: Subnet;
  block: Prefix;
}

function ranges(input: CheckInput, subnets: readonly Subnet[]): Range[] {
  return subnets.flatMap((subnet) =>
    input.engine.ix.blocksOf(subnet.id).map((block) => {
      const size = 1n << BigInt(FAMILY_BITS[block.family] - block.len);
      // IPv6 values sort after every IPv4 one, so one sweep handles both families.
      const start = block.family === 6 ? block.value + (1n << 128n) : block.value;
      return { start, end: start + size, subnet, block };
    }),
  );
}

function outside(input: CheckInput, net: Network, r: Range): Finding[] {
  const blocks = input.engine.ix.blocksOf(net.id);
  if (blocks.some((b) => coversPrefix(b, r.block))) return [];
  const trace = [hop(r.subnet.id, "subnet", `block ${r.block.text}`), hop(net.id, "network", `blocks ${net.cidrs.join(", ") || "none"}`)];
  return [finding(ID[net.cloud], r.subnet.id, `${r.block.text} lies outside the network's blocks (${net.cidrs.join(", ") || "none"}): move the subnet inside one, or add the block to the network`, trace)];
}

/** DPN-AWS-021 / DPN-AZ-013, per network. */
export function subnetsFit(input: CheckInput): Finding[] {
  const { ix } = input.engine;
  return input.topology.networks.flatMap((net) => {
    const sorted = ranges(input, ix.subnetsOf(net.id)).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const findings = sorted.flatMap((r) => outside(input, net, r));
    let widest: Range | undefined;
    for (const r of sorted) {
      if (widest && r.start < widest.end) {
        const trace = [hop(widest.subnet.id, "subnet", `block ${widest.block.text}`), hop(r.subnet.id, "subnet", `block ${r.block.text}`)];
        findings.push(finding(ID[net.cloud], r.subnet.id, `${r.block.text} overlaps ${widest.subnet.id} (${widest.block.text}): give each subnet its own addresses`, trace));
      }
      if (!widest || r.end > widest.end) widest = r;
    }
    return findings;
  });
}
