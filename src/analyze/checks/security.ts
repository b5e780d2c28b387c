// Rule-level security checks, as checkov and trivy make them (their ids are in the catalog): admin
// ports open to the whole internet, the default security group, subnets without an NSG, queue
// policies and encryption.
import type { Finding, TraceHop } from "../../findings.js";
import { parsePrefix } from "../../ipam/prefix.js";
import { worldCovered } from "../../ipam/intervals.js";
import type { NetworkSecurityGroup, NsgRule, Peer, PolicyStatement, PortRange, Protocol, Queue, SecurityGroupRule } from "../../topology/model.js";
import { coversInternet, nsgAdmits } from "../space/checks.js";
import { setToCidrs } from "../../ipam/intervals.js";
import { finding, hop, notEnoughData } from "./finding.js";
import { type CheckInput, unknownOf } from "./input.js";
import { asList, conditionOn, inAccount, principalsOf } from "./policy.js";
import { CONVEYOR, defineCheck } from "./define.js";

interface AdminPort {
  port: number;
  what: string;
  aws: "DPN-AWS-016" | "DPN-AWS-017";
  azure: "DPN-AZ-009" | "DPN-AZ-010";
}
const SSH: AdminPort = { port: 22, what: "SSH", aws: "DPN-AWS-016", azure: "DPN-AZ-009" };
const RDP: AdminPort = { port: 3389, what: "RDP", aws: "DPN-AWS-017", azure: "DPN-AZ-010" };

