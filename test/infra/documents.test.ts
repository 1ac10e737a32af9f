/**
 * The documents bucket and what touches it: protection, lifecycle, CORS, the object-created
 * trigger (with its retries and its on-failure queue from the topology), the bucket grants of each function, and the
 * counter API that scans at the desk.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRetentionYears, documentLifecycle, guardDutyManagedRulePrefix, retentionDays } from '../../infra/constructs/documents.ts';
import { scanResultDetailType } from '../../infra/constructs/workers.ts';
import { apiFunctionFor, names, servedRoutes, type FunctionId, type FunctionSpec, type QueueId } from '../../infra/topology.ts';
import { routeKey } from '../../shared/contracts/routes.ts';
import { arnOf, roleStatements, statementsOf, synthesize, type CfnResource, type Statement, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s?.cleanup());

const specs = () => Object.entries(s.stack.topology.functions) as [FunctionId, FunctionSpec][];
const bucketId = () => s.logicalId(s.stack.documents.buckets.documents);
const documents = () => s.resources[bucketId()]!;
const rules = (bucket: CfnResource = documents()) => bucket.Properties!.LifecycleConfiguration.Rules as Record<string, unknown>[];
const ruleById = (id: string, bucket?: CfnResource) => {
  const found = rules(bucket).filter((r) => r.Id === id);
  expect(found, `lifecycle rule ${id}`).toHaveLength(1);
  return found[0]!;
};
const fnOf = (id: FunctionId) => s.stack.functions.get(id)!;
const s3Triggered = () =>
  specs().filter(([, spec]) => spec.trigger?.type === 's3') as [FunctionId, FunctionSpec & { trigger: { type: 's3'; bucket: 'documents'; prefix: string; onFailure: QueueId } }][];
/** The topology's on-failure queue of an S3-triggered function, as Messaging built it (with its DLQ). */
const onFailureOf = (spec: { trigger: { onFailure: QueueId } }) => s.stack.messaging.all.find((p) => p.id === spec.trigger.onFailure)!;

