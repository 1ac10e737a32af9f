/**
 * The origin guard: the API answers only requests that came through its CloudFront front (and so
 * through AWS WAF). CloudFront adds a secret header to every request it forwards
 * (infra/constructs/front.ts); the API Gateway execute-api endpoint cannot be switched off without
 * a custom domain, and a custom domain is as reachable as the default endpoint, so the functions
 * refuse whatever arrives without the secret. CloudFront overwrites a header of the same name sent
 * by a viewer, so a client cannot supply its own value through the front.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The header CloudFront adds (lower case: payload v2 events carry header names in lower case). */
export const originVerifyHeader = 'x-origin-verify';

/** The environment variable CDK sets on every API function to the value CloudFront sends. */
export const originVerifyEnvVar = 'ORIGIN_VERIFY_SECRET';

/**
 * Whether a request came through the front: its `x-origin-verify` header equals `expected`.
 * - `expected` undefined: no front is configured (the local runner), every request passes;
 * - `expected` empty: a misconfiguration, every request is refused (never fails open);
 * - header names are matched case-insensitively; a repeated header (API Gateway joins the values
 *   with a comma) does not match.
 * The comparison takes the same time whatever the value (SHA-256 digests, timingSafeEqual).
 *
 * @example cameThroughFront(event.headers, process.env.ORIGIN_VERIFY_SECRET) // false: answer 403
 */
export function cameThroughFront(headers: Readonly<Record<string, string | undefined>> | null | undefined, expected: string | undefined): boolean {
  if (expected === undefined) return true;
  if (expected === '') return false;
  const sent = headerValue(headers, originVerifyHeader);
  if (sent === undefined) return false;
  return timingSafeEqual(digest(sent), digest(expected));
}

function headerValue(headers: Readonly<Record<string, string | undefined>> | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (Object.hasOwn(headers, name)) return headers[name];
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
