/**
 * S3 object-created notifications -> Lambda, for functions whose topology trigger is
 * `{ type: 's3', bucket, prefix }` (in AWS: the bucket's notification configuration, with a key
 * prefix filter, invoking the function asynchronously).
 *
 * Semantics emulated:
 * - One invocation per object created under the prefix, with `{ Records: [record] }` (S3 sends one
 *   record per event). Every `ObjectCreated:*` kind counts: Put, Post, Copy,
 *   CompleteMultipartUpload. The prefix matches the object key itself, not its encoded form.
 * - Asynchronous invocation: the writer never waits for the function, invocations run
 *   concurrently, and order between events is not guaranteed (use the sequencer).
 * - A function error (thrown, timed out, runtime died) is retried twice, as Lambda's async
 *   invocation does by default (MaximumRetryAttempts 2). AWS waits about one then two minutes;
 *   here 500 ms then 1 s, so a local run shows the retries without waiting for them.
 * - After the last retry the event goes to the trigger's on-failure queue (`onFailure` in the
 *   topology, the same queue as in AWS): the record Lambda sends there (condition
 *   RetriesExhausted, the request payload, the error), logged too. A developer can read it with
 *   ReceiveMessage and replay it with `cloud.invoke`. Should the send fail, the record is
 *   appended to `<dataDir>/s3-notifications/<function>.failures.jsonl` instead (and that logged).
 *
 * Gaps: events wait in memory, so events still being retried when the local cloud stops are
 * lost (Lambda keeps its async queue up to six hours); MaximumEventAgeInSeconds is not emulated.
 */
import path from 'node:path';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { asyncOnFailure, names, type FunctionSpec, type Topology, type Trigger } from '../topology.ts';
import { sleep } from './config.ts';
import { invokeAsynchronously, type FunctionHost } from './lambda.ts';
import { decodeS3EventKey, type LocalS3, type S3EventRecord } from './s3.ts';

export interface S3NotificationOptions {
  topology: Topology;
  s3: Pick<LocalS3, 'onEvent'>;
  functions: Pick<FunctionHost, 'invoke'>;
  /** Receives the on-failure records (the local SQS). */
  sqs: Pick<SQSClient, 'send'>;
  dataDir: string;
  log: (line: string) => void;
  /** Pause before each retry (default [500, 1000] ms: two retries, as Lambda's default). */
  retryDelaysMs?: number[];
}

export interface S3Notifications {
  /** Resolves once every event received so far is delivered or dropped. */
  settled(): Promise<void>;
  /** Stops listening; events still waiting for a retry are abandoned. */
  stop(): Promise<void>;
}

type S3Trigger = Extract<Trigger, { type: 's3' }>;

interface Subscription {
  functionId: string;
  bucket: string;
  prefix: string;
  /** Stands for the id of the bucket's notification configuration. */
  configurationId: string;
  /** Physical name of the on-failure queue. */
  onFailure: string;
}

/** Subscribes every `{ type: 's3' }` trigger of the topology to the local S3's events. */
export function startS3Notifications(opts: S3NotificationOptions): S3Notifications {
  const retryDelays = opts.retryDelaysMs ?? [500, 1000];
  const subscriptions: Subscription[] = [];
  for (const [functionId, spec] of Object.entries(opts.topology.functions) as [string, FunctionSpec][]) {
    if (spec.trigger?.type !== 's3') continue;
    const trigger: S3Trigger = spec.trigger;
    subscriptions.push({
      functionId,
      bucket: names.bucket(opts.topology.prefix, trigger.bucket),
      prefix: trigger.prefix,
      configurationId: `${functionId}-object-created`,
      // The function's one on-failure queue: the trigger's (asyncOnFailure refuses a conflict).
      onFailure: names.queue(opts.topology.prefix, asyncOnFailure(opts.topology, functionId)!),
    });
  }
  const abort = new AbortController();
  const inFlight = new Set<Promise<void>>();

  const unsubscribe = subscriptions.length
    ? opts.s3.onEvent((record) => {
        if (!record.eventName.startsWith('ObjectCreated:')) return;
        const key = decodeS3EventKey(record.s3.object.key);
        for (const sub of subscriptions) {
          if (record.s3.bucket.name !== sub.bucket || !key.startsWith(sub.prefix)) continue;
          const event = { Records: [{ ...record, s3: { ...record.s3, configurationId: sub.configurationId } }] };
          const delivery = deliver(sub, event, key).catch((err: Error) => opts.log(`s3 -> λ ${sub.functionId}: ${err.message}`));
          inFlight.add(delivery);
          void delivery.finally(() => inFlight.delete(delivery));
        }
      })
    : () => {};

  const deliver = (sub: Subscription, event: { Records: S3EventRecord[] }, key: string) =>
    invokeAsynchronously(
      {
        functions: opts.functions,
        sqs: opts.sqs,
        log: opts.log,
        abort: abort.signal,
        retryDelaysMs: retryDelays,
        fallbackFile: path.join(opts.dataDir, 's3-notifications', `${sub.functionId}.failures.jsonl`),
      },
      sub,
      event,
      { label: `s3 -> λ ${sub.functionId}`, where: `s3://${sub.bucket}/${key}` },
    );

  return {
    async settled() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    async stop() {
      unsubscribe();
      abort.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}

