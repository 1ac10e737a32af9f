/**
 * The province dashboard in Chromium: the administrator (role admin) sees the Department of
 * Justice's figures after a dossier was submitted and received at a desk, the escalation list,
 * the rollout of today and the queues; an agency's officer is sent to sign in. Screenshots at
 * phone and desktop width, axe-core on every view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { call, waitFor } from '../../infra/local/replay/client.ts';
import { dossierBody } from '../support/factories.ts';
import { acceptAtDesk, startPagesHarness, submittedDossier, type PagesHarness } from './support.ts';
import { checkView, signIn, staffToken, until } from './staff.ts';

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
    expect(await page.locator('#queues').textContent()).toContain('Các hàng đợi thư lỗi đều rỗng.');
    expect(await page.locator('#queues tbody tr').count()).toBeGreaterThan(4);
    await checkView(page, 'dashboard-operations');
  });
});
