/**
 * The SQS stand-in's FIFO deduplication (infra/local/sqs.ts) as SQS does it: a MessageDeduplicationId
 * is remembered for five minutes whatever happens to its message. local-aws-sqs forgot it once the
 * message was deleted, so a router resend after the agency had read and deleted the first reached
 * the agency as a second message (the replay at 400 dossiers: one `dossier.assigned` sent twice).
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fifoQueueAlone } from './support.ts';

let client: SQSClient;
let queueUrl: string;
let stop: () => Promise<void>;
beforeAll(async () => void ({ client, queueUrl, stop } = await fifoQueueAlone('motcua-agency-so-tu-phap.fifo')));
afterAll(() => stop?.());

const send = (dedup: string, body: string) => client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, MessageGroupId: 'G52-0001', MessageDeduplicationId: dedup }));
const receiveAndDelete = async () => {
  const got = (await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }))).Messages ?? [];
  for (const m of got) await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
  return got;
};

describe('FIFO deduplication of the local SQS', () => {
  it('drops a resend with the same deduplication id after the first was received and deleted, answering the first message id', async () => {
    const first = await send('e-assigned-1', '{"type":"dossier.assigned","v":1}');
    expect((await receiveAndDelete()).map((m) => m.MessageId)).toEqual([first.MessageId]);
    // The resend is rebuilt from a fresher read of the dossier: another body, the same event id.
    const again = await send('e-assigned-1', '{"type":"dossier.assigned","v":2}');
    expect(again.MessageId).toBe(first.MessageId);
    expect(await receiveAndDelete()).toEqual([]);
  });

  it('still takes a message with another deduplication id', async () => {
    const other = await send('e-supplemented-1', '{"type":"dossier.supplemented"}');
    expect((await receiveAndDelete()).map((m) => m.MessageId)).toEqual([other.MessageId]);
  });
});
