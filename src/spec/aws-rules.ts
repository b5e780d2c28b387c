// Rules across fields of an AWS spec (issue 3): IPv6 addresses need aws.ipv6, one listener per
// port on the ingress NLB, routes that do not fight the module's own, and what each control-plane
// link needs. Zod runs them after the fields parse, so each problem is named by its field path.
import type { z } from "zod";
import { coversPrefix, overlapsPrefix, tryParseCidr } from "../ipam/prefix.js";
import { isIpv6, isWorld, type AwsSpec } from "./aws.js";
import type { ControlPlaneSpec } from "./control-plane.js";
import { formatPath } from "./errors.js";
import { AWS_REGION } from "./cloud-ids.js";
import { defaultAwsZones, isAwsZoneId, unknownRegion, zoneProblem } from "./aws-region.js";
import { checkExistingVpc } from "./aws-existing.js";

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

/** Every CIDR list of the AWS spec that may hold IPv6 blocks, with its path. */
function cidrFields(aws: AwsSpec): { path: Path; cidrs: string[] }[] {
  return [
    ...(aws.apiserver ? [{ path: ["apiserver", "allowedCidrs"], cidrs: aws.apiserver.allowedCidrs }] : []),
    ...(aws.ingress?.allowedCidrs ? [{ path: ["ingress", "allowedCidrs"], cidrs: aws.ingress.allowedCidrs }] : []),
    ...aws.services.flatMap((s, i) => (s.allowedCidrs ? [{ path: ["services", i, "allowedCidrs"], cidrs: s.allowedCidrs }] : [])),
    ...aws.firewall.map((f, i) => ({ path: ["firewall", i, "cidrs"], cidrs: f.cidrs })),
  ];
}

function checkIpv6Use(aws: AwsSpec, ctx: Ctx): void {
  if (aws.ipv6) {
    aws.services.forEach((s, i) => {
      // AWS needs an IPv6 source-NAT prefix per subnet for UDP on a dual-stack NLB; the AWS provider (6.66) cannot set it.
      if (s.protocol !== "tcp") {
        ctx.addIssue({
          code: "custom",
          path: ["services", i, "protocol"],
          message:
            "cannot be served by a dual-stack NLB from this module: AWS needs a per-subnet IPv6 source-NAT prefix for UDP listeners, which the AWS provider cannot set; use tcp, or aws.ipv6: false",
        });
      }
    });
    return;
  }
  const needsIpv6 = "is an IPv6 block: set aws.ipv6: true for the VPC, subnets and load balancers to carry IPv6";
  for (const field of cidrFields(aws)) {
    field.cidrs.forEach((c, i) => {
      if (isIpv6(c)) ctx.addIssue({ code: "custom", path: [...field.path, i], message: needsIpv6 });
    });
  }
  aws.routes.forEach((r, i) => {
    if (isIpv6(r.destination)) ctx.addIssue({ code: "custom", path: ["routes", i, "destination"], message: needsIpv6 });
  });
}

function checkRoutes(aws: AwsSpec, ctx: Ctx): void {
  const vpcBlocks = [aws.vpc.cidr, aws.vpc.podCidr].flatMap((text) => {
    const block = tryParseCidr(text, 4);
    return block ? [{ text, block }] : [];
  });
  aws.routes.forEach((r, i) => {
    const at = (...rest: Path) => ["routes", i, ...rest];
    const kind = Object.keys(r.target)[0];
    const destination = tryParseCidr(r.destination, 4);
    // A supernet of a VPC block (10.0.0.0/8 -> tgw over a 10.20.0.0/16 VPC) is what hubs use: the
    // most specific route wins, so the VPC's local route keeps its own addresses. Only a destination
    // inside a VPC block would fight the local route.
    const inside =
      destination && vpcBlocks.find((b) => overlapsPrefix(b.block, destination) && !(coversPrefix(destination, b.block) && destination.len < b.block.len));
    if (aws.routes.findIndex((other) => other.destination === r.destination) !== i) {
      ctx.addIssue({ code: "custom", path: at("destination"), message: "is routed twice: a route table has one route per destination" });
    } else if (isWorld(r.destination)) {
      ctx.addIssue({
        code: "custom",
        path: at("destination"),
        message: "is the default route, which the module already sends to the NAT gateway (IPv4) or the egress-only internet gateway (IPv6)",
      });
    } else if (inside) {
      ctx.addIssue({ code: "custom", path: at("destination"), message: `overlaps the VPC's ${inside.text}: traffic inside the VPC stays on its local route` });
    } else if (kind === "egressOnlyGatewayId" && !isIpv6(r.destination)) {
      ctx.addIssue({ code: "custom", path: at("target", kind), message: "routes only IPv6: an egress-only internet gateway needs an IPv6 destination" });
    }
  });
}

