// Security groups: the VPC's default group emptied, and the worker group nodes and pod ENIs use.
import type { ResourceRef, TfModule } from "../../terraform/ir.js";

const FILE = "security.tf";

export interface AwsSecurityRefs {
  worker: ResourceRef;
}

export function addAwsSecurity(module: TfModule, name: string, vpc: ResourceRef): AwsSecurityRefs {
  // Without rule blocks Terraform adopts the default group and removes every rule it has (CKV2_AWS_12).
  module.resource(FILE, "aws_default_security_group", "default", { vpc_id: vpc.attr("id") },
    "Empty the default security group: nothing should rely on its allow-all-within-group rules.");

  const worker = module.resource(FILE, "aws_security_group", "worker", {
    name: `${name}-worker`,
    description: `${name} worker nodes and their pod ENIs`,
    vpc_id: vpc.attr("id"),
    tags: { Name: `${name}-worker` },
  });
  module.resource(FILE, "aws_vpc_security_group_egress_rule", "worker-egress-ipv4", {
    security_group_id: worker.attr("id"),
    description: "Nodes and pods reach the internet through NAT and the VPC directly",
    ip_protocol: "-1",
    cidr_ipv4: "0.0.0.0/0",
  });
  module.resource(FILE, "aws_vpc_security_group_ingress_rule", "worker-self", {
    security_group_id: worker.attr("id"),
    description: "Node-to-node and pod-to-pod traffic (Kubernetes networking)",
    ip_protocol: "-1",
    referenced_security_group_id: worker.attr("id"),
  });
  return { worker };
}
