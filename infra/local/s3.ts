/**
 * S3 stand-in: s3rver, objects stored as files under `<dataDir>/s3`.
 *
 * Quirks to know (see /work/shared/LOCAL-CLOUD.md): clients must use path-style addressing
 * (`forcePathStyle: true`) and the credentials S3RVER/S3RVER, which s3rver checks signatures
 * with; presigned POST policies (content-length-range, Content-Type, key) are NOT enforced,
 * where real S3 refuses a mismatch, so tests of those limits belong to the handler, not to S3.
 */
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Server } from 'node:http';
import { assertPortFree } from './config.ts';

/** The S3 event record s3rver emits (the same shape as an S3 notification's `Records[0]`). */
export interface S3EventNotification {
  Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } } }[];
}

/** The part of s3rver's API used here (the package ships no types). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3EventNotification) => void): void;
  httpServer?: Server;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  allowMismatchedSignatures?: boolean;
}) => S3rverInstance;

export interface LocalS3 {
  endpoint: string;
  /**
   * Object-created (and removed) notifications, e.g. `ObjectCreated:Put`, `ObjectCreated:Post`.
   * Reserved for the future S3 -> document λ trigger: the local event source mapping will
   * subscribe here and invoke the function with `{ Records: [...] }` as S3 would.
   */
  onEvent(listener: (event: S3EventNotification) => void): void;
  stop(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1:port, quiet, storing buckets under `<dataDir>/s3`. */
export async function startS3(opts: { dataDir: string; port: number }): Promise<LocalS3> {
  const directory = path.join(opts.dataDir, 's3');
  await mkdir(directory, { recursive: true });
  await assertPortFree(opts.port, 's3rver');
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const server = new S3rver({ address: '127.0.0.1', port: opts.port, silent: true, directory });
  await server.run();
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${opts.port}`,
    onEvent: (listener) => server.on('event', listener),
    async stop() {
      if (stopped) return;
      stopped = true;
      const closing = server.close();
      // Keep-alive sockets from SDK clients would hold close() open.
      server.httpServer?.closeAllConnections();
      await closing;
    },
  };
}
