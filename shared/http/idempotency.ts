/**
 * `Idempotency-Key` for the API: one syntax, records scoped to the operation, and a replay only
 * after the operation has authorized the caller. An operation calls `once(act, replay)` once it
 * knows who may do what: the first request with a key runs `act`, whose first committed change
 * carries the key's record (shared/aws/idempotency-store.ts); a later request with the same key
 * and the same caller, path and body gets `replay(stored)`; with anything else, a 422.
 *
 * By default the record is looked up before `act` runs. An operation whose `act` writes nothing
 * before the transaction that carries the record (an online create) passes `{ lookFirst: false }`:
 * the record's own condition then finds a used key (the transaction is cancelled on it, and the
 * record is read and replayed), and so does any refusal of `act` (e.g. the draft cap, full since
 * the first request made its draft), which reads the record before it answers.
 */
import { createHash } from 'node:crypto';
import { IdempotencyMismatchError } from '../domain/errors.ts';
import { IdempotencyRaceError, type IdempotencyRecord, type IdempotencyResult, type IdempotencyStore } from '../aws/idempotency-store.ts';
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

export interface OnceOptions {
  /**
   * Look the key's record up before `act` (default). `false` only where `act` writes nothing
   * before the transaction carrying the record: one read less for every first request.
   */
  lookFirst?: boolean;
}

/** `once` for one request; `used()` tells whether the operation called it. */
export function onceFor(ctx: OnceContext) {
  let called = false;
  async function once<T>(act: () => Promise<T>, replay: (stored: IdempotencyResult) => Promise<T>, options: OnceOptions = {}): Promise<T> {
    if (called) throw new Error(`${ctx.operationId}: once() called twice in one request`);
    called = true;
    if (!ctx.key) return act();
    const id = `${ctx.operationId}#${keyedHash(ctx.secret, 'idempotency-key', ctx.key)}`;
    const fingerprint = keyedHash(ctx.secret, 'idempotency-fingerprint', ctx.request.scope, ctx.request.path, JSON.stringify(ctx.request.body ?? null));
    const replayed = (record: IdempotencyRecord) => {
      if (record.fingerprint !== fingerprint)
        throw new IdempotencyMismatchError('Idempotency-Key này đã được dùng cho một yêu cầu khác (người gửi, đường dẫn hoặc nội dung khác); hãy dùng khóa mới cho yêu cầu mới');
      return replay(record.result);
    };
    const lookFirst = options.lookFirst ?? true;
    if (lookFirst) {
      const record = await ctx.store.get(id, ctx.now);
      if (record) return replayed(record);
    }
    const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
    try {
      return await ctx.store.runOnce({ id, fingerprint, expiration: nowSeconds + idempotencyTtlSeconds, createdAt: ctx.now.toISOString() }, ctx.now, act);
    } catch (error) {
      // The same key committed by a request running at the same moment (or, not looked up first,
      // by an earlier request): answer as its retry.
      if (error instanceof IdempotencyRaceError) {
        const record = await ctx.store.get(id, ctx.now);
        if (!record) throw new Error(`${ctx.operationId}: idempotency record vanished after a race`);
        return replayed(record);
      }
      // Not looked up first: a refusal now may be the retry of a request that succeeded then.
      const record = lookFirst ? undefined : await ctx.store.get(id, ctx.now).catch(() => undefined);
      if (record) return replayed(record);
      throw error;
    }
  }
  return { once, used: () => called };
}
