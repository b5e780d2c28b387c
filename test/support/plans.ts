// A spec's plan typed by its cloud, for tests that read one cloud's summary fields.
import { planAws } from "../../src/plan/aws/index.js";
import { planAzure } from "../../src/plan/azure/index.js";
import type { AwsPlanSummary, AzurePlanSummary, DataPlanePlan } from "../../src/plan/types.js";
import type { Spec } from "../../src/spec/index.js";

export function awsPlanOf(spec: Spec): DataPlanePlan<AwsPlanSummary> {
  if (spec.cloud !== "aws") throw new Error(`expected an AWS spec, got ${spec.cloud}`);
  return planAws(spec);
}

export function azurePlanOf(spec: Spec): DataPlanePlan<AzurePlanSummary> {
  if (spec.cloud !== "azure") throw new Error(`expected an Azure spec, got ${spec.cloud}`);
  return planAzure(spec);
}
