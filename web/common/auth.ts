/**
 * Staff sign-in for the pages. The ID token lives in sessionStorage (`motcua.token`: gone when the
 * tab closes, never in a cookie) and travels as `Authorization: Bearer`. An expired token, or a
 * 401 from the API, sends the person back to `/dang-nhap/?next=<this page>`.
 *
 * How the token is got depends on `/config.json` (runtime-config.ts): locally the development
 * sign-in (`POST /_local/sign-in`, the same JWT `npm run token` prints), in AWS Cognito's hosted UI
 * (authorization code with PKCE, RFC 7636: no client secret in the page, the verifier never leaves
 * the tab).
 */
import { ApiProblem, getJson } from './api.ts';
import { decodeJwt, safeNext, type StaffClaims } from './claims.ts';
import { runtimeConfigPath, signInPath, tokenKey, type RuntimeConfig, type SignInConfig } from './runtime-config.ts';

export { signInPath, tokenKey };
export { decodeJwt, safeNext, type StaffClaims };

export interface Session {
  token: string;
  claims: StaffClaims;
}

/** The signed-in session, if its token has more than `marginSeconds` left (`nowMs`: the browser's clock). */
export function currentSession(nowMs: number = Date.now(), marginSeconds = 30): Session | undefined {
  let token: string | null = null;
  try {
    token = sessionStorage.getItem(tokenKey);
  } catch {
    // Storage refused (private mode, a policy): nobody is signed in.
  }
  const claims = token ? decodeJwt(token) : undefined;
  if (!token || !claims) return undefined;
  if (claims.exp * 1000 - marginSeconds * 1000 <= nowMs) {
    sessionStorage.removeItem(tokenKey);
    return undefined;
  }
  return { token, claims };
}

export function storeToken(token: string): void {
  sessionStorage.setItem(tokenKey, token);
}

export function signOut(): void {
  sessionStorage.removeItem(tokenKey);
}

/** `/dang-nhap/?next=/quay/ho-so/HS-…`: where to send someone who must sign in, coming back here after. */
export function signInUrl(next: string = location.pathname + location.search): string {
  return `${signInPath}?next=${encodeURIComponent(next)}`;
}

/** Leaves for the sign-in page (a full load: it is another app). */
export function goSignIn(): void {
  signOut();
  location.assign(signInUrl());
}

/** `{ authorization: 'Bearer …' }` of the session; none signed in: off to the sign-in page. */
export function authHeaders(): Record<string, string> {
  const s = currentSession();
  if (!s) {
    goSignIn();
    return {};
  }
  return { authorization: `Bearer ${s.token}` };
}

/** Runs an API call with the session's header; a 401 (expired or revoked) sends the person to sign in. */
export async function withAuth<T>(call: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  try {
    return await call(authHeaders());
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 401) goSignIn();
    throw e;
  }
}

export async function loadSignInConfig(): Promise<SignInConfig> {
  return (await getJson<RuntimeConfig>(runtimeConfigPath)).signIn;
}

// --- Cognito hosted UI (AWS) ---

const verifierKey = 'motcua.pkce';

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The hosted UI's callback: this origin's sign-in page. */
export const redirectUri = () => `${location.origin}${signInPath}`;

/** Goes to the hosted UI's authorize endpoint with a fresh PKCE verifier and state (kept in sessionStorage). */
export async function startHostedSignIn(config: Extract<SignInConfig, { kind: 'cognito' }>, next: string): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(verifierKey, JSON.stringify({ verifier, state, next }));
  const q = new URLSearchParams({ response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(), scope: 'openid email profile', state, code_challenge_method: 'S256', code_challenge: challenge });
  location.assign(`${config.domain}/oauth2/authorize?${q}`);
}

/**
 * Back from the hosted UI with `?code=&state=`: trades the code (and the verifier) for the tokens
 * at the domain's token endpoint, keeps the ID token, and answers where to go next.
 */
export async function finishHostedSignIn(config: Extract<SignInConfig, { kind: 'cognito' }>, query: URLSearchParams): Promise<string> {
  const saved = JSON.parse(sessionStorage.getItem(verifierKey) ?? 'null') as { verifier: string; state: string; next: string } | null;
  sessionStorage.removeItem(verifierKey);
  if (!saved || saved.state !== query.get('state')) throw new Error('Phiên đăng nhập không khớp. Vui lòng đăng nhập lại.');
  const res = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code: query.get('code') ?? '', redirect_uri: redirectUri(), code_verifier: saved.verifier }),
  });
  if (!res.ok) throw new Error('Không đổi được mã đăng nhập. Vui lòng đăng nhập lại.');
  const tokens = (await res.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error('Máy chủ đăng nhập không trả mã định danh.');
  storeToken(tokens.id_token);
  return saved.next;
}
