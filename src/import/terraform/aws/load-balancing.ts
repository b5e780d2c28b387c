// AWS load balancing in Terraform: load balancers, target groups, listeners; endpoint services and VPC endpoints.
// Each function reads one family into the mapping's shared state (index.ts).
import type { Listener, ListenerProtocol, LoadBalancer, LoadBalancerNode, NetworkInterface, Target, TargetGroup } from "../../../topology/model.js";
import { parseAddress } from "../../../ipam/prefix.js";
import { listenerProtocol } from "../../aws/elb.js";
import { Unknown, type Val } from "../evaluate.js";
import type { TfInstance } from "../mapper.js";
import type { AwsMapping } from "./index.js";

// --- load balancers -----------------------------------------------------------------------

export function loadBalancersOf(m: AwsMapping): void {
  const c = m.c;
  for (const inst of c.of("aws_lb", "aws_alb")) loadBalancer(m, inst);
  for (const inst of c.of("aws_lb_target_group", "aws_alb_target_group")) targetGroup(m, inst);
  for (const inst of c.of("aws_lb_target_group_attachment", "aws_alb_target_group_attachment")) {
    const tg = m.find(m.targetGroups, inst, "target_group_arn", "target group");
    const id = c.ident(inst.arg("target_id"), m.at(inst, "target_id"));
    if (!tg || id === undefined) continue;
    const port = c.num(inst.arg("port"), m.at(inst, "port"));
    const zone = c.str(inst.arg("availability_zone"), m.at(inst, "availability_zone"));
    const target: Target = { id, ...(port !== undefined ? { port } : {}), ...(zone && zone !== "all" ? { zone } : {}) };
    if (tg.targetType === "ip" && !parseAddress(id)) c.gap(inst.address, `target ${id} of an ip target group is not an IP address`);
    else tg.targets.push(target);
  }
  for (const inst of c.of("aws_lb_listener", "aws_alb_listener")) listener(m, inst);
}

export function loadBalancer(m: AwsMapping, inst: TfInstance): void {
  const c = m.c;
  const type = c.str(inst.arg("load_balancer_type"), m.at(inst, "load_balancer_type")) ?? "application";
  const kind = type === "network" ? "network" : type === "gateway" ? "gateway" : "application";
  const mappings = inst.blocks("subnet_mapping");
  const subnetIds = mappings.length
    ? mappings.flatMap((m) => c.ident(m.arg("subnet_id"), `${inst.address}.subnet_mapping.subnet_id`) ?? [])
    : c.idents(inst.arg("subnets"), m.at(inst, "subnets"));
  const subnets = subnetIds.flatMap((id) => {
    const s = m.subnets.get(id);
    if (!s) c.gap(inst.address, `its subnet ${id} is not in this configuration`);
    return s ? [s] : [];
  });
  // Subnets known only when Terraform plans (a count over availability zones): with one VPC
  // there is no other it can be in; it is kept, with no nodes, so its listeners are read.
  const only = subnetIds.length === 0 && m.networks.size === 1 ? [...m.networks.values()][0]! : undefined;
  if (subnets.length === 0) {
    // Unknown subnets are a gap already, saying why.
    if (subnetIds.length === 0 && !(inst.arg("subnets") instanceof Unknown)) c.gap(inst.address, "its subnets are not known");
    if (!only) return;
    c.assume(`the subnets of {subjects} are not known: taken to be in ${only.id}, the only VPC`, inst.address);
  }
  const internal = c.bool(inst.arg("internal"), m.at(inst, "internal")) === true;
  const dualstack = String(c.value(inst, "ip_address_type")).startsWith("dualstack");
  const cross = c.bool(inst.arg("enable_cross_zone_load_balancing"), m.at(inst, "enable_cross_zone_load_balancing"));
  const enforce = c.str(
    inst.arg("enforce_security_group_inbound_rules_on_private_link_traffic"),
    m.at(inst, "enforce_security_group_inbound_rules_on_private_link_traffic"),
  );
  const groups = c.idents(inst.arg("security_groups"), m.at(inst, "security_groups"));
  const dns = inst.attr("dns_name");
  const lb: LoadBalancer = {
    ...c.element(inst, c.label(inst.arg("name"))),
    kind,
    scheme: internal ? "internal" : "internet-facing",
    networkId: subnets[0]?.networkId ?? only!.id,
    nodes: [],
    listeners: [],
    ...(groups.length ? { securityGroupIds: groups } : {}),
    // Application load balancers always balance across zones.
    ...(kind === "application" ? { crossZone: true } : cross !== undefined ? { crossZone: cross } : {}),
    ...(enforce ? { enforceSecurityGroupsOnPrivateLink: enforce !== "off" } : {}),
    ...(typeof dns === "string" ? { dnsName: dns } : {}),
  };
  for (const subnet of subnets) {
    const mapping = mappings.find((m) => c.ident(m.arg("subnet_id"), `${inst.address}.subnet_mapping.subnet_id`) === subnet.id);
    const node: LoadBalancerNode = {
      id: `${inst.address}/${subnet.zone ?? subnet.id}`,
      subnetId: subnet.id,
      ...(subnet.zone ? { zone: subnet.zone } : {}),
      privateIps: [],
    };
    const fixed = mapping ? c.ip(mapping.arg("private_ipv4_address"), `${inst.address}.subnet_mapping.private_ipv4_address`) : undefined;
    if (fixed) node.privateIps.push(fixed);
    else c.needAddress(subnet.id, 4, inst.address, (a) => node.privateIps.unshift(a));
    if (dualstack && subnet.cidrs.some((b) => b.includes(":"))) c.needAddress(subnet.id, 6, inst.address, (a) => node.privateIps.push(a));
    if (!internal) {
      const eip = mapping ? c.instance(c.ident(mapping.arg("allocation_id"), `${inst.address}.subnet_mapping.allocation_id`) ?? "") : undefined;
      const pub = eip ? eip.attr("public_ip") : c.standIns.publicIpv4(node.id);
      const ip = c.ip(pub, `the public address of ${node.id}`);
      if (ip) node.publicIps = [ip];
    }
    lb.nodes.push(node);
  }
  m.lbs.set(lb.id, lb);
  c.topology.loadBalancers.push(lb);
}

