/**
 * What the staff pages' browser tests share (agency inbox, postman): a token signed like `npm run
 * token` does, put where the pages read it (sessionStorage `motcua.token`, web/common/auth.ts)
 * before any page script runs; a poll long enough for a function's cold start; the check of a view.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { signToken } from '../../infra/local/keys.ts';
import { tokenClaims, type TokenRequest } from '../../infra/local/token.ts';
import { screenshots, seriousViolations, type PagesHarness } from './support.ts';

/** A JWT of the harness's key set, as `npm run token -- --role … ` prints it; its Authorization header beside. */
export async function staffToken(h: PagesHarness, req: TokenRequest): Promise<{ jwt: string; headers: Record<string, string> }> {
  const jwt = await signToken(h.dataDir, tokenClaims(req, process.env.PROVINCE_DATASET));
  return { jwt, headers: { authorization: `Bearer ${jwt}` } };
}

/** Signs the page in: every document it loads from now on finds the token in sessionStorage. */
export async function signIn(page: Page, jwt: string): Promise<void> {
  await page.addInitScript(`sessionStorage.setItem('motcua.token', ${JSON.stringify(jwt)})`);
}

/**
 * Opens `path` in a fresh tab holding `jwt` with its signature spoiled: the page takes it for a
 * live session (it reads the claims, the API checks the signature), the API refuses it with 401,
 * as it refuses a revoked token or one expired though the phone's clock says not. Answers once
 * the page has left for the sign-in page, with where that page would send the person back to.
 */
export async function openWithRefusedToken(h: PagesHarness, jwt: string, path: string): Promise<{ page: Page; next: string | null }> {
  const [head, claims, signature = ''] = jwt.split('.');
  // A middle character of the base64url signature carries six whole bits: changing it changes the signature.
  const at = Math.floor(signature.length / 2);
  const spoiled = `${head}.${claims}.${signature.slice(0, at)}${signature[at] === 'A' ? 'B' : 'A'}${signature.slice(at + 1)}`;
  const page = await h.page();
  await page.goto(`${h.api}/dang-nhap/`);
  await page.evaluate(`sessionStorage.setItem('motcua.token', ${JSON.stringify(spoiled)})`);
  const refusal = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/v1/') && r.status() === 401);
  await page.goto(`${h.api}${path}`);
  await refusal;
  await page.waitForURL((u) => u.pathname === '/dang-nhap/');
  return { page, next: new URL(page.url()).searchParams.get('next') };
}

/** Polls like expect.poll, long enough for a function's cold start on a shared machine. */
export const until = <T>(probe: () => Promise<T>, timeout = 30_000) => expect.poll(probe, { timeout, interval: 200 });

/** Screenshots at both widths, then no serious or critical accessibility violation. */
export async function checkView(page: Page, name: string): Promise<void> {
  await screenshots(page, name);
  expect(await seriousViolations(page)).toEqual([]);
}
