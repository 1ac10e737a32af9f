/**
 * Schedules: one EventBridge Scheduler schedule per topology schedule, invoking its function with a
 * "Scheduled Event" input, retrying, dead-lettering to the schedule's on-failure queue of the
 * topology (which has a DLQ and alarms of its own), and alarmed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Schedules } from '../../infra/constructs/schedules.ts';
import { Workers } from '../../infra/constructs/workers.ts';
import { schedulePolicy } from '../../infra/schedules.ts';
import { asyncOnFailure, names, type FunctionId, type Topology } from '../../infra/topology.ts';
import { arnOf, pseudo, render, roleStatements, synthesize, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s?.cleanup());

const jobs = () => s.stack.schedules.all;
const scheduleOf = (id: string) => {
  const job = jobs().find((j) => j.spec.id === id)!;
  return { job, props: s.resources[s.logicalId(job.schedule)]!.Properties! };
};
const fnOf = (id: FunctionId) => s.stack.functions.get(id)!;

describe('schedules', () => {
  it('creates one schedule per topology schedule, named from the prefix, on its expression in UTC', () => {
    // Prepare
    const expected = s.stack.topology.schedules.map((x) => ({ Name: `${s.stack.topology.prefix}-${x.id}`, ScheduleExpression: x.expression }));
    // Act
    const actual = s.ofType('AWS::Scheduler::Schedule').map(([, r]) => ({ Name: r.Properties!.Name, ScheduleExpression: r.Properties!.ScheduleExpression }));
    // Assess
    expect(expected).toContainEqual({ Name: 'motcua-release-held-dossiers', ScheduleExpression: 'rate(1 hour)' });
    expect(actual).toEqual(expected);
    for (const [, r] of s.ofType('AWS::Scheduler::Schedule')) {
      expect(r.Properties).toMatchObject({ ScheduleExpressionTimezone: 'Etc/UTC', State: 'ENABLED', FlexibleTimeWindow: { Mode: 'OFF' } });
    }
  });

  it('invokes the rollout function with the Scheduled Event shape, filled in by Scheduler', () => {
    const { props } = scheduleOf('release-held-dossiers');
    expect(props.Target.Arn).toEqual(arnOf(s.logicalId(fnOf('rollout').function)));
    expect(JSON.parse(render(props.Target.Input))).toEqual({
      version: '0',
      id: '<aws.scheduler.execution-id>',
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: pseudo['AWS::AccountId'],
      time: '<aws.scheduler.scheduled-time>',
      region: pseudo['AWS::Region'],
      resources: ['<aws.scheduler.schedule-arn>'],
      detail: {},
    });
  });

  it("names each schedule's on-failure queue in the topology, under the name these queues always had", () => {
    const { prefix, schedules } = s.stack.topology;
    expect(schedules.map((x) => [x.id, x.onFailure])).toEqual([
      ['release-held-dossiers', 'rollout-failures'],
      ['deadline-reminders', 'deadlines-failures'],
      ['sms-deferred', 'sms-deferred-failures'],
    ]);
    for (const x of schedules) expect(names.queue(prefix, x.onFailure), x.id).toBe(`${prefix}-${x.function}-failures`);
  });

  it("retries a refused invocation, then dead-letters it to the schedule's on-failure queue of the topology", () => {
    for (const { spec, deadLetterQueue } of jobs()) {
      const { props } = scheduleOf(spec.id);
      expect(deadLetterQueue, spec.id).toBe(s.stack.messaging.queue(spec.onFailure));
      expect(props.Target.RetryPolicy, spec.id).toEqual({
        MaximumRetryAttempts: schedulePolicy.deliveryRetryAttempts,
        MaximumEventAgeInSeconds: schedulePolicy.maxEventAgeSeconds,
      });
      expect(props.Target.DeadLetterConfig, spec.id).toEqual({ Arn: arnOf(s.logicalId(deadLetterQueue)) });
    }
  });

  it("retries a failed run twice (Lambda's asynchronous retries), then sends it to the same failures queue", () => {
    for (const { spec, deadLetterQueue } of jobs()) {
      s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: s.logicalId(fnOf(spec.function as FunctionId).function) },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: schedulePolicy.functionRetryAttempts,
        MaximumEventAgeInSeconds: schedulePolicy.maxEventAgeSeconds,
        DestinationConfig: { OnFailure: { Destination: arnOf(s.logicalId(deadLetterQueue)) } },
      });
    }
  });

  it('keeps dead letters in an encrypted, TLS-only queue with a DLQ, that alarms at its first message, and alarms on the function errors', () => {
    const topicId = s.logicalId(s.stack.observability.topic);
    const alarms = s.ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    for (const { spec, deadLetterQueue } of jobs()) {
      const queueId = s.logicalId(deadLetterQueue);
      const dlq = s.stack.messaging.all.find((p) => p.id === spec.onFailure)!.dlq;
      expect(s.resources[queueId]!.Properties, spec.id).toMatchObject({
        QueueName: names.queue(s.stack.topology.prefix, spec.onFailure),
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
        RedrivePolicy: { deadLetterTargetArn: arnOf(s.logicalId(dlq)) },
      });
      // A standard queue: EventBridge Scheduler refuses a FIFO dead-letter queue.
      expect(s.resources[queueId]!.Properties!.FifoQueue, spec.id).toBeUndefined();
      s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: { Statement: [{ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
      });
      const depth = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === queueId);
      expect(depth, spec.id).toHaveLength(1);
      expect(depth[0]).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [{ Ref: topicId }] });
      const age = alarms.filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage' && a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === queueId);
      expect(age, spec.id).toHaveLength(1);
      const dlqDepth = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === s.logicalId(dlq));
      expect(dlqDepth, spec.id).toHaveLength(1);
      const errors = alarms.filter((a) => a.MetricName === 'Errors' && a.Dimensions?.[0]?.Value?.Ref === s.logicalId(fnOf(spec.function as FunctionId).function));
      expect(errors, spec.id).toHaveLength(1);
      expect(errors[0]).toMatchObject({ Threshold: 1, AlarmActions: [{ Ref: topicId }] });
    }
  });

  it('gives Scheduler a role of its own per schedule: invoke that function and send to its dead-letter queue, nothing else', () => {
    for (const { spec, role, deadLetterQueue } of jobs()) {
      const roleId = s.logicalId(role);
      expect(scheduleOf(spec.id).props.Target.RoleArn).toEqual(arnOf(roleId));
      const trust = s.resources[roleId]!.Properties!.AssumeRolePolicyDocument.Statement;
      expect(trust).toHaveLength(1);
      expect(trust[0].Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
      expect(trust[0].Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
      expect(render(trust[0].Condition.StringEquals['aws:SourceArn'])).toBe(
        `arn:${pseudo['AWS::Partition']}:scheduler:${pseudo['AWS::Region']}:${pseudo['AWS::AccountId']}:schedule-group/default`,
      );
      expect(roleStatements(s, roleId)).toEqual([
        { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [arnOf(s.logicalId(fnOf(spec.function as FunctionId).function))] },
        { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [arnOf(s.logicalId(deadLetterQueue))] },
      ]);
    }
  });

  it('refuses, at synthesis, an expression AWS would refuse and a schedule on an API function', () => {
    const withSchedule = (schedule: Topology['schedules'][number]) => () =>
      synthesize({
        prepare: (stack) =>
          new Schedules(stack, 'extra', { topology: { ...stack.topology, schedules: [schedule] }, workers: stack.workers, messaging: stack.messaging }),
      });
    const onFailure = 'rollout-failures' as const;
    expect(withSchedule({ id: 'typo', function: 'rollout', expression: 'rate(1 hours)', onFailure })).toThrow(/write "1 hour"/);
    expect(withSchedule({ id: 'both-days', function: 'rollout', expression: 'cron(0 1 * * * *)', onFailure })).toThrow(/day-of-month and day-of-week/);
    expect(withSchedule({ id: 'api', function: 'public-api', expression: 'rate(1 day)', onFailure })).toThrow(/not a worker function/);
  });

  it("refuses two on-failure queues for one function, and a FIFO one (one Lambda destination, Scheduler's DLQ is standard)", () => {
    const t = s.stack.topology;
    const second = { id: 'again', function: 'rollout', expression: 'rate(1 day)', onFailure: 'deadlines-failures' } as const;
    expect(() => asyncOnFailure({ ...t, schedules: [...t.schedules, second] }, 'rollout')).toThrow(
      /schedule release-held-dossiers names rollout-failures, schedule again names deadlines-failures/,
    );
    // Workers asks asyncOnFailure for every worker function: synthesis fails the same way.
    expect(() =>
      synthesize({
        prepare: (stack) =>
          new Workers(stack, 'extra', {
            topology: { ...stack.topology, schedules: [...stack.topology.schedules, second] },
            resources: { tables: stack.data.tables, buckets: stack.documents.buckets, queues: stack.messaging.queues, secrets: stack.data.secrets },
            messaging: stack.messaging,
            documents: stack.documents,
            production: false,
          }),
      }),
    ).toThrow(/one on-failure destination/);
    const fifo = { ...t, queues: { ...t.queues, 'rollout-failures': { ...t.queues['rollout-failures'], fifo: true } } };
    expect(() => asyncOnFailure(fifo, 'rollout')).toThrow(/is FIFO/);
    expect(asyncOnFailure(t, 'rollout')).toBe('rollout-failures');
    expect(asyncOnFailure(t, 'documents')).toBe('documents-failures');
    expect(asyncOnFailure(t, 'router')).toBeUndefined();
  });
});
