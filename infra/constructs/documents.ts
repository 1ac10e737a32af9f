/**
 * The documents bucket (citizens' scans, agencies' result documents): private, KMS-encrypted,
 * versioned, TLS-only, with server access logs and lifecycle rules per prefix (dossiers/,
 * quarantine/), and GuardDuty Malware Protection for S3 on the prefixes the topology names.
 * Browsers upload through presigned POSTs and download through presigned GETs only.
 */
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BucketId } from '../topology.ts';
import { acknowledge } from './nag.ts';

export interface DocumentsProps {
  production: boolean;
  /** Origins allowed to POST uploads and GET downloads from a browser. */
  corsOrigins: string[];
  /** Years scans and result documents are kept (context `retentionYears`); default 10. */
  retentionYears?: number;
  /** GuardDuty Malware Protection for S3 on these prefixes of the documents bucket (the topology's). */
  malwareProtection?: { prefixes: string[] };
}

/** GuardDuty's managed EventBridge rules for a protection plan are named with this prefix. */
export const guardDutyManagedRulePrefix = 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3';

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
  /** GuardDuty Malware Protection plans, by protected bucket. */
  readonly malwareProtection: Partial<Record<BucketId, { plan: guardduty.CfnMalwareProtectionPlan; role: iam.Role }>> = {};
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
      // GuardDuty Malware Protection reads object-created events from EventBridge and turns the
      // bucket's EventBridge notifications on itself; CDK's notifications resource rewrites the
      // whole configuration of a bucket it created, so declare them here or an update drops them.
      eventBridgeEnabled: props.malwareProtection !== undefined,
      // No autoDeleteObjects: its custom resource would add a Lambda with delete rights on the
      // bucket. A non-empty bucket outside production must be emptied before the stack is deleted.
      removalPolicy,
    });
    this.buckets = { documents };
    if (props.malwareProtection) this.malwareProtection.documents = this.protect(documents, props.malwareProtection.prefixes);
  }

  /**
   * GuardDuty Malware Protection for S3: every object written under `prefixes` is scanned, tagged
   * `GuardDutyMalwareScanStatus` with the result, and the result sent to the default event bus
   * ("GuardDuty Malware Protection Object Scan Result"; Workers routes it to its function). The
   * role is the one AWS documents for a plan ("Create or update IAM role policy" in the GuardDuty
   * guide), narrowed to the protected prefixes for object reads and tags.
   */
  private protect(bucket: s3.Bucket, prefixes: string[]) {
    const stack = Stack.of(this);
    const managedRules = stack.formatArn({ service: 'events', resource: 'rule', resourceName: `${guardDutyManagedRulePrefix}*` });
    const objects = prefixes.map((p) => bucket.arnForObjects(`${p}*`));
    const role = new iam.Role(this, 'malware-protection-role', {
      assumedBy: new iam.ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      description: 'GuardDuty Malware Protection for S3: scans and tags the documents bucket objects',
      // Inline, so the permissions exist when CloudFormation creates the plan (GuardDuty checks
      // them then, writing its validation object).
      inlinePolicies: {
        'malware-protection': new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'AllowManagedRuleToSendS3EventsToGuardDuty',
              actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets'],
              resources: [managedRules],
              conditions: { StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } },
            }),
            new iam.PolicyStatement({ sid: 'AllowGuardDutyToMonitorEventBridgeManagedRule', actions: ['events:DescribeRule', 'events:ListTargetsByRule'], resources: [managedRules] }),
            new iam.PolicyStatement({
              sid: 'AllowPostScanTag',
              actions: ['s3:PutObjectTagging', 's3:GetObjectTagging', 's3:PutObjectVersionTagging', 's3:GetObjectVersionTagging'],
              resources: objects,
            }),
            new iam.PolicyStatement({ sid: 'AllowEnableS3EventBridgeEvents', actions: ['s3:PutBucketNotification', 's3:GetBucketNotification'], resources: [bucket.bucketArn] }),
            new iam.PolicyStatement({ sid: 'AllowPutValidationObject', actions: ['s3:PutObject'], resources: [bucket.arnForObjects('malware-protection-resource-validation-object')] }),
            new iam.PolicyStatement({ sid: 'AllowCheckBucketOwnership', actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
            new iam.PolicyStatement({ sid: 'AllowMalwareScan', actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: objects }),
            new iam.PolicyStatement({
              sid: 'AllowDecryptForMalwareScan',
              actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
              resources: [this.key.keyArn],
              conditions: { StringLike: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
            }),
          ],
        }),
      },
    });
    // The managed rules' names end in an id GuardDuty chooses; the object statements name the
    // protected prefixes, where each new scan lands under its own key.
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/${guardDutyManagedRulePrefix}*]`,
      `GuardDuty Malware Protection creates and manages its own EventBridge rule, named ${guardDutyManagedRulePrefix}<id> with an id it chooses; the write actions also require events:ManagedBy = malware-protection-plan.guardduty.amazonaws.com (the AWS-documented plan role).`,
    );
    for (const prefix of prefixes)
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::<${stack.resolve((bucket.node.defaultChild as s3.CfnBucket).logicalId)}.Arn>/${prefix}*]`,
        `GuardDuty scans and tags every object written under ${prefix} (the plan's object prefix), each under a key chosen at upload time: reads and tags are limited to that prefix.`,
      );
    const plan = new guardduty.CfnMalwareProtectionPlan(this, 'malware-protection', {
      role: role.roleArn,
      protectedResource: { s3Bucket: { bucketName: bucket.bucketName, objectPrefixes: prefixes } },
      actions: { tagging: { status: 'ENABLED' } },
    });
    return { plan, role };
  }
}
