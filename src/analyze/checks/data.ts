// DPN-DATA-001: what the loader could not read, and a topology with no network at all, said as
// findings rather than left to pass silently; DPN-DATA-002: values the provider or cloud refuses.
import type { Finding } from "../../findings.js";
import { defineCheck } from "./define.js";
import { finding } from "./finding.js";
import type { CheckInput } from "./input.js";
import { gapText } from "../../import/types.js";

export const enoughData = defineCheck({
  id: "DPN-DATA-001",
  title: "Enough data to judge the network",
  severity: "warning",
  clouds: ["aws", "azure"],
  level: "topology",
  rationale: "A check that cannot see what it judges must say so rather than pass silently.",
  fix: "Give the missing part of the network (another export, the Terraform state, or the spec's intent).",
  scope: "every-network",
  run: dataGaps,
});

/** The loader's gaps, and a topology without networks. */
function dataGaps(input: CheckInput): Finding[] {
  const none = input.topology.networks.length === 0;
  return [...gapFindings(input), ...(none ? [finding("DPN-DATA-001", "input", "not enough data to judge the network: the input holds no VPC or VNet")] : [])];
}

/** Each gap's finding, about the element it names when there is one (so SARIF can point at it), else the input as a whole. */
function gapFindings({ topology, gaps }: CheckInput): Finding[] {
  if (gaps.length === 0) return [];
  const ids = new Set((Object.values(topology) as unknown[]).flatMap((list) => (Array.isArray(list) ? list.map((e: { id: string }) => e.id) : [])));
  return gaps.map((gap) => finding("DPN-DATA-001", gap.elementId !== undefined && ids.has(gap.elementId) ? gap.elementId : "input", gapText(gap)));
}

export const acceptedValues = defineCheck({
  id: "DPN-DATA-002",
  title: "Every resource is one the provider and the cloud accept",
  severity: "warning",
  clouds: ["aws", "azure"],
  level: "topology",
  rationale:
    'A value the provider or the cloud refuses (a rule of type "-1", an ingress rule with no source) makes no rule: reported, never read as something else.',
  fix: "Correct the value the finding names (or the module input it comes from).",
  scope: "every-network",
  run: refusedValues,
});

/** What the importer found the provider or the cloud would refuse. */
function refusedValues(input: CheckInput): Finding[] {
  return input.invalid.map((i) => finding("DPN-DATA-002", i.resource, i.why));
}
