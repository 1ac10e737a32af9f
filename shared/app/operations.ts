/**
 * The province's operations at a glance (dashboard, issue 16 item 5): which receiving units and
 * service points are live today, which agencies are not live yet and how many dossiers wait for
 * each (the held-by-agency index), and each queue's depth and the age of its oldest message, with
 * a warning on a DLQ that is not empty and on a queue whose oldest message is as old as its alarm.
 */
import type { DossierStore } from '../aws/dossier-store.ts';
import type { QueueAgeReader } from '../aws/queue-age.ts';
import type { QueueDepth, QueueHealthReader } from '../aws/queue-health.ts';
import { inBatches } from '../domain/concurrency.ts';
import { localIsoDate } from '../domain/dossier.ts';
import { formatElapsed } from '../domain/duration.ts';
import { agencyLive, type Province } from '../domain/province.ts';
import { agencyJoins, receivingUnitLive, servicePointLive } from '../domain/rollout.ts';

export interface OperationsDeps {
  province: Province;
  store: Pick<DossierStore, 'heldFor'>;
  queues: Pick<QueueHealthReader, 'depths'>;
  ages: Pick<QueueAgeReader, 'ages'>;
  /** The age each queue alarms at, by name or `<prefix>*` (infra/topology.ts `queueAgeAlarms`, the alarms' own numbers). */
  ageAlarms: Readonly<Record<string, number>>;
  /** Told when CloudWatch could not be read (the view answers without ages): the function logs it. */
  onAgesFailed?: (error: unknown) => void;
  now: () => Date;
}

/** Dead-letter queues: `<prefix>-<id>-dlq[.fifo]` and `<prefix>-dlq-agency-<id>.fifo` (infra/topology.ts, `names`). */
export const isDeadLetterQueue = (name: string) => /-dlq(\.fifo)?$/.test(name) || name.includes('-dlq-agency-');

/** The age at which a queue alarms: its own entry, else the longest `<prefix>*` entry it falls under; null when none (DLQs alarm on depth). */
export function ageAlarmOf(name: string, alarms: Readonly<Record<string, number>>): number | null {
  if (alarms[name] !== undefined) return alarms[name];
  const prefixes = Object.keys(alarms).filter((k) => k.endsWith('*') && name.startsWith(k.slice(0, -1)));
  const longest = prefixes.sort((a, b) => b.length - a.length)[0];
  return longest === undefined ? null : alarms[longest]!;
}

export interface QueueHealth extends QueueDepth {
  deadLetter: boolean;
  /** Seconds the oldest message has waited (CloudWatch's latest minute); null when the queue is empty or CloudWatch has no point yet. */
  oldestAgeSeconds: number | null;
  /** The age at which the queue alarms, and the dashboard warns; null for a queue without an age alarm. */
  ageAlarmSeconds: number | null;
  /** A DLQ holding messages (something failed past its retries and waits for a person), or a message waiting as long as the alarm's age. */
  warning?: string;
}

function queueHealthOf(q: QueueDepth, age: number | null, ageAlarmSeconds: number | null): QueueHealth {
  const deadLetter = isDeadLetterQueue(q.name);
  const waiting = q.visible + q.inFlight;
  const warnings = [
    deadLetter && waiting > 0 ? `Hàng đợi thư lỗi có ${waiting} tin nhắn chờ xử lý` : undefined,
    age !== null && ageAlarmSeconds !== null && age >= ageAlarmSeconds ? `Tin nhắn cũ nhất đã chờ ${formatElapsed(age)} (ngưỡng cảnh báo ${formatElapsed(ageAlarmSeconds)}): nơi nhận có thể đã ngừng hoặc đang lỗi` : undefined,
  ].filter((w) => w !== undefined);
  return { ...q, deadLetter, oldestAgeSeconds: age, ageAlarmSeconds, ...(warnings.length ? { warning: warnings.join('; ') } : {}) };
}

export async function operationsView(deps: OperationsDeps) {
  const p = deps.province;
  const date = localIsoDate(deps.now());
  const agencies = [...p.agencies.values()];
  const notLive = agencies.filter((a) => !agencyLive(p, a.id, date));
  // Agencies live today can still hold dossiers until the hourly release: ask every agency, bounded.
  const held = await inBatches(agencies, 16, async (a) => ({ agency: a, count: (await deps.store.heldFor(a.id)).length }));
  const { queues, truncated } = await deps.queues.depths();
  // Only a queue holding messages has an age. An empty one is not asked about: SQS stops
  // publishing the metric when a queue empties, so its last point would show an age it no longer has.
  const holding = queues.filter((q) => q.visible + q.inFlight > 0).map((q) => q.name);
  // CloudWatch down or throttled must not take the rollout and the depths with it: ages unknown, said so.
  const ages = holding.length
    ? await deps.ages.ages(holding, deps.now()).catch((error: unknown) => {
        deps.onAgesFailed?.(error);
        return undefined;
      })
    : new Map<string, number | null>();
  return {
    date,
    receivingUnits: [...p.receivingUnits.values()].map((u) => ({ id: u.id, name: u.name, live: receivingUnitLive(p, u, date) })),
    servicePoints: [...p.servicePoints.values()].map((s) => ({ id: s.id, name: s.name, live: servicePointLive(p, s, date) })),
    heldAgencies: held
      .filter((h) => h.count > 0 || notLive.includes(h.agency))
      .map((h) => ({ agencyId: h.agency.id, agencyName: h.agency.name, live: !notLive.includes(h.agency), ...(agencyJoins(p, h.agency.id) ? { joins: agencyJoins(p, h.agency.id) } : {}), heldDossiers: h.count })),
    queues: queues.map((q) => queueHealthOf(q, ages?.get(q.name) ?? null, ageAlarmOf(q.name, deps.ageAlarms))),
    queuesTruncated: truncated,
    ...(ages ? {} : { agesUnavailable: 'Không đọc được tuổi tin nhắn từ CloudWatch lúc này: số tin nhắn vẫn đúng, tuổi tin cũ nhất chưa biết' }),
  };
}
