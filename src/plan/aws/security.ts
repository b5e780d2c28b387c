// Security groups: the VPC's default group emptied, a group per role (workers, controllers, each
// NLB), and every rule its own resource so users add theirs beside them (security-rules.ts says
// why each rule exists).
import { isIpv6 } from "../../spec/aws.js";
import { ex, tpl, type Body, type ResourceRef, type TfModule } from "../../terraform/ir.js";
import type { AwsNetworkRefs } from "./network.js";
import type { GroupKey, SgRule } from "./security-rules.js";
import type { Waiver } from "../types.js";

const FILE = "security.tf";

const GROUP_PURPOSE: Record<GroupKey, string> = {
  worker: "worker nodes and their pod ENIs",
  controller: "controller nodes (kube-apiserver, etcd)",
  "apiserver-nlb": "kube-apiserver network load balancer",
  "ingress-nlb": "ingress and sync network load balancer",
  "eks-control-plane": "EKS control plane ENIs (the cluster vpc_config security_group_ids)",
};

export type AwsSecurityRefs = Partial<Record<GroupKey, ResourceRef>> & { worker: ResourceRef };

/** The groups and their rules; `waivers` gets each written rule resource that its rule lets fail a check on purpose. */
export function addAwsSecurity(
  module: TfModule,
  name: string,
  network: AwsNetworkRefs,
  groups: GroupKey[],
  rules: SgRule[],
  waivers: Waiver[],
  emptyDefaultGroup = true,
): AwsSecurityRefs {
  const vpc = network.vpc;
  // Without rule blocks Terraform adopts the default group and removes every rule it has (CKV2_AWS_12).
  // In a customer's VPC only on request (aws.vpc.existing.emptyDefaultSecurityGroup): their workloads may use it.
  if (emptyDefaultGroup)
    module.resource(
      FILE,
      "aws_default_security_group",
      "default",
      { vpc_id: vpc.attr("id") },
      "Empty the default security group: nothing should rely on its allow-all-within-group rules.",
    );
  const refs = Object.fromEntries(groups.map((group) => [group, addGroup(module, name, vpc, group)])) as AwsSecurityRefs;
  for (const rule of rules) {
    const written = addRule(module, refs, network.natEips, rule);
    const waive = rule.waive;
    if (waive) waivers.push(...written.flatMap((r) => waive.checks.map((check) => ({ check, resource: r.self.hcl, reason: waive.reason }))));
  }
  return refs;
}

function addGroup(module: TfModule, name: string, vpc: ResourceRef, group: GroupKey): ResourceRef {
  return module.resource(FILE, "aws_security_group", group, {
    name: `${name}-${group}`,
    description: `${name} ${GROUP_PURPOSE[group]}`,
    vpc_id: vpc.attr("id"),
    tags: { Name: `${name}-${group}` },
  });
}

function groupId(refs: AwsSecurityRefs, group: GroupKey) {
  const ref = refs[group];
  if (!ref) throw new Error(`security group ${group} is used by a rule but was not planned`);
  return ref.attr("id");
}

/** A rule as aws_vpc_security_group_{ingress,egress}_rule resources: one, or one per IP family for CIDR peers. */
function addRule(module: TfModule, refs: AwsSecurityRefs, natEips: ResourceRef, rule: SgRule): ResourceRef[] {
  const type = rule.direction === "ingress" ? "aws_vpc_security_group_ingress_rule" : "aws_vpc_security_group_egress_rule";
  const base: Body = {
    security_group_id: groupId(refs, rule.group),
    description: rule.description,
    ip_protocol: rule.protocol,
    ...(rule.ports ? { from_port: rule.ports.from, to_port: rule.ports.to } : {}),
  };
  const peer = rule.peer;
  if ("group" in peer) {
    return [module.resource(FILE, type, rule.name, { ...base, referenced_security_group_id: groupId(refs, peer.group) }, rule.comment)];
  }
  if ("natGateways" in peer) {
    return [module.resource(FILE, type, `${rule.name}-ipv4`, { for_each: natEips.self, ...base, cidr_ipv4: tpl("${each.value.public_ip}/32") }, rule.comment)];
  }
  const written: ResourceRef[] = [];
  for (const family of ["ipv4", "ipv6"] as const) {
    const cidrs = peer.cidrs.filter((c) => isIpv6(c) === (family === "ipv6"));
    if (cidrs.length === 0) continue;
    const name = `${rule.name}-${family}`;
    const attribute = `cidr_${family}`;
    if (peer.each || cidrs.length > 1) {
      // One resource per CIDR: adding or removing a CIDR in the spec leaves the others alone.
      const set = ex(`toset([${cidrs.map((c) => JSON.stringify(c)).join(", ")}])`);
      written.push(module.resource(FILE, type, name, { for_each: set, ...base, [attribute]: ex("each.key") }, rule.comment));
    } else {
      written.push(module.resource(FILE, type, name, { ...base, [attribute]: cidrs[0]! }, rule.comment));
    }
  }
  return written;
}
