/**
 * Lambda event source mappings stand-in: pollers with the semantics of the managed ones.
 *
 * - DynamoDB stream -> function: batches per shard in order, a parent shard drained before its
 *   children, ReportBatchItemFailures, retries with bisection, an on-failure record after the
 *   last retry, checkpoints kept under `<dataDir>/event-sources/` so a restart does not replay.
 * - SQS -> function: batches, partial batch failure (only the reported messages stay), redrive
 *   to the DLQ left to the queue's RedrivePolicy after maxReceiveCount, as in AWS.
 *
 * S3 triggers are not event source mappings (S3 invokes the function asynchronously): see
 * s3-notifications.ts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type AttributeValue,
  type DynamoDBStreamsClient,
  type Shard,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { names, type FunctionSpec, type Topology, type Trigger } from '../topology.ts';
import { matchesFilters } from '../../shared/domain/stream-filters.ts';
import { accountId, region, sleep, writeFileAtomic } from './config.ts';
import type { LocalClock } from './clock.ts';
import type { FunctionHost } from './lambda.ts';

export interface EventSourceOptions {
  topology: Topology;
  functions: Pick<FunctionHost, 'invoke'>;
  clients: { dynamodb: DynamoDBClient; streams: DynamoDBStreamsClient; sqs: SQSClient };
  dataDir: string;
  log: (line: string) => void;
  /** Sleep between empty polls (default 200 ms). */
  pollIntervalMs?: number;
  /** The cloud's clock (infra/local/clock.ts): the time the event says (default: the real time). */
  clock?: Pick<LocalClock, 'now'>;
}

export interface EventSources {
  /** Stops polling. In-flight invocations are abandoned (nothing is checkpointed or deleted). */
  stop(): Promise<void>;
}

type StreamTrigger = Extract<Trigger, { type: 'dynamodb-stream' }>;
type SqsTrigger = Extract<Trigger, { type: 'sqs' }>;

