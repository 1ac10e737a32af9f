/**
 * The replay's agencies' consumer (infra/local/replay/agency-inbox.ts) in a chain that comes back
 * to an agency (land transfer: gl-vpdkdd, thue-gialai, gl-vpdkdd): the journey of the third step
 * waits for the third step's `dossier.assigned`, not the first's. Acting on the first's, the
 * replay at 400 dossiers completed a dossier the router had not yet handed back (403) and left it
 * stopped. A redelivered message wakes nobody a second time and is kept with its receive count.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyInbox } from '../../infra/local/replay/agency-inbox.ts';
import { fifoQueueAlone } from './support.ts';

let client: SQSClient;
let queueUrl: string;
let stop: () => Promise<void>;
beforeAll(async () => void ({ client, queueUrl, stop } = await fifoQueueAlone('motcua-agency-gl-vpdkdd.fifo')));
afterAll(() => stop?.());

const code = '000.00.00.H21-261202-0250';
const assigned = (messageId: string, step: number) =>
  client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageGroupId: code, MessageDeduplicationId: messageId, MessageBody: JSON.stringify({ messageId, type: 'dossier.assigned', dossierCode: code, chain: { step, length: 3 } }) }));

describe('the replay agency inbox in a chain that comes back to an agency', () => {
  it('gives the third step the third step’s message, after the first step’s came and went', async () => {
    const inbox = new AgencyInbox(client, { 'gl-vpdkdd': queueUrl });
    await assigned('m-step-1', 1);
    expect((await inbox.waitFor('gl-vpdkdd', code, 'dossier.assigned', 1, 10_000)).messageId).toBe('m-step-1');
    const third = inbox.waitFor('gl-vpdkdd', code, 'dossier.assigned', 3, 10_000);
    await assigned('m-step-3', 3);
    expect(await third).toMatchObject({ messageId: 'm-step-3', step: 3, receiveCount: 1 });
    expect(inbox.receipts.map((r) => r.messageId)).toEqual(['m-step-1', 'm-step-3']);
  });
});
