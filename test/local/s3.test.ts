/**
 * The local S3 end to end: browser-form uploads through the policy-checking front (real HTTP,
 * FormData, createPresignedPost), SDK writes, and the object-created notifications a fixture
 * function receives (test/fixtures/s3-recorder.ts).
 */
import { createHash } from 'node:crypto';
import { access, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { S3EventRecord } from 'aws-lambda';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.ts';
import { decodeS3EventKey } from '../../infra/local/s3.ts';
import { startS3Notifications } from '../../infra/local/s3-notifications.ts';
import { names, type Topology } from '../../infra/topology.ts';
import { eventually, fixtureTopology, freePorts, jsonLines, tempDir } from './support.ts';

const ports = await freePorts();
const region = 'ap-southeast-1';

let cloud: LocalCloud;
let dataDir: string;
let t: Topology;
let Bucket: string;
let s3: S3Client;
const logs: string[] = [];

beforeAll(async () => {
  dataDir = await tempDir('s3');
  t = fixtureTopology('s3test', {
    functions: {
      scans: { entry: 'test/fixtures/s3-recorder.ts', trigger: { type: 's3', bucket: 'documents', prefix: 'uploads/', onFailure: 'documents-failures' } },
    },
  });
  Bucket = names.bucket(t.prefix, 'documents');
  cloud = await startLocalCloud({ dataDir, ports, topology: t, log: (l) => logs.push(l) });
  s3 = client();
});
afterAll(async () => {
  s3?.destroy();
  await cloud?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function client(opts: { secretAccessKey?: string; systemClockOffset?: number } = {}) {
  return new S3Client({
    endpoint: cloud.endpoints.s3,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: opts.secretAccessKey ?? 'S3RVER' },
    systemClockOffset: opts.systemClockOffset ?? 0,
  });
}

/** A presigned POST for a PDF scan of 1 byte to 1 KiB under `key`, as the public API will sign it. */
const presign = (key: string, options: Partial<PresignedPostOptions> = {}, via = s3) =>
  createPresignedPost(via, {
    Bucket,
    Key: key,
    Conditions: [['content-length-range', 1, 1024], ['eq', '$Content-Type', 'application/pdf']],
    Fields: { 'Content-Type': 'application/pdf' },
    Expires: 300,
    ...options,
  });

/** What a browser does with the presigned fields: a multipart form, the file last. */
async function upload(url: string, fields: Record<string, string>, content: string | Uint8Array, type = 'application/pdf') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type }), 'scan.pdf');
  const res = await fetch(url, { method: 'POST', body: form });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

interface Delivery {
  key: string;
  attempt: number;
  records: number;
  record: S3EventRecord;
}
const deliveries = () => jsonLines<Delivery>(path.join(dataDir, 's3-events.jsonl'));
const deliveredTo = (encodedKey: string) =>
  eventually(async () => (await deliveries()).find((d) => d.key === encodedKey), 10_000);
