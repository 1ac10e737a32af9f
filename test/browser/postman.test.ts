/**
 * The postman's page in Chromium at a phone's width, on Tue 08/12/2026 09:00 Vietnam time (the
 * local cloud's clock, set before anything runs; the browser keeps the machine's date): home
 * pickups sorted into today, upcoming and overdue by their windows, his own apart from one nobody
 * took; a pickup visit that collected nothing (nobody at home) with a new time agreed; a pickup's
 * checklist ticked, the seal number and the slip, the hand-over at the receiving
 * unit; a result delivery that fails once (not at home) and is then delivered with a phone's
 * photo (5 MB, upright by its EXIF orientation) shrunk on the page before upload, after an HEIC
 * file the browser cannot read was refused. The courier partner stand-in only takes the orders
 * (`manual`); the page does every other step. Screenshots at phone and desktop width, axe-core on
 * every view.
 */
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, expectStatus, uploadPdf, waitFor } from '../../infra/local/replay/client.ts';
import { names, topology } from '../../infra/topology.ts';
import { proofLimits } from '../../shared/domain/postal/proof.ts';
import { dossierBody } from '../support/factories.ts';
import { acceptAtDesk, startPagesHarness, submittedDossier, type PagesHarness } from './support.ts';
import { checkView, openWithRefusedToken, signIn, staffToken, until } from './staff.ts';

let h: PagesHarness;
let page: Page;

