/**
 * The counter console in Chromium, served by the local cloud at the API's origin: the clerk signs
 * in with the development sign-in, accepts an online dossier from the reception queue and opens
 * form 01, receives a dossier at the desk with a scan, takes the fee in cash and, once the agency
 * has completed it, hands the result over with the identity check; the citizen's tracking then
 * shows it returned. Screenshots at phone and desktop width and axe-core's check on every view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, expectStatus, samplePdf, uploadPdf, waitFor } from '../../infra/local/replay/client.ts';
import { signToken } from '../../infra/local/keys.ts';
import { province } from '../../shared/province/index.ts';
import { dossierBody, someCccd, somePhone } from '../support/factories.ts';
import { pdfText } from '../support/pdf.ts';
import { screenshots, seriousViolations, startPagesHarness, submittedDossier, type PagesHarness } from './support.ts';

let h: PagesHarness;
let page: Page;
let online: { ref: string; receivingUnitId: string };
let desk: string;
/** Polls that wait for the API (and the stream behind it): more than expect.poll's default second. */
const slow = { timeout: 20_000 };

beforeAll(async () => {
  h = await startPagesHarness('counter');
  page = await h.page();
  online = await submittedDossier(h.api, dossierBody());
  const point = [...province().servicePoints.values()].find((p) => p.receivingUnit === online.receivingUnitId);
  if (!point) throw new Error(`no desk of ${online.receivingUnitId}`);
  desk = point.id;
});
afterAll(async () => {
  await h?.stop();
});

/** Screenshots at both widths, then no serious or critical accessibility violation. */
async function checkPage(name: string) {
  await screenshots(page, `counter-${name}`);
  expect(await seriousViolations(page)).toEqual([]);
}

const clerkJwt = () => signToken(h.dataDir, { sub: `clerk-${desk}`, token_use: 'id', 'cognito:groups': ['clerk'], 'custom:service_point_id': desk });

/** The agency accepts the routed dossier, uploads a verified result and completes it, through its API. */
async function completeAtAgency(code: string) {
  const jwt = await signToken(h.dataDir, { sub: 'officer-gl-stp', token_use: 'id', 'cognito:groups': ['agency'], 'custom:agency_id': 'gl-stp' });
  const auth = { authorization: `Bearer ${jwt}` };
  await waitFor(async () => ((await call(h.api, 'GET', `/v1/dossiers/${encodeURIComponent(code)}`)).body.routedAt ? true : undefined), 45_000, 200, 'not routed');
  expectStatus('agency accept', await call(h.api, 'POST', `/v1/agency/dossiers/${encodeURIComponent(code)}/decisions`, { type: 'accept' }, auth), 200);
  await uploadPdf(h.api, `/v1/agency/dossiers/${encodeURIComponent(code)}/results/result-1`, auth);
  await waitFor(
    async () => ((await call(h.api, 'GET', `/v1/agency/dossiers/${encodeURIComponent(code)}`, undefined, auth)).body.results as { id: string; status: string }[] | undefined)?.find((s) => s.id === 'result-1' && s.status === 'verified'),
    45_000,
    200,
    'result not verified',
  );
  expectStatus('complete', await call(h.api, 'POST', `/v1/agency/dossiers/${encodeURIComponent(code)}/decisions`, { type: 'complete', resultSlots: ['result-1'], summary: 'Đã cấp Phiếu lý lịch tư pháp' }, auth), 200);
}

