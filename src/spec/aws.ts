// The AWS part of the spec. Field names here are a public interface (issues 2 and 3 fix them).
import { z } from "zod";
import { parseCidr } from "../ipam/prefix.js";
import { worldCovered } from "../ipam/intervals.js";
import { awsTags, cidr, parsedBy, port } from "./common.js";
import { AWS_REGION } from "./cloud-ids.js";
import { existingVpc } from "./aws-existing.js";

/** An IPv4 or IPv6 CIDR block with its host bits zero: `203.0.113.0/24`, `2001:db8::/32`. */
export const ipCidr = parsedBy(
  (text) => parseCidr(text, isIpv6(text) ? 6 : 4),
  (p) => p.text,
);

export const isIpv6 = (cidrText: string): boolean => cidrText.includes(":");
export const WORLD = { ipv4: "0.0.0.0/0", ipv6: "::/0" } as const;
/** `0.0.0.0/0` or `::/0`: the whole internet. */
export const isWorld = (cidrText: string): boolean => cidrText === WORLD.ipv4 || cidrText === WORLD.ipv6;

/** A lower-case name that becomes part of Terraform and AWS names (target groups allow 32 characters in all). */
const shortName = (what: string) =>
  z
    .string()
    .regex(/^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/, "must start with a letter, end with a letter or digit, and use only a-z, 0-9 and -, at most 20 characters")
    .describe(`Name of the ${what}: part of Terraform resource names and AWS names.`);

/**
 * Who the ingress NLB admits when a spec lists no allowedCidrs: the one text the schema, `dpnet
 * init`'s comments and the README say it with (test/spec-docs.test.ts keeps them equal).
 */
export const INGRESS_DEFAULT_CIDRS =
  "controlPlane.cidrs when a control plane connects over the internet; else everyone (0.0.0.0/0, and ::/0 with ipv6) when internet-facing, the VPC's blocks when internal (privatelink)";

/** Kubernetes' default --service-node-port-range. */
export const NODE_PORTS = { from: 30000, to: 32767 } as const;

const protocol = z.enum(["tcp", "udp", "tcp_udp"]).default("tcp");
export type ServiceProtocol = z.output<typeof protocol>;

/** `"30333"` or `"30000-32767"`: a port or an inclusive range. */
export interface PortRange {
  from: number;
  to: number;
}
export function parsePortRange(ports: number | string): PortRange | undefined {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(String(ports));
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = Number(match[2] ?? match[1]);
  return from >= 1 && to <= 65535 && from <= to ? { from, to } : undefined;
}

// Ports that give a shell or a desktop: never open to the whole internet by accident.
const ADMIN_PORTS = [
  { port: 22, what: "SSH" },
  { port: 3389, what: "RDP" },
] as const;

/** The SSH or RDP port a firewall rule's ports cover, if any. */
export function adminPortsIn(ports: number | string | undefined): (typeof ADMIN_PORTS)[number][] {
  const range = ports === undefined ? undefined : parsePortRange(ports);
  return range ? ADMIN_PORTS.filter((a) => a.port >= range.from && a.port <= range.to) : [];
}

/** An admin port the firewall rules open to the whole internet together, and the rules that do. */
export interface WorldOpenAdminPort {
  port: number;
  what: string;
  world: string[];
  /** Indexes of the rules admitting the port. */
  rules: number[];
}

/** Admin ports whose sources, over every rule that admits them, cover 0.0.0.0/0 or ::/0: an address set, not a string. */
export function worldOpenAdminPorts(firewall: readonly { ports?: number | string | undefined; cidrs: string[] }[]): WorldOpenAdminPort[] {
  return ADMIN_PORTS.flatMap((a) => {
    const rules = firewall.flatMap((rule, i) => (adminPortsIn(rule.ports).includes(a) ? [i] : []));
    const world = worldCovered(rules.flatMap((i) => firewall[i]!.cidrs));
    return world.length ? [{ port: a.port, what: a.what, world, rules }] : [];
  });
}

