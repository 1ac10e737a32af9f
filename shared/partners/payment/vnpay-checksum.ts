/**
 * The VNPay 2.1.0 wire format motcua signs and verifies (docs/payment-integration.md, "Checksum"):
 *
 * - Redirect, return and IPN: the `vnp_*` parameters with a non-empty value, except
 *   `vnp_SecureHash` and `vnp_SecureHashType`, sorted by name (code-unit order), each value
 *   form-urlencoded (UTF-8 bytes, space as `+`, only `A-Z a-z 0-9 * - . _` left as they are: Java's
 *   `URLEncoder.encode`, which VNPay's own Java demo uses, and the WHATWG `URLSearchParams`
 *   serializer, which are the same), joined as `k=v&k=v`; `vnp_SecureHash` is the lower-case hex
 *   HMAC-SHA512 of those bytes keyed by the hash secret. Read on VNPay's sandbox documentation
 *   (https://sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html, the example URL on
 *   .../chuyen-doi-thuat-toan/changeTypeHash.html: `Thanh+toan+don+hang+%3A5`,
 *   `https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl`) and VNPay's demo code as copied in public
 *   repositories (Java `ajaxServlet`, PHP `vnpay_create_payment.php`, Node `sortObject`).
 * - querydr: no sorting; the values joined by `|` in the order the API lists them
 *   (./vnpay.ts, `queryRequestFields`), HMAC-SHA512 hex as above.
 *
 * The demos disagree on a few characters (PHP's `urlencode` encodes `*`, Node's
 * `encodeURIComponent` leaves `! ' ( ) * ~`), so motcua sends only characters all of them encode
 * alike: `vnp_OrderInfo` is limited to letters, digits, space and `- . _ : /` (./vnpay.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PaymentSignatureError } from './provider.ts';

/** The parameter names the checksum never covers. */
const unsigned = new Set(['vnp_SecureHash', 'vnp_SecureHashType']);

/** The string VNPay signs for a redirect, return or IPN. Example: `{ vnp_B: 'x y', vnp_A: '1' }` → `vnp_A=1&vnp_B=x+y`. */
export function vnpaySignData(params: Record<string, string>): string {
  const entries = Object.entries(params)
    .filter(([k, v]) => k.startsWith('vnp_') && !unsigned.has(k) && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(entries).toString();
}

/** Lower-case hex HMAC-SHA512 of `data` under `hashSecret` (128 hex digits). */
export function vnpayHmac(hashSecret: string, data: string): string {
  return createHmac('sha512', hashSecret).update(data, 'utf8').digest('hex');
}

/** The query string of a signed redirect: the signed data, then `vnp_SecureHash`. */
export function vnpaySignedQuery(hashSecret: string, params: Record<string, string>): string {
  const data = vnpaySignData(params);
  return `${data}&vnp_SecureHash=${vnpayHmac(hashSecret, data)}`;
}

/** Throws PaymentSignatureError unless `given` is the checksum of `data` (hex, either case; compared in constant time). */
export function verifyVnpayHmac(hashSecret: string, data: string, given: string | undefined, about: string): void {
  if (given === undefined || given === '') throw new PaymentSignatureError(`${about}: no vnp_SecureHash`, 'missing');
  if (!/^[0-9a-fA-F]{128}$/.test(given)) throw new PaymentSignatureError(`${about}: vnp_SecureHash is not 128 hex digits`, 'malformed');
  const expected = Buffer.from(vnpayHmac(hashSecret, data), 'hex');
  if (!timingSafeEqual(Buffer.from(given, 'hex'), expected)) throw new PaymentSignatureError(`${about}: vnp_SecureHash does not verify`, 'mismatch');
}

/** Throws PaymentSignatureError unless a return or IPN query carries its own checksum. */
export function verifyVnpayQuery(hashSecret: string, query: Record<string, string>, about: string): void {
  verifyVnpayHmac(hashSecret, vnpaySignData(query), query.vnp_SecureHash, about);
}
