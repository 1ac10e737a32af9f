/**
 * A generic HTTP brandname gateway, of the kind Vietnamese carriers' resellers offer
 * (docs/sms-integration.md, "The brandname gateway"):
 *
 *   POST {baseUrl}/v1/messages   Authorization: Bearer <api key>
 *   { requestId, brandname, phone: "84…" (no +), message, unicode: 0|1 }
 *   201 { messageId, status }    accepted
 *   200 { messageId, status }    a repeat of a known requestId: the first messageId, never a second SMS
 *   429                          throttled: try again later
 *   other 4xx { code, message }  refused for good (INVALID_PHONE, OPTED_OUT, CONTENT_REFUSED, ...)
 *   5xx, timeout, network        the gateway is down: fail over
 *
 * Receipts come back to motcua's webhook signed (./signature.ts); parseBrandnameReceipt reads them.
 */
import * as z from 'zod';
import { SmsPermanentError, SmsProviderDownError, SmsReceiptError, SmsTemporaryError, type SmsMessage, type SmsProvider, type SmsReceipt } from './provider.ts';
import { verifyReceiptSignature } from './signature.ts';

export interface HttpBrandnameOptions {
  baseUrl: string;
  apiKey: string;
  /** The provider id the sms function records (default `brandname`). */
  id?: string;
  /** Per request, answer included (default 5000 ms). */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** The gateway's phone form: E.164 without the plus. Example: `gatewayPhone('+84912345678')` → `84912345678`. */
export const gatewayPhone = (e164: string) => e164.replace(/^\+/, '');

/** The brandname gateway over HTTP. Example: `await new HttpBrandnameProvider({ baseUrl, apiKey }).send(message)`. */
export class HttpBrandnameProvider implements SmsProvider {
  readonly id: string;
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof globalThis.fetch;

  constructor({ baseUrl, apiKey, id = 'brandname', timeoutMs = 5000, fetch = globalThis.fetch }: HttpBrandnameOptions) {
    this.id = id;
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.apiKey = apiKey;
    this.timeoutMs = timeoutMs;
    this.fetch = fetch;
  }

  async send(m: SmsMessage): Promise<{ providerMessageId: string }> {
    const about = `${this.id} for ${m.reference}`;
    let res: Response;
    let text: string;
    try {
      // One signal for the request and its body: a gateway that sends headers and stalls is down too.
      const signal = AbortSignal.timeout(this.timeoutMs);
      res = await this.fetch(`${this.baseUrl}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.apiKey}` },
        body: JSON.stringify({ requestId: m.reference, brandname: m.sender, phone: gatewayPhone(m.to), message: m.text, unicode: m.encoding === 'UCS-2' ? 1 : 0 }),
        signal,
      });
      text = await res.text();
    } catch (error) {
      const what = (error as Error)?.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : `network error (${(error as Error)?.name ?? 'unknown'})`;
      throw new SmsProviderDownError(`${about}: ${what}`, { cause: error, code: 'NETWORK' });
    }
    const code = codeOf(text) ?? `HTTP ${res.status}`;
    if (res.status >= 500) throw new SmsProviderDownError(`${about}: answered ${res.status} (${code})`, { code });
    if (res.status === 429) throw new SmsTemporaryError(`${about}: throttled (${code})`, { code });
    if (res.status >= 400) throw new SmsPermanentError(`${about}: refused with ${res.status} (${code})`, { code });
    const messageId = messageIdOf(text);
    if ((res.status !== 200 && res.status !== 201) || !messageId) throw new SmsProviderDownError(`${about}: answered ${res.status} without a messageId`, { code: `HTTP ${res.status}` });
    return { providerMessageId: messageId };
  }
}

const acceptedAnswer = z.object({ messageId: z.string().min(1).max(200) });
/** The gateway's error code, only if it is a plain word: an arbitrary body may echo the phone or the text. */
const errorAnswer = z.object({ code: z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/) });

function messageIdOf(text: string): string | undefined {
  return acceptedAnswer.safeParse(safeJson(text)).data?.messageId;
}

function codeOf(text: string): string | undefined {
  return errorAnswer.safeParse(safeJson(text)).data?.code;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The gateway's final statuses (SMPP delivery-receipt words) and what each means for motcua. */
export const brandnameStatuses = {
  DELIVRD: 'delivered',
  // Undeliverable or rejected by the carrier: the number or the content is wrong, retrying cannot help.
  UNDELIV: 'permanent-failure',
  REJECTD: 'permanent-failure',
  // The validity period ran out, typically a phone off or out of coverage: Notify's temporary failure.
  EXPIRED: 'temporary-failure',
} as const satisfies Record<string, SmsReceipt['status']>;

const brandnameReceipt = z.object({
  messageId: z.string().min(1).max(200),
  requestId: z.string().min(1).max(200).optional(),
  status: z.enum(Object.keys(brandnameStatuses) as [keyof typeof brandnameStatuses, ...(keyof typeof brandnameStatuses)[]]),
  doneAt: z.iso.datetime({ offset: true }),
});

/**
 * A brandname delivery receipt, verified: the X-Signature must be HMAC-SHA256(secret, rawBody).
 * Throws SmsReceiptError ('signature' or 'format'). Example:
 * `parseBrandnameReceipt(event.body, event.headers, secret)` → `{ providerMessageId, status: 'delivered', ... }`.
 */
export function parseBrandnameReceipt(rawBody: string, headers: Record<string, string | string[] | undefined>, secret: string): SmsReceipt {
  verifyReceiptSignature(rawBody, headers, secret);
  const parsed = brandnameReceipt.safeParse(safeJson(rawBody));
  if (!parsed.success) throw new SmsReceiptError(`brandname receipt malformed at ${parsed.error.issues[0]!.path.join('.') || 'body'}`, 'format');
  const r = parsed.data;
  return {
    providerMessageId: r.messageId,
    status: brandnameStatuses[r.status],
    at: new Date(r.doneAt).toISOString(),
    providerStatus: r.status,
    ...(r.requestId ? { reference: r.requestId } : {}),
  };
}
