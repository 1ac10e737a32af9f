/**
 * The functions that serve no API audience, with their triggers: DynamoDB stream consumers and
 * SQS consumers. Every mapping reports partial batch failures (handlers answer
 * `{ batchItemFailures }`).
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import type { FunctionId, FunctionSpec, Topology } from '../topology.ts';
import type { Messaging } from './messaging.ts';
import { MotcuaFunction, type FunctionResources } from './motcua-function.ts';

export interface WorkersProps {
  topology: Topology;
  resources: FunctionResources;
  messaging: Messaging;
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
        case undefined:
          break;
      }
    }
  }
}
