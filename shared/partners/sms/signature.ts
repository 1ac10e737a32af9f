/**
 * The signature on a delivery receipt POSTed to motcua's webhook:
 * `X-Signature: hex(HMAC-SHA256(secret, rawBody))` over the exact bytes received
 * (docs/sms-integration.md, "Receipts"). The brandname gateway signs this way; the local gateway
 * signs its AWS-shaped events the same way.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SmsReceiptError } from './provider.ts';

export const signatureHeader = 'x-signature';

/** The signature of a body. Example: `receiptSignature('s3cret', '{"messageId":"m1"}')` → 64 hex digits. */
export function receiptSignature(secret: string, rawBody: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex');
}

/** A header by name whatever its case (API Gateway lower-cases them; Node gives arrays for repeats). */
export function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Throws SmsReceiptError('signature') unless the body carries the secret's signature (compared in constant time). */
export function verifyReceiptSignature(rawBody: string, headers: Record<string, string | string[] | undefined>, secret: string): void {
  const given = headerOf(headers, signatureHeader)?.trim().toLowerCase() ?? '';
  const expected = Buffer.from(receiptSignature(secret, rawBody), 'hex');
  const actual = /^[0-9a-f]{64}$/.test(given) ? Buffer.from(given, 'hex') : Buffer.alloc(0);
  // timingSafeEqual needs equal lengths; a wrong length is refused before it, which leaks only the length.
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new SmsReceiptError('receipt signature does not verify', 'signature');
}
