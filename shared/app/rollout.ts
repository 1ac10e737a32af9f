/**
 * The hourly rollout job: dossiers held because their agency was not live yet are released once
 * it is (a `dossier.released` event; the router then routes them as usual). Reports how many
 * still wait, per agency, for the province administrators.
 */
import { randomUUID } from 'node:crypto';
import type { DossierStore } from '../aws/dossier-store.ts';
import { localIsoDate, stateOf, type DossierEvent } from '../domain/dossier.ts';
import { agencyLive, type Province } from '../domain/province.ts';

export interface RolloutDeps {
  store: DossierStore;
  province: Province;
  now: () => Date;
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
      const event: DossierEvent = {
        eventId: randomUUID(),
        dossierRef: ref,
        seq: dossier.version + 1,
        type: 'dossier.released',
        at: deps.now().toISOString(),
        actor: 'system',
        data: { agencyId: agency.id, heldSince: dossier.heldSince },
      };
      // A concurrent change only means the next run releases it.
      const outcome = await deps.store.commit(dossier, stateOf(dossier), [event], { remove: ['heldAgencyId', 'heldSince'] });
      if (outcome === 'committed') released.push(dossier.code ?? ref);
    }
  }
  return { released, waiting };
}
