/**
 * The counter console's desk tasks in Chromium (issue 16, item 2), beside counter.test.ts's
 * reception, intake, cash and handover: a supplement scanned at the desk and received; every paper a
 * received dossier has offered and opening; a withdrawal on the citizen's signed request, after a
 * confirmation that Escape closes; a receipt cancelled and another refunded in part, each confirmed
 * with its amount, and the cancelled one reprinted; the unit's tracking book shown for this month
 * and printed (its PDF read back with pdftotext). Screenshots at phone and desktop width and
 * axe-core's check on every view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { samplePdf } from '../../infra/local/replay/client.ts';
import { province } from '../../shared/province/index.ts';
import { dossierBody } from '../support/factories.ts';
import { pdfRawText, pdfText } from '../support/pdf.ts';
import { signIn, staffToken, until } from './staff.ts';
import { acceptAtDesk, checkPage, startPagesHarness, submittedDossier, type PagesHarness } from './support.ts';

let h: PagesHarness;
let page: Page;
/** Online dossiers of the same receiving unit: one for the supplement, one to withdraw, one to pay. */
let toSupplement: { ref: string };
let withdrawn: string;
let paid: string;

beforeAll(async () => {
  h = await startPagesHarness('counter-desk');
  const [s, w, p] = await Promise.all([submittedDossier(h.api, dossierBody()), submittedDossier(h.api, dossierBody()), submittedDossier(h.api, dossierBody())]);
  toSupplement = s;
  [withdrawn, paid] = await Promise.all([acceptAtDesk(h, w.ref, w.receivingUnitId), acceptAtDesk(h, p.ref, p.receivingUnitId)]);
  const desk = [...province().servicePoints.values()].find((point) => point.receivingUnit === s.receivingUnitId);
  if (!desk) throw new Error(`no desk of ${s.receivingUnitId}`);
  page = await h.page();
  await signIn(page, (await staffToken(h, { role: 'clerk', servicePoint: desk.id })).jwt);
  // Each PDF opens in a tab of its own: closed as it comes.
  page.context().on('page', (p) => void p.close());
});
afterAll(async () => {
  await h?.stop();
});

const open = async (code: string) => {
  await page.goto(`${h.api}/quay/ho-so/${encodeURIComponent(code)}`);
  await until(() => page.locator('#dossier-status').count()).toBe(1);
};
const status = () => page.locator('#dossier-status').textContent();
const focused = () => page.evaluate<string | undefined>('document.activeElement?.textContent ?? undefined');

describe('a supplement at the counter', () => {
  it('asks for a paper at reception, scans the new one at the desk and receives the supplement', async () => {
    await open(toSupplement.ref);
    await page.getByRole('button', { name: 'Yêu cầu bổ sung', exact: true }).click();
    await page.getByLabel('Cán bộ tiếp nhận').fill('Rơ Mah H’Lan');
    await page.locator('#reason-doc-1').fill('Bản chụp mờ, không đọc được');
    await page.getByRole('button', { name: 'Gửi yêu cầu bổ sung (mẫu 02)' }).click();
    await until(status).toBe('Yêu cầu bổ sung giấy tờ');
    expect(await page.locator('#supplement-items li').textContent()).toContain('Lý do: Bản chụp mờ, không đọc được');
    await checkPage(page, 'counter-desk-supplement');

    await page.locator('#file-doc-1').setInputFiles({ name: 'doc-1.pdf', mimeType: 'application/pdf', buffer: samplePdf });
    await until(() => page.locator('#status-doc-1').textContent()).toBe('Đã tải lên, đang kiểm tra tệp');
    // The button waits for the scan's check, which the panel follows by reading the dossier again.
    const receive = page.getByRole('button', { name: 'Tiếp nhận hồ sơ bổ sung' });
    expect(await receive.isDisabled()).toBe(true);
    await until(() => page.locator('#supplement-items li').textContent(), 45_000).toContain('Bản quét hiện tại: Hợp lệ');
    expect(await receive.isEnabled()).toBe(true);
    await receive.click();
    await until(status).toBe('Mới, chờ tiếp nhận');
    expect(await page.locator('ol.timeline').textContent()).toContain('Đã nhận đủ hồ sơ bổ sung');
  });
});