/** Starts one poller per function trigger of the topology. */
export function startEventSources(opts: EventSourceOptions): EventSources {
  const abort = new AbortController();
  const loops: Promise<void>[] = [];
  for (const [id, spec] of Object.entries(opts.topology.functions) as [string, FunctionSpec][]) {
    const trigger = spec.trigger;
    if (trigger?.type === 'dynamodb-stream') loops.push(new StreamMapping(id, trigger, opts, abort.signal).run());
    else if (trigger?.type === 'sqs') loops.push(new QueueMapping(id, trigger, opts, abort.signal).run());
  }
  return {
    async stop() {
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
}

const functionArn = (id: string) => `arn:aws:lambda:${region}:${accountId}:function:${id}`;
/** Lambda retries a failing batch after a pause; short here so a recovered downstream is seen soon. */
const backoffMs = (failures: number) => Math.min(200 * 2 ** Math.max(0, failures - 1), 2000);

// ---------------------------------------------------------------------------------------------
// DynamoDB stream -> function

interface Checkpoints {
  streamArn: string;
  /** Per shard: the last sequence number handled, and whether the (closed) shard is drained. */
  shards: Record<string, { sequenceNumber?: string; done?: boolean }>;
}

class StreamMapping {
  private readonly table: string;
  private readonly file: string;
  private checkpoints: Checkpoints = { streamArn: '', shards: {} };
  private saving: Promise<void> = Promise.resolve();
  private readonly readers = new Map<string, Promise<void>>();
  private readonly poll: number;

  constructor(
    private readonly functionId: string,
    private readonly trigger: StreamTrigger,
    private readonly opts: EventSourceOptions,
    private readonly signal: AbortSignal,
  ) {
    this.table = names.table(opts.topology.prefix, trigger.table);
    this.file = path.join(opts.dataDir, 'event-sources', `${functionId}--${this.table}.json`);
    this.poll = opts.pollIntervalMs ?? 200;
  }

  async run(): Promise<void> {
    this.checkpoints = await this.load();
    while (!this.signal.aborted) {
      try {
        const table = await this.opts.clients.dynamodb.send(new DescribeTableCommand({ TableName: this.table }));
        const streamArn = table.Table?.LatestStreamArn;
        if (!streamArn) throw new Error(`table ${this.table} has no stream`);
        if (streamArn !== this.checkpoints.streamArn) {
          // A new stream (table recreated, or stream re-enabled): old sequence numbers mean
          // nothing. Readers of the old stream see it is no longer current and stop.
          if (this.checkpoints.streamArn) this.opts.log(`stream ${this.functionId}: new stream on ${this.table}, checkpoints reset`);
          this.checkpoints = { streamArn, shards: {} };
          await this.save();
        }
        const shards = await this.listShards(streamArn);
        const known = new Set(shards.map((s) => s.ShardId));
        for (const shard of shards) {
          const id = shard.ShardId!;
          if (this.readers.has(`${streamArn}/${id}`) || this.checkpoints.shards[id]?.done) continue;
          // A child shard waits until its parent is drained, so records of one item stay in order.
          // A parent no longer listed has been trimmed away: nothing to wait for.
          const parent = shard.ParentShardId;
          if (parent && known.has(parent) && !this.checkpoints.shards[parent]?.done) continue;
          const key = `${streamArn}/${id}`;
          const reader = new ShardReader(this, streamArn, id, this.checkpoints.shards[id]?.sequenceNumber).run();
          this.readers.set(key, reader);
          void reader.finally(() => this.readers.delete(key));
        }
      } catch (err) {
        if (this.signal.aborted) break;
        this.opts.log(`stream ${this.functionId}: ${(err as Error).name}: ${(err as Error).message}`);
      }
      await sleep(1000, this.signal);
    }
    await Promise.allSettled(this.readers.values());
  }

  private async listShards(streamArn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await this.opts.clients.streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      shards.push(...(page.StreamDescription?.Shards ?? []));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  private async load(): Promise<Checkpoints> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Checkpoints;
    } catch {
      return { streamArn: '', shards: {} };
    }
  }

  private save(): Promise<void> {
    // Shard readers checkpoint concurrently: serialise the writes of the one file (a failed
    // write fails its caller, not the writes queued after it).
    const snapshot = JSON.stringify(this.checkpoints, null, 1);
    const write = this.saving.catch(() => undefined).then(() => writeFileAtomic(this.file, snapshot));
    this.saving = write;
    return write;
  }

  isCurrent(streamArn: string): boolean {
    return streamArn === this.checkpoints.streamArn;
  }

  async checkpoint(streamArn: string, shardId: string, update: { sequenceNumber?: string; done?: boolean }): Promise<void> {
    if (!this.isCurrent(streamArn)) return;
    this.checkpoints.shards[shardId] = { ...this.checkpoints.shards[shardId], ...update };
    await this.save();
  }

  // Shared with the shard readers.
  get ctx() {
    return { functionId: this.functionId, trigger: this.trigger, opts: this.opts, signal: this.signal, poll: this.poll };
  }
}

/** Reads one shard in order, one batch in flight at a time. */
class ShardReader {
  private iterator: string | undefined;
  private buffer: StreamRecord[] = [];
  /** Consecutive failed invocations whose batch starts at the current head record. */
  private failures = 0;
  /** Shrinks when a failing batch is bisected; back to batchSize after a success. */
  private batchLimit: number;

  constructor(
    private readonly mapping: StreamMapping,
    private readonly streamArn: string,
    private readonly shardId: string,
    private lastSequence: string | undefined,
  ) {
    this.batchLimit = mapping.ctx.trigger.batchSize;
  }

  async run(): Promise<void> {
    const { signal, opts, functionId } = this.mapping.ctx;
    while (!signal.aborted && this.mapping.isCurrent(this.streamArn)) {
      try {
        if (!this.buffer.length && !(await this.fill())) return; // shard closed and drained
        if (!this.buffer.length) {
          await sleep(this.mapping.ctx.poll, signal);
          continue;
        }
        await this.deliver();
      } catch (err) {
        if (signal.aborted) return;
        opts.log(`stream ${functionId} ${this.shardId}: ${(err as Error).name}: ${(err as Error).message}`);
        await sleep(1000, signal);
      }
    }
  }

  /** Reads the next records into the buffer; false once a closed shard has nothing left. */
  private async fill(): Promise<boolean> {
    const { opts } = this.mapping.ctx;
    if (!this.iterator) {
      const it = await opts.clients.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: this.shardId,
          // First time: from the oldest record kept. After a restart: after the checkpoint.
          ...(this.lastSequence
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: this.lastSequence }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      this.iterator = it.ShardIterator;
      if (!this.iterator) return this.closed();
    }
    try {
      const page = await opts.clients.streams.send(new GetRecordsCommand({ ShardIterator: this.iterator, Limit: 1000 }));
      // Lambda's event filtering: a record no filter matches never reaches the function (and is
      // passed over as handled; a restart reads it again and passes over it again).
      const filters = this.mapping.ctx.trigger.filters;
      this.buffer.push(...(page.Records ?? []).filter((r) => !filters || matchesFilters(lambdaStreamRecord(r, this.streamArn), filters)));
      this.iterator = page.NextShardIterator;
      // No next iterator: the shard is closed; once its buffer is handled it is done.
      if (!this.iterator && !this.buffer.length) return this.closed();
      return true;
    } catch (err) {
      if (err instanceof ExpiredIteratorException) {
        this.iterator = undefined; // iterators live 15 minutes; get a new one from the checkpoint
        return true;
      }
      if (err instanceof TrimmedDataAccessException) {
        this.iterator = undefined;
        this.lastSequence = undefined; // the checkpoint is older than the 24 h retention
        return true;
      }
      throw err;
    }
  }

  private async closed(): Promise<false> {
    await this.mapping.checkpoint(this.streamArn, this.shardId, { done: true });
    return false;
  }

  private async deliver(): Promise<void> {
    const { opts, functionId, trigger, signal } = this.mapping.ctx;
    const batch = this.buffer.slice(0, this.batchLimit);
    const event = { Records: batch.map((r) => lambdaStreamRecord(r, this.streamArn)) };
    let failedFrom: number;
    try {
      const result = await opts.functions.invoke(functionId, event);
      failedFrom = firstReportedFailure(result, batch.map((r) => r.dynamodb?.SequenceNumber));
    } catch (err) {
      if (signal.aborted) return;
      failedFrom = 0;
      // A thrown error fails the whole batch; bisecting isolates a poison record.
      if (trigger.bisectBatchOnError && batch.length > 1) this.batchLimit = Math.ceil(batch.length / 2);
    }
    if (failedFrom >= batch.length) {
      await this.advance(batch.length);
      this.failures = 0;
      this.batchLimit = trigger.batchSize;
      return;
    }
    if (failedFrom > 0) {
      // ReportBatchItemFailures: checkpoint just before the first failed record, retry from it.
      await this.advance(failedFrom);
      this.failures = 0;
    }
    this.failures++;
    const retried = batch.slice(failedFrom);
    // No progress at all: bisect as for a thrown error, so that when retries run out only the
    // failing record goes to the on-failure destination, not the healthy records behind it.
    // (Without bisection Lambda gives up on the whole retried batch, and so does this.)
    if (failedFrom === 0 && trigger.bisectBatchOnError && retried.length > 1) this.batchLimit = Math.ceil(retried.length / 2);
    if (this.failures > trigger.retryAttempts) {
      await this.sendToOnFailure(retried, this.failures);
      opts.log(`stream ${functionId} ${this.shardId}: ${retried.length} record(s) sent to ${trigger.onFailure} after ${this.failures} attempts`);
      await this.advance(retried.length);
      this.failures = 0;
      this.batchLimit = trigger.batchSize;
      return;
    }
    await sleep(backoffMs(this.failures), signal);
  }

  /** Drops `n` handled records from the head and checkpoints the last one. */
  private async advance(n: number): Promise<void> {
    const done = this.buffer.splice(0, n);
    const last = done.at(-1)?.dynamodb?.SequenceNumber;
    if (!last) return;
    this.lastSequence = last;
    await this.mapping.checkpoint(this.streamArn, this.shardId, { sequenceNumber: last });
  }

  /** The record Lambda sends to an on-failure destination: where the batch is, not its data. */
  private async sendToOnFailure(records: StreamRecord[], attempts: number): Promise<void> {
    const { opts, functionId, trigger } = this.mapping.ctx;
    const first = records[0]!.dynamodb;
    const last = records.at(-1)!.dynamodb;
    const body = {
      requestContext: { requestId: randomUUID(), functionArn: functionArn(functionId), condition: 'RetryAttemptsExhausted', approximateInvokeCount: attempts },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date(opts.clock?.now() ?? Date.now()).toISOString(),
      DDBStreamBatchInfo: {
        shardId: this.shardId,
        startSequenceNumber: first?.SequenceNumber,
        endSequenceNumber: last?.SequenceNumber,
        approximateArrivalOfFirstRecord: first?.ApproximateCreationDateTime?.toISOString(),
        approximateArrivalOfLastRecord: last?.ApproximateCreationDateTime?.toISOString(),
        batchSize: records.length,
        streamArn: this.streamArn,
      },
    };
    const name = names.queue(opts.topology.prefix, trigger.onFailure);
    const { QueueUrl } = await opts.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    await opts.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: JSON.stringify(body),
        ...(name.endsWith('.fifo')
          ? { MessageGroupId: this.shardId, MessageDeduplicationId: `${first?.SequenceNumber}-${last?.SequenceNumber}` }
          : {}),
      }),
    );
  }
}

