/**
 * The sms-deferred schedule (every minute): SMS notices held for quiet hours, a phone's rate
 * window or a retry's backoff go back on the sms-outbox queue once due. Reads the one clock.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import { dynamoDocuments, sqs } from '../shared/aws/clients.ts';
import { now } from '../shared/aws/clock.ts';
import { readConfig } from '../shared/aws/config.ts';
import { SmsQueue } from '../shared/aws/sms-queue.ts';
import { SmsStore } from '../shared/aws/sms-store.ts';
import { releaseDeferred } from '../shared/app/sms.ts';

const config = readConfig(z.object({ DOSSIERS_TABLE: z.string(), SMS_OUTBOX_QUEUE: z.string() }));
const logger = new Logger();
const queue = new SmsQueue(sqs(), config.SMS_OUTBOX_QUEUE);
const deps = { sms: new SmsStore(dynamoDocuments(), config.DOSSIERS_TABLE), now, enqueue: (n: { ref: string; id: string }) => queue.send(n) };

export const handler = async () => {
  const result = await releaseDeferred(deps);
  logger.info('sms deferred sweep', result);
  return result;
};
