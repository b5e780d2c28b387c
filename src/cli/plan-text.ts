// Human-readable rendering of a plan for `dpnet plan`.
import type { Finding } from "../findings.js";
import type { PlanSummary } from "../plan/types.js";
import { countFindings, formatFindings } from "../report/text.js";
import type { AwsExtraSummary, ConnectivitySummary, LoadBalancerSummary } from "../plan/aws/summary.js";
import { azurePlanLines } from "./plan-text-azure.js";
import { table } from "./table.js";
import { CHECKED_TEXT, type ExistingVpcSummary } from "../plan/aws/checklist.js";

/** The plan, then the findings of the spec and of every named check on the planned module. */
export function formatPlan(summary: PlanSummary, findings: readonly Finding[]): string {
  const lines = [`${summary.name}: ${summary.cloud} ${summary.region}${summary.zones.length ? `, zones ${summary.zones.join(", ")}` : ""}`];
  if ("vpc" in summary) lines.push(`VPC ${summary.vpc.cidr}, secondary ${summary.vpc.secondaryCidrs.join(", ")} (pods)`);
  // A customer-managed network's subnets are its own: no addresses to plan, they are listed by name below.
  if (summary.subnets.length)
    lines.push("", ...table([["TIER", "ZONE", "CIDR", "USABLE"], ...summary.subnets.map((s) => [s.tier, s.zone, s.cidr, String(s.usableAddresses)])], [3]));
  switch (summary.cloud) {
    case "azure":
      lines.push(...azurePlanLines(summary));
      break;
    case "aws":
      lines.push(
        "",
        `NAT gateways: ${summary.natGateways.map((n) => n.zone).join(", ")}`,
        `Flow logs: ${summary.flowLogs ? "VPC flow logs to CloudWatch Logs" : "off (aws.flowLogs: true records the VPC's traffic)"}`,
        ...awsExtraLines(summary),
      );
      if (summary.existingVpc) lines.push(...existingVpcLines(summary.existingVpc));
      break;
  }
  lines.push("", `Checks (dpnet verify on the planned module): ${countFindings(findings)}`, ...formatFindings(findings));
  return lines.join("\n");
}

const indent = (rows: string[]) => rows.map((r) => `  ${r}`);

function ipv6Lines(ipv6: NonNullable<AwsExtraSummary["ipv6"]>): string[] {
  const range = (numbers: Record<string, number>) => `${Math.min(...Object.values(numbers))}-${Math.max(...Object.values(numbers))}`;
  return [
    "",
    `IPv6: ${ipv6.vpc} on the VPC; a /64 per subnet (cidrsubnet numbers: public ${range(ipv6.netnums.public)}, node ${range(ipv6.netnums.node)}); pod subnets stay IPv4`,
  ];
}

function connectivityLines(c: ConnectivitySummary): string[] {
  const lines = ["", `Connectivity: ${c.mode}; sync on TCP ${c.sync.port} of ${c.sync.nlb}, from ${c.sync.admits.join(", ") || "nobody"}`];
  if (c.async) {
    lines.push(
      `Async link: ${c.async.queue} (SSE-SQS; dead letters after ${c.async.maxReceives} receives to ${c.async.deadLetterQueue}), sent to by ${c.async.sender}`,
    );
    lines.push(`  roles: ${c.async.controlPlaneRole}; ${c.async.agentRole}`);
  }
  return lines;
}

function loadBalancerLines(lbs: LoadBalancerSummary[]): string[] {
  const scheme = (lb: LoadBalancerSummary) =>
    `${lb.scheme} in the ${lb.subnets} subnets, ${lb.ipAddressType}${lb.privateLink ? ", behind the PrivateLink endpoint service" : ""}`;
  const header = ["NLB", "LISTENER", "PORT", "TARGET GROUP", "TARGETS", "HEALTH CHECK", "ADMITS"];
  const rows = lbs.flatMap((lb) =>
    lb.listeners.map((l) => [lb.nlb, l.listener, `${l.protocol} ${l.port}`, l.targetGroup, `${l.targets}:${l.targetPort}`, l.healthCheck, l.admits.join(", ")]),
  );
  return ["", "Load balancers:", ...indent(lbs.map((lb) => `${lb.nlb}: ${lb.name}, ${scheme(lb)}`)), "", ...indent(table([header, ...rows]))];
}

function securityRuleLines(rules: AwsExtraSummary["securityGroupRules"]): string[] {
  const header = ["GROUP", "RULE", "DIR", "PROTOCOL", "PORTS", "PEER"];
  return ["", "Security group rules:", ...indent(table([header, ...rules.map((r) => [r.group, r.rule, r.direction, r.protocol, r.ports, r.peer.join(", ")])]))];
}

/** aws.vpc.existing: the customer's checklist, each item with who checks it. */
export function existingVpcLines(existing: ExistingVpcSummary): string[] {
  const adopted = existing.adopted.length ? `; your ${existing.adopted.join(", ")} subnets are used as they are` : "";
  return [
    "",
    `Your VPC ${existing.vpcId} (aws.vpc.existing): dpnet reads it and creates only what is missing${adopted}. Your network team must ensure:`,
    ...indent(existing.checklist.map((i) => `[${CHECKED_TEXT[i.checked]}] ${i.what}`)),
  ];
}

/** The AWS load balancing, security groups, routes and links, when the plan has them. */
function awsExtraLines(summary: AwsExtraSummary): string[] {
  return [
    ...(summary.ipv6 ? ipv6Lines(summary.ipv6) : []),
    ...(summary.connectivity ? connectivityLines(summary.connectivity) : []),
    ...(summary.loadBalancers.length ? loadBalancerLines(summary.loadBalancers) : []),
    ...(summary.securityGroupRules.length ? securityRuleLines(summary.securityGroupRules) : []),
    ...(summary.routes.length
      ? ["", "Routes added to every node route table:", ...indent(summary.routes.map((r) => `${r.destination} -> ${r.target} ${r.id}`))]
      : []),
  ];
}
