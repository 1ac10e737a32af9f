/**
 * Creates the topology's tables, buckets and queues in the local stand-ins, the way the CDK app
 * declares them in AWS. Idempotent: what exists is left alone, so a restart keeps the data.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, QueueDoesNotExist, type SQSClient } from '@aws-sdk/client-sqs';
import { names, projectionOf, type BucketId, type QueueId, type QueueSpec, type TableId, type TableSpec, type Topology } from '../topology.ts';

/** SQS caps retention at 14 days. */
const maxRetentionSeconds = 14 * 24 * 3600;


/** Every queue of the topology by physical name, each with the DLQ it redrives to. */
export function queuePlan(t: Topology): { name: string; dlq: string; spec: QueueSpec }[] {
  return [
    ...(Object.keys(t.queues) as QueueId[]).map((id) => ({ name: names.queue(t.prefix, id), dlq: names.dlq(t.prefix, id), spec: t.queues[id] })),
    ...t.agencies.map((a) => ({ name: names.agencyQueue(t.prefix, a), dlq: names.agencyDlq(t.prefix, a), spec: t.agencyQueue })),
  ];
}

const keys = (pk: string, sk?: string): KeySchemaElement[] => [
  { AttributeName: pk, KeyType: 'HASH' },
  ...(sk ? [{ AttributeName: sk, KeyType: 'RANGE' as const }] : []),
];
/** The topology does not type key attributes: every key is a string (S), as in the CDK app. */
const definitions = (attributes: (string | undefined)[]): AttributeDefinition[] =>
  [...new Set(attributes)].filter((a): a is string => !!a).map((a) => ({ AttributeName: a, AttributeType: 'S' }));

/**
 * Creates each table that does not exist yet (on-demand, stream, TTL, GSIs), and adds to an
 * existing table the GSIs of the topology it lacks (a data folder made by an older version).
 */
export async function createTables(ddb: DynamoDBClient, t: Topology, log: (line: string) => void = () => {}): Promise<void> {
  for (const id of Object.keys(t.tables) as TableId[]) {
    const name = names.table(t.prefix, id);
    const spec: TableSpec = t.tables[id];
    const existing = await describeTable(ddb, name);
    if (existing) {
      await addMissingIndexes(ddb, name, spec, existing, log);
      continue;
    }
    await ddb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: definitions([spec.partitionKey, spec.sortKey, ...(spec.indexes ?? []).flatMap((i) => [i.partitionKey, i.sortKey])]),
        KeySchema: keys(spec.partitionKey, spec.sortKey),
        ...(spec.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream } } : {}),
        ...(spec.indexes?.length
          ? {
              GlobalSecondaryIndexes: spec.indexes.map((i) => ({
                IndexName: i.name,
                KeySchema: keys(i.partitionKey, i.sortKey),
                Projection: projectionOf(i),
              })),
            }
          : {}),
      }),
    );
    if (spec.ttlAttribute) {
      // DynamoDB Local accepts UpdateTimeToLive and reports it; whether it ever deletes expired
      // items is not something to rely on (AWS itself takes up to days). Ignore a refusal.
      try {
        await ddb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: spec.ttlAttribute } }));
      } catch (err) {
        log(`dynamodb: TTL on ${name} not set (${(err as Error).name})`);
      }
    }
    log(`dynamodb: created table ${name}`);
  }
}

/**
 * Creates the topology's GSIs an existing table lacks, one at a time (DynamoDB accepts one index
 * creation per UpdateTable), each waited for until ACTIVE: DynamoDB backfills it from the items
 * already there. An index the topology no longer names is left alone (deleting data is a choice,
 * not an upgrade); a different key schema under the same name is reported, not changed.
 */
