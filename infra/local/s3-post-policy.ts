/**
 * Browser-form uploads (S3 POST Object with a Signature Version 4 POST policy), checked the way S3
 * checks them, because s3rver accepts any form: it stores a file over `content-length-range`, of
 * the wrong Content-Type or under another key than the signed one (see /work/shared/LOCAL-CLOUD.md).
 *
 * Two steps, kept apart so the rules are testable without a server:
 * - `parsePostForm` reads the multipart body with the very parser s3rver uses (its own `busboy`),
 *   so what is verified here is exactly what s3rver would store: no parser differential.
 * - `verifyPostUpload` applies S3's rules and returns S3's error (code, message, status) or
 *   undefined when S3 would store the object.
 *
 * Each rule below names the S3 behaviour it imitates. Where S3's exact message is not documented,
 * the code is S3's and the message is the closest known wording (said so where it applies).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';

/** A form as S3 reads it: the fields before the file part, then the file (fields after it are ignored). */
export interface PostForm {
  /** Fields in the order sent, names as sent. */
  fields: { name: string; value: string }[];
  file?: PostFile;
}

export interface PostFile {
  size: number;
  filename?: string;
  contentType: string;
  /** Base64 digests of the content, as S3's x-amz-checksum-* fields carry them. */
  checksums: { sha256: string; sha1: string; crc32: string };
}

/** An S3 error answer: HTTP status, `<Code>`, `<Message>` and any extra elements S3 adds. */
export interface S3ErrorAnswer {
  status: number;
  code: string;
  message: string;
  details?: Record<string, string | number>;
}

export class MalformedPostError extends Error {
  override name = 'MalformedPostError';
}