describe('signing in', () => {
  it('sends a clerk who is not signed in to the sign-in page, and back to the console after', async () => {
    await page.goto(`${h.api}/quay/`);
    await page.waitForURL((u) => u.pathname === '/dang-nhap/');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/quay/');
    await expect.poll(() => page.getByLabel('Vai trò').isVisible(), slow).toBe(true);
    await checkPage('sign-in');

    await page.getByLabel('Vai trò').selectOption('clerk');
    await page.getByLabel('Điểm phục vụ').selectOption(desk);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((u) => u.pathname === '/quay/');
    expect(await page.evaluate<string | null>("sessionStorage.getItem('motcua.token')")).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await page.locator('.staff').textContent()).toContain(desk);
  });

  it('the development sign-in refuses a service point the province does not have, naming the field', async () => {
    const res = await fetch(`${h.api}/_local/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'clerk', servicePoint: 'bd-nowhere' }) });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(expect.objectContaining({ field: 'servicePoint', detail: 'Chọn điểm phục vụ có trong dữ liệu của tỉnh' }));
    expect(await (await fetch(`${h.api}/config.json`)).json()).toEqual({ signIn: { kind: 'local' } });
  });
});

describe('the reception queue', () => {
  it('shows the online dossier waiting; the clerk accepts it and form 01 opens as a PDF', async () => {
    await page.goto(`${h.api}/quay/`);
    const row = page.locator('#queue tbody tr', { hasText: online.ref });
    await expect.poll(() => row.count(), slow).toBe(1);
    await checkPage('queue');

    await row.getByRole('link', { name: online.ref }).click();
    await expect.poll(() => page.locator('#dossier-status').textContent(), slow).toBe('Mới, chờ tiếp nhận');
    await checkPage('dossier-new');

    // Refusing without a reason is stopped at the form, the message under its field.
    await page.getByRole('button', { name: 'Từ chối', exact: true }).click();
    await page.getByRole('button', { name: 'Từ chối tiếp nhận (mẫu 03)' }).click();
    expect(await page.locator('#reasons-error').textContent()).toBe('Ghi lý do từ chối');
    expect(await page.getByLabel('Lý do từ chối (mẫu 03)').getAttribute('aria-invalid')).toBe('true');
    await checkPage('dossier-refusal-form');

    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await page.getByLabel('Cán bộ tiếp nhận').fill('Rơ Mah H’Lan');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ (mẫu 01)' }).click();
    await expect.poll(() => page.locator('#dossier-title').textContent(), slow).toMatch(/^Hồ sơ \S+-\d{6}-\d{4}$/);
    expect(await page.locator('#dossier-status').textContent()).not.toBe('Mới, chờ tiếp nhận');
    expect(await page.locator('dl.facts').textContent()).toMatch(/Ngày hẹn trả\d{2}\/\d{2}\/\d{4}/);

    const pdf = page.waitForResponse((r) => r.url().includes('/forms/receipt'));
    const popup = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'In giấy tiếp nhận và hẹn trả kết quả (mẫu 01)' }).click();
    const answer = await pdf;
    expect(answer.status()).toBe(200);
    const bytes = await answer.body();
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const code = ((await page.locator('#dossier-title').textContent()) ?? '').replace('Hồ sơ ', '');
    expect(pdfText(bytes)).toContain(code);
    const opened = await popup;
    expect(opened.url()).toMatch(/^blob:/);
    await opened.close();
    expect(await page.locator('a.pdf-link').getAttribute('download')).toMatch(/^mau-01-.+\.pdf$/);
    await checkPage('dossier-received');

    await page.goto(`${h.api}/quay/`);
    await expect.poll(() => page.locator('main p.meta[role=status]').count(), slow).toBe(1);
    expect(await page.locator('#queue tbody tr', { hasText: online.ref }).count()).toBe(0);
  });
});

describe('at the desk', () => {
  const cccd = someCccd();
  let code: string;

  it('receives a dossier with assisted declaration, a scan uploaded with its progress', async () => {
    await page.goto(`${h.api}/quay/tiep-nhan`);
    await expect.poll(() => page.getByLabel('Thủ tục').isVisible(), slow).toBe(true);
    await checkPage('intake');

    // A CCCD the API refuses: its message under the CCCD field.
    await page.getByLabel('Thủ tục').selectOption('ltp-cap-phieu');
    await page.getByLabel('Họ và tên').fill('Nguyễn Thị Hoa');
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('12345');
    await page.getByLabel('Số điện thoại').fill(somePhone());
    await page.getByLabel('Địa chỉ').fill('Thôn Plei Ia Tô');
    await page.getByLabel('Mã xã, phường').fill('92807');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await expect.poll(() => page.getByLabel('Số định danh cá nhân (CCCD)').getAttribute('aria-invalid'), slow).toBe('true');
    expect(await page.locator('#cccd-error').textContent()).toMatch(/\S/);
    await checkPage('intake-invalid');

    await page.getByLabel('Số định danh cá nhân (CCCD)').fill(cccd);
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await expect.poll(() => page.locator('h1').textContent(), slow).toMatch(/^Đã tiếp nhận hồ sơ /);
    code = ((await page.locator('h1').textContent()) ?? '').replace('Đã tiếp nhận hồ sơ ', '');

    // Each mandatory paper scanned at the desk and uploaded through its presigned form.
    const mandatory = page.locator('#scans li', { hasText: '(bắt buộc)' });
    expect(await mandatory.count()).toBeGreaterThan(0);
    const scanned: string[] = [];
    for (const slot of await mandatory.all()) {
      const input = slot.locator('input[type=file]');
      const id = (await input.getAttribute('id'))!.replace('file-', '');
      await input.setInputFiles({ name: `${id}.pdf`, mimeType: 'application/pdf', buffer: samplePdf });
      await expect.poll(() => page.locator(`#status-${id}`).textContent(), { timeout: 20_000 }).toBe('Đã tải lên, đang kiểm tra tệp');
      scanned.push(id);
    }
    await checkPage('intake-scans');

    // The scans reached the bucket and were verified: the dossier shows them.
    const auth = { authorization: `Bearer ${await clerkJwt()}` };
    await waitFor(
      async () => {
        const slots = (await call(h.api, 'GET', `/v1/counter/dossiers/${encodeURIComponent(code)}`, undefined, auth)).body.documents as { id: string; status: string }[];
        return scanned.every((id) => slots.some((s) => s.id === id && s.status === 'verified')) ? true : undefined;
      },
      45_000,
      200,
      'scans not verified',
    );
  });

  it('takes the fee in cash (the receipt) and, the result ready, hands it over after checking the identity', async () => {
    await completeAtAgency(code);
    await page.goto(`${h.api}/quay/tim`);
    await checkPage('search');
    await page.getByLabel('Mã hồ sơ hoặc số tham chiếu').fill(code);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#dossier-status').textContent(), slow).toBe('Đã xử lý xong');

    // The fee and the delivery charge, in cash: a receipt, printable.
    const take = page.getByRole('button', { name: /^Đã nhận tiền mặt/ });
    expect(await take.textContent()).toMatch(/^Đã nhận tiền mặt \d{1,3}(\.\d{3})* ₫: lập biên lai$/);
    await take.click();
    await expect.poll(() => page.locator('#receipts li').count(), slow).toBe(1);
    expect(await page.locator('#receipts li').textContent()).toMatch(/Biên lai số \S+: \d{1,3}(\.\d{3})* ₫/);
    expect(await page.getByText('Không còn khoản nào phải thu.').isVisible()).toBe(true);
    await checkPage('dossier-result-ready');

    // Someone else's number: refused, the message under the number field, nothing handed over.
    const wrong = `${cccd.slice(0, -1)}${(Number(cccd.slice(-1)) + 1) % 10}`;
    await page.getByLabel('Số giấy tờ').fill(wrong);
    await page.getByRole('button', { name: 'Đã đối chiếu: trả kết quả' }).click();
    await expect.poll(() => page.getByLabel('Số giấy tờ').getAttribute('aria-invalid'), slow).toBe('true');
    expect(await page.locator('#identity-number-error').textContent()).toMatch(/\S/);
    await checkPage('handover-refused');

    await page.getByLabel('Số giấy tờ').fill(cccd);
    await page.getByRole('button', { name: 'Đã đối chiếu: trả kết quả' }).click();
    await expect.poll(() => page.locator('#handover-title').textContent(), slow).toBe('Đã trả kết quả');
    expect(await page.locator('#handover-title ~ .notice').textContent()).toContain(`…${cccd.slice(-4)}`);
    await checkPage('handed-over');

    // The citizen's tracking shows it returned.
    await page.goto(`${h.api}/t/${encodeURIComponent(code)}`);
    await expect.poll(() => page.locator('p.status').textContent(), slow).toBe('Đã trả kết quả');
  });
});

