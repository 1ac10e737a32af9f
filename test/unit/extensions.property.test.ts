/**
 * When an agency may extend (form 04): to a new date still ahead, within the bound (rules as data
 * in shared/domain/extensions.ts), each time with a reason of its own; in time or once late.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkExtension, ExtensionNotAllowedError, extensionRules, reasonUsedBefore } from '../../shared/domain/extensions.ts';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;

describe('extension rules', () => {
  it('allows one processing time again by default', () => {
    expect(extensionRules.maxProcessingTimes).toBe(1);
  });

  it('refuses a new date not ahead of now, and past the bound, naming the rule; allows anything else, late once the due date has passed', () => {
    const base = Date.parse('2026-12-01T10:30:00Z');
    fc.assert(
      fc.property(fc.integer({ min: -5 * DAY, max: 70 * DAY }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), (nowOffset, toNew, toLatest) => {
        const currentDue = new Date(base);
        const newDue = new Date(base + toNew * DAY);
        const input = { now: new Date(base + nowOffset), currentDue, newDue, currentDueDay: day(base), newDueDay: day(base + toNew * DAY), latestDay: day(base + toLatest * DAY) };
        const thrown = (() => {
          try {
            checkExtension(input);
          } catch (e) {
            return e;
          }
        })();
        if (nowOffset >= toNew * DAY) expect((thrown as ExtensionNotAllowedError).rule).toBe('new-date-ahead');
        else if (toNew > toLatest) expect((thrown as ExtensionNotAllowedError).rule).toBe('within-bound');
        else expect(thrown).toBeUndefined();
        if (!thrown) expect(checkExtension(input)).toBe(nowOffset >= 0 ? 'late' : 'in-time');
        if (thrown) {
          expect((thrown as ExtensionNotAllowedError).status).toBe(409);
          expect((thrown as ExtensionNotAllowedError).type).toBe('extension-not-allowed');
        }
      }),
    );
  });

  it('says the latest allowed date dd/mm/yyyy when the bound is passed', () => {
    expect(() =>
      checkExtension({ now: new Date('2026-12-01T02:00:00Z'), currentDue: new Date('2026-12-04T10:30:00Z'), newDue: new Date('2099-12-31T10:30:00Z'), currentDueDay: '2026-12-04', newDueDay: '2099-12-31', latestDay: '2026-12-18' }),
    ).toThrow(/31\/12\/2099 quá giới hạn gia hạn.*muộn nhất 18\/12\/2026/);
  });

  it('asks a reason of its own for each extension, whatever the spacing and case', () => {
    const earlier = [{ reason: 'Cần xác minh thêm tại địa phương' }];
    expect(reasonUsedBefore('cần  xác minh thêm tại địa phương ', earlier)).toBe(true);
    expect(reasonUsedBefore('Chờ kết quả xác minh của Công an tỉnh', earlier)).toBe(false);
    expect(reasonUsedBefore('Bất kỳ lý do nào', [])).toBe(false);
  });
});
