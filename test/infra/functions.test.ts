/**
 * Functions against the topology: runtime, architecture, handler, bundle (it must really export
 * the handler the template names), environment, triggers and IAM.
 */
import { figuresFilters, routerFilters } from '../../shared/domain/stream-filters.ts';
import { repoRoot } from '../../infra/bundling.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentFor, names, type FunctionId, type FunctionSpec, type QueueId, type TableId } from '../../infra/topology.ts';
import { originVerifyEnvVar } from '../../shared/http/origin-guard.ts';
import { arnMatches, arnOf, pseudo, render, roleStatements, statementsOf, synthesize, type Statement, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize({ bundle: true });
});
afterAll(() => s?.cleanup());

const specs = () => Object.entries(s.stack.topology.functions) as [FunctionId, FunctionSpec][];
const fnOf = (id: FunctionId) => {
  const fn = s.stack.functions.get(id);
  if (!fn) throw new Error(`no function ${id} in the stack`);
  return fn;
};
const lambdaOf = (id: FunctionId) => s.resources[s.logicalId(fnOf(id).function)]!;

/** The export names of an ES module, read by esbuild without running the module. */
async function exportsOf(file: string): Promise<string[]> {
  const result = await build({ entryPoints: [file], bundle: false, write: false, metafile: true, format: 'esm', logLevel: 'silent', outdir: 'unused' });
  return Object.values(result.metafile.outputs).flatMap((o) => o.exports);
}

