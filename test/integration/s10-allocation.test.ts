import { randomInt, randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { S10Allocator, S10RangeExhaustedError } from '../../shared/aws/s10-allocator.ts';
import { isS10, parseS10 } from '../../shared/domain/postal/s10.ts';
import type { S10Range } from '../../shared/domain/province.ts';
import { province } from '../../shared/province/index.ts';
import { db, dossiersTable } from '../support/cloud.ts';

// Runs on 1 Dec 2026, 10:00 in Vietnam (the allocator is told the time; nothing here reads the clock).
const now = new Date('2026-12-01T03:00:00Z');

/** A range of its own per test (a fresh id: its counter starts at `from`), held by a real post office. */
function testRange(size: number, servicePointId = 'bdvhx-iato'): S10Range {
  const from = randomInt(0, 99_999_999 - size);
  return { id: `test-${randomUUID().slice(0, 8)}`, servicePointId, service: 'RR', from, to: from + size - 1, validFrom: '2019-01-01', illustrative: true };
}
const allocatorFor = (...ranges: S10Range[]) => new S10Allocator(db, dossiersTable, { postal: { ranges } });
/** Makes a reservation look 12 months old: what TTL would have deleted by now, or is about to. */
async function expire(itemId: string) {
  await db.send(new UpdateCommand({ TableName: dossiersTable, Key: { pk: `S10#${itemId}`, sk: 'S10' }, UpdateExpression: 'SET expiresAt = :past', ExpressionAttributeValues: { ':past': Math.floor(now.getTime() / 1000) - 1 } }));
}

describe('S10 allocation (DynamoDB Local: a counter per range and a 12-month reservation per id, in one transaction)', () => {
  it('gives 200 concurrent shipments of one post office 200 distinct valid VN ids, all in its range', async () => {
    const range = testRange(100_000);
    const allocator = allocatorFor(range);
    const ids = await Promise.all(Array.from({ length: 200 }, () => allocator.allocate(range.servicePointId, now)));
    expect(new Set(ids).size).toBe(200);
    for (const id of ids) {
      expect(isS10(id, { country: 'VN' })).toBe(true);
      const { serial, service } = parseS10(id)!;
      expect(service).toBe('RR');
      expect(serial).toBeGreaterThanOrEqual(range.from);
      expect(serial).toBeLessThanOrEqual(range.to);
    }
    // None skipped: a burst uses the range from its start, serial after serial.
    expect(ids.map((id) => parseS10(id)!.serial).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => range.from + i));
  }, 120_000);

  it('keeps an id reserved for 12 months from its issue (until 1 Dec 2027)', async () => {
    const range = testRange(10);
    const id = await allocatorFor(range).allocate(range.servicePointId, now);
    const out = await db.send(new GetCommand({ TableName: dossiersTable, Key: { pk: `S10#${id}`, sk: 'S10' } }));
    expect(out.Item).toEqual(expect.objectContaining({ itemId: id, servicePointId: range.servicePointId, rangeId: range.id, expiresAt: Date.parse('2027-12-01T03:00:00Z') / 1000 }));
  });

  it('refuses a fourth id from a range of three while the three are reserved, and wraps only to those whose reservation expired', async () => {
    const range = testRange(3);
    const allocator = allocatorFor(range);
    const first = [await allocator.allocate(range.servicePointId, now), await allocator.allocate(range.servicePointId, now), await allocator.allocate(range.servicePointId, now)];
    expect(first.map((id) => parseS10(id)!.serial)).toEqual([range.from, range.from + 1, range.from + 2]);

    await expect(allocator.allocate(range.servicePointId, now)).rejects.toThrow(S10RangeExhaustedError);
    await expect(allocator.allocate(range.servicePointId, now)).rejects.toThrow(/đã được dùng hết trong 12 tháng qua/);

    // Twelve months on for the second id only: it is the one issued again; the others stay refused.
    await expire(first[1]!);
    expect(await allocator.allocate(range.servicePointId, now)).toBe(first[1]);
    await expect(allocator.allocate(range.servicePointId, now)).rejects.toThrow(S10RangeExhaustedError);

    await expire(first[0]!);
    await expire(first[2]!);
    expect([await allocator.allocate(range.servicePointId, now), await allocator.allocate(range.servicePointId, now)].sort()).toEqual([first[0], first[2]].sort());
  }, 60_000);

  it('issues from the post office ranges of the province data, and names the post office that has none', async () => {
    const allocator = new S10Allocator(db, dossiersTable, province('gia-lai-2025'));
    const range = allocator.currentRange('bdvhx-iato', now);
    const id = await allocator.allocate('bdvhx-iato', now);
    expect(parseS10(id, { country: 'VN' })!.serial).toBeGreaterThanOrEqual(range.from);
    expect(parseS10(id)!.serial).toBeLessThanOrEqual(range.to);
    await expect(allocator.allocate('khong-co', now)).rejects.toMatchObject({ issues: [{ field: 'servicePointId' }] });
  });
});
