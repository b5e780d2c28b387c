// The control plane's links on AWS (issue 3): the sync link in internet and PrivateLink mode, the
// async link's queues and trust both ways, and what `dpnet plan` says about them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataJson, inputErrorOf, listeners, nlbs, outputNames, planWith, sgRules, targetGroups, topJson } from "./support/aws-views.js";
import { resourceJson, validFiles } from "./support/terraform.js";
import { findingsOf } from "./support/checks.js";
import { dpnet } from "./support/cli.js";

const PRIVATELINK = new URL("../../examples/aws-privatelink.yaml", import.meta.url).pathname;

const internet = { connectivity: "internet", awsAccountId: "111122223333", cidrs: ["203.0.113.0/24"], externalId: "acme-7f3a9c", port: 443 };
const privatelink = { connectivity: "privatelink", awsAccountId: "111122223333", externalId: "acme-7f3a9c" };

test("internet mode: the sync port gets its own listener when it is not an ingress port, open only to controlPlane.cidrs", async () => {
  const plan = planWith({ ingress: { ports: [80, 443], allowedCidrs: ["0.0.0.0/0"] } }, { ...internet, port: 8443 });
  await validFiles(plan);
  assert.deepStrictEqual(nlbs(plan), ["ingress: internet-facing public ipv4 sg=ingress-nlb"]);
  assert.deepStrictEqual(listeners(plan), [
    "ingress/ingress-http: TCP 80 -> workers-http",
    "ingress/ingress-https: TCP 443 -> workers-https",
    "ingress/sync: TCP 8443 -> workers-sync",
  ]);
  assert.deepStrictEqual(targetGroups(plan).at(-1), "workers-sync: TCP 8443, health HTTP 10254/healthz");
  assert.deepStrictEqual(
    sgRules(plan, "ingress-nlb").filter((r) => r.startsWith("in ")),
    [
      "in ingress-nlb-http-ipv4: ingress-nlb tcp 80 from 0.0.0.0/0",
      "in ingress-nlb-https-ipv4: ingress-nlb tcp 443 from 0.0.0.0/0",
      "in ingress-nlb-sync-ipv4: ingress-nlb tcp 8443 from 203.0.113.0/24",
    ],
  );
  assert.deepStrictEqual(plan.module.resources("aws_vpc_endpoint_service"), []);
  // The spec leaves flow logs off: a note, the only finding.
  assert.deepStrictEqual(findingsOf(plan), ["note DPN-AWS-031 aws_vpc.network"]);
  assert.deepStrictEqual(plan.summary.connectivity, {
    mode: "internet",
    sync: { nlb: "acme-prod-ingress", port: 8443, admits: ["203.0.113.0/24"] },
    async: {
      queue: "acme-prod-inbound",
      deadLetterQueue: "acme-prod-inbound-dlq",
      maxReceives: 5,
      sender: "arn:aws:iam::111122223333:root",
      controlPlaneRole: "acme-prod-control-plane (sts:ExternalId required)",
      agentRole: "acme-prod-agent (cluster OIDC provider, one service account)",
    },
  });
});

test("internet mode: a public ingress sharing the sync port is flagged; by default ingress admits only the control plane", () => {
  const open = planWith({ ingress: { ports: [80, 443], allowedCidrs: ["0.0.0.0/0"] } }, internet);
  assert.deepStrictEqual(
    sgRules(open, "ingress-nlb").filter((r) => r.includes(" 443 ")),
    [
      "in ingress-nlb-https-ipv4: ingress-nlb tcp 443 from 0.0.0.0/0",
      "in ingress-nlb-sync-ipv4: ingress-nlb tcp 443 from 203.0.113.0/24",
      "out ingress-nlb-to-workers-https: ingress-nlb tcp 443 to sg:worker",
    ],
  );
  assert.deepStrictEqual(
    open.findings.map((f) => `${f.id} ${f.severity} ${f.resource}: ${f.message}`),
    [
      "DPN-AWS-106 warning aws.ingress.allowedCidrs: the sync port TCP 443 shares the ingress listener, which also admits 0.0.0.0/0: the control plane's endpoint is reachable from beyond controlPlane.cidrs",
    ],
  );
  const closed = planWith({ ingress: { ports: [80, 443] } }, internet);
  assert.deepStrictEqual(
    sgRules(closed, "ingress-nlb").filter((r) => r.startsWith("in ")),
    ["in ingress-nlb-http-ipv4: ingress-nlb tcp 80 from 203.0.113.0/24", "in ingress-nlb-https-ipv4: ingress-nlb tcp 443 from 203.0.113.0/24"],
  );
  assert.deepStrictEqual(closed.findings, []);
});

