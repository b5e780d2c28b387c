// What planning a spec produces, whatever the cloud.
import type { ExistingVpcSummary } from "./aws/checklist.js";
import type { CheckId } from "../analyze/checks/catalog.js";
import type { OwnFinding } from "../findings.js";
import type { Spec } from "../spec/index.js";
import type { TfModule } from "../terraform/ir.js";
import type { PlannedSubnet } from "./addresses.js";
import type { AwsExtraSummary } from "./aws/summary.js";
import type { AsyncLinkSummary } from "./azure/async-link.js";
import type { NsgRuleSummary } from "./azure/security.js";
import type { CustomerRequirements, DnsForwarding } from "./azure/checklist.js";

export interface DataPlanePlan<Summary extends PlanSummary = PlanSummary> {
  spec: Spec;
  /** The Terraform module to write. */
  module: TfModule;
  /**
   * The thin root around `module` (AWS): `module` is then a child without provider blocks, written
   * to `modules/data-plane/`, and the root (providers.tf, main.tf calling it) to the folder itself.
   */
  root?: TfModule;
  /** Files written beside the .tf files, by relative path (Kubernetes manifests, templates). */
  assets: Map<string, string>;
  /** Other root modules by subfolder, applied on their own with other credentials (Azure: `aws-async-link`). */
  extraModules?: Map<string, TfModule>;
  /** Warnings and notes from planning (errors are thrown as InputError instead); the named checks on the module are `checkPlan`'s. */
  findings: OwnFinding[];
  /** Findings the spec asks for on purpose, by Terraform resource: `checkPlan` reports them as warnings, with the reason. */
  waivers: Waiver[];
  /** What `dpnet plan` prints, JSON-ready. */
  summary: Summary;
}

/** A check's failure on a resource (and its instances) that the spec asks for: a warning saying why, not an error. */
export interface Waiver {
  check: CheckId;
  /** Terraform address of the resource, without an instance key. */
  resource: string;
  /** Why, naming the spec field: "aws.firewall[0].allowPublicAdminPorts asks for it". */
  reason: string;
}

/** What every plan summary has; `cloud` tells which variant the rest is. */
interface PlanSummaryBase {
  name: string;
  region: string;
  zones: string[];
  subnets: PlannedSubnet[];
}

export interface AwsPlanSummary extends PlanSummaryBase, AwsExtraSummary {
  cloud: "aws";
  vpc: { cidr: string; secondaryCidrs: string[] };
  natGateways: { zone: string; subnet: string }[];
  flowLogs: boolean;
  /** aws.vpc.existing: the customer's VPC and what its network team must ensure. */
  existingVpc?: ExistingVpcSummary;
}

export interface AzurePlanSummary extends PlanSummaryBase {
  cloud: "azure";
  mode: "managed" | "customerManaged";
  resourceGroup: string;
  /** The address space of a VNet dpnet manages, or the id of the customer's. */
  vnet: { addressSpace: string[] } | { id: string };
  /** `centralZoneId`: a zone of the landing zone's (azure.privateDnsZoneIds), used instead of one of dpnet's. */
  privateDnsZones: { kind: string; zone: string; endpoint: boolean; centralZoneId?: string }[];
  /** VNet flow logs (azure.flowLogs). */
  flowLogs: boolean;
  customerRequirements?: CustomerRequirements;
  dnsForwarding?: DnsForwarding;
  asyncLink: AsyncLinkSummary;
  /** The control plane's synchronous link: the port on the public IP (AKS's load balancer) and whom it admits. */
  syncLink: { port: number; publicIp: string; admits: string[] };
  /** Managed mode: every NSG rule dpnet writes. */
  nsgRules?: NsgRuleSummary[];
}

export type PlanSummary = AwsPlanSummary | AzurePlanSummary;
