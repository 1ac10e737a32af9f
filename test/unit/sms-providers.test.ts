/**
 * The SMS providers' contract: both production adapters (shared/partners/sms/*) against the local
 * SMS gateway (infra/local/sms-gateway.ts) on an OS port, the AWS one through the real SDK client
 * pointed at the gateway. Brandname receipts go to a small webhook started here, AWS events to the
 * configuration set's destination (an array here; the sms-events queue in the local cloud). The gateway's clock is fixed
 * at 1 December 2026 09:00 UTC (16:00 in Asia/Ho_Chi_Minh); nothing compares it with today.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmsGateway, testNumbers, type LocalSmsGateway } from '../../infra/local/sms-gateway.ts';
import { AwsEndUserMessagingProvider, awsSmsEventStatuses, parseAwsSmsEvent, parseAwsSmsEventRecord } from '../../shared/partners/sms/aws-end-user-messaging.ts';
import { brandnameStatuses, HttpBrandnameProvider, parseBrandnameReceipt } from '../../shared/partners/sms/http-brandname.ts';
import { SmsPermanentError, SmsProviderDownError, SmsReceiptError, SmsTemporaryError, type SmsMessage, type SmsProvider } from '../../shared/partners/sms/provider.ts';
import { receiptSignature } from '../../shared/partners/sms/signature.ts';

const apiKey = 'test-sms-key';
const receiptSecret = 'test-receipt-secret';
const clock = new Date('2026-12-01T09:00:00.000Z');
const phone = '+84912345678';
const unaccented = 'Ho so G52.01-261201-0001 da duoc tiep nhan. Hen tra ket qua 15/12/2026. Tra cuu: motcua.gialai.gov.vn';
const accented = 'Hồ sơ G52.01-261201-0001 đã được tiếp nhận. Hẹn trả kết quả ngày 15/12/2026.';

let gateway: LocalSmsGateway;
let webhook: Server;
let webhookStatuses: number[] = [];
const received: { raw: string; headers: IncomingHttpHeaders }[] = [];
/** The AWS events the configuration set `motcua-sms` published (its event destination). */
const published: string[] = [];
const lines: string[] = [];

