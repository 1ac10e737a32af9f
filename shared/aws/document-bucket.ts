/**
 * Scans and result documents in S3. The server fixes every key; citizens, clerks and agencies
 * only ever get short-lived presigned URLs:
 *
 * | object                 | key                                          |
 * |------------------------|----------------------------------------------|
 * | scan of a slot         | dossiers/<code>/documents/<slot>             |
 * | result document        | dossiers/<code>/results/<slot>               |
 * | rejected upload        | quarantine/<code>/<kind>/<slot>/<version or time> |
 *
 * Uploading again to a slot writes the same key: the bucket's versioning keeps the old file.
 */
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import { defaultMaxBytes, headBytes, sniffType } from '../domain/documents.ts';

export type DocumentKind = 'documents' | 'results';

export const documentKey = (code: string, kind: DocumentKind, slot: string) => `dossiers/${code}/${kind}/${slot}`;

/** Reads a key back into its parts; undefined for keys outside the dossier layout. */
export function parseDocumentKey(key: string): { code: string; kind: DocumentKind; slot: string } | undefined {
  const m = /^dossiers\/([^/]+)\/(documents|results)\/([^/]+)$/.exec(key);
  return m ? { code: m[1]!, kind: m[2] as DocumentKind, slot: m[3]! } : undefined;
}

export interface UploadForm extends PresignedPost {
  expiresAt: string;
}

export interface StoredObject {
  size: number;
  versionId?: string;
  /** S3's ETag, without quotes: with versionId (or alone, where the bucket has no versions) it names the write. */
  eTag?: string;
  /** The first `headBytes` bytes. */
  head: Uint8Array;
  /** The whole object when it is a PDF no larger than the reading limit (PDF checks need all of it). */
  body?: Uint8Array;
  /** SHA-256 of the whole object, base64 (the form S3 checksums use). */
  sha256: string;
}

export class DocumentBucket {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    /** The largest PDF kept in memory whole by `inspect` (slots are capped at 20 MB). */
    private readonly maxBodyBytes = defaultMaxBytes,
  ) {}

  /**
   * A browser form upload (presigned POST) for exactly one key, pinning the content type, the size
   * range and the SHA-256 the client declared (S3 refuses a body whose checksum differs).
   */
  async uploadForm(input: { key: string; contentType: string; maxBytes: number; sha256: string; expiresSeconds: number; now: Date }): Promise<UploadForm> {
    const form = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: input.key,
      Expires: input.expiresSeconds,
      Fields: { 'Content-Type': input.contentType, 'x-amz-checksum-algorithm': 'SHA256', 'x-amz-checksum-sha256': input.sha256 },
      Conditions: [
        ['content-length-range', 1, input.maxBytes],
        ['eq', '$Content-Type', input.contentType],
        ['eq', '$x-amz-checksum-algorithm', 'SHA256'],
        ['eq', '$x-amz-checksum-sha256', input.sha256],
      ],
    });
    return { ...form, expiresAt: new Date(input.now.getTime() + input.expiresSeconds * 1000).toISOString() };
  }

  /** A presigned GET, e.g. for an agency downloading a scan (at most 5 minutes). */
  downloadUrl(key: string, expiresSeconds: number, fileName?: string): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ...(fileName ? { ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` } : {}),
      }),
      { expiresIn: expiresSeconds },
    );
  }

  /**
   * Reads an object once, streaming its SHA-256: its size, first bytes, and the whole of it when
   * it is a PDF within `maxBodyBytes` (a larger one fails the slot's size limit anyway).
   */
  async inspect(key: string, versionId?: string): Promise<StoredObject | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
      const hash = createHash('sha256');
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of out.Body as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        size += chunk.length;
        if (size <= this.maxBodyBytes) chunks.push(chunk);
      }
      const kept = size <= this.maxBodyBytes ? Buffer.concat(chunks) : Buffer.concat(chunks).subarray(0, headBytes);
      const head = Uint8Array.from(kept.subarray(0, headBytes));
      const body = size <= this.maxBodyBytes && sniffType(head) === 'application/pdf' ? kept : undefined;
      return {
        size,
        head,
        ...(body ? { body } : {}),
        sha256: hash.digest('base64'),
        ...(out.VersionId ? { versionId: out.VersionId } : {}),
        ...(out.ETag ? { eTag: out.ETag.replace(/"/g, '') } : {}),
      };
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  /** The write at a key now (its version and ETag), or undefined when the key holds nothing. */
  async current(key: string): Promise<{ versionId?: string; eTag?: string } | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { ...(out.VersionId ? { versionId: out.VersionId } : {}), ...(out.ETag ? { eTag: out.ETag.replace(/"/g, '') } : {}) };
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NotFound' || name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  /**
   * Moves a rejected upload out of the slot's key, so nobody downloads it by mistake. A source
   * already gone (moved by an earlier delivery of the same event) is not an error.
   */
  async quarantine(key: string, target: string, versionId?: string): Promise<void> {
    const source = `${this.bucket}/${key.split('/').map(encodeURIComponent).join('/')}${versionId ? `?versionId=${encodeURIComponent(versionId)}` : ''}`;
    try {
      await this.s3.send(new CopyObjectCommand({ Bucket: this.bucket, Key: target, CopySource: source }));
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return;
      throw error;
    }
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
  }
}
