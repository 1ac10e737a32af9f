/** Reading an agency's queue the way an agency's consumer would: plain ReceiveMessage. */
import { DeleteMessageCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { names } from '../../infra/topology.ts';
import { queueUrl, sqs, t } from './cloud.ts';

export const agencyQueueUrl = (agencyId: string) => queueUrl(names.agencyQueue(t.prefix, agencyId));
export const agencyDlqUrl = (agencyId: string) => queueUrl(names.agencyDlq(t.prefix, agencyId));

/** Receives (and deletes) every message visible now on a queue, polling until `quietMs` pass with nothing new. */
export async function drain(url: string, quietMs = 1500): Promise<Message[]> {
  const out: Message[] = [];
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
    const batch = res.Messages ?? [];
    for (const m of batch) await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
    if (batch.length > 0) {
      out.push(...batch);
      quietSince = Date.now();
    } else await new Promise((r) => setTimeout(r, 100));
  }
  return out;
}

/**
 * Receives and deletes what arrives on a queue until at least `min` messages about `dossierCode`
 * were seen and then `quietMs` pass with nothing new (so a duplicate would be caught too).
 * Messages about other dossiers are consumed and dropped: each test uses its own dossiers.
 */
export async function collectFor(url: string, dossierCode: string, options: { min?: number; quietMs?: number; timeoutMs?: number } = {}): Promise<Message[]> {
  const { min = 1, quietMs = 1200, timeoutMs = 20_000 } = options;
  const until = Date.now() + timeoutMs;
  const mine: Message[] = [];
  let quietSince = Date.now();
  while (Date.now() < until) {
    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
    const batch = res.Messages ?? [];
    for (const m of batch) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
      if (JSON.parse(m.Body!).dossierCode === dossierCode) mine.push(m);
    }
    if (batch.length > 0) quietSince = Date.now();
    else if (mine.length >= min && Date.now() - quietSince >= quietMs) return mine;
    else await new Promise((r) => setTimeout(r, 100));
  }
  if (mine.length >= min) return mine;
  throw new Error(`expected ${min} message(s) for ${dossierCode} within ${timeoutMs} ms, got ${mine.length}`);
}
