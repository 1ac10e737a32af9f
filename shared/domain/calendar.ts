/**
 * Working-day calendar and deadline engine (BRIEF 4). Holidays, swapped working Saturdays and
 * office hours are data (shared/calendar/), validated when loaded; a broken file fails with its
 * name and the field. Instants are `Date`s (UTC); days are counted in Vietnam time (UTC+7, no
 * DST). Time is counted in working minutes so that same-day and half-day procedures fit.
 */
import { z } from 'zod';
import { resolveProcessingTime, type Channel, type ProcedureTiming } from './processing-time.ts';

/** A calendar day in Vietnam time, `YYYY-MM-DD`. */
export type LocalDate = string;
export type Status = 'official' | 'provisional';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Longest stretch scanned for a working moment before giving up (a year of holidays would be a data bug). */
const MAX_SCAN_DAYS = 400;

// ---------------------------------------------------------------------------------------------
// Data: schemas and loading
// ---------------------------------------------------------------------------------------------

const isRealDate = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};
const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'phải là ngày dạng YYYY-MM-DD')
  .refine(isRealDate, 'ngày không tồn tại');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'phải là giờ dạng HH:MM');
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'chỉ gồm chữ thường không dấu, số và dấu gạch ngang');
const status = z.enum(['official', 'provisional']);
const weekdayMessage = 'thứ trong tuần từ 1 (thứ Hai) đến 7 (Chủ nhật)';
const weekdaySchema = z.number().int().min(1, weekdayMessage).max(7, weekdayMessage);

const sourceSchema = z
  .object({
    document: z.string().min(1).optional(),
    issued: localDateSchema.optional(),
    urls: z.array(z.url('đường dẫn không hợp lệ')).optional(),
    note: z.string().min(1).optional(),
  })
  .refine((s) => s.document !== undefined || (s.urls?.length ?? 0) > 0 || s.note !== undefined, 'cần số văn bản, đường dẫn hoặc ghi chú nguồn');
export type Source = z.infer<typeof sourceSchema>;

const ruleSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    date: z.object({
      calendar: z.enum(['gregorian', 'lunar']),
      month: z.number().int().min(1).max(12),
      day: z.number().int().min(1).max(31),
      offsetDays: z.number().int().min(-10).max(10).optional(),
    }),
    days: z.number().int().min(1).max(10),
    /** Labour Code 2019 art. 112(1)(đ): one day adjacent to 2 Sep, before when 2 Sep falls on one of these weekdays, else after. */
    adjacentDay: z.object({ beforeOnWeekdays: z.array(weekdaySchema) }).optional(),
    /** Labour Code 2019 art. 111(3): a holiday on the weekly rest day gives the next working day off. */
    compensatory: z.boolean().default(true),
    enacted: z.boolean(),
    validFrom: localDateSchema.optional(),
    validTo: localDateSchema.optional(),
    status,
    source: sourceSchema,
    note: z.string().optional(),
  })
  .refine((r) => !r.enacted || r.validFrom !== undefined, { message: 'ngày lễ đã ban hành cần validFrom', path: ['validFrom'] })
  .refine((r) => r.date.calendar === 'gregorian' || r.date.day <= 30, { message: 'ngày âm lịch từ 1 đến 30', path: ['date', 'day'] })
  .refine((r) => r.date.calendar === 'lunar' || isRealDate(`2024-${pad(r.date.month)}-${pad(r.date.day)}`), {
    message: 'ngày dương lịch không tồn tại',
    path: ['date', 'day'],
  });
export type HolidayRule = z.infer<typeof ruleSchema>;

const periodSchema = z.object({ from: clockTime, to: clockTime }).refine((p) => p.from < p.to, { message: 'giờ kết thúc phải sau giờ bắt đầu', path: ['to'] });
const officeVersionSchema = z.object({
  validFrom: localDateSchema,
  weekdays: z.array(weekdaySchema).min(1),
  periods: z.array(periodSchema).min(1),
  sameDayCutoff: clockTime,
  status,
  source: sourceSchema,
});
const officeHoursSchema = z.object({
  timeZone: z.string().min(1),
  utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/, 'phải có dạng +07:00'),
  workingDayHours: z.number().positive().max(24),
  versions: z.array(officeVersionSchema).min(1),
});
export type OfficeHours = z.infer<typeof officeHoursSchema>;

const spanSchema = z
  .object({
    replaces: z.array(slug).min(1),
    name: z.string().min(1),
    from: localDateSchema,
    to: localDateSchema,
    status,
    source: sourceSchema,
    note: z.string().optional(),
  })
  .refine((s) => s.from <= s.to, { message: 'ngày kết thúc phải không trước ngày bắt đầu', path: ['to'] });
