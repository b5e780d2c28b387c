// The AWS part of the spec. Field names here are a public interface (issues 2 and 3 fix them).
import { z } from "zod";
import { cidr, tags } from "./common.js";

export const awsSpec = z
  .strictObject({
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "is not an AWS region name like eu-west-1")
      .describe("AWS region, e.g. eu-west-1."),
    zones: z
      .array(z.string())
      .length(3, "must list exactly 3 availability zones")
      .optional()
      .describe("Exactly 3 distinct availability zones of the region. Default: the region's a, b and c zones."),
    vpc: z
      .strictObject({
        cidr: cidr.describe("Primary IPv4 CIDR of the VPC (/16 to /28): public and node subnets are carved from it."),
        podCidr: cidr
          .default("100.64.0.0/16")
          .describe("Secondary CIDR associated with the VPC for pods (VPC CNI custom networking); 3 pod subnets of /18 are carved from it."),
      })
      .describe("The VPC's address space."),
    nat: z
      .enum(["perZone", "single"])
      .default("perZone")
      .describe("perZone: a NAT gateway in every zone (zone-local egress, survives a zone outage). single: one NAT gateway in the first zone (cheaper)."),
    nodeSubnetPrefix: z
      .number()
      .int()
      .min(16, "must be 16 or more: AWS subnets are /16 to /28")
      .max(24, "must be 24 or less: node subnets must be at least a /24")
      .optional()
      .describe("Prefix length of the node subnets (at most 24, i.e. at least a /24). Default: primary prefix + 2, between /20 and /24."),
    publicSubnetPrefix: z
      .number()
      .int()
      .min(16, "must be 16 or more: AWS subnets are /16 to /28")
      .max(28, "must be 28 or less: AWS subnets are /16 to /28")
      .optional()
      .describe("Prefix length of the public subnets (NAT gateways and load balancers only). Default: /24, or smaller when the primary CIDR is tight."),
    flowLogs: z
      .boolean()
      .default(false)
      .describe("Send VPC flow logs (all traffic) to a CloudWatch log group."),
    tags: tags.optional(),
  })
  .describe("AWS data-plane network.");

export type AwsSpec = z.output<typeof awsSpec>;
export type AwsSpecInput = z.input<typeof awsSpec>;
