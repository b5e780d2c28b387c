// The spec: one document per data-plane network, as YAML or as a typed object.
import { z } from "zod";
import { awsSpec } from "./aws.js";
import { checkAwsRoot, checkAwsSpec } from "./aws-rules.js";
import { azureSpec } from "./azure.js";
import { controlPlaneSpec } from "./control-plane.js";
import { KEY_ISSUE, name } from "./common.js";
import { formatPath, InputError, type InputProblem } from "./errors.js";

const awsRoot = z
  .strictObject({
    $schema: z.string().optional().describe("Editor hint; ignored."),
    name,
    cloud: z.literal("aws"),
    aws: awsSpec.superRefine(checkAwsSpec),
    // Optional on AWS: without it the module is the network alone, with no sync or async link.
    controlPlane: controlPlaneSpec.optional(),
  })
  .superRefine(checkAwsRoot)
  .describe("A data-plane network on AWS.");

const azureRoot = z
  .strictObject({
    $schema: z.string().optional().describe("Editor hint; ignored."),
    name,
    cloud: z.literal("azure"),
    azure: azureSpec,
    controlPlane: controlPlaneSpec.prefault({}),
  })
  .superRefine((spec, ctx) => {
    // PrivateLink is an AWS service: an AKS data plane is reached through its public IP.
    if (spec.controlPlane.connectivity !== "internet") {
      ctx.addIssue({
        code: "custom",
        path: ["controlPlane", "connectivity"],
        message: "is not available on Azure: the control plane reaches an AKS data plane through its public IP (internet)",
      });
    }
    if (!spec.controlPlane.cidrs?.length) {
      ctx.addIssue({
        code: "custom",
        path: ["controlPlane", "cidrs"],
        message: "is required on Azure: the only sources the public IP admits on the control plane's port",
      });
    }
    // The customer's firewall must let the async link out to SQS and STS in the control plane's region.
    if (spec.azure.mode === "customerManaged" && !spec.controlPlane.awsRegion) {
      ctx.addIssue({
        code: "custom",
        path: ["controlPlane", "awsRegion"],
        message: "is required in customerManaged mode: your firewall must allow sqs.<region> and sts.<region> of the control plane's AWS region",
      });
    }
  })
  .describe("A data-plane network on Azure.");

export const specSchema = z
  .discriminatedUnion("cloud", [awsRoot, azureRoot])
  .describe("dpnet spec: the network of a Kubernetes data plane managed by a remote control plane.");

const CLOUDS = specSchema.options.map((o) => o.shape.cloud.value);

export type Spec = z.output<typeof specSchema>;
/** What users write: optional fields may be left out and take their defaults. */
export type SpecInput = z.input<typeof specSchema>;
export type AwsRootSpec = Extract<Spec, { cloud: "aws" }>;
export type AzureRootSpec = Extract<Spec, { cloud: "azure" }>;

/** The scale a spec declares (`aws.scale`, `azure.scale`): nodes and pods the network must hold. */
export function declaredScale(spec: Spec): { nodes: number; pods: number; maxPods?: number | undefined } | undefined {
  switch (spec.cloud) {
    case "aws":
      return spec.aws.scale;
    case "azure":
      return spec.azure.scale;
  }
}

/** Looks up the value at a path in the raw input, for error messages. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = input;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function problemOf(issue: z.core.$ZodIssue, input: unknown): InputProblem[] {
  const path = formatPath(issue.path);
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), rule: "is not a known field (check its spelling and level)" }));
    case "invalid_value":
      return [{ path, value, rule: `must be one of ${issue.values.map((v) => String(v)).join(", ")}` }];
    case "invalid_union":
      if ("note" in issue && issue.note === "No matching discriminator") return [{ path, value, rule: `must be one of ${CLOUDS.join(", ")}` }];
      return [{ path, value, rule: issue.message }];
    case "invalid_type":
      if (value === undefined) return [{ path, rule: `is required (${issue.expected === "object" ? "a mapping" : issue.expected})` }];
      return [{ path, value, rule: `must be ${issue.expected === "object" ? "a mapping" : issue.expected === "array" ? "a list" : `a ${issue.expected}`}` }];
    case "custom":
      return [{ path, ...(issue.params?.["about"] === KEY_ISSUE.about ? {} : { value }), rule: issue.message }];
    default:
      return [{ path, value, rule: issue.message }];
  }
}

/** Validates a spec object and fills in defaults; throws InputError naming every bad field. */
export function parseSpec(input: unknown): Spec {
  const result = specSchema.safeParse(input);
  if (result.success) return result.data;
  throw new InputError(result.error.issues.flatMap((issue) => problemOf(issue, input)));
}

/** JSON Schema (draft 2020-12) of the spec as users write it, for editor completion. */
export function specJsonSchema(): object {
  return z.toJSONSchema(specSchema, { io: "input", target: "draft-2020-12" });
}
