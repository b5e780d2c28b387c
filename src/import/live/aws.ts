// `dpnet audit --aws-live`: the same describe-* data, read through the AWS SDK with the user's
// credentials, read-only calls only (Describe*), shaped as the CLI writes them and fed to the
// AWS importer. Tests pass a recorded `call` instead of the SDK.
import type { Json, JsonDocument } from "../../io/json-folder.js";
import { importAwsDocuments } from "../aws/describe.js";
import { type Progress, liveDocument, liveFailure, loadOptional } from "./sdk.js";
import type { ImportResult } from "../types.js";

type Service = "ec2" | "elbv2";

/** One read-only SDK call: service, operation (`DescribeVpcs`) and input, to the response. */
export type AwsCall = (service: Service, operation: string, input: Json) => Promise<Json>;

export interface AwsLiveOptions {
  region?: string;
  vpc?: string;
  progress?: Progress;
  /** Instead of the SDK (tests: recorded responses). */
  call?: AwsCall;
}

const FLAG = "--aws-live";

/** EC2 lists: operation, the key of its records, and the filter that keeps one VPC's (where EC2 has one). */
const EC2_LISTS: [string, string, string?][] = [
  ["DescribeVpcs", "Vpcs", "vpc-id"],
  ["DescribeSubnets", "Subnets", "vpc-id"],
  ["DescribeRouteTables", "RouteTables", "vpc-id"],
  ["DescribeInternetGateways", "InternetGateways", "attachment.vpc-id"],
  ["DescribeNatGateways", "NatGateways", "vpc-id"],
  ["DescribeEgressOnlyInternetGateways", "EgressOnlyInternetGateways"],
  ["DescribeVpnGateways", "VpnGateways", "attachment.vpc-id"],
  ["DescribeVpnConnections", "VpnConnections"],
  ["DescribeTransitGateways", "TransitGateways"],
  ["DescribeTransitGatewayVpcAttachments", "TransitGatewayVpcAttachments", "vpc-id"],
  ["DescribeVpcPeeringConnections", "VpcPeeringConnections"],
  ["DescribeSecurityGroups", "SecurityGroups", "vpc-id"],
  ["DescribeNetworkAcls", "NetworkAcls", "vpc-id"],
  ["DescribeNetworkInterfaces", "NetworkInterfaces", "vpc-id"],
  ["DescribeInstances", "Reservations", "vpc-id"],
  ["DescribeAddresses", "Addresses"],
  ["DescribePrefixLists", "PrefixLists"],
  ["DescribeVpcEndpoints", "VpcEndpoints", "vpc-id"],
  ["DescribeVpcEndpointServiceConfigurations", "ServiceConfigurations"],
];

/** The SDK behind `call`: one client per service, commands looked up by name. */
async function sdkCall(region: string | undefined): Promise<AwsCall> {
  const modules: Record<Service, Record<string, unknown>> = {
    ec2: await loadOptional("@aws-sdk/client-ec2", FLAG),
    elbv2: await loadOptional("@aws-sdk/client-elastic-load-balancing-v2", FLAG),
  };
  type Client = { send(command: unknown): Promise<Json> };
  type Constructor<T> = new (arg: unknown) => T;
  const config = region ? { region } : {};
  const clients: Record<Service, Client> = {
    ec2: new (modules.ec2.EC2Client as Constructor<Client>)(config),
    elbv2: new (modules.elbv2.ElasticLoadBalancingV2Client as Constructor<Client>)(config),
  };
  return (service, operation, input) => {
    const command = modules[service][`${operation}Command`] as Constructor<unknown> | undefined;
    if (!command) throw new Error(`the SDK has no ${operation}`);
    return clients[service].send(new command(input));
  };
}

class Reader {
  private done = 0;
  readonly documents: JsonDocument[] = [];

  constructor(
    private readonly call: AwsCall,
    private readonly progress: Progress | undefined,
    private readonly where: string,
  ) {}

