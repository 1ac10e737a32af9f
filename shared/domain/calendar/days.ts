/**
 * The facts of a day: which days public offices work (the computed statutory baseline, replaced
 * by a year's official schedule, swapped working Saturdays included), their office periods, and
 * why, with source and status. Instants are `Date`s (UTC); days are counted in Vietnam time.
 */
import { type LocalDate, type Status, DAY_MS, MINUTE_MS, MAX_SCAN_DAYS, isRealDate, clockMinutes, dayNumber, dayFromParts, localDateOf, yearOfDay, weekdayOf } from './dates.ts';
import { type Source, type HolidayRule, type CalendarData, type LunarDates, type CalendarFiles, parseCalendarData } from './data.ts';

/**
 * The day a Vietnamese lunar month/day falls on within a Gregorian year. The dates come from
 * lunar-dates.json, generated with date-holidays' UTC+7 lunar algorithm (`npm run generate`; a test
 * keeps the file equal to it), so functions do not bundle that library's every country.
 */
export function lunarDay(table: LunarDates, year: number, month: number, day: number): number {
  const date = table[`${month}-${day}`]?.[String(year)];
  if (!date) throw new RangeError(`lunar ${day}/${month} of ${year} is not in lunar-dates.json: run npm run generate`);
  return dayNumber(date);
}

// ---------------------------------------------------------------------------------------------
// The calendar
// ---------------------------------------------------------------------------------------------

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'compensatory' | 'day-off' | 'swapped-working-day';

/** What the calendar says about one day, and how sure it is. */
export interface DayInfo {
  date: LocalDate;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  working: boolean;
  kind: DayKind;
  /** The holiday rule id (`tet`, `national-day`, …) for holidays and compensatory days. */
  occasion?: string;
  /** Vietnamese name, e.g. "Tết Nguyên đán", "Nghỉ bù Giỗ Tổ Hùng Vương". */
  name?: string;
  /** `provisional` for computed days, provisional schedule entries, and any day of a year without an official schedule. */
  status: Status;
  source?: Source;
}

interface Mark {
  kind: DayKind;
  occasion?: string;
  name: string;
  status: Status;
  source?: Source;
}

/** Office periods of one day in ms since local midnight; empty on a day off. */
type Periods = readonly (readonly [number, number])[];
interface DayFacts {
  periods: Periods;
  cutoffMs: number;
}

export interface CalendarOptions {
  /** Years the calendar answers for (inclusive); others throw. Default: first rule's year to 2100. */
  years?: { from: number; to: number };
  /** Rules with `enacted: false` to apply anyway, for what-if reports (e.g. `['culture-day']`). */
  assumeEnacted?: readonly string[];
}

/** A working-day calendar built by `calendarFor`; opaque, cheap to query, caches per year and per day. */
export interface Calendar {
  readonly data: CalendarData;
  readonly timeZone: string;
  readonly utcOffsetMinutes: number;
  /** One working day in minutes (8 h = 480). */
  readonly workingDayMinutes: number;
  readonly years: { readonly from: number; readonly to: number };
  /** @internal office periods and same-day cut-off of a day number. */
  readonly facts: (day: number) => DayFacts;
  /** @internal the full description of a day number. */
  readonly describe: (day: number) => DayInfo;
}

export const NO_PERIODS: Periods = Object.freeze([]);

/**
 * Builds a calendar from validated data: the statutory rules give a computed (provisional)
 * baseline each year, and a year's official schedule replaces the occasions it names.
 * Example: `calendarFor(parseCalendarData(files), { years: { from: 2026, to: 2027 } })`.
 */
