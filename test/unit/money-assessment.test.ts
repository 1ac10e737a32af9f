/**
 * What a dossier owes (shared/domain/money/assessment.ts): the procedure's lines in force on the
 * assessment day, alternative rates, the province's reductions, postal charges. Every test names
 * the day it assesses on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors.ts';
import { assessFees, lineCode, type AssessInput } from '../../shared/domain/money/assessment.ts';
import { quotePostal } from '../../shared/domain/postal/tariff.ts';
import type { Fee, Procedure, Reduction } from '../../shared/domain/province.ts';
import { province } from '../../shared/province/index.ts';

const gl2019 = province('gia-lai-2019');
const gl2025 = province('gia-lai-2025');
const proc = (id: string, p = gl2019): Procedure => p.procedures.get(id)!;
const assess = (input: Partial<AssessInput> & { procedure: Procedure }) => assessFees({ on: '2026-12-01', channel: 'counter', reductions: [], ...input });
const fieldOf = (input: Partial<AssessInput> & { procedure: Procedure }) => {
  try {
    assess(input);
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => i.field);
    throw e;
  }
  return [];
};
const ltp = proc('ltp-cap-phieu');
const copy = proc('chung-thuc-ban-sao');

describe('assessing fees', () => {
  it('charges 200.000 ₫ a criminal-record request and 5.000 ₫ for the third certificate, as phí, on 01/12/2026', () => {
    const a = assess({ procedure: ltp, quantities: { certificates: 3 } });
    expect(a.lines).toEqual([
      expect.objectContaining({ code: 'charge:phi-cung-cap-thong-tin-ly-lich-tu-phap', label: 'Phí cung cấp thông tin lý lịch tư pháp', kind: 'charge', payee: 'agency', quantity: 1, unitAmount: 200_000, amount: 200_000 }),
      expect.objectContaining({ code: 'charge:phi-tu-phieu-thu-3-tro-di-trong-mot-lan-yeu-cau', quantity: 1, unitAmount: 5_000, amount: 5_000 }),
    ]);
    expect(a.totals).toEqual({ fee: 0, charge: 205_000, tax: 0, postal: 0, agency: 205_000, total: 205_000 });
    expect(assess({ procedure: ltp, quantities: { certificates: 2 } }).totals.total).toBe(200_000);
  });

  it('charges a student 100.000 ₫ instead of 200.000 ₫, the extra certificates unchanged (Circular 244/2016 art. 4), on 01/12/2026', () => {
    const a = assess({ procedure: ltp, category: 'student', quantities: { certificates: 4 } });
    expect(a.lines.map((l) => [l.label, l.amount])).toEqual([
      ['Phí cung cấp thông tin lý lịch tư pháp (mức giảm)', 100_000],
      ['Phí từ Phiếu thứ 3 trở đi trong một lần yêu cầu', 10_000],
    ]);
    expect(a.totals.charge).toBe(110_000);
    expect(assess({ procedure: ltp, category: 'poor-household' }).totals.charge).toBe(200_000);
  });

  it('charges certified copies 2.000 ₫ a page for two pages and 1.000 ₫ from the third, per copy, on 01/12/2026', () => {
    const a = assess({ procedure: copy, quantities: { pages: 5, copies: 2 } });
    expect(a.lines.map((l) => [l.quantity, l.unitAmount, l.amount])).toEqual([
      [4, 2_000, 8_000],
      [6, 1_000, 6_000],
    ]);
    expect(a.totals).toMatchObject({ fee: 14_000, charge: 0, agency: 14_000 });
  });

  it('never charges more than 200.000 ₫ a copy, however many pages (BRIEF 7 #6), on 01/12/2026', () => {
    const a = assess({ procedure: copy, quantities: { pages: 500, copies: 3 } });
    expect(a.totals.fee).toBe(600_000);
    expect(a.lines[1]).toMatchObject({ capped: true, quantity: 1_494 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 1_000 }), (pages, copies) => {
        const perCopy = Math.min(200_000, 2_000 * Math.min(pages, 2) + 1_000 * Math.max(0, pages - 2));
        expect(assess({ procedure: copy, quantities: { pages, copies } }).totals.fee).toBe(perCopy * copies);
      }),
    );
  });

  it('rounds a rate of the declared value half up to the đồng, in integers only, on 01/12/2026', () => {
    const land = proc('dat-dai-chuyen-nhuong');
    const a = assess({ procedure: land, quantities: { value: 1_234_567_891, certificates: 1 } });
    expect(a.lines.find((l) => l.kind === 'tax')).toMatchObject({ amount: 24_691_358, rate: { percent: 2, of: 1_234_567_891 } });
    expect(a.lines.find((l) => l.code === 'fee:le-phi-truoc-ba')?.amount).toBe(6_172_839);
    expect(assess({ procedure: land, quantities: { value: 100, certificates: 1 } }).lines.find((l) => l.code === 'fee:le-phi-truoc-ba')?.amount).toBe(1); // 0,5 đồng -> 1
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000_000 }), (value) => {
        const lines = assess({ procedure: land, quantities: { value } }).lines;
        const registration = lines.find((l) => l.code === 'fee:le-phi-truoc-ba')?.amount ?? 0;
        const tax = lines.find((l) => l.kind === 'tax')?.amount ?? 0;
        expect(registration).toBe(Math.floor((value * 5 + 500) / 1000));
        expect(tax).toBe(Math.floor((value * 2 + 50) / 100));
      }),
    );
  });

  it('applies the rate in force on the day: 10.000 ₫ on 31/12/2026, 12.000 ₫ from 01/01/2027', () => {
    const base = proc('chung-thuc-chu-ky');
    const line = base.fees[0]!;
    const changed: Procedure = { ...base, fees: [{ ...line, effectiveUntil: '2026-12-31' }, { ...line, amount: 12_000, effectiveFrom: '2027-01-01', legalSource: 'Thông tư mới (giả định cho kiểm thử)' }] };
    expect(assess({ procedure: changed, on: '2026-12-31' }).totals.fee).toBe(10_000);
    const next = assess({ procedure: changed, on: '2027-01-01' });
    expect(next.lines).toEqual([expect.objectContaining({ code: 'fee:le-phi-chung-thuc-chu-ky', amount: 12_000, legalSource: 'Thông tư mới (giả định cho kiểm thử)' })]);
  });

  it('halves the business-household lệ phí online where the province decides so, from 01/07/2025 only (illustrative)', () => {
    const hkd = proc('hkd-thanh-lap', gl2025);
    const { reductions } = gl2025.feeReductions;
    const online = assess({ procedure: hkd, channel: 'online', reductions });
    expect(online.lines).toEqual([expect.objectContaining({ amount: 15_000, unitAmount: 30_000, reduction: { id: 'truc-tuyen-ho-kinh-doanh', label: 'Giảm 50% lệ phí khi nộp hồ sơ trực tuyến', amount: 15_000 }, illustrative: true })]);
    expect(online.totals.agency).toBe(15_000);
    expect(assess({ procedure: hkd, channel: 'counter', reductions }).totals.agency).toBe(30_000);
    expect(assess({ procedure: hkd, channel: 'online', on: '2025-06-30', reductions }).totals.agency).toBe(30_000);
  });

  it('exempts a poor household from the late birth-registration lệ phí, showing what was taken off, on 01/12/2026', () => {
    const birth = proc('ho-tich-khai-sinh');
    const { reductions } = gl2019.feeReductions;
    expect(assess({ procedure: birth, reductions }).lines).toEqual([]);
    expect(assess({ procedure: birth, category: 'late-registration', reductions }).totals.fee).toBe(8_000);
    const exempt = assess({ procedure: birth, category: ['late-registration', 'poor-household'], reductions });
    expect(exempt.lines).toEqual([expect.objectContaining({ amount: 0, unitAmount: 8_000, reduction: expect.objectContaining({ id: 'ho-tich-mien-le-phi', amount: 8_000 }) })]);
    expect(exempt.totals.total).toBe(0);
  });

  it('takes the most favourable reduction, never two on top of each other, and never reduces a tax unless told, on 01/12/2026', () => {
    const land = proc('dat-dai-chuyen-nhuong');
    const r = (id: string, percent: number): Reduction => ({ id, label: id, percent, channels: ['online'], effectiveFrom: '2020-01-01', legalSource: 'kiểm thử' });
    const a = assess({ procedure: land, channel: 'online', quantities: { value: 1_000_000, certificates: 1 }, reductions: [r('a', 10), r('b', 30)] });
    expect(a.lines.find((l) => l.code === 'fee:le-phi-truoc-ba')).toMatchObject({ amount: 3_500, reduction: { id: 'b', amount: 1_500 } });
    expect(a.lines.find((l) => l.kind === 'tax')).toMatchObject({ amount: 20_000 });
    expect(a.lines.find((l) => l.kind === 'tax')?.reduction).toBeUndefined();
  });

  it('adds pickup and delivery as the post office’s lines, never in what is remitted, on 01/12/2026 (tariff bcci-2023)', () => {
    const postal = quotePostal(gl2019, { procedureId: 'ltp-cap-phieu', applicantUnitId: '92807', servicePointId: 'bdvhx-iato', pickup: true, delivery: true, date: '2026-12-01' });
    const both: Procedure = { ...ltp, fees: [...ltp.fees, { name: 'Lệ phí giả định cho kiểm thử', kind: 'fee', amount: 15_000, basis: 'per-dossier', legalSource: 'kiểm thử' } satisfies Fee] };
    const a = assess({ procedure: both, channel: 'home-pickup', postal });
    expect(a.lines.filter((l) => l.kind === 'postal')).toEqual([
      expect.objectContaining({ code: 'postal:pickup', label: 'Thu gom hồ sơ tại nhà', payee: 'post-office', amount: 22_000 }),
      expect.objectContaining({ code: 'postal:delivery', payee: 'post-office', amount: 22_000 }),
    ]);
    expect(a.totals).toEqual({ fee: 15_000, charge: 200_000, tax: 0, postal: 44_000, agency: 215_000, total: 259_000 });
  });

  it('refuses bad quantities and a missing one, naming the field in Vietnamese', () => {
    expect(fieldOf({ procedure: copy })).toEqual(['quantities.pages']);
    expect(fieldOf({ procedure: copy, quantities: { pages: 0 } })).toEqual(['quantities.pages']);
    expect(fieldOf({ procedure: copy, quantities: { pages: 2.5 } })).toEqual(['quantities.pages']);
    expect(fieldOf({ procedure: copy, quantities: { pages: 2, copies: 1_001 } })).toEqual(['quantities.copies']);
    expect(fieldOf({ procedure: proc('dat-dai-chuyen-nhuong'), quantities: { value: -1 } })).toEqual(['quantities.value']);
    expect(fieldOf({ procedure: proc('dat-dai-chuyen-nhuong') })).toEqual(['quantities.value']);
    expect(fieldOf({ procedure: ltp, quantities: { certificates: Number.NaN } })).toEqual(['quantities.certificates']);
    expect(fieldOf({ procedure: ltp, on: '01/12/2026' })).toEqual(['on']);
    expect(() => assess({ procedure: copy })).toThrow(/Cần số trang/);
  });

  it('gives stable codes without diacritics', () => {
    expect(lineCode('fee', 'Lệ phí cấp Phiếu')).toBe('fee:le-phi-cap-phieu');
    expect(lineCode('fee', 'Lệ phí đăng ký  thay đổi (mức giảm)')).toBe('fee:le-phi-dang-ky-thay-doi-muc-giam');
  });

  it('for any procedure and quantities: integer amounts, never negative, totals equal the lines, lệ phí and phí apart (01/12/2026)', () => {
    const all = [...gl2019.procedures.values(), ...gl2025.procedures.values()];
    const reductions = [...gl2019.feeReductions.reductions, ...gl2025.feeReductions.reductions, { id: 'all-online', label: 'x', percent: 33, channels: ['online' as const], effectiveFrom: '2020-01-01', legalSource: 'kiểm thử' }];
    fc.assert(
      fc.property(
        fc.constantFrom(...all),
        fc.constantFrom('online' as const, 'counter' as const, 'home-pickup' as const),
        fc.subarray(['student', 'merit', 'poor-household', 'late-registration']),
        fc.record({ pages: fc.integer({ min: 1, max: 10_000 }), copies: fc.integer({ min: 1, max: 1_000 }), certificates: fc.integer({ min: 1, max: 100 }), cases: fc.integer({ min: 1, max: 1_000 }), value: fc.integer({ min: 0, max: 1e15 }) }),
        (procedure, channel, category, quantities) => {
          const a = assess({ procedure, channel, category, quantities, reductions });
          for (const l of a.lines) {
            expect(Number.isSafeInteger(l.amount) && l.amount >= 0).toBe(true);
            expect(l.amount + (l.reduction?.amount ?? 0)).toBeLessThanOrEqual(l.capped || l.rate ? Infinity : l.quantity * l.unitAmount);
          }
          const sum = (kind: string) => a.lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.amount, 0);
          expect(a.totals).toEqual({ fee: sum('fee'), charge: sum('charge'), tax: sum('tax'), postal: 0, agency: sum('fee') + sum('charge') + sum('tax'), total: sum('fee') + sum('charge') + sum('tax') });
          expect(new Set(a.lines.map((l) => l.code)).size).toBe(a.lines.length);
        },
      ),
    );
  });
});
