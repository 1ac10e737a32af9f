/**
 * Routing: a received dossier whose mandatory scans are all verified goes to its competent
 * agency's queue as an agency envelope, then the routing is recorded (marker + `dossier.routed`
 * event, one transaction). Two events can make a dossier ready: its reception (scans already
 * verified, the online path) and the verification of its last mandatory scan (counter intake,
 * scanned after reception). Safe to repeat: a routed dossier is skipped, a resend carries the
 * same message id (derived from the dossier and the chain step), and the marker is written once.
 */
import { createHash } from 'node:crypto';
import type { AgencyQueues } from '../aws/agency-queues.ts';
import type { DossierStore } from '../aws/dossier-store.ts';
import { agencyEnvelopeVersion, type AgencyEnvelopeV1 } from '../contracts/agency-envelope.ts';
import { missingSlots, slotsFor } from '../domain/documents.ts';
import { applyCommand, localIsoDate, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import type { Province } from '../domain/province.ts';
import { unitAt } from '../domain/province.ts';

export interface RoutingDeps {
  store: DossierStore;
  queues: AgencyQueues;
  province: Province;
  now: () => Date;
}

/** Events after which a dossier may have become ready to route. */
const triggers = new Set(['dossier.received', 'document.verified']);

export function isRoutable(item: Record<string, unknown>): item is DossierEvent & Record<string, unknown> {
  return item.entity === 'event' && typeof item.type === 'string' && triggers.has(item.type);
}

/** A UUID derived from a name (same name, same id): the routed event's id, hence the message id. */
function nameUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function agencyEnvelope(province: Province, dossier: Dossier, messageId: string, occurredAt: string): AgencyEnvelopeV1 {
  const agency = province.agencies.get(dossier.agencyId);
  const procedure = province.procedures.get(dossier.procedureId);
  if (!dossier.receivedAt) throw new Error(`dossier ${dossier.code} is routed before it was received`);
  // The unit as it stood when the dossier was received.
  const unitId = dossier.applicant.address.unitId;
  const unit = unitAt(province, unitId, localIsoDate(new Date(dossier.receivedAt))) ?? province.units.get(unitId);
  if (!agency || !procedure || !unit) throw new Error(`dossier ${dossier.code} refers to data missing from province ${province.id}`);
  return {
    schemaVersion: agencyEnvelopeVersion,
    messageId,
    type: 'dossier.assigned',
    dossierCode: dossier.code,
    occurredAt,
    agency: { id: agency.id, code: agency.code, name: agency.name },
    procedure: { id: procedure.id, name: procedure.name, processingDays: procedure.processingDays },
    applicant: { fullName: dossier.applicant.fullName, unitId: unit.id, unitName: unit.name },
    receivedAt: dossier.receivedAt,
    ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}),
    documents: slotsFor(procedure)
      .filter((s) => s.kind === 'documents' && dossier.documents?.[s.id]?.status === 'verified')
      .map((s) => {
        const state = dossier.documents[s.id]!;
        return { slot: s.id, name: s.name, contentType: state.contentType ?? '', size: state.size ?? 0, sha256: state.sha256 ?? '' };
      }),
  };
}

function ready(province: Province, dossier: Dossier): boolean {
  const procedure = province.procedures.get(dossier.procedureId);
  return dossier.status === 'received' && !!procedure && missingSlots(slotsFor(procedure), dossier.documents ?? {}).length === 0;
}

/**
 * Routes the dossier behind `event` if it is ready. Throws when the queue cannot be reached: the
 * caller retries. A dossier not ready (scans missing, withdrawn meanwhile) is left alone.
 */
export async function routeDossier(deps: RoutingDeps, event: DossierEvent): Promise<'routed' | 'already-routed' | 'not-ready'> {
  let dossier = await deps.store.getDossier(event.dossierCode);
  for (let attempt = 0; attempt < 5 && dossier; attempt++) {
    if (!ready(deps.province, dossier)) return 'not-ready';
    const marker = `ROUTED#${dossier.chain.step}`;
    if (await deps.store.hasMarker(dossier.code, marker)) return 'already-routed';
    const eventId = nameUuid(`${dossier.code}/routed/${dossier.chain.step}`);
    const change = applyCommand(dossier, { type: 'route', actor: { role: 'system' } }, {
      eventId,
      now: deps.now(),
      data: { agencyId: dossier.agencyId, sourceEventId: event.eventId },
    });
    await deps.queues.send(dossier.agencyId, agencyEnvelope(deps.province, dossier, eventId, change.event.at));
    // The message is out; record it. A concurrent change to the dossier only means reload and retry.
    const outcome = await deps.store.commit(dossier, change.state, [change.event], { marker, set: { routedAt: change.event.at } });
    if (outcome === 'committed') return 'routed';
    if (outcome === 'already') return 'already-routed';
    dossier = await deps.store.getDossier(event.dossierCode);
  }
  if (!dossier) throw new Error(`dossier ${event.dossierCode} not found for event ${event.eventId}`);
  throw new Error(`could not record the routing of ${event.dossierCode}: the dossier keeps changing`);
}
