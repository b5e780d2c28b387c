// AWS network interfaces in Terraform: instances' and standalone ENIs, and Elastic IPs.
// Each function reads one family into the mapping's shared state (index.ts).
import type { TfInstance } from "../mapper.js";
import type { AwsMapping } from "./index.js";

export function interfacesOf(m: AwsMapping): void {
  const c = m.c;
  for (const inst of c.of("aws_instance")) {
    const subnet = m.find(m.subnets, inst, "subnet_id", "subnet");
    if (!subnet) continue;
    const ip = c.ip(c.value(inst, "private_ip"), m.at(inst, "private_ip"));
    const v6 = c.strs(c.value(inst, "ipv6_addresses"), m.at(inst, "ipv6_addresses")).flatMap((a) => c.ip(a, m.at(inst, "ipv6_addresses")) ?? []);
    const groups = m.groupsOr(c.idents(c.value(inst, "vpc_security_group_ids"), m.at(inst, "vpc_security_group_ids")), subnet);
    const iface = m.addInterface(inst, subnet, {
      instanceId: inst.address,
      privateIps: ip ? [ip, ...v6] : v6,
      securityGroupIds: groups,
      ...(c.value(inst, "source_dest_check") === false ? { forwarding: true } : {}),
    });
    // A public address when asked for, or when not refused in a subnet that maps one on launch.
    const associate = c.value(inst, "associate_public_ip_address");
    const subnetInst = c.instance(subnet.id);
    const onLaunch = subnetInst !== undefined && c.value(subnetInst, "map_public_ip_on_launch") === true;
    if (associate === true || (associate !== false && onLaunch)) {
      const pub = c.ip(inst.attr("public_ip"), `the public address of ${inst.address}`);
      if (pub) iface.publicIps = [{ publicIp: pub }];
    }
  }
  for (const inst of c.of("aws_network_interface")) {
    const subnet = m.find(m.subnets, inst, "subnet_id", "subnet");
    if (!subnet) continue;
    const ips = [
      ...c.strs(c.value(inst, "private_ips"), m.at(inst, "private_ips")),
      ...c.strs(c.value(inst, "private_ip_list"), m.at(inst, "private_ip_list")),
    ].flatMap((t) => c.ip(t, m.at(inst, "private_ips")) ?? []);
    const single = ips.length ? undefined : c.ip(c.value(inst, "private_ip"), m.at(inst, "private_ip"));
    const groups = m.groupsOr(c.idents(c.value(inst, "security_groups"), m.at(inst, "security_groups")), subnet);
    const iface = m.addInterface(inst, subnet, {
      privateIps: [...new Set(single ? [single] : ips)],
      securityGroupIds: groups,
      ...(c.value(inst, "source_dest_check") === false ? { forwarding: true } : {}),
    });
    for (const b of inst.blocks("attachment")) {
      const instance = c.ident(b.arg("instance"), `${inst.address}.attachment.instance`);
      if (instance) iface.instanceId = instance;
    }
  }
  for (const inst of c.of("aws_network_interface_attachment")) {
    const iface = m.find(m.interfaces, inst, "network_interface_id", "network interface");
    const instance = c.ident(inst.arg("instance_id"), m.at(inst, "instance_id"));
    if (iface && instance) iface.instanceId = instance;
  }
  for (const inst of c.of("aws_network_interface_sg_attachment")) {
    const iface = m.find(m.interfaces, inst, "network_interface_id", "network interface");
    const group = c.ident(inst.arg("security_group_id"), m.at(inst, "security_group_id"));
    if (iface && group) (iface.securityGroupIds ??= []).push(group);
  }
  for (const inst of c.of("aws_eip")) eipTarget(m, inst, inst, inst.address);
  for (const inst of c.of("aws_eip_association")) {
    const eip = c.instance(c.ident(inst.arg("allocation_id"), m.at(inst, "allocation_id")) ?? "");
    if (eip) eipTarget(m, inst, eip, inst.address);
    else if (inst.arg("public_ip") !== null) eipTarget(m, inst, inst, inst.address);
    else c.gap(inst.address, "its Elastic IP is not in this configuration");
  }
}

/** An Elastic IP on an instance or interface: a 1:1 public address. */
export function eipTarget(m: AwsMapping, assoc: TfInstance, eip: TfInstance, subject: string): void {
  const c = m.c;
  const target =
    c.ident(assoc.arg("network_interface") ?? assoc.arg("network_interface_id"), `${subject}.network_interface`) ??
    c.ident(assoc.arg("instance") ?? assoc.arg("instance_id"), `${subject}.instance`);
  if (target === undefined) return;
  const iface = m.interfaces.get(target) ?? [...m.interfaces.values()].find((i) => i.instanceId === target);
  if (!iface) return void c.gap(subject, `${target} is not in this configuration`);
  const pub = c.ip(eip.attr("public_ip"), `the public address of ${eip.address}`);
  const privateIp = c.ip(assoc.arg("associate_with_private_ip") ?? assoc.arg("private_ip_address"), `${subject}.private_ip`);
  if (pub) (iface.publicIps ??= []).push({ publicIp: pub, ...(privateIp ? { privateIp } : {}) });
}
