// The asynchronous link (connectivity.tf): an SQS queue the control plane sends to, with a
// dead-letter queue, and the trust both ways: the control plane's account may send (queue policy)
// and assume a role guarded by sts:ExternalId; the data-plane agent, through the cluster's OIDC
// provider, may consume the queue and send to the control plane's queue.
import { block, ex, tpl, type Block, type Expr, type ResourceRef, type Template, type TfModule, type Value } from "../../terraform/ir.js";

const FILE = "connectivity.tf";

// Standard-queue messages keep their first enqueue time in the dead-letter queue, so it keeps them longer (SQS maximum).
const RETENTION_SECONDS = { queue: 4 * 24 * 3600, deadLetters: 14 * 24 * 3600 };
export const MAX_RECEIVES = 5;
export const queueNames = (name: string) => ({ queue: `${name}-inbound`, deadLetters: `${name}-inbound-dlq` });

export interface AsyncLinkInput {
  name: string;
  region: string;
  /** var.control_plane_account_id, and the principal standing for that account. */
  accountId: Expr;
  principal: Template;
  externalId: Expr;
}

export interface AsyncLinkRefs {
  queue: ResourceRef;
  deadLetters: ResourceRef;
  agentRole: ResourceRef;
  controlPlaneRole: ResourceRef;
}

const allow = (sid: string, actions: string[], resources: (string | Expr)[]): Block => block({ sid, actions, resources });

// Conveyor: "The asynchronous communication leverages AWS SQS queues with a bi-directional trust relationship."
export function addAsyncLink(module: TfModule, input: AsyncLinkInput): AsyncLinkRefs {
  const { queue, deadLetters } = addQueues(module, input.name);
  const controlPlane = input.principal;
  addQueuePolicy(module, queue, controlPlane);
  return {
    queue,
    deadLetters,
    agentRole: addAgentRole(module, input, queue),
    controlPlaneRole: addControlPlaneRole(module, input, controlPlane, queue, deadLetters),
  };
}

function addQueues(module: TfModule, name: string): { queue: ResourceRef; deadLetters: ResourceRef } {
  // SSE-SQS rather than KMS: a sender in another account needs no grant on the key (aws/sqs cannot give one).
  const names = queueNames(name);
  const deadLetters = module.resource(
    FILE,
    "aws_sqs_queue",
    "inbound-dlq",
    {
      name: names.deadLetters,
      sqs_managed_sse_enabled: true,
      message_retention_seconds: RETENTION_SECONDS.deadLetters,
    },
    `Messages the agent failed to process ${MAX_RECEIVES} times, kept 14 days for inspection and redrive.`,
  );
  const queue = module.resource(
    FILE,
    "aws_sqs_queue",
    "inbound",
    {
      name: names.queue,
      sqs_managed_sse_enabled: true,
      message_retention_seconds: RETENTION_SECONDS.queue,
      visibility_timeout_seconds: 60,
      // Long polling: the agent's empty receives wait up to 20 s instead of returning at once.
      receive_wait_time_seconds: 20,
    },
    "Messages from the control plane to this data plane, encrypted at rest (SSE-SQS).",
  );
  module.resource(FILE, "aws_sqs_queue_redrive_policy", "inbound", {
    queue_url: queue.attr("id"),
    redrive_policy: ex(`jsonencode({ deadLetterTargetArn = ${deadLetters.attr("arn").hcl}, maxReceiveCount = ${MAX_RECEIVES} })`),
  });
  module.resource(
    FILE,
    "aws_sqs_queue_redrive_allow_policy",
    "inbound-dlq",
    {
      queue_url: deadLetters.attr("id"),
      redrive_allow_policy: ex(`jsonencode({ redrivePermission = "byQueue", sourceQueueArns = [${queue.attr("arn").hcl}] })`),
    },
    "Only the inbound queue may use this one as its dead-letter queue.",
  );
  return { queue, deadLetters };
}

function addQueuePolicy(module: TfModule, queue: ResourceRef, controlPlane: Template): void {
  const policy = module.data(
    FILE,
    "aws_iam_policy_document",
    "inbound",
    {
      statement: [
        block({
          sid: "ControlPlaneSends",
          principals: block({ type: "AWS", identifiers: [controlPlane] }),
          actions: ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
          resources: [queue.attr("arn")],
        }),
        block({
          sid: "TlsOnly",
          effect: "Deny",
          principals: block({ type: "*", identifiers: ["*"] }),
          actions: ["sqs:*"],
          resources: [queue.attr("arn")],
          condition: block({ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }),
        }),
      ],
    },
    "The control plane's account may send; nobody may use the queue without TLS.",
  );
  module.resource(FILE, "aws_sqs_queue_policy", "inbound", { queue_url: queue.attr("id"), policy: policy.attr("json") });
}

