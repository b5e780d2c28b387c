// The checks on what `dpnet plan` and `dpnet synth` would write: the planned module read back
// into a topology (what is checked is what would be deployed), judged against the spec's intent.
import type { Finding } from "../../findings.js";
import { type DataPlaneContext, contextFromSpec } from "../../topology/context.js";
import { importPlan } from "../../import/source.js";
import type { ImportResult } from "../../import/types.js";
import type { DataPlanePlan } from "../../plan/types.js";
import type { Spec } from "../../spec/index.js";
import type { Topology } from "../../topology/model.js";
import { runChecks } from "./index.js";

export interface CheckedPlan {
  /** The planned module as a topology, as the checks saw it (frozen). */
  topology: Topology;
  context: DataPlaneContext;
  /** The planner's spec-level findings, then those of every named check on the module. */
  findings: Finding[];
}

const ADMIN_PORT_CHECKS = new Set(["DPN-AWS-016", "DPN-AWS-017"]);

/**
 * Admin ports a spec opens to the world on purpose (`aws.firewall[i].allowPublicAdminPorts`): the
 * planner warns (DPN-AWS-102), so the rules it writes for them (`worker-firewall-<name>`, split by
 * protocol and IP version) are warnings too rather than errors that would stop synth.
 */
function waiveAdminPorts(spec: Spec, findings: Finding[]): Finding[] {
  if (spec.cloud !== "aws") return findings;
  const waived = (spec.aws.firewall ?? []).flatMap((rule, i) =>
    rule.allowPublicAdminPorts
      ? [
          {
            i,
            rule: new RegExp(
              `^aws_vpc_security_group_ingress_rule\\.worker-firewall-${rule.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(-tcp|-udp)?(-ipv4|-ipv6)?(\\[.*\\])?$`,
            ),
          },
        ]
      : [],
  );
  return findings.map((f) => {
    const by = ADMIN_PORT_CHECKS.has(f.id) ? waived.find((w) => w.rule.test(f.resource)) : undefined;
    return by ? { ...f, severity: "warning", message: `${f.message} (aws.firewall[${by.i}].allowPublicAdminPorts asks for it)` } : f;
  });
}

/** A plan's findings: the planner's, then every named check on its module (`topology`, `gaps`). */
export function judgePlan(plan: DataPlanePlan, imported: Pick<ImportResult, "topology" | "gaps">, context: DataPlaneContext): Finding[] {
  return [...plan.findings, ...waiveAdminPorts(plan.spec, runChecks(imported.topology, context, imported.gaps))];
}

export function checkPlan(plan: DataPlanePlan): CheckedPlan {
  const imported = importPlan(plan);
  const context = contextFromSpec(plan.spec, imported.topology);
  return { topology: imported.topology, context, findings: judgePlan(plan, imported, context) };
}