test("internet mode without ingress: the NLB carries the sync listener alone", () => {
  const plan = planWith({}, internet);
  assert.deepStrictEqual(listeners(plan), ["ingress/sync: TCP 443 -> workers-sync"]);
  assert.deepStrictEqual(sgRules(plan, "ingress-nlb"), [
    "in ingress-nlb-sync-ipv4: ingress-nlb tcp 443 from 203.0.113.0/24",
    "out ingress-nlb-to-workers-sync: ingress-nlb tcp 443 to sg:worker",
    "out ingress-nlb-to-workers-ingress-health: ingress-nlb tcp 10254 to sg:worker",
  ]);
});

test("privatelink mode: an internal NLB in the node subnets behind an endpoint service only the control plane may use", async () => {
  const plan = planWith(
    { ingress: { ports: [443] }, services: [{ name: "some-app", port: 3333, nodePort: 30333, allowedCidrs: ["10.0.0.0/8"] }] },
    privatelink,
  );
  await validFiles(plan);
  assert.deepStrictEqual(nlbs(plan), ["ingress: internal node ipv4 sg=ingress-nlb"]);
  assert.deepStrictEqual(listeners(plan), ["ingress/ingress-https: TCP 443 -> workers-https", "ingress/service-some-app: TCP 3333 -> service-some-app"]);
  assert.deepStrictEqual(targetGroups(plan), [
    "workers-https: TCP 443, health HTTP 10254/healthz, client IP off",
    "service-some-app: TCP 30333, health TCP 30333, client IP off",
  ]);
  assert.equal(resourceJson(plan.module, "aws_lb", "ingress").enforce_security_group_inbound_rules_on_private_link_traffic, "off");
  assert.deepStrictEqual(resourceJson(plan.module, "aws_vpc_endpoint_service", "sync"), {
    acceptance_required: "${var.endpoint_acceptance_required}",
    network_load_balancer_arns: ["${aws_lb.ingress.arn}"],
    allowed_principals: ["arn:aws:iam::${var.control_plane_account_id}:root"],
    supported_ip_address_types: ["ipv4"],
    tags: { Name: "acme-prod-sync" },
  });
  assert.equal(topJson(plan, "variable", "endpoint_acceptance_required").default, true);
  // No internet-facing sync endpoint: no rule admits controlPlane CIDRs, the VPC's blocks reach the ingress.
  assert.deepStrictEqual(
    sgRules(plan, "ingress-nlb").filter((r) => r.startsWith("in ")),
    [
      "in ingress-nlb-https-ipv4: ingress-nlb tcp 443 from 10.20.0.0/16,100.64.0.0/16",
      "in ingress-nlb-service-some-app-ipv4: ingress-nlb tcp 3333 from 10.0.0.0/8",
    ],
  );
  assert.ok(outputNames(plan).includes("endpoint_service_name"));
  // The sync checks (reachable, only the control plane's account, acceptance, nothing internet-facing) hold.
  assert.deepStrictEqual(
    findingsOf(plan).filter((f) => / DPN-AWS-0(09|1[0-3]) /.test(f)),
    [],
  );
});

test("privatelink mode in GovCloud names the principal in its partition, and notes unused cidrs", () => {
  const plan = planSpecIn("us-gov-west-1", { ...privatelink, cidrs: ["203.0.113.0/24"] });
  assert.deepStrictEqual(resourceJson(plan.module, "aws_vpc_endpoint_service", "sync").allowed_principals, [
    "arn:aws-us-gov:iam::${var.control_plane_account_id}:root",
  ]);
  assert.deepStrictEqual(
    plan.findings.map((f) => `${f.id} ${f.resource}`),
    ["DPN-AWS-104 controlPlane.cidrs"],
  );
});

function planSpecIn(region: string, controlPlane: Record<string, unknown>) {
  return planWith({ region }, controlPlane);
}

test("the links refuse what cannot work, naming the field", () => {
  assert.equal(
    inputErrorOf({}, { connectivity: "privatelink" }),
    "controlPlane.awsAccountId: is required with connectivity: privatelink: the endpoint service allows only the control plane's account",
  );
  assert.equal(
    inputErrorOf({}, { connectivity: "internet" }),
    "controlPlane.cidrs: is required with connectivity: internet: the internet-facing sync port admits only these sources",
  );
  assert.equal(
    inputErrorOf({}, { ...internet, externalId: undefined }),
    "controlPlane.externalId: is required with awsAccountId: the role the control plane assumes demands sts:ExternalId (confused-deputy guard)",
  );
});

