/**
 * The figures table's day and month partitions are split by a hash of the agency (shared/aws/
 * figure-store.ts; the arithmetic in docs/capacity.md): every agency lands on one stable shard, and
 * the merged province's agencies spread so that no shard carries much more than its share.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figureShardOf, figureShards } from '../../shared/aws/figure-store.ts';
import { province } from '../../shared/province/index.ts';

describe('figure shards', () => {
  it('gives any agency id one shard in 0–9, the same every time', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (id) => {
        const shard = figureShardOf(id);
        expect(Number.isInteger(shard) && shard >= 0 && shard < figureShards).toBe(true);
        expect(figureShardOf(id)).toBe(shard);
      }),
    );
  });

  it('spreads the 142 agencies of the merged Gia Lai over every shard, none with more than twice its share', () => {
    const agencies = [...province('gia-lai-2025').agencies.keys()];
    const counts = Array.from({ length: figureShards }, () => 0);
    for (const id of agencies) counts[figureShardOf(id)]!++;
    expect(agencies.length).toBeGreaterThanOrEqual(140);
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThanOrEqual((2 * agencies.length) / figureShards);
  });
});
