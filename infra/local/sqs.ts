/**
 * SQS stand-in: local-aws-sqs, speaking both the JSON protocol (SDK v3) and the query protocol.
 *
 * It is IN MEMORY: queues and their messages do not survive a restart of the local cloud. The
 * queues themselves are recreated from the topology at every start (resources.ts); messages that
 * were waiting are lost. Producers that must not lose a message derive it from a DynamoDB change
 * (stream or outbox), which does persist, so this matches the architecture's guarantees.
 *
 * Known gaps (measured, see /work/shared/LOCAL-CLOUD.md and the local event sources):
 * - FIFO ContentBasedDeduplication does not deduplicate: always send a MessageDeduplicationId.
 * - A long poll (WaitTimeSeconds > 0) waits the full time: poll short.
 * - ReceiveMessage ignores `MessageSystemAttributeNames` (the SDK's current name; it only reads
 *   the deprecated `AttributeNames`): the front below copies one into the other.
 * - FIFO deduplication forgets a MessageDeduplicationId once its message is deleted (measured:
 *   send, receive, delete, send again with the same id: a second message). SQS keeps the id for
 *   five minutes whatever happens to the message: the front below keeps that window itself for
 *   SendMessage and answers a repeat as SQS does (200, the first message's MessageId, nothing
 *   enqueued). Seen in the replay at 400 dossiers as an agency message sent twice.
 *
 * It also knows when each message it holds arrived (`ages`, below), for the CloudWatch stand-in's
 * ApproximateAgeOfOldestMessage (cloudwatch.ts): SQS has no API that tells it.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { createRequestHandler } from 'local-aws-sqs';
import { assertPortFree, listen, region } from './config.ts';

export interface LocalSqs {
  endpoint: string;
  /** How long the oldest message of each queue has waited (the CloudWatch stand-in reads it). */
  ages: QueueAges;
  stop(): Promise<void>;
}

/** `clock`: the local cloud's (infra/local/clock.ts), so a message's age follows the clock when it is moved; default the real time. */
export async function startSqs(opts: { port: number; clock?: { now(): number } }): Promise<LocalSqs> {
  await assertPortFree(opts.port, 'local-aws-sqs');
  const { requestHandler, service } = createRequestHandler({
    port: opts.port,
    hostname: '127.0.0.1',
    region,
    // AWS makes you wait 60 s before reusing a deleted queue's name; tests delete and recreate
    // queues (createQueues) and must not wait.
    emulateQueueCreationLifecycle: false,
  });
  const dedup = deduplicationWindow();
  const ages = queueAges(service, opts.clock ?? { now: Date.now });
  const server = http.createServer((req, res) => {
    // Before the emulator handles it: a queue created by the previous request is watched before its first message.
    ages.watch();
    const target = req.headers['x-amz-target'];
    if (target === 'AmazonSQS.ReceiveMessage') return void withSystemAttributeNames(req).then((patched) => requestHandler(patched, res), () => res.destroy());
    if (target === 'AmazonSQS.SendMessage') return void dedup(req, res, requestHandler).catch(() => res.destroy());
    requestHandler(req, res);
  });
  return { ...(await listen(server, opts.port)), ages };
}

export interface QueueAges {
  /** Milliseconds since the oldest message counted (see `queueAges`) arrived in the queue, at `at` (epoch ms of the clock); undefined when none is or no such queue. */
  oldestAgeMs(queueName: string, at: number): number | undefined;
}

/** What the emulator keeps per message (local-aws-sqs 2.x `Queue.newRecord`'s answer; the fields read here only). */
interface EmulatorEntry {
  record: { MessageId: string; attributes: { ApproximateReceiveCount?: string } };
}
type SqsService = ReturnType<typeof createRequestHandler>['service'];
type EmulatorQueue = SqsService['Queues'][number];

/**
 * When each message arrived in each queue, by the local clock. The emulator keeps its messages
 * private and SQS has no call that tells a message's age without receiving it (a receive counts
 * towards the DLQ), so the emulator's public hooks on each queue are wrapped, each calling the
 * emulator's own first and only watching:
 * - `newRecord` stores every message a queue takes: a send, a batch entry, a message moved to a
 *   DLQ by the redrive policy or moved back by a move task. A message moved keeps its MessageId,
 *   so the queue it left forgets it. As in AWS, a DLQ's age counts from the move, not the send.
 * - `delete` (DeleteMessage, DeleteMessageBatch): the receipt handle names the MessageId (the
 *   emulator's handle is base64 of a random prefix and `{"MessageId", "QueueName", "date"}`).
 * - `clearRecords` (PurgeQueue, DeleteQueue).
 * A message past the queue's retention period is gone: the emulator drops it on a real-time timer.
 *
 * Imitated from ApproximateAgeOfOldestMessage: in-flight messages count (not deleted yet); a
 * delayed one does not; in a standard queue a message received 3 times or more and not deleted
 * (a "poison pill") is left out until it is deleted, and the next one counts; a FIFO queue keeps
 * its order, so its oldest message counts however often it was received.
 */