/** An ICMP type or code: 0-255, or -1 for all (AWS's own convention). */
const icmpNumber = (what: string) =>
  z.number().int().min(-1, `must be an ICMP ${what} 0-255, or -1 for all`).max(255, `must be an ICMP ${what} 0-255, or -1 for all`).default(-1);

const firewallRule = z
  .strictObject({
    name: shortName("rule"),
    protocol: z
      .enum(["tcp", "udp", "tcp_udp", "icmp", "icmpv6"])
      .default("tcp")
      .describe("tcp, udp, tcp_udp, icmp (IPv4 sources, with icmp: { type, code }) or icmpv6 (IPv6 sources)."),
    ports: z
      .union([port, z.string()], { error: 'must be one port (443) or one inclusive range ("30000-32767"): write a rule per port or range' })
      .refine((p) => parsePortRange(p) !== undefined, 'must be a port or an inclusive range like "30000-32767" within 1-65535')
      .optional()
      .describe('A port (30333 or "30333") or an inclusive range ("30000-32767"); required for tcp, udp and tcp_udp, none for ICMP.'),
    icmp: z
      .strictObject({ type: icmpNumber("type"), code: icmpNumber("code") })
      .optional()
      .describe("ICMP or ICMPv6 type and code (e.g. { type: 8 } for echo requests); -1, the default, for all."),
    cidrs: z.array(ipCidr).min(1, "must list at least one CIDR").describe("Sources allowed in (IPv6 ones need aws.ipv6: true)."),
    allowPublicAdminPorts: z
      .boolean()
      .default(false)
      .describe("Set to true to open SSH (22) or RDP (3389) to 0.0.0.0/0 or ::/0 on purpose; dpnet refuses otherwise and warns when you do."),
  })
  .superRefine((rule, ctx) => {
    const icmp = rule.protocol === "icmp" || rule.protocol === "icmpv6";
    if (!icmp && rule.ports === undefined)
      ctx.addIssue({ code: "custom", path: ["ports"], message: `is required for ${rule.protocol}: one port (443) or one inclusive range ("30000-32767")` });
    if (icmp && rule.ports !== undefined)
      ctx.addIssue({ code: "custom", path: ["ports"], message: `is not for ${rule.protocol}: ICMP has no ports, give icmp: { type, code } instead` });
    if (!icmp && rule.icmp !== undefined)
      ctx.addIssue({ code: "custom", path: ["icmp"], message: `is only for protocol icmp or icmpv6, not ${rule.protocol}` });
    rule.cidrs.forEach((c, i) => {
      if (rule.protocol === "icmp" && isIpv6(c))
        ctx.addIssue({
          code: "custom",
          path: ["cidrs", i],
          message: "is IPv6: ICMP for IPv6 sources is protocol icmpv6 (its types differ: echo request is 128)",
        });
      if (rule.protocol === "icmpv6" && !isIpv6(c))
        ctx.addIssue({ code: "custom", path: ["cidrs", i], message: "is IPv4: ICMPv6 is for IPv6 sources; use protocol icmp for IPv4" });
    });
  })
  .describe("An extra ingress rule on the worker security group.");

const service = z
  .strictObject({
    name: shortName("service"),
    protocol,
    port: port.describe("External port: the listener on the ingress NLB."),
    nodePort: port
      .min(NODE_PORTS.from, `must be in Kubernetes' NodePort range ${NODE_PORTS.from}-${NODE_PORTS.to}`)
      .max(NODE_PORTS.to, `must be in Kubernetes' NodePort range ${NODE_PORTS.from}-${NODE_PORTS.to}`)
      .describe(`Port on the workers the target group forwards to (a Kubernetes NodePort, ${NODE_PORTS.from}-${NODE_PORTS.to}); TCP health checks go here.`),
    allowedCidrs: z
      .array(ipCidr)
      .min(1, "must list at least one CIDR")
      .optional()
      .describe(`Who may reach the listener (the ingress NLB's security group). Default: ${INGRESS_DEFAULT_CIDRS}.`),
  })
  .describe("An extra TCP/UDP service on the ingress NLB: a listener and a target group of workers.");

