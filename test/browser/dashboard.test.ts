/**
 * The province dashboard in Chromium: the administrator (role admin) sees the Department of
 * Justice's figures after a dossier was submitted and received at a desk, the escalation list,
 * the rollout of today and the queues, with the age of the message routed to the department's
 * queue (nobody consumes it here) and a warning once the clock says it waited past the alarm's 4
 * hours; an agency's officer is sent to sign in. Screenshots at phone and desktop width, axe-core
 * on every view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, waitFor } from '../../infra/local/replay/client.ts';
import { dossierBody } from '../support/factories.ts';
import { acceptAtDesk, startPagesHarness, submittedDossier, type PagesHarness } from './support.ts';
import { checkView, openWithRefusedToken, signIn, staffToken, until } from './staff.ts';

let h: PagesHarness;
let page: Page;

beforeAll(async () => {
  h = await startPagesHarness('dashboard');
  page = await h.page();
  const { ref, receivingUnitId } = await submittedDossier(h.api, dossierBody());
  await acceptAtDesk(h, ref, receivingUnitId);
  // The figures are kept from the stream: wait until the reception is counted.
  const { headers } = await staffToken(h, { role: 'admin' });
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  await waitFor(
    async () => {
      const r = await call(h.api, 'GET', `/v1/admin/figures?from=${today.slice(0, 8)}01&to=${today}&groupBy=agencyId`, undefined, headers);
      return (r.body.rows as { group: { agencyId?: string } }[] | undefined)?.some((row) => row.group.agencyId === 'gl-stp') ? true : undefined;
    },
    60_000,
    300,
    'reception not counted in the figures',
  );
  // And routed: its message waits in the department's queue (the dashboard shows its age).
  await waitFor(
    async () => {
      const r = await call(h.api, 'GET', '/v1/admin/operations', undefined, headers);
      return (r.body.queues as { name: string; visible: number }[] | undefined)?.some((q) => q.name === 'motcua-agency-gl-stp.fifo' && q.visible > 0) ? true : undefined;
    },
    60_000,
    300,
    'dossier not routed to the agency queue',
  );
}, 240_000);
afterAll(async () => {
  await h?.stop();
});

describe('the province dashboard', () => {
  it('sends someone who is not an administrator to the sign-in page', async () => {
    await signIn(page, (await staffToken(h, { role: 'agency', agency: 'gl-stp' })).jwt);
    await page.goto(`${h.api}/tinh/`);
    await page.waitForURL(/\/dang-nhap\/\?next=%2Ftinh%2F/);
    expect(new URL(page.url()).pathname).toBe('/dang-nhap/');
  });

  it('sends an administrator whose token the API refuses to the sign-in page and back to the dashboard after', async () => {
    const { page: refused, next } = await openWithRefusedToken(h, (await staffToken(h, { role: 'admin' })).jwt, '/tinh/');
    expect(next).toBe('/tinh/');
    expect(await refused.evaluate("sessionStorage.getItem('motcua.token')")).toBeNull();
    await refused.context().close();
  });

  it('shows the agency’s figures of this month as a bar with its value and a table row', async () => {
    page = await h.page();
    await signIn(page, (await staffToken(h, { role: 'admin' })).jwt);
    await page.goto(`${h.api}/tinh/`);
    await until(() => page.locator('#figures-table').count()).toBe(1);
    const row = page.locator('#figures-table tbody tr', { hasText: 'Sở Tư pháp' });
    expect(await row.count()).toBe(1);
    expect(await row.locator('td').first().textContent()).toBe('1');
    const bar = page.locator('.chart li', { hasText: 'Sở Tư pháp' });
    expect(await bar.locator('.bar-value').textContent()).toBe('chưa có hồ sơ giải quyết xong');
    expect(await page.locator('#from').inputValue()).toMatch(/^\d{4}-\d{2}-01$/);
    expect(await page.locator('#from-chosen').textContent()).toMatch(/^Ngày đã chọn: [^,]+, 01\/\d{2}\/\d{4}$/);
    await checkView(page, 'dashboard-figures');
  });

  it('groups the same figures by receiving unit', async () => {
    await page.getByLabel('Nhóm theo', { exact: true }).selectOption('receivingUnitId');
    await until(() => page.locator('#figures-table caption').textContent()).toBe('Số liệu theo bộ phận tiếp nhận');
    await until(() => page.locator('#figures-table tbody tr').count()).toBeGreaterThan(0);
  });

  it('downloads the figures as CSV with the session’s token', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
  });

  it('shows the escalation list, the rollout of today and the queues', async () => {
    expect(await page.locator('#escalations').textContent()).toContain('Không có hồ sơ quá hạn.');
    await until(() => page.locator('#rollout').count()).toBe(1);
    const rollout = (await page.locator('#rollout').textContent()) ?? '';
    expect(rollout).toMatch(/Triển khai hôm nay \(\d{2}\/\d{2}\/\d{4}\)/);
    expect(rollout).toContain('Sở Giao thông vận tải tỉnh Gia Lai: tham gia từ 01/01/2027, 0 hồ sơ đang chờ');
    expect(await page.locator('#queues').textContent()).toContain('Các hàng đợi thư lỗi đều rỗng, không tin nhắn nào chờ quá ngưỡng cảnh báo.');
    expect(await page.locator('#queues tbody tr').count()).toBeGreaterThan(4);
    // The received dossier was routed to the Department of Justice's queue, which nobody consumes here.
    await page.getByText(/^Xem \d+ hàng đợi$/).click();
    const stp = page.locator('#queues tbody tr', { hasText: 'motcua-agency-gl-stp.fifo' });
    expect(await stp.locator('td').nth(2).textContent()).toMatch(/^(dưới 1 phút|\d+ phút) \(cảnh báo từ 4 giờ\)$/);
    const empty = page.locator('#queues tbody tr', { hasText: 'motcua-sms-outbox-dlq' });
    expect(await empty.locator('td').nth(2).textContent()).toBe('không có tin nhắn');
    await checkView(page, 'dashboard-operations');
  });

  it('warns about the department’s queue once its oldest message has waited 5 hours by the cloud’s clock (the alarm’s 4 hours passed)', async () => {
    h.cloud.clock.set({ at: new Date(h.cloud.clock.now() + 5 * 3600_000) });
    try {
      await page.reload();
      await until(() => page.locator('#queues .warn').count()).toBeGreaterThan(0);
      expect(await page.locator('#queues .warn').first().textContent()).toMatch(/^motcua-agency-gl-stp\.fifo: Tin nhắn cũ nhất đã chờ 5 giờ( \d+ phút)? \(ngưỡng cảnh báo 4 giờ\): nơi nhận có thể đã ngừng hoặc đang lỗi$/);
      await checkView(page, 'dashboard-queue-age-warning');
    } finally {
      h.cloud.clock.reset();
    }
  });
});
