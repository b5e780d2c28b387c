// Network load balancers (nlb.tf): each NLB across the 3 zones with its own security group,
// a listener per port forwarding to a target group of controllers or workers. Users register
// their nodes through the target group outputs (worker_target_groups) and add listeners to nlb_id.
import { block, ex, tpl, type Block, type ResourceRef, type TfModule } from "../../terraform/ir.js";
import type { AwsNetworkRefs } from "./network.js";
import type { AwsSecurityRefs } from "./security.js";
import { targetGroupsOf, type ListenerPlan, type LoadBalancingPlan, type NlbPlan, type TargetGroupPlan } from "./load-balancing.js";

const FILE = "nlb.tf";

export interface NlbRefs {
  lb: ResourceRef;
  targetGroups: ResourceRef[];
  /** The NLB's Elastic IPs by zone, when it has fixed addresses. */
  eips?: ResourceRef;
}

/** Where an internet-facing NLB gets fixed addresses: one Elastic IP per zone, in zone order. */
export interface FixedAddresses {
  zones: string[];
}

export type AwsNlbRefs = Partial<Record<NlbPlan["key"], NlbRefs>>;

export function addAwsNlbs(
  module: TfModule,
  plan: LoadBalancingPlan,
  network: AwsNetworkRefs,
  security: AwsSecurityRefs,
  ingressAddresses?: FixedAddresses,
): AwsNlbRefs {
  const refs: AwsNlbRefs = {};
  for (const nlb of [plan.apiserver, plan.ingress]) {
    if (nlb) refs[nlb.key] = addNlb(module, nlb, network, security, nlb.key === "ingress" && !nlb.internal ? ingressAddresses : undefined);
  }
  return refs;
}

/** An Elastic IP per zone and a subnet_mapping naming each: the NLB's public addresses never change. */
function fixedAddresses(module: TfModule, nlb: NlbPlan, subnets: ResourceRef, fixed: FixedAddresses): { eips: ResourceRef; mappings: Block[] } {
  const eips = module.resource(
    FILE,
    "aws_eip",
    `${nlb.key}-nlb`,
    {
      for_each: ex(`toset([${fixed.zones.map((z) => JSON.stringify(z)).join(", ")}])`),
      domain: "vpc",
      tags: { Name: tpl(`${nlb.cloudName}-\${each.key}`) },
    },
    "Fixed public addresses for the NLB, one per zone: what customers' firewalls allowlist.",
  );
  const mappings = fixed.zones.map((zone) => block({ subnet_id: subnets.at(zone, "id"), allocation_id: eips.at(zone, "id") }));
  return { eips, mappings };
}

function nlbComment(nlb: NlbPlan): string {
  const purpose =
    nlb.key === "apiserver"
      ? `kube-apiserver: TCP 6443 to the controllers, ${nlb.internal ? "internal (node subnets)" : "internet-facing (public subnets)"}.`
      : nlb.privateLink
        ? "Ingress, services and the control plane's sync link, internal: the control plane comes in through the endpoint service."
        : "Ingress, services and the control plane's sync link, internet-facing in the public subnets.";
  return `${purpose}\nIts security group is set at creation: an NLB created without one can never get one.`;
}

function addNlb(module: TfModule, nlb: NlbPlan, network: AwsNetworkRefs, security: AwsSecurityRefs, fixed?: FixedAddresses): NlbRefs {
  const subnets = network.subnets[nlb.internal ? "node" : "public"];
  const addresses = fixed && fixedAddresses(module, nlb, subnets, fixed);
  const lb = module.resource(
    FILE,
    "aws_lb",
    nlb.key,
    {
      name: nlb.cloudName,
      load_balancer_type: "network",
      internal: nlb.internal,
      ip_address_type: nlb.dualstack ? "dualstack" : "ipv4",
      ...(addresses ? { subnet_mapping: addresses.mappings } : { subnets: ex(`[for subnet in ${subnets.address}.${subnets.name} : subnet.id]`) }),
      security_groups: [security[`${nlb.key}-nlb`]!.attr("id")],
      // A zone whose targets are all down still answers, from the other zones' targets.
      enable_cross_zone_load_balancing: true,
      // The endpoint service's allowed principal and acceptance admit PrivateLink clients, whose addresses are not ours to list.
      ...(nlb.privateLink ? { enforce_security_group_inbound_rules_on_private_link_traffic: "off" } : {}),
      tags: { Name: nlb.cloudName },
    },
    nlbComment(nlb),
  );
  const targetGroups = new Map(targetGroupsOf(nlb).map((tg) => [tg, addTargetGroup(module, tg, network.vpc)]));
  for (const listener of nlb.listeners) addListener(module, lb, listener, targetGroups.get(listener.targetGroup)!);
  return { lb, targetGroups: [...targetGroups.values()], ...(addresses ? { eips: addresses.eips } : {}) };
}

function targetGroupComment(tg: TargetGroupPlan): string {
  const check = tg.healthCheck;
  return [
    `Health: ${check.protocol} ${check.port}${check.path ?? ""}${check.why ? `, ${check.why}` : ""}.`,
    "3/3 thresholds every 10 s: the only values NLBs long allowed; a dead target is out within 30 s.",
    ...(tg.preserveClientIp === false
      ? ["Client IP preservation off: a node both client and target of this internal NLB could be sent to itself and hang."]
      : []),
  ].join("\n");
}

function addTargetGroup(module: TfModule, tg: TargetGroupPlan, vpc: ResourceRef): ResourceRef {
  const check = tg.healthCheck;
  return module.resource(
    FILE,
    "aws_lb_target_group",
    tg.key,
    {
      name: tg.cloudName,
      vpc_id: vpc.attr("id"),
      target_type: tg.targetType,
      protocol: tg.protocol,
      port: tg.port,
      ...(tg.preserveClientIp === false ? { preserve_client_ip: false } : {}),
      health_check: block({
        protocol: check.protocol,
        port: check.port,
        ...(check.path ? { path: check.path } : {}),
        healthy_threshold: 3,
        unhealthy_threshold: 3,
        interval: 10,
      }),
    },
    targetGroupComment(tg),
  );
}

function listenerComment(listener: ListenerPlan): string | undefined {
  if (listener.key === "sync") return "The control plane's sync link: to the ingress controller on the workers, same port.";
  if (listener.key.startsWith("service-")) return `${listener.protocol} ${listener.port} outside, NodePort ${listener.targetGroup.port} on the workers.`;
  return undefined;
}

function addListener(module: TfModule, lb: ResourceRef, listener: ListenerPlan, targetGroup: ResourceRef): void {
  module.resource(
    FILE,
    "aws_lb_listener",
    listener.key,
    {
      load_balancer_arn: lb.attr("arn"),
      protocol: listener.protocol,
      port: listener.port,
      default_action: block({ type: "forward", target_group_arn: targetGroup.attr("arn") }),
    },
    listenerComment(listener),
  );
}
