// EKS (aws.kubernetes: eks): what the module hands the cluster. The control plane's security group
// goes to the cluster's vpc_config; the NLBs' targets are registered by the AWS Load Balancer
// Controller, which reads a TargetGroupBinding per target group (managed node groups and Karpenter
// have no Auto Scaling group of ours to attach): the ingress controller's pods as ip targets (pod
// subnets), a service's NodePort on every node as instance targets.
import { escapeTemplates, quote } from "../../terraform/hcl.js";
import { ex, type ResourceRef, type TfModule } from "../../terraform/ir.js";
import { yamlString } from "../../render/yaml.js";
import type { AwsServiceSpec } from "../../spec/aws.js";
import { targetGroupsOf, type NlbPlan } from "./load-balancing.js";

export const TARGET_GROUP_BINDINGS_TEMPLATE = "k8s/targetgroupbindings.yaml.tftpl";

/** The Kubernetes Service behind each target group: the ingress controller's, or the spec's service of that name. */
function serviceOf(tgKey: string, services: AwsServiceSpec[], listenerPort: number): { namespace: string; name: string; port: number } {
  const service = services.find((s) => `service-${s.name}` === tgKey);
  if (service) return { namespace: "${services_namespace}", name: escapeTemplates(yamlString(service.name)), port: service.port };
  return { namespace: "${ingress_namespace}", name: "${ingress_service}", port: listenerPort };
}

/** `key = value` lines with the = signs in one column, as terraform fmt writes them. */
function aligned(pairs: [string, string][], indent: string): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}`).join("\n");
}

/** The manifests' template, and the `target_group_bindings` output that renders it with the real ARNs. */
export function addTargetGroupBindings(module: TfModule, nlb: NlbPlan, refs: ResourceRef[], services: AwsServiceSpec[]): string {
  const groups = targetGroupsOf(nlb);
  const namespace = module.variable("ingress_namespace", {
    type: "string",
    description: "EKS: namespace of the ingress controller's Service (TargetGroupBinding manifests).",
    default: "ingress-nginx",
  });
  const service = module.variable("ingress_service", {
    type: "string",
    description: "EKS: name of the ingress controller's Service, whose pods are the ingress NLB's ip targets.",
    default: "ingress-nginx-controller",
  });
  const servicesNamespace = services.length
    ? module.variable("services_namespace", { type: "string", description: "EKS: namespace of the Services of aws.services.", default: "default" })
    : undefined;
  const docs = groups.map((tg) => {
    const listener = nlb.listeners.find((l) => l.targetGroup === tg)!;
    const ref = serviceOf(tg.key, services, listener.port);
    return [
      "---",
      "apiVersion: elbv2.k8s.aws/v1beta1",
      "kind: TargetGroupBinding",
      "metadata:",
      `  name: ${tg.key}`,
      `  namespace: ${ref.namespace}`,
      "spec:",
      "  serviceRef:",
      `    name: ${ref.name}`,
      `    port: ${ref.port}`,
      `  targetGroupARN: \${target_group_arns[${quote(tg.key)}]}`,
      `  targetType: ${tg.targetType}`,
    ].join("\n");
  });
  const arns = aligned(
    groups.map((tg, i): [string, string] => [quote(tg.key), refs[i]!.attr("arn").hcl]),
    "      ",
  );
  // jsonencode: the variables' values become YAML double-quoted scalars, whatever they hold.
  const names = aligned(
    [
      ["ingress_namespace", `jsonencode(${namespace.hcl})`],
      ["ingress_service", `jsonencode(${service.hcl})`],
      ...(servicesNamespace ? [["services_namespace", `jsonencode(${servicesNamespace.hcl})`] as [string, string]] : []),
    ],
    "    ",
  );
  const vars = [`    target_group_arns = {\n${arns}\n    }`, names];
  module.output(
    "target_group_bindings",
    ex(`templatefile("\${path.module}/${TARGET_GROUP_BINDINGS_TEMPLATE}", {\n${vars.join("\n")}\n  })`),
    "EKS: a TargetGroupBinding per target group for the AWS Load Balancer Controller: terraform output -raw target_group_bindings | kubectl apply -f -",
  );
  return [
    "# TargetGroupBindings for the AWS Load Balancer Controller (EKS): it registers the targets of each",
    "# target group: the ingress controller's pods (ip, in the pod subnets), a service's NodePort on",
    "# every node (instance). Rendered with the real ARNs by: terraform output -raw target_group_bindings",
    ...docs,
    "",
  ].join("\n");
}
