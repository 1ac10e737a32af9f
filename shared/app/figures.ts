/**
 * Figures kept as the dossiers move (issue 14, items 2 and 3): the stream consumer counts each
 * event once, the recount rebuilds everything from the history and must agree, and reports sum
 * the cells over any period and grouping. What counts for what is shared/domain/figures/.
 */
import type { DossierStore } from '../aws/dossier-store.ts';
import type { FigureStore } from '../aws/figure-store.ts';
import type { Calendar } from '../domain/calendar.ts';
import { inBatches } from '../domain/concurrency.ts';
import { monthSoFar, type DossierEvent } from '../domain/dossier.ts';
import { countedEventTypes, eventContribution, historyContributions, noticeContribution, type Contribution } from '../domain/figures/contributions.ts';
import { channelLabels, measures, type FigureChannel } from '../domain/figures/measures.ts';
import { differences, tally, type Difference, type Tally } from '../domain/figures/recount.ts';
import { buildReport, checkReportQuery, dayBefore, daysOf, monthsOf, type DayCell, type Grouping, type ReportQuery, type ReportRow } from '../domain/figures/report.ts';
import type { Province } from '../domain/province.ts';
import { indicators, ratingTally, receivedByChannel, type Indicator } from '../domain/figures/indicators.ts';
import { ratingCriteria, summarise } from '../domain/ratings.ts';
import type { RatingStore } from '../aws/rating-store.ts';
import type { SmsNotice } from '../domain/sms/notice.ts';
import { ValidationError } from '../domain/errors.ts';
import { quoteValue } from '../domain/text.ts';
import type { FiguresQuery } from '../contracts/figures.ts';
import { toCsv } from '../export/csv.ts';
import { toXlsx } from '../export/xlsx.ts';
import { figuresFileName, figuresSheet, indicatorsSheet } from './figures-export.ts';

export interface FigureDeps {
  store: DossierStore;
  figures: FigureStore;
  calendar: Calendar;
}

/** What a stream record asks the figures to count: an event (its dossier and place in the history) or a sent SMS. */
export type Countable = { event: Pick<DossierEvent, 'dossierRef' | 'seq' | 'type'> } | { notice: Pick<SmsNotice, 'id' | 'dossierRef' | 'sentAt' | 'segments'> };

/**
 * Counts a stream batch at once: one read per dossier (its history serves all its events of the
 * batch), then as few transactions as fit (FigureStore.applyAll), each contribution once.
 * Answers how many counted now.
 */
export async function countBatch(deps: FigureDeps, batch: readonly Countable[]): Promise<number> {
  const byRef = new Map<string, Countable[]>();
  for (const x of batch) {
    const ref = 'event' in x ? x.event.dossierRef : x.notice.dossierRef;
    if ('event' in x && !countedEventTypes.has(x.event.type)) continue;
    if ('notice' in x && !x.notice.sentAt) continue;
    byRef.set(ref, [...(byRef.get(ref) ?? []), x]);
  }
  const lists = await inBatches([...byRef], 8, async ([ref, xs]) => {
    const found = await deps.store.getWithEvents(ref);
    if (!found) throw new Error(`dossier ${ref} not found`);
    const events = [...found.events].sort((a, b) => a.seq - b.seq);
    return xs.flatMap((x) => {
      if ('notice' in x) {
        const c = noticeContribution(found.dossier, x.notice);
        return c ? [{ ref: found.dossier.ref, contribution: c }] : [];
      }
      const i = events.findIndex((e) => e.seq === x.event.seq);
      if (i < 0) throw new Error(`event ${x.event.seq} of ${ref} not in its history yet`);
      const c = eventContribution(found.dossier, events, i, deps.calendar);
      return c ? [{ ref: found.dossier.ref, contribution: c }] : [];
    });
  });
  return deps.figures.applyAll(lists.flat());
}

export interface RecountResult {
  dossiers: number;
  contributions: number;
  /** Where the kept figures differ from the recount (empty: they agree). */
  differences: Difference[];
  /** Dossiers whose counted keys differ (a key counted that the history does not have, or missing). */
  appliedDiffer: string[];
  written: boolean;
}

