/**
 * Reception (tiếp nhận): the moment a receiving unit takes a dossier in. Online dossiers wait in
 * the unit's reception queue until an officer accepts (form 01), asks for a supplement (form 02)
 * or refuses (form 03). The dossier code is
 * allocated here, and only here: the day's sequence of the receiving unit is read, and the number
 * is taken in the same transaction as the reception itself (shared/aws/dossier-store.ts
 * `receptionItems`). Two receptions racing for one number: one wins, the other reads again. A
 * number is never skipped (no gap) and never given twice.
 */
import { cancelledWithDossier } from '../domain/money/requests.ts';
import { channelOf } from '../domain/processing-time.ts';
import { randomInt, randomUUID } from 'node:crypto';
import type { DossierStore, TransactItem } from '../aws/dossier-store.ts';
import { appointmentAt, type Calendar } from '../domain/calendar.ts';
import { slotsFor } from '../domain/documents.ts';
import { applyCommand, formatDossierCode, formatDossierRef, localDay, receive, statuses, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import type { DossierState } from '../domain/state-machine.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../domain/errors.ts';
import { receivingUnitOf, type Province, type ReceivingUnit } from '../domain/province.ts';
import { formFor } from '../domain/forms.ts';
import { quoteValue } from '../domain/text.ts';
import { KeyedTurns } from './turns.ts';

/** Receptions competing for a day's numbers retry this many times before a 409. */
const attempts = 20;

/** A fresh reference for a new dossier (`HS-` + 10 base32 characters). */
export function newDossierRef(): string {
  return formatDossierRef(Array.from({ length: 10 }, () => randomInt(0, 32)));
}

/** The receiving unit of a dossier, from the province data (it was checked when the dossier was created). */
export function receivingUnitOfDossier(province: Province, dossier: Pick<Dossier, 'ref' | 'receivingUnitId'>): ReceivingUnit {
  const unit = province.receivingUnits.get(dossier.receivingUnitId);
  if (!unit) throw new Error(`dossier ${dossier.ref}: receiving unit ${dossier.receivingUnitId} is not in the province data`);
  return unit;
}

/**
 * Runs `write` with the next code of the day at `unit` and the transaction items that take it,
 * until it is not `contended` (another reception took the number). `write` answers what the store
 * answered; anything else than `contended` ends the loop and is returned.
 */
export async function takeDossierCode<T>(
  store: DossierStore,
  unit: ReceivingUnit,
  ref: string,
  now: Date,
  write: (code: string, items: TransactItem[]) => Promise<T | 'contended'>,
): Promise<T> {
  const day = localDay(now);
  for (let attempt = 0; attempt < attempts; attempt++) {
    const seq = await store.nextSequence(unit.code, day);
    const code = formatDossierCode(unit.code, now, seq);
    const outcome = await write(code, store.receptionItems({ unitCode: unit.code, day, seq, code, ref, now }));
    if (outcome !== 'contended') return outcome;
    // Spread the retries of a burst (full jitter, growing to 320 ms), so they stop colliding.
    await new Promise((r) => setTimeout(r, randomInt(0, 10 * 2 ** Math.min(attempt, 5))));
  }
  throw new ConflictError('quá nhiều hồ sơ được tiếp nhận cùng lúc, vui lòng thử lại');
}

/**
 * How long a reception waits for the previous one of its unit in this environment before it goes
 * ahead anyway (shared/app/turns.ts): a few collisions' worth, well inside the API's timeout.
 */
export const receptionTurnWaitMs = 2_000;
const unitTurns = new KeyedTurns(receptionTurnWaitMs);

/**
 * takeDossierCode, one reception of a unit at a time inside this execution environment: run
 * together they would only collide on the day's counter (each collision a cancelled transaction
 * and a read: what starved DynamoDB Local at 16 acceptances in flight, issue 15). Receptions in
 * other environments (other Lambda sandboxes), or one that waited `receptionTurnWaitMs`, still
 * race; the counter's guard settles that.
 */
export function withDossierCode<T>(...args: Parameters<typeof takeDossierCode<T>>): Promise<T> {
  return unitTurns.run(args[1].code, () => takeDossierCode(...args));
}

export interface ReceptionDeps {
  store: DossierStore;
  province: Province;
  calendar: Calendar;
  now: () => Date;
}

/** An officer of a receiving unit: a clerk at a one-stop desk of that unit (the centre's counters included). */
export interface Officer {
  sub: string;
  servicePointId: string;
  unit: ReceivingUnit;
}

/**
 * The officer a clerk's token names: role `clerk` at a service point with a one-stop desk. The
 * receiving unit is the desk's section (or the centre, for the centre's counters); a clerk at a
 * plain post office receives nothing (403): the post office only carries the dossier there.
 */
export function receptionOfficer(province: Province, clerk: { sub: string; servicePointId: string }): Officer {
  const unit = receivingUnitOf(province, clerk.servicePointId);
  if (!unit) throw new ForbiddenError('điểm phục vụ này không có bộ phận một cửa: không tiếp nhận hồ sơ');
  return { sub: clerk.sub, servicePointId: clerk.servicePointId, unit };
}

function mine(officer: Officer, dossier: Dossier): void {
  if (dossier.receivingUnitId !== officer.unit.id) throw new ForbiddenError(`hồ sơ thuộc đơn vị tiếp nhận khác, không phải ${officer.unit.name}`);
}

/** The reception queue of the officer's unit, oldest first: one query on the sparse reception-queue index. */
export async function receptionQueue(deps: Pick<ReceptionDeps, 'store' | 'province'>, officer: Officer) {
  const waiting = await deps.store.receptionQueue(officer.unit.id);
  return {
    receivingUnit: { id: officer.unit.id, name: officer.unit.name },
    items: waiting.map((d) => ({
      ref: d.ref,
      status: d.status,
      statusLabel: statuses[d.status].label,
      channel: d.channel,
      queuedAt: d.queuedAt ?? d.createdAt,
      procedure: { id: d.procedureId, name: deps.province.procedures.get(d.procedureId)?.name ?? d.procedureId },
    })),
  };
}

const unitOf = (officer: Officer) => ({ id: officer.unit.id, name: officer.unit.name, code: officer.unit.code });

/**
 * Acceptance (form 01): the dossier is received now. The code is the receiving unit's next of
 * the day, the clock starts from this moment, and the dossier leaves the queue; the router then
 * sends it to the competent agency.
 */
export async function acceptAtReception(deps: ReceptionDeps, dossier: Dossier, officer: Officer, input: { officer: string }) {
  mine(officer, dossier);
  if (dossier.carriage && !dossier.carriage.arrivedAt) throw new ConflictError('hồ sơ đang được bưu điện chuyển đến: xác nhận hồ sơ đã đến để tiếp nhận');
  return receiveNow(deps, dossier, officer, input);
}

/**
 * Arrival of a carried dossier at its receiving unit: the officer confirms it, and that is its
 * reception (form 01): the code, and the clock counted from this moment, not from the counter.
 */
export async function confirmArrival(deps: ReceptionDeps, dossier: Dossier, officer: Officer, input: { officer: string }) {
  mine(officer, dossier);
  if (!dossier.carriage) throw new ConflictError('hồ sơ không được bưu điện chuyển đến: tiếp nhận hồ sơ trực tuyến bằng acceptance');
  return receiveNow(deps, dossier, officer, input, { 'carriage.arrivedAt': deps.now().toISOString() });
}

async function receiveNow(deps: ReceptionDeps, dossier: Dossier, officer: Officer, input: { officer: string }, extra: Record<string, unknown> = {}) {
  return receiveAt(deps, dossier, officer.unit, { actor: 'clerk', by: officer.sub, servicePointId: officer.servicePointId, officer: input.officer }, { extra });
}

/**
 * Receives a dossier at `unit` now (form 01): the unit's next code of the day, the clock from this
 * moment, out of the reception queue, in one transaction. `before`: changes that happen in the
 * same act and come first in its history (a postman's hand-over: the dossier arrives, then it is
 * received); `also`: more items for the transaction. Answers form 01.
 */
export async function receiveAt(
  deps: ReceptionDeps,
  dossier: Dossier,
  unit: ReceivingUnit,
  who: { actor: 'clerk' | 'system'; by: string; servicePointId?: string; officer: string },
  options: { extra?: Record<string, unknown>; before?: { state: DossierState; events: DossierEvent[] }; also?: TransactItem[] } = {},
) {
  const procedure = procedureOf(deps.province, dossier);
  const now = deps.now();
  const dueAt = appointmentAt(now, procedure, deps.calendar, { channel: channelOf(dossier.channel) });
  const before = options.before;
  const base = before ? { ...dossier, ...before.state, version: dossier.version + before.events.length } : dossier;
  let code = '';
  const outcome = await withDossierCode(deps.store, unit, dossier.ref, now, (next, items) => {
    code = next;
    const received = receive(base, { code: next, now, dueAt, eventId: randomUUID(), actor: who.actor, by: who.by, ...(who.servicePointId ? { servicePointId: who.servicePointId } : {}), officer: who.officer, data: { form: formFor('receipt', now), agencyId: dossier.agencyId } });
    return deps.store.commit(dossier, received.state, [...(before?.events ?? []), received.event], { set: { ...received.set, ...options.extra }, remove: ['queuedFor', 'queuedAt'], also: [...items, ...(options.also ?? [])] });
  });
  if (outcome !== 'committed') throw new ConflictError('hồ sơ vừa được cập nhật bởi người khác, vui lòng tải lại và thử lại');
  return receiptForm(deps.province, { ...dossier, code, receivedAt: now.toISOString(), ...(dueAt ? { dueAt: dueAt.toISOString() } : {}), reception: { at: now.toISOString(), by: who.by, receivingUnitId: unit.id, officer: who.officer } });
}

/**
 * The head of a reception form: its number and title in the regime of the day (reception forms are
 * numbered 01-03 in both regimes; the title and the circular follow the date).
 */
function formHead<N extends '01' | '02' | '03'>(kind: 'receipt' | 'supplement-request' | 'refusal', at: Date, number: N) {
  const form = formFor(kind, at);
  if (form.number !== number) throw new Error(`regime ${form.regime} numbers ${kind} ${form.number}, not ${number}`);
  return { form: number, regime: form.regime, title: form.title };
}

/** Form 01 of a received dossier (an acceptance's answer, and its replay). */
export function receiptForm(province: Province, dossier: Dossier) {
  const unit = province.receivingUnits.get(dossier.receivingUnitId);
  if (!dossier.code || !dossier.receivedAt || !unit) throw new Error(`dossier ${dossier.ref} has no reception to print`);
  return {
    ...formHead('receipt', new Date(dossier.receivedAt), '01'),
    ref: dossier.ref,
    code: dossier.code,
    receivingUnit: { id: unit.id, name: unit.name, code: unit.code },
    officer: dossier.reception?.officer ?? dossier.reception?.by ?? '',
    at: dossier.receivedAt,
    receivedAt: dossier.receivedAt,
    ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}),
    documents: receivedDocuments(province, dossier),
  };
}

