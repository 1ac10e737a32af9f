/**
 * What agencies decide, and the citizen's answer to a supplement request. Each decision goes
 * through the state machine (409 when it does not fit the dossier's status) and is written with
 * its event in one transaction; the router turns the events agencies must hear about into queue
 * messages.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import rules from '../calendar/deadline-rules.json' with { type: 'json' };
import type { DossierStore } from '../aws/dossier-store.ts';
import type { Decision } from '../contracts/decisions.ts';
import { addWorkingTime, dueDate, endOfOfficeHours, isWorkingDay, workingTimeBetween, type Calendar } from '../domain/calendar.ts';
import { channelOf, supplementRule } from '../domain/processing-time.ts';
import { missingSlots, slotsFor, type SlotState } from '../domain/documents.ts';
import { applyCommand, dueFields, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import type { Province } from '../domain/province.ts';
import type { Action, DossierState } from '../domain/state-machine.ts';
import { quoteValue } from '../domain/text.ts';
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

/** An agency's decision on the dossier it holds (ownership is checked by the caller). */
export async function decide(deps: DecisionDeps, dossier: Dossier, decision: Decision, by: { agencyId: string; sub: string }): Promise<void> {
  const now = deps.now();
  const who = { agencyId: by.agencyId, by: by.sub };
  let change: Change;
  switch (decision.type) {
    case 'accept':
      change = step(dossier, 'accept', 'agency', now, { ...who, ...(decision.note ? { note: decision.note } : {}) });
      break;
    case 'request-supplement': {
      change = step(dossier, 'request-supplement', 'agency', now, { ...who, items: decision.items, officer: decision.officer });
      const slots = new Set(slotsFor(procedureOf(deps, dossier)).map((s) => s.id));
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
      // stopping the processing (form 05 under Circular 03/2025) with the same reasons.
      change = step(dossier, dossier.status === 'routed' ? 'refuse' : 'stop', 'agency', now, { ...who, reason: decision.reason, legalBasis: decision.legalBasis, officer: decision.officer });
      break;
    case 'extend': {
      const day = decision.newDueDate;
      if (!isWorkingDay(day, deps.calendar)) throw ValidationError.field('newDueDate', `${day} không phải ngày làm việc`);
      const newDue = endOfOfficeHours(day, deps.calendar);
      if (dossier.dueAt && newDue <= new Date(dossier.dueAt)) throw ValidationError.field('newDueDate', 'ngày hẹn mới phải sau ngày hẹn hiện tại');
      change = step(dossier, 'extend', 'agency', now, { ...who, reason: decision.reason, signer: decision.signer, previousDueAt: dossier.dueAt, newDueAt: newDue.toISOString() });
      change.set = dueFields(newDue);
      break;
    }
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

/**
 * The complete supplement (from the citizen, or a clerk at the counter): every scan the agency
 * named must be verified again. The clock then runs again: paused time is added to the due date,
 * or a full processing time restarts (deadline-rules.json).
 */
export async function supplement(deps: DecisionDeps, dossier: Dossier, role: 'citizen' | 'clerk'): Promise<void> {
  const now = deps.now();
  const procedure = procedureOf(deps, dossier);
  const named = new Set((dossier.supplementRequest?.items ?? []).map((i) => i.slot).filter((s): s is string => !!s));
  const notYet = slotsFor(procedure).filter((s) => named.has(s.id) && dossier.documents?.[s.id]?.status !== 'verified');
  const missing = [...notYet, ...missingSlots(slotsFor(procedure), dossier.documents ?? {}).filter((s) => !named.has(s.id))];
  if (missing.length > 0) throw new MissingDocumentsError(missing.map((s) => ({ field: `documents.${s.id}`, message: `chưa có bản quét hợp lệ: ${s.name}` })));
  const change = step(dossier, 'supplement', role, now, { agencyId: dossier.agencyId });
  const pauses = (dossier.pauses ?? []).map((p) => (p.to ? p : { ...p, to: now.toISOString() }));
  const open = (dossier.pauses ?? []).find((p) => !p.to);
  let dueAt = dossier.dueAt;
  if (supplementRule(procedure, deadlineRules) === 'restart') dueAt = dueDate(now, procedure, deps.calendar, { channel: channelOf(dossier.channel) }).toISOString();
  else if (open && dossier.dueAt) {
    // Paused time counts in whole working minutes, and a pause with none in it (a night, a
    // weekend, a few seconds) leaves the appointment alone: adding zero minutes to a 17:30
    // deadline would move it to 07:30 the next working day.
    const paused = Math.floor(workingTimeBetween(new Date(open.from), now, deps.calendar));
    if (paused > 0) dueAt = addWorkingTime(new Date(dossier.dueAt), paused, deps.calendar).toISOString();
  }
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
  await commit(deps.store, dossier, { state: granted.state, events: [...requested.events, granted.event], set: {} });
}

function procedureOf(deps: { province: Province }, dossier: Dossier) {
  const procedure = deps.province.procedures.get(dossier.procedureId);
  if (!procedure) throw new Error(`procedure ${dossier.procedureId} of ${dossier.code} is not in the catalogue`);
  return procedure;
}