const stored = async (Key: string) => {
  try {
    await s3.send(new HeadObjectCommand({ Bucket, Key }));
    return true;
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw err;
  }
};
const body = async (Key: string) => (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();

describe('browser-form uploads and S3 notifications', () => {
  it('stores a valid presigned POST and invokes the function with an ObjectCreated:Post record', async () => {
    const key = 'uploads/d-1/scan.pdf';
    const post = await presign(key);

    const res = await upload(post.url, post.fields, 'the scan');

    expect(res.status).toBe(204);
    expect(res.headers.get('x-amz-request-id')).toMatch(/^[0-9A-F]{16}$/);
    expect(await body(key)).toBe('the scan');
    const { record, records, attempt } = await deliveredTo(key);
    expect({ records, attempt }).toEqual({ records: 1, attempt: 1 });
    expect(record).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: region,
      eventTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      eventName: 'ObjectCreated:Post',
      userIdentity: { principalId: expect.stringMatching(/^AWS:/) },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': res.headers.get('x-amz-request-id'), 'x-amz-id-2': res.headers.get('x-amz-id-2') },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: expect.any(String),
        bucket: { name: Bucket, ownerIdentity: { principalId: expect.any(String) }, arn: `arn:aws:s3:::${Bucket}` },
        object: { key, size: 8, eTag: createHash('md5').update('the scan').digest('hex'), sequencer: expect.stringMatching(/^[0-9A-F]{18}$/) },
      },
    });
  });

  it('answers success_action_status 201 with the PostResponse document and keeps signed metadata', async () => {
    const post = await presign('uploads/d-2/scan.pdf', {
      Fields: { 'Content-Type': 'application/pdf', success_action_status: '201', 'x-amz-meta-dossier': 'd-2' },
    });

    const res = await upload(post.url, post.fields, 'scan');

    expect(res.status).toBe(201);
    expect(res.body).toContain('<Key>uploads/d-2/scan.pdf</Key>');
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'uploads/d-2/scan.pdf' }));
    expect({ type: head.ContentType, metadata: head.Metadata }).toEqual({ type: 'application/pdf', metadata: { dossier: 'd-2' } });
  });

  it('sends ObjectCreated:Put, Copy and CompleteMultipartUpload for SDK writes, keys URL-encoded the S3 way', async () => {
    const key = 'uploads/Hồ sơ của Nguyễn (bản 1)+A.pdf';
    const encoded = 'uploads/H%E1%BB%93+s%C6%A1+c%E1%BB%A7a+Nguy%E1%BB%85n+%28b%E1%BA%A3n+1%29%2BA.pdf';

    await s3.send(new PutObjectCommand({ Bucket, Key: key, Body: 'put body', ContentType: 'application/pdf' }));
    await s3.send(new CopyObjectCommand({ Bucket, Key: 'uploads/copy of scan.pdf', CopySource: `${Bucket}/${encodeURIComponent(key)}` }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'uploads/big.pdf' }));
    const part = await s3.send(new UploadPartCommand({ Bucket, Key: 'uploads/big.pdf', UploadId, PartNumber: 1, Body: 'one part' }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'uploads/big.pdf', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));

    const put = await deliveredTo(encoded);
    expect(put.record.eventName).toBe('ObjectCreated:Put');
    expect(put.record.s3.object).toMatchObject({ size: 8, eTag: createHash('md5').update('put body').digest('hex') });
    // The handler gets the object back by decoding the key.
    expect(await body(decodeS3EventKey(put.record.s3.object.key))).toBe('put body');
    const copy = await deliveredTo('uploads/copy+of+scan.pdf');
    expect(copy.record.eventName).toBe('ObjectCreated:Copy');
    expect(copy.record.s3.object).toMatchObject({ size: 8, eTag: put.record.s3.object.eTag });
    expect((await deliveredTo('uploads/big.pdf')).record.eventName).toBe('ObjectCreated:CompleteMultipartUpload');
  });

  it('invokes nothing for objects outside the prefix', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'results/outside.pdf', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'uploads/marker-outside.pdf', Body: 'x' }));

    await deliveredTo('uploads/marker-outside.pdf');
    expect((await deliveries()).map((d) => d.key)).not.toContain('results/outside.pdf');
  });

  it("retries a handler that throws twice, then sends its on-failure record to the trigger's on-failure queue, and goes on", async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'uploads/throw-1.pdf', Body: 'x' }));

    await eventually(() => (logs.some((l) => l.includes('uploads/throw-1.pdf DROPPED after 3 attempts')) ? true : undefined), 10_000);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'uploads/after-failure.pdf', Body: 'y' }));

    expect((await deliveredTo('uploads/after-failure.pdf')).attempt).toBe(1);
    expect((await deliveries()).filter((d) => d.key === 'uploads/throw-1.pdf').map((d) => d.attempt)).toEqual([1, 2, 3]);
    expect(logs.filter((l) => /throw-1\.pdf attempt \d failed/.test(l))).toHaveLength(2);
    const queueName = names.queue(t.prefix, 'documents-failures');
    expect(logs.find((l) => l.includes('uploads/throw-1.pdf DROPPED after 3 attempts'))?.endsWith(`on-failure record in sqs://${queueName}`)).toBe(true);
    const sqs = new SQSClient({ endpoint: cloud.endpoints.sqs, region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      expect(Messages).toHaveLength(1);
      expect(JSON.parse(Messages![0]!.Body!)).toEqual({
        version: '1.0',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        requestContext: {
          requestId: expect.any(String),
          functionArn: `arn:aws:lambda:${region}:000000000000:function:scans:$LATEST`,
          condition: 'RetriesExhausted',
          approximateInvokeCount: 3,
        },
        requestPayload: { Records: [expect.objectContaining({ eventName: 'ObjectCreated:Put', s3: expect.objectContaining({ object: expect.objectContaining({ key: 'uploads/throw-1.pdf' }) }) })] },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: { errorType: 'Error', errorMessage: 'fixture: uploads/throw-1.pdf throws', trace: expect.any(Array) },
      });
    } finally {
      sqs.destroy();
    }
    // The queue took it: no fallback file.
    await expect(access(path.join(dataDir, 's3-notifications', 'scans.failures.jsonl'))).rejects.toThrow(/ENOENT/);
  });

  it('falls back to the JSON-lines file, and says so, when the on-failure queue cannot take the record', async () => {
    // Prepare: notifications fed by hand, a function that always fails, an SQS that refuses everything
    const dir = await tempDir('s3-fallback');
    let emit: ((r: S3EventRecord) => void) | undefined;
    const lines: string[] = [];
    const notifications = startS3Notifications({
      topology: t,
      s3: { onEvent: (listener) => ((emit = listener), () => undefined) },
      functions: {
        invoke: async () => {
          throw new Error('always fails');
        },
      },
      sqs: {
        send: async () => {
          throw Object.assign(new Error('The specified queue does not exist.'), { name: 'QueueDoesNotExist' });
        },
      },
      dataDir: dir,
      log: (l) => lines.push(l),
      retryDelaysMs: [],
    });
    try {
      const key = 'uploads/fallback.pdf';
      // Act
      emit!({ eventName: 'ObjectCreated:Put', s3: { bucket: { name: Bucket }, object: { key } } } as unknown as S3EventRecord);
      await notifications.settled();
      // Assess
      const file = path.join(dir, 's3-notifications', 'scans.failures.jsonl');
      const queueName = names.queue(t.prefix, 'documents-failures');
      expect(lines).toContain(
        `λ scans: on-failure record not sent to ${queueName} (QueueDoesNotExist: The specified queue does not exist.); appending it to ${file}`,
      );
      expect(lines.find((l) => l.includes('DROPPED after 1 attempts'))?.endsWith(`on-failure record in ${file}`)).toBe(true);
      const records = await jsonLines(file);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 1 },
        requestPayload: { Records: [{ s3: { object: { key }, configurationId: 'scans-object-created' } }] },
        responsePayload: { errorType: 'Error', errorMessage: 'always fails' },
      });
    } finally {
      await notifications.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says plainly that bucket versioning is not available locally', async () => {
    await expect(s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }))).rejects.toMatchObject({
      name: 'NotImplemented',
      $metadata: { httpStatusCode: 501 },
    });
  });
});

