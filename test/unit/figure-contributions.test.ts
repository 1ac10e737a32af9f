/**
 * What a dossier's history adds to the figures (shared/domain/figures/contributions.ts), read
 * through a report as the figures routes build it. The dates are in each test's name; nothing here
 * reads the clock.
 */
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import type { DossierEvent } from '../../shared/domain/dossier.ts';
import { historyContributions, type FigureDossier } from '../../shared/domain/figures/contributions.ts';
import { indicators } from '../../shared/domain/figures/indicators.ts';
import { tally } from '../../shared/domain/figures/recount.ts';
import { buildReport } from '../../shared/domain/figures/report.ts';

const calendar = vietnamCalendar();
const dossier: FigureDossier = { ref: 'HS-REF-1', procedureId: 'ltp-cap-phieu', agencyId: 'gl-stp', chainAgencies: ['gl-stp'], receivingUnitId: 'gl-ttphvhcc', channel: 'counter', servicePointId: 'bd-ia-grai', dueAt: '2026-12-11T10:30:00.000Z', pauses: [] };
let seq = 0;
const event = (type: string, at: string, data: Record<string, unknown> = {}): DossierEvent => ({ eventId: `e-${++seq}`, dossierRef: dossier.ref, seq, type, at: new Date(`${at}+07:00`).toISOString(), actor: 'clerk', data }) as DossierEvent;

describe('a receipt cancelled on a later day', () => {
  const history = [
    event('dossier.received', '2026-11-30T09:00:00'),
    event('payment.received', '2026-11-30T09:05:00', { receiptId: 'r1', amount: 200_000, method: 'online' }),
    event('payment.cancelled', '2026-12-01T10:00:00', { receiptId: 'r1', amount: 200_000 }),
  ];
  const cells = tally(historyContributions(dossier, history, [], calendar).map((contribution) => ({ ref: dossier.ref, contribution }))).days;

  it('issued Mon 30/11/2026, cancelled Tue 01/12/2026: takes itself off the day it was issued, so Tuesday counts no receipt below zero and its indicators compute', () => {
    const byDay = buildReport({ from: '2026-11-30', to: '2026-12-01', groupBy: ['day'] }, cells, []);
    const tuesday = byDay.rows.find((r) => r.group.day === '2026-12-01');
    expect(tuesday?.counts ?? { payments: 0, paymentsOnline: 0, feesCollected: 0 }).toMatchObject({ payments: 0, paymentsOnline: 0, feesCollected: 0 });
    const monday = byDay.rows.find((r) => r.group.day === '2026-11-30')!;
    expect(monday.counts).toMatchObject({ received: 1, payments: 0, paymentsOnline: 0, feesCollected: 0 });
    // A report of the Tuesday alone (the month of December so far): no negative count to refuse.
    const december = buildReport({ from: '2026-12-01', to: '2026-12-01', groupBy: [] }, cells, cells.filter((c) => c.day < '2026-12-01'));
    expect(december.total.counts).toMatchObject({ payments: 0, paymentsOnline: 0, feesCollected: 0, openOnTime: 1 });
    expect(indicators(december.total).find((i) => i.id === 'paid-online')).toMatchObject({ value: null, numerator: 0, denominator: 0 });
  });
});

describe('home pickups and their visits', () => {
  const pickup: FigureDossier = { ...dossier, ref: 'HS-REF-2', channel: 'home-pickup', servicePointId: undefined };
  const history = [
    event('postal.pickup-failed', '2026-12-07T10:00:00', { itemId: 'RR000000000VN', attempt: 1, reason: 'not-at-home' }),
    event('postal.pickup-failed', '2026-12-08T10:00:00', { itemId: 'RR000000000VN', attempt: 2, reason: 'documents-incomplete' }),
    event('postal.picked-up', '2026-12-09T10:00:00', { itemId: 'RR000000000VN' }),
  ].map((e) => ({ ...e, dossierRef: pickup.ref }));
  const cells = tally(historyContributions(pickup, history, [], calendar).map((contribution) => ({ ref: pickup.ref, contribution }))).days;

  it('two visits that collected nothing (Mon 07/12, Tue 08/12/2026), then the pickup (Wed 09/12): one pickup, three attempts, two failures, each on its day', () => {
    const week = buildReport({ from: '2026-12-07', to: '2026-12-11', groupBy: [] }, cells, []);
    expect(week.total.counts).toMatchObject({ pickups: 1, pickupAttempts: 3, pickupFailures: 2 });
    const byDay = buildReport({ from: '2026-12-07', to: '2026-12-09', groupBy: ['day'] }, cells, []);
    expect(byDay.rows.map((r) => [r.group.day, r.counts.pickupAttempts ?? 0, r.counts.pickupFailures ?? 0, r.counts.pickups ?? 0])).toEqual([
      ['2026-12-07', 1, 1, 0],
      ['2026-12-08', 1, 1, 0],
      ['2026-12-09', 1, 0, 1],
    ]);
  });
});