describe('a received dossier', () => {
  it('offers only the papers it has, and each opens as a PDF', async () => {
    await open(withdrawn);
    const buttons = page.locator('section[aria-labelledby=print-title] button');
    expect(await buttons.allTextContents()).toEqual(['In giấy tiếp nhận và hẹn trả kết quả (mẫu 01)', 'In phiếu kiểm soát quá trình giải quyết hồ sơ']);
    for (const button of await buttons.all()) {
      const pdf = page.waitForResponse((r) => r.url().includes('/forms/'));
      await button.click();
      const answer = await pdf;
      expect(answer.status()).toBe(200);
      expect(pdfText(await answer.body())).toContain(withdrawn);
    }
  });

  it('is withdrawn on the citizen’s signed request, after a confirmation that Escape closes', async () => {
    await open(withdrawn);
    const withdraw = page.getByRole('button', { name: 'Rút hồ sơ', exact: true });
    await withdraw.click();
    expect(await page.locator('#withdrawal-reason-error').textContent()).toBe('Ghi lý do rút hồ sơ như trong đơn của công dân');
    expect(await page.locator('#request-signed-error').textContent()).toBe('Công dân cần ký đơn đề nghị rút hồ sơ trước');
    await checkPage(page, 'counter-desk-withdrawal-form');

    await page.getByLabel('Lý do rút hồ sơ').fill('Công dân không còn nhu cầu');
    await page.getByLabel('Công dân đã ký đơn đề nghị rút hồ sơ').check();
    await withdraw.click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.textContent()).toContain(`Rút hồ sơ ${withdrawn} theo đơn của công dân?`);
    await until(focused).toBe('Xác nhận rút hồ sơ');
    await checkPage(page, 'counter-desk-withdrawal-confirm');
    await page.keyboard.press('Escape');
    expect(await dialog.count()).toBe(0);
    await until(focused).toBe('Rút hồ sơ');
    expect(await status()).not.toBe('Đã rút hồ sơ');

    await withdraw.click();
    await page.getByRole('button', { name: 'Xác nhận rút hồ sơ' }).click();
    await until(status).toBe('Đã rút hồ sơ');
    expect(await page.locator('ol.timeline').textContent()).toContain('Đã rút hồ sơ theo yêu cầu của công dân');
    expect(await page.locator('#withdrawal-title').count()).toBe(0);
    await checkPage(page, 'counter-desk-withdrawn');
  });
});

describe('receipts', () => {
  it('cancels one with its reason, refunds part of the next, each confirmed with the amount, and reprints the cancelled one', async () => {
    await open(paid);
    const take = page.getByRole('button', { name: /^Đã nhận tiền mặt/ });
    await take.click();
    const cards = page.locator('#receipts li.card');
    await until(() => cards.count()).toBe(1);
    const first = cards.first();
    const total = /: (\d{1,3}(?:\.\d{3})* ₫)/.exec((await first.textContent()) ?? '')![1]!;

    await first.getByRole('button', { name: 'Hủy biên lai', exact: true }).click();
    await first.getByRole('button', { name: 'Tiếp tục: hủy biên lai' }).click();
    expect(await first.getByLabel('Lý do hủy biên lai').getAttribute('aria-invalid')).toBe('true');
    await first.getByLabel('Lý do hủy biên lai').fill('Thu nhầm hồ sơ, lập lại biên lai');
    await first.getByRole('button', { name: 'Tiếp tục: hủy biên lai' }).click();
    expect(await first.getByRole('alertdialog').textContent()).toMatch(new RegExp(`^Hủy biên lai số \\S+ \\(${total.replace(/\./g, '\\.')}\\)\\?`));
    await checkPage(page, 'counter-desk-receipt-cancel');
    await first.getByRole('button', { name: 'Xác nhận hủy biên lai' }).click();
    await until(() => first.textContent()).toContain('(đã hủy)');
    expect(await first.getByRole('button', { name: 'Hoàn tiền' }).count()).toBe(0);

    // The request is open again: taken a second time, a new receipt; part of it given back.
    await take.click();
    await until(() => cards.count()).toBe(2);
    const second = cards.nth(1);
    await second.getByRole('button', { name: 'Hoàn tiền', exact: true }).click();
    const amount = second.getByLabel('Số tiền hoàn (đồng)');
    expect(`${await amount.inputValue()} ₫`).toBe(total);
    await amount.fill('99.999.999');
    await second.getByLabel('Lý do hoàn tiền').fill('Được miễn một phần lệ phí');
    await second.getByRole('button', { name: 'Tiếp tục: hoàn tiền' }).click();
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    await amount.fill('1.000');
    await second.getByRole('button', { name: 'Tiếp tục: hoàn tiền' }).click();
    expect(await second.getByRole('alertdialog').textContent()).toMatch(/^Hoàn 1\.000 ₫ cho công dân theo biên lai số \S+\?/);
    await checkPage(page, 'counter-desk-refund');
    await second.getByRole('button', { name: 'Xác nhận hoàn tiền' }).click();
    await until(() => second.textContent()).toContain('(đã hoàn 1.000 ₫)');
    expect(await second.getByRole('button', { name: 'Hủy biên lai', exact: true }).count()).toBe(0);
    await checkPage(page, 'counter-desk-receipts');

    const pdf = page.waitForResponse((r) => r.url().includes('/forms/fee-receipt-'));
    await first.getByRole('button', { name: 'In lại biên lai' }).click();
    const text = pdfText(await (await pdf).body());
    expect(text).toContain('BIÊN LAI ĐÃ HỦY');
    expect(text).toContain('Thu nhầm hồ sơ, lập lại biên lai');
  });
});