/**
 * Index of the first record reported in `batchItemFailures` (batch length when none). An
 * identifier that is empty or not in the batch fails the whole batch, as Lambda does.
 */
function firstReportedFailure(result: unknown, ids: (string | undefined)[]): number {
  const failures = (result as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (!Array.isArray(failures) || !failures.length) return ids.length;
  let first = ids.length;
  for (const f of failures) {
    const id = (f as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const i = typeof id === 'string' && id ? ids.indexOf(id) : -1;
    if (i < 0) return 0;
    first = Math.min(first, i);
  }
  return first;
}

/** A stream record as Lambda delivers it (the SDK hands dates and binaries as objects). */
export function lambdaStreamRecord(r: StreamRecord, streamArn: string) {
  const d = r.dynamodb ?? {};
  const image = (m: Record<string, AttributeValue> | undefined) =>
    m ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, attributeJson(v)])) : undefined;
  return {
    eventID: r.eventID,
    eventName: r.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    // DynamoDB Local says "ddblocal"; Lambda reports the table's region.
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: d.ApproximateCreationDateTime ? Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) : undefined,
      Keys: image(d.Keys),
      ...(d.NewImage ? { NewImage: image(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: image(d.OldImage) } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
    ...(r.userIdentity ? { userIdentity: r.userIdentity } : {}),
    eventSourceARN: streamArn,
  };
}

