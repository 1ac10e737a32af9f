/**
 * Dossiers in DynamoDB (single table `dossiers`). Every access is a key lookup or a query on one
 * partition:
 *
 * | item             | pk                         | sk                  |
 * |------------------|----------------------------|---------------------|
 * | dossier          | DOSSIER#<ref>              | DOSSIER             |
 * | event            | DOSSIER#<ref>              | EVENT#<seq, 6 digits> |
 * | marker           | DOSSIER#<ref>              | MARKER#<what>       |
 * | staff access     | DOSSIER#<ref>              | ACCESS#<at>#<id>    |
 * | code lookup      | CODE#<dossier code>        | CODE                |
 * | daily counter    | COUNTER#<receiving unit identifier>#<YYMMDD> | COUNTER |
 * | applicant drafts | APPLICANT#<keyed hash>     | DRAFTS              |
 * | postal item      | ITEM#<S10 item id>         | ITEM                |
 *
 * A dossier is keyed by its reference (`HS-...`) for life: the code does not exist before
 * reception. Reception writes, in the dossier's transaction, the code lookup and the day's
 * counter guarded by the value read, so a number is taken only by a dossier that was received:
 * no gap, no renumbering (a draft never takes one).
 *
 * A dossier change and its event are written in one transaction, guarded by the dossier's
 * version; the stream of that table drives the router (the transactional outbox). A staff access
 * entry is one PutItem beside them: it never changes the version (a read never makes a decision
 * stale) and is no event (the router ignores it).
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StaffAccess } from '../domain/access.ts';
import type { Dossier, DossierEvent } from '../domain/dossier.ts';
import type { SmsNotice } from '../domain/sms/notice.ts';
import type { DossierState } from '../domain/state-machine.ts';
import { assignmentChange, type Assignment, type AssignedStatus } from '../domain/assignment.ts';
import { batchGetAll } from './batch-get.ts';
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

const dossierKey = (ref: string) => ({ pk: `DOSSIER#${ref}`, sk: 'DOSSIER' });
const eventKey = (ref: string, seq: number) => ({ pk: `DOSSIER#${ref}`, sk: `EVENT#${String(seq).padStart(6, '0')}` });
const codeKey = (code: string) => ({ pk: `CODE#${code}`, sk: 'CODE' });
const itemKey = (itemId: string) => ({ pk: `ITEM#${itemId}`, sk: 'ITEM' });
const counterKey = (unitCode: string, day: string) => ({ pk: `COUNTER#${unitCode}#${day}`, sk: 'COUNTER' });
/** A position in an agency's working list: the assignment time and the reference of the last entry read. */
export interface AssignedPosition {
  at: string;
  ref: string;
}
/** What the assigned-to-agency index holds of a dossier (its projection, infra/topology.ts). */
export type AssignedEntry = Pick<Dossier, 'ref' | 'code' | 'procedureId' | 'status' | 'dueAt'> & { assignedAt: string };
/** The index's key of a position (the table's keys and the index's). */
const assignedKey = (agencyId: string, p: AssignedPosition) => ({ ...dossierKey(p.ref), assignedTo: agencyId, assignedAt: p.at });
const assignedEntry = (item: Record<string, unknown>): AssignedEntry => {
  const { pk: _pk, sk: _sk, assignedTo: _to, ...rest } = item;
  return rest as AssignedEntry;
};
/** Queries a filtered page may take before it answers short (each reads at most `limit + 1` entries). */
const maxRounds = 5;
/** Counters outlive their day by a week (TTL), long enough for any late lookup. */
const counterTtlSeconds = 8 * 24 * 3600;