beforeAll(async () => {
  h = await startPagesHarness('postman');
  h.cloud.clock.set({ at: '2026-12-08T09:00:00+07:00' });
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
  let pickupDossier: { ref: string; token: string };

  it('sends whoever is not signed in to the sign-in page and back to his list after', async () => {
    await page.goto(`${h.api}/buu-ta/`);
    await page.waitForURL((u) => u.pathname === '/dang-nhap/');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/buu-ta/');
  });

  it('sends a postman whose token the API refuses to the sign-in page and back to his list after', async () => {
    const { page: refused, next } = await openWithRefusedToken(h, (await staffToken(h, { role: 'courier', servicePoint: 'bdvhx-iato' })).jwt, '/buu-ta/?xem=sap-toi');
    expect(next).toBe('/buu-ta/?xem=sap-toi');
    expect(await refused.evaluate("sessionStorage.getItem('motcua.token')")).toBeNull();
    await refused.context().close();
  });

  it('sorts the office’s pickups into today, upcoming and overdue by the API’s day, his own apart from one nobody took', async () => {
    const request = async (window: { from: string; to: string }) => {
      const created = expectStatus('create', await call(h.api, 'POST', '/v1/dossiers', { ...dossierBody(), intake: { method: 'home-pickup', window }, resultDelivery: { method: 'post' } }, { 'idempotency-key': randomUUID() }), 201);
      const shipment = created.body.shipments[0] as { itemId: string; postOffice: { id: string } };
      return { itemId: shipment.itemId, postOffice: shipment.postOffice.id, ref: created.body.ref as string, token: created.body.accessToken as string };
    };
    const afternoon = await request({ from: '2026-12-08T14:00:00+07:00', to: '2026-12-08T16:00:00+07:00' });
    const tomorrow = await request({ from: '2026-12-09T09:00:00+07:00', to: '2026-12-09T11:00:00+07:00' });
    const headers = await signInPostman(afternoon.postOffice);
    await accepted(afternoon.itemId, headers);
    await accepted(tomorrow.itemId, headers);
    // The partner refuses the next order for now: that pickup, asked at 07:30 for 07:00–08:00 (the
    // API refuses a window already over), waits for a postman; at 09:00 its window has closed.
    h.cloud.courierPartner.configure({ rejectNext: 1000 });
    h.cloud.clock.set({ at: '2026-12-08T07:30:00+07:00' });
    const missed = await request({ from: '2026-12-08T07:00:00+07:00', to: '2026-12-08T08:00:00+07:00' });
    h.cloud.clock.set({ at: '2026-12-08T09:00:00+07:00' });
    await waitFor(async () => h.cloud.courierPartner.calls().find((c) => c.direction === 'in' && c.key?.startsWith(missed.itemId) && c.status === 422), 30_000, 200, 'order not refused');
    pickupDossier = afternoon;

    await page.goto(`${h.api}/buu-ta/`);
    const tab = (name: RegExp) => page.getByRole('tab', { name });
    const mine = (itemId: string) => page.locator('#mine li', { hasText: itemId });
    await until(() => mine(afternoon.itemId).count()).toBe(1);
    // The API's day, not the browser's (the machine's date).
    expect(await page.locator('main').textContent()).toContain('hôm nay 08/12/2026');
    expect(await page.getByRole('tab').allTextContents()).toEqual(['Hôm nay (1)', 'Sắp tới (1)', 'Quá hẹn (1)']);
    expect(await tab(/^Hôm nay/).getAttribute('aria-selected')).toBe('true');
    const card = await mine(afternoon.itemId).textContent();
    expect(card).toContain('Nguyễn Thị Hoa, Thôn Plei Ia Tô');
    expect(card).toContain('Nhận hồ sơ theo giờ hẹn · hạn 08/12/2026');
    expect(await page.getByRole('tabpanel').textContent()).not.toContain(tomorrow.itemId);
    expect(await page.getByRole('link', { name: /^Gọi \+84/ }).count()).toBeGreaterThan(0);
    await checkPage('postman-today');

    await tab(/^Sắp tới/).click();
    await until(() => mine(tomorrow.itemId).count()).toBe(1);
    expect(await mine(tomorrow.itemId).textContent()).toContain('Hẹn từ 09:00, 09/12/2026 đến 11:00, 09/12/2026');
    expect(await page.getByRole('tabpanel').textContent()).not.toContain(afternoon.itemId);
    expect(page.url()).toMatch(/\?xem=sap-toi$/);
    await checkPage('postman-upcoming');

    // The arrow keys move between the tabs, as the ARIA tabs pattern has it.
    await page.keyboard.press('ArrowRight');
    expect(await tab(/^Quá hẹn/).getAttribute('aria-selected')).toBe('true');
    const unclaimed = page.locator('#unclaimed li', { hasText: missed.itemId });
    await until(() => unclaimed.count()).toBe(1);
    expect(await unclaimed.textContent()).toContain('Quá hẹn: Nhận hồ sơ theo giờ hẹn · hạn 08/12/2026');
    expect(await page.locator('#mine').count()).toBe(0);
    await checkPage('postman-overdue');
    h.cloud.courierPartner.configure({});

    await tab(/^Hôm nay/).click();
    await mine(afternoon.itemId).getByRole('link', { name: /Nguyễn Thị Hoa/ }).click();
    await until(() => page.locator('h1').textContent()).toBe('Nhận hồ sơ tại nhà');
  });

  it('ticks the checklist, seals the dossier, and hands it over at the receiving unit', async () => {
    const checks = page.locator('fieldset input[type="checkbox"]');
    await until(() => checks.count()).toBeGreaterThan(1);
    await checkPage('postman-pickup');
    // Nobody at home at first: a visit that collected nothing, a new time agreed for tomorrow morning.
    await page.getByLabel('Người nộp hồ sơ không có nhà').check();
    await page.getByLabel('Ngày hẹn lại với công dân (nếu đã thống nhất)').fill('2026-12-09');
    await page.getByLabel('Khoảng giờ hẹn lại').selectOption('morning');
    await page.getByRole('button', { name: 'Ghi nhận chưa nhận được hồ sơ' }).click();
    expect(await page.getByRole('alertdialog').textContent()).toMatch(/^Chưa nhận được hồ sơ: Người nộp hồ sơ không có nhà\?/);
    await page.getByRole('button', { name: 'Xác nhận chưa nhận được hồ sơ' }).click();
    await until(() => page.locator('.notice').first().textContent()).toContain('Hẹn lại thứ Tư, 09/12/2026, buổi sáng (7:30–11:30)');
    // The shipment read again: the visit listed, still his to collect.
    await until(() => page.locator('main').textContent()).toMatch(/Lần 1 \(\d{2}:\d{2}, 08\/12\/2026\): Người nộp hồ sơ không có nhà/);
    expect(await status()).toBe('Bưu tá đã nhận việc');
    expect(await page.getByLabel('Người nộp hồ sơ không có nhà').isChecked()).toBe(false);
    await checkPage('postman-pickup-missed');
    // He came back the same day after all, and the papers are there.
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
    const card = page.locator('#mine li', { hasText: delivery.itemId });
    await until(() => card.count()).toBe(1);
    expect(await card.textContent()).toContain('Phát kết quả · hạn 09/12/2026');
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
    expect(await page.locator('main').textContent()).toMatch(/Lần 1 \(\d{2}:\d{2}, 08\/12\/2026\): Người nhận không có nhà/);
    expect(await page.locator('main').textContent()).toContain('Phát lại lần 2 · từ 09/12/2026, hạn 10/12/2026');
    await checkPage('postman-attempt-failed');

    await page.getByRole('button', { name: 'Mang đi phát' }).click();
    await until(status).toBe('Đang phát');
    await page.getByLabel('4 chữ số cuối của giấy tờ').fill('1234');
    expect(await page.locator('#proof-photo').getAttribute('capture')).toBe('environment');
    // An iPhone's HEIC: Chromium cannot decode it, so the page says so and sends nothing.
    await page.setInputFiles('#proof-photo', { name: 'IMG_0421.heic', mimeType: 'image/heic', buffer: heicHeader });
    await until(() => page.locator('#proof-photo-error').textContent()).toContain('chọn ảnh JPEG hoặc PNG');
    await page.getByRole('button', { name: 'Đã phát kết quả' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await checkPage('postman-photo-refused');

    // A phone's photo: 4000×3000 px, over 5 MB, taken upright (EXIF orientation 6): too large for the form as it is.
    const photo = await phonePhoto(page);
    expect(photo.length).toBeGreaterThan(proofLimits.maxBytes);
    await page.setInputFiles('#proof-photo', { name: 'IMG_0422.jpg', mimeType: 'image/jpeg', buffer: photo });
    await until(() => page.locator('#proof-photo-size').textContent()).toMatch(/^Ảnh đã thu nhỏ: [5-9],\d MB → \d{2,4} KB \(1200 × 1600 px\)$/);
    expect(await page.locator('#proof-photo-error').count()).toBe(0);
    await page.getByRole('button', { name: 'Đã phát kết quả' }).click();
    await page.getByRole('button', { name: 'Xác nhận đã phát' }).click();
    await until(status).toBe('Đã phát');
    expect(await page.locator('.notice').first().textContent()).toBe('Đã phát kết quả cho Nguyễn Thị Hoa.');
    expect(await page.locator('#proof-photo-size').count()).toBe(0);
    await checkPage('postman-delivered');

    // What the bucket keeps: the shrunk JPEG, upright, within the form's limit.
    const stored = await storedProof(ref, delivery.itemId);
    expect(stored.contentType).toBe('image/jpeg');
    expect(stored.bytes.length).toBeLessThanOrEqual(proofLimits.maxBytes);
    expect(jpegSize(stored.bytes)).toEqual({ width: 1200, height: 1600 });

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

/** The first bytes of an HEIC file (an `ftyp` box of brand `heic`): what an iPhone's camera saves by default. */
const heicHeader = Buffer.from('000000186674797068656963000000006d696631686569630000', 'hex');

/**
 * A phone camera's JPEG: 4000×3000 px of a gradient with noise, encoded by the browser at quality
 * 0.92 (over 5 MB), with an EXIF APP1 segment saying Orientation 6 (the phone was held upright: turn
 * the image 90° clockwise to view it, 3000×4000).
 */
async function phonePhoto(on: Page): Promise<Buffer> {
  const base64 = await on.evaluate<string>(`(async () => {
    const [w, h] = [4000, 3000];
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [w, h];
    const ctx = canvas.getContext('2d');
    const img = ctx.createImageData(w, h);
    let seed = 7;
    const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff - 0.5) * 60;
    for (let y = 0, i = 0; y < h; y++)
      for (let x = 0; x < w; x++, i += 4) {
        const n = noise();
        img.data.set([(x / w) * 255 + n, (y / h) * 255 + n, 128 + n, 255], i);
      }
    ctx.putImageData(img, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  })()`);
  const jpeg = Buffer.from(base64, 'base64');
  // TIFF, big-endian: one IFD entry, Orientation (0x0112), SHORT, count 1, value 6.
  const tiff = Buffer.from('4d4d002a00000008000101120003000000010006000000000000', 'hex');
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff]), exif]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

/** A JPEG's pixel size, from its start-of-frame segment. */
function jpegSize(jpeg: Buffer): { width: number; height: number } | undefined {
  for (let i = 2; i + 9 < jpeg.length; i += 2 + jpeg.readUInt16BE(i + 2)) {
    const marker = jpeg[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { height: jpeg.readUInt16BE(i + 5), width: jpeg.readUInt16BE(i + 7) };
  }
  return undefined;
}

/** The proof of delivery as the document bucket keeps it (s3rver, through the SDK). */
async function storedProof(ref: string, itemId: string): Promise<{ contentType: string | undefined; bytes: Buffer }> {
  const s3 = new S3Client({ endpoint: h.cloud.endpoints.s3, forcePathStyle: true, region: h.cloud.env.AWS_REGION!, credentials: { accessKeyId: h.cloud.env.AWS_ACCESS_KEY_ID!, secretAccessKey: h.cloud.env.AWS_SECRET_ACCESS_KEY! } });
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: names.bucket(topology().prefix, 'documents'), Key: `dossiers/${ref}/proofs/${itemId}` }));
    return { contentType: object.ContentType, bytes: Buffer.from(await object.Body!.transformToByteArray()) };
  } finally {
    s3.destroy();
  }
}
