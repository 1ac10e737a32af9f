/**
 * The local S3's POST policy rules (infra/local/s3-post-policy.ts) and event key encoding
 * (infra/local/s3.ts), without a server: forms built by the SDK's createPresignedPost and the
 * platform's FormData, parsed by the same parser s3rver uses.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { parsePostForm, verifyPostUpload, type PostForm } from '../../infra/local/s3-post-policy.ts';
import { decodeS3EventKey, encodeS3EventKey } from '../../infra/local/s3.ts';

const region = 'ap-southeast-1';
const bucket = 'motcua-documents';
const signer = (secretAccessKey = 'S3RVER', systemClockOffset = 0) =>
  new S3Client({ region, endpoint: 'http://127.0.0.1:1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey }, systemClockOffset });
const client = signer();

const presign = (key: string, options: Partial<PresignedPostOptions> = {}, via = client) =>
  createPresignedPost(via, {
    Bucket: bucket,
    Key: key,
    Conditions: [['content-length-range', 1, 64], ['eq', '$Content-Type', 'application/pdf']],
    Fields: { 'Content-Type': 'application/pdf' },
    Expires: 300,
    ...options,
  });

/** The multipart body a browser sends for these fields and file, parsed as the local S3 does. */
async function form(fields: Record<string, string>, file: string | Uint8Array = 'pdf', type = 'application/pdf'): Promise<PostForm> {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append('file', new Blob([typeof file === 'string' ? file : new Uint8Array(file)], { type }), 'scan.pdf');
  const request = new Request('http://local/', { method: 'POST', body: data });
  return parsePostForm(Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! });
}

const verify = (f: PostForm, now = new Date()) =>
  verifyPostUpload({ bucket, form: f, now, region, secretFor: (id) => (id === 'S3RVER' ? 'S3RVER' : undefined) });