// Azure forbids (or its services manage) NSGs on these subnets (CKV2_AZURE_31 leaves them out too).
const NSG_EXEMPT = new Set(["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "RouteServerSubnet"]);
const WORLD_TAGS = new Set(["*", "Any", "Internet", "any", "internet"]);

function coversTcpPort(protocol: Protocol, ports: readonly PortRange[] | undefined, port: number): boolean {
  const tcp = protocol === "tcp" || protocol === "all" || protocol === 6;
  return tcp && (ports === undefined || ports.some((r) => r.from <= port && port <= r.to));
}

/** The whole internet: any address, 0.0.0.0/0 or ::/0, or Azure's Internet tag. */
export function isWorld(peer: Peer): boolean {
  if (peer.kind === "any") return true;
  if (peer.kind === "service-tag") return WORLD_TAGS.has(peer.tag);
  // Only a block written `…/0` can be the whole space: the text check spares parsing every rule's CIDR.
  return peer.kind === "cidr" && peer.cidr.endsWith("/0") && parsePrefix(peer.cidr)?.len === 0;
}

export function peerText(peer: Peer): string {
  switch (peer.kind) {
    case "any":
      return "any address";
    case "cidr":
      return peer.cidr;
    case "security-group":
    case "prefix-list":
      return peer.id;
    case "service-tag":
      return peer.tag;
  }
}

export function sgRuleHop(sgId: string, rule: SecurityGroupRule, index: number): TraceHop {
  const ports = rule.ports ? `${rule.ports.from}-${rule.ports.to}` : "all ports";
  return hop(
    rule.id ?? `${sgId} rule #${index + 1}`,
    "security-group-rule",
    `${rule.direction} ${String(rule.protocol)} ${ports} ${rule.direction === "ingress" ? "from" : "to"} ${peerText(rule.peer)}`,
  );
}

export const noWorldSsh = defineCheck({
  id: "DPN-AWS-016",
  title: "No security group admits SSH from the whole internet",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: "SSH (TCP 22) open to 0.0.0.0/0 or ::/0 invites brute force; use a bastion, SSM Session Manager or a VPN range.",
  fix: "Narrow the rule's source to your admin ranges, or remove it.",
  crosswalk: { checkov: ["CKV_AWS_24"], trivy: ["AVD-AWS-0107"] },
  scope: "every-network",
  run: (input) => awsAdminPort(input, SSH),
});

export const noWorldRdp = defineCheck({
  id: "DPN-AWS-017",
  title: "No security group admits RDP from the whole internet",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: "RDP (TCP 3389) open to 0.0.0.0/0 or ::/0 invites brute force; use a bastion or a VPN range.",
  fix: "Narrow the rule's source to your admin ranges, or remove it.",
  crosswalk: { checkov: ["CKV_AWS_25"], trivy: ["AVD-AWS-0107"] },
  scope: "every-network",
  run: (input) => awsAdminPort(input, RDP),
});

/** DPN-AWS-016 / DPN-AWS-017: no security group admits SSH / RDP from the whole internet. */
function awsAdminPort(input: CheckInput, a: AdminPort): Finding[] {
  return [...worldRules(input, a), ...worldUnions(input, a)];
}

/** Rules that admit the admin port from the whole internet on their own. */
function worldRules(input: CheckInput, a: AdminPort): Finding[] {
  return input.topology.securityGroups.flatMap((sg) =>
    sg.rules.flatMap((rule, i) => {
      // Most rules stop here, before any per-port work (a security group of a large network has thousands).
      if (rule.direction !== "ingress" || !isWorld(rule.peer) || !coversTcpPort(rule.protocol, rule.ports && [rule.ports], a.port)) return [];
      const trace = [hop(sg.id, "security-group", `admits ${a.what} (TCP ${a.port}) from ${peerText(rule.peer)}`), sgRuleHop(sg.id, rule, i)];
      return [
        finding(
          a.aws,
          rule.id ?? sg.id,
          `${sg.id} admits ${a.what} (TCP ${a.port}) from ${peerText(rule.peer)}: narrow the source to your admin ranges (or use a bastion, SSM Session Manager, a VPN)`,
          trace,
        ),
      ];
    }),
  );
}

/**
 * Security groups whose rules admit the admin port from blocks that, together, are the whole
 * internet (`0.0.0.0/1` + `128.0.0.0/1`) though no one rule is: judged on the address set.
 */
function worldUnions(input: CheckInput, a: AdminPort): Finding[] {
  return input.topology.securityGroups.flatMap((sg) => {
    const admitting = sg.rules.flatMap((rule, i) =>
      rule.direction === "ingress" && rule.peer.kind === "cidr" && coversTcpPort(rule.protocol, rule.ports && [rule.ports], a.port)
        ? [{ rule, i, cidr: rule.peer.cidr }]
        : [],
    );
    if (admitting.some((r) => isWorld(r.rule.peer))) return [];
    const world = worldCovered(admitting.map((r) => r.cidr));
    if (world.length === 0) return [];
    const trace = [
      hop(sg.id, "security-group", `admits ${a.what} (TCP ${a.port}) from blocks that together cover ${world.join(" and ")}`),
      ...admitting.map((r) => sgRuleHop(sg.id, r.rule, r.i)),
    ];
    return [
      finding(
        a.aws,
        sg.id,
        `${sg.id} admits ${a.what} (TCP ${a.port}) from ${admitting.map((r) => r.cidr).join(", ")}, together the whole internet (${world.join(" and ")}): narrow the sources to your admin ranges (or use a bastion, SSM Session Manager, a VPN)`,
        trace,
      ),
    ];
  });
}

export const defaultSecurityGroupEmpty = defineCheck({
  id: "DPN-AWS-015",
  title: "The default security group has no rules",
  severity: "warning",
  clouds: ["aws"],
  level: "topology",
  rationale: "Resources that fall into the default security group should get no traffic (CIS AWS 5.3).",
  fix: "Manage the default security group (aws_default_security_group) with no ingress or egress rules.",
  crosswalk: { checkov: ["CKV2_AWS_12"], trivy: ["AVD-AWS-0173"] },
  scope: "every-network",
  run: defaultSecurityGroup,
});

/** DPN-AWS-015: the default security group has no rules; not enough data for a read VPC whose default group the input lacks. */
function defaultSecurityGroup(input: CheckInput): Finding[] {
  const withDefault = new Set(input.topology.securityGroups.filter((sg) => sg.isDefault).map((sg) => sg.networkId));
  const unread = input.topology.networks
    .filter((n) => n.cloud === "aws" && n.unknown?.rules && !withDefault.has(n.id))
    .map((n) => notEnoughData("DPN-AWS-015", n.id, `whether the default security group has rules (${n.unknown!.rules})`));
  return [
    ...unread,
    ...input.topology.securityGroups
      .filter((sg) => sg.isDefault && sg.rules.length > 0)
      .map((sg) =>
        finding(
          "DPN-AWS-015",
          sg.id,
          `the default security group has ${sg.rules.length} rule${sg.rules.length === 1 ? "" : "s"}: remove them, so what falls into it gets no traffic`,
          sg.rules.map((r, i) => sgRuleHop(sg.id, r, i)),
        ),
      ),
  ];
}

export function nsgRuleHop(nsgId: string, rule: NsgRule): TraceHop {
  const ports = rule.destinationPorts?.map((p) => (p.from === p.to ? String(p.from) : `${p.from}-${p.to}`)).join(",") ?? "*";
  return hop(
    rule.id ?? `${nsgId}/${rule.name}`,
    "nsg-rule",
    `priority ${rule.priority} ${rule.direction} ${rule.access} ${String(rule.protocol)} ${ports} from ${rule.sources.map(peerText).join(", ")}`,
  );
}

export const noInternetSsh = defineCheck({
  id: "DPN-AZ-009",
  title: "No NSG admits SSH from the Internet",
  severity: "error",
  clouds: ["azure"],
  level: "topology",
  rationale: "SSH (TCP 22) open to the Internet invites brute force; use Azure Bastion or a VPN range.",
  fix: "Narrow the rule's source to your admin ranges, or remove it.",
  crosswalk: { checkov: ["CKV_AZURE_10"], trivy: ["AVD-AZU-0050"] },
  scope: "every-network",
  run: (input) => azureAdminPort(input, SSH),
});

export const noInternetRdp = defineCheck({
  id: "DPN-AZ-010",
  title: "No NSG admits RDP from the Internet",
  severity: "error",
  clouds: ["azure"],
  level: "topology",
  rationale: "RDP (TCP 3389) open to the Internet invites brute force; use Azure Bastion or a VPN range.",
  fix: "Narrow the rule's source to your admin ranges, or remove it.",
  crosswalk: { checkov: ["CKV_AZURE_9"], trivy: ["AVD-AZU-0048"] },
  scope: "every-network",
  run: (input) => azureAdminPort(input, RDP),
});

/** DPN-AZ-009 / DPN-AZ-010: no NSG allows SSH / RDP in from the Internet, by one rule or several together. */
function azureAdminPort(input: CheckInput, a: AdminPort): Finding[] {
  return input.topology.networkSecurityGroups.flatMap((nsg) => {
    const rules = azureAdminRules(nsg, a);
    return rules.length > 0 ? rules : azureAdminUnion(nsg, a);
  });
}

/**
 * An NSG that lets the admin port in from every internet address only through several rules together,
 * judged in priority order (a deny before an allow counts): every source, not a sample.
 */
function azureAdminUnion(nsg: NetworkSecurityGroup, a: AdminPort): Finding[] {
  const { open, rules } = nsgAdmits(nsg, a.port, 4);
  if (!coversInternet(open, 4)) return [];
  // A rule written elsewhere could deny first: these rules together open the port only if none does.
  const elsewhere = nsg.unknown?.rules;
  if (elsewhere)
    return [
      notEnoughData(
        a.azure,
        nsg.id,
        `whether ${nsg.id} lets ${a.what} (TCP ${a.port}) in from every internet address through rules ${rules.join(", ")} together: ${elsewhere}`,
      ),
    ];
  const used = nsg.rules.filter((r) => r.direction === "inbound" && rules.includes(r.name));
  const trace = [
    hop(nsg.id, "network-security-group", `allows ${a.what} (TCP ${a.port}) from every internet address: ${setToCidrs(4, open).join(", ")}`),
    ...used.map((r) => nsgRuleHop(nsg.id, r)),
  ];
  return [
    finding(
      a.azure,
      nsg.id,
      `${nsg.id} allows ${a.what} (TCP ${a.port}) from every internet address through rules ${rules.join(", ")} together: narrow the sources to your admin ranges (or use Azure Bastion, a VPN)`,
      trace,
    ),
  ];
}

function azureAdminRules(nsg: NetworkSecurityGroup, a: AdminPort): Finding[] {
  return nsg.rules.flatMap((rule) =>
    rule.direction === "inbound" && rule.access === "allow" && rule.sources.some(isWorld) && coversTcpPort(rule.protocol, rule.destinationPorts, a.port)
      ? [
          finding(
            a.azure,
            rule.id ?? nsg.id,
            `${nsg.id} rule ${rule.name} allows ${a.what} (TCP ${a.port}) from the Internet: narrow the source to your admin ranges (or use Azure Bastion, a VPN)`,
            [hop(nsg.id, "network-security-group", `rule ${rule.name}`), nsgRuleHop(nsg.id, rule)],
          ),
        ]
      : [],
  );
}

function subnetName(id: string, name: string | undefined): string {
  return name ?? id.split("/").at(-1) ?? id;
}

export const nsgPerSubnet = defineCheck({
  id: "DPN-AZ-007",
  title: "An NSG on every subnet",
  severity: "warning",
  clouds: ["azure"],
  level: "topology",
  rationale: "A subnet without a network security group admits whatever its routes bring.",
  fix: "Associate a network security group with the subnet.",
  crosswalk: { checkov: ["CKV2_AZURE_31"] },
  scope: "every-network",
  run: nsgOnEverySubnet,
});

/** DPN-AZ-007: every Azure subnet (but those Azure reserves) has an NSG. */
function nsgOnEverySubnet(input: CheckInput): Finding[] {
  const { ix } = input.engine;
  return input.topology.subnets
    .filter((s) => nsgPerSubnet.clouds.includes(ix.networkOf(s).cloud) && s.networkSecurityGroupId === undefined && !NSG_EXEMPT.has(subnetName(s.id, s.name)))
    .map((s) => {
      const what = s.tier ? `the ${s.tier} subnet` : "the subnet";
      const unknown = unknownOf(input, s.id);
      if (unknown) return notEnoughData("DPN-AZ-007", s.id, `whether ${what} has a network security group (${unknown.why})`);
      return finding("DPN-AZ-007", s.id, `${what} has no network security group: associate one (it admits whatever its routes bring otherwise)`, [
        hop(s.id, "subnet", "no NSG associated"),
      ]);
    });
}

export const queuePoliciesScoped = defineCheck({
  id: "DPN-AWS-018",
  title: "Queue policies name their principals",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: the async link uses "AWS SQS queues with a bi-directional trust relationship": trust names the other side, not everyone.`,
  fix: "Replace the * principal of the Allow statement with the control plane's account or role ARN (or add a condition that scopes it).",
  crosswalk: { checkov: ["CKV_AWS_168"] },
  appliesTo: "asyncLink",
  scope: "every-network",
  run: queuePolicies,
});

/** A principal that names everyone, or every account (`arn:aws:iam::*:role/x`): any `*` in it. */
const everyonePrincipal = (p: string): boolean => p.includes("*");

/** The principals of an Allow statement that name everyone (or every account), when no condition narrows it. */
function publicPrincipals(s: PolicyStatement): string[] {
  if (s.Effect !== "Allow" || s.Condition !== undefined) return [];
  if (s.Principal === "*") return ["*"];
  return Object.values(s.Principal ?? {}).flatMap((p) => asList(p).filter(everyonePrincipal));
}

/** What of a statement DPN-AWS-018 needs but the input leaves unknown: its effect, principal or condition. */
function unknownForPublic(s: PolicyStatement): string | undefined {
  const parts = (["Effect", "Principal", "Condition"] as const).filter((k) => s.unknown?.[k] !== undefined);
  if (parts.length === 0 || (s.unknown?.Effect === undefined && s.Effect === "Deny")) return undefined;
  return `${parts.join(", ")} (${s.unknown![parts[0]!]})`;
}

/** DPN-AWS-018: no queue policy allows everyone; each policy judged when several are set on one queue, and the conflict said. */
function queuePolicies(input: CheckInput): Finding[] {
  return input.topology.queues.flatMap((q) => {
    const policies = q.policies ?? [];
    const several = policies.length > 1;
    const findings = policies.flatMap((p) =>
      p.document.Statement.flatMap((s, i) => {
        const sid = s.Sid ?? `statement ${i + 1}`;
        const where = several ? `${sid} of ${p.id}` : `${sid} of the queue policy`;
        const statementHop = (decision: string) => hop(`${p.id} ${sid}`, "policy-statement", decision);
        const unknown = unknownForPublic(s);
        if (unknown)
          return [notEnoughData("DPN-AWS-018", q.id, `whether ${where} allows everyone: ${unknown}`, [hop(q.id, "queue", q.arn ?? q.url ?? "queue")])];
        const everyone = publicPrincipals(s);
        if (everyone.length === 0) return [];
        const whom = everyone.includes("*") ? "everyone (principal *)" : `every account (principal ${everyone.join(", ")})`;
        const trace = [
          hop(q.id, "queue", q.arn ?? q.url ?? "queue"),
          statementHop(`Allow ${asList(s.Action).join(", ") || "(NotAction)"} to principal ${everyone.join(", ")} with no condition`),
        ];
        return [
          finding(
            "DPN-AWS-018",
            q.id,
            `${where} allows ${asList(s.Action).join(", ") || "actions"} to ${whom}: name the control plane's account or role instead`,
            trace,
          ),
        ];
      }),
    );
    if (!several) return findings;
    const ids = policies.map((p) => p.id);
    const conflict = finding(
      "DPN-AWS-018",
      q.id,
      `${policies.length} policies are set on the queue (${ids.join(", ")}): AWS keeps one, the last applied, so which holds depends on apply order; keep one policy`,
      ids.map((id) => hop(id, "queue-policy", "sets the queue's whole policy")),
      "warning",
    );
    return [...findings, conflict];
  });
}

