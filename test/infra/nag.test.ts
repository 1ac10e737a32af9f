/**
 * cdk-nag (AwsSolutions) through CDK's policy validation: no finding may stay unacknowledged, and
 * every acknowledgement is a deliberate, reasoned one from the list below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedRoutes, type FunctionId } from '../../infra/topology.ts';
import { synthesize, type Synthesized } from './synth.ts';

let s: Synthesized;
const managedPolicyOfNotificationsHandler = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
/** The IAM5 finding of a statement on the documents bucket's objects, as cdk-nag names it. */
const documentObjects = () => `AwsSolutions-IAM5[Resource::<${s.logicalId(s.stack.documents.buckets.documents)}.Arn>/*]`;
/** The IAM5 findings of the GuardDuty Malware Protection plan's role (the documented role). */
const guardDutyRules = 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*]';
const scannedObjects = () => `AwsSolutions-IAM5[Resource::<${s.logicalId(s.stack.documents.buckets.documents)}.Arn>/dossiers/*]`;
/** The IAM5 finding of the router's send permission on the agency queue name space. */
const agencyQueueNameSpace = () => `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${s.stack.topology.prefix}-agency-*]`;
/** The findings of CDK's BucketDeployment handler (the pages' upload, infra/constructs/front.ts), beyond IAM4 and IAM5[Resource::*]. */
const deploymentHandlerRules = () => [
  ...['GetBucket*', 'GetObject*', 'List*', 'Abort*', 'DeleteObject*'].map((a) => `AwsSolutions-IAM5[Action::s3:${a}]`),
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
  `AwsSolutions-IAM5[Resource::<${s.logicalId(s.stack.front.pages)}.Arn>/*]`,
  'AwsSolutions-L1',
];
const deploymentHandlerPath = /^MotcuaStack\/Custom::CDKBucketDeployment[0-9a-fA-F]+(256MiB)?\/(ServiceRole\/(DefaultPolicy\/)?)?Resource$/;
const acknowledgedPaths = (ruleName: string) =>
  s.report.pluginReports
    .flatMap((r) => r.suppressedViolations ?? [])
    .filter((v) => v.ruleName === ruleName)
    .flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
beforeAll(() => {
  // synthesize() throws if a plugin reports an unacknowledged error.
  s = synthesize();
});
afterAll(() => s?.cleanup());

