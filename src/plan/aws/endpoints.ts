// endpoints.tf (aws.endpoints): private ways to the AWS services a data plane uses, so the async
// link (SQS, STS) and image pulls (ECR, S3) stay inside the VPC instead of leaving through NAT.
// Interface endpoints sit in the node subnets with private DNS (the services' usual names resolve to
// them); S3 is a gateway endpoint on the node route tables, where ECR's image layers come from.
import type { AwsEndpointService } from "../../spec/aws.js";
import { ex, tpl, type ResourceRef, type TfModule } from "../../terraform/ir.js";
import type { AwsNetworkRefs } from "./network.js";

const FILE = "endpoints.tf";

/** The interface endpoints' service name suffixes each spec name stands for (ECR needs two). */
export const INTERFACE_SERVICES: Record<Exclude<AwsEndpointService, "s3">, string[]> = {
  sqs: ["sqs"],
  sts: ["sts"],
  ecr: ["ecr.api", "ecr.dkr"],
  logs: ["logs"],
};

export interface AwsEndpointRefs {
  interface?: ResourceRef;
  s3?: ResourceRef;
  securityGroup?: ResourceRef;
}

export interface AwsEndpointsInput {
  name: string;
  region: string;
  services: AwsEndpointService[];
  /** The VPC's primary block (nodes) and its pod block. */
  vpcCidr: string;
  podCidr: string;
}

export function addAwsEndpoints(module: TfModule, input: AwsEndpointsInput, network: AwsNetworkRefs): AwsEndpointRefs {
  const { name, region, services, vpcCidr, podCidr } = input;
  const refs: AwsEndpointRefs = {};
  const suffixes = services.flatMap((s) => (s === "s3" ? [] : INTERFACE_SERVICES[s]));
  const nodeSubnets = network.subnets.node;
  if (suffixes.length) {
    const group = module.resource(FILE, "aws_security_group", "endpoints", {
      name: `${name}-endpoints`,
      description: `${name} interface endpoints of AWS services`,
      vpc_id: network.vpc.attr("id"),
      tags: { Name: `${name}-endpoints` },
    });
    // Who calls the services, by address: nodes from the primary block, pods from the pod block
    // (inside the VPC their traffic keeps its pod address; only traffic leaving it is SNAT'ed).
    for (const [from, cidr] of [
      ["nodes", vpcCidr],
      ["pods", podCidr],
    ] as const) {
      module.resource(FILE, "aws_vpc_security_group_ingress_rule", `endpoints-https-from-${from}`, {
        security_group_id: group.attr("id"),
        description: `HTTPS to the AWS service endpoints from the ${from}`,
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_ipv4: cidr,
      });
    }
    refs.securityGroup = group;
    refs.interface = module.resource(
      FILE,
      "aws_vpc_endpoint",
      "interface",
      {
        for_each: ex(`toset([${suffixes.map((s) => JSON.stringify(s)).join(", ")}])`),
        vpc_id: network.vpc.attr("id"),
        service_name: tpl(`com.amazonaws.${region}.\${each.key}`),
        vpc_endpoint_type: "Interface",
        subnet_ids: ex(`[for zone, it in ${nodeSubnets.address}.${nodeSubnets.name} : it.id]`),
        security_group_ids: [group.attr("id")],
        private_dns_enabled: true,
        tags: { Name: tpl(`${name}-\${each.key}`) },
      },
      "Private DNS: the services' regional names resolve to these endpoints inside the VPC.",
    );
  }
  if (services.includes("s3")) {
    const tables = network.routeTables.node;
    // The spec refuses s3 with the customer's node subnets, whose route tables are theirs.
    if (!tables) throw new Error("the s3 gateway endpoint needs node route tables of dpnet's");
    refs.s3 = module.resource(
      FILE,
      "aws_vpc_endpoint",
      "s3",
      {
        vpc_id: network.vpc.attr("id"),
        service_name: `com.amazonaws.${region}.s3`,
        vpc_endpoint_type: "Gateway",
        route_table_ids: ex(`[for zone, it in ${tables.address}.${tables.name} : it.id]`),
        tags: { Name: `${name}-s3` },
      },
      "S3 by a route on the node route tables (the pods' traffic leaves through their node's address): no NAT charge for image layers.",
    );
  }
  return refs;
}
