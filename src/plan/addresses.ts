// The address plan: every subnet dpnet creates, with its tier, zone and CIDR.

export type Tier = "public" | "node" | "pod" | "db";

export interface PlannedSubnet {
  tier: Tier;
  zone: string;
  cidr: string;
  /** The customer's subnet dpnet adopts (aws.vpc.existing.subnets); absent when dpnet creates it. */
  existingId?: string;
  /** Addresses left for hosts after the cloud's reserved ones (5 per subnet on AWS and Azure). */
  usableAddresses: number;
}
