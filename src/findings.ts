// A finding: what a check concluded about one resource, and why.
import type { CheckId } from "./analyze/checks/catalog.js";

export type Severity = "error" | "warning" | "note";

/** One step of a trace: the element traffic or reasoning passed, and what decided there. */
/** What a trace step is at: the element (or the outside) that decided. */
export type HopElement =
  | "internet"
  | "network"
  | "subnet"
  | "interface"
  | "node"
  | "pod"
  | "route-table"
  | "security-group"
  | "security-group-rule"
  | "network-acl"
  | "network-security-group"
  | "nsg-rule"
  | "gateway"
  | "internet-gateway"
  | "egress-only-internet-gateway"
  | "nat-gateway"
  | "vpn-gateway"
  | "transit-gateway"
  | "transit-gateway-attachment"
  | "peering"
  | "gateway-endpoint"
  | "interface-endpoint"
  | "private-endpoint"
  | "endpoint-service"
  | "private-dns-zone"
  | "public-ip"
  | "azure-firewall"
  | "load-balancer"
  | "load-balancer-node"
  | "listener"
  | "target-group"
  | "queue"
  | "queue-policy"
  | "policy-statement"
  | "role"
  | "instance"
  /** A design rule the step applies (an upgrade surge, say), not an element. */
  | "rule"
  /** An Azure service behind a private endpoint, by its ARM type. */
  | `Microsoft.${string}`;

/** A step of a reply's walk is marked as such. */
export type HopKind = HopElement | `reply at ${HopElement}`;

const isReply = (kind: HopKind): kind is `reply at ${HopElement}` => kind.startsWith("reply at ");

/** The steps of a reply's walk, each marked as the reply's. */
export function replyHops(hops: readonly TraceHop[]): TraceHop[] {
  return hops.map((h) => ({ ...h, kind: isReply(h.kind) ? h.kind : (`reply at ${h.kind}` as const) }));
}

/**
 * A rule that decided at a step, as its cloud names it: the element that holds it and its name
 * there (`sg-1` `sgr-0abc` or `ingress #2`; `acl-1` `ingress 100`; an NSG's `securityRules/AllowSync`;
 * a route table's `0.0.0.0/0`; an Azure Firewall's rule; a load balancer's listener, its forwarding rule).
 */
export interface RuleRef {
  element: string;
  name: string;
}

/** What decided at a step: the reason as the trace reads it, and the rules behind it, if any. */
export interface Decision {
  text: string;
  rules?: readonly RuleRef[];
}

export interface TraceHop {
  /** Resource id or Terraform address: `aws_route_table.pod["eu-west-1a"]`, `rtb-0abc`. */
  id: string;
  kind: HopKind;
  decision: string;
  /**
   * The rules `decision` names, in its order, as data (SARIF, tests, tools comparing with the
   * cloud's own answers). Several when rules share the decision (ports split between them); absent
   * when no rule decided (a default, a translation, a delivery).
   */
  rules?: RuleRef[];
}

export interface Finding {
  /** Stable id, e.g. DPN-AWS-001. */
  id: string;
  severity: Severity;
  /** Terraform address or cloud id of the resource the finding is about. */
  resource: string;
  message: string;
  trace: TraceHop[];
}

/** A finding dpnet emits itself (a planner's, a check's): its id has an entry in the catalog. */
export type OwnFinding = Finding & { id: CheckId };

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}
