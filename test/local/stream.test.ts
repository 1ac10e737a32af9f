import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.ts';
import { names, type Topology } from '../../infra/topology.ts';
import { eventually, fixtureTopology, freePorts, jsonLines, tempDir } from './support.ts';

const ports = await freePorts();
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };

let cloud: LocalCloud;
let dataDir: string;
let log: string;
let t: Topology;
const logs: string[] = [];

const start = () => startLocalCloud({ dataDir, ports, topology: t, log: (l) => logs.push(l) });

beforeAll(async () => {
  dataDir = await tempDir('stream');
  log = path.join(dataDir, 'relay.jsonl');
  t = fixtureTopology('streamtest', {
    functions: {
      relay: {
        entry: 'test/fixtures/stream-relay.ts',
        trigger: { type: 'dynamodb-stream', table: 'dossiers', batchSize: 10, retryAttempts: 3, bisectBatchOnError: true, onFailure: 'router-failures' },
      },
    },
  });
  cloud = await start();
});
afterAll(async () => {
  await cloud?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function put(pk: string, extra: Record<string, number> = {}) {
  const db = new DynamoDBClient({ endpoint: cloud.endpoints.dynamodb, region: 'ap-southeast-1', credentials });
  await db.send(
    new PutItemCommand({
      TableName: names.table(t.prefix, 'dossiers'),
      Item: { pk: { S: pk }, sk: { S: 'item' }, log: { S: log }, ...Object.fromEntries(Object.entries(extra).map(([k, n]) => [k, { N: String(n) }])) },
    }),
  );
  db.destroy();
}
const delivered = async () => (await jsonLines(log)).map((l) => l.id as string);
const until = (ids: string[]) => eventually(async () => ((await delivered()).filter((id) => ids.includes(id)).length >= ids.length ? true : undefined), 20_000);

describe('DynamoDB stream event source mapping', () => {
  it('delivers INSERT records in order, retrying a failing record until it succeeds', async () => {
    const ids = ['a-1', 'a-2', 'a-3', 'a-4', 'a-5', 'a-6'];
    for (const id of ids) await put(id, id === 'a-3' ? { failTimes: 2 } : {});

    await until(ids);

    expect(await delivered()).toEqual(ids);
    const [first] = await jsonLines(log);
    expect(first.record).toMatchObject({
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ap-southeast-1',
      eventSourceARN: expect.stringContaining('table/streamtest-dossiers/stream/'),
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: { pk: { S: 'a-1' }, sk: { S: 'item' } },
        NewImage: { pk: { S: 'a-1' }, log: { S: log } },
        SequenceNumber: expect.any(String),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_IMAGE',
      },
    });
    const attempts = (await import('node:fs/promises')).readFile(`${log}.attempts`, 'utf8');
    expect((await attempts).split('\n').filter((l) => l === 'a-3')).toHaveLength(3);
  });

  it('retries a batch whose invocation threw', async () => {
    await put('b-1', { throwTimes: 1 });

    await until(['b-1']);

    expect((await delivered()).filter((id) => id === 'b-1')).toHaveLength(1);
  });

  it('sends a record that still fails after retryAttempts to the on-failure queue and goes on', async () => {
    await put('poison', { failTimes: 99 });
    await put('c-1');

    await until(['c-1']);

    expect(await delivered()).not.toContain('poison');
    const sqs = new SQSClient({ endpoint: cloud.endpoints.sqs, region: 'ap-southeast-1', credentials });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: names.queue(t.prefix, 'router-failures') }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    sqs.destroy();
    expect(Messages).toHaveLength(1);
    const failure = JSON.parse(Messages![0]!.Body!);
    expect(failure).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4, functionArn: expect.stringContaining(':function:relay') },
      version: '1.0',
      DDBStreamBatchInfo: { batchSize: 1, shardId: expect.any(String), streamArn: expect.stringContaining('streamtest-dossiers') },
    });
    expect(failure.DDBStreamBatchInfo.startSequenceNumber).toBe(failure.DDBStreamBatchInfo.endSequenceNumber);
  });

  it('does not replay handled records after a restart', async () => {
    const before = await delivered();
    await cloud.stop();
    cloud = await start();

    await put('d-1');
    await until(['d-1']);
    // Give a replay, had there been one, time to show.
    await new Promise((r) => setTimeout(r, 1500));

    expect(await delivered()).toEqual([...before, 'd-1']);
  });
});
