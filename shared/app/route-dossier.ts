/**
 * Routing: the dossier events an agency must hear about become messages in its FIFO queue.
 *
 * - `dossier.assigned`: a received dossier whose mandatory scans are all verified goes to its
 *   competent agency, and the routing is recorded (marker + `dossier.routed` event, one
 *   transaction). Two events can make a dossier ready: its reception (online: scans already
 *   verified) and the verification of its last mandatory scan (counter intake, scanned after
 *   reception). In a chain (một cửa liên thông), `dossier.completed` by one agency hands the
 *   dossier to the next one: it is assigned to that agency too.
 * - `dossier.supplemented` and `dossier.withdrawn`: told to the agency holding the dossier.
 * - `dossier.reminder-due`, `dossier.overdue-warning`, `dossier.overdue` (the deadline watch): a
 *   `dossier.reminder` to the agency holding the dossier, its reason in Vietnamese.
 *
 * Safe to repeat: a marker per message is written once, and a resend carries the same message id
 * (derived from the dossier and what is sent), which is the FIFO deduplication id.
 */
import { nameUuid } from './name-uuid.ts';
import { cancelShipments, dispatchShipment, requestDelivery, type PostalRoutingDeps } from './postal.ts';
import type { AgencyQueues } from '../aws/agency-queues.ts';
import type { DossierStore } from '../aws/dossier-store.ts';
import { agencyEnvelopeVersion, type AgencyEnvelopeV1 } from '../contracts/agency-envelope.ts';
import { applicantName } from '../domain/applicant.ts';
import { channelOf, describeProcessingTime } from '../domain/processing-time.ts';
import { missingSlots, slotsFor } from '../domain/documents.ts';
import { applyCommand, localIsoDate, stateOf, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import type { Province } from '../domain/province.ts';
import { routedEventTypes } from '../domain/stream-filters.ts';
import { agencyLive, unitAt } from '../domain/province.ts';

export interface RoutingDeps extends PostalRoutingDeps {
  store: DossierStore;
  queues: AgencyQueues;
  province: Province;
  now: () => Date;
}



export function isRoutable(item: Record<string, unknown>): item is DossierEvent & Record<string, unknown> {
  return item.entity === 'event' && typeof item.type === 'string' && routedEventTypes.has(item.type);
}


export function agencyEnvelope(
  province: Province,
  dossier: Dossier,
  message: { id: string; type: AgencyEnvelopeV1['type']; occurredAt: string; previousAgencyId?: string; reason?: string },
): AgencyEnvelopeV1 {
  const agency = province.agencies.get(dossier.agencyId);
  const procedure = province.procedures.get(dossier.procedureId);
  // Only received dossiers reach agencies: the envelope carries the code of the reception.
  const code = dossier.code;
  if (!dossier.receivedAt || !code) throw new Error(`dossier ${dossier.ref} is routed before it was received`);
  // The unit as it stood when the dossier was received.
  const unitId = dossier.applicant.address.unitId;
  const unit = unitAt(province, unitId, localIsoDate(new Date(dossier.receivedAt))) ?? province.units.get(unitId);
  if (!agency || !procedure || !unit) throw new Error(`dossier ${dossier.ref} refers to data missing from province ${province.id}`);
  return {
    schemaVersion: agencyEnvelopeVersion,
    messageId: message.id,
    type: message.type,
    dossierCode: code,
    occurredAt: message.occurredAt,
    agency: { id: agency.id, code: agency.code, name: agency.name },
    procedure: {
      id: procedure.id,
      name: procedure.name,
      processingDays: procedure.processingDays,
      processingUnit: procedure.processingUnit ?? 'working-days',
      processingTime: describeProcessingTime(procedure, channelOf(dossier.channel)),
    },
    applicant: {
      kind: dossier.applicant.kind ?? 'individual',
      fullName: applicantName(dossier.applicant),
      unitId: unit.id,
      unitName: unit.name,
      ...(dossier.applicant.representative ? { representative: true } : {}),
    },
    receivedAt: dossier.receivedAt,
    ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}),
    ...(dossier.chain.length > 1
      ? { chain: { step: dossier.chain.step, length: dossier.chain.length, ...(message.previousAgencyId ? { previousAgencyId: message.previousAgencyId } : {}) } }
      : {}),
    ...(message.reason ? { reason: message.reason } : {}),
    documents: slotsFor(procedure, dossier.applicant)
      .filter((s) => s.kind === 'documents' && dossier.documents?.[s.id]?.status === 'verified')
      .map((s) => {
        const state = dossier.documents[s.id]!;
        return { slot: s.id, name: s.name, contentType: state.contentType ?? '', size: state.size ?? 0, sha256: state.sha256 ?? '' };
      }),
  };
}

function ready(province: Province, dossier: Dossier): boolean {
  const procedure = province.procedures.get(dossier.procedureId);
  return dossier.status === 'received' && !!procedure && missingSlots(slotsFor(procedure, dossier.applicant), dossier.documents ?? {}).length === 0;
}

