// The named checks: each a small function over the topology and the data plane's intent, run in
// catalog order. `runChecks` is what `dpnet verify`, `plan`, `synth` and `audit` report.
import type { Finding } from "../../findings.js";
import type { InvalidInput } from "../../import/types.js";
import type { Topology } from "../../topology/model.js";
import { reachEngine } from "../reach.js";
import { CHECKS } from "./catalog.js";
import { nodeSubnets, podSubnets, secondaryCidr, threeZones } from "./aws-layout.js";
import { serviceEndpoints } from "./aws-endpoints.js";
import { eksControlPlane } from "./aws-eks.js";
import { nodesEgress, podsNoEgress, podsNoIngress, publicToIgw } from "./aws-paths.js";
import { customDnsReachable, dbSubnet, defaultRouteToFirewall, podsSize, privateDnsLinked, privateServicesClosed, syncPublicIp } from "./azure.js";
import { finding, sortFindings } from "./finding.js";
import { type CheckInput, type DataPlaneContext, gapSubject, gapSubjects } from "./input.js";
import { flowLogs } from "./flow-logs.js";
import { subnetsFit } from "./layout.js";
import { awsEveryPort, azureEveryPort } from "./open-ports.js";
import { apiserver, azureSync, endpointServices, syncLink } from "./sync.js";
import { awsAdminPorts, azureAdminPorts, defaultSecurityGroup, nsgOnEverySubnet, queueEncryption, queuePolicies, roleTrust } from "./security.js";

export { CHECKS, checkInfo, type CheckInfo } from "./catalog.js";
export type { DataPlaneContext } from "./input.js";

type Check = (input: CheckInput) => Finding[];

/** Checks that only make sense for a data plane on one cloud. */
const BY_CLOUD: Record<"aws" | "azure", readonly Check[]> = {
  aws: [
    secondaryCidr,
    threeZones,
    nodeSubnets,
    podSubnets,
    podsNoEgress,
    podsNoIngress,
    nodesEgress,
    publicToIgw,
    syncLink,
    apiserver,
    serviceEndpoints,
    eksControlPlane,
  ],
  azure: [podsSize, dbSubnet, defaultRouteToFirewall, azureSync, syncPublicIp, customDnsReachable],
};

/** Checks of any element of either cloud the topology holds. */
const EVERYWHERE: readonly Check[] = [
  endpointServices,
  defaultSecurityGroup,
  awsAdminPorts,
  awsEveryPort,
  flowLogs,
  queuePolicies,
  queueEncryption,
  roleTrust,
  subnetsFit,
  nsgOnEverySubnet,
  privateDnsLinked,
  privateServicesClosed,
  azureAdminPorts,
  azureEveryPort,
];

const ORDER: ReadonlyMap<string, number> = new Map(CHECKS.map((c, i) => [c.id, i]));

/** Each gap's finding, about the element it names when there is one (so SARIF can point at it), else the input as a whole. */
function gapFindings(topology: Topology, gaps: readonly string[]): Finding[] {
  if (gaps.length === 0) return [];
  const ids = new Set((Object.values(topology) as unknown[]).flatMap((list) => (Array.isArray(list) ? list.map((e: { id: string }) => e.id) : [])));
  return gaps.map((gap) => {
    const subject = gapSubject(gap);
    return finding("DPN-DATA-001", subject !== undefined && ids.has(subject) ? subject : "input", gap);
  });
}

/** Which cloud the data plane is on: as the context says, else the cloud of the topology's networks when they agree. */
function cloudOf(topology: Topology, context: DataPlaneContext): "aws" | "azure" | undefined {
  if (context.cloud) return context.cloud;
  const clouds = new Set(topology.networks.map((n) => n.cloud));
  return clouds.size === 1 ? [...clouds][0] : undefined;
}

/**
 * Every check on a topology. `gaps` (what the loader could not read) become DPN-DATA-001 findings,
 * `invalid` (values the provider or cloud refuses) DPN-DATA-002 findings.
 * The topology is frozen (see reachEngine): build a new one to check a changed network.
 */
export function runChecks(topology: Topology, context: DataPlaneContext, gaps: readonly string[] = [], invalid: readonly InvalidInput[] = []): Finding[] {
  const input: CheckInput = { topology, context, engine: reachEngine(topology), unknown: gapSubjects(gaps) };
  const cloud = cloudOf(topology, context);
  const checks = [...(cloud ? BY_CLOUD[cloud] : []), ...EVERYWHERE];
  const findings = [
    ...gapFindings(topology, gaps),
    ...invalid.map((i) => finding("DPN-DATA-002", i.resource, i.why)),
    ...(topology.networks.length === 0 ? [finding("DPN-DATA-001", "input", "not enough data to judge the network: the input holds no VPC or VNet")] : []),
    ...checks.flatMap((check) => check(input)),
  ];
  return sortFindings(findings, ORDER);
}
