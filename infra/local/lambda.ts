/**
 * Lambda stand-in: every function of the topology bundled with the same esbuild options as in
 * AWS (infra/bundling.ts) and run in its own worker thread, with its own `process.env` built
 * from the same permissions as in CDK (environmentFor).
 *
 * Differences from AWS, on purpose or by necessity:
 * - One worker per function, started on the first invocation (a cold start) and kept warm.
 *   Invocations run CONCURRENTLY inside that worker, where AWS gives each concurrent invocation
 *   its own sandbox: module-level state is shared between overlapping invocations here.
 * - A timeout rejects the invocation ("Task timed out"); AWS then throws the sandbox away. Here
 *   the worker is terminated only when no other invocation is running in it.
 * - Memory: the worker's V8 heap is capped at the function's memory size, so a function that
 *   outgrows it dies as in AWS (Runtime.OutOfMemory), though AWS counts the whole process.
 * - Code changes need a restart of the local cloud (no watch mode).
 */
import { appendFile, copyFile, mkdir } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { build } from 'esbuild';
import { bundling, functionBuildOptions, repoRoot } from '../bundling.ts';
import { environmentFor, type FunctionId, type FunctionSpec, type Topology } from '../topology.ts';
import type { LocalClock } from './clock.ts';
import { accountId, region, sleep } from './config.ts';

const runtimeFile = fileURLToPath(new URL('./lambda-runtime.mjs', import.meta.url));

/** An invocation that failed: the handler threw, timed out, or its runtime died. */
export class FunctionError extends Error {
  override name = 'FunctionError';
  constructor(
    readonly functionId: string,
    /** Lambda's errorType, e.g. `Error`, `Sandbox.Timedout`, `Runtime.ImportModuleError`. */
    readonly errorType: string,
    message: string,
    readonly trace?: string[],
  ) {
    super(message);
  }
  get timedOut(): boolean {
    return this.errorType === 'Sandbox.Timedout';
  }
}

