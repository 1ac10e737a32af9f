/**
 * The documents bucket (citizens' scans, agencies' result documents): private, KMS-encrypted,
 * versioned, TLS-only, with server access logs. Browsers upload through presigned POSTs only.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BucketId } from '../topology.ts';

export interface DocumentsProps {
  production: boolean;
  /** Origins allowed to POST uploads from a browser. */
  corsOrigins: string[];
}

export class Documents extends Construct {
  readonly buckets: Record<BucketId, s3.Bucket>;
  readonly key: kms.Key;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DocumentsProps) {
    super(scope, id);
    const removalPolicy = props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

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
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // Browser form uploads through presigned POSTs; the signed policy pins key, type and size.
      cors: [
        {
          allowedMethods: [s3.HttpMethods.POST],
          allowedOrigins: props.corsOrigins,
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag', 'Location'],
          maxAge: 3000,
        },
      ],
      // No autoDeleteObjects: its custom resource would add a Lambda with delete rights on the
      // bucket. A non-empty bucket outside production must be emptied before the stack is deleted.
      removalPolicy,
    });
    this.buckets = { documents };
  }
}
