/** The postal charge quoted before a citizen commits to home pickup and/or home delivery (postal.json tariff). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors.ts';
import { quotePostal, tariffOn, type PostalQuoteInput } from '../../shared/domain/postal/tariff.ts';
import { province } from '../../shared/province/index.ts';

const gl2019 = province('gia-lai-2019');
const gl2025 = province('gia-lai-2025');
/** Ia Tô (Ia Grai district), whose cultural post office stands in the commune. */
const iaTo = { applicantUnitId: '92807', servicePointId: 'bdvhx-iato' };
const base: PostalQuoteInput = { procedureId: 'ltp-cap-phieu', ...iaTo, pickup: true, delivery: true, date: '2026-12-01' };
const fieldOf = (input: Partial<PostalQuoteInput>, p = gl2019) => {
  try {
    quotePostal(p, { ...base, ...input });
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => i.field);
    throw e;
  }
  return [];
};

describe('postal quote', () => {
  it('quotes pickup and delivery in the applicant’s own commune on 1 Dec 2026 (tariff bcci-2023, 250 g)', () => {
    expect(quotePostal(gl2019, base)).toEqual({
      lines: [
        { service: 'pickup', name: 'Thu gom hồ sơ tại nhà', zone: 'noi-xa', weightBand: { upToGrams: 250, label: 'đến 250 g' }, amount: 22_000 },
        { service: 'delivery', name: 'Phát trả kết quả tại nhà', zone: 'noi-xa', weightBand: { upToGrams: 250, label: 'đến 250 g' }, amount: 22_000 },
      ],
      total: 44_000,
      currency: 'VND',
      tariffVersion: 'bcci-2023',
      validOn: '2026-12-01',
    });
  });

  it('charges nội tỉnh for a neighbouring commune, and the older version on 2 Mar 2020', () => {
    const q = quotePostal(gl2019, { ...base, applicantUnitId: '92808', date: '2020-03-02', delivery: false });
    expect(q.lines).toEqual([expect.objectContaining({ service: 'pickup', zone: 'noi-tinh', amount: 25_000 })]);
    expect(q.tariffVersion).toBe('bcci-2019');
  });

  it('finds the applicant’s post office when none is named, and resolves an old address (Ia Tô 2019 -> Ia Krái, 1 Dec 2026)', () => {
    const q = quotePostal(gl2025, { procedureId: 'ltp-cap-phieu', applicantUnitId: '92807', pickup: true, delivery: false, date: '2026-12-01' });
    expect(q.lines).toEqual([expect.objectContaining({ zone: 'noi-xa', amount: 22_000 })]);
  });

  it('weighs a land dossier 500 g by default, and takes the weight it is told (1 Dec 2026)', () => {
    expect(quotePostal(gl2019, { ...base, procedureId: 'dat-dai-chuyen-nhuong' }).lines[0]!.weightBand.upToGrams).toBe(500);
    const heavy = quotePostal(gl2019, { ...base, weightGrams: 1_001 });
    expect(heavy.lines.map((l) => [l.weightBand.label, l.amount])).toEqual([
      ['đến 2.000 g', 33_000],
      ['đến 2.000 g', 33_000],
    ]);
  });

  it('refuses, naming the field, what it cannot quote (dates 1 Dec 2026 and 31 Dec 2018)', () => {
    expect(fieldOf({ procedureId: 'chung-thuc-chu-ky' })).toEqual(['pickup']); // signed in front of the officer
    expect(fieldOf({ procedureId: 'ho-tich-ket-hon', pickup: false }, gl2025)).toEqual(['delivery']);
    expect(fieldOf({ weightGrams: 2_001 })).toEqual(['weightGrams']);
    expect(fieldOf({ weightGrams: 0 })).toEqual(['weightGrams']);
    expect(fieldOf({ date: '2018-12-31' })).toEqual(['date']);
    expect(fieldOf({ date: '01/12/2026' })).toEqual(['date']);
    expect(fieldOf({ procedureId: 'khong-co' })).toEqual(['procedureId']);
    expect(fieldOf({ applicantUnitId: '99999' })).toEqual(['applicantUnitId']);
    expect(fieldOf({ servicePointId: 'khong-co' })).toEqual(['servicePointId']);
    expect(() => quotePostal(gl2019, { ...base, weightGrams: 2_001 })).toThrow(/vượt nấc cao nhất của biểu cước \(2\.000 g\)/);
  });
});

describe('postal tariff rules (property)', () => {
  const day = fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const procedures = [...gl2019.procedures.values()].filter((p) => p.postal.pickup && p.postal.delivery).map((p) => p.id);
  const communes = [...gl2019.units.values()].filter((u) => u.level === 'commune').map((u) => u.id);
  const points = [...gl2019.servicePoints.keys()];
  const input = fc.record({
    procedureId: fc.constantFrom(...procedures),
    applicantUnitId: fc.constantFrom(...communes),
    servicePointId: fc.constantFrom(...points),
    pickup: fc.boolean(),
    delivery: fc.boolean(),
    date: day,
  });

  it('totals the lines, whole VND each (any day 2019–2035)', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 2_000 }), (i, weightGrams) => {
        const q = quotePostal(gl2019, { ...i, weightGrams });
        expect(q.lines).toHaveLength(Number(i.pickup) + Number(i.delivery));
        for (const l of q.lines) expect(Number.isSafeInteger(l.amount) && l.amount > 0).toBe(true);
        expect(q.total).toBe(q.lines.reduce((s, l) => s + l.amount, 0));
      }),
    );
  });

  it('never charges less for a heavier item (any day 2019–2035)', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 1, max: 2_000 }), (i, a, b) => {
        const [light, heavy] = a <= b ? [a, b] : [b, a];
        expect(quotePostal(gl2019, { ...i, weightGrams: light }).total).toBeLessThanOrEqual(quotePostal(gl2019, { ...i, weightGrams: heavy }).total);
      }),
    );
  });

  it('picks exactly one tariff version for any day from 1 Jan 2019, none before', () => {
    fc.assert(
      fc.property(day, (d) => {
        const matching = gl2019.postal.tariffs.filter((t) => t.validFrom <= d && (t.validTo === undefined || d <= t.validTo));
        expect(matching).toHaveLength(1);
        expect(tariffOn(gl2019, d)).toBe(matching[0]);
      }),
    );
    expect(tariffOn(gl2019, '2018-12-31')).toBeUndefined();
    expect(tariffOn(gl2019, '2022-12-31')?.id).toBe('bcci-2019');
    expect(tariffOn(gl2019, '2023-01-01')?.id).toBe('bcci-2023');
  });
});
