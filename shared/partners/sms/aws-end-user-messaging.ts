/**
 * AWS End User Messaging SMS (the Pinpoint SMS and Voice v2 API) as an SmsProvider: one
 * SendTextMessage per message, its errors mapped to what the sms function does next, and the
 * event-destination records it publishes read back as receipts.
 *
 * SendTextMessage has no idempotency key: a repeated call is a second SMS. The reference goes in
 * `Context` (echoed in every event), but guarding against a resend is the caller's job (mark the
 * message "sending" before the call). docs/sms-integration.md says so too.
 *
 * Build the client with `maxAttempts: 1`: the sms function owns retries and fail-over, and the
 * SDK's own retries would hide a throttle or an outage behind seconds of waiting.
 */
import { SendTextMessageCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import * as z from 'zod';
import { SmsPermanentError, SmsProviderDownError, SmsReceiptError, SmsTemporaryError, type SmsMessage, type SmsProvider, type SmsReceipt } from './provider.ts';

/** The provider id notices record for AWS End User Messaging SMS (and receipts are looked up by). */
export const awsSmsProviderId = 'aws-sms';

export interface AwsEndUserMessagingOptions {
  client: PinpointSMSVoiceV2Client;
  /** The provider id the sms function records (default `aws-sms`). */
  id?: string;
  /** Sender id, phone number or pool (id or ARN); default: the message's `sender` (a registered sender id). */
  originationIdentity?: string;
  /** The configuration set whose event destination carries receipts (SNS or Firehose). */
  configurationSetName?: string;
  /** How long the carrier keeps trying, seconds (AWS default 259200 = 72 h). */
  timeToLiveSeconds?: number;
}

/** Error names AWS documents for SendTextMessage, by what they mean for a retry. */
const temporaryErrors = new Set(['ThrottlingException', 'ServiceQuotaExceededException']);
// Conflict covers an opted-out destination (Reason DESTINATION_PHONE_NUMBER_OPTED_OUT); AccessDenied an
// account or sender not allowed for the country: neither heals by itself, nor on a retry.
const permanentErrors = new Set(['ValidationException', 'ResourceNotFoundException', 'ConflictException', 'AccessDeniedException']);

/** The provider. Example: `new AwsEndUserMessagingProvider({ client: new PinpointSMSVoiceV2Client({ maxAttempts: 1 }), configurationSetName: 'motcua-sms' })`. */
export class AwsEndUserMessagingProvider implements SmsProvider {
  readonly id: string;
  constructor(private readonly options: AwsEndUserMessagingOptions) {
    this.id = options.id ?? awsSmsProviderId;
  }

  async send(m: SmsMessage): Promise<{ providerMessageId: string }> {
    const about = `${this.id} for ${m.reference}`;
    let messageId: string | undefined;
    try {
      const out = await this.options.client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: m.to,
          MessageBody: m.text,
          // Transactional: dossier notices, routed for reliability rather than price.
          MessageType: 'TRANSACTIONAL',
          OriginationIdentity: this.options.originationIdentity ?? m.sender,
          ...(this.options.configurationSetName ? { ConfigurationSetName: this.options.configurationSetName } : {}),
          ...(this.options.timeToLiveSeconds ? { TimeToLive: this.options.timeToLiveSeconds } : {}),
          Context: { reference: m.reference },
        }),
      );
      messageId = out.MessageId;
    } catch (error) {
      throw mapAwsError(error, about);
    }
    if (!messageId) throw new SmsProviderDownError(`${about}: answered without a MessageId`, { code: 'NO_MESSAGE_ID' });
    return { providerMessageId: messageId };
  }
}

/** An SDK error as the sms function's error family; the message names the code only (AWS messages may quote the number). */
function mapAwsError(error: unknown, about: string): Error {
  const e = error as { name?: string; $fault?: string; $metadata?: { httpStatusCode?: number } };
  const code = typeof e?.name === 'string' ? e.name : 'Error';
  const status = e?.$metadata?.httpStatusCode;
  if (temporaryErrors.has(code)) return new SmsTemporaryError(`${about}: ${code}`, { cause: error, code });
  if (permanentErrors.has(code)) return new SmsPermanentError(`${about}: ${code}`, { cause: error, code });
  // InternalServerException, any other 5xx, and errors with no HTTP answer at all (refused, reset, timed out).
  if (e?.$fault === 'server' || status === undefined || status >= 500) return new SmsProviderDownError(`${about}: ${code}${status ? ` (${status})` : ''}`, { cause: error, code });
  return new SmsPermanentError(`${about}: ${code} (${status})`, { cause: error, code });
}

