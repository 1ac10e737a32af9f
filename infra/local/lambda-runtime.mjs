// The Lambda runtime stand-in, run inside one worker thread per function (see lambda.ts).
// Plain JavaScript on purpose: it loads nothing but the function's bundle, like the managed
// Node.js runtime, and needs no TypeScript loader in the worker.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { clockNow } from './clock-state.mjs';

// Source maps are not enabled, as in AWS (infra/constructs/motcua-function.ts: they cost init);
// the .map files beside the bundle map a stack trace back to the TypeScript.

const { bundle, functionName, functionVersion, memoryMb, invokedFunctionArn, logGroupName, logStreamName, clock } = workerData;

// The local cloud's clock (infra/local/clock.ts), installed before the bundle loads so that
// shared/aws/clock.ts finds it at cold start. Nothing sets this symbol in AWS.
if (clock) globalThis[Symbol.for('motcua.clock')] = () => clockNow(clock);

const serialiseError = (err) =>
  err instanceof Error
    ? { errorType: err.name || 'Error', errorMessage: err.message, stack: err.stack?.split('\n') ?? [] }
    : { errorType: typeof err, errorMessage: String(err), stack: [] };

let handler;
try {
  const mod = await import(pathToFileURL(bundle).href);
  handler = mod.handler;
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`index.handler is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
} catch (err) {
  // Lambda reports an init failure on the invocation that triggered the cold start, and tries
  // the init again on the next one.
  parentPort.postMessage({ type: 'init-error', error: serialiseError(err) });
  parentPort.close();
}

if (handler) {
  parentPort.on('message', async ({ id, event, deadline }) => {
    const context = {
      awsRequestId: id,
      functionName,
      functionVersion,
      invokedFunctionArn,
      memoryLimitInMB: String(memoryMb),
      logGroupName,
      logStreamName,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      // Callback-style handlers are gone from the nodejs24.x runtime; these legacy helpers too.
      done: () => {
        throw new Error('context.done is not supported on nodejs24.x');
      },
      fail: () => {
        throw new Error('context.fail is not supported on nodejs24.x');
      },
      succeed: () => {
        throw new Error('context.succeed is not supported on nodejs24.x');
      },
    };
    try {
      const value = await handler(event, context);
      // Lambda serialises the result as JSON: undefined becomes null, dates become strings,
      // class instances lose their prototype. Do the same so nothing works only locally.
      const json = JSON.stringify(value);
      parentPort.postMessage({ type: 'result', id, ok: true, value: json === undefined ? null : JSON.parse(json) });
    } catch (err) {
      parentPort.postMessage({ type: 'result', id, ok: false, error: serialiseError(err) });
    }
  });
  parentPort.postMessage({ type: 'ready' });
}