test("async link: an encrypted queue with a dead-letter queue, sent to by the control plane's account over TLS only", async () => {
  const plan = planWith({}, internet);
  await validFiles(plan);
  assert.deepStrictEqual(resourceJson(plan.module, "aws_sqs_queue", "inbound"), {
    name: "acme-prod-inbound",
    sqs_managed_sse_enabled: true,
    message_retention_seconds: 345600,
    visibility_timeout_seconds: 60,
    receive_wait_time_seconds: 20,
  });
  assert.deepStrictEqual(resourceJson(plan.module, "aws_sqs_queue", "inbound-dlq"), {
    name: "acme-prod-inbound-dlq",
    sqs_managed_sse_enabled: true,
    message_retention_seconds: 1209600,
  });
  assert.deepStrictEqual(resourceJson(plan.module, "aws_sqs_queue_redrive_policy", "inbound"), {
    queue_url: "${aws_sqs_queue.inbound.id}",
    redrive_policy: "${jsonencode({ deadLetterTargetArn = aws_sqs_queue.inbound-dlq.arn, maxReceiveCount = 5 })}",
  });
  assert.deepStrictEqual(
    resourceJson(plan.module, "aws_sqs_queue_redrive_allow_policy", "inbound-dlq").redrive_allow_policy,
    '${jsonencode({ redrivePermission = "byQueue", sourceQueueArns = [aws_sqs_queue.inbound.arn] })}',
  );
  assert.deepStrictEqual(dataJson(plan, "aws_iam_policy_document", "inbound"), {
    statement: [
      {
        sid: "ControlPlaneSends",
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::${var.control_plane_account_id}:root"] }],
        actions: ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
        resources: ["${aws_sqs_queue.inbound.arn}"],
      },
      {
        sid: "TlsOnly",
        effect: "Deny",
        principals: [{ type: "*", identifiers: ["*"] }],
        actions: ["sqs:*"],
        resources: ["${aws_sqs_queue.inbound.arn}"],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ],
  });
  assert.deepStrictEqual(resourceJson(plan.module, "aws_sqs_queue_policy", "inbound"), {
    queue_url: "${aws_sqs_queue.inbound.id}",
    policy: "${data.aws_iam_policy_document.inbound.json}",
  });
});

test("async link: the control plane's role requires its ExternalId; the agent's role trusts one service account of the cluster's OIDC provider", () => {
  const plan = planWith({}, internet);
  assert.deepStrictEqual(dataJson(plan, "aws_iam_policy_document", "control-plane-trust"), {
    statement: [
      {
        actions: ["sts:AssumeRole"],
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::${var.control_plane_account_id}:root"] }],
        condition: [{ test: "StringEquals", variable: "sts:ExternalId", values: ["${var.control_plane_external_id}"] }],
      },
    ],
  });
  assert.deepStrictEqual(dataJson(plan, "aws_iam_policy_document", "agent-trust"), {
    count: "${var.oidc_provider_arn == null ? 0 : 1}",
    statement: [
      {
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: ["${var.oidc_provider_arn}"] }],
        condition: [
          {
            test: "StringEquals",
            variable: "${local.oidc_issuer}:sub",
            values: ["system:serviceaccount:${var.agent_service_account.namespace}:${var.agent_service_account.name}"],
          },
          { test: "StringEquals", variable: "${local.oidc_issuer}:aud", values: ["sts.amazonaws.com"] },
        ],
      },
    ],
  });
  assert.deepStrictEqual(dataJson(plan, "aws_iam_policy_document", "agent").statement, [
    {
      sid: "ConsumeInbound",
      actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
      resources: ["${aws_sqs_queue.inbound.arn}"],
    },
    { sid: "SendToControlPlane", actions: ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"], resources: ["${var.control_plane_queue_arn}"] },
  ]);
  // The control plane's identity is an input of the child, the spec's values its defaults; its queue must live in its account.
  assert.deepStrictEqual(
    ["control_plane_account_id", "control_plane_external_id"].map((v) => topJson(plan, "variable", v).default),
    ["111122223333", "acme-7f3a9c"],
  );
  const role = resourceJson(plan.module, "aws_iam_role", "agent") as { lifecycle: { precondition: { condition: string }[] }[] };
  assert.equal(role.lifecycle[0]!.precondition[1]!.condition, '${try(split(":", var.control_plane_queue_arn)[4] == var.control_plane_account_id, false)}');
  assert.deepStrictEqual(
    ["agent_role_arn", "control_plane_role_arn", "inbound_queue_url", "inbound_queue_arn", "inbound_dlq_url", "inbound_dlq_arn"].map(
      (o) => topJson(plan, "output", o).value,
    ),
    [
      "${one(aws_iam_role.agent[*].arn)}",
      "${aws_iam_role.control-plane.arn}",
      "${aws_sqs_queue.inbound.url}",
      "${aws_sqs_queue.inbound.arn}",
      "${aws_sqs_queue.inbound-dlq.url}",
      "${aws_sqs_queue.inbound-dlq.arn}",
    ],
  );
});