describe('POST policy verification', () => {
  it('accepts the form createPresignedPost signs, and reads the file after the fields', async () => {
    const { fields } = await presign('uploads/d-1/scan.pdf');
    const parsed = await form(fields, 'pdf bytes');

    expect(verify(parsed)).toBeUndefined();
    expect(parsed.file).toMatchObject({ size: 9, filename: 'scan.pdf', contentType: 'application/pdf' });
    expect(parsed.file!.checksums.sha256).toBe(createHash('sha256').update('pdf bytes').digest('base64'));
  });

  it('ignores fields sent after the file, as S3 does', async () => {
    const { fields } = await presign('uploads/d-1/scan.pdf');
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.append(k, v);
    data.append('file', new Blob(['pdf']), 'scan.pdf');
    data.append('x-amz-meta-late', 'ignored');
    const request = new Request('http://local/', { method: 'POST', body: data });
    const parsed = await parsePostForm(Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! });

    expect(parsed.fields.map((f) => f.name)).not.toContain('x-amz-meta-late');
    expect(verify(parsed)).toBeUndefined();
  });

  it('refuses a form whose policy expired', async () => {
    const { fields } = await presign('uploads/a.pdf', { Expires: 60 });

    expect(verify(await form(fields), new Date(Date.now() + 61_000))).toEqual({
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy expired.',
    });
  });

  it('refuses a policy signed with another secret, or for another region', async () => {
    const wrongSecret = await presign('uploads/a.pdf', {}, signer('not-the-secret'));
    const otherRegion = await createPresignedPost(new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }), {
      Bucket: bucket,
      Key: 'uploads/a.pdf',
    });

    expect(verify(await form(wrongSecret.fields))).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(verify(await form(otherRegion.fields))).toMatchObject({ status: 400, code: 'AuthorizationHeaderMalformed', details: { Region: region } });
  });

  it('refuses an unknown access key and a form without a policy (the buckets are private)', async () => {
    const { fields } = await presign('uploads/a.pdf');
    const unknownKey = { ...fields, 'X-Amz-Credential': fields['X-Amz-Credential']!.replace('S3RVER', 'AKIAOTHER') };
    const anonymous = { key: 'uploads/a.pdf', 'Content-Type': 'application/pdf' };

    expect(verify(await form(unknownKey))).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' });
    expect(verify(await form(anonymous))).toEqual({ status: 403, code: 'AccessDenied', message: 'Access Denied' });
  });

  it('needs a key field before the file, and a file', async () => {
    const { fields } = await presign('uploads/a.pdf');
    const { key: _key, ...withoutKey } = fields;
    const onlyFields = { ...(await form(fields)), file: undefined };

    expect(verify(await form(withoutKey))).toMatchObject({ status: 400, code: 'InvalidArgument', details: { ArgumentName: 'key' } });
    expect(verify(onlyFields)).toMatchObject({ status: 400, code: 'InvalidArgument', message: 'POST requires exactly one file upload per request.' });
  });

  it('refuses a second field of the same name, which s3rver would read instead of the first', async () => {
    const { fields } = await presign('uploads/a.pdf');
    const parsed = await form(fields);
    parsed.fields.push({ name: 'Key', value: 'uploads/elsewhere.pdf' });

    expect(verify(parsed)).toMatchObject({ status: 400, code: 'InvalidArgument', details: { ArgumentName: 'Key' } });
  });

  it('checks starts-with conditions, and fails a condition on a field the form does not carry', async () => {
    const prefixed = await presign('uploads/d-7/a.pdf', { Conditions: [['starts-with', '$key', 'uploads/d-7/']], Fields: {} });
    const missing = await presign('uploads/a.pdf', { Conditions: [['starts-with', '$x-amz-meta-owner', '']], Fields: {} });

    expect(verify(await form(prefixed.fields))).toBeUndefined();
    expect(verify(await form(missing.fields))).toEqual({
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$x-amz-meta-owner", ""]',
    });
  });

  it('lets x-ignore- fields through without a condition, and no other', async () => {
    const { fields } = await presign('uploads/a.pdf');

    expect(verify(await form({ ...fields, 'x-ignore-tracking': '1' }))).toBeUndefined();
    expect(verify(await form({ ...fields, acl: 'public-read', 'x-amz-meta-owner': 'x' }))).toEqual({
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Extra input fields: acl, x-amz-meta-owner',
    });
  });

  it('checks x-amz-checksum-sha256 against the body and refuses a malformed value', async () => {
    const digest = (s: string) => createHash('sha256').update(s).digest('base64');
    const { fields } = await presign('uploads/a.pdf', { Fields: { 'Content-Type': 'application/pdf', 'x-amz-checksum-sha256': digest('the scan') } });

    expect(verify(await form(fields, 'the scan'))).toBeUndefined();
    expect(verify(await form(fields, 'another scan'))).toEqual({
      status: 400,
      code: 'BadDigest',
      message: 'The SHA256 you specified did not match the calculated checksum.',
    });
    const malformed = await presign('uploads/a.pdf', { Fields: { 'Content-Type': 'application/pdf', 'x-amz-checksum-sha256': 'abc' } });
    expect(verify(await form(malformed.fields))).toMatchObject({ status: 400, code: 'InvalidRequest' });
  });

  it('answers MalformedPOSTRequest-worthy bodies with a parse error', async () => {
    const body = Buffer.from('--xyz\r\nContent-Disposition: form-data; name="key"\r\n\r\nuploads/a');

    await expect(parsePostForm(body, { 'content-type': 'multipart/form-data; boundary=xyz' })).rejects.toThrow();
  });

  it('property: any change to the signed policy is a signature mismatch', async () => {
    const { fields } = await presign('uploads/a.pdf');
    const policy = fields.Policy!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
    await fc.assert(
      fc.asyncProperty(fc.nat(policy.length - 1), fc.constantFrom(...alphabet), async (at, c) => {
        fc.pre(policy[at] !== c);
        const tampered = policy.slice(0, at) + c + policy.slice(at + 1);
        expect(verify(await form({ ...fields, Policy: tampered }))).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
      }),
      { numRuns: 60 },
    );
  });

  it('property: a file is accepted exactly when its size is within content-length-range', async () => {
    const { fields } = await presign('uploads/a.pdf', { Conditions: [['content-length-range', 5, 20]], Fields: {} });
    await fc.assert(
      fc.asyncProperty(fc.nat(40), async (size) => {
        const answer = verify(await form(fields, new Uint8Array(size)));
        if (size < 5) expect(answer).toMatchObject({ status: 400, code: 'EntityTooSmall', details: { ProposedSize: size, MinSizeAllowed: 5 } });
        else if (size > 20) expect(answer).toMatchObject({ status: 400, code: 'EntityTooLarge', details: { ProposedSize: size, MaxSizeAllowed: 20 } });
        else expect(answer).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('property: a key other than the signed one is refused', async () => {
    const signedKey = 'uploads/d-1/scan.pdf';
    const { fields } = await presign(signedKey);
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), async (key) => {
        fc.pre(key !== signedKey);
        expect(verify(await form({ ...fields, key }))).toEqual({
          status: 403,
          code: 'AccessDenied',
          message: `Invalid according to Policy: Policy Condition failed: ["eq", "$key", "${signedKey}"]`,
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('S3 event key encoding', () => {
  it('encodes keys as S3 notifications do: space as +, UTF-8 and specials percent-encoded, / kept', () => {
    expect(encodeS3EventKey('red flower.jpg')).toBe('red+flower.jpg');
    expect(encodeS3EventKey('uploads/Hồ sơ (bản 1)+A.pdf')).toBe('uploads/H%E1%BB%93+s%C6%A1+%28b%E1%BA%A3n+1%29%2BA.pdf');
    expect(encodeS3EventKey('a:b=c&d~e!f*g')).toBe('a%3Ab%3Dc%26d%7Ee%21f*g');
  });

  it('property: decoding gives the key back, and the encoding uses only URL-safe characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (key) => {
        const encoded = encodeS3EventKey(key);
        expect(encoded).toMatch(/^[A-Za-z0-9\-_.*/+%]*$/);
        expect(decodeS3EventKey(encoded)).toBe(key);
      }),
    );
  });
});
