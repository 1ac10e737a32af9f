/**
 * Dossiers in DynamoDB (single table `dossiers`). Every access is a key lookup or a query on one
 * partition:
 *
 * | item             | pk                         | sk                  |
 * |------------------|----------------------------|---------------------|
 * | dossier          | DOSSIER#<code>             | DOSSIER             |
 * | event            | DOSSIER#<code>             | EVENT#<seq, 6 digits> |
 * | routing marker   | DOSSIER#<code>             | ROUTED#<event id>   |
 * | daily counter    | COUNTER#<agency code>#<YYMMDD> | COUNTER         |
 *
 * A dossier change and its event are written in one transaction, guarded by the dossier's
 * version; the stream of that table drives the router (the transactional outbox).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Dossier, DossierEvent } from '../domain/dossier.ts';

const dossierKey = (code: string) => ({ pk: `DOSSIER#${code}`, sk: 'DOSSIER' });
const eventKey = (code: string, seq: number) => ({ pk: `DOSSIER#${code}`, sk: `EVENT#${String(seq).padStart(6, '0')}` });
/** Counters outlive their day by a week (TTL), long enough for any late lookup. */
const counterTtlSeconds = 8 * 24 * 3600;

export type StoredEvent = DossierEvent & { entity: 'event' };

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

  /** Writes a new dossier and its first event atomically; fails if the code exists. */
  async create(dossier: Dossier, event: DossierEvent): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: { ...dossierKey(dossier.code), entity: 'dossier', ...dossier }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: this.table, Item: { ...eventKey(dossier.code, event.seq), entity: 'event', ...event } } },
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

  async wasRouted(code: string, sourceEventId: string): Promise<boolean> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `DOSSIER#${code}`, sk: `ROUTED#${sourceEventId}` }, ConsistentRead: true }));
    return out.Item !== undefined;
  }

  /**
   * Records that the message for `sourceEventId` reached the agency: a marker (written once),
   * the routed event and the dossier's new version, in one transaction. Answers `already` when an
   * earlier attempt recorded it; `stale` when the dossier changed meanwhile (reload and retry).
   */
  async recordRouted(dossier: Dossier, event: DossierEvent, sourceEventId: string): Promise<'recorded' | 'already' | 'stale'> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { pk: `DOSSIER#${dossier.code}`, sk: `ROUTED#${sourceEventId}`, entity: 'routing-marker', at: event.at },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.table, Item: { ...eventKey(dossier.code, event.seq), entity: 'event', ...event } } },
            {
              Update: {
                TableName: this.table,
                Key: dossierKey(dossier.code),
                UpdateExpression: 'SET version = :next, routedAt = :at',
                ConditionExpression: 'version = :current',
                ExpressionAttributeValues: { ':next': event.seq, ':current': dossier.version, ':at': event.at },
              },
            },
          ],
        }),
      );
      return 'recorded';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [marker, , update] = error.CancellationReasons ?? [];
      if (marker?.Code === 'ConditionalCheckFailed') return 'already';
      if (update?.Code === 'ConditionalCheckFailed') return 'stale';
      throw error;
    }
  }
}

/** Drops the storage keys from an item. */
function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as T;
}
