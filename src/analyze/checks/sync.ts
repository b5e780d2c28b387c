// The control plane's way in: the sync port reachable from the control plane and from nowhere
// else (internet mode: an internet-facing NLB admitting controlPlane.cidrs; PrivateLink: an
// endpoint service that only the control plane's account may use, nothing internet-facing), and
// kube-apiserver admitting only its allowed CIDRs.
import { type Finding, type TraceHop, replyHops } from "../../findings.js";
import { type Address, FAMILY_BITS, type Prefix, addressAt, coversPrefix, formatAddress, parseAddress, parsePrefix, parsePrefixes } from "../../ipam/prefix.js";
import { EPHEMERAL, type Flow, TCP } from "../flow.js";
import { QueryError } from "../reach.js";
import type { EndpointService, Listener, LoadBalancer, Subnet } from "../../topology/model.js";
import type { SyncDnat } from "../../topology/context.js";
import { finding, hop, notEnoughData } from "./finding.js";
import { type CheckInput, dataPlaneNetwork, tierSubnets, unjudged, unknownOf } from "./input.js";
import { hostOf } from "./names.js";
import { inAccount } from "./policy.js";
import { ask, gotThrough, stoppedAt, traceOf } from "./reachability.js";
import type { Witness } from "../space/exposure.js";
import { testIntent } from "../space/intents.js";
import { analyzeFilter } from "../space/filter.js";
import { internetSpace } from "../space/analysis.js";
import { describeSet, normalize, prefixRange, subtract } from "../../ipam/intervals.js";
import { few } from "../../io/text.js";
import { CONVEYOR, TYPHOON, defineCheck } from "./define.js";

const DEFAULT_SYNC_PORT = 443;
const APISERVER_PORT = 6443;
const TCP_LISTENERS = new Set(["tcp", "tcp_udp", "tls"]);

interface OnPort {
  lb: LoadBalancer;
  listener: Listener;
}

/** The listener the context names, else every TCP listener on the port. */
function listenersOn(input: CheckInput, port: number, named?: string): OnPort[] {
  const found = named === undefined ? undefined : input.engine.ix.listener(named);
  if (found) return [found];
  return input.topology.loadBalancers.flatMap((lb) =>
    lb.listeners.filter((l) => l.port === port && TCP_LISTENERS.has(l.protocol)).map((listener) => ({ lb, listener })),
  );
}

function listenerHop({ lb, listener }: OnPort): TraceHop {
  return hop(listener.id, "listener", `${listener.protocol} ${listener.port} on ${lb.scheme} ${lb.id} -> ${listener.targetGroupId}`);
}

function syncPort(input: CheckInput): number {
  return input.context.controlPlane?.port ?? DEFAULT_SYNC_PORT;
}

/** The internet-facing listeners on the sync port (internet mode), and the control plane's blocks. */
function internetSyncListeners(input: CheckInput, cidrs: readonly string[]): { onPort: OnPort[]; facing: OnPort[]; controlPlane: Prefix[] } {
  const onPort = listenersOn(input, syncPort(input), input.context.sync?.listenerId);
  return { onPort, facing: onPort.filter((o) => o.lb.scheme === "internet-facing"), controlPlane: parsePrefixes(cidrs) };
}

