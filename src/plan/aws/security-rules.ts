// Every security-group rule of an AWS data plane as data, each with the reason it exists. Nodes:
// what Kubernetes needs between workers and controllers (ports from Typhoon, minus its overlay
// network: pods here use the VPC CNI). Load balancers: each NLB admits only its listeners' CIDRs
// and may only reach its targets; targets admit only their NLB. security.ts writes them out.
import { parsePortRange, WORLD, worldOpenAdminPorts, type AwsFirewallSpec, type PortRange } from "../../spec/aws.js";
import type { AwsRootSpec } from "../../spec/index.js";
import type { OwnFinding } from "../../findings.js";
import type { CheckId } from "../../analyze/checks/catalog.js";
import { APISERVER_PORT, targetGroupsOf, type LbProtocol, type LoadBalancingPlan, type NlbPlan, type TargetGroupPlan } from "./load-balancing.js";

export type GroupKey = "worker" | "controller" | "apiserver-nlb" | "ingress-nlb" | "eks-control-plane";
export type IpProtocol = "tcp" | "udp" | "icmp" | "icmpv6" | "-1";

/** CIDR sources/destinations (split into -ipv4/-ipv6 resources), another security group, or the NAT gateways' public addresses. */
export type Peer =
  | { cidrs: string[] /** One resource per CIDR (for_each): lists from the spec change without churn. */; each: boolean }
  | { group: GroupKey }
  | { natGateways: true };

export interface SgRule {
  /** Terraform name, before the -ipv4/-ipv6 suffix CIDR rules get. */
  name: string;
  group: GroupKey;
  direction: "ingress" | "egress";
  protocol: IpProtocol;
  ports?: PortRange;
  peer: Peer;
  /** The rule's description in AWS (letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* only). */
  description: string;
  /** Why the rule exists, written above it when not obvious from the description. */
  comment?: string;
  /** Checks the spec lets this rule fail on purpose, and why (a warning, not an error). */
  waive?: { checks: CheckId[]; reason: string };
}

const port = (from: number, to = from): PortRange => ({ from, to });
const everywhere = (ipv6: boolean): Peer => ({ cidrs: ipv6 ? [WORLD.ipv4, WORLD.ipv6] : [WORLD.ipv4], each: false });

function workerRules(controllers: boolean, ipv6: boolean): SgRule[] {
  const rules: SgRule[] = [
    {
      name: "worker-egress",
      group: "worker",
      direction: "egress",
      protocol: "-1",
      peer: everywhere(ipv6),
      description: "Nodes and pods reach the internet through NAT and the VPC directly",
    },
    {
      name: "worker-self",
      group: "worker",
      direction: "ingress",
      protocol: "-1",
      peer: { group: "worker" },
      description: "Node-to-node and pod-to-pod traffic (Kubernetes networking)",
      comment: "Pod ENIs carry the worker group (ENIConfig), so this is also pod-to-pod on any port: the VPC CNI's stand-in for Typhoon's VXLAN rules.",
    },
  ];
  if (!controllers) return rules;
  const fromControllers = (name: string, ports: PortRange, description: string, comment?: string): SgRule => ({
    name,
    group: "worker",
    direction: "ingress",
    protocol: "tcp",
    ports,
    peer: { group: "controller" },
    description,
    ...(comment ? { comment } : {}),
  });
  return [
    ...rules,
    fromControllers("worker-kubelet", port(10250), "kube-apiserver to kubelets: logs, exec, port-forward"),
    fromControllers(
      "worker-webhooks",
      port(443),
      "kube-apiserver to admission webhooks on pods",
      "Without an overlay network kube-apiserver reaches pod addresses directly from the controllers.",
    ),
    fromControllers(
      "worker-webhooks-high",
      port(1024, 65535),
      "kube-apiserver to webhooks and aggregated APIs on pods",
      "Webhook and aggregated API ports vary (9443, 8443, 4443, ...): all unprivileged ports, from the controllers only.",
    ),
  ];
}

/**
 * EKS: the control plane's cross-account ENIs carry `eks-control-plane` (the cluster's
 * vpc_config.security_group_ids). kube-apiserver calls kubelets and webhooks on pods, whose ENIs
 * carry only the worker group (ENIConfig), so the EKS cluster security group alone never admits it.
 */
