/**
 * The postman's page in Chromium at a phone's width: a home pickup in today's list, its checklist
 * ticked, the seal number and the slip, the hand-over at the receiving unit; a result delivery
 * that fails once (not at home) and is then delivered with a photo from the camera input. The
 * courier partner stand-in only takes the orders (`manual`); the page does every other step.
 * Screenshots at phone and desktop width, axe-core on every view.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signaturePng } from '../../infra/local/postman.ts';
import { call, expectStatus, uploadPdf, waitFor } from '../../infra/local/replay/client.ts';
import { dossierBody } from '../support/factories.ts';
import { acceptAtDesk, startPagesHarness, submittedDossier, type PagesHarness } from './support.ts';
import { checkView, signIn, staffToken, until } from './staff.ts';

let h: PagesHarness;
let page: Page;

beforeAll(async () => {
  h = await startPagesHarness('postman');
  h.cloud.courierPartner.script({ mode: 'manual' });
  page = await h.page();
});
afterAll(async () => {
  await h?.stop();
});

const checkPage = (name: string) => checkView(page, name);

const status = () => page.locator('#status').textContent();

/** Signs in the postman the stand-in plays for `postOfficeId` (he took the orders); his Authorization header. */
async function signInPostman(postOfficeId: string) {
  const { jwt, headers } = await staffToken(h, { role: 'courier', servicePoint: postOfficeId, sub: `postman-${postOfficeId}` });
  await signIn(page, jwt);
  return headers;
}

/** Waits until the stand-in's postman took the shipment. */
async function accepted(itemId: string, headers: Record<string, string>) {
  await waitFor(async () => ((await call(h.api, 'GET', `/v1/courier/shipments/${itemId}`, undefined, headers)).body.status === 'accepted' ? true : undefined), 30_000, 200, `${itemId} not accepted`);
}

