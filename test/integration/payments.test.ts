/**
 * Money at the counter and from the agency (issue 12), end to end through the local cloud: the
 * opening request a dossier gets at creation, cash at the counter with its receipt, an agency's
 * fee request that stops the clock, cancellation and refunds. The clock is set to working hours
 * of Wed 02/12/2026 (Asia/Ho_Chi_Minh).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { addWorkingTime, workingTimeBetween } from '../../shared/domain/calendar.ts';
import { api, eventually, http } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { createSubmitAndReceive } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';

const calendar = vietnamCalendar();
const key = () => ({ 'idempotency-key': randomUUID() });
const clerk = async (point = 'bd-iagrai') => ({ authorization: `Bearer ${await clerkToken(point)}` });
const track = (code: string, token: string) => http('GET', `/v1/dossiers/${code}`, { headers: { 'x-dossier-token': token } });
const gatewayFor = async (phone: string) => ((await (await fetch(`${api}/_local/sms?phone=${encodeURIComponent(phone)}`)).json()) as { messages: any[] }).messages;

afterEach(() => resetClock());

/** A counter dossier of the criminal-record certificate at the Ia Grai desk: received at once, owing 200.000 ₫. */
async function counterDossier(overrides: Record<string, unknown> = {}) {
  const body = { ...dossierBody(), resultDelivery: { method: 'counter' as const, servicePointId: 'bd-iagrai' }, ...overrides };
  const res = await http('POST', '/v1/counter/dossiers', { body, headers: { ...(await clerk()), ...key() } });
  expect(res.status).toBe(201);
  const code = res.body.code as string;
  const view = (await http('GET', `/v1/counter/dossiers/${code}`, { headers: await clerk() })).body;
  return { code, body, view, request: view.payments.requests[0] };
}