describe('functions', () => {
  it('creates every function of the topology and no other', () => {
    expect([...s.stack.functions.keys()].sort()).toEqual(specs().map(([id]) => id).sort());
    // Besides ours, only CDK's deploy-time handlers: BucketNotificationsHandler, there when an S3
    // trigger is, and BucketDeployment's, which uploads the pages (infra/constructs/front.ts).
    const ours = new Set([...s.stack.functions.values()].map((fn) => s.logicalId(fn.function)));
    const others = s.ofType('AWS::Lambda::Function').filter(([id]) => !ours.has(id));
    expect(ours.size).toBe(specs().length);
    const s3Triggered = specs().some(([, spec]) => spec.trigger?.type === 's3');
    expect(others.map(([id]) => id).sort()).toEqual([...(s3Triggered ? [expect.stringMatching(/^BucketNotificationsHandler/)] : []), expect.stringMatching(/^CustomCDKBucketDeployment/)]);
  });

  it('runs each on nodejs24.x, arm64, index.<handler>, with the memory and timeout of its spec', () => {
    for (const [id, spec] of specs()) {
      expect(lambdaOf(id).Properties, id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: `index.${spec.handler}`,
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
        // Tracing only what an upstream sampled, unless context tracing says otherwise (see below).
        TracingConfig: { Mode: 'PassThrough' },
        LoggingConfig: { LogFormat: 'JSON' },
      });
    }
  });

  it('traces at Lambda’s rate only when context tracing is active (an investigation), and refuses an unknown mode', () => {
    const active = synthesize({ context: { tracing: 'active' } });
    const modes = new Set(active.ofType('AWS::Lambda::Function').filter(([id]) => !id.startsWith('BucketNotificationsHandler') && !id.startsWith('CustomCDKBucketDeployment')).map(([, r]) => r.Properties?.TracingConfig?.Mode));
    expect([...modes]).toEqual(['Active']);
    expect(() => synthesize({ context: { tracing: 'always' } })).toThrow(/context tracing must be one of pass-through, active, disabled, got "always"/);
  });

  it("bundles each function's topology entry into an index.mjs that exports the handler", async () => {
    for (const [id, spec] of specs()) {
      // Prepare: the asset of the function's code, staged in the assembly as asset.<hash>/
      const key = lambdaOf(id).Properties!.Code.S3Key as string;
      const dir = join(s.outdir, `asset.${key.replace(/\.zip$/, '')}`);
      const bundle = join(dir, 'index.mjs');
      expect(existsSync(bundle), `${id}: ${bundle}`).toBe(true);
      // Act
      const exported = await exportsOf(bundle);
      const sources = (JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] }).sources;
      // Assess: `Handler: index.handler` resolves, and the bundle was built from the topology's entry
      expect(exported, id).toContain(spec.handler);
      expect(sources.some((source) => source.endsWith(spec.entry)), `${id} bundles ${spec.entry}`).toBe(true);
    }
  });

  it('ships the files a function reads at run time beside its bundle (the forms’ fonts), byte for byte', () => {
    const printing = specs().filter(([, spec]) => spec.bundledFiles?.length);
    expect(printing.map(([id]) => id).sort()).toEqual(['agency-api', 'counter-api', 'courier-api', 'public-api']);
    for (const [id, spec] of printing) {
      const key = lambdaOf(id).Properties!.Code.S3Key as string;
      const dir = join(s.outdir, `asset.${key.replace(/\.zip$/, '')}`);
      for (const file of spec.bundledFiles!) expect(readFileSync(join(dir, file.to)).equals(readFileSync(join(repoRoot, file.from))), `${id}: ${file.to}`).toBe(true);
    }
  });

  it('gives each function the environment of its permissions', () => {
    for (const [id] of specs()) {
      const variables = lambdaOf(id).Properties!.Environment.Variables as Record<string, unknown>;
      const expected = environmentFor(s.stack.topology, id);
      // API functions also get the value CloudFront sends in x-origin-verify (test/infra/abuse-limits.test.ts).
      const front = s.stack.topology.functions[id].audience ? [originVerifyEnvVar] : [];
      expect(Object.keys(variables).sort(), id).toEqual([...Object.keys(expected), ...front].sort());
      for (const table of Object.keys(s.stack.topology.functions[id].permissions.tables ?? {}) as (keyof typeof s.stack.topology.tables)[]) {
        expect(variables[s.stack.topology.tables[table].envVar], `${id} ${table}`).toEqual({ Ref: s.logicalId(s.stack.data.tables[table]) });
      }
    }
  });

  it('gives the application secret, by ARN, and GetSecretValue on it, to the API functions and the sms function only (a phone\'s rate window is a keyed hash)', () => {
    const secret = s.stack.data.secrets.app;
    const secretRef = { Ref: s.logicalId(secret) };
    for (const [id, spec] of specs()) {
      const variables = lambdaOf(id).Properties!.Environment.Variables as Record<string, unknown>;
      // CDK may put two secrets a role reads in one statement: the app secret is one of its resources.
      const reads = roleStatements(s, s.logicalId(fnOf(id).role)).some((st: Statement) => [st.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(secretRef)) && [st.Action].flat().includes('secretsmanager:GetSecretValue'));
      if (spec.permissions.secrets?.app) {
        expect(spec.audience !== undefined || id === 'sms', id).toBe(true);
        expect(variables.APP_SECRET_ID, id).toEqual(secretRef);
        expect(reads, id).toBe(true);
      } else {
        expect(variables.APP_SECRET_ID, id).toBeUndefined();
        expect(reads, id).toBe(false);
      }
    }
    // Generated at the first deploy: the value is never in the template.
    expect(s.resources[s.logicalId(secret)]!.Properties!.GenerateSecretString).toEqual(expect.objectContaining({ PasswordLength: 64 }));
  });

  it('writes logs to a log group with retention', () => {
    for (const [id] of specs()) {
      const logGroup = s.resources[lambdaOf(id).Properties!.LoggingConfig.LogGroup.Ref]!;
      expect(logGroup.Type, id).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties!.RetentionInDays, id).toBeGreaterThan(0);
    }
  });
});

