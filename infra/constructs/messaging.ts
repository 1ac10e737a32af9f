/**
 * The fixed queues of the topology, each with its DLQ, its topics with their raw subscriptions,
 * and `queueWithDlq`, which builds every queue of the stack: agency queues are built the same way,
 * in their agency's nested stack (infra/constructs/agencies.ts). Physical names come from `names`,
 * because handlers derive agency queue names from the agency id (AGENCY_QUEUE_PREFIX + agencyId + '.fifo').
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { names, type QueueId, type QueueSpec, type TopicId, type TopicSpec, type Topology } from '../topology.ts';

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
  production: boolean;
}

/** A topic of the topology and the customer key it is encrypted with (publishers outside the account's IAM need a grant in its key policy). */
export interface TopicWithKey {
  topic: sns.Topic;
  key: kms.Key;
}

export class Messaging extends Construct {
  /** The fixed queues of the topology with their DLQs (agency queues: Agencies.all). */
  readonly all: QueueWithDlq[] = [];
  /** The fixed queues of the topology, by id. */
  readonly queues: Record<QueueId, sqs.Queue>;
  /** The topics of the topology, by id. */
  readonly topics: Record<TopicId, TopicWithKey>;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    const { topology, production } = props;
    const fixed = (Object.entries(topology.queues) as [QueueId, QueueSpec][]).map(([queueId, spec]) => {
      const pair = queueWithDlq(this, queueId, spec, { queueName: names.queue(topology.prefix, queueId), dlqName: names.dlq(topology.prefix, queueId) });
      this.all.push(pair);
      return [queueId, pair.queue] as const;
    });
    this.queues = Object.fromEntries(fixed) as Record<QueueId, sqs.Queue>;
    const topics = (Object.entries(topology.topics) as [TopicId, TopicSpec][]).map(([topicId, spec]) => {
      // A customer key, not aws/sns: a service publishing to the topic (AWS End User Messaging SMS)
      // must be allowed to use the key, and the AWS-managed key's policy cannot be changed.
      const key = new kms.Key(this, `${topicId}-key`, {
        description: spec.description,
        enableKeyRotation: true,
        removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      const topic = new sns.Topic(this, `${topicId}-topic`, { topicName: names.topic(topology.prefix, topicId), displayName: spec.description, masterKey: key, enforceSSL: true });
      // Raw delivery: the queue's message body is the published message itself, no SNS envelope.
      // The subscription adds the queue policy: sqs:SendMessage for sns.amazonaws.com from this topic only.
      // What SNS cannot deliver (a policy or key gone wrong) lands in the queue's own DLQ, whose alarm is already set: never lost silently.
      for (const queueId of spec.rawSubscribers)
        topic.addSubscription(new subscriptions.SqsSubscription(this.queue(queueId), { rawMessageDelivery: true, deadLetterQueue: this.dlqOf(queueId) }));
      return [topicId, { topic, key }] as const;
    });
    this.topics = Object.fromEntries(topics) as Record<TopicId, TopicWithKey>;
  }

  /** A topic of the topology. */
  topic(topicId: TopicId): TopicWithKey {
    const topic = this.topics[topicId];
    if (!topic) throw new Error(`no topic "${topicId}" in the topology`);
    return topic;
  }

  /** The DLQ of a fixed queue of the topology. */
  dlqOf(queueId: QueueId): sqs.Queue {
    const pair = this.all.find((q) => q.id === queueId);
    if (!pair) throw new Error(`no queue "${queueId}" in the topology`);
    return pair.dlq;
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
