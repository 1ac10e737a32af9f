/**
 * The postal leg's dispatch in the template (issue 10, "CDK: the dispatch queue, its DLQ and
 * alarms, the courier function's least privilege"): the courier-dispatch FIFO queue and its DLQ,
 * the alarms a person acts on, the courier function's trigger, role and environment, the router's
 * right to send, and the courier API's routes behind the JWT authorizer.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { names } from '../../infra/topology.ts';
import { arnOf, roleStatements, synthesize, type Statement, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s?.cleanup());

const pair = () => s.stack.messaging.all.find((p) => p.id === 'courier-dispatch')!;
const queueId = () => s.logicalId(pair().queue);
const dlqId = () => s.logicalId(pair().dlq);
const fn = (id: 'courier' | 'router' | 'courier-api') => s.stack.functions.get(id)!;
const statementsOf = (id: 'courier' | 'router' | 'courier-api') => roleStatements(s, s.logicalId(fn(id).role)).filter((st) => st.Effect === 'Allow');
const onResource = (statements: Statement[], resource: unknown) => statements.filter((st) => st.Resource.some((r) => JSON.stringify(r) === JSON.stringify(resource)));

describe('the courier-dispatch queue', () => {
  it('is FIFO with a FIFO DLQ, redriven after the topology\'s maxReceiveCount, both SQS-encrypted', () => {
    const spec = s.stack.topology.queues['courier-dispatch'];
    const queue = s.resources[queueId()]!.Properties!;
    const dlq = s.resources[dlqId()]!.Properties!;
    expect(queue).toMatchObject({
      QueueName: names.queue(s.stack.topology.prefix, 'courier-dispatch'),
      FifoQueue: true,
      SqsManagedSseEnabled: true,
      VisibilityTimeout: spec.visibilityTimeoutSeconds,
      RedrivePolicy: { deadLetterTargetArn: arnOf(dlqId()), maxReceiveCount: spec.maxReceiveCount },
    });
    expect(spec.maxReceiveCount).toBe(8);
    expect(dlq).toMatchObject({ QueueName: names.dlq(s.stack.topology.prefix, 'courier-dispatch'), FifoQueue: true, SqsManagedSseEnabled: true });
    expect(dlq.QueueName).toMatch(/-courier-dispatch-dlq\.fifo$/);
  });

  it('refuses requests without TLS, the queue and its DLQ alike', () => {
    for (const id of [queueId(), dlqId()]) {
      s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
  });

  it("keeps a message invisible at least as long as the courier function may run (Lambda refuses the mapping otherwise)", () => {
    const queue = s.resources[queueId()]!.Properties!;
    const lambda = s.resources[s.logicalId(fn('courier').function)]!.Properties!;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(lambda.Timeout);
  });

  it('alarms the alarm topic when a message has waited 15 minutes and at the first dead letter', () => {
    const topic = { Ref: s.logicalId(s.stack.observability.topic) };
    const { prefix } = s.stack.topology;
    const alarms = s.ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    const on = (metric: string, id: string) => alarms.filter((a) => a.MetricName === metric && JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }]));
    const age = on('ApproximateAgeOfOldestMessage', queueId());
    const dead = on('ApproximateNumberOfMessagesVisible', dlqId());
    expect(age).toHaveLength(1);
    expect(dead).toHaveLength(1);
    expect(age[0]).toMatchObject({ AlarmName: `${prefix}-courier-dispatch-oldest-message-age`, Namespace: 'AWS/SQS', Threshold: 900, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topic] });
    expect(dead[0]).toMatchObject({ AlarmName: `${prefix}-courier-dispatch-dlq-depth`, Namespace: 'AWS/SQS', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topic] });
    // The queue is consumed: a depth alarm on it would ring at every busy hour.
    expect(on('ApproximateNumberOfMessagesVisible', queueId())).toEqual([]);
  });
});

describe('the courier function', () => {
  it('is fed by the courier-dispatch queue, reporting partial batch failures, in batches of the topology', () => {
    const trigger = s.stack.topology.functions.courier.trigger;
    if (trigger?.type !== 'sqs') throw new Error('courier is a queue consumer');
    const mappings = s.ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties!.FunctionName) === JSON.stringify({ Ref: s.logicalId(fn('courier').function) }));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]![1].Properties).toMatchObject({ EventSourceArn: arnOf(queueId()), BatchSize: trigger.batchSize, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    // A FIFO source takes no batching window.
    expect(mappings[0]![1].Properties!.MaximumBatchingWindowInSeconds).toBeUndefined();
  });

  it('outlasts a batch whose every call the partner leaves unanswered: batch size × the partner timeout fits in the function timeout', () => {
    const { functions, partners } = s.stack.topology;
    const trigger = functions.courier.trigger;
    if (trigger?.type !== 'sqs') throw new Error('courier is a queue consumer');
    const lambda = s.resources[s.logicalId(fn('courier').function)]!.Properties!;
    // The FIFO processor calls the partner one record after another; past the timeout Lambda
    // kills the batch, and the records not yet tried lose a receive for nothing. A margin of 3 s
    // for the cold start (secret, TLS).
    expect(trigger.batchSize * partners.courier.timeout.ms + 3000).toBeLessThanOrEqual(lambda.Timeout * 1000);
    expect(lambda.Environment.Variables.COURIER_PARTNER_TIMEOUT_MS).toBe(String(partners.courier.timeout.ms));
  });

  it('may read the courier-partner secret and consume the courier-dispatch queue, and nothing else (no table, no bucket, no other queue or secret)', () => {
    const statements = statementsOf('courier');
    const secret = { Ref: s.logicalId(s.stack.data.secrets['courier-partner']) };
    const queue = arnOf(queueId());
    const logGroup = arnOf(s.logicalId(fn('courier').logGroup));
    for (const st of statements) {
      const services = new Set(st.Action.map((a) => a.split(':')[0]));
      expect(services.size, JSON.stringify(st)).toBe(1);
      const [service] = [...services];
      if (service === 'secretsmanager') expect(st.Resource, JSON.stringify(st)).toEqual([secret]);
      else if (service === 'sqs') expect(st.Resource, JSON.stringify(st)).toEqual([queue]);
      else if (service === 'logs') expect(st.Resource, JSON.stringify(st)).toEqual([logGroup]);
      // Active tracing: X-Ray's actions have no resource-level permissions.
      else if (service === 'xray') expect(st.Resource).toEqual(['*']);
      else throw new Error(`courier may not use ${service}: ${JSON.stringify(st)}`);
    }
    const actions = (service: string) => statements.flatMap((st) => st.Action).filter((a) => a.startsWith(`${service}:`));
    expect(actions('secretsmanager')).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue']));
    expect(actions('secretsmanager')).not.toContain('secretsmanager:PutSecretValue');
    expect(actions('sqs')).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']));
    expect(actions('sqs')).not.toContain('sqs:SendMessage');
    expect(onResource(statements, arnOf(dlqId()))).toEqual([]);
    expect(onResource(statements, { Ref: s.logicalId(s.stack.data.secrets.app) })).toEqual([]);
  });

  it('finds the partner at the courierPartnerUrl of the deployment (an .invalid URL until it is given) and its key by secret ARN', () => {
    const env = s.resources[s.logicalId(fn('courier').function)]!.Properties!.Environment.Variables as Record<string, unknown>;
    expect(env.COURIER_PARTNER_URL).toBe('https://courier-partner.invalid');
    expect(env.COURIER_PARTNER_SECRET_ID).toEqual({ Ref: s.logicalId(s.stack.data.secrets['courier-partner']) });
    // What the message carries is all it needs: no table, no bucket, no queue to send to.
    expect(Object.keys(env).filter((k) => /TABLE|BUCKET|QUEUE/.test(k))).toEqual([]);

    // Every partner's address is given per deployment the same way (CDK context).
    const given = synthesize({ context: { courierPartnerUrl: 'https://giao-nhan.example.vn', smsGatewayUrl: 'https://sms.example.vn', paymentPageUrl: 'https://pay.example.vn/vpcpay.html', paymentApiUrl: 'https://pay.example.vn/api' } });
    try {
      const envOf = (id: string) => given.resources[given.logicalId(given.stack.functions.get(id as never)!.function)]!.Properties!.Environment.Variables;
      expect(envOf('courier').COURIER_PARTNER_URL).toBe('https://giao-nhan.example.vn');
      expect(envOf('sms').SMS_GATEWAY_URL).toBe('https://sms.example.vn');
      expect([envOf('public-api').PAYMENT_GATEWAY_PAY_URL, envOf('public-api').PAYMENT_GATEWAY_API_URL]).toEqual(['https://pay.example.vn/vpcpay.html', 'https://pay.example.vn/api']);
    } finally {
      given.cleanup();
    }
  });
});

describe('the router and the courier API', () => {
  it('lets the router send to the courier-dispatch queue, and neither receive from it nor touch its DLQ', () => {
    const statements = statementsOf('router');
    const onQueue = onResource(statements, arnOf(queueId())).flatMap((st) => st.Action);
    expect(onQueue).toContain('sqs:SendMessage');
    for (const consume of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']) expect(onQueue).not.toContain(consume);
    expect(onResource(statements, arnOf(dlqId()))).toEqual([]);
    const env = s.resources[s.logicalId(fn('router').function)]!.Properties!.Environment.Variables as Record<string, unknown>;
    expect(env.COURIER_DISPATCH_QUEUE).toBe(names.queue(s.stack.topology.prefix, 'courier-dispatch'));
  });

  it('serves every /v1/courier route from the courier-api function, behind the JWT authorizer', () => {
    const authorizer = s.logicalId(s.stack.api.node.findAll().find((c) => c.node.path.endsWith('/http-api/cognito'))!);
    const courierApi = arnOf(s.logicalId(fn('courier-api').function));
    const routes = s.ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!).filter((r) => / \/v1\/courier\//.test(r.RouteKey));
    const expected = s.stack.topology.routes.filter((r) => r.audience === 'courier').map((r) => `${r.method} ${r.path}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(expected.sort());
    for (const route of routes) {
      expect(route.AuthorizationType, route.RouteKey).toBe('JWT');
      expect(route.AuthorizerId, route.RouteKey).toEqual({ Ref: authorizer });
      const integration = s.resources[route.Target['Fn::Join'][1][1].Ref]!.Properties!;
      expect(integration.IntegrationUri, route.RouteKey).toEqual(courierApi);
    }
  });
});
