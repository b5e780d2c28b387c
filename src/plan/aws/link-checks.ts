// The seeds' load-balancing and control-plane-link rules, checked on the emitted module: the
// apiserver and ingress listeners, the sync link of the chosen mode, and the async link's queues
// and trust.
import { Block, Expr, Template, type Body, type TfModule, type TopBlock, type Value } from "../../terraform/ir.js";
import type { AwsRootSpec } from "../../spec/index.js";
import type { DesignCheck } from "../types.js";
import { APISERVER_PORT } from "./load-balancing.js";
import { accountRoot, portLabel } from "./names.js";

function find(module: TfModule, kind: "resource" | "data", type: string, name: string): TopBlock | undefined {
  return module.blocks.find((b) => b.kind === kind && b.labels[0] === type && b.labels[1] === name);
}

const refersTo = (value: unknown, address: string): boolean => value instanceof Expr && value.hcl.includes(address);
const nested = (body: Body | undefined, name: string): Body[] => {
  const value = body?.[name];
  return (Array.isArray(value) ? value : [value]).filter((b): b is Block => b instanceof Block).map((b) => b.body);
};

/** A listener on `port` forwarding to target group `targetGroup`, whose targets listen on `targetPort`. */
function forwards(module: TfModule, listenerName: string, port: number, targetGroup: string, targetPort: number): boolean {
  const listener = find(module, "resource", "aws_lb_listener", listenerName);
  const tg = find(module, "resource", "aws_lb_target_group", targetGroup);
  const action = nested(listener?.body, "default_action")[0];
  return listener?.body.port === port && tg?.body.port === targetPort && refersTo(action?.target_group_arn, `aws_lb_target_group.${targetGroup}.`);
}

/** CIDRs the ingress NLB's security group admits on `port`, read from its ingress rules. */
function admittedOn(module: TfModule, port: number): string[] {
  return module
    .resources("aws_vpc_security_group_ingress_rule")
    .filter((r) => refersTo(r.body.security_group_id, "aws_security_group.ingress-nlb.") && (r.body.from_port as number) <= port && (r.body.to_port as number) >= port)
    .flatMap((r) => {
      const literal = r.body.cidr_ipv4 ?? r.body.cidr_ipv6;
      if (typeof literal === "string") return [literal];
      const each = r.body.for_each;
      return each instanceof Expr ? [...each.hcl.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) : [];
    });
}

function loadBalancingChecks(spec: AwsRootSpec, module: TfModule): DesignCheck[] {
  const checks: DesignCheck[] = [];
  // Typhoon: "A network load balancer (NLB) distributes IPv4 TCP/6443 traffic across a target group of controller nodes".
  if (spec.aws.apiserver) {
    checks.push({ rule: "kube-apiserver NLB: TCP 6443 to the controllers", ok: forwards(module, "apiserver", APISERVER_PORT, "controllers", APISERVER_PORT), detail: "listener apiserver -> target group controllers" });
  }
  // Typhoon: "A network load balancer (NLB) distributes IPv4 TCP/80 and TCP/443 traffic across two target groups of worker nodes".
  const ports = spec.aws.ingress?.ports ?? [];
  if (ports.length) {
    const ok = ports.every((p) => forwards(module, `ingress-${portLabel(p)}`, p, `workers-${portLabel(p)}`, p));
    checks.push({ rule: `ingress NLB: TCP ${ports.join("/")} to the workers`, ok, detail: ports.map((p) => `ingress-${portLabel(p)} -> workers-${portLabel(p)}`).join(", ") });
  }
  return checks;
}

function syncCheck(spec: AwsRootSpec, module: TfModule): DesignCheck {
  const controlPlane = spec.controlPlane!;
  const nlb = find(module, "resource", "aws_lb", "ingress");
  if (controlPlane.connectivity === "internet") {
    // Conveyor: "The default way is that we expose a NLB in the data plane public subnets."
    const admitted = admittedOn(module, controlPlane.port);
    const cidrs = controlPlane.cidrs ?? [];
    const ok = nlb?.body.internal === false && refersTo(nlb.body.subnets, "aws_subnet.public") && cidrs.every((c) => admitted.includes(c));
    return { rule: "sync link: internet-facing NLB in the public subnets", ok, detail: `TCP ${controlPlane.port} admits ${cidrs.join(", ")}` };
  }
  // Conveyor: "a VPC endpoint service in the data plane connected to a private network load balancer".
  const service = find(module, "resource", "aws_vpc_endpoint_service", "sync");
  const principal = accountRoot(spec.aws.region, controlPlane.awsAccountId ?? "");
  const principals = service?.body.allowed_principals as Value[] | undefined;
  const allInternal = module.resources("aws_lb").every((lb) => lb.body.internal === true);
  const ok = allInternal && refersTo(nlb?.body.subnets, "aws_subnet.node") && principals?.length === 1 && principals[0] === principal;
  return { rule: "sync link: PrivateLink endpoint service on an internal NLB", ok, detail: `allowed principal ${principal}; no internet-facing NLB` };
}

function asyncCheck(spec: AwsRootSpec, module: TfModule): DesignCheck {
  const principal = accountRoot(spec.aws.region, spec.controlPlane!.awsAccountId!);
  const encrypted = ["inbound", "inbound-dlq"].every((q) => find(module, "resource", "aws_sqs_queue", q)?.body.sqs_managed_sse_enabled === true);
  const redrive = find(module, "resource", "aws_sqs_queue_redrive_policy", "inbound") !== undefined;
  const statements = (name: string) => nested(find(module, "data", "aws_iam_policy_document", name)?.body, "statement");
  const sender = statements("inbound").some((s) => nested(s, "principals").some((p) => JSON.stringify(p.identifiers) === JSON.stringify([principal])));
  const externalId = statements("control-plane-trust").some((s) => nested(s, "condition").some((c) => c.variable === "sts:ExternalId"));
  const serviceAccount = statements("agent-trust").some((s) => nested(s, "condition").some((c) => c.variable instanceof Template && c.variable.text.endsWith(":sub")));
  return {
    rule: "async link: encrypted SQS queue with a dead-letter queue, trust scoped both ways",
    ok: encrypted && redrive && sender && externalId && serviceAccount,
    detail: `sender ${principal}; control plane role needs sts:ExternalId; agent role for one service account`,
  };
}

export function awsLinkChecks(spec: AwsRootSpec, module: TfModule): DesignCheck[] {
  return [
    ...loadBalancingChecks(spec, module),
    ...(spec.controlPlane ? [syncCheck(spec, module)] : []),
    ...(spec.controlPlane?.awsAccountId ? [asyncCheck(spec, module)] : []),
  ];
}
