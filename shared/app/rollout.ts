/**
 * The hourly rollout job: dossiers held because their agency was not live yet are released once
 * it is (a `dossier.released` event; the router then routes them as usual). Reports how many
 * still wait, per agency, for the province administrators.
 */
import { randomUUID } from 'node:crypto';
import type { DossierStore } from '../aws/dossier-store.ts';
import { dueAfterPause, type Calendar } from '../domain/calendar.ts';
import { dueFields, localIsoDate, stateOf, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { agencyLive, type Province } from '../domain/province.ts';

export interface RolloutDeps {
  store: DossierStore;
  province: Province;
  calendar: Calendar;
  now: () => Date;
}

/**
 * The end of a hold: its pause is closed and the due date moves by the time it lasted (in the
 * procedure's unit, as for a supplement), so a dossier held for an agency not yet live is not
 * released overdue.
 */
function unpause(province: Province, dossier: Dossier, now: Date, calendar: Calendar): Record<string, unknown> {
  const open = (dossier.pauses ?? []).find((p) => !p.to && p.reason === 'held');
  const procedure = province.procedures.get(dossier.procedureId);
  if (!open || !procedure) return {};
  const pauses = (dossier.pauses ?? []).map((p) => (p === open ? { ...p, to: now.toISOString() } : p));
  return { pauses, ...(dossier.dueAt ? dueFields(dueAfterPause(new Date(dossier.dueAt), { from: new Date(open.from), to: now }, procedure, calendar)) : {}) };
}

export async function releaseHeld(deps: RolloutDeps): Promise<{ released: string[]; waiting: Record<string, number> }> {
  const today = localIsoDate(deps.now());
  const released: string[] = [];
  const waiting: Record<string, number> = {};
  for (const agency of deps.province.agencies.values()) {
    const refs = await deps.store.heldFor(agency.id);
    if (refs.length === 0) continue;
    if (!agencyLive(deps.province, agency.id, today)) {
      waiting[agency.id] = refs.length;
      continue;
    }
    for (const ref of refs) {
      const dossier = await deps.store.getDossier(ref);
      if (!dossier || dossier.heldAgencyId !== agency.id) continue;
      const now = deps.now();
      const event: DossierEvent = {
        eventId: randomUUID(),
        dossierRef: ref,
        seq: dossier.version + 1,
        type: 'dossier.released',
        at: now.toISOString(),
        actor: 'system',
        data: { agencyId: agency.id, heldSince: dossier.heldSince },
      };
      // A concurrent change only means the next run releases it.
      const outcome = await deps.store.commit(dossier, stateOf(dossier), [event], { set: unpause(deps.province, dossier, now, deps.calendar), remove: ['heldAgencyId', 'heldSince'] });
      if (outcome === 'committed') released.push(dossier.code ?? ref);
    }
  }
  return { released, waiting };
}
