/**
 * What every function builds once at cold start, from its environment: the dossier store and the
 * province data (all functions), plus the document bucket, the calendar and the application
 * secret (the APIs).
 */
import * as z from 'zod';
import { vietnamCalendar } from '../calendar/index.ts';
import { cloudWatch, dynamoDocuments, s3, sqs } from '../aws/clients.ts';
import { now } from '../aws/clock.ts';
import { readConfig } from '../aws/config.ts';
import { DocumentBucket } from '../aws/document-bucket.ts';
import { DossierStore } from '../aws/dossier-store.ts';
import { FigureStore } from '../aws/figure-store.ts';
import { MoneyStore } from '../aws/money-store.ts';
import { QueueAgeReader } from '../aws/queue-age.ts';
import { QueueHealthReader } from '../aws/queue-health.ts';
import { RatingStore } from '../aws/rating-store.ts';
import { S10Allocator } from '../aws/s10-allocator.ts';
import { appSecret } from '../aws/secrets.ts';
import { province as loadProvince } from '../province/index.ts';

/** The store and province every function needs; `extra` names the other variables it reads. */
export function dossierContext<S extends z.ZodRawShape>(extra: S) {
  const common = readConfig(z.object({ DOSSIERS_TABLE: z.string(), PROVINCE_DATASET: z.string() }));
  const province = loadProvince(common.PROVINCE_DATASET);
  return {
    config: readConfig(z.object(extra)),
    store: new DossierStore(dynamoDocuments(), common.DOSSIERS_TABLE),
    province,
    /** S10 item ids from each post office's ranges (counters and reservations in the same table). */
    items: new S10Allocator(dynamoDocuments(), common.DOSSIERS_TABLE, province),
    /** Receipts, refunds and remittances (beside the dossiers, same table). */
    money: new MoneyStore(dynamoDocuments(), common.DOSSIERS_TABLE),
    /** Satisfaction rating aggregates (beside the dossiers, same table). */
    ratings: new RatingStore(dynamoDocuments(), common.DOSSIERS_TABLE),
    // The real time in AWS, the local cloud's clock when it is set (shared/aws/clock.ts).
    now,
  };
}

/** The admin API's: the store, the money and the secret, no document bucket (it handles no file; least privilege). */
export function adminApiContext() {
  const { config, ...base } = dossierContext({ IDEMPOTENCY_TABLE: z.string(), APP_SECRET_ID: z.string(), ORIGIN_VERIFY_SECRET: z.string().optional() });
  const secret = () => appSecret(config.APP_SECRET_ID);
  return { deps: { ...base, secret }, api: { idempotencyTable: config.IDEMPOTENCY_TABLE, secret, now: base.now, originSecret: config.ORIGIN_VERIFY_SECRET } };
}

export function apiContext() {
  const { config, ...base } = dossierContext({
    IDEMPOTENCY_TABLE: z.string(),
    DOCUMENTS_BUCKET: z.string(),
    APP_SECRET_ID: z.string(),
    // Set in AWS only (infra/constructs/front.ts): what CloudFront sends, see shared/http/origin-guard.ts.
    ORIGIN_VERIFY_SECRET: z.string().optional(),
  });
  const secret = () => appSecret(config.APP_SECRET_ID);
  const deps = { ...base, bucket: new DocumentBucket(s3(), config.DOCUMENTS_BUCKET), calendar: vietnamCalendar(), secret };
  return { config, deps, api: { idempotencyTable: config.IDEMPOTENCY_TABLE, secret, now: base.now, originSecret: config.ORIGIN_VERIFY_SECRET } };
}

/** `{"<queue name>": seconds, "<prefix>-agency-*": seconds}` (infra/topology.ts `queueAgeAlarms`). */
const ageAlarmsSchema = z
  .string()
  .transform((text) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  })
  .pipe(z.record(z.string(), z.number().int().positive()));

/**
 * Queue health (permission `queueHealth`), configured at cold start: depths of the queues under the
 * deployment's name prefix (SQS), the age of each one's oldest message (CloudWatch), and the age
 * each queue alarms at.
 */
export function queueHealth() {
  const config = readConfig(z.object({ QUEUE_NAME_PREFIX: z.string(), QUEUE_AGE_ALARMS: ageAlarmsSchema }));
  return { queues: new QueueHealthReader(sqs(), config.QUEUE_NAME_PREFIX), ages: new QueueAgeReader(cloudWatch()), ageAlarms: config.QUEUE_AGE_ALARMS };
}

/** The figures table, for the functions that report from it (its name read at cold start). */
export function figureStore(): FigureStore {
  return new FigureStore(dynamoDocuments(), readConfig(z.object({ FIGURES_TABLE: z.string() })).FIGURES_TABLE);
}
