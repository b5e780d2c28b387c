// Every check dpnet reports, in report order: one object each (define.ts), defined beside the
// code that judges it. Spec-level ids (emitted while planning a spec) and those of `dpnet
// exposure`, `dpnet test` and the capacity audit are listed too, so every finding's id has an
// entry for SARIF and the README; `CheckId` is the union of these ids, the only ids a finding can carry.
import { eksControlPlaneReachesWorkers } from "./aws-eks.js";
import { serviceEndpointsAdmitHttps } from "./aws-endpoints.js";
import { nodeSubnetsSized, podCidrAssociated, podSubnetsSized, tiersInThreeZones } from "./aws-layout.js";
import { nodesEgressThroughNat, podsRoutedInside, podsUnreachable, publicSubnetsToIgw } from "./aws-paths.js";
import {
  customDnsServersReachable,
  dbSubnetDelegated,
  dbSubnetSize,
  firewallDefaultRoute,
  podsSubnetSize,
  privateDnsZonesLinked,
  privateServicesPublicAccessOff,
  syncPublicIpStandard,
} from "./azure.js";
import { nodeSubnetSurgeRoom, podsOnPodSubnets } from "./capacity.js";
import { acceptedValues, enoughData } from "./data.js";
import { vnetFlowLogs, vpcFlowLogs } from "./flow-logs.js";
import { awsSubnetsFit, azureSubnetsFit } from "./layout.js";
import { noInternetEveryPort, noWorldEveryPort } from "./open-ports.js";
import {
  defaultSecurityGroupEmpty,
  noInternetRdp,
  noInternetSsh,
  noWorldRdp,
  noWorldSsh,
  nsgPerSubnet,
  queuePoliciesScoped,
  queuesEncrypted,
  roleTrustScoped,
} from "./security.js";
import { controlPlaneExposure, egressExposure, intentsHold, internetExposure } from "./space.js";
import {
  adminPortsOnPurpose,
  apiserverNotWorldOpen,
  centralZonesResolve,
  controlPlaneCidrsUnused,
  noAsyncWithoutAccount,
  nodesSubnetSize,
  podCidrInCgnat,
  subnetsHoldScale,
  syncPortShared,
  transitGatewayPropagation,
  vnetClearOfServiceCidr,
  vpcClearOfDocker,
} from "./spec.js";
import {
  apiserverAllowedCidrs,
  apiserverForwards,
  controlPlaneReachesAzureSync,
  controlPlaneReachesSync,
  endpointServiceAcceptance,
  endpointServiceInRegion,
  endpointServiceOnlyControlPlane,
  noInternetFacingSync,
  onlyControlPlaneOnAzureSync,
  onlyControlPlaneOnSync,
} from "./sync.js";
import type { Check, CheckInfo } from "./define.js";

export type { Applicability, Check, CheckInfo, Crosswalk, Scope } from "./define.js";

export const CHECKS = [
  enoughData,
  acceptedValues,
  podCidrInCgnat,
  vpcClearOfDocker,
  subnetsHoldScale,
  podCidrAssociated,
  tiersInThreeZones,
  nodeSubnetsSized,
  podSubnetsSized,
  podsRoutedInside,
  podsUnreachable,
  nodesEgressThroughNat,
  publicSubnetsToIgw,
  controlPlaneReachesSync,
  onlyControlPlaneOnSync,
  endpointServiceOnlyControlPlane,
  endpointServiceAcceptance,
  noInternetFacingSync,
  apiserverAllowedCidrs,
  defaultSecurityGroupEmpty,
  noWorldSsh,
  noWorldRdp,
  queuePoliciesScoped,
  queuesEncrypted,
  apiserverForwards,
  awsSubnetsFit,
  roleTrustScoped,
  serviceEndpointsAdmitHttps,
  endpointServiceInRegion,
  eksControlPlaneReachesWorkers,
  nodeSubnetSurgeRoom,
  podsOnPodSubnets,
  noWorldEveryPort,
  vpcFlowLogs,
  apiserverNotWorldOpen,
  adminPortsOnPurpose,
  controlPlaneCidrsUnused,
  noAsyncWithoutAccount,
  syncPortShared,
  transitGatewayPropagation,
  vnetClearOfServiceCidr,
  nodesSubnetSize,
  podsSubnetSize,
  dbSubnetSize,
  dbSubnetDelegated,
  firewallDefaultRoute,
  nsgPerSubnet,
  privateDnsZonesLinked,
  noInternetSsh,
  noInternetRdp,
  controlPlaneReachesAzureSync,
  onlyControlPlaneOnAzureSync,
  azureSubnetsFit,
  syncPublicIpStandard,
  centralZonesResolve,
  customDnsServersReachable,
  privateServicesPublicAccessOff,
  vnetFlowLogs,
  noInternetEveryPort,
  internetExposure,
  controlPlaneExposure,
  egressExposure,
  intentsHold,
] as const;

export type CheckId = (typeof CHECKS)[number]["id"];

const BY_ID: ReadonlyMap<string, Check> = new Map(CHECKS.map((c) => [c.id, c]));

/** The catalog entry of an id; throws for an id that is not registered (a bug: every finding's id must be). */
export function checkInfo(id: string): CheckInfo {
  const info = BY_ID.get(id);
  if (!info) throw new Error(`check ${id} is not in the catalog`);
  return info;
}
