// dpnet as a library: spec -> plan -> files, and any network (spec, Terraform, exports) -> topology
// -> checks, reachability, diagram: everything the CLI does.
export { parseSpec, specJsonSchema, specSchema, type Spec, type SpecInput } from "./spec/index.js";
export { InputError, formatProblem, type InputProblem } from "./spec/errors.js";
export { planSpec, renderPlan, generatedHeader, type SpecSource } from "./plan/index.js";
export type { DataPlanePlan, PlanSummary } from "./plan/types.js";
export type { PlannedSubnet, Tier } from "./plan/addresses.js";
export { type Finding, type Severity, type TraceHop, hasErrors } from "./findings.js";
export { CHECKS, checkInfo, runChecks, type CheckInfo, type DataPlaneContext } from "./analyze/checks/index.js";
export { checkPlan, type CheckedPlan } from "./analyze/checks/plan.js";
export { reach, reachEngine, QueryError, type ReachQuery, type ReachResult } from "./analyze/reach.js";
export type * from "./topology/model.js";
export { loadSource, type LoadedSource, type SourceOptions } from "./import/source.js";
export { importTerraformConfig } from "./import/terraform-config.js";
export { importTerraformShow } from "./import/terraform-show.js";
export { renderDiagram, type DiagramOptions } from "./render/diagram.js";
export { renderReport } from "./render/report.js";
export { toSarif, type SarifOptions } from "./report/sarif.js";
export { formatFindings } from "./report/text.js";
export { loadSpecFile, parseSpecText } from "./io/spec-file.js";
export { writeGeneratedFile, writeOutputDir } from "./io/output-dir.js";
export * as ipv4 from "./ipam/ipv4.js";
export * as tf from "./terraform/ir.js";
export { writeModule } from "./terraform/hcl.js";
export { moduleJson } from "./terraform/json.js";
export { importAwsDescribe, type AwsImportOptions } from "./import/aws-describe.js";
export { importAzureResources } from "./import/azure-resources.js";
export type { ImportResult } from "./import/types.js";
export { audit, type AuditOptions, type AuditReport } from "./analyze/audit/index.js";
