// The load balancing of an AWS data plane as data: which NLBs, their listeners, target groups,
// health checks and who each listener admits. nlb.ts and security-rules.ts turn it into
// Terraform; the plan summary shows it as it is.
import { tryParseCidr } from "../../ipam/prefix.js";
import { isPrivateOrShared } from "../../ipam/ranges.js";
import { isIpv6, isWorld, WORLD, type AwsServiceSpec } from "../../spec/aws.js";
import type { AwsRootSpec } from "../../spec/index.js";
import type { OwnFinding } from "../../findings.js";
import { lbName, portLabel } from "./names.js";

export type LbProtocol = "TCP" | "UDP" | "TCP_UDP";
export type NodeRole = "controllers" | "workers";

export interface HealthCheck {
  protocol: "TCP" | "HTTP" | "HTTPS";
  port: number;
  path?: string;
  /** Names the security-group rules that let the check through; absent when it probes the traffic port. */
  purpose?: string;
  /** Why this check, when it is not the obvious one. */
  why?: string;
}

export interface TargetGroupPlan {
  /** Terraform name: `workers-https`, `service-some-app`, `controllers`. */
  key: string;
  cloudName: string;
  targets: NodeRole;
  /**
   * instance: nodes on the port (Typhoon's Auto Scaling groups, or the AWS Load Balancer Controller
   * for a NodePort); ip: pods in the pod subnets, registered by the AWS Load Balancer Controller (EKS).
   */
  targetType: "instance" | "ip";
  protocol: LbProtocol;
  port: number;
  healthCheck: HealthCheck;
  /** Names the target-side security-group rule: `ingress-https`, `service-some-app`. */
  purpose: string;
  /**
   * false on TCP target groups of internal NLBs: with the client's address kept, a node that is
   * both client and target is sometimes sent to itself and the connection hangs (NLB hairpinning).
   */
  preserveClientIp?: false;
}

/** Sources a listener admits through its NLB's security group, for one reason. */
export interface Admission {
  /** `https`, `sync`, `service-some-app`, `clients`: part of the rule's name. */
  purpose: string;
  cidrs: string[];
  /** The rule's description in AWS. */
  description: string;
}

/** What a listener is for; one listener may serve the ingress and the sync link on the same port. */
export type ListenerRole = "apiserver" | "ingress" | "sync" | "service";

export interface ListenerPlan {
  /** Terraform name: `ingress-https`, `sync`, `service-some-app`, `apiserver`. */
  key: string;
  serves: ListenerRole[];
  protocol: LbProtocol;
  port: number;
  targetGroup: TargetGroupPlan;
  admits: Admission[];
}

export interface NlbPlan {
  key: "apiserver" | "ingress";
  cloudName: string;
  internal: boolean;
  dualstack: boolean;
  /** Behind a VPC endpoint service (the PrivateLink sync link). */
  privateLink: boolean;
  listeners: ListenerPlan[];
}

export interface LoadBalancingPlan {
  apiserver?: NlbPlan;
  ingress?: NlbPlan;
}

// The ingress controller (ingress-nginx, Typhoon's addons) answers /healthz on 10254 on every worker.
const INGRESS_HEALTH: HealthCheck = {
  protocol: "HTTP",
  port: 10254,
  path: "/healthz",
  purpose: "ingress-health",
  why: "the ingress controller's health endpoint",
};
// kube-proxy's /healthz (0.0.0.0:10256): what Kubernetes' own cloud load balancers probe for
// externalTrafficPolicy: Cluster.
const KUBE_PROXY_HEALTH: HealthCheck = {
  protocol: "HTTP",
  port: 10256,
  path: "/healthz",
  purpose: "kube-proxy-health",
  why: "kube-proxy: a UDP NodePort cannot be probed over TCP",
};
// A TCP check only sees an open port; /readyz is readable anonymously by default.
const APISERVER_HEALTH: HealthCheck = {
  protocol: "HTTPS",
  port: 6443,
  path: "/readyz",
  why: "it fails while kube-apiserver drains or has lost etcd; TCP only sees an open port",
};
export const APISERVER_PORT = 6443;

