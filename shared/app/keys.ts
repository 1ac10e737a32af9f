/**
 * Keyed hashes and derivations under the application secret (shared/aws/secrets.ts). Each use
 * names its purpose, so a value derived for one can never stand in for another.
 *
 * Example: `keyedHash(secret, 'applicant-cccd', '064190012345')` -> 64 hex characters, the same
 * for the same secret and number, useless without the secret.
 */
import { createHmac } from 'node:crypto';

export type KeyPurpose = 'idempotency-key' | 'idempotency-fingerprint' | 'access-token' | 'applicant-cccd' | 'applicant-tax-code' | 'applicant-phone';

export function keyedHash(secret: Buffer, purpose: KeyPurpose, ...parts: string[]): string {
  const mac = createHmac('sha256', secret).update(purpose);
  // Length-prefixed parts: ("ab","c") and ("a","bc") never collide.
  for (const part of parts) mac.update(`\u0000${part.length}:${part}`);
  return mac.digest('hex');
}

/**
 * The access token of the dossier a create makes under an Idempotency-Key: derived, not stored,
 * so a retried create gives the citizen their token again while the idempotency record holds
 * nothing that reveals it (256 bits, base64url, like a random token).
 */
export function deriveAccessToken(secret: Buffer, operation: string, idempotencyKey: string): string {
  return Buffer.from(keyedHash(secret, 'access-token', operation, idempotencyKey), 'hex').toString('base64url');
}
