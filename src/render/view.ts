// What the diagram shows, as plain data: the scene (scene.ts builds it from a topology, layout.ts
// places it). Nothing here knows coordinates.
import type { Finding } from "../findings.js";
import type { Cloud } from "../topology/model.js";

/** `wide`: zones side by side, the control plane on the left; `compact`: for a page about 800 px wide. */
export type DiagramLayout = "wide" | "compact";
export const DIAGRAM_LAYOUTS: readonly DiagramLayout[] = ["wide", "compact"];

export type RowKey = "public" | "nodes" | "pods" | "db" | "other";

export const ROWS: readonly RowKey[] = ["public", "nodes", "pods", "db", "other"];

export const CLOUD_NAMES: Record<Cloud, string> = { aws: "AWS", azure: "Azure" };

/**
 * What the diagram knows besides the topology: the control plane and how the network meets it.
 * The data plane's context from the importers fits it as it is; the last two fields are extras.
 */
export interface DiagramContext {
  controlPlane?: {
    connectivity?: "internet" | "privatelink";
    /** The sync port. */
    port?: number;
    /** Where its sync traffic comes from. */
    cidrs?: string[];
    awsAccountId?: string;
  };
  /** Subnet ids by the tier they serve, for subnets that do not say it themselves. */
  tiers?: Partial<Record<string, string[]>>;
  /** AWS: where the sync link lands, when known: the load balancer, its listener, the endpoint service in front. */
  sync?: { loadBalancerId: string; listenerId?: string; endpointServiceId?: string };
  azure?: {
    mode?: "managed" | "customerManaged";
    /** customerManaged: the firewall the nodes and pods subnets must route 0.0.0.0/0 to. */
    firewallPrivateIp?: string;
    /** The public IP the control plane connects to. */
    publicIpAddress?: string;
  };
  /** Azure: the names of the async link's queues, which live in the control plane's AWS account. */
  controlPlaneQueues?: string[];
  /** Azure: the public IP the control plane's sync traffic arrives at, by name (else `azure.publicIpAddress`). */
  publicIp?: string;
  /** The region of networks whose own is not known (a VNet read from the cloud at plan time). */
  region?: string;
  /** Addresses and blocks dpnet made up for what the cloud assigns at apply time, with the label shown instead. */
  standIns?: ReadonlyMap<string, string>;
}

export interface TextLine {
  text: string;
  mono?: boolean;
  muted?: boolean;
}

/** A small labelled element: a gateway, an endpoint, a listener. */
export interface Chip {
  id: string;
  kind: string;
  label: string;
  tooltip: string;
  /** Extra data-* attributes, e.g. a listener's port. */
  data?: Record<string, string>;
}

export interface SubnetView {
  id: string;
  name: string;
  /** Column key: the zone, or "" for a subnet without one. */
  zone: string;
  row: RowKey;
  lines: TextLine[];
  chips: Chip[];
  tooltip: string;
}

export interface LoadBalancerView {
  id: string;
  name: string;
  subtitle: string;
  row: RowKey;
  zones: string[];
  listeners: Chip[];
  tooltip: string;
}

export interface Column {
  key: string;
  label: string;
}

export interface NetworkView {
  id: string;
  title: string;
  cidrs: string[];
  columns: Column[];
  rows: RowKey[];
  subnets: SubnetView[];
  loadBalancers: LoadBalancerView[];
  /** Gateways and next hops at the network's edge. */
  edge: Chip[];
  endpoints: Chip[];
  tooltip: string;
}

/** A box outside the networks: an endpoint service, the queues, the private DNS zones. */
export interface PanelView {
  id: string;
  kind: "endpoint-service" | "queues" | "dns-zones";
  title: string;
  lines: TextLine[];
  tooltip: string;
  /** Endpoint service: the load balancer it fronts. */
  fronts?: string;
}

export interface RegionView {
  key: string;
  region: string;
  networks: NetworkView[];
  /** Beside the networks, where the control plane's arrows pass: endpoint services, queues. */
  services: PanelView[];
  /** Below the networks: private DNS zones. */
  below: PanelView[];
}

export interface CloudView {
  cloud: Cloud;
  regions: RegionView[];
}

export interface LinkView {
  kind: "sync" | "async";
  /** Drawn element the arrow ends at (or starts from, when it goes to the control plane). */
  target: string;
  toControlPlane: boolean;
  label: [string, string];
  tooltip: string;
}

export interface ControlPlaneView {
  lines: TextLine[];
  /** Azure: the async link's queues in the control plane's account. */
  queues?: PanelView;
}

export interface Scene {
  title: string;
  description: string;
  clouds: CloudView[];
  controlPlane?: ControlPlaneView;
  links: LinkView[];
  /** Error findings by the drawn element they concern. */
  badges: Map<string, Finding[]>;
  /** Error findings no drawn element stands for. */
  unplaced: Finding[];
}