export class DossierStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * The next number of the day at a receiving unit, as read now: it is taken only by the reception
   * that writes `receptionItems` for it (one of two concurrent receptions loses and reads again).
   */
  async nextSequence(unitCode: string, day: string): Promise<number> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: counterKey(unitCode, day), ConsistentRead: true }));
    return Number(out.Item?.seq ?? 0) + 1;
  }

  /**
   * The items a reception adds to its transaction: the day's counter moved from `seq - 1` to `seq`
   * (fails if another reception took `seq` first) and the code -> reference lookup (fails if the
   * code exists). Both fail together or not at all with the dossier's change.
   */
  receptionItems(input: { unitCode: string; day: string; seq: number; code: string; ref: string; now: Date }): TransactItem[] {
    const previous = input.seq - 1;
    return [
      {
        Update: {
          TableName: this.table,
          Key: counterKey(input.unitCode, input.day),
          UpdateExpression: 'SET seq = :seq, expiresAt = if_not_exists(expiresAt, :ttl)',
          ConditionExpression: previous === 0 ? 'attribute_not_exists(seq)' : 'seq = :previous',
          ExpressionAttributeValues: { ':seq': input.seq, ':ttl': Math.floor(input.now.getTime() / 1000) + counterTtlSeconds, ...(previous === 0 ? {} : { ':previous': previous }) },
        },
      },
      { Put: { TableName: this.table, Item: { ...codeKey(input.code), entity: 'code', code: input.code, ref: input.ref }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
  }

  /** The reference a path names: a reference as it is, a code through its lookup item (undefined if unknown). */
  async resolve(refOrCode: string): Promise<string | undefined> {
    if (refOrCode.startsWith('HS-')) return refOrCode;
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: codeKey(refOrCode), ConsistentRead: true }));
    return typeof out.Item?.ref === 'string' ? out.Item.ref : undefined;
  }

  /**
   * Writes a new dossier and its first events atomically, with the request's idempotency record
   * and `also` (e.g. the draft cap's counters); fails if the code exists. Answers the cancellation
   * when one of `also`'s conditions failed (its reasons are at the same indexes after the events),
   * and `ref-taken` when the reference exists already (draw another).
   */
  async create(dossier: Dossier, events: DossierEvent[], also: TransactItem[] = []): Promise<'created' | 'ref-taken' | { failed: number[] }> {
    const idempotency = idempotencyPut({ code: dossier.ref });
    const head = 1 + events.length;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: { ...dossierKey(dossier.ref), entity: 'dossier', ...dossier, ...assignmentChange({}, dossier, dossier.createdAt).set }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ...events.map((e) => ({ Put: { TableName: this.table, Item: { ...eventKey(dossier.ref, e.seq), entity: 'event', ...e } } })),
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
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'ref-taken';
      throw error;
    }
    idempotency.written();
    return 'created';
  }

  /** The dossier a reference or a code names. */
  async getDossier(refOrCode: string): Promise<Dossier | undefined> {
    const ref = await this.resolve(refOrCode);
    if (!ref) return undefined;
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: dossierKey(ref), ConsistentRead: true }));
    return out.Item ? strip<Dossier>(out.Item) : undefined;
  }

  /** The dossier with its history, in order, its staff access entries by time and its SMS notices (one query on the dossier's partition). */
  async getWithEvents(refOrCode: string): Promise<{ dossier: Dossier; events: DossierEvent[]; accesses: StaffAccess[]; notices: SmsNotice[] } | undefined> {
    const ref = await this.resolve(refOrCode);
    if (!ref) return undefined;
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `DOSSIER#${ref}` },
      // The view after a decision must show that decision.
      ConsistentRead: true,
    });
    const dossier = items.find((i) => i.entity === 'dossier');
    if (!dossier) return undefined;
    return {
      dossier: strip<Dossier>(dossier),
      events: items.filter((i) => i.entity === 'event').map((i) => strip<DossierEvent>(i)),
      accesses: items.filter((i) => i.entity === 'access').map((i) => strip<StaffAccess>(i)),
      notices: items.filter((i) => i.entity === 'sms').map((i) => strip<SmsNotice>(i)),
    };
  }

  /** Records one staff access: a single PutItem in the dossier's partition (no version, no event). */
  async recordAccess(entry: StaffAccess): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `DOSSIER#${entry.dossierRef}`, sk: `ACCESS#${entry.at}#${entry.id}`, entity: 'access', ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /**
   * Commits a state change: the dossier's new state (plus `set` attributes) and its events, in one
   * transaction guarded by the version the change was computed from. With `marker`, a marker item
   * written once makes the change happen at most once (e.g. routing the message for an event).
   * Answers `already` when the marker exists, `stale` when the dossier changed meanwhile (reload and
   * retry), `contended` when one of `also`'s conditions failed (e.g. a reception's day counter
   * taken meanwhile: read again and retry). A change without events leaves the version as it is, so two of them computed from the
   * same read would both pass: `guard` names a map (e.g. `documents.doc-1`) whose `rev` must still
   * be the one read (absent when undefined); the caller writes `rev + 1` into it.
   */
  async commit(
    dossier: Pick<Dossier, 'ref' | 'version' | 'agencyId' | 'heldAgencyId' | 'routedAt'> & Assignment,
    state: DossierState,
    events: DossierEvent[],
    options: { set?: Record<string, unknown>; remove?: string[]; marker?: string; also?: TransactItem[]; guard?: { path: string; rev: number | undefined } } = {},
  ): Promise<'committed' | 'already' | 'stale' | 'contended'> {
    const next = dossier.version + events.length;
    const assignment = assignmentOf(dossier, state, events, options);
    const set: Record<string, unknown> = { status: state.status, resume: state.resume, chain: state.chain, version: next, ...options.set, ...assignment.set };
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
    const removals = [...(options.remove ?? []), ...(assignment.remove ?? [])].map((k, i) => {
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
      ? [{ Put: { TableName: this.table, Item: { pk: `DOSSIER#${dossier.ref}`, sk: `MARKER#${options.marker}`, entity: 'marker' }, ConditionExpression: 'attribute_not_exists(pk)' } }]
      : [];
    const idempotency = idempotencyPut({ code: dossier.ref });
    const also = options.also ?? [];
    const dossierUpdate = { TableName: this.table, Key: dossierKey(dossier.ref), UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
    // Only the dossier changes (no event, marker, other item or idempotency record): a plain
    // conditional update, half the write capacity of a one-item transaction, the same guarantee.
    if (markerItems.length === 0 && events.length === 0 && also.length === 0 && idempotency.items.length === 0) {
      try {
        await this.db.send(new UpdateCommand(dossierUpdate));
        return 'committed';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'stale';
        throw error;
      }
    }
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            ...markerItems,
            { Update: dossierUpdate },
            ...events.map((e) => ({ Put: { TableName: this.table, Item: { ...eventKey(dossier.ref, e.seq), entity: 'event', ...e } } })),
            ...also,
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
      const head = markerItems.length + 1 + events.length;
      if (also.some((_, i) => reasons[head + i]?.Code === 'ConditionalCheckFailed')) return 'contended';
      throw error;
    }
  }

  /** Dossiers held for an agency that was not live yet (the sparse held-by-agency index), oldest first. */
  heldFor(agencyId: string): Promise<string[]> {
    return this.codesIn('held-by-agency', 'heldAgencyId', agencyId);
  }

  /**
   * The reception queue of a receiving unit, oldest first (the sparse reception-queue index: only
   * dossiers submitted and not yet received or refused carry `queuedFor`).
   */
  async receptionQueue(receivingUnitId: string): Promise<Dossier[]> {
    const items = await this.queryAll({
      IndexName: 'reception-queue',
      KeyConditionExpression: 'queuedFor = :u',
      ExpressionAttributeValues: { ':u': receivingUnitId },
      ScanIndexForward: true,
    });
    return items.map((i) => strip<Dossier>(i));
  }

  /**
   * The lookup of a new shipment, for the dossier's transaction: its S10 item id -> the dossier
   * (fails if the id exists), open in its post office's courier queue (`courierOffice`, the sparse
   * courier-queue index) until `closeItem`.
   */
  itemPut(input: { itemId: string; ref: string; kind: string; postOfficeId: string; requestedAt: string }): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: { ...itemKey(input.itemId), entity: 'postal-item', itemId: input.itemId, ref: input.ref, kind: input.kind, courierOffice: input.postOfficeId, requestedAt: input.requestedAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** Takes a shipment out of its post office's courier queue (handed over, delivered or returned), in the dossier's transaction. */
  itemClose(itemId: string): TransactItem {
    return { Update: { TableName: this.table, Key: itemKey(itemId), UpdateExpression: 'REMOVE courierOffice', ConditionExpression: 'attribute_exists(pk)' } };
  }

  /** The dossier reference of an S10 item id, if motcua issued it. */
  async itemRef(itemId: string): Promise<string | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: itemKey(itemId), ConsistentRead: true }));
    return typeof out.Item?.ref === 'string' ? out.Item.ref : undefined;
  }

  /** The open shipments of a post office, oldest first: item id and dossier reference (the courier-queue index). */
  async openShipments(postOfficeId: string): Promise<{ itemId: string; ref: string }[]> {
    const items = await this.queryAll({
      IndexName: 'courier-queue',
      KeyConditionExpression: 'courierOffice = :o',
      ExpressionAttributeValues: { ':o': postOfficeId },
      ScanIndexForward: true,
    });
    return items.flatMap((i) => (typeof i.itemId === 'string' && typeof i.ref === 'string' ? [{ itemId: i.itemId, ref: i.ref }] : []));
  }

  /**
   * The references of the dossiers a receiving unit received in [from, to) (ISO instants), oldest
   * first: the sparse received-by-unit index (keys only; `receivedBy` is written at reception).
   */
  async receivedBy(receivingUnitId: string, from: string, to: string): Promise<string[]> {
    const items = await this.queryAll({
      IndexName: 'received-by-unit',
      KeyConditionExpression: 'receivedBy = :u AND receivedAt BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':u': receivingUnitId, ':from': from, ':to': to },
      ScanIndexForward: true,
    });
    return items.flatMap((i) => (typeof i.pk === 'string' && i.pk.startsWith('DOSSIER#') ? [i.pk.slice('DOSSIER#'.length)] : []));
  }

  /**
   * A page of an agency's working list, oldest assignment first (the assigned-to-agency index):
   * at most `limit` entries after `after` (a position a previous page answered), of one status if
   * asked. `next` is where the following page starts, absent on the last one. With a status, the
   * index reads past the entries of other statuses (a filter, as DynamoDB applies it) for at most
   * `maxRounds` queries: a page may then come back short with a `next`.
   */
  async assignedPage(agencyId: string, input: { limit: number; after?: AssignedPosition; status?: AssignedStatus }): Promise<{ entries: AssignedEntry[]; next?: AssignedPosition }> {
    const found: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined = input.after ? assignedKey(agencyId, input.after) : undefined;
    for (let round = 0; round < maxRounds; round++) {
      // One more than the page: whether anything follows is known without an empty last page.
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'assigned-to-agency',
          KeyConditionExpression: 'assignedTo = :a',
          ExpressionAttributeValues: { ':a': agencyId, ...(input.status ? { ':s': input.status } : {}) },
          ...(input.status ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } } : {}),
          ScanIndexForward: true,
          Limit: input.limit + 1,
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(out.Items ?? []));
      if (found.length > input.limit) {
        const entries = found.slice(0, input.limit).map(assignedEntry);
        return { entries, next: { at: entries.at(-1)!.assignedAt, ref: entries.at(-1)!.ref } };
      }
      if (!out.LastEvaluatedKey) return { entries: found.map(assignedEntry) };
      start = out.LastEvaluatedKey;
    }
    return { entries: found.map(assignedEntry), next: { at: String(start!.assignedAt), ref: String(start!.pk).slice('DOSSIER#'.length) } };
  }

  /**
   * How many dossiers each status holds in an agency's working list: the index's partition read
   * whole, statuses only (a 1 MB page holds about 4,000 entries).
   */
  async assignedCounts(agencyId: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const items = await this.queryAll({
      IndexName: 'assigned-to-agency',
      KeyConditionExpression: 'assignedTo = :a',
      ExpressionAttributeValues: { ':a': agencyId },
      ProjectionExpression: '#s',
      ExpressionAttributeNames: { '#s': 'status' },
    });
    for (const item of items) counts.set(String(item.status), (counts.get(String(item.status)) ?? 0) + 1);
    return counts;
  }

  /** Dossiers whose result falls due on a day (Vietnam date; the due-by-day index). */
  dueOn(day: string): Promise<string[]> {
    return this.codesIn('due-by-day', 'dueDay', day);
  }

  private async codesIn(index: string, key: string, value: string): Promise<string[]> {
    const items = await this.queryAll({
      IndexName: index,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': key },
      ExpressionAttributeValues: { ':v': value },
    });
    // A keys-only index holds the table's keys (pk `DOSSIER#<ref>`), not `ref` itself.
    return items.flatMap((item) => (typeof item.ref === 'string' ? [item.ref] : typeof item.pk === 'string' && item.pk.startsWith('DOSSIER#') ? [item.pk.slice('DOSSIER#'.length)] : []));
  }

  /** Every item a query on this table matches, page after page. */
  /**
   * Every dossier's reference, a page at a time (the figures' recount walks the history). A Scan:
   * for commands run by an administrator, never on a request path.
   */
  async *allRefs(): AsyncGenerator<string[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({ TableName: this.table, FilterExpression: 'entity = :d', ProjectionExpression: '#ref', ExpressionAttributeNames: { '#ref': 'ref' }, ExpressionAttributeValues: { ':d': 'dossier' }, ExclusiveStartKey: start }),
      );
      const refs = (page.Items ?? []).map((i) => String(i.ref));
      if (refs.length > 0) yield refs;
      start = page.LastEvaluatedKey;
    } while (start);
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * The open-draft lists of applicants, by keyed hash of their CCCD or phone (never the number):
   * `{ version, drafts: { <code>: <created, epoch seconds> } }`; absent keys are not in the map.
   * One BatchGetItem; `consistent: false` may answer a list as it was a moment ago, which its
   * write's version guard (applicantDraftsPut) then refuses: read it again, consistently.
   */
  async applicantDrafts(keys: string[], options: { consistent?: boolean } = {}): Promise<Map<string, { version: number; drafts: Record<string, number> }>> {
    const items = await batchGetAll(this.db, this.table, [...new Set(keys)].map((key) => ({ pk: `APPLICANT#${key}`, sk: 'DRAFTS' })), {}, options);
    return new Map(
      items.map((item) => [String(item.pk).slice('APPLICANT#'.length), { version: Number(item.version), drafts: (item.drafts ?? {}) as Record<string, number> }]),
    );
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

  /** The statuses of a few dossiers (at most 100), by reference; a missing dossier is absent. */
  async statusesOf(refs: string[]): Promise<Map<string, string>> {
    const items = await this.batchGet(refs, { ProjectionExpression: '#r, #s', ExpressionAttributeNames: { '#r': 'ref', '#s': 'status' } });
    return new Map(items.map((item) => [String(item.ref), String(item.status)]));
  }

  /** Several dossiers by reference in as few round trips as DynamoDB allows (BatchGetItem, 100 a call); missing ones are absent. */
  async getDossiers(refs: string[]): Promise<Map<string, Dossier>> {
    const items = await this.batchGet(refs);
    return new Map(items.map((item) => [String(item.ref), strip<Dossier>(item)]));
  }

  private batchGet(refs: string[], projection: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> } = {}): Promise<Record<string, unknown>[]> {
    return batchGetAll(this.db, this.table, [...new Set(refs)].map((ref) => dossierKey(ref)), projection);
  }

  /** Writes a marker alone (no version, no event): e.g. that a message recorded before was sent. */
  async putMarker(ref: string, marker: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: `DOSSIER#${ref}`, sk: `MARKER#${marker}`, entity: 'marker' } }));
  }

  async hasMarker(ref: string, marker: string): Promise<boolean> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `DOSSIER#${ref}`, sk: `MARKER#${marker}` }, ConsistentRead: true }));
    return out.Item !== undefined;
  }
}

