/**
 * A seeded month of dossiers (issue 14, checks): histories the real system could have written,
 * every status change through the domain's state machine (`applyCommand`, `receive`), due dates
 * from the calendar (`appointmentAt`, `dueAfterPause`), cells from the province's real procedures,
 * agencies, receiving units and service points. Deterministic: the seed drives a PRNG of its own
 * (mulberry32); no clock, no Math.random, so one seed gives byte-identical output. A local tool
 * (the figures check; issue 15's replay may reuse it).
 */
import { addWorkingDays, addWorkingTime, appointmentAt, dueAfterPause, endOfOfficeHours, isWorkingDay, nextWorkingMoment, workingTimeBetween, type Calendar } from '../../../shared/domain/calendar.ts';
import { deadlineRules } from '../../../shared/calendar/deadline-rules.ts';
import { applyCommand, dueFields, formatDossierCode, formatDossierRef, localIsoDate, receive, type Dossier, type DossierEvent } from '../../../shared/domain/dossier.ts';
import type { Extension } from '../../../shared/domain/extensions.ts';
import { formatS10 } from '../../../shared/domain/postal/s10.ts';
import { attemptReasonLabel } from '../../../shared/domain/postal/shipment.ts';
import { channelOf, supplementRule } from '../../../shared/domain/processing-time.ts';
import { agencyLive, baseFee, chainFor, communesAt, isLive, type Procedure, type Province, type ServicePoint } from '../../../shared/domain/province.ts';
import { checkReceivable, servicePointLive } from '../../../shared/domain/rollout.ts';
import type { SmsNotice } from '../../../shared/domain/sms/notice.ts';
import type { Command } from '../../../shared/domain/state-machine.ts';
import { seeded } from '../seeded.ts';

export interface MonthOptions {
  seed: number;
  /** `YYYY-MM`. */
  month: string;
  dossiers: number;
  province: Province;
  calendar: Calendar;
}

/** A dossier as stored, with what the stores add beside the domain's type. */
export type GeneratedRecord = Dossier & { extensions?: Extension[]; dueDay?: string; receivedBy?: string };

export interface GeneratedDossier {
  dossier: GeneratedRecord;
  /** In `seq` order, instants never decreasing. */
  events: DossierEvent[];
  /** SMS a provider took (`sentAt` set). */
  notices: SmsNotice[];
}

class Dice {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError('nothing to pick from');
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** A UUID v4 drawn from the PRNG. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16));
    hex[12] = '4';
    hex[16] = (8 + this.int(0, 3)).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/** How the generator lays out one dossier's life (drawn per dossier). */
type Outcome = 'settle' | 'open' | 'withdraw' | 'agency-refuse';
type Timing = 'early' | 'due-day' | 'late';

const names = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường', 'Phạm Thị Dung', 'Rơ Mah Hơn', 'Ksor Y Bliêng', 'Siu H’Lan', 'Đỗ Minh Khoa'];

/** Generates `dossiers` histories received in `month` (the same seed, the same bytes). */
export function generateMonth(options: MonthOptions): { dossiers: GeneratedDossier[] } {
  const dice = new Dice(seeded(options.seed));
  const month = monthBounds(options.month, options.calendar);
  const refs = new Set<string>();
  const out: GeneratedDossier[] = [];
  for (let i = 0; i < options.dossiers; i++) {
    let ref: string;
    do ref = drawRef(dice);
    while (refs.has(ref));
    refs.add(ref);
    out.push(oneDossier(options, dice, month, ref, i));
  }
  assignCodes(out, options.province);
  return { dossiers: out };
}

const drawRef = (dice: Dice) => formatDossierRef(Array.from({ length: 10 }, () => dice.int(0, 31)));