/** Attribute values in DynamoDB JSON, binaries as base64 strings. */
function attributeJson(v: AttributeValue): unknown {
  const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
  if (v.B !== undefined) return { B: b64(v.B) };
  if (v.BS !== undefined) return { BS: v.BS.map(b64) };
  if (v.M !== undefined) return { M: Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, attributeJson(x)])) };
  if (v.L !== undefined) return { L: v.L.map(attributeJson) };
  // Quirk: an empty map comes out of DynamoDB Local's stream (through the SDK) as `{}`, which
  // unmarshall rejects ("No value defined"); Lambda receives `{"M":{}}`.
  if (Object.keys(v).length === 0) return { M: {} };
  return v;
}

// ---------------------------------------------------------------------------------------------
// SQS -> function

/**
 * One poller per mapping, one batch at a time (Lambda starts five pollers and scales out; one
 * keeps local runs easy to follow).
 */
class QueueMapping {
  private url: string | undefined;
  private arn: string | undefined;
  private readonly name: string;
  private readonly poll: number;

  constructor(
    private readonly functionId: string,
    private readonly trigger: SqsTrigger,
    private readonly opts: EventSourceOptions,
    private readonly signal: AbortSignal,
  ) {
    this.name = names.queue(opts.topology.prefix, trigger.queue);
    this.poll = opts.pollIntervalMs ?? 200;
  }

