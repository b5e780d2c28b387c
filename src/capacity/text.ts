// `dpnet capacity` as text: the node, each zone's room, what binds first, and the headroom at a scale.
import { table } from "../cli/table.js";
import type { CapacityReport, SubnetCapacity } from "./index.js";

const n = (value: number) => value.toLocaleString("en-US");

function nodeLines(report: CapacityReport): string[] {
  const node = report.node;
  switch (node.cloud) {
    case "aws":
      return awsNodeLines(report.name, node);
    case "azure":
      return azureNodeLines(report.name, node);
  }
}

function awsNodeLines(name: string, node: Extract<CapacityReport["node"], { cloud: "aws" }>): string[] {
  const mode = node.prefixDelegation ? "prefix delegation (/28 per slot)" : "secondary IPs";
  const recommended =
    node.recommendedMaxPods !== undefined
      ? `AWS recommends ${node.recommendedMaxPods} with ${node.vcpus} vCPUs`
      : "vCPUs unknown: no AWS recommendation, Kubernetes' default 110";
  const held = node.prefixDelegation
    ? `${node.prefixes} prefixes (the warm one included) + ${node.attachedPodEnis} ENI primary address(es)`
    : `${node.attachedPodEnis} ENIs x ${node.ipv4PerEni} addresses, the warm ENI included`;
  return [
    `Capacity of ${name} (aws): ${node.instanceType} nodes, ${mode}, custom networking`,
    `  per node: ${node.enis} ENIs x ${node.ipv4PerEni} IPv4, ${node.podEnis} carry pods; the ENIs allow ${n(node.eniMaxPods)} pods, ${recommended}`,
    `  max pods ${node.maxPods} (${node.maxPodsFrom}); what stops a node first: ${node.limit}`,
    `  a full node holds ${n(node.podSubnetAddresses)} addresses in its pod subnet (${held}) and ${node.nodeSubnetAddresses} in its node subnet`,
  ];
}

function azureNodeLines(name: string, node: Extract<CapacityReport["node"], { cloud: "azure" }>): string[] {
  const pods =
    node.podNetwork === "overlay"
      ? "overlay: pods take no VNet addresses"
      : `a full node holds ${node.podSubnetAddresses} pod subnet addresses (batches of 16)`;
  return [
    `Capacity of ${name} (azure): AKS nodes, ${node.podNetwork === "overlay" ? "Azure CNI Overlay" : "Azure CNI with a pod subnet (dynamic IP allocation)"}`,
    `  max pods ${node.maxPods} (${node.maxPodsFrom}); ${pods}; 1 node subnet address per node, ${node.surge} upgrade surge node(s) kept free`,
  ];
}

function subnetCell(s: SubnetCapacity | undefined): string {
  if (!s) return "-";
  const others = s.others.map((o) => `${o.addresses} ${o.what}${o.addresses === 1 || o.what === "held now" ? "" : "s"}`).join(", ");
  return `${s.cidr}: ${n(s.nodes)} nodes${others ? ` (after ${others})` : ""}`;
}

export function formatCapacity(report: CapacityReport): string {
  const lines = nodeLines(report);
  lines.push("");
  const rows = [["zone", "nodes", "pods", "binds first", "node subnet", "pod subnet"]];
  for (const z of report.zones) {
    const byTier = (tier: "node" | "pod") => z.subnets.find((s) => s.tier === tier);
    rows.push([z.zone, n(z.nodes), n(z.pods), z.binding, subnetCell(byTier("node")), subnetCell(byTier("pod"))]);
  }
  rows.push(["total", n(report.total.nodes), n(report.total.pods), report.total.binding, "", ""]);
  lines.push(...table(rows, [1, 2]));
  lines.push(`pods per node: ${report.total.podsPerNode}, bound by ${report.total.podsPerNodeLimit}`);
  if (report.scale) {
    const s = report.scale;
    lines.push("");
    lines.push(
      s.fits
        ? `At ${n(s.nodes)} nodes: fits; room for ${n(s.headroom)} more spread evenly over the zones.`
        : `At ${n(s.nodes)} nodes: does not fit; ${n(-s.headroom)} nodes too many spread evenly over the zones.`,
    );
    const scaleRows = [["zone", "nodes", "headroom", "subnet", "used", "free"]];
    for (const z of report.zones) {
      for (const sub of z.subnets)
        scaleRows.push([z.zone, n(z.atScale!.nodes), n(z.atScale!.headroom), `${sub.tier} ${sub.cidr}`, n(sub.atScale!.used), n(sub.atScale!.free)]);
    }
    lines.push(...table(scaleRows, [1, 2, 4, 5]));
  }
  lines.push("");
  lines.push(...report.notes.map((note) => `note: ${note}`));
  return lines.join("\n");
}
