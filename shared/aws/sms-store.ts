/**
 * SMS notices in the dossiers table, beside their dossier (so the citizen's token view lists them
 * with one query on the dossier's partition):
 *
 * | item             | pk                                   | sk        |
 * |------------------|--------------------------------------|-----------|
 * | notice           | DOSSIER#<ref>                        | SMS#<id>  |
 * | provider receipt | SMSPROV#<provider>#<provider msg id> | SMSPROV   |
 * | per-phone window | SMSRATE#<keyed hash>#<window start>  | SMSRATE   |
 *
 * A notice is created once (conditional put: its id is derived from the event, the scenario and
 * the recipient), and each change of status is conditioned on the status it was read in, so a
 * redelivered queue message never sends twice. Deferred notices (quiet hours, rate limit, backoff)
 * carry `deferredQueue` (one of ten shards) and `sendAfter`: the sparse `sms-deferred` index, swept on a schedule.
 */
import type { SmsReceipt } from '../partners/sms/provider.ts';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SmsNotice, SmsStatus } from '../domain/sms/notice.ts';
import { shardOf } from '../domain/shard.ts';

/**
 * Partitions of the sms-deferred index: with the gateways down at national peak every notice is
 * deferred and released again, about 300 index writes a second, 30% of one partition's limit
 * (docs/capacity.md); ten shards by notice id keep each near 3%.
 */
export const deferredShards = 10;
/** The sms-deferred index partition of a notice. */
export const deferredQueueOf = (noticeId: string): string => `sms#${shardOf(noticeId, deferredShards)}`;
const noticeKey = (ref: string, id: string) => ({ pk: `DOSSIER#${ref}`, sk: `SMS#${id}` });
const receiptKey = (provider: string, providerMessageId: string) => ({ pk: `SMSPROV#${provider}#${providerMessageId}`, sk: 'SMSPROV' });

export class SmsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Writes a new notice; false when it exists already (the event was handled before). */
  async create(notice: SmsNotice): Promise<boolean> {
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: { ...noticeKey(notice.dossierRef, notice.id), entity: 'sms', ...notice }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(ref: string, id: string): Promise<SmsNotice | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: noticeKey(ref, id), ConsistentRead: true }));
    return out.Item ? strip(out.Item) : undefined;
  }

  /** Every notice of a dossier, oldest first. */
  async ofDossier(ref: string): Promise<SmsNotice[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({ TableName: this.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)', ExpressionAttributeValues: { ':pk': `DOSSIER#${ref}`, ':s': 'SMS#' }, ExclusiveStartKey: start, ConsistentRead: true }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items.map(strip).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * Moves a notice from `from` (one of) to a new state, setting `set` and removing `remove`; false
   * when it is no longer in `from` (another delivery of the same queue message got there first).
   */
  async transition(notice: Pick<SmsNotice, 'dossierRef' | 'id'>, from: SmsStatus[], set: Partial<SmsNotice> & { status: SmsStatus }, remove: (keyof SmsNotice | 'deferredQueue')[] = []): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {};
    from.forEach((s, i) => (values[`:f${i}`] = s));
    const sets = Object.entries(set).map(([k, v], i) => {
      names[`#s${i}`] = k;
      values[`:s${i}`] = v;
      return `#s${i} = :s${i}`;
    });
    const removes = remove.map((k, i) => {
      names[`#r${i}`] = k;
      return `#r${i}`;
    });
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: noticeKey(notice.dossierRef, notice.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: `#status IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Remembers which notice a provider's message id is, for its delivery receipt, and answers the
   * receipts that came before it did (a provider may answer faster than this write: see
   * `holdEarlyReceipt`). One update of one item, so of the two writers exactly one sees the other.
   */
  async rememberProviderId(provider: string, providerMessageId: string, notice: Pick<SmsNotice, 'dossierRef' | 'id'>, expiresAt: number): Promise<SmsReceipt[]> {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: receiptKey(provider, providerMessageId),
        UpdateExpression: 'SET entity = :e, #ref = :ref, smsId = :id, expiresAt = :ttl REMOVE early',
        ExpressionAttributeNames: { '#ref': 'ref' },
        ExpressionAttributeValues: { ':e': 'sms-receipt', ':ref': notice.dossierRef, ':id': notice.id, ':ttl': expiresAt },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return (out.Attributes?.early as SmsReceipt[] | undefined) ?? [];
  }

  /**
   * A receipt for a message id not remembered yet: kept on the id's item until the sender writes
   * it. Answers the notice if the sender got there meanwhile (then the caller applies it now).
   */
  async holdEarlyReceipt(provider: string, receipt: SmsReceipt, expiresAt: number): Promise<{ ref: string; smsId: string } | undefined> {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: receiptKey(provider, receipt.providerMessageId),
        UpdateExpression: 'SET entity = if_not_exists(entity, :e), expiresAt = if_not_exists(expiresAt, :ttl), early = list_append(if_not_exists(early, :none), :one)',
        ExpressionAttributeValues: { ':e': 'sms-receipt', ':ttl': expiresAt, ':none': [], ':one': [receipt] },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const item = out.Attributes;
    return item?.ref ? { ref: String(item.ref), smsId: String(item.smsId) } : undefined;
  }

  async byProviderId(provider: string, providerMessageId: string): Promise<{ ref: string; smsId: string } | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: receiptKey(provider, providerMessageId), ConsistentRead: true }));
    return out.Item?.ref ? { ref: String(out.Item.ref), smsId: String(out.Item.smsId) } : undefined;
  }

  /** Deferred notices due at `now` (the sparse sms-deferred index, every shard), oldest first, at most `limit`. */
  async dueDeferred(now: Date, limit = 200): Promise<{ ref: string; id: string }[]> {
    const shards = await Promise.all(
      [...Array(deferredShards).keys()].map(async (shard) => {
        const out = await this.db.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: 'sms-deferred',
            KeyConditionExpression: 'deferredQueue = :q AND sendAfter <= :now',
            ExpressionAttributeValues: { ':q': `sms#${shard}`, ':now': now.toISOString() },
            Limit: limit,
          }),
        );
        return out.Items ?? [];
      }),
    );
    return shards
      .flat()
      .sort((a, b) => String(a.sendAfter).localeCompare(String(b.sendAfter)))
      .slice(0, limit)
      .map((i) => ({ ref: String(i.dossierRef), id: String(i.id) }));
  }

  /**
   * Counts one more SMS to a phone (keyed hash) in its rate window; false, counting nothing, when
   * the window already holds `max`.
   */
  async takeRate(phoneKey: string, windowStart: string, max: number, expiresAt: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `SMSRATE#${phoneKey}#${windowStart}`, sk: 'SMSRATE' },
          UpdateExpression: 'SET sent = if_not_exists(sent, :zero) + :one, expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(sent) OR sent < :max',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': max, ':ttl': expiresAt },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

function strip(item: Record<string, unknown>): SmsNotice {
  const { pk: _pk, sk: _sk, entity: _entity, deferredQueue: _q, ...rest } = item;
  return rest as unknown as SmsNotice;
}
