/**
 * The deadline job (hourly): the agency holding a dossier due today or on the next working day
 * gets one `dossier.reminder` per due date (the job writes a `dossier.reminder-due` event, once;
 * the router sends the message). Overdue stays a property of the due date, never a status.
 */
import { randomUUID } from 'node:crypto';
import type { DossierStore } from '../aws/dossier-store.ts';
import { describeRemaining, nextWorkingDay, remaining, type Calendar } from '../domain/calendar.ts';
import { localIsoDate, stateOf, type DossierEvent } from '../domain/dossier.ts';
import type { Status } from '../domain/state-machine.ts';

export interface DeadlineDeps {
  store: DossierStore;
  calendar: Calendar;
  now: () => Date;
}

/** Statuses in which an agency holds the dossier and the clock runs. */
const atAgency: readonly Status[] = ['routed', 'processing', 'awaiting-coordination'];

export async function remindDue(deps: DeadlineDeps): Promise<{ reminded: string[] }> {
  const now = deps.now();
  const today = localIsoDate(now);
  const days = [...new Set([today, nextWorkingDay(today, deps.calendar)])];
  const reminded: string[] = [];
  for (const day of days) {
    for (const ref of await deps.store.dueOn(day)) {
      const dossier = await deps.store.getDossier(ref);
      if (!dossier?.dueAt || !atAgency.includes(dossier.status)) continue;
      const left = remaining(now, new Date(dossier.dueAt), deps.calendar);
      const event: DossierEvent = {
        eventId: randomUUID(),
        dossierRef: ref,
        seq: dossier.version + 1,
        type: 'dossier.reminder-due',
        at: now.toISOString(),
        actor: 'system',
        data: { agencyId: dossier.agencyId, dueAt: dossier.dueAt, text: `Hồ sơ ${dossier.code ?? ref} ${describeRemaining(left, deps.calendar)} đến hạn trả kết quả` },
      };
      // One reminder per due date: an extension (new due date) earns a new one.
      const outcome = await deps.store.commit(dossier, stateOf(dossier), [event], { marker: `REMINDER#${dossier.dueAt}` });
      if (outcome === 'committed') reminded.push(dossier.code ?? ref);
    }
  }
  return { reminded };
}
