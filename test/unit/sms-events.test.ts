/**
 * The sms-events queue's records (issue 11): what the sms-events function reads from each SQS body.
 * AWS End User Messaging SMS publishes an event record to the configuration set's topic; the queue
 * gets it raw (the body is the record), or, were raw delivery ever off, inside an SNS notification.
 * No clock: event times are fixed (1 December 2026 09:00 UTC).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topology } from '../../infra/topology.ts';
import { awsSmsEventStatuses, parseAwsSmsEventRecord } from '../../shared/partners/sms/aws-end-user-messaging.ts';
import { SmsReceiptError } from '../../shared/partners/sms/provider.ts';

const at = Date.parse('2026-12-01T09:00:00.000Z');
const record = (over: Record<string, unknown> = {}) => ({
  eventType: 'TEXT_DELIVERED',
  eventVersion: '1.0',
  eventTimestamp: at,
  isFinal: true,
  destinationPhoneNumber: '+84912345678',
  messageId: 'aws-msg-1',
  messageStatus: 'DELIVERED',
  context: { reference: 'sms-0001' },
  ...over,
});
const formatError = (body: string) => {
  try {
    parseAwsSmsEventRecord(body);
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('an sms-events record', () => {
  it('reads a raw record (the topic\'s raw delivery) and the same record in an SNS notification alike', () => {
    const raw = JSON.stringify(record());
    const envelope = JSON.stringify({ Type: 'Notification', MessageId: 'sns-1', TopicArn: 'arn:aws:sns:ap-southeast-1:000000000000:motcua-sms-events', Message: raw });
    const expected = { providerMessageId: 'aws-msg-1', status: 'delivered', at: '2026-12-01T09:00:00.000Z', providerStatus: 'TEXT_DELIVERED', reference: 'sms-0001' };

    expect(parseAwsSmsEventRecord(raw)).toEqual(expected);
    expect(parseAwsSmsEventRecord(envelope)).toEqual(expected);
  });

  it('fails a body that is not JSON, not an SMS event, or an SNS notification around garbage, naming no phone', () => {
    for (const body of ['', 'not json', '{"Type":"Notification","Message":"{oops"}', JSON.stringify(record({ eventType: 'VOICE_COMPLETED' })), JSON.stringify(record({ messageId: '' }))]) {
      const error = formatError(body) as SmsReceiptError;
      expect(error, body).toBeInstanceOf(SmsReceiptError);
      expect(error.reason).toBe('format');
      expect(error.message).not.toContain('912345678');
    }
  });

  it('either reads any body or fails it as a format error, never anything else (property)', () => {
    const bodies = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 3 }),
      fc.record({ eventType: fc.constantFrom(...Object.keys(awsSmsEventStatuses), 'TEXT_NEW'), eventTimestamp: fc.oneof(fc.integer(), fc.maxSafeNat()), messageId: fc.string({ maxLength: 220 }), isFinal: fc.boolean() }).map((r) => JSON.stringify(r)),
    );
    fc.assert(
      fc.property(bodies, (body) => {
        const error = formatError(body);
        if (error !== undefined) expect(error).toBeInstanceOf(SmsReceiptError);
      }),
    );
  });
});

describe('the configuration set\'s event destination', () => {
  it('publishes exactly the final text events the parser maps to a status (no queued or pending noise on the queue)', () => {
    const final = Object.entries(awsSmsEventStatuses).filter(([, status]) => status !== null).map(([type]) => type);
    expect([...topology().smsConfigurationSet.eventTypes].sort()).toEqual(final.sort());
  });
});