export interface FunctionHost {
  /** Function ids of the topology, each bundled. */
  readonly functions: readonly string[];
  /** Invokes a function synchronously (RequestResponse); resolves with its JSON result. */
  invoke(functionId: string, event: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export interface FunctionHostOptions {
  topology: Topology;
  dataDir: string;
  /** AWS_ENDPOINT_URL_*, region and credentials of the local cloud. */
  env: Record<string, string>;
  log: (line: string) => void;
  /** The cloud's clock: every worker reads it through the hook lambda-runtime.mjs installs (shared/aws/clock.ts). */
  clock?: Pick<LocalClock, 'buffer'>;
}

/** Bundles every function of the topology (in parallel) and returns a host that runs them. */
export async function startFunctionHost(opts: FunctionHostOptions): Promise<FunctionHost> {
  const specs = Object.entries(opts.topology.functions) as [FunctionId, FunctionSpec][];
  const started = Date.now();
  const bundles = await Promise.all(specs.map(([id, spec]) => bundleFunction(opts.dataDir, id, spec, environmentFor(opts.topology, id))));
  opts.log(`lambda: bundled ${specs.length} function(s) in ${Date.now() - started} ms`);
  const sandboxes = new Map(specs.map(([id, spec], i) => [id as string, new Sandbox(id, spec, bundles[i]!, opts)]));
  return {
    functions: [...sandboxes.keys()],
    invoke(functionId, event) {
      const sandbox = sandboxes.get(functionId);
      if (!sandbox) return Promise.reject(new Error(`no function "${functionId}" in the topology`));
      return sandbox.invoke(event);
    },
    async stop() {
      await Promise.all([...sandboxes.values()].map((s) => s.stop()));
    },
  };
}

/**
 * Bundles one function to `<dataDir>/build/<functionId>/index.mjs` (with its environment `env`)
 * and copies its `bundledFiles` beside it, as its Lambda package has them (the forms' fonts: a
 * data folder outside the repository cannot resolve them from node_modules); returns the file.
 */
export async function bundleFunction(dataDir: string, functionId: string, spec: Pick<FunctionSpec, 'entry' | 'bundledFiles'>, env: Record<string, string>): Promise<string> {
  const outdir = path.join(dataDir, 'build', functionId);
  const result = await build({ ...functionBuildOptions(path.join(repoRoot, spec.entry), outdir, env), logLevel: 'silent' });
  if (result.errors.length) throw new Error(`bundling ${functionId} failed: ${result.errors.map((e) => e.text).join('; ')}`);
  for (const f of spec.bundledFiles ?? []) {
    const to = path.join(outdir, f.to);
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(path.join(repoRoot, f.from), to);
  }
  return path.join(outdir, bundling.outFile);
}

interface Pending {
  /** The worker running the invocation: when it dies, only its invocations fail. */
  worker: Worker;
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

type RuntimeMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: SerialisedError }
  | { type: 'result'; id: string; ok: true; value: unknown }
  | { type: 'result'; id: string; ok: false; error: SerialisedError };
interface SerialisedError {
  errorType: string;
  errorMessage: string;
  stack: string[];
}

/** One function's execution environment: a worker thread, replaced when it dies. */
class Sandbox {
  private worker: Worker | undefined;
  private readonly pending = new Map<string, Pending>();
  private stopped = false;
  private readonly env: Record<string, string>;
  private readonly workerData: Record<string, unknown>;

  constructor(
    private readonly id: string,
    private readonly spec: FunctionSpec,
    private readonly bundle: string,
    private readonly opts: FunctionHostOptions,
  ) {
    const logGroupName = `/aws/lambda/${id}`;
    const logStreamName = `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]local`;
    this.env = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      ...opts.env,
      ...environmentFor(opts.topology, id as FunctionId),
      AWS_DEFAULT_REGION: opts.env.AWS_REGION ?? region,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: id,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
      // Not set by AWS (a function reads its timeout from the context); handy locally.
      AWS_LAMBDA_FUNCTION_TIMEOUT: String(spec.timeoutSeconds),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: logGroupName,
      AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
      LAMBDA_TASK_ROOT: path.dirname(bundle),
      _HANDLER: `index.${spec.handler}`,
    };
    this.workerData = {
      bundle,
      functionName: id,
      functionVersion: '$LATEST',
      memoryMb: spec.memoryMb,
      invokedFunctionArn: `arn:aws:lambda:${this.env.AWS_REGION ?? region}:${accountId}:function:${id}`,
      logGroupName,
      logStreamName,
      // Shared memory, not a copy: moving the clock moves it in running workers too.
      clock: opts.clock?.buffer,
    };
  }

  invoke(event: unknown): Promise<unknown> {
    if (this.stopped) return Promise.reject(new FunctionError(this.id, 'Runtime.Stopped', 'the local cloud is stopping'));
    // Lambda receives the event as JSON: undefined fields vanish, dates become strings.
    let payload: unknown;
    try {
      payload = JSON.parse(JSON.stringify(event ?? null));
    } catch (err) {
      return Promise.reject(new Error(`event for ${this.id} is not JSON: ${(err as Error).message}`));
    }
    const worker = this.worker ?? this.start();
    const requestId = randomUUID();
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    const started = Date.now();
    return new Promise<unknown>((resolve, reject) => {
      const finish = (outcome: string) => {
        this.pending.delete(requestId);
        // One line per invocation, never the event: events carry personal data.
        this.opts.log(`λ ${this.id} ${requestId} ${Date.now() - started} ms ${outcome}`);
      };
      const timer = setTimeout(() => {
        finish('error Sandbox.Timedout');
        reject(new FunctionError(this.id, 'Sandbox.Timedout', `Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds`));
        // AWS discards a sandbox after a timeout; do so when that hurts no other invocation.
        if (this.worker === worker && ![...this.pending.values()].some((p) => p.worker === worker)) this.discard();
      }, timeoutMs);
      this.pending.set(requestId, {
        worker,
        resolve: (value) => {
          finish('ok');
          resolve(value);
        },
        reject: (err) => {
          finish(`error ${err instanceof FunctionError ? err.errorType : err.name}`);
          reject(err);
        },
        timer,
      });
      worker.postMessage({ id: requestId, event: payload, deadline: started + timeoutMs });
    });
  }

  private start(): Worker {
    const worker = new Worker(runtimeFile, {
      env: this.env,
      workerData: this.workerData,
      // A clean runtime: no TypeScript loader or test-runner flags inherited from this process.
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.spec.memoryMb },
    });
    this.worker = worker;
    this.forward(worker.stdout);
    this.forward(worker.stderr);
    worker.on('message', (msg: RuntimeMessage) => {
      if (msg.type === 'result') {
        const p = this.pending.get(msg.id);
        if (!p) return; // timed out already
        clearTimeout(p.timer);
        if (msg.ok) p.resolve(msg.value);
        else {
          // What the Node.js runtime writes to CloudWatch for a failed invocation.
          this.opts.log(`[${this.id}] ERROR Invoke Error ${JSON.stringify(msg.error)}`);
          p.reject(new FunctionError(this.id, msg.error.errorType, msg.error.errorMessage, msg.error.stack));
        }
      } else if (msg.type === 'init-error') {
        this.opts.log(`λ ${this.id} init failed: ${msg.error.errorType}: ${msg.error.errorMessage}`);
        this.failAll(worker, new FunctionError(this.id, msg.error.errorType, msg.error.errorMessage, msg.error.stack));
        if (this.worker === worker) this.discard();
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      // An uncaught exception or unhandled rejection kills the Node runtime in AWS too.
      const type = err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
      this.opts.log(`λ ${this.id} runtime died: ${type}: ${err.message}`);
      this.failAll(worker, new FunctionError(this.id, type, err.message));
      if (this.worker === worker) this.worker = undefined;
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(worker, new FunctionError(this.id, 'Runtime.ExitError', `the runtime exited with code ${code}`));
    });
    return worker;
  }

  private forward(stream: Readable) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.opts.log(`[${this.id}] ${line}`));
  }

  private failAll(worker: Worker | undefined, err: FunctionError) {
    for (const p of [...this.pending.values()]) {
      if (worker && p.worker !== worker) continue;
      clearTimeout(p.timer);
      p.reject(err);
    }
  }

  private discard() {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }

  async stop() {
    this.stopped = true;
    this.failAll(undefined, new FunctionError(this.id, 'Runtime.Stopped', 'the local cloud is stopping'));
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }
}