describe('documents bucket', () => {
  it('blocks all public access', () => {
    expect(documents().Properties!.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('encrypts with the customer key (bucket key on) and keeps versions', () => {
    const props = documents().Properties!;
    const keyId = s.logicalId(s.stack.documents.key);
    expect(props.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arnOf(keyId) } },
    ]);
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(s.resources[keyId]!.Properties!.EnableKeyRotation).toBe(true);
  });

  it('denies every request that does not use TLS', () => {
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('writes server access logs to a private, TLS-only bucket', () => {
    const logsId = s.logicalId(s.stack.documents.accessLogs);
    expect(documents().Properties!.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'documents/' });
    expect(s.resources[logsId]!.Properties!.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
  });
});

describe('lifecycle', () => {
  const retention = retentionDays(defaultRetentionYears);

  it('keeps documents 10 years by default, counted with leap days', () => {
    expect(defaultRetentionYears).toBe(10);
    expect(retention).toBe(3653);
  });

  it('has exactly the reviewed rules, all enabled', () => {
    expect(rules().map((r) => r.Id).sort()).toEqual(['abort-incomplete-uploads', 'dossiers', 'dossiers-noncurrent-versions', 'quarantine']);
    for (const rule of rules()) expect(rule.Status, String(rule.Id)).toBe('Enabled');
  });

  it('aborts incomplete multipart uploads after a day, everywhere', () => {
    expect(ruleById('abort-incomplete-uploads')).toEqual({ Id: 'abort-incomplete-uploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } });
  });

  it('moves scans and results to Standard-IA after 90 days, Glacier IR after 365, and expires them after the retention', () => {
    expect(ruleById('dossiers')).toEqual({
      Id: 'dossiers',
      Status: 'Enabled',
      Prefix: 'dossiers/',
      Transitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
      ],
      ExpirationInDays: retention,
    });
  });

  it('moves replaced versions to Standard-IA after 30 days, Glacier IR after 180, and deletes them after the retention', () => {
    expect(ruleById('dossiers-noncurrent-versions')).toEqual({
      Id: 'dossiers-noncurrent-versions',
      Status: 'Enabled',
      Prefix: 'dossiers/',
      NoncurrentVersionTransitions: [
        { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
        { StorageClass: 'GLACIER_IR', TransitionInDays: 180 },
      ],
      NoncurrentVersionExpiration: { NoncurrentDays: retention },
    });
  });

  it('expires rejected uploads after 30 days and deletes the version they leave a day later', () => {
    expect(ruleById('quarantine')).toEqual({
      Id: 'quarantine',
      Status: 'Enabled',
      Prefix: 'quarantine/',
      ExpirationInDays: 30,
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
    });
    expect(documentLifecycle.quarantineDays).toBe(30);
  });

  it('never gives one action type to overlapping prefixes', () => {
    // Prepare: the action types of each rule, by prefix ('' is the whole bucket)
    const actionTypes = (r: Record<string, unknown>) =>
      [
        (r.ExpirationInDays ?? r.ExpiredObjectDeleteMarker) !== undefined && 'Expiration',
        r.Transitions && 'Transition',
        r.NoncurrentVersionExpiration && 'NoncurrentVersionExpiration',
        r.NoncurrentVersionTransitions && 'NoncurrentVersionTransition',
        r.AbortIncompleteMultipartUpload && 'AbortIncompleteMultipartUpload',
      ].filter(Boolean);
    const all = rules().map((r) => ({ id: r.Id, prefix: String(r.Prefix ?? ''), types: actionTypes(r) }));
    // Assess
    for (const a of all) {
      for (const b of all) {
        if (a === b || !(a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix))) continue;
        expect(a.types.filter((t) => b.types.includes(t)), `${a.id} and ${b.id}`).toEqual([]);
      }
    }
  });

  describe('with context retentionYears', () => {
    let seven: Synthesized;
    beforeAll(() => {
      seven = synthesize({ context: { retentionYears: '7' } });
    });
    afterAll(() => seven?.cleanup());

    it('expires current and replaced versions after that many years', () => {
      const bucket = seven.resources[seven.logicalId(seven.stack.documents.buckets.documents)]!;
      expect(ruleById('dossiers', bucket).ExpirationInDays).toBe(2557);
      expect(ruleById('dossiers-noncurrent-versions', bucket).NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 2557 });
    });
  });
});

describe('CORS', () => {
  it('lets browsers POST uploads and GET downloads, exposing ETag and the version id', () => {
    expect(documents().Properties!.CorsConfiguration.CorsRules).toEqual([
      { AllowedMethods: ['POST', 'GET'], AllowedOrigins: ['*'], AllowedHeaders: ['*'], ExposedHeaders: ['ETag', 'x-amz-version-id'], MaxAge: 3600 },
    ]);
  });

  describe('with context corsOrigins', () => {
    let narrowed: Synthesized;
    beforeAll(() => {
      narrowed = synthesize({ context: { corsOrigins: 'https://dichvucong.example.vn, https://quay.example.vn' } });
    });
    afterAll(() => narrowed?.cleanup());

    it('allows only those origins', () => {
      const bucket = narrowed.resources[narrowed.logicalId(narrowed.stack.documents.buckets.documents)]!;
      expect(bucket.Properties!.CorsConfiguration.CorsRules[0].AllowedOrigins).toEqual(['https://dichvucong.example.vn', 'https://quay.example.vn']);
    });
  });
});

describe('object-created trigger', () => {
  it('has the documents function triggered by uploads under dossiers/', () => {
    expect(s3Triggered().map(([id, spec]) => [id, spec.trigger])).toContainEqual([
      'documents',
      { type: 's3', bucket: 'documents', prefix: 'dossiers/', onFailure: 'documents-failures' },
    ]);
  });

  it("notifies each S3-triggered function of objects created under its prefix, and nothing else", () => {
    const notifications = s.ofType('Custom::S3BucketNotifications');
    expect(notifications).toHaveLength(1);
    const props = notifications[0]![1].Properties!;
    expect(props.BucketName).toEqual({ Ref: bucketId() });
    expect(props.NotificationConfiguration).toEqual({
      // GuardDuty Malware Protection listens to the bucket's events on EventBridge (below).
      EventBridgeConfiguration: {},
      LambdaFunctionConfigurations: s3Triggered().map(([id, spec]) => ({
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: spec.trigger.prefix }] } },
        LambdaFunctionArn: arnOf(s.logicalId(fnOf(id).function)),
      })),
    });
  });

  it('lets S3 invoke those functions for this bucket and account only', () => {
    for (const [id] of s3Triggered()) {
      s.template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: arnOf(s.logicalId(fnOf(id).function)),
        Principal: 's3.amazonaws.com',
        SourceArn: arnOf(bucketId()),
        SourceAccount: { Ref: 'AWS::AccountId' },
      });
    }
  });

  it("retries a failed event twice, for up to 6 hours, then sends it to the trigger's on-failure queue of the topology", () => {
    for (const [id, spec] of s3Triggered()) {
      const failures = onFailureOf(spec);
      expect(failures, id).toBeDefined();
      s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: s.logicalId(fnOf(id).function) },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: arnOf(s.logicalId(failures.queue)) } },
      });
    }
    // One per asynchronously invoked function: S3-triggered ones and scheduled ones (schedules.test.ts).
    const scheduled = s.stack.topology.schedules.map((x) => x.function as FunctionId);
    const scanResults = specs().filter(([, spec]) => spec.trigger?.type === 'malware-scan').map(([id]) => id);
    expect(s.ofType('AWS::Lambda::EventInvokeConfig')).toHaveLength(new Set([...s3Triggered().map(([id]) => id), ...scheduled, ...scanResults]).size);
  });

  it('keeps failed events 14 days in an encrypted, TLS-only queue with a DLQ, under the name it always had, that the function may send to', () => {
    const { prefix } = s.stack.topology;
    for (const [id, spec] of s3Triggered()) {
      const { queue, dlq } = onFailureOf(spec);
      const queueId = s.logicalId(queue);
      expect(s.resources[queueId]!.Properties).toMatchObject({
        // `<prefix>-<function>-failures`: the name of the construct-local queue it replaced.
        QueueName: names.queue(prefix, spec.trigger.onFailure),
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
        RedrivePolicy: { deadLetterTargetArn: arnOf(s.logicalId(dlq)) },
      });
      expect(names.queue(prefix, spec.trigger.onFailure)).toBe(`${prefix}-${id}-failures`);
      // A standard queue: Lambda destinations and Scheduler dead-letter queues.
      expect(s.resources[queueId]!.Properties!.FifoQueue, id).toBeUndefined();
      s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
      const send = roleStatements(s, s.logicalId(fnOf(id).role)).filter((st) => st.Effect === 'Allow' && st.Action.includes('sqs:SendMessage'));
      expect(send.flatMap((st) => st.Resource), id).toContainEqual(arnOf(queueId));
    }
  });

  it('alarms at the first failed event, on the age of the oldest one, and on its DLQ', () => {
    const topicId = s.logicalId(s.stack.observability.topic);
    const alarms = s.ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    const on = (metric: string, queueLogicalId: string) =>
      alarms.filter((a) => a.MetricName === metric && a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === queueLogicalId);
    for (const [id, spec] of s3Triggered()) {
      const { queue, dlq, spec: queueSpec } = onFailureOf(spec);
      const depth = on('ApproximateNumberOfMessagesVisible', s.logicalId(queue));
      expect(depth, id).toHaveLength(1);
      expect(depth[0]).toMatchObject({
        AlarmName: `${s.stack.topology.prefix}-${spec.trigger.onFailure}-depth`,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: topicId }],
      });
      expect(on('ApproximateAgeOfOldestMessage', s.logicalId(queue)), id).toHaveLength(1);
      expect(on('ApproximateNumberOfMessagesVisible', s.logicalId(dlq))[0], id).toMatchObject({ Threshold: queueSpec.alarms.dlqDepth, AlarmActions: [{ Ref: topicId }] });
    }
  });

  it("lets CDK's notifications handler configure this bucket's notifications only", () => {
    const handlerPolicies = s
      .ofType('AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties!.Roles ?? []).some((r: { Ref: string }) => r.Ref.startsWith('BucketNotificationsHandler')));
    expect(handlerPolicies.flatMap(([, p]) => statementsOf(p.Properties!.PolicyDocument))).toEqual([
      { Effect: 'Allow', Action: ['s3:PutBucketNotification'], Resource: [arnOf(bucketId())] },
    ]);
  });
});

