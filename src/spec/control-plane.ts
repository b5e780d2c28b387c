// The control plane's side of the links (issue 3 fixes these field names): how it reaches the
// data plane synchronously (internet NLB or PrivateLink) and who it is for the SQS trust.
import { z } from "zod";
import { cidr, port } from "./common.js";
import { AWS_REGION } from "./cloud-ids.js";

export const controlPlaneSpec = z
  .strictObject({
    connectivity: z
      .enum(["internet", "privatelink"])
      .default("internet")
      .describe("Synchronous link: internet (an internet-facing NLB in the public subnets) or privatelink (an endpoint service on an internal NLB)."),
    awsAccountId: z
      .string()
      .regex(/^\d{12}$/, "must be a 12-digit AWS account id (quote it in YAML)")
      .optional()
      .describe(
        "The control plane's AWS account: the principal of the SQS and PrivateLink trust. On AWS it turns on the async link (SQS); privatelink requires it.",
      ),
    awsRegion: z
      .string()
      .regex(AWS_REGION, "is not an AWS region name like eu-west-1")
      .optional()
      .describe(
        "The control plane's AWS region, where its SQS queues are. AWS: with privatelink from another region than aws.region, the endpoint service is offered to that region too (cross-region PrivateLink: supported_regions). Azure: the region of the firewall rules to SQS and STS and of the aws-async-link module (required in customerManaged mode).",
      ),
    cidrs: z
      .array(cidr)
      .optional()
      .describe("Where the control plane's synchronous traffic comes from (internet mode; required there on AWS): the only sources the sync port admits."),
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, "must be 2 to 1224 characters of letters, digits and +=,.@:/-_")
      .optional()
      .describe("sts:ExternalId the control plane presents when it assumes the data plane's role (required with awsAccountId on AWS)."),
    port: port
      .default(443)
      .describe(
        "Port of the synchronous endpoint on the data plane. On AWS: a listener on the ingress NLB forwarding to the workers' ingress controller on the same port (shared with aws.ingress.ports when listed there).",
      ),
  })
  .describe("The remote control plane that manages this data plane.");

export type ControlPlaneSpec = z.output<typeof controlPlaneSpec>;
