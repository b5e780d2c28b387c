// What planning a spec produces, whatever the cloud.
import type { Finding } from "../findings.js";
import type { Spec } from "../spec/index.js";
import type { TfModule } from "../terraform/ir.js";
import type { PlannedSubnet } from "./addresses.js";

export interface DataPlanePlan {
  spec: Spec;
  /** The Terraform module to write. */
  module: TfModule;
  /** Files written beside the .tf files, by relative path (Kubernetes manifests, templates). */
  assets: Map<string, string>;
  /** Other root modules by subfolder, applied on their own with other credentials (Azure: `aws-async-link`). */
  extraModules?: Map<string, TfModule>;
  /** Warnings and notes from planning (errors are thrown as InputError instead); the named checks on the module are `checkPlan`'s. */
  findings: Finding[];
  /** What `dpnet plan` prints, JSON-ready. */
  summary: PlanSummary;
}

export interface PlanSummary {
  name: string;
  cloud: "aws" | "azure";
  region: string;
  zones: string[];
  subnets: PlannedSubnet[];
  [detail: string]: unknown;
}