export function calendarFor(data: CalendarData, options: CalendarOptions = {}): Calendar {
  const { officeHours } = data;
  const sign = officeHours.utcOffset.startsWith('-') ? -1 : 1;
  const utcOffsetMinutes = sign * clockMinutes(officeHours.utcOffset.slice(1));
  const firstYear = Math.min(...data.rules.filter((r) => r.validFrom).map((r) => Number(r.validFrom!.slice(0, 4))));
  const years = options.years ?? { from: Number.isFinite(firstYear) ? firstYear : 2021, to: 2100 };
  const assumed = new Set(options.assumeEnacted ?? []);
  const rules = data.rules.filter((r) => r.enacted || assumed.has(r.id));

  const versions = officeHours.versions.map((v) => ({
    from: dayNumber(v.validFrom),
    weekdays: new Set(v.weekdays),
    periods: Object.freeze(v.periods.map((p) => Object.freeze([clockMinutes(p.from) * MINUTE_MS, clockMinutes(p.to) * MINUTE_MS] as const))),
    cutoffMs: clockMinutes(v.sameDayCutoff) * MINUTE_MS,
  }));
  // Before the first version the first one applies: office hours are not expected to be looked up that early.
  const versionOf = (day: number) => {
    for (let i = versions.length - 1; i > 0; i--) if (versions[i]!.from <= day) return versions[i]!;
    return versions[0]!;
  };
  const isOfficeWeekday = (day: number) => versionOf(day).weekdays.has(weekdayOf(day));

  // Official schedules, indexed by day (a span may reach into the neighbouring year).
  const scheduleOf = new Map(data.years.map((y) => [y.year, y]));
  const scheduledOff = new Map<number, Mark>();
  const scheduledWorking = new Map<number, Mark>();
  for (const y of data.years) {
    for (const h of y.holidays)
      for (let d = dayNumber(h.from); d <= dayNumber(h.to); d++)
        scheduledOff.set(d, { kind: 'holiday', occasion: h.replaces[0]!, name: h.name, status: h.status, source: h.source });
    for (const d of y.daysOff) scheduledOff.set(dayNumber(d.date), { kind: 'day-off', name: d.name, status: d.status, source: d.source });
    for (const w of y.workingDays)
      scheduledWorking.set(dayNumber(w.date), {
        kind: 'swapped-working-day',
        name: w.replaces ? `Làm bù cho ngày ${formatLocalDate(w.replaces)}` : 'Ngày làm việc bù',
        status: w.status,
        source: w.source,
      });
  }

  /** The computed baseline of a year: statutory days, the adjacent National Day day, compensatory days. */
  const baseline = (year: number): Map<number, Mark> => {
    const marks = new Map<number, Mark>();
    const compensate = new Map<number, HolidayRule>();
    for (const rule of rules) {
      const { calendar, month, day, offsetDays = 0 } = rule.date;
      const first = (calendar === 'lunar' ? lunarDay(data.lunarDates, year, month, day) : dayFromParts(year, month, day)) + offsetDays;
      const days = Array.from({ length: rule.days }, (_, i) => first + i);
      if (rule.adjacentDay) days.push(rule.adjacentDay.beforeOnWeekdays.includes(weekdayOf(first)) ? first - 1 : first + rule.days);
      for (const d of days) {
        const date = localDateOf(d);
        if ((rule.validFrom && date < rule.validFrom) || (rule.validTo && date > rule.validTo) || marks.has(d)) continue;
        marks.set(d, { kind: 'holiday', occasion: rule.id, name: rule.name, status: 'provisional', source: rule.source });
        if (rule.compensatory) compensate.set(d, rule);
      }
    }
    // Labour Code 2019 art. 111(3): a holiday on the weekly rest day is taken on the next working day.
    for (const d of [...compensate.keys()].sort((a, b) => a - b)) {
      if (isOfficeWeekday(d)) continue;
      const rule = compensate.get(d)!;
      let c = d + 1;
      while (!isOfficeWeekday(c) || marks.has(c)) c++;
      marks.set(c, { kind: 'compensatory', occasion: rule.id, name: `Nghỉ bù ${rule.name}`, status: 'provisional', source: rule.source });
    }
    return marks;
  };

  const tables = new Map<number, Map<number, Mark>>();
  /** Days off of a year: the baseline minus the occasions its schedule replaces, plus every scheduled day off in it. */
  const tableOf = (year: number): Map<number, Mark> => {
    let table = tables.get(year);
    if (!table) {
      if (year < years.from || year > years.to) throw new RangeError(`the calendar covers ${years.from}-${years.to}, not ${year}`);
      const replaced = new Set(scheduleOf.get(year)?.holidays.flatMap((h) => h.replaces));
      table = new Map([...baseline(year)].filter(([, m]) => !replaced.has(m.occasion!)));
      for (const [d, m] of scheduledOff) if (yearOfDay(d) === year) table.set(d, m);
      tables.set(year, table);
    }
    return table;
  };

  const factCache = new Map<number, DayFacts>();
  const facts = (day: number): DayFacts => {
    let f = factCache.get(day);
    if (!f) {
      const version = versionOf(day);
      const working = scheduledWorking.has(day) || (version.weekdays.has(weekdayOf(day)) && !tableOf(yearOfDay(day)).has(day));
      f = { periods: working ? version.periods : NO_PERIODS, cutoffMs: version.cutoffMs };
      factCache.set(day, f);
    }
    return f;
  };

  const describe = (day: number): DayInfo => {
    const date = localDateOf(day);
    const weekday = weekdayOf(day);
    const yearStatus: Status = scheduleOf.get(yearOfDay(day))?.status ?? 'provisional';
    const mark = scheduledWorking.get(day) ?? tableOf(yearOfDay(day)).get(day);
    const working = facts(day).periods.length > 0;
    if (!mark) return { date, weekday, working, kind: working ? 'workday' : 'weekend', status: yearStatus };
    const status: Status = mark.status === 'official' && yearStatus === 'official' ? 'official' : 'provisional';
    const info: DayInfo = { date, weekday, working, kind: mark.kind, name: mark.name, status };
    if (mark.occasion) info.occasion = mark.occasion;
    if (mark.source) info.source = mark.source;
    return info;
  };

  return { data, timeZone: officeHours.timeZone, utcOffsetMinutes, workingDayMinutes: officeHours.workingDayHours * 60, years, facts, describe };
}

