/**
 * The citizen's submission through the wizard, as the browser tests drive it: the applicant (a
 * resident of Xã Ia Tô, or an organisation with its head office there, perhaps through an
 * authorised person), the result delivery, the scans, review, submit. `fileThroughWizard` answers
 * the reference, the access token, the applicant's CCCD and, for a delivery at the counter, the
 * service point chosen.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { samplePdf } from '../../infra/local/replay/client.ts';
import { someCccd, somePhone, someTaxCode } from '../support/factories.ts';

export type Delivery = 'post' | 'online' | 'counter';
export interface WizardApplicant {
  kind: 'individual' | 'organisation';
  /** With an authorised person filing (ủy quyền). */
  representative?: boolean;
}

export const heading = (page: Page) => () => page.locator('main h1').textContent();

/** Opens the wizard from the procedure's page: step 1 with the communes loaded. */
export async function openWizard(page: Page, api: string, procedureId: string, steps = 5): Promise<void> {
  await page.goto(`${api}/thu-tuc/${procedureId}`);
  await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
  await expect.poll(heading(page)).toContain(`Bước 1/${steps}: Người nộp hồ sơ`);
  await expect.poll(() => page.locator('#unitId option').count()).toBeGreaterThan(3);
}

/** Fills step 1 (an individual by default) and answers the identifiers typed. */
export async function fillApplicant(page: Page, who: WizardApplicant = { kind: 'individual' }): Promise<{ cccd: string; taxCode?: string; representative?: { fullName: string; cccd: string } }> {
  const cccd = someCccd();
  let taxCode: string | undefined;
  if (who.kind === 'organisation') {
    taxCode = someTaxCode();
    await page.getByLabel('Tổ chức', { exact: true }).check();
    await page.getByLabel('Tên tổ chức').fill('Hợp tác xã Nông nghiệp Ia Tô');
    await page.getByLabel('Mã số thuế').fill(taxCode);
  } else {
    await page.getByLabel('Họ và tên', { exact: true }).fill('Nguyễn Thị Hoa');
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill(cccd);
  }
  await page.getByLabel('Số điện thoại di động').fill(somePhone());
  await page.getByLabel('Địa chỉ: số nhà, thôn, đường').fill('Thôn Plei Ia Tô');
  await page.getByLabel('Xã, phường', { exact: true }).selectOption('92807');
  if (!who.representative) return { cccd, ...(taxCode ? { taxCode } : {}) };
  const representative = { fullName: 'Trần Văn Bình', cccd: someCccd() };
  await page.getByLabel('Người được ủy quyền', { exact: true }).check();
  await page.getByLabel('Họ và tên người được ủy quyền').fill(representative.fullName);
  await page.getByLabel('Số CCCD của người được ủy quyền').fill(representative.cccd);
  await page.getByLabel('Số điện thoại của người được ủy quyền').fill(somePhone());
  return { cccd, ...(taxCode ? { taxCode } : {}), representative };
}

/** Picks how the result comes back (step 2); answers the service point for a delivery at the counter. */
export async function chooseDelivery(page: Page, delivery: Delivery): Promise<string | undefined> {
  await page.getByLabel(delivery === 'post' ? 'Bưu điện phát kết quả tận nhà' : delivery === 'online' ? 'Nhận kết quả điện tử' : 'Nhận tại điểm bưu điện').check();
  if (delivery === 'post') await expect.poll(() => page.locator('#delivery-post-hint').textContent()).toMatch(/^Cước phát: \d{1,3}(\.\d{3})* ₫/);
  return delivery === 'counter' ? page.locator('#servicePointId').inputValue() : undefined;
}

/**
 * Files a dossier through the wizard up to the done step; returns its reference and access token.
 * `atDelivery` acts on step 2 before it is left (e.g. declares the fee facts); `mandatory` is the
 * number of mandatory scans the draft asks for (2 for the criminal-record certificate).
 */
export async function fileThroughWizard(
  page: Page,
  api: string,
  opts: { delivery: Delivery; procedureId?: string; applicant?: WizardApplicant; mandatory?: number; atDelivery?: () => Promise<void>; check?: (name: string) => Promise<void>; reload?: boolean },
): Promise<{ ref: string; token: string; cccd: string; servicePointId?: string }> {
  const check = opts.check ?? (async () => {});
  const mandatoryCount = opts.mandatory ?? 2;
  await openWizard(page, api, opts.procedureId ?? 'ltp-cap-phieu');
  const { cccd } = await fillApplicant(page, opts.applicant);
  await check('wizard-1-applicant');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await expect.poll(heading(page)).toContain('Bước 2/5: Cách nộp và nhận kết quả');
  const servicePointId = await chooseDelivery(page, opts.delivery);
  await opts.atDelivery?.();
  await check('wizard-2-delivery');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await expect.poll(heading(page)).toContain('Bước 3/5: Thành phần hồ sơ');
  const ref = /HS-[A-Z2-7]{10}/.exec((await page.locator('main form p').first().textContent()) ?? '')![0];
  const mandatory = page.locator('li.card', { hasText: '(bắt buộc)' });
  expect(await mandatory.count()).toBe(mandatoryCount);
  for (let i = 0; i < mandatoryCount; i++) await mandatory.nth(i).locator('input[type=file]').setInputFiles({ name: `giay-to-${i + 1}.pdf`, mimeType: 'application/pdf', buffer: samplePdf });
  for (let i = 0; i < mandatoryCount; i++) await expect.poll(() => mandatory.nth(i).locator('[role=status]').textContent(), { timeout: 45_000 }).toBe(`giay-to-${i + 1}.pdf: Đã tải lên và kiểm tra: hợp lệ`);
  await check('wizard-3-documents');
  if (opts.reload) {
    // A reload resumes the draft where it was, with what the API holds for each slot.
    await page.reload();
    await expect.poll(heading(page)).toContain('Bước 3/5');
    await expect.poll(() => mandatory.nth(1).locator('[role=status]').textContent()).toBe('Đã tải lên và kiểm tra: hợp lệ');
  }
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await expect.poll(heading(page)).toContain('Bước 4/5: Kiểm tra và nộp');
  expect(await page.locator('dl.facts').first().textContent()).toContain('Thôn Plei Ia Tô, Xã Ia Tô, Huyện Ia Grai');
  await check('wizard-4-review');
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();

  await expect.poll(heading(page)).toContain('Bước 5/5: Đã nộp');
  expect(await page.locator('#done-ref').textContent()).toBe(ref);
  const token = ((await page.locator('#done-token').textContent()) ?? '').trim();
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(await page.locator('main').textContent()).toContain('Hãy giữ mã này để theo dõi hồ sơ');
  await check('wizard-5-done');
  return { ref, token, cccd, ...(servicePointId ? { servicePointId } : {}) };
}
