// `dpnet verify` and `dpnet reach` as users run them: outputs and exit codes (0 fine, 1 error
// findings or a flow that does not get through, 2 bad input).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dpnet } from "./support/cli.js";
import { brokenModule, examplePath, writtenModule } from "./support/examples.js";

const INTERNET = examplePath("aws-internet");

test("verify a spec: the checks on the module dpnet writes, exit 0 without errors", () => {
  const r = dpnet("verify", INTERNET);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${INTERNET} (dpnet spec, as the Terraform module dpnet writes): no findings\n`);
  const warned = dpnet("verify", examplePath("aws-privatelink"));
  assert.equal(warned.code, 0);
  assert.match(warned.stdout, /\n  ! DPN-AWS-107 aws\.routes\[0\]\.target\.transitGatewayId: attaches this VPC to a transit gateway/);
  assert.match(warned.stdout, /\n  · DPN-AWS-007 aws_nat_gateway\.nat\["eu-central-1a"\]: nat: single: nodes in eu-central-1b, eu-central-1c leave through/);
  assert.match(warned.stdout, /\n      aws_nat_gateway\.nat\["eu-central-1a"\] \(nat-gateway\): .*translates source/);
  // Stand-ins for what the cloud assigns, and the internet host the check chose, are marked, never printed as if real.
  assert.match(warned.stdout, /translates source 10\.30\.48\.254 -> <public IP of aws_nat_gateway\.nat\["eu-central-1a"\]> \(1:1 public address\)/);
  assert.match(warned.stdout, /internet \(internet\): leaves to the internet \(<an internet host> is outside this topology\)/);
  assert.doesNotMatch(warned.stdout, /198\.51\.100\.|203\.0\.113\.254/);
});

test("verify a module folder with SSH open to the world: exit 1, the finding and its trace, in text, JSON and SARIF", () => {
  const { dir } = brokenModule();
  const text = dpnet("verify", dir);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /\(Terraform configuration\): 1 error\n  assumed: /);
  assert.match(
    text.stdout,
    /\nErrors \(1\):\n  ✗ DPN-AWS-016 module\.data_plane\.aws_vpc_security_group_ingress_rule\.ssh: module\.data_plane\.aws_security_group\.worker admits SSH \(TCP 22\) from 0\.0\.0\.0\/0: narrow the source/,
  );
  assert.match(
    text.stdout,
    /\n      module\.data_plane\.aws_vpc_security_group_ingress_rule\.ssh \(security-group-rule\): ingress tcp 22-22 from 0\.0\.0\.0\/0\n/,
  );
  const json = dpnet("verify", dir, "--json");
  assert.equal(json.code, 1);
  const doc = JSON.parse(json.stdout);
  assert.deepStrictEqual(
    doc.findings.map((f: { id: string; resource: string }) => `${f.id} ${f.resource}`),
    ["DPN-AWS-016 module.data_plane.aws_vpc_security_group_ingress_rule.ssh"],
  );
  assert.equal(doc.kind, "terraform-config");
  const sarif = dpnet("verify", dir, "--format", "sarif");
  assert.equal(sarif.code, 1);
  const log = JSON.parse(sarif.stdout);
  assert.equal(log.version, "2.1.0");
  assert.deepStrictEqual(
    log.runs[0].results.map((r: { ruleId: string }) => r.ruleId),
    ["DPN-AWS-016"],
  );
});

test("verify: bad input exits 2 with the reason", () => {
  const none = dpnet("verify");
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^source: is missing: give a spec, a module folder, a plan JSON, or --aws\/--azure/);
  const missing = dpnet("verify", "/nonexistent/plan.json");
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /does not exist|cannot be read/);
  assert.equal(dpnet("verify", INTERNET, "--aws", writtenModule("aws-internet")).code, 2);
  assert.equal(dpnet("verify", INTERNET, "--format", "xml").code, 2);
});

test("reach from the control plane to ingress:443: admitted at the listener (the nodes register outside the module), exit 0", () => {
  const r = dpnet("reach", INTERNET, "--from", "control-plane", "--to", "ingress:443");
  assert.equal(r.code, 0, r.stderr);
  // The NLB's public address is assigned at apply: the stand-in the module's reading holds is shown as what it stands for.
  assert.match(r.stdout, /\ntcp 203\.0\.113\.1:1024-65535 -> <public IP of aws_lb\.ingress in eu-west-1a>:443: admitted at the listener/);
  assert.match(r.stdout, /\n {3}1\. internet \(internet\): <public IP of aws_lb\.ingress in eu-west-1a> is the public address of aws_lb\.ingress/);
  assert.doesNotMatch(r.stdout, /198\.51\.100\./);
  assert.match(
    r.stdout,
    /\n {3}4\. aws_lb\.ingress\/eu-west-1a \(load-balancer-node\): aws_security_group\.ingress-nlb ingress rule .* allows tcp 443 from 203\.0\.113\.0\/24; listener aws_lb_listener\.ingress-https/,
  );
  const json = JSON.parse(dpnet("reach", INTERNET, "--from", "control-plane", "--to", "ingress:443", "--json").stdout);
  assert.equal(json.disposition, "denied");
  assert.match(json.flow, /-> 198\.51\.100\.\d+:443$/, "--json keeps the addresses as the engine used them");
  assert.equal(json.admittedAtListener, true);
  assert.deepStrictEqual(Object.keys(json.hops[0]), ["id", "kind", "decision"]);
  assert.deepStrictEqual(
    json.hops.map((h: { id: string }) => h.id),
    ["internet", "aws_internet_gateway.gateway", 'aws_subnet.public["eu-west-1a"]', "aws_lb.ingress/eu-west-1a", "aws_lb_target_group.workers-https"],
  );
});

test("reach: another internet host is refused at the NLB (exit 1); nodes get out through NAT with the reply (exit 0); pods too, with their node's address (exit 0)", () => {
  const stranger = dpnet("reach", INTERNET, "--from", "internet", "--to", "ingress:443", "--json");
  assert.equal(stranger.code, 1);
  assert.match(JSON.parse(stranger.stdout).hops.at(-1).decision, /no ingress rule of aws_security_group\.ingress-nlb allows tcp 443/);
  const nodes = dpnet("reach", INTERNET, "--from", "nodes", "--to", "internet:443", "--json");
  assert.equal(nodes.code, 0);
  const out = JSON.parse(nodes.stdout);
  assert.equal(out.disposition, "exits-network");
  assert.ok(out.hops.some((h: { kind: string }) => h.kind === "nat-gateway"));
  assert.ok(out.return.length > 0);
  // Pods' own subnet routes only inside the VPC; the VPC CNI sends them out with their node's address.
  const nodesText = dpnet("reach", INTERNET, "--from", "nodes", "--to", "internet:443");
  assert.match(nodesText.stdout, /\ntcp 10\.20\.0\.4:1024-65535 -> <an internet host>:443: exits-network\n/);
  const pods = dpnet("reach", INTERNET, "--from", "pods", "--to", "internet:443", "--json");
  assert.equal(pods.code, 0);
  const podOut = JSON.parse(pods.stdout) as { disposition: string; hops: { id: string; decision: string }[] };
  assert.equal(podOut.disposition, "exits-network");
  assert.deepEqual(podOut.hops.map((h) => h.id).slice(0, 4), [
    'aws_subnet.pod["eu-west-1a"]',
    'aws_subnet.node["eu-west-1a"]',
    "aws_vpc.network",
    'aws_nat_gateway.nat["eu-west-1a"]',
  ]);
  assert.match(
    podOut.hops[0]!.decision,
    /the VPC CNI translates the pod's source 100\.64\.0\.4 -> 10\.20\.0\.4, its node's primary address in aws_subnet\.node\["eu-west-1a"\].*\(AWS_VPC_K8S_CNI_EXTERNALSNAT=false\)/,
  );
  assert.equal(dpnet("reach", INTERNET, "--from", "10.20.0.10", "--to", "apiserver:6443", "--protocol", "tcp").code, 0);
});

test("reach: unknown names and bad protocols exit 2", () => {
  const r = dpnet("reach", INTERNET, "--from", "nodes", "--to", "ingress:8080");
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "reach: --from nodes --to ingress:8080 cannot be asked: aws_lb.ingress has no listener on port 8080 (it listens on 80, 443, 3333)\n");
  assert.equal(dpnet("reach", INTERNET, "--from", "nodes", "--to", "internet:443", "--protocol", "sctp").code, 2);
  assert.equal(dpnet("reach", INTERNET, "--to", "internet:443").code, 2, "--from is required");
});

test("plan shows the checks' findings in place of the old design checks, and exits 0 on warnings", () => {
  const r = dpnet("plan", examplePath("aws-privatelink"));
  assert.equal(r.code, 0);
  assert.match(r.stdout, /\nChecks \(dpnet verify on the planned module\): /);
  assert.doesNotMatch(r.stdout, /Design checks/);
  const json = JSON.parse(dpnet("plan", examplePath("aws-privatelink"), "--json").stdout);
  assert.deepStrictEqual(
    json.findings.map((f: { id: string; severity: string }) => `${f.severity} ${f.id}`),
    ["warning DPN-AWS-107", "note DPN-AWS-007", "note DPN-AWS-031"],
  );
  assert.equal(json.checks, undefined);
});

test("verify judges a spec as plan does: the planner's findings, and admin ports opened on purpose are warnings", () => {
  const dir = mkdtempSync(join(tmpdir(), "dpnet-verify-"));
  const spec = join(dir, "ssh.yaml");
  writeFileSync(
    spec,
    [
      "name: ssh-demo",
      "cloud: aws",
      "aws:",
      "  region: eu-west-1",
      "  vpc: { cidr: 10.20.0.0/16 }",
      "  firewall:",
      '    - { name: ssh, protocol: tcp, ports: "22", cidrs: [0.0.0.0/0], allowPublicAdminPorts: true }',
      "",
    ].join("\n"),
  );
  const verify = dpnet("verify", spec, "--json");
  const plan = dpnet("plan", spec, "--json");
  assert.equal(verify.code, 0, verify.stdout);
  assert.equal(plan.code, 0, plan.stdout);
  const ids = (stdout: string) => (JSON.parse(stdout).findings as { id: string; severity: string }[]).map((f) => `${f.id} ${f.severity}`);
  assert.deepStrictEqual(ids(verify.stdout), ["DPN-AWS-102 warning", "DPN-AWS-016 warning", "DPN-AWS-031 note"]);
  assert.deepStrictEqual(ids(verify.stdout), ids(plan.stdout));
});

test("reach --to sync: the sync listener on AWS; on Azure the public IP through AKS's load balancer, judged by the nodes subnet's NSG", () => {
  const aws = dpnet("reach", INTERNET, "--from", "control-plane", "--to", "sync");
  assert.equal(aws.code, 0, aws.stderr);
  assert.match(aws.stdout, /\ntcp 203\.0\.113\.1:1024-65535 -> <public IP of aws_lb\.ingress in eu-west-1a>:443: admitted at the listener/);
  const azure = examplePath("azure-managed");
  const cp = dpnet("reach", azure, "--from", "control-plane", "--to", "sync");
  assert.equal(cp.code, 0, cp.stderr);
  assert.deepEqual(cp.stdout.split("\n").slice(1, 5), [
    "tcp 203.0.113.1:1024-65535 -> <public IP of the AKS load balancer>:443: accepted",
    "   1. internet (internet): to <public IP of the AKS load balancer> on TCP 443",
    "   2. aks-load-balancer (load-balancer): AKS's load balancer (created by AKS, outside this topology) forwards to a node of the nodes subnet with floating IP: the destination stays the public IP",
    "   3. azurerm_subnet.nodes (subnet): nsg azurerm_network_security_group.nodes inbound rule securityRules/control-plane (priority 100) allows tcp 443 from 203.0.113.1",
  ]);
  assert.equal(dpnet("reach", azure, "--from", "control-plane", "--to", "azurerm_public_ip.lb:443").code, 0);
  const stranger = dpnet("reach", azure, "--from", "internet", "--to", "ingress:443");
  assert.equal(stranger.code, 1);
  assert.match(stranger.stdout, /denies tcp 443 from <an internet host>\n/);
  const unknown = dpnet("reach", examplePath("azure-customer-managed"), "--from", "control-plane", "--to", "sync");
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /data\.azurerm_subnet\.nodes has no IPv4 block in this topology/);
});
