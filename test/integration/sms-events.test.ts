/**
 * AWS End User Messaging SMS delivery events, end to end through the local cloud (issue 11): the
 * sms function sends through the AWS protocol (the first provider: the gateway fails over only when
 * told) with the configuration set; the local gateway publishes each final event the way the
 * configuration set's event destination would, to the sms-events topic, raw onto the sms-events
 * queue; the sms-events function applies it to the notice. The brandname webhook no longer takes
 * AWS receipts. Every test sets the clock to Wed 02/12/2026 10:00 in Vietnam (outside quiet hours).
 */
import { GetQueueAttributesCommand, SendMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { names } from '../../infra/topology.ts';
import { api, eventually, http, queueUrl, sqs, t } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { createSubmitAndReceive } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { drain } from '../support/queues.ts';

const gatewayFor = async (phone: string) => ((await (await fetch(`${api}/_local/sms?phone=${encodeURIComponent(phone)}`)).json()) as { messages: any[] }).messages;
const track = (code: string, token: string) => http('GET', `/v1/dossiers/${code}`, { headers: { 'x-dossier-token': token } });
const eventsQueue = () => queueUrl(names.queue(t.prefix, 'sms-events'));
const eventsDlq = () => queueUrl(names.dlq(t.prefix, 'sms-events'));
/** The dossier's first SMS once it has `status`. */
const smsOnceIn = (code: string, token: string, status: string) =>
  eventually(async () => {
    const s = (await track(code, token)).body.sms;
    return s?.[0]?.status === status ? s[0] : undefined;
  }, 30_000);
/** The message the gateway took for a phone, once its event was published. */
const publishedFor = (phone: string) =>
  eventually(async () => {
    const [m] = await gatewayFor(phone);
    return m?.receipt?.answered === 200 ? m : undefined;
  }, 30_000);
/** An event record as AWS publishes it (user guide, "SMS example log"). */
const eventRecord = (messageId: string, eventType: string, reference?: string) =>
  JSON.stringify({ eventType, eventVersion: '1.0', eventTimestamp: Date.parse('2026-12-02T03:01:00Z'), isFinal: true, messageId, messageStatus: eventType.replace(/^TEXT_/, ''), context: reference ? { reference } : {} });

beforeEach(() => setClock('2026-12-02T10:00:00+07:00'));
afterEach(async () => {
  await resetClock();
  await fetch(`${api}/_local/sms/faults`, { method: 'DELETE' });
});

describe('delivery events of AWS End User Messaging SMS (clock set to Wed 02/12/2026 10:00)', () => {
  it('marks an SMS sent through AWS delivered by its event on the sms-events queue, not by the webhook', async () => {
    const body = dossierBody();
    const { code, token } = await createSubmitAndReceive(body);

    const message = await publishedFor(body.applicant.phone);
    expect(message).toMatchObject({ protocol: 'aws', configurationSet: names.smsConfigurationSet(t.prefix), providerStatus: 'TEXT_DELIVERED', receipt: { via: 'aws-events' } });
    const sms = await smsOnceIn(code, token, 'delivered');
    expect(sms).toMatchObject({ scenario: 'received-online', statusLabel: 'Đã nhận', deliveredAt: expect.any(String) });
  });

  it('marks an SMS the carrier blocked a permanent failure, and a replayed or foreign event changes nothing', async () => {
    const body = dossierBody({ phone: '0900000002' });
    const { code, token } = await createSubmitAndReceive(body);
    const message = await publishedFor(body.applicant.phone);
    expect(message.providerStatus).toBe('TEXT_BLOCKED');
    await smsOnceIn(code, token, 'permanent-failure');

    // The same event again, a later contradicting one, and one for a message motcua never sent.
    const url = await eventsQueue();
    for (const record of [eventRecord(message.providerMessageId, 'TEXT_BLOCKED', message.reference), eventRecord(message.providerMessageId, 'TEXT_DELIVERED', message.reference), eventRecord(randomUUID(), 'TEXT_DELIVERED')]) {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: record }));
    }
    await eventually(async () => {
      const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes!;
      return a.ApproximateNumberOfMessages === '0' && a.ApproximateNumberOfMessagesNotVisible === '0' ? true : undefined;
    }, 20_000);
    expect((await track(code, token)).body.sms).toEqual([expect.objectContaining({ status: 'permanent-failure' })]);
    expect(await drain(await eventsDlq(), 500)).toEqual([]);
  });

  it('moves a malformed record, which fails at every receive, to the sms-events DLQ', async () => {
    const url = await eventsQueue();
    const dlq = await eventsDlq();
    await drain(dlq, 200);
    // Five receives at the queue's 60 s visibility would take five minutes: 1 s for this test only.
    const { VisibilityTimeout } = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout'] }))).Attributes!;
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '1' } }));
    try {
      const marker = randomUUID();
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `not an SMS event ${marker}` }));
      const dead = await eventually(async () => {
        const got = await drain(dlq, 300);
        return got.length ? got : undefined;
      }, 45_000);
      expect(dead.map((m) => m.Body)).toEqual([`not an SMS event ${marker}`]);
      // Gone from the queue itself (local-aws-sqs restarts the receive count in the DLQ, so it tells nothing).
      expect((await drain(url, 300)).filter((m) => m.Body?.includes(marker))).toEqual([]);
    } finally {
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: VisibilityTimeout! } }));
    }
  });

  it('no longer takes AWS receipts at the webhook: the provider must be the brandname gateway', async () => {
    const res = await http('POST', '/v1/sms/receipts/aws-sms', { headers: { 'idempotency-key': randomUUID() }, body: JSON.parse(eventRecord(randomUUID(), 'TEXT_DELIVERED')) });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('provider');
  });
});
