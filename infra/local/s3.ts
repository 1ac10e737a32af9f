/**
 * S3 stand-in: s3rver (objects stored as files under `<dataDir>/s3`) behind a small front that
 * adds what s3rver lacks and motcua relies on.
 *
 * The front (on the S3 port):
 * - Browser-form uploads (multipart POST to `/<bucket>`) are checked the way S3 checks them
 *   (s3-post-policy.ts: SigV4 signature, expiration, every condition, extra fields,
 *   content-length-range, x-amz-checksum-*). A refused upload gets S3's XML error and never
 *   reaches s3rver: nothing stored, no event. s3rver alone accepts any form.
 * - Everything else goes to s3rver unchanged.
 * - Requests on one object are served one at a time. S3 replaces an object atomically (a reader
 *   sees the old object or the new one, whole); s3rver writes the file and its metadata apart, so
 *   a GET during an overwrite could answer an empty ETag (seen as a scan stuck unverified when a
 *   browser posted the same form twice).
 * - Answers carry x-amz-request-id and x-amz-id-2 as S3's do (s3rver's own error answers drop
 *   them), and the notification of a write repeats them.
 *
 * Object-created (and removed) notifications: s3rver emits an event per write; `onEvent` turns
 * it into the record S3 sends (eventVersion 2.1, the bucket's region, URL-encoded key, sequencer,
 * and `ObjectCreated:CompleteMultipartUpload` where s3rver says `Post`). s3-notifications.ts
 * delivers them to the functions whose topology trigger is `{ type: 's3' }`.
 *
 * Known gaps (measured against s3rver 3.7.1):
 * - Versioning: not supported. s3rver routes PutBucketVersioning as CreateBucket (409
 *   BucketAlreadyExists, or a new bucket) and GetBucketVersioning as ListObjects; the front
 *   answers both 501 NotImplemented instead. ListObjectVersions (`?versions`) is 405
 *   MethodNotAllowed, PutObject returns no x-amz-version-id and GET `?versionId=` ignores the id
 *   and returns the latest object. Records therefore carry no versionId, and nothing that depends
 *   on versions (restoring an overwritten scan) can be tried locally.
 * - SigV4 signatures of header-signed and presigned (query) requests are NOT verified: s3rver
 *   checks only that the access key id is S3RVER (and the expiry of presigned URLs). A presigned
 *   PUT or GET with a wrong signature works locally and fails in AWS. Only POST policies are
 *   verified, here.
 * - No bucket policy, ACL or TLS-only enforcement: unsigned requests are served.
 * - Path-style addressing only (`forcePathStyle: true`): virtual-host buckets are switched off so
 *   the front and s3rver always agree on the bucket of a request.
 * - POST: `${filename}` in the key is not substituted (S3 replaces it with the file's name), and
 *   Signature Version 2 forms are refused (the SDK v3 signs with V4).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { S3EventRecord } from 'aws-lambda';
import { assertPortFree, credentials, listen, region } from './config.ts';
import { MalformedPostError, parsePostForm, verifyPostUpload, type S3ErrorAnswer } from './s3-post-policy.ts';

export type { S3EventRecord } from 'aws-lambda';

/** The event s3rver emits (its own approximation: region us-east-1, raw key, no Copy eTag). */
interface S3rverEvent {
  Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } } }[];
}

/** The part of s3rver's API used here (the package ships no types). */
interface S3rverInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  configureBuckets(): Promise<void>;
  on(event: 'event', listener: (event: S3rverEvent) => void): void;
  store: { getMetadata(bucket: string, key: string): Promise<Record<string, string | number>> };
  logger: { close(): void };
}
type S3rverClass = new (options: { silent: boolean; directory: string; vhostBuckets: boolean }) => S3rverInstance;

export interface LocalS3 {
  endpoint: string;
  /**
   * Calls `listener` with one S3 notification record per object written or removed, e.g.
   * `ObjectCreated:Put`, `ObjectCreated:Post`, `ObjectCreated:Copy`,
   * `ObjectCreated:CompleteMultipartUpload`, `ObjectRemoved:Delete`. Returns an unsubscribe.
   */
  onEvent(listener: (record: S3EventRecord) => void): () => void;
  stop(): Promise<void>;
}