describe('with the keyboard alone', () => {
  it('skips to the content, finds a dossier by its reference and opens it', async () => {
    await page.goto(`${h.api}/quay/tim`);
    await expect.poll(() => page.getByLabel('Mã hồ sơ hoặc số tham chiếu').isVisible(), slow).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Bỏ qua, đến nội dung chính');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Đăng xuất');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('code');
    await page.keyboard.type(`https://motcua.gialai.vn/t/${online.ref}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('dl.facts').textContent(), slow).toContain(`Số tham chiếu${online.ref}`);
  });
});

describe('an expired session', () => {
  it('goes back to the sign-in page', async () => {
    const expired = await signToken(h.dataDir, { sub: `clerk-${desk}`, token_use: 'id', 'cognito:groups': ['clerk'], 'custom:service_point_id': desk, iat: 1_700_000_000, exp: 1_700_003_600 });
    await page.goto(`${h.api}/dang-nhap/`);
    await page.evaluate(`sessionStorage.setItem('motcua.token', ${JSON.stringify(expired)})`);
    await page.goto(`${h.api}/quay/tim`);
    await page.waitForURL((u) => u.pathname === '/dang-nhap/');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/quay/tim');
    expect(await page.evaluate("sessionStorage.getItem('motcua.token')")).toBeNull();
  });
});