/** Variables for the agent's role: the cluster's OIDC provider, its service account, the control plane's queue. */
function agentVariables(module: TfModule) {
  return {
    providerArn: module.variable("oidc_provider_arn", {
      type: "string",
      description: "ARN of the cluster's IAM OIDC provider. The agent's role is created once it is set (the cluster usually comes after the network).",
      default: null,
      validation: {
        condition: 'var.oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/.+$", var.oidc_provider_arn))',
        errorMessage: "oidc_provider_arn must be an IAM OIDC provider ARN: arn:aws:iam::<account>:oidc-provider/<issuer host and path>.",
      },
    }),
    issuer: module.variable("oidc_issuer", {
      type: "string",
      description: "Issuer URL of the cluster's OIDC provider (e.g. https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE); needed with oidc_provider_arn.",
      default: null,
    }),
    serviceAccount: module.variable("agent_service_account", {
      type: "object({\n    namespace = string\n    name      = string\n  })",
      description: "Kubernetes service account of the data-plane agent: the only one that may assume the agent's role.",
      default: { namespace: "dataplane", name: "dataplane-agent" },
    }),
    controlPlaneQueueArn: module.variable("control_plane_queue_arn", {
      type: "string",
      description: "ARN of the control plane's queue the agent sends to; needed with oidc_provider_arn.",
      default: null,
      validation: {
        condition:
          'var.control_plane_queue_arn == null || can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}([.]fifo)?$", var.control_plane_queue_arn))',
        errorMessage: "control_plane_queue_arn must be an SQS queue ARN.",
      },
    }),
  };
}

/** The data-plane agent's role, assumed through the cluster's OIDC provider by one service account. */
function addAgentRole(module: TfModule, input: AsyncLinkInput, queue: ResourceRef): ResourceRef {
  const vars = agentVariables(module);
  module.locals(
    FILE,
    { oidc_issuer: ex(`${vars.issuer.hcl} == null ? null : trimprefix(${vars.issuer.hcl}, "https://")`) },
    "IAM condition keys name the issuer without its scheme.",
  );
  const enabled = ex(`${vars.providerArn.hcl} == null ? 0 : 1`);
  const claim = (name: string, value: Value) => block({ test: "StringEquals", variable: tpl(`\${local.oidc_issuer}:${name}`), values: [value] });
  const trust = module.data(FILE, "aws_iam_policy_document", "agent-trust", {
    count: enabled,
    statement: block({
      actions: ["sts:AssumeRoleWithWebIdentity"],
      principals: block({ type: "Federated", identifiers: [vars.providerArn] }),
      condition: [
        claim("sub", tpl(`system:serviceaccount:\${${vars.serviceAccount.hcl}.namespace}:\${${vars.serviceAccount.hcl}.name}`)),
        claim("aud", "sts.amazonaws.com"),
      ],
    }),
  });
  const role = module.resource(
    FILE,
    "aws_iam_role",
    "agent",
    {
      count: enabled,
      name: `${input.name}-agent`,
      description: "Data-plane agent: consumes the inbound queue, sends to the control plane's queue",
      assume_role_policy: trust.at(ex("0"), "json"),
      lifecycle: block({
        precondition: [
          block({
            condition: ex(`${vars.issuer.hcl} != null && ${vars.controlPlaneQueueArn.hcl} != null`),
            error_message: "oidc_issuer and control_plane_queue_arn are needed with oidc_provider_arn.",
          }),
          // A variable's validation cannot name another variable before Terraform 1.9: checked here.
          block({
            condition: ex(`try(split(":", ${vars.controlPlaneQueueArn.hcl})[4] == ${input.accountId.hcl}, false)`),
            error_message: "control_plane_queue_arn must be a queue in the control plane's account (control_plane_account_id).",
          }),
        ],
      }),
    },
    "Created once oidc_provider_arn is set; a role per data plane, for one service account.",
  );
  const permissions = module.data(FILE, "aws_iam_policy_document", "agent", {
    count: enabled,
    statement: [
      allow(
        "ConsumeInbound",
        ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
        [queue.attr("arn")],
      ),
      allow("SendToControlPlane", ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"], [vars.controlPlaneQueueArn]),
    ],
  });
  module.resource(FILE, "aws_iam_role_policy", "agent", {
    count: enabled,
    name: "sqs-link",
    role: role.at(ex("0"), "id"),
    policy: permissions.at(ex("0"), "json"),
  });
  return role;
}

/** The role the control plane assumes in this account, only with the agreed sts:ExternalId. */
function addControlPlaneRole(module: TfModule, input: AsyncLinkInput, controlPlane: Template, queue: ResourceRef, deadLetters: ResourceRef): ResourceRef {
  const trust = module.data(FILE, "aws_iam_policy_document", "control-plane-trust", {
    statement: block({
      actions: ["sts:AssumeRole"],
      principals: block({ type: "AWS", identifiers: [controlPlane] }),
      // Confused-deputy guard: the control plane presents the ExternalId agreed for this data plane.
      condition: block({ test: "StringEquals", variable: "sts:ExternalId", values: [input.externalId] }),
    }),
  });
  const role = module.resource(FILE, "aws_iam_role", "control-plane", {
    name: `${input.name}-control-plane`,
    description: "Assumed by the control plane (with its ExternalId) to watch the link and redrive dead letters",
    assume_role_policy: trust.attr("json"),
    max_session_duration: 3600,
  });
  const permissions = module.data(FILE, "aws_iam_policy_document", "control-plane", {
    statement: [
      // SendMessage too: a message move task sends the dead letters back to the inbound queue as the caller.
      allow("WatchInbound", ["sqs:GetQueueAttributes", "sqs:SendMessage"], [queue.attr("arn")]),
      allow(
        "RedriveDeadLetters",
        [
          "sqs:GetQueueAttributes",
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:StartMessageMoveTask",
          "sqs:ListMessageMoveTasks",
          "sqs:CancelMessageMoveTask",
        ],
        [deadLetters.attr("arn")],
      ),
    ],
  });
  module.resource(FILE, "aws_iam_role_policy", "control-plane", {
    name: "sqs-link",
    role: role.attr("id"),
    policy: permissions.attr("json"),
  });
  return role;
}