test("without the control plane's account there is no async link, and a note says why; without controlPlane no link at all", () => {
  const plan = planWith({}, { cidrs: ["203.0.113.0/24"] });
  assert.deepStrictEqual(plan.module.resources("aws_sqs_queue"), []);
  assert.deepStrictEqual(
    plan.findings.map((f) => `${f.severity} ${f.id} ${f.resource}`),
    ["note DPN-AWS-105 controlPlane.awsAccountId"],
  );
  const bare = planWith({});
  assert.ok(!bare.module.files().includes("connectivity.tf") && !bare.module.files().includes("nlb.tf"));
  assert.equal(bare.summary.connectivity, undefined);
});

test("dpnet plan shows the connectivity mode, listeners, target groups and rules, also in --json", () => {
  const text = dpnet("plan", PRIVATELINK);
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    /Connectivity: privatelink; sync on TCP 443 of acme-private-ingress, from PrivateLink endpoint service, allowed principal arn:aws:iam::111122223333:root/,
  );
  assert.match(text.stdout, /ingress: acme-private-ingress, internal in the node subnets, ipv4, behind the PrivateLink endpoint service/);
  assert.match(
    text.stdout,
    /ingress\s+ingress-https\s+TCP 443\s+workers-https\s+workers:443\s+HTTP 10254\/healthz\s+10\.30\.0\.0\/16, 100\.64\.0\.0\/16, PrivateLink\n/,
  );
  assert.match(text.stdout, /ingress-nlb\s+ingress-nlb-to-workers-https\s+out\s+tcp\s+443\s+sg:worker\n/);
  assert.match(text.stdout, /10\.0\.0\.0\/12 -> transitGatewayId tgw-0123456789abcdef0/);
  const json = JSON.parse(dpnet("plan", PRIVATELINK, "--json").stdout);
  assert.equal(json.connectivity.mode, "privatelink");
  assert.deepStrictEqual(json.loadBalancers[0].listeners[0], {
    listener: "ingress-https",
    protocol: "TCP",
    port: 443,
    targetGroup: "workers-https",
    targets: "workers",
    targetPort: 443,
    healthCheck: "HTTP 10254/healthz",
    admits: ["10.30.0.0/16", "100.64.0.0/16", "PrivateLink"],
  });
  assert.deepStrictEqual(json.securityGroupRules[2], {
    group: "ingress-nlb",
    rule: "ingress-nlb-https",
    direction: "in",
    protocol: "tcp",
    ports: "443",
    peer: ["10.30.0.0/16", "100.64.0.0/16"],
    description: "Ingress clients on TCP 443",
  });
});

test("internet mode: the sync admissions are read from the listener that serves the sync port, shared with ingress or not (issue 14: 'from nobody')", () => {
  const INTERNET = new URL("../../examples/aws-internet.yaml", import.meta.url).pathname;
  const text = dpnet("plan", INTERNET);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /\nConnectivity: internet; sync on TCP 443 of acme-prod-ingress, from 203\.0\.113\.0\/24\n/);
  // aws.flowLogs is on in this example, off in the PrivateLink one.
  assert.match(text.stdout, /\nFlow logs: VPC flow logs to CloudWatch Logs\n/);
  assert.match(dpnet("plan", PRIVATELINK).stdout, /\nFlow logs: off \(aws\.flowLogs: true records the VPC's traffic\)\n/);
  const json = JSON.parse(dpnet("plan", INTERNET, "--json").stdout);
  assert.deepStrictEqual(json.connectivity.sync, { nlb: "acme-prod-ingress", port: 443, admits: ["203.0.113.0/24"] });
  const https = json.loadBalancers
    .find((lb: { nlb: string }) => lb.nlb === "ingress")
    .listeners.find((l: { listener: string }) => l.listener === "ingress-https");
  assert.deepStrictEqual(https.admits, ["203.0.113.0/24"]);
  // A wider ingress on the same port: the sync port admits everyone the listener admits (DPN-AWS-106 warns).
  const open = planWith({ ingress: { ports: [80, 443], allowedCidrs: ["0.0.0.0/0"] } }, internet);
  assert.deepStrictEqual(open.summary.cloud === "aws" && open.summary.connectivity?.sync, {
    nlb: "acme-prod-ingress",
    port: 443,
    admits: ["0.0.0.0/0", "203.0.113.0/24"],
  });
});

test("the CLI exits 2 on a link it cannot build, naming the field", () => {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-links-"));
  const spec = join(dir, "spec.yaml");
  writeFileSync(spec, "name: x\ncloud: aws\naws:\n  region: eu-west-1\n  vpc: { cidr: 10.0.0.0/16 }\ncontrolPlane:\n  connectivity: privatelink\n");
  const r = dpnet("synth", spec, "-o", join(dir, "out"));
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    "controlPlane.awsAccountId: is required with connectivity: privatelink: the endpoint service allows only the control plane's account\n",
  );
});