/** Services `aws.endpoints` may name (issue 15 fixes the names). */
export const AWS_ENDPOINT_SERVICES = ["sqs", "sts", "ecr", "s3", "logs"] as const;
export type AwsEndpointService = (typeof AWS_ENDPOINT_SERVICES)[number];

/** Route targets the node route tables accept: spec key -> aws_route argument and ID shape. */
export const ROUTE_TARGETS = {
  vpcPeeringConnectionId: { argument: "vpc_peering_connection_id", label: "peering", id: /^pcx-[0-9a-f]{8,17}$/ },
  transitGatewayId: { argument: "transit_gateway_id", label: "tgw", id: /^tgw-[0-9a-f]{8,17}$/ },
  networkInterfaceId: { argument: "network_interface_id", label: "eni", id: /^eni-[0-9a-f]{8,17}$/ },
  natGatewayId: { argument: "nat_gateway_id", label: "nat", id: /^nat-[0-9a-f]{8,17}$/ },
  // Only virtual private gateways: an internet gateway on a node route table would bypass NAT.
  gatewayId: { argument: "gateway_id", label: "vgw", id: /^vgw-[0-9a-f]{8,17}$/ },
  vpcEndpointId: { argument: "vpc_endpoint_id", label: "vpce", id: /^vpce-[0-9a-f]{8,17}$/ },
  egressOnlyGatewayId: { argument: "egress_only_gateway_id", label: "eigw", id: /^eigw-[0-9a-f]{8,17}$/ },
  coreNetworkArn: { argument: "core_network_arn", label: "cloudwan", id: /^arn:aws[a-z-]*:networkmanager::\d{12}:core-network\/core-network-[0-9a-f]+$/ },
} as const;
export type RouteTargetKind = keyof typeof ROUTE_TARGETS;
const TARGET_KINDS = Object.keys(ROUTE_TARGETS) as RouteTargetKind[];
const isTargetKind = (key: string): key is RouteTargetKind => key in ROUTE_TARGETS;

// Loose, so that an unknown kind reaches the refinement and gets a message listing the known ones.
const routeTarget = z
  .looseObject(Object.fromEntries(TARGET_KINDS.map((k) => [k, z.string().optional()])) as Record<RouteTargetKind, z.ZodOptional<z.ZodString>>)
  .superRefine((target, ctx) => {
    const keys = Object.keys(target);
    for (const key of keys) {
      if (!isTargetKind(key)) {
        ctx.addIssue({ code: "custom", path: [key], message: `is under an unknown route target kind "${key}": use one of ${TARGET_KINDS.join(", ")}` });
      } else if (!ROUTE_TARGETS[key].id.test(String(target[key]))) {
        ctx.addIssue({ code: "custom", path: [key], message: `is not a ${key} (expected the shape ${ROUTE_TARGETS[key].id.source})` });
      }
    }
    if (keys.length !== 1) ctx.addIssue({ code: "custom", message: `must name exactly one target, e.g. { vpcPeeringConnectionId: pcx-0123456789abcdef0 }` });
  })
  .describe("Where the route goes: exactly one of " + TARGET_KINDS.join(", ") + ".");

const route = z
  .strictObject({
    destination: ipCidr.describe("Destination CIDR (IPv6 needs aws.ipv6: true)."),
    target: routeTarget,
  })
  .describe("An extra route on every node route table.");

/** The single target kind and ID of a parsed route. */
export function routeTargetOf(target: Partial<Record<RouteTargetKind, string>>): { kind: RouteTargetKind; id: string } {
  const kind = TARGET_KINDS.find((k) => target[k] !== undefined)!;
  return { kind, id: target[kind]! };
}

/** Each item's `name` must be unique within its list. */
function uniqueNames(items: { name: string }[], ctx: z.RefinementCtx): void {
  items.forEach((item, i) => {
    if (items.findIndex((other) => other.name === item.name) !== i)
      ctx.addIssue({ code: "custom", path: [i, "name"], message: "is used twice: names must be unique in the list" });
  });
}

