/**
 * Decision 766/QĐ-TTg indicators from a report row (issue 14, item 3): exact values on a hand-built
 * row, ratios always in [0, 1] or null exactly when nothing is counted below the line, and the
 * on-time rate equal to a brute-force count over generated settlements. No dates are read: the
 * indicators depend only on the counts (rows are built for December 2026).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicatorLabels, indicators, ratingTally, receivedByChannel, type Indicator } from '../../shared/domain/figures/indicators.ts';
import { measureNames, type FigureChannel, type FigureDims, type Measure } from '../../shared/domain/figures/measures.ts';
import { buildReport, type DayCell, type ReportRow } from '../../shared/domain/figures/report.ts';

const zero = () => Object.fromEntries(measureNames.map((m) => [m, 0])) as Record<Measure, number>;
function rowOf(counts: Partial<Record<Measure, number>>): ReportRow {
  const all = { ...zero(), ...counts };
  const settled = all.settledEarly + all.settledOnTime + all.settledLate;
  return {
    group: { agencyId: 'so-tu-phap' },
    counts: all,
    settled,
    onTimeRate: settled ? (all.settledEarly + all.settledOnTime) / settled : null,
    averageWorkingDays: settled ? Math.round((all.settledWorkingMinutes / settled / 480) * 100) / 100 : null,
  };
}
const byId = (list: Indicator[]) => Object.fromEntries(list.map((i) => [i.id, i]));

describe('the Decision 766 indicators of one row', () => {
  const row = rowOf({
    received: 40,
    settledEarly: 12,
    settledOnTime: 18,
    settledLate: 10,
    settledWorkingMinutes: 40 * 480 * 3,
    openOnTime: 6,
    openOverdue: 4,
    payments: 25,
    paymentsOnline: 10,
  });

  it('give the on-time, late and average-time figures of the progress group', () => {
    const got = byId(indicators(row));
    expect(got['on-time']).toMatchObject({ value: 0.75, numerator: 30, denominator: 40, unit: 'ratio', group: 'Tiến độ, kết quả giải quyết', name: 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn', approximated: true });
    expect(got['on-time']!.citation).toMatch(/^Quyết định 766\/QĐ-TTg, Phụ lục/);
    expect(got['on-time-with-open']).toMatchObject({ value: 36 / 50, numerator: 36, denominator: 50 });
    expect(got.late).toMatchObject({ value: 0.25, numerator: 10, denominator: 40 });
    expect(got['average-days']).toMatchObject({ value: 3, unit: 'days', denominator: 40 });
    expect(got['paid-online']).toMatchObject({ value: 0.4, numerator: 10, denominator: 25 });
  });

  it('give channel shares only with the split by channel, which must add up to what was received', () => {
    expect(byId(indicators(row))['submitted-online']).toBeUndefined();
    const got = byId(indicators(row, { byChannel: { counter: 20, online: 14, postal: 6 } }));
    expect(got['submitted-online']).toMatchObject({ value: 0.35, numerator: 14, denominator: 40, group: 'Cung cấp dịch vụ trực tuyến' });
    expect(got['submitted-postal']!.value).toBe(0.15);
    expect(got['submitted-counter']!.value).toBe(0.5);
    expect(() => indicators(row, { byChannel: { counter: 20, online: 14 } })).toThrow(/adds up to 34/);
  });

  it('take a channel split from a report grouped by channel', () => {
    const rows = [
      { ...rowOf({ received: 3 }), group: { channel: 'online' } },
      { ...rowOf({ received: 2 }), group: { channel: 'postal' } },
      { ...rowOf({ received: 5 }), group: { channel: 'online' } },
    ];
    expect(receivedByChannel(rows)).toEqual({ counter: 0, online: 8, postal: 2 });
  });

  it('count satisfaction as the settled less the late and the ratings below "Hài lòng", never below zero', () => {
    // 40 settled, 10 late, 8 rated of which 5 at level 4 or 5: (40 − 10 − 3) / 40.
    expect(byId(indicators(row, { ratings: { rated: 8, satisfied: 5 } })).satisfaction).toMatchObject({ value: 27 / 40, numerator: 27, denominator: 40, confirmed: true, approximated: true });
    expect(byId(indicators(row, { ratings: { rated: 100, satisfied: 0 } })).satisfaction!.value).toBe(0);
    expect(() => indicators(row, { ratings: { rated: 2, satisfied: 3 } })).toThrow(RangeError);
  });

  it('tally ratings with levels 4 and 5 as satisfied and level 3 (Bình thường) as not', () => {
    const summary = { count: 9, overall: [5, 4, 3, 2, 1].map((value) => ({ value, count: value })) };
    expect(ratingTally({ ...summary, count: 15 })).toEqual({ rated: 15, satisfied: 9 });
  });

  it('are null, not zero, when nothing is counted below the line', () => {
    const got = indicators(rowOf({}), { byChannel: {}, ratings: { rated: 0, satisfied: 0 } });
    expect(got.map((i) => i.id).sort()).toEqual(Object.keys(indicatorLabels).sort());
    for (const i of got) expect(i.value).toBeNull();
  });

  it('name each indicator in Vietnamese with its label', () => {
    for (const i of indicators(row, { byChannel: { counter: 40 }, ratings: { rated: 0, satisfied: 0 } })) expect(i.name).toBe(indicatorLabels[i.id as keyof typeof indicatorLabels]);
  });
});

const whole = fc.nat({ max: 50 });
const rowArb = fc
  .record({
    settledEarly: whole,
    settledOnTime: whole,
    settledLate: whole,
    openOnTime: whole,
    openOverdue: whole,
    paymentsOnline: whole,
    extraPayments: whole,
    counter: whole,
    online: whole,
    postal: whole,
    rated: whole,
    satisfiedShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map((g) => ({
    row: rowOf({ ...g, payments: g.paymentsOnline + g.extraPayments, received: g.counter + g.online + g.postal, settledWorkingMinutes: (g.settledEarly + g.settledOnTime + g.settledLate) * 200 }),
    extra: { byChannel: { counter: g.counter, online: g.online, postal: g.postal }, ratings: { rated: g.rated, satisfied: Math.floor(g.rated * g.satisfiedShare) } },
  }));

describe('the indicators, for any row', () => {
  it('keep every ratio in [0, 1], and give null exactly when the denominator is 0', () => {
    fc.assert(
      fc.property(rowArb, ({ row, extra }) => {
        for (const i of indicators(row, extra)) {
          expect(i.value === null).toBe(i.denominator === 0);
          if (i.unit === 'ratio' && i.value !== null) {
            expect(i.value).toBeGreaterThanOrEqual(0);
            expect(i.value).toBeLessThanOrEqual(1);
            expect(i.value).toBe(i.numerator! / i.denominator!);
          }
        }
      }),
    );
  });

  it('give the on-time rate a brute-force count of the settlements gives, through the report', () => {
    const dims = (channel: FigureChannel): FigureDims => ({ agencyId: 'so-tu-phap', receivingUnitId: 'ttphvhcc', servicePointId: 'bdt-hue', procedureId: '1.001', channel });
    const settlement = fc.record({ kind: fc.constantFrom('settledEarly', 'settledOnTime', 'settledLate'), day: fc.integer({ min: 1, max: 31 }), channel: fc.constantFrom<FigureChannel>('counter', 'online', 'postal') });
    fc.assert(
      fc.property(fc.array(settlement, { maxLength: 60 }), (list) => {
        const cells: DayCell[] = list.map((s) => ({ day: `2026-12-${String(s.day).padStart(2, '0')}`, dims: dims(s.channel), counts: { [s.kind]: 1 } }));
        const report = buildReport({ from: '2026-12-01', to: '2026-12-31', groupBy: [] }, cells, []);
        const onTime = byId(indicators(report.total))['on-time']!;
        const good = list.filter((s) => s.kind !== 'settledLate').length;
        expect(onTime.denominator).toBe(list.length);
        expect(onTime.value).toBe(list.length === 0 ? null : good / list.length);
      }),
    );
  });
});
