/**
 * The citizen's pages in Chromium, served by the local cloud at the API's origin: the catalogue's
 * search, a procedure, tracking by code and by the slip's QR address, with screenshots at phone
 * and desktop width and axe-core's check on every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { trackingUrl } from '../../shared/domain/tracking.ts';
import { dossierBody } from '../support/factories.ts';
import { call, expectStatus, samplePdf, sha256, waitFor } from '../../infra/local/replay/client.ts';
import { acceptAtDesk, screenshots, seriousViolations, startPagesHarness, submittedDossier, type PagesHarness } from './support.ts';

let h: PagesHarness;
let page: Page;

beforeAll(async () => {
  h = await startPagesHarness('citizen');
  page = await h.page();
});
afterAll(async () => {
  await h?.stop();
});

/** Screenshots at both widths, then no serious or critical accessibility violation. */
async function checkPage(name: string) {
  await screenshots(page, name);
  expect(await seriousViolations(page)).toEqual([]);
}

describe('the procedure catalogue', () => {
  it('finds a procedure by words typed without diacritics, and opens it', async () => {
    await page.goto(`${h.api}/`);
    await expect.poll(() => page.locator('#procedures li').count()).toBeGreaterThan(1);
    await checkPage('catalogue');

    await page.getByLabel('Tìm thủ tục').fill('ly lich tu phap');
    const found = page.locator('#procedures li');
    await expect.poll(() => found.count()).toBeGreaterThan(0);
    for (const title of await found.locator('h2').allTextContents()) expect(title.toLowerCase()).toContain('lý lịch tư pháp');
    expect(await page.getByRole('status').first().textContent()).toMatch(/^Tìm thấy \d+ trong \d+ thủ tục$/);
    expect(new URL(page.url()).search).toBe('?q=ly%20lich%20tu%20phap');
    await checkPage('catalogue-search');

    await found.first().getByRole('link').click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Phiếu lý lịch tư pháp');
    expect(await page.getByRole('heading', { name: 'Thành phần hồ sơ' }).isVisible()).toBe(true);
    expect(await page.locator('dl.facts').textContent()).toMatch(/Phí, lệ phí(\d{1,3}(\.\d{3})* ₫|Không thu phí)/);
    await checkPage('procedure');
  });

  it('says so when nothing matches', async () => {
    await page.goto(`${h.api}/?q=${encodeURIComponent('không có thủ tục này xyz')}`);
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^Tìm thấy 0 trong \d+ thủ tục$/);
    expect(await page.locator('.notice').textContent()).toContain('Không có thủ tục nào khớp');
    await checkPage('catalogue-nothing');
  });
});

describe('tracking', () => {
  let ref: string;
  let receivingUnitId: string;

  beforeAll(async () => {
    ({ ref, receivingUnitId } = await submittedDossier(h.api, dossierBody()));
  });

  it('the address in the slip’s QR opens the dossier: waiting for reception, with its timeline', async () => {
    // The QR and the SMS carry https://motcua.gialai.vn/t/<reference>: the same path here.
    await page.goto(`${h.api}${new URL(trackingUrl(ref)).pathname}`);
    await expect.poll(() => page.locator('#dossier-title').textContent()).toBe(`Hồ sơ ${ref}`);
    expect(await page.locator('p.status').textContent()).toBe('Mới, chờ tiếp nhận');
    expect(await page.locator('ol.timeline').textContent()).toContain('Đã nộp hồ sơ, chờ tiếp nhận');
    expect(await page.locator('.next').textContent()).toContain('chờ');
    expect(await page.getByLabel('Mã hồ sơ hoặc số tham chiếu').inputValue()).toBe(ref);
    await checkPage('tracking-new');
  });

  it('finds a received dossier by its code typed in the form: due date dd/mm/yyyy, reception in the timeline', async () => {
    const code = await acceptAtDesk(h, ref, receivingUnitId);
    await page.goto(`${h.api}/tra-cuu`);
    await checkPage('tracking-form');
    await page.getByLabel('Mã hồ sơ hoặc số tham chiếu').fill(code);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#dossier-title').textContent()).toBe(`Hồ sơ ${code}`);
    // A dossier code has dots: its address is still the tracking page.
    expect(new URL(page.url()).pathname).toBe(`/t/${encodeURIComponent(code)}`);
    const facts = (await page.locator('dl.facts').textContent()) ?? '';
    expect(facts).toContain(`Số tham chiếu${ref}`);
    expect(facts).toMatch(/Ngày hẹn trả kết quả\d{2}\/\d{2}\/\d{4}/);
    expect(facts).toMatch(/Ngày tiếp nhận\d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}/);
    await expect.poll(() => page.locator('ol.timeline').textContent()).toContain('Đã tiếp nhận hồ sơ');
    expect(await page.getByRole('heading', { name: 'Chặng bưu chính' }).isVisible()).toBe(true);
    await checkPage('tracking-received');

    await page.reload();
    await expect.poll(() => page.locator('#dossier-title').textContent()).toBe(`Hồ sơ ${code}`);
  });

  it('an unknown code shows the error under the field, tied to it', async () => {
    await page.goto(`${h.api}/t/HS-AAAAAAAAAA`);
    const input = page.getByLabel('Mã hồ sơ hoặc số tham chiếu');
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain('code-error');
    expect(await page.locator('#code-error').textContent()).toContain('Không tìm thấy hồ sơ');
    await checkPage('tracking-unknown');
  });

  it('is usable with the keyboard alone: skip link, then the form', async () => {
    await page.goto(`${h.api}/tra-cuu`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Bỏ qua, đến nội dung chính');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('code');
    await page.keyboard.type(ref);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#dossier-title').textContent()).toContain('Hồ sơ');
  });
});