/** Every contribution of every dossier's history, 16 dossiers at a time (one partition query each: events and notices). */
async function history(deps: FigureDeps): Promise<{ tally: Tally; dossiers: number; contributions: number }> {
  const all: { ref: string; contribution: Contribution }[] = [];
  let dossiers = 0;
  for await (const refs of deps.store.allRefs()) {
    const lists = await inBatches(refs, 16, async (ref) => {
      const found = await deps.store.getWithEvents(ref);
      return found ? historyContributions(found.dossier, found.events, found.notices, deps.calendar).map((contribution) => ({ ref, contribution })) : [];
    });
    dossiers += refs.length;
    for (const l of lists) all.push(...l);
  }
  return { tally: tally(all), dossiers, contributions: all.length };
}

/**
 * Rebuilds the figures from the history and compares them with what the stream kept; with
 * `write`, replaces the kept figures by the recount (README, "Recount": pause the consumer first).
 */
export async function recount(deps: FigureDeps, options: { write?: boolean } = {}): Promise<RecountResult> {
  const [counted, kept] = await Promise.all([history(deps), deps.figures.everything()]);
  const refs = new Set([...counted.tally.applied.keys(), ...kept.applied.keys()]);
  const same = (a = new Set<string>(), b = new Set<string>()) => a.size === b.size && [...a].every((k) => b.has(k));
  const appliedDiffer = [...refs].filter((r) => !same(counted.tally.applied.get(r), kept.applied.get(r))).sort();
  const diff = differences(kept, counted.tally);
  if (options.write) await deps.figures.replaceAll(counted.tally);
  return { dossiers: counted.dossiers, contributions: counted.contributions, differences: diff, appliedDiffer, written: !!options.write };
}

/** The first day figures can exist: the earliest rollout phase of the province (stocks are summed from it). */
export function figuresSince(province: Pick<Province, 'phases'>): string {
  return province.phases.map((p) => p.from).sort()[0] ?? '2018-01-01';
}

export interface FiguresAnswer {
  from: string;
  to: string;
  groupBy: readonly Grouping[];
  agency?: { id: string; name: string };
  rows: (ReportRow & { names: Partial<Record<Grouping, string>>; indicators: Indicator[] })[];
  total: ReportRow;
  /**
   * The Decision 766/QĐ-TTg indicators of the whole scope and period (docs/decision-766.md), with
   * the channel split and the ratings of the same scope; each row carries those it can give alone.
   */
  indicators: Indicator[];
  /** What each measure is, in Vietnamese, for a reader of the JSON. */
  labels: Record<string, string>;
}

/**
 * The report over a period (all agencies, or one): flows of whole months read from month cells
 * unless grouped by day, partial months from day cells; the stocks opened from every cell before
 * the period, back to `figuresSince`.
 */
