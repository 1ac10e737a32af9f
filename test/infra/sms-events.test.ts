/**
 * AWS End User Messaging SMS delivery events in the template (issue 11): AWS calls no webhook, so
 * the configuration set's event destination publishes the final text events to an encrypted,
 * TLS-only topic, delivered raw to the sms-events queue (DLQ, alarms), which only that topic may
 * send to; the sms function sends with that configuration set; the sms-events function consumes
 * the queue with the table as its only other right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { names } from '../../infra/topology.ts';
import { arnOf, render, roleStatements, statementsOf, synthesize, type Statement, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s?.cleanup());

const prefix = () => s.stack.topology.prefix;
const topic = () => s.stack.messaging.topic('sms-events');
const topicId = () => s.logicalId(topic().topic);
const keyId = () => s.logicalId(topic().key);
const pair = () => s.stack.messaging.all.find((p) => p.id === 'sms-events')!;
const queueId = () => s.logicalId(pair().queue);
const dlqId = () => s.logicalId(pair().dlq);
const fn = (id: 'sms' | 'sms-events') => s.stack.functions.get(id)!;
const allowed = (id: 'sms' | 'sms-events') => roleStatements(s, s.logicalId(fn(id).role)).filter((st) => st.Effect === 'Allow');
const configurationSetArn = () => `arn:aws:sms-voice:ap-southeast-1:123456789012:configuration-set/${names.smsConfigurationSet(prefix())}`;
/** The statements that let AWS End User Messaging SMS in, from a policy document. */
const smsVoiceStatements = (document: { Statement: any[] }) =>
  statementsOf(document).filter((st) => JSON.stringify((st as { Principal?: unknown }).Principal ?? {}).includes('sms-voice.amazonaws.com')) as (Statement & { Condition: Record<string, Record<string, unknown>> })[];

describe('the sms-events topic', () => {
  it('is a standard topic encrypted with its own rotated customer key, and refuses requests without TLS', () => {
    const props = s.resources[topicId()]!.Properties!;
    expect(props).toMatchObject({ TopicName: names.topic(prefix(), 'sms-events'), KmsMasterKeyId: arnOf(keyId()) });
    expect(props.FifoTopic).toBeUndefined();
    expect(s.resources[keyId()]!.Properties).toMatchObject({ EnableKeyRotation: true });
    const policies = s.ofType('AWS::SNS::TopicPolicy').filter(([, p]) => JSON.stringify(p.Properties!.Topics) === JSON.stringify([{ Ref: topicId() }]));
    expect(policies).toHaveLength(1);
    const statements = statementsOf(policies[0]![1].Properties!.PolicyDocument);
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('lets AWS End User Messaging SMS publish and use the key, from this account\'s configuration set only', () => {
    const [policy] = s.ofType('AWS::SNS::TopicPolicy').filter(([, p]) => JSON.stringify(p.Properties!.Topics) === JSON.stringify([{ Ref: topicId() }]));
    for (const [st, actions] of [
      [smsVoiceStatements(policy![1].Properties!.PolicyDocument), ['sns:Publish']],
      [smsVoiceStatements(s.resources[keyId()]!.Properties!.KeyPolicy), ['kms:GenerateDataKey*', 'kms:Decrypt']],
    ] as const) {
      expect(st).toHaveLength(1);
      expect([...st[0]!.Action].sort()).toEqual([...actions].sort());
      expect(render(st[0]!.Condition.StringEquals!['aws:SourceAccount'])).toBe('123456789012');
      expect(render(st[0]!.Condition.ArnLike!['aws:SourceArn'])).toBe(configurationSetArn());
    }
  });

  it('delivers raw to the sms-events queue, whose policy lets only this topic send (and refuses requests without TLS)', () => {
    const subscriptions = s.ofType('AWS::SNS::Subscription').filter(([, x]) => JSON.stringify(x.Properties!.TopicArn) === JSON.stringify({ Ref: topicId() }));
    expect(subscriptions.map(([, x]) => x.Properties)).toEqual([expect.objectContaining({ Protocol: 'sqs', Endpoint: arnOf(queueId()), RawMessageDelivery: true })]);
    // What SNS cannot deliver goes to the queue's DLQ (alarmed), which lets only this topic send to it.
    const dlq = dlqId();
    expect(subscriptions[0]![1].Properties!.RedrivePolicy).toEqual({ deadLetterTargetArn: arnOf(dlq) });
    const dlqAllows = s.ofType('AWS::SQS::QueuePolicy').filter(([, p]) => JSON.stringify(p.Properties!.Queues) === JSON.stringify([{ Ref: dlq }])).flatMap(([, p]) => statementsOf(p.Properties!.PolicyDocument)).filter((st) => st.Effect === 'Allow');
    expect(dlqAllows).toEqual([expect.objectContaining({ Principal: { Service: 'sns.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topicId() } } } })]);
    const policies = s.ofType('AWS::SQS::QueuePolicy').filter(([, p]) => JSON.stringify(p.Properties!.Queues) === JSON.stringify([{ Ref: queueId() }]));
    const statements = policies.flatMap(([, p]) => statementsOf(p.Properties!.PolicyDocument));
    const allows = statements.filter((st) => st.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Principal: { Service: 'sns.amazonaws.com' }, Action: ['sqs:SendMessage'], Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topicId() } } } });
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });
});

describe('the sms-events queue', () => {
  it('redrives to its DLQ after the topology\'s receives and alarms at the first dead letter and at 15 minutes of age', () => {
    const spec = s.stack.topology.queues['sms-events'];
    expect(s.resources[queueId()]!.Properties).toMatchObject({
      QueueName: names.queue(prefix(), 'sms-events'),
      SqsManagedSseEnabled: true,
      VisibilityTimeout: spec.visibilityTimeoutSeconds,
      RedrivePolicy: { deadLetterTargetArn: arnOf(dlqId()), maxReceiveCount: spec.maxReceiveCount },
    });
    const alarms = s.ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    const on = (metric: string, id: string) => alarms.filter((a) => a.MetricName === metric && JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }]));
    expect(on('ApproximateAgeOfOldestMessage', queueId())).toEqual([expect.objectContaining({ Threshold: 900, AlarmName: `${prefix()}-sms-events-oldest-message-age` })]);
    expect(on('ApproximateNumberOfMessagesVisible', dlqId())).toEqual([expect.objectContaining({ Threshold: 1, AlarmName: `${prefix()}-sms-events-dlq-depth` })]);
  });
});

