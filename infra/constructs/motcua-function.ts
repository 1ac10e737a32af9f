/**
 * The project's Lambda function: NodejsFunction with runtime, architecture, bundling, logging and
 * tracing fixed once, and "grant and configure in one call": the function gets the environment
 * of its topology permissions (environmentFor) and exactly the IAM grants those permissions name.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack, type ILocalBundling } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { acknowledge } from './nag.ts';
import { configurationSetArn } from './sms.ts';
import { buildSync } from 'esbuild';
import { bundling, functionBuildOptions, repoRoot } from '../bundling.ts';
import {
  agencyQueuePrefix,
  environmentFor,
  names,
  type BucketId,
  type FunctionId,
  type FunctionSpec,
  type QueueId,
  type SecretId,
  type TableId,
  type Topology,
} from '../topology.ts';

/**
 * The resources a function's permissions can name. Agency queues are not among them: a grant on
 * them names their name space (`agencyQueueArnPattern`), not each queue.
 */
export interface FunctionResources {
  tables: Record<TableId, dynamodb.ITable>;
  buckets: Record<BucketId, s3.IBucket>;
  queues: Record<QueueId, sqs.IQueue>;
  secrets: Record<SecretId, secretsmanager.ISecret>;
}

export interface MotcuaFunctionProps {
  topology: Topology;
  /** The function's id in the topology; also the construct id. */
  functionId: FunctionId;
  resources: FunctionResources;
  production: boolean;
}

/**
 * Table actions per access level. Narrower than CDK's grantReadData/grantReadWriteData on purpose:
 * no dynamodb:Scan (every access pattern is a key or index lookup, ARCHITECTURE.md) and no stream
 * reads (a stream consumer gets those from its event source). Transactions need no action of
 * their own: TransactWriteItems is authorized per item as PutItem/UpdateItem/DeleteItem/ConditionCheckItem.
 */
export const tableActions = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
} as const;

/**
 * On a table's indexes, for both levels: Query only (an index takes no writes, and every access
 * pattern is a key or index lookup: no Scan).
 */
export const indexActions = ['dynamodb:Query'] as const;

/**
 * Object actions per bucket access level, on the bucket's objects only. Narrower than CDK's
 * grantRead/grantReadWrite (s3:GetObject*, s3:List*, s3:DeleteObject*, s3:Abort*, kms:ReEncrypt*...):
 * - read: GetObject, and GetObjectVersion for a version id. Presigned GETs are signed with the
 *   function's role, so an agency's download is authorized as the role's GetObject.
 * - readWrite adds PutObject (presigned POSTs are signed with the role too, so the browser's upload
 *   is authorized as the role's PutObject; CopyObject to quarantine/ writes with it) and
 *   DeleteObject/DeleteObjectVersion (a rejected upload leaves the slot's key).
 * Multipart uploads are not used (presigned POSTs are single requests), hence no AbortMultipartUpload.
 */
export const bucketObjectActions = {
  read: ['s3:GetObject', 's3:GetObjectVersion'],
  readWrite: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
} as const;

/**
 * On the bucket itself, for both levels. Without s3:ListBucket, S3 answers a GetObject or HeadObject
 * of a missing key with 403 AccessDenied instead of 404 NoSuchKey/NotFound, and the adapter
 * (DocumentBucket.inspect) would throw where it should answer "absent". Not narrowed by an
 * s3:prefix condition: s3:prefix is a parameter of list requests, and AWS documents no value of it
 * for the ListBucket check S3 makes on a GetObject/HeadObject, so such a condition risks keeping
 * the 403 (not verifiable without an account). The roles can already read every object; listing
 * adds only the key names (dossier codes and slot names, no personal data).
 */
export const bucketListActions = ['s3:ListBucket'] as const;

/**
 * On the bucket's customer key, only through S3 (kms:ViaService): read decrypts; readWrite also
 * generates data keys for new objects (uploads and copies). No kms:ReEncrypt*, no kms:DescribeKey.
 */
