/**
 * Constants and small helpers shared by the local stand-ins (infra/local). Kept free of emulator
 * imports so `npm run token` starts fast.
 */
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from '../bundling.ts';

export const region = 'ap-southeast-1';
/**
 * s3rver knows only this access key id (another one is refused), but does not verify SigV4
 * signatures: a wrong secret works locally (see s3.ts). The local S3 front does verify POST
 * policies with this secret. DynamoDB Local and local-aws-sqs accept anything.
 */
export const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** Cosmetic account id for Lambda ARNs and API Gateway request contexts. */
export const accountId = '000000000000';

export const defaultPorts = { http: 3000, dynamodb: 8000, s3: 4569, sqs: 9324 };

/** Ports from the environment (PORT, DYNAMODB_PORT, S3_PORT, SQS_PORT), else the defaults. */
export function portsFromEnv(env: NodeJS.ProcessEnv = process.env): typeof defaultPorts {
  const read = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${name}=${raw} is not a port number`);
    return n;
  };
  return {
    http: read('PORT', defaultPorts.http),
    dynamodb: read('DYNAMODB_PORT', defaultPorts.dynamodb),
    s3: read('S3_PORT', defaultPorts.s3),
    sqs: read('SQS_PORT', defaultPorts.sqs),
  };
}

/** `.motcua/` at the repository root, or MOTCUA_DATA_DIR (resolved from the current directory). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MOTCUA_DATA_DIR ? path.resolve(env.MOTCUA_DATA_DIR) : path.join(repoRoot, '.motcua');
}

/** Rejects when something already listens on the port (checked on every interface, as Java binds them all). */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`${what} port ${port} is not available (${err.code ?? err.message})`)),
    );
    probe.listen({ port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** Resolves once a TCP connection to 127.0.0.1:port succeeds; rejects after timeoutMs or when `abort` fires. */
export async function waitForPort(port: number, timeoutMs: number, abort?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    abort?.throwIfAborted();
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing answered on port ${port} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Writes a file atomically (temp file + rename) so a crash never leaves half a JSON document. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const { writeFile, rename, mkdir } = await import('node:fs/promises');
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Starts `server` on 127.0.0.1:`port`; `stop()` closes it and every open connection, once. */
export async function listen(server: import('node:http').Server, port: number): Promise<{ endpoint: string; stop(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as net.AddressInfo).port;
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closing;
    },
  };
}
