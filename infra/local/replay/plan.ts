/**
 * The replay's plan: which dossiers the replayed days bring, each one's journey (procedure,
 * applicant's unit, channel, outcome, delivery, payment), and what the end must show (its final
 * state, the agency messages it makes). Everything comes from the province data the cloud runs
 * (`province()` of its dataset): the live units of each day (rollout phases), the agencies
 * competent for each procedure there (chains included), the receiving units and their desks.
 * Pure and seeded (../seeded.ts): a seed and a dataset repeat the same days exactly.
 */
import { agencyLive, chainFor, communesAt, isLive, type Province } from '../../../shared/domain/province.ts';
import { postOfficeFor } from '../../../shared/domain/postal/shipment.ts';
import { receivingUnitFor, servicePointLive } from '../../../shared/domain/rollout.ts';
import { seeded } from '../seeded.ts';

export type Channel = 'online' | 'counter' | 'home-pickup';
export type Delivery = 'post' | 'counter';
/**
 * How the dossier ends: `completed` (the result returned, at the counter with a handover or by
 * post after a failed first attempt), `supplemented` (the agency asks once, the citizen or the
 * clerk answers, then completed), `refused-at-reception` (online: the officer refuses, form 03),
 * `refused-by-agency` (the agency refuses it before taking it up), `withdrawn` (the citizen
 * withdraws it at the counter while the agency works on it).
 */
export type Outcome = 'completed' | 'supplemented' | 'refused-at-reception' | 'refused-by-agency' | 'withdrawn';
/** Fees: cash at the counter, online through the payment gateway, or none asked of the journey. */
export type Payment = 'cash' | 'online' | 'none';

export const outcomes: readonly Outcome[] = ['completed', 'supplemented', 'refused-at-reception', 'refused-by-agency', 'withdrawn'];
export const channels: readonly Channel[] = ['online', 'counter', 'home-pickup'];

export interface ExpectedMessage {
  agencyId: string;
  type: 'dossier.assigned' | 'dossier.supplemented' | 'dossier.withdrawn';
}

export interface PlannedDossier {
  /** 0-based over the whole run. */
  index: number;
  day: number;
  date: string;
  procedureId: string;
  /** The applicant's commune (live that day). */
  unitId: string;
  /** The agencies that handle it in turn, the competent one first. */
  agencies: string[];
  receivingUnitId: string;
  /** Where the clerk sits: the desk of counter intake, else a desk of the receiving unit (its officer, its scans, the handover). */
  deskId: string;
  channel: Channel;
  outcome: Outcome;
  delivery: Delivery;
  payment: Payment;
  /** What the agencies' queues must receive for it, in order. */
  expectedMessages: ExpectedMessage[];
  expectedStatus: 'returned' | 'refused' | 'withdrawn';
}

/** One place a dossier can be lodged on a day: a procedure for a resident of a live unit, with who handles it. */
export interface Candidate {
  procedureId: string;
  unitId: string;
  agencies: string[];
  receivingUnitId: string;
  /** The receiving unit's live desk (online officers, pickup scans); undefined when it has none. */
  officerDesk: string | undefined;
  /** Live one-stop desks a resident can walk into for it. */
  counterDesks: string[];
  pickup: boolean;
  post: boolean;
}

/** Outcome shares (a house guess, not measured): most complete, some supplements, few refusals and withdrawals. */
const outcomeWeights: [Outcome, number][] = [
  ['completed', 0.64],
  ['supplemented', 0.16],
  ['refused-at-reception', 0.06],
  ['refused-by-agency', 0.08],
  ['withdrawn', 0.06],
];
/** Channel shares (a house guess): most online, then counter, few pickups. */
const channelWeights: [Channel, number][] = [
  ['online', 0.6],
  ['counter', 0.3],
  ['home-pickup', 0.1],
];