/** DPN-AWS-009 (internet mode): the control plane gets through to the sync port. */
function internetSyncReached(input: CheckInput, cidrs: readonly string[]): Finding[] {
  const port = syncPort(input);
  const { onPort, facing, controlPlane } = internetSyncListeners(input, cidrs);
  if (controlPlane.length === 0) return [notEnoughData("DPN-AWS-009", "controlPlane.cidrs", "where the control plane connects from")];
  if (facing.length === 0) {
    const message = `no internet-facing load balancer listens on TCP ${port}: the control plane cannot reach the sync port; put its listener on an internet-facing NLB in the public subnets`;
    return [finding("DPN-AWS-009", onPort[0]?.listener.id ?? "sync", message, onPort.map(listenerHop))];
  }
  return facing.flatMap((o) => {
    const id = o.listener.id;
    // Every packet from the control plane must get in.
    const cp = testIntent(input.topology, input.context, { must: "reach", from: "control-plane", to: id, protocol: "tcp", ports: port });
    const findings: Finding[] = [];
    if (cp.unanswerable) findings.push(notEnoughData("DPN-AWS-009", id, `whether the control plane reaches it (${cp.unanswerable})`));
    for (const v of cp.violations.slice(0, 1)) {
      const stop = v.witness.hops.at(-1);
      const unknown = unjudged(v.witness);
      if (unknown) {
        findings.push(notEnoughData("DPN-AWS-009", id, `whether the control plane reaches it (${unknown.why})`));
        continue;
      }
      const message = `the control plane does not reach the sync port TCP ${port} from ${few(v.sources)} (${v.witness.flow}: ${v.witness.disposition}${stop ? ` at ${stop.id}` : ""}): admit controlPlane.cidrs on TCP ${port} in the load balancer's security group and its targets'`;
      findings.push(finding("DPN-AWS-009", id, message, traceOfWitness(v.witness)));
    }
    return findings;
  });
}

/** DPN-AWS-010 (internet mode): no internet host but the control plane gets through to the sync port. */
function internetSyncOnlyControlPlane(input: CheckInput, cidrs: readonly string[]): Finding[] {
  const port = syncPort(input);
  const { facing, controlPlane } = internetSyncListeners(input, cidrs);
  if (controlPlane.length === 0) return [];
  return facing.flatMap((o) => {
    const id = o.listener.id;
    // No packet from anywhere else may get in.
    const others = testIntent(input.topology, input.context, {
      must: "not reach",
      from: "internet",
      except: ["control-plane"],
      to: id,
      protocol: "tcp",
      ports: port,
    });
    const findings: Finding[] = [];
    if (others.unanswerable) findings.push(notEnoughData("DPN-AWS-010", id, `whether other internet hosts reach it (${others.unanswerable})`));
    for (const v of others.violations.slice(0, 1)) {
      const message = `TCP ${port} from ${few(v.sources)}, outside controlPlane.cidrs, reaches the sync port (witness ${v.witness.flow}): admit only ${cidrs.join(", ")} on it, or give the sync link a port of its own`;
      findings.push(finding("DPN-AWS-010", id, message, traceOfWitness(v.witness)));
    }
    return findings;
  });
}

function traceOfWitness(w: Witness): TraceHop[] {
  return [...w.hops, ...replyHops(w.return ?? [])];
}

function serviceHop(s: EndpointService): TraceHop {
  const regions = s.supportedRegions?.length ? `; supported regions ${s.supportedRegions.join(", ")}` : "";
  return hop(
    s.id,
    "endpoint-service",
    `allowed principals: ${s.allowedPrincipals.join(", ") || "none"}; acceptance ${s.acceptanceRequired ? "required" : "not required"}; load balancers ${s.loadBalancerIds.join(", ")}${regions}`,
  );
}

export const controlPlaneReachesSync = defineCheck({
  id: "DPN-AWS-009",
  title: "The control plane reaches the sync port",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: "we expose a NLB in the data plane public subnets. All traffic from the control plane uses this endpoint".`,
  fix: "Put the sync listener on an internet-facing NLB in the public subnets and admit controlPlane.cidrs on its port in the NLB's security group.",
  appliesTo: "controlPlane",
  scope: "data-plane",
  run: syncReached,
});

/** DPN-AWS-009, by the control plane's connectivity; nothing without a control plane. */
function syncReached(input: CheckInput): Finding[] {
  const cp = input.context.controlPlane;
  if (!cp) return [];
  return cp.connectivity === "privatelink" ? privateLinkReached(input, cp.awsAccountId) : internetSyncReached(input, cp.cidrs);
}

export const onlyControlPlaneOnSync = defineCheck({
  id: "DPN-AWS-010",
  title: "Nothing but the control plane reaches the sync port",
  severity: "warning",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: the sync endpoint is the control plane's ("All traffic from the control plane uses this endpoint").`,
  fix: "Admit only controlPlane.cidrs on the sync port, or move the sync link to a port of its own.",
  appliesTo: "controlPlane",
  scope: "data-plane",
  run: syncOnlyControlPlane,
});

