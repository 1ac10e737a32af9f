/**
 * Submitting a dossier: check it against the rules, take the next code of the day at the
 * competent agency, and write the dossier with its first event in one transaction. The router
 * picks the event up from the table's stream.
 */
import { randomUUID } from 'node:crypto';
import type { DossierStore } from '../aws/dossier-store.ts';
import { checkDossierRequest, formatDossierCode, localDay, receiveDossier, statuses, type Dossier, type DossierRequest } from '../domain/dossier.ts';
import { dueDate, type Calendar } from '../domain/calendar.ts';
import type { Province } from '../domain/province.ts';
import { newAccessToken } from './access-token.ts';

export async function submitDossier(
  deps: { store: DossierStore; province: Province; calendar: Calendar; now: () => Date },
  request: DossierRequest,
  channel: Dossier['channel'],
) {
  const now = deps.now();
  const accepted = checkDossierRequest(deps.province, request, now);
  const seq = await deps.store.nextSequence(accepted.agency.code, localDay(now), now);
  const code = formatDossierCode(accepted.agency.code, now, seq);
  const { token, hash } = newAccessToken();
  const { dossier, events } = receiveDossier(accepted, { code, now, dueAt: dueDate(now, accepted.procedure, deps.calendar), eventIds: [randomUUID(), randomUUID()], accessTokenHash: hash, channel });
  await deps.store.create(dossier, events);
  return {
    code,
    status: dossier.status,
    statusLabel: statuses[dossier.status].label,
    receivedAt: dossier.receivedAt,
    dueAt: dossier.dueAt,
    procedure: { id: accepted.procedure.id, name: accepted.procedure.name },
    agency: { id: accepted.agency.id, name: accepted.agency.name },
    accessToken: token,
  };
}
