/**
 * The submission wizard and the token holder's tracking in Chromium: a citizen files a dossier with
 * two scans through the pages (the API's refusal shown under its field, a reload resuming the
 * draft) and finds it waiting for reception; once the agency completed it (through the API), the
 * holder downloads the result from tracking and rates the service. Every step screenshotted at
 * phone and desktop width and checked by axe-core.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { samplePdf } from '../../infra/local/replay/client.ts';
import { someCccd, somePhone } from '../support/factories.ts';
import { checkPage as check, startPagesHarness, type PagesHarness } from './support.ts';

let h: PagesHarness;
let page: Page;

beforeAll(async () => {
  // The harness builds the functions into a temp folder outside the repository, where the PDF
  // renderer cannot resolve the font package: name the fonts' folder (shared/pdf/fonts.ts reads it).
  process.env.MOTCUA_FONT_DIR ??= path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  h = await startPagesHarness('wizard');
  page = await h.page();
});
afterAll(async () => {
  await h?.stop();
});

const checkPage = (name: string) => check(page, name);

const heading = () => page.locator('main h1').textContent();
const scan = (name: string) => ({ name, mimeType: 'application/pdf', buffer: samplePdf });

/** Files a dossier through the wizard up to the done step; returns its reference and access token. */
async function fileThroughWizard(name: string, delivery: 'post' | 'online'): Promise<{ ref: string; token: string }> {
  await page.goto(`${h.api}/thu-tuc/ltp-cap-phieu`);
  await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
  await expect.poll(heading).toContain('Bước 1/5: Người nộp hồ sơ');
  await expect.poll(() => page.locator('#unitId option').count()).toBeGreaterThan(3);
  await page.getByLabel('Họ và tên').fill('Nguyễn Thị Hoa');
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill(someCccd());
  await page.getByLabel('Số điện thoại di động').fill(somePhone());
  await page.getByLabel('Địa chỉ: số nhà, thôn, đường').fill('Thôn Plei Ia Tô');
  await page.getByLabel('Xã, phường').selectOption('92807');
  if (name === 'wizard') await checkPage('wizard-1-applicant');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await expect.poll(heading).toContain('Bước 2/5: Nhận kết quả');
  await page.getByLabel(delivery === 'post' ? 'Bưu điện phát kết quả tận nhà' : 'Nhận kết quả điện tử').check();
  if (delivery === 'post') await expect.poll(() => page.locator('#delivery-post-hint').textContent()).toMatch(/^Cước phát: \d{1,3}(\.\d{3})* ₫/);
  if (name === 'wizard') await checkPage('wizard-2-delivery');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await expect.poll(heading).toContain('Bước 3/5: Thành phần hồ sơ');
  const ref = /HS-[A-Z2-7]{10}/.exec((await page.locator('main form p').first().textContent()) ?? '')![0];
  const mandatory = page.locator('li.card', { hasText: '(bắt buộc)' });
  expect(await mandatory.count()).toBe(2);
  for (let i = 0; i < 2; i++) await mandatory.nth(i).locator('input[type=file]').setInputFiles(scan(`giay-to-${i + 1}.pdf`));
  for (let i = 0; i < 2; i++) await expect.poll(() => mandatory.nth(i).locator('[role=status]').textContent(), { timeout: 45_000 }).toBe(`giay-to-${i + 1}.pdf: Đã tải lên và kiểm tra: hợp lệ`);
  if (name === 'wizard') {
    await checkPage('wizard-3-documents');
    // A reload resumes the draft where it was, with what the API holds for each slot.
    await page.reload();
    await expect.poll(heading).toContain('Bước 3/5');
    await expect.poll(() => mandatory.nth(1).locator('[role=status]').textContent()).toBe('Đã tải lên và kiểm tra: hợp lệ');
  }
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await expect.poll(heading).toContain('Bước 4/5: Kiểm tra và nộp');
  expect(await page.locator('dl.facts').textContent()).toContain('Thôn Plei Ia Tô, Xã Ia Tô, Huyện Ia Grai');
  if (name === 'wizard') await checkPage('wizard-4-review');
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();

  await expect.poll(heading).toContain('Bước 5/5: Đã nộp');
  expect(await page.locator('#done-ref').textContent()).toBe(ref);
  const token = ((await page.locator('#done-token').textContent()) ?? '').trim();
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(await page.locator('main').textContent()).toContain('Hãy giữ mã này để theo dõi hồ sơ');
  if (name === 'wizard') await checkPage('wizard-5-done');
  return { ref, token };
}

describe('the submission wizard', () => {
  it('shows the API’s refusal of a field under that field, tied to it', async () => {
    await page.goto(`${h.api}/nop-ho-so/ltp-cap-phieu`);
    await expect.poll(() => page.locator('#unitId option').count()).toBeGreaterThan(3);
    await page.getByLabel('Họ và tên').fill('Nguyễn Thị Hoa');
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill(someCccd());
    await page.getByLabel('Số điện thoại di động').fill('12345');
    await page.getByLabel('Địa chỉ: số nhà, thôn, đường').fill('Thôn Plei Ia Tô');
    await page.getByLabel('Xã, phường').selectOption('92807');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByLabel('Bưu điện phát kết quả tận nhà').check();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    const phone = page.getByLabel('Số điện thoại di động');
    await expect.poll(() => phone.getAttribute('aria-invalid')).toBe('true');
    expect(((await phone.getAttribute('aria-describedby')) ?? '').split(' ')).toContain('phone-error');
    expect(await page.locator('#phone-error').textContent()).not.toBe('');
    await checkPage('wizard-1-applicant-refused');
  });

  it('files a dossier with two scans, and the citizen finds it in tracking waiting for reception, with the holder’s view', async () => {
    // A fresh tab: the draft lives in its tab's session.
    page = await h.page();
    const { ref } = await fileThroughWizard('wizard', 'post');
    await page.getByRole('link', { name: 'Theo dõi hồ sơ' }).click();
    await expect.poll(() => page.locator('#dossier-title').textContent()).toBe(`Hồ sơ ${ref}`);
    expect(await page.locator('p.status').textContent()).toBe('Mới, chờ tiếp nhận');
    await expect.poll(() => page.locator('#holder-title').isVisible()).toBe(true);
    expect(await page.locator('#downloads').textContent()).toContain('giấy tiếp nhận có khi hồ sơ được tiếp nhận');
    await checkPage('tracking-holder-new');
  });
});

