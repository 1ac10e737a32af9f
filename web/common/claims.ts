/** What the pages read from a staff member's token, and where a sign-in may send them back to: no DOM, so Node's tests import it too. */

/** The claims the pages read from a Cognito ID token (web/counter shows the service point). */
export interface StaffClaims {
  sub: string;
  exp: number;
  'cognito:groups'?: string[];
  'custom:service_point_id'?: string;
  'custom:agency_id'?: string;
  name?: string;
  email?: string;
}

/** The payload of a JWT, undefined when it is not one (no signature check: the API checks it). */
export function decodeJwt(token: string): StaffClaims | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as StaffClaims;
    return typeof claims.exp === 'number' && typeof claims.sub === 'string' ? claims : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A same-origin path to come back to, never another site: `//evil.example`, `/\\evil.example`,
 * `https:` and `/<tab>/evil.example` (browsers drop tabs and newlines before parsing, so that one
 * is `//evil.example` to them) are refused. The value is resolved as a browser resolves it, against
 * a placeholder origin; only what stays on that origin comes back, as path, query and fragment.
 * Dot segments can make that path itself start with `//` (`/.//evil.example` resolves to the path
 * `//evil.example`), so the path handed back must resolve to the same place again.
 */
export function safeNext(next: string | null | undefined, fallback = '/quay/'): string {
  if (!next || !next.startsWith('/')) return fallback;
  const base = 'https://motcua.invalid';
  const url = resolve(next, base);
  if (url?.origin !== base) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return resolve(path, base)?.href === url.href ? path : fallback;
}

function resolve(path: string, base: string): URL | undefined {
  try {
    return new URL(path, base);
  } catch {
    return undefined;
  }
}