/** DPN-AWS-010 (internet mode only: PrivateLink admits by account, DPN-AWS-011). */
function syncOnlyControlPlane(input: CheckInput): Finding[] {
  const cp = input.context.controlPlane;
  return cp && cp.connectivity !== "privatelink" ? internetSyncOnlyControlPlane(input, cp.cidrs) : [];
}

/** PrivateLink mode: the listeners on the sync port and the endpoint services in front of their load balancers. */
function privateLinkSync(input: CheckInput): { port: number; onPort: OnPort[]; services: EndpointService[] } {
  const port = syncPort(input);
  const onPort = listenersOn(input, port, input.context.sync?.listenerId);
  const services = input.topology.endpointServices.filter((s) => onPort.some((o) => s.loadBalancerIds.includes(o.lb.id)));
  return { port, onPort, services };
}

/** DPN-AWS-009 (PrivateLink mode): an endpoint service fronts the sync listener, and the control plane's account may connect to it. */
function privateLinkReached(input: CheckInput, account: string | undefined): Finding[] {
  const { port, onPort, services } = privateLinkSync(input);
  const findings: Finding[] = [];
  if (services.length === 0) {
    const message = `no endpoint service fronts a load balancer listening on TCP ${port}: the control plane cannot reach the sync port; put an endpoint service on the internal NLB that has the sync listener`;
    findings.push(finding("DPN-AWS-009", onPort[0]?.listener.id ?? "sync", message, onPort.map(listenerHop)));
  }
  if (account === undefined) return findings;
  for (const s of services.filter((x) => !x.allowedPrincipals.some((p) => p === "*" || inAccount(p, account)))) {
    findings.push(
      finding(
        "DPN-AWS-009",
        s.id,
        `the control plane's account ${account} is not an allowed principal: the control plane cannot connect; allow arn:aws:iam::${account}:root`,
        [serviceHop(s)],
      ),
    );
  }
  return findings;
}

export const endpointServiceInRegion = defineCheck({
  id: "DPN-AWS-024",
  title: "Sync endpoint service offered in the control plane's region",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: the control plane reaches the data plane through "a VPC endpoint service"; from another region it can create its endpoint only where the service is offered (cross-region PrivateLink).`,
  fix: "Add the control plane's region to the endpoint service's supported_regions (controlPlane.awsRegion in the spec does it).",
  scope: "data-plane",
  run: endpointServiceRegions,
});

/** DPN-AWS-024 (PrivateLink mode): a control plane in another region may connect only when the service is offered there. */
function endpointServiceRegions(input: CheckInput): Finding[] {
  const cp = input.context.controlPlane;
  if (cp?.connectivity !== "privatelink") return [];
  return privateLinkSync(input).services.flatMap((s) => regionFindings(input, s, cp.awsRegion));
}

function regionFindings(input: CheckInput, s: EndpointService, consumerRegion: string | undefined): Finding[] {
  const region = dataPlaneNetwork(input, "aws")?.region;
  if (!consumerRegion || !region || consumerRegion === region || s.supportedRegions?.includes(consumerRegion)) return [];
  const offered = s.supportedRegions?.length ? s.supportedRegions.join(", ") : `only its own region ${region}`;
  return [
    finding(
      "DPN-AWS-024",
      s.id,
      `the control plane is in ${consumerRegion} but the endpoint service in ${region} is offered to ${offered}: the control plane cannot create its endpoint; add ${consumerRegion} to supported_regions`,
      [serviceHop(s)],
    ),
  ];
}

export const endpointServiceOnlyControlPlane = defineCheck({
  id: "DPN-AWS-011",
  title: "The endpoint service allows only the control plane",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: PrivateLink lets "the control plane reach the data plane without exposing traffic to the public internet".`,
  fix: "Set the endpoint service's allowed principals to the control plane's account (arn:aws:iam::<account>:root), never *.",
  appliesTo: "privatelink",
  scope: "every-network",
  run: endpointServicePrincipals,
});

