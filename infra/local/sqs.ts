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
 * - ReceiveMessage ignores `MessageSystemAttributeNames`; ask with the older `AttributeNames`.
 */
import type { Server } from 'node:http';
import { createSqsServer } from 'local-aws-sqs';
import { assertPortFree, region } from './config.ts';

export interface LocalSqs {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSqs(opts: { port: number }): Promise<LocalSqs> {
  await assertPortFree(opts.port, 'local-aws-sqs');
  const server: Server = await createSqsServer({
    port: opts.port,
    hostname: '127.0.0.1',
    region,
    // AWS makes you wait 60 s before reusing a deleted queue's name; tests delete and recreate
    // queues (createQueues) and must not wait.
    emulateQueueCreationLifecycle: false,
  });
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${opts.port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closing;
    },
  };
}
