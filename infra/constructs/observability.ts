/**
 * Alarms and where they go: an encrypted, TLS-only SNS topic; for every queue an alarm on the age
 * of its oldest message and one on its DLQ's depth (agency queues get theirs in their nested stack,
 * through `queueAlarms`), and one on its depth when its spec asks (the on-failure queues, which
 * nothing consumes: an alarm at their first message); for every function an alarm on errors.
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

export interface ObservabilityProps {
  prefix: string;
  messaging: Messaging;
  functions: ReadonlyMap<FunctionId, MotcuaFunction>;
  production: boolean;
}

export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly prefix: string;
  private readonly notify: actions.SnsAction;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { prefix, messaging, functions, production } = props;

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
   * The alarms of a queue, created in `scope` (an agency's nested stack, or this construct): the
   * age of its oldest message, the depth of its DLQ, and its own depth when the spec sets
   * `alarms.depth`; all notify the alarm topic.
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
    if (spec.alarms.depth !== undefined) {
      this.alarm(scope, `${queueId}-depth`, {
        alarmDescription: `${queueId} holds ${spec.alarms.depth} message(s) or more. Nothing consumes it: each message is an event a function gave up on (retries exhausted or too old), kept with its error, to be looked at and replayed.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: spec.alarms.depth,
        evaluationPeriods: 1,
      });
    }
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