describe('the tracking book', () => {
  it('lists this month’s dossiers of the unit and prints the book', async () => {
    await page.goto(`${h.api}/quay/so-theo-doi`);
    const rows = page.locator('#book tbody tr');
    await until(() => rows.count()).toBeGreaterThanOrEqual(2);
    // The period the API chose (this month so far by the local cloud's clock, here the machine's) fills the fields.
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    expect([await page.getByLabel('Từ ngày').inputValue(), await page.getByLabel('Đến ngày').inputValue()]).toEqual([`${today.slice(0, 8)}01`, today]);
    // Written dd/mm/yyyy under each field, whatever the browser's locale shows in it.
    expect(await page.locator('#book-from-chosen').textContent()).toMatch(new RegExp(`^Ngày đã chọn: (Chủ nhật|thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)), 01/${today.slice(5, 7)}/${today.slice(0, 4)}$`));
    expect(await page.locator('#book-to-chosen').textContent()).toContain(today.split('-').reverse().join('/'));
    expect(await page.locator('#book').textContent()).toContain(withdrawn);
    expect(await rows.filter({ hasText: withdrawn }).textContent()).toContain('Đã rút hồ sơ');
    await checkPage(page, 'counter-desk-book');

    const pdf = page.waitForResponse((r) => r.url().includes('/v1/counter/tracking-book') && r.url().includes('format=pdf'));
    await page.getByRole('button', { name: 'In sổ' }).click();
    const answer = await pdf;
    expect(answer.status()).toBe(200);
    // Drawing order, spaces dropped: a long code wraps in its cell.
    const text = pdfRawText(await answer.body()).replace(/ /g, '');
    expect(text).toContain(withdrawn);
    expect(text).toContain(paid);
    expect(await page.locator('a.pdf-link').getAttribute('download')).toMatch(/^so-theo-doi-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.pdf$/);

    // More than 31 days: the API's refusal under the end date.
    await page.getByLabel('Từ ngày').fill('2026-01-01');
    await page.getByLabel('Đến ngày').fill('2026-03-31');
    await page.getByRole('button', { name: 'Xem sổ' }).click();
    await until(() => page.getByLabel('Đến ngày').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#book-to-error').textContent()).toContain('31 ngày');
    await checkPage(page, 'counter-desk-book-invalid');

    // Pages of one row instead of fifty (the API's own limit parameter): "Xem thêm" adds the next.
    const book = (u: URL) => u.pathname === '/v1/counter/tracking-book' && u.searchParams.get('format') !== 'pdf';
    await page.route(book, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '1');
      return route.continue({ url: url.toString() });
    });
    try {
      await page.goto(`${h.api}/quay/so-theo-doi`);
      await until(() => rows.count()).toBe(1);
      expect(await page.locator('#book-count').textContent()).toMatch(/^\d+ hồ sơ tiếp nhận trong kỳ, đang hiện 1$/);
      await page.getByRole('button', { name: 'Xem thêm' }).click();
      await until(() => rows.count()).toBe(2);
      // "Xem sổ" reads the book afresh, the same period too: the pages added go.
      for (let i = 0; i < 2; i++) {
        await page.getByRole('button', { name: 'Xem sổ' }).click();
        await until(() => page.locator('#book-count').textContent()).toMatch(/, đang hiện 1$/);
        expect(await rows.count()).toBe(1);
        await page.getByRole('button', { name: 'Xem thêm' }).click();
        await until(() => rows.count()).toBe(2);
      }
    } finally {
      await page.unroute(book);
    }
  });
});