describe('cash at the counter (clock Wed 02/12/2026 09:00)', () => {
  it('quotes, requests and receipts the same 200.000 ₫, once, whatever is retried', async () => {
    await setClock('2026-12-02T09:00:00+07:00');
    const quote = await http('GET', '/v1/procedures/ltp-cap-phieu/fee-quote?channel=counter');
    expect(quote.status).toBe(200);
    expect([quote.body.totals.total, quote.body.totalText]).toEqual([200000, '200.000 ₫']);

    const { code, body, request } = await counterDossier();
    expect(request).toEqual(expect.objectContaining({ status: 'open', total: 200000, totalText: '200.000 ₫', due: 'before-processing', pausesClock: false }));
    expect(request.lines).toEqual([expect.objectContaining({ kind: 'charge', payee: 'agency', amount: 200000, amountText: '200.000 ₫' })]);

    // A wrong amount: refused naming the field, nothing written.
    const wrong = await http('POST', `/v1/counter/dossiers/${code}/payments`, { body: { requestId: request.id, amount: 100000 }, headers: { ...(await clerk()), ...key() } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.field).toBe('amount');
    // No Idempotency-Key: refused.
    const keyless = await http('POST', `/v1/counter/dossiers/${code}/payments`, { body: { requestId: request.id, amount: 200000 }, headers: await clerk(), idempotencyKey: false });
    expect([keyless.status, keyless.body.field]).toEqual([400, 'idempotency-key']);

    const paying = { ...(await clerk()), ...key() };
    const paid = await http('POST', `/v1/counter/dossiers/${code}/payments`, { body: { requestId: request.id, amount: 200000 }, headers: paying });
    expect(paid.status).toBe(201);
    const receipt = paid.body;
    expect(receipt).toEqual(
      expect.objectContaining({
        series: 'Q2026-clerk-bd-iagrai',
        number: expect.stringMatching(/^\d{7}$/),
        total: 200000,
        totalText: '200.000 ₫',
        method: 'cash',
        status: 'issued',
        dossierCode: code,
        agencyId: 'gl-stp',
        payer: { name: body.applicant.fullName, kind: 'person' },
        collector: { kind: 'clerk', id: 'clerk-bd-iagrai', servicePointId: 'bd-iagrai' },
      }),
    );
    // The same request again (a retry): the same receipt; a new one: 409, already paid.
    expect((await http('POST', `/v1/counter/dossiers/${code}/payments`, { body: { requestId: request.id, amount: 200000 }, headers: paying })).body.id).toBe(receipt.id);
    expect((await http('POST', `/v1/counter/dossiers/${code}/payments`, { body: { requestId: request.id, amount: 200000 }, headers: { ...(await clerk()), ...key() } })).status).toBe(409);

    const after = (await http('GET', `/v1/counter/dossiers/${code}`, { headers: await clerk() })).body;
    expect(after.payments.requests[0]).toEqual(expect.objectContaining({ status: 'paid', receiptId: receipt.id }));
    expect(after.payments.receipts).toEqual([expect.objectContaining({ id: receipt.id, total: 200000, status: 'issued' })]);
    expect(after.payments.owed).toBe(0);
    expect(after.timeline.filter((e: any) => e.type === 'payment.received')).toHaveLength(1);
    // The citizen is told, unaccented, in one segment.
    const [sms] = await eventually(async () => {
      const m = await gatewayFor(body.applicant.phone);
      return m.length ? m : undefined;
    }, 20_000);
    expect(sms.text).toBe(`Da nhan 200.000 VND phi, le phi cua ho so ${code}. Cam on ong/ba.`);
  });

  it('numbers a clerk’s receipts in one series without a gap, even when two are taken at once', async () => {
    await setClock('2026-12-02T09:30:00+07:00');
    const point = 'bd-chuse';
    const dossiers = await Promise.all([0, 1, 2].map(async () => {
      const body = { ...dossierBody(), resultDelivery: { method: 'counter' as const, servicePointId: 'bd-iagrai' } };
      const res = await http('POST', '/v1/counter/dossiers', { body, headers: { ...(await clerk()), ...key() } });
      const view = (await http('GET', `/v1/counter/dossiers/${res.body.code}`, { headers: await clerk() })).body;
      return { code: res.body.code as string, request: view.payments.requests[0] };
    }));
    const paid = await Promise.all(dossiers.map(async (d) => (await http('POST', `/v1/counter/dossiers/${d.code}/payments`, { body: { requestId: d.request.id, amount: 200000 }, headers: { ...(await clerk(point)), ...key() } })).body));
    const numbers = paid.map((r) => Number(r.number)).sort((a, b) => a - b);
    expect(new Set(paid.map((r) => r.series))).toEqual(new Set([`Q2026-clerk-${point}`]));
    expect(numbers[2]! - numbers[0]!).toBe(2);
  });

  it('cancels a receipt with its reason (the request open again) and refunds part of another', async () => {
    await setClock('2026-12-02T10:00:00+07:00');
    const { code, request } = await counterDossier();
    const first = (await http('POST', `/v1/counter/dossiers/${code}/payments`, { body: { requestId: request.id, amount: 200000 }, headers: { ...(await clerk()), ...key() } })).body;
    const noReason = await http('POST', `/v1/counter/dossiers/${code}/receipts/${first.id}/cancellation`, { body: { reason: '' }, headers: { ...(await clerk()), ...key() } });
    expect([noReason.status, noReason.body.field]).toEqual([400, 'reason']);
    const cancelled = await http('POST', `/v1/counter/dossiers/${code}/receipts/${first.id}/cancellation`, { body: { reason: 'Thu nhầm hồ sơ khác' }, headers: { ...(await clerk()), ...key() } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual(expect.objectContaining({ status: 'cancelled', cancellation: expect.objectContaining({ reason: 'Thu nhầm hồ sơ khác' }) }));
    // Never deleted: still there, cancelled; the request can be paid again, with a new receipt.
    expect((await http('GET', `/v1/counter/dossiers/${code}/receipts/${first.id}`, { headers: await clerk() })).body.status).toBe('cancelled');
    const again = (await http('POST', `/v1/counter/dossiers/${code}/payments`, { body: { requestId: request.id, amount: 200000 }, headers: { ...(await clerk()), ...key() } })).body;
    expect(again.id).not.toBe(first.id);
    const refund = await http('POST', `/v1/counter/dossiers/${code}/receipts/${again.id}/refunds`, { body: { amount: 50000, reason: 'Thu thừa so với biểu phí' }, headers: { ...(await clerk()), ...key() } });
    expect(refund.status).toBe(201);
    expect(refund.body.refunded).toBe(50000);
    const tooMuch = await http('POST', `/v1/counter/dossiers/${code}/receipts/${again.id}/refunds`, { body: { amount: 150001, reason: 'Hoàn thêm cho công dân' }, headers: { ...(await clerk()), ...key() } });
    expect([tooMuch.status, tooMuch.body.field]).toEqual([400, 'amount']);
    const types = (await http('GET', `/v1/counter/dossiers/${code}`, { headers: await clerk() })).body.timeline.map((e: any) => e.type).filter((t: string) => t.startsWith('payment.'));
    expect(types).toEqual(['payment.received', 'payment.cancelled', 'payment.received', 'payment.refunded']);
  });
});

describe('an agency’s fee request that stops the clock (clock Tue 08/12/2026 09:00 → 14:00, a day of its own for gl-skhdt’s figures)', () => {
  it('moves the due date by exactly the working time the payment took', async () => {
    await setClock('2026-12-08T09:00:00+07:00');
    const body = dossierBody({ procedureId: 'dkdn-thanh-lap-dntn' });
    const { code, token } = await createSubmitAndReceive(body);
    await eventually(async () => ((await track(code, token)).body.routedAt ? true : undefined), 20_000);
    const skhdt = { authorization: `Bearer ${await agencyToken('gl-skhdt')}` };
    expect((await http('POST', `/v1/agency/dossiers/${code}/decisions`, { body: { type: 'accept' }, headers: { ...skhdt, ...key() } })).status).toBe(200);
    const dueBefore = (await track(code, token)).body.dueAt as string;

    await setClock('2026-12-08T10:00:00+07:00');
    const asked = await http('POST', `/v1/agency/dossiers/${code}/payment-requests`, {
      body: { lines: [{ label: 'Phí thẩm định hồ sơ bổ sung', kind: 'charge', amount: 20000, legalSource: 'Ví dụ minh họa' }], due: 'before-processing', pausesClock: true },
      headers: { ...skhdt, ...key() },
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toEqual(expect.objectContaining({ status: 'open', total: 20000, pausesClock: true }));
    const waiting = (await track(code, token)).body;
    expect(waiting.status).toBe('awaiting-payment');
    const stopped = await eventually(async () => {
      const s = ((await track(code, token)).body.sms ?? []) as any[];
      return s.find((m) => m.scenario === 'stopped-fee');
    }, 20_000);
    expect(stopped.text).toBe(`Ho so ${code}: moi ong/ba nop 20.000 VND phi, le phi; thoi han tam dung den khi nop. Huong dan: https://motcua.gialai.vn/t/${waiting.ref}`);

    await setClock('2026-12-08T14:00:00+07:00');
    const paid = await http('POST', `/v1/counter/dossiers/${code}/payments`, { body: { requestId: asked.body.id, amount: 20000 }, headers: { ...(await clerk()), ...key() } });
    expect(paid.status).toBe(201);
    expect(paid.body.agencyId).toBe('gl-skhdt');
    const after = (await track(code, token)).body;
    expect(after.status).toBe('processing');
    // The wait as recorded (the clock runs on from each setting), in whole working minutes.
    const at = (type: string) => new Date(after.timeline.find((e: any) => e.type === type).at);
    const waited = Math.floor(workingTimeBetween(at('payment.requested'), at('payment.received'), calendar));
    expect(waited).toBeGreaterThanOrEqual(119); // 10:00–11:30 and 13:30–14:00
    expect(after.dueAt).toBe(addWorkingTime(new Date(dueBefore), waited, calendar).toISOString());
  });

  it('asks for a fee due with the result without stopping the clock, and says so by SMS', async () => {
    await setClock('2026-12-08T09:00:00+07:00');
    const { code, token, received } = await createSubmitAndReceive(dossierBody({ procedureId: 'dkdn-thanh-lap-dntn' }));
    await eventually(async () => ((await track(code, token)).body.routedAt ? true : undefined), 20_000);
    const skhdt = { authorization: `Bearer ${await agencyToken('gl-skhdt')}` };
    expect((await http('POST', `/v1/agency/dossiers/${code}/decisions`, { body: { type: 'accept' }, headers: { ...skhdt, ...key() } })).status).toBe(200);
    const dueBefore = (await track(code, token)).body.dueAt;
    const asked = await http('POST', `/v1/agency/dossiers/${code}/payment-requests`, {
      body: { lines: [{ label: 'Phí cấp bản sao Giấy chứng nhận', kind: 'charge', amount: 25000, quantity: 2, legalSource: 'Ví dụ minh họa' }], due: 'after-processing', pausesClock: false },
      headers: { ...skhdt, ...key() },
    });
    expect(asked.status).toBe(201);
    expect([asked.body.total, asked.body.totalText]).toEqual([50000, '50.000 ₫']);
    const after = (await track(code, token)).body;
    expect([after.status, after.dueAt]).toEqual(['processing', dueBefore]);
    const sms = await eventually(async () => ((await track(code, token)).body.sms ?? []).find((m: any) => m.scenario === 'fee-requested'), 20_000);
    expect(sms.text).toBe(`Ho so ${code}: moi ong/ba nop 50.000 VND phi, le phi. Huong dan nop: https://motcua.gialai.vn/t/${received.body.form.ref}`);
  });

  it('refuses a fee request from an agency that does not hold the dossier (403), writing nothing', async () => {
    await setClock('2026-12-08T09:00:00+07:00');
    const { code, token } = await createSubmitAndReceive(dossierBody());
    const other = { authorization: `Bearer ${await agencyToken('gl-skhdt')}` };
    const res = await http('POST', `/v1/agency/dossiers/${code}/payment-requests`, {
      body: { lines: [{ label: 'Phí', kind: 'charge', amount: 1000, legalSource: 'x' }], due: 'after-processing', pausesClock: false },
      headers: { ...other, ...key() },
    });
    expect(res.status).toBe(403);
    expect((await track(code, token)).body.payments.requests).toHaveLength(1);
  });
});
