/**
 * What the `sms` function needs of an SMS provider: one message in, the provider's id for it out,
 * and a typed error that says what to do next. Both production adapters (./aws-end-user-messaging.ts,
 * ./http-brandname.ts) and the local gateway (infra/local/sms-gateway.ts) keep this contract;
 * docs/sms-integration.md describes it for the outside.
 *
 * Error messages name the provider, the reference (the outbox message id) and a code, never the
 * phone number or the text: ARCHITECTURE.md, "Personal data never appears in logs".
 */

/** One SMS to one phone. */
export interface SmsMessage {
  /** The outbox message id: the idempotency key at the provider (where the provider has one). */
  reference: string;
  /** E.164, e.g. `+84912345678`. */
  to: string;
  text: string;
  encoding: 'GSM-7' | 'UCS-2';
  /** The brandname (sender id), at most 11 characters. */
  sender: string;
}

/** A provider that sends one SMS at a time. */
export interface SmsProvider {
  readonly id: string;
  send(m: SmsMessage): Promise<{ providerMessageId: string }>;
}

/** What a delivery receipt says, in GOV.UK Notify's vocabulary (docs/sms-integration.md, "Statuses"). */
export interface SmsReceipt {
  providerMessageId: string;
  status: 'delivered' | 'temporary-failure' | 'permanent-failure';
  /** When the provider saw the final state, ISO 8601 UTC. */
  at: string;
  /** The provider's own status word, as it gave it (`DELIVRD`, `TEXT_TTL_EXPIRED`, ...). */
  providerStatus: string;
  /** The reference the message was sent with, when the provider echoes it. */
  reference?: string;
}

interface SmsErrorOptions {
  cause?: unknown;
  /** The provider's error code (`ThrottlingException`, `INVALID_PHONE`, `HTTP 503`, ...). */
  code?: string;
}

/** What both failures of a send share: the provider's error code, and the cause kept for the logs' correlation. */
abstract class SmsSendError extends Error {
  readonly code: string | undefined;
  constructor(message: string, options: SmsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
  }
}

/** Retry later, with backoff: throttled, 5xx, timeout, network. */
export class SmsTemporaryError extends SmsSendError {
  override name = 'SmsTemporaryError';
}

/** Never retry, on this provider or another: invalid number, opted out, content refused. */
export class SmsPermanentError extends SmsSendError {
  override name = 'SmsPermanentError';
}

/** The provider itself is unreachable or failing (5xx, timeout, network): fail over to the other one. */
export class SmsProviderDownError extends SmsTemporaryError {
  override name = 'SmsProviderDownError';
}

/** A delivery receipt that cannot be trusted or read: a bad signature (answer 401) or a malformed body (400). */
export class SmsReceiptError extends Error {
  override name = 'SmsReceiptError';
  constructor(
    message: string,
    readonly reason: 'signature' | 'format',
  ) {
    super(message);
  }
}