const workingDaySchema = z.object({ date: localDateSchema, replaces: localDateSchema.optional(), status, source: sourceSchema, note: z.string().optional() });
const dayOffSchema = z.object({ date: localDateSchema, name: z.string().min(1), status, source: sourceSchema, note: z.string().optional() });
const yearSchema = z.object({
  year: z.number().int().min(2000).max(2199),
  status,
  note: z.string().optional(),
  holidays: z.array(spanSchema),
  workingDays: z.array(workingDaySchema),
  daysOff: z.array(dayOffSchema).default([]),
});
export type YearSchedule = z.infer<typeof yearSchema>;

/** Validated calendar data: statutory rules, office hours, and the official schedule of each year. */
export interface CalendarData {
  rules: HolidayRule[];
  officeHours: OfficeHours;
  years: YearSchedule[];
  /** Gregorian dates of the lunar days the rules use, per year (lunar-dates.json, generated). */
  lunarDates: LunarDates;
}

/** `{ "1-1": { "2026": "2026-02-17", ... }, "3-10": { ... } }`: lunar month-day -> year -> date. */
export type LunarDates = Record<string, Record<string, string>>;
const lunarDatesSchema = z.record(z.string().regex(/^\d{1,2}-\d{1,2}$/), z.record(z.string().regex(/^\d{4}$/), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)));

/** The raw files: `holidays.json`, `office-hours.json`, `lunar-dates.json` and one `years/YYYY.json` per schedule. */
export type CalendarFiles = Record<string, unknown>;

export interface CalendarProblem {
  file: string;
  field: string;
  message: string;
}

