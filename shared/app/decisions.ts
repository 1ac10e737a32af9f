/**
 * What agencies decide, and the citizen's answer to a supplement request. Each decision goes
 * through the state machine (409 when it does not fit the dossier's status) and is written with
 * its event in one transaction; the router turns the events agencies must hear about into queue
 * messages.
 */
import { cancelledWithDossier } from '../domain/money/requests.ts';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import rules from '../calendar/deadline-rules.json' with { type: 'json' };
import type { DossierStore } from '../aws/dossier-store.ts';
import type { Decision } from '../contracts/decisions.ts';
import { appointmentAt, dueAfterPause, dueDate, endOfOfficeHours, isWorkingDay, type Calendar } from '../domain/calendar.ts';
import { channelOf, supplementRule } from '../domain/processing-time.ts';
import { missingSlots, slotsFor, type SlotState } from '../domain/documents.ts';
import { applyCommand, dueFields, localIsoDate, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import { checkExtension, extensionRules, reasonUsedBefore, type Extension } from '../domain/extensions.ts';
import { formFor, type FormKind } from '../domain/forms.ts';
import type { Province } from '../domain/province.ts';
import type { Action, DossierState } from '../domain/state-machine.ts';
import { displayDay, quoteValue } from '../domain/text.ts';
import { MissingDocumentsError } from './dossiers.ts';

export interface DecisionDeps {
  store: DossierStore;
  province: Province;
  calendar: Calendar;
  now: () => Date;
}

/** The supplement rule is data (shared/calendar/deadline-rules.json): pause, or restart the clock. */
export const deadlineRules = z.object({ supplement: z.enum(['pause', 'restart']), effectiveFrom: z.string() }).parse(rules);

interface Change {
  state: DossierState;
  events: DossierEvent[];
  set: Record<string, unknown>;
}

/** Applies one command and returns the change to commit. */
function step(dossier: Dossier, action: Action, role: 'agency' | 'citizen' | 'clerk', now: Date, data: Record<string, unknown> = {}): Change {
  const { state, event } = applyCommand(dossier, { type: action, actor: { role } }, { eventId: randomUUID(), now, data });
  return { state, events: [event], set: {} };
}

/** Commits a change computed from `dossier`; a concurrent change is a 409 the client may retry. */
async function commit(store: DossierStore, dossier: Dossier, change: Change): Promise<void> {
  const outcome = await store.commit(dossier, change.state, change.events, { set: change.set });
  if (outcome !== 'committed') throw new ConflictError('hồ sơ vừa được cập nhật bởi người khác, vui lòng tải lại và thử lại');
}

/** What the dossier record keeps of its extensions (each with its own reason). */
export type WithExtensions = Dossier & { extensions?: Extension[] };


/**
 * An agency's decision on the dossier it holds (ownership is checked by the caller). Each
 * decision that produces a form names it in its event (`form`: regime, number, title), chosen by
 * the dossier's receipt date.
 */
export async function decide(deps: DecisionDeps, dossier: Dossier, decision: Decision, by: { agencyId: string; sub: string }): Promise<void> {
  const now = deps.now();
  const who = { agencyId: by.agencyId, by: by.sub };
  // Agencies decide on received dossiers; a decision before reception is dated its own day.
  const form = (kind: FormKind) => ({ form: formFor(kind, new Date(dossier.receivedAt ?? now.toISOString())) });
  let change: Change;
  switch (decision.type) {
    case 'accept':
      change = step(dossier, 'accept', 'agency', now, { ...who, ...(decision.note ? { note: decision.note } : {}) });
      break;
    case 'request-supplement': {
      change = step(dossier, 'request-supplement', 'agency', now, { ...who, items: decision.items, officer: decision.officer, ...form('supplement-request') });
      const slots = new Set(slotsFor(procedureOf(deps, dossier), dossier.applicant).map((s) => s.id));
      const reopened: Record<string, SlotState> = {};
      for (const item of decision.items) {
        if (item.slot === undefined) continue;
        if (!slots.has(item.slot)) throw ValidationError.field('items.slot', `hồ sơ không có thành phần ${quoteValue(item.slot)}`);
        // The named scan must be sent again: it no longer counts as verified.
        reopened[`documents.${item.slot}`] = { status: 'rejected', reason: `cơ quan yêu cầu bổ sung: ${item.reason}`, updatedAt: now.toISOString() };
      }
      change.set = {
        ...reopened,
        supplementRequest: { items: decision.items, officer: decision.officer, at: now.toISOString(), by: by.agencyId },
        pauses: [...(dossier.pauses ?? []), { from: now.toISOString(), reason: 'supplement' }],
      };
      break;
    }
    case 'reject':
      // Form 03 before the agency takes the dossier up; once it is processing, refusing means
      // stopping the processing (the notice of stopping) with the same reasons.
      if (dossier.status === 'routed') {
        change = step(dossier, 'refuse', 'agency', now, { ...who, reason: decision.reason, legalBasis: decision.legalBasis, officer: decision.officer, ...form('refusal') });
        change.set = cancelledWithDossier(dossier, 'Hủy do hồ sơ bị từ chối tiếp nhận');
        break;
      }
      change = stop(dossier, now, { ...who, reason: decision.reason, legalBasis: decision.legalBasis, signer: decision.officer, ...form('stop-notice') });
      break;
    case 'stop':
      change = stop(dossier, now, { ...who, kind: decision.kind, reason: decision.reason, ...(decision.legalBasis ? { legalBasis: decision.legalBasis } : {}), signer: decision.signer, ...form('stop-notice') });
      break;
    case 'resume':
      change = resume(deps, dossier, now, { ...who, reason: decision.reason, signer: decision.signer });
      break;
    case 'extend':
      change = extend(deps, dossier as WithExtensions, now, decision, { ...who, ...form('extension') });
      break;
    case 'complete': {
      // The state machine first: completing a dossier nobody took up is an illegal transition,
      // whatever result documents come with it.
      change = step(dossier, 'complete', 'agency', now, { ...who, resultSlots: decision.resultSlots, ...(decision.summary ? { summary: decision.summary } : {}) });
      const last = dossier.chain.step >= dossier.chain.length;
      const results = dossier.results ?? {};
      const missing = decision.resultSlots.filter((s) => results[s]?.status !== 'verified');
      if (missing.length > 0)
        throw new MissingDocumentsError(missing.map((s) => ({ field: `resultSlots.${s}`, message: `văn bản kết quả ${quoteValue(s)} chưa được tải lên hoặc chưa hợp lệ` })));
      if (last && decision.resultSlots.length === 0)
        throw new MissingDocumentsError([{ field: 'resultSlots', message: 'bước cuối phải kèm ít nhất một văn bản kết quả' }]);
      if (change.state.status === 'routed') {
        // Liên thông: the next agency of the chain takes the dossier; the router tells it.
        const next = dossier.chainAgencies[change.state.chain.step - 1];
        if (!next) throw new Error(`dossier ${dossier.code} has no agency for chain step ${change.state.chain.step}`);
        change.events[0]!.data.nextAgencyId = next;
        change.set = { agencyId: next };
      }
      break;
    }
  }
  await commit(deps.store, dossier, change);
}

/** Stops processing (the notice of stopping): the clock pauses until the agency resumes. */
function stop(dossier: Dossier, now: Date, data: Record<string, unknown>): Change {
  const change = step(dossier, 'stop', 'agency', now, data);
  change.set = { pauses: [...(dossier.pauses ?? []), { from: now.toISOString(), reason: 'stopped' }] };
  return change;
}

/**
 * Resumes a stopped dossier where it stopped. The due date moves by the working time the dossier
 * stood stopped, like a supplement pause: the time already spent stays spent and the rest of the
 * processing time runs on. Restarting a full processing time would let a stop buy the agency a
 * new deadline; not moving it would charge the stop to the agency. If the status it goes back to
 * still pauses the clock (a supplement awaited when it stopped), that pause covers the stop and
 * moves the date when it ends, so nothing is added twice.
 */
function resume(deps: DecisionDeps, dossier: Dossier, now: Date, data: Record<string, unknown>): Change {
  const change = step(dossier, 'resume-processing', 'agency', now, data);
  const stopped = (dossier.pauses ?? []).findLast((p) => !p.to && p.reason === 'stopped');
  const pauses = (dossier.pauses ?? []).map((p) => (p === stopped ? { ...p, to: now.toISOString() } : p));
  const stillPaused = pauses.some((p) => !p.to);
  let dueAt = dossier.dueAt;
  if (stopped && dueAt && !stillPaused) dueAt = dueAfterPause(new Date(dueAt), { from: new Date(stopped.from), to: now }, procedureOf(deps, dossier), deps.calendar).toISOString();
  change.events[0]!.data = { ...change.events[0]!.data, ...(dossier.dueAt ? { previousDueAt: dossier.dueAt, newDueAt: dueAt } : {}) };
  change.set = { pauses, ...(dueAt ? dueFields(new Date(dueAt)) : {}) };
  return change;
}

/**
 * A new appointment with an apology (form 04): to a later working day still ahead, no further than
 * `extensionRules` allows, each time with a reason of its own; before the due date, or once the
 * dossier is late (the apology its lateness made due: event data `late`).
 */
function extend(deps: DecisionDeps, dossier: WithExtensions, now: Date, decision: Extract<Decision, { type: 'extend' }>, data: Record<string, unknown>): Change {
  // The state machine first: extending a dossier nobody is processing is an illegal transition.
  const change = step(dossier, 'extend', 'agency', now, data);
  const day = decision.newDueDate;
  if (!isWorkingDay(day, deps.calendar)) throw ValidationError.field('newDueDate', `${displayDay(day)} không phải ngày làm việc`);
  const newDue = endOfOfficeHours(day, deps.calendar);
  if (!dossier.dueAt) throw new ConflictError('hồ sơ không có ngày hẹn trả kết quả để gia hạn');
  const currentDue = new Date(dossier.dueAt);
  const currentDueDay = localIsoDate(currentDue);
  if (newDue <= currentDue) throw ValidationError.field('newDueDate', `ngày hẹn mới phải sau ngày hẹn hiện tại (${displayDay(currentDueDay)})`);
  // The bound runs from the current due date, or from now for a dossier already late.
  let latest = currentDue > now ? currentDue : now;
  for (let i = 0; i < extensionRules.maxProcessingTimes; i++) latest = dueDate(latest, procedureOf(deps, dossier), deps.calendar);
  const timing = checkExtension({ now, currentDue, newDue, currentDueDay, newDueDay: day, latestDay: localIsoDate(latest) });
  const earlier = dossier.extensions ?? [];
  if (reasonUsedBefore(decision.reason, earlier)) throw ValidationError.field('reason', 'mỗi lần gia hạn cần một lý do riêng: lý do này đã dùng cho lần gia hạn trước');
  const extension: Extension = { at: now.toISOString(), previousDueAt: dossier.dueAt, newDueAt: newDue.toISOString(), reason: decision.reason, signer: decision.signer };
  change.events[0]!.data = { ...change.events[0]!.data, reason: decision.reason, signer: decision.signer, previousDueAt: dossier.dueAt, newDueAt: extension.newDueAt, extension: earlier.length + 1, ...(timing === 'late' ? { late: true } : {}) };
  change.set = { ...dueFields(newDue), extensions: [...earlier, extension] };
  return change;
}

/**
 * The complete supplement (from the citizen, or a clerk at the counter): every scan the agency
 * named must be verified again. The clock then runs again: paused time is added to the due date,
 * or a full processing time restarts (deadline-rules.json).
 */
export async function supplement(deps: DecisionDeps, dossier: Dossier, role: 'citizen' | 'clerk'): Promise<void> {
  const now = deps.now();
  const procedure = procedureOf(deps, dossier);
  const named = new Set((dossier.supplementRequest?.items ?? []).map((i) => i.slot).filter((s): s is string => !!s));
  const notYet = slotsFor(procedure, dossier.applicant).filter((s) => named.has(s.id) && dossier.documents?.[s.id]?.status !== 'verified');
  const missing = [...notYet, ...missingSlots(slotsFor(procedure, dossier.applicant), dossier.documents ?? {}).filter((s) => !named.has(s.id))];
  if (missing.length > 0) throw new MissingDocumentsError(missing.map((s) => ({ field: `documents.${s.id}`, message: `chưa có bản quét hợp lệ: ${s.name}` })));
  const change = step(dossier, 'supplement', role, now, { agencyId: dossier.agencyId });
  const pauses = (dossier.pauses ?? []).map((p) => (p.to ? p : { ...p, to: now.toISOString() }));
  const open = (dossier.pauses ?? []).find((p) => !p.to);
  let dueAt = dossier.dueAt;
  if (supplementRule(procedure, deadlineRules) === 'restart') dueAt = appointmentAt(now, procedure, deps.calendar, { channel: channelOf(dossier.channel) })?.toISOString();
  // The paused time, in the procedure's own unit (calendar days for the criminal-record certificate).
  else if (open && dossier.dueAt) dueAt = dueAfterPause(new Date(dossier.dueAt), { from: new Date(open.from), to: now }, procedure, deps.calendar).toISOString();
  change.set = { pauses, ...(dueAt ? dueFields(new Date(dueAt)) : {}) };
  await commit(deps.store, dossier, change);
}

/** A withdrawal the citizen signed at the counter: requested and granted in one visit (form in hand). */
export async function withdrawAtCounter(deps: DecisionDeps, dossier: Dossier, input: { reason: string; servicePointId: string }): Promise<void> {
  const now = deps.now();
  const requested = step(dossier, 'request-withdrawal', 'clerk', now, { reason: input.reason, servicePointId: input.servicePointId });
  const granted = applyCommand({ ...dossier, ...requested.state, version: dossier.version + 1 }, { type: 'approve-withdrawal', actor: { role: 'clerk' } }, {
    eventId: randomUUID(),
    now,
    data: { servicePointId: input.servicePointId, agencyId: dossier.agencyId },
  });
  await commit(deps.store, dossier, { state: granted.state, events: [...requested.events, granted.event], set: cancelledWithDossier(dossier, 'Hủy do công dân rút hồ sơ') });
}

function procedureOf(deps: { province: Province }, dossier: Dossier) {
  const procedure = deps.province.procedures.get(dossier.procedureId);
  if (!procedure) throw new Error(`procedure ${dossier.procedureId} of ${dossier.code} is not in the catalogue`);
  return procedure;
}