/**
 * Event types and what each means for a message (AWS End User Messaging SMS user guide, "Event
 * types for SMS"); `null`: not final yet, the message is still sending.
 */
export const awsSmsEventStatuses: Record<string, SmsReceipt['status'] | null> = {
  TEXT_QUEUED: null,
  TEXT_PENDING: null,
  TEXT_DELIVERED: 'delivered',
  // Accepted by the recipient's carrier; in some countries it stands for delivered, then it is final (isFinal).
  TEXT_SUCCESSFUL: 'delivered',
  TEXT_BLOCKED: 'permanent-failure',
  TEXT_INVALID: 'permanent-failure',
  TEXT_INVALID_MESSAGE: 'permanent-failure',
  TEXT_CARRIER_BLOCKED: 'permanent-failure',
  TEXT_SPAM: 'permanent-failure',
  TEXT_PROTECT_BLOCKED: 'permanent-failure',
  // Phone off, out of coverage, carrier network trouble: Notify's temporary failure (may be sent again).
  TEXT_TTL_EXPIRED: 'temporary-failure',
  TEXT_CARRIER_UNREACHABLE: 'temporary-failure',
  TEXT_UNREACHABLE: 'temporary-failure',
  // "May be temporary or permanent": taken as temporary so that a later attempt stays possible.
  TEXT_UNKNOWN: 'temporary-failure',
};

const awsSmsEvent = z.object({
  eventType: z.string().max(100),
  // Milliseconds since the epoch, within what a Date holds (8.64e15): past it, toISOString throws.
  eventTimestamp: z.number().int().nonnegative().max(8.64e15),
  isFinal: z.boolean().optional(),
  messageId: z.string().min(1).max(200),
  messageStatus: z.string().max(100).optional(),
  context: z.record(z.string(), z.string()).optional(),
});

/**
 * An event-destination record as a receipt: the record itself (Firehose, CloudWatch) or inside an
 * SNS notification (`Message` as a JSON string). `null` for an event that is not final
 * (queued, pending, a success that is not final). Throws SmsReceiptError('format') for anything else.
 */
export function parseAwsSmsEvent(event: unknown): SmsReceipt | null {
  const record = snsMessage(event) ?? event;
  const parsed = awsSmsEvent.safeParse(record);
  if (!parsed.success) throw new SmsReceiptError(`AWS SMS event malformed at ${parsed.error.issues[0]!.path.join('.') || 'body'}`, 'format');
  const e = parsed.data;
  if (!(e.eventType in awsSmsEventStatuses)) throw new SmsReceiptError(`AWS SMS event type ${e.eventType.slice(0, 40)} is not an SMS event motcua knows`, 'format');
  const status = awsSmsEventStatuses[e.eventType]!;
  if (status === null || (e.eventType === 'TEXT_SUCCESSFUL' && e.isFinal !== true)) return null;
  return {
    providerMessageId: e.messageId,
    status,
    at: new Date(e.eventTimestamp).toISOString(),
    providerStatus: e.eventType,
    ...(e.context?.reference ? { reference: e.context.reference } : {}),
  };
}

/**
 * A record of the sms-events queue (an SQS body) as a receipt: the event itself (the topic's raw
 * delivery) or an SNS notification around it. `null` for an event that is not final; throws
 * SmsReceiptError('format') for anything that is not an SMS event, so the record fails.
 */
export function parseAwsSmsEventRecord(body: string): SmsReceipt | null {
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    throw new SmsReceiptError('AWS SMS event is not JSON', 'format');
  }
  return parseAwsSmsEvent(event);
}

function snsMessage(event: unknown): unknown {
  const e = event as { Type?: unknown; Message?: unknown } | null;
  if (typeof e !== 'object' || e === null || e.Type !== 'Notification' || typeof e.Message !== 'string') return undefined;
  try {
    return JSON.parse(e.Message);
  } catch {
    throw new SmsReceiptError('SNS notification Message is not JSON', 'format');
  }
}
