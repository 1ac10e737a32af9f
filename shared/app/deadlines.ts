/**
 * The deadline watch, a sweep by the due-by-day index every 15 minutes (issue 14, item 1):
 * - the agency holding a dossier due today or on the next working day gets one `dossier.reminder`
 *   per due date (event `dossier.reminder-due`);
 * - a running dossier with at most 3 working hours left gets `dossier.overdue-warning` once per
 *   due date: the router tells the agency, the SMS scenario `overdue-warning` the citizen;
 * - a dossier not settled at its due time gets `dossier.overdue` once per due date: the agency is
 *   told, and the apology with a new appointment (form 04) is due from it.
 * The sweep writes events only; the router sends the messages. Late is derived from the due date
 * (shared/domain/deadline-watch.ts), never a status; an extension (new due date) starts afresh.
 */
import { randomUUID } from 'node:crypto';
import type { DossierStore } from '../aws/dossier-store.ts';
import { describeRemaining, nextWorkingDay, type Calendar } from '../domain/calendar.ts';
import { isLate, minutesLeft, runningStatuses, watchStep } from '../domain/deadline-watch.ts';
import { localIsoDate, stateOf, type Dossier, type DossierEvent, type EventType } from '../domain/dossier.ts';
import type { Extension } from '../domain/extensions.ts';
import { formFor } from '../domain/forms.ts';
import type { Province } from '../domain/province.ts';
import { inBatches } from '../domain/concurrency.ts';
import { smsDate, smsTime } from '../domain/sms/render.ts';

export interface DeadlineDeps {
  store: DossierStore;
  calendar: Calendar;
  now: () => Date;
}

/**
 * Calendar days before today whose due dates a sweep still marks late: a sweep that failed (or a
 * schedule paused) for up to a week is caught up by the next one.
 */
export const lateCatchUpDays = 7;

/**
 * Calendar days before today the escalation list reads (one index query each): a dossier late for
 * longer than about three months is no longer listed (README, "Deadline watch", on the bound).
 */
export const escalationWindowDays = 92;

const dayMs = 86_400_000;
/** Vietnam dates from `from` to `to` (ISO days), inclusive. */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += dayMs) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * dayMs).toISOString().slice(0, 10);

/**
 * Calendar days ahead the due-soon list reads (one index query each, as the escalation list):
 * three working days span at most a week with a weekend and a holiday in between.
 */
export const dueSoonDays = 7;
/** Working minutes left under which a dossier is due soon: three working days of 8 hours. */
export const dueSoonMinutes = 3 * 8 * 60;

/** "16:00 ngày 10/12/2026": a due time as people read it (Asia/Ho_Chi_Minh). */
const dueText = (dueAt: string) => `${smsTime(dueAt)} ngày ${smsDate(dueAt)}`;

interface Step {
  type: EventType;
  marker: string;
  data: (dossier: Dossier, now: Date) => Record<string, unknown>;
}

function steps(deps: DeadlineDeps, dossier: Dossier, now: Date, remindDays: ReadonlySet<string>): Step[] {
  const out: Step[] = [];
  const code = (d: Dossier) => d.code ?? d.ref;
  const left = (d: Dossier) => minutesLeft(now, d, deps.calendar) ?? 0;
  if (dossier.dueAt && remindDays.has(localIsoDate(new Date(dossier.dueAt))) && runningStatuses.includes(dossier.status) && left(dossier) >= 0)
    out.push({
      type: 'dossier.reminder-due',
      // One reminder per due date: an extension (new due date) earns a new one.
      marker: `REMINDER#${dossier.dueAt}`,
      data: (d) => ({ agencyId: d.agencyId, dueAt: d.dueAt, text: `Hồ sơ ${code(d)} ${describeRemaining(left(d), deps.calendar)} đến hạn trả kết quả` }),
    });
  const step = watchStep(now, dossier, deps.calendar);
  if (step === 'warn')
    out.push({
      type: 'dossier.overdue-warning',
      marker: `WARNING#${dossier.dueAt}`,
      data: (d) => ({ agencyId: d.agencyId, dueAt: d.dueAt, workingMinutesLeft: Math.floor(left(d)), text: `Cảnh báo: hồ sơ ${code(d)} ${describeRemaining(left(d), deps.calendar)} đến hạn trả kết quả (hạn ${dueText(d.dueAt!)})` }),
    });
  if (step === 'late')
    out.push({
      type: 'dossier.overdue',
      marker: `OVERDUE#${dossier.dueAt}`,
      data: (d) => {
        // The apology follows the regime in force on the receipt date (BRIEF corrections 4).
        const form = formFor('extension', new Date(d.receivedAt ?? d.dueAt!));
        return { agencyId: d.agencyId, dueAt: d.dueAt, apologyDue: true, form, text: `Hồ sơ ${code(d)} đã quá hạn trả kết quả (hạn ${dueText(d.dueAt!)}): cần ${form.title.toLowerCase()} (mẫu ${form.number}, ${form.regime})` };
      },
    });
  return out;
}

