/**
 * Dossiers in DynamoDB (single table `dossiers`). Every access is a key lookup or a query on one
 * partition:
 *
 * | item             | pk                         | sk                  |
 * |------------------|----------------------------|---------------------|
 * | dossier          | DOSSIER#<code>             | DOSSIER             |
 * | event            | DOSSIER#<code>             | EVENT#<seq, 6 digits> |
 * | marker           | DOSSIER#<code>             | MARKER#<what>       |
 * | daily counter    | COUNTER#<agency code>#<YYMMDD> | COUNTER         |
 *
 * A dossier change and its event are written in one transaction, guarded by the dossier's
 * version; the stream of that table drives the router (the transactional outbox).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Dossier, DossierEvent } from '../domain/dossier.ts';
import type { DossierState } from '../domain/state-machine.ts';

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

  /** Writes a new dossier and its first events atomically; fails if the code exists. */
  async create(dossier: Dossier, events: DossierEvent[]): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: { ...dossierKey(dossier.code), entity: 'dossier', ...dossier }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...events.map((e) => ({ Put: { TableName: this.table, Item: { ...eventKey(dossier.code, e.seq), entity: 'event', ...e } } })),
        ],
      }),
    );
  }

  async getDossier(code: string): Promise<Dossier | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: dossierKey(code), ConsistentRead: true }));
    return out.Item ? strip<Dossier>(out.Item) : undefined;
  }

  /** The dossier with its history, in order (one query on the dossier's partition). */
  async getWithEvents(code: string): Promise<{ dossier: Dossier; events: DossierEvent[] } | undefined> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `DOSSIER#${code}` },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    const dossier = items.find((i) => i.entity === 'dossier');
    if (!dossier) return undefined;
    return { dossier: strip<Dossier>(dossier), events: items.filter((i) => i.entity === 'event').map((i) => strip<DossierEvent>(i)) };
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
    options: { set?: Record<string, unknown>; remove?: string[]; marker?: string; guard?: { path: string; rev: number | undefined } } = {},
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
          ],
        }),
      );
      return 'committed';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
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
