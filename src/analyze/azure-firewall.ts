// Azure Firewall's rules (firewall rule processing logic): DNAT rules first, then network rules,
// then application rules, each kind in priority order, first match wins, and a flow no rule
// allows is denied. Application rules allow names (FQDNs), which a packet does not carry: a flow
// they allow is allowed to those names only, and the trace says so.
import { type Address, containsAddress, formatAddress, parseAddress, parsePrefix } from "../ipam/prefix.js";
import type { Firewall, FirewallRule, Protocol } from "../topology/model.js";
import { type Flow, coversPorts, describeService } from "./flow.js";
import type { Verdict } from "./rules.js";

export interface FirewallVerdict extends Verdict {
  rule?: FirewallRule;
}

const label = (r: FirewallRule) => `${r.kind === "dnat" ? "DNAT" : r.kind} rule ${r.name} (priority ${r.priority})`;

function holds(texts: readonly string[], a: Address): boolean {
  return texts.some((t) => {
    if (t === "*") return true;
    const p = parsePrefix(t.includes("/") ? t : `${t}/${a.family === 4 ? 32 : 128}`);
    return p !== undefined && containsAddress(p, a);
  });
}

function protocolMatches(protocols: readonly Protocol[], flow: Flow): boolean {
  const name = flow.protocol === 6 ? "tcp" : flow.protocol === 17 ? "udp" : flow.protocol === 1 ? "icmp" : undefined;
  return protocols.some((p) => p === "all" || p === name);
}

function matches(r: FirewallRule, flow: Flow, dst = flow.dst): boolean {
  return (
    protocolMatches(r.protocols, flow) &&
    holds(r.sources, flow.src) &&
    (r.kind === "application" || holds(r.destinations, dst)) &&
    (r.ports === undefined || r.ports.some((p) => coversPorts(p, flow.dstPorts)))
  );
}

/** The network and application rules on a flow the firewall forwards. */
export function firewallFilter(fw: Firewall, flow: Flow): FirewallVerdict {
  const service = `${describeService(flow.protocol, flow.dstPorts)} from ${formatAddress(flow.src)} to ${formatAddress(flow.dst)}`;
  const network = fw.rules.find((r) => r.kind === "network" && matches(r, flow));
  if (network) {
    const allowed = network.action === "allow";
    const text = `firewall ${fw.id}: ${label(network)} ${allowed ? "allows" : "denies"} ${service}`;
    return { allowed, rule: network, text, rules: [{ element: fw.id, name: network.name }] };
  }
  const app = fw.rules.find((r) => r.kind === "application" && matches(r, flow));
  if (app) {
    const allowed = app.action === "allow";
    const names = app.fqdns?.length ? app.fqdns.join(", ") : "no name";
    const text = allowed
      ? `firewall ${fw.id}: ${label(app)} allows ${service} to ${names} only (application rules allow names, which the packet does not carry)`
      : `firewall ${fw.id}: ${label(app)} denies ${service} to ${names}`;
    return { allowed, rule: app, text, rules: [{ element: fw.id, name: app.name }] };
  }
  return { allowed: false, text: `firewall ${fw.id}: no network or application rule allows ${service}: denied by default` };
}

/** The DNAT rule a flow to one of the firewall's public addresses matches, if any. */
export function firewallDnat(fw: Firewall, flow: Flow): FirewallRule | undefined {
  return fw.rules.find((r) => r.kind === "dnat" && r.translatedAddress !== undefined && parseAddress(r.translatedAddress) && matches(r, flow));
}

export function dnatLabel(r: FirewallRule): string {
  return label(r);
}
