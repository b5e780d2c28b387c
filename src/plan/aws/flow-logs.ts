// VPC flow logs to CloudWatch Logs (optional: `aws.flowLogs`).
import { block, tpl, type Expr, type ResourceRef, type TfModule } from "../../terraform/ir.js";

const FILE = "flow-logs.tf";

export function addAwsFlowLogs(module: TfModule, name: string, vpc: ResourceRef, retentionDays: Expr): void {
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
