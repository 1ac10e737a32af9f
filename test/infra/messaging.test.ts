/** Queues (one FIFO queue and DLQ per agency, the fixed queues) and their alarms. */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { names, type QueueId } from '../../infra/topology.ts';
import { province } from '../../shared/province/index.ts';
import { arnOf, synthesize, type CfnResource, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s?.cleanup());

const queuesNamed = (name: string) => s.ofType('AWS::SQS::Queue').filter(([, q]) => q.Properties?.QueueName === name);
const only = (found: [string, CfnResource][], what: string): [string, CfnResource] => {
  expect(found, what).toHaveLength(1);
  return found[0]!;
};

describe('agency queues', () => {
  it('takes the agencies from the province data', () => {
    expect([...s.stack.topology.agencies].sort()).toEqual([...province(s.stack.topology.dataset).agencies.keys()].sort());
  });

  it('creates exactly one FIFO queue and one FIFO DLQ per agency, with the derived names', () => {
    const { prefix, agencies } = s.stack.topology;
    for (const agencyId of agencies) {
      const [, queue] = only(queuesNamed(names.agencyQueue(prefix, agencyId)), `queue of ${agencyId}`);
      const [, dlq] = only(queuesNamed(names.agencyDlq(prefix, agencyId)), `DLQ of ${agencyId}`);
      expect(queue.Properties!.FifoQueue).toBe(true);
      expect(dlq.Properties!.FifoQueue).toBe(true);
    }
    const fifo = s.ofType('AWS::SQS::Queue').filter(([, q]) => q.Properties?.FifoQueue);
    expect(fifo).toHaveLength(2 * agencies.length);
  });

  it('redrives to the agency DLQ after maxReceiveCount receives, with the spec timeouts', () => {
    const { prefix, agencies, agencyQueue } = s.stack.topology;
    for (const agencyId of agencies) {
      const [, queue] = only(queuesNamed(names.agencyQueue(prefix, agencyId)), agencyId);
      const [dlqId] = only(queuesNamed(names.agencyDlq(prefix, agencyId)), agencyId);
      expect(queue.Properties!.RedrivePolicy).toEqual({ deadLetterTargetArn: arnOf(dlqId), maxReceiveCount: agencyQueue.maxReceiveCount });
      expect(queue.Properties!.VisibilityTimeout).toBe(agencyQueue.visibilityTimeoutSeconds);
      expect(queue.Properties!.MessageRetentionPeriod).toBe(agencyQueue.retentionDays * 86_400);
    }
  });
});

describe('fixed queues', () => {
  it('creates each topology queue with its DLQ and redrive', () => {
    const { prefix, queues } = s.stack.topology;
    for (const [id, spec] of Object.entries(queues) as [QueueId, (typeof queues)[QueueId]][]) {
      const [, queue] = only(queuesNamed(names.queue(prefix, id)), id);
      const [dlqId] = only(queuesNamed(names.dlq(prefix, id)), `${id} DLQ`);
      expect(queue.Properties!.RedrivePolicy).toEqual({ deadLetterTargetArn: arnOf(dlqId), maxReceiveCount: spec.maxReceiveCount });
      expect(queue.Properties!.VisibilityTimeout).toBe(spec.visibilityTimeoutSeconds);
      expect(Boolean(queue.Properties!.FifoQueue)).toBe(spec.fifo);
    }
  });
});

describe('every queue', () => {
  it('is encrypted by SQS and refuses requests without TLS', () => {
    for (const [id, queue] of s.ofType('AWS::SQS::Queue')) {
      expect(queue.Properties!.SqsManagedSseEnabled, id).toBe(true);
      s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    }
  });

  it('has an age alarm and a DLQ-depth alarm, both notifying the alarm topic', () => {
    const topicId = s.logicalId(s.stack.observability.topic);
    const alarms = s.ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    const alarmOn = (metric: string, queueId: string) =>
      alarms.filter((a) => a.MetricName === metric && a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === queueId);

    expect(s.stack.messaging.all).toHaveLength(s.stack.topology.agencies.length + Object.keys(s.stack.topology.queues).length);
    for (const { id, queue, dlq, spec } of s.stack.messaging.all) {
      const age = alarmOn('ApproximateAgeOfOldestMessage', s.logicalId(queue));
      const depth = alarmOn('ApproximateNumberOfMessagesVisible', s.logicalId(dlq));
      expect(age, `age alarm of ${id}`).toHaveLength(1);
      expect(depth, `DLQ depth alarm of ${id}`).toHaveLength(1);
      expect(age[0]).toMatchObject({ Threshold: spec.alarms.oldestMessageAgeSeconds, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [{ Ref: topicId }] });
      expect(depth[0]).toMatchObject({ Threshold: spec.alarms.dlqDepth, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [{ Ref: topicId }] });
    }
  });

  it('publishes alarms to a topic encrypted with a key CloudWatch may use', () => {
    const topic = s.resources[s.logicalId(s.stack.observability.topic)]!;
    expect(topic.Properties!.KmsMasterKeyId).toEqual(arnOf(topic.Properties!.KmsMasterKeyId['Fn::GetAtt'][0]));
    s.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
  });
});

describe('outputs', () => {
  it('exports every agency queue URL and ARN', () => {
    const values = Object.values(s.outputs).map((o) => JSON.stringify(o.Value));
    for (const agencyId of s.stack.topology.agencies) {
      const queueId = s.logicalId(s.stack.messaging.agencyQueue(agencyId));
      expect(values, agencyId).toContain(JSON.stringify({ Ref: queueId }));
      expect(values, agencyId).toContain(JSON.stringify(arnOf(queueId)));
    }
  });
});