export async function addMissingIndexes(
  ddb: DynamoDBClient,
  name: string,
  spec: TableSpec,
  table: TableDescription,
  log: (line: string) => void = () => {},
  timeoutMs = 120_000,
): Promise<void> {
  const present = new Map((table.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g]));
  for (const index of spec.indexes ?? []) {
    const found = present.get(index.name);
    const schema = keys(index.partitionKey, index.sortKey);
    if (found) {
      if (JSON.stringify(found.KeySchema) !== JSON.stringify(schema)) {
        log(`dynamodb: index ${index.name} of ${name} has keys ${JSON.stringify(found.KeySchema)}, the topology says ${JSON.stringify(schema)}: delete the data folder to rebuild it`);
      }
      continue;
    }
    await ddb.send(
      new UpdateTableCommand({
        TableName: name,
        // Only the new index's key attributes; those already defined may be repeated as long as the type is the same.
        AttributeDefinitions: definitions([index.partitionKey, index.sortKey]),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.name, KeySchema: schema, Projection: projectionOf(index) } }],
      }),
    );
    await waitForIndex(ddb, name, index.name, timeoutMs);
    log(`dynamodb: added index ${index.name} to ${name}`);
  }
}

async function waitForIndex(ddb: DynamoDBClient, table: string, index: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = await describeTable(ddb, table);
    const status = t?.GlobalSecondaryIndexes?.find((g) => g.IndexName === index)?.IndexStatus;
    if (status === 'ACTIVE' && t?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`index ${index} of ${table} not ACTIVE after ${timeoutMs} ms (${status ?? 'missing'})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function describeTable(ddb: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await ddb.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

/**
 * The buckets' CORS rule, as infra/constructs/documents.ts gives the document bucket in AWS: the
 * pages upload through presigned POSTs with progress (an XMLHttpRequest with upload listeners is
 * preflighted) and read presigned GETs. Locally any origin: the pages and the API share one
 * origin whose port changes per run, and the signed policy still pins key, type, size and checksum.
 */
export const localBucketCors = { AllowedMethods: ['POST', 'GET'], AllowedOrigins: ['*'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag', 'x-amz-version-id'], MaxAgeSeconds: 3600 };

/** Creates each bucket that does not exist yet, each with the pages' CORS rule. */
export async function createBuckets(s3: S3Client, t: Topology, log: (line: string) => void = () => {}): Promise<void> {
  for (const id of Object.keys(t.buckets) as BucketId[]) {
    const Bucket = names.bucket(t.prefix, id);
    try {
      await s3.send(new HeadBucketCommand({ Bucket }));
    } catch {
      await s3.send(new CreateBucketCommand({ Bucket }));
      log(`s3: created bucket ${Bucket}`);
    }
    await s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: [localBucketCors] } }));
  }
}

/**
 * Creates every queue of the topology that does not exist (fixed queues and one FIFO queue per
 * agency), each with its dead-letter queue and a RedrivePolicy. Returns queue URLs by name, DLQs
 * included. A test that deleted a queue calls it again to get the same queue back.
 */
export async function createQueues(sqs: SQSClient, t: Topology): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  for (const q of queuePlan(t)) {
    const fifo: Record<string, string> = q.spec.fifo ? { FifoQueue: 'true' } : {};
    const dlqUrl = await ensureQueue(sqs, q.dlq, { ...fifo, MessageRetentionPeriod: String(maxRetentionSeconds) });
    urls[q.dlq] = dlqUrl;
    const arn = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
    urls[q.name] = await ensureQueue(sqs, q.name, {
      ...fifo,
      VisibilityTimeout: String(q.spec.visibilityTimeoutSeconds),
      MessageRetentionPeriod: String(Math.min(q.spec.retentionDays * 24 * 3600, maxRetentionSeconds)),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn.Attributes?.QueueArn, maxReceiveCount: q.spec.maxReceiveCount }),
    });
  }
  return urls;
}

async function ensureQueue(sqs: SQSClient, QueueName: string, Attributes: Record<string, string>): Promise<string> {
  try {
    const found = await sqs.send(new GetQueueUrlCommand({ QueueName }));
    if (found.QueueUrl) return found.QueueUrl;
  } catch (err) {
    if (!(err instanceof QueueDoesNotExist) && (err as Error).name !== 'AWS.SimpleQueueService.NonExistentQueue') throw err;
  }
  const created = await sqs.send(new CreateQueueCommand({ QueueName, Attributes }));
  if (!created.QueueUrl) throw new Error(`CreateQueue ${QueueName} returned no URL`);
  return created.QueueUrl;
}
