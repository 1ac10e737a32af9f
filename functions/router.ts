/**
 * Router: reads the dossiers table's stream and sends each routable event to the competent
 * agency's FIFO queue, and each shipment event to the courier-dispatch queue. Records are handled one by one; a failing record (queue unreachable) is
 * reported in batchItemFailures and retried by the event source mapping, so nothing is lost.
 *
 * One at a time, in stream order: the FIFO queue keeps a dossier's messages in the order they
 * are sent, so they must be sent in the order the events happened (Powertools' default runs a
 * batch's records in parallel). After one of a dossier's records fails, its later records in the
 * batch fail too without sending: the stream retries from the first failure, and a later message
 * must not overtake it.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { AgencyQueues } from '../shared/aws/agency-queues.ts';
import { CourierQueue } from '../shared/aws/courier-queue.ts';
import { dynamoDocuments, sqs } from '../shared/aws/clients.ts';
import { insertedItem } from '../shared/aws/streams.ts';
import { dossierContext } from '../shared/app/context.ts';
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
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function record(r: DynamoDBRecord, failed: Set<string>): Promise<void> {
  let dossierRef: string | undefined;
  try {
    const item = insertedItem(r);
    const routable = !!item && isRoutable(item);
    if (!item || (!routable && !isNotifiable(item))) return;
    const event = item as DossierEvent & Record<string, unknown>;
    dossierRef = event.dossierRef;
    if (failed.has(dossierRef)) throw new Error('an earlier event of this dossier failed in this batch');
    if (routable) {
      const outcome = await routeDossier(deps, event);
      logger.info('routed', { dossierRef: event.dossierRef, eventId: event.eventId, outcome });
      if (outcome === 'held') metrics.addMetric('DossiersHeldForRollout', MetricUnit.Count, 1);
    }
    // The SMS outbox, after the routing: each notice made once, whatever is retried.
    const notices = await noticesFor(deps, event);
    if (notices.queued + notices.skipped > 0) logger.info('sms notices', { dossierRef: event.dossierRef, eventId: event.eventId, type: event.type, ...notices });
  } catch (error) {
    if (dossierRef) failed.add(dossierRef);
    // Codes and ids only: no personal data in this line.
    logger.warn('routing failed, will retry', { sequenceNumber: r.dynamodb?.SequenceNumber, errorName: (error as Error).name, errorMessage: (error as Error).message });
    throw error;
  }
}

export const handler = async (event: DynamoDBStreamEvent, context: Context) => {
  const failed = new Set<string>();
  try {
    return await processPartialResponse(event, (r: DynamoDBRecord) => record(r, failed), processor, { context, processInParallel: false });
  } finally {
    metrics.publishStoredMetrics();
  }
};