/** Validates the files and builds the calendar; throws CalendarDataError naming the file and field. */
export function loadCalendar(files: CalendarFiles, options?: CalendarOptions): Calendar {
  return calendarFor(parseCalendarData(files), options);
}

// ---------------------------------------------------------------------------------------------
// Instants and days
// ---------------------------------------------------------------------------------------------

export function ms(at: Date, what = 'date'): number {
  const t = at.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`${what} is not a valid Date`);
  return t;
}
export const offsetMs = (cal: Calendar) => cal.utcOffsetMinutes * MINUTE_MS;
export const dayOf = (cal: Calendar, t: number) => Math.floor((t + offsetMs(cal)) / DAY_MS);
export const dayStart = (cal: Calendar, day: number) => day * DAY_MS - offsetMs(cal);
export function dayArg(cal: Calendar, date: Date | LocalDate): number {
  if (date instanceof Date) return dayOf(cal, ms(date));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isRealDate(date)) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
  return dayNumber(date);
}
export function formatLocalDate(date: LocalDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** The Vietnam-time calendar day of an instant: `localDate(new Date('2026-02-13T17:30:00Z'))` → `'2026-02-14'`. */
export function localDate(at: Date, calendar: Calendar): LocalDate {
  return localDateOf(dayOf(calendar, ms(at)));
}

/** Whether public offices work on a day (a `Date` is taken in Vietnam time). */
export function isWorkingDay(date: Date | LocalDate, calendar: Calendar): boolean {
  return calendar.facts(dayArg(calendar, date)).periods.length > 0;
}

/** Why a day is worked or not, with its source and whether that is official or provisional. */
export function describeDay(date: Date | LocalDate, calendar: Calendar): DayInfo {
  return calendar.describe(dayArg(calendar, date));
}

export function stepWorkingDays(cal: Calendar, day: number, n: number): number {
  const step = n < 0 ? -1 : 1;
  let d = day;
  for (let left = Math.abs(n), scanned = 0; left > 0; scanned++) {
    if (scanned > MAX_SCAN_DAYS * (Math.abs(n) + 1)) throw new RangeError('no working day found; check the calendar data');
    d += step;
    if (cal.facts(d).periods.length > 0) left--;
  }
  return d;
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: Date | LocalDate, calendar: Calendar): LocalDate {
  return localDateOf(stepWorkingDays(calendar, dayArg(calendar, date), 1));
}

/** The n-th working day after `date` (before it when n < 0; `date` itself when n = 0). */
export function addWorkingDays(date: Date | LocalDate, n: number, calendar: Calendar): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, got ${n}`);
  return localDateOf(stepWorkingDays(calendar, dayArg(calendar, date), n));
}

/** The end of office hours of a working day (17:30 Vietnam time by default). */
export function endOfOfficeHours(date: Date | LocalDate, calendar: Calendar): Date {
  const day = dayArg(calendar, date);
  const last = calendar.facts(day).periods.at(-1);
  if (!last) throw new RangeError(`${localDateOf(day)} is not a working day`);
  return new Date(dayStart(calendar, day) + last[1]);
}