/** The month's working days and its first and last working moments. */
export function monthBounds(month: string, calendar: Calendar): { days: string[]; start: Date; end: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const days = Array.from({ length }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`).filter((d) => isWorkingDay(d, calendar));
  if (days.length === 0) throw new RangeError(`no working day in ${month}`);
  return { days, start: nextWorkingMoment(new Date(`${days[0]}T00:00:00+07:00`), calendar), end: endOfOfficeHours(days.at(-1)!, calendar) };
}

interface Place {
  procedure: Procedure;
  chain: string[];
  receivingUnitId: string;
  channel: Dossier['channel'];
  servicePoint?: ServicePoint;
  desk: boolean;
  unitId: string;
}

/** A procedure, applicant commune and way in the province accepts on that day (drawn until one fits). */
function placeFor(p: Province, dice: Dice, day: string): Place {
  const communes = communesAt(p, day).filter((u) => isLive(p, u.id, day));
  const procedures = [...p.procedures.values()];
  const points = [...p.servicePoints.values()].filter((s) => servicePointLive(p, s, day));
  for (let tries = 0; tries < 200; tries++) {
    const procedure = dice.pick(procedures);
    const unit = dice.pick(communes);
    const roll = dice.next();
    const channel: Dossier['channel'] = roll < 0.45 ? 'online' : roll < 0.8 ? 'counter' : 'home-pickup';
    if (channel === 'home-pickup' && !procedure.postal.pickup) continue;
    const chain = chainFor(p, procedure, unit.id, day);
    if (!chain?.[0] || !agencyLive(p, chain[0].id, day)) continue;
    // Desks are few (two in the seed data): favour them so counter reception is common.
    const desks = points.filter((s) => s.receivingUnit !== undefined);
    const servicePoint = channel === 'counter' ? dice.pick(desks.length > 0 && dice.chance(0.5) ? desks : points) : undefined;
    try {
      const receiving = checkReceivable(p, { procedure, agency: chain[0], applicantUnitId: unit.id, ...(servicePoint ? { servicePoint } : {}), date: day });
      return { procedure, chain: chain.map((a) => a.id), receivingUnitId: receiving.id, channel, ...(servicePoint ? { servicePoint } : {}), desk: servicePoint?.receivingUnit !== undefined, unitId: unit.id };
    } catch {
      continue;
    }
  }
  throw new Error(`no procedure the province receives on ${day}`);
}

/** One dossier's life, from its creation on a working day of the month. */
function oneDossier(o: MonthOptions, dice: Dice, month: { days: string[]; start: Date; end: Date }, ref: string, index: number): GeneratedDossier {
  const cal = o.calendar;
  // Later receptions are rarer near the end, so that most dossiers have time to move.
  const day = month.days[Math.floor(Math.pow(dice.next(), 1.3) * month.days.length)]!;
  const place = placeFor(o.province, dice, day);
  const { procedure } = place;
  const created = addWorkingTime(nextWorkingMoment(new Date(`${day}T00:00:00+07:00`), cal), dice.int(0, 470), cal);
  const phone = `+849${String(10_000_000 + index).slice(-8)}`;
  const resultDelivery: Dossier['resultDelivery'] =
    procedure.postal.delivery && (place.channel === 'home-pickup' || dice.chance(0.4))
      ? { method: 'post', address: { line: `${dice.int(1, 300)} đường Hùng Vương`, unitId: place.unitId } }
      : place.servicePoint
        ? { method: 'counter', servicePointId: place.servicePoint.id }
        : { method: 'counter', servicePointId: [...o.province.servicePoints.values()].find((s) => s.receivingUnit === place.receivingUnitId)?.id ?? 'bdt-gialai' };
  let d: GeneratedRecord = {
    ref,
    version: 0,
    status: 'draft',
    resume: [],
    chain: { step: 1, length: place.chain.length },
    procedureId: procedure.id,
    chainAgencies: place.chain,
    agencyId: place.chain[0]!,
    receivingUnitId: place.receivingUnitId,
    channel: place.channel,
    applicant: { kind: 'individual', fullName: dice.pick(names), cccd: `0640${String(90_000_000 + index).padStart(8, '0')}`, phone, address: { line: `Thôn ${dice.int(1, 12)}`, unitId: place.unitId } },
    resultDelivery,
    createdAt: created.toISOString(),
    documents: {},
    results: {},
    accessTokenHash: Array.from({ length: 64 }, () => dice.int(0, 15).toString(16)).join(''),
  };
  const events: DossierEvent[] = [];
  const notices: SmsNotice[] = [];
  let clock = created;
  let overdue = false;
  let closed = false;
  let over = false;

  const push = (e: DossierEvent) => {
    events.push(e);
    d = { ...d, version: e.seq };
  };
  const record = (type: DossierEvent['type'], at: Date, actor: DossierEvent['actor'], data: Record<string, unknown>) =>
    push({ eventId: dice.uuid(), dossierRef: ref, seq: d.version + 1, type, at: at.toISOString(), actor, data });
  const paused = () => d.status === 'supplement-requested';
  const open = () => !!d.receivedAt && !closed;
  /** The deadline watch's mark, at the due time, when the dossier is still running then (house rule: contributions.ts). */
  const watch = (until: Date) => {
    if (!open() || overdue || paused() || !d.dueAt || Date.parse(d.dueAt) >= until.getTime()) return;
    overdue = true;
    record('dossier.overdue', new Date(d.dueAt), 'system', { agencyId: d.agencyId, dueAt: d.dueAt, apologyDue: true });
  };
  /** The instant `min..max` working minutes after the last event, or undefined past the month's end (the history stops). */
  const after = (min: number, max: number): Date | undefined => {
    if (over) return undefined;
    const t = addWorkingTime(clock, dice.int(min, max), cal);
    if (t > month.end) {
      over = true;
      return undefined;
    }
    return t;
  };
  const act = (type: Command['type'], role: Command['actor']['role'], at: Date, data: Record<string, unknown> = {}, set: Partial<GeneratedRecord> = {}, checkDue = true) => {
    if (checkDue) watch(at);
    const change = applyCommand(d, { type, actor: { role } }, { eventId: dice.uuid(), now: at, data });
    push(change.event);
    d = { ...d, ...change.state, ...set };
    clock = at;
    return change.event;
  };
  const sms = (e: DossierEvent) => {
    if (!dice.chance(0.8)) return;
    const segments = dice.int(1, 3);
    notices.push({
      id: dice.uuid(),
      dossierRef: ref,
      eventId: e.eventId,
      scenario: e.type,
      templateVersion: 1,
      recipient: 'applicant',
      to: phone,
      sender: 'VNPOST',
      text: `Ho so ${ref}: ${e.type}`.padEnd(segments === 1 ? 40 : segments === 2 ? 200 : 330, '.'),
      encoding: 'GSM-7',
      segments,
      status: 'delivered',
      createdAt: e.at,
      attempts: [{ at: e.at, provider: 'local', outcome: 'sent', round: 1 }],
      provider: 'local',
      providerMessageId: dice.uuid(),
      sentAt: e.at,
      deliveredAt: e.at,
    });
  };
  const receiveAt = (at: Date, servicePointId?: string) => {
    const dueAt = appointmentAt(at, procedure, cal, { channel: channelOf(d.channel) });
    // The code is allocated in reception order once every dossier is drawn (assignCodes).
    const r = receive(d, { code: 'pending', now: at, dueAt, eventId: dice.uuid(), actor: 'clerk', by: `clerk-${place.receivingUnitId}`, ...(servicePointId ? { servicePointId } : {}), officer: 'Cán bộ tiếp nhận', data: { agencyId: d.agencyId } });
    push(r.event);
    d = { ...d, ...r.state, ...r.set };
    clock = at;
    sms(r.event);
    const fee = baseFee(procedure.fees);
    if (fee > 0) {
      const t = after(0, 5);
      if (!t) return;
      const receiptId = dice.uuid();
      const method = d.channel === 'online' ? 'online' : 'cash';
      record('payment.received', t, d.channel === 'home-pickup' ? 'courier' : d.channel === 'online' ? 'system' : 'clerk', { receiptId, amount: fee, method, collector: d.channel === 'online' ? 'gateway' : d.channel === 'home-pickup' ? 'postman' : 'clerk' });
      clock = t;
      if (dice.chance(0.12)) {
        const c = after(10, 240);
        if (!c) return;
        watch(c);
        record('payment.cancelled', c, 'clerk', { receiptId, amount: fee, reason: 'Thu nhầm số tiền' });
        clock = c;
      }
    }
  };

  // --- Intake and reception ---
  record('dossier.created', created, place.desk ? 'clerk' : 'citizen', { procedureId: procedure.id, agencyId: d.agencyId, channel: d.channel, receivingUnitId: d.receivingUnitId });
  if (place.channel === 'counter' && place.desk) {
    d = { ...d, servicePointId: place.servicePoint!.id };
    receiveAt(created, place.servicePoint!.id);
  } else if (place.channel === 'counter') {
    const sp = place.servicePoint!;
    const postalRef = formatS10('RR', dice.int(0, 99_999_999));
    act('submit', 'citizen', created, { receivingUnitId: d.receivingUnitId, servicePointId: sp.id, postalRef, carriage: true }, { servicePointId: sp.id, carriage: { servicePointId: sp.id, postalRef, since: created.toISOString(), by: `clerk-${sp.id}` } });
    const arrived = after(240, 960);
    if (arrived) {
      d = { ...d, carriage: { ...d.carriage!, arrivedAt: arrived.toISOString() } };
      receiveAt(arrived);
    }
  } else if (place.channel === 'home-pickup') {
    const itemId = formatS10('RR', dice.int(0, 99_999_999));
    act('submit', 'citizen', created, { receivingUnitId: d.receivingUnitId, pickup: itemId });
    record('postal.pickup-requested', created, 'citizen', { itemId, kind: 'pickup', postOfficeId: 'bdt-gialai' });
    // Now and then nobody is at home the first time: a visit that collects nothing, the pickup later.
    if (dice.chance(0.2)) {
      const t = after(30, 240);
      if (t) {
        record('postal.pickup-failed', t, 'courier', { itemId, attempt: 1, reason: 'not-at-home', reasonLabel: attemptReasonLabel('pickup', 'not-at-home') });
        clock = t;
      }
    }
    const steps: [Command['type'], number, number][] = [
      ['pick-up', 60, 480],
      ['dispatch', 10, 120],
      ['deliver-to-agency', 120, 720],
    ];
    for (const [step, min, max] of steps) {
      const t = after(min, max);
      if (!t) break;
      act(step, 'courier', t, { itemId });
    }
    if (d.postal === 'delivered-to-agency') {
      const t = after(0, 60);
      if (t) receiveAt(t);
    }
  } else {
    act('submit', 'citizen', created, { receivingUnitId: d.receivingUnitId });
    d = { ...d, queuedFor: d.receivingUnitId, queuedAt: created.toISOString() };
    const checked = after(30, 720);
    if (checked) {
      const roll = dice.next();
      if (roll < 0.07) {
        act('refuse', 'clerk', checked, { receivingUnitId: d.receivingUnitId, reasons: ['Thủ tục không thuộc thẩm quyền tiếp nhận'], legalBasis: 'Nghị định 118/2025/NĐ-CP', officer: 'Cán bộ tiếp nhận' }, {
          refusal: { reasons: ['Thủ tục không thuộc thẩm quyền tiếp nhận'], legalBasis: 'Nghị định 118/2025/NĐ-CP', officer: 'Cán bộ tiếp nhận', at: checked.toISOString(), by: `clerk-${d.receivingUnitId}` },
        });
        closed = true;
      } else {
        if (roll < 0.15) {
          // Form 02 at reception: no clock yet (it starts on acceptance), so no pause.
          act('request-supplement', 'clerk', checked, { receivingUnitId: d.receivingUnitId, items: [{ document: 'Bản sao CCCD', reason: 'Bản quét mờ' }], officer: 'Cán bộ tiếp nhận' });
          const back = after(120, 1440);
          if (back) act('supplement', 'citizen', back, { agencyId: d.agencyId });
        }
        const t = d.status === 'new' ? after(10, 240) : undefined;
        if (t) {
          const { queuedFor: _q, queuedAt: _a, ...rest } = d;
          d = rest;
          receiveAt(t);
        }
      }
    }
  }

  // --- With the agency ---
  if (d.receivedAt && !closed) agency(dice.next() < 0.05 ? 'withdraw' : dice.next() < 0.06 ? 'agency-refuse' : dice.next() < 0.1 ? 'open' : 'settle');

  function agency(outcome: Outcome) {
    const routed = after(0, 30);
    if (!routed) return;
    act('route', 'system', routed, { agencyId: d.agencyId }, { routedAt: routed.toISOString() });
    if (outcome === 'agency-refuse') {
      const t = after(60, 960);
      if (t) {
        act('refuse', 'agency', t, { agencyId: d.agencyId, reason: 'Hồ sơ không đủ điều kiện giải quyết', legalBasis: 'Nghị định 118/2025/NĐ-CP', officer: 'Lãnh đạo cơ quan' });
        closed = true;
      }
      return;
    }
    const accepted = after(10, 480);
    if (!accepted) return;
    act('accept', 'agency', accepted, { agencyId: d.agencyId });
    if (outcome === 'withdraw') {
      const asked = after(60, 1440);
      if (!asked) return;
      act('request-withdrawal', 'citizen', asked, { reason: 'Công dân không còn nhu cầu' });
      const granted = after(10, 480);
      if (granted) {
        act('approve-withdrawal', 'clerk', granted, {});
        closed = true;
      }
      return;
    }
    if (supplementRule(procedure, deadlineRules) === 'pause' && d.dueAt && dice.chance(0.15)) {
      const asked = after(30, 480);
      if (!asked) return;
      act('request-supplement', 'agency', asked, { agencyId: d.agencyId, items: [{ document: 'Giấy tờ chứng minh', reason: 'Thiếu bản chính' }], officer: 'Chuyên viên' }, { pauses: [...(d.pauses ?? []), { from: asked.toISOString(), reason: 'supplement' }] });
      const back = after(240, 1920);
      if (!back) return;
      const pause = d.pauses!.at(-1)!;
      const dueAt = dueAfterPause(new Date(d.dueAt), { from: new Date(pause.from), to: back }, procedure, cal);
      // The due date moves with the pause (no deadline mark while the clock was stopped).
      act('supplement', 'citizen', back, { agencyId: d.agencyId }, { pauses: d.pauses!.map((p) => (p.to ? p : { ...p, to: back.toISOString() })), ...dueFields(dueAt) }, false);
    }
    if (outcome === 'open') return;
    if (d.dueAt && procedure.processingDays > 0 && dice.chance(0.1)) {
      const t = after(30, 240);
      if (!t) return;
      if (t < new Date(d.dueAt)) {
        const newDay = addWorkingDays(localIsoDate(new Date(d.dueAt)), dice.int(1, Math.min(3, procedure.processingDays)), cal);
        const newDue = endOfOfficeHours(newDay, cal);
        const extension: Extension = { at: t.toISOString(), previousDueAt: d.dueAt, newDueAt: newDue.toISOString(), reason: 'Cần xác minh thêm thông tin', signer: 'Lãnh đạo cơ quan' };
        act('extend', 'agency', t, { agencyId: d.agencyId, reason: extension.reason, signer: extension.signer, previousDueAt: d.dueAt, newDueAt: extension.newDueAt, extension: 1 }, { ...dueFields(newDue), extensions: [extension] });
      } else clock = t;
    }
    // The chain's earlier agencies hand the dossier on (một cửa liên thông).
    while (d.chain.step < d.chain.length) {
      const t = after(60, 960);
      if (!t) return;
      act('complete', 'agency', t, { agencyId: d.agencyId });
      d = { ...d, agencyId: d.chainAgencies[d.chain.step - 1]! };
      const a = after(10, 240);
      if (!a) return;
      act('accept', 'agency', a, { agencyId: d.agencyId });
    }
    const done = settleAt(dice.pick<Timing>(['early', 'early', 'due-day', 'due-day', 'late']));
    if (!done || done > month.end) {
      over = true;
      return;
    }
    const completed = act('complete', 'agency', done, { agencyId: d.agencyId });
    closed = true;
    sms(completed);
    handOver();
  }

  /** When the result is ready: before the due day, on it (by the due time), or after the due time. */
  function settleAt(timing: Timing): Date | undefined {
    const soon = addWorkingTime(clock, dice.int(10, 120), cal);
    if (!d.dueAt) return soon;
    const due = new Date(d.dueAt);
    const dueDayStart = nextWorkingMoment(new Date(`${localIsoDate(due)}T00:00:00+07:00`), cal);
    if (timing === 'late') return addWorkingTime(due > clock ? due : clock, dice.int(30, 1440), cal);
    if (timing === 'early' && dueDayStart > soon) return addWorkingTime(soon, dice.int(0, Math.max(0, Math.floor(workingTimeBetween(soon, dueDayStart, cal)) - 1)), cal);
    const from = dueDayStart > clock ? dueDayStart : clock;
    const span = Math.floor(workingTimeBetween(from, due, cal));
    return span > 0 ? addWorkingTime(from, dice.int(0, span), cal) : soon;
  }

  function handOver() {
    if (d.resultDelivery.method === 'post') {
      for (let attempt = 0; attempt < 3; attempt++) {
        const out = after(30, 480);
        if (!out) return;
        act('send-out', 'system', out, {});
        const t = after(60, 480);
        if (!t) return;
        if (attempt < 2 && dice.chance(0.25)) act('fail-delivery', 'courier', t, { reason: 'Không có người nhận' });
        else {
          const e = act('deliver', 'courier', t, { proof: 'Chữ ký người nhận' });
          sms(e);
          return;
        }
      }
      return;
    }
    if (!dice.chance(0.85)) return;
    const t = after(30, 1440);
    if (!t) return;
    const e = act('return', 'clerk', t, { receivedBy: 'applicant' });
    sms(e);
  }

  // At the month's end the watch has marked what is still running past its due time.
  watch(month.end);
  return { dossier: d, events, notices };
}

/**
 * Dossier codes in reception order: a daily sequence per receiving unit (BRIEF corrections 3),
 * written into the dossier, its reception event and nothing else.
 */
function assignCodes(all: GeneratedDossier[], province: Province): void {
  const receptions = all
    .map((g) => ({ g, e: g.events.find((e) => e.type === 'dossier.received') }))
    .filter((x): x is { g: GeneratedDossier; e: DossierEvent } => !!x.e)
    .sort((a, b) => a.e.at.localeCompare(b.e.at) || a.g.dossier.ref.localeCompare(b.g.dossier.ref));
  const seq = new Map<string, number>();
  for (const { g, e } of receptions) {
    const unit = province.receivingUnits.get(g.dossier.receivingUnitId)!;
    const key = `${unit.code}#${localIsoDate(new Date(e.at))}`;
    const n = (seq.get(key) ?? 0) + 1;
    seq.set(key, n);
    const code = formatDossierCode(unit.code, new Date(e.at), n);
    e.data = { ...e.data, code };
    g.dossier = { ...g.dossier, code };
  }
}
