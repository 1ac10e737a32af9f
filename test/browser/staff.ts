/**
 * What the staff pages' browser tests share (agency inbox, postman): a token signed like `npm run
 * token` does, put where the pages read it (sessionStorage `motcua.token`, web/common/token.ts)
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

/** Polls like expect.poll, long enough for a function's cold start on a shared machine. */
export const until = <T>(probe: () => Promise<T>, timeout = 30_000) => expect.poll(probe, { timeout, interval: 200 });

/** Screenshots at both widths, then no serious or critical accessibility violation. */
export async function checkView(page: Page, name: string): Promise<void> {
  await screenshots(page, name);
  expect(await seriousViolations(page)).toEqual([]);
}