interface BusboyInstance {
  on(event: 'field', listener: (name: string, value: string, nameTruncated: boolean, valueTruncated: boolean, encoding: string, mime: string) => void): this;
  on(event: 'file', listener: (name: string, stream: Readable, filename: string | undefined, encoding: string, mime: string) => void): this;
  on(event: 'finish', listener: () => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  end(chunk: Buffer): void;
}
type BusboyClass = new (options: { headers: IncomingHttpHeaders; limits?: { fieldSize?: number } }) => BusboyInstance;

// s3rver's own busboy (0.3.x), resolved from s3rver's location rather than hoisting luck.
const Busboy = createRequire(createRequire(import.meta.url).resolve('s3rver'))('busboy') as BusboyClass;

/**
 * Parses a multipart/form-data body as S3 (and s3rver) read it. Rejects with MalformedPostError
 * when the body is not well-formed multipart.
 *
 * Example: `const form = await parsePostForm(body, req.headers)`
 */
export function parsePostForm(body: Buffer, headers: IncomingHttpHeaders): Promise<PostForm> {
  return new Promise((resolve, reject) => {
    let parser: BusboyInstance;
    try {
      // Field values are capped only by the 20 KB pre-data rule below, not by busboy's 1 MB.
      parser = new Busboy({ headers, limits: { fieldSize: 16 * 1024 * 1024 } });
    } catch (err) {
      return reject(new MalformedPostError((err as Error).message));
    }
    const fields: PostForm['fields'] = [];
    let file: PostFile | undefined;
    // S3: "The file or text content must be the last field in the form"; fields after it are ignored.
    let fileSeen = false;
    const pending: Promise<unknown>[] = [];

    parser.on('field', (name, value, _nameTruncated, _valueTruncated, _encoding, mime) => {
      if (fileSeen) return;
      if (name === 'file') {
        // busboy reports a part without filename and with a type other than octet-stream as a
        // field; s3rver then stores Buffer.from(value): measure exactly that.
        fileSeen = true;
        file = describeFile([Buffer.from(value, 'utf8')], undefined, mime);
        return;
      }
      fields.push({ name, value });
    });
    parser.on('file', (name, stream, filename, _encoding, mime) => {
      if (fileSeen) return void stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      pending.push(
        new Promise<void>((done, fail) => {
          stream.on('error', fail);
          stream.on('end', () => {
            // A file-typed part under another name is not the upload: S3 sees it as one more
            // form field (which then needs a policy condition like any other).
            if (name === 'file') file = describeFile(chunks, filename, mime);
            else fields.push({ name, value: Buffer.concat(chunks).toString('utf8') });
            done();
          });
        }),
      );
      if (name === 'file') fileSeen = true;
    });
    parser.on('error', (err) => reject(new MalformedPostError(err.message)));
    parser.on('finish', () => {
      Promise.all(pending).then(
        () => resolve({ fields, ...(file ? { file } : {}) }),
        (err: Error) => reject(new MalformedPostError(err.message)),
      );
    });
    parser.end(body);
  });
}

function describeFile(chunks: Buffer[], filename: string | undefined, contentType: string): PostFile {
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1');
  let crc = 0;
  let size = 0;
  for (const c of chunks) {
    sha256.update(c);
    sha1.update(c);
    crc = crc32(c, crc);
    size += c.length;
  }
  const crcBytes = Buffer.alloc(4);
  crcBytes.writeUInt32BE(crc >>> 0);
  return {
    size,
    ...(filename !== undefined ? { filename } : {}),
    contentType,
    checksums: { sha256: sha256.digest('base64'), sha1: sha1.digest('base64'), crc32: crcBytes.toString('base64') },
  };
}

export interface VerifyInput {
  /** The bucket of the request path (path-style addressing). */
  bucket: string;
  form: PostForm;
  now: Date;
  /** The region the local buckets live in; a credential scoped to another region is refused. */
  region: string;
  /** Secret access key for an access key id, undefined when the id is unknown. */
  secretFor(accessKeyId: string): string | undefined;
}

/** S3 caps a single POST upload at 5 GB. */
const maxPostObjectBytes = 5 * 1024 ** 3;
/**
 * S3 refuses form fields preceding the file larger than this in total (MaxPostPreDataLengthExceeded).
 * AWS documents the error, not the figure; 20 KB is the limit reported by users.
 */
const maxPreDataBytes = 20 * 1024;

/** Fields S3 does not ask the policy to cover (compared lower-cased). */
const exemptField = (name: string) => name === 'file' || name === 'policy' || name === 'x-amz-signature' || name.startsWith('x-ignore-');

/** Checksums S3 verifies on a POST and that Node can compute (crc32c and crc64nvme are not verified here). */
const checksumAlgorithms = { sha256: 32, sha1: 20, crc32: 4 } as const;

/**
 * Applies S3's POST policy rules to a parsed form: undefined when S3 would store the object, else
 * the error S3 answers. Order as in S3: form shape, signature, policy document, expiration, field
 * conditions and extra fields (all known before the file), then size and checksum (known after).
 */
export function verifyPostUpload(input: VerifyInput): S3ErrorAnswer | undefined {
  const { form } = input;
  const lower = new Map<string, string>();
  for (const f of form.fields) {
    const name = f.name.toLowerCase();
    // S3 matches field names case-insensitively. Which of two same-named fields it keeps is not
    // documented, and s3rver keeps the last one: verifying one value while s3rver stores the
    // other would let a second `key` field slip past the policy, so duplicates are refused.
    if (lower.has(name)) return invalidArgument(`POST form fields must be unique; '${f.name}' appears more than once.`, f.name, f.value);
    lower.set(name, f.value);
  }

  if (!form.file) return invalidArgument('POST requires exactly one file upload per request.', 'file', 0);
  const key = lower.get('key');
  if (key === undefined) return invalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", 'key', '');
  if (!key.length) return invalidArgument('User key must have a length greater than 0.', 'key', '');
  const preData = form.fields.reduce((n, f) => n + Buffer.byteLength(f.name) + Buffer.byteLength(f.value), 0);
  if (preData > maxPreDataBytes) {
    return { status: 400, code: 'MaxPostPreDataLengthExceeded', message: 'Your POST request fields preceding the upload file were too large.' };
  }

  // Signature Version 4 POST: policy, algorithm, credential, date and signature fields.
  const policy = lower.get('policy');
  if (policy === undefined) {
    if (lower.has('awsaccesskeyid') || lower.has('signature')) return v2NotEmulated();
    // An anonymous form upload: S3 allows it only into a publicly writable bucket. motcua's buckets
    // are private (ARCHITECTURE.md), so S3 answers Access Denied.
    return accessDenied('Access Denied');
  }
  if (lower.has('awsaccesskeyid') && !lower.has('x-amz-credential')) return v2NotEmulated();
  for (const required of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature']) {
    if (!lower.has(required.toLowerCase())) {
      return invalidArgument(`Bucket POST must contain a field named '${required}'.  If it is specified, please check the order of the fields.`, required, '');
    }
  }
  const algorithm = lower.get('x-amz-algorithm')!;
  if (algorithm !== 'AWS4-HMAC-SHA256') return invalidArgument('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"', 'X-Amz-Algorithm', algorithm);
  const credential = lower.get('x-amz-credential')!;
  const [accessKeyId, date, scopeRegion, service, terminator, ...rest] = credential.split('/');
  if (!accessKeyId || !/^\d{8}$/.test(date ?? '') || !scopeRegion || service !== 's3' || terminator !== 'aws4_request' || rest.length) {
    return invalidArgument(`Invalid credential: ${credential}. Expected <access key>/<yyyymmdd>/<region>/s3/aws4_request`, 'X-Amz-Credential', credential);
  }
  const secret = input.secretFor(accessKeyId);
  if (secret === undefined) {
    return { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.', details: { AWSAccessKeyId: accessKeyId } };
  }
  // A credential scoped to another region is refused, whatever its signature (S3 names the
  // bucket's region in the answer): a handler presigning for the wrong region fails here as in AWS.
  if (scopeRegion !== input.region) {
    return {
      status: 400,
      code: 'AuthorizationHeaderMalformed',
      message: `The authorization header is malformed; the region '${scopeRegion}' is wrong; expecting '${input.region}'`,
      details: { Region: input.region },
    };
  }
  // SigV4 for POST: the string to sign is the base64 policy itself, signed with the key derived
  // from the secret and the credential scope (date, region, service).
  const signingKey = [date!, scopeRegion, 's3', 'aws4_request'].reduce<Buffer>((k, part) => hmac(k, part), Buffer.from(`AWS4${secret}`));
  const expected = hmac(signingKey, policy).toString('hex');
  const provided = lower.get('x-amz-signature')!;
  if (!sameText(expected, provided.toLowerCase())) {
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      details: { AWSAccessKeyId: accessKeyId, StringToSign: policy },
    };
  }

  const document = readPolicy(policy);
  if ('status' in document) return document;
  // "The POST policy is not valid after" its expiration.
  if (input.now.getTime() > document.expiration.getTime()) return accessDenied('Invalid according to Policy: Policy expired.');

  const covered = new Set<string>();
  let lengthRange: [number, number] | undefined;
  for (const c of document.conditions) {
    if (c.kind === 'content-length-range') {
      lengthRange = [c.min, c.max];
      continue;
    }
    covered.add(c.field);
    // `bucket` is the bucket of the request, whether or not the form repeats it as a field.
    const actual = c.field === 'bucket' ? input.bucket : lower.get(c.field);
    // A condition on a field the form does not carry fails, even `starts-with ""`.
    const ok = actual !== undefined && (c.kind === 'eq' ? actual === c.value : actual.startsWith(c.value));
    if (!ok) return accessDenied(`Invalid according to Policy: Policy Condition failed: ${c.text}`);
  }
  // "Each form field that you specify in a form (except x-amz-signature, file, policy, and field
  // names that have an x-ignore- prefix) must appear in the list of conditions."
  const extra = form.fields.filter((f) => !exemptField(f.name.toLowerCase()) && !covered.has(f.name.toLowerCase())).map((f) => f.name);
  if (extra.length) return accessDenied(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);

  const size = form.file.size;
  if (size > maxPostObjectBytes || (lengthRange && size > lengthRange[1])) {
    return {
      status: 400,
      code: 'EntityTooLarge',
      message: 'Your proposed upload exceeds the maximum allowed size',
      details: { ProposedSize: size, MaxSizeAllowed: Math.min(lengthRange?.[1] ?? maxPostObjectBytes, maxPostObjectBytes) },
    };
  }
  if (lengthRange && size < lengthRange[0]) {
    return {
      status: 400,
      code: 'EntityTooSmall',
      message: 'Your proposed upload is smaller than the minimum allowed size',
      details: { ProposedSize: size, MinSizeAllowed: lengthRange[0] },
    };
  }

  // x-amz-checksum-<algorithm>: S3 computes the checksum of the body it received and refuses a
  // mismatch, so a client that sent a checksum of another file is caught at upload.
  for (const [algo, bytes] of Object.entries(checksumAlgorithms) as [keyof typeof checksumAlgorithms, number][]) {
    const claimed = lower.get(`x-amz-checksum-${algo}`);
    if (claimed === undefined) continue;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(claimed) || Buffer.from(claimed, 'base64').length !== bytes) {
      return { status: 400, code: 'InvalidRequest', message: `Value for x-amz-checksum-${algo} header is invalid.` };
    }
    if (!Buffer.from(claimed, 'base64').equals(Buffer.from(form.file.checksums[algo], 'base64'))) {
      return { status: 400, code: 'BadDigest', message: `The ${algo.toUpperCase()} you specified did not match the calculated checksum.` };
    }
  }
  return undefined;
}