describe('triggers', () => {
  it('feeds the router from the dossiers stream, reporting partial batch failures, with an on-failure queue', () => {
    const router = fnOf('router');
    const trigger = router.spec.trigger!;
    if (trigger.type !== 'dynamodb-stream') throw new Error('the router is a stream consumer');
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: s.logicalId(router.function) },
      EventSourceArn: { 'Fn::GetAtt': [s.logicalId(s.stack.data.tables[trigger.table]), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: trigger.batchSize,
      BisectBatchOnFunctionError: trigger.bisectBatchOnError,
      MaximumRetryAttempts: trigger.retryAttempts,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: arnOf(s.logicalId(s.stack.messaging.queue(trigger.onFailure))) } },
      ParallelizationFactor: 2,
      // Only the events it routes or tells the citizen of invoke it (shared/domain/stream-filters.ts).
      FilterCriteria: { Filters: routerFilters.map((f) => ({ Pattern: JSON.stringify(f) })) },
    });
  });

  it('feeds the figures from the same stream, filtered to the events that count and the SMS sent', () => {
    const figures = fnOf('figures');
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: s.logicalId(figures.function) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: figuresFilters.map((f) => ({ Pattern: JSON.stringify(f) })) },
    });
  });

  it('maps every stream- or queue-triggered function, and only those', () => {
    // S3 triggers are notifications (asynchronous invocations), not event source mappings.
    const triggered = specs().filter(([, spec]) => spec.trigger?.type === 'dynamodb-stream' || spec.trigger?.type === 'sqs');
    expect(s.ofType('AWS::Lambda::EventSourceMapping')).toHaveLength(triggered.length);
    for (const [, mapping] of s.ofType('AWS::Lambda::EventSourceMapping')) {
      expect(mapping.Properties!.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
  });
});