export async function figuresReport(deps: { figures: FigureStore; province: Province; ratings?: RatingStore }, query: ReportQuery, scope: { agencyId?: string } = {}): Promise<FiguresAnswer> {
  const byDay = query.groupBy.includes('day');
  const months = monthsOf(query.from, query.to);
  const whole = byDay ? [] : months.filter((m) => query.from <= `${m}-01` && daysOf(`${m}-01`, query.to).filter((d) => d.startsWith(m)).length === monthLength(m));
  const partialDays = daysOf(query.from, query.to).filter((d) => !whole.includes(d.slice(0, 7)));
  const since = figuresSince(deps.province);
  const firstMonthDay = `${query.from.slice(0, 7)}-01`;
  const openingMonths = since < firstMonthDay ? monthsOf(since, dayBefore(firstMonthDay)) : [];
  const openingDays = query.from > firstMonthDay ? daysOf(firstMonthDay, dayBefore(query.from)) : [];
  const [monthCells, dayCells, openMonths, openDays] = await Promise.all([
    deps.figures.monthCells(whole, scope.agencyId),
    deps.figures.dayCells(partialDays, scope.agencyId),
    deps.figures.monthCells(openingMonths, scope.agencyId),
    deps.figures.dayCells(openingDays, scope.agencyId),
  ]);
  const cells: DayCell[] = [...monthCells.map((c) => ({ ...c, day: `${c.day}-01` })), ...dayCells];
  const opening = [...openMonths, ...openDays];
  const report = buildReport(query, cells, opening);
  // The whole scope's split by channel (same cells, grouped once more) and its ratings.
  const byChannel = receivedByChannel(buildReport({ ...query, groupBy: ['channel'] }, cells, opening).rows);
  const ratings = deps.ratings ? ratingTally(summarise(ratingCriteria(), await deps.ratings.rows({ agencyId: scope.agencyId }, query.from, query.to))) : undefined;
  const agency = scope.agencyId ? { id: scope.agencyId, name: deps.province.agencies.get(scope.agencyId)?.name ?? scope.agencyId } : undefined;
  return {
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    ...(agency ? { agency } : {}),
    rows: report.rows.map((r) => ({ ...r, names: namesOf(deps.province, r.group), indicators: indicators(r) })),
    total: report.total,
    indicators: indicators(report.total, { byChannel, ...(ratings ? { ratings } : {}) }),
    labels: { ...Object.fromEntries(Object.entries(measures).map(([k, v]) => [k, v.label])), settled: 'Đã giải quyết', onTimeRate: 'Tỷ lệ giải quyết đúng hạn', averageWorkingDays: 'Thời gian giải quyết trung bình (ngày làm việc)' },
  };
}

const monthLength = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).getUTCDate();

/** The names people read for a row's group (agency, unit, service point, procedure, channel). */
function namesOf(province: Province, group: Partial<Record<Grouping, string>>): Partial<Record<Grouping, string>> {
  const out: Partial<Record<Grouping, string>> = {};
  if (group.agencyId) out.agencyId = province.agencies.get(group.agencyId)?.name ?? group.agencyId;
  if (group.receivingUnitId) out.receivingUnitId = province.receivingUnits.get(group.receivingUnitId)?.name ?? group.receivingUnitId;
  if (group.servicePointId) out.servicePointId = group.servicePointId === '-' ? 'Không qua điểm phục vụ (trực tuyến)' : (province.servicePoints.get(group.servicePointId)?.name ?? group.servicePointId);
  if (group.procedureId) out.procedureId = province.procedures.get(group.procedureId)?.name ?? group.procedureId;
  if (group.channel) out.channel = channelLabels[group.channel as FigureChannel] ?? group.channel;
  return out;
}



/**
 * The answer of the figures routes: the report as JSON, or its rows as a CSV or XLSX file. The
 * scope is the caller's (an agency its own; the admin any agency or all). The period defaults to
 * this month so far.
 */
export async function figuresAnswer(deps: { figures: FigureStore; province: Province; ratings?: RatingStore; now: () => Date }, query: FiguresQuery, scope: { agencyId?: string | undefined }) {
  const groupBy = (query.groupBy ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  // No period asked: this month so far by the one clock (the answer's from and to name it).
  const month = monthSoFar(deps.now(), query.to);
  const q = checkReportQuery({ from: query.from ?? month.from, to: month.to, groupBy }, 'query.');
  if (scope.agencyId && !deps.province.agencies.has(scope.agencyId)) throw ValidationError.field('query.agencyId', `không có cơ quan ${quoteValue(scope.agencyId)}`);
  const answer = await figuresReport(deps, q, scope.agencyId ? { agencyId: scope.agencyId } : {});
  if (query.format === 'json') return { status: 200 as const, body: answer };
  const disposition = (ext: 'csv' | 'xlsx') => ({ 'content-disposition': `attachment; filename="${figuresFileName(answer, ext)}"` });
  if (query.format === 'csv') return { status: 200 as const, text: toCsv(figuresSheet(answer)), headers: { 'content-type': 'text/csv; charset=utf-8', ...disposition('csv') } };
  const bytes = await toXlsx([figuresSheet(answer), indicatorsSheet(answer)]);
  return { status: 200 as const, binary: Buffer.from(bytes), headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ...disposition('xlsx') } };
}
