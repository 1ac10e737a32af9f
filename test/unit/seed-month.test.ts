/**
 * The seeded month (infra/local/seed/month.ts): deterministic, legal by the state machine, inside
 * office hours, and mixing every case the figures count. Runs on May 2026 (01/05 is Labour Day,
 * 04/05 a working Monday): the month is in each test's describe name; nothing reads the clock.
 */
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { isWorkingDay, workingTimeBetween } from '../../shared/domain/calendar.ts';
import { localIsoDate, type DossierEvent } from '../../shared/domain/dossier.ts';
import { province } from '../../shared/province/index.ts';
import { actions, initialState, transition, type Action } from '../../shared/domain/state-machine.ts';
import { generateMonth, type GeneratedDossier } from '../../infra/local/seed/month.ts';

const calendar = vietnamCalendar();
const gialai = province();
const month = (seed: number, dossiers = 300) => generateMonth({ seed, month: '2026-05', dossiers, province: gialai, calendar });
const actionOf = new Map(Object.entries(actions).map(([a, spec]) => [spec.event as string, a as Action]));

/** Replays a history's transitions from a draft; the events that are not transitions (records) are skipped. */
function replay(g: GeneratedDossier) {
  let state = initialState(g.dossier.chainAgencies.length);
  for (const e of g.events) {
    const action = actionOf.get(e.type);
    if (!action) continue;
    const { next, event } = transition(state, { type: action, actor: { role: e.actor } });
    expect([event.from, event.to]).toEqual([e.data.from, e.data.to]);
    state = next;
  }
  return state;
}

const minute = 60_000;
/** In office hours of a working day, their ends included (a due time at 17:30 is the closing instant). */
const inOffice = (t: Date) => isWorkingDay(t, calendar) && (workingTimeBetween(new Date(t.getTime() - minute), t, calendar) > 0 || workingTimeBetween(t, new Date(t.getTime() + minute), calendar) > 0);

const timing = (g: GeneratedDossier, settled: DossierEvent) => {
  const d = g.dossier;
  const overdueBefore = g.events.some((e) => e.type === 'dossier.overdue' && e.seq < settled.seq);
  if (!d.dueAt) return 'on-time';
  if (overdueBefore || (d.extensions?.length ?? 0) > 0 || settled.at > d.dueAt) return 'late';
  return localIsoDate(new Date(settled.at)) < localIsoDate(new Date(d.dueAt)) ? 'early' : 'on-time';
};

describe('the seeded month of May 2026', () => {
  it('gives byte-identical output for the same seed, and another month for another seed', () => {
    expect(JSON.stringify(month(2026, 120))).toBe(JSON.stringify(month(2026, 120)));
    expect(JSON.stringify(month(2027, 120))).not.toBe(JSON.stringify(month(2026, 120)));
  });

  it.each([2026, 7, 42])('seed %i: every history replays through the state machine to the dossier’s status, its version counts its events', (seed) => {
    for (const g of month(seed).dossiers) {
      const state = replay(g);
      expect(state.status, g.dossier.ref).toBe(g.dossier.status);
      expect(state.postal).toBe(g.dossier.postal);
      expect(g.dossier.version).toBe(g.events.length);
      expect(g.events.map((e) => e.seq)).toEqual(g.events.map((_, i) => i + 1));
    }
  });

  it.each([2026, 7, 42])('seed %i: every instant lies in office hours of a working day of May 2026, in order per dossier', (seed) => {
    for (const g of month(seed).dossiers) {
      const instants = g.events.map((e) => e.at);
      expect([...instants].sort()).toEqual(instants);
      for (const at of [...instants, ...g.notices.map((n) => n.sentAt!)]) {
        expect(localIsoDate(new Date(at)).slice(0, 7), at).toBe('2026-05');
        expect(inOffice(new Date(at)), `${g.dossier.ref} ${at}`).toBe(true);
      }
    }
  });

  it.each([2026, 7, 42])('seed %i: mixes every case the figures count', (seed) => {
    const all = month(seed).dossiers;
    const has = (p: (g: GeneratedDossier) => boolean) => all.filter(p).length;
    const ev = (g: GeneratedDossier, type: string) => g.events.filter((e) => e.type === type);
    const settled = all.flatMap((g) => ev(g, 'dossier.completed').filter((e) => e.data.to === 'result-ready').map((e) => timing(g, e)));
    const open = all.filter((g) => g.dossier.receivedAt && ['received', 'routed', 'processing', 'supplement-requested', 'withdrawal-requested'].includes(g.dossier.status));
    const mix = {
      online: has((g) => g.dossier.channel === 'online'),
      counterDesk: has((g) => g.dossier.channel === 'counter' && !g.dossier.carriage),
      carried: has((g) => !!g.dossier.carriage?.arrivedAt),
      homePickup: has((g) => g.dossier.channel === 'home-pickup' && ev(g, 'postal.picked-up').length > 0),
      onlineAccepted: has((g) => g.dossier.channel === 'online' && ev(g, 'dossier.received').length > 0),
      refusedAtReception: has((g) => ev(g, 'dossier.refused').some((e) => e.data.from === 'new')),
      refusedByAgency: has((g) => ev(g, 'dossier.refused').some((e) => e.data.from === 'routed')),
      supplementPaused: has((g) => ev(g, 'dossier.supplemented').length > 0 && (g.dossier.pauses ?? []).some((p) => p.to)),
      extended: has((g) => ev(g, 'dossier.extended').some((e) => e.data.previousDueAt && e.data.newDueAt) && (g.dossier.extensions?.length ?? 0) > 0),
      early: settled.filter((s) => s === 'early').length,
      onTime: settled.filter((s) => s === 'on-time').length,
      late: settled.filter((s) => s === 'late').length,
      overdueMarked: has((g) => ev(g, 'dossier.overdue').some((e) => e.at === e.data.dueAt && e.data.apologyDue === true)),
      openAtMonthEnd: open.length,
      openOverdue: open.filter((g) => ev(g, 'dossier.overdue').length > 0).length,
      withdrawn: has((g) => ev(g, 'dossier.withdrawn').length > 0),
      returnedAtCounter: has((g) => ev(g, 'dossier.returned').length > 0),
      outForDelivery: has((g) => ev(g, 'postal.out-for-delivery').length > 0),
      deliveryFailed: has((g) => ev(g, 'postal.delivery-failed').length > 0),
      delivered: has((g) => ev(g, 'postal.delivered').length > 0),
      paidCash: has((g) => ev(g, 'payment.received').some((e) => e.data.method === 'cash' && Number.isInteger(e.data.amount))),
      paidOnline: has((g) => ev(g, 'payment.received').some((e) => e.data.method === 'online')),
      cancelled: has((g) => ev(g, 'payment.cancelled').every((c) => ev(g, 'payment.received').some((r) => r.data.receiptId === c.data.receiptId && r.data.amount === c.data.amount)) && ev(g, 'payment.cancelled').length > 0),
      sms: all.flatMap((g) => g.notices).filter((n) => n.sentAt && n.segments >= 1 && n.segments <= 3).length,
      sms3: all.flatMap((g) => g.notices).filter((n) => n.segments === 3).length,
    };
    for (const [k, v] of Object.entries(mix)) expect(v, `${k} for seed ${seed}`).toBeGreaterThan(0);
  });

  it('codes follow the reception order, a daily sequence per receiving unit (seed 2026)', () => {
    const codes = month(2026).dossiers.filter((g) => g.dossier.code).map((g) => g.dossier.code!);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /-2605\d\d-\d{4}$/.test(c))).toBe(true);
  });
});
