/**
 * Fault injection the emulators cannot produce: S3 failing to move a refused file to quarantine
 * after the rejection was recorded. The failure comes from a DocumentBucket whose `quarantine`
 * throws once (the S3 client and DynamoDB stay real); the test uses its own bucket, without the
 * notification, so the real documents function does not handle the same write.
 */
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyDocument } from '../../shared/app/documents.ts';
import { DocumentBucket, documentKey } from '../../shared/aws/document-bucket.ts';
import { DossierStore } from '../../shared/aws/dossier-store.ts';
import { province } from '../../shared/province/index.ts';
import { db, dossiersTable, http } from '../support/cloud.ts';
import { askUpload, sha256 } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';

class FlakyBucket extends DocumentBucket {
  failures = 1;
  override async quarantine(key: string, target: string, versionId?: string): Promise<void> {
    if (this.failures-- > 0) throw new Error('injected: S3 unavailable while moving the file');
    return super.quarantine(key, target, versionId);
  }
}

describe('a refused upload that could not be moved to quarantine', () => {
  it('is moved when S3 delivers the event again', async () => {
    const s3 = new S3Client({});
    const bucketName = `faults-${randomUUID().slice(0, 8)}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucketName }));
    const bucket = new FlakyBucket(s3, bucketName);
    const deps = { store: new DossierStore(db, dossiersTable), bucket, province: province(), now: () => new Date() };

    const created = await http('POST', '/v1/dossiers', { body: dossierBody() });
    const exe = Buffer.from('MZ\x90\x00\x03\x00\x00\x00 not a scan', 'latin1');
    expect((await askUpload(created.body.ref, 'doc-1', exe, { token: created.body.accessToken })).status).toBe(201);
    const key = documentKey(created.body.ref, 'documents', 'doc-1');
    await s3.send(new PutObjectCommand({ Bucket: bucketName, Key: key, Body: exe, ContentType: 'application/pdf', ChecksumSHA256: sha256(exe) }));
    const write = { sequencer: '0001' };

    await expect(verifyDocument(deps, key, write)).rejects.toThrow(/injected/);
    const slot = (await deps.store.getDossier(created.body.ref))!.documents['doc-1']!;
    expect(slot.status).toBe('rejected');
    expect(await s3.send(new HeadObjectCommand({ Bucket: bucketName, Key: key }))).toBeDefined(); // still at the slot key

    // S3 retries the event: the rejection is already recorded, the file is moved now.
    expect(await verifyDocument(deps, key, write)).toBe('already');
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucketName, Key: key }))).rejects.toThrow();
    const moved = await s3.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: `quarantine/${created.body.ref}/` }));
    expect(moved.KeyCount).toBe(1);
    const history = (await deps.store.getWithEvents(created.body.ref))!.events.filter((e) => e.type === 'document.rejected');
    expect(history).toHaveLength(1);
  });
});
