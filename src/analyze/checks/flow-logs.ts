// Flow logs: every VPC (checkov CKV2_AWS_11, trivy AVD-AWS-0178) and every VNet a configuration
// creates records its traffic, or the spec says it chose not to. Networks the input only reads
// (an export, a data source) are not judged: their flow logs are not in the input.
import type { Finding } from "../../findings.js";
import type { Cloud } from "../../topology/model.js";
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
  run: (input) => missingFlowLogs(input, AWS_FLOW_LOGS),
});

export const vnetFlowLogs = defineCheck({
  id: "DPN-AZ-018",
  title: "Every VNet records its traffic in VNet flow logs",
  severity: "warning",
  clouds: ["azure"],
  level: "topology",
  rationale:
    "Without flow logs nothing records who talked to the data plane: an incident cannot be traced. Azure retired NSG flow logs (no new ones since 30 June 2025): a VNet flow log covers every interface of the VNet. A note where the spec leaves them off (azure.flowLogs).",
  fix: "Add an azurerm_network_watcher_flow_log whose target_resource_id is the VNet (dpnet: azure.flowLogs: true).",
  scope: "every-network",
  run: (input) => missingFlowLogs(input, AZURE_FLOW_LOGS),
});

/** What each cloud's check says of a network without flow logs. */
interface FlowLogWords {
  id: "DPN-AWS-031" | "DPN-AZ-018";
  cloud: Cloud;
  network: string;
  field: string;
  add: string;
  missing: string;
}

const AWS_FLOW_LOGS: FlowLogWords = {
  id: "DPN-AWS-031",
  cloud: "aws",
  network: "VPC",
  field: "aws.flowLogs",
  add: "add an aws_flow_log for it",
  missing: "no aws_flow_log records this VPC's traffic",
};

const AZURE_FLOW_LOGS: FlowLogWords = {
  id: "DPN-AZ-018",
  cloud: "azure",
  network: "VNet",
  field: "azure.flowLogs",
  add: "add an azurerm_network_watcher_flow_log with the VNet as target_resource_id",
  missing: "no enabled VNet flow log (azurerm_network_watcher_flow_log) targets this VNet",
};

/** Every network of the cloud that the input creates has flow logs; a note, not a warning, where the spec leaves them off. */
function missingFlowLogs(input: CheckInput, w: FlowLogWords): Finding[] {
  const chosen = input.context.flowLogs === false;
  return input.topology.networks
    .filter((n) => n.cloud === w.cloud && n.flowLogs?.length === 0)
    .map((n) =>
      finding(
        w.id,
        n.id,
        chosen
          ? `the ${w.network} has no flow logs, as the spec chose (${w.field}: false): nothing records its traffic for an investigation`
          : `the ${w.network} has no flow logs: nothing records its traffic for an investigation; ${w.add} (dpnet: ${w.field}: true)`,
        [hop(n.id, "network", w.missing)],
        chosen ? "note" : undefined,
      ),
    );
}
