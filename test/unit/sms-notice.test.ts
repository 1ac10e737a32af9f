/** The delivery rules of an SMS notice: quiet hours (Asia/Ho_Chi_Minh), rate windows, backoff. Dates named per check. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskedPhone, quietUntil, rateWindow, retryAfter } from '../../shared/domain/sms/notice.ts';

const quiet = { from: '21:00', to: '07:00' };
const vn = (s: string) => new Date(`${s}+07:00`);

describe('quiet hours 21:00–07:00 (Vietnam)', () => {
  it('holds a notice of 22:30 on 01/12/2026 until 07:00 on 02/12/2026', () => {
    expect(quietUntil(vn('2026-12-01T22:30:00'), quiet)?.toISOString()).toBe(vn('2026-12-02T07:00:00').toISOString());
  });
  it('holds one of 05:10 until 07:00 the same morning, and lets 07:00 and 20:59 go', () => {
    expect(quietUntil(vn('2026-12-02T05:10:00'), quiet)?.toISOString()).toBe(vn('2026-12-02T07:00:00').toISOString());
    expect(quietUntil(vn('2026-12-02T07:00:00'), quiet)).toBeUndefined();
    expect(quietUntil(vn('2026-12-02T20:59:59'), quiet)).toBeUndefined();
    expect(quietUntil(vn('2026-12-02T21:00:00'), quiet)?.toISOString()).toBe(vn('2026-12-03T07:00:00').toISOString());
  });
  it('always ends later than now, at 07:00 Vietnam time, within 10 hours (any instant of 2026–2027)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }), (now) => {
        const until = quietUntil(now, quiet);
        if (!until) return;
        expect(until.getTime()).toBeGreaterThan(now.getTime());
        expect(until.getTime() - now.getTime()).toBeLessThanOrEqual(10 * 3600_000);
        expect(new Date(until.getTime() + 7 * 3600_000).toISOString().slice(11, 19)).toBe('07:00:00');
      }),
    );
  });
  it('supports a period within one day (12:00–13:30)', () => {
    expect(quietUntil(vn('2026-12-02T12:15:00'), { from: '12:00', to: '13:30' })?.toISOString()).toBe(vn('2026-12-02T13:30:00').toISOString());
    expect(quietUntil(vn('2026-12-02T13:30:00'), { from: '12:00', to: '13:30' })).toBeUndefined();
  });
});

describe('rate windows and backoff', () => {
  it('puts instants of one hour in one window, and the next hour in the next (01/12/2026)', () => {
    const a = rateWindow(new Date('2026-12-01T03:10:00Z'), 60);
    expect(a.start).toBe('2026-12-01T03:00:00.000Z');
    expect(a.end.toISOString()).toBe('2026-12-01T04:00:00.000Z');
    expect(rateWindow(new Date('2026-12-01T04:00:00Z'), 60).start).toBe('2026-12-01T04:00:00.000Z');
  });
  it('retries a temporary failure after 1, 2, 4, 8, 16, 30 minutes, then hourly, ten times, then gives up', () => {
    const now = new Date('2026-12-01T03:00:00Z');
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => (retryAfter(now, n)!.getTime() - now.getTime()) / 60_000)).toEqual([1, 2, 4, 8, 16, 30, 60, 60, 60, 60]);
    expect(retryAfter(now, 11)).toBeUndefined();
  });
  it('shows only the last three digits of a phone', () => {
    expect(maskedPhone('+84912345678')).toBe('*********678');
  });
});