  async run(): Promise<void> {
    while (!this.signal.aborted) {
      try {
        const messages = await this.receiveBatch();
        if (!messages.length) {
          await sleep(this.poll, this.signal);
          continue;
        }
        await this.deliver(messages);
      } catch (err) {
        if (this.signal.aborted) return;
        // The queue may have been deleted (tests recreate queues): look its URL up again.
        this.url = undefined;
        this.opts.log(`sqs ${this.functionId}: ${(err as Error).name}: ${(err as Error).message}`);
        await sleep(1000, this.signal);
      }
    }
  }

  private async receiveBatch(): Promise<Message[]> {
    const sqs = this.opts.clients.sqs;
    if (!this.url) {
      this.url = (await sqs.send(new GetQueueUrlCommand({ QueueName: this.name }))).QueueUrl;
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: this.url, AttributeNames: ['QueueArn'] }));
      this.arn = attrs.Attributes?.QueueArn;
    }
    const windowEnd = Date.now() + this.trigger.maxBatchingWindowSeconds * 1000;
    const messages: Message[] = [];
    for (;;) {
      const r = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.url,
          MaxNumberOfMessages: Math.min(this.trigger.batchSize - messages.length, 10),
          // local-aws-sqs waits the full WaitTimeSeconds even when messages are there: poll short.
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      messages.push(...(r.Messages ?? []));
      // Batching window: keep gathering until the batch is full or the window closes.
      if (messages.length >= this.trigger.batchSize || Date.now() >= windowEnd) return messages;
      if (!r.Messages?.length) await sleep(this.poll, this.signal);
      if (this.signal.aborted) return [];
    }
  }

  private async deliver(messages: Message[]): Promise<void> {
    const event = { Records: messages.map((m) => this.lambdaRecord(m)) };
    let failedIds: Set<string>;
    try {
      const result = await this.opts.functions.invoke(this.functionId, event);
      failedIds = reportedSqsFailures(result, messages);
    } catch {
      // A thrown error: every message stays and comes back after its visibility timeout; the
      // queue's RedrivePolicy moves it to the DLQ after maxReceiveCount receives.
      return;
    }
    if (this.signal.aborted) return;
    const done = messages.filter((m) => !failedIds.has(m.MessageId!));
    for (let i = 0; i < done.length; i += 10) {
      const chunk = done.slice(i, i + 10);
      const r = await this.opts.clients.sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: this.url, Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle })) }),
      );
      for (const f of r.Failed ?? []) this.opts.log(`sqs ${this.functionId}: delete failed: ${f.Code}`);
    }
  }

  private lambdaRecord(m: Message) {
    const attributes = m.Attributes ?? {};
    const messageAttributes = Object.fromEntries(
      Object.entries(m.MessageAttributes ?? {}).map(([k, a]) => [
        k,
        {
          ...(a.StringValue !== undefined ? { stringValue: a.StringValue } : {}),
          ...(a.BinaryValue !== undefined ? { binaryValue: Buffer.from(a.BinaryValue).toString('base64') } : {}),
          stringListValues: a.StringListValues ?? [],
          binaryListValues: (a.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
          dataType: a.DataType,
        },
      ]),
    );
    return {
      messageId: m.MessageId,
      receiptHandle: m.ReceiptHandle,
      body: m.Body,
      attributes,
      messageAttributes,
      md5OfBody: m.MD5OfBody,
      ...(m.MD5OfMessageAttributes ? { md5OfMessageAttributes: m.MD5OfMessageAttributes } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: region,
    };
  }
}

/**
 * Message ids reported in `batchItemFailures`. An empty or unknown identifier makes Lambda treat
 * the whole batch as failed.
 */
function reportedSqsFailures(result: unknown, messages: Message[]): Set<string> {
  const failures = (result as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  const all = new Set(messages.map((m) => m.MessageId!));
  if (!Array.isArray(failures)) return new Set();
  const ids = new Set<string>();
  for (const f of failures) {
    const id = (f as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !all.has(id)) return all;
    ids.add(id);
  }
  return ids;
}