/** Raised when the calendar data does not load; names the file and the field. */
export class CalendarDataError extends Error {
  constructor(readonly problems: CalendarProblem[]) {
    super(`calendar data is invalid:\n` + problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`).join('\n'));
  }
}

const yearFile = /^years\/(\d{4})\.json$/;
const fieldPath = (parts: readonly PropertyKey[]) => parts.map(String).join('.');

/** Validates the raw calendar files and cross-checks them (known occasions, swapped days on weekends, one file per year). */
export function parseCalendarData(files: CalendarFiles): CalendarData {
  const problems: CalendarProblem[] = [];
  const parse = <T>(file: string, schema: z.ZodType<T>): T | undefined => {
    if (!(file in files)) {
      problems.push({ file, field: '(file)', message: 'thiếu tệp' });
      return undefined;
    }
    const result = schema.safeParse(files[file]);
    if (result.success) return result.data;
    for (const issue of result.error.issues) problems.push({ file, field: fieldPath(issue.path) || '(root)', message: issue.message });
    return undefined;
  };
  const rulesFile = parse('holidays.json', z.object({ rules: z.array(ruleSchema).min(1) }));
  const officeHours = parse('office-hours.json', officeHoursSchema);
  const lunarDates = parse('lunar-dates.json', lunarDatesSchema);
  const years: { file: string; schedule: YearSchedule }[] = [];
  for (const file of Object.keys(files).sort()) {
    if (file === 'holidays.json' || file === 'office-hours.json' || file === 'lunar-dates.json') continue;
    const match = yearFile.exec(file);
    if (!match) {
      problems.push({ file, field: '(file)', message: 'tên tệp không hợp lệ (holidays.json, office-hours.json, lunar-dates.json hoặc years/YYYY.json)' });
      continue;
    }
    const schedule = parse(file, yearSchema);
    if (!schedule) continue;
    if (schedule.year !== Number(match[1])) problems.push({ file, field: 'year', message: `năm ${schedule.year} không khớp tên tệp` });
    years.push({ file, schedule });
  }

  if (rulesFile) {
    const seen = new Set<string>();
    rulesFile.rules.forEach((r, i) => {
      if (seen.has(r.id)) problems.push({ file: 'holidays.json', field: `rules.${i}.id`, message: `mã "${r.id}" bị trùng` });
      seen.add(r.id);
    });
  }
  if (officeHours) {
    const perDay = officeHours.workingDayHours * 60;
    const problem = (field: string, message: string) => problems.push({ file: 'office-hours.json', field, message });
    officeHours.versions.forEach((v, i) => {
      const minutes = v.periods.map((p) => ({ from: clockMinutes(p.from), to: clockMinutes(p.to) }));
      minutes.forEach((p, j) => {
        const prev = minutes[j - 1];
        if (prev && p.from < prev.to) problem(`versions.${i}.periods.${j}.from`, 'các ca làm việc phải theo thứ tự và không chồng nhau');
      });
      const total = minutes.reduce((sum, p) => sum + p.to - p.from, 0);
      if (total !== perDay)
        problem(`versions.${i}.periods`, `tổng giờ làm việc là ${total / 60} giờ, khác workingDayHours (${officeHours.workingDayHours})`);
      if (i > 0 && v.validFrom <= officeHours.versions[i - 1]!.validFrom)
        problem(`versions.${i}.validFrom`, 'các phiên bản phải theo thứ tự validFrom tăng dần');
    });
  }
  const ruleIds = new Set(rulesFile?.rules.map((r) => r.id));
  const weekdays = officeHours ? new Set(officeHours.versions.flatMap((v) => v.weekdays)) : new Set<number>();
  const yearSeen = new Map<number, string>();
  for (const { file, schedule } of years) {
    const other = yearSeen.get(schedule.year);
    if (other) problems.push({ file, field: 'year', message: `năm ${schedule.year} đã có trong ${other}` });
    yearSeen.set(schedule.year, file);
    const near = (d: string) => Math.abs(Number(d.slice(0, 4)) - schedule.year) <= 1;
    const replaced = new Set<string>();
    const off = new Set<string>();
    schedule.holidays.forEach((h, i) => {
      h.replaces.forEach((id, j) => {
        if (rulesFile && !ruleIds.has(id)) problems.push({ file, field: `holidays.${i}.replaces.${j}`, message: `dịp "${id}" không có trong holidays.json` });
        if (replaced.has(id)) problems.push({ file, field: `holidays.${i}.replaces.${j}`, message: `dịp "${id}" đã được thay ở mục khác` });
        replaced.add(id);
      });
      if (!near(h.from)) problems.push({ file, field: `holidays.${i}.from`, message: `ngày không thuộc năm ${schedule.year} hoặc năm liền kề` });
      else if (dayNumber(h.to) - dayNumber(h.from) > 31) problems.push({ file, field: `holidays.${i}.to`, message: 'đợt nghỉ dài quá 31 ngày' });
      else for (let d = dayNumber(h.from); d <= dayNumber(h.to); d++) off.add(localDateOf(d));
    });
    schedule.daysOff.forEach((d, i) => {
      if (!near(d.date)) problems.push({ file, field: `daysOff.${i}.date`, message: `ngày không thuộc năm ${schedule.year} hoặc năm liền kề` });
      off.add(d.date);
    });
    schedule.workingDays.forEach((w, i) => {
      if (!near(w.date)) problems.push({ file, field: `workingDays.${i}.date`, message: `ngày không thuộc năm ${schedule.year} hoặc năm liền kề` });
      if (officeHours && weekdays.has(weekdayOf(dayNumber(w.date))))
        problems.push({ file, field: `workingDays.${i}.date`, message: `${w.date} đã là ngày làm việc; ngày làm bù phải là ngày nghỉ hằng tuần` });
      if (off.has(w.date)) problems.push({ file, field: `workingDays.${i}.date`, message: `${w.date} nằm trong một đợt nghỉ` });
    });
  }
  if (problems.length > 0 || !rulesFile || !officeHours || !lunarDates) throw new CalendarDataError(problems);
  return { rules: rulesFile.rules, officeHours, years: years.map((y) => y.schedule), lunarDates };
}

// ---------------------------------------------------------------------------------------------
// Day arithmetic (day number = days since 1970-01-01 in Vietnam time)
// ---------------------------------------------------------------------------------------------

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
function dayNumber(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}
function dayFromParts(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}
function localDateOf(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}
/** ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/**
 * The day a Vietnamese lunar month/day falls on within a Gregorian year. The dates come from
 * lunar-dates.json, generated with date-holidays' UTC+7 lunar algorithm (`npm run generate`; a test
 * keeps the file equal to it), so functions do not bundle that library's every country.
 */
function lunarDay(table: LunarDates, year: number, month: number, day: number): number {
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

const NO_PERIODS: Periods = Object.freeze([]);

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

function ms(at: Date, what = 'date'): number {
  const t = at.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`${what} is not a valid Date`);
  return t;
}
const offsetMs = (cal: Calendar) => cal.utcOffsetMinutes * MINUTE_MS;
const dayOf = (cal: Calendar, t: number) => Math.floor((t + offsetMs(cal)) / DAY_MS);
const dayStart = (cal: Calendar, day: number) => day * DAY_MS - offsetMs(cal);
function dayArg(cal: Calendar, date: Date | LocalDate): number {
  if (date instanceof Date) return dayOf(cal, ms(date));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isRealDate(date)) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
  return dayNumber(date);
}
function formatLocalDate(date: LocalDate): string {
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

function stepWorkingDays(cal: Calendar, day: number, n: number): number {
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
    paused = pauseIntervals(options.pauses, received, Infinity, now).reduce((sum, [a, b]) => sum + b - a, 0);
  }
  let last = dayOf(cal, received) + days + Math.ceil(paused / DAY_MS);
  for (let scanned = 0; cal.facts(last).periods.length === 0; scanned++, last++)
    if (scanned > MAX_SCAN_DAYS) throw new RangeError('no working day found; check the calendar data');
  return dayStart(cal, last) + cal.facts(last).periods.at(-1)![1];
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
  const total = Math.ceil(Math.abs(minutes) - 1e-9);
  const days = Math.floor(total / calendar.workingDayMinutes);
  const hours = Math.floor((total % calendar.workingDayMinutes) / 60);
  const mins = total % 60;
  const parts = [days && `${days} ngày`, hours && `${hours} giờ`, mins && `${mins} phút`].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 phút';
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
