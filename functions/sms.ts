/**
 * SMS delivery: each message of the sms-outbox queue names a notice; it goes out through the
 * first provider that is up (AWS End User Messaging SMS, then the brandname gateway), within
 * quiet hours and the per-phone rate limit, retried with backoff on temporary failures
 * (shared/app/sms.ts). A notice that gave up fails its message until it is in the DLQ.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { dynamoDocuments } from '../shared/aws/clients.ts';
import { now } from '../shared/aws/clock.ts';
import { readConfig } from '../shared/aws/config.ts';
import { appSecret } from '../shared/aws/secrets.ts';
import { SmsStore } from '../shared/aws/sms-store.ts';
import { deliverNotice } from '../shared/app/sms.ts';
import { scenarios } from '../shared/domain/sms/scenarios.ts';
import { AwsEndUserMessagingProvider } from '../shared/partners/sms/aws-end-user-messaging.ts';
import { smsGatewayCredentials } from '../shared/partners/sms/credentials.ts';
import { HttpBrandnameProvider } from '../shared/partners/sms/http-brandname.ts';

const config = readConfig(
  z.object({ DOSSIERS_TABLE: z.string(), APP_SECRET_ID: z.string(), SMS_GATEWAY_SECRET_ID: z.string(), SMS_GATEWAY_URL: z.url(), SMS_CONFIGURATION_SET: z.string().optional() }),
);
const logger = new Logger();
const processor = new BatchProcessor(EventType.SQS);
const rules = scenarios();
// One attempt per call: the notice's own retries (with backoff, then fail-over) are the policy.
const aws = new AwsEndUserMessagingProvider({ client: new PinpointSMSVoiceV2Client({ maxAttempts: 1 }), ...(config.SMS_CONFIGURATION_SET ? { configurationSetName: config.SMS_CONFIGURATION_SET } : {}) });
let brandname: Promise<HttpBrandnameProvider> | undefined;
const gateway = () =>
  (brandname ??= appSecret(config.SMS_GATEWAY_SECRET_ID)
    .then((s) => new HttpBrandnameProvider({ baseUrl: config.SMS_GATEWAY_URL, apiKey: smsGatewayCredentials(s.toString('utf8')).apiKey }))
    .catch((e) => {
      brandname = undefined;
      throw e;
    }));

const sms = new SmsStore(dynamoDocuments(), config.DOSSIERS_TABLE);
const secret = () => appSecret(config.APP_SECRET_ID);
const queueMessage = z.object({ ref: z.string().max(64), id: z.string().max(64) });

async function record(r: SQSRecord): Promise<void> {
  const key = queueMessage.parse(JSON.parse(r.body));
  const deps = { sms, providers: [aws, await gateway()], now, rules, secret };
  const outcome = await deliverNotice(deps, key);
  // Ids only: the notice holds the phone and the text.
  logger.info('sms', { dossierRef: key.ref, smsId: key.id, outcome, receiveCount: r.attributes.ApproximateReceiveCount });
}

export const handler = async (event: SQSEvent, context: Context) => processPartialResponse(event, record, processor, { context });
