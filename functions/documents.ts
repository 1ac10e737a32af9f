/**
 * Document function: S3 object-created events for `dossiers/` keys. Each object is checked (real
 * type by magic bytes, size, SHA-256 against what was declared), the slot is marked verified or
 * rejected with the reason, and a rejected object is moved to quarantine. A failure is thrown so
 * S3's asynchronous invocation retries, then sends the event to the failures queue.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';
import * as z from 'zod';
import { s3 } from '../shared/aws/clients.ts';
import { DocumentBucket } from '../shared/aws/document-bucket.ts';
import { dossierContext } from '../shared/app/context.ts';
import { verifyDocument } from '../shared/app/documents.ts';

const { config, ...base } = dossierContext({ DOCUMENTS_BUCKET: z.string() });
const logger = new Logger();
const deps = {
  ...base,
  bucket: new DocumentBucket(s3(), config.DOCUMENTS_BUCKET),
};

/** S3 writes keys in events form-encoded: "+" for a space, %XX for the rest. */
const decodeKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

export const handler = async (event: S3Event): Promise<void> => {
  for (const record of event.Records) {
    const key = decodeKey(record.s3.object.key);
    const { versionId, sequencer } = record.s3.object;
    const outcome = await verifyDocument(deps, key, { ...(versionId ? { versionId } : {}), ...(sequencer ? { sequencer } : {}) });
    // Keys name the dossier code and slot only: no personal data in this line.
    logger.info('document checked', { key, outcome });
  }
};
