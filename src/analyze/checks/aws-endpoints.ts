// AWS service endpoints (aws.endpoints, or the customer's own): with private DNS the service's
// usual name resolves to the endpoint inside the VPC, so an endpoint the node or pod subnets cannot
// open breaks the service for them (SQS: the async link; ECR: image pulls) rather than using NAT.
import type { Finding } from "../../findings.js";
import { reach } from "../reach.js";
import { finding } from "./finding.js";
import { defineCheck } from "./define.js";
import { type CheckInput, tierSubnets } from "./input.js";

/** `com.amazonaws.eu-west-1.ecr.dkr` -> `ecr.dkr`: an AWS service's own endpoint, not a PrivateLink service. */
const AWS_SERVICE = /^com\.amazonaws\.[a-z0-9-]+\.([a-z0-9.-]+)$/;

export const serviceEndpointsAdmitHttps = defineCheck({
  id: "DPN-AWS-023",
  title: "AWS service endpoints admit HTTPS from nodes and pods",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale:
    "With private DNS an interface endpoint takes over the service's name inside the VPC: if its security group refuses the nodes or pods, SQS, STS or ECR stop working for them instead of going through NAT.",
  fix: "Admit TCP 443 from the VPC's primary block (nodes) and its pod block on the endpoint's security group.",
  appliesTo: "awsEndpoints",
  scope: "data-plane",
  run: serviceEndpoints,
});

function serviceEndpoints(input: CheckInput): Finding[] {
  const callers = [...tierSubnets(input, "node"), ...tierSubnets(input, "pod")];
  return input.topology.endpoints.flatMap((endpoint) => {
    const service = AWS_SERVICE.exec(endpoint.serviceId)?.[1];
    if (endpoint.kind !== "interface-endpoint" || !service) return [];
    const subnets = callers.filter((s) => s.networkId === endpoint.networkId);
    for (const subnet of subnets) {
      const result = reach(input.topology, { from: subnet.id, to: endpoint.id, protocol: "tcp", port: 443 });
      if (result.disposition === "accepted") continue;
      return [
        finding(
          "DPN-AWS-023",
          endpoint.id,
          `does not admit HTTPS from ${subnet.tier ?? "node"} subnet ${subnet.id} (${result.disposition}, ${result.flow}): with private DNS, ${service} resolves to this endpoint inside the VPC, so they cannot use ${service} at all`,
          result.hops,
        ),
      ];
    }
    return [];
  });
}
