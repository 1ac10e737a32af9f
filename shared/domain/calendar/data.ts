/**
 * The calendar's data: schemas of the files in shared/calendar/ (statutory holiday rules, office
 * hours, lunar dates, the official schedule of each year, swapped working days included) and
 * their loading, cross-checked; a broken file fails with its name and the field.
 */
import * as z from 'zod';
import { isRealDate, pad, clockMinutes, dayNumber, localDateOf, weekdayOf } from './dates.ts';

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

