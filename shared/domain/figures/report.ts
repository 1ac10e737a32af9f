/**
 * Reports from kept figures (issue 14, item 3): cells summed over any period and grouping, the
 * stocks taken at the end of each row's period, and the rates derived from the sums. Pure.
 */
import { ValidationError } from '../errors.ts';
import { addCounts, dimensionNames, measureNames, measures, type Counts, type Dimension, type FigureDims, type Measure } from './measures.ts';

/** What a report may group by: any dimension, and the day or the month. */
export const groupings = [...dimensionNames, 'day', 'month'] as const;
export type Grouping = (typeof groupings)[number];

/** Longest period one report covers (a year and a day, so a leap year fits). */
export const maxReportDays = 366;

export interface ReportQuery {
  /** First and last day, YYYY-MM-DD in Asia/Ho_Chi_Minh, inclusive. */
  from: string;
  to: string;
  groupBy: readonly Grouping[];
}

/** A day's figures of one cell. */
export interface DayCell {
  day: string;
  dims: FigureDims;
  counts: Counts;
}

export interface ReportRow {
  /** The row's value of each grouping asked (a day, `YYYY-MM`, or a dimension's id). */
  group: Partial<Record<Grouping, string>>;
  /** Flows summed over the row's period; `openOnTime`/`openOverdue` are the stock at its end. */
  counts: Record<Measure, number>;
  /** Settled = early + on time + late. */
  settled: number;
  /** (early + on time) / settled, or null when nothing was settled. */
  onTimeRate: number | null;
  /** Mean working days from reception to result over the settled (8 working hours a day), or null. */
  averageWorkingDays: number | null;
}

export interface Report {
  query: ReportQuery;
  rows: ReportRow[];
  total: ReportRow;
}

const dayMs = 86_400_000;
/** Days from `from` to `to`, inclusive. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += dayMs) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
/** The months (`YYYY-MM`) a period touches, in order. */
export function monthsOf(from: string, to: string): string[] {
  return [...new Set(daysOf(from, to).map((d) => d.slice(0, 7)))];
}
export const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - dayMs).toISOString().slice(0, 10);

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (s: string) => isoDay.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** Checks a report's period and grouping (400 naming the field). */
export function checkReportQuery(q: { from?: string; to?: string; groupBy?: readonly string[] }, fieldPrefix = ''): ReportQuery {
  const f = (name: string) => `${fieldPrefix}${name}`;
  if (!q.from || !validDay(q.from)) throw ValidationError.field(f('from'), 'Ngày bắt đầu phải có dạng YYYY-MM-DD');
  if (!q.to || !validDay(q.to)) throw ValidationError.field(f('to'), 'Ngày kết thúc phải có dạng YYYY-MM-DD');
  if (q.to < q.from) throw ValidationError.field(f('to'), 'Ngày kết thúc không được trước ngày bắt đầu');
  if (daysOf(q.from, q.to).length > maxReportDays) throw ValidationError.field(f('to'), `Một báo cáo không quá ${maxReportDays} ngày`);
  const groupBy = q.groupBy ?? [];
  const unknown = groupBy.find((g) => !(groupings as readonly string[]).includes(g));
  if (unknown !== undefined) throw ValidationError.field(f('groupBy'), `Không nhóm được theo "${unknown}": chỉ ${groupings.join(', ')}`);
  if (new Set(groupBy).size !== groupBy.length) throw ValidationError.field(f('groupBy'), 'Mỗi tiêu chí nhóm chỉ một lần');
  if (groupBy.includes('day') && groupBy.includes('month')) throw ValidationError.field(f('groupBy'), 'Chỉ nhóm theo ngày hoặc theo tháng, không cả hai');
  return { from: q.from, to: q.to, groupBy: groupBy as Grouping[] };
}

const stockMeasures = measureNames.filter((m) => measures[m].kind === 'stock');
const zero = () => Object.fromEntries(measureNames.map((m) => [m, 0])) as Record<Measure, number>;

