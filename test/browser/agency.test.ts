/**
 * The agency inbox in Chromium (for agencies without an IT team): an officer of the Department of
 * Justice finds the dossiers routed to it (created, submitted and accepted at the desk through the
 * API) in its working list, pages and filters it, opens one, downloads a scan, accepts it, sees a refusal of the API under the field it names,
 * completes it with a result document uploaded through the presigned form, and the citizen's
 * tracking shows the result ready. Screenshots at phone and desktop width, axe-core on every view.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, samplePdf, waitFor } from '../../infra/local/replay/client.ts';
import { dossierBody } from '../support/factories.ts';
import { acceptAtDesk, startPagesHarness, submittedDossier, type PagesHarness } from './support.ts';
import { checkView, openWithRefusedToken, signIn, staffToken, until } from './staff.ts';

let h: PagesHarness;
let page: Page;
let code: string;
/** A second dossier for the same agency, received after the first: it stays in the working list. */
let second: string;

/** Submits a dossier, has it received at the desk and waits until the router has routed it. */
async function routedDossier(): Promise<string> {
  const { ref, receivingUnitId } = await submittedDossier(h.api, dossierBody());
  const received = await acceptAtDesk(h, ref, receivingUnitId);
  await waitFor(async () => ((await call(h.api, 'GET', `/v1/dossiers/${ref}`)).body.routedAt ? true : undefined), 30_000, 200, 'dossier not routed');
  return received;
}

beforeAll(async () => {
  h = await startPagesHarness('agency');
  // The stand-in's postman only takes orders: the result stays at "ready" for the citizen to see.
  h.cloud.courierPartner.script({ mode: 'manual' });
  page = await h.page();
  code = await routedDossier();
  second = await routedDossier();
});
afterAll(async () => {
  await h?.stop();
});

const checkPage = (name: string) => checkView(page, name);

const status = () => page.locator('#status').textContent();
const form = () => page.locator('#decision-form');

