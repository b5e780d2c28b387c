// What `dpnet plan` shows of load balancing, security groups, routes, IPv6 and the control-plane
// links: plain JSON-ready data, built from the same plan the Terraform comes from.
import type { AwsRootSpec } from "../../spec/index.js";
import type { AwsAddressPlan } from "./addresses.js";
import { MAX_RECEIVES, queueNames } from "./async-link.js";
import { ipv6Netnums } from "./network.js";
import { accountRoot } from "./names.js";
import type { PlannedRoute } from "./routes.js";
import type { SgRule } from "./security-rules.js";
import type { ListenerPlan, LoadBalancingPlan, NlbPlan } from "./load-balancing.js";

export interface ListenerSummary {
  listener: string;
  protocol: string;
  port: number;
  targetGroup: string;
  targets: string;
  targetPort: number;
  healthCheck: string;
  admits: string[];
}

export interface LoadBalancerSummary {
  nlb: string;
  name: string;
  scheme: "internal" | "internet-facing";
  subnets: "public" | "node";
  ipAddressType: "ipv4" | "dualstack";
  privateLink: boolean;
  listeners: ListenerSummary[];
}

export interface SecurityRuleSummary {
  group: string;
  rule: string;
  direction: "in" | "out";
  protocol: string;
  ports: string;
  peer: string[];
  description: string;
}

export interface ConnectivitySummary {
  mode: "internet" | "privatelink";
  sync: { nlb: string; port: number; admits: string[] };
  async?: { queue: string; deadLetterQueue: string; maxReceives: number; sender: string; controlPlaneRole: string; agentRole: string };
}

export interface AwsExtraSummary {
  ipv6?: { vpc: string; netnums: Record<"public" | "node", Record<string, number>> };
  loadBalancers: LoadBalancerSummary[];
  securityGroupRules: SecurityRuleSummary[];
  routes: { destination: string; target: string; id: string }[];
  connectivity?: ConnectivitySummary;
}

function loadBalancerSummary(nlb: NlbPlan): LoadBalancerSummary {
  return {
    nlb: nlb.key,
    name: nlb.cloudName,
    scheme: nlb.internal ? "internal" : "internet-facing",
    subnets: nlb.internal ? "node" : "public",
    ipAddressType: nlb.dualstack ? "dualstack" : "ipv4",
    privateLink: nlb.privateLink,
    listeners: nlb.listeners.map((l) => {
      const check = l.targetGroup.healthCheck;
      return {
        listener: l.key,
        protocol: l.protocol,
        port: l.port,
        targetGroup: l.targetGroup.key,
        targets: l.targetGroup.targets,
        targetPort: l.targetGroup.port,
        healthCheck: `${check.protocol} ${check.port}${check.path ?? ""}`,
        admits: [...admittedCidrs(l), ...(nlb.privateLink ? ["PrivateLink"] : [])],
      };
    }),
  };
}

/** Every source a listener admits, whatever it admits them for. */
function admittedCidrs(listener: ListenerPlan | undefined): string[] {
  return [...new Set(listener?.admits.flatMap((a) => a.cidrs))];
}

function ruleSummary(rule: SgRule): SecurityRuleSummary {
  const peer = rule.peer;
  return {
    group: rule.group,
    rule: rule.name,
    direction: rule.direction === "ingress" ? "in" : "out",
    protocol: rule.protocol === "-1" ? "all" : rule.protocol,
    ports: !rule.ports
      ? "all"
      : rule.protocol === "icmp" || rule.protocol === "icmpv6"
        ? `type ${rule.ports.from < 0 ? "any" : rule.ports.from}, code ${rule.ports.to < 0 ? "any" : rule.ports.to}`
        : rule.ports.from === rule.ports.to
          ? String(rule.ports.from)
          : `${rule.ports.from}-${rule.ports.to}`,
    peer: "group" in peer ? [`sg:${peer.group}`] : "natGateways" in peer ? ["NAT gateways"] : peer.cidrs,
    description: rule.description,
  };
}

function connectivitySummary(spec: AwsRootSpec, lb: LoadBalancingPlan): ConnectivitySummary | undefined {
  const controlPlane = spec.controlPlane;
  if (!controlPlane) return undefined;
  const syncListener = lb.ingress?.listeners.find((l) => l.serves.includes("sync"));
  const privateLink = controlPlane.connectivity === "privatelink";
  const account = controlPlane.awsAccountId && accountRoot(spec.aws.region, controlPlane.awsAccountId);
  return {
    mode: controlPlane.connectivity,
    sync: {
      nlb: lb.ingress?.cloudName ?? "",
      port: controlPlane.port,
      admits: privateLink ? [`PrivateLink endpoint service, allowed principal ${account}`] : admittedCidrs(syncListener),
    },
    ...(account
      ? {
          async: {
            queue: queueNames(spec.name).queue,
            deadLetterQueue: queueNames(spec.name).deadLetters,
            maxReceives: MAX_RECEIVES,
            sender: account,
            controlPlaneRole: `${spec.name}-control-plane (sts:ExternalId required)`,
            agentRole: `${spec.name}-agent (cluster OIDC provider, one service account)`,
          },
        }
      : {}),
  };
}

export function awsExtraSummary(spec: AwsRootSpec, addresses: AwsAddressPlan, lb: LoadBalancingPlan, rules: SgRule[], routes: PlannedRoute[]): AwsExtraSummary {
  const connectivity = connectivitySummary(spec, lb);
  return {
    ...(spec.aws.ipv6 ? { ipv6: { vpc: "Amazon-provided /56", netnums: ipv6Netnums(addresses) } } : {}),
    loadBalancers: [lb.apiserver, lb.ingress].flatMap((nlb) => (nlb ? [loadBalancerSummary(nlb)] : [])),
    securityGroupRules: rules.map(ruleSummary),
    routes: routes.map((r) => ({ destination: r.destination, target: r.target.kind, id: r.target.id })),
    ...(connectivity ? { connectivity } : {}),
  };
}