function row(group: ReportRow['group'], counts: Record<Measure, number>): ReportRow {
  const settled = counts.settledEarly + counts.settledOnTime + counts.settledLate;
  return {
    group,
    counts,
    settled,
    onTimeRate: settled ? (counts.settledEarly + counts.settledOnTime) / settled : null,
    averageWorkingDays: settled ? Math.round((counts.settledWorkingMinutes / settled / 480) * 100) / 100 : null,
  };
}

/**
 * The report over `query`'s period: `cells` are the day cells of the period, `opening` the stock
 * deltas summed over every day before it (per cell). A row per group that has anything to show;
 * with a day or month grouping, a row per period of the range for each such group (a stock is
 * there on days nothing moves).
 */
export function buildReport(query: ReportQuery, cells: readonly DayCell[], opening: readonly { dims: FigureDims; counts: Counts }[]): Report {
  const dims = query.groupBy.filter((g): g is Dimension => g !== 'day' && g !== 'month');
  const period = query.groupBy.includes('day') ? 'day' : query.groupBy.includes('month') ? 'month' : undefined;
  const groupKey = (d: FigureDims) => dims.map((g) => d[g]).join('#');
  const groups = new Map<string, Partial<Record<Dimension, string>>>();
  const note = (d: FigureDims) => groups.set(groupKey(d), Object.fromEntries(dims.map((g) => [g, d[g]])));
  // Stock at the opening, per group.
  const openingBy = new Map<string, Counts>();
  for (const o of opening) {
    const k = groupKey(o.dims);
    const stock = Object.fromEntries(stockMeasures.map((m) => [m, o.counts[m] ?? 0]).filter(([, v]) => v !== 0)) as Counts;
    if (Object.keys(stock).length === 0) continue;
    note(o.dims);
    openingBy.set(k, addCounts(openingBy.get(k) ?? {}, stock));
  }
  // Flows per group and day.
  const byDay = new Map<string, Map<string, Counts>>();
  for (const c of cells) {
    if (c.day < query.from || c.day > query.to) continue;
    const k = groupKey(c.dims);
    note(c.dims);
    const days = byDay.get(k) ?? new Map<string, Counts>();
    days.set(c.day, addCounts(days.get(c.day) ?? {}, c.counts));
    byDay.set(k, days);
  }
  const periods = period === 'day' ? daysOf(query.from, query.to) : period === 'month' ? monthsOf(query.from, query.to) : ['all'];
  const periodOf = (day: string) => (period === 'day' ? day : period === 'month' ? day.slice(0, 7) : 'all');
  const allDays = daysOf(query.from, query.to);
  const daysByPeriod = new Map(periods.map((p) => [p, allDays.filter((d) => periodOf(d) === p)]));
  const rows: ReportRow[] = [];
  const total = zero();
  for (const [k, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const stock = zero();
    for (const m of stockMeasures) stock[m] = openingBy.get(k)?.[m] ?? 0;
    const days = byDay.get(k) ?? new Map<string, Counts>();
    for (const p of periods) {
      const counts = zero();
      for (const day of daysByPeriod.get(p)!) {
        const c = days.get(day);
        if (!c) continue;
        for (const m of measureNames) {
          if (measures[m].kind === 'stock') stock[m] += c[m] ?? 0;
          else counts[m] += c[m] ?? 0;
        }
      }
      for (const m of stockMeasures) counts[m] = stock[m];
      const empty = measureNames.every((m) => counts[m] === 0);
      if (!empty) rows.push(row({ ...group, ...(period ? { [period]: p } : {}) }, counts));
      for (const m of measureNames) if (measures[m].kind !== 'stock') total[m] += counts[m];
    }
    for (const m of stockMeasures) total[m] += stock[m];
  }
  if (period) rows.sort((a, b) => (a.group[period] ?? '').localeCompare(b.group[period] ?? ''));
  return { query, rows, total: row({}, total) };
}
