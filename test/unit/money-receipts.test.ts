/** Electronic receipts (shared/domain/money/receipts.ts): series per collector per year, numbering, cancellation, refunds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../shared/domain/errors.ts';
import type { AssessedLine } from '../../shared/domain/money/assessment.ts';
import { cancelReceipt, formatReceiptNumber, issueReceipt, receiptSeries, refundFrom, type IssueReceiptInput, type Refund } from '../../shared/domain/money/receipts.ts';

const line = (code: string, amount: number, payee: AssessedLine['payee'] = 'agency'): AssessedLine => ({
  code,
  label: code,
  kind: payee === 'agency' ? 'charge' : 'postal',
  payee,
  quantity: 1,
  unitAmount: amount,
  amount,
  legalSource: 'kiểm thử',
});
const clerk = { kind: 'clerk' as const, id: 'gdv-01', servicePointId: 'bdvhx-iato' };
const base: IssueReceiptInput = {
  id: 'r1',
  next: 1,
  // 08:30 on 01/12/2026 in Vietnam
  issuedAt: '2026-12-01T01:30:00Z',
  payer: { name: '  Nguyễn   Văn An ', kind: 'person' },
  dossierRef: 'd1',
  dossierCode: '000.00.21.H21-261201-0001',
  agencyId: 'gl-stp',
  lines: [line('charge:phi', 200_000), line('postal:pickup', 22_000, 'post-office')],
  method: 'cash',
  collector: clerk,
};
const fieldOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => i.field);
    throw e;
  }
  return [];
};

describe('receipt series and numbers', () => {
  it('gives each collector one series a year', () => {
    expect(receiptSeries(clerk, 2026)).toBe('Q2026-gdv-01');
    expect(receiptSeries({ kind: 'postman', id: 'bt-07' }, 2026)).toBe('B2026-bt-07');
    expect(receiptSeries({ kind: 'gateway', id: 'vnpay' }, 2027)).toBe('T2027-vnpay');
    fc.assert(
      fc.property(fc.constantFrom('clerk' as const, 'postman' as const, 'gateway' as const), fc.constantFrom('clerk' as const, 'postman' as const, 'gateway' as const), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/), fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 2020, max: 2030 }), (k1, k2, id1, id2, y1, y2) => {
        const same = k1 === k2 && id1 === id2 && y1 === y2;
        expect(receiptSeries({ kind: k1, id: id1 }, y1) === receiptSeries({ kind: k2, id: id2 }, y2)).toBe(same);
      }),
    );
  });

  it('prints numbers 7 digits wide and refuses 0 and past 9.999.999', () => {
    expect(formatReceiptNumber(1)).toBe('0000001');
    expect(formatReceiptNumber(9_999_999)).toBe('9999999');
    expect(fieldOf(() => formatReceiptNumber(0))).toEqual(['number']);
    expect(fieldOf(() => formatReceiptNumber(10_000_000))).toEqual(['number']);
    expect(fieldOf(() => formatReceiptNumber(1.5))).toEqual(['number']);
  });
});

describe('issuing a receipt', () => {
  it('numbers it from the series of the year in Vietnam, totals the lines and names the payer in NFC', () => {
    const r = issueReceipt({ ...base, next: 42 });
    expect(r).toMatchObject({ series: 'Q2026-gdv-01', number: '0000042', total: 222_000, status: 'issued', payer: { name: 'Nguyễn Văn An', kind: 'person' } });
    // 17:30Z on 31/12/2026 is already 01/01/2027 in Vietnam: the new year's series.
    expect(issueReceipt({ ...base, issuedAt: '2026-12-31T17:30:00Z' }).series).toBe('Q2027-gdv-01');
  });

  it('refuses an empty receipt, a zero receipt, a negative or fractional line, a payer without a name', () => {
    expect(fieldOf(() => issueReceipt({ ...base, lines: [] }))).toEqual(['lines']);
    expect(fieldOf(() => issueReceipt({ ...base, lines: [line('fee:x', 0)] }))).toEqual(['lines']);
    expect(fieldOf(() => issueReceipt({ ...base, lines: [line('fee:x', -1)] }))).toEqual(['lines.0.amount']);
    expect(fieldOf(() => issueReceipt({ ...base, lines: [line('fee:x', 10.5)] }))).toEqual(['lines.0.amount']);
    expect(fieldOf(() => issueReceipt({ ...base, payer: { name: '  ', kind: 'person' } }))).toEqual(['payer.name']);
    expect(fieldOf(() => issueReceipt({ ...base, issuedAt: '01/12/2026' }))).toEqual(['issuedAt']);
    expect(fieldOf(() => issueReceipt({ ...base, dossierRef: '' }))).toEqual(['dossierRef']);
    expect(fieldOf(() => issueReceipt({ ...base, method: 'cheque' as never }))).toEqual(['method']);
    expect(() => issueReceipt({ ...base, lines: [line('fee:x', 0)] })).toThrow(/lớn hơn 0/);
  });
});

describe('cancelling a receipt', () => {
  const r = issueReceipt(base);
  it('keeps the receipt, marked cancelled with the reason, the moment and who', () => {
    const c = cancelReceipt(r, { reason: 'Thu nhầm thủ tục', at: '2026-12-01T02:00:00Z', by: 'gdv-01' });
    expect(c).toMatchObject({ id: 'r1', number: '0000001', total: 222_000, status: 'cancelled', cancellation: { reason: 'Thu nhầm thủ tục', at: '2026-12-01T02:00:00Z', by: 'gdv-01' } });
    expect(r.status).toBe('issued');
  });

  it('needs a bounded reason and refuses a second cancellation as a conflict', () => {
    expect(fieldOf(() => cancelReceipt(r, { reason: '', at: '2026-12-01T02:00:00Z', by: 'x' }))).toEqual(['reason']);
    expect(fieldOf(() => cancelReceipt(r, { reason: 'a'.repeat(501), at: '2026-12-01T02:00:00Z', by: 'x' }))).toEqual(['reason']);
    const c = cancelReceipt(r, { reason: 'Thu nhầm', at: '2026-12-01T02:00:00Z', by: 'x' });
    expect(() => cancelReceipt(c, { reason: 'lần nữa', at: '2026-12-01T03:00:00Z', by: 'x' })).toThrow(ConflictError);
  });
});

describe('refunds', () => {
  const r = issueReceipt(base);
  const at = '2026-12-02T03:00:00Z';
  it('takes the money back from the lines in order, and never more than is left', () => {
    const first = refundFrom(r, [], { id: 'f1', amount: 210_000, reason: 'Không cấp được phiếu', at, by: 'gdv-01' });
    expect(first.lines).toEqual([{ code: 'charge:phi', amount: 200_000 }, { code: 'postal:pickup', amount: 10_000 }]);
    expect(fieldOf(() => refundFrom(r, [first], { id: 'f2', amount: 12_001, reason: 'x', at, by: 'x' }))).toEqual(['amount']);
    expect(() => refundFrom(r, [first], { id: 'f2', amount: 12_001, reason: 'x', at, by: 'x' })).toThrow(/12\.000 ₫/);
    expect(refundFrom(r, [first], { id: 'f2', amount: 12_000, reason: 'x', at, by: 'x' }).lines).toEqual([{ code: 'postal:pickup', amount: 12_000 }]);
  });

  it('refunds named lines within what each has left', () => {
    const f = refundFrom(r, [], { id: 'f1', amount: 22_000, reason: 'Không thu gom được', at, by: 'x', lines: [{ code: 'postal:pickup', amount: 22_000 }] });
    expect(f.lines).toEqual([{ code: 'postal:pickup', amount: 22_000 }]);
    expect(fieldOf(() => refundFrom(r, [f], { id: 'f2', amount: 1, reason: 'x', at, by: 'x', lines: [{ code: 'postal:pickup', amount: 1 }] }))).toEqual(['lines.0.amount']);
    expect(fieldOf(() => refundFrom(r, [], { id: 'f2', amount: 1, reason: 'x', at, by: 'x', lines: [{ code: 'fee:khac', amount: 1 }] }))).toEqual(['lines.0.code']);
    expect(fieldOf(() => refundFrom(r, [], { id: 'f2', amount: 2, reason: 'x', at, by: 'x', lines: [{ code: 'charge:phi', amount: 1 }] }))).toEqual(['lines']);
  });

  it('refuses a refund on a cancelled receipt (conflict), a zero or fractional amount, no reason', () => {
    const c = cancelReceipt(r, { reason: 'Thu nhầm', at, by: 'x' });
    expect(() => refundFrom(c, [], { id: 'f', amount: 1, reason: 'x', at, by: 'x' })).toThrow(ConflictError);
    expect(fieldOf(() => refundFrom(r, [], { id: 'f', amount: 0, reason: 'x', at, by: 'x' }))).toEqual(['amount']);
    expect(fieldOf(() => refundFrom(r, [], { id: 'f', amount: 0.5, reason: 'x', at, by: 'x' }))).toEqual(['amount']);
    expect(fieldOf(() => refundFrom(r, [], { id: 'f', amount: 1, reason: ' ', at, by: 'x' }))).toEqual(['reason']);
  });

  it('for any sequence of refund attempts, the refunds never add up past the receipt, line by line', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 250_000 }), { maxLength: 12 }), (amounts) => {
        const done: Refund[] = [];
        for (const [i, amount] of amounts.entries()) {
          try {
            done.push(refundFrom(r, done, { id: `f${i}`, amount, reason: 'x', at, by: 'x' }));
          } catch (e) {
            expect(e).toBeInstanceOf(ValidationError);
          }
        }
        const total = done.reduce((s, f) => s + f.amount, 0);
        expect(total).toBeLessThanOrEqual(r.total);
        for (const l of r.lines) expect(done.flatMap((f) => f.lines).filter((x) => x.code === l.code).reduce((s, x) => s + x.amount, 0)).toBeLessThanOrEqual(l.amount);
        for (const f of done) expect(f.lines.reduce((s, x) => s + x.amount, 0)).toBe(f.amount);
      }),
    );
  });
});