/** What the front knows about the request s3rver is handling when it emits an event. */
interface RequestInfo {
  method: string;
  url: string;
  sourceIp: string;
  requestId: string;
  hostId: string;
}

/** Starts s3rver and its front on 127.0.0.1:port, storing buckets under `<dataDir>/s3`. */
/** `clock`: the cloud's clock (infra/local/clock.ts), the time of the object-created events (default: the real time). */
export async function startS3(opts: { dataDir: string; port: number; log?: (line: string) => void; clock?: { now(): number } }): Promise<LocalS3> {
  const log = opts.log ?? (() => {});
  const directory = path.join(opts.dataDir, 's3');
  await mkdir(directory, { recursive: true });
  await assertPortFree(opts.port, 's3rver');
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const server = new S3rver({ silent: true, directory, vhostBuckets: false });
  await server.configureBuckets();

  // s3rver emits its event synchronously while handling the request that wrote the object; the
  // request is found again through this store (method and URL tell a multipart completion).
  const requests = new AsyncLocalStorage<RequestInfo>();
  const koa = server.callback();
  const handle = (req: IncomingMessage, res: ServerResponse, info: RequestInfo) => requests.run(info, () => koa(req, res));

  // A private listener for replayed form uploads (their body was read to verify the policy).
  const inner = await listen(
    http.createServer((req, res) => handle(req, res, requestInfoFrom(req, true))),
    0,
  );

  const listeners = new Set<(record: S3EventRecord) => void>();
  server.on('event', (event) => {
    const info = requests.getStore();
    for (const raw of event.Records) {
      toS3Record(raw, info, server.store, opts.clock?.now() ?? Date.now()).then(
        (record) => listeners.forEach((l) => l(record)),
        (err: Error) => log(`s3: event ${raw.eventName} on ${raw.s3.bucket.name} not emitted: ${err.message}`),
      );
    }
  });

  const locks = objectLocks();
  const front = http.createServer((req, res) => {
    const info = requestInfoFrom(req, false);
    // S3 puts these on every answer; the notification of the write repeats them.
    res.setHeader('x-amz-request-id', info.requestId);
    res.setHeader('x-amz-id-2', info.hostId);
    if (asksForVersioning(req)) {
      // s3rver means to answer NotImplemented here, but routes `?versioning` as if it were absent:
      // PutBucketVersioning would become CreateBucket (409, or a new bucket) and
      // GetBucketVersioning a listing that reads as "never enabled". Say plainly that it is missing.
      req.resume();
      return sendError(res, { status: 501, code: 'NotImplemented', message: 'A parameter you provided implies functionality that is not implemented' }, info);
    }
    fixCopySource(req);
    const bucket = formUploadBucket(req);
    if (bucket === undefined) {
      const object = objectOf(req);
      if (!object) return handle(req, res, info);
      return void locks.run(object, () => answered(res, () => handle(req, res, info)));
    }
    formUpload(req, res, bucket, inner.endpoint, info, locks).catch((err: Error) => {
      log(`s3: form upload to ${bucket} failed: ${err.message}`);
      if (!res.headersSent) sendError(res, { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' }, info);
      else res.destroy();
    });
  });
  const outer = await listen(front, opts.port);

  let stopped = false;
  return {
    endpoint: outer.endpoint,
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      listeners.clear();
      await Promise.all([outer.stop(), inner.stop()]);
      server.logger.close();
    },
  };
}

/** Ids and origin of a request; a form upload replayed by the front (`replayed`) keeps the front's. */
function requestInfoFrom(req: IncomingMessage, replayed: boolean): RequestInfo {
  const forwarded = (name: string) => (replayed && typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    sourceIp: forwarded('x-motcua-source-ip') ?? (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    requestId: forwarded('x-motcua-request-id') ?? randomBytes(8).toString('hex').toUpperCase(),
    hostId: forwarded('x-motcua-host-id') ?? randomBytes(48).toString('base64'),
  };
}

/**
 * CopyObject's `x-amz-copy-source` is `<bucket>/<key>` URL-encoded, and S3 decodes all of it.
 * s3rver uses decodeURI, which leaves `%2B`, `%2F`, `%3F`, `%23`... encoded, so copying
 * `a+b.pdf` (sent as `a%2Bb.pdf`) looked for a key named `a%2Bb.pdf`. Re-encode the source so
 * that s3rver's decodeURI yields the key S3 would read. A `?versionId=` suffix is dropped
 * (s3rver has no versions, see above).
 */
function fixCopySource(req: IncomingMessage): void {
  const source = req.headers['x-amz-copy-source'];
  if (typeof source !== 'string') return;
  try {
    req.headers['x-amz-copy-source'] = encodeURI(decodeURIComponent(source.split('?')[0]!));
  } catch {
    // Not valid percent-encoding: let s3rver answer it.
  }
}

function asksForVersioning(req: IncomingMessage): boolean {
  return requestUrl(req)?.searchParams.has('versioning') ?? false;
}

/** The request's path and query (undefined when the request line is not a URL path). */
function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://local');
  } catch {
    return undefined;
  }
}

