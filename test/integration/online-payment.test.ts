/**
 * Online payment through the gateway (issue 12, item 3), end to end through the local cloud: the
 * citizen starts an attempt, the browser opens the local VNPay stand-in's page, the stand-in
 * completes, fails or abandons it and sends its signed IPN to the public API, the browser's return
 * is read back. Every test runs on Wed 02/12/2026 from 10:00 in Vietnam (the attempt's 15 minutes
 * and the gateway's expiry follow the cloud's clock).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pay } from '../../shared/app/payments.ts';
import { DossierStore } from '../../shared/aws/dossier-store.ts';
import { MoneyStore } from '../../shared/aws/money-store.ts';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { province } from '../../shared/province/index.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { names } from '../../infra/topology.ts';
import { paymentGatewayCredentials } from '../../shared/partners/payment/credentials.ts';
import { vnpaySignedQuery } from '../../shared/partners/payment/vnpay-checksum.ts';
import { api, cloud, db, dossiersTable, eventually, http, t } from '../support/cloud.ts';
import { readClock, resetClock, setClock } from '../support/clock.ts';
import { dossierBody } from '../support/factories.ts';

const track = (ref: string, token: string) => http('GET', `/v1/dossiers/${ref}`, { headers: { 'x-dossier-token': token } });
const start = (ref: string, token: string, requestId: string, headers: Record<string, string> = {}) =>
  http('POST', `/v1/dossiers/${ref}/payments/online`, { body: { requestId }, headers: { 'x-dossier-token': token, ...headers } });
const gatewayPayment = async (txnRef: string) => ((await (await fetch(`${api}/_local/payments?txnRef=${encodeURIComponent(txnRef)}`)).json()) as { payments: any[] }).payments[0];
const control = async (txnRef: string, action: 'complete' | 'fail' | 'abandon', body: unknown = {}) => (await fetch(`${api}/_local/payments/${encodeURIComponent(txnRef)}/${action}`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<{ returnUrl?: string }>;
const faults = (f: unknown) => fetch(`${api}/_local/payments/faults`, { method: 'PUT', body: JSON.stringify(f) });
/** The gateway's answers to its IPN calls for a payment, once `n` have an answer. */
const ipnAnswers = (txnRef: string, n = 1) =>
  eventually(async () => {
    const answered = ((await gatewayPayment(txnRef))?.ipn ?? []).filter((c: any) => c.rspCode);
    return answered.length >= n ? answered.map((c: any) => c.rspCode as string) : undefined;
  }, 20_000);
/** The return URL the gateway sends the browser to, aimed at the test cloud's API. */
const returned = (returnUrl: string) => {
  const u = new URL(returnUrl);
  return http('GET', `${u.pathname}${u.search}`);
};

/** A new dossier of ltp-cap-phieu (200.000 ₫ plus the postal return) and its opening request. */
async function newDossier() {
  const created = await http('POST', '/v1/dossiers', { body: dossierBody() });
  expect(created.status).toBe(201);
  const ref = created.body.ref as string;
  const token = created.body.accessToken as string;
  const request = (await track(ref, token)).body.payments.requests[0];
  expect(request).toMatchObject({ status: 'open', total: expect.any(Number) });
  return { ref, token, request: request as { id: string; total: number; totalText: string } };
}

/** Starts an attempt and opens its page as the browser does: the gateway then knows it. */
async function startAndOpen(ref: string, token: string, requestId: string) {
  const started = await start(ref, token, requestId);
  expect(started.status).toBe(201);
  const page = await fetch(started.body.paymentUrl);
  expect(page.status).toBe(200);
  return started.body as { txnRef: string; paymentUrl: string; amount: number; expiresAt: string; attempts: any[]; resumed: boolean };
}

afterEach(async () => {
  await fetch(`${api}/_local/payments`, { method: 'DELETE' });
  await resetClock();
});