export type RoutingOutcome = 'routed' | 'sent' | 'already' | 'not-ready' | 'held' | 'requested';

/**
 * Handles one event. Throws when the queue cannot be reached: the caller retries. `loaded`: the
 * dossier as the caller just read it (one read serves the routing and the SMS notices).
 */
export async function routeDossier(deps: RoutingDeps, event: DossierEvent, loaded?: Dossier): Promise<RoutingOutcome> {
  switch (event.type) {
    case 'dossier.received':
    case 'document.verified':
      return assignFirst(deps, event, loaded);
    case 'dossier.completed':
      // The last step: the result goes out by post if the citizen asked for it.
      if (event.data.to === 'result-ready') return requestDelivery(deps, event, loaded);
      // A completion that handed the dossier to the next agency of the chain.
      if (event.data.to !== 'routed') return 'not-ready';
      return assignNext(deps, event, String(event.data.agencyId ?? ''), loaded);
    case 'postal.pickup-requested':
    case 'postal.delivery-requested':
    case 'postal.cancelled':
      return dispatchShipment(deps, event, loaded);
    case 'dossier.released': {
      // The agency it waited for is live now: route it as it would have been.
      const dossier = loaded ?? (await deps.store.getDossier(event.dossierRef));
      if (dossier?.status === 'routed') return assignNext(deps, event, undefined, dossier);
      return assignFirst(deps, event, dossier);
    }
    case 'dossier.supplemented':
      return notify(deps, event, 'dossier.supplemented', `SENT#${event.eventId}`, {}, loaded);
    case 'dossier.reminder-due':
    // The deadline watch (shared/app/deadlines.ts): the envelope v1 has no type of its own for a
    // warning or a lateness (its types are a public contract), so both are reminders whose reason says which.
    case 'dossier.overdue-warning':
    case 'dossier.overdue':
      return notify(deps, event, 'dossier.reminder', `SENT#${event.eventId}`, { onlyIfRouted: true, reason: String(event.data.text ?? '') }, loaded);
    case 'dossier.withdrawn':
      // No postman is sent for a dossier withdrawn before its pickup.
      await cancelShipments(deps, event, loaded);
      return notify(deps, event, 'dossier.withdrawn', `SENT#${event.eventId}`, { onlyIfRouted: true, reason: 'Công dân rút hồ sơ' }, loaded);
    default:
      return 'not-ready';
  }
}

/**
 * Holds a dossier whose agency is not live in the rollout yet: it stays where it is, the hold is
 * on the dossier (tracking shows it; the held-by-agency index finds it) and in its history, and the
 * hourly rollout job releases it once the agency is live.
 */
async function hold(deps: RoutingDeps, dossier: Dossier): Promise<RoutingOutcome> {
  if (dossier.heldAgencyId === dossier.agencyId) return 'already';
  const now = deps.now();
  const event: DossierEvent = {
    eventId: nameUuid(`${dossier.ref}/held/${dossier.chain.step}`),
    dossierRef: dossier.ref,
    seq: dossier.version + 1,
    type: 'dossier.held',
    at: now.toISOString(),
    actor: 'system',
    data: { agencyId: dossier.agencyId },
  };
  const outcome = await deps.store.commit(dossier, stateOf(dossier), [event], {
    marker: `HELD#${dossier.chain.step}`,
    // No clock while held: an open pause freezes it (tracking shows it frozen) until the release.
    set: { heldAgencyId: dossier.agencyId, heldSince: event.at, pauses: [...(dossier.pauses ?? []), { from: event.at, reason: 'held' }] },
  });
  if (outcome === 'stale') throw new Error(`dossier ${dossier.ref} changed while being held; retrying`);
  return outcome === 'committed' ? 'held' : 'already';
}

const live = (deps: RoutingDeps, dossier: Dossier) => agencyLive(deps.province, dossier.agencyId, localIsoDate(deps.now()));

/**
 * First assignment: the `route` transition is recorded first (status, `routedAt`, marker, one
 * transaction), then the agency is told, then that it was told (a second marker). Recorded before
 * told: an agency that acts the moment the message arrives finds the dossier routed to it (told
 * first, it was refused until the record landed). A retry after a failed send finds the dossier
 * routed without the second marker and sends again, with the same message id.
 */