/**
 * What form 01 says was received: the papers a clerk counted at the counter (with their form and
 * number of copies), else the verified scans.
 */
function receivedDocuments(province: Province, dossier: Dossier): { slot: string; name: string; form?: 'original' | 'copy'; copies?: number }[] {
  const procedure = procedureOf(province, dossier);
  if (dossier.papers?.length)
    return dossier.papers.flatMap((p) => {
      const listed = procedure.documents[p.document - 1];
      return listed ? [{ slot: `doc-${p.document}`, name: listed.name, form: p.form, copies: p.copies }] : [];
    });
  return slotsFor(procedure)
    .filter((s) => s.kind === 'documents' && dossier.documents?.[s.id]?.status === 'verified')
    .map((s) => ({ slot: s.id, name: s.name }));
}

const receivingUnitView = (province: Province, dossier: Dossier) => {
  const unit = province.receivingUnits.get(dossier.receivingUnitId);
  return { id: dossier.receivingUnitId, name: unit?.name ?? dossier.receivingUnitId, code: unit?.code ?? '' };
};

/** Form 02 as written on the dossier (the replay of a supplement request at reception). */
export function supplementForm(province: Province, dossier: Dossier) {
  const r = dossier.supplementRequest;
  if (!r) throw new Error(`dossier ${dossier.ref} has no supplement request to replay`);
  return { ...formHead('supplement-request', new Date(r.at), '02'), ref: dossier.ref, receivingUnit: receivingUnitView(province, dossier), officer: r.officer, at: r.at, items: r.items };
}