/**
 * The assignment a commit writes (shared/domain/assignment.ts), derived from the state after it:
 * the agency (`set.agencyId` when a chain hands over, else the dossier's) and the hold (set by
 * `hold`, removed by the release) as the change leaves them. Dated by the change's last event; a
 * change without events (it moves no status) dates it by the routing, which assigns a dossier
 * stored before this index existed the first time anything touches it.
 */
function assignmentOf(
  dossier: Pick<Dossier, 'agencyId' | 'heldAgencyId' | 'routedAt'> & Assignment,
  state: DossierState,
  events: readonly DossierEvent[],
  options: { set?: Record<string, unknown>; remove?: string[] },
): ReturnType<typeof assignmentChange> {
  const set = options.set ?? {};
  const agencyId = typeof set.agencyId === 'string' ? set.agencyId : dossier.agencyId;
  const held = options.remove?.includes('heldAgencyId') ? undefined : typeof set.heldAgencyId === 'string' ? set.heldAgencyId : dossier.heldAgencyId;
  const at = events.at(-1)?.at ?? (typeof set.routedAt === 'string' ? set.routedAt : dossier.routedAt);
  if (at === undefined) return {};
  return assignmentChange(dossier, { status: state.status, resume: state.resume, agencyId, ...(held ? { heldAgencyId: held } : {}) }, at);
}

/** Drops the storage keys from an item. */
function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as T;
}