export function queueAges(service: SqsService, clock: { now(): number }) {
  const tracked = new WeakMap<EmulatorQueue, Map<string, { entry: EmulatorEntry; at: number; realAt: number; visibleAt: number }>>();
  const watchQueue = (queue: EmulatorQueue) => {
    const messages = new Map<string, { entry: EmulatorEntry; at: number; realAt: number; visibleAt: number }>();
    tracked.set(queue, messages);
    const newRecord = queue.newRecord;
    queue.newRecord = (record: Record<string, unknown>, delay?: number) => {
      const entry = newRecord(record, delay) as EmulatorEntry;
      const id = entry.record.MessageId;
      for (const other of service.Queues) if (other !== queue) tracked.get(other)?.delete(id);
      // The emulator marks every new message delayed and clears the flag on a timer, even with no
      // delay (the next tick, which a quick reader can beat): the delay is judged here instead.
      const delayMs = (Number.isNaN(Number(delay)) || delay === undefined ? Number(queue.DelaySeconds ?? 0) : Number(delay)) * 1000;
      messages.set(id, { entry, at: clock.now(), realAt: Date.now(), visibleAt: Date.now() + delayMs });
      return entry;
    };
    const remove = queue.delete.bind(queue);
    queue.delete = (receiptHandle: string) => {
      const deleted = remove(receiptHandle);
      const id = messageIdOf(receiptHandle);
      if (deleted && id) messages.delete(id);
      return deleted;
    };
    const clear = queue.clearRecords.bind(queue);
    queue.clearRecords = () => {
      clear();
      messages.clear();
    };
  };
  /** Wraps the queues created since the last call. */
  const watch = () => {
    for (const queue of service.Queues) if (!tracked.has(queue)) watchQueue(queue);
  };
  return {
    watch,
    oldestAgeMs(queueName: string, at: number): number | undefined {
      watch();
      const queue = service.Queues.find((q) => q.QueueName === queueName && !service.deletingQueues.has(q.QueueName));
      const messages = queue && tracked.get(queue);
      if (!queue || !messages) return undefined;
      const expired = Date.now() - queue.MessageRetentionPeriod * 1000;
      let oldest: number | undefined;
      for (const [id, m] of messages) {
        if (m.realAt <= expired) {
          messages.delete(id);
          continue;
        }
        if (Date.now() < m.visibleAt) continue;
        if (!queue.FifoQueue && Number(m.entry.record.attributes.ApproximateReceiveCount ?? 0) >= 3) continue;
        if (oldest === undefined || m.at < oldest) oldest = m.at;
      }
      return oldest === undefined ? undefined : Math.max(0, at - oldest);
    },
  };
}

/** The MessageId a local-aws-sqs receipt handle names, or undefined when it is not one of the emulator's. */
function messageIdOf(receiptHandle: string): string | undefined {
  try {
    const text = Buffer.from(receiptHandle, 'base64').toString('utf8');
    const id = (JSON.parse(text.slice(text.indexOf('{'))) as { MessageId?: unknown }).MessageId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** SQS's deduplication interval for FIFO queues. */
export const deduplicationWindowMs = 5 * 60_000;

/**
 * SendMessage through SQS's five-minute deduplication window (FIFO queues, explicit
 * MessageDeduplicationId: the only kind the house sends). Example: two sends of id `e1` to
 * `a.fifo` two minutes apart, the first deleted meanwhile: one message, both answers name it.
 */
function deduplicationWindow(now: () => number = Date.now) {
  const seen = new Map<string, { messageId: string; sequenceNumber?: string; until: number }>();
  let sends = 0;
  return async (req: IncomingMessage, res: ServerResponse, handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    const body = await readBody(req);
    let key: string | undefined;
    let messageBody = '';
    try {
      const json = JSON.parse(body.toString()) as { QueueUrl?: string; MessageDeduplicationId?: string; MessageBody?: string };
      const queue = json.QueueUrl?.split('/').pop();
      if (queue?.endsWith('.fifo') && json.MessageDeduplicationId) key = `${queue}|${json.MessageDeduplicationId}`;
      messageBody = String(json.MessageBody ?? '');
    } catch {
      // Not JSON: the emulator answers it.
    }
    if (++sends % 1000 === 0) for (const [k, v] of seen) if (v.until <= now()) seen.delete(k);
    const first = key ? seen.get(key) : undefined;
    if (first && first.until > now()) {
      // As SQS answers a deduplicated send: accepted, the first message's id, the MD5 of this body (the SDK checks it).
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      return void res.end(JSON.stringify({ MessageId: first.messageId, MD5OfMessageBody: createHash('md5').update(messageBody).digest('hex'), ...(first.sequenceNumber ? { SequenceNumber: first.sequenceNumber } : {}) }));
    }
    if (key) {
      // The emulator answers in one `end(string)`: read the MessageId it gave.
      const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
      res.end = ((chunk?: unknown) => {
        if (res.statusCode === 200 && typeof chunk === 'string') {
          try {
            const out = JSON.parse(chunk) as { MessageId?: string; SequenceNumber?: string };
            if (out.MessageId) seen.set(key!, { messageId: out.MessageId, ...(out.SequenceNumber ? { sequenceNumber: out.SequenceNumber } : {}), until: now() + deduplicationWindowMs });
          } catch {
            // Not the JSON answer: nothing to remember.
          }
        }
        return end(chunk);
      }) as typeof res.end;
    }
    handler(replayable(req, body), res);
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A request the emulator can read again: it reads headers and the body stream only. */
function replayable(req: IncomingMessage, body: Buffer): IncomingMessage {
  return Object.assign(Readable.from([body]), { headers: req.headers, method: req.method, url: req.url, socket: req.socket }) as unknown as IncomingMessage;
}

/** A JSON-protocol ReceiveMessage whose MessageSystemAttributeNames also appear as AttributeNames. */
async function withSystemAttributeNames(req: IncomingMessage): Promise<IncomingMessage> {
  let body = await readBody(req);
  try {
    const json = JSON.parse(body.toString()) as { AttributeNames?: string[]; MessageSystemAttributeNames?: string[] };
    if (json.MessageSystemAttributeNames?.length) {
      json.AttributeNames = [...new Set([...(json.AttributeNames ?? []), ...json.MessageSystemAttributeNames])];
      body = Buffer.from(JSON.stringify(json));
    }
  } catch {
    // Not JSON: let the emulator answer it as it would.
  }
  return replayable(req, body);
}
