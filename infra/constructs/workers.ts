/**
 * The functions that serve no API audience, with their triggers: DynamoDB stream consumers, SQS
 * consumers and S3 object-created notifications. Every mapping reports partial batch failures
 * (handlers answer `{ batchItemFailures }`). S3 and EventBridge Scheduler (schedules.ts) invoke
 * asynchronously: those functions get Lambda's retries and an on-failure queue instead, the
 * topology's (messaging.ts gives it a DLQ, Observability its alarms).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { Construct, type IConstruct } from 'constructs';
import { schedulePolicy } from '../schedules.ts';
import { asyncOnFailure, type FunctionId, type FunctionSpec, type Topology } from '../topology.ts';
import type { Documents } from './documents.ts';
import type { Messaging } from './messaging.ts';
import { MotcuaFunction, type FunctionResources } from './motcua-function.ts';
import { acknowledge } from './nag.ts';

/**
 * Asynchronous invocation of S3-triggered functions. Two retries (Lambda's maximum) cover a
 * transient error; an event that still fails, or that waits more than 6 hours in Lambda's queue
 * (throttling, an outage), goes to the trigger's on-failure queue with its error, to be replayed:
 * the handler is idempotent per object version.
 */
export const s3Invoke = { retryAttempts: 2, maxEventAge: Duration.hours(6) };

/**
 * Asynchronous invocation of scheduled functions (EventBridge Scheduler invokes asynchronously):
 * two retries, and a run not done within an hour goes to the schedule's on-failure queue, since
 * the next run is due by then (schedulePolicy, shared with the local runner).
 */
export const scheduledInvoke = { retryAttempts: schedulePolicy.functionRetryAttempts, maxEventAge: Duration.seconds(schedulePolicy.maxEventAgeSeconds) };

/**
 * Delivery of malware scan results by the EventBridge rule: EventBridge retries a failed invoke
 * (throttling, permissions) for up to a day, then sends the event to the trigger's on-failure
 * queue; once invoked, the function's failures follow s3Invoke (Lambda's retries, the same queue).
 */
export const malwareScanDelivery = { retryAttempts: 185, maxEventAge: Duration.hours(24) };

/** The detail type of GuardDuty Malware Protection for S3's scan results on the default bus. */
export const scanResultDetailType = 'GuardDuty Malware Protection Object Scan Result';

export interface WorkersProps {
  topology: Topology;
  resources: FunctionResources;
  messaging: Messaging;
  /** The buckets' malware protection plans (for `malware-scan` triggers). */
  documents: Pick<Documents, 'malwareProtection'>;
  production: boolean;
}

export class Workers extends Construct {
  readonly functions = new Map<FunctionId, MotcuaFunction>();

  constructor(scope: Construct, id: string, props: WorkersProps) {
    super(scope, id);
    const { topology, resources, messaging, production } = props;
    for (const [functionId, spec] of Object.entries(topology.functions) as [FunctionId, FunctionSpec][]) {
      if (spec.audience) continue;
      const fn = new MotcuaFunction(this, functionId, { topology, functionId, resources, production });
      this.functions.set(functionId, fn);
      const trigger = spec.trigger;
      switch (trigger?.type) {
        case 'dynamodb-stream':
          fn.function.addEventSource(
            new DynamoEventSource(resources.tables[trigger.table], {
              startingPosition: lambda.StartingPosition.TRIM_HORIZON,
              batchSize: trigger.batchSize,
              bisectBatchOnError: trigger.bisectBatchOnError,
              retryAttempts: trigger.retryAttempts,
              reportBatchItemFailures: true,
              onFailure: new SqsDlq(messaging.queue(trigger.onFailure)),
              ...(trigger.filters ? { filters: trigger.filters.map((f) => lambda.FilterCriteria.filter(f as Record<string, unknown>)) } : {}),
              ...(trigger.parallelizationFactor ? { parallelizationFactor: trigger.parallelizationFactor } : {}),
            }),
          );
          break;
        case 'sqs':
          fn.function.addEventSource(
            new SqsEventSource(messaging.queue(trigger.queue), {
              batchSize: trigger.batchSize,
              maxBatchingWindow: trigger.maxBatchingWindowSeconds > 0 ? Duration.seconds(trigger.maxBatchingWindowSeconds) : undefined,
              reportBatchItemFailures: true,
            }),
          );
          break;
        case 's3':
          resources.buckets[trigger.bucket].addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn.function), {
            prefix: trigger.prefix,
          });
          break;
        case 'malware-scan': {
          const protection = props.documents.malwareProtection[trigger.bucket];
          if (!protection) throw new Error(`${functionId}: bucket ${trigger.bucket} has no malwareProtection in the topology`);
          const bucket = resources.buckets[trigger.bucket];
          // Only this plan's results for this bucket (the default bus carries every account event).
          new events.Rule(this, `${functionId}-scan-results`, {
            description: `GuardDuty Malware Protection scan results of the ${trigger.bucket} bucket -> ${functionId}`,
            eventPattern: {
              source: ['aws.guardduty'],
              detailType: [scanResultDetailType],
              resources: [protection.plan.attrArn],
              detail: { s3ObjectDetails: { bucketName: [bucket.bucketName] } },
            },
            targets: [new targets.LambdaFunction(fn.function, { ...malwareScanDelivery, deadLetterQueue: messaging.queue(trigger.onFailure) })],
          });
          break;
        }
        case undefined:
          break;
      }
      // S3 and EventBridge Scheduler invoke asynchronously: Lambda's retries, then the on-failure
      // queue the topology names (one per function; asyncOnFailure refuses two). A function both
      // S3-triggered and scheduled gets the S3 settings (the longer event age serves both).
      const onFailure = asyncOnFailure(topology, functionId);
      if (onFailure) {
        fn.function.configureAsyncInvoke({
          ...(trigger?.type === 's3' || trigger?.type === 'malware-scan' ? s3Invoke : scheduledInvoke),
          onFailure: new SqsDestination(messaging.queue(onFailure)),
        });
      }
    }
    acknowledgeNotificationsHandler(this);
  }
}

/**
 * `bucket.addEventNotification` adds CDK's stack-wide BucketNotificationsHandler: a Lambda function
 * behind the Custom::S3BucketNotifications resource, run by CloudFormation at deploy time only.
 * Its one finding (IAM4, the AWS managed policy on its role) is acknowledged on that construct alone.
 * It is a raw AWS::Lambda::Function resource, so the runtime rule (L1) does not look at it.
 */
function acknowledgeNotificationsHandler(scope: IConstruct): void {
  const handler = Stack.of(scope).node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
  if (!handler) return;
  acknowledge(
    handler,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    "CDK's BucketNotificationsHandler attaches AWSLambdaBasicExecutionRole to its own role (aws-s3 notifications-resource-handler) for its CloudWatch logs; it runs only at deploy time, and its S3 permission (s3:PutBucketNotification) is a separate policy scoped to the documents bucket.",
  );
}
