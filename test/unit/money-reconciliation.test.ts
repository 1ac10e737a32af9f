/**
 * An agency's day of collections against the remittances (shared/domain/money/reconciliation.ts).
 * The day reconciled is 01/12/2026 (Asia/Ho_Chi_Minh: 2026-11-30T17:00Z to 2026-12-01T17:00Z).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssessedLine } from '../../shared/domain/money/assessment.ts';
import { cancelReceipt, issueReceipt, refundFrom, type CollectorKind, type Receipt, type Refund } from '../../shared/domain/money/receipts.ts';
import { agencyShare, reconcile, refundAgencyShare, type Remittance, type Sums } from '../../shared/domain/money/reconciliation.ts';

const agencyId = 'gl-stp';
const day = '2026-12-01';
const line = (code: string, amount: number, payee: AssessedLine['payee'] = 'agency'): AssessedLine => ({ code, label: code, kind: payee === 'agency' ? 'fee' : 'postal', payee, quantity: 1, unitAmount: amount, amount, legalSource: 'kiểm thử' });
let seq = 0;
const receipt = (o: { agency?: number; postal?: number; kind?: CollectorKind; collectorId?: string; dossier?: string; at?: string; agencyId?: string } = {}): Receipt =>
  issueReceipt({
    id: `r${++seq}`,
    next: seq,
    issuedAt: o.at ?? '2026-12-01T02:00:00Z',
    payer: { name: 'Trần Thị Bình', kind: 'person' },
    dossierRef: o.dossier ?? `d${seq}`,
    agencyId: o.agencyId ?? agencyId,
    lines: [...(o.agency ? [line('fee:le-phi', o.agency)] : []), ...(o.postal ? [line('postal:pickup', o.postal, 'post-office')] : [])],
    method: 'cash',
    collector: { kind: o.kind ?? 'clerk', id: o.collectorId ?? 'gdv-01' },
  });
const remit = (id: string, receipts: Receipt[], amount: number, at = '2026-12-01T10:00:00Z'): Remittance => ({ id, agencyId, reference: `CK-${id}`, amount, at, receiptIds: receipts.map((r) => r.id), by: 'ketoan-01' });
const cancel = (r: Receipt) => cancelReceipt(r, { reason: 'Thu nhầm', at: '2026-12-01T03:00:00Z', by: 'gdv-01' });
const kinds = (rec: ReturnType<typeof reconcile>) => rec.mismatches.map((m) => m.kind).sort();

describe('reconciling a day', () => {
  it('counts the agency share only, by collector and dossier, cancellations and refunds taken off', () => {
    const a = receipt({ agency: 200_000, postal: 22_000, kind: 'postman', collectorId: 'bt-07', dossier: 'd-a' });
    const b = receipt({ agency: 15_000, kind: 'clerk', dossier: 'd-b' });
    const c = cancel(receipt({ agency: 50_000, kind: 'gateway', collectorId: 'vnpay', dossier: 'd-c' }));
    const f = refundFrom(a, [], { id: 'f1', amount: 30_000, reason: 'Hoàn một phần', at: '2026-12-01T05:00:00Z', by: 'gdv-01', lines: [{ code: 'fee:le-phi', amount: 10_000 }, { code: 'postal:pickup', amount: 20_000 }] });
    const rec = reconcile({ agencyId, day, receipts: [a, b, c], refunds: [f], remittances: [] });
    expect(rec.totals).toEqual({ collected: 265_000, cancelled: 50_000, refunded: 10_000, net: 205_000 });
    expect(rec.byCollectorKind.postman).toEqual({ collected: 200_000, cancelled: 0, refunded: 10_000, net: 190_000 });
    expect(rec.byCollector['gateway:vnpay']).toMatchObject({ collected: 50_000, cancelled: 50_000, net: 0 });
    expect(rec.byDossier['d-b']).toMatchObject({ net: 15_000 });
    expect(rec.uncovered).toBe(205_000);
    expect(kinds(rec)).toEqual(['not-covered', 'not-covered']);
    expect(rec.mismatches[0]!.message).toMatch(/^Biên lai Q2026|^Biên lai B2026/);
  });

  it('counts a receipt on its day in Vietnam: 23:59 on 01/12 is the 1st, 00:00 on 02/12 is not', () => {
    const late = receipt({ agency: 1_000, at: '2026-12-01T16:59:59Z' });
    const next = receipt({ agency: 2_000, at: '2026-12-01T17:00:00Z' });
    const early = receipt({ agency: 4_000, at: '2026-11-30T17:00:00Z' });
    expect(reconcile({ agencyId, day, receipts: [late, next, early], refunds: [], remittances: [] }).totals.collected).toBe(5_000);
    expect(reconcile({ agencyId, day: '2026-12-02', receipts: [late, next, early], refunds: [], remittances: [] }).totals.collected).toBe(2_000);
  });

  it('agrees to the đồng with a remittance that covers the net, and reports one đồng off', () => {
    const a = receipt({ agency: 200_000, postal: 22_000 });
    const b = receipt({ agency: 15_000 });
    expect(reconcile({ agencyId, day, receipts: [a, b], refunds: [], remittances: [remit('m1', [a, b], 215_000)] }).mismatches).toEqual([]);
    const off = reconcile({ agencyId, day, receipts: [a, b], refunds: [], remittances: [remit('m1', [a, b], 214_999)] });
    expect(off.mismatches).toEqual([expect.objectContaining({ kind: 'amount-differs', remittanceId: 'm1', expected: 215_000, actual: 214_999, difference: -1, message: 'Lệnh chuyển CK-m1: chuyển 214.999 ₫, các biên lai cần 215.000 ₫ (chênh -1 ₫)' })]);
  });

  it('reports a receipt in two remittances, a cancelled one, another agency’s, an unknown one', () => {
    const a = receipt({ agency: 100_000 });
    const c = cancel(receipt({ agency: 50_000 }));
    const other = receipt({ agency: 70_000, agencyId: 'gl-stnmt' });
    const rec = reconcile({
      agencyId,
      day,
      receipts: [a, c, other],
      refunds: [],
      remittances: [remit('m1', [a], 100_000), { ...remit('m2', [a, c, other], 100_000), receiptIds: [a.id, c.id, other.id, 'r-khong-co'] }],
    });
    expect(kinds(rec)).toEqual(['cancelled-receipt', 'double-coverage', 'foreign-receipt', 'unknown-receipt']);
    expect(rec.mismatches.find((m) => m.kind === 'double-coverage')).toMatchObject({ receiptId: a.id, remittanceIds: ['m1', 'm2'] });
    expect(rec.mismatches.find((m) => m.kind === 'foreign-receipt')).toMatchObject({ agencyId: 'gl-stnmt' });
  });

  it('reports a refund made after the money was remitted, for the agency to give back', () => {
    const a = receipt({ agency: 100_000 });
    const f = refundFrom(a, [], { id: 'f1', amount: 40_000, reason: 'Hoàn', at: '2026-12-01T12:00:00Z', by: 'x' });
    const rec = reconcile({ agencyId, day, receipts: [a], refunds: [f], remittances: [remit('m1', [a], 100_000, '2026-12-01T10:00:00Z')] });
    expect(rec.mismatches).toEqual([expect.objectContaining({ kind: 'refund-after-remittance', refundId: 'f1', amount: 40_000 })]);
    expect(rec.totals.net).toBe(60_000);
  });
});

// Property tests: random days of receipts (some on neighbouring days, some of another agency),
// cancellations, refunds, and remittances.
const at = fc.integer({ min: Date.parse('2026-11-30T12:00:00Z'), max: Date.parse('2026-12-01T22:00:00Z') }).map((ms) => new Date(ms).toISOString());
const receiptSpec = fc.record({
  agency: fc.integer({ min: 0, max: 5_000_000 }),
  postal: fc.integer({ min: 0, max: 60_000 }),
  kind: fc.constantFrom('clerk' as const, 'postman' as const, 'gateway' as const),
  collectorId: fc.constantFrom('a1', 'a2', 'a3'),
  dossier: fc.constantFrom('d1', 'd2', 'd3', 'd4'),
  at,
  ours: fc.boolean(),
  cancelled: fc.boolean(),
  refunds: fc.array(fc.integer({ min: 1, max: 5_000_000 }), { maxLength: 3 }),
});
const remittanceSpec = fc.record({ picks: fc.uniqueArray(fc.nat({ max: 24 }), { maxLength: 10 }), amount: fc.integer({ min: 0, max: 50_000_000 }), at, ours: fc.boolean() });
type ReceiptSpec = typeof receiptSpec extends fc.Arbitrary<infer T> ? T : never;
function world(specs: ReceiptSpec[]) {
  const receipts: Receipt[] = [];
  const refunds: Refund[] = [];
  specs.forEach((s, i) => {
    if (s.agency + s.postal === 0) return;
    let r = receipt({ ...s, agencyId: s.ours ? agencyId : 'gl-stnmt' });
    s.refunds.forEach((amount, j) => {
      try {
        refunds.push(refundFrom(r, refunds, { id: `f${i}-${j}`, amount, reason: 'Hoàn', at: s.at, by: 'x' }));
      } catch {
        // more than is left: refused, as it should be
      }
    });
    if (s.cancelled && !refunds.some((f) => f.receiptId === r.id)) r = cancel(r);
    receipts.push(r);
  });
  return { receipts, refunds };
}
const localDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
const fields = ['collected', 'cancelled', 'refunded', 'net'] as const;
const sumOf = (xs: Sums[]) => Object.fromEntries(fields.map((k) => [k, xs.reduce((s, x) => s + x[k], 0)]));

describe('reconciliation properties', () => {
  it('for any receipts, cancellations, refunds and remittances: sums per collector kind, per collector and per dossier equal the day’s receipts, in safe integers', () => {
    fc.assert(
      fc.property(fc.array(receiptSpec, { maxLength: 25 }), fc.array(remittanceSpec, { maxLength: 4 }), (specs, remSpecs) => {
        const { receipts, refunds } = world(specs);
        const remittances = remSpecs.map((m, i) => ({ ...remit(`m${i}`, receipts.filter((_, j) => m.picks.includes(j)), m.amount, m.at), agencyId: m.ours ? agencyId : 'gl-stnmt' }));
        const rec = reconcile({ agencyId, day, receipts, refunds, remittances });
        // Remittances never change what was collected: they are checked against it.
        expect(rec.totals).toEqual(reconcile({ agencyId, day, receipts, refunds, remittances: [] }).totals);
        for (const m of rec.mismatches) for (const v of Object.values(m)) if (typeof v === 'number') expect(Number.isSafeInteger(v)).toBe(true);
        const mine = receipts.filter((r) => r.agencyId === agencyId && localDay(r.issuedAt) === day);
        const collected = mine.reduce((s, r) => s + agencyShare(r), 0);
        const cancelled = mine.filter((r) => r.status === 'cancelled').reduce((s, r) => s + agencyShare(r), 0);
        const byId = new Map(receipts.map((r) => [r.id, r]));
        const refunded = refunds.filter((f) => localDay(f.at) === day && byId.get(f.receiptId)!.agencyId === agencyId).reduce((s, f) => s + refundAgencyShare(f, byId.get(f.receiptId)!), 0);
        expect(rec.totals).toEqual({ collected, cancelled, refunded, net: collected - cancelled - refunded });
        expect(sumOf(Object.values(rec.byCollectorKind))).toEqual(rec.totals);
        expect(sumOf(Object.values(rec.byCollector))).toEqual(rec.totals);
        expect(sumOf(Object.values(rec.byDossier))).toEqual(rec.totals);
        const amounts = [...Object.values(rec.byCollector), ...Object.values(rec.byDossier), rec.totals].flatMap((s) => fields.map((k) => s[k]));
        for (const x of [...amounts, rec.uncovered, rec.remitted]) expect(Number.isSafeInteger(x)).toBe(true);
      }),
    );
  });

  it('a remittance of exactly the net of the day’s receipts has no mismatch; any amount off is reported by how much', () => {
    fc.assert(
      fc.property(fc.array(receiptSpec, { maxLength: 25 }), fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((d) => d !== 0), (specs, delta) => {
        const { receipts, refunds } = world(specs);
        const mine = receipts.filter((r) => r.agencyId === agencyId && localDay(r.issuedAt) === day && r.status === 'issued');
        const byId = new Map(receipts.map((r) => [r.id, r]));
        const net = mine.reduce((s, r) => s + agencyShare(r) - refunds.filter((f) => f.receiptId === r.id).reduce((t, f) => t + refundAgencyShare(f, byId.get(f.receiptId)!), 0), 0);
        // The last moment of 01/12 in Vietnam: after every refund of the day's receipts (each made when its receipt was issued).
        const when = '2026-12-01T16:59:59.999Z';
        const exact = reconcile({ agencyId, day, receipts, refunds, remittances: [remit('m', mine, net, when)] });
        expect(exact.mismatches).toEqual([]);
        expect(exact.remittances[0]!.expected).toBe(net);
        const off = reconcile({ agencyId, day, receipts, refunds, remittances: [remit('m', mine, net + delta, when)] });
        expect(off.mismatches).toEqual([expect.objectContaining({ kind: 'amount-differs', expected: net, actual: net + delta, difference: delta })]);
        for (const one of [1, -1]) expect(reconcile({ agencyId, day, receipts, refunds, remittances: [remit('m', mine, net + one, when)] }).mismatches).toHaveLength(1);
      }),
    );
  });
});
