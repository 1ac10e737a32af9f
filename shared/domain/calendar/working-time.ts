/**
 * Working-time arithmetic and deadlines (BRIEF 4.4, correction 5): working minutes between
 * instants, pauses of the clock, due dates in working days, working hours or calendar days, and
 * how remaining time reads on the process control slip.
 */
import { daysHoursMinutes } from '../duration.ts';
import { resolveProcessingTime, type Channel, type ProcedureTiming } from '../processing-time.ts';
import { DAY_MS, MINUTE_MS, MAX_SCAN_DAYS } from './dates.ts';
import { type Calendar, ms, dayOf, dayStart, stepWorkingDays } from './days.ts';

// ---------------------------------------------------------------------------------------------
// Working time
// ---------------------------------------------------------------------------------------------

function nextWorkingMs(cal: Calendar, t: number): number {
  let d = dayOf(cal, t);
  for (let i = 0; i < MAX_SCAN_DAYS; i++, d++) {
    const base = dayStart(cal, d);
    for (const [s, e] of cal.facts(d).periods) if (t < base + e) return Math.max(t, base + s);
  }
  throw new RangeError('no working day found; check the calendar data');
}

/** The earliest instant at which `amount` ms of working time have passed since `t0`. */
function addWorkingMs(cal: Calendar, t0: number, amount: number): number {
  let t = nextWorkingMs(cal, t0);
  if (amount <= 0) return t;
  let left = amount;
  for (let d = dayOf(cal, t), idle = 0; ; d++) {
    const base = dayStart(cal, d);
    const periods = cal.facts(d).periods;
    if (periods.length === 0 && ++idle > MAX_SCAN_DAYS) throw new RangeError('no working day found; check the calendar data');
    if (periods.length > 0) idle = 0;
    for (const [s, e] of periods) {
      const a = Math.max(t, base + s);
      if (a >= base + e) continue;
      if (left <= base + e - a) return a + left;
      left -= base + e - a;
    }
    t = base + DAY_MS;
  }
}