export const bucketKeyActions = {
  read: ['kms:Decrypt'],
  readWrite: ['kms:Decrypt', 'kms:GenerateDataKey'],
} as const;

/** The kinds of origination identity SendTextMessage may name (sender id, pool, phone number). */
export const smsOriginationKinds = ['sender-id', 'pool', 'phone-number'] as const;

/** Actions a router needs on an agency queue: the handler resolves the URL by name, then sends. */
export const agencyQueueSendActions = ['sqs:SendMessage', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes'];

/**
 * `arn:<partition>:sqs:<region>:<account>:<prefix>-agency-*`: every agency queue of the stack, present
 * and future, and nothing else of it (agency DLQs are `<prefix>-dlq-agency-<id>.fifo`; Agencies checks
 * at synthesis that no other queue of the stack is named under `<prefix>-agency-`).
 */
export function agencyQueueArnPattern(scope: IConstruct, prefix: string): string {
  return Stack.of(scope).formatArn({ service: 'sqs', resource: `${agencyQueuePrefix(prefix)}*` });
}

/**
 * A function's package: the build of functionBuildOptions (the same as the local runner's: entry,
 * its chunks, source maps) and the files it reads at run time beside it (the forms' fonts), at
 * the path the code looks for. Built locally, like NodejsFunction with a local esbuild: no Docker.
 * A class with fields, not a bare object: CDK caches staged assets by their bundling options
 * serialised as JSON, and a bare `{ tryBundle }` serialises as `{}`, the same for every function.
 */
class FunctionBuild implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly env: Record<string, string>,
    readonly files: NonNullable<FunctionSpec['bundledFiles']>,
  ) {}

  tryBundle(outputDir: string): boolean {
    buildSync({ ...functionBuildOptions(this.entry, outputDir, this.env), logLevel: 'error' });
    for (const f of this.files) {
      mkdirSync(dirname(join(outputDir, f.to)), { recursive: true });
      copyFileSync(join(repoRoot, f.from), join(outputDir, f.to));
    }
    return true;
  }
}

function functionCode(entry: string, env: Record<string, string>, files: FunctionSpec['bundledFiles'] = []): lambda.Code {
  return lambda.Code.fromAsset(repoRoot, {
    assetHashType: AssetHashType.OUTPUT,
    // Required by the API, never pulled: the local build builds or throws.
    bundling: { image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'), local: new FunctionBuild(entry, env, files) },
  });
}

/**
 * X-Ray for every function, from context `tracing`: `pass-through` (default) traces only a request
 * an upstream already sampled; `active` traces at Lambda's own fixed rate (the first request of
 * each second and 5% of the rest: at a province's traffic, well under one request a second, that
 * is nearly every request); `disabled`. Lambda ignores X-Ray sampling rules and HTTP APIs cannot
 * trace, so there is no finer rate to set: tracing is switched on for an investigation and off
 * after it. Issue 15: ~27 invocations a dossier, each a trace at $5 a million recorded, would add
 * about $0.000135 to a lifecycle that costs $0.0002 without them (docs/capacity.md).
 */
export function tracingOf(value: unknown): lambda.Tracing {
  const modes = { 'pass-through': lambda.Tracing.PASS_THROUGH, active: lambda.Tracing.ACTIVE, disabled: lambda.Tracing.DISABLED } as const;
  if (value === undefined || value === null || value === '') return modes['pass-through'];
  const mode = modes[String(value) as keyof typeof modes];
  if (!mode) throw new Error(`context tracing must be one of ${Object.keys(modes).join(', ')}, got ${JSON.stringify(value)}`);
  return mode;
}

export class MotcuaFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: MotcuaFunctionProps) {
    super(scope, id);
    const { topology, functionId, resources, production } = props;
    const spec: FunctionSpec = topology.functions[functionId];
    this.spec = spec;

