/**
 * Router: reads the dossiers table's stream (filtered to the events it routes or tells the citizen
 * of: shared/domain/stream-filters.ts) and sends each routable event to the competent agency's
 * FIFO queue, each shipment event to the courier-dispatch queue, and each SMS notice to the
 * sms-outbox queue. A failing record (queue unreachable) is reported in batchItemFailures and
 * retried by the event source mapping, so nothing is lost.
 *
 * Different dossiers of a batch in parallel, one dossier's events strictly in order
 * (shared/app/keyed-batch.ts): the FIFO queue keeps a dossier's messages in the order they are
 * sent, so they are sent in the order the events happened. One read of the dossier per event
 * serves both the routing and the notices.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { AgencyQueues } from '../shared/aws/agency-queues.ts';
import { CourierQueue } from '../shared/aws/courier-queue.ts';
import { dynamoDocuments, sqs } from '../shared/aws/clients.ts';
import { insertedItem } from '../shared/aws/streams.ts';
import { dossierContext } from '../shared/app/context.ts';
import { inOrderPerKey } from '../shared/app/keyed-batch.ts';
import { isRoutable, routeDossier } from '../shared/app/route-dossier.ts';
import { isNotifiable, noticesFor } from '../shared/app/sms-notices.ts';
import { SmsQueue } from '../shared/aws/sms-queue.ts';
import { SmsStore } from '../shared/aws/sms-store.ts';
import type { DossierEvent } from '../shared/domain/dossier.ts';

const { config, ...base } = dossierContext({ AGENCY_QUEUE_PREFIX: z.string(), COURIER_DISPATCH_QUEUE: z.string(), SMS_OUTBOX_QUEUE: z.string(), DOSSIERS_TABLE: z.string() });
const logger = new Logger();
/** EMF metrics (namespace motcua): `DossiersHeldForRollout` counts dossiers whose agency is not live yet. */
const metrics = new Metrics({ namespace: 'motcua' });
const deps = {
  ...base,
  queues: new AgencyQueues(sqs(), config.AGENCY_QUEUE_PREFIX),
  courier: new CourierQueue(sqs(), config.COURIER_DISPATCH_QUEUE),
  sms: new SmsStore(dynamoDocuments(), config.DOSSIERS_TABLE),
  smsQueue: new SmsQueue(sqs(), config.SMS_OUTBOX_QUEUE),
};
/** Dossiers of one batch handled at once: a batch of 25 events of 25 dossiers takes about the time of 4. */
const dossiersAtOnce = 8;

async function record(r: DynamoDBRecord): Promise<void> {
  try {
    const item = insertedItem(r);
    const routable = !!item && isRoutable(item);
    if (!item || (!routable && !isNotifiable(item))) return;
    const event = item as DossierEvent & Record<string, unknown>;
    const dossier = await deps.store.getDossier(event.dossierRef);
    if (routable) {
      const outcome = await routeDossier(deps, event, dossier);
      logger.info('routed', { dossierRef: event.dossierRef, eventId: event.eventId, outcome });
      if (outcome === 'held') metrics.addMetric('DossiersHeldForRollout', MetricUnit.Count, 1);
    }
    // The SMS outbox, after the routing: each notice made once, whatever is retried.
    const notices = await noticesFor(deps, event, dossier);
    if (notices.queued + notices.skipped > 0) logger.info('sms notices', { dossierRef: event.dossierRef, eventId: event.eventId, type: event.type, ...notices });
  } catch (error) {
    // Codes and ids only: no personal data in this line.
    logger.warn('routing failed, will retry', { sequenceNumber: r.dynamodb?.SequenceNumber, errorName: (error as Error).name, errorMessage: (error as Error).message });
    throw error;
  }
}

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  try {
    const failed = await inOrderPerKey(event.Records, {
      // Every item of a dossier shares its partition key (DOSSIER#<ref>): the key of its order.
      keyOf: (r) => r.dynamodb?.Keys?.pk?.S ?? r.eventID ?? '',
      idOf: (r) => r.dynamodb?.SequenceNumber ?? '',
      handle: record,
      concurrency: dossiersAtOnce,
    });
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  } finally {
    metrics.publishStoredMetrics();
  }
};