type Condition =
  | { kind: 'eq' | 'starts-with'; field: string; value: string; text: string }
  | { kind: 'content-length-range'; min: number; max: number };

/** Decodes and validates the policy document (S3: 400 InvalidPolicyDocument when it is not one). */
function readPolicy(policy: string): { expiration: Date; conditions: Condition[] } | S3ErrorAnswer {
  const invalid = (why: string): S3ErrorAnswer => ({ status: 400, code: 'InvalidPolicyDocument', message: `Invalid Policy: ${why}` });
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(policy, 'base64').toString('utf8'));
  } catch {
    return invalid('Invalid JSON.');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return invalid('Invalid JSON.');
  const { expiration, conditions } = doc as { expiration?: unknown; conditions?: unknown };
  if (expiration === undefined) return invalid('Policy missing expiration.');
  // ISO 8601 in GMT, e.g. 2013-08-01T12:00:00.000Z.
  if (typeof expiration !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(expiration) || Number.isNaN(Date.parse(expiration))) {
    return invalid(`Invalid 'expiration' value: '${String(expiration)}'`);
  }
  if (conditions === undefined) return invalid('Policy missing conditions.');
  if (!Array.isArray(conditions)) return invalid("Invalid 'conditions' value: must be a list.");
  const out: Condition[] = [];
  for (const c of conditions) {
    if (Array.isArray(c)) {
      const [op, a, b] = c as unknown[];
      const opName = typeof op === 'string' ? op.toLowerCase() : op;
      if (opName === 'content-length-range' && c.length === 3) {
        const min = Number(a);
        const max = Number(b);
        if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) return invalid(`Invalid content-length-range condition: ${conditionText(c)}`);
        out.push({ kind: 'content-length-range', min, max });
        continue;
      }
      if ((opName === 'eq' || opName === 'starts-with') && c.length === 3 && typeof a === 'string' && a.startsWith('$') && typeof b === 'string') {
        out.push({ kind: opName, field: a.slice(1).toLowerCase(), value: b, text: conditionText(c) });
        continue;
      }
      return invalid(`Invalid Condition: ${conditionText(c)}`);
    }
    // Simple condition: {"field": "value"} is an exact match.
    if (c && typeof c === 'object') {
      const entries = Object.entries(c as Record<string, unknown>);
      const [field, value] = entries[0] ?? [];
      if (entries.length !== 1 || typeof value !== 'string') return invalid('Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
      out.push({ kind: 'eq', field: field!.toLowerCase(), value, text: conditionText(['eq', `$${field}`, value]) });
      continue;
    }
    return invalid(`Invalid Condition: ${JSON.stringify(c)}`);
  }
  return { expiration: new Date(expiration), conditions: out };
}

/** A condition as S3 quotes it in messages: `["eq", "$key", "uploads/a.pdf"]`. */
const conditionText = (c: unknown[]) => `[${c.map((x) => JSON.stringify(x)).join(', ')}]`;

const hmac = (key: Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const accessDenied = (message: string): S3ErrorAnswer => ({ status: 403, code: 'AccessDenied', message });
const invalidArgument = (message: string, name: string, value: string | number): S3ErrorAnswer => ({
  status: 400,
  code: 'InvalidArgument',
  message,
  details: { ArgumentName: name, ArgumentValue: value },
});
/** Signature Version 2 POST (AWSAccessKeyId + Signature) is not emulated: the SDK v3 signs with V4. */
const v2NotEmulated = (): S3ErrorAnswer => ({
  status: 400,
  code: 'InvalidRequest',
  message: 'The local S3 checks Signature Version 4 POST policies only (x-amz-credential, x-amz-signature).',
});