describe('online payment through the gateway (clock: Wed 02/12/2026 10:00 in Vietnam)', () => {
  beforeEach(() => setClock('2026-12-02T10:00:00+07:00'));

  it('a paid attempt issues the receipt in the gateway series, settles the request and shows on the history; the return page shows the receipt', async () => {
    const { ref, token, request } = await newDossier();
    const started = await startAndOpen(ref, token, request.id);
    expect(started).toMatchObject({ txnRef: `${ref.slice(3)}-1`, amount: request.total, resumed: false });
    expect(Date.parse(started.expiresAt) - Date.parse(started.attempts[0].startedAt)).toBe(15 * 60_000);
    expect((started as any).expiresAtText).toBe('10:15 02/12/2026');
    expect(new URL(started.paymentUrl).searchParams.get('vnp_Amount')).toBe(String(request.total * 100));
    const page = await (await fetch(started.paymentUrl)).text();
    expect(page).toContain(request.totalText);

    const { returnUrl } = await control(started.txnRef, 'complete');
    expect(await ipnAnswers(started.txnRef)).toEqual(['00']);

    const view = (await track(ref, token)).body;
    expect(view.payments.requests[0]).toMatchObject({ id: request.id, status: 'paid', receiptId: expect.stringMatching(/^T2026-vnpay-\d{7}$/) });
    expect(view.payments.receipts).toEqual([expect.objectContaining({ id: view.payments.requests[0].receiptId, collectorKind: 'gateway', method: 'online', total: request.total, status: 'issued' })]);
    expect(view.payments.owed).toBe(0);
    expect(view.timeline.map((e: any) => e.type)).toContain('payment.received');
    const back = await returned(returnUrl!);
    expect(back.status).toBe(200);
    expect(back.body).toEqual({ outcome: 'paid', txnRef: started.txnRef, dossierRef: ref, amount: request.total, amountText: request.totalText, receiptId: view.payments.requests[0].receiptId });
    // Paid: no new attempt.
    expect((await start(ref, token, request.id)).status).toBe(409);
  });

  it('a failed attempt is recorded on the request, which stays open: the citizen may try again at once', async () => {
    const { ref, token, request } = await newDossier();
    const first = await startAndOpen(ref, token, request.id);
    const { returnUrl } = await control(first.txnRef, 'fail', { responseCode: '51' });
    expect(await ipnAnswers(first.txnRef)).toEqual(['00']);
    expect((await returned(returnUrl!)).body).toMatchObject({ outcome: 'failed', amount: request.total });
    expect((await returned(returnUrl!)).body.receiptId).toBeUndefined();
    const view = (await track(ref, token)).body.payments;
    expect([view.requests[0].status, view.receipts, view.owed]).toEqual(['open', [], request.total]);
    const again = await startAndOpen(ref, token, request.id);
    expect(again.txnRef).toBe(`${ref.slice(3)}-2`);
    expect(again.attempts.map((a) => [a.txnRef, a.status])).toEqual([
      [first.txnRef, 'failed'],
      [again.txnRef, 'running'],
    ]);
  });

  it('an attempt still running is answered again, not doubled; after its 15 minutes the gateway refuses it (11, recorded as failed) and a new one starts', async () => {
    const { ref, token, request } = await newDossier();
    const first = await startAndOpen(ref, token, request.id);
    const same = await start(ref, token, request.id);
    expect([same.status, same.body.txnRef, same.body.paymentUrl, same.body.resumed]).toEqual([201, first.txnRef, first.paymentUrl, true]);
    await control(first.txnRef, 'abandon');

    await setClock('2026-12-02T10:15:30+07:00');
    // Completing it now: the gateway no longer takes it.
    expect((await fetch(`${api}/_local/payments/${first.txnRef}/complete`, { method: 'POST' })).status).toBe(200);
    expect(await ipnAnswers(first.txnRef)).toEqual(['00']);
    expect((await gatewayPayment(first.txnRef)).responseCode).toBe('11');
    const next = await startAndOpen(ref, token, request.id);
    expect(next.txnRef).toBe(`${ref.slice(3)}-2`);
    expect(next.attempts.map((a) => a.status)).toEqual(['failed', 'running']);
    expect((await track(ref, token)).body.payments.receipts).toEqual([]);
  });

  it('an abandoned attempt with no notification at all shows expired and is settled by querydr when the citizen starts again', async () => {
    const { ref, token, request } = await newDossier();
    const abandoned = await startAndOpen(ref, token, request.id);
    await control(abandoned.txnRef, 'abandon');
    await setClock('2026-12-02T10:16:00+07:00');
    const next = await startAndOpen(ref, token, request.id);
    expect(next.attempts.map((a) => [a.txnRef, a.status])).toEqual([
      [abandoned.txnRef, 'expired'],
      [next.txnRef, 'running'],
    ]);
    // Paid, but its IPN lost: the next start asks the gateway, which says paid; the request is settled, 409.
    await faults({ ipnDown: true });
    await control(next.txnRef, 'complete');
    await setClock('2026-12-02T10:32:00+07:00');
    const third = await start(ref, token, request.id);
    expect(third.status).toBe(409);
    const view = (await track(ref, token)).body.payments;
    expect(view.requests[0].status).toBe('paid');
    expect(view.receipts).toEqual([expect.objectContaining({ collectorKind: 'gateway', total: request.total })]);
  });

  it('five starts at the same moment (different keys) make one attempt, answered to all', async () => {
    const { ref, token, request } = await newDossier();
    const all = await Promise.all(Array.from({ length: 5 }, () => start(ref, token, request.id)));
    expect(all.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(all.map((r) => r.body.paymentUrl)).size).toBe(1);
    expect(all.filter((r) => !r.body.resumed)).toHaveLength(1);
    expect(all.find((r) => !r.body.resumed)!.body.txnRef).toBe(`${ref.slice(3)}-1`);
  });

  it('a forged notification (bad checksum) is answered 97 and records nothing', async () => {
    const { ref, token, request } = await newDossier();
    const started = await startAndOpen(ref, token, request.id);
    await faults({ forgeNext: true });
    const { returnUrl } = await control(started.txnRef, 'complete');
    expect(await ipnAnswers(started.txnRef, 3)).toEqual(['97', '97', '97']);
    // The same by hand: a genuine result with its amount changed.
    const genuine = new URL(returnUrl!).searchParams;
    genuine.set('vnp_Amount', '100');
    const forged = await http('GET', `/v1/payments/vnpay/ipn?${genuine}`);
    expect([forged.status, forged.body]).toEqual([200, { RspCode: '97', Message: 'Invalid signature' }]);
    const back = await http('GET', `/v1/payments/vnpay/return?${genuine}`);
    expect([back.status, back.body.field ?? back.body.errors?.[0]?.field]).toEqual([400, 'vnp_SecureHash']);
    const view = (await track(ref, token)).body.payments;
    expect([view.requests[0].status, view.receipts]).toEqual(['open', []]);
    expect((await start(ref, token, request.id)).body.attempts.map((a: any) => a.status)).toEqual(['running']);
  });

  it('the same notification delivered three times makes one payment and one receipt (00, then 02, 02)', async () => {
    const { ref, token, request } = await newDossier();
    const started = await startAndOpen(ref, token, request.id);
    await faults({ ipnRepeat: 3 });
    await control(started.txnRef, 'complete');
    expect(await ipnAnswers(started.txnRef, 3)).toEqual(['00', '02', '02']);
    const all = await track(ref, token);
    expect(all.body.payments.receipts).toHaveLength(1);
    expect(all.body.timeline.filter((e: any) => e.type === 'payment.received')).toHaveLength(1);
  });

  it('a paid notification for a request paid in cash meanwhile is answered 02 and issues no second receipt (the double payment is logged for the post office to refund)', async () => {
    const { ref, token, request } = await newDossier();
    const started = await startAndOpen(ref, token, request.id);
    // The clerk takes cash at the counter meanwhile (pay() as the counter's route calls it, against the same tables).
    const at = new Date((await readClock()).now);
    const cash = await pay(
      { store: new DossierStore(db, dossiersTable), money: new MoneyStore(db, dossiersTable), province: province(), calendar: vietnamCalendar(), now: () => at },
      ref,
      { requestId: request.id, amount: request.total, method: 'cash', collector: { kind: 'clerk', id: 'clerk-ia-grai-1' } },
    );
    await control(started.txnRef, 'complete');
    expect(await ipnAnswers(started.txnRef)).toEqual(['02']);
    const view = (await track(ref, token)).body.payments;
    expect(view.receipts.map((r: any) => r.id)).toEqual([cash.id]);
    expect(view.requests[0].receiptId).toBe(cash.id);
  });

  it('refuses a start without Idempotency-Key, for a request the dossier does not have, and with another token', async () => {
    const { ref, token, request } = await newDossier();
    expect((await http('POST', `/v1/dossiers/${ref}/payments/online`, { body: { requestId: request.id }, headers: { 'x-dossier-token': token }, idempotencyKey: false })).status).toBe(400);
    const unknown = await start(ref, token, '1b4e28ba-2fa1-41d2-883f-0016d3cca427');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('requestId');
    expect((await start(ref, 'x'.repeat(43), request.id)).status).toBe(403);
    // A retry with the same key answers the same attempt.
    const key = { 'idempotency-key': 'online-payment-retry-0001' };
    const first = await start(ref, token, request.id, key);
    const retry = await start(ref, token, request.id, key);
    expect([retry.status, retry.body.txnRef, retry.body.paymentUrl]).toEqual([201, first.body.txnRef, first.body.paymentUrl]);
  });

  it('answers 01 for a correctly signed notification of a txnRef motcua never started, and 04 (nothing recorded) for one whose amount differs', async () => {
    const { ref, token, request } = await newDossier();
    const started = await startAndOpen(ref, token, request.id);
    await faults({ ipnDown: true });
    const { returnUrl } = await control(started.txnRef, 'complete');
    const genuine = Object.fromEntries(new URL(returnUrl!).searchParams);
    // Signed with the local gateway's key, as VNPay would sign them.
    const unknownTxn = await signedResult({ ...genuine, vnp_TxnRef: 'NOSUCHREF-1' });
    expect((await http('GET', `/v1/payments/vnpay/ipn?${unknownTxn}`)).body).toEqual({ RspCode: '01', Message: 'Order not found' });
    const offBy1000 = await signedResult({ ...genuine, vnp_Amount: String((request.total + 1000) * 100) });
    expect((await http('GET', `/v1/payments/vnpay/ipn?${offBy1000}`)).body).toEqual({ RspCode: '04', Message: 'Invalid amount' });
    expect((await track(ref, token)).body.payments.requests[0].status).toBe('open');
    // The genuine result, delivered by hand: 00; again: 02.
    expect((await http('GET', `/v1/payments/vnpay/ipn?${new URLSearchParams(genuine)}`)).body.RspCode).toBe('00');
    expect((await http('GET', `/v1/payments/vnpay/ipn?${new URLSearchParams(genuine)}`)).body.RspCode).toBe('02');
    expect((await track(ref, token)).body.payments.receipts).toHaveLength(1);
  });
});

/** A result query signed with the local payment gateway's key (derived from the test cloud's secret, as the stand-in's is). */
async function signedResult(params: Record<string, string>): Promise<string> {
  const secrets = JSON.parse(await readFile(path.join(cloud.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
  const { hashSecret } = paymentGatewayCredentials(secrets[names.secret(t.prefix, 'payment-gateway')]!);
  const { vnp_SecureHash: _old, ...rest } = params;
  return vnpaySignedQuery(hashSecret, rest);
}
