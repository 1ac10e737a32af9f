/**
 * The deadline watch (issue 14, item 1): when a running dossier is warned (3 working hours before
 * its due time) and when a dossier not settled is late (at its due time). Late is derived from the
 * due date at a given instant, never a stored status (BRIEF 3). Pure: the instant is passed in.
 */
import { nextWorkingMoment, remaining, workingTimeBetween, type Calendar } from './calendar.ts';
import { isTerminal, type Status } from './state-machine.ts';

/** Working minutes before the due time at which the agency and the citizen are warned (issue 14). */
export const warningLeadMinutes = 180;

/** Statuses in which an agency holds the dossier and the clock runs: the ones warned. */
export const runningStatuses: readonly Status[] = ['routed', 'processing', 'awaiting-coordination'];

/** What the watch reads of a dossier. */
export interface WatchedDossier {
  status: Status;
  dueAt?: string;
  pauses?: readonly { from: string; to?: string; reason: string }[];
}

/**
 * Working minutes left at `now` (negative once late), as tracking shows them (shared/app/views.ts):
 * undefined when no clock runs any more (no due date, a terminal status, or the result ready).
 * Closed pauses are already in `dueAt`; an open one freezes the clock.
 */
export function minutesLeft(now: Date, dossier: WatchedDossier, calendar: Calendar): number | undefined {
  if (!dossier.dueAt || isTerminal(dossier.status) || dossier.status === 'result-ready') return undefined;
  const open = (dossier.pauses ?? []).filter((p) => !p.to).map((p) => ({ from: new Date(p.from), reason: p.reason }));
  return remaining(now, new Date(dossier.dueAt), calendar, open);
}

export type WatchStep = 'warn' | 'late' | 'none';

/**
 * What the watch owes a dossier at `now`: `late` once its due time has passed unsettled, `warn`
 * while it runs with at most 3 working hours left, from the first working moment with that much
 * left (a break in which exactly 3 hours are left warns when work resumes: nobody reads it over
 * lunch), else `none`. A dossier first seen already late is not warned any more. Each step is
 * sent once per due date by the caller.
 */
export function watchStep(now: Date, dossier: WatchedDossier, calendar: Calendar): WatchStep {
  const left = minutesLeft(now, dossier, calendar);
  if (left === undefined) return 'none';
  if (left < 0 || (left === 0 && now.getTime() >= Date.parse(dossier.dueAt!))) return 'late';
  if (!runningStatuses.includes(dossier.status)) return 'none';
  const working = nextWorkingMoment(now, calendar).getTime() === now.getTime();
  return left < warningLeadMinutes || (left === warningLeadMinutes && working) ? 'warn' : 'none';
}

/** Whether a dossier is late at `now`: its due time has passed and it is not settled. */
export function isLate(now: Date, dossier: WatchedDossier, calendar: Calendar): boolean {
  return watchStep(now, dossier, calendar) === 'late';
}

/**
 * The first working moment at which a dossier due at `due` has at most 3 working hours left, so
 * when a sweep warns it. Lunch, nights and days off do not count: with office hours 07:30–11:30
 * and 13:30–17:30, a dossier due at 16:00 is warned at 11:00 the same day; with 08:00–12:00 and
 * 13:00–17:00, at 13:00 (3 hours are left from 12:00, but work resumes at 13:00). Found by
 * bisection on `workingTimeBetween` (the calendar only counts forwards), to the millisecond.
 */
export function warningAt(due: Date, calendar: Calendar, lead = warningLeadMinutes): Date {
  const end = due.getTime();
  const left = (t: number) => workingTimeBetween(new Date(t), due, calendar);
  // Far enough back to hold the lead: a week at a time, bounded (Tết is the longest break).
  let lo = end;
  for (let i = 0; i < 8 && left(lo) <= lead; i++) lo -= 7 * 86_400_000;
  if (left(lo) <= lead) return nextWorkingMoment(new Date(lo), calendar);
  let hi = end; // left(hi) ≤ lead < left(lo)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (left(mid) <= lead) hi = mid;
    else lo = mid;
  }
  return nextWorkingMoment(new Date(hi), calendar);
}
