/**
 * Routing: a received dossier goes to its competent agency's queue as an agency envelope, then
 * the routing is recorded (marker + `dossier.routed` event, one transaction). Safe to repeat:
 * a routed event is skipped, a resend carries the same deduplication id, and the marker is
 * written once.
 */
import { randomUUID } from 'node:crypto';
import type { AgencyQueues } from '../aws/agency-queues.ts';
import type { DossierStore } from '../aws/dossier-store.ts';
import { agencyEnvelopeVersion, type AgencyEnvelopeV1 } from '../contracts/agency-envelope.ts';
import { routedEvent, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import type { Province } from '../domain/province.ts';

export interface RoutingDeps {
  store: DossierStore;
  queues: AgencyQueues;
  province: Province;
  now: () => Date;
}

/** Event types that send the dossier to an agency, and the envelope type they become. */
const routable = { 'dossier.received': 'dossier.assigned' } as const;

export function isRoutable(item: Record<string, unknown>): item is DossierEvent & Record<string, unknown> {
  return item.entity === 'event' && typeof item.type === 'string' && item.type in routable;
}

export function agencyEnvelope(province: Province, dossier: Dossier, event: DossierEvent): AgencyEnvelopeV1 {
  const agency = province.agencies.get(dossier.agencyId);
  const procedure = province.procedures.get(dossier.procedureId);
  const unit = province.units.get(dossier.applicant.address.unitId);
  if (!agency || !procedure || !unit) throw new Error(`dossier ${dossier.code} refers to data missing from province ${province.id}`);
  return {
    schemaVersion: agencyEnvelopeVersion,
    messageId: event.eventId,
    type: routable[event.type as keyof typeof routable],
    dossierCode: dossier.code,
    occurredAt: event.at,
    agency: { id: agency.id, code: agency.code, name: agency.name },
    procedure: { id: procedure.id, name: procedure.name, processingDays: procedure.processingDays },
    applicant: { fullName: dossier.applicant.fullName, unitId: unit.id, unitName: unit.name },
    receivedAt: dossier.receivedAt,
  };
}

/** Routes the dossier behind `event`. Throws when the queue cannot be reached: the caller retries. */
export async function routeDossier(deps: RoutingDeps, event: DossierEvent): Promise<'routed' | 'already-routed'> {
  if (await deps.store.wasRouted(event.dossierCode, event.eventId)) return 'already-routed';
  let dossier = await deps.store.getDossier(event.dossierCode);
  if (!dossier) throw new Error(`dossier ${event.dossierCode} not found for event ${event.eventId}`);
  await deps.queues.send(dossier.agencyId, agencyEnvelope(deps.province, dossier, event));
  // The message is out; record it. A concurrent change to the dossier only means reload and retry.
  for (let attempt = 0; attempt < 5; attempt++) {
    const outcome = await deps.store.recordRouted(dossier, routedEvent(dossier, { eventId: randomUUID(), now: deps.now(), sourceEventId: event.eventId }), event.eventId);
    if (outcome === 'recorded') return 'routed';
    if (outcome === 'already') return 'already-routed';
    dossier = await deps.store.getDossier(event.dossierCode);
    if (!dossier) throw new Error(`dossier ${event.dossierCode} vanished while routing`);
  }
  throw new Error(`could not record the routing of ${event.dossierCode}: the dossier keeps changing`);
}
