/**
 * The functions that serve no API audience, with their triggers: DynamoDB stream consumers, SQS
 * consumers and S3 object-created notifications. Every mapping reports partial batch failures
 * (handlers answer `{ batchItemFailures }`). S3 and EventBridge Scheduler (schedules.ts) invoke
 * asynchronously: those functions get Lambda's retries and an on-failure queue instead.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { schedulePolicy } from '../schedules.ts';
import type { FunctionId, FunctionSpec, Topology } from '../topology.ts';
import type { Messaging } from './messaging.ts';
import { MotcuaFunction, type FunctionResources } from './motcua-function.ts';
import { acknowledge } from './nag.ts';

/**
 * Asynchronous invocation of S3-triggered functions. Two retries (Lambda's maximum) cover a
 * transient error; an event that still fails, or that waits more than 6 hours in Lambda's queue
 * (throttling, an outage), goes to the failures queue with its error, to be replayed: the handler
 * is idempotent per object version.
 */
export const s3Invoke = { retryAttempts: 2, maxEventAge: Duration.hours(6) };

/**
 * Asynchronous invocation of scheduled functions (EventBridge Scheduler invokes asynchronously):
 * two retries, and a run not done within an hour goes to the failures queue, since the next run
 * is due by then (schedulePolicy, shared with the local runner).
 */
export const scheduledInvoke = { retryAttempts: schedulePolicy.functionRetryAttempts, maxEventAge: Duration.seconds(schedulePolicy.maxEventAgeSeconds) };

/**
 * A queue that collects the events a function gave up on: the on-failure destination of its
 * asynchronous invocations (S3 trigger, schedule), and the dead-letter queue of its schedules.
 */
export interface FailureQueue {
  /** Kebab-case id, `<function>-failures`; also the alarm's name. */
  id: string;
  functionId: FunctionId;
  queue: sqs.Queue;
}

export interface WorkersProps {
  topology: Topology;
  resources: FunctionResources;
  messaging: Messaging;
  production: boolean;
}

export class Workers extends Construct {
  readonly functions = new Map<FunctionId, MotcuaFunction>();
  /** On-failure queues of S3-triggered and scheduled functions (not in the topology yet); Observability alarms on them. */
  readonly failureQueues: FailureQueue[] = [];

  constructor(scope: Construct, id: string, props: WorkersProps) {
    super(scope, id);
    const { topology, resources, messaging, production } = props;
    for (const [functionId, spec] of Object.entries(topology.functions) as [FunctionId, FunctionSpec][]) {
      if (spec.audience) continue;
      const fn = new MotcuaFunction(this, functionId, { topology, functionId, resources, production });
      this.functions.set(functionId, fn);
      const trigger = spec.trigger;
      const scheduled = topology.schedules.some((s) => s.function === functionId);
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
        case 's3': {
          // Also scheduled: the S3 settings (the longer event age) serve both.
          const failures = this.failureQueue(topology.prefix, functionId, scheduled);
          fn.function.configureAsyncInvoke({ ...s3Invoke, onFailure: new SqsDestination(failures) });
          resources.buckets[trigger.bucket].addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn.function), {
            prefix: trigger.prefix,
          });
          break;
        }
        case undefined:
          break;
      }
      if (scheduled && trigger?.type !== 's3') {
        const failures = this.failureQueue(topology.prefix, functionId, true);
        fn.function.configureAsyncInvoke({ ...scheduledInvoke, onFailure: new SqsDestination(failures) });
      }
    }
    acknowledgeNotificationsHandler(this);
  }

  /** The failures queue of an asynchronously invoked function (S3-triggered or scheduled). */
  failureQueueOf(functionId: FunctionId): sqs.Queue | undefined {
    return this.failureQueues.find((f) => f.functionId === functionId)?.queue;
  }

  /**
   * The on-failure queue of an asynchronously invoked function: `<prefix>-<function>-failures`, the
   * name it keeps when the topology declares it as a queue. A scheduled function's schedules use it
   * as their dead-letter queue too (EventBridge Scheduler accepts only a standard queue there).
   */
  private failureQueue(prefix: string, functionId: FunctionId, scheduled: boolean): sqs.Queue {
    const id = `${functionId}-failures`;
    const queue = new sqs.Queue(this, id, {
      queueName: `${prefix}-${id}`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      queue,
      'AwsSolutions-SQS3',
      `${id} is itself a dead-letter queue: the on-failure destination of ${functionId}'s asynchronous invocations${scheduled ? ' and the dead-letter queue of its schedules' : ''}. Nothing consumes it automatically, so a redrive policy would never act; an alarm on its depth notifies operators at the first message.`,
    );
    this.failureQueues.push({ id, functionId, queue });
    return queue;
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
