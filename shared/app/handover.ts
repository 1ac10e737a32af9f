/**
 * The result handed over at the counter (issue 13, BRIEF corrections 10): the clerk checks who
 * is there (shared/domain/handover.ts), records the originals given back and the signature, and
 * the dossier is returned (status 10) in one atomic write with its `dossier.returned` event. A
 * refusal or a notice of stopping is handed over the same way (the written reply): a
 * `dossier.reply-handed-over` event, the status unchanged. Results delivered by post end at the
 * postman's delivery instead (shared/app/courier.ts).
 */
import { randomUUID } from 'node:crypto';
import type { DossierStore } from '../aws/dossier-store.ts';
import { applyCommand, stateOf, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { ConflictError } from '../domain/errors.ts';
import { checkOriginals, checkRecipient, handoverEventData, type Handover, type RecipientInput } from '../domain/handover.ts';
import type { Province } from '../domain/province.ts';
import { statuses } from '../domain/state-machine.ts';

export interface HandoverDeps {
  store: DossierStore;
  province: Province;
  now: () => Date;
}

/** A dossier with its counter handovers (the result's, and the written reply's). */
export type WithHandover = Dossier & { handover?: Handover; replyHandover?: Handover };

/** What the clerk records at the counter. */
export interface HandoverInput {
  recipient: RecipientInput;
  originalsReturned?: number[] | undefined;
  signedBy: string;
}

/** Statuses whose written reply (form 03 refusal, form 05 notice of stopping) is handed over without a status change. */
const replyStatuses = new Set<Dossier['status']>(['refused', 'stopped']);

/**
 * Hands the result (or the written reply) over to the person at the counter. Wrong identity, a
 * missing authorisation, an original that is not on the list: 422 and nothing is written. A
 * dossier with nothing to hand over, or a reply already handed over: 409.
 */
export async function handOverAtCounter(deps: HandoverDeps, dossier: WithHandover, clerk: { sub: string; servicePointId: string }, input: HandoverInput): Promise<Handover> {
  const procedure = deps.province.procedures.get(dossier.procedureId);
  if (!procedure) throw new Error(`procedure ${dossier.procedureId} of ${dossier.ref} is not in the catalogue`);
  const reply = replyStatuses.has(dossier.status);
  if (!reply && dossier.status !== 'result-ready')
    throw new ConflictError(`hồ sơ đang "${statuses[dossier.status].label}": chưa có kết quả hoặc văn bản trả lời để trả`);
  if (reply && dossier.replyHandover) throw new ConflictError('văn bản trả lời của hồ sơ này đã được trả');
  // Checked before anything is written: a refused handover changes nothing.
  const recipient = checkRecipient(dossier.applicant, input.recipient);
  const originalsReturned = checkOriginals(procedure, input.originalsReturned ?? []);
  const now = deps.now();
  const handover: Handover = { at: now.toISOString(), servicePointId: clerk.servicePointId, by: clerk.sub, recipient, originalsReturned, signedBy: input.signedBy, what: reply ? 'reply' : 'result' };
  const data = handoverEventData(handover);
  let state = stateOf(dossier);
  let event: DossierEvent;
  if (reply) {
    event = { eventId: randomUUID(), dossierRef: dossier.ref, seq: dossier.version + 1, type: 'dossier.reply-handed-over', at: handover.at, actor: 'clerk', data: { ...data, status: dossier.status } };
  } else {
    // The state machine decides (a result out with a postman is not at the counter: 409).
    const change = applyCommand(dossier, { type: 'return', actor: { role: 'clerk' } }, { eventId: randomUUID(), now, data });
    state = change.state;
    event = change.event;
  }
  const outcome = await deps.store.commit(dossier, state, [event], { set: { [reply ? 'replyHandover' : 'handover']: handover } });
  if (outcome !== 'committed') throw new ConflictError('hồ sơ vừa được cập nhật, vui lòng tải lại và thử lại');
  return handover;
}

type RecipientData = { kind: string; kindLabel: string; fullName: string; identity: { documentType: string; documentLabel: string; lastDigits: string }; authorisation?: { documentType: string; documentLabel: string } };

/** A handover as the counter's answer shows it: the service point by name, the documents' labels, the authorisation's number and date. */
export function handoverView(province: Province, h: Handover) {
  const recipient = handoverEventData(h).recipient as RecipientData;
  const auth = h.recipient.authorisation;
  return {
    at: h.at,
    what: h.what,
    servicePoint: { id: h.servicePointId, name: province.servicePoints.get(h.servicePointId)?.name ?? h.servicePointId },
    recipient: { ...recipient, ...(recipient.authorisation && auth ? { authorisation: { ...recipient.authorisation, ...(auth.number ? { number: auth.number } : {}), date: auth.date } } : {}) },
    originalsReturned: h.originalsReturned,
    signedBy: h.signedBy,
  };
}

/**
 * An electronic result (resultDelivery `online`) is in the citizen's hands when its token holder
 * downloads it: the dossier is returned (status 10), once, its event naming the document. Any
 * later download changes nothing; a dossier not result-ready is left as it is.
 */
export async function returnedOnline(deps: HandoverDeps, dossier: Dossier, slot: string): Promise<'returned' | 'unchanged'> {
  if (dossier.resultDelivery.method !== 'online' || dossier.status !== 'result-ready') return 'unchanged';
  const change = applyCommand(dossier, { type: 'return', actor: { role: 'system' } }, { eventId: randomUUID(), now: deps.now(), data: { method: 'online', slot } });
  // A concurrent download got there first: the dossier is returned either way.
  return (await deps.store.commit(dossier, change.state, [change.event])) === 'committed' ? 'returned' : 'unchanged';
}
