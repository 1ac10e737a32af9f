/**
 * The brandname gateway's credentials from its secret: in production the JSON the gateway issued,
 * `{"apiKey": "...", "receiptSecret": "..."}` (put by the operator, docs/sms-integration.md). A
 * secret that is not that JSON (the value Secrets Manager generates at the first deploy, or the
 * local stand-in's) yields both by HMAC, so the local gateway and motcua agree without a setup step.
 */
import { createHmac } from 'node:crypto';

export function smsGatewayCredentials(secret: string): { apiKey: string; receiptSecret: string } {
  try {
    const parsed = JSON.parse(secret) as { apiKey?: unknown; receiptSecret?: unknown };
    if (typeof parsed.apiKey === 'string' && typeof parsed.receiptSecret === 'string') return { apiKey: parsed.apiKey, receiptSecret: parsed.receiptSecret };
  } catch {
    /* not JSON: derive */
  }
  const derive = (what: string) => createHmac('sha256', secret).update(what).digest('base64url');
  return { apiKey: derive('sms-gateway-api-key'), receiptSecret: derive('sms-gateway-receipt-secret') };
}
