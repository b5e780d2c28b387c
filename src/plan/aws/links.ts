// The control plane's two links, as the spec asks for them: sync (internet NLB or PrivateLink)
// and async (SQS with trust both ways, when the control plane's account is known).
import type { AwsRootSpec } from "../../spec/index.js";
import type { OwnFinding } from "../../findings.js";
import { tpl, type ResourceRef, type TfModule } from "../../terraform/ir.js";
import { partitionOf } from "./names.js";
import { addAsyncLink, type AsyncLinkRefs } from "./async-link.js";
import type { AwsNlbRefs } from "./nlb.js";
import { addPrivateLinkSync } from "./sync-link.js";

export interface AwsLinkRefs {
  endpointService?: ResourceRef;
  async?: AsyncLinkRefs;
}

/** Notes on control-plane fields the chosen mode does not use. */
export function linkFindings(spec: AwsRootSpec, findings: OwnFinding[]): void {
  const controlPlane = spec.controlPlane;
  if (!controlPlane) return;
  if (controlPlane.connectivity === "privatelink" && controlPlane.cidrs?.length) {
    findings.push({
      id: "DPN-AWS-104",
      severity: "note",
      resource: "controlPlane.cidrs",
      message: "is not used with privatelink: the endpoint service admits the control plane's account, whatever its addresses",
      trace: [],
    });
  }
  if (!controlPlane.awsAccountId) {
    findings.push({
      id: "DPN-AWS-105",
      severity: "note",
      resource: "controlPlane.awsAccountId",
      message: "is not set, so there is no async link (SQS): its trust names the control plane's account",
      trace: [],
    });
  }
}

export function addAwsLinks(module: TfModule, spec: AwsRootSpec, nlbs: AwsNlbRefs): AwsLinkRefs {
  const controlPlane = spec.controlPlane;
  if (!controlPlane?.awsAccountId) return {};
  // Inputs of the child: a platform team calls it once per customer with that customer's control-plane identity.
  const accountId = module.variable("control_plane_account_id", {
    type: "string",
    description: "The control plane's AWS account: the principal of the PrivateLink and SQS trust. Default: the spec's controlPlane.awsAccountId.",
    default: controlPlane.awsAccountId,
    validation: {
      condition: 'can(regex("^[0-9]{12}$", var.control_plane_account_id))',
      errorMessage: "control_plane_account_id must be a 12-digit AWS account id.",
    },
  });
  const externalId = module.variable("control_plane_external_id", {
    type: "string",
    description: "sts:ExternalId the control plane presents when it assumes its role here. Default: the spec's controlPlane.externalId.",
    // The spec rules make externalId present whenever awsAccountId is.
    default: controlPlane.externalId!,
    validation: {
      // Terraform's regular expressions (RE2) repeat at most 1000 times: the length is checked apart.
      condition:
        'length(var.control_plane_external_id) >= 2 && length(var.control_plane_external_id) <= 1224 && can(regex("^[A-Za-z0-9_+=,.@:/-]+$", var.control_plane_external_id))',
      errorMessage: "control_plane_external_id must be 2 to 1224 characters of letters, digits and +=,.@:/-_.",
    },
  });
  const account = {
    name: spec.name,
    region: spec.aws.region,
    accountId,
    principal: tpl(`arn:${partitionOf(spec.aws.region)}:iam::\${${accountId.hcl}}:root`),
  };
  const crossRegion = controlPlane.awsRegion !== undefined && controlPlane.awsRegion !== spec.aws.region;
  const endpointService =
    controlPlane.connectivity === "privatelink"
      ? addPrivateLinkSync(module, {
          ...account,
          ...(crossRegion ? { controlPlaneRegion: controlPlane.awsRegion } : {}),
          ipv6: spec.aws.ipv6,
          nlb: nlbs.ingress!.lb,
        })
      : undefined;
  const async = addAsyncLink(module, { ...account, externalId });
  return { ...(endpointService ? { endpointService } : {}), async };
}
