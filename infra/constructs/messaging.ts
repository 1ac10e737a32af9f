/**
 * The fixed queues of the topology, each with its DLQ, and `queueWithDlq`, which builds every
 * queue of the stack: agency queues are built the same way, in their agency's nested stack
 * (infra/constructs/agencies.ts). Physical names come from `names`, because handlers derive
 * agency queue names from the agency id (AGENCY_QUEUE_PREFIX + agencyId + '.fifo').
 */
import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { names, type QueueId, type QueueSpec, type Topology } from '../topology.ts';

/** A queue with its dead-letter queue and the spec both came from. */
export interface QueueWithDlq {
  /** Kebab-case id used for construct ids and alarm names: `agency-<id>` or the queue id. */
  id: string;
  queue: sqs.Queue;
  dlq: sqs.Queue;
  spec: QueueSpec;
}

export interface MessagingProps {
  topology: Topology;
}

export class Messaging extends Construct {
  /** The fixed queues of the topology with their DLQs (agency queues: Agencies.all). */
  readonly all: QueueWithDlq[] = [];
  /** The fixed queues of the topology, by id. */
  readonly queues: Record<QueueId, sqs.Queue>;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    const { topology } = props;
    const fixed = (Object.entries(topology.queues) as [QueueId, QueueSpec][]).map(([queueId, spec]) => {
      const pair = queueWithDlq(this, queueId, spec, { queueName: names.queue(topology.prefix, queueId), dlqName: names.dlq(topology.prefix, queueId) });
      this.all.push(pair);
      return [queueId, pair.queue] as const;
    });
    this.queues = Object.fromEntries(fixed) as Record<QueueId, sqs.Queue>;
  }

  /** A fixed queue of the topology. */
  queue(queueId: QueueId): sqs.Queue {
    const queue = this.queues[queueId];
    if (!queue) throw new Error(`no queue "${queueId}" in the topology`);
    return queue;
  }
}

/**
 * A queue and its DLQ (FIFO both when the spec says so), SQS-encrypted and TLS-only, with the
 * spec's timeouts and redrive. Construct ids: `<id>` and `<id>-dlq` in `scope`.
 */
export function queueWithDlq(scope: Construct, id: string, spec: QueueSpec, physical: { queueName: string; dlqName: string }): QueueWithDlq {
  const common = {
    fifo: spec.fifo || undefined,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  };
  const dlq = new sqs.Queue(scope, `${id}-dlq`, {
    ...common,
    queueName: physical.dlqName,
    // A message moved to a FIFO DLQ restarts its retention clock, a standard one does not:
    // keep dead letters as long as SQS allows either way.
    retentionPeriod: Duration.days(14),
  });
  const queue = new sqs.Queue(scope, id, {
    ...common,
    queueName: physical.queueName,
    visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
    retentionPeriod: Duration.days(spec.retentionDays),
    deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
    // The dossier is the message group: deduplicating per group and a per-group throughput
    // limit (high-throughput FIFO) keep order where it matters without a queue-wide ceiling.
    ...(spec.fifo
      ? { deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP, fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID }
      : {}),
  });
  return { id, queue, dlq, spec };
}