/** DPN-AWS-011: no endpoint service allows `*`, whatever the mode; with PrivateLink, the sync's allow no account but the control plane's. */
function endpointServicePrincipals(input: CheckInput): Finding[] {
  const open = input.topology.endpointServices.flatMap((s) =>
    s.allowedPrincipals.includes("*")
      ? [finding("DPN-AWS-011", s.id, "allows every AWS account (principal *) to connect: allow only the control plane's account", [serviceHop(s)])]
      : [],
  );
  const cp = input.context.controlPlane;
  // The sync link's services are judged against the control plane's account only for a data plane whose sync link they carry.
  const account =
    input.cloud !== undefined && controlPlaneReachesSync.clouds.includes(input.cloud) && cp?.connectivity === "privatelink" ? cp.awsAccountId : undefined;
  if (account === undefined) return open;
  const others = privateLinkSync(input).services.flatMap((s) => {
    const outside = s.allowedPrincipals.filter((p) => p !== "*" && !inAccount(p, account));
    if (outside.length === 0) return [];
    return [
      finding("DPN-AWS-011", s.id, `allows principals outside the control plane's account (${outside.join(", ")}): allow only arn:aws:iam::${account}:root`, [
        serviceHop(s),
      ]),
    ];
  });
  return [...open, ...others];
}

export const endpointServiceAcceptance = defineCheck({
  id: "DPN-AWS-012",
  title: "The endpoint service requires acceptance",
  severity: "warning",
  clouds: ["aws"],
  level: "topology",
  rationale: "Connections to an endpoint service should be accepted one by one (checkov CKV_AWS_123).",
  fix: "Set acceptance_required = true on the endpoint service.",
  crosswalk: { checkov: ["CKV_AWS_123"] },
  appliesTo: "privatelink",
  scope: "every-network",
  run: acceptanceRequired,
});

/** DPN-AWS-012: every endpoint service requires acceptance, whatever the mode. */
function acceptanceRequired(input: CheckInput): Finding[] {
  return input.topology.endpointServices.flatMap((s) =>
    s.acceptanceRequired
      ? []
      : [
          finding(
            "DPN-AWS-012",
            s.id,
            "accepts endpoint connections without approval: set acceptance_required = true and accept the control plane's connection",
            [serviceHop(s)],
          ),
        ],
  );
}

export const noInternetFacingSync = defineCheck({
  id: "DPN-AWS-013",
  title: "No internet-facing sync endpoint with PrivateLink",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${CONVEYOR}: PrivateLink is for setups where "it might not be possible to have an internet facing service".`,
  fix: "Make the load balancer behind the sync port internal, or remove its listener on the sync port.",
  appliesTo: "privatelink",
  scope: "data-plane",
  run: privateLinkNotFacing,
});

/** DPN-AWS-013 (PrivateLink mode): no internet-facing load balancer listens on the sync port. */
function privateLinkNotFacing(input: CheckInput): Finding[] {
  if (input.context.controlPlane?.connectivity !== "privatelink") return [];
  const { port, onPort } = privateLinkSync(input);
  return onPort
    .filter((x) => x.lb.scheme === "internet-facing")
    .map((o) => {
      const r = ask(input, { from: "internet", to: o.listener.id, protocol: "tcp", port });
      const trace = typeof r === "string" ? [listenerHop(o)] : [listenerHop(o), ...traceOf(r)];
      return finding(
        "DPN-AWS-013",
        o.lb.id,
        `${o.lb.id} is internet-facing and listens on the sync port TCP ${port}: with PrivateLink nothing should face the internet; make it internal`,
        trace,
      );
    });
}

/** The apiserver's listeners on 6443, and those of them that forward to 6443; nothing without allowed CIDRs. */
function apiserverListeners(input: CheckInput): { allowed: string[]; onPort: OnPort[]; forwarding: OnPort[] } | undefined {
  const allowed = input.context.apiserver?.allowedCidrs;
  if (!allowed) return undefined;
  const { ix } = input.engine;
  const onPort = listenersOn(input, APISERVER_PORT, input.context.apiserver?.listenerId);
  const forwarding = onPort.filter((o) => {
    const tg = ix.targetGroups.get(o.listener.targetGroupId);
    return tg !== undefined && (tg.port === APISERVER_PORT || tg.targets.some((t) => t.port === APISERVER_PORT));
  });
  return { allowed, onPort, forwarding };
}

export const apiserverForwards = defineCheck({
  id: "DPN-AWS-020",
  title: "The apiserver NLB forwards TCP 6443 to the controllers",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${TYPHOON}: "A network load balancer (NLB) distributes IPv4 TCP/6443 traffic across a target group of controller nodes".`,
  fix: "Give the apiserver NLB a TCP 6443 listener forwarding to a target group on port 6443.",
  appliesTo: "apiserver",
  scope: "data-plane",
  run: apiserverForwarding,
});