beforeAll(async () => {
  webhook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ raw: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(webhookStatuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', () => resolve()));
  const receiptUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/v1/sms/receipts`;
  const awsEvents = { configurationSetName: 'motcua-sms', publish: async (record: string) => void published.push(record) };
  gateway = await startSmsGateway({ apiKey, receiptSecret, receiptDelayMs: 5, awsEvents, now: () => clock, log: (l) => lines.push(l) });
  gateway.configure({ receiptUrl });
});
afterAll(async () => {
  await gateway.stop();
  await new Promise<void>((resolve) => webhook.close(() => resolve()));
});
beforeEach(async () => {
  gateway.reset();
  // A receipt of the last test already on its way to the webhook lands before this one starts.
  await gateway.settled();
  received.length = 0;
  published.length = 0;
  webhookStatuses = [];
});

const message = (over: Partial<SmsMessage> = {}): SmsMessage => ({ reference: 'outbox-0001', to: phone, text: unaccented, encoding: 'GSM-7', sender: 'BUUDIEN GL', ...over });
const brandname = (over: Partial<ConstructorParameters<typeof HttpBrandnameProvider>[0]> = {}) => new HttpBrandnameProvider({ baseUrl: gateway.url, apiKey, ...over });
const awsClient = (endpoint = gateway.awsEndpoint) =>
  new PinpointSMSVoiceV2Client({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
const aws = (endpoint?: string) => new AwsEndUserMessagingProvider({ client: awsClient(endpoint), configurationSetName: 'motcua-sms' });
const failure = (p: SmsProvider, m = message()) => p.send(m).then(() => expect.fail('the send should have failed'), (e: Error) => e);
/** An error carries no personal data: neither the phone (in any form) nor the text. */
const expectNoPersonalData = (error: Error & { code?: string }) => {
  for (const s of [error.message, error.code ?? '']) {
    expect(s).not.toContain('912345678');
    expect(s).not.toContain('900000004');
    expect(s).not.toContain('G52.01');
  }
};
const closedPort = async () => {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
};

describe('the brandname gateway, adapter against stand-in', () => {
  it('sends an unaccented message as GSM-7 and the gateway records it as received, with its segments', async () => {
    const sent = await brandname().send(message());

    expect(sent.providerMessageId).toMatch(/^BN-/);
    expect(gateway.messages()).toEqual([
      expect.objectContaining({ providerMessageId: sent.providerMessageId, protocol: 'brandname', reference: 'outbox-0001', to: phone, sender: 'BUUDIEN GL', text: unaccented, encoding: 'GSM-7', segments: 1 }),
    ]);
  });

  it('counts segments as a handset does: 161 septets make two, an extension character counts twice, Vietnamese UCS-2 at 70/67', async () => {
    await brandname().send(message({ reference: 'r-160', text: 'a'.repeat(160) }));
    await brandname().send(message({ reference: 'r-161', text: 'a'.repeat(161) }));
    await brandname().send(message({ reference: 'r-euro', text: `${'a'.repeat(159)}€` }));
    await brandname().send(message({ reference: 'r-ucs', text: accented, encoding: 'UCS-2' }));
    await brandname().send(message({ reference: 'r-ucs-71', text: 'đ'.repeat(71), encoding: 'UCS-2' }));

    expect(gateway.messages().map((m) => [m.reference, m.encoding, m.segments])).toEqual([
      ['r-160', 'GSM-7', 1],
      ['r-161', 'GSM-7', 2],
      ['r-euro', 'GSM-7', 2],
      ['r-ucs', 'UCS-2', 2],
      ['r-ucs-71', 'UCS-2', 2],
    ]);
  });

  it('answers a repeat of a requestId with the first messageId and sends no second SMS', async () => {
    const first = await brandname().send(message());
    const again = await brandname().send(message());

    expect(again).toEqual(first);
    expect(gateway.messages()).toHaveLength(1);
  });

  it('reports a gateway that is down, or fails the next call, as down (fail over), then recovers', async () => {
    gateway.configure({ brandname: { down: true } });
    const down = await failure(brandname());
    gateway.configure({ brandname: { failNext: 1 } });
    const once = await failure(brandname());
    const recovered = await brandname().send(message());

    expect(down).toBeInstanceOf(SmsProviderDownError);
    expect(once).toBeInstanceOf(SmsProviderDownError);
    expect((once as SmsProviderDownError).code).toBe('SERVICE_UNAVAILABLE');
    expect(recovered.providerMessageId).toMatch(/^BN-/);
    expect(gateway.messages()).toHaveLength(1);
  });

  it('reports throttling as temporary but not as down (retry the same provider later)', async () => {
    gateway.configure({ brandname: { transientRate: 1 } });
    const error = await failure(brandname());

    expect(error).toBeInstanceOf(SmsTemporaryError);
    expect(error).not.toBeInstanceOf(SmsProviderDownError);
    expect((error as SmsTemporaryError).code).toBe('THROTTLED');
    expect(gateway.messages()).toHaveLength(0);
  });

  it('refuses for good an invalid number, a wrong key and accented text sent as GSM-7, and sends nothing', async () => {
    gateway.configure({ brandname: { permanentPhones: [phone] } });
    const invalid = await failure(brandname());
    const testNumber = await failure(brandname(), message({ to: testNumbers.invalidNumber }));
    const key = await failure(brandname({ apiKey: 'wrong' }), message({ to: '+84912000000' }));
    const content = await failure(brandname(), message({ to: '+84912000000', text: accented }));

    expect([invalid, testNumber, key, content].map((e) => [e instanceof SmsPermanentError, (e as SmsPermanentError).code])).toEqual([
      [true, 'INVALID_PHONE'],
      [true, 'INVALID_PHONE'],
      [true, 'UNAUTHORIZED'],
      [true, 'CONTENT_REFUSED'],
    ]);
    expect(gateway.messages()).toHaveLength(0);
    [invalid, testNumber, key, content].forEach(expectNoPersonalData);
  });

  it('reports no answer in time and a closed port as down', async () => {
    gateway.configure({ brandname: { slowMs: 300 } });
    const slow = await failure(brandname({ timeoutMs: 50 }));
    const closed = await failure(brandname({ baseUrl: await closedPort() }));

    expect(slow).toBeInstanceOf(SmsProviderDownError);
    expect(slow.message).toContain('no answer within 50 ms');
    expect(closed).toBeInstanceOf(SmsProviderDownError);
    [slow, closed].forEach(expectNoPersonalData);
  });

  it('drops a slow call that outlives a reset: it answers as down and records nothing for the next test', async () => {
    gateway.configure({ brandname: { slowMs: 200 } });
    const gaveUp = await failure(brandname({ timeoutMs: 20 }));
    gateway.reset();
    await gateway.settled();
    // However long the gateway took, the slow call is over by now.
    await new Promise((r) => setTimeout(r, 300));
    await gateway.settled();

    expect(gaveUp).toBeInstanceOf(SmsProviderDownError);
    expect(gateway.messages()).toEqual([]);
    expect(received).toEqual([]);
  });

  it('fails the same calls for the same seed (transientRate is reproducible)', async () => {
    const run = async () => {
      gateway.reset();
      gateway.configure({ seed: 42, brandname: { transientRate: 0.5 } });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 40; i++) outcomes.push(await brandname().send(message({ reference: `r-${i}` })).then(() => true, () => false));
      return outcomes;
    };
    const first = await run();
    const second = await run();

    expect(second).toEqual(first);
    expect(first.filter(Boolean).length).toBeGreaterThan(8);
    expect(first.filter((ok) => !ok).length).toBeGreaterThan(8);
  });

  it('sends a signed receipt that parseBrandnameReceipt verifies, and marks it on the message', async () => {
    const { providerMessageId } = await brandname().send(message());
    await gateway.settled();

    expect(received).toHaveLength(1);
    expect(parseBrandnameReceipt(received[0]!.raw, received[0]!.headers as Record<string, string>, receiptSecret)).toEqual({
      providerMessageId,
      status: 'delivered',
      at: '2026-12-01T09:00:00.000Z',
      providerStatus: 'DELIVRD',
      reference: 'outbox-0001',
    });
    expect(gateway.messages()[0]).toMatchObject({ status: 'delivered', receipt: { sentAt: '2026-12-01T09:00:00.000Z', attempts: 1, answered: 200 } });
  });

  it('refuses a tampered receipt, one signed with another secret, and one with no signature', async () => {
    await brandname().send(message());
    await gateway.settled();
    const { raw, headers } = received[0]!;
    const tampered = raw.replace('DELIVRD', 'UNDELIV');

    for (const [body, h, secret] of [
      [tampered, headers, receiptSecret],
      [raw, headers, 'another-secret'],
      [raw, {}, receiptSecret],
    ] as const) {
      const error = (() => {
        try {
          parseBrandnameReceipt(body, h as Record<string, string>, secret);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(SmsReceiptError);
      expect((error as SmsReceiptError).reason).toBe('signature');
    }
  });

  it('gives the Notify-style test numbers their outcome in the receipt, and temporaryPhones a temporary failure', async () => {
    gateway.configure({ brandname: { temporaryPhones: ['0912345678'] } });
    const to = [testNumbers.delivered, testNumbers.permanentFailure, testNumbers.temporaryFailure, phone];
    for (const [i, t] of to.entries()) await brandname().send(message({ reference: `r-${i}`, to: t }));
    await gateway.settled();

    const receipts = received.map((r) => parseBrandnameReceipt(r.raw, r.headers as Record<string, string>, receiptSecret));
    expect(receipts.map((r) => [r.reference, r.status, r.providerStatus]).sort()).toEqual([
      ['r-0', 'delivered', 'DELIVRD'],
      ['r-1', 'permanent-failure', 'UNDELIV'],
      ['r-2', 'temporary-failure', 'EXPIRED'],
      ['r-3', 'temporary-failure', 'EXPIRED'],
    ]);
  });

  it('tries a receipt again when the webhook answers 5xx', async () => {
    webhookStatuses = [503];
    await brandname().send(message());
    await gateway.settled();

    expect(received).toHaveLength(2);
    expect(gateway.messages()[0]!.receipt).toMatchObject({ attempts: 2, answered: 200 });
  });

  it('serves its messages by phone and takes faults over HTTP', async () => {
    await brandname().send(message());
    await brandname().send(message({ reference: 'other', to: '+84987654321' }));
    const put = await fetch(`${gateway.url}/_gateway/faults`, { method: 'PUT', body: JSON.stringify({ brandname: { down: true } }) });
    const bad = await fetch(`${gateway.url}/_gateway/faults`, { method: 'PUT', body: JSON.stringify({ brandname: { transientRate: 2 } }) });
    const listed = (await (await fetch(`${gateway.url}/_gateway/messages?phone=0912345678`)).json()) as { messages: { reference: string }[] };

    expect(put.status).toBe(204);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe('brandname.transientRate');
    expect(listed.messages.map((m) => m.reference)).toEqual(['outbox-0001']);
    expect(await failure(brandname())).toBeInstanceOf(SmsProviderDownError);
  });
});

describe('AWS End User Messaging SMS, adapter through the SDK against stand-in', () => {
  it('sends a message, recorded with the reference from Context and the encoding AWS would choose', async () => {
    const gsm = await aws().send(message());
    const ucs = await aws().send(message({ reference: 'outbox-0002', text: accented, encoding: 'UCS-2' }));

    expect(gsm.providerMessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(gateway.messages().map((m) => [m.protocol, m.providerMessageId, m.reference, m.to, m.sender, m.encoding, m.segments])).toEqual([
      ['aws', gsm.providerMessageId, 'outbox-0001', phone, 'BUUDIEN GL', 'GSM-7', 1],
      ['aws', ucs.providerMessageId, 'outbox-0002', phone, 'BUUDIEN GL', 'UCS-2', 2],
    ]);
  });

  it('has no idempotency key, as in AWS: a repeat of a reference is a second SMS (the sms function guards before it calls)', async () => {
    const first = await aws().send(message());
    const again = await aws().send(message());

    expect(again.providerMessageId).not.toBe(first.providerMessageId);
    expect(gateway.messages().map((m) => m.reference)).toEqual(['outbox-0001', 'outbox-0001']);
  });

  it('maps an outage, a failed call and a closed port to down, throttling to temporary', async () => {
    gateway.configure({ aws: { down: true } });
    const down = await failure(aws());
    gateway.configure({ aws: { failNext: 1 } });
    const once = await failure(aws());
    gateway.configure({ aws: { transientRate: 1 } });
    const throttled = await failure(aws());
    const closed = await failure(aws(await closedPort()));

    expect(down).toBeInstanceOf(SmsProviderDownError);
    expect((once as SmsProviderDownError).code).toBe('InternalServerException');
    expect(once).toBeInstanceOf(SmsProviderDownError);
    expect(throttled).toBeInstanceOf(SmsTemporaryError);
    expect(throttled).not.toBeInstanceOf(SmsProviderDownError);
    expect((throttled as SmsTemporaryError).code).toBe('ThrottlingException');
    expect(closed).toBeInstanceOf(SmsProviderDownError);
    expect(gateway.messages()).toHaveLength(0);
    [down, once, throttled, closed].forEach(expectNoPersonalData);
  });

  it('maps an invalid number and a number not in E.164 to a permanent ValidationException', async () => {
    gateway.configure({ aws: { permanentPhones: [phone] } });
    const invalid = await failure(aws());
    const notE164 = await failure(aws(), message({ to: '0912345678' }));
    const testNumber = await failure(aws(), message({ to: testNumbers.invalidNumber }));

    for (const e of [invalid, notE164, testNumber]) {
      expect(e).toBeInstanceOf(SmsPermanentError);
      expect((e as SmsPermanentError).code).toBe('ValidationException');
      expectNoPersonalData(e);
    }
    expect(gateway.messages()).toHaveLength(0);
  });

  it('publishes the AWS event record to the configuration set\'s destination, never to the webhook, and parseAwsSmsEventRecord reads it', async () => {
    const { providerMessageId } = await aws().send(message({ to: testNumbers.temporaryFailure }));
    await gateway.settled();

    expect(received).toEqual([]);
    expect(published).toHaveLength(1);
    expect(parseAwsSmsEventRecord(published[0]!)).toEqual({
      providerMessageId,
      status: 'temporary-failure',
      at: '2026-12-01T09:00:00.000Z',
      providerStatus: 'TEXT_TTL_EXPIRED',
      reference: 'outbox-0001',
    });
    expect(gateway.messages()[0]!.receipt).toMatchObject({ via: 'aws-events', attempts: 1, answered: 200 });
  });

  it('publishes no event for a message sent without the configuration set, or with another, as AWS does', async () => {
    const client = awsClient();
    await new AwsEndUserMessagingProvider({ client }).send(message());
    await new AwsEndUserMessagingProvider({ client, configurationSetName: 'someone-else' }).send(message({ reference: 'outbox-0002' }));
    await gateway.settled();

    expect(published).toEqual([]);
    expect(received).toEqual([]);
    expect(gateway.messages().map((m) => m.status)).toEqual(['delivered', 'delivered']);
  });
});

describe('the local gateway log', () => {
  it('names protocol, reference and status, never a phone or a text', async () => {
    lines.length = 0;
    await brandname().send(message());
    await aws().send(message({ reference: 'outbox-0002' }));
    gateway.configure({ brandname: { permanentPhones: [phone] } });
    await failure(brandname(), message({ reference: 'outbox-0003' }));
    await gateway.settled();

    expect(lines.some((l) => l.includes('outbox-0001'))).toBe(true);
    expect(lines.some((l) => l.includes('INVALID_PHONE'))).toBe(true);
    for (const l of lines) {
      expect(l).not.toContain('912345678');
      expect(l).not.toContain('G52.01');
    }
  });
});

describe('parseAwsSmsEvent', () => {
  const event = (eventType: string, over: Record<string, unknown> = {}) => ({
    eventType,
    eventVersion: '1.0',
    eventTimestamp: clock.getTime(),
    isFinal: true,
    originationPhoneNumber: 'BUUDIEN GL',
    destinationPhoneNumber: phone,
    messageId: 'aws-msg-1',
    messageStatus: eventType.replace(/^TEXT_/, ''),
    context: { reference: 'outbox-0001' },
    ...over,
  });

  it.each([
    ['TEXT_DELIVERED', 'delivered'],
    ['TEXT_SUCCESSFUL', 'delivered'],
    ['TEXT_BLOCKED', 'permanent-failure'],
    ['TEXT_INVALID', 'permanent-failure'],
    ['TEXT_INVALID_MESSAGE', 'permanent-failure'],
    ['TEXT_CARRIER_BLOCKED', 'permanent-failure'],
    ['TEXT_SPAM', 'permanent-failure'],
    ['TEXT_PROTECT_BLOCKED', 'permanent-failure'],
    ['TEXT_TTL_EXPIRED', 'temporary-failure'],
    ['TEXT_CARRIER_UNREACHABLE', 'temporary-failure'],
    ['TEXT_UNREACHABLE', 'temporary-failure'],
    ['TEXT_UNKNOWN', 'temporary-failure'],
  ])('maps %s to %s', (type, status) => {
    expect(parseAwsSmsEvent(event(type))).toEqual({ providerMessageId: 'aws-msg-1', status, at: '2026-12-01T09:00:00.000Z', providerStatus: type, reference: 'outbox-0001' });
  });

  it('gives no receipt for a message still on its way (queued, pending, a success that is not final)', () => {
    expect(parseAwsSmsEvent(event('TEXT_QUEUED', { isFinal: false }))).toBeNull();
    expect(parseAwsSmsEvent(event('TEXT_PENDING', { isFinal: false }))).toBeNull();
    expect(parseAwsSmsEvent(event('TEXT_SUCCESSFUL', { isFinal: false }))).toBeNull();
  });

  it('knows every event type it maps (the table and the tests agree)', () => {
    expect(Object.keys(awsSmsEventStatuses).sort()).toEqual(
      ['TEXT_QUEUED', 'TEXT_PENDING', 'TEXT_DELIVERED', 'TEXT_SUCCESSFUL', 'TEXT_BLOCKED', 'TEXT_INVALID', 'TEXT_INVALID_MESSAGE', 'TEXT_CARRIER_BLOCKED', 'TEXT_SPAM', 'TEXT_PROTECT_BLOCKED', 'TEXT_TTL_EXPIRED', 'TEXT_CARRIER_UNREACHABLE', 'TEXT_UNREACHABLE', 'TEXT_UNKNOWN'].sort(),
    );
  });

  it('reads a record inside an SNS notification', () => {
    const sns = { Type: 'Notification', MessageId: 'sns-1', TopicArn: 'arn:aws:sns:ap-southeast-1:000000000000:sms-events', Message: JSON.stringify(event('TEXT_DELIVERED')) };
    expect(parseAwsSmsEvent(sns)?.status).toBe('delivered');
  });

  it('refuses a voice event, an unknown type and a malformed record as format errors, without quoting the phone', () => {
    for (const bad of [event('VOICE_COMPLETED'), event('TEXT_SOMETHING_NEW'), { eventType: 'TEXT_DELIVERED', destinationPhoneNumber: phone }, 'not an object']) {
      const error = (() => {
        try {
          parseAwsSmsEvent(bad);
        } catch (e) {
          return e as SmsReceiptError;
        }
      })();
      expect(error).toBeInstanceOf(SmsReceiptError);
      expect(error!.reason).toBe('format');
      expect(error!.message).not.toContain('912345678');
    }
  });
});

describe('receipt signatures (property)', () => {
  it('accepts exactly the body that was signed: any change to it is refused', () => {
    const receipt = fc.record({
      messageId: fc.string({ minLength: 1, maxLength: 60 }),
      requestId: fc.string({ minLength: 1, maxLength: 60 }),
      status: fc.constantFrom('DELIVRD', 'UNDELIV', 'EXPIRED', 'REJECTD'),
      doneAt: fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
    });
    fc.assert(
      fc.property(receipt, fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), (r, at, ch) => {
        const raw = JSON.stringify(r);
        const headers = { 'X-Signature': receiptSignature(receiptSecret, raw) };
        expect(parseBrandnameReceipt(raw, headers, receiptSecret).providerMessageId).toBe(r.messageId);
        const i = at % raw.length;
        const changed = raw.slice(0, i) + ch + raw.slice(i + 1);
        fc.pre(changed !== raw);
        expect(() => parseBrandnameReceipt(changed, headers, receiptSecret)).toThrow(SmsReceiptError);
      }),
    );
  });
});

describe('docs/sms-integration.md', () => {
  const doc = readFileSync(new URL('../../docs/sms-integration.md', import.meta.url), 'utf8');

  it('documents every status word of both providers with the status motcua gives it', () => {
    for (const [word, status] of Object.entries(brandnameStatuses)) expect(doc).toMatch(new RegExp(`\\| \`${word}\` \\| \`${status}\``));
    for (const type of Object.keys(awsSmsEventStatuses)) expect(doc).toContain(`\`${type}\``);
  });

  it('lists the test numbers the gateway knows', () => {
    for (const n of Object.values(testNumbers)) expect(doc).toContain(n.replace(/^(\+84)(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3 $4'));
  });
});
