// The network of examples/aws-internet.yaml written as an AWS CDK app, the way a careful CDK user
// would: the VPC with its secondary block for pods, public and node subnets with a NAT gateway
// per zone, pod subnets routed only inside the VPC, the peering route, flow logs, the worker,
// controller and NLB security groups with the same rules, the apiserver and ingress NLBs with
// their target groups and listeners, the inbound SQS queue with its dead-letter queue, and the
// control plane's and agent's roles. Only for timing `cdk synth` against `dpnet synth`.
const cdk = require("aws-cdk-lib");
const { aws_ec2: ec2, aws_elasticloadbalancingv2: elbv2, aws_iam: iam, aws_logs: logs, aws_sqs: sqs } = cdk;

const NAME = "acme-prod";
const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const CONTROL_PLANE_ACCOUNT = "111122223333";
const CONTROL_PLANE_CIDR = "203.0.113.0/24";
const VPC_CIDR = "10.20.0.0/16";

const app = new cdk.App();
const stack = new cdk.Stack(app, NAME, { env: { region: "eu-west-1" }, tags: { team: "platform" } });

const vpc = new ec2.Vpc(stack, "Network", {
  vpcName: NAME,
  ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
  availabilityZones: ZONES,
  natGateways: ZONES.length,
  subnetConfiguration: [
    { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
    { name: "node", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
  ],
  flowLogs: {
    all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, "FlowLogs", { retention: logs.RetentionDays.THREE_MONTHS })) },
  },
});

// Pods: the secondary block, one /18 per zone, routed only inside the VPC.
const podBlock = new ec2.CfnVPCCidrBlock(stack, "PodCidr", { vpcId: vpc.vpcId, cidrBlock: "100.64.0.0/16" });
ZONES.forEach((zone, i) => {
  const subnet = new ec2.Subnet(stack, `Pod-${zone}`, { vpcId: vpc.vpcId, availabilityZone: zone, cidrBlock: `100.64.${i * 64}.0/18` });
  subnet.node.addDependency(podBlock);
});

vpc.privateSubnets.forEach((subnet, i) => {
  new ec2.CfnRoute(stack, `NodePeering${i}`, {
    routeTableId: subnet.routeTable.routeTableId,
    destinationCidrBlock: "192.168.4.0/24",
    vpcPeeringConnectionId: "pcx-0123456789abcdef0",
  });
});

// Nodes may send anywhere (worker-egress, controller-egress); the NLBs only to their targets.
const group = (id, description, allowAllOutbound = false) => new ec2.SecurityGroup(stack, id, { vpc, description, allowAllOutbound, securityGroupName: `${NAME}-${id.toLowerCase()}` });
const worker = group("Worker", "worker nodes", true);
const controller = group("Controller", "controller nodes", true);
const apiserverNlb = group("ApiserverNlb", "kube-apiserver NLB");
const ingressNlb = group("IngressNlb", "ingress NLB");
const tcp = (from, to = from) => (from === to ? ec2.Port.tcp(from) : ec2.Port.tcpRange(from, to));

