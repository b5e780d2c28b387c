// VPC flow logs (checkov CKV2_AWS_11, trivy AVD-AWS-0178): every VPC a configuration creates
// records its traffic, or the spec says it chose not to.
import type { Finding } from "../../findings.js";
import { finding, hop } from "./finding.js";
import type { CheckInput } from "./input.js";
import { defineCheck } from "./define.js";

export const vpcFlowLogs = defineCheck({
  id: "DPN-AWS-031",
  title: "Every VPC records its traffic in flow logs",
  severity: "warning",
  clouds: ["aws"],
  level: "topology",
  rationale:
    "Without flow logs nothing records who talked to the data plane: an incident cannot be traced (CIS AWS 3.9). A note where the spec leaves them off (aws.flowLogs).",
  fix: "Add an aws_flow_log for the VPC (dpnet: aws.flowLogs: true).",
  crosswalk: { checkov: ["CKV2_AWS_11"], trivy: ["AVD-AWS-0178"] },
  scope: "every-network",
  run: flowLogs,
});

/** DPN-AWS-031: every VPC has flow logs; a note, not a warning, where the spec leaves them off. */
function flowLogs(input: CheckInput): Finding[] {
  const chosen = input.context.flowLogs === false;
  return input.topology.networks
    .filter((n) => n.cloud === "aws" && n.flowLogs?.length === 0)
    .map((n) =>
      finding(
        "DPN-AWS-031",
        n.id,
        chosen
          ? "the VPC has no flow logs, as the spec chose (aws.flowLogs: false): nothing records its traffic for an investigation"
          : "the VPC has no flow logs: nothing records its traffic for an investigation; add an aws_flow_log for it (dpnet: aws.flowLogs: true)",
        [hop(n.id, "network", "no aws_flow_log records this VPC's traffic")],
        chosen ? "note" : undefined,
      ),
    );
}