/** Every place a dossier can be lodged on `date`, from the province data. */
export function candidates(province: Province, date: string): Candidate[] {
  const live = communesAt(province, date).filter((u) => isLive(province, u.id, date));
  const desks = [...province.servicePoints.values()].filter((p) => p.receivingUnit !== undefined && servicePointLive(province, p, date));
  const out: Candidate[] = [];
  for (const procedure of province.procedures.values()) {
    for (const unit of live) {
      const chain = chainFor(province, procedure, unit.id, date);
      if (!chain || !chain.every((a) => agencyLive(province, a.id, date))) continue;
      const ru = receivingUnitFor(province, procedure, unit.id, date);
      if (!ru) continue;
      const officerDesk = desks.find((d) => d.receivingUnit === ru.id)?.id;
      const office = postOfficeFor(province, unit.id, date);
      out.push({
        procedureId: procedure.id,
        unitId: unit.id,
        agencies: chain.map((a) => a.id),
        receivingUnitId: ru.id,
        officerDesk,
        // A one-stop desk receives any procedure of the province (Decree 118/2025); its own section's desks first.
        counterDesks: [...desks.filter((d) => d.receivingUnit === ru.id), ...desks.filter((d) => d.receivingUnit !== ru.id)].map((d) => d.id),
        pickup: procedure.postal.pickup && office !== undefined && officerDesk !== undefined,
        post: procedure.postal.delivery && office !== undefined,
      });
    }
  }
  return out;
}

/** Whether a channel can take an outcome (reception refusal is the online officer's check). */
const fits = (c: Candidate, channel: Channel, outcome: Outcome) =>
  (channel === 'online' ? c.officerDesk !== undefined : channel === 'counter' ? c.counterDesks.length > 0 : c.pickup) &&
  (outcome !== 'refused-at-reception' || channel === 'online');

/**
 * The plan of `total` dossiers spread over `dates` (one entry per replayed working day), from
 * `seed`. The first dossiers take every channel × outcome once (and both deliveries), then every
 * agency and every live unit not yet drawn, then the weighted mix.
 */