export function lbProtocol(m: AwsMapping, v: Val, subject: string, fallback: ListenerProtocol | undefined): ListenerProtocol | undefined {
  const text = m.c.str(v, subject)?.toLowerCase();
  if (text === undefined) return fallback;
  const protocol = listenerProtocol(text);
  if (protocol) return protocol;
  m.c.gap(subject, `protocol ${text} is not modelled`);
  return undefined;
}

export function targetGroup(m: AwsMapping, inst: TfInstance): void {
  const c = m.c;
  const targetType = c.str(inst.arg("target_type"), m.at(inst, "target_type")) ?? "instance";
  if (targetType !== "instance" && targetType !== "ip") {
    c.gap(inst.address, `targets of type ${targetType} are not modelled`);
    return;
  }
  const protocol = lbProtocol(m, inst.arg("protocol"), m.at(inst, "protocol"), "http");
  if (!protocol) return;
  const port = c.num(inst.arg("port"), m.at(inst, "port"));
  const preserve = c.bool(inst.arg("preserve_client_ip"), m.at(inst, "preserve_client_ip"));
  const cross = c.str(inst.arg("load_balancing_cross_zone_enabled"), m.at(inst, "load_balancing_cross_zone_enabled"));
  const tg: TargetGroup = {
    ...c.element(inst, c.label(inst.arg("name"))),
    protocol,
    targetType,
    targets: [],
    ...(port !== undefined ? { port } : {}),
    ...(preserve !== undefined ? { preserveClientIp: preserve } : {}),
    ...(cross === "true" || cross === "false" ? { crossZone: cross === "true" } : {}),
  };
  m.targetGroups.set(tg.id, tg);
  c.topology.targetGroups.push(tg);
}

export function listener(m: AwsMapping, inst: TfInstance): void {
  const c = m.c;
  const lb = m.find(m.lbs, inst, "load_balancer_arn", "load balancer");
  if (!lb) return;
  const port = c.num(inst.arg("port"), m.at(inst, "port"));
  const protocol = lbProtocol(m, inst.arg("protocol"), m.at(inst, "protocol"), lb.kind === "application" ? "http" : undefined);
  if (port === undefined || protocol === undefined) {
    if (port !== undefined && inst.arg("protocol") === null) c.gap(inst.address, "it has no protocol");
    return;
  }
  const actions = inst.blocks("default_action");
  const forward = actions.find((a) => a.arg("type") === "forward");
  if (!forward) {
    const kinds = actions.map((a) => String(a.arg("type"))).join(", ") || "none";
    return void c.gap(inst.address, `its default action (${kinds}) forwards to no target group; only forward actions are modelled`);
  }
  const direct = forward.arg("target_group_arn");
  const weighted = forward.blocks("forward").flatMap((f) => f.blocks("target_group"));
  const tgValue = direct !== null ? direct : (weighted[0]?.arg("arn") ?? null);
  const tgId = c.ident(tgValue, `${inst.address}.default_action.target_group_arn`);
  if (tgId === undefined) return;
  if (weighted.length > 1) c.gap(inst.address, "it forwards to weighted target groups; only the first is modelled");
  const listener: Listener = { id: inst.address, port, protocol, targetGroupId: tgId };
  lb.listeners.push(listener);
}

