/**
 * The SMS outbox in the template (issue 11): the sms-outbox queue and its DLQ with the alarms a
 * person acts on, the sms function's trigger and least privilege (SendTextMessage only, its two
 * secrets, the dossiers table), the deferred sweep's schedule, and the router's right to send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { names } from '../../infra/topology.ts';
import { arnOf, roleStatements, synthesize, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s?.cleanup());

const pair = () => s.stack.messaging.all.find((p) => p.id === 'sms-outbox')!;
const queueId = () => s.logicalId(pair().queue);
const dlqId = () => s.logicalId(pair().dlq);
const fn = (id: 'sms' | 'sms-deferred' | 'router') => s.stack.functions.get(id)!;
const statementsOf = (id: 'sms' | 'sms-deferred' | 'router') => roleStatements(s, s.logicalId(fn(id).role)).filter((st) => st.Effect === 'Allow');

describe('the sms-outbox queue', () => {
  it('redrives to its DLQ after the topology\'s receives, and alarms at the first dead letter and at 15 minutes of age', () => {
    const spec = s.stack.topology.queues['sms-outbox'];
    expect(s.resources[queueId()]!.Properties).toMatchObject({
      QueueName: names.queue(s.stack.topology.prefix, 'sms-outbox'),
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arnOf(dlqId()), maxReceiveCount: spec.maxReceiveCount },
    });
    const alarms = s.ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    const on = (metric: string, id: string) => alarms.filter((a) => a.MetricName === metric && JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }]));
    expect(on('ApproximateAgeOfOldestMessage', queueId())).toEqual([expect.objectContaining({ Threshold: 900 })]);
    expect(on('ApproximateNumberOfMessagesVisible', dlqId())).toEqual([expect.objectContaining({ Threshold: 1 })]);
  });
});

describe('the sms function', () => {
  it('is fed by the sms-outbox queue with partial batch failures', () => {
    const mappings = s.ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties!.FunctionName) === JSON.stringify({ Ref: s.logicalId(fn('sms').function) }));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]![1].Properties).toMatchObject({ EventSourceArn: arnOf(queueId()), FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('may send SMS (SendTextMessage only), read its two secrets and the dossiers table, and nothing else: no bucket, no queue to send to', () => {
    const statements = statementsOf('sms');
    const allowed = new Set([JSON.stringify({ Ref: s.logicalId(s.stack.data.secrets.app) }), JSON.stringify({ Ref: s.logicalId(s.stack.data.secrets['sms-gateway']) })]);
    for (const st of statements) {
      const [service] = [...new Set(st.Action.map((a) => a.split(':')[0]))];
      if (service === 'sms-voice') expect(st.Action).toEqual(['sms-voice:SendTextMessage']);
      else if (service === 'secretsmanager') for (const r of st.Resource) expect(allowed.has(JSON.stringify(r)), JSON.stringify(r)).toBe(true);
      else if (service === 'dynamodb') expect(JSON.stringify(st.Resource)).toContain(s.logicalId(s.stack.data.tables.dossiers));
      else if (service === 'sqs') expect(st.Resource).toEqual([arnOf(queueId())]);
      else expect(['logs', 'xray'], JSON.stringify(st)).toContain(service);
    }
    const actions = statements.flatMap((st) => st.Action);
    expect(actions).toContain('sms-voice:SendTextMessage');
    expect(actions).not.toContain('sqs:SendMessage');
    expect(actions.some((a) => a.startsWith('s3:'))).toBe(false);
    const env = s.resources[s.logicalId(fn('sms').function)]!.Properties!.Environment.Variables as Record<string, unknown>;
    expect(env.SMS_GATEWAY_URL).toBe('https://sms-gateway.invalid');
    expect(env.SMS_GATEWAY_SECRET_ID).toEqual({ Ref: s.logicalId(s.stack.data.secrets['sms-gateway']) });
  });
});

describe('the deferred sweep and the router', () => {
  it('runs the sweep every minute, which may send to the queue and send no SMS itself', () => {
    expect(s.stack.topology.schedules.find((x) => x.id === 'sms-deferred')).toMatchObject({ function: 'sms-deferred', expression: 'rate(1 minute)' });
    const actions = statementsOf('sms-deferred').flatMap((st) => st.Action);
    expect(actions).toContain('sqs:SendMessage');
    expect(actions.some((a) => a.startsWith('sms-voice:'))).toBe(false);
  });

  it('lets the router put notices on the queue, never receive them, never send an SMS', () => {
    const statements = statementsOf('router');
    const onQueue = statements.filter((st) => st.Resource.some((r) => JSON.stringify(r) === JSON.stringify(arnOf(queueId())))).flatMap((st) => st.Action);
    expect(onQueue).toContain('sqs:SendMessage');
    expect(onQueue).not.toContain('sqs:ReceiveMessage');
    expect(statements.flatMap((st) => st.Action).some((a) => a.startsWith('sms-voice:'))).toBe(false);
  });
});
