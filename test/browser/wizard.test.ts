/**
 * The submission wizard and the token holder's tracking in Chromium: a citizen files a dossier with
 * two scans through the pages (the API's refusal shown under its field, a reload resuming the
 * draft) and finds it waiting for reception; an organisation files through an authorised person
 * with the authorisation's scan, the fee quoted on the number of certificates declared; a citizen
 * asks for home pickup (no scans; the fee quoted for a student's rate and three certificates,
 * postal charges included) and finds the pickup shipment in tracking. Runs on the machine's date
 * (the pickup is asked for tomorrow), but for one test on the local cloud's clock set to
 * 14/03/2031 in an English-language browser: pickup days from that day on, each written
 * dd/mm/yyyy under the field. Once the agency completed a dossier (through the API), the
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
import { chooseDelivery, fileThroughWizard, fillApplicant, heading, openWizard } from './wizard-steps.ts';

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

describe('the wizard for organisations, representatives, home pickup and fee facts', () => {
  it('files an organisation’s dossier through an authorised person, with the authorisation’s scan, the fee quoted on the certificates declared', async () => {
    page = await h.page();
    const certificates = page.getByLabel('Số phiếu, giấy chứng nhận đề nghị cấp');
    const { ref, token } = await fileThroughWizard(page, h.api, {
      procedureId: 'dat-dai-cap-doi-gcn',
      applicant: { kind: 'organisation', representative: true },
      delivery: 'post',
      // The two documents of the procedure and the authorisation (slot uy-quyen) the representative brings.
      mandatory: 3,
      atDelivery: async () => {
        await certificates.fill('2');
        const api = await call(h.api, 'GET', '/v1/procedures/dat-dai-cap-doi-gcn/fee-quote?channel=online&certificates=2&unitId=92807&pickup=false&delivery=true');
        await expect.poll(() => page.locator('#fee-total').textContent()).toBe(api.body.totalText);
        expect(await page.locator('.quote').textContent()).toContain('Lệ phí cấp đổi Giấy chứng nhận40.000 ₫');
        await checkPage('wizard-org-2-fee-quoted');
      },
      check: async (name) => {
        if (name === 'wizard-3-documents') {
          expect(await page.locator('li.card', { hasText: 'Văn bản ủy quyền (bắt buộc)' }).count()).toBe(1);
          await checkPage('wizard-org-3-documents');
        }
        if (name === 'wizard-4-review') {
          const facts = (await page.locator('dl.facts').first().textContent()) ?? '';
          expect(facts).toContain('Hợp tác xã Nông nghiệp Ia Tô');
          expect(facts).toContain('Người được ủy quyềnTrần Văn Bình');
          await checkPage('wizard-org-4-review');
        }
      },
    });
    const view = (await call(h.api, 'GET', `/v1/dossiers/${ref}`, undefined, { 'x-dossier-token': token })).body;
    expect(view.status).toBe('new');
    expect(view.applicant).toEqual(expect.objectContaining({ kind: 'organisation', name: 'Hợp tác xã Nông nghiệp Ia Tô', representative: expect.objectContaining({ fullName: 'Trần Văn Bình' }) }));
    expect(view.documents.find((d: { id: string }) => d.id === 'uy-quyen').status).toBe('verified');
  });

  it('asks for home pickup: no scan step, the charges and the fee of the categories declared (student and person of merit) quoted, what happens next, and the pickup shipment in tracking', async () => {
    page = await h.page();
    await openWizard(page, h.api, 'ltp-cap-phieu');
    await fillApplicant(page);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect.poll(heading(page)).toContain('Bước 2/5: Cách nộp và nhận kết quả');
    await page.getByLabel('Bưu điện đến nhận hồ sơ giấy tại nhà').check();
    // No scans to upload: four steps.
    await expect.poll(heading(page)).toContain('Bước 2/4');
    await expect.poll(() => page.locator('#intake-home-pickup-hint').textContent()).toMatch(/^Cước thu gom: \d{1,3}(\.\d{3})* ₫/);
    const tomorrow = new Date(Date.now() + 31 * 3600_000).toISOString().slice(0, 10);
    await page.getByLabel('Ngày mong muốn bưu tá đến (không bắt buộc)').fill(tomorrow);
    await page.getByLabel('Khoảng giờ bưu tá đến').selectOption('morning');
    await chooseDelivery(page, 'post');
    // Every category that applies is declared (a student who is also a person of merit).
    await page.getByLabel('Sinh viên').check();
    await page.getByLabel('Người có công với cách mạng').check();
    await page.getByLabel('Số phiếu, giấy chứng nhận đề nghị cấp').fill('3');
    const quote = (await call(h.api, 'GET', '/v1/procedures/ltp-cap-phieu/fee-quote?channel=home-pickup&category=student,merit&certificates=3&unitId=92807&pickup=true&delivery=true')).body;
    await expect.poll(() => page.locator('#fee-total').textContent()).toBe(quote.totalText);
    const shown = (await page.locator('.quote').textContent()) ?? '';
    expect(shown).toContain('Phí cung cấp thông tin lý lịch tư pháp (mức giảm)100.000 ₫');
    expect(shown).toContain('Phí từ Phiếu thứ 3 trở đi trong một lần yêu cầu5.000 ₫');
    expect(shown).toContain('Thu gom hồ sơ tại nhà');
    await checkPage('wizard-pickup-2-intake');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    await expect.poll(heading(page)).toContain('Bước 3/4: Kiểm tra và nộp');
    // A reload resumes at the review with every choice and fact kept.
    await page.reload();
    await expect.poll(heading(page)).toContain('Bước 3/4: Kiểm tra và nộp');
    const day = tomorrow.split('-').reverse().join('/');
    expect(await page.locator('dl.facts').first().textContent()).toContain(`Bưu tá đến nhận tại Thôn Plei Ia Tô, Xã Ia Tô, Huyện Ia Grai, ngày ${day}, buổi sáng (7:30–11:30)`);
    expect(await page.locator('#fee-total').textContent()).toBe(quote.totalText);
    await checkPage('wizard-pickup-3-review');
    // Back on the intake step, both categories are still declared.
    await page.getByRole('button', { name: 'Quay lại' }).click();
    await expect.poll(heading(page)).toContain('Bước 2/4');
    expect([await page.getByLabel('Sinh viên').isChecked(), await page.getByLabel('Người có công với cách mạng').isChecked(), await page.getByLabel('Thân nhân liệt sĩ').isChecked()]).toEqual([true, true, false]);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect.poll(heading(page)).toContain('Bước 3/4: Kiểm tra và nộp');
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();

    await expect.poll(heading(page)).toContain('Bước 4/4: Đã nộp');
    const ref = (await page.locator('#done-ref').textContent()) ?? '';
    const itemId = (await page.locator('#done-item').textContent()) ?? '';
    expect(itemId).toMatch(/^[A-Z]{2}\d{9}VN$/);
    const next = (await page.locator('#next-steps').textContent()) ?? '';
    expect(next).toContain('cử bưu tá đến nhận hồ sơ tại Thôn Plei Ia Tô');
    expect(next).toContain('Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (bản chính)');
    expect(await page.locator('#done-payment').textContent()).toContain(`Số tiền phải nộp: ${quote.totalText}. Nộp trực tuyến ngay trên trang theo dõi hồ sơ`);
    await checkPage('wizard-pickup-4-done');
    const token = ((await page.locator('#done-token').textContent()) ?? '').trim();
    // What the dossier owes is what was quoted.
    const view = (await call(h.api, 'GET', `/v1/dossiers/${ref}`, undefined, { 'x-dossier-token': token })).body;
    expect(view.payments.requests[0].total).toBe(quote.totals.total);

    await page.getByRole('link', { name: 'Theo dõi hồ sơ' }).click();
    await expect.poll(() => page.locator('#dossier-title').textContent()).toBe(`Hồ sơ ${ref}`);
    const shipment = page.locator('li.card', { hasText: itemId });
    await expect.poll(() => shipment.count()).toBe(1);
    expect(await shipment.locator('h3').textContent()).toBe(view.shipments[0].kindLabel);
    await checkPage('tracking-pickup');
  });

  it('proposes pickup days from the system’s day, Fri 14/03/2031 by the local cloud’s clock (the browser keeps the machine’s), and writes the day picked dd/mm/yyyy in an English-language browser', async () => {
    h.cloud.clock.set({ at: '2031-03-14T10:00:00+07:00' });
    try {
      page = await h.page({ locale: 'en-US' });
      await openWizard(page, h.api, 'ltp-cap-phieu');
      await fillApplicant(page);
      await page.getByRole('button', { name: 'Tiếp tục' }).click();
      await expect.poll(heading(page)).toContain('Bước 2/5: Cách nộp và nhận kết quả');
      await page.getByLabel('Bưu điện đến nhận hồ sơ giấy tại nhà').check();
      const day = page.getByLabel('Ngày mong muốn bưu tá đến (không bắt buộc)');
      await expect.poll(() => day.getAttribute('min')).toBe('2031-03-14');
      expect(await page.locator('#pickupDay-hint').textContent()).toBe('Từ hôm nay, 14/03/2031, trở đi. Để trống nếu ngày nào cũng được');
      // The day before the clock's: refused, though years after the browser's own today.
      await day.fill('2031-03-13');
      expect(await page.locator('#pickupDay-chosen').textContent()).toBe('Ngày đã chọn: thứ Năm, 13/03/2031');
      expect(((await day.getAttribute('aria-describedby')) ?? '').split(' ')).toContain('pickupDay-chosen');
      await chooseDelivery(page, 'post');
      await page.getByRole('button', { name: 'Tiếp tục' }).click();
      await expect.poll(() => page.locator('#pickupDay-error').textContent()).toBe('Chọn một ngày từ hôm nay trở đi');
      await day.fill('2031-03-14');
      await expect.poll(() => page.locator('#pickupDay-error').count()).toBe(0);
      expect(await page.locator('#pickupDay-chosen').textContent()).toBe('Ngày đã chọn: thứ Sáu, 14/03/2031');
      // The fee is quoted on that day too (the fee table in force in 2031).
      await expect.poll(() => page.locator('#fee-total').textContent(), { timeout: 10_000 }).toMatch(/^\d{1,3}(\.\d{3})* ₫$/);
      await checkPage('wizard-pickup-day-clock');
    } finally {
      h.cloud.clock.reset();
    }
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