describe('the agency inbox', () => {
  it('sends whoever is not signed in, or signed in as a postman, to the sign-in page and back to the inbox after', async () => {
    await page.goto(`${h.api}/co-quan/ho-so/abc`);
    await page.waitForURL((u) => u.pathname === '/dang-nhap/');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/co-quan/ho-so/abc');
    const other = await h.page();
    await signIn(other, (await staffToken(h, { role: 'courier', servicePoint: 'bdvhx-iato' })).jwt);
    await other.goto(`${h.api}/co-quan/`);
    await other.waitForURL((u) => u.pathname === '/dang-nhap/');
    await other.context().close();
  });

  it('sends an officer whose token the API refuses to the sign-in page, and back to the dossier he was opening after', async () => {
    const { page: refused, next } = await openWithRefusedToken(h, (await staffToken(h, { role: 'agency', agency: 'gl-stp' })).jwt, `/co-quan/ho-so/${code}`);
    expect(next).toBe(`/co-quan/ho-so/${code}`);
    expect(await refused.evaluate("sessionStorage.getItem('motcua.token')")).toBeNull();
    await refused.context().close();
  });

  it('lists the dossiers assigned to the agency first, with their count, pages them with “Xem thêm” and filters them by status', async () => {
    await signIn(page, (await staffToken(h, { role: 'agency', agency: 'gl-stp' })).jwt);
    // Pages of one dossier instead of twenty (the API's own limit parameter), so two dossiers make two pages.
    await page.route('**/v1/agency/assigned?*', (route) => route.continue({ url: route.request().url().replace('limit=20', 'limit=1') }));
    try {
      await page.goto(`${h.api}/co-quan/`);
      const list = page.locator('#assigned');
      await until(() => page.locator('#assigned-title').textContent()).toBe('Hồ sơ được giao cho cơ quan (2)');
      // The working list comes before the deadline lists.
      expect(await page.locator('main h2').first().textContent()).toBe('Hồ sơ được giao cho cơ quan (2)');
      await until(() => list.locator('li h3').allTextContents()).toEqual([code]);
      expect(await list.locator('li').first().textContent()).toMatch(/Phiếu lý lịch tư pháp.*Đến cơ quan \d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}, hạn \d{2}\/\d{2}\/\d{4}/);
      expect(await list.locator('li .tag').first().textContent()).toBe('Đã chuyển cơ quan giải quyết');
      await checkPage('agency-assigned');

      await page.getByRole('button', { name: 'Xem thêm' }).click();
      await until(() => list.locator('li h3').allTextContents()).toEqual([code, second]);
      // The keyboard lands on the dossier the page added; nothing follows it.
      expect(await page.evaluate('document.activeElement?.textContent')).toBe(second);
      expect(await page.getByRole('button', { name: 'Xem thêm' }).count()).toBe(0);
      expect(await page.getByText('Đang hiển thị 2 trên 2 hồ sơ').count()).toBe(1);

      const filter = page.getByLabel('Lọc theo trạng thái');
      expect(await filter.locator('option').allTextContents()).toEqual(['Tất cả (2)', 'Đã chuyển cơ quan giải quyết (2)']);
      await filter.selectOption('routed');
      await until(() => list.locator('li h3').allTextContents()).toEqual([code]);
      await checkPage('agency-assigned-filtered');
    } finally {
      await page.unroute('**/v1/agency/assigned?*');
    }
  });

  it('opens a routed dossier by its code: applicant, procedure, due date, timeline', async () => {
    await signIn(page, (await staffToken(h, { role: 'agency', agency: 'gl-stp' })).jwt);
    await page.goto(`${h.api}/co-quan/`);
    await until(() => page.locator('main').textContent()).toContain('Không có hồ sơ quá hạn');
    // The criminal-record certificate takes 10 calendar days: not due within three working days.
    await until(() => page.locator('main').textContent()).toContain('Không có hồ sơ sắp đến hạn');
    await checkPage('agency-inbox');

    await page.getByLabel('Mở hồ sơ theo mã').fill(code);
    await page.keyboard.press('Enter');
    await until(() => page.locator('h1').textContent()).toBe(`Hồ sơ ${code}`);
    const facts = (await page.locator('#facts').textContent()) ?? '';
    expect(facts).toContain('Người nộpNguyễn Thị Hoa');
    expect(facts).toContain('Phiếu lý lịch tư pháp');
    expect(facts).toMatch(/Hạn giải quyết\d{2}\/\d{2}\/\d{4}/);
    expect(await page.locator('ol.timeline').textContent()).toContain('Đã tiếp nhận hồ sơ');
    await checkPage('agency-dossier');

  });

  it('downloads a scan through its presigned GET: the browser saves the PDF under the dossier’s code', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Tải về/ }).first().click()]);
    expect(download.suggestedFilename()).toBe(`${code}-doc-1.pdf`);
    expect(await readFile((await download.path())!)).toEqual(samplePdf);

  });

  it('accepts the dossier after a confirmation', async () => {
    await page.getByRole('group', { name: 'Các quyết định' }).getByRole('button', { name: 'Nhận xử lý' }).click();
    await form().getByRole('button', { name: 'Nhận xử lý' }).click();
    expect(await page.getByRole('alertdialog').textContent()).toContain('Nhận xử lý hồ sơ này?');
    await checkPage('agency-confirm');
    await page.getByRole('button', { name: 'Xác nhận nhận xử lý' }).click();
    await until(status).toBe('Đang xử lý');
    expect(await page.locator('.notice').first().textContent()).toBe('Đã nhận xử lý hồ sơ.');

  });

  it('shows the API’s refusal of an extension with nothing filled in under the field it names', async () => {
    await page.getByRole('button', { name: 'Gia hạn' }).click();
    await form().getByRole('button', { name: 'Gia hạn' }).click();
    await page.getByRole('button', { name: 'Xác nhận gia hạn' }).click();
    await until(() => form().locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
    expect(await form().locator('.notice.error').textContent()).toMatch(/^Chưa ghi nhận được quyết định\. (Lý do|Ngày hẹn mới|Người ký): /);
    const invalid = form().locator('[aria-invalid="true"]').first();
    const describedBy = (await invalid.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`#${describedBy.split(' ').find((i) => i.endsWith('-error'))}`).textContent()).not.toBe('');
    await checkPage('agency-refused-by-field');
    await form().getByRole('button', { name: 'Hủy' }).click();

  });

  it('completes the dossier with a result document uploaded through the presigned form, and the citizen’s tracking shows the result ready', async () => {
    await page.getByRole('button', { name: 'Hoàn thành, trả kết quả' }).click();
    await page.setInputFiles('#result-files', { name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: samplePdf });
    await until(() => page.locator('#result-uploads').textContent(), 60_000).toContain('ket-qua.pdfHợp lệ');
    await checkPage('agency-complete');
    await form().getByRole('button', { name: 'Hoàn thành, trả kết quả' }).click();
    await page.getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
    await until(status).toBe('Đã xử lý xong');
    expect(await page.getByRole('heading', { name: 'Văn bản kết quả' }).isVisible()).toBe(true);
    await checkPage('agency-completed');

    // The inbox remembers the dossier opened here; the working list has let it go and keeps the other.
    await page.getByRole('link', { name: '← Hộp hồ sơ' }).click();
    await until(() => page.locator('#assigned li h3').allTextContents()).toEqual([second]);
    await until(() => page.getByRole('link', { name: code }).count()).toBe(1);

    // The citizen's tracking: the result is ready.
    await page.goto(`${h.api}/t/${encodeURIComponent(code)}`);
    await until(() => page.locator('p.status').textContent()).toBe('Đã xử lý xong');
    expect(await page.locator('.next').textContent()).toContain('Đã có kết quả');
  }, 180_000);
});
