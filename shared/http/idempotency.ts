/**
 * `Idempotency-Key` for the API: one syntax, records scoped to the operation, and a replay only
 * after the operation has authorized the caller. An operation calls `once(act, replay)` once it
 * knows who may do what: the first request with a key runs `act`, whose first committed change
 * carries the key's record (shared/aws/idempotency-store.ts); a later request with the same key
 * and the same caller, path and body gets `replay(stored)`; with anything else, a 422.
 */
import { createHash } from 'node:crypto';
import { IdempotencyMismatchError } from '../domain/errors.ts';
import { IdempotencyRaceError, type IdempotencyResult, type IdempotencyStore } from '../aws/idempotency-store.ts';
import { keyedHash } from '../app/keys.ts';
import type { Caller } from './claims.ts';

/** How long a key is remembered. */
export const idempotencyTtlSeconds = 24 * 3600;

/**
 * Who is asking, as far as a replay is concerned: the staff member (JWT subject), the holder of a
 * dossier token (its hash), or nobody (an anonymous create: the key itself is the credential).
 */
export function callerScope(caller: Caller | undefined, dossierToken: string | undefined): string {
  if (caller) return `sub:${caller.sub}`;
  if (dossierToken) return `token:${createHash('sha256').update(dossierToken).digest('hex')}`;
  return 'anonymous';
}

export interface OnceContext {
  store: IdempotencyStore;
  secret: Buffer;
  operationId: string;
  key: string | undefined;
  /** Caller scope, path and body: what a replay must match. */
  request: { scope: string; path: string; body: unknown };
  now: Date;
}

/** `once` for one request; `used()` tells whether the operation called it. */
export function onceFor(ctx: OnceContext) {
  let called = false;
  async function once<T>(act: () => Promise<T>, replay: (stored: IdempotencyResult) => Promise<T>): Promise<T> {
    if (called) throw new Error(`${ctx.operationId}: once() called twice in one request`);
    called = true;
    if (!ctx.key) return act();
    const id = `${ctx.operationId}#${keyedHash(ctx.secret, 'idempotency-key', ctx.key)}`;
    const fingerprint = keyedHash(ctx.secret, 'idempotency-fingerprint', ctx.request.scope, ctx.request.path, JSON.stringify(ctx.request.body ?? null));
    const replayed = async () => {
      const record = await ctx.store.get(id, ctx.now);
      if (!record) throw new Error(`${ctx.operationId}: idempotency record vanished after a race`);
      if (record.fingerprint !== fingerprint)
        throw new IdempotencyMismatchError('Idempotency-Key này đã được dùng cho một yêu cầu khác (người gửi, đường dẫn hoặc nội dung khác); hãy dùng khóa mới cho yêu cầu mới');
      return replay(record.result);
    };
    if (await ctx.store.get(id, ctx.now)) return replayed();
    const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
    try {
      return await ctx.store.runOnce({ id, fingerprint, expiration: nowSeconds + idempotencyTtlSeconds, createdAt: ctx.now.toISOString() }, ctx.now, act);
    } catch (error) {
      // The same key committed by a request running at the same moment: answer as its retry.
      if (error instanceof IdempotencyRaceError) return replayed();
      throw error;
    }
  }
  return { once, used: () => called };
}
