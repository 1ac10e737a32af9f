/**
 * What each event of a dossier's history adds to the figures (issue 14, item 2). Pure: a fold of
 * the history, so the stream consumer (one event as it arrives) and the recount (every event of
 * every dossier) compute the same numbers by construction. An event's contribution depends only on
 * the events before it and on what a dossier never changes after creation (its dimensions) or
 * after its result (due date, extensions, pauses), so it is the same whenever it is computed.
 *
 * House rules (no public source found for the national portal's counting; README "Figures"):
 * - a dossier is in progress from its reception until its result, a refusal or a withdrawal; a
 *   stop (status 8) keeps it in progress, its clock frozen;
 * - it is overdue from the deadline watch's `dossier.overdue` (at most one sweep after its due
 *   time); once overdue it stays so, an apology with a new date (form 04) does not make it on time;
 * - settled late: after its due time, or overdue before, or extended (an extension is the agency's
 *   admission that the first appointment is missed); early: on a day before the due day; else on time;
 * - a procedure with no appointment date settles on time.
 */
import { workingTimeBetween, type Calendar } from '../calendar.ts';
import { localIsoDate, type Dossier, type DossierEvent } from '../dossier.ts';
import type { SmsNotice } from '../sms/notice.ts';
import type { Counts, FigureChannel, FigureDims } from './measures.ts';

/** What the figures read of a dossier. */
export type FigureDossier = Pick<Dossier, 'ref' | 'procedureId' | 'agencyId' | 'chainAgencies' | 'receivingUnitId' | 'channel' | 'dueAt' | 'pauses'> &
  Partial<Pick<Dossier, 'servicePointId' | 'carriage'>> & { extensions?: readonly unknown[] };

/** One addition to one cell on one day. `key` makes it count once: `e<seq>` for an event, `s<id>` for an SMS. */
export interface Contribution {
  key: string;
  day: string;
  dims: FigureDims;
  counts: Counts;
}

/**
 * The cell of a dossier, from what is fixed when it is created: the competent agency (the first
 * of a chain: the chain's steps count for it), the receiving unit, the service point it was
 * handed in at (`-` online) and the channel: `counter` at a one-stop desk, `postal` through the
 * public postal service (home pickup, or carried from a post-office point without a desk:
 * Decision 45/2016/QĐ-TTg), `online`.
 */
export function dimsOf(d: FigureDossier): FigureDims {
  const channel: FigureChannel = d.channel === 'home-pickup' || d.carriage ? 'postal' : d.channel === 'counter' ? 'counter' : 'online';
  return {
    agencyId: d.chainAgencies?.[0] ?? d.agencyId,
    receivingUnitId: d.receivingUnitId,
    servicePointId: d.servicePointId ?? d.carriage?.servicePointId ?? '-',
    procedureId: d.procedureId,
    channel,
  };
}

const closing = (e: DossierEvent) => (e.type === 'dossier.completed' && e.data.to === 'result-ready') || e.type === 'dossier.refused' || e.type === 'dossier.withdrawn';

/** Where a dossier stood just before `events[i]`: received, still in progress, counted overdue. */
function standing(events: readonly DossierEvent[], i: number) {
  let received: DossierEvent | undefined;
  let open = false;
  let overdue = false;
  for (let j = 0; j < i; j++) {
    const e = events[j]!;
    if (e.type === 'dossier.received') {
      received = e;
      open = true;
    } else if (open && e.type === 'dossier.overdue') overdue = true;
    else if (open && closing(e)) open = false;
  }
  return { received, open, overdue };
}

/** The stock move of a dossier leaving "in progress". */
const leave = (overdue: boolean): Counts => (overdue ? { openOverdue: -1 } : { openOnTime: -1 });

function settlement(d: FigureDossier, e: DossierEvent, received: DossierEvent, overdue: boolean, calendar: Calendar): Counts {
  const at = new Date(e.at);
  const pauses = (d.pauses ?? []).filter((p) => p.to && p.to <= e.at).map((p) => ({ from: new Date(p.from), to: new Date(p.to!), reason: p.reason }));
  const minutes = Math.max(0, Math.round(workingTimeBetween(new Date(received.at), at, calendar, pauses)));
  const late = !!d.dueAt && (overdue || (d.extensions?.length ?? 0) > 0 || at.getTime() > Date.parse(d.dueAt));
  const early = !!d.dueAt && !late && localIsoDate(at) < localIsoDate(new Date(d.dueAt));
  return { [late ? 'settledLate' : early ? 'settledEarly' : 'settledOnTime']: 1, settledWorkingMinutes: minutes, ...leave(overdue) };
}

const amount = (e: DossierEvent) => (typeof e.data.amount === 'number' && Number.isInteger(e.data.amount) ? e.data.amount : 0);

