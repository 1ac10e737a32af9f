/**
 * The submission wizard and the token holder's tracking in Chromium: a citizen files a dossier with
 * two scans through the pages (the API's refusal shown under its field, a reload resuming the
 * draft) and finds it waiting for reception; once the agency completed it (through the API), the
 * holder downloads the reception slip and the result from tracking, rates the service and is sent to
 * the payment gateway for the fee owed. Every step screenshotted at
 * phone and desktop width and checked by axe-core.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signToken } from '../../infra/local/keys.ts';
import { call, expectStatus, postForm, samplePdf, sha256, waitFor } from '../../infra/local/replay/client.ts';
import { someCccd, somePhone } from '../support/factories.ts';
import { acceptAtDesk, checkPage as check, startPagesHarness, type PagesHarness } from './support.ts';
import { fileThroughWizard } from './wizard-steps.ts';

let h: PagesHarness;
let page: Page;

beforeAll(async () => {
  h = await startPagesHarness('wizard');
  page = await h.page();
});
afterAll(async () => {
  await h?.stop();
});

const checkPage = (name: string) => check(page, name);

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
    const { ref } = await fileThroughWizard(page, h.api, { delivery: 'post', check: checkPage, reload: true });
    await page.getByRole('link', { name: 'Theo dõi hồ sơ' }).click();
    await expect.poll(() => page.locator('#dossier-title').textContent()).toBe(`Hồ sơ ${ref}`);
    expect(await page.locator('p.status').textContent()).toBe('Mới, chờ tiếp nhận');
    await expect.poll(() => page.locator('#holder-title').isVisible()).toBe(true);
    expect(await page.locator('#downloads').textContent()).toContain('giấy tiếp nhận có khi hồ sơ được tiếp nhận');
    await checkPage('tracking-holder-new');
  });
});

describe('the token holder’s tracking', () => {
  it('downloads the reception slip, then the result once completed, rates the service, and pays the fee owed online', async () => {
    page = await h.page();
    const { ref, token } = await fileThroughWizard(page, h.api, { delivery: 'online' });
    const view = (await call(h.api, 'GET', `/v1/dossiers/${ref}`, undefined, { 'x-dossier-token': token })).body as { receivingUnit: { id: string } };
    const code = await acceptAtDesk(h, ref, view.receivingUnit.id);
    await completeAtAgency(code);

    // A new tab of the same person, token typed in the tracking form.
    page = await h.page();
    await page.goto(`${h.api}/tra-cuu`);
    await page.getByLabel('Mã hồ sơ hoặc số tham chiếu').fill(code);
    await page.locator('summary').click();
    await page.getByLabel('Mã truy cập hồ sơ (nếu có)').fill(token);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await expect.poll(() => page.locator('#holder-title').isVisible()).toBe(true);
    const slip = page.waitForEvent('download');
    await page.getByRole('button', { name: /Giấy tiếp nhận hồ sơ/ }).click();
    expect((await slip).suggestedFilename()).toMatch(/\.pdf$/);
    await checkPage('tracking-holder-result-ready');

    const result = page.getByRole('button', { name: /^Tải kết quả/ });
    await expect.poll(() => result.count()).toBe(1);
    // The result comes from the storage by its short-lived link (a download); fetching it hands the electronic result over.
    const got = page.waitForEvent('download');
    await result.click();
    expect((await got).suggestedFilename()).toMatch(/\.pdf$/);
    await waitFor(async () => ((await call(h.api, 'GET', `/v1/dossiers/${code}`)).body.status === 'returned' ? true : undefined), 30_000, 300, 'not returned');

    await page.goto(`${h.api}/t/${encodeURIComponent(code)}`);
    await expect.poll(() => page.locator('#rating').isVisible()).toBe(true);
    await expect.poll(() => page.locator('#rating input[type=radio]').count()).toBe(5);
    await checkPage('tracking-holder-rating');
    await page.locator('#rating input[type=radio]').first().check();
    await page.getByLabel('Ý kiến thêm (không bắt buộc)').fill('Nhận kết quả điện tử nhanh, không phải đi lại');
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await expect.poll(() => page.locator('.holder .notice').textContent()).toMatch(/^Cảm ơn bạn đã đánh giá: .+\.$/);
    await checkPage('tracking-holder-rated');

    // The fee still owed: the pay-online button sends the citizen to the gateway's page (its stand-in).
    expect(await page.locator('#payments').textContent()).toContain('200.000 ₫: Chưa nộp');
    await Promise.all([page.waitForURL((u) => u.pathname === '/paymentv2/vpcpay.html', { waitUntil: 'commit' }), page.getByRole('button', { name: 'Thanh toán trực tuyến 200.000 ₫' }).click()]);
    // VNPay counts in hundredths of a đồng.
    expect(new URL(page.url()).searchParams.get('vnp_Amount')).toBe('20000000');
  });
});

/** The competent agency (gl-stp) accepts the routed dossier, uploads a verified result and completes it. */
async function completeAtAgency(code: string) {
  const jwt = await signToken(h.dataDir, { sub: 'agency-user-gl-stp', token_use: 'id', 'cognito:groups': ['agency'], 'custom:agency_id': 'gl-stp' });
  const headers = () => ({ authorization: `Bearer ${jwt}`, 'idempotency-key': randomUUID() });
  await waitFor(async () => ((await call(h.api, 'GET', `/v1/dossiers/${code}`)).body.routedAt ? true : undefined), 45_000, 300, 'not routed');
  expectStatus('accept', await call(h.api, 'POST', `/v1/agency/dossiers/${code}/decisions`, { type: 'accept' }, headers()), 200);
  const form = expectStatus('result form', await call(h.api, 'POST', `/v1/agency/dossiers/${code}/results/result-1/upload-url`, { contentType: 'application/pdf', size: samplePdf.length, sha256: sha256(samplePdf) }, headers()), 201).body;
  expect((await postForm(form)).status).toBe(204);
  await waitFor(
    async () => ((await call(h.api, 'GET', `/v1/agency/dossiers/${code}`, undefined, { authorization: `Bearer ${jwt}` })).body.results?.find((r: { id: string; status: string }) => r.id === 'result-1' && r.status === 'verified') ? true : undefined),
    45_000,
    300,
    'result not verified',
  );
  expectStatus('complete', await call(h.api, 'POST', `/v1/agency/dossiers/${code}/decisions`, { type: 'complete', resultSlots: ['result-1'], summary: 'Đã cấp Phiếu lý lịch tư pháp' }, headers()), 200);
}
