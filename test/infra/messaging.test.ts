/** Queues (one FIFO queue and DLQ per agency, in its group's nested stack; the fixed queues) and their alarms. */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyParameterKeys, names, type AgencyParameterKey, type QueueId } from '../../infra/topology.ts';
import type { QueueWithDlq } from '../../infra/constructs/messaging.ts';
import { province } from '../../shared/province/index.ts';
import { arnOf, pseudo, render, synthesize, type CfnResource, type StackTemplate, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s?.cleanup());

const queuesNamed = (t: Pick<StackTemplate, 'ofType'>, name: string) => t.ofType('AWS::SQS::Queue').filter(([, q]) => q.Properties?.QueueName === name);
const only = (found: [string, CfnResource][], what: string): [string, CfnResource] => {
  expect(found, what).toHaveLength(1);
  return found[0]!;
};
const agencyTemplate = (agencyId: string) => s.templateOf(s.stack.agencies.get(agencyId));
/** Every queue pair of the app with the template it is in: agencies' (nested) and the fixed ones (root). */
const allPairs = (): { pair: QueueWithDlq; t: StackTemplate }[] => [
  ...s.stack.agencies.all.map((a) => ({ pair: a.pair, t: s.templateOf(a) })),
  ...s.stack.messaging.all.map((pair) => ({ pair, t: s.templates[0]! })),
];

describe('agency queues', () => {
  it('takes the agencies from the province data', () => {
    expect([...s.stack.topology.agencies].sort()).toEqual([...province(s.stack.topology.dataset).agencies.keys()].sort());
    expect(s.stack.agencies.all.map((a) => a.agencyId).sort()).toEqual([...s.stack.topology.agencies].sort());
  });

  it("creates exactly one FIFO queue and one FIFO DLQ per agency, with the derived names, in the agency's group's nested stack", () => {
    const { prefix, agencies } = s.stack.topology;
    for (const agencyId of agencies) {
      const t = agencyTemplate(agencyId);
      const [, queue] = only(queuesNamed(t, names.agencyQueue(prefix, agencyId)), `queue of ${agencyId}`);
      const [, dlq] = only(queuesNamed(t, names.agencyDlq(prefix, agencyId)), `DLQ of ${agencyId}`);
      expect(queue.Properties!.FifoQueue).toBe(true);
      expect(dlq.Properties!.FifoQueue).toBe(true);
      expect(t.ofType('AWS::SQS::Queue'), agencyId).toHaveLength(2);
    }
    const fifo = s.templates.flatMap((t) => t.ofType('AWS::SQS::Queue')).filter(([, q]) => q.Properties?.FifoQueue);
    // Plus the fixed FIFO queues (courier-dispatch) and their DLQs.
    const fixedFifo = Object.values(s.stack.topology.queues).filter((q) => q.fifo).length;
    expect(fixedFifo).toBe(1);
    expect(fifo).toHaveLength(2 * agencies.length + 2 * fixedFifo);
  });

  it('redrives to the agency DLQ after maxReceiveCount receives, with the spec timeouts', () => {
    const { prefix, agencies, agencyQueue } = s.stack.topology;
    for (const agencyId of agencies) {
      const t = agencyTemplate(agencyId);
      const [, queue] = only(queuesNamed(t, names.agencyQueue(prefix, agencyId)), agencyId);
      const [dlqId] = only(queuesNamed(t, names.agencyDlq(prefix, agencyId)), agencyId);
      expect(queue.Properties!.RedrivePolicy).toEqual({ deadLetterTargetArn: arnOf(dlqId), maxReceiveCount: agencyQueue.maxReceiveCount });
      expect(queue.Properties!.VisibilityTimeout).toBe(agencyQueue.visibilityTimeoutSeconds);
      expect(queue.Properties!.MessageRetentionPeriod).toBe(agencyQueue.retentionDays * 86_400);
    }
  });
});

describe('fixed queues', () => {
  it('declares every on-failure queue in the topology: the stream trigger\'s, the S3 trigger\'s, the malware-scan trigger\'s and each schedule\'s', () => {
    const { queues, functions, schedules } = s.stack.topology;
    const named = [
      ...Object.values(functions).flatMap((f) => (f.trigger && 'onFailure' in f.trigger ? [f.trigger.onFailure] : [])),
      ...schedules.map((x) => x.onFailure),
    ];
    expect(named.sort()).toEqual(['deadlines-failures', 'documents-failures', 'figures-failures', 'malware-scans-failures', 'rollout-failures', 'router-failures', 'sms-deferred-failures']);
    for (const id of named) expect(Object.keys(queues), id).toContain(id);
  });

  it('creates no queue in the root stack that the topology does not declare (no construct-local queue)', () => {
    const { prefix, queues } = s.stack.topology;
    const declared = (Object.keys(queues) as QueueId[]).flatMap((id) => [names.queue(prefix, id), names.dlq(prefix, id)]);
    const created = s.ofType('AWS::SQS::Queue').map(([, q]) => q.Properties!.QueueName as string);
    expect(created.sort()).toEqual(declared.sort());
  });

  it('creates each topology queue with its DLQ and redrive', () => {
    const { prefix, queues } = s.stack.topology;
    for (const [id, spec] of Object.entries(queues) as [QueueId, (typeof queues)[QueueId]][]) {
      const [, queue] = only(queuesNamed(s, names.queue(prefix, id)), id);
      const [dlqId] = only(queuesNamed(s, names.dlq(prefix, id)), `${id} DLQ`);
      expect(queue.Properties!.RedrivePolicy).toEqual({ deadLetterTargetArn: arnOf(dlqId), maxReceiveCount: spec.maxReceiveCount });
      expect(queue.Properties!.VisibilityTimeout).toBe(spec.visibilityTimeoutSeconds);
      expect(Boolean(queue.Properties!.FifoQueue)).toBe(spec.fifo);
    }
  });
});

