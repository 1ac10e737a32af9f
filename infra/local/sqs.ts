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
 */
import http, { type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { createRequestHandler } from 'local-aws-sqs';
import { assertPortFree, listen, region } from './config.ts';

export interface LocalSqs {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSqs(opts: { port: number }): Promise<LocalSqs> {
  await assertPortFree(opts.port, 'local-aws-sqs');
  const { requestHandler } = createRequestHandler({
    port: opts.port,
    hostname: '127.0.0.1',
    region,
    // AWS makes you wait 60 s before reusing a deleted queue's name; tests delete and recreate
    // queues (createQueues) and must not wait.
    emulateQueueCreationLifecycle: false,
  });
  const server = http.createServer((req, res) => {
    if (req.headers['x-amz-target'] !== 'AmazonSQS.ReceiveMessage') return void requestHandler(req, res);
    withSystemAttributeNames(req).then((patched) => requestHandler(patched, res), () => res.destroy());
  });
  return listen(server, opts.port);
}

/** A JSON-protocol ReceiveMessage whose MessageSystemAttributeNames also appear as AttributeNames. */
async function withSystemAttributeNames(req: IncomingMessage): Promise<IncomingMessage> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  let body = Buffer.concat(chunks);
  try {
    const json = JSON.parse(body.toString()) as { AttributeNames?: string[]; MessageSystemAttributeNames?: string[] };
    if (json.MessageSystemAttributeNames?.length) {
      json.AttributeNames = [...new Set([...(json.AttributeNames ?? []), ...json.MessageSystemAttributeNames])];
      body = Buffer.from(JSON.stringify(json));
    }
  } catch {
    // Not JSON: let the emulator answer it as it would.
  }
  // The emulator reads headers and the body stream only.
  return Object.assign(Readable.from([body]), { headers: req.headers, method: req.method, url: req.url, socket: req.socket }) as unknown as IncomingMessage;
}
