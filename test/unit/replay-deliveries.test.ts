/**
 * The replay's count of agency messages (infra/local/replay/report.ts `deliveries`): an envelope
 * that reaches an agency twice is either a redelivery (the same SQS message again after its
 * visibility timeout: at-least-once delivery, which the consumer absorbs) or a second send (two
 * SQS messages carrying one envelope messageId: a duplicate, a failure of the replay).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../infra/local/replay/agency-inbox.ts';
import { deliveries } from '../../infra/local/replay/report.ts';

const receipt = (messageId: string, sqsMessageId: string, receiveCount = 1): Receipt => ({ agencyId: 'so-tu-phap', messageId, sqsMessageId, receiveCount, dossierCode: `G52-${messageId}`, type: 'dossier.assigned', at: 0 });

describe('agency messages received twice', () => {
  it('counts the same SQS message received again as a redelivery, not a duplicate', () => {
    const out = deliveries([receipt('e1', 's1'), receipt('e1', 's1', 2), receipt('e2', 's2')]);
    expect(out).toMatchObject({ messages: 2, duplicated: 0, redelivered: 1, secondSends: [] });
  });

  it('counts a message first seen on a later receive (the earlier answer lost) as a redelivery', () => {
    expect(deliveries([receipt('e1', 's1', 3)])).toMatchObject({ messages: 1, duplicated: 0, redelivered: 1 });
  });

  it('counts one envelope in two SQS messages as a duplicate and names it', () => {
    const out = deliveries([receipt('e1', 's1'), receipt('e1', 's2'), receipt('e2', 's3')]);
    expect(out).toMatchObject({ messages: 3, duplicated: 1, redelivered: 0 });
    expect(out.secondSends).toEqual([{ agencyId: 'so-tu-phap', dossierCode: 'G52-e1', type: 'dossier.assigned', messageId: 'e1', sqsMessageIds: ['s1', 's2'] }]);
  });

  it('finds as many duplicates as extra sends and as many redeliveries as extra receipts, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ sends: fc.integer({ min: 1, max: 3 }), receives: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 12 }), fc.integer(), (envelopes, seed) => {
        const receipts = envelopes.flatMap((e, i) => Array.from({ length: e.sends }, (_, s) => Array.from({ length: e.receives }, (_, r) => receipt(`e${i}`, `s${i}-${s}`, r + 1))).flat());
        const shuffled = [...receipts].sort((a, b) => hash(a, seed) - hash(b, seed));
        const out = deliveries(shuffled);
        expect(out.duplicated).toBe(envelopes.reduce((n, e) => n + e.sends - 1, 0));
        expect(out.redelivered).toBe(envelopes.reduce((n, e) => n + e.sends * (e.receives - 1), 0));
        expect(out.messages).toBe(envelopes.reduce((n, e) => n + e.sends, 0));
      }),
    );
  });
});

/** A stable shuffle key that keeps each SQS message's receipts in receive order (a later receive never comes first). */
function hash(r: Receipt, seed: number): number {
  let h = seed;
  for (const c of r.sqsMessageId) h = (h * 31 + c.charCodeAt(0)) | 0;
  return (h % 1000) * 10 + r.receiveCount;
}
