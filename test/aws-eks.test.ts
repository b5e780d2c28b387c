// Issue 15.2: aws.kubernetes: eks. A security group for the EKS control plane's ENIs, admitted to
// kubelets and webhooks on nodes and pods (pod ENIs carry only the worker group); the ingress
// controller's pods as ip targets, a service's NodePort as instance targets, each bound by a
// TargetGroupBinding for the AWS Load Balancer Controller; DPN-AWS-025 when the rules are missing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkPlan } from "../src/analyze/checks/plan.js";
import { renderPlan } from "../src/plan/index.js";
import { inputErrorOf, outputNames, planWith, sgRules, targetGroups, topJson } from "./support/aws-views.js";
import { resourceJson, SOURCE, validFiles } from "./support/terraform.js";
import { findingsOf } from "./support/checks.js";

const controlPlane = { connectivity: "internet", cidrs: ["198.51.100.0/24"], awsAccountId: "111122223333", externalId: "ext-12345" };
const game = { name: "game", protocol: "tcp", port: 7777, nodePort: 30777, allowedCidrs: ["0.0.0.0/0"] };
const eks = () => planWith({ kubernetes: "eks", ingress: { ports: [80, 443] }, services: [game] }, controlPlane);

test("self-managed is the default: no EKS group, instance targets, no TargetGroupBindings", () => {
  const plan = planWith({ ingress: { ports: [443] } }, controlPlane);
  assert.equal(plan.spec.cloud === "aws" && plan.spec.aws.kubernetes, "self-managed");
  assert.equal(resourceJson(plan.module, "aws_lb_target_group", "workers-https").target_type, "instance");
  assert.ok(!outputNames(plan).includes("target_group_bindings"));
  assert.ok(!sgRules(plan).some((r) => r.includes("eks")));
  assert.ok(![...renderPlan(plan, SOURCE).keys()].some((path) => path.includes("targetgroupbindings")));
});

test("eks: the control plane's group reaches kubelets and webhooks on the workers' group, which pods carry; nodes reach its API", async () => {
  const plan = eks();
  await validFiles(plan);
  assert.deepStrictEqual(sgRules(plan, "eks-control-plane"), [
    "in eks-control-plane-api: eks-control-plane tcp 443 from sg:worker",
    "out eks-control-plane-to-eks-kubelet: eks-control-plane tcp 10250 to sg:worker",
    "out eks-control-plane-to-eks-webhooks: eks-control-plane tcp 443 to sg:worker",
    "out eks-control-plane-to-eks-webhooks-high: eks-control-plane tcp 1024-65535 to sg:worker",
  ]);
  assert.deepStrictEqual(
    sgRules(plan, "worker").filter((r) => r.includes("eks")),
    [
      "in worker-eks-kubelet: worker tcp 10250 from sg:eks-control-plane",
      "in worker-eks-webhooks: worker tcp 443 from sg:eks-control-plane",
      "in worker-eks-webhooks-high: worker tcp 1024-65535 from sg:eks-control-plane",
    ],
  );
  assert.deepStrictEqual(resourceJson(plan.module, "aws_security_group", "eks-control-plane"), {
    name: "acme-prod-eks-control-plane",
    description: "acme-prod EKS control plane ENIs (the cluster vpc_config security_group_ids)",
    vpc_id: "${aws_vpc.network.id}",
    tags: { Name: "acme-prod-eks-control-plane" },
  });
  assert.equal(topJson(plan, "output", "eks_control_plane_security_group_id").value, "${aws_security_group.eks-control-plane.id}");
  // The spec leaves flow logs off: said once, as a note (DPN-AWS-031).
  assert.deepStrictEqual(findingsOf(plan), ["note DPN-AWS-031 aws_vpc.network"]);
});

test("eks: ingress target groups are the ingress controller's pods (ip); a service stays on its NodePort (instance)", () => {
  const plan = eks();
  assert.deepStrictEqual(
    ["workers-http", "workers-https", "service-game"].map((tg) => resourceJson(plan.module, "aws_lb_target_group", tg).target_type),
    ["ip", "ip", "instance"],
  );
  assert.deepStrictEqual(targetGroups(plan), [
    "workers-http: TCP 80, health HTTP 10254/healthz",
    "workers-https: TCP 443, health HTTP 10254/healthz",
    "service-game: TCP 30777, health TCP 30777",
  ]);
});