function eksRules(): SgRule[] {
  const between = (name: string, ports: PortRange, description: string, comment?: string): SgRule[] => [
    {
      name: `worker-${name}`,
      group: "worker",
      direction: "ingress",
      protocol: "tcp",
      ports,
      peer: { group: "eks-control-plane" },
      description,
      ...(comment ? { comment } : {}),
    },
    { name: `eks-control-plane-to-${name}`, group: "eks-control-plane", direction: "egress", protocol: "tcp", ports, peer: { group: "worker" }, description },
  ];
  return [
    ...between("eks-kubelet", port(10250), "EKS control plane to kubelets: logs, exec, port-forward"),
    ...between(
      "eks-webhooks",
      port(443),
      "EKS control plane to admission webhooks on pods",
      "Pod ENIs carry only the worker group: the EKS cluster security group does not reach them.",
    ),
    ...between(
      "eks-webhooks-high",
      port(1024, 65535),
      "EKS control plane to webhooks and aggregated APIs on pods",
      "Webhook and aggregated API ports vary (9443, 8443, 4443, ...): all unprivileged ports, from the control plane only.",
    ),
    {
      name: "eks-control-plane-api",
      group: "eks-control-plane",
      direction: "ingress",
      protocol: "tcp",
      ports: port(443),
      peer: { group: "worker" },
      description: "Nodes and pods to the EKS API server private endpoint",
      comment: "The private endpoint's ENIs are the control plane's: kubelets and pods reach kube-apiserver here.",
    },
  ];
}

function controllerRules(ipv6: boolean): SgRule[] {
  const fromWorkers = (name: string, ports: PortRange, description: string): SgRule => ({
    name,
    group: "controller",
    direction: "ingress",
    protocol: "tcp",
    ports,
    peer: { group: "worker" },
    description,
  });
  const fromSelf = (name: string, ports: PortRange, description: string): SgRule => ({
    name,
    group: "controller",
    direction: "ingress",
    protocol: "tcp",
    ports,
    peer: { group: "controller" },
    description,
  });
  return [
    {
      name: "controller-egress",
      group: "controller",
      direction: "egress",
      protocol: "-1",
      peer: everywhere(ipv6),
      description: "Controllers reach the internet through NAT and the VPC directly",
    },
    {
      ...fromWorkers("controller-apiserver", port(APISERVER_PORT), "Pods to kube-apiserver through the kubernetes Service endpoints"),
      comment: "The kubernetes Service's endpoints are the controllers' own addresses, not the NLB.",
    },
    fromSelf("controller-etcd-self", port(2379, 2380), "etcd clients and peers among controllers"),
    fromWorkers("controller-etcd-metrics", port(2381), "Prometheus scrapes etcd metrics"),
    fromWorkers("controller-kubelet", port(10250), "metrics-server and Prometheus read kubelets on controllers"),
    fromSelf("controller-kubelet-self", port(10250), "kube-apiserver to kubelets on the other controllers"),
    fromWorkers("controller-scheduler-metrics", port(10259), "Prometheus scrapes kube-scheduler"),
    fromWorkers("controller-manager-metrics", port(10257), "Prometheus scrapes kube-controller-manager"),
    fromWorkers("controller-kube-proxy-metrics", port(10249), "Prometheus scrapes kube-proxy"),
    fromWorkers("controller-node-exporter", port(9100), "Prometheus scrapes node-exporter"),
  ];
}

/** The IP protocols of a listener or target group: TCP_UDP needs a rule for each. */
function ipProtocols(protocol: LbProtocol): ("tcp" | "udp")[] {
  return protocol === "TCP_UDP" ? ["tcp", "udp"] : [protocol === "UDP" ? "udp" : "tcp"];
}

/** One rule per IP protocol, the name suffixed -tcp/-udp when there are two. */
function perProtocol(protocol: LbProtocol, rule: Omit<SgRule, "protocol">): SgRule[] {
  const protocols = ipProtocols(protocol);
  return protocols.map((p) => ({ ...rule, protocol: p, name: protocols.length > 1 ? `${rule.name}-${p}` : rule.name }));
}