export const awsSpec = z
  .strictObject({
    region: z.string().regex(AWS_REGION, "is not an AWS region name like eu-west-1").describe("AWS region, e.g. eu-west-1."),
    zones: z
      .array(z.string())
      .length(3, "must list exactly 3 availability zones")
      .optional()
      .describe(
        "Exactly 3 distinct availability zones of the region, as names (eu-west-1a) or zone ids (euw1-az1). Default: the region's first 3 zones (a, b and c in most regions).",
      ),
    kubernetes: z
      .enum(["self-managed", "eks"])
      .default("self-managed")
      .describe(
        "Who runs the control plane of the cluster in this network. self-managed: Typhoon's controllers and workers, as in the seed (workers join the NLB target groups through worker_target_groups). eks: Amazon EKS; a security group for the EKS control plane's ENIs admitted to kubelets and webhooks on nodes and pods, and the NLBs' targets registered by the AWS Load Balancer Controller (TargetGroupBinding manifests; the ingress controller's pods as ip targets in the pod subnets).",
      ),
    vpc: z
      .strictObject({
        cidr: cidr.describe(
          "Primary IPv4 CIDR of the VPC (/16 to /28): public and node subnets are carved from it. With existing: your VPC's primary CIDR, so the address plan is checked offline.",
        ),
        podCidr: cidr
          .default("100.64.0.0/16")
          .describe("Secondary CIDR associated with the VPC for pods (VPC CNI custom networking); 3 pod subnets of /18 are carved from it."),
        existing: existingVpc.optional(),
      })
      .describe("The VPC's address space."),
    nat: z
      .enum(["perZone", "single"])
      .default("perZone")
      .describe("perZone: a NAT gateway in every zone (zone-local egress, survives a zone outage). single: one NAT gateway in the first zone (cheaper)."),
    nodeSubnetPrefix: z
      .number()
      .int()
      .min(16, "must be 16 or more: AWS subnets are /16 to /28")
      .max(24, "must be 24 or less: node subnets must be at least a /24")
      .optional()
      .describe("Prefix length of the node subnets (at most 24, i.e. at least a /24). Default: primary prefix + 2, between /20 and /24."),
    publicSubnetPrefix: z
      .number()
      .int()
      .min(16, "must be 16 or more: AWS subnets are /16 to /28")
      .max(28, "must be 28 or less: AWS subnets are /16 to /28")
      .optional()
      .describe("Prefix length of the public subnets (NAT gateways and load balancers only). Default: /24, or smaller when the primary CIDR is tight."),
    flowLogs: z.boolean().default(false).describe("Send VPC flow logs (all traffic) to a CloudWatch log group."),
    tags: awsTags.optional(),
    ipv6: z
      .boolean()
      .default(false)
      .describe(
        "Dual stack: an Amazon-provided /56 on the VPC, a /64 per public and node subnet, ::/0 to the internet gateway (public) and an egress-only internet gateway (nodes), dual-stack NLBs. Pod subnets stay IPv4.",
      ),
    apiserver: z
      .strictObject({
        allowedCidrs: z
          .array(ipCidr)
          .min(1, "must list at least one CIDR")
          .describe(
            "Who may reach TCP 6443 on the apiserver NLB. Private ranges only: an internal NLB in the node subnets; any public range: internet-facing in the public subnets.",
          ),
      })
      .optional()
      .describe("A kube-apiserver NLB (TCP 6443) in front of self-managed controllers."),
    ingress: z
      .strictObject({
        ports: z
          .array(port)
          .min(1, "must list at least one port")
          .default([80, 443])
          .describe("Listeners on the ingress NLB, each forwarding to a worker target group on the same port (the ingress controller)."),
        allowedCidrs: z
          .array(ipCidr)
          .min(1, "must list at least one CIDR")
          .optional()
          .describe(`Who may reach the ingress ports. Default: ${INGRESS_DEFAULT_CIDRS}.`),
      })
      .optional()
      .describe("HTTP/HTTPS ingress through the ingress NLB."),
    services: z
      .array(service)
      .default([])
      .superRefine(uniqueNames)
      .describe("Extra TCP/UDP services on the ingress NLB; their target groups join worker_target_groups."),
    firewall: z
      .array(firewallRule)
      .default([])
      .superRefine(uniqueNames)
      .superRefine((rules, ctx) => {
        for (const open of worldOpenAdminPorts(rules)) {
          for (const i of open.rules.filter((i) => !rules[i]!.allowPublicAdminPorts)) {
            const fix = "narrow the CIDRs, or set allowPublicAdminPorts: true on this rule if you mean it";
            // A block that is the world on its own is named; else the rule's sources with the others'.
            const alone = rules[i]!.cidrs.findIndex((c) => worldCovered([c]).length > 0);
            ctx.addIssue(
              alone >= 0
                ? {
                    code: "custom",
                    path: [i, "cidrs", alone],
                    message: `would open port ${open.port} (${open.what}) on the worker nodes to the whole internet: ${fix}`,
                  }
                : {
                    code: "custom",
                    path: [i, "cidrs"],
                    message: `would open port ${open.port} (${open.what}) on the worker nodes to the whole internet (with every rule on that port, the sources cover ${open.world.join(" and ")}): ${fix}`,
                  },
            );
          }
        }
      })
      .describe("Extra ingress rules on the worker security group."),
    routes: z.array(route).default([]).describe("Extra routes on every node route table (aws_route resources)."),
    ingressElasticIps: z
      .boolean()
      .default(false)
      .describe(
        "Give the internet-facing ingress NLB (the sync endpoint) an Elastic IP per zone, so customers' firewalls can allowlist fixed addresses (output ingress_public_ips).",
      ),
    endpoints: z
      .array(z.enum(AWS_ENDPOINT_SERVICES))
      .default([])
      .superRefine((list, ctx) => {
        list.forEach((name, i) => {
          if (list.indexOf(name) !== i) ctx.addIssue({ code: "custom", path: [i], message: "is listed twice: each endpoint once" });
        });
      })
      .describe(
        "Private AWS endpoints in the node subnets, so nodes and pods reach these services without NAT: sqs, sts, ecr (api and dkr), logs as interface endpoints with private DNS; s3 as a gateway endpoint on the node route tables (ECR's image layers come from S3).",
      ),
    pods: z
      .strictObject({
        prefixDelegation: z
          .boolean()
          .default(false)
          .describe(
            "The VPC CNI assigns /28 prefixes instead of single addresses (ENABLE_PREFIX_DELEGATION=true, WARM_PREFIX_TARGET=1): the module reserves the pod subnets' space for prefixes (aws_ec2_subnet_cidr_reservation, type prefix) so they never fragment.",
          ),
      })
      .prefault({})
      .describe("How pods get their addresses from the pod subnets."),
    scale: z
      .strictObject({
        nodes: z.number().int().min(1, "must be at least 1").describe("Nodes the data plane must hold, over all zones."),
        pods: z.number().int().min(1, "must be at least 1").describe("Pods the data plane must hold, over all zones."),
        instanceType: z
          .string()
          .regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, "is not an EC2 instance type like m6i.xlarge")
          .optional()
          .describe("The nodes' EC2 instance type (default m6i.xlarge): its ENIs decide the pods per node and the addresses each node holds."),
        maxPods: z.number().int().min(1, "must be at least 1").optional().describe("kubelet --max-pods (default: AWS's recommended value for the type)."),
      })
      .optional()
      .describe("The scale the network must hold: dpnet plan fails (DPN-SPEC-010) when a zone's subnets cannot."),
  })
  .describe("AWS data-plane network.");

export type AwsSpec = z.output<typeof awsSpec>;
export type AwsSpecInput = z.input<typeof awsSpec>;
export type AwsServiceSpec = AwsSpec["services"][number];
export type AwsFirewallSpec = AwsSpec["firewall"][number];
export type AwsRouteSpec = AwsSpec["routes"][number];