/** The bucket of a browser-form upload (multipart POST to `/<bucket>`), else undefined. */
function formUploadBucket(req: IncomingMessage): string | undefined {
  if (req.method !== 'POST') return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*(;|$)/i.test(type)) return undefined;
  const match = /^\/([^/]+)\/?$/.exec(requestUrl(req)?.pathname ?? '');
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/** Reads, verifies and (when S3 would accept it) replays a browser-form upload to s3rver. */
async function formUpload(req: IncomingMessage, res: ServerResponse, bucket: string, inner: string, info: RequestInfo, locks: ObjectLocks): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  let refusal: S3ErrorAnswer | undefined;
  let key = '';
  try {
    const form = await parsePostForm(body, req.headers);
    key = form.fields.find((f) => f.name.toLowerCase() === 'key')?.value ?? '';
    refusal = verifyPostUpload({
      bucket,
      form,
      now: new Date(),
      region,
      secretFor: (id) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined),
    });
  } catch (err) {
    if (!(err instanceof MalformedPostError)) throw err;
    refusal = { status: 400, code: 'MalformedPOSTRequest', message: 'The body of your POST request is not well-formed multipart/form-data.' };
  }
  if (refusal) return sendError(res, refusal, info);

  // Forward the original bytes and headers; s3rver answers as S3 would (204, or the
  // success_action_status 200/201 with its PostResponse, or the success_action_redirect 303).
  const headers: IncomingHttpHeaders = { ...req.headers, 'x-motcua-request-id': info.requestId, 'x-motcua-host-id': info.hostId, 'x-motcua-source-ip': info.sourceIp };
  delete headers.connection;
  delete headers['keep-alive'];
  await locks.run(`${bucket}/${key}`, () =>
    new Promise<void>((resolve, reject) => {
      const up = http.request(new URL(req.url ?? '/', inner), { method: 'POST', headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    }),
  );
}

type ObjectLocks = ReturnType<typeof objectLocks>;

/** One request at a time per object (`bucket/key`): each waits for the one before it to be answered. */
function objectLocks() {
  const tails = new Map<string, Promise<void>>();
  return {
    run(object: string, work: () => Promise<void>): Promise<void> {
      const mine = (tails.get(object) ?? Promise.resolve()).then(work, work);
      const tail = mine.catch(() => {});
      tails.set(object, tail);
      void tail.then(() => {
        if (tails.get(object) === tail) tails.delete(object);
      });
      return mine;
    },
  };
}

/** Runs a request through s3rver and settles once its answer is sent (or the connection gone). */
function answered(res: ServerResponse, start: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    res.once('close', resolve);
    start();
  });
}

/** The object (`bucket/key`) a path-style request names, or undefined for a bucket or service request. */
function objectOf(req: IncomingMessage): string | undefined {
  const match = /^\/([^/]+)\/(.+)$/.exec(requestUrl(req)?.pathname ?? '');
  if (!match) return undefined;
  try {
    return `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`;
  } catch {
    return undefined;
  }
}