export function planReplay(province: Province, opts: { total: number; dates: string[]; seed: number }): PlannedDossier[] {
  const random = seeded(opts.seed);
  const byDate = new Map(opts.dates.map((d) => [d, candidates(province, d)]));
  const kinds: { channel: Channel; outcome: Outcome; delivery?: Delivery }[] = [];
  for (const channel of channels) for (const outcome of outcomes) if (outcome !== 'refused-at-reception' || channel === 'online') kinds.push({ channel, outcome });
  kinds.push({ channel: 'online', outcome: 'completed', delivery: 'counter' }, { channel: 'counter', outcome: 'completed', delivery: 'post' });
  const agenciesSeen = new Set<string>();
  const unitsSeen = new Set<string>();
  const out: PlannedDossier[] = [];
  for (let index = 0; index < opts.total; index++) {
    const day = Math.min(opts.dates.length - 1, Math.floor((index * opts.dates.length) / opts.total));
    const date = opts.dates[day]!;
    const all = byDate.get(date)!;
    if (all.length === 0) throw new Error(`no procedure can be lodged on ${date} in ${province.id}`);
    const kind = kinds.shift();
    let channel = kind?.channel ?? weighted(random, channelWeights);
    const outcome = kind?.outcome ?? weighted(random, outcomeWeights);
    // Coverage first: an agency not drawn yet, else a unit not drawn yet, else any.
    const missingAgency = all.filter((c) => c.agencies.some((a) => !agenciesSeen.has(a)));
    const missingUnit = all.filter((c) => !unitsSeen.has(c.unitId));
    // A drawn (not forced) channel gives way to one that reaches what is missing: in a province
    // whose sections have no post-office desk, only a desk's counter reaches their agencies.
    if (!kind)
      for (const missing of [missingAgency, missingUnit]) {
        if (missing.length === 0 || missing.some((c) => fits(c, channel, outcome))) break;
        const other = channels.find((ch) => missing.some((c) => fits(c, ch, outcome)));
        if (other) channel = other;
        break;
      }
    const pool = [missingAgency, missingUnit, all].find((p) => p.some((c) => fits(c, channel, outcome))) ?? [];
    let usable = pool.filter((c) => fits(c, channel, outcome));
    if (usable.length === 0) {
      // The draw's channel cannot be served anywhere that day: online is (a receiving unit with a desk).
      channel = 'online';
      usable = all.filter((c) => fits(c, channel, outcome));
      if (usable.length === 0) throw new Error(`no ${channel} dossier can be lodged on ${date} in ${province.id}`);
    }
    const c = usable[Math.floor(random() * usable.length)]!;
    c.agencies.forEach((a) => agenciesSeen.add(a));
    unitsSeen.add(c.unitId);
    const deskId = channel === 'counter' ? c.counterDesks[Math.floor(random() * Math.min(2, c.counterDesks.length))]! : c.officerDesk!;
    const delivery: Delivery = kind?.delivery ?? (channel === 'home-pickup' && c.post ? 'post' : c.post && random() < 0.5 ? 'post' : 'counter');
    const payment: Payment = channel === 'counter' ? 'cash' : random() < 0.5 ? 'online' : delivery === 'counter' ? 'cash' : 'none';
    out.push({
      index,
      day,
      date,
      procedureId: c.procedureId,
      unitId: c.unitId,
      agencies: c.agencies,
      receivingUnitId: c.receivingUnitId,
      deskId,
      channel,
      outcome,
      delivery: delivery === 'post' && !c.post ? 'counter' : delivery,
      payment,
      expectedMessages: expectedMessages(c.agencies, outcome),
      expectedStatus: outcome === 'refused-at-reception' || outcome === 'refused-by-agency' ? 'refused' : outcome === 'withdrawn' ? 'withdrawn' : 'returned',
    });
  }
  return out;
}

/** What each agency's queue must see: every step's assignment, a supplement at the first, a withdrawal told to the one holding it. */
function expectedMessages(agencies: string[], outcome: Outcome): ExpectedMessage[] {
  const [first] = agencies as [string, ...string[]];
  switch (outcome) {
    case 'refused-at-reception':
      return [];
    case 'refused-by-agency':
      return [{ agencyId: first, type: 'dossier.assigned' }];
    case 'withdrawn':
      return [
        { agencyId: first, type: 'dossier.assigned' },
        { agencyId: first, type: 'dossier.withdrawn' },
      ];
    case 'supplemented':
      return [{ agencyId: first, type: 'dossier.assigned' }, { agencyId: first, type: 'dossier.supplemented' }, ...agencies.slice(1).map((agencyId) => ({ agencyId, type: 'dossier.assigned' as const }))];
    case 'completed':
      return agencies.map((agencyId) => ({ agencyId, type: 'dossier.assigned' as const }));
  }
}

function weighted<T>(random: () => number, weights: [T, number][]): T {
  let r = random();
  for (const [v, w] of weights) {
    if (r < w) return v;
    r -= w;
  }
  return weights[0]![0];
}

/** How much of the province a plan touches: live units, agencies with procedures, channels × outcomes. */
export function coverage(province: Province, plan: PlannedDossier[]): { units: [number, number]; agencies: [number, number]; kinds: number } {
  const dates = [...new Set(plan.map((p) => p.date))];
  const all = dates.flatMap((d) => candidates(province, d));
  const units = new Set(all.map((c) => c.unitId));
  const agencies = new Set(all.flatMap((c) => c.agencies));
  return {
    units: [new Set(plan.map((p) => p.unitId)).size, units.size],
    agencies: [new Set(plan.flatMap((p) => p.agencies)).size, agencies.size],
    kinds: new Set(plan.map((p) => `${p.channel}|${p.outcome}`)).size,
  };
}