  /** Every page of a list (EC2's NextToken, ELB's Marker), merged under `key`. */
  async list(service: Service, operation: string, key: string, input: Json = {}): Promise<Json[]> {
    this.progress?.(`reading AWS${this.where}: ${operation} (call ${++this.done})`);
    const items: Json[] = [];
    let token: string | undefined;
    do {
      const paging = token === undefined ? {} : service === "ec2" ? { NextToken: token } : { Marker: token };
      let page: Json;
      try {
        page = await this.call(service, operation, { ...input, ...paging });
      } catch (e) {
        throw liveFailure(FLAG, `${service} ${operation}`, e);
      }
      if (Array.isArray(page[key])) items.push(...(page[key] as Json[]));
      const next = service === "ec2" ? page.NextToken : page.NextMarker;
      token = typeof next === "string" && next !== "" ? next : undefined;
    } while (token !== undefined);
    return items;
  }

  add(call: string, data: Json): void {
    this.documents.push(liveDocument(call, data));
  }
}

async function readEc2(r: Reader, vpc: string | undefined): Promise<void> {
  for (const [operation, key, filter] of EC2_LISTS) {
    const input = vpc && filter ? { Filters: [{ Name: filter, Values: [vpc] }] } : {};
    const items = await r.list("ec2", operation, key, input);
    r.add(`aws ec2 ${operation}`, { [key]: items });
    if (operation === "DescribeVpcEndpointServiceConfigurations") {
      const principals: Json[] = [];
      for (const s of items) {
        const serviceId = s.ServiceId as string;
        const allowed = await r.list("ec2", "DescribeVpcEndpointServicePermissions", "AllowedPrincipals", { ServiceId: serviceId });
        principals.push(...allowed.map((p) => ({ ...p, ServiceId: serviceId })));
      }
      r.add("aws ec2 DescribeVpcEndpointServicePermissions", { AllowedPrincipals: principals });
    }
  }
}

/** Load balancers, then per load balancer and target group what only a per-resource call gives. */
async function readElb(r: Reader, vpc: string | undefined): Promise<void> {
  const lbs = (await r.list("elbv2", "DescribeLoadBalancers", "LoadBalancers")).filter((lb) => !vpc || lb.VpcId === vpc);
  const groups = (await r.list("elbv2", "DescribeTargetGroups", "TargetGroups")).filter((tg) => !vpc || tg.VpcId === vpc);
  r.add("aws elbv2 DescribeLoadBalancers", { LoadBalancers: lbs });
  r.add("aws elbv2 DescribeTargetGroups", { TargetGroups: groups });
  const listeners: Json[] = [];
  const lbAttributes: Json[] = [];
  for (const lb of lbs) {
    const arn = lb.LoadBalancerArn as string;
    listeners.push(...(await r.list("elbv2", "DescribeListeners", "Listeners", { LoadBalancerArn: arn })));
    lbAttributes.push({ LoadBalancerArn: arn, Attributes: await r.list("elbv2", "DescribeLoadBalancerAttributes", "Attributes", { LoadBalancerArn: arn }) });
  }
  r.add("aws elbv2 DescribeListeners", { Listeners: listeners });
  r.add("aws elbv2 DescribeLoadBalancerAttributes", { LoadBalancerAttributes: lbAttributes });
  const health: Json[] = [];
  for (const tg of groups) {
    const arn = tg.TargetGroupArn as string;
    health.push({
      TargetGroupArn: arn,
      TargetHealthDescriptions: await r.list("elbv2", "DescribeTargetHealth", "TargetHealthDescriptions", { TargetGroupArn: arn }),
    });
    r.add(`aws elbv2 DescribeTargetGroupAttributes ${arn}`, {
      TargetGroupArn: arn,
      Attributes: await r.list("elbv2", "DescribeTargetGroupAttributes", "Attributes", { TargetGroupArn: arn }),
    });
  }
  r.add("aws elbv2 DescribeTargetHealth", { LoadBalancerTargetHealth: health });
}

/** Reads the account's network in one region (the SDK's default region unless given) and imports it. */
export async function readAwsLive(options: AwsLiveOptions = {}): Promise<ImportResult> {
  const call = options.call ?? (await sdkCall(options.region));
  const where = options.region ? ` ${options.region}` : "";
  const reader = new Reader(call, options.progress, where);
  await readEc2(reader, options.vpc);
  await readElb(reader, options.vpc);
  return importAwsDocuments(reader.documents, options.vpc ? { vpc: options.vpc } : {}, `AWS${where}`);
}
