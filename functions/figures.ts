/**
 * Figures: reads the dossiers table's stream and counts each event (and each SMS a provider took)
 * into the figures table, once (shared/app/figures.ts). A failing record is reported in
 * batchItemFailures and retried by the event source mapping; after the retries it goes to the
 * figures-failures queue (alarmed), and the recount (README, "Recount") makes the figures whole.
 *
 * One record after another: contributions commute, but parallel transactions on the same day's
 * cell would conflict (TransactionConflict) and retry each other.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { dynamoDocuments } from '../shared/aws/clients.ts';
import { readConfig } from '../shared/aws/config.ts';
import { DossierStore } from '../shared/aws/dossier-store.ts';
import { FigureStore } from '../shared/aws/figure-store.ts';
import { newItem } from '../shared/aws/streams.ts';
import { countEvent, countNotice } from '../shared/app/figures.ts';
import { vietnamCalendar } from '../shared/calendar/index.ts';
import type { DossierEvent } from '../shared/domain/dossier.ts';
import type { SmsNotice } from '../shared/domain/sms/notice.ts';

const config = readConfig(z.object({ DOSSIERS_TABLE: z.string(), FIGURES_TABLE: z.string() }));
const logger = new Logger();
const deps = { store: new DossierStore(dynamoDocuments(), config.DOSSIERS_TABLE), figures: new FigureStore(dynamoDocuments(), config.FIGURES_TABLE), calendar: vietnamCalendar() };
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function record(r: DynamoDBRecord): Promise<void> {
  const item = newItem(r);
  if (!item) return;
  try {
    if (item.entity === 'event' && r.eventName === 'INSERT') await countEvent(deps, item as unknown as DossierEvent);
    else if (item.entity === 'sms' && item.sentAt) await countNotice(deps, item as unknown as SmsNotice);
  } catch (error) {
    // References and sequence numbers only: no personal data in this line.
    logger.warn('counting failed, will retry', { sequenceNumber: r.dynamodb?.SequenceNumber, dossierRef: item.dossierRef, errorName: (error as Error).name, errorMessage: (error as Error).message });
    throw error;
  }
}

export const handler = async (event: DynamoDBStreamEvent, context: Context) => processPartialResponse(event, record, processor, { context, processInParallel: false });