describe('every queue', () => {
  it('is encrypted by SQS and refuses requests without TLS, in its one queue policy', () => {
    for (const t of s.templates) {
      for (const [id, queue] of t.ofType('AWS::SQS::Queue')) {
        expect(queue.Properties!.SqsManagedSseEnabled, id).toBe(true);
        const policies = t.ofType('AWS::SQS::QueuePolicy').filter(([, p]) => JSON.stringify(p.Properties!.Queues).includes(JSON.stringify({ Ref: id })));
        expect(policies, `policies of ${id}`).toHaveLength(1);
        t.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
          },
        });
      }
    }
  });

  it('has an age alarm and a DLQ-depth alarm, both notifying the alarm topic', () => {
    const topicId = s.logicalId(s.stack.observability.topic);
    const pairs = allPairs();
    expect(pairs).toHaveLength(s.stack.topology.agencies.length + Object.keys(s.stack.topology.queues).length);
    for (const { pair, t } of pairs) {
      const { id, queue, dlq, spec } = pair;
      const alarms = t.ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
      const alarmOn = (metric: string, queueId: string) =>
        alarms.filter((a) => a.MetricName === metric && a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === queueId);
      // In a nested stack the topic arrives as a parameter that the root stack sets to the topic.
      const topic = t.stack === s.stack ? { Ref: topicId } : { Ref: expect.any(String) };
      const age = alarmOn('ApproximateAgeOfOldestMessage', s.logicalId(queue));
      const depth = alarmOn('ApproximateNumberOfMessagesVisible', s.logicalId(dlq));
      expect(age, `age alarm of ${id}`).toHaveLength(1);
      expect(depth, `DLQ depth alarm of ${id}`).toHaveLength(1);
      expect(age[0]).toMatchObject({ Threshold: spec.alarms.oldestMessageAgeSeconds, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topic] });
      expect(depth[0]).toMatchObject({ Threshold: spec.alarms.dlqDepth, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topic] });
      if (t.stack !== s.stack) {
        const parameter = age[0]!.AlarmActions[0].Ref as string;
        expect(depth[0]!.AlarmActions[0].Ref).toBe(parameter);
        const nested = s.resources[s.logicalId(s.stack.agencies.stackOf(id.replace(/^agency-/, '')).nestedStackResource!)]!;
        expect(nested.Properties!.Parameters[parameter], `topic passed to ${id}`).toEqual({ Ref: topicId });
      }
    }
  });

  it('alarms on the depth of a queue whose spec asks for it (the on-failure queues, which nothing consumes), and of no other', () => {
    const topicId = s.logicalId(s.stack.observability.topic);
    const asking = s.stack.messaging.all.filter((p) => p.spec.alarms.depth !== undefined).map((p) => p.id);
    expect(asking.sort()).toEqual(['deadlines-failures', 'documents-failures', 'malware-scans-failures', 'rollout-failures', 'sms-deferred-failures']);
    for (const { pair, t } of allPairs()) {
      const depth = t
        .ofType('AWS::CloudWatch::Alarm')
        .map(([, a]) => a.Properties!)
        .filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === s.logicalId(pair.queue));
      if (pair.spec.alarms.depth === undefined) {
        expect(depth, pair.id).toEqual([]);
        continue;
      }
      expect(depth, pair.id).toHaveLength(1);
      expect(depth[0]).toMatchObject({
        AlarmName: `${s.stack.topology.prefix}-${pair.id}-depth`,
        Threshold: pair.spec.alarms.depth,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: topicId }],
      });
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

describe('where an agency finds its queue', () => {
  it('writes no output per agency: the root keeps the SSM path under which every agency reads its own parameters', () => {
    const ids = Object.keys(s.outputs);
    for (const agency of s.stack.agencies.all) expect(ids.filter((o) => o.includes(agency.agencyId.replace(/-/g, ''))), agency.agencyId).toEqual([]);
    expect(s.outputs.agencyparameterspath!.Value).toBe(`/${s.stack.topology.prefix}/agencies/`);
  });

  it("publishes each agency's queue URL and ARN, DLQ URL and role ARN as String parameters (standard tier) in its group's nested stack", () => {
    for (const agency of s.stack.agencies.all) {
      const t = s.templateOf(agency);
      const parameters = Object.fromEntries(t.ofType('AWS::SSM::Parameter').map(([, p]) => [p.Properties!.Name as string, p.Properties!]));
      const name = (key: AgencyParameterKey) => names.agencyParameter(s.stack.topology.prefix, agency.agencyId, key);
      expect(Object.keys(parameters).sort(), agency.agencyId).toEqual(agencyParameterKeys.map(name).sort());
      for (const p of Object.values(parameters)) expect(p, agency.agencyId).toMatchObject({ Type: 'String', Tier: 'Standard' });
      expect(parameters[name('queue-url')]!.Value).toEqual({ Ref: s.logicalId(agency.queue) });
      expect(parameters[name('queue-arn')]!.Value).toEqual(arnOf(s.logicalId(agency.queue)));
      expect(parameters[name('dlq-url')]!.Value).toEqual({ Ref: s.logicalId(agency.dlq) });
      expect(render(parameters[name('role-arn')]!.Value)).toBe(`arn:aws:iam::${pseudo['AWS::AccountId']}:role/${agency.roleName}`);
    }
  });
});
