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
import { applyCommand, localIsoDate, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { IllegalTransitionError } from '../domain/errors.ts';
import { unitAt, type Province } from '../domain/province.ts';

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
  // The unit as it stood when the dossier was received.
  const unitId = dossier.applicant.address.unitId;
  const unit = unitAt(province, unitId, localIsoDate(new Date(dossier.receivedAt))) ?? province.units.get(unitId);
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

/**
 * Routes the dossier behind `event`. Throws when the queue cannot be reached: the caller retries.
 * A dossier that can no longer be routed (withdrawn meanwhile, say) is skipped, not retried.
 */
export async function routeDossier(deps: RoutingDeps, event: DossierEvent): Promise<'routed' | 'already-routed' | 'not-routable'> {
  const marker = `ROUTED#${event.eventId}`;
  if (await deps.store.hasMarker(event.dossierCode, marker)) return 'already-routed';
  let dossier = await deps.store.getDossier(event.dossierCode);
  let sent = false;
  for (let attempt = 0; attempt < 5 && dossier; attempt++) {
    let change: ReturnType<typeof applyCommand>;
    try {
      change = applyCommand(dossier, { type: 'route', actor: { role: 'system' } }, {
        eventId: randomUUID(),
        now: deps.now(),
        data: { agencyId: dossier.agencyId, sourceEventId: event.eventId },
      });
    } catch (error) {
      if (error instanceof IllegalTransitionError) return 'not-routable';
      throw error;
    }
    if (!sent) await deps.queues.send(dossier.agencyId, agencyEnvelope(deps.province, dossier, event));
    sent = true;
    // The message is out; record it. A concurrent change to the dossier only means reload and retry.
    const outcome = await deps.store.commit(dossier, change.state, [change.event], { marker, set: { routedAt: change.event.at } });
    if (outcome === 'committed') return 'routed';
    if (outcome === 'already') return 'already-routed';
    dossier = await deps.store.getDossier(event.dossierCode);
  }
  if (!dossier) throw new Error(`dossier ${event.dossierCode} not found for event ${event.eventId}`);
  throw new Error(`could not record the routing of ${event.dossierCode}: the dossier keeps changing`);
}