worker.addIngressRule(worker, ec2.Port.allTraffic(), "worker-self");
worker.addIngressRule(controller, tcp(10250), "worker-kubelet");
worker.addIngressRule(controller, tcp(443), "worker-webhooks");
worker.addIngressRule(controller, tcp(1024, 65535), "worker-webhooks-high");
worker.addIngressRule(ec2.Peer.ipv4(VPC_CIDR), tcp(30333), "worker-firewall-some-app");
controller.addIngressRule(worker, tcp(6443), "controller-apiserver");
controller.addIngressRule(controller, tcp(2379, 2380), "controller-etcd-self");
controller.addIngressRule(worker, tcp(2381), "controller-etcd-metrics");
controller.addIngressRule(worker, tcp(10250), "controller-kubelet");
controller.addIngressRule(controller, tcp(10250), "controller-kubelet-self");
controller.addIngressRule(worker, tcp(10259), "controller-scheduler-metrics");
controller.addIngressRule(worker, tcp(10257), "controller-manager-metrics");
controller.addIngressRule(worker, tcp(10249), "controller-kube-proxy-metrics");
controller.addIngressRule(worker, tcp(9100), "controller-node-exporter");
apiserverNlb.addIngressRule(ec2.Peer.ipv4(VPC_CIDR), tcp(6443), "apiserver-nlb-clients");
apiserverNlb.addIngressRule(worker, tcp(6443), "apiserver-nlb-worker-clients");
apiserverNlb.addIngressRule(controller, tcp(6443), "apiserver-nlb-controller-clients");
apiserverNlb.addEgressRule(controller, tcp(6443), "apiserver-nlb-to-controllers");
controller.addIngressRule(apiserverNlb, tcp(6443), "controller-apiserver-nlb");
ingressNlb.addIngressRule(ec2.Peer.ipv4(CONTROL_PLANE_CIDR), tcp(80), "ingress-nlb-http");
ingressNlb.addIngressRule(ec2.Peer.ipv4(CONTROL_PLANE_CIDR), tcp(443), "ingress-nlb-https");
ingressNlb.addIngressRule(ec2.Peer.anyIpv4(), tcp(3333), "ingress-nlb-service-some-app");
for (const [port, name] of [[80, "http"], [10254, "ingress-health"], [443, "https"], [30333, "service-some-app"]]) {
  ingressNlb.addEgressRule(worker, tcp(port), `ingress-nlb-to-workers-${name}`);
  worker.addIngressRule(ingressNlb, tcp(port), `worker-${name}`);
}

const health = (protocol, port, path) => ({ protocol, port: String(port), path, healthyThresholdCount: 3, unhealthyThresholdCount: 3, interval: cdk.Duration.seconds(10) });
const targetGroup = (id, port, check, preserveClientIp) =>
  new elbv2.NetworkTargetGroup(stack, id, { vpc, port, protocol: elbv2.Protocol.TCP, targetType: elbv2.TargetType.INSTANCE, targetGroupName: `${NAME}-${id.toLowerCase()}`, healthCheck: check, preserveClientIp });

const apiserver = new elbv2.NetworkLoadBalancer(stack, "Apiserver", {
  vpc, loadBalancerName: `${NAME}-apiserver`, internetFacing: false, crossZoneEnabled: true, securityGroups: [apiserverNlb],
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
});
const controllers = targetGroup("Controllers", 6443, health(elbv2.Protocol.HTTPS, 6443, "/readyz"), false);
apiserver.addListener("Apiserver", { port: 6443, protocol: elbv2.Protocol.TCP, defaultTargetGroups: [controllers] });

const ingress = new elbv2.NetworkLoadBalancer(stack, "Ingress", {
  vpc, loadBalancerName: `${NAME}-ingress`, internetFacing: true, crossZoneEnabled: true, securityGroups: [ingressNlb],
  vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
});
const ingressHealth = health(elbv2.Protocol.HTTP, 10254, "/healthz");
const workers = [
  ["Http", 80, 80, ingressHealth],
  ["Https", 443, 443, ingressHealth],
  ["SomeApp", 3333, 30333, health(elbv2.Protocol.TCP, 30333)],
].map(([id, port, targetPort, check]) => {
  const tg = targetGroup(`Workers${id}`, targetPort, check);
  ingress.addListener(id, { port, protocol: elbv2.Protocol.TCP, defaultTargetGroups: [tg] });
  return tg;
});

