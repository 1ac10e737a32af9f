/**
 * Router: reads the dossiers table's stream and sends each routable event to the competent
 * agency's FIFO queue. Records are handled one by one; a failing record (queue unreachable) is
 * reported in batchItemFailures and retried by the event source mapping, so nothing is lost.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { z } from 'zod';
import { AgencyQueues } from '../shared/aws/agency-queues.ts';
import { dynamoDocuments, sqs } from '../shared/aws/clients.ts';
import { readConfig } from '../shared/aws/config.ts';
import { DossierStore } from '../shared/aws/dossier-store.ts';
import { insertedItem } from '../shared/aws/streams.ts';
import { isRoutable, routeDossier } from '../shared/app/route-dossier.ts';
import { province as loadProvince } from '../shared/province/index.ts';

const config = readConfig(z.object({ DOSSIERS_TABLE: z.string(), AGENCY_QUEUE_PREFIX: z.string(), PROVINCE_DATASET: z.string() }));
const logger = new Logger();
const deps = {
  store: new DossierStore(dynamoDocuments(), config.DOSSIERS_TABLE),
  queues: new AgencyQueues(sqs(), config.AGENCY_QUEUE_PREFIX),
  province: loadProvince(config.PROVINCE_DATASET),
  now: () => new Date(),
};
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function record(r: DynamoDBRecord): Promise<void> {
  try {
    const item = insertedItem(r);
    if (!item || !isRoutable(item)) return;
    const outcome = await routeDossier(deps, item);
    logger.info('routed', { dossierCode: item.dossierCode, eventId: item.eventId, outcome });
  } catch (error) {
    // Codes and ids only: no personal data in this line.
    logger.warn('routing failed, will retry', { sequenceNumber: r.dynamodb?.SequenceNumber, errorName: (error as Error).name, errorMessage: (error as Error).message });
    throw error;
  }
}

export const handler = async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, record, processor, { context });
