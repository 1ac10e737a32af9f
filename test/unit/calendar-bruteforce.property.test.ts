/**
 * Calendar-day and working-day arithmetic against a brute-force count, one day at a time, over
 * the 2026 and 2027 schedules (random start instants to the millisecond, random lengths). The
 * oracle asks the calendar only whether a day is worked (`isWorkingDay`, the facts tested in
 * calendar.test.ts) and uses the office hours 07:30-11:30 and 13:30-17:30 written out here;
 * the counting itself is redone from scratch. Pure: no clock is read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { dueDate, isWorkingDay, localDate } from '../../shared/domain/calendar.ts';

const cal = vietnamCalendar();
const MINUTE = 60_000;
const DAY = 86_400_000;
const from = Date.parse('2026-01-01T00:00:00+07:00');
const to = Date.parse('2027-12-31T23:59:59.999+07:00');
/** Office periods of a working day, minutes after local midnight. */
const periods = [
  [450, 690],
  [810, 1050],
] as const;

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
/** An instant at a local (Vietnam) day and minute. */
const localInstant = (d: string, minute: number) => Date.parse(`${d}T00:00:00+07:00`) + minute * MINUTE;
const ceilMinute = (t: number) => Math.ceil(t / MINUTE) * MINUTE;

/** Brute force, working time: walk the office periods day by day, spending the allowed minutes. */
function bruteWorkingDue(received: number, minutes: number): number {
  let left = minutes * MINUTE;
  for (let d = localDate(new Date(received), cal); ; d = nextDay(d)) {
    if (!isWorkingDay(d, cal)) continue;
    for (const [s, e] of periods) {
      const a = Math.max(received, localInstant(d, s));
      const b = localInstant(d, e);
      if (a >= b) continue;
      if (left <= b - a) return ceilMinute(a + left);
      left -= b - a;
    }
  }
}

/** Brute force, whole working days: the n-th working day after the day of receipt, at 17:30. */
function bruteWholeDaysDue(received: number, n: number): number {
  let d = localDate(new Date(received), cal);
  for (let left = n; left > 0; ) {
    d = nextDay(d);
    if (isWorkingDay(d, cal)) left--;
  }
  return localInstant(d, 1050);
}

/** Brute force, calendar days: count every day from the day after receipt; a last day off moves to the next working day; 17:30. */
function bruteCalendarDue(received: number, n: number): number {
  let d = localDate(new Date(received), cal);
  for (let i = 0; i < n; i++) d = nextDay(d);
  while (!isWorkingDay(d, cal)) d = nextDay(d);
  return localInstant(d, 1050);
}

const instant = fc.integer({ min: from, max: to });
const length = fc.integer({ min: 1, max: 60 });

describe('deadline arithmetic against a day-by-day count (2026-2027)', () => {
  it('working days (hour-exact counting) agree with walking the office periods', () => {
    fc.assert(
      fc.property(instant, length, fc.integer({ min: 0, max: 7 }), (received, days, hours) => {
        const due = dueDate(new Date(received), { processingDays: days, processingHours: hours || undefined }, cal).getTime();
        expect(due).toBe(bruteWorkingDue(received, days * 480 + hours * 60));
        expect(due % MINUTE).toBe(0);
      }),
      { numRuns: 400 },
    );
  });

  it('working hours agree with walking the office periods', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 200 }), (received, hours) => {
        const due = dueDate(new Date(received), { processingUnit: 'working-hours', processingDays: 0, processingHours: hours }, cal).getTime();
        expect(due).toBe(bruteWorkingDue(received, hours * 60));
      }),
      { numRuns: 300 },
    );
  });

  it('whole working days agree with counting working days from the day after receipt', () => {
    fc.assert(
      fc.property(instant, length, (received, days) => {
        expect(dueDate(new Date(received), { processingDays: days }, cal, { counting: 'whole-days' }).getTime()).toBe(bruteWholeDaysDue(received, days));
      }),
      { numRuns: 400 },
    );
  });

  it('calendar days agree with counting every day from the day after receipt, weekends and holidays included', () => {
    fc.assert(
      fc.property(instant, length, fc.constantFrom<'online' | 'paper' | undefined>('online', 'paper', undefined), (received, days, channel) => {
        const due = dueDate(new Date(received), { processingUnit: 'calendar-days', processingDays: days }, cal, channel ? { channel } : {});
        expect(due.getTime()).toBe(bruteCalendarDue(received, days));
        // Never earlier than the n-th calendar day, and on a working day.
        expect(isWorkingDay(due, cal)).toBe(true);
        expect(due.getTime()).toBeGreaterThan(received + (days - 1) * DAY);
      }),
      { numRuns: 400 },
    );
  });
});