/** DPN-AWS-020: a listener forwards TCP 6443 to the controllers on 6443. */
function apiserverForwarding(input: CheckInput): Finding[] {
  const found = apiserverListeners(input);
  if (!found || found.forwarding.length > 0) return [];
  const message = `no load balancer forwards TCP ${APISERVER_PORT} to the controllers on ${APISERVER_PORT}: give the apiserver NLB a TCP ${APISERVER_PORT} listener and a target group on ${APISERVER_PORT}`;
  return [finding("DPN-AWS-020", found.onPort[0]?.lb.id ?? "apiserver", message, found.onPort.map(listenerHop))];
}

export const apiserverAllowedCidrs = defineCheck({
  id: "DPN-AWS-014",
  title: "kube-apiserver admits only its allowed CIDRs",
  severity: "error",
  clouds: ["aws"],
  level: "topology",
  rationale: `${TYPHOON}: the NLB "distributes IPv4 TCP/6443 traffic" to the controllers; dpnet narrows who may send it to aws.apiserver.allowedCidrs.`,
  fix: "Admit on TCP 6443 of the apiserver NLB's security group only aws.apiserver.allowedCidrs (and the nodes).",
  appliesTo: "apiserver",
  scope: "data-plane",
  run: apiserverAdmits,
});

/** DPN-AWS-014: only allowedCidrs, the nodes and the NAT gateways' own addresses on 6443. */
function apiserverAdmits(input: CheckInput): Finding[] {
  const found = apiserverListeners(input);
  if (!found) return [];
  const { allowed, forwarding } = found;
  const { ix } = input.engine;
  const allowedPrefixes = parsePrefixes(allowed);
  const natIps = new Set(input.topology.gateways.flatMap((g) => (g.kind === "nat-gateway" && g.publicIp ? [`${g.publicIp}/32`] : [])));
  return forwarding.flatMap((o) =>
    (o.lb.securityGroupIds ?? []).flatMap((sgId) =>
      (ix.securityGroups.get(sgId)?.rules ?? []).flatMap((rule) => {
        if (rule.direction !== "ingress" || (rule.ports && (rule.ports.from > APISERVER_PORT || rule.ports.to < APISERVER_PORT))) return [];
        const cidr = rule.peer.kind === "any" ? "0.0.0.0/0" : rule.peer.kind === "cidr" ? rule.peer.cidr : undefined;
        const block = cidr === undefined ? undefined : parsePrefix(cidr);
        if (!block || natIps.has(block.text) || allowedPrefixes.some((p) => coversPrefix(p, block))) return [];
        const trace = [listenerHop(o), hop(rule.id ?? sgId, "security-group-rule", `${sgId} admits TCP ${APISERVER_PORT} from ${block.text}`)];
        return [
          finding(
            "DPN-AWS-014",
            rule.id ?? sgId,
            `admits ${block.text} to kube-apiserver (TCP ${APISERVER_PORT}), outside the allowed CIDRs ${allowed.join(", ")}: narrow it to them`,
            trace,
          ),
        ];
      }),
    ),
  );
}