function encryption(q: Queue): string {
  return q.kmsKeyId ? `KMS key ${q.kmsKeyId}` : q.encrypted ? "SSE-SQS" : "none";
}

export const queuesEncrypted = defineCheck({
  id: "DPN-AWS-019",
  title: "Queues are encrypted at rest",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: "Messages between the planes carry cluster data; SQS server-side encryption keeps them encrypted at rest.",
  fix: "Set sqs_managed_sse_enabled = true (or a kms_master_key_id) on the queue.",
  crosswalk: { checkov: ["CKV_AWS_27"], trivy: ["AVD-AWS-0096"] },
  appliesTo: "asyncLink",
  scope: "every-network",
  run: queueEncryption,
});

/** DPN-AWS-019: every queue is encrypted at rest. */
function queueEncryption(input: CheckInput): Finding[] {
  return input.topology.queues.flatMap((q) => {
    const elsewhere = q.unknown?.encryption;
    if (elsewhere) return [notEnoughData("DPN-AWS-019", q.id, `whether the queue is encrypted: ${elsewhere}`)];
    if (q.encrypted === undefined && q.kmsKeyId === undefined) return [notEnoughData("DPN-AWS-019", q.id, "whether the queue is encrypted")];
    if (q.encrypted || q.kmsKeyId) return [];
    return [
      finding("DPN-AWS-019", q.id, "the queue is not encrypted at rest: set sqs_managed_sse_enabled = true (or a kms_master_key_id)", [
        hop(q.id, "queue", `encryption: ${encryption(q)}`),
      ]),
    ];
  });
}