export function targetGroupsOf(nlb: NlbPlan): TargetGroupPlan[] {
  return [...new Set(nlb.listeners.map((l) => l.targetGroup))];
}

/** A CIDR outside the private ranges (RFC 1918, 100.64.0.0/10, IPv6 unique-local fc00::/7): reachable only by an internet-facing NLB. */
function isPublic(cidr: string): boolean {
  const block = tryParseCidr(cidr, isIpv6(cidr) ? 6 : 4);
  return !block || !isPrivateOrShared(block);
}

function apiserverNlb(spec: AwsRootSpec, findings: OwnFinding[]): NlbPlan | undefined {
  const apiserver = spec.aws.apiserver;
  if (!apiserver) return undefined;
  if (apiserver.allowedCidrs.some(isWorld)) {
    findings.push({
      id: "DPN-AWS-101",
      severity: "warning",
      resource: "aws.apiserver.allowedCidrs",
      message:
        "kube-apiserver (TCP 6443) is open to the whole internet: its authentication is all that stands in the way; prefer your office, VPN or CI ranges",
      trace: [],
    });
  }
  const internal = !apiserver.allowedCidrs.some(isPublic);
  const controllers: TargetGroupPlan = {
    key: "controllers",
    cloudName: lbName(spec.name, "controllers"),
    targets: "controllers",
    targetType: "instance",
    protocol: "TCP",
    port: APISERVER_PORT,
    healthCheck: APISERVER_HEALTH,
    purpose: "apiserver-nlb",
    ...(internal ? { preserveClientIp: false as const } : {}),
  };
  return {
    key: "apiserver",
    cloudName: lbName(spec.name, "apiserver"),
    internal,
    dualstack: spec.aws.ipv6,
    privateLink: false,
    listeners: [
      {
        key: "apiserver",
        serves: ["apiserver"],
        protocol: "TCP",
        port: APISERVER_PORT,
        targetGroup: controllers,
        admits: [{ purpose: "clients", cidrs: apiserver.allowedCidrs, description: "kube-apiserver clients (aws.apiserver.allowedCidrs) on TCP 6443" }],
      },
    ],
  };
}

/** Who may reach the ingress ports when the spec does not say: everyone on an internet-facing NLB, the VPC's blocks on an internal one. */
function defaultIngressCidrs(spec: AwsRootSpec, internal: boolean): string[] {
  if (internal) return [spec.aws.vpc.cidr, spec.aws.vpc.podCidr];
  // Conveyor: "All traffic from the control plane uses this endpoint": unless told otherwise, it serves only the control plane.
  if (spec.controlPlane?.cidrs?.length) return spec.controlPlane.cidrs;
  return spec.aws.ipv6 ? [WORLD.ipv4, WORLD.ipv6] : [WORLD.ipv4];
}

function workersTargetGroup(spec: AwsRootSpec, internal: boolean, key: string, purpose: string, port: number): TargetGroupPlan {
  return {
    key,
    cloudName: lbName(spec.name, key),
    targets: "workers",
    // EKS: the ingress controller's pods themselves, on their own port (Karpenter and managed node groups have no Auto Scaling group of ours).
    targetType: spec.aws.kubernetes === "eks" ? "ip" : "instance",
    protocol: "TCP",
    port,
    healthCheck: INGRESS_HEALTH,
    purpose,
    ...(internal ? { preserveClientIp: false as const } : {}),
  };
}

