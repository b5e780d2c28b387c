// VPC flow logs to CloudWatch Logs (optional: `aws.flowLogs`).
import { block, tpl, type ResourceRef, type TfModule } from "../../terraform/ir.js";

const FILE = "flow-logs.tf";

// CloudWatch Logs accepts only these retention periods (days); 0 keeps logs forever.
const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export function addAwsFlowLogs(module: TfModule, name: string, vpc: ResourceRef): void {
  const retentionDays = module.variable("flow_log_retention_days", {
    type: "number",
    description: "Days to keep VPC flow logs in CloudWatch Logs (0: forever).",
    default: 90,
    validation: {
      condition: `contains([${LOG_RETENTION_DAYS.join(", ")}], var.flow_log_retention_days)`,
      errorMessage: `CloudWatch Logs accepts ${LOG_RETENTION_DAYS.slice(0, -1).join(", ")} or ${LOG_RETENTION_DAYS.at(-1)} days.`,
    },
  });
  const logGroup = module.resource(FILE, "aws_cloudwatch_log_group", "flow-logs", {
    name: `/aws/vpc/${name}/flow-logs`,
    retention_in_days: retentionDays,
  });
  const account = module.data(FILE, "aws_caller_identity", "current", {});
  const trust = module.data(FILE, "aws_iam_policy_document", "flow-logs-trust", {
    statement: block({
      actions: ["sts:AssumeRole"],
      principals: block({ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }),
      // Confused-deputy guard: only flow logs of this account may use the role.
      condition: block({ test: "StringEquals", variable: "aws:SourceAccount", values: [account.attr("account_id")] }),
    }),
  });
  const role = module.resource(FILE, "aws_iam_role", "flow-logs", {
    name: `${name}-flow-logs`,
    assume_role_policy: trust.attr("json"),
  });
  const write = module.data(FILE, "aws_iam_policy_document", "flow-logs", {
    statement: block({
      actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
      resources: [tpl(`\${${logGroup.attr("arn").hcl}}:*`)],
    }),
  });
  module.resource(FILE, "aws_iam_role_policy", "flow-logs", {
    name: "write-flow-logs",
    role: role.attr("id"),
    policy: write.attr("json"),
  });
  module.resource(FILE, "aws_flow_log", "vpc", {
    vpc_id: vpc.attr("id"),
    traffic_type: "ALL",
    log_destination_type: "cloud-watch-logs",
    log_destination: logGroup.attr("arn"),
    iam_role_arn: role.attr("arn"),
    max_aggregation_interval: 60,
    tags: { Name: `${name}-flow-logs` },
  });
}