test("eks: a TargetGroupBinding per target group, rendered by the target_group_bindings output", () => {
  const plan = eks();
  const template = renderPlan(plan, SOURCE).get("modules/data-plane/k8s/targetgroupbindings.yaml.tftpl")!;
  const docs = template.split("\n---\n").slice(1);
  assert.deepStrictEqual(docs, [
    'apiVersion: elbv2.k8s.aws/v1beta1\nkind: TargetGroupBinding\nmetadata:\n  name: workers-http\n  namespace: ${ingress_namespace}\nspec:\n  serviceRef:\n    name: ${ingress_service}\n    port: 80\n  targetGroupARN: ${target_group_arns["workers-http"]}\n  targetType: ip',
    'apiVersion: elbv2.k8s.aws/v1beta1\nkind: TargetGroupBinding\nmetadata:\n  name: workers-https\n  namespace: ${ingress_namespace}\nspec:\n  serviceRef:\n    name: ${ingress_service}\n    port: 443\n  targetGroupARN: ${target_group_arns["workers-https"]}\n  targetType: ip',
    'apiVersion: elbv2.k8s.aws/v1beta1\nkind: TargetGroupBinding\nmetadata:\n  name: service-game\n  namespace: ${services_namespace}\nspec:\n  serviceRef:\n    name: "game"\n    port: 7777\n  targetGroupARN: ${target_group_arns["service-game"]}\n  targetType: instance\n',
  ]);
  assert.equal(
    topJson(plan, "output", "target_group_bindings").value,
    '${templatefile("${path.module}/k8s/targetgroupbindings.yaml.tftpl", {\n    target_group_arns = {\n      "workers-http"  = aws_lb_target_group.workers-http.arn\n      "workers-https" = aws_lb_target_group.workers-https.arn\n      "service-game"  = aws_lb_target_group.service-game.arn\n    }\n    ingress_namespace  = jsonencode(var.ingress_namespace)\n    ingress_service    = jsonencode(var.ingress_service)\n    services_namespace = jsonencode(var.services_namespace)\n  })}',
  );
  assert.deepStrictEqual(
    ["ingress_namespace", "ingress_service", "services_namespace"].map((v) => topJson(plan, "variable", v).default),
    ["ingress-nginx", "ingress-nginx-controller", "default"],
  );
});

test("eks refuses aws.apiserver: EKS runs kube-apiserver", () => {
  assert.equal(
    inputErrorOf({ kubernetes: "eks", apiserver: { allowedCidrs: ["10.0.0.0/8"] } }),
    'aws.apiserver: {"allowedCidrs":["10.0.0.0/8"]} is for self-managed controllers: with kubernetes: eks, EKS runs kube-apiserver and its endpoint; remove aws.apiserver',
  );
  assert.equal(inputErrorOf({ kubernetes: "gke" }), "aws.kubernetes: gke must be one of self-managed, eks");
});

test("verify: without the worker group's rules for the control plane, DPN-AWS-025 names each call it cannot make", () => {
  const plan = eks();
  const blocks = plan.module.blocks;
  for (let i = blocks.length - 1; i >= 0; i--) if (/^worker-eks-(kubelet|webhooks-high)$/.test(blocks[i]!.labels[1] ?? "")) blocks.splice(i, 1);
  const found = checkPlan(plan).findings.filter((f) => f.id === "DPN-AWS-025");
  assert.deepStrictEqual(
    found.map((f) => `${f.severity} ${f.resource}: ${f.message}`),
    [
      "error aws_security_group.worker: the EKS control plane cannot reach kubelets (logs, exec, port-forward) on TCP 10250 (pod ENIs carry only aws_security_group.worker): admit TCP 10250 from aws_security_group.eks-control-plane on aws_security_group.worker",
      "error aws_security_group.worker: the EKS control plane cannot reach webhooks and aggregated APIs on pods' unprivileged ports on TCP 9443 (pod ENIs carry only aws_security_group.worker): admit TCP 9443 from aws_security_group.eks-control-plane on aws_security_group.worker",
    ],
  );
  assert.deepStrictEqual(
    found[0]!.trace.map((h) => h.decision),
    ["ingress TCP 10250 from aws_security_group.eks-control-plane: no rule", "egress TCP 10250 to aws_security_group.worker: allowed"],
  );
});
