/**
 * Reading a JSON request body within limits, before anything parses, hashes or validates it.
 *
 * 64 KiB: the largest legitimate body (a form-02 supplement request of 50 items, or a refusal
 * with a 2,000-character reason and legal basis) is a few KiB of UTF-8; scans never pass through
 * the API (presigned POSTs go straight to S3). The limit bounds the work an anonymous request can
 * cause (parse, idempotency hash, validation) and what one request can add to a dossier item,
 * far below DynamoDB's 400 KB per item. API Gateway's own 10 MB limit sits in front of this.
 *
 * Depth 32: our deepest contract nests 4 levels (a decision's items); recursive code downstream
 * (the idempotency layer's hashing, zod, JSON.stringify) must never meet 20,000 levels.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError, ValidationError } from '../domain/errors.ts';

export interface BodyLimits {
  /** Largest body accepted, in bytes of the decoded body (UTF-8). */
  maxBytes: number;
  /** Deepest nesting of arrays and objects accepted. */
  maxDepth: number;
}

export const bodyLimits: BodyLimits = { maxBytes: 64 * 1024, maxDepth: 32 };

type BodyEvent = Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The parsed JSON body of an API Gateway (payload 2.0) event. Throws ValidationError (400, field
 * `body` or `content-type`) for a missing, non-JSON, non-UTF-8 or too deeply nested body, and
 * PayloadTooLargeError (413) past `maxBytes`, by its `content-length` or by its decoded size.
 */
export function readJsonBody(event: BodyEvent, limits: Partial<BodyLimits> = {}): unknown {
  const { maxBytes, maxDepth } = { ...bodyLimits, ...limits };
  if (event.body === undefined || event.body === null || event.body === '') throw ValidationError.field('body', 'thiếu nội dung yêu cầu (JSON)');
  const type = event.headers?.['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw ValidationError.field('content-type', 'nội dung phải là application/json');

  const tooLarge = () => new PayloadTooLargeError(`nội dung yêu cầu vượt quá ${maxBytes / 1024} KiB`);
  const declared = Number(event.headers?.['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  let text: string;
  if (event.isBase64Encoded) {
    // Checked on the encoded length first, so a huge body is never decoded.
    if (event.body.length > Math.ceil(maxBytes / 3) * 4 + 4) throw tooLarge();
    const bytes = Buffer.from(event.body, 'base64');
    if (bytes.length > maxBytes) throw tooLarge();
    try {
      text = utf8.decode(bytes);
    } catch {
      throw ValidationError.field('body', 'nội dung không phải văn bản UTF-8 hợp lệ');
    }
  } else {
    // A UTF-16 code unit is at least one byte of UTF-8: the length alone can already tell.
    if (event.body.length > maxBytes || Buffer.byteLength(event.body, 'utf8') > maxBytes) throw tooLarge();
    text = event.body;
  }

  if (jsonDepthExceeds(text, maxDepth)) throw ValidationError.field('body', `JSON lồng nhau quá ${maxDepth} tầng`);
  try {
    return JSON.parse(text);
  } catch {
    throw ValidationError.field('body', 'nội dung không phải JSON hợp lệ');
  }
}

/**
 * Whether a JSON text nests arrays and objects deeper than `maxDepth`, read on the raw text in
 * one pass without recursion (brackets inside strings do not count). It does not validate the
 * JSON: JSON.parse does that afterwards.
 * `jsonDepthExceeds('[[1]]', 1)` -> true; `jsonDepthExceeds('{"a":"[[["}', 1)` -> false.
 */
export function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}