/** Where the sync port may be addressed in a nodes subnet: a node, and the single addresses (a public IP AKS forwards with floating IP) its NSG names for the port. */
function syncDestinations(input: CheckInput, s: Subnet, port: number): Address[] {
  const { ix } = input.engine;
  const node = ix
    .blocksOf(s.id)
    .filter((b) => b.family === 4)
    .map((b) => addressAt(b, 4));
  const given = input.context.azure?.publicIpAddress;
  const publicIp = given === undefined ? [] : [parseAddress(given)].filter((a) => a !== undefined);
  const nsg = ix.networkSecurityGroups.get(s.networkSecurityGroupId ?? "");
  const named = (nsg?.rules ?? [])
    .filter(
      (r) => r.direction === "inbound" && r.access === "allow" && (r.destinationPorts ?? [{ from: 0, to: 65535 }]).some((p) => p.from <= port && port <= p.to),
    )
    .flatMap((r) => r.destinations.flatMap((d) => (d.kind === "cidr" ? [parsePrefix(d.cidr)] : [])))
    .filter((p): p is Prefix => p !== undefined && p.len === FAMILY_BITS[p.family]);
  return [...node, ...publicIp, ...named];
}

/** The first destination the subnet's NSG admits the flow from `source` to, else the first refusal. */
function admitted(input: CheckInput, s: Subnet, source: Address, destinations: readonly Address[], port: number): { allowed: boolean; text: string } {
  const verdicts = destinations.map((dst) => {
    const flow: Flow = { src: source, dst, protocol: TCP, srcPorts: EPHEMERAL, dstPorts: { from: port, to: port } };
    return input.engine.enterSubnet(s, flow, "forward");
  });
  return verdicts.find((v) => v.allowed) ?? verdicts[0] ?? { allowed: false, text: "the subnet has no IPv4 block" };
}

export const controlPlaneReachesAzureSync = defineCheck({
  id: "DPN-AZ-011",
  title: "The control plane reaches the sync port",
  severity: "error",
  clouds: ["azure"],
  level: "topology",
  rationale: `${CONVEYOR}: "you need to setup a public IP in the Aks subnet ... or we can create one" for the control plane's synchronous link.`,
  fix: "Allow controlPlane.port from controlPlane.cidrs to the public IP in the nodes subnet's NSG.",
  appliesTo: "controlPlane",
  scope: "data-plane",
  run: azureSyncReached,
});

/** What DPN-AZ-011 and 012 ask about: the control plane's CIDRs and blocks, the sync port, the hub firewall's DNAT rule when the link goes through one. */
function azureSync(input: CheckInput) {
  const cp = input.context.controlPlane;
  if (!cp) return undefined;
  return { cidrs: cp.cidrs, controlPlane: parsePrefixes(cp.cidrs), port: syncPort(input), dnat: input.context.azure?.syncDnat };
}

/** DPN-AZ-011: the nodes subnets' NSGs admit the sync port from the control plane. */
function azureSyncReached(input: CheckInput): Finding[] {
  const sync = azureSync(input);
  if (!sync) return [];
  const { cidrs, controlPlane, port, dnat } = sync;
  if (controlPlane.length === 0) return [notEnoughData("DPN-AZ-011", "controlPlane.cidrs", "where the control plane connects from")];
  const from = parseAddress(hostOf(controlPlane[0]!))!;
  if (dnat) return firewallReached(input, dnat, controlPlane);
  return tierSubnets(input, "node").flatMap((s) => {
    const unknown = unknownOf(input, s.id, s.networkSecurityGroupId);
    if (unknown) return [notEnoughData("DPN-AZ-011", s.id, `whether the control plane reaches the sync port (${unknown.why})`)];
    const cpVerdict = admitted(input, s, from, syncDestinations(input, s, port), port);
    if (cpVerdict.allowed) return [];
    const message = `the nodes subnet does not admit the control plane (${formatAddress(from)}) on TCP ${port}: allow it from ${cidrs.join(", ")} in ${s.networkSecurityGroupId}`;
    return [finding("DPN-AZ-011", s.networkSecurityGroupId ?? s.id, message, [hop(s.id, "subnet", cpVerdict.text)])];
  });
}

