/**
 * Allocates UPU S10 item ids from the ranges each post office holds (postal.json), so that an id
 * is never issued twice within 12 months, even when a range is spent and starts over.
 *
 * Two items per range in the dossiers table: a counter (`S10RANGE#<rangeId>`, the next serial)
 * and, per issued id, a reservation (`S10#<itemId>`) that expires 12 months after issue. Both are
 * written in one transaction: the counter's condition makes a serial go to one caller only, the
 * reservation's condition refuses an id still reserved (TTL deletes lazily, up to days late, so
 * an expired reservation left in the table counts as free: `expiresAt < :now`).
 */
import { randomInt } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localIsoDate } from '../domain/dossier.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import { formatS10 } from '../domain/postal/s10.ts';
import type { PostalData, S10Range } from '../domain/province.ts';

/** Retries of a transaction lost to a concurrent allocation (reception's dossier codes do the same). */
const attempts = 100;
/**
 * Reserved serials met in a row before a range counts as spent: the whole range when small, else
 * 1,000 (after a wrap, ids are reserved in the order they were issued, so a run that long means
 * the range was used up within 12 months; checking a million one by one would take hours).
 */
const maxReservedInARow = 1000;
/** An id is kept from reuse for 12 months (issue 10). */
const reservationMonths = 12;

/** Every serial of a post office's range is reserved: the range needs to grow (a data change). */
export class S10RangeExhaustedError extends ConflictError {
  override readonly type = 's10-range-exhausted';
  override readonly title = 'Dải số hiệu bưu gửi đã dùng hết';
}

const counterKey = (rangeId: string) => ({ pk: `S10RANGE#${rangeId}`, sk: 'S10RANGE' });
const reservationKey = (itemId: string) => ({ pk: `S10#${itemId}`, sk: 'S10' });

/** The instant 12 months after `now`, in epoch seconds (the table's TTL attribute). */
function reservedUntil(now: Date): number {
  const until = new Date(now);
  until.setUTCMonth(until.getUTCMonth() + reservationMonths);
  return Math.floor(until.getTime() / 1000);
}

export class S10Allocator {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly province: { postal: Pick<PostalData, 'ranges'> },
  ) {}

  /** The range a post office issues from on `now`'s day in Vietnam: the latest in force for the service. */
  currentRange(servicePointId: string, now: Date, service = 'RR'): S10Range {
    const day = localIsoDate(now);
    const range = this.province.postal.ranges
      .filter((r) => r.servicePointId === servicePointId && r.service === service && r.validFrom <= day)
      .sort((a, b) => a.validFrom.localeCompare(b.validFrom))
      .at(-1);
    if (!range) throw ValidationError.field('servicePointId', `điểm phục vụ "${servicePointId}" chưa có dải số hiệu bưu gửi ${service} vào ngày ${day}`);
    return range;
  }

  /**
   * The next free S10 id of the post office's current range, reserved for 12 months.
   * Example: `await allocator.allocate('bc-pleiku', deps.now())` -> `RR100000003VN` for the first of a range from 10000000.
   */
  async allocate(servicePointId: string, now: Date, service = 'RR'): Promise<string> {
    const range = this.currentRange(servicePointId, now, service);
    const limit = Math.min(range.to - range.from + 1, maxReservedInARow);
    let reservedInARow = 0;
    for (let attempt = 0; attempt < attempts; ) {
      const seen = await this.next(range);
      const serial = seen.next;
      const after = serial >= range.to ? range.from : serial + 1;
      const itemId = formatS10(range.service, serial);
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              this.move(range, seen.stored, after),
              {
                Put: {
                  TableName: this.table,
                  Item: { ...reservationKey(itemId), entity: 's10', itemId, rangeId: range.id, servicePointId, reservedAt: now.toISOString(), expiresAt: reservedUntil(now) },
                  ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
                  ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
                },
              },
            ],
          }),
        );
        return itemId;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [counter, reservation] = (error.CancellationReasons ?? []).map((r) => r.Code);
        if (counter === 'None' && reservation === 'ConditionalCheckFailed') {
          // The serial is still reserved (issued less than 12 months ago): step over it.
          if (++reservedInARow >= limit)
            throw new S10RangeExhaustedError(`dải số hiệu ${range.id} (${range.service} ${range.from}–${range.to}) của điểm phục vụ ${servicePointId} đã được dùng hết trong 12 tháng qua; cần cấp thêm dải mới`);
          await this.stepOver(range, seen.stored, after);
          continue;
        }
        attempt++;
        // Spread the retries of a burst (full jitter, growing to 0.5 s), so they stop colliding: with a
        // fixed small jitter 200 allocations at once needed up to 62 attempts, with this 35.
        await new Promise((r) => setTimeout(r, randomInt(0, Math.min(500, 5 * 2 ** attempt))));
      }
    }
    throw new ConflictError('quá nhiều bưu gửi được cấp số hiệu cùng lúc, vui lòng thử lại');
  }

  /** The serial the counter points at (the range's first when it has none yet or the range was changed under it). */
  private async next(range: S10Range): Promise<{ next: number; stored: number | undefined }> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: counterKey(range.id), ConsistentRead: true }));
    const stored = typeof out.Item?.next === 'number' ? out.Item.next : undefined;
    return { next: stored !== undefined && stored >= range.from && stored <= range.to ? stored : range.from, stored };
  }

  /** The counter moved from what was read to `after`; fails when another allocation moved it first. */
  private move(range: S10Range, stored: number | undefined, after: number) {
    return {
      Update: {
        TableName: this.table,
        Key: counterKey(range.id),
        UpdateExpression: 'SET #next = :after, entity = :entity, servicePointId = :point',
        ConditionExpression: stored === undefined ? 'attribute_not_exists(pk)' : '#next = :seen',
        ExpressionAttributeNames: { '#next': 'next' },
        ExpressionAttributeValues: { ':after': after, ':entity': 's10-range', ':point': range.servicePointId, ...(stored === undefined ? {} : { ':seen': stored }) },
      },
    };
  }

  /** Moves the counter past a reserved serial; another allocation having moved it is as good. */
  private async stepOver(range: S10Range, stored: number | undefined, after: number): Promise<void> {
    try {
      await this.db.send(new UpdateCommand(this.move(range, stored, after).Update));
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}