describe('malware scan (GuardDuty Malware Protection for S3)', () => {
  const plans = () => s.ofType('AWS::GuardDuty::MalwareProtectionPlan');
  const planId = () => s.logicalId(s.stack.documents.malwareProtection.documents!.plan);
  const roleId = () => s.logicalId(s.stack.documents.malwareProtection.documents!.role);
  const scanned = () => s.stack.topology.buckets.documents.malwareProtection!.prefixes;

  it('protects the documents bucket under the prefixes of the topology, tagging each scanned object', () => {
    expect(scanned()).toEqual(['dossiers/']);
    expect(plans()).toHaveLength(1);
    expect(plans()[0]![1].Properties).toEqual({
      ProtectedResource: { S3Bucket: { BucketName: { Ref: bucketId() }, ObjectPrefixes: ['dossiers/'] } },
      Role: arnOf(roleId()),
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
  });

  it('keeps the bucket sending its events to EventBridge, which the plan listens to', () => {
    // CDK's notifications resource would otherwise drop the configuration GuardDuty turns on.
    const notifications = s.ofType('Custom::S3BucketNotifications')[0]![1].Properties!;
    expect(notifications.NotificationConfiguration.EventBridgeConfiguration).toEqual({});
  });

  it("gives GuardDuty the documented plan role: its own managed rule, reading and tagging the scanned prefixes, the key through S3", () => {
    const role = s.resources[roleId()]!.Properties!;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'malware-protection-plan.guardduty.amazonaws.com' } },
    ]);
    const statements = roleStatements(s, roleId());
    // CDK sorts the actions of a statement.
    const bySid = Object.fromEntries((role.Policies[0].PolicyDocument.Statement as { Sid: string }[]).map((st, i) => [st.Sid, { ...statements[i]!, Action: [...statements[i]!.Action].sort() }]));
    const managedRules = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:rule/${guardDutyManagedRulePrefix}*`]] };
    const prefixObjects = { 'Fn::Join': ['', [arnOf(bucketId()), '/dossiers/*']] };
    expect(bySid.AllowManagedRuleToSendS3EventsToGuardDuty).toMatchObject({
      Action: ['events:DeleteRule', 'events:PutRule', 'events:PutTargets', 'events:RemoveTargets'],
      Resource: [managedRules],
      Condition: { StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } },
    });
    expect(bySid.AllowGuardDutyToMonitorEventBridgeManagedRule).toMatchObject({ Action: ['events:DescribeRule', 'events:ListTargetsByRule'], Resource: [managedRules] });
    expect(bySid.AllowMalwareScan).toMatchObject({ Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: [prefixObjects] });
    expect(bySid.AllowPostScanTag!.Resource).toEqual([prefixObjects]);
    expect(bySid.AllowEnableS3EventBridgeEvents).toMatchObject({ Action: ['s3:GetBucketNotification', 's3:PutBucketNotification'], Resource: [arnOf(bucketId())] });
    expect(bySid.AllowPutValidationObject).toMatchObject({ Action: ['s3:PutObject'], Resource: [{ 'Fn::Join': ['', [arnOf(bucketId()), '/malware-protection-resource-validation-object']] }] });
    expect(bySid.AllowDecryptForMalwareScan).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: [arnOf(s.logicalId(s.stack.documents.key))],
      Condition: { StringLike: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
    });
    // No other permission: nothing outside the bucket, the key and its own rules.
    expect(statements.flatMap((st) => st.Action).filter((a) => a === 's3:DeleteObject' || a.includes('*'))).toEqual([]);
  });

  it("routes this plan's scan results for this bucket to the malware-scans function, failures to its queue of the topology", () => {
    const spec = s.stack.topology.functions['malware-scans'];
    expect(spec.trigger).toEqual({ type: 'malware-scan', bucket: 'documents', onFailure: 'malware-scans-failures' });
    const rules = s.ofType('AWS::Events::Rule').filter(([, r]) => r.Properties!.EventPattern?.source?.[0] === 'aws.guardduty');
    expect(rules).toHaveLength(1);
    const rule = rules[0]![1].Properties!;
    expect(rule.EventPattern).toEqual({
      source: ['aws.guardduty'],
      'detail-type': [scanResultDetailType],
      resources: [{ 'Fn::GetAtt': [planId(), 'Arn'] }],
      detail: { s3ObjectDetails: { bucketName: [{ Ref: bucketId() }] } },
    });
    const failures = s.stack.messaging.all.find((p) => p.id === 'malware-scans-failures')!;
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: arnOf(s.logicalId(fnOf('malware-scans').function)),
        DeadLetterConfig: { Arn: arnOf(s.logicalId(failures.queue)) },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
      }),
    ]);
    s.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: arnOf(s.logicalId(fnOf('malware-scans').function)),
      Principal: 'events.amazonaws.com',
      SourceArn: arnOf(rules[0]![0]),
    });
    s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: s.logicalId(fnOf('malware-scans').function) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: arnOf(s.logicalId(failures.queue)) } },
    });
  });
});

describe('bucket permissions', () => {
  const objects = () => ({ 'Fn::Join': ['', [arnOf(bucketId()), '/*']] });
  const allowed = (statements: Statement[]) => statements.filter((st) => st.Effect === 'Allow');
  const actionsOn = (statements: Statement[], resource: unknown) =>
    allowed(statements)
      .filter((st) => st.Resource.some((r) => JSON.stringify(r) === JSON.stringify(resource)))
      .flatMap((st) => st.Action)
      .sort();
  const service = (statements: Statement[], prefix: string) => allowed(statements).flatMap((st) => st.Action.filter((a) => a.startsWith(prefix)));
  const expected = {
    read: { objects: ['s3:GetObject', 's3:GetObjectVersion'], key: ['kms:Decrypt'] },
    readWrite: {
      objects: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      key: ['kms:Decrypt', 'kms:GenerateDataKey'],
    },
  };

  it('grants each function exactly the object actions of its access level, ListBucket on the bucket, and the key through S3 only', () => {
    for (const [id, spec] of specs()) {
      // Prepare
      const statements = roleStatements(s, s.logicalId(fnOf(id).role));
      const access = spec.permissions.buckets?.documents;
      // Assess
      if (!access) {
        expect(service(statements, 's3:'), id).toEqual([]);
        expect(service(statements, 'kms:'), id).toEqual([]);
        continue;
      }
      expect(actionsOn(statements, objects()), id).toEqual(expected[access].objects);
      expect(actionsOn(statements, arnOf(bucketId())), id).toEqual(['s3:ListBucket']);
      expect(service(statements, 's3:').sort(), id).toEqual([...expected[access].objects, 's3:ListBucket'].sort());
      const key = allowed(statements).filter((st) => st.Action.some((a) => a.startsWith('kms:')));
      expect(key, id).toHaveLength(1);
      expect(key[0]!.Action.sort(), id).toEqual(expected[access].key);
      expect(key[0]!.Resource, id).toEqual([arnOf(s.logicalId(s.stack.documents.key))]);
      expect(key[0]!.Condition, id).toEqual({ StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } });
    }
  });

  it('gives the functions that presign uploads or quarantine files PutObject and DeleteObjectVersion', () => {
    for (const id of ['public-api', 'counter-api', 'agency-api', 'documents'] as FunctionId[]) {
      expect(s.stack.topology.functions[id].permissions.buckets?.documents, id).toBe('readWrite');
      expect(actionsOn(roleStatements(s, s.logicalId(fnOf(id).role)), objects()), id).toEqual(expect.arrayContaining(['s3:PutObject', 's3:DeleteObjectVersion']));
    }
  });

  it('grants no s3 or kms wildcard action anywhere (identity and resource policies), but to the pages deployment on the pages and assets buckets', () => {
    // BucketDeployment's handler (CDK's, run at deploy time only) gets CDK's grantRead/grantReadWrite
    // action groups (s3:GetObject*, s3:List*, ...): on the CDK assets bucket and the pages bucket
    // only, never on the documents bucket (acknowledged in infra/constructs/front.ts).
    const deployment = ([id]: [string, unknown]) => id.startsWith('CustomCDKBucketDeployment');
    const deploymentPolicies = s.ofType('AWS::IAM::Policy').filter(deployment);
    expect(deploymentPolicies.length).toBeGreaterThan(0);
    for (const [, p] of deploymentPolicies) expect(JSON.stringify(p.Properties!.PolicyDocument)).not.toContain(s.logicalId(s.stack.documents.buckets.documents));
    const documentsOfPolicies = [
      ...s.ofType('AWS::IAM::Policy').filter((e) => !deployment(e)).map(([, p]) => p.Properties!.PolicyDocument),
      ...s.ofType('AWS::IAM::Role').flatMap(([, r]) => (r.Properties!.Policies ?? []).map((p: { PolicyDocument: unknown }) => p.PolicyDocument)),
      ...['AWS::SQS::QueuePolicy', 'AWS::S3::BucketPolicy', 'AWS::SNS::TopicPolicy'].flatMap((t) => s.ofType(t).map(([, p]) => p.Properties!.PolicyDocument)),
    ];
    const actions = documentsOfPolicies.flatMap((d) => allowed(statementsOf(d))).flatMap((st) => st.Action);
    expect(actions).toContain('s3:GetObject');
    expect(actions.filter((a) => (a.startsWith('s3:') || a.startsWith('kms:')) && a.includes('*'))).toEqual([]);
  });
});

describe('counter API', () => {
  it('has a function for the counter audience', () => {
    expect(apiFunctionFor(s.stack.topology, 'counter')).toBe('counter-api');
    expect(s.resources[s.logicalId(fnOf('counter-api').function)]!.Type).toBe('AWS::Lambda::Function');
  });

  it("serves every counter route of the contract behind the JWT authorizer, with counter-api", () => {
    // Prepare
    const contract = s.stack.topology.routes.filter((r) => r.audience === 'counter');
    const served = servedRoutes(s.stack.topology).filter((r) => r.audience === 'counter');
    const routes = new Map(s.ofType('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties!.RouteKey as string, r.Properties!]));
    const authorizer = s.ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer).toHaveLength(1);
    // Assess
    expect(contract.length).toBeGreaterThan(0);
    expect(served.map(routeKey).sort()).toEqual(contract.map(routeKey).sort());
    for (const route of served) {
      expect(route.auth, routeKey(route)).toBe('jwt');
      const props = routes.get(routeKey(route));
      expect(props, routeKey(route)).toBeDefined();
      expect(props!.AuthorizationType, routeKey(route)).toBe('JWT');
      expect(props!.AuthorizerId, routeKey(route)).toEqual({ Ref: authorizer[0]![0] });
      const integrationId = (props!.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1].Ref;
      expect(s.resources[integrationId]!.Properties!.IntegrationUri, routeKey(route)).toEqual(arnOf(s.logicalId(fnOf('counter-api').function)));
    }
  });
});