export const onlyControlPlaneOnAzureSync = defineCheck({
  id: "DPN-AZ-012",
  title: "Nothing but the control plane reaches the sync port",
  severity: "warning",
  clouds: ["azure"],
  level: "topology",
  rationale: `${CONVEYOR}: the public IP is the one "we can use to communicate from the control plane".`,
  fix: "Allow the sync port only from controlPlane.cidrs in the nodes subnet's NSG.",
  appliesTo: "controlPlane",
  scope: "data-plane",
  run: azureSyncOnlyControlPlane,
});

/** DPN-AZ-012: the nodes subnets' NSGs admit the sync port from no internet host but the control plane. */
function azureSyncOnlyControlPlane(input: CheckInput): Finding[] {
  const sync = azureSync(input);
  if (!sync || sync.controlPlane.length === 0) return [];
  const { cidrs, controlPlane, port, dnat } = sync;
  if (dnat) return firewallOnlyControlPlane(input, dnat, controlPlane, cidrs);
  return tierSubnets(input, "node").flatMap((s) => {
    // DPN-AZ-011 says why an unread subnet cannot be judged.
    if (unknownOf(input, s.id, s.networkSecurityGroupId)) return [];
    if (s.networkSecurityGroupId === undefined) {
      return [
        notEnoughData(
          "DPN-AZ-012",
          s.id,
          `whether only the control plane reaches TCP ${port}: the subnet has no NSG and the firewall's rules are not modelled`,
        ),
      ];
    }
    // Every internet source outside the control plane, through the subnet's NSG, to each place the sync port may be addressed.
    // Azure's own virtual IP (168.63.129.16: health probes, DNS) is the platform, not the internet.
    const others = subtract(internetSpace(4), normalize([...controlPlane.filter((p) => p.family === 4), parsePrefix("168.63.129.16/32")!].map(prefixRange)));
    for (const dst of syncDestinations(input, s, port).filter((d) => d.family === 4)) {
      const enter = (src: Address) =>
        input.engine.enterSubnet(s, { src, dst, protocol: TCP, srcPorts: EPHEMERAL, dstPorts: { from: port, to: port } }, "forward");
      const open = normalize(
        analyzeFilter(others, (src) => enter(src).allowed, 4)
          .filter((c) => c.allowed)
          .flatMap((c) => c.src),
      );
      if (open.length === 0) continue;
      const witness = { family: 4 as const, value: open[0]!.lo };
      const message = `TCP ${port} to ${formatAddress(dst)} from ${describeSet(4, open, 3)}, outside controlPlane.cidrs, is admitted: allow the sync port only from ${cidrs.join(", ")}`;
      return [finding("DPN-AZ-012", s.networkSecurityGroupId, message, [hop(s.id, "subnet", enter(witness).text)])];
    }
    return [];
  });
}

/**
 * DPN-AZ-011 in hub and spoke: the control plane reaches the nodes through the firewall's DNAT
 * rule (followed hop by hop: the firewall, the peering, the nodes' NSG seeing the firewall subnet).
 */
function firewallReached(input: CheckInput, dnat: SyncDnat, controlPlane: readonly Prefix[]): Finding[] {
  const target = `${dnat.publicIp}:${dnat.port}`;
  const r = ask(input, { from: formatAddress(parseAddress(hostOf(controlPlane[0]!))!), to: dnat.publicIp, port: dnat.port });
  if (typeof r === "string") return [notEnoughData("DPN-AZ-011", dnat.firewallId, `whether the control plane reaches ${target} (${r})`)];
  if (gotThrough(r)) return [];
  const message = `the control plane does not reach the sync port through ${dnat.firewallId}'s DNAT rule ${dnat.rule} (${target} -> ${dnat.translatedAddress}:${dnat.translatedPort}): ${stoppedAt(r)}; the translated connection comes from the firewall's subnet, which the nodes' NSG must admit on TCP ${dnat.translatedPort}`;
  return [finding("DPN-AZ-011", traceOf(r).at(-1)?.id ?? dnat.firewallId, message, traceOf(r))];
}

