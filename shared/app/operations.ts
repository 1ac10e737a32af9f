/**
 * The province's operations at a glance (dashboard, issue 16 item 5): which receiving units and
 * service points are live today, which agencies are not live yet and how many dossiers wait for
 * each (the held-by-agency index), and each queue's depth with a warning on a DLQ that is not empty.
 */
import type { DossierStore } from '../aws/dossier-store.ts';
import type { QueueDepth, QueueHealthReader } from '../aws/queue-health.ts';
import { inBatches } from '../domain/concurrency.ts';
import { localIsoDate } from '../domain/dossier.ts';
import { agencyLive, type Province } from '../domain/province.ts';
import { agencyJoins, receivingUnitLive, servicePointLive } from '../domain/rollout.ts';

export interface OperationsDeps {
  province: Province;
  store: Pick<DossierStore, 'heldFor'>;
  queues: Pick<QueueHealthReader, 'depths'>;
  now: () => Date;
}

/** Dead-letter queues: `<prefix>-<id>-dlq[.fifo]` and `<prefix>-dlq-agency-<id>.fifo` (infra/topology.ts, `names`). */
export const isDeadLetterQueue = (name: string) => /-dlq(\.fifo)?$/.test(name) || name.includes('-dlq-agency-');

export interface QueueHealth extends QueueDepth {
  deadLetter: boolean;
  /** A DLQ holding messages: something failed past its retries and waits for a person. */
  warning?: string;
}

export async function operationsView(deps: OperationsDeps) {
  const p = deps.province;
  const date = localIsoDate(deps.now());
  const agencies = [...p.agencies.values()];
  const notLive = agencies.filter((a) => !agencyLive(p, a.id, date));
  // Agencies live today can still hold dossiers until the hourly release: ask every agency, bounded.
  const held = await inBatches(agencies, 16, async (a) => ({ agency: a, count: (await deps.store.heldFor(a.id)).length }));
  const { queues, truncated } = await deps.queues.depths();
  return {
    date,
    receivingUnits: [...p.receivingUnits.values()].map((u) => ({ id: u.id, name: u.name, live: receivingUnitLive(p, u, date) })),
    servicePoints: [...p.servicePoints.values()].map((s) => ({ id: s.id, name: s.name, live: servicePointLive(p, s, date) })),
    heldAgencies: held
      .filter((h) => h.count > 0 || notLive.includes(h.agency))
      .map((h) => ({ agencyId: h.agency.id, agencyName: h.agency.name, live: !notLive.includes(h.agency), ...(agencyJoins(p, h.agency.id) ? { joins: agencyJoins(p, h.agency.id) } : {}), heldDossiers: h.count })),
    queues: queues.map((q): QueueHealth => {
      const deadLetter = isDeadLetterQueue(q.name);
      const waiting = q.visible + q.inFlight;
      return { ...q, deadLetter, ...(deadLetter && waiting > 0 ? { warning: `Hàng đợi thư lỗi có ${waiting} tin nhắn chờ xử lý` } : {}) };
    }),
    queuesTruncated: truncated,
  };
}