async function assignFirst(deps: RoutingDeps, event: DossierEvent, loaded?: Dossier): Promise<RoutingOutcome> {
  let dossier = loaded ?? (await deps.store.getDossier(event.dossierRef));
  for (let attempt = 0; attempt < 5 && dossier; attempt++) {
    // Once routed the status is no longer `received` (the marker and the status are written in one
    // transaction): a redelivered event only checks that the agency was told.
    if (!ready(deps.province, dossier)) return dossier.status === 'routed' && dossier.chain.step === 1 ? tellAssignedAgain(deps, dossier) : 'not-ready';
    const marker = `ROUTED#${dossier.chain.step}`;
    // Held: only its release routes it (closing the hold's pause first), even if a redelivered
    // event finds the agency live meanwhile; else the routing would overtake the release.
    if (dossier.heldAgencyId === dossier.agencyId) return live(deps, dossier) ? 'not-ready' : 'already';
    if (!live(deps, dossier)) return hold(deps, dossier);
    const eventId = routedEventId(dossier);
    const change = applyCommand(dossier, { type: 'route', actor: { role: 'system' } }, {
      eventId,
      now: deps.now(),
      data: { agencyId: dossier.agencyId, sourceEventId: event.eventId },
    });
    const outcome = await deps.store.commit(dossier, change.state, [change.event], { marker, set: { routedAt: change.event.at } });
    if (outcome === 'committed') {
      await tellAssigned(deps, { ...dossier, ...change.state, version: dossier.version + 1, routedAt: change.event.at });
      return 'routed';
    }
    if (outcome === 'already') return 'already';
    dossier = await deps.store.getDossier(event.dossierRef);
  }
  if (!dossier) throw new Error(`dossier ${event.dossierRef} not found for event ${event.eventId}`);
  throw new Error(`could not record the routing of ${event.dossierRef}: the dossier keeps changing`);
}

/** The id of a first routing's event and of its `dossier.assigned` message (stable across retries). */
const routedEventId = (dossier: Pick<Dossier, 'ref' | 'chain'>) => nameUuid(`${dossier.ref}/routed/${dossier.chain.step}`);
const toldMarker = (step: number) => `SENT#ROUTED#${step}`;

/** Sends the first `dossier.assigned` of a recorded routing, then records that it was sent. */
async function tellAssigned(deps: RoutingDeps, dossier: Dossier): Promise<void> {
  await deps.queues.send(dossier.agencyId, agencyEnvelope(deps.province, dossier, { id: routedEventId(dossier), type: 'dossier.assigned', occurredAt: dossier.routedAt! }));
  await deps.store.putMarker(dossier.ref, toldMarker(dossier.chain.step));
}

/** A routed dossier whose agency may not have been told (the send failed after the record): tell it now. */
async function tellAssignedAgain(deps: RoutingDeps, dossier: Dossier): Promise<RoutingOutcome> {
  if (!dossier.routedAt || (await deps.store.hasMarker(dossier.ref, toldMarker(dossier.chain.step)))) return 'already';
  if (!(await deps.store.hasMarker(dossier.ref, `ROUTED#${dossier.chain.step}`))) return 'not-ready';
  await tellAssigned(deps, dossier);
  return 'sent';
}

/** A chain hand-over: the next agency gets `dossier.assigned`, once per step. */
async function assignNext(deps: RoutingDeps, event: DossierEvent, previousAgencyId?: string, loaded?: Dossier): Promise<RoutingOutcome> {
  const dossier = loaded ?? (await deps.store.getDossier(event.dossierRef));
  if (!dossier) throw new Error(`dossier ${event.dossierRef} not found for event ${event.eventId}`);
  if (dossier.status !== 'routed') return 'not-ready';
  // Sent for this step already: notify's marker check says so; a step not live is held, unless sent.
  if (!live(deps, dossier)) return (await deps.store.hasMarker(dossier.ref, `ROUTED#${dossier.chain.step}`)) ? 'already' : hold(deps, dossier);
  const previous = previousAgencyId ?? dossier.chainAgencies[dossier.chain.step - 2];
  // The message id is the id of the event that handed the dossier over (the completion, or the
  // release of a hold): stable across retries, and an event id like every other message's.
  return notify(deps, event, 'dossier.assigned', `ROUTED#${dossier.chain.step}`, previous ? { previousAgencyId: previous } : {}, dossier);
}

/** A message about an event to the agency holding the dossier, sent once (marker). */
async function notify(
  deps: RoutingDeps,
  event: DossierEvent,
  type: AgencyEnvelopeV1['type'],
  marker: string,
  options: { previousAgencyId?: string; reason?: string; onlyIfRouted?: boolean } = {},
  loaded?: Dossier,
): Promise<RoutingOutcome> {
  if (await deps.store.hasMarker(event.dossierRef, marker)) return 'already';
  for (let attempt = 0; attempt < 5; attempt++) {
    const dossier = attempt === 0 && loaded ? loaded : await deps.store.getDossier(event.dossierRef);
    if (!dossier) throw new Error(`dossier ${event.dossierRef} not found for event ${event.eventId}`);
    if (options.onlyIfRouted && !dossier.routedAt) return 'not-ready';
    // The message id is the event's id: the FIFO deduplication id, the same on every retry.
    const envelope = agencyEnvelope(deps.province, dossier, { id: event.eventId, type, occurredAt: event.at, ...options });
    await deps.queues.send(dossier.agencyId, envelope);
    const outcome = await deps.store.commit(dossier, stateOf(dossier), [], { marker, ...(type === 'dossier.assigned' ? { set: { routedAt: event.at } } : {}) });
    if (outcome !== 'stale') return outcome === 'committed' ? 'sent' : 'already';
  }
  throw new Error(`could not record the message for ${event.dossierRef}: the dossier keeps changing`);
}
