/**
 * The payment gateway's credentials from its secret: in production the JSON the post office
 * copies from VNPay's merchant registration mail, `{"tmnCode": "...", "hashSecret": "..."}` (put by
 * the operator, docs/payment-integration.md). A secret that is not that JSON (the value Secrets
 * Manager generates at the first deploy, or the local stand-in's) yields both by HMAC, so the local
 * gateway and motcua agree without a setup step.
 */
import { createHmac } from 'node:crypto';

/** `{ tmnCode, hashSecret }` from the secret's value. Example: `paymentGatewayCredentials('{"tmnCode":"2QXUI4J4","hashSecret":"…"}')`. */
export function paymentGatewayCredentials(secret: string): { tmnCode: string; hashSecret: string } {
  let parsed: { tmnCode?: unknown; hashSecret?: unknown } | undefined;
  try {
    parsed = JSON.parse(secret) as typeof parsed;
  } catch {
    /* not JSON: derive */
  }
  if (typeof parsed === 'object' && parsed !== null && ('tmnCode' in parsed || 'hashSecret' in parsed)) {
    // The operator's JSON, mistyped: fail at cold start rather than sign with a key VNPay never issued.
    if (typeof parsed.tmnCode !== 'string' || !/^[A-Za-z0-9]{8}$/.test(parsed.tmnCode)) throw new Error('payment gateway secret: tmnCode must be 8 letters or digits');
    if (typeof parsed.hashSecret !== 'string' || parsed.hashSecret.length === 0) throw new Error('payment gateway secret: hashSecret missing');
    return { tmnCode: parsed.tmnCode, hashSecret: parsed.hashSecret };
  }
  const derive = (what: string) => createHmac('sha256', secret).update(what).digest();
  // vnp_TmnCode is Alphanumeric[8] (pay.html); VNPay issues upper-case letters and digits.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const tmnCode = [...derive('payment-gateway-tmn-code').subarray(0, 8)].map((b) => alphabet[b % alphabet.length]).join('');
  return { tmnCode, hashSecret: derive('payment-gateway-hash-secret').toString('hex').slice(0, 32).toUpperCase() };
}
