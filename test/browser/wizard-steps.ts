/**
 * The citizen's submission through the wizard, as the browser tests drive it: the applicant (a
 * resident of Xã Ia Tô), the result delivery, two scans, review, submit. Answers the reference, the
 * access token, the applicant's CCCD and, for a delivery at the counter, the service point chosen.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { samplePdf } from '../../infra/local/replay/client.ts';
import { someCccd, somePhone } from '../support/factories.ts';

/** Files a dossier through the wizard up to the done step; returns its reference and access token. */
export async function fileThroughWizard(page: Page, api: string, opts: { delivery: 'post' | 'online' | 'counter'; check?: (name: string) => Promise<void>; reload?: boolean }): Promise<{ ref: string; token: string; cccd: string; servicePointId?: string }> {
  const { delivery } = opts;
  const check = opts.check ?? (async () => {});
  const heading = () => page.locator('main h1').textContent();
  const cccd = someCccd();
  await page.goto(`${api}/thu-tuc/ltp-cap-phieu`);
  await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
  await expect.poll(heading).toContain('Bước 1/5: Người nộp hồ sơ');
  await expect.poll(() => page.locator('#unitId option').count()).toBeGreaterThan(3);
  await page.getByLabel('Họ và tên').fill('Nguyễn Thị Hoa');
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill(cccd);
  await page.getByLabel('Số điện thoại di động').fill(somePhone());
  await page.getByLabel('Địa chỉ: số nhà, thôn, đường').fill('Thôn Plei Ia Tô');
  await page.getByLabel('Xã, phường').selectOption('92807');
  await check('wizard-1-applicant');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await expect.poll(heading).toContain('Bước 2/5: Nhận kết quả');
  await page.getByLabel(delivery === 'post' ? 'Bưu điện phát kết quả tận nhà' : delivery === 'online' ? 'Nhận kết quả điện tử' : 'Nhận tại điểm bưu điện').check();
  const servicePointId = delivery === 'counter' ? await page.locator('#servicePointId').inputValue() : undefined;
  if (delivery === 'post') await expect.poll(() => page.locator('#delivery-post-hint').textContent()).toMatch(/^Cước phát: \d{1,3}(\.\d{3})* ₫/);
  await check('wizard-2-delivery');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await expect.poll(heading).toContain('Bước 3/5: Thành phần hồ sơ');
  const ref = /HS-[A-Z2-7]{10}/.exec((await page.locator('main form p').first().textContent()) ?? '')![0];
  const mandatory = page.locator('li.card', { hasText: '(bắt buộc)' });
  expect(await mandatory.count()).toBe(2);
  for (let i = 0; i < 2; i++) await mandatory.nth(i).locator('input[type=file]').setInputFiles({ name: `giay-to-${i + 1}.pdf`, mimeType: 'application/pdf', buffer: samplePdf });
  for (let i = 0; i < 2; i++) await expect.poll(() => mandatory.nth(i).locator('[role=status]').textContent(), { timeout: 45_000 }).toBe(`giay-to-${i + 1}.pdf: Đã tải lên và kiểm tra: hợp lệ`);
  await check('wizard-3-documents');
  if (opts.reload) {
    // A reload resumes the draft where it was, with what the API holds for each slot.
    await page.reload();
    await expect.poll(heading).toContain('Bước 3/5');
    await expect.poll(() => mandatory.nth(1).locator('[role=status]').textContent()).toBe('Đã tải lên và kiểm tra: hợp lệ');
  }
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await expect.poll(heading).toContain('Bước 4/5: Kiểm tra và nộp');
  expect(await page.locator('dl.facts').textContent()).toContain('Thôn Plei Ia Tô, Xã Ia Tô, Huyện Ia Grai');
  await check('wizard-4-review');
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();

  await expect.poll(heading).toContain('Bước 5/5: Đã nộp');
  expect(await page.locator('#done-ref').textContent()).toBe(ref);
  const token = ((await page.locator('#done-token').textContent()) ?? '').trim();
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(await page.locator('main').textContent()).toContain('Hãy giữ mã này để theo dõi hồ sơ');
  await check('wizard-5-done');
  return { ref, token, cccd, ...(servicePointId ? { servicePointId } : {}) };
}

