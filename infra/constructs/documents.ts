/**
 * The documents bucket (citizens' scans, agencies' result documents): private, KMS-encrypted,
 * versioned, TLS-only, with server access logs and lifecycle rules per prefix (dossiers/,
 * quarantine/). Browsers upload through presigned POSTs and download through presigned GETs only.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BucketId } from '../topology.ts';

export interface DocumentsProps {
  production: boolean;
  /** Origins allowed to POST uploads and GET downloads from a browser. */
  corsOrigins: string[];
  /** Years scans and result documents are kept (context `retentionYears`); default 10. */
  retentionYears?: number;
}

/**
 * The default retention of scans and results. No figure is fixed yet (the issue gives none and no
 * archive rule is cited): ten years is a conservative default; set context `retentionYears` when
 * the province's archive rules fix one.
 */
export const defaultRetentionYears = 10;

/** Lifecycle ages, in days. */
export const documentLifecycle = {
  /** An upload left incomplete (multipart) is aborted after a day. */
  abortIncompleteUploadDays: 1,
  /** A rejected upload (quarantine/) is kept a month for an appeal or an investigation. */
  quarantineDays: 30,
  /** Then its version (made noncurrent by the expiration's delete marker) is deleted a day later. */
  quarantineNoncurrentDays: 1,
  /** Current scans and results (dossiers/): infrequent access once the dossier is usually closed, ... */
  dossiersInfrequentAccessDays: 90,
  /** ... and Glacier Instant Retrieval (milliseconds reads, like Standard) after a year. */
  dossiersGlacierIrDays: 365,
  /** Replaced versions (a slot uploaded again): infrequent access after 30 days, Glacier IR after 180. */
  noncurrentInfrequentAccessDays: 30,
  noncurrentGlacierIrDays: 180,
};

/** Retention in days: whole years counted with leap days, so the retention is never shorter. */
export const retentionDays = (years: number) => Math.ceil(years * 365.25);

export class Documents extends Construct {
  readonly buckets: Record<BucketId, s3.Bucket>;
  readonly key: kms.Key;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DocumentsProps) {
    super(scope, id);
    const removalPolicy = props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const retentionYears = props.retentionYears ?? defaultRetentionYears;
    if (!Number.isFinite(retentionYears) || retentionYears < 1) throw new Error(`retentionYears must be a number of years >= 1, got ${retentionYears}`);
    const retention = Duration.days(retentionDays(retentionYears));
    const days = documentLifecycle;

    // Scans carry personal data (CCCD, addresses). A customer key adds a second gate next to the
    // bucket policy (decrypting needs a grant on the key too), can be disabled in an incident and
    // shows every decrypt in CloudTrail. The bucket key keeps the KMS request bill small.
    this.key = new kms.Key(this, 'key', {
      description: 'motcua documents bucket (scans and result documents)',
      enableKeyRotation: true,
      removalPolicy,
    });

    // Server access log delivery does not support SSE-KMS targets: this bucket uses SSE-S3.
    // cdk-nag's S1 accepts a bucket without its own access logs when it is a log target.
    this.accessLogs = new s3.Bucket(this, 'access-logs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy,
    });

    const documents = new s3.Bucket(this, 'documents', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'documents/',
      // Defaults (documentLifecycle; retention from context retentionYears, 10 years by default):
      // - every upload left incomplete is aborted after 1 day;
      // - dossiers/ (scans and results): Standard-IA after 90 days, Glacier IR after 365, expired
      //   (a delete marker) after the retention;
      // - dossiers/ versions replaced by a new upload to the slot: Standard-IA 30 days and Glacier
      //   IR 180 days after they were replaced, deleted after the retention. S3 counts those days
      //   from the replacement, and the expiration of a current version makes it noncurrent too:
      //   an object expired at the end of its retention keeps its last version for one more
      //   retention period unless the noncurrent figure is lowered.
      // - quarantine/ (rejected uploads): expired after 30 days, the version that leaves a day later.
      // The rules never give one action type to overlapping prefixes (S3's older lifecycle
      // validation refuses that), so a new top-level prefix needs rules of its own.
      // No "keep at most N versions" rule: S3 applies NewerNoncurrentVersions together with the
      // noncurrent days, so it could only keep N versions beyond the retention, never fewer.
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(days.abortIncompleteUploadDays) },
        {
          id: 'dossiers',
          prefix: 'dossiers/',
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(days.dossiersInfrequentAccessDays) },
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(days.dossiersGlacierIrDays) },
          ],
          expiration: retention,
        },
        {
          id: 'dossiers-noncurrent-versions',
          prefix: 'dossiers/',
          noncurrentVersionTransitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(days.noncurrentInfrequentAccessDays) },
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(days.noncurrentGlacierIrDays) },
          ],
          noncurrentVersionExpiration: retention,
        },
        {
          id: 'quarantine',
          prefix: 'quarantine/',
          expiration: Duration.days(days.quarantineDays),
          noncurrentVersionExpiration: Duration.days(days.quarantineNoncurrentDays),
        },
      ],
      // Browser form uploads through presigned POSTs (the signed policy pins key, type, size and
      // checksum) and downloads through presigned GETs. The version id lets a client tell which
      // version of a slot it wrote.
      cors: [
        {
          allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET],
          allowedOrigins: props.corsOrigins,
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag', 'x-amz-version-id'],
          maxAge: 3600,
        },
      ],
      // No autoDeleteObjects: its custom resource would add a Lambda with delete rights on the
      // bucket. A non-empty bucket outside production must be emptied before the stack is deleted.
      removalPolicy,
    });
    this.buckets = { documents };
  }
}