function serviceListener(spec: AwsRootSpec, service: AwsServiceSpec, internal: boolean): ListenerPlan {
  const protocol = service.protocol.toUpperCase() as LbProtocol;
  const key = `service-${service.name}`;
  const targetGroup: TargetGroupPlan = {
    key,
    cloudName: lbName(spec.name, `svc-${service.name}`),
    targets: "workers",
    // The NodePort on every node, whoever registers them (an Auto Scaling group, or the AWS Load Balancer Controller).
    targetType: "instance",
    protocol,
    port: service.nodePort,
    // Typhoon's some-app: a TCP check on the NodePort itself; UDP cannot be probed over TCP.
    healthCheck: protocol === "UDP" ? KUBE_PROXY_HEALTH : { protocol: "TCP", port: service.nodePort, why: "the NodePort itself, as in the seed" },
    purpose: key,
    // AWS keeps client IPs on UDP target groups whatever the setting; only TCP ones hairpin.
    ...(internal && protocol === "TCP" ? { preserveClientIp: false as const } : {}),
  };
  const description = `Clients of service ${service.name} on ${protocol.replace("_", "/")} ${service.port}`;
  const cidrs = service.allowedCidrs ?? defaultIngressCidrs(spec, internal);
  return { key, serves: ["service"], protocol, port: service.port, targetGroup, admits: [{ purpose: key, cidrs, description }] };
}

function ingressNlb(spec: AwsRootSpec, findings: OwnFinding[]): NlbPlan | undefined {
  const { aws, controlPlane } = spec;
  if (!aws.ingress && aws.services.length === 0 && !controlPlane) return undefined;
  // Conveyor: the internet sync link is "a NLB in the data plane public subnets"; PrivateLink puts it behind an internal NLB.
  const internal = controlPlane?.connectivity === "privatelink";
  const ingressCidrs = aws.ingress?.allowedCidrs ?? defaultIngressCidrs(spec, internal);
  const listeners: ListenerPlan[] = (aws.ingress?.ports ?? []).map((port) => ({
    key: `ingress-${portLabel(port)}`,
    serves: ["ingress"],
    protocol: "TCP",
    port,
    targetGroup: workersTargetGroup(spec, internal, `workers-${portLabel(port)}`, `ingress-${portLabel(port)}`, port),
    admits: [{ purpose: portLabel(port), cidrs: ingressCidrs, description: `Ingress clients on TCP ${port}` }],
  }));
  if (controlPlane) addSyncListener(spec, listeners, internal, findings);
  listeners.push(...aws.services.map((s) => serviceListener(spec, s, internal)));
  return { key: "ingress", cloudName: lbName(spec.name, "ingress"), internal, dualstack: aws.ipv6, privateLink: internal, listeners };
}

/**
 * The sync link's port lands on the workers' ingress controller at the same port: the control
 * plane reaches cluster services through it. It shares the ingress listener of that port, if any.
 */
function addSyncListener(spec: AwsRootSpec, listeners: ListenerPlan[], internal: boolean, findings: OwnFinding[]): void {
  const controlPlane = spec.controlPlane!;
  // PrivateLink traffic is admitted by the endpoint service (allowed principal + acceptance), not by CIDRs.
  const cidrs = internal ? [] : (controlPlane.cidrs ?? []);
  const admits = cidrs.length ? [{ purpose: "sync", cidrs, description: `Control plane sync link (controlPlane.cidrs) on TCP ${controlPlane.port}` }] : [];
  const shared = listeners.find((l) => l.port === controlPlane.port);
  if (!shared) {
    listeners.push({
      key: "sync",
      serves: ["sync"],
      protocol: "TCP",
      port: controlPlane.port,
      targetGroup: workersTargetGroup(spec, internal, "workers-sync", "sync", controlPlane.port),
      admits,
    });
    return;
  }
  shared.serves.push("sync");
  const others = shared.admits.flatMap((a) => a.cidrs).filter((c) => !cidrs.includes(c));
  if (others.length === 0) return; // the ingress listener already admits exactly the control plane
  shared.admits.push(...admits);
  if (!internal) {
    findings.push({
      id: "DPN-AWS-106",
      severity: "warning",
      resource: "aws.ingress.allowedCidrs",
      message: `the sync port TCP ${controlPlane.port} shares the ingress listener, which also admits ${others.join(", ")}: the control plane's endpoint is reachable from beyond controlPlane.cidrs`,
      trace: [],
    });
  }
}

export function planLoadBalancing(spec: AwsRootSpec, findings: OwnFinding[]): LoadBalancingPlan {
  const apiserver = apiserverNlb(spec, findings);
  const ingress = ingressNlb(spec, findings);
  return { ...(apiserver ? { apiserver } : {}), ...(ingress ? { ingress } : {}) };
}