describe('browser-form uploads S3 refuses: nothing stored, no event', () => {
  const sha256 = (s: string) => createHash('sha256').update(s).digest('base64');
  const refused: string[] = [];
  const cases: [string, (key: string) => Promise<{ url: string; fields: Record<string, string>; content: string; type?: string }>, number, string, RegExp][] = [
    ['a file over content-length-range', async (key) => ({ ...(await presign(key)), content: 'x'.repeat(1025) }), 400, 'EntityTooLarge', /exceeds the maximum allowed size/],
    ['an empty file under content-length-range', async (key) => ({ ...(await presign(key)), content: '' }), 400, 'EntityTooSmall', /smaller than the minimum/],
    [
      'a Content-Type other than the signed one',
      async (key) => {
        const post = await presign(key);
        return { ...post, fields: { ...post.fields, 'Content-Type': 'image/png' }, content: 'png', type: 'image/png' };
      },
      403,
      'AccessDenied',
      /Policy Condition failed: \[&quot;eq&quot;, &quot;\$Content-Type&quot;, &quot;application\/pdf&quot;\]/,
    ],
    [
      'a key other than the signed one',
      async (key) => {
        const post = await presign(`${key}-signed`);
        return { ...post, fields: { ...post.fields, key }, content: 'scan' };
      },
      403,
      'AccessDenied',
      /Policy Condition failed: \[&quot;eq&quot;, &quot;\$key&quot;/,
    ],
    [
      'an expired policy',
      // Signed two hours ago for five minutes.
      async (key) => ({ ...(await presign(key, {}, client({ systemClockOffset: -2 * 3600_000 }))), content: 'scan' }),
      403,
      'AccessDenied',
      /Invalid according to Policy: Policy expired\./,
    ],
    [
      'a tampered policy (a larger size limit, same signature)',
      async (key) => {
        const post = await presign(key);
        const policy = Buffer.from(post.fields.Policy!, 'base64').toString().replace('1024', '999999999');
        return { ...post, fields: { ...post.fields, Policy: Buffer.from(policy).toString('base64') }, content: 'x'.repeat(2000) };
      },
      403,
      'SignatureDoesNotMatch',
      /signature we calculated does not match/,
    ],
    ['a policy signed with another secret', async (key) => ({ ...(await presign(key, {}, client({ secretAccessKey: 'guess' }))), content: 'scan' }), 403, 'SignatureDoesNotMatch', /does not match/],
    [
      'an extra field the policy does not cover',
      async (key) => {
        const post = await presign(key);
        return { ...post, fields: { ...post.fields, 'x-amz-meta-owner': 'someone' }, content: 'scan' };
      },
      403,
      'AccessDenied',
      /Extra input fields: x-amz-meta-owner/,
    ],
    [
      'a checksum that does not match the file',
      async (key) => ({
        ...(await presign(key, { Fields: { 'Content-Type': 'application/pdf', 'x-amz-checksum-sha256': sha256('the real scan') } })),
        content: 'a different scan',
      }),
      400,
      'BadDigest',
      /The SHA256 you specified did not match the calculated checksum\./,
    ],
  ];

  it.each(cases)('refuses %s', async (name, build, status, code, message) => {
    const key = `uploads/refused/${name.replace(/\W+/g, '-')}.pdf`;
    refused.push(key);
    const { url, fields, content, type } = await build(key);

    const res = await upload(url, fields, content, type);

    expect(res.status).toBe(status);
    expect(res.body).toContain(`<Code>${code}</Code>`);
    expect(res.body).toMatch(message);
    expect(await stored(key)).toBe(false);
  });

  it('refuses a body that is not well-formed multipart/form-data', async () => {
    const res = await fetch(`${cloud.endpoints.s3}/${Bucket}`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="key"\r\n\r\nuploads/refused/cut',
    });

    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>MalformedPOSTRequest</Code>');
    expect(await stored('uploads/refused/cut')).toBe(false);
  });

  it('accepts the matching checksum, and none of the refused uploads produced an event', async () => {
    const key = 'uploads/refused/sentinel.pdf';
    const post = await presign(key, { Fields: { 'Content-Type': 'application/pdf', 'x-amz-checksum-sha256': sha256('the real scan') } });

    expect((await upload(post.url, post.fields, 'the real scan')).status).toBe(204);

    await deliveredTo(key);
    expect(refused).toHaveLength(cases.length);
    const keys = new Set((await deliveries()).map((d) => d.key));
    expect(refused.filter((k) => keys.has(k))).toEqual([]);
  });
});
