/**
 * AWS End User Messaging SMS delivery events: each record of the sms-events queue is an event the
 * configuration set's destination published (raw from the topic, or an SNS notification), applied
 * to its notice like any receipt (shared/app/sms.ts). A malformed record throws, so it fails until
 * it waits in the DLQ (alarmed); an event for a message whose send is not written yet is held for it;
 * a repeat changes nothing.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { dynamoDocuments } from '../shared/aws/clients.ts';
import { now } from '../shared/aws/clock.ts';
import { readConfig } from '../shared/aws/config.ts';
import { SmsStore } from '../shared/aws/sms-store.ts';
import { applyReceipt } from '../shared/app/sms.ts';
import { awsSmsProviderId, parseAwsSmsEventRecord } from '../shared/partners/sms/aws-end-user-messaging.ts';

const config = readConfig(z.object({ DOSSIERS_TABLE: z.string() }));
const logger = new Logger();
const processor = new BatchProcessor(EventType.SQS);
const deps = { sms: new SmsStore(dynamoDocuments(), config.DOSSIERS_TABLE), now };

async function record(r: SQSRecord): Promise<void> {
  const receipt = parseAwsSmsEventRecord(r.body);
  const outcome = receipt ? await applyReceipt(deps, awsSmsProviderId, receipt) : 'pending';
  // Ids and statuses only: the event also carries the destination phone, never logged.
  logger.info('sms event', { providerMessageId: receipt?.providerMessageId, smsId: receipt?.reference, providerStatus: receipt?.providerStatus, outcome });
}

export const handler = async (event: SQSEvent, context: Context) => processPartialResponse(event, record, processor, { context });