/** What an event of a type adds, given where the dossier stood before it (undefined: nothing). */
type Rule = (x: { d: FigureDossier; e: DossierEvent; events: readonly DossierEvent[]; i: number; before: ReturnType<typeof standing>; calendar: Calendar }) => { counts: Counts; day?: string } | undefined;

const rules: Record<string, Rule> = {
  'dossier.received': () => ({ counts: { received: 1, openOnTime: 1 } }),
  'dossier.completed': ({ d, e, before, calendar }) =>
    e.data.to === 'result-ready' && before.received && before.open ? { counts: settlement(d, e, before.received, before.overdue, calendar) } : undefined,
  'dossier.refused': ({ before }) => ({ counts: { refused: 1, ...(before.open ? leave(before.overdue) : {}) } }),
  'dossier.withdrawn': ({ before }) => ({ counts: { withdrawn: 1, ...(before.open ? leave(before.overdue) : {}) } }),
  // Late from its due time, whatever sweep saw it (a sweep catches up missed days).
  'dossier.overdue': ({ e, before }) =>
    before.open && !before.overdue ? { counts: { openOnTime: -1, openOverdue: 1 }, ...(typeof e.data.dueAt === 'string' ? { day: localIsoDate(new Date(e.data.dueAt)) } : {}) } : undefined,
  'dossier.supplement-requested': () => ({ counts: { supplementRequested: 1 } }),
  'dossier.returned': () => ({ counts: { returned: 1 } }),
  // Delivering the result is returning it (the state machine's `deliver`).
  'postal.delivered': () => ({ counts: { returned: 1, deliveries: 1, deliveryAttempts: 1 } }),
  'postal.delivery-failed': () => ({ counts: { deliveryAttempts: 1, deliveryFailures: 1 } }),
  'postal.picked-up': () => ({ counts: { pickups: 1, pickupAttempts: 1 } }),
  'postal.pickup-failed': () => ({ counts: { pickupAttempts: 1, pickupFailures: 1 } }),
  'payment.received': ({ e }) => ({ counts: { payments: 1, feesCollected: amount(e), ...(e.data.method === 'online' ? { paymentsOnline: 1 } : {}) } }),
  // The receipt stays (with its reason) but its money is not collected: it takes itself off the
  // day it was issued, whenever it is cancelled (as the agencies' reconciliation books it:
  // shared/domain/money/reconciliation.ts), so no day or period counts fewer than zero receipts.
  'payment.cancelled': ({ e, events, i }) => {
    const issued = events.slice(0, i).find((x) => x.type === 'payment.received' && x.data.receiptId === e.data.receiptId);
    return { counts: { payments: -1, feesCollected: -amount(e), ...(issued?.data.method === 'online' ? { paymentsOnline: -1 } : {}) }, ...(issued ? { day: localIsoDate(new Date(issued.at)) } : {}) };
  },
  'payment.refunded': ({ e }) => ({ counts: { feesRefunded: amount(e) } }),
};

/** The event types that can count for something (the stream consumer reads nothing for the others). */
export const countedEventTypes: ReadonlySet<string> = new Set(Object.keys(rules));

/**
 * What `events[i]` adds (events in `seq` order, complete up to `i`), or undefined when it counts
 * for nothing. `d` is the dossier as stored now (only its fixed parts are read).
 */
export function eventContribution(d: FigureDossier, events: readonly DossierEvent[], i: number, calendar: Calendar): Contribution | undefined {
  const e = events[i]!;
  const rule = rules[e.type];
  const found = rule?.({ d, e, events, i, before: standing(events, i), calendar });
  return found ? { key: `e${e.seq}`, day: found.day ?? localIsoDate(new Date(e.at)), dims: dimsOf(d), counts: found.counts } : undefined;
}

/** What an SMS notice adds once a provider took it (`sentAt`): one message and its segments, on the day sent. */
export function noticeContribution(d: FigureDossier, notice: Pick<SmsNotice, 'id' | 'sentAt' | 'segments'>): Contribution | undefined {
  if (!notice.sentAt) return undefined;
  return { key: `s${notice.id}`, day: localIsoDate(new Date(notice.sentAt)), dims: dimsOf(d), counts: { smsSent: 1, smsSegments: notice.segments } };
}

/** Every contribution of a dossier's history (the recount's unit). */
export function historyContributions(d: FigureDossier, events: readonly DossierEvent[], notices: readonly Pick<SmsNotice, 'id' | 'sentAt' | 'segments'>[], calendar: Calendar): Contribution[] {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const out: Contribution[] = [];
  sorted.forEach((_, i) => {
    const c = eventContribution(d, sorted, i, calendar);
    if (c) out.push(c);
  });
  for (const n of notices) {
    const c = noticeContribution(d, n);
    if (c) out.push(c);
  }
  return out;
}