// The async link: the control plane sends to the inbound queue; its dead letters after 5 receives.
const deadLetters = new sqs.Queue(stack, "InboundDlq", { queueName: `${NAME}-inbound-dlq`, encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: cdk.Duration.days(14), enforceSSL: true });
const inbound = new sqs.Queue(stack, "Inbound", {
  queueName: `${NAME}-inbound`, encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: cdk.Duration.days(4),
  receiveMessageWaitTime: cdk.Duration.seconds(20), deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 }, enforceSSL: true,
});
inbound.grantSendMessages(new iam.AccountPrincipal(CONTROL_PLANE_ACCOUNT));

const controlPlaneRole = new iam.Role(stack, "ControlPlaneRole", {
  roleName: `${NAME}-control-plane`,
  assumedBy: new iam.AccountPrincipal(CONTROL_PLANE_ACCOUNT),
  externalIds: [`${NAME}-7f3a9c`],
});
inbound.grant(controlPlaneRole, "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListDeadLetterSourceQueues");
deadLetters.grantConsumeMessages(controlPlaneRole);
deadLetters.grant(controlPlaneRole, "sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks", "sqs:CancelMessageMoveTask");

const oidcProvider = new cdk.CfnParameter(stack, "OidcProviderArn", { type: "String", description: "The cluster's IAM OIDC provider." });
const oidcIssuer = new cdk.CfnParameter(stack, "OidcIssuer", { type: "String", description: "The cluster's OIDC issuer, without https://." });
const controlPlaneQueue = new cdk.CfnParameter(stack, "ControlPlaneQueueArn", { type: "String", description: "The control plane's queue the agent sends to." });
const agentRole = new iam.Role(stack, "AgentRole", {
  roleName: `${NAME}-agent`,
  assumedBy: new iam.WebIdentityPrincipal(oidcProvider.valueAsString, {
    StringEquals: new cdk.CfnJson(stack, "AgentConditions", {
      value: { [`${oidcIssuer.valueAsString}:aud`]: "sts.amazonaws.com", [`${oidcIssuer.valueAsString}:sub`]: "system:serviceaccount:conveyor:agent" },
    }),
  }),
});
inbound.grantConsumeMessages(agentRole);
agentRole.addToPolicy(new iam.PolicyStatement({ actions: ["sqs:SendMessage"], resources: [controlPlaneQueue.valueAsString] }));

const output = (id, value, description) => new cdk.CfnOutput(stack, id, { value, description });
output("VpcId", vpc.vpcId, "ID of the VPC.");
output("PublicSubnetIds", cdk.Fn.join(",", vpc.publicSubnets.map((s) => s.subnetId)), "Public subnet IDs.");
output("NodeSubnetIds", cdk.Fn.join(",", vpc.privateSubnets.map((s) => s.subnetId)), "Node subnet IDs.");
output("WorkerSecurityGroups", worker.securityGroupId, "Security groups of worker nodes.");
output("ControllerSecurityGroups", controller.securityGroupId, "Security groups of controller nodes.");
output("NlbSecurityGroups", ingressNlb.securityGroupId, "Security groups of the ingress NLB.");
output("ApiserverDnsName", apiserver.loadBalancerDnsName, "DNS name of the kube-apiserver NLB.");
output("ControllerTargetGroups", controllers.targetGroupArn, "Target group of the controllers.");
output("IngressDnsName", ingress.loadBalancerDnsName, "DNS name of the ingress NLB.");
output("NlbArn", ingress.loadBalancerArn, "ARN of the ingress NLB.");
output("WorkerTargetGroups", cdk.Fn.join(",", workers.map((tg) => tg.targetGroupArn)), "Target groups of the workers.");
output("InboundQueueUrl", inbound.queueUrl, "URL of the queue the control plane sends to.");
output("InboundQueueArn", inbound.queueArn, "ARN of the queue the control plane sends to.");
output("InboundDlqUrl", deadLetters.queueUrl, "URL of the dead-letter queue.");
output("AgentRoleArn", agentRole.roleArn, "Role of the data-plane agent.");
output("ControlPlaneRoleArn", controlPlaneRole.roleArn, "Role the control plane assumes.");

app.synth();
