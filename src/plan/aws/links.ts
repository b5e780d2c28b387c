// The control plane's two links, as the spec asks for them: sync (internet NLB or PrivateLink)
// and async (SQS with trust both ways, when the control plane's account is known).
import type { AwsRootSpec } from "../../spec/index.js";
import type { Finding } from "../../findings.js";
import type { ResourceRef, TfModule } from "../../terraform/ir.js";
import { addAsyncLink, type AsyncLinkRefs } from "./async-link.js";
import type { AwsNlbRefs } from "./nlb.js";
import { addPrivateLinkSync } from "./sync-link.js";

export interface AwsLinkRefs {
  endpointService?: ResourceRef;
  async?: AsyncLinkRefs;
}

/** Notes on control-plane fields the chosen mode does not use. */
export function linkFindings(spec: AwsRootSpec, findings: Finding[]): void {
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
  const account = { name: spec.name, region: spec.aws.region, controlPlaneAccountId: controlPlane.awsAccountId };
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
  // The spec rules make externalId present whenever awsAccountId is.
  const async = addAsyncLink(module, { ...account, externalId: controlPlane.externalId! });
  return { ...(endpointService ? { endpointService } : {}), async };
}