/** Form 03 as written on the dossier (the replay of a refusal at reception). */
export function refusalForm(province: Province, dossier: Dossier) {
  const r = dossier.refusal;
  if (!r) throw new Error(`dossier ${dossier.ref} has no refusal to replay`);
  return { ...formHead('refusal', new Date(r.at), '03'), ref: dossier.ref, receivingUnit: receivingUnitView(province, dossier), officer: r.officer, at: r.at, reasons: r.reasons, legalBasis: r.legalBasis };
}

/**
 * A supplement request at reception (form 02): the citizen is told what to add and why (their
 * token view lists the items); no clock runs, and the dossier stays in the queue until the citizen
 * supplements (it is "new" again) and an officer accepts it.
 */
export async function requestSupplementAtReception(deps: ReceptionDeps, dossier: Dossier, officer: Officer, input: { items: { slot?: string | undefined; document: string; reason: string }[]; officer: string }) {
  mine(officer, dossier);
  const now = deps.now();
  const change = applyCommand(dossier, { type: 'request-supplement', actor: { role: 'clerk' } }, { eventId: randomUUID(), now, data: { form: formFor('supplement-request', now), receivingUnitId: officer.unit.id, items: input.items, officer: input.officer } });
  const slots = new Set(slotsFor(procedureOf(deps.province, dossier)).map((s) => s.id));
  const reopened: Record<string, unknown> = {};
  for (const item of input.items) {
    if (item.slot === undefined) continue;
    if (!slots.has(item.slot)) throw ValidationError.field('items.slot', `hồ sơ không có thành phần ${quoteValue(item.slot)}`);
    // The named scan must be sent again: it no longer counts as verified.
    reopened[`documents.${item.slot}`] = { status: 'rejected', reason: `bộ phận tiếp nhận yêu cầu bổ sung: ${item.reason}`, updatedAt: now.toISOString() };
  }
  const items = input.items.map((i) => ({ ...(i.slot ? { slot: i.slot } : {}), document: i.document, reason: i.reason }));
  const outcome = await deps.store.commit(dossier, change.state, [change.event], {
    set: { ...reopened, supplementRequest: { items, officer: input.officer, at: now.toISOString(), by: officer.unit.id } },
  });
  if (outcome !== 'committed') throw new ConflictError('hồ sơ vừa được cập nhật bởi người khác, vui lòng tải lại và thử lại');
  return { ...formHead('supplement-request', now, '02'), ref: dossier.ref, receivingUnit: unitOf(officer), officer: input.officer, at: now.toISOString(), items };
}