const roleGroup = (tg: TargetGroupPlan): GroupKey => (tg.targets === "controllers" ? "controller" : "worker");

/** The NLB reaches its targets on the traffic and health-check ports; targets admit only the NLB there. */
function targetRules(nlb: NlbPlan, nlbGroup: GroupKey, tg: TargetGroupPlan): SgRule[] {
  const target = roleGroup(tg);
  const proto = tg.protocol;
  const traffic = `${proto.replace("_", "/")} ${tg.port}`;
  const rules = [
    ...perProtocol(proto, {
      name: `${nlbGroup}-to-${tg.key}`,
      group: nlbGroup,
      direction: "egress",
      ports: port(tg.port),
      peer: { group: target },
      description: `To ${tg.targets} on ${traffic} (target group ${tg.key})`,
    }),
    ...perProtocol(proto, {
      name: `${target}-${tg.purpose}`,
      group: target,
      direction: "ingress",
      ports: port(tg.port),
      peer: { group: nlbGroup },
      description: `From the ${nlb.key} NLB on ${traffic} (target group ${tg.key})`,
    }),
  ];
  const health = tg.healthCheck;
  if (!health.purpose) return rules;
  // NLB health checks obey the NLB's outbound rules (not its inbound ones) and the targets' inbound rules.
  const why = `${health.protocol} health check on ${health.port}${health.path ?? ""}`;
  return [
    ...rules,
    {
      name: `${nlbGroup}-to-${tg.targets}-${health.purpose}`,
      group: nlbGroup,
      direction: "egress",
      protocol: "tcp",
      ports: port(health.port),
      peer: { group: target },
      description: `To ${tg.targets}: ${why}`,
    },
    {
      name: `${target}-${health.purpose}`,
      group: target,
      direction: "ingress",
      protocol: "tcp",
      ports: port(health.port),
      peer: { group: nlbGroup },
      description: `From the ${nlb.key} NLB: ${why}`,
    },
  ];
}

function nlbRules(nlb: NlbPlan): SgRule[] {
  const group: GroupKey = `${nlb.key}-nlb`;
  const admissions = nlb.listeners.flatMap((l) =>
    l.admits.flatMap((a) =>
      perProtocol(l.protocol, {
        name: `${group}-${a.purpose}`,
        group,
        direction: "ingress",
        ports: port(l.port),
        peer: { cidrs: a.cidrs, each: true },
        description: a.description,
      }),
    ),
  );
  return [
    ...admissions,
    ...(nlb.key === "apiserver" ? nodesThroughApiserverNlb(nlb.internal) : []),
    ...targetGroupsOf(nlb).flatMap((tg) => targetRules(nlb, group, tg)),
  ];
}

/** Kubelets and controller components use the apiserver NLB too, whatever apiserver.allowedCidrs says. */
function nodesThroughApiserverNlb(internal: boolean): SgRule[] {
  // An internet-facing NLB's public addresses are reached through NAT: the nodes arrive as the NAT gateways.
  const throughNat: SgRule[] = internal
    ? []
    : [
        {
          name: "apiserver-nlb-nat",
          group: "apiserver-nlb",
          direction: "ingress",
          protocol: "tcp",
          ports: port(APISERVER_PORT),
          peer: { natGateways: true },
          description: "Nodes to kube-apiserver through the NAT gateways",
          comment: "The NLB is internet-facing: nodes reach its public addresses through NAT, so they arrive as the NAT gateways' addresses.",
        },
      ];
  return [
    ...throughNat,
    ...(["worker", "controller"] as const).map(
      (from): SgRule => ({
        name: `apiserver-nlb-${from}-clients`,
        group: "apiserver-nlb",
        direction: "ingress",
        protocol: "tcp",
        ports: port(APISERVER_PORT),
        peer: { group: from },
        description: `${from === "worker" ? "Worker" : "Controller"} kubelets and components to kube-apiserver`,
        comment: "Nodes reach kube-apiserver through this NLB whatever aws.apiserver.allowedCidrs lists.",
      }),
    ),
  ];
}

/** SSH and RDP open to the whole internet (DPN-AWS-016, DPN-AWS-017): what allowPublicAdminPorts lets a firewall rule do. */
const ADMIN_PORT_CHECKS: CheckId[] = ["DPN-AWS-016", "DPN-AWS-017"];