describe('the configuration set', () => {
  it('sends the final text events, and only those, to the topic', () => {
    const sets = s.ofType('AWS::SMSVOICE::ConfigurationSet');
    expect(sets).toHaveLength(1);
    const props = sets[0]![1].Properties!;
    expect(props.ConfigurationSetName).toBe(names.smsConfigurationSet(prefix()));
    expect(props.EventDestinations).toEqual([
      { EventDestinationName: 'sms-events', Enabled: true, MatchingEventTypes: [...s.stack.topology.smsConfigurationSet.eventTypes], SnsDestination: { TopicArn: { Ref: topicId() } } },
    ]);
    expect(props.EventDestinations[0].MatchingEventTypes).toEqual(expect.arrayContaining(['TEXT_DELIVERED', 'TEXT_TTL_EXPIRED', 'TEXT_BLOCKED']));
    for (const noise of ['ALL', 'TEXT_ALL', 'TEXT_QUEUED', 'TEXT_PENDING']) expect(props.EventDestinations[0].MatchingEventTypes).not.toContain(noise);
    // Created once the topic lets the service publish.
    const [policyId] = s.ofType('AWS::SNS::TopicPolicy').find(([, p]) => JSON.stringify(p.Properties!.Topics) === JSON.stringify([{ Ref: topicId() }]))!;
    expect((sets[0]![1] as { DependsOn?: string[] }).DependsOn).toContain(policyId);
  });
});

describe('the sms function and the sms-events function', () => {
  it('sends with the configuration set: its name in SMS_CONFIGURATION_SET, SendTextMessage allowed on it by name', () => {
    const env = s.resources[s.logicalId(fn('sms').function)]!.Properties!.Environment.Variables as Record<string, unknown>;
    expect(env.SMS_CONFIGURATION_SET).toBe(names.smsConfigurationSet(prefix()));
    const send = allowed('sms').filter((st) => st.Action.includes('sms-voice:SendTextMessage'));
    expect(send).toHaveLength(1);
    expect(send[0]!.Action).toEqual(['sms-voice:SendTextMessage']);
    const resources = send[0]!.Resource.map(render);
    expect(resources).toContain(configurationSetArn());
    expect(resources.filter((r) => r.includes('configuration-set'))).toEqual([configurationSetArn()]);
  });

  it('feeds the sms-events function from the queue with partial batch failures', () => {
    const mappings = s.ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties!.FunctionName) === JSON.stringify({ Ref: s.logicalId(fn('sms-events').function) }));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]![1].Properties).toMatchObject({ EventSourceArn: arnOf(queueId()), FunctionResponseTypes: ['ReportBatchItemFailures'] });
    const spec = s.stack.topology.functions['sms-events'];
    // Lambda refuses a queue whose visibility timeout is shorter than the function's timeout.
    expect(s.stack.topology.queues['sms-events'].visibilityTimeoutSeconds).toBeGreaterThanOrEqual(spec.timeoutSeconds);
    expect(s.resources[s.logicalId(fn('sms-events').function)]!.Properties).toMatchObject({ Handler: 'index.handler', Timeout: spec.timeoutSeconds });
  });

  it('lets the sms-events function consume its queue and use the dossiers table, and nothing else: no SMS, no secret, no bucket, no send', () => {
    for (const st of allowed('sms-events')) {
      const [service] = [...new Set(st.Action.map((a) => a.split(':')[0]))];
      if (service === 'dynamodb') expect(JSON.stringify(st.Resource)).toContain(s.logicalId(s.stack.data.tables.dossiers));
      else if (service === 'sqs') {
        expect(st.Resource).toEqual([arnOf(queueId())]);
        expect(st.Action).not.toContain('sqs:SendMessage');
      } else expect(['logs', 'xray'], JSON.stringify(st)).toContain(service);
    }
    const actions = allowed('sms-events').flatMap((st) => st.Action);
    expect(actions).toContain('sqs:ReceiveMessage');
    expect(actions).toContain('dynamodb:UpdateItem');
    const env = s.resources[s.logicalId(fn('sms-events').function)]!.Properties!.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(env).sort()).toEqual(['DOSSIERS_TABLE', 'POWERTOOLS_SERVICE_NAME', 'PROVINCE_DATASET']);
  });
});
