/**
 * Dossiers in DynamoDB (single table `dossiers`). Every access is a key lookup or a query on one
 * partition:
 *
 * | item             | pk                         | sk                  |
 * |------------------|----------------------------|---------------------|
 * | dossier          | DOSSIER#<code>             | DOSSIER             |
 * | event            | DOSSIER#<code>             | EVENT#<seq, 6 digits> |
 * | marker           | DOSSIER#<code>             | MARKER#<what>       |
 * | staff access     | DOSSIER#<code>             | ACCESS#<at>#<id>    |
 * | daily counter    | COUNTER#<agency code>#<YYMMDD> | COUNTER         |
 * | applicant drafts | APPLICANT#<keyed hash>     | DRAFTS              |
 *
 * A dossier change and its event are written in one transaction, guarded by the dossier's
 * version; the stream of that table drives the router (the transactional outbox). A staff access
 * entry is one PutItem beside them: it never changes the version (a read never makes a decision
 * stale) and is no event (the router ignores it).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StaffAccess } from '../domain/access.ts';
import type { Dossier, DossierEvent } from '../domain/dossier.ts';
import type { DossierState } from '../domain/state-machine.ts';
import { IdempotencyRaceError, idempotencyPut, type TransactItem } from './idempotency-store.ts';

export type { TransactItem };

/**
 * The cancellation reasons of a failed transaction whose last `idempotencyItems` items are the
 * request's idempotency record: its condition failing means another request with the same key
 * committed first.
 */
function raceOrRethrow(error: unknown, idempotencyItems: number): TransactionCanceledException {
  if (!(error instanceof TransactionCanceledException)) throw error;
  const reasons = error.CancellationReasons ?? [];
  if (idempotencyItems > 0 && reasons[reasons.length - 1]?.Code === 'ConditionalCheckFailed') throw new IdempotencyRaceError();
  return error;
}

const dossierKey = (code: string) => ({ pk: `DOSSIER#${code}`, sk: 'DOSSIER' });
const eventKey = (code: string, seq: number) => ({ pk: `DOSSIER#${code}`, sk: `EVENT#${String(seq).padStart(6, '0')}` });
/** Counters outlive their day by a week (TTL), long enough for any late lookup. */
const counterTtlSeconds = 8 * 24 * 3600;