/** Working ms within [a, b] (a ≤ b). */
function workingMsBetween(cal: Calendar, a: number, b: number): number {
  let total = 0;
  for (let d = dayOf(cal, a), last = dayOf(cal, b); d <= last; d++) {
    const base = dayStart(cal, d);
    for (const [s, e] of cal.facts(d).periods) {
      const lo = Math.max(a, base + s);
      const hi = Math.min(b, base + e);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

/** A stop of the clock, e.g. while the applicant supplements the dossier; open (no `to`) while it lasts. */
export interface Pause {
  from: Date;
  to?: Date;
  reason: string;
}

/** Pauses as sorted, merged [from, to) ms intervals within [lo, hi]; an open pause ends at `openEnd`. */
function pauseIntervals(pauses: readonly Pause[], lo: number, hi: number, openEnd: number | undefined): [number, number][] {
  const raw = pauses.map((p, i) => {
    const from = ms(p.from, `pauses.${i}.from`);
    let to: number;
    if (p.to) to = ms(p.to, `pauses.${i}.to`);
    else if (openEnd !== undefined) to = openEnd;
    else throw new RangeError(`pauses.${i} is open: pass \`now\` to say where it ends`);
    if (to < from) throw new RangeError(`pauses.${i} ends before it starts`);
    return [Math.max(from, lo), Math.min(to, hi)] as [number, number];
  });
  const sorted = raw.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

function pausedMs(cal: Calendar, intervals: readonly [number, number][]): number {
  return intervals.reduce((sum, [a, b]) => sum + workingMsBetween(cal, a, b), 0);
}

/**
 * Working minutes between two instants, excluding pauses (an open pause runs until `to`).
 * Negative when `to` is before `from`. Fractional when the instants carry seconds.
 */
export function workingTimeBetween(from: Date, to: Date, calendar: Calendar, pauses: readonly Pause[] = []): number {
  const a = ms(from, 'from');
  const b = ms(to, 'to');
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const net = workingMsBetween(calendar, lo, hi) - pausedMs(calendar, pauseIntervals(pauses, lo, hi, hi));
  return ((a <= b ? 1 : -1) * net) / MINUTE_MS;
}

/**
 * Working minutes left until `due` at `now` (negative once overdue). `due` is the deadline as
 * computed without pauses; the working time of every pause up to `now` is given back (an open
 * pause runs until `now`), so this is the allowed time minus the elapsed time, pauses excluded.
 */
export function remaining(now: Date, due: Date, calendar: Calendar, pauses: readonly Pause[] = []): number {
  const n = ms(now, 'now');
  const d = ms(due, 'due');
  const signed = n <= d ? workingMsBetween(calendar, n, d) : -workingMsBetween(calendar, d, n);
  return (signed + pausedMs(calendar, pauseIntervals(pauses, -Infinity, n, n))) / MINUTE_MS;
}

/** The first working moment at or after an instant: where counting starts for a dossier received outside office hours. */
export function nextWorkingMoment(at: Date, calendar: Calendar): Date {
  return new Date(nextWorkingMs(calendar, ms(at)));
}

/** The instant at which `minutes` of working time have passed since `from`. */
export function addWorkingTime(from: Date, minutes: number, calendar: Calendar): Date {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new RangeError(`working minutes must be ≥ 0, got ${minutes}`);
  return new Date(addWorkingMs(calendar, ms(from), minutes * MINUTE_MS));
}

// ---------------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------------

/** The processing time of a procedure: working days (0 = same day) plus optional working hours, or another unit (processing-time.ts). */
export type ProcessingTime = ProcedureTiming;

export interface DueDateOptions {
  /**
   * `working-hours` (default): hour-exact, days × 8 working hours from the start moment, so an
   * afternoon receipt falls due at the same working time N days later. `whole-days`: Civil Code
   * 2015 art. 147-148, the day of receipt does not count and the deadline is the end of office
   * hours of the N-th following working day (only for whole days without processingHours).
   */
  counting?: 'working-hours' | 'whole-days';
  /** The dossier's channel, for procedures whose online and paper times differ. */
  channel?: Channel;
  /** Verification is needed: the procedure's longer limit applies. */
  verification?: boolean;
  /** Supplement requests and other stops of the clock; they push the deadline later. */
  pauses?: readonly Pause[];
  /** Where open pauses end; required when a pause has no `to`. */
  now?: Date;
}

/** The allowed working time of a procedure, in minutes. */
export function allowedMinutes(procedure: ProcessingTime, calendar: Calendar): number {
  const { processingDays, processingHours = 0 } = procedure;
  if (!(processingDays >= 0) || !Number.isFinite(processingDays)) throw new RangeError(`processingDays must be ≥ 0, got ${processingDays}`);
  if (!(processingHours >= 0) || !Number.isFinite(processingHours)) throw new RangeError(`processingHours must be ≥ 0, got ${processingHours}`);
  return processingDays * calendar.workingDayMinutes + processingHours * 60;
}

/**
 * The deadline of a complete dossier received at `receivedAt` (BRIEF 4.4), in whole minutes
 * (rounded up: never less time than allowed). Working time: counting starts at the first working
 * moment at or after receipt. Same-day procedures (no processing time) are due at the end of
 * office hours that day when counting starts before the 15:00 cut-off, else at the end of the
 * next working day. Calendar days: see `calendarDaysDue`. Throws for a procedure with no
 * appointment date (`hasAppointment`). Example: 5 working days from Fri 13 Feb 2026 10:00 →
 * Fri 27 Feb 2026 10:00.
 */
export function dueDate(receivedAt: Date, procedure: ProcessingTime, calendar: Calendar, options: DueDateOptions = {}): Date {
  const received = ms(receivedAt, 'receivedAt');
  const time = resolveProcessingTime(procedure, options, calendar.workingDayMinutes);
  if (!time) throw new RangeError('the procedure has no appointment date, so no due date');
  if (time.unit === 'calendar-days') return new Date(ceilMinute(calendarDaysDue(calendar, received, time.days, options)));
  const allowed = time.minutes * MINUTE_MS;
  const start = nextWorkingMs(calendar, received);
  const endOf = (day: number) => dayStart(calendar, day) + calendar.facts(day).periods.at(-1)![1];
  let base: number;
  if (allowed === 0) {
    // Same-day procedures: received after 15:00, the result is due the next working day (BRIEF 4.4, confirmed).
    const day = dayOf(calendar, start);
    base = start - dayStart(calendar, day) < calendar.facts(day).cutoffMs ? endOf(day) : endOf(stepWorkingDays(calendar, day, 1));
  } else if (options.counting === 'whole-days' && time.unit === 'working-days' && !procedure.processingHours) {
    const days = time.minutes / calendar.workingDayMinutes;
    if (!Number.isInteger(days)) throw new RangeError('whole-days counting needs a whole number of days');
    // Civil Code 2015 art. 147(2): the first day of a period counted in days is the day after the event.
    base = endOf(stepWorkingDays(calendar, dayOf(calendar, received), days));
  } else {
    base = addWorkingMs(calendar, start, allowed);
  }
  if (!options.pauses?.length) return new Date(ceilMinute(base));
  return new Date(ceilMinute(extendByPauses(calendar, start, workingMsBetween(calendar, start, base), options.pauses, options.now)));
}

/**
 * The appointment for the result of a dossier received at `receivedAt`: its due date, or undefined
 * for a procedure with no appointment date (the result comes when it comes; no clock to watch).
 */
export function appointmentAt(receivedAt: Date, procedure: ProcessingTime, calendar: Calendar, options: DueDateOptions = {}): Date | undefined {
  return procedure.noAppointment ? undefined : dueDate(receivedAt, procedure, calendar, options);
}

/** Due dates are whole minutes: an instant rounded up to the next minute (10:00:12.345 → 10:01). */
function ceilMinute(t: number): number {
  return Math.ceil(t / MINUTE_MS) * MINUTE_MS;
}

/**
 * A period of calendar days (Civil Code 2015 art. 147-148): the day of receipt does not count,
 * the period runs from the next day, weekends and holidays included, and ends with its last
 * day; when the last day is a weekend or holiday it ends with the next working day (art. 148(5)).
 * The end of a day is taken as the end of office hours (17:30), not midnight (art. 148(6)):
 * the result is handed back at the desk, which is closed after that. Pauses add their length
 * in calendar time, rounded up to whole days. Example: 10 days from Fri 28 Aug 2026 10:00 →
 * Mon 7 Sep 2026 17:30.
 */
function calendarDaysDue(cal: Calendar, received: number, days: number, options: DueDateOptions): number {
  let paused = 0;
  if (options.pauses?.length) {
    const now = options.now === undefined ? undefined : ms(options.now, 'now');
    paused = pauseIntervals(options.pauses, received, Infinity, now).reduce((sum, [a, b]) => sum + pausedDays(cal, a, b), 0);
  }
  return endOfWorkingDayFrom(cal, dayOf(cal, received) + days + paused);
}

/** Calendar days a stop of the clock took: the days between its first and last day in Vietnam (a stop within one day takes none). */
function pausedDays(cal: Calendar, a: number, b: number): number {
  return dayOf(cal, b) - dayOf(cal, a);
}

/** The end of office hours of `day`, or of the first working day after it (a deadline never falls on a day off). */
function endOfWorkingDayFrom(cal: Calendar, day: number): number {
  let last = day;
  for (let scanned = 0; cal.facts(last).periods.length === 0; scanned++, last++)
    if (scanned > MAX_SCAN_DAYS) throw new RangeError('no working day found; check the calendar data');
  return dayStart(cal, last) + cal.facts(last).periods.at(-1)![1];
}

/**
 * The due date once a stop of the clock (supplement, fee, stop, hold) has ended: moved by the time
 * it lasted, counted in the procedure's unit. Working days and hours: the whole working minutes of
 * the stop; a stop with none in it (a night, a weekend, a few seconds) leaves the date alone, so a
 * 17:30 deadline is not moved to 07:30 the next working day. Calendar days: the calendar days
 * the stop took (weekends too), the date landing on a working day.
 * Example: 10 calendar days due Fri 11/09 17:00, stopped Thu 03/09 to Sat 05/09 -> Sun 13/09, so Mon 14/09 17:00.
 */
export function dueAfterPause(due: Date, pause: { from: Date; to: Date }, procedure: ProcedureTiming, calendar: Calendar): Date {
  const [a, b] = [ms(pause.from, 'from'), ms(pause.to, 'to')];
  if (b <= a) return due;
  if ((procedure.processingUnit ?? 'working-days') === 'calendar-days') {
    const days = pausedDays(calendar, a, b);
    return days === 0 ? due : new Date(endOfWorkingDayFrom(calendar, dayOf(calendar, ms(due, 'due')) + days));
  }
  const minutes = Math.floor(workingMsBetween(calendar, a, b) / MINUTE_MS);
  return minutes > 0 ? new Date(addWorkingMs(calendar, ms(due, 'due'), minutes * MINUTE_MS)) : due;
}

/** Runs a clock of `amount` working ms from `start`, stopped during the pauses; returns when it runs out. */
function extendByPauses(cal: Calendar, start: number, amount: number, pauses: readonly Pause[], now: Date | undefined): number {
  const intervals = pauseIntervals(pauses, start, Infinity, now === undefined ? undefined : ms(now, 'now'));
  let t = start;
  let left = amount;
  for (const [ps, pe] of intervals) {
    if (pe <= t) continue;
    const due = addWorkingMs(cal, t, left);
    if (due <= ps) return due;
    if (ps > t) left -= workingMsBetween(cal, t, ps);
    t = pe;
  }
  return addWorkingMs(cal, t, left);
}

// ---------------------------------------------------------------------------------------------
// Display and the process control slip
// ---------------------------------------------------------------------------------------------

/** Working minutes as working days (8 h each): 1200 → 2.5. */
export function toWorkingDays(minutes: number, calendar: Calendar): number {
  return minutes / calendar.workingDayMinutes;
}

/** Working minutes as days, hours and minutes (absolute value, rounded up to the minute): 1215 → "2 ngày 4 giờ 15 phút". */
export function formatWorkingTime(minutes: number, calendar: Calendar): string {
  return daysHoursMinutes(Math.ceil(Math.abs(minutes) - 1e-9), calendar.workingDayMinutes);
}

/** Remaining working time for people: 1440 → "còn 3 ngày làm việc", -90 → "quá hạn 1 giờ 30 phút làm việc", 0 → "đến hạn". */
export function describeRemaining(minutes: number, calendar: Calendar): string {
  if (Math.abs(minutes) < 1e-9) return 'đến hạn';
  return `${minutes > 0 ? 'còn' : 'quá hạn'} ${formatWorkingTime(minutes, calendar)} làm việc`;
}

export type StepTiming = 'early' | 'on-time' | 'late';
/** Labels of the process control slip (phiếu kiểm soát quá trình giải quyết hồ sơ). */
export const stepTimingLabels: Readonly<Record<StepTiming, string>> = { early: 'Trước hạn', 'on-time': 'Đúng hạn', late: 'Quá hạn' };

/**
 * Timing of one step of the control slip from its allowed and actual working minutes: late when
 * over the allowed time; early when it used fewer working days than allowed (both rounded up to
 * whole working days); on time otherwise. Example: (1440, 300) → 'early', (1440, 1000) → 'on-time'.
 */
export function stepTiming(allowedMinutes: number, actualMinutes: number, calendar: Calendar): StepTiming {
  const unit = calendar.workingDayMinutes;
  if (actualMinutes > allowedMinutes) return 'late';
  return Math.ceil(actualMinutes / unit) < Math.ceil(allowedMinutes / unit) ? 'early' : 'on-time';
}

