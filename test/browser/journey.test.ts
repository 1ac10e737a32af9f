/**
 * Issue 16's first check as one journey, through the pages alone: a citizen files a dossier with two
 * scans in the wizard and sees it in tracking; the clerk of its receiving unit receives it in the
 * counter console and prints form 01; the competent agency completes it in its inbox with a result
 * file; the clerk of the counter the citizen chose takes the fee and hands the result over after the
 * identity check; the citizen rates the service. Each page is screenshotted at phone and desktop
 * width and checked by axe-core on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, samplePdf, waitFor } from '../../infra/local/replay/client.ts';
import { province } from '../../shared/province/index.ts';
import { pdfText } from '../support/pdf.ts';
import { checkView, signIn, staffToken, until } from './staff.ts';
import { startPagesHarness, type PagesHarness } from './support.ts';
import { fileThroughWizard } from './wizard-steps.ts';

let h: PagesHarness;

beforeAll(async () => {
  h = await startPagesHarness('journey');
  // The stand-in's postman only takes orders: nothing moves but what the pages do.
  h.cloud.courierPartner.script({ mode: 'manual' });
});
afterAll(async () => {
  await h?.stop();
});

/** A tab signed in as staff (the development sign-in's token, in sessionStorage). */
async function staffPage(req: Parameters<typeof staffToken>[1]): Promise<Page> {
  const page = await h.page();
  await signIn(page, (await staffToken(h, req)).jwt);
  return page;
}

describe('one dossier through every page', () => {
  it('is filed by the citizen, received at the counter with form 01, completed in the agency inbox, handed over at the counter and rated', async () => {
    // The citizen files it with two scans, to collect the result at a post-office counter.
    const citizen = await h.page();
    const filed = await fileThroughWizard(citizen, h.api, { delivery: 'counter', check: (name) => checkView(citizen, `journey-${name}`) });
    expect(filed.servicePointId).toBeTruthy();
    await citizen.getByRole('link', { name: 'Theo dõi hồ sơ' }).click();
    await until(() => citizen.locator('p.status').textContent()).toBe('Mới, chờ tiếp nhận');

    // A clerk at a desk of its receiving unit receives it and prints form 01.
    const view = (await call(h.api, 'GET', `/v1/dossiers/${filed.ref}`, undefined, { 'x-dossier-token': filed.token })).body as { receivingUnit: { id: string } };
    const desk = [...province().servicePoints.values()].find((p) => p.receivingUnit === view.receivingUnit.id)!.id;
    const clerk = await staffPage({ role: 'clerk', servicePoint: desk });
    await clerk.goto(`${h.api}/quay/`);
    const row = clerk.locator('#queue tbody tr', { hasText: filed.ref });
    await until(() => row.count()).toBe(1);
    await row.getByRole('link', { name: filed.ref }).click();
    await until(() => clerk.locator('#dossier-status').textContent()).toBe('Mới, chờ tiếp nhận');
    await clerk.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await clerk.getByLabel('Cán bộ tiếp nhận').fill('Rơ Mah H’Lan');
    await clerk.getByRole('button', { name: 'Tiếp nhận hồ sơ (mẫu 01)' }).click();
    await until(() => clerk.locator('#dossier-title').textContent()).toMatch(/^Hồ sơ \S+-\d{6}-\d{4}$/);
    const code = ((await clerk.locator('#dossier-title').textContent()) ?? '').replace('Hồ sơ ', '');
    const pdf = clerk.waitForResponse((r) => r.url().includes('/forms/receipt'));
    const popup = clerk.context().waitForEvent('page');
    await clerk.getByRole('button', { name: 'In giấy tiếp nhận và hẹn trả kết quả (mẫu 01)' }).click();
    expect(pdfText(await (await pdf).body())).toContain(code);
    await (await popup).close();
    await checkView(clerk, 'journey-counter-received');

    // The Department of Justice's officer opens it in the inbox, takes it on and completes it with a result file.
    await waitFor(async () => ((await call(h.api, 'GET', `/v1/dossiers/${encodeURIComponent(code)}`)).body.routedAt ? true : undefined), 45_000, 300, 'not routed');
    const agency = await staffPage({ role: 'agency', agency: 'gl-stp' });
    await agency.goto(`${h.api}/co-quan/`);
    await agency.getByLabel('Mở hồ sơ theo mã').fill(code);
    await agency.keyboard.press('Enter');
    await until(() => agency.locator('h1').textContent()).toBe(`Hồ sơ ${code}`);
    const status = () => agency.locator('#status').textContent();
    const form = () => agency.locator('#decision-form');
    await agency.getByRole('group', { name: 'Các quyết định' }).getByRole('button', { name: 'Nhận xử lý' }).click();
    await form().getByRole('button', { name: 'Nhận xử lý' }).click();
    await agency.getByRole('button', { name: 'Xác nhận nhận xử lý' }).click();
    await until(status).toBe('Đang xử lý');
    await agency.getByRole('button', { name: 'Hoàn thành, trả kết quả' }).click();
    await agency.setInputFiles('#result-files', { name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: samplePdf });
    await until(() => agency.locator('#result-uploads').textContent(), 60_000).toContain('ket-qua.pdfHợp lệ');
    await form().getByRole('button', { name: 'Hoàn thành, trả kết quả' }).click();
    await agency.getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
    await until(status).toBe('Đã xử lý xong');
    await checkView(agency, 'journey-agency-completed');

    // At the counter the citizen chose: the fee in cash, then the result after the identity check.
    const handing = filed.servicePointId === desk ? clerk : await staffPage({ role: 'clerk', servicePoint: filed.servicePointId! });
    await handing.goto(`${h.api}/quay/tim`);
    await handing.getByLabel('Mã hồ sơ hoặc số tham chiếu').fill(code);
    await handing.keyboard.press('Enter');
    await until(() => handing.locator('#dossier-status').textContent()).toBe('Đã xử lý xong');
    // The certificate's fee (200.000 ₫) is still owed: taken in cash, with its receipt.
    const take = handing.getByRole('button', { name: /^Đã nhận tiền mặt 200\.000 ₫/ });
    await until(() => take.count()).toBe(1);
    await take.click();
    await until(() => handing.locator('#receipts li').count()).toBe(1);
    await handing.getByLabel('Số giấy tờ').fill(filed.cccd);
    await handing.getByRole('button', { name: 'Đã đối chiếu: trả kết quả' }).click();
    await until(() => handing.locator('#handover-title').textContent()).toBe('Đã trả kết quả');
    await checkView(handing, 'journey-counter-handed-over');

    // The citizen, back on the tracking page of the tab that filed it, rates the service.
    await citizen.goto(`${h.api}/t/${filed.ref}`);
    await until(() => citizen.locator('p.status').textContent()).toBe('Đã trả kết quả');
    await until(() => citizen.locator('#rating input[type=radio]').count()).toBe(5);
    await citizen.locator('#rating input[type=radio]').first().check();
    await citizen.getByLabel('Ý kiến thêm (không bắt buộc)').fill('Nhân viên hướng dẫn tận tình');
    await citizen.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await until(() => citizen.locator('.holder .notice').textContent()).toMatch(/^Cảm ơn bạn đã đánh giá: .+\.$/);
    await checkView(citizen, 'journey-citizen-rated');
  }, 300_000);
});
