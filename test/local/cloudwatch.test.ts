/**
 * The CloudWatch stand-in (infra/local/cloudwatch.ts) over the SQS stand-in, through the real
 * SDK clients and the dashboard's reader (shared/aws/queue-age.ts): ApproximateAgeOfOldestMessage
 * follows sends, receives, deletes, poison pills and redrives as AWS describes the metric, and
 * the local clock. Simulated time from 01/12/2026 10:00 (Vietnam), moved by each test.
 */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateQueueCommand, DeleteMessageCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalClock } from '../../infra/local/clock.ts';
import { startCloudWatch, type LocalCloudWatch } from '../../infra/local/cloudwatch.ts';
import { startSqs, type LocalSqs } from '../../infra/local/sqs.ts';
import { metricQueriesPerCall, QueueAgeReader } from '../../shared/aws/queue-age.ts';
import { eventually, freePorts } from './support.ts';

const clock = createLocalClock({ at: '2026-12-01T10:00:00+07:00' });
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
let sqsStandIn: LocalSqs;
let cloudWatchStandIn: LocalCloudWatch;
let sqs: SQSClient;
let cloudWatch: CloudWatchClient;
let reader: QueueAgeReader;

beforeAll(async () => {
  sqsStandIn = await startSqs({ port: (await freePorts()).sqs, clock });
  cloudWatchStandIn = await startCloudWatch({ ages: sqsStandIn.ages, clock });
  sqs = new SQSClient({ endpoint: sqsStandIn.endpoint, region: 'ap-southeast-1', credentials });
  cloudWatch = new CloudWatchClient({ endpoint: cloudWatchStandIn.endpoint, region: 'ap-southeast-1', credentials });
  reader = new QueueAgeReader(cloudWatch);
});
afterAll(async () => {
  sqs?.destroy();
  cloudWatch?.destroy();
  await cloudWatchStandIn?.stop();
  await sqsStandIn?.stop();
});

const later = (seconds: number) => clock.set({ at: new Date(clock.now() + seconds * 1000) });
const ageOf = async (name: string) => (await reader.ages([name], new Date(clock.now()))).get(name);
/** The queue's age is at least `atLeast` seconds and under `below`. */
const expectAge = async (name: string, atLeast: number, below: number) => {
  const age = await ageOf(name);
  expect(age).toBeGreaterThanOrEqual(atLeast);
  expect(age).toBeLessThan(below);
};
const queue = async (name: string, attributes: Record<string, string> = {}) => (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
const send = (url: string, body = 'x', fifo = false) =>
  sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, ...(fifo ? { MessageGroupId: 'g', MessageDeduplicationId: `${body}-${clock.now()}` } : {}) }));
const receive = async (url: string, visibility = 30) => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: visibility, WaitTimeSeconds: 0 }))).Messages ?? [];

describe('ApproximateAgeOfOldestMessage on the local cloud', () => {
  it('has no datapoint for an empty queue or an unknown one: unknown, not 0', async () => {
    await queue('age-empty');
    expect(await ageOf('age-empty')).toBeNull();
    expect(await ageOf('age-no-such-queue')).toBeNull();
  });

  it('counts from the send by the local clock, in-flight messages included, and has no age once the message is deleted', async () => {
    const url = await queue('age-standard');
    await send(url, 'first');
    await later(2 * 3600);
    await expectAge('age-standard', 2 * 3600, 2 * 3600 + 30);
    await send(url, 'second');
    const [first] = (await receive(url)).filter((m) => m.Body === 'first');
    // Received, not deleted: still the oldest.
    expect(await ageOf('age-standard')).toBeGreaterThanOrEqual(2 * 3600);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first!.ReceiptHandle! }));
    await later(60);
    await expectAge('age-standard', 60, 2 * 3600);
  });

  it('counts the oldest message of a FIFO queue however often it was received', async () => {
    const url = await queue('age-order.fifo', { FifoQueue: 'true' });
    await send(url, 'a', true);
    // Visible again a second after each receive.
    for (let i = 0; i < 3; i++) await eventually(async () => ((await receive(url, 1)).length === 1 ? true : undefined), 5_000, 200);
    await later(600);
    expect(await ageOf('age-order.fifo')).toBeGreaterThanOrEqual(600);
  });

  it('leaves out a standard queue’s message received 3 times and not deleted (a poison pill), as AWS does, and counts the next one', async () => {
    const url = await queue('age-poison');
    await send(url, 'pill');
    await later(3600);
    for (let i = 0; i < 3; i++) await eventually(async () => ((await receive(url, 1)).length === 1 ? true : undefined), 5_000, 200);
    expect(await ageOf('age-poison')).toBeNull();
    await send(url, 'next');
    await later(60);
    await expectAge('age-poison', 60, 3600);
  });

  it('counts a message moved to the DLQ by the redrive policy from the move, not the send, and the source forgets it', async () => {
    const dlq = await queue('age-redrive-dlq');
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const url = await queue('age-redrive', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) });
    await send(url, 'failing');
    await later(3600);
    expect(await receive(url, 1)).toHaveLength(1);
    // The emulator moves it when its visibility timeout ends (1 s, real time).
    await eventually(async () => ((await ageOf('age-redrive')) === null ? true : undefined), 10_000);
    await later(120);
    await expectAge('age-redrive-dlq', 120, 3600);
  });

  it('starts with no age when a queue is deleted and created again under its name (as the tests’ createQueues does)', async () => {
    const url = await queue('age-recreated');
    await send(url);
    expect(await ageOf('age-recreated')).not.toBeNull();
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await queue('age-recreated');
    expect(await ageOf('age-recreated')).toBeNull();
  });

  it(`asks for ${metricQueriesPerCall + 1} queues in two calls, the most one call takes, and finds the one that holds a message`, async () => {
    const url = await queue('age-many');
    await send(url);
    await later(300);
    const names = ['age-many', ...Array.from({ length: metricQueriesPerCall }, (_, i) => `age-none-${i}`)];
    const before = cloudWatchStandIn.calls().length;
    const ages = await reader.ages(names, new Date(clock.now()));
    expect(cloudWatchStandIn.calls().slice(before).map((c) => c.metrics.length)).toEqual([metricQueriesPerCall, 1]);
    expect(ages.get('age-many')).toBeGreaterThanOrEqual(300);
    expect([...ages.values()].filter((a) => a !== null)).toHaveLength(1);
  });

  it('refuses what CloudWatch refuses: more than 500 queries, a bad or repeated id, a period that is not a multiple of 60', async () => {
    const query = (id: string, period = 60) => ({ Id: id, MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Dimensions: [{ Name: 'QueueName', Value: 'q' }] }, Period: period, Stat: 'Maximum' } });
    const call = (queries: ReturnType<typeof query>[]) => cloudWatch.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(clock.now() - 900_000), EndTime: new Date(clock.now()) }));
    const refusals = [Array.from({ length: 501 }, (_, i) => query(`q${i}`)), [query('Q1')], [query('a'), query('a')], [query('a', 90)]];
    for (const queries of refusals) await expect(call(queries)).rejects.toMatchObject({ name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } });
    // Another metric: an empty result, as for a metric without data.
    const other = await cloudWatch.send(new GetMetricDataCommand({ MetricDataQueries: [{ Id: 'cpu', MetricStat: { Metric: { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization' }, Period: 60, Stat: 'Average' } }], StartTime: new Date(clock.now() - 900_000), EndTime: new Date(clock.now()) }));
    expect(other.MetricDataResults).toEqual([expect.objectContaining({ Id: 'cpu', Values: [], StatusCode: 'Complete' })]);
  });
});