function firewallRules(firewall: AwsFirewallSpec[], findings: OwnFinding[]): SgRule[] {
  // The spec refuses these unless every rule involved sets allowPublicAdminPorts: then a warning.
  for (const open of worldOpenAdminPorts(firewall)) {
    for (const i of open.rules) {
      findings.push({
        id: "DPN-AWS-102",
        severity: "warning",
        resource: `aws.firewall[${i}]`,
        message: `opens port ${open.port} (${open.what}) on every worker to the whole internet, as allowPublicAdminPorts asks: prefer a bastion, SSM Session Manager or your VPN's range`,
        trace: [],
      });
    }
  }
  return firewall.flatMap((rule, i) => {
    const common = {
      name: `worker-firewall-${rule.name}`,
      group: "worker" as const,
      direction: "ingress" as const,
      peer: { cidrs: rule.cidrs, each: true },
      description: `Firewall rule ${rule.name} (aws.firewall[${i}])`,
      ...(rule.allowPublicAdminPorts ? { waive: { checks: ADMIN_PORT_CHECKS, reason: `aws.firewall[${i}].allowPublicAdminPorts asks for it` } } : {}),
    };
    if (rule.protocol === "icmp" || rule.protocol === "icmpv6") {
      // AWS: for ICMP, from_port is the ICMP type and to_port the code, -1 for all.
      const icmp = rule.icmp ?? { type: -1, code: -1 };
      return [{ ...common, protocol: rule.protocol, ports: { from: icmp.type, to: icmp.code } }];
    }
    return perProtocol(rule.protocol.toUpperCase() as LbProtocol, { ...common, ports: parsePortRange(rule.ports!)! });
  });
}

const sameTraffic = (a: SgRule, b: SgRule) =>
  a.group === b.group && a.direction === b.direction && a.protocol === b.protocol && a.ports?.from === b.ports?.from && a.ports?.to === b.ports?.to;

/**
 * Drops what an earlier rule already allows: AWS rejects a second rule for the same traffic
 * (e.g. the sync link's CIDRs on an ingress port already open to them, or two services on one NodePort).
 */
function withoutDuplicates(rules: SgRule[]): SgRule[] {
  const kept: SgRule[] = [];
  for (const rule of rules) {
    const earlier = kept.filter((k) => sameTraffic(k, rule));
    const peer = rule.peer;
    if (!("cidrs" in peer)) {
      if (!earlier.some((k) => JSON.stringify(k.peer) === JSON.stringify(peer))) kept.push(rule);
      continue;
    }
    const covered = new Set(earlier.flatMap((k) => ("cidrs" in k.peer ? k.peer.cidrs : [])));
    const cidrs = peer.cidrs.filter((c) => !covered.has(c));
    if (cidrs.length) kept.push({ ...rule, peer: { ...peer, cidrs } });
  }
  return kept;
}

/** Every rule of the data plane's security groups, in the order they are written. */
export function planSecurityRules(spec: AwsRootSpec, lb: LoadBalancingPlan, findings: OwnFinding[]): SgRule[] {
  const controllers = lb.apiserver !== undefined;
  return withoutDuplicates([
    ...workerRules(controllers, spec.aws.ipv6),
    ...(spec.aws.kubernetes === "eks" ? eksRules() : []),
    ...firewallRules(spec.aws.firewall, findings),
    ...(controllers ? controllerRules(spec.aws.ipv6) : []),
    ...(lb.apiserver ? nlbRules(lb.apiserver) : []),
    ...(lb.ingress ? nlbRules(lb.ingress) : []),
  ]);
}

/** The security groups the rules use: workers always, controllers with an apiserver NLB, one per NLB, EKS's control plane. */
export function securityGroupsOf(lb: LoadBalancingPlan, eks: boolean): GroupKey[] {
  return [
    "worker",
    ...(lb.apiserver ? (["controller", "apiserver-nlb"] as const) : []),
    ...(lb.ingress ? (["ingress-nlb"] as const) : []),
    ...(eks ? (["eks-control-plane"] as const) : []),
  ];
}
