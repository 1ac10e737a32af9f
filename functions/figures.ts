/**
 * Figures: reads the dossiers table's stream (filtered to the events that count and the SMS sent:
 * shared/domain/stream-filters.ts) and counts each into the figures table, once
 * (shared/app/figures.ts). A batch is counted at once: one read per dossier, then as few
 * transactions as fit (contributions commute; a chunk that finds something counted already is
 * applied one by one). If the batch fails it is retried whole (bisected on error) and, after the
 * retries, goes to the figures-failures queue (alarmed); the recount (README, "Recount") makes the
 * figures whole.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { dynamoDocuments } from '../shared/aws/clients.ts';
import { readConfig } from '../shared/aws/config.ts';
import { DossierStore } from '../shared/aws/dossier-store.ts';
import { FigureStore } from '../shared/aws/figure-store.ts';
import { newItem } from '../shared/aws/streams.ts';
import { countBatch, type Countable } from '../shared/app/figures.ts';
import { vietnamCalendar } from '../shared/calendar/index.ts';
import type { DossierEvent } from '../shared/domain/dossier.ts';
import type { SmsNotice } from '../shared/domain/sms/notice.ts';

const config = readConfig(z.object({ DOSSIERS_TABLE: z.string(), FIGURES_TABLE: z.string() }));
const logger = new Logger();
const deps = { store: new DossierStore(dynamoDocuments(), config.DOSSIERS_TABLE), figures: new FigureStore(dynamoDocuments(), config.FIGURES_TABLE), calendar: vietnamCalendar() };

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const batch: Countable[] = [];
  for (const r of event.Records) {
    const item = newItem(r);
    if (item?.entity === 'event' && r.eventName === 'INSERT') batch.push({ event: item as unknown as DossierEvent });
    else if (item?.entity === 'sms' && item.sentAt) batch.push({ notice: item as unknown as SmsNotice });
  }
  try {
    const counted = await countBatch(deps, batch);
    logger.info('counted', { records: event.Records.length, counted });
    // All or nothing: a failure throws, and the mapping retries (and bisects) the batch.
    return { batchItemFailures: [] };
  } catch (error) {
    // Counts and sequence numbers only: no personal data in this line.
    logger.warn('counting failed, the batch will be retried', { first: event.Records[0]?.dynamodb?.SequenceNumber, records: event.Records.length, errorName: (error as Error).name, errorMessage: (error as Error).message });
    throw error;
  }
};
