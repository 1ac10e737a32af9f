/**
 * What every API function builds once at cold start: configuration, province data, calendar,
 * the dossier store and the document bucket.
 */
import { z } from 'zod';
import { vietnamCalendar } from '../calendar/index.ts';
import { dynamoDocuments, s3 } from '../aws/clients.ts';
import { readConfig } from '../aws/config.ts';
import { DocumentBucket } from '../aws/document-bucket.ts';
import { DossierStore } from '../aws/dossier-store.ts';
import { province as loadProvince } from '../province/index.ts';

export function apiContext() {
  const config = readConfig(
    z.object({ DOSSIERS_TABLE: z.string(), IDEMPOTENCY_TABLE: z.string(), DOCUMENTS_BUCKET: z.string(), PROVINCE_DATASET: z.string() }),
  );
  const store = new DossierStore(dynamoDocuments(), config.DOSSIERS_TABLE);
  const deps = {
    store,
    bucket: new DocumentBucket(s3(), config.DOCUMENTS_BUCKET),
    province: loadProvince(config.PROVINCE_DATASET),
    calendar: vietnamCalendar(),
    now: () => new Date(),
  };
  return { config, deps };
}