/** DPN-AZ-012 in hub and spoke: no DNAT rule on the sync address admits anyone but the control plane. */
function firewallOnlyControlPlane(input: CheckInput, dnat: SyncDnat, controlPlane: readonly Prefix[], cidrs: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const target = `${dnat.publicIp}:${dnat.port}`;
  const fw = input.topology.firewalls?.find((f) => f.id === dnat.firewallId);
  const address = parseAddress(dnat.publicIp);
  for (const rule of fw?.rules ?? []) {
    const onSync =
      rule.kind === "dnat" &&
      rule.destinations.some((d) => d === "*" || (address !== undefined && parsePrefix(d.includes("/") ? d : `${d}/32`)?.value === address.value)) &&
      (rule.ports === undefined || rule.ports.some((p) => p.from <= dnat.port && dnat.port <= p.to));
    const wider = rule.sources.filter((src) => {
      const p = src === "*" ? parsePrefix("0.0.0.0/0") : parsePrefix(src.includes("/") ? src : `${src}/32`);
      return p === undefined || !controlPlane.some((c) => coversPrefix(c, p));
    });
    if (!onSync || wider.length === 0) continue;
    const message = `${dnat.firewallId}'s DNAT rule ${rule.name} admits ${wider.join(", ")} to ${target}, outside controlPlane.cidrs: narrow its sources to ${cidrs.join(", ")}`;
    findings.push(
      finding("DPN-AZ-012", dnat.firewallId, message, [
        hop(dnat.firewallId, "azure-firewall", `DNAT rule ${rule.name}: from ${rule.sources.join(", ")} to ${target}`),
      ]),
    );
  }
  return findings;
}
/** What `reach --to sync` (or `ingress:<port>`, or the public IP) answers on Azure. */
export interface AzureSyncAnswer {
  flow: string;
  allowed: boolean;
  hops: TraceHop[];
}

/**
 * The control plane's sync traffic on Azure, as AKS's load balancer delivers it (the load balancer
 * is AKS's, outside dpnet's topology): to the public IP on the port, forwarded with floating IP to
 * a node of the nodes subnet, whose NSG then decides, with the destination still the public IP
 * (DPN-AZ-011 judges the same).
 */
export function azureSyncReach(input: CheckInput, source: Address, port: number): AzureSyncAnswer {
  const given = input.context.azure?.publicIpAddress;
  const publicIp = given === undefined ? undefined : parseAddress(given);
  const nodes = tierSubnets(input, "node")[0];
  if (!nodes) throw new QueryError("no subnet is known to serve the nodes tier");
  const unknown = unknownOf(input, nodes.id, nodes.networkSecurityGroupId);
  if (unknown)
    throw new QueryError(`not enough data: ${unknown.why} (read from Azure when terraform plans): judge the customer's VNet with dpnet audit --azure`);
  const destinations = syncDestinations(input, nodes, port);
  const dst = publicIp ?? destinations[0];
  if (!dst) throw new QueryError(`${nodes.id} has no IPv4 block in this topology (the customer's subnet is read from Azure when terraform plans)`);
  const flow: Flow = { src: source, dst, protocol: TCP, srcPorts: EPHEMERAL, dstPorts: { from: port, to: port } };
  const verdict = admitted(input, nodes, source, publicIp ? [publicIp, ...destinations] : destinations, port);
  const where = publicIp ? formatAddress(publicIp) : `${formatAddress(dst)} in the nodes subnet (no public IP is known)`;
  return {
    flow: `tcp ${formatAddress(flow.src)}:${EPHEMERAL.from}-${EPHEMERAL.to} -> ${formatAddress(dst)}:${port}`,
    allowed: verdict.allowed,
    hops: [
      hop("internet", "internet", `to ${where} on TCP ${port}`),
      hop(
        "aks-load-balancer",
        "load-balancer",
        "AKS's load balancer (created by AKS, outside this topology) forwards to a node of the nodes subnet with floating IP: the destination stays the public IP",
      ),
      hop(nodes.id, "subnet", verdict.text),
    ],
  };
}