describe('IAM', () => {
  const statementsOfFunction = (id: FunctionId) => roleStatements(s, s.logicalId(fnOf(id).role));
  const allows = (statements: Statement[], action: string) =>
    statements.filter((st) => st.Effect === 'Allow' && st.Action.some((a) => a === action || a === '*' || (a.endsWith('*') && action.startsWith(a.slice(0, -1)))));
  const resourcesAllowed = (statements: Statement[], action: string) => allows(statements, action).flatMap((st) => st.Resource.map((r) => JSON.stringify(r)));
  /** The ARN a queue name has in the account and region `render` substitutes. */
  const sqsArn = (name: string) => `arn:${pseudo['AWS::Partition']}:sqs:${pseudo['AWS::Region']}:${pseudo['AWS::AccountId']}:${name}`;
  /** Every queue name of the app (root and nested templates), split into agency queues and the others. */
  const queueNames = () => {
    const agencyQueues = new Set(s.stack.agencies.all.map((a) => s.templateOf(a).resources[s.logicalId(a.queue)]!.Properties!.QueueName as string));
    const all = s.templates.flatMap((t) => t.ofType('AWS::SQS::Queue')).map(([, q]) => q.Properties!.QueueName as string);
    return { agencyQueues: [...agencyQueues], others: all.filter((n) => !agencyQueues.has(n)) };
  };
  /** The rendered resources a function may use `action` on that match at least one agency queue. */
  const agencyResourcesAllowed = (id: FunctionId, action: string) => {
    const arns = queueNames().agencyQueues.map(sqsArn);
    return allows(statementsOfFunction(id), action)
      .flatMap((st) => st.Resource.map(render))
      .filter((pattern) => arns.some((arn) => arnMatches(pattern, arn)));
  };

  it('does not let the public API send to any agency queue', () => {
    const statements = statementsOfFunction('public-api');
    for (const action of ['sqs:SendMessage', 'sqs:GetQueueUrl']) expect(allows(statements, action), action).toEqual([]);
  });

  it('lets the router send to agency queues by the name pattern <prefix>-agency-*, one statement whatever the number of agencies', () => {
    const pattern = sqsArn(`${s.stack.topology.prefix}-agency-*`);
    for (const action of ['sqs:SendMessage', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes']) {
      expect(agencyResourcesAllowed('router', action), action).toEqual([pattern]);
    }
  });

  it('lets the router send to every agency queue, but to no agency DLQ and no other queue of the app', () => {
    const { agencyQueues, others } = queueNames();
    expect(agencyQueues).toHaveLength(s.stack.topology.agencies.length);
    // The others: every agency DLQ, the fixed queues (on-failure queues included) and their DLQs.
    const { prefix } = s.stack.topology;
    const dlqs = s.stack.topology.agencies.map((a) => `${prefix}-dlq-agency-${a}.fifo`);
    const fixed = (Object.keys(s.stack.topology.queues) as QueueId[]).flatMap((q) => [names.queue(prefix, q), names.dlq(prefix, q)]);
    expect(fixed).toContain(`${prefix}-documents-failures`);
    expect(others).toEqual(expect.arrayContaining([...dlqs, ...fixed]));
    for (const action of ['sqs:SendMessage', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes']) {
      const patterns = agencyResourcesAllowed('router', action);
      for (const name of agencyQueues) expect(patterns.some((p) => arnMatches(p, sqsArn(name))), `${action} ${name}`).toBe(true);
      for (const name of others) expect(patterns.some((p) => arnMatches(p, sqsArn(name))), `${action} ${name}`).toBe(false);
    }
    // Nor any queue of an agency's nested stack by reference (a nested stack output).
    expect(JSON.stringify(statementsOfFunction('router'))).not.toContain('Outputs.');
  });

  it('lets only the functions whose permissions say so send to agency queues', () => {
    for (const [id, spec] of specs()) {
      expect(agencyResourcesAllowed(id, 'sqs:SendMessage').length > 0, id).toBe(spec.permissions.agencyQueues === 'send');
    }
  });

  it('lets the admin API read the depth of every queue of the app (ListQueues, GetQueueAttributes) and do nothing else with them; no other API function may', () => {
    const { agencyQueues, others } = queueNames();
    const statements = statementsOfFunction('admin-api');
    const patterns = allows(statements, 'sqs:GetQueueAttributes').flatMap((st) => st.Resource.map(render));
    for (const name of [...agencyQueues, ...others]) expect(patterns.some((p) => arnMatches(p, sqsArn(name))), name).toBe(true);
    expect(allows(statements, 'sqs:ListQueues')).toHaveLength(1);
    for (const action of ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:PurgeQueue']) expect(allows(statements, action), action).toEqual([]);
    for (const [id, spec] of specs()) expect(allows(statementsOfFunction(id), 'sqs:ListQueues').length > 0, id).toBe(spec.permissions.queueHealth === 'read');
  });

  it("lets the admin API read queue ages (cloudwatch:GetMetricData, which takes no resource) and no other CloudWatch action; only queueHealth functions may, and they get the alarms' ages to warn at", () => {
    const statements = statementsOfFunction('admin-api');
    expect(allows(statements, 'cloudwatch:GetMetricData').map((st) => st.Resource)).toEqual([['*']]);
    for (const action of ['cloudwatch:PutMetricData', 'cloudwatch:GetMetricStatistics', 'cloudwatch:ListMetrics', 'cloudwatch:DeleteAlarms', 'cloudwatch:PutMetricAlarm']) expect(allows(statements, action), action).toEqual([]);
    for (const [id, spec] of specs()) {
      expect(allows(statementsOfFunction(id), 'cloudwatch:GetMetricData').length > 0, id).toBe(spec.permissions.queueHealth === 'read');
      const variables = lambdaOf(id).Properties!.Environment.Variables as Record<string, unknown>;
      expect(variables.QUEUE_AGE_ALARMS !== undefined, id).toBe(spec.permissions.queueHealth === 'read');
    }
    // The numbers the alarms use: an agency queue's (through the name space entry) and a fixed queue's.
    const alarms = JSON.parse((lambdaOf('admin-api').Properties!.Environment.Variables as Record<string, string>).QUEUE_AGE_ALARMS!) as Record<string, number>;
    const { prefix, agencyQueue, queues } = s.stack.topology;
    expect(alarms[`${prefix}-agency-*`]).toBe(agencyQueue.alarms.oldestMessageAgeSeconds);
    expect(alarms[names.queue(prefix, 'sms-outbox')]).toBe(queues['sms-outbox'].alarms.oldestMessageAgeSeconds);
  });

  it('gives table write actions only where the permission is readWrite', () => {
    for (const [id, spec] of specs()) {
      const statements = statementsOfFunction(id);
      for (const [table, access] of Object.entries(spec.permissions.tables ?? {}) as [TableId, 'read' | 'readWrite'][]) {
        const arn = JSON.stringify(arnOf(s.logicalId(s.stack.data.tables[table])));
        expect(resourcesAllowed(statements, 'dynamodb:GetItem'), `${id} ${table}`).toContain(arn);
        for (const write of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
          expect(resourcesAllowed(statements, write).includes(arn), `${id} ${table} ${write}`).toBe(access === 'readWrite');
        }
      }
    }
  });

  it("lets every function with a table permission Query the table's indexes, named one by one, and do nothing else on them", () => {
    // Prepare: `<table ARN>/index/<name>` as the template writes it
    const indexArn = (table: TableId, name: string) =>
      JSON.stringify({ 'Fn::Join': ['', [arnOf(s.logicalId(s.stack.data.tables[table])), `/index/${name}`]] });
    const indexed = (Object.keys(s.stack.topology.tables) as TableId[]).filter((t) => (s.stack.topology.tables[t].indexes ?? []).length > 0);
    expect(indexed).toContain('dossiers');
    for (const [id, spec] of specs()) {
      // Act
      const statements = statementsOfFunction(id);
      const onIndexes = statements.filter((st) => st.Resource.some((r) => JSON.stringify(r).includes('/index/')));
      // Assess
      const expected = indexed
        .filter((t) => spec.permissions.tables?.[t])
        .flatMap((t) => s.stack.topology.tables[t].indexes!.map((i) => indexArn(t, i.name)));
      expect(onIndexes.flatMap((st) => st.Resource.map((r) => JSON.stringify(r))).sort(), id).toEqual(expected.sort());
      for (const st of onIndexes) expect(st.Action, id).toEqual(['dynamodb:Query']);
    }
    // The rollout job finds held dossiers through the index.
    expect(resourcesAllowed(statementsOfFunction('rollout'), 'dynamodb:Query')).toContain(indexArn('dossiers', 'held-by-agency'));
  });

  it('grants no table a function does not name in its permissions', () => {
    for (const [id, spec] of specs()) {
      const named = Object.keys(spec.permissions.tables ?? {}).map((t) => JSON.stringify(arnOf(s.logicalId(s.stack.data.tables[t as 'dossiers']))));
      const granted = resourcesAllowed(statementsOfFunction(id), 'dynamodb:GetItem');
      expect(granted.sort(), id).toEqual(named.sort());
    }
  });

  it('attaches no managed policy to function roles', () => {
    for (const [id] of specs()) expect(s.resources[s.logicalId(fnOf(id).role)]!.Properties!.ManagedPolicyArns, id).toBeUndefined();
  });

  it('grants sqs:*, dynamodb:*, * or dynamodb:Scan nowhere (identity and resource policies, nested stacks included)', () => {
    const documents = s.templates.flatMap((t) => [
      ...t.ofType('AWS::IAM::Policy').map(([, p]) => p.Properties!.PolicyDocument),
      ...t.ofType('AWS::IAM::Role').flatMap(([, r]) => (r.Properties!.Policies ?? []).map((p: { PolicyDocument: unknown }) => p.PolicyDocument)),
      ...['AWS::SQS::QueuePolicy', 'AWS::S3::BucketPolicy', 'AWS::SNS::TopicPolicy'].flatMap((type) => t.ofType(type).map(([, p]) => p.Properties!.PolicyDocument)),
    ]);
    const allowed = documents.flatMap((d) => statementsOf(d)).filter((st) => st.Effect === 'Allow').flatMap((st) => st.Action);
    expect(allowed.length).toBeGreaterThan(0);
    for (const forbidden of ['*', 'sqs:*', 'dynamodb:*', 'dynamodb:Scan']) expect(allowed).not.toContain(forbidden);
  });
});