export class DossierStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Allocates the next number of the day at an agency: an atomic ADD, so concurrent submissions
   * never share a number. A number whose dossier then fails to be written is skipped (a gap), never
   * reused.
   */
  async nextSequence(agencyCode: string, day: string, now: Date): Promise<number> {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `COUNTER#${agencyCode}#${day}`, sk: 'COUNTER' },
        UpdateExpression: 'ADD seq :one SET expiresAt = if_not_exists(expiresAt, :ttl)',
        ExpressionAttributeValues: { ':one': 1, ':ttl': Math.floor(now.getTime() / 1000) + counterTtlSeconds },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.seq);
  }

  /**
   * Writes a new dossier and its first events atomically, with the request's idempotency record
   * and `also` (e.g. the draft cap's counters); fails if the code exists. Answers the cancellation
   * when one of `also`'s conditions failed (its reasons are at the same indexes after the events).
   */
  async create(dossier: Dossier, events: DossierEvent[], also: TransactItem[] = []): Promise<'created' | { failed: number[] }> {
    const idempotency = idempotencyPut({ code: dossier.code });
    const head = 1 + events.length;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: { ...dossierKey(dossier.code), entity: 'dossier', ...dossier }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ...events.map((e) => ({ Put: { TableName: this.table, Item: { ...eventKey(dossier.code, e.seq), entity: 'event', ...e } } })),
            ...also,
            ...idempotency.items,
          ],
        }),
      );
    } catch (error) {
      const cancelled = raceOrRethrow(error, idempotency.items.length);
      const reasons = cancelled.CancellationReasons ?? [];
      const failed = also.map((_, i) => i).filter((i) => reasons[head + i]?.Code === 'ConditionalCheckFailed');
      if (failed.length > 0) return { failed };
      throw error;
    }
    idempotency.written();
    return 'created';
  }

  async getDossier(code: string): Promise<Dossier | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: dossierKey(code), ConsistentRead: true }));
    return out.Item ? strip<Dossier>(out.Item) : undefined;
  }

  /** The dossier with its history, in order, and its staff access entries by time (one query on the dossier's partition). */
  async getWithEvents(code: string): Promise<{ dossier: Dossier; events: DossierEvent[]; accesses: StaffAccess[] } | undefined> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `DOSSIER#${code}` },
          ExclusiveStartKey: start,
          // The view after a decision must show that decision.
          ConsistentRead: true,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    const dossier = items.find((i) => i.entity === 'dossier');
    if (!dossier) return undefined;
    return {
      dossier: strip<Dossier>(dossier),
      events: items.filter((i) => i.entity === 'event').map((i) => strip<DossierEvent>(i)),
      accesses: items.filter((i) => i.entity === 'access').map((i) => strip<StaffAccess>(i)),
    };
  }

  /** Records one staff access: a single PutItem in the dossier's partition (no version, no event). */
  async recordAccess(entry: StaffAccess): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `DOSSIER#${entry.dossierCode}`, sk: `ACCESS#${entry.at}#${entry.id}`, entity: 'access', ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /**
   * Commits a state change: the dossier's new state (plus `set` attributes) and its events, in one
   * transaction guarded by the version the change was computed from. With `marker`, a marker item
   * written once makes the change happen at most once (e.g. routing the message for an event).
   * Answers `already` when the marker exists, `stale` when the dossier changed meanwhile (reload and
   * retry). A change without events leaves the version as it is, so two of them computed from the
   * same read would both pass: `guard` names a map (e.g. `documents.doc-1`) whose `rev` must still
   * be the one read (absent when undefined); the caller writes `rev + 1` into it.
   */
  async commit(
    dossier: Pick<Dossier, 'code' | 'version'>,
    state: DossierState,
    events: DossierEvent[],
    options: { set?: Record<string, unknown>; remove?: string[]; marker?: string; also?: TransactItem[]; guard?: { path: string; rev: number | undefined } } = {},
  ): Promise<'committed' | 'already' | 'stale'> {
    const next = dossier.version + events.length;
    const set: Record<string, unknown> = { status: state.status, resume: state.resume, chain: state.chain, version: next, ...options.set };
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':current': dossier.version };
    // Keys may be paths into maps ("documents.doc-1"): each part gets its own name placeholder.
    const assignments = Object.entries(set).map(([k, v], i) => {
      const path = k.split('.').map((part, j) => {
        names[`#a${i}_${j}`] = part;
        return `#a${i}_${j}`;
      });
      values[`:a${i}`] = v;
      return `${path.join('.')} = :a${i}`;
    });
    let update = `SET ${assignments.join(', ')}`;
    const removals = (options.remove ?? []).map((k, i) => {
      names[`#r${i}`] = k;
      return `#r${i}`;
    });
    if (state.postal) {
      names['#postal'] = 'postal';
      values[':postal'] = state.postal;
      update += ', #postal = :postal';
    } else removals.push('postal');
    if (removals.length > 0) update += ` REMOVE ${removals.join(', ')}`;
    let condition = 'version = :current';
    if (options.guard) {
      const path = [...options.guard.path.split('.'), 'rev'].map((part, j) => {
        names[`#g${j}`] = part;
        return `#g${j}`;
      }).join('.');
      if (options.guard.rev === undefined) condition += ` AND attribute_not_exists(${path})`;
      else {
        values[':grev'] = options.guard.rev;
        condition += ` AND ${path} = :grev`;
      }
    }
    const markerItems = options.marker
      ? [{ Put: { TableName: this.table, Item: { pk: `DOSSIER#${dossier.code}`, sk: `MARKER#${options.marker}`, entity: 'marker' }, ConditionExpression: 'attribute_not_exists(pk)' } }]
      : [];
    const idempotency = idempotencyPut({ code: dossier.code });
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            ...markerItems,
            {
              Update: {
                TableName: this.table,
                Key: dossierKey(dossier.code),
                UpdateExpression: update,
                ConditionExpression: condition,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            ...events.map((e) => ({ Put: { TableName: this.table, Item: { ...eventKey(dossier.code, e.seq), entity: 'event', ...e } } })),
            ...(options.also ?? []),
            ...idempotency.items,
          ],
        }),
      );
      idempotency.written();
      return 'committed';
    } catch (error) {
      const reasons = raceOrRethrow(error, idempotency.items.length).CancellationReasons ?? [];
      if (options.marker && reasons[0]?.Code === 'ConditionalCheckFailed') return 'already';
      if (reasons[markerItems.length]?.Code === 'ConditionalCheckFailed') return 'stale';
      throw error;
    }
  }

  /** Dossiers held for an agency that was not live yet (the sparse held-by-agency index), oldest first. */
  heldFor(agencyId: string): Promise<string[]> {
    return this.codesIn('held-by-agency', 'heldAgencyId', agencyId);
  }

  /** Dossiers whose result falls due on a day (Vietnam date; the due-by-day index). */
  dueOn(day: string): Promise<string[]> {
    return this.codesIn('due-by-day', 'dueDay', day);
  }

  private async codesIn(index: string, key: string, value: string): Promise<string[]> {
    const codes: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index,
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': key },
          ExpressionAttributeValues: { ':v': value },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) if (typeof item.code === 'string') codes.push(item.code);
      start = out.LastEvaluatedKey;
    } while (start);
    return codes;
  }

  /**
   * The open-draft lists of applicants, by keyed hash of their CCCD or phone (never the number):
   * `{ version, drafts: { <code>: <created, epoch seconds> } }`; absent keys are not in the map.
   */
  async applicantDrafts(keys: string[]): Promise<Map<string, { version: number; drafts: Record<string, number> }>> {
    const found = new Map<string, { version: number; drafts: Record<string, number> }>();
    await Promise.all(
      keys.map(async (key) => {
        const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `APPLICANT#${key}`, sk: 'DRAFTS' }, ConsistentRead: true }));
        if (out.Item) found.set(key, { version: Number(out.Item.version), drafts: (out.Item.drafts ?? {}) as Record<string, number> });
      }),
    );
    return found;
  }

  /** The write of an applicant's new open-draft list, guarded by the version it was read at. */
  applicantDraftsPut(key: string, read: number | undefined, drafts: Record<string, number>, expiresAt: number): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: { pk: `APPLICANT#${key}`, sk: 'DRAFTS', entity: 'applicant-drafts', version: (read ?? 0) + 1, drafts, expiresAt },
        ConditionExpression: read === undefined ? 'attribute_not_exists(pk)' : 'version = :read',
        ...(read === undefined ? {} : { ExpressionAttributeValues: { ':read': read } }),
      },
    };
  }

  /** The statuses of a few dossiers (at most 100), by code; a missing dossier is absent. */
  async statusesOf(codes: string[]): Promise<Map<string, string>> {
    const statuses = new Map<string, string>();
    if (codes.length === 0) return statuses;
    let keys: Record<string, unknown>[] | undefined = codes.map((code) => dossierKey(code));
    for (let round = 0; keys && keys.length > 0 && round < 5; round++) {
      const out: { Responses?: Record<string, Record<string, unknown>[]>; UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }> } = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ProjectionExpression: 'code, #s', ExpressionAttributeNames: { '#s': 'status' }, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[this.table] ?? []) statuses.set(String(item.code), String(item.status));
      keys = out.UnprocessedKeys?.[this.table]?.Keys;
    }
    return statuses;
  }

  async hasMarker(code: string, marker: string): Promise<boolean> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `DOSSIER#${code}`, sk: `MARKER#${marker}` }, ConsistentRead: true }));
    return out.Item !== undefined;
  }
}

/** Drops the storage keys from an item. */
function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as T;
}