describe('the postman’s page', () => {
  let pickupItem: string;
  let pickupDossier: { ref: string; token: string };
  let postOffice: string;

  it('asks whoever is not signed in to sign in', async () => {
    await page.goto(`${h.api}/buu-ta/`);
    await until(() => page.locator('main').textContent()).toContain('Bạn cần đăng nhập');
    await checkPage('postman-sign-in');
  });

  it('shows a home pickup in today’s list', async () => {
    const created = expectStatus('create', await call(h.api, 'POST', '/v1/dossiers', { ...dossierBody(), intake: { method: 'home-pickup' }, resultDelivery: { method: 'post' } }, { 'idempotency-key': randomUUID() }), 201);
    const shipment = created.body.shipments[0] as { itemId: string; postOffice: { id: string } };
    [pickupItem, postOffice] = [shipment.itemId, shipment.postOffice.id];
    pickupDossier = { ref: created.body.ref, token: created.body.accessToken };
    await accepted(pickupItem, await signInPostman(postOffice));

    await page.goto(`${h.api}/buu-ta/`);
    const card = page.locator('#pickups li', { hasText: pickupItem });
    await until(() => card.count()).toBe(1);
    expect(await card.textContent()).toContain('Nguyễn Thị Hoa, Thôn Plei Ia Tô');
    expect(await page.getByRole('link', { name: /^Gọi \+84/ }).count()).toBeGreaterThan(0);
    await checkPage('postman-today');
    await card.getByRole('link', { name: /Nguyễn Thị Hoa/ }).click();
    await until(() => page.locator('h1').textContent()).toBe('Nhận hồ sơ tại nhà');
  });

  it('ticks the checklist, seals the dossier, and hands it over at the receiving unit', async () => {
    const checks = page.locator('fieldset input[type="checkbox"]');
    await until(() => checks.count()).toBeGreaterThan(1);
    await checkPage('postman-pickup');
    for (const box of await checks.all()) await box.check();
    await page.getByLabel('Số niêm phong').fill('np-004217');
    // The certificate's fee is still owed: the citizen pays the postman in cash at the door.
    await page.getByLabel(/^Đã thu tiền mặt \d{1,3}(\.\d{3})*\s₫/).check();
    await page.getByRole('button', { name: 'Đã nhận hồ sơ' }).click();
    expect(await page.getByRole('alertdialog').textContent()).toMatch(/^Xác nhận đã nhận (\d+)\/\1 giấy tờ, niêm phong số NP-004217\?/);
    await checkPage('postman-pickup-confirm');
    await page.getByRole('button', { name: 'Xác nhận đã nhận hồ sơ' }).click();
    await until(status).toBe('Đang chuyển');
    expect(await page.locator('.notice').first().textContent()).toContain('niêm phong số NP-004217');
    const paid = (await call(h.api, 'GET', `/v1/dossiers/${pickupDossier.ref}`, undefined, { 'x-dossier-token': pickupDossier.token })).body;
    expect(paid.payments.requests.map((r: { status: string }) => r.status)).toEqual(['paid']);
    expect(paid.payments.receipts).toHaveLength(1);
    await checkPage('postman-handover');

    await page.getByLabel('Cán bộ nhận bàn giao').fill('Rơ Mah H’Lan');
    await page.getByRole('button', { name: 'Đã bàn giao' }).click();
    await until(status).toBe('Đã bàn giao cho đơn vị tiếp nhận');
    expect(await page.locator('main').textContent()).toContain('Bưu gửi này không còn việc gì cần làm.');
  });

  it('records a failed attempt with its reason, then the delivery with a photo from the camera', async () => {
    // A result to bring home: an online dossier received at the desk, completed by the agency through its API.
    const { ref, receivingUnitId } = await submittedDossier(h.api, dossierBody());
    const code = await acceptAtDesk(h, ref, receivingUnitId);
    await completeAtAgency(code);
    const delivery = await waitFor(
      async () => ((await call(h.api, 'GET', `/v1/dossiers/${code}`)).body.shipments as { kind: string; itemId: string; postOffice: { id: string } }[] | undefined)?.find((s) => s.kind === 'result-delivery'),
      30_000,
      200,
      'no result delivery',
    );
    await accepted(delivery.itemId, await signInPostman(delivery.postOffice.id));

    await page.goto(`${h.api}/buu-ta/`);
    const card = page.locator('#deliveries li', { hasText: delivery.itemId });
    await until(() => card.count()).toBe(1);
    await checkPage('postman-today-delivery');
    await card.getByRole('link').first().click();
    await until(() => page.locator('h1').textContent()).toBe('Phát kết quả');
    await page.getByRole('button', { name: 'Mang đi phát' }).click();
    await until(status).toBe('Đang phát');
    await checkPage('postman-out-for-delivery');

    await page.getByLabel('Người nhận không có nhà').check();
    await page.getByRole('button', { name: 'Ghi nhận phát không thành công' }).click();
    await page.getByRole('button', { name: 'Xác nhận phát không thành công' }).click();
    await until(status).toBe('Phát không thành công, sẽ phát lại');
    expect(await page.locator('main').textContent()).toMatch(/Lần 1 \(\d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}\): Người nhận không có nhà/);
    await checkPage('postman-attempt-failed');

    await page.getByRole('button', { name: 'Mang đi phát' }).click();
    await until(status).toBe('Đang phát');
    await page.getByLabel('4 chữ số cuối của giấy tờ').fill('1234');
    await page.setInputFiles('#proof-photo', { name: 'nguoi-nhan.png', mimeType: 'image/png', buffer: signaturePng });
    expect(await page.locator('#proof-photo').getAttribute('capture')).toBe('environment');
    await page.getByRole('button', { name: 'Đã phát kết quả' }).click();
    await page.getByRole('button', { name: 'Xác nhận đã phát' }).click();
    await until(status).toBe('Đã phát');
    expect(await page.locator('.notice').first().textContent()).toBe('Đã phát kết quả cho Nguyễn Thị Hoa.');
    await checkPage('postman-delivered');

    // The citizen's tracking: returned, delivered after one failed attempt.
    await page.goto(`${h.api}/t/${encodeURIComponent(code)}`);
    await until(() => page.locator('p.status').textContent()).toBe('Đã trả kết quả');
    expect(await page.locator('main').textContent()).toContain('Lần phát 1');
  }, 180_000);

  it('fits a 360 px screen: nothing wider than the viewport', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${h.api}/buu-ta/`);
    await until(() => page.locator('h1').textContent()).toBe('Việc hôm nay');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  });
});

/** The Department of Justice accepts the dossier, uploads a result and completes it, through its API. */
async function completeAtAgency(code: string) {
  const { headers } = await staffToken(h, { role: 'agency', agency: 'gl-stp' });
  const decide = (body: unknown) => call(h.api, 'POST', `/v1/agency/dossiers/${code}/decisions`, body, { ...headers, 'idempotency-key': randomUUID() });
  await waitFor(async () => ((await call(h.api, 'GET', `/v1/dossiers/${code}`)).body.routedAt ? true : undefined), 30_000, 200, 'not routed');
  expectStatus('accept', await decide({ type: 'accept' }), 200);
  await uploadPdf(h.api, `/v1/agency/dossiers/${code}/results/result-1`, headers);
  await waitFor(async () => ((await call(h.api, 'GET', `/v1/agency/dossiers/${code}`, undefined, headers)).body.results as { id: string; status: string }[] | undefined)?.find((r) => r.id === 'result-1' && r.status === 'verified'), 45_000, 200, 'result not verified');
  expectStatus('complete', await decide({ type: 'complete', resultSlots: ['result-1'] }), 200);
}