describe('cdk-nag', () => {
  it('runs the AwsSolutions pack', () => {
    expect(s.report.pluginReports.map((r) => r.pluginName)).toContain('AwsSolutions');
  });

  it('leaves no unacknowledged finding, error or warning, in any validation report', () => {
    const open = s.report.pluginReports.flatMap((r) =>
      r.violations.map((v) => `${r.pluginName} ${v.severity ?? ''} ${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`),
    );
    expect(open).toEqual([]);
  });

  it('acknowledges only the reviewed rules, each with a specific reason', () => {
    const suppressed = s.report.pluginReports.flatMap((r) => r.suppressedViolations ?? []);
    expect([...new Set(suppressed.map((v) => v.ruleName))].sort()).toEqual(
      [
        'AwsSolutions-APIG4', // open citizen routes (auth 'none')
        'AwsSolutions-COG8', // Plus tier: cost decision for the pilot
        managedPolicyOfNotificationsHandler, // CDK's deploy-time BucketNotificationsHandler
        'AwsSolutions-IAM5[Resource::*]', // X-Ray, dynamodb:ListStreams, sqs:ListQueues and cloudwatch:GetMetricData take no resource
        documentObjects(), // object actions name <bucket ARN>/*
        agencyQueueNameSpace(), // the router sends to <prefix>-agency-*, the agency queue name space
        'AwsSolutions-CFR1', // no geo restriction by default: citizens abroad use the API too
        'AwsSolutions-CFR4', // default *.cloudfront.net certificate until the province has a domain
        'AwsSolutions-SMG4', // the origin header secret (rotated by a deployment) and the application key (tokens re-derived within 24 h)
        guardDutyRules, // GuardDuty names its managed rule DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3<id>
        scannedObjects(), // GuardDuty reads and tags the objects under the plan's prefix
        // SendTextMessage on the sender ids, pools and numbers registered outside the stack (the configuration set is named exactly)
        ...['sender-id', 'pool', 'phone-number'].map((k) => `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:${k}/*]`),
        // The admin API reads queue attributes (GetQueueAttributes only) under the deployment's prefix: the dashboard's queue health
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${s.stack.topology.prefix}-*]`,
        ...deploymentHandlerRules(), // CDK's BucketDeployment handler uploading the pages (deploy time only)
      ].sort(),
    );
    for (const v of suppressed) expect(v.reason.length, `${v.ruleName} at ${v.acknowledgedAt}`).toBeGreaterThan(40);
  });

  it("acknowledges the managed policy on the roles of CDK's deploy-time handlers only (BucketNotificationsHandler, BucketDeployment)", () => {
    const paths = acknowledgedPaths(managedPolicyOfNotificationsHandler).sort();
    expect(paths).toEqual([expect.stringMatching(/^MotcuaStack\/BucketNotificationsHandler[0-9a-f]+\/Role\/Resource$/), expect.stringMatching(deploymentHandlerPath)]);
  });

  it("acknowledges the pages upload's findings on CDK's BucketDeployment handler only", () => {
    for (const rule of deploymentHandlerRules()) {
      const paths = acknowledgedPaths(rule);
      expect(paths.length, rule).toBeGreaterThan(0);
      for (const p of paths) expect(p, rule).toMatch(deploymentHandlerPath);
    }
    const star = acknowledgedPaths('AwsSolutions-IAM5[Resource::*]').filter((p) => p.includes('CDKBucketDeployment'));
    expect(star).toEqual([expect.stringMatching(deploymentHandlerPath)]);
  });

  it('acknowledges object wildcards on the roles of functions with bucket permissions only, and no queue without a DLQ', () => {
    const withBuckets = Object.entries(s.stack.topology.functions)
      .filter(([, spec]) => Object.keys(spec.permissions.buckets ?? {}).length > 0)
      .map(([id]) => `${s.stack.functions.get(id as FunctionId)!.role.node.path}/DefaultPolicy/Resource`);
    expect(acknowledgedPaths(documentObjects()).sort()).toEqual(withBuckets.sort());
    // Every queue, on-failure queues included, comes from the topology with a DLQ and redrive.
    expect(acknowledgedPaths('AwsSolutions-SQS3')).toEqual([]);
  });

  it("acknowledges the GuardDuty plan role's wildcards on that role only", () => {
    const role = `${s.stack.documents.malwareProtection.documents!.role.node.path}/Resource`;
    expect(acknowledgedPaths(guardDutyRules)).toEqual([role]);
    expect(acknowledgedPaths(scannedObjects())).toEqual([role]);
  });

  it('acknowledges the agency queue name space on the roles of functions that send to agency queues only', () => {
    const senders = Object.entries(s.stack.topology.functions)
      .filter(([, spec]) => spec.permissions.agencyQueues === 'send')
      .map(([id]) => `${s.stack.functions.get(id as FunctionId)!.role.node.path}/DefaultPolicy/Resource`);
    expect(senders.length).toBeGreaterThan(0);
    expect(acknowledgedPaths(agencyQueueNameSpace()).sort()).toEqual(senders.sort());
  });

  it("acknowledges nothing in the agencies' nested stacks", () => {
    const nestedPaths = s.stack.agencies.groups.map((g) => `${g.node.path}/`);
    const suppressed = s.report.pluginReports.flatMap((r) => r.suppressedViolations ?? []).flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
    expect(suppressed.filter((p) => nestedPaths.some((n) => p.startsWith(n)))).toEqual([]);
    // cdk-nag 3 walks the construct tree (not the root template), so nested stacks are in its scope:
    // test/infra/agencies.test.ts shows a bad queue there reported.
  });

  it('acknowledges the front\'s findings on the distribution, and unrotated secrets on the origin secret, the application key and the partners\' keys only', () => {
    expect(acknowledgedPaths('AwsSolutions-CFR1')).toEqual([`${s.stack.front.distribution.node.path}/Resource`]);
    expect(acknowledgedPaths('AwsSolutions-CFR4')).toEqual([`${s.stack.front.distribution.node.path}/Resource`]);
    expect(acknowledgedPaths('AwsSolutions-SMG4').sort()).toEqual(
      [`${s.stack.front.originSecret.node.path}/Resource`, `${s.stack.data.secrets.app.node.path}/Resource`, `${s.stack.data.secrets['courier-partner'].node.path}/Resource`, `${s.stack.data.secrets['sms-gateway'].node.path}/Resource`, `${s.stack.data.secrets['payment-gateway'].node.path}/Resource`].sort(),
    );
  });

  it("acknowledges a missing authorizer on 'none' routes only", () => {
    const open = servedRoutes(s.stack.topology).filter((r) => r.auth === 'none').length;
    const apig4 = s.report.pluginReports.flatMap((r) => r.suppressedViolations ?? []).filter((v) => v.ruleName === 'AwsSolutions-APIG4');
    expect(apig4.flatMap((v) => v.violatingConstructs)).toHaveLength(open);
  });
});
