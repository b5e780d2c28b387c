// Compact one-line views of an AWS module's load balancing, security-group rules and routes, read
// from its Terraform JSON, so tests can assert them exactly and readably.
import { parseSpec, type SpecInput } from "../../src/spec/index.js";
import type { AwsPlanSummary, DataPlanePlan } from "../../src/plan/types.js";
import { awsPlanOf } from "./plans.js";
import { moduleJson } from "../../src/terraform/json.js";
import { InputError } from "../../src/spec/errors.js";

type Obj = Record<string, unknown>;
type Resources = Record<string, Record<string, Obj[]>>;

export const BASE = { name: "acme-prod", cloud: "aws", aws: { region: "eu-west-1", vpc: { cidr: "10.20.0.0/16" } } } as const;

/** Plans BASE with extra `aws` fields and an optional controlPlane. */
export function planWith(aws: Obj, controlPlane?: Obj): DataPlanePlan<AwsPlanSummary> {
  const input = { ...BASE, aws: { ...BASE.aws, ...aws }, ...(controlPlane ? { controlPlane } : {}) };
  return awsPlanOf(parseSpec(input as SpecInput));
}

/** The message of the InputError that planning `input` throws (parse or plan). */
export function inputErrorOf(aws: Obj, controlPlane?: Obj): string {
  try {
    planWith(aws, controlPlane);
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error("expected an InputError");
}

function resources(plan: DataPlanePlan, type: string): [string, Obj][] {
  const doc = moduleJson(plan.module) as { resource?: Resources };
  return Object.entries(doc.resource?.[type] ?? {}).map(([name, bodies]) => [name, bodies[0]!]);
}

/** `${aws_lb_target_group.workers-https.arn}` -> `workers-https` */
const refName = (expr: unknown) => String(expr).replace(/^\$\{[a-z_]+\.([^.[]+).*\}$/, "$1");

/** `apiserver: internal node ipv4 sg=apiserver-nlb` */
export function nlbs(plan: DataPlanePlan): string[] {
  return resources(plan, "aws_lb").map(([name, lb]) => {
    const subnets = String(lb.subnets).includes("aws_subnet.public") ? "public" : "node";
    return `${name}: ${lb.internal ? "internal" : "internet-facing"} ${subnets} ${lb.ip_address_type} sg=${(lb.security_groups as string[]).map(refName).join(",")}`;
  });
}

/** `ingress/ingress-https: TCP 443 -> workers-https` */
export function listeners(plan: DataPlanePlan): string[] {
  return resources(plan, "aws_lb_listener").map(([name, l]) => {
    const action = (l.default_action as Obj[])[0]!;
    return `${refName(l.load_balancer_arn)}/${name}: ${l.protocol} ${l.port} -> ${refName(action.target_group_arn)}`;
  });
}

/** `workers-https: TCP 443, health HTTP 10254/healthz` (+ `, client IP off`) */
export function targetGroups(plan: DataPlanePlan): string[] {
  return resources(plan, "aws_lb_target_group").map(([name, tg]) => {
    const hc = (tg.health_check as Obj[])[0]!;
    const clientIp = tg.preserve_client_ip === false ? ", client IP off" : "";
    return `${name}: ${tg.protocol} ${tg.port}, health ${hc.protocol} ${hc.port}${hc.path ?? ""}${clientIp}`;
  });
}

function peerOf(rule: Obj): string {
  if (rule.referenced_security_group_id) return `sg:${refName(rule.referenced_security_group_id)}`;
  const each = rule.for_each;
  if (typeof each === "string" && each.includes('"')) return [...each.matchAll(/"([^"]+)"/g)].map((m) => m[1]).join(",");
  if (typeof each === "string") return `${String(rule.cidr_ipv4)} for each of ${each}`;
  return String(rule.cidr_ipv4 ?? rule.cidr_ipv6);
}

/** `in worker-ingress-https: worker tcp 443 from sg:ingress-nlb`, in module order per direction. */
export function sgRules(plan: DataPlanePlan, group?: string): string[] {
  const view = (dir: "in" | "out", type: string) =>
    resources(plan, type).map(([name, r]) => {
      const ports = r.from_port === undefined ? "all" : r.from_port === r.to_port ? `${r.from_port}` : `${r.from_port}-${r.to_port}`;
      const sg = refName(r.security_group_id);
      return { sg, text: `${dir} ${name}: ${sg} ${r.ip_protocol === "-1" ? "all" : r.ip_protocol} ${ports} ${dir === "in" ? "from" : "to"} ${peerOf(r)}` };
    });
  return [...view("in", "aws_vpc_security_group_ingress_rule"), ...view("out", "aws_vpc_security_group_egress_rule")]
    .filter((r) => group === undefined || r.sg === group)
    .map((r) => r.text);
}

/** `node-peering-192-168-4-0-24: 192.168.4.0/24 -> vpc_peering_connection_id pcx-...`, routes of every table. */
export function routes(plan: DataPlanePlan): string[] {
  return resources(plan, "aws_route").map(([name, r]) => {
    const destination = r.destination_cidr_block ?? r.destination_ipv6_cidr_block;
    const [targetKey, target] = Object.entries(r).find(([k]) => k.endsWith("_id") && k !== "route_table_id")!;
    return `${name}: ${destination} -> ${targetKey} ${String(target).startsWith("${") ? refName(target) : target}`;
  });
}

export function outputNames(plan: DataPlanePlan): string[] {
  return plan.module.blocks.filter((b) => b.kind === "output").map((b) => b.labels[0]!);
}

/** The body of one data source as Terraform JSON. */
export function dataJson(plan: DataPlanePlan, type: string, name: string): Obj {
  const doc = moduleJson(plan.module) as { data?: Resources };
  const found = doc.data?.[type]?.[name]?.[0];
  if (!found) throw new Error(`no data source ${type}.${name}`);
  return found;
}

/** The body of one variable or output as Terraform JSON. */
export function topJson(plan: DataPlanePlan, kind: "variable" | "output", name: string): Obj {
  const doc = moduleJson(plan.module) as Record<string, Record<string, Obj[]>>;
  const found = doc[kind]?.[name]?.[0];
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}
