// AWS async link in Terraform: SQS queues, their policies, and IAM roles.
// Each function reads one family into the mapping's shared state (index.ts).
import type { Queue } from "../../../topology/model.js";
import { Unknown } from "../evaluate.js";
import type { TfInstance } from "../mapper.js";
import type { AwsMapping } from "./index.js";

// --- queues and roles -----------------------------------------------------------------------

export function queuesOf(m: AwsMapping): void {
  const c = m.c;
  const queues = new Map<string, Queue>();
  for (const inst of c.of("aws_sqs_queue")) {
    const q = queue(m, inst);
    queues.set(q.id, q);
    c.topology.queues.push(q);
  }
  for (const inst of c.of("aws_sqs_queue_policy")) {
    const queue = policyQueue(m, queues, inst);
    const policy = c.policy(inst.arg("policy"), m.at(inst, "policy"));
    if (queue && policy) (queue.policies ??= []).push({ id: inst.address, document: policy });
  }
}

/** The queue a policy is for; one outside this configuration is kept unplaced, with the policies written here. */
export function policyQueue(m: AwsMapping, queues: Map<string, Queue>, inst: TfInstance): Queue | undefined {
  const v = inst.arg("queue_url");
  const id = m.c.knownIdent(v);
  const found = id === undefined ? undefined : queues.get(id);
  if (found) return found;
  if (v === null) return void m.c.gap(inst.address, "it has no queue_url");
  const { ref, why } = m.c.outside(inst, "queue_url", v, "queue");
  let queue = queues.get(ref);
  if (!queue) {
    queue = { id: ref, unknown: { encryption: why } };
    queues.set(ref, queue);
    m.c.topology.queues.push(queue);
  }
  return queue;
}

export function queue(m: AwsMapping, inst: TfInstance): Queue {
  const c = m.c;
  const kms = c.str(inst.arg("kms_master_key_id"), m.at(inst, "kms_master_key_id"));
  // Unset (null, or "" as providers write it), SSE-SQS is what AWS gives a new queue (since October 2022): the provider leaves it to AWS.
  const sseValue = c.value(inst, "sqs_managed_sse_enabled");
  const sse = sseValue === null || (sseValue instanceof Unknown && !sseValue.resolve) ? true : c.bool(sseValue, m.at(inst, "sqs_managed_sse_enabled"));
  const policy = inst.arg("policy") === null ? undefined : c.policy(inst.arg("policy"), m.at(inst, "policy"));
  const arn = inst.attr("arn");
  const url = inst.attr("url");
  return {
    ...c.element(inst, c.label(inst.arg("name"))),
    ...(typeof arn === "string" ? { arn } : {}),
    ...(typeof url === "string" ? { url } : {}),
    ...(kms ? { encrypted: true, kmsKeyId: kms } : sse !== undefined ? { encrypted: sse } : {}),
    ...(policy ? { policies: [{ id: `${inst.address}.policy`, document: policy }] } : {}),
  };
}

export function rolesOf(m: AwsMapping): void {
  const c = m.c;
  for (const inst of c.of("aws_iam_role")) {
    const trust = c.policy(inst.arg("assume_role_policy"), m.at(inst, "assume_role_policy"));
    const arn = inst.attr("arn");
    (c.topology.roles ??= []).push({
      ...c.element(inst, c.label(inst.arg("name"))),
      ...(typeof arn === "string" ? { arn } : {}),
      ...(trust ? { trustPolicy: trust } : {}),
    });
  }
}