/** Runs the watch once at `deps.now()`: the codes reminded, warned and marked late by this run (each once per due date, however often it runs). */
export async function watchDeadlines(deps: DeadlineDeps): Promise<{ reminded: string[]; warned: string[]; late: string[] }> {
  const now = deps.now();
  const today = localIsoDate(now);
  const tomorrow = nextWorkingDay(today, deps.calendar);
  // Every calendar day up to the next working day: a calendar-day procedure can fall due on a Sunday.
  const remindDays = new Set(daysBetween(today, tomorrow));
  const result = { reminded: [] as string[], warned: [] as string[], late: [] as string[] };
  const bucket: Partial<Record<EventType, string[]>> = { 'dossier.reminder-due': result.reminded, 'dossier.overdue-warning': result.warned, 'dossier.overdue': result.late };
  for (const found of await unsettledDueOn(deps.store, daysBetween(daysBefore(today, lateCatchUpDays), tomorrow))) {
    let dossier: Dossier | undefined = found;
    for (const step of steps(deps, found, now, remindDays)) {
      if (!dossier) break;
      const event: DossierEvent = { eventId: randomUUID(), dossierRef: dossier.ref, seq: dossier.version + 1, type: step.type, at: now.toISOString(), actor: 'system', data: step.data(dossier, now) };
      const outcome = await deps.store.commit(dossier, stateOf(dossier), [event], { marker: step.marker });
      // Stale: the dossier changed meanwhile; the next run (15 minutes on) looks at it again.
      if (outcome !== 'committed') continue;
      bucket[step.type]!.push(dossier.code ?? dossier.ref);
      dossier = await deps.store.getDossier(dossier.ref);
    }
  }
  return result;
}

/** Statuses with no clock left to watch (or none yet). */
const settled = new Set(['result-ready', 'returned', 'refused', 'withdrawn', 'draft', 'new']);

/**
 * The dossiers due on `days` (the due-by-day index) that are not settled, read in full. Statuses
 * first, 100 a batch: most dossiers of past days are settled and need no full read.
 */
async function unsettledDueOn(store: DossierStore, days: readonly string[]): Promise<(Dossier & { dueAt: string })[]> {
  const refs = (await inBatches(days, 8, (day) => store.dueOn(day))).flat();
  const statuses = new Map<string, string>();
  for (let i = 0; i < refs.length; i += 100) for (const [ref, s] of await store.statusesOf(refs.slice(i, i + 100))) statuses.set(ref, s);
  const candidates = refs.filter((ref) => !settled.has(statuses.get(ref) ?? 'new'));
  return (await inBatches(candidates, 8, (ref) => store.getDossier(ref))).filter((d): d is Dossier & { dueAt: string } => !!d?.dueAt);
}

export interface EscalationEntry {
  code: string;
  procedureId: string;
  procedureName: string;
  status: Dossier['status'];
  dueAt: string;
  /** Working minutes past the due time (whole, rounded up) and as people read them. */
  lateWorkingMinutes: number;
  lateText: string;
  /**
   * Apologies with a new appointment (form 04, the `extend` decision) issued before this lateness.
   * None is for this one: an apology moves the due time ahead, and the dossier leaves the list
   * (the "a late dossier without one is listed"); a dossier late again after one shows 1.
   */
  earlierApologies: number;
  apologyText: string;
}

/**
 * What the inbox's lists (due soon, late, assigned) show of a dossier: its code (its reference
 * before reception), procedure, status and due time (absent for a procedure with no appointment
 * date: typed as the source has it).
 */
