// dpnet as a library: spec -> plan -> files, with the same checks the CLI runs.
export { parseSpec, specJsonSchema, specSchema, type Spec, type SpecInput } from "./spec/index.js";
export { InputError, formatProblem, type InputProblem } from "./spec/errors.js";
export { planSpec, renderPlan, generatedHeader, type SpecSource } from "./plan/index.js";
export type { DataPlanePlan, PlanSummary, DesignCheck } from "./plan/types.js";
export type { PlannedSubnet, Tier } from "./plan/addresses.js";
export type { Finding, Severity, TraceHop } from "./findings.js";
export { loadSpecFile, parseSpecText } from "./io/spec-file.js";
export { writeOutputDir } from "./io/output-dir.js";
export * as ipv4 from "./ipam/ipv4.js";
export * as tf from "./terraform/ir.js";
export { writeModule } from "./terraform/hcl.js";
export { moduleJson } from "./terraform/json.js";
export { importAwsDescribe, type AwsImportOptions } from "./import/aws-describe.js";
export { importAzureResources } from "./import/azure-resources.js";
export type { ImportResult } from "./import/types.js";
export { audit, type AuditOptions, type AuditReport } from "./analyze/audit/index.js";
