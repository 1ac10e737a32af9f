/**
 * The topology's schedules: one EventBridge Scheduler schedule each, invoking its function on the
 * schedule's expression (UTC) with a "Scheduled Event" input, a retry policy and a dead-letter
 * queue. EventBridge Scheduler invokes Lambda asynchronously, so a run fails in one of two places,
 * and both end in the schedule's `onFailure` queue of the topology (Messaging: a DLQ of its own;
 * Observability: an alarm at its first message):
 * - Scheduler could not invoke (throttled, permission or function missing): Scheduler retries
 *   (schedulePolicy.deliveryRetryAttempts), then sends the event to the schedule's dead-letter
 *   queue, which is that queue;
 * - the function threw or timed out: Lambda's asynchronous retries (Workers.scheduledInvoke),
 *   then its on-failure destination, the same queue (asyncOnFailure: one per function).
 * Every function has an errors alarm (Observability).
 *
 * AWS does not skip a run while the previous one is still going (the local runner does): the
 * scheduled function must tolerate overlapping runs.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { parseScheduleExpression, scheduledEvent, scheduleName, schedulePolicy } from '../schedules.ts';
import type { ScheduleSpec, Topology } from '../topology.ts';
import type { Messaging } from './messaging.ts';
import type { Workers } from './workers.ts';

export interface SchedulesProps {
  topology: Topology;
  workers: Workers;
  messaging: Messaging;
}

/** A schedule of the topology as deployed. */
export interface ScheduledJob {
  spec: ScheduleSpec;
  schedule: scheduler.Schedule;
  /** The role EventBridge Scheduler assumes: invoke this function, send to this dead-letter queue. */
  role: iam.Role;
  deadLetterQueue: sqs.IQueue;
}

export class Schedules extends Construct {
  readonly all: ScheduledJob[] = [];

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const { topology, workers, messaging } = props;
    const stack = Stack.of(this);
    for (const spec of topology.schedules) {
      // Synthesis fails on an expression AWS would refuse at deploy time.
      parseScheduleExpression(spec.expression);
      const fn = workers.functions.get(spec.function);
      if (!fn) {
        throw new Error(`schedule ${spec.id}: ${spec.function} is not a worker function (API functions are not scheduled; give the job a function of its own)`);
      }
      // Confused-deputy guard: only schedules of this account's default group may assume it.
      const role = new iam.Role(this, `${spec.id}-role`, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: {
            StringEquals: {
              'aws:SourceAccount': Aws.ACCOUNT_ID,
              'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
            },
          },
        }),
        description: `motcua schedule ${spec.id}: invokes ${spec.function}`,
      });
      const deadLetterQueue = messaging.queue(spec.onFailure);
      const schedule = new scheduler.Schedule(this, spec.id, {
        scheduleName: scheduleName(topology.prefix, spec.id),
        description: `${spec.expression} (UTC): ${fn.spec.description}`,
        schedule: scheduler.ScheduleExpression.expression(spec.expression),
        target: new FunctionTarget(fn.function, role, deadLetterQueue),
        timeWindow: scheduler.TimeWindow.off(),
      });
      this.all.push({ spec, schedule, role, deadLetterQueue });
    }
  }
}

/**
 * A Lambda target with exactly `lambda:InvokeFunction` on the function. The stock LambdaInvoke
 * target uses `grantInvoke`, which adds every version and alias (`<arn>:*`): the schedule invokes
 * the unqualified function only.
 */
class FunctionTarget implements scheduler.IScheduleTarget {
  constructor(
    private readonly fn: lambda.IFunction,
    private readonly role: iam.Role,
    private readonly deadLetterQueue: sqs.IQueue,
  ) {}

  bind(): scheduler.ScheduleTargetConfig {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn] }));
    // The queue is SQS-managed encrypted: no KMS permission needed to send to it.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }));
    return {
      arn: this.fn.functionArn,
      role: this.role,
      input: scheduler.ScheduleTargetInput.fromObject(
        scheduledEvent({
          id: scheduler.ContextAttribute.executionId,
          time: scheduler.ContextAttribute.scheduledTime,
          account: Aws.ACCOUNT_ID,
          region: Aws.REGION,
          scheduleArn: scheduler.ContextAttribute.scheduleArn,
        }),
      ),
      retryPolicy: {
        maximumRetryAttempts: schedulePolicy.deliveryRetryAttempts,
        maximumEventAgeInSeconds: schedulePolicy.maxEventAgeSeconds,
      },
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
    };
  }
}