export function listed<D extends Pick<Dossier, 'ref' | 'code' | 'procedureId' | 'status' | 'dueAt'>>(province: Province, d: D) {
  const facts = { code: d.code ?? d.ref, procedureId: d.procedureId, procedureName: province.procedures.get(d.procedureId)?.name ?? d.procedureId, status: d.status };
  return { ...facts, ...(d.dueAt === undefined ? {} : { dueAt: d.dueAt }) } as typeof facts & Pick<D, 'dueAt'>;
}

/** What the lists say of a late dossier's apology: none for this lateness, and how many before it. */
function apologyFacts(earlier: number): Pick<EscalationEntry, 'earlierApologies' | 'apologyText'> {
  const text = 'chưa có văn bản xin lỗi, hẹn lại (mẫu 04)';
  return { earlierApologies: earlier, apologyText: earlier === 0 ? text : `${text}; đã gia hạn ${earlier} lần trước` };
}

export interface DueSoonEntry {
  code: string;
  procedureId: string;
  procedureName: string;
  status: Dossier['status'];
  dueAt: string;
  /** Working minutes left before the due time (whole, rounded down) and as people read them. */
  leftWorkingMinutes: number;
  leftText: string;
}

/**
 * An agency's running dossiers that fall due within three working days and are not late yet,
 * soonest first: what its officers should settle next (the late ones are its escalation list).
 * Read like the escalation list, by the due-by-day index over the next `dueSoonDays` days.
 */
export async function dueSoon(deps: DeadlineDeps & { province: Province }, agencyId: string): Promise<{ at: string; agencyId: string; agencyName: string; count: number; dossiers: DueSoonEntry[] }> {
  const now = deps.now();
  const today = localIsoDate(now);
  const days = daysBetween(today, daysBefore(today, -dueSoonDays));
  const dossiers = (await unsettledDueOn(deps.store, days))
    .map((d) => ({ d, left: minutesLeft(now, d, deps.calendar) }))
    .filter((x): x is { d: Dossier & { dueAt: string }; left: number } => x.d.agencyId === agencyId && x.left !== undefined && x.left > 0 && x.left <= dueSoonMinutes && !isLate(now, x.d, deps.calendar))
    .sort((a, b) => Date.parse(a.d.dueAt!) - Date.parse(b.d.dueAt!) || (a.d.code ?? '').localeCompare(b.d.code ?? ''))
    .map(({ d, left }) => ({
      ...listed(deps.province, d),
      leftWorkingMinutes: Math.floor(left + 1e-9),
      leftText: describeRemaining(left, deps.calendar),
    }));
  return { at: now.toISOString(), agencyId, agencyName: deps.province.agencies.get(agencyId)?.name ?? agencyId, count: dossiers.length, dossiers };
}

export interface Escalations {
  at: string;
  /** The first due day read: older late dossiers are not listed (`escalationWindowDays`). */
  since: string;
  agencies: { agencyId: string; agencyName: string; count: number; dossiers: EscalationEntry[] }[];
}

/**
 * The late dossiers per agency (optionally one agency), oldest due first, agencies by their oldest
 * late dossier: read by the due-by-day index over the last `escalationWindowDays` days.
 */
export async function escalations(deps: DeadlineDeps & { province: Province }, filter: { agencyId?: string } = {}): Promise<Escalations> {
  const now = deps.now();
  const today = localIsoDate(now);
  const since = daysBefore(today, escalationWindowDays);
  const dossiers = (await unsettledDueOn(deps.store, daysBetween(since, today))).filter((d) => (!filter.agencyId || d.agencyId === filter.agencyId) && isLate(now, d, deps.calendar));
  const byAgency = new Map<string, EscalationEntry[]>();
  for (const d of dossiers.sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!) || (a.code ?? '').localeCompare(b.code ?? ''))) {
    const late = -(minutesLeft(now, d, deps.calendar) ?? 0);
    const entry: EscalationEntry = {
      ...listed(deps.province, d),
      lateWorkingMinutes: Math.ceil(late - 1e-9),
      lateText: describeRemaining(-late, deps.calendar),
      ...apologyFacts(((d as { extensions?: Extension[] }).extensions ?? []).length),
    };
    byAgency.set(d.agencyId, [...(byAgency.get(d.agencyId) ?? []), entry]);
  }
  const agencies = [...byAgency].map(([agencyId, list]) => ({ agencyId, agencyName: deps.province.agencies.get(agencyId)?.name ?? agencyId, count: list.length, dossiers: list }));
  return { at: now.toISOString(), since, agencies };
}