/** What is wrong with an Allow statement of a trust policy, if anything. */
function trustProblem(s: PolicyStatement, account: string | undefined): string | undefined {
  const aws = principalsOf(s, "AWS");
  if (aws.includes("*") && s.Condition === undefined) return "trusts every AWS principal (*): name the principal that may assume the role";
  if (account !== undefined && aws.some((p) => inAccount(p, account)) && !conditionOn(s, (k) => k === "sts:externalid")) {
    return `trusts the control plane's account ${account} without an sts:ExternalId condition: require the external id, so no other customer of the control plane can make it assume this role`;
  }
  const webIdentity = asList(s.Action).some((a) => a.toLowerCase() === "sts:assumerolewithwebidentity");
  if (webIdentity && principalsOf(s, "Federated").length > 0 && !conditionOn(s, (k) => k.endsWith(":sub"))) {
    return "trusts a web identity without a :sub condition: any service account of the cluster may assume it; require the agent's system:serviceaccount:<namespace>:<name>";
  }
  return undefined;
}

export const roleTrustScoped = defineCheck({
  id: "DPN-AWS-022",
  title: "Cross-account and web-identity trust is scoped",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: the async link has "a bi-directional trust relationship": the control plane's account only with an external id, the agent only as its service account.`,
  fix: "Require sts:ExternalId on statements trusting the control plane's account, a :sub condition on web-identity statements, and never trust principal *.",
  crosswalk: { checkov: ["CKV_AWS_60"] },
  appliesTo: "asyncLink",
  scope: "every-network",
  run: roleTrust,
});

/** DPN-AWS-022: roles are assumable only by whom the async link means, as narrowly as it can say. */
function roleTrust(input: CheckInput): Finding[] {
  const account = input.context.controlPlane?.awsAccountId;
  return (input.topology.roles ?? []).flatMap((role) =>
    (role.trustPolicy?.Statement ?? []).flatMap((s, i) => {
      const problem = s.Effect === "Allow" ? trustProblem(s, account) : undefined;
      if (!problem) return [];
      const sid = s.Sid ?? `statement ${i + 1}`;
      const principals = ["AWS", "Federated", "Service"].flatMap((k) => principalsOf(s, k)).join(", ");
      const trace = [
        hop(role.id, "role", role.arn ?? role.name ?? role.id),
        hop(`${role.id} ${sid}`, "policy-statement", `Allow ${asList(s.Action).join(", ")} to ${principals || "(no principal)"}`),
      ];
      return [finding("DPN-AWS-022", role.id, `${sid} of the trust policy ${problem}`, trace)];
    }),
  );
}
