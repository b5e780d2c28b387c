// EKS (DPN-AWS-025): kube-apiserver runs in AWS's account and reaches the cluster through ENIs in
// the customer's subnets that carry the cluster's security groups. It calls kubelets (logs, exec,
// port-forward) and admission webhooks and aggregated APIs on pods; pod ENIs with custom
// networking carry only the worker group (ENIConfig), so that group must admit the control plane's,
// and the control plane's group must let the calls out. Judged on the rules: the control plane's
// ENIs are not in any topology one can read.
import type { Finding } from "../../findings.js";
import type { PortRange, Protocol, SecurityGroup, SecurityGroupRule } from "../../topology/model.js";
import { finding, hop, notEnoughData } from "./finding.js";
import type { CheckInput } from "./input.js";
import { defineCheck } from "./define.js";

/** What the control plane calls: kubelets, webhooks on 443, and a webhook on an unprivileged port (9443: controller-runtime's default). */
const CALLS = [
  { port: 10250, what: "kubelets (logs, exec, port-forward)" },
  { port: 443, what: "admission webhooks on pods" },
  { port: 9443, what: "webhooks and aggregated APIs on pods' unprivileged ports" },
] as const;

const coversTcp = (protocol: Protocol, ports: PortRange | undefined, port: number): boolean =>
  (protocol === "tcp" || protocol === "all" || protocol === 6) && (ports === undefined || (ports.from <= port && port <= ports.to));

/** A rule of `group` in `direction` letting TCP `port` through to or from the group `peer` (or any address). */
function lets(group: SecurityGroup, direction: SecurityGroupRule["direction"], port: number, peer: string): boolean {
  return group.rules.some(
    (r) =>
      r.direction === direction &&
      coversTcp(r.protocol, r.ports, port) &&
      ((r.peer.kind === "security-group" && r.peer.id === peer) || r.peer.kind === "any" || (r.peer.kind === "cidr" && r.peer.cidr === "0.0.0.0/0")),
  );
}

export const eksControlPlaneReachesWorkers = defineCheck({
  id: "DPN-AWS-025",
  title: "The EKS control plane reaches kubelets and webhooks on nodes and pods",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale:
    "EKS's kube-apiserver reaches kubelets (10250) and admission webhooks on pods through ENIs carrying the cluster's security groups; pod ENIs with custom networking carry only the worker group, which must admit it.",
  fix: "Admit TCP 10250, 443 and 1024-65535 from the control plane's security group on the worker group, and let them out of the control plane's group.",
  scope: "data-plane",
  run: eksControlPlane,
});

function eksControlPlane(input: CheckInput): Finding[] {
  const eks = input.context.eks;
  if (!eks) return [];
  const groups = input.engine.ix.securityGroups;
  const controlPlane = groups.get(eks.controlPlaneGroupId);
  const workers = groups.get(eks.workerGroupId);
  if (!controlPlane || !workers) {
    const missing = controlPlane ? eks.workerGroupId : eks.controlPlaneGroupId;
    return [notEnoughData("DPN-AWS-025", missing, `whether the EKS control plane reaches kubelets and pods: security group ${missing} is not in the input`)];
  }
  return CALLS.flatMap(({ port, what }) => {
    const admitted = lets(workers, "ingress", port, controlPlane.id);
    const sent = lets(controlPlane, "egress", port, workers.id);
    if (admitted && sent) return [];
    const trace = [
      hop(workers.id, "security-group", `ingress TCP ${port} from ${controlPlane.id}: ${admitted ? "allowed" : "no rule"}`),
      hop(controlPlane.id, "security-group", `egress TCP ${port} to ${workers.id}: ${sent ? "allowed" : "no rule"}`),
    ];
    const fix = [
      ...(admitted ? [] : [`admit TCP ${port} from ${controlPlane.id} on ${workers.id}`]),
      ...(sent ? [] : [`allow TCP ${port} out to ${workers.id} on ${controlPlane.id}`]),
    ].join(" and ");
    return [
      finding(
        "DPN-AWS-025",
        admitted ? controlPlane.id : workers.id,
        `the EKS control plane cannot reach ${what} on TCP ${port} (pod ENIs carry only ${workers.id}): ${fix}`,
        trace,
      ),
    ];
  });
}