// --- PrivateLink and gateway endpoints ------------------------------------------------------

export function endpointServicesOf(m: AwsMapping): void {
  const c = m.c;
  const services = new Map<string, { allowedPrincipals: string[] }>();
  for (const inst of c.of("aws_vpc_endpoint_service")) {
    const lbs = [
      ...c.idents(inst.arg("network_load_balancer_arns"), m.at(inst, "network_load_balancer_arns")),
      ...c.idents(inst.arg("gateway_load_balancer_arns"), m.at(inst, "gateway_load_balancer_arns")),
    ];
    for (const id of lbs) if (!m.lbs.has(id)) c.gap(inst.address, `its load balancer ${id} is not in this configuration`);
    const acceptance = c.bool(inst.arg("acceptance_required"), m.at(inst, "acceptance_required"));
    if (acceptance === undefined && inst.arg("acceptance_required") === null) c.gap(inst.address, "it has no acceptance_required");
    const name = c.str(inst.attr("service_name"), m.at(inst, "service_name"));
    // Computed when not configured: unknown in a plan means only the service's own region.
    const configuredRegions = inst.arg("supported_regions");
    const regions = configuredRegions instanceof Unknown ? [] : c.strs(configuredRegions, m.at(inst, "supported_regions"));
    const service = {
      ...c.element(inst),
      ...(name ? { serviceName: name } : {}),
      ...(regions.length ? { supportedRegions: regions } : {}),
      loadBalancerIds: lbs,
      acceptanceRequired: acceptance ?? true,
      allowedPrincipals: c.strs(inst.arg("allowed_principals"), m.at(inst, "allowed_principals")),
    };
    services.set(service.id, service);
    c.topology.endpointServices.push(service);
  }
  for (const inst of c.of("aws_vpc_endpoint_service_allowed_principal")) {
    const service = m.find(services, inst, "vpc_endpoint_service_id", "endpoint service");
    const principal = c.str(inst.arg("principal_arn"), m.at(inst, "principal_arn"));
    if (service && principal) service.allowedPrincipals.push(principal);
  }
}

export function endpointsOf(m: AwsMapping): void {
  const c = m.c;
  const extra = new Map<string, string[]>();
  for (const inst of c.of("aws_vpc_endpoint_subnet_association")) {
    const ep = c.ident(inst.arg("vpc_endpoint_id"), m.at(inst, "vpc_endpoint_id"));
    const subnet = c.ident(inst.arg("subnet_id"), m.at(inst, "subnet_id"));
    if (ep && subnet) extra.set(ep, [...(extra.get(ep) ?? []), subnet]);
  }
  for (const inst of c.of("aws_vpc_endpoint")) {
    const network = m.find(m.networks, inst, "vpc_id", "VPC");
    const type = (c.str(inst.arg("vpc_endpoint_type"), m.at(inst, "vpc_endpoint_type")) ?? "Gateway").toLowerCase();
    const service = c.str(inst.arg("service_name"), m.at(inst, "service_name"));
    if (!network || service === undefined) continue;
    if (type === "gateway") {
      m.addGateway(inst, { kind: "gateway-endpoint", networkIds: [network.id], serviceName: service });
      continue;
    }
    if (type !== "interface") {
      c.gap(inst.address, `${type} endpoints are not modelled`);
      continue;
    }
    const subnetIds = [...c.idents(inst.arg("subnet_ids"), m.at(inst, "subnet_ids")), ...(extra.get(inst.address) ?? [])];
    const groups = m.groupsOr(c.idents(inst.arg("security_group_ids"), m.at(inst, "security_group_ids")), network);
    const interfaceIds: string[] = [];
    for (const id of subnetIds) {
      const subnet = m.subnets.get(id);
      if (!subnet) {
        c.gap(inst.address, `its subnet ${id} is not in this configuration`);
        continue;
      }
      const iface: NetworkInterface = { id: `${inst.address}/${subnet.zone ?? subnet.id}`, subnetId: subnet.id, privateIps: [] };
      c.needAddress(subnet.id, 4, inst.address, (a) => iface.privateIps.unshift(a));
      c.topology.interfaces.push(iface);
      interfaceIds.push(iface.id);
    }
    const state = inst.attr("state");
    const serviceId = c.topology.endpointServices.find((s) => s.serviceName === service || s.id === service)?.id ?? service;
    c.topology.endpoints.push({
      ...c.element(inst),
      kind: "interface-endpoint",
      networkId: network.id,
      subnetIds,
      interfaceIds,
      serviceId,
      ...(groups.length ? { securityGroupIds: groups } : {}),
      ...(typeof state === "string" ? { state } : {}),
    });
  }
}
