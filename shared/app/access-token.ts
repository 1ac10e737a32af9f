/**
 * Dossier access tokens: citizens have no accounts, so creating a dossier hands out a token that
 * later proves "this is my dossier". It is derived under the application secret from the create's
 * Idempotency-Key (shared/app/keys.ts), so a retried create gives it back without it being stored
 * anywhere; only its SHA-256 is kept on the dossier. 256 bits need no salt or slow hash.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.ts';

export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time check of a presented token against the stored hash. */
export function tokenMatches(presented: string | undefined, storedHash: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(hashAccessToken(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The citizen's proof for actions on a dossier: 401 without the X-Dossier-Token header, 403 when it does not match. */
export function requireToken(presented: string | undefined, storedHash: string): void {
  if (!presented) throw new UnauthorizedError('cần header X-Dossier-Token (mã truy cập nhận khi tạo hồ sơ)');
  if (!tokenMatches(presented, storedHash)) throw new ForbiddenError('mã truy cập hồ sơ không đúng');
}
