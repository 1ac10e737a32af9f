/**
 * API Gateway HTTP API JWT authorizer stand-in: verifies the bearer token against the local key
 * set (keys.ts) the way the managed authorizer verifies Cognito tokens against the user pool's
 * JWKS.
 */
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { jwtAlgorithm, localAudience, localIssuer, type LocalKeySet } from './keys.ts';

/** What API Gateway puts in `requestContext.authorizer.jwt`. */
export interface JwtAuthorizerContext {
  claims: Record<string, string>;
  scopes: string[] | null;
}

export type AuthorizerOutcome = { ok: true; jwt: JwtAuthorizerContext } | { ok: false; reason: string; missing?: boolean };

export interface JwtAuthorizerOptions {
  issuer?: string;
  /** Accepted audiences: the token's `aud` or `client_id` must be one of them. */
  audience?: string[];
}

/**
 * Checks an `Authorization` header value: signature (RS256, kid in the key set), `iss`, `aud`
 * (or `client_id`, as HTTP API accepts access tokens through it), `exp` and `nbf`.
 */
export function createJwtAuthorizer(keys: LocalKeySet, opts: JwtAuthorizerOptions = {}) {
  const issuer = opts.issuer ?? localIssuer;
  const audience = opts.audience ?? [localAudience];
  const jwks = createLocalJWKSet(keys.jwks);
  const kids = new Set(keys.jwks.keys.map((k) => k.kid));

  return async function authorize(header: string | undefined): Promise<AuthorizerOutcome> {
    if (!header) return { ok: false, reason: 'missing Authorization header', missing: true };
    // HTTP API strips an optional "Bearer " prefix from the identity source and takes the rest
    // as the token.
    const token = header.replace(/^Bearer\s+/i, '').trim();
    try {
      const { kid } = decodeProtectedHeader(token);
      if (!kid || !kids.has(kid)) return { ok: false, reason: 'unknown kid' };
      const { payload } = await jwtVerify(token, jwks, { issuer, algorithms: [jwtAlgorithm], requiredClaims: ['exp'] });
      const auds = [payload.aud, payload.client_id].flat().filter((a): a is string => typeof a === 'string');
      if (!auds.some((a) => audience.includes(a))) return { ok: false, reason: 'audience not accepted' };
      return { ok: true, jwt: { claims: stringifyClaims(payload), scopes: scopesOf(payload) } };
    } catch (err) {
      if (err instanceof errors.JOSEError) return { ok: false, reason: err.code };
      return { ok: false, reason: 'malformed token' };
    }
  };
}

/**
 * HTTP API hands every claim to the function as a STRING, formatted by its Go runtime: numbers
 * as their digits (`"exp": "1767225600"`), booleans as `true`/`false`, arrays as `[a b]`
 * (`"cognito:groups": "[clerk agency]"`), objects as `map[k:v]`. Handlers must parse them;
 * imitating it here keeps a handler that expects a real array from passing only locally.
 */
export function stringifyClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, goFormat(v)]));
}

function goFormat(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, x]) => `${k}:${goFormat(x)}`).join(' ')}]`;
  }
  return String(v);
}

/** `scope` (space separated, OAuth access tokens) or `scp`; ID tokens have none: null. */
function scopesOf(payload: JWTPayload): string[] | null {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  if (Array.isArray(raw)) return raw.map(String);
  return null;
}
