/**
 * The SMS outbox: each dossier event a scenario names (shared/sms/scenarios.json) becomes one
 * notice per recipient, created once (its id derives from the event, the scenario and the
 * recipient) and put on the sms-outbox queue. The router calls this for every event it reads from
 * the stream, after routing, so a notice is never lost to a failed send and never made twice.
 */
import type { DossierStore } from '../aws/dossier-store.ts';
import type { SmsStore } from '../aws/sms-store.ts';
import type { Dossier, DossierEvent } from '../domain/dossier.ts';
import type { Province } from '../domain/province.ts';
import { procedureShortName, renderSms, placeholdersOf, type SmsValue } from '../domain/sms/render.ts';
import { notifiedEventTypes } from '../domain/stream-filters.ts';
import { scenarios, scenariosFor, type ScenarioFacts, type SmsScenario } from '../domain/sms/scenarios.ts';
import type { SmsNotice } from '../domain/sms/notice.ts';
import { nameUuid } from './name-uuid.ts';
import { trackingUrl } from '../domain/tracking.ts';

export interface NoticeDeps {
  store: DossierStore;
  sms: SmsStore;
  smsQueue: { send(notice: { ref: string; id: string }): Promise<void> };
  province: Province;
  now: () => Date;
}

/** Where a citizen follows a dossier: shared with the printed forms' QR. */
export { trackingBase } from '../domain/tracking.ts';

/** Whether an event (a stream item) may concern a scenario. */
export const isNotifiable = (item: Record<string, unknown>): boolean => item.entity === 'event' && typeof item.type === 'string' && notifiedEventTypes.has(item.type);

/** The facts a scenario's `when` reads, from the dossier and the event. */
function factsOf(dossier: Dossier, event: DossierEvent): ScenarioFacts {
  // A stop says its kind (verification, or a stop proper); older stop events are stops.
  const reason = event.type === 'dossier.stopped' ? (event.data.kind === 'verification' ? 'verification' : 'stop') : undefined;
  const clockPaused = typeof event.data.pausesClock === 'boolean' ? event.data.pausesClock : undefined;
  const rescheduled = event.type === 'postal.pickup-failed' ? nextWindow(event) !== undefined : undefined;
  return {
    channel: dossier.channel,
    resultDelivery: dossier.resultDelivery.method,
    ...(reason ? { reason } : {}),
    ...(clockPaused !== undefined ? { clockPaused } : {}),
    ...(rescheduled !== undefined ? { rescheduled } : {}),
    optIn: dossier.smsOptIn === true,
  };
}

/** The new appointment a postman agreed after a missed pickup, when the event has one. */
function nextWindow(event: DossierEvent): { from: string; to: string } | undefined {
  const w = event.data.nextWindow as { from?: unknown; to?: unknown } | undefined;
  return typeof w?.from === 'string' && typeof w.to === 'string' ? { from: w.from, to: w.to } : undefined;
}

/** The values of a scenario's placeholders: the dossier code and what the citizen needs, no personal data. */
function valuesOf(province: Province, dossier: Dossier, event: DossierEvent): Record<string, SmsValue> {
  const data = event.data as Record<string, unknown>;
  const procedure = province.procedures.get(dossier.procedureId);
  const pointId = typeof data.servicePointId === 'string' ? data.servicePointId : dossier.resultDelivery.method === 'counter' ? dossier.resultDelivery.servicePointId : dossier.servicePointId;
  const place = pointId ? province.servicePoints.get(pointId)?.name : undefined;
  const values: Record<string, SmsValue> = { code: dossier.code ?? dossier.ref, trackUrl: trackingUrl(dossier.ref) };
  if (procedure) values.procedure = procedureShortName(procedure.name);
  const due = typeof data.previousDueAt === 'string' ? data.previousDueAt : dossier.dueAt;
  if (due) {
    values.dueDate = { date: due };
    values.dueTime = { time: due };
  }
  if (typeof data.newDueAt === 'string') values.newDueDate = { date: data.newDueAt };
  const visit = nextWindow(event);
  if (visit) {
    values.visitDate = { date: visit.from };
    values.visitTime = { time: visit.from };
  }
  if (place) values.place = place;
  if (typeof data.itemId === 'string') values.itemId = data.itemId;
  if (typeof data.amount === 'number') values.amount = { vnd: data.amount };
  return values;
}

/**
 * Creates the notices of one event and queues them. A scenario whose values the event lacks (a
 * result-ready notice for a dossier with no appointment, say) is skipped and counted, never
 * thrown: a failing stream record would hold up its whole shard.
 */
export async function noticesFor(deps: NoticeDeps, event: DossierEvent, loaded?: Dossier): Promise<{ queued: number; skipped: number }> {
  // A completion that hands the dossier to the next agency of a chain is no result yet; a postman
  // taking a result delivery is not "coming for the pickup" (the out-for-delivery notice says it).
  if (event.type === 'dossier.completed' && event.data.to !== 'result-ready') return { queued: 0, skipped: 0 };
  if (event.type === 'postal.accepted' && event.data.kind !== 'pickup') return { queued: 0, skipped: 0 };
  const set = scenarios();
  // The router's read of the dossier serves here too (what a notice reads does not change by routing).
  const dossier = loaded ?? (await deps.store.getDossier(event.dossierRef));
  if (!dossier) return { queued: 0, skipped: 0 };
  // A fee request paid before its notice is made (at the counter, on the spot) needs no reminder.
  const requests = dossier.payments;
  if (event.type === 'payment.requested' && requests?.[String(event.data.requestId)]?.status === 'paid') return { queued: 0, skipped: 0 };
  const matched: SmsScenario[] = scenariosFor(set, event.type, factsOf(dossier, event));
  let queued = 0;
  let skipped = 0;
  const values = valuesOf(deps.province, dossier, event);
  for (const scenario of matched) {
    for (const recipient of scenario.recipients) {
      const to = recipient === 'applicant' ? dossier.applicant.phone : dossier.applicant.representative?.phone;
      if (!to) continue;
      const wanted = placeholdersOf(scenario.template.text);
      if (wanted.some((p) => values[p] === undefined)) {
        skipped++;
        continue;
      }
      const rendered = renderSms(scenario.template.text, Object.fromEntries(wanted.map((p) => [p, values[p]!])), { unicode: scenario.template.unicode ?? false });
      const notice: SmsNotice = {
        id: nameUuid(`${event.eventId}/${scenario.id}/${recipient}`),
        dossierRef: dossier.ref,
        eventId: event.eventId,
        scenario: scenario.id,
        templateVersion: scenario.template.version,
        recipient,
        to,
        sender: set.sender.brandname,
        text: rendered.text,
        encoding: rendered.encoding,
        segments: rendered.segments,
        status: 'created',
        createdAt: deps.now().toISOString(),
        attempts: [],
      };
      // Made once; queued again if it exists and was not sent yet (the send may have failed last time).
      const created = await deps.sms.create(notice);
      const current = created ? notice : await deps.sms.get(dossier.ref, notice.id);
      if (current?.status !== 'created') continue;
      await deps.smsQueue.send({ ref: dossier.ref, id: notice.id });
      queued++;
    }
  }
  return { queued, skipped };
}