describe('served at the API’s origin', () => {
  it('hashed assets are immutable with their content type; pages revalidate; a missing asset is 404; the API keeps its JSON 404', async () => {
    const html = await fetch(`${h.api}/t/000.02.28.H21-261126-0001`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('cache-control')).toBe('no-cache');
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    const text = await html.text();
    expect(text).toContain('<html lang="vi">');
    const js = /src="(\/assets\/citizen-[A-Z0-9]+\.js)"/.exec(text)![1]!;
    const css = /href="(\/assets\/citizen-[A-Z0-9]+\.css)"/.exec(text)![1]!;
    for (const [asset, type] of [[js, 'text/javascript; charset=utf-8'], [css, 'text/css; charset=utf-8']] as const) {
      const res = await fetch(`${h.api}${asset}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.has('sourcemap')).toBe(false);
      expect(await res.text()).not.toContain('sourceMappingURL');
    }
    expect((await fetch(`${h.api}/assets/citizen-OLDBUILD.js`)).status).toBe(404);
    // A path climbing out of the pages' folder stays inside it (here: the app's page, not the file).
    expect(await (await fetch(`${h.api}/%2e%2e/%2e%2e/etc/passwd`)).text()).not.toContain('root:');
    const api404 = await fetch(`${h.api}/v1/nothing-here`);
    expect(api404.status).toBe(404);
    expect(await api404.json()).toEqual({ message: 'Not Found' });
  });
});

describe('scans from the page straight to S3', () => {
  it('a presigned form posted by the page (XHR, as the wizard will) is accepted with upload progress, and the scan is verified', async () => {
    const created = expectStatus('create', await call(h.api, 'POST', '/v1/dossiers', dossierBody()), 201);
    const { ref, accessToken } = created.body as { ref: string; accessToken: string };
    const slot = (created.body.documents as { id: string; mandatory: boolean }[]).find((d) => d.mandatory)!.id;
    const headers = { 'x-dossier-token': accessToken };
    const form = expectStatus('upload-url', await call(h.api, 'POST', `/v1/dossiers/${ref}/documents/${slot}/upload-url`, { contentType: 'application/pdf', size: samplePdf.length, sha256: sha256(samplePdf) }, headers), 201).body;
    await page.goto(`${h.api}/tra-cuu`);
    // Under the pages' CSP (connect-src: the origin and the S3 endpoint), from the pages' origin.
    const result = await page.evaluate<{ status: number; progress: number }, { url: string; fields: Record<string, string>; pdf: string }>(
      ({ url, fields, pdf }) =>
        new Promise((resolve) => {
          const g = globalThis as any;
          const body = new g.FormData();
          for (const [k, v] of Object.entries(fields)) body.append(k, v);
          const bytes = Uint8Array.from(g.atob(pdf), (c: string) => c.charCodeAt(0));
          body.append('file', new g.Blob([bytes], { type: 'application/pdf' }), 'to-khai.pdf');
          const xhr = new g.XMLHttpRequest();
          let progress = 0;
          xhr.upload.onprogress = (e: { loaded: number }) => (progress = Math.max(progress, e.loaded));
          xhr.onloadend = () => resolve({ status: xhr.status, progress });
          xhr.open('POST', url);
          xhr.send(body);
        }),
      { url: form.url, fields: form.fields, pdf: samplePdf.toString('base64') },
    );
    expect(result.status).toBe(204);
    expect(result.progress).toBeGreaterThanOrEqual(samplePdf.length);
    const verified = await waitFor(async () => {
      const d = (await call(h.api, 'GET', `/v1/dossiers/${ref}`, undefined, headers)).body as { documents?: { id: string; status: string }[] };
      return d.documents?.find((x) => x.id === slot && x.status !== 'empty' && x.status !== 'uploaded');
    }, 45_000, 200, `slot ${slot} not checked`);
    expect(verified.status).toBe('verified');
  });
});