/** The region by the table of AWS regions; zones by the region's own (a zone name is written into HCL keys and Kubernetes names). */
function checkZones(aws: AwsSpec, ctx: Ctx): void {
  if (!AWS_REGION.test(aws.region)) return;
  const region = unknownRegion(aws.region);
  if (region) return ctx.addIssue({ code: "custom", path: ["region"], message: region });
  if (!aws.zones) {
    const defaults = defaultAwsZones(aws.region);
    if ("problem" in defaults) ctx.addIssue({ code: "custom", path: ["zones"], message: defaults.problem });
    return;
  }
  const ids = aws.zones.map(isAwsZoneId);
  aws.zones.forEach((z, i, zones) => {
    const message =
      zoneProblem(aws.region, z) ??
      (zones.indexOf(z) !== i
        ? "is listed twice: the 3 zones must be distinct"
        : ids[i] !== ids[0]
          ? "mixes zone ids and zone names: list all 3 as names (eu-west-1a) or all 3 as ids (euw1-az1)"
          : undefined);
    if (message) ctx.addIssue({ code: "custom", path: ["zones", i], message });
  });
}

/** Refinement of the `aws` object. */
export function checkAwsSpec(aws: AwsSpec, ctx: Ctx): void {
  if (aws.kubernetes === "eks" && aws.apiserver) {
    ctx.addIssue({
      code: "custom",
      path: ["apiserver"],
      message: "is for self-managed controllers: with kubernetes: eks, EKS runs kube-apiserver and its endpoint; remove aws.apiserver",
    });
  }
  checkZones(aws, ctx);
  checkIpv6Use(aws, ctx);
  checkRoutes(aws, ctx);
  if (aws.vpc.existing) {
    const defaults = aws.zones ? undefined : defaultAwsZones(aws.region);
    const zones = aws.zones ?? (defaults && "zones" in defaults ? defaults.zones : undefined);
    const others = { ipv6: aws.ipv6, routes: aws.routes.length, s3: aws.endpoints.includes("s3") };
    checkExistingVpc(aws.vpc.existing, aws.vpc, zones, others, ctx);
  }
}

/** The ingress NLB's listener ports with the field each comes from: ingress ports, services, then the sync port (so a clash blames it). */
export function ingressListenerPorts(aws: AwsSpec, controlPlane: ControlPlaneSpec | undefined): { port: number; path: Path }[] {
  const ingress = (aws.ingress?.ports ?? []).map((port, i) => ({ port, path: ["aws", "ingress", "ports", i] as Path }));
  const services = aws.services.map((s, i) => ({ port: s.port, path: ["aws", "services", i, "port"] as Path }));
  // The sync port shares the ingress listener when it is one of the ingress ports.
  const sync = controlPlane && !aws.ingress?.ports.includes(controlPlane.port) ? [{ port: controlPlane.port, path: ["controlPlane", "port"] as Path }] : [];
  return [...ingress, ...services, ...sync];
}

function checkListenerPorts(aws: AwsSpec, controlPlane: ControlPlaneSpec | undefined, ctx: Ctx): void {
  const listeners = ingressListenerPorts(aws, controlPlane);
  listeners.forEach((l) => {
    const first = listeners.find((other) => other.port === l.port)!;
    if (first !== l)
      ctx.addIssue({
        code: "custom",
        path: l.path,
        message: `clashes with ${formatPath(first.path)} on the ingress NLB: one port takes one listener, so pick another port`,
      });
  });
}

function checkControlPlane(controlPlane: ControlPlaneSpec, ctx: Ctx): void {
  const at = (field: string): Path => ["controlPlane", field];
  if (controlPlane.connectivity === "privatelink" && !controlPlane.awsAccountId) {
    ctx.addIssue({
      code: "custom",
      path: at("awsAccountId"),
      message: "is required with connectivity: privatelink: the endpoint service allows only the control plane's account",
    });
  }
  if (controlPlane.connectivity === "internet" && !controlPlane.cidrs?.length) {
    ctx.addIssue({
      code: "custom",
      path: at("cidrs"),
      message: "is required with connectivity: internet: the internet-facing sync port admits only these sources",
    });
  }
  if (controlPlane.awsAccountId && !controlPlane.externalId) {
    ctx.addIssue({
      code: "custom",
      path: at("externalId"),
      message: "is required with awsAccountId: the role the control plane assumes demands sts:ExternalId (confused-deputy guard)",
    });
  }
}

/** Refinement of the whole AWS document: rules that involve both `aws` and `controlPlane`. */
export function checkAwsRoot(spec: { name: string; aws: AwsSpec; controlPlane?: ControlPlaneSpec | undefined }, ctx: Ctx): void {
  // AWS: a load balancer's name "must not begin with internal-"; they are named `${name}-<role>`.
  if (spec.name.startsWith("internal-"))
    ctx.addIssue({
      code: "custom",
      path: ["name"],
      message: "must not begin with internal-: AWS refuses load balancer names that do, and dpnet names them name-ingress, name-apiserver",
    });
  checkListenerPorts(spec.aws, spec.controlPlane, ctx);
  if (spec.controlPlane) checkControlPlane(spec.controlPlane, ctx);
}
