import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  describeDay,
  dueDate,
  isWorkingDay,
  nextWorkingDay,
  nextWorkingMoment,
  remaining,
  workingTimeBetween,
  type DueDateOptions,
  type Pause,
} from '../../shared/domain/calendar.ts';
import { vietnamCalendar } from '../../shared/calendar/index.ts';

const cal = vietnamCalendar();
const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;
const from = Date.parse('2025-12-01T00:00:00+07:00');
const to = Date.parse('2027-10-01T00:00:00+07:00');

/** Minutes since local midnight (Vietnam) of an instant. */
const localMinutes = (d: Date) => Math.floor((((d.getTime() + 7 * HOUR) % DAY) + DAY) % DAY / MINUTE);
const inOfficeHours = (d: Date) => {
  const m = localMinutes(d);
  return (m >= 450 && m <= 690) || (m >= 810 && m <= 1050);
};

/** Any instant, to the second, across the 2026 and 2027 schedules. */
const instant = fc.integer({ min: from, max: to }).map((t) => new Date(Math.floor(t / 1000) * 1000));
/** An instant inside office hours on a working day (to the minute). */
const officeInstant = fc
  .tuple(fc.integer({ min: 0, max: Math.floor((to - from) / DAY) }), fc.integer({ min: 0, max: 479 }))
  .map(([day, minute]) => new Date(from + day * DAY + (minute < 240 ? 450 + minute : 810 + minute - 240) * MINUTE))
  .filter((d) => isWorkingDay(d, cal));
const days = fc.integer({ min: 0, max: 40 });
const counting = fc.constantFrom<DueDateOptions['counting']>('working-hours', 'whole-days');
/** Up to three closed pauses starting after `start`, lasting up to five calendar days. */
const pausesAfter = (start: Date) =>
  fc.array(
    fc.tuple(fc.integer({ min: 0, max: 20 * 24 * 60 }), fc.integer({ min: 0, max: 5 * 24 * 60 })).map(
      ([offset, length]): Pause => ({
        from: new Date(start.getTime() + offset * MINUTE),
        to: new Date(start.getTime() + (offset + length) * MINUTE),
        reason: 'Bổ sung hồ sơ',
      }),
    ),
    { maxLength: 3 },
  );

describe('deadline properties', () => {
  it('never falls due on a day off, and always within office hours', () => {
    fc.assert(
      fc.property(instant, days, fc.integer({ min: 0, max: 7 }), counting, (received, processingDays, processingHours, mode) => {
        const due = dueDate(received, { processingDays, processingHours }, cal, { counting: mode });
        const day = describeDay(due, cal);
        expect(day.working).toBe(true);
        expect(day.weekday <= 5 || day.kind === 'swapped-working-day').toBe(true);
        expect(inOfficeHours(due)).toBe(true);
        expect(due.getTime()).toBeGreaterThan(received.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('is monotone in the number of processing days', () => {
    fc.assert(
      fc.property(instant, days, days, counting, (received, a, b, mode) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const early = dueDate(received, { processingDays: lo }, cal, { counting: mode });
        const late = dueDate(received, { processingDays: hi }, cal, { counting: mode });
        // The 15:00 rule gives a same-day procedure whose count starts after the cut-off until the end of the next working day.
        if (lo > 0 || localMinutes(nextWorkingMoment(received, cal)) < 15 * 60) expect(early.getTime()).toBeLessThanOrEqual(late.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('is monotone in the reception instant', () => {
    fc.assert(
      fc.property(instant, instant, days, counting, (a, b, processingDays, mode) => {
        const [first, second] = a <= b ? [a, b] : [b, a];
        const due = (at: Date) => dueDate(at, { processingDays }, cal, { counting: mode }).getTime();
        expect(due(first)).toBeLessThanOrEqual(due(second));
      }),
      { numRuns: 300 },
    );
  });

  it('gives exactly N × 480 working minutes to a dossier received in office hours', () => {
    fc.assert(
      fc.property(officeInstant, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 7 }), (received, processingDays, processingHours) => {
        const due = dueDate(received, { processingDays, processingHours }, cal);
        expect(workingTimeBetween(received, due, cal)).toBe(processingDays * 480 + processingHours * 60);
        expect(remaining(received, due, cal)).toBe(processingDays * 480 + processingHours * 60);
      }),
      { numRuns: 300 },
    );
  });

  it('lets pauses only push the deadline later and reduce elapsed time, keeping the allowed time on the clock', () => {
    fc.assert(
      fc.property(
        officeInstant.chain((received) => fc.tuple(fc.constant(received), pausesAfter(received), instant)),
        fc.integer({ min: 1, max: 20 }),
        ([received, pauses, later], processingDays) => {
          const base = dueDate(received, { processingDays }, cal);
          const paused = dueDate(received, { processingDays }, cal, { pauses });
          expect(paused.getTime()).toBeGreaterThanOrEqual(base.getTime());
          expect(workingTimeBetween(received, paused, cal, pauses)).toBe(processingDays * 480);
          const elapsed = workingTimeBetween(received, later, cal, pauses);
          expect(Math.abs(elapsed)).toBeLessThanOrEqual(Math.abs(workingTimeBetween(received, later, cal)));
          expect(Math.sign(elapsed) * Math.sign(later.getTime() - received.getTime())).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts down the same time left from the first deadline plus pauses as from the deadline pushed by them', () => {
    fc.assert(
      fc.property(
        officeInstant.chain((received) => fc.tuple(fc.constant(received), pausesAfter(received), fc.integer({ min: 0, max: 30 * 24 * 60 }))),
        fc.integer({ min: 1, max: 20 }),
        ([received, pauses, nowOffset], processingDays) => {
          const now = new Date(received.getTime() + nowOffset * MINUTE);
          // Pauses up to now; the last one still open when it has not ended yet.
          const known = pauses.filter((p) => p.from <= now).map((p) => (p.to! > now ? { from: p.from, reason: p.reason } : p));
          const base = dueDate(received, { processingDays }, cal);
          const pushed = dueDate(received, { processingDays }, cal, { pauses: known, now });
          if (pushed >= now) expect(remaining(now, base, cal, known)).toBe(workingTimeBetween(now, pushed, cal));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('working day properties', () => {
  it('steps to working days only, and the next working day is one step', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -30, max: 30 }), (at, n) => {
        const day = addWorkingDays(at, n, cal);
        if (n !== 0) expect(isWorkingDay(day, cal)).toBe(true);
        expect(nextWorkingDay(at, cal)).toBe(addWorkingDays(at, 1, cal));
      }),
      { numRuns: 300 },
    );
  });

  it('starts counting at a working moment no earlier than the reception, and stays there', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const start = nextWorkingMoment(at, cal);
        expect(start.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(isWorkingDay(start, cal)).toBe(true);
        expect(nextWorkingMoment(start, cal).getTime()).toBe(start.getTime());
        expect(workingTimeBetween(at, start, cal)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
