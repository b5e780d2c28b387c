// Every port open to the whole internet (checkov CKV_AWS_277, CKV_AZURE_246): a rule that admits
// all traffic, or every port of TCP or UDP, from any address. Judged rule by rule, as checkov
// does, on every security group and NSG the topology holds, placed or not.
import type { Finding } from "../../findings.js";
import type { NsgRule, PortRange, Protocol, SecurityGroupRule } from "../../topology/model.js";
import { finding, hop } from "./finding.js";
import type { CheckInput } from "./input.js";
import { isWorld, nsgRuleHop, peerText, sgRuleHop } from "./security.js";
import { defineCheck } from "./define.js";

/** What "every port" a rule admits means for its protocol, or undefined when it admits only some ports. */
function everyPort(protocol: Protocol, ports: PortRange | readonly PortRange[] | undefined): string | undefined {
  const ranges = ports === undefined ? [] : "from" in ports ? [ports] : ports;
  if (ports !== undefined && !ranges.some((r) => r.from <= 0 && r.to >= 65535)) return undefined;
  if (protocol === "all") return "all traffic (every protocol and port)";
  if (protocol === "tcp" || protocol === 6) return "every TCP port";
  if (protocol === "udp" || protocol === 17) return "every UDP port";
  return undefined;
}

export const noWorldEveryPort = defineCheck({
  id: "DPN-AWS-030",
  title: "No security group admits every port from the whole internet",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale:
    "All traffic (or every TCP or UDP port) open to 0.0.0.0/0 or ::/0 exposes whatever listens on a member, now or later; least privilege admits ports one by one.",
  fix: "Replace the rule with rules for the ports the service needs, from the sources that need them.",
  crosswalk: { checkov: ["CKV_AWS_277"], trivy: ["AVD-AWS-0107"] },
  scope: "every-network",
  run: awsEveryPort,
});

/** DPN-AWS-030: no security group rule admits every port from the whole internet. */
function awsEveryPort(input: CheckInput): Finding[] {
  return input.topology.securityGroups.flatMap((sg) =>
    sg.rules.flatMap((rule: SecurityGroupRule, i) => {
      if (rule.direction !== "ingress" || !isWorld(rule.peer)) return [];
      const what = everyPort(rule.protocol, rule.ports);
      if (!what) return [];
      const from = peerText(rule.peer);
      return [
        finding(
          "DPN-AWS-030",
          rule.id ?? sg.id,
          `${sg.id} admits ${what} from ${from}: admit only the ports the service needs, from the sources that need them`,
          [hop(sg.id, "security-group", `admits ${what} from ${from}`), sgRuleHop(sg.id, rule, i)],
        ),
      ];
    }),
  );
}

export const noInternetEveryPort = defineCheck({
  id: "DPN-AZ-020",
  title: "No NSG admits every port from the Internet",
  severity: "error",
  clouds: ["azure"],
  level: "topology",
  rationale: "An allow rule for every port from the Internet exposes whatever listens behind the NSG, now or later; least privilege allows ports one by one.",
  fix: "Replace the rule with rules for the ports the service needs, from the sources that need them.",
  crosswalk: { checkov: ["CKV_AZURE_246"], trivy: ["AVD-AZU-0047"] },
  scope: "every-network",
  run: azureEveryPort,
});

/** DPN-AZ-020: no NSG rule allows every port in from the Internet. */
function azureEveryPort(input: CheckInput): Finding[] {
  return input.topology.networkSecurityGroups.flatMap((nsg) =>
    nsg.rules.flatMap((rule: NsgRule) => {
      if (rule.direction !== "inbound" || rule.access !== "allow") return [];
      const world = rule.sources.find(isWorld);
      const what = world && everyPort(rule.protocol, rule.destinationPorts);
      if (!world || !what) return [];
      return [
        finding(
          "DPN-AZ-020",
          rule.id ?? nsg.id,
          `${nsg.id} rule ${rule.name} allows ${what} from ${peerText(world)}: allow only the ports the service needs, from the sources that need them`,
          [hop(nsg.id, "network-security-group", `rule ${rule.name}`), nsgRuleHop(nsg.id, rule)],
        ),
      ];
    }),
  );
}
