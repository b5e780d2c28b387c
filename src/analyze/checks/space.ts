// The ids of the whole-space answers (`dpnet exposure`: DPN-EXP-*, `dpnet test`: DPN-TEST-001),
// emitted by analyze/space/exposure.ts and intents.ts for SARIF: listed as checks, run by those commands.
import { CONVEYOR, defineCheck } from "./define.js";

export const internetExposure = defineCheck({
  id: "DPN-EXP-001",
  title: "What the internet can open",
  severity: "note",
  clouds: ["aws", "azure"],
  level: "topology",
  rationale:
    "Every class of packets from the internet that gets to something in the network (dpnet exposure): the attack surface, for all packets, not a sample.",
  fix: "Nothing, if each row is meant; otherwise narrow the rule its witness trace names.",
  answeredBy: "exposure",
});

export const controlPlaneExposure = defineCheck({
  id: "DPN-EXP-002",
  title: "What the control plane can open",
  severity: "note",
  clouds: ["aws", "azure"],
  level: "topology",
  rationale: `${CONVEYOR}: the control plane reaches the data plane synchronously; this is all it can open, for every packet from controlPlane.cidrs.`,
  fix: "Nothing, if each row is meant; otherwise narrow the rule its witness trace names.",
  answeredBy: "exposure",
});

export const egressExposure = defineCheck({
  id: "DPN-EXP-003",
  title: "What the nodes and pods can reach outside",
  severity: "note",
  clouds: ["aws", "azure"],
  level: "topology",
  rationale: `${CONVEYOR}: node subnets egress through NAT; pod subnets are routed only internally. This is all they can open outside the network.`,
  fix: "Nothing, if each row is meant; otherwise change the route or rule its witness trace names.",
  answeredBy: "exposure",
});

export const intentsHold = defineCheck({
  id: "DPN-TEST-001",
  title: "Intents hold for every packet",
  severity: "error",
  clouds: ["aws", "azure"],
  level: "topology",
  rationale: "A must reach / must not reach intent (dpnet test, the intents file beside a module) is a unit test of the network, answered for all packets.",
  fix: "Change the network (the witness trace names the rule or route), or the intent if it was wrong.",
  answeredBy: "test",
});