function sendError(res: ServerResponse, e: S3ErrorAnswer, info: RequestInfo): void {
  const details = Object.entries(e.details ?? {})
    .map(([k, v]) => `<${k}>${xml(String(v))}</${k}>`)
    .join('');
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${e.code}</Code><Message>${xml(e.message)}</Message>${details}` +
    `<RequestId>${info.requestId}</RequestId><HostId>${xml(info.hostId)}</HostId></Error>`;
  res.writeHead(e.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

// ---------------------------------------------------------------------------------------------
// Notification records

/**
 * The key as S3 notifications carry it: URL-encoded the way HTML forms encode values (space as
 * `+`, UTF-8 bytes as `%XX`), with `/` left as is. Letters, digits and `-_.*` stay unencoded, as
 * observed in S3 events (`red flower.jpg` -> `red+flower.jpg`, `a+b` -> `a%2Bb`,
 * `(1)` -> `%281%29`). A handler must decode it before GetObject: `decodeS3EventKey`.
 */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The object key of an S3 notification record: `decodeS3EventKey('H%E1%BB%93+s%C6%A1.pdf') === 'Hồ sơ.pdf'`. */
export function decodeS3EventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

let lastSequencer = 0n;
/**
 * S3's sequencer: a hex string that grows for later events on the same key (compare after padding
 * to equal length). Here: milliseconds and a counter, strictly increasing within the process.
 */
function nextSequencer(): string {
  const candidate = BigInt(Date.now()) << 16n;
  lastSequencer = candidate > lastSequencer ? candidate : lastSequencer + 1n;
  return lastSequencer.toString(16).toUpperCase().padStart(18, '0');
}

/** A fixed principal for the local account, in the shape S3 reports (`AWS:<unique id>`). */
const localPrincipal = 'AIDAS3RVERLOCALUSER00';

async function toS3Record(raw: S3rverEvent['Records'][number], info: RequestInfo | undefined, store: S3rverInstance['store'], at: number): Promise<S3EventRecord> {
  const bucket = raw.s3.bucket.name;
  const key = raw.s3.object.key;
  let eventName = raw.eventName;
  // s3rver reports a completed multipart upload as a POST; S3 has its own event for it.
  if (eventName === 'ObjectCreated:Post' && info && /[?&]uploadId=/.test(info.url)) eventName = 'ObjectCreated:CompleteMultipartUpload';
  const object: S3EventRecord['s3']['object'] = { key: encodeS3EventKey(key), size: 0, eTag: '', sequencer: nextSequencer() };
  if (eventName.startsWith('ObjectCreated:')) {
    let { size, eTag } = raw.s3.object;
    // s3rver leaves the eTag out of Copy events; S3 includes it (without quotes).
    if (size === undefined || Number.isNaN(size) || !eTag) {
      const meta = await store.getMetadata(bucket, key);
      size = Number(meta['content-length']);
      eTag = JSON.parse(String(meta.etag)) as string;
    }
    object.size = size;
    object.eTag = eTag;
  } else {
    // Removal records carry neither size nor eTag.
    delete (object as Partial<typeof object>).size;
    delete (object as Partial<typeof object>).eTag;
  }
  const requestId = info?.requestId ?? randomBytes(8).toString('hex').toUpperCase();
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    // s3rver says us-east-1; the buckets live in the local cloud's region.
    awsRegion: region,
    eventTime: new Date(at).toISOString(),
    eventName,
    userIdentity: { principalId: `AWS:${localPrincipal}` },
    requestParameters: { sourceIPAddress: info?.sourceIp ?? '127.0.0.1' },
    responseElements: { 'x-amz-request-id': requestId, 'x-amz-id-2': info?.hostId ?? createHash('sha256').update(requestId).digest('base64') },
    s3: {
      s3SchemaVersion: '1.0',
      // The notification configuration's id; s3-notifications.ts sets it per subscribed function.
      configurationId: '',
      // s3rver writes `arn:aws:s3: : :name`.
      bucket: { name: bucket, ownerIdentity: { principalId: localPrincipal }, arn: `arn:aws:s3:::${bucket}` },
      object,
    },
  };
}
