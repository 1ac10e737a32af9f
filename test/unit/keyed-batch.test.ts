/**
 * A stream batch in parallel across dossiers, in order within one (shared/app/keyed-batch.ts): the
 * FIFO contract holds (a dossier's events are handled in the order they came), a failure holds
 * back only its own dossier's later events, and the answer names exactly the records to retry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inOrderPerKey } from '../../shared/app/keyed-batch.ts';

interface Rec {
  id: string;
  key: string;
  fails: boolean;
}

describe('a batch in parallel across keys, in order within a key', () => {
  it('handles every record of a key in batch order and never two of one key at once, whatever the timing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ key: fc.constantFrom('A', 'B', 'C', 'D'), delay: fc.integer({ min: 0, max: 3 }) }), { maxLength: 30 }), fc.integer({ min: 1, max: 8 }), async (specs, concurrency) => {
        const records = specs.map((s, i) => ({ ...s, id: String(i) }));
        const seen: { key: string; id: string }[] = [];
        const running = new Set<string>();
        const failed = await inOrderPerKey(records, {
          keyOf: (r) => r.key,
          idOf: (r) => r.id,
          concurrency,
          handle: async (r) => {
            expect(running.has(r.key)).toBe(false);
            running.add(r.key);
            await new Promise((res) => setTimeout(res, r.delay));
            seen.push({ key: r.key, id: r.id });
            running.delete(r.key);
          },
        });
        expect(failed).toEqual([]);
        for (const key of ['A', 'B', 'C', 'D']) expect(seen.filter((s) => s.key === key).map((s) => s.id)).toEqual(records.filter((r) => r.key === key).map((r) => r.id));
      }),
      { numRuns: 60 },
    );
  });

  it("after a record fails, holds back its key's later records (not run, reported) and goes on with the other keys", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ key: fc.constantFrom('A', 'B', 'C'), fails: fc.boolean() }), { maxLength: 25 }), async (specs) => {
        const records: Rec[] = specs.map((s, i) => ({ ...s, id: String(i) }));
        const ran: string[] = [];
        const failed = await inOrderPerKey(records, {
          keyOf: (r) => r.key,
          idOf: (r) => r.id,
          concurrency: 3,
          handle: async (r) => {
            ran.push(r.id);
            if (r.fails) throw new Error('queue unreachable');
          },
        });
        // Expected: per key, everything from its first failing record on.
        const expected = records.filter((r, i) => records.slice(0, i + 1).some((x) => x.key === r.key && x.fails)).map((r) => r.id);
        expect(failed).toEqual(expected);
        const firstFailures = new Set(records.filter((r, i) => r.fails && !records.slice(0, i).some((x) => x.key === r.key && x.fails)).map((r) => r.id));
        for (const id of failed) expect(ran.includes(id)).toBe(firstFailures.has(id));
      }),
    );
  });

  it('runs different keys at the same time: 8 dossiers of 50 ms each take about 50 ms at 8 at once, not 400', async () => {
    const records = Array.from({ length: 8 }, (_, i) => ({ id: String(i), key: `K${i}` }));
    let inFlight = 0;
    let most = 0;
    await inOrderPerKey(records, {
      keyOf: (r) => r.key,
      idOf: (r) => r.id,
      concurrency: 8,
      handle: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((res) => setTimeout(res, 50));
        inFlight--;
      },
    });
    expect(most).toBe(8);
  });
});