/** A refusal at reception (form 03): reasons and legal basis; the dossier is never received, nothing is routed. */
export async function refuseAtReception(deps: ReceptionDeps, dossier: Dossier, officer: Officer, input: { reasons: string[]; legalBasis: string; officer: string }) {
  mine(officer, dossier);
  const now = deps.now();
  const change = applyCommand(dossier, { type: 'refuse', actor: { role: 'clerk' } }, { eventId: randomUUID(), now, data: { form: formFor('refusal', now), receivingUnitId: officer.unit.id, reasons: input.reasons, legalBasis: input.legalBasis, officer: input.officer } });
  const refusal = { reasons: input.reasons, legalBasis: input.legalBasis, officer: input.officer, at: now.toISOString(), by: officer.unit.id };
  const outcome = await deps.store.commit(dossier, change.state, [change.event], {
    set: { refusal, ...cancelledWithDossier(dossier, 'Hủy do hồ sơ bị từ chối tiếp nhận') },
    remove: ['queuedFor', 'queuedAt'],
  });
  if (outcome !== 'committed') throw new ConflictError('hồ sơ vừa được cập nhật bởi người khác, vui lòng tải lại và thử lại');
  return { ...formHead('refusal', now, '03'), ref: dossier.ref, receivingUnit: unitOf(officer), officer: input.officer, at: now.toISOString(), reasons: input.reasons, legalBasis: input.legalBasis };
}

function procedureOf(province: Province, dossier: Dossier) {
  const procedure = province.procedures.get(dossier.procedureId);
  if (!procedure) throw new Error(`procedure ${dossier.procedureId} of ${dossier.ref} is not in the catalogue`);
  return procedure;
}
