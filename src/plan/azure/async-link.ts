// The async link from Azure: the SQS queues live in the control plane's AWS account, so their side
// is a separate root module (aws provider, applied with that account's credentials): the two
// queues, an IAM OIDC provider for the AKS cluster's service-account token issuer, and a role the
// data plane's service account assumes with sts:AssumeRoleWithWebIdentity.
import { block, ex, tpl, TfModule } from "../../terraform/ir.js";
import { addAwsProvider, addAwsTagsVariable, addRequiredProviders } from "../../terraform/providers.js";
import type { ControlPlaneSpec } from "../../spec/control-plane.js";

/** The folder of the output the module is written to. */
export const ASYNC_LINK_DIR = "aws-async-link";

export interface AsyncLinkSummary {
  folder: string;
  role: string;
  queues: { toDataPlane: string; toControlPlane: string };
}

export function asyncLinkSummary(name: string): AsyncLinkSummary {
  return {
    folder: `${ASYNC_LINK_DIR}/`,
    role: `${name}-data-plane`,
    queues: { toDataPlane: `${name}-to-data-plane`, toControlPlane: `${name}-to-control-plane` },
  };
}

export function asyncLinkModule(name: string, controlPlane: ControlPlaneSpec): TfModule {
  const module = new TfModule();
  const names = asyncLinkSummary(name);
  addVersions(module, controlPlane);
  const issuer = module.variable("aks_oidc_issuer_url", {
    type: "string",
    description: "The AKS cluster's OIDC issuer URL, exactly as `az aks show --query oidcIssuerProfile.issuerUrl -o tsv` prints it (the tokens' iss claim).",
    validation: { condition: `startswith(var.aks_oidc_issuer_url, "https://")`, errorMessage: "The issuer URL starts with https://." },
  });
  const namespace = module.variable("service_account_namespace", {
    type: "string",
    description: "Namespace of the Kubernetes service account the data plane's SQS client runs as.",
  });
  const account = module.variable("service_account_name", { type: "string", description: "Name of that Kubernetes service account." });
  const audience = module.variable("token_audience", {
    type: "string",
    description: "Audience (aud) of the projected service-account token the pods present to AWS STS.",
    default: "sts.amazonaws.com",
  });

  const identity = "identity.tf";
  const provider = module.resource(
    identity,
    "aws_iam_openid_connect_provider",
    "aks",
    {
      url: issuer,
      client_id_list: [audience],
    },
    "AWS STS verifies the AKS service-account tokens against the issuer's published keys.",
  );
  module.locals(identity, { issuer: ex(`replace(${provider.attr("url").hcl}, "https://", "")`) }, "IAM's condition keys name the issuer without https://.");
  const trust = module.data(identity, "aws_iam_policy_document", "data-plane-trust", {
    statement: block({
      actions: ["sts:AssumeRoleWithWebIdentity"],
      principals: block({ type: "Federated", identifiers: [provider.attr("arn")] }),
      condition: [
        block({ test: "StringEquals", variable: tpl("${local.issuer}:aud"), values: [audience] }),
        // Only the data plane's service account, not every pod of the cluster.
        block({ test: "StringEquals", variable: tpl("${local.issuer}:sub"), values: [tpl(`system:serviceaccount:\${${namespace.hcl}}:\${${account.hcl}}`)] }),
      ],
    }),
  });
  const role = module.resource(identity, "aws_iam_role", "data-plane", {
    name: names.role,
    description: `${name} data plane (AKS) on its SQS queues`,
    assume_role_policy: trust.attr("json"),
  });

  const sqs = "sqs.tf";
  // Conveyor: "The asynchronous communication leverages AWS SQS queues with a bi-directional trust relationship."
  const toDataPlane = module.resource(sqs, "aws_sqs_queue", "to-data-plane", { name: names.queues.toDataPlane, sqs_managed_sse_enabled: true });
  const toControlPlane = module.resource(sqs, "aws_sqs_queue", "to-control-plane", { name: names.queues.toControlPlane, sqs_managed_sse_enabled: true });
  const access = module.data(sqs, "aws_iam_policy_document", "data-plane-queues", {
    statement: [
      block({
        sid: "ReceiveFromControlPlane",
        actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
        resources: [toDataPlane.attr("arn")],
      }),
      block({
        sid: "SendToControlPlane",
        actions: ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
        resources: [toControlPlane.attr("arn")],
      }),
    ],
  });
  module.resource(sqs, "aws_iam_role_policy", "data-plane-queues", { name: "sqs", role: role.attr("id"), policy: access.attr("json") });

  module.output("role_arn", role.attr("arn"), "Role the data plane's service account assumes: AWS_ROLE_ARN in its pods.");
  module.output("oidc_provider_arn", provider.attr("arn"), "IAM OIDC provider of the AKS cluster's issuer.");
  module.output("to_data_plane_queue_url", toDataPlane.attr("url"), "Queue the control plane writes and the data plane reads.");
  module.output("to_control_plane_queue_url", toControlPlane.attr("url"), "Queue the data plane writes and the control plane reads.");
  module.output(
    "queue_arns",
    { to_data_plane: toDataPlane.attr("arn"), to_control_plane: toControlPlane.attr("arn") },
    "ARNs of both queues, for the control plane's own policies.",
  );
  return module;
}

function addVersions(module: TfModule, controlPlane: ControlPlaneSpec): void {
  addRequiredProviders(module, ["aws"]);
  const region = module.variable("region", {
    type: "string",
    description: "AWS region of the control plane's SQS queues.",
    ...(controlPlane.awsRegion ? { default: controlPlane.awsRegion } : {}),
  });
  // The queues belong in the control plane's account: refuse to apply anywhere else.
  addAwsProvider(module, region, addAwsTagsVariable(module, {}), controlPlane.awsAccountId ? { allowed_account_ids: [controlPlane.awsAccountId] } : {});
}