/** A failed invocation as Lambda reports it (error type, message, stack lines). */
export function describeFailure(err: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  if (err instanceof FunctionError) return { errorType: err.errorType, errorMessage: err.message, trace: err.trace ?? [] };
  const e = err as Error;
  return { errorType: e?.name ?? 'Error', errorMessage: e?.message ?? String(err), trace: [] };
}

/** The record Lambda sends to an asynchronous invocation's on-failure destination (retries exhausted). */
export function asyncFailureRecord(functionId: string, event: unknown, error: ReturnType<typeof describeFailure>, attempts: number) {
  return {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: randomUUID(),
      functionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionId}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: attempts,
    },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: error,
  };
}

/** Where an asynchronous invocation's on-failure record goes locally. */
export interface AsyncFailureDestination {
  sqs: Pick<SQSClient, 'send'>;
  /** The topology's on-failure queue (physical name, `names.queue`): where Lambda sends it in AWS. */
  queueName: string;
  /** JSON-lines file the record is appended to when the queue cannot take it. */
  fallbackFile: string;
  log: (line: string) => void;
}

/**
 * Sends the record an asynchronous invocation's on-failure destination receives (retries
 * exhausted) to the topology's on-failure queue, as Lambda does. When the send fails (queue
 * missing, SQS stopped, record too large), the record is appended to a JSON-lines file instead
 * and the failed send is logged. Returns where the record went: `sqs://<queue>` or the file.
 */
export async function recordAsyncFailure(
  to: AsyncFailureDestination,
  functionId: string,
  event: unknown,
  error: ReturnType<typeof describeFailure>,
  attempts: number,
): Promise<string> {
  const body = JSON.stringify(asyncFailureRecord(functionId, event, error, attempts));
  try {
    const { QueueUrl } = await to.sqs.send(new GetQueueUrlCommand({ QueueName: to.queueName }));
    await to.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    return `sqs://${to.queueName}`;
  } catch (err) {
    to.log(`λ ${functionId}: on-failure record not sent to ${to.queueName} (${(err as Error).name}: ${(err as Error).message}); appending it to ${to.fallbackFile}`);
  }
  await mkdir(path.dirname(to.fallbackFile), { recursive: true });
  await appendFile(to.fallbackFile, body + '\n');
  return to.fallbackFile;
}

/**
 * Lambda's asynchronous invocation (S3 notifications, EventBridge targets): the first try, one
 * retry after each of `retryDelaysMs`, then the on-failure record (recordAsyncFailure). Stops
 * quietly when `abort` fires. `label` prefixes the log lines, `where` names what was delivered.
 */
export async function invokeAsynchronously(
  opts: { functions: Pick<FunctionHost, 'invoke'>; sqs: Pick<SQSClient, 'send'>; log: (line: string) => void; abort: AbortSignal; retryDelaysMs: number[]; fallbackFile: string },
  target: { functionId: string; onFailure: string },
  event: unknown,
  text: { label: string; where: string },
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await opts.functions.invoke(target.functionId, event);
      return;
    } catch (err) {
      if (opts.abort.aborted) return;
      const error = describeFailure(err);
      if (attempt > opts.retryDelaysMs.length) {
        const sent = await recordAsyncFailure(
          { sqs: opts.sqs, queueName: target.onFailure, fallbackFile: opts.fallbackFile, log: opts.log },
          target.functionId,
          event,
          error,
          attempt,
        ).catch((e: Error) => `(not written: ${e.message})`);
        opts.log(`${text.label}: ${text.where} DROPPED after ${attempt} attempts (${error.errorType}: ${error.errorMessage}); on-failure record in ${sent}`);
        return;
      }
      const delay = opts.retryDelaysMs[attempt - 1]!;
      opts.log(`${text.label}: ${text.where} attempt ${attempt} failed (${error.errorType}); retry in ${delay} ms`);
      await sleep(delay, opts.abort);
      if (opts.abort.aborted) return;
    }
  }
}
