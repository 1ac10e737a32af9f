/**
 * The browser tests' harness: one local cloud per file serving freshly built pages at the API's
 * origin (ports picked like test/local's, `freePorts()`), one Chromium per file (Debian's, through
 * playwright-core: no browser download), screenshots at phone and desktop width into
 * test-results/screenshots/, and axe-core's check of every page.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { repoRoot } from '../../infra/bundling.ts';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.ts';
import { signToken } from '../../infra/local/keys.ts';
import { call, expectStatus, uploadPdf, waitFor } from '../../infra/local/replay/client.ts';
import { province } from '../../shared/province/index.ts';
import { buildPages } from '../../web/build.ts';
import { freePorts } from '../local/support.ts';

export const screenshotsDir = path.join(repoRoot, 'test-results', 'screenshots');
export const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface PagesHarness {
  cloud: LocalCloud;
  api: string;
  dataDir: string;
  browser: Browser;
  /** A fresh page at phone width, in a browser speaking Vietnamese unless `locale` says otherwise (`en-US`). */
  page(opts?: { locale?: string }): Promise<Page>;
  stop(): Promise<void>;
}

export async function startPagesHarness(label: string): Promise<PagesHarness> {
  // Inside the repository, like test/global-setup.ts's: the functions are bundled under it, and the
  // PDF renderer resolves its font package from there (from the system's temp folder it cannot).
  const dataDir = await mkdtemp(path.join(repoRoot, `.motcua-test-browser-${label}-`));
  const pages = await buildPages({ outDir: path.join(dataDir, 'pages') });
  const logs: string[] = [];
  const cloud = await startLocalCloud({ dataDir, ports: await freePorts(), log: (l) => logs.push(l), pagesDir: pages.dir, schedules: { timers: false } });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  } catch (error) {
    await cloud.stop();
    throw error;
  }
  await mkdir(screenshotsDir, { recursive: true });
  return {
    cloud,
    api: cloud.endpoints.api,
    dataDir,
    browser,
    page: async (opts) => {
      const context = await browser.newContext({ viewport: viewports.phone, locale: opts?.locale ?? 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      return context.newPage();
    },
    stop: async () => {
      await browser?.close();
      await cloud.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Screenshots of the page as it is, at phone then desktop width (the page is left at phone width). */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const [width, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(screenshotsDir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(viewports.phone);
}

/** Screenshots at both widths, then axe-core finds no serious or critical violation. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshots(page, name);
  expect(await seriousViolations(page)).toEqual([]);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page (WCAG 2.0/2.1 A and AA rules), at phone and desktop width. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Page-side code as strings (the Node type-check knows no DOM). Evaluated through the DevTools
  // protocol, which the pages' CSP (script-src 'self') does not govern, unlike an injected tag.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(await axeSource);
  const found: AxeViolation[] = [];
  for (const size of Object.values(viewports)) {
    await page.setViewportSize(size);
    const violations = await page.evaluate<AxeViolation[]>(`axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`);
    found.push(...violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'));
  }
  await page.setViewportSize(viewports.phone);
  return found;
}

/**
 * A dossier as a citizen files it through the API: created, every mandatory scan uploaded and
 * verified, submitted. Returns its reference and access token.
 */
export async function submittedDossier(api: string, body: unknown): Promise<{ ref: string; token: string; receivingUnitId: string }> {
  const created = expectStatus('create', await call(api, 'POST', '/v1/dossiers', body), 201);
  const { ref, accessToken: token } = created.body as { ref: string; accessToken: string };
  const headers = { 'x-dossier-token': token };
  for (const slot of (created.body.documents as { id: string; mandatory: boolean }[]).filter((d) => d.mandatory)) {
    await uploadPdf(api, `/v1/dossiers/${ref}/documents/${slot.id}`, headers);
    await waitFor(
      async () => {
        const d = (await call(api, 'GET', `/v1/dossiers/${ref}`, undefined, headers)).body as { documents?: { id: string; status: string }[] };
        return d.documents?.find((s) => s.id === slot.id && s.status === 'verified');
      },
      45_000,
      200,
      `slot ${slot.id} not verified`,
    );
  }
  expectStatus('submit', await call(api, 'POST', `/v1/dossiers/${ref}/submit`, undefined, headers), 200);
  return { ref, token, receivingUnitId: created.body.receivingUnit.id as string };
}

/** An officer of the receiving unit accepts the dossier at its desk: it gets its code and due date. */
export async function acceptAtDesk(h: PagesHarness, ref: string, receivingUnitId: string): Promise<string> {
  const desk = [...province().servicePoints.values()].find((p) => p.receivingUnit === receivingUnitId);
  if (!desk) throw new Error(`no desk of ${receivingUnitId}`);
  const jwt = await signToken(h.dataDir, { sub: `clerk-${desk.id}`, token_use: 'id', 'cognito:groups': ['clerk'], 'custom:service_point_id': desk.id });
  const accepted = expectStatus('acceptance', await call(h.api, 'POST', `/v1/counter/dossiers/${ref}/acceptance`, { officer: 'Rơ Mah H’Lan' }, { authorization: `Bearer ${jwt}` }), 200);
  return accepted.body.form.code as string;
}
