import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.ts';
import { createQueues } from '../../infra/local/resources.ts';
import { names, type Topology } from '../../infra/topology.ts';
import { eventually, fixtureTopology, freePorts, jsonLines, tempDir } from './support.ts';

const ports = await freePorts();

let cloud: LocalCloud;
let sqs: SQSClient;
let dataDir: string;
let t: Topology;
const logs: string[] = [];

beforeAll(async () => {
  dataDir = await tempDir('sqs');
  t = fixtureTopology('sqstest', {
    queues: {
      // Short visibility timeout and two receives before the DLQ keep the test quick.
      'router-failures': { fifo: false, visibilityTimeoutSeconds: 1, retentionDays: 1, maxReceiveCount: 2, alarms: { oldestMessageAgeSeconds: 60, dlqDepth: 1 } },
    },
    functions: {
      consumer: { entry: 'test/fixtures/sqs-consumer.ts', trigger: { type: 'sqs', queue: 'router-failures', batchSize: 10, maxBatchingWindowSeconds: 0 } },
    },
  });
  cloud = await startLocalCloud({ dataDir, ports, topology: t, log: (l) => logs.push(l) });
  sqs = new SQSClient({ endpoint: cloud.endpoints.sqs, region: cloud.env.AWS_REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
});
afterAll(async () => {
  sqs?.destroy();
  await cloud?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const url = async (name: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
const counts = async (queueUrl: string) => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(Attributes?.ApproximateNumberOfMessages), inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible) };
};

describe('SQS event source mapping', () => {
  it('deletes the messages a batch handled, redelivers the reported failures, and the queue moves them to the DLQ after maxReceiveCount', async () => {
    const log = path.join(dataDir, 'consumer.jsonl');
    const queue = await url(names.queue(t.prefix, 'router-failures'));
    const dlq = await url(names.dlq(t.prefix, 'router-failures'));
    const ids = ['ok-1', 'bad-1', 'ok-2', 'bad-2', 'ok-3'];

    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue,
        Entries: ids.map((id, i) => ({
          Id: String(i),
          MessageBody: JSON.stringify({ id, fail: id.startsWith('bad'), log }),
          MessageAttributes: { kind: { DataType: 'String', StringValue: 'fixture' } },
        })),
      }),
    );

    await eventually(async () => ((await counts(dlq)).visible === 2 ? true : undefined), 20_000, 200);
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    expect(dead.Messages?.map((m) => JSON.parse(m.Body!).id).sort()).toEqual(['bad-1', 'bad-2']);
    expect(await counts(queue)).toEqual({ visible: 0, inFlight: 0 });
    const deliveries = await jsonLines(log);
    const times = (id: string) => deliveries.filter((d) => d.id === id).length;
    expect(ids.map(times)).toEqual([1, 2, 1, 2, 1]);
    // The second delivery of a failed message says so.
    const retried = deliveries.filter((d) => d.id === 'bad-1').map((d) => d.record.attributes.ApproximateReceiveCount);
    expect(retried).toEqual(['1', '2']);
  });

  it('builds the Lambda SQS event record', async () => {
    const [{ record, batchSize }] = await jsonLines(path.join(dataDir, 'consumer.jsonl'));
    expect(batchSize).toBeGreaterThanOrEqual(1);
    expect(record).toMatchObject({
      messageId: expect.any(String),
      receiptHandle: expect.any(String),
      body: expect.stringContaining('"id"'),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: expect.stringMatching(/^\d+$/), ApproximateFirstReceiveTimestamp: expect.any(String) },
      messageAttributes: { kind: { stringValue: 'fixture', stringListValues: [], binaryListValues: [], dataType: 'String' } },
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-southeast-1:123456789012:sqstest-router-failures',
      awsRegion: 'ap-southeast-1',
    });
  });

  it('createQueues recreates a deleted queue with the same attributes', async () => {
    const name = names.queue(t.prefix, 'router-failures');
    const attributes = async () =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: await url(name), AttributeNames: ['VisibilityTimeout', 'MessageRetentionPeriod', 'RedrivePolicy'] }))).Attributes;
    const before = await attributes();
    await sqs.send(new DeleteQueueCommand({ QueueUrl: await url(name) }));
    await expect(url(name)).rejects.toThrow();

    const urls = await createQueues(sqs, t);

    expect(urls[name]).toBe(await url(name));
    expect(await attributes()).toEqual(before);
    expect(JSON.parse(before!.RedrivePolicy!)).toMatchObject({ maxReceiveCount: 2 });
  });
});
