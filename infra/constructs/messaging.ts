/**
 * The queues: one FIFO queue (and FIFO DLQ) per agency of the province data, plus the fixed
 * queues of the topology, each with its DLQ. Physical names come from `names`, because handlers
 * derive agency queue names from the agency id (AGENCY_QUEUE_PREFIX + agencyId + '.fifo').
 */
import { Duration, Stack } from 'aws-cdk-lib';
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
  /** Every queue of the stack with its DLQ: agency queues first, then the fixed ones. */
  readonly all: QueueWithDlq[] = [];
  /** The fixed queues of the topology, by id. */
  readonly queues: Record<QueueId, sqs.Queue>;
  private readonly byAgency = new Map<string, sqs.Queue>();

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    const { topology } = props;
    for (const agencyId of topology.agencies) {
      const pair = this.withDlq(`agency-${agencyId}`, topology.agencyQueue, {
        queueName: names.agencyQueue(topology.prefix, agencyId),
        dlqName: names.agencyDlq(topology.prefix, agencyId),
      });
      this.byAgency.set(agencyId, pair.queue);
    }
    const fixed = (Object.entries(topology.queues) as [QueueId, QueueSpec][]).map(([queueId, spec]) => {
      const pair = this.withDlq(queueId, spec, { queueName: names.queue(topology.prefix, queueId), dlqName: names.dlq(topology.prefix, queueId) });
      return [queueId, pair.queue] as const;
    });
    this.queues = Object.fromEntries(fixed) as Record<QueueId, sqs.Queue>;
  }

  /** The FIFO queue of an agency of the province data. */
  agencyQueue(agencyId: string): sqs.Queue {
    const queue = this.byAgency.get(agencyId);
    if (!queue) throw new Error(`no queue for agency "${agencyId}" in ${Stack.of(this).stackName}`);
    return queue;
  }

  /** Every agency queue (not their DLQs). */
  get agencyQueues(): sqs.Queue[] {
    return [...this.byAgency.values()];
  }

  /** A fixed queue of the topology. */
  queue(queueId: QueueId): sqs.Queue {
    const queue = this.queues[queueId];
    if (!queue) throw new Error(`no queue "${queueId}" in the topology`);
    return queue;
  }

  private withDlq(id: string, spec: QueueSpec, physical: { queueName: string; dlqName: string }): QueueWithDlq {
    const common = {
      fifo: spec.fifo || undefined,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    };
    const dlq = new sqs.Queue(this, `${id}-dlq`, {
      ...common,
      queueName: physical.dlqName,
      // A message moved to a FIFO DLQ restarts its retention clock, a standard one does not:
      // keep dead letters as long as SQS allows either way.
      retentionPeriod: Duration.days(14),
    });
    const queue = new sqs.Queue(this, id, {
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
    const pair = { id, queue, dlq, spec };
    this.all.push(pair);
    return pair;
  }
}