    this.logGroup = new logs.LogGroup(this, 'logs', {
      retention: production ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.ONE_MONTH,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Our own role instead of the default one: the default attaches the AWS managed
    // AWSLambdaBasicExecutionRole (logs on every log group); this one writes to its log group only.
    this.role = new iam.Role(this, 'role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `motcua ${functionId}: ${spec.description}`,
    });
    this.logGroup.grantWrite(this.role);

    const environment = environmentFor(topology, functionId, {
      table: (table) => resources.tables[table].tableName,
      bucket: (bucket) => resources.buckets[bucket].bucketName,
      secret: (secret) => resources.secrets[secret].secretArn,
    });
    this.function = new lambda.Function(this, 'function', {
      // Built as the local runner builds (functionBuildOptions): code splitting needs esbuild's
      // outdir, which NodejsFunction (always --outfile) cannot give.
      code: functionCode(join(repoRoot, spec.entry), environment, spec.bundledFiles),
      handler: `${bundling.outFile.replace(/\.mjs$/, '')}.${spec.handler}`,
      description: spec.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      // A floor and a cap at once (the topology says why each function has its figure).
      reservedConcurrentExecutions: spec.reservedConcurrency,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: tracingOf(this.node.tryGetContext('tracing')),
      // No NODE_OPTIONS=--enable-source-maps: it parses the maps at every cold start (x1.13-1.22
      // init, issue 15). The maps still ship beside each file (infra/bundling.ts), so a logged
      // stack trace (index.mjs:line:column) maps back to our .ts offline.
      environment,
    });

    this.grant(topology, spec, resources);

    // Tracing (any mode but disabled): xray:PutTraceSegments and xray:PutTelemetryRecords take no resource-level
    // permissions; CDK adds them on "*". Streams: dynamodb:ListStreams takes no resource either.
    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Only actions without resource-level permissions are granted on "*": xray:PutTraceSegments/PutTelemetryRecords (active tracing) and, for stream consumers, dynamodb:ListStreams (see the IAM service authorization reference).',
    );
  }

  /** Exactly the grants the topology's permissions name (the environment follows from the same permissions). */
  private grant(topology: Topology, spec: FunctionSpec, resources: FunctionResources): void {
    const { tables = {}, buckets = {}, queues = {}, agencyQueues, queueHealth, secrets = {}, sms } = spec.permissions;
    for (const id of Object.keys(secrets) as SecretId[]) resources.secrets[id].grantRead(this.role);
    for (const [id, access] of Object.entries(tables) as [TableId, 'read' | 'readWrite'][]) {
      this.grantTable(resources.tables[id], access, topology.tables[id].indexes ?? []);
    }
    for (const [id, access] of Object.entries(buckets) as [BucketId, 'read' | 'readWrite'][]) {
      this.grantBucket(resources.buckets[id], access);
    }
    for (const [id, access] of Object.entries(queues) as [QueueId, 'send' | 'consume'][]) {
      const queue = resources.queues[id];
      if (access === 'send') queue.grantSendMessages(this.role);
      else queue.grantConsumeMessages(this.role);
    }
    if (sms === 'send') {
      // SendTextMessage is authorised on the origination identity and the configuration set it
      // uses. motcua's origination identities are created outside this stack (a registered
      // Vietnamese sender id takes weeks), so the grant names their kinds in this account and
      // region; the configuration set is this stack's own, named exactly.
      const stack = Stack.of(this);
      const identities = smsOriginationKinds.map((kind) => `arn:${stack.partition}:sms-voice:${stack.region}:${stack.account}:${kind}/*`);
      const configurationSet = configurationSetArn(this, names.smsConfigurationSet(topology.prefix));
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sms-voice:SendTextMessage'], resources: [...identities, configurationSet] }));
      for (const k of smsOriginationKinds)
        acknowledge(
          this.role,
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:${k}/*]`,
          'SendTextMessage only (no other SMS action), on the origination identities of this account and region: the sender id is registered outside the stack. The configuration set is named exactly.',
        );
    }
    if (agencyQueues === 'send') {
      // The name space, not a list of queue ARNs: a list grows with every agency and overflows the
      // role's inline policy near 55 agencies (CDK then splits it into managed policies). The
      // queues are SQS-managed encrypted, so no KMS grant is needed.
      const pattern = agencyQueueArnPattern(this, topology.prefix);
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: agencyQueueSendActions, resources: [pattern] }));
      acknowledge(
        this.role,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${agencyQueuePrefix(topology.prefix)}*]`,
        `The router sends to the queue of whichever agency a dossier is routed to, so it may send (SendMessage, GetQueueUrl, GetQueueAttributes; no receive, delete or purge) to the agency queue name space ${agencyQueuePrefix(topology.prefix)}* of this account and region. The wildcard stands for agency ids only: agency DLQs are named ${topology.prefix}-dlq-agency-<id>.fifo, and synthesis fails if any other queue of the stack is named under the prefix.`,
      );
    }
    if (queueHealth === 'read') {
      // The dashboard reads every queue's depth: ListQueues takes no resource; the attributes are
      // read under the deployment's name prefix (every queue of the stack, DLQs and agency queues).
      // The age of each one's oldest message is a CloudWatch metric: GetMetricData takes no
      // resource either (nor a condition key naming a namespace), and it only reads.
      const stack = Stack.of(this);
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:ListQueues'], resources: ['*'] }));
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: [`arn:${stack.partition}:sqs:${stack.region}:${stack.account}:${topology.prefix}-*`] }));
      acknowledge(
        this.role,
        'AwsSolutions-IAM5[Resource::*]',
        'sqs:ListQueues (it lists names only) and cloudwatch:GetMetricData (it reads metrics only: the queues\' ApproximateAgeOfOldestMessage) have no resource-level permission.',
      );
      acknowledge(
        this.role,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${topology.prefix}-*]`,
        'GetQueueAttributes only (no receive, send, delete or purge) on the queues of this deployment, DLQs and agency queues included, for the dashboard\'s queue health.',
      );
    }
  }

  /**
   * The access level's actions on the table, and Query on each of its indexes, named one by one.
   * Table.grant would give every action of the level on `<table ARN>/index/*` too (writes mean
   * nothing on an index, and the wildcard is an IAM5 finding); naming the indexes of the topology
   * needs no wildcard, and a new index in the topology is granted with it. Tables are encrypted
   * with the AWS-managed key: no KMS grant.
   */
  private grantTable(table: dynamodb.ITable, access: 'read' | 'readWrite', indexes: readonly { name: string }[]): void {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...tableActions[access]], resources: [table.tableArn] }));
    if (indexes.length) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: [...indexActions], resources: indexes.map((index) => `${table.tableArn}/index/${index.name}`) }),
      );
    }
  }

  /** Object actions of the access level on the bucket's objects, ListBucket on the bucket, and its key through S3. */
  private grantBucket(bucket: s3.IBucket, access: 'read' | 'readWrite'): void {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...bucketObjectActions[access]], resources: [bucket.arnForObjects('*')] }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...bucketListActions], resources: [bucket.bucketArn] }));
    if (bucket.encryptionKey) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [...bucketKeyActions[access]],
          resources: [bucket.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
    // Object-level actions name objects: the keys are per dossier and slot (fixed by the server,
    // shared/aws/document-bucket.ts), so the resource is the bucket's object space, <bucket ARN>/*.
    const bucketId = Stack.of(this).resolve((bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
    acknowledge(
      this.role,
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      `Object actions (${bucketObjectActions[access].join(', ')}) can only name objects, and object keys are per dossier and slot; the wildcard covers this one bucket's objects and no s3:* action.`,
    );
  }
}
