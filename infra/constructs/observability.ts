/**
 * Alarms and where they go: an encrypted, TLS-only SNS topic; for every queue an alarm on the age
 * of its oldest message and one on its DLQ's depth (agency queues get theirs in their nested stack,
 * through `queueAlarms`); for every failure queue (the on-failure destination of an S3 trigger) an
 * alarm at its first message; for every function an alarm on errors.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FunctionId } from '../topology.ts';
import type { Messaging, QueueWithDlq } from './messaging.ts';
import type { MotcuaFunction } from './motcua-function.ts';
import type { FailureQueue } from './workers.ts';

export interface ObservabilityProps {
  prefix: string;
  messaging: Messaging;
  functions: ReadonlyMap<FunctionId, MotcuaFunction>;
  /** Queues of events a function gave up on (Workers.failureQueues). */
  failureQueues: readonly FailureQueue[];
  production: boolean;
}

export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly prefix: string;
  private readonly notify: actions.SnsAction;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { prefix, messaging, functions, failureQueues, production } = props;

    // CloudWatch cannot publish to a topic encrypted with the AWS-managed aws/sns key (its key
    // policy cannot be changed to let cloudwatch.amazonaws.com use it): a customer key is needed.
    const key = new kms.Key(this, 'key', {
      description: 'motcua alarm topic',
      enableKeyRotation: true,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'alarms', { displayName: `${prefix} alarms`, masterKey: key, enforceSSL: true });
    this.prefix = prefix;
    this.notify = new actions.SnsAction(this.topic);
    const alarm = (alarmId: string, props: cloudwatch.AlarmProps) => this.alarm(this, alarmId, props);

    for (const pair of messaging.all) this.queueAlarms(this, pair);
    for (const { id: queueId, functionId, queue } of failureQueues) {
      alarm(`${queueId}-depth`, {
        alarmDescription: `${functionId} gave up on an event (retries exhausted or too old): it waits in ${queueId} with its error, to be replayed.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
    for (const [functionId, fn] of functions) {
      alarm(`${functionId}-errors`, {
        alarmDescription: `${functionId} threw or timed out.`,
        metric: fn.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
  }

  /**
   * The two alarms of a queue, created in `scope` (an agency's nested stack, or this construct):
   * the age of its oldest message and the depth of its DLQ, both notifying the alarm topic.
   */
  queueAlarms(scope: Construct, { id: queueId, queue, dlq, spec }: QueueWithDlq): void {
    this.alarm(scope, `${queueId}-oldest-message-age`, {
      alarmDescription: `A message has waited ${spec.alarms.oldestMessageAgeSeconds} s or more in ${queueId}: its consumer is down or failing.`,
      metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: spec.alarms.oldestMessageAgeSeconds,
      evaluationPeriods: 1,
    });
    this.alarm(scope, `${queueId}-dlq-depth`, {
      alarmDescription: `${queueId}'s dead-letter queue holds ${spec.alarms.dlqDepth} message(s) or more: a message failed ${spec.maxReceiveCount} times.`,
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: spec.alarms.dlqDepth,
      evaluationPeriods: 1,
    });
  }

  private alarm(scope: Construct, alarmId: string, props: cloudwatch.AlarmProps): void {
    const a = new cloudwatch.Alarm(scope, alarmId, {
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      ...props,
      alarmName: `${this.prefix}-${alarmId}`,
    });
    a.addAlarmAction(this.notify);
    this.alarms.push(a);
  }
}
