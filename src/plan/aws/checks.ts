// The Conveyor design rules, checked on the planned addresses and the module that realises them.
import { contains, overlaps, parseCidr } from "../../ipam/ipv4.js";
import { Expr, type TfModule } from "../../terraform/ir.js";
import type { DesignCheck } from "../types.js";
import type { AwsAddressPlan } from "./addresses.js";

export function awsDesignChecks(plan: AwsAddressPlan, module: TfModule): DesignCheck[] {
  const tier = (t: string) => plan.subnets.filter((s) => s.tier === t);
  const zonesOf = (t: string) => new Set(tier(t).map((s) => s.zone)).size;
  const primary = parseCidr(plan.vpc.cidr);
  const pods = parseCidr(plan.vpc.secondaryCidrs[0]!);
  const association = module.resources("aws_vpc_ipv4_cidr_block_association").find((r) => r.body.cidr_block === plan.vpc.secondaryCidrs[0]);
  const refersTo = (v: unknown, table: string) => v instanceof Expr && new RegExp(`^aws_route_table\\.${table}(\\[|\\.|$)`).test(v.hcl);
  const routesOn = (table: string) => module.resources("aws_route").filter((r) => refersTo(r.body.route_table_id, table) || refersTo(r.body.for_each, table));
  const all = plan.subnets.map((s) => parseCidr(s.cidr));
  const overlapping = all.some((a, i) => all.some((b, j) => i < j && overlaps(a, b)));
  return [
    { rule: "secondary CIDR associated", ok: association !== undefined, detail: `${plan.vpc.secondaryCidrs[0]} on the VPC` },
    { rule: "3 public subnets in 3 zones", ok: tier("public").length === 3 && zonesOf("public") === 3, detail: tier("public").map((s) => s.cidr).join(", ") },
    { rule: "NAT gateway in a public subnet", ok: plan.natZones.length >= 1, detail: `${plan.natZones.length} (${plan.natZones.join(", ")})` },
    {
      rule: "3 node subnets >= /24 in the primary CIDR",
      ok: tier("node").length === 3 && zonesOf("node") === 3 && tier("node").every((s) => parseCidr(s.cidr).len <= 24 && contains(primary, parseCidr(s.cidr))),
      detail: `/${plan.nodeSubnetPrefix} each, default route to NAT`,
    },
    {
      rule: "3 pod subnets of /18 in the secondary CIDR",
      ok: tier("pod").length === 3 && zonesOf("pod") === 3 && tier("pod").every((s) => parseCidr(s.cidr).len === 18 && contains(pods, parseCidr(s.cidr))),
      detail: tier("pod").map((s) => s.cidr).join(", "),
    },
    { rule: "pod subnets routed only inside the VPC", ok: routesOn("pod").length === 0, detail: `${routesOn("pod").length} routes besides local` },
    { rule: "subnets do not overlap", ok: !overlapping, detail: `${all.length} subnets` },
  ];
}
