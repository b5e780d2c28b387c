// The synchronous link in PrivateLink mode (connectivity.tf): an endpoint service on the internal
// ingress NLB that only the control plane's account may connect to. In internet mode the link is
// the internet-facing ingress NLB itself (load-balancing.ts) and nothing is added here.
import type { ResourceRef, Template, TfModule } from "../../terraform/ir.js";

const FILE = "connectivity.tf";

export interface PrivateLinkInput {
  name: string;
  region: string;
  /** `arn:aws:iam::<account>:root` of the control plane's account (var.control_plane_account_id). */
  principal: Template;
  /** The control plane's region when it is not the data plane's: the service is offered there too (cross-region PrivateLink). */
  controlPlaneRegion?: string;
  ipv6: boolean;
  nlb: ResourceRef;
}

// Conveyor: "we will setup a VPC endpoint service in the data plane connected to a private network load balancer".
export function addPrivateLinkSync(module: TfModule, input: PrivateLinkInput): ResourceRef {
  const acceptance = module.variable("endpoint_acceptance_required", {
    type: "bool",
    description: "Whether each endpoint connection to the sync endpoint service waits for your acceptance (aws ec2 accept-vpc-endpoint-connections).",
    default: true,
  });
  return module.resource(
    FILE,
    "aws_vpc_endpoint_service",
    "sync",
    {
      acceptance_required: acceptance,
      network_load_balancer_arns: [input.nlb.attr("arn")],
      allowed_principals: [input.principal],
      supported_ip_address_types: input.ipv6 ? ["ipv4", "ipv6"] : ["ipv4"],
      // Consumers in the service's own region, and in the control plane's (cross-region PrivateLink).
      ...(input.controlPlaneRegion ? { supported_regions: [input.region, input.controlPlaneRegion] } : {}),
      tags: { Name: `${input.name}-sync` },
    },
    input.controlPlaneRegion
      ? `Only the control plane's account may discover and connect to the sync endpoint, from its own region ${input.controlPlaneRegion} too.`
      : "Only the control plane's account may discover and connect to the sync endpoint.",
  );
}
