/**
 * The payment gateway's contract: the VNPay adapter (shared/partners/payment/vnpay.ts) against the
 * local gateway (infra/local/payment-gateway.ts) over real HTTP on OS ports, with a small merchant
 * IPN endpoint started here that reads each IPN with the adapter and answers as motcua will (the
 * merchant's own idempotency is not tested here: it is the payments store's). The gateway's clock is
 * a variable starting at 1 December 2026 09:00 UTC (16:00 in Asia/Ho_Chi_Minh) and moved by the
 * tests; nothing compares it with today.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPaymentGateway, type LocalPaymentGateway } from '../../infra/local/payment-gateway.ts';
import { PaymentSignatureError, type PaymentResult } from '../../shared/partners/payment/provider.ts';
import { VnpayProvider } from '../../shared/partners/payment/vnpay.ts';

const tmnCode = 'MOTCUA01';
const hashSecret = 'TESTHASHSECRET0123456789ABCDEFGH';
const start = new Date('2026-12-01T09:00:00.000Z');
let clock = start;
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

let gateway: LocalPaymentGateway;
let vnpay: VnpayProvider;
let merchant: Server;
let ipnUrl: string;
/** What the merchant's IPN endpoint read, in order: a result, or the error that refused it. */
let ipnSeen: (PaymentResult | Error)[] = [];
/** RspCodes the endpoint answers with before it answers normally (to make the gateway retry). */
let ipnScript: string[] = [];
const lines: string[] = [];
let serial = 0;

beforeAll(async () => {
  gateway = await startPaymentGateway({ tmnCode, hashSecret, now: () => clock, log: (l) => lines.push(l), ipnRetryMs: 10 });
  vnpay = new VnpayProvider({ tmnCode, hashSecret, payUrl: gateway.payUrl, apiUrl: gateway.apiUrl, timeoutMs: 2000 });
  merchant = createServer((req, res) => {
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://merchant').searchParams);
    let answer;
    try {
      ipnSeen.push(vnpay.readResult(query));
      answer = vnpay.ipnAnswer('confirmed');
    } catch (error) {
      ipnSeen.push(error as Error);
      answer = vnpay.ipnAnswer(error instanceof PaymentSignatureError ? 'invalid-signature' : 'other');
    }
    const scripted = ipnScript.shift();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(scripted ? { RspCode: scripted, Message: 'scripted' } : answer));
  });
  await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', () => r()));
  ipnUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/vnpay/ipn`;
  gateway.setIpnUrl(ipnUrl);
});

afterAll(async () => {
  await gateway?.stop();
  await new Promise((r) => merchant?.close(r));
});

beforeEach(async () => {
  // An IPN still on its way belongs to the test that caused it.
  await gateway.settled();
  gateway.reset();
  clock = start;
  ipnSeen = [];
  ipnScript = [];
});

/** A fresh payment of 125 000 ₫ for a dossier, expiring 15 minutes after the clock's start. */
const newPayment = (over: { amount?: number } = {}) => ({
  txnRef: `P261201-${String(++serial).padStart(4, '0')}`,
  amount: over.amount ?? 125_000,
  orderInfo: 'Thanh toan ho so G52.01-261201-0001',
  returnUrl: 'https://motcua.example/thanh-toan/ket-qua',
  ipAddr: '203.0.113.7',
  createdAt: start,
  expiresAt: minutes(15),
});
const open = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, html: await res.text() };
};
const returnQuery = (returnUrl: string) => Object.fromEntries(new URL(returnUrl).searchParams);

describe('the payment page', () => {
  it('accepts a signed URL: a Vietnamese page with the amount, the expiry and the two buttons', async () => {
    const p = newPayment({ amount: 1_234_000 });
    const { status, html } = await open(vnpay.paymentUrl(p));
    expect(status).toBe(200);
    expect(html).toContain('1.234.000 ₫');
    expect(html).toContain('16:15 ngày 01/12/2026');
    expect(html).toMatch(/<label for="bank">Ngân hàng<\/label>/);
    expect(html).toContain('>Thanh toán</button>');
    expect(html).toContain('>Hủy</button>');
    expect(gateway.payments({ txnRef: p.txnRef })).toMatchObject([{ amount: 1_234_000, status: 'open' }]);
  });

  it('refuses a tampered URL with code 97 and records nothing', async () => {
    const p = newPayment();
    const tampered = vnpay.paymentUrl(p).replace('vnp_Amount=12500000', 'vnp_Amount=100');
    const { status, html } = await open(tampered);
    expect(status).toBe(400);
    expect(html).toContain('data-code="97"');
    expect(gateway.payments()).toEqual([]);
  });

  it("refuses another merchant's terminal with 02 and a URL opened after its expiry with 11", async () => {
    const other = new VnpayProvider({ tmnCode: 'OTHER001', hashSecret, payUrl: gateway.payUrl });
    expect((await open(other.paymentUrl(newPayment()))).html).toContain('data-code="02"');
    clock = minutes(16);
    expect((await open(vnpay.paymentUrl(newPayment()))).html).toContain('data-code="11"');
  });

  it("the page's Hủy button sends the browser back with a signed cancellation", async () => {
    const p = newPayment();
    await open(vnpay.paymentUrl(p));
    const res = await fetch(`${gateway.url}/paymentv2/_pay/${p.txnRef}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'bank=NCB&action=cancel', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(vnpay.readResult(returnQuery(res.headers.get('location')!))).toMatchObject({ txnRef: p.txnRef, outcome: 'cancelled', responseCode: '24' });
    await gateway.settled();
    expect(ipnSeen).toMatchObject([{ txnRef: p.txnRef, outcome: 'cancelled' }]);
  });
});

describe('results', () => {
  it('complete: the return query and the IPN both read as paid with the right amount', async () => {
    const p = newPayment({ amount: 187_500 });
    await open(vnpay.paymentUrl(p));
    clock = minutes(3);
    const { returnUrl } = gateway.complete(p.txnRef);
    expect(returnUrl.startsWith(`${p.returnUrl}?`)).toBe(true);
    const shown = vnpay.readResult(returnQuery(returnUrl));
    expect(shown).toMatchObject({ txnRef: p.txnRef, amount: 187_500, outcome: 'paid', paidAt: '2026-12-01T09:03:00.000Z' });
    expect(shown.transactionNo).toMatch(/^\d+$/);
    await gateway.settled();
    expect(ipnSeen).toEqual([shown]);
    expect(gateway.payments({ txnRef: p.txnRef })[0]!.ipn).toMatchObject([{ attempt: 1, status: 200, rspCode: '00', forged: false }]);
  });

  it('complete over the control API answers the same signed redirect', async () => {
    const p = newPayment();
    await open(vnpay.paymentUrl(p));
    const res = await fetch(`${gateway.url}/_gateway/payments/${p.txnRef}/complete`, { method: 'POST' });
    const { returnUrl } = (await res.json()) as { returnUrl: string };
    expect(vnpay.readResult(returnQuery(returnUrl))).toMatchObject({ outcome: 'paid', amount: 125_000 });
    const listed = (await (await fetch(`${gateway.url}/_gateway/payments?txnRef=${p.txnRef}`)).json()) as { payments: { status: string }[] };
    expect(listed.payments).toMatchObject([{ status: 'paid' }]);
  });

  it('fail: the return and the IPN read as failed, with no transaction number', async () => {
    const p = newPayment();
    await open(vnpay.paymentUrl(p));
    const { returnUrl } = gateway.fail(p.txnRef, '51');
    const shown = vnpay.readResult(returnQuery(returnUrl));
    expect(shown).toMatchObject({ outcome: 'failed', responseCode: '51', amount: 125_000 });
    expect(shown.transactionNo).toBeUndefined();
    await gateway.settled();
    expect(ipnSeen).toMatchObject([{ outcome: 'failed', txnRef: p.txnRef }]);
  });

  it('a forged IPN is refused by readResult and answered 97; the gateway then retries it', async () => {
    gateway.configure({ forgeNext: true, ipnAttempts: 2 });
    const p = newPayment();
    await open(vnpay.paymentUrl(p));
    gateway.complete(p.txnRef);
    await gateway.settled();
    expect(ipnSeen).toHaveLength(2);
    for (const seen of ipnSeen) expect(seen).toBeInstanceOf(PaymentSignatureError);
    expect(gateway.payments({ txnRef: p.txnRef })[0]!.ipn).toMatchObject([
      { attempt: 1, forged: true, rspCode: '97' },
      { attempt: 2, forged: true, rspCode: '97' },
    ]);
  });

  it('an IPN repeated three times reaches the merchant three times, the same each time', async () => {
    gateway.configure({ ipnRepeat: 3 });
    const p = newPayment();
    await open(vnpay.paymentUrl(p));
    gateway.complete(p.txnRef);
    await gateway.settled();
    expect(ipnSeen).toHaveLength(3);
    expect(new Set(ipnSeen.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(ipnSeen[0]).toMatchObject({ outcome: 'paid', amount: 125_000 });
  });

  it('retries an IPN answered 99 and stops at 02 (already confirmed)', async () => {
    ipnScript = ['99', '02'];
    const p = newPayment();
    await open(vnpay.paymentUrl(p));
    gateway.complete(p.txnRef);
    await gateway.settled();
    expect(gateway.payments({ txnRef: p.txnRef })[0]!.ipn.map((c) => c.rspCode)).toEqual(['99', '02']);
  });

  it('ipnDown: no IPN at all, the return still comes', async () => {
    gateway.configure({ ipnDown: true });
    const p = newPayment();
    await open(vnpay.paymentUrl(p));
    expect(vnpay.readResult(returnQuery(gateway.complete(p.txnRef).returnUrl)).outcome).toBe('paid');
    await gateway.settled();
    expect(ipnSeen).toEqual([]);
  });
});

describe('querydr', () => {
  const ask = (p: ReturnType<typeof newPayment>, at: Date) => vnpay.query({ txnRef: p.txnRef, transactionDate: p.createdAt, requestId: `Q${++serial}`, requestedAt: at, ipAddr: '198.51.100.1', orderInfo: `Truy van ${p.txnRef}` });

  it('abandon: pending until vnp_ExpireDate, then not paid', async () => {
    const p = newPayment();
    await open(vnpay.paymentUrl(p));
    gateway.abandon(p.txnRef);
    clock = minutes(10);
    expect(await ask(p, clock)).toMatchObject({ found: true, outcome: 'pending', amount: 125_000 });
    clock = minutes(16);
    const after = await ask(p, clock);
    expect(after).toMatchObject({ found: true, outcome: 'failed', transactionStatus: '02' });
    await gateway.settled();
    expect(ipnSeen).toEqual([]);
    // A late click on the page cannot pay it any more: the result says expired.
    expect(vnpay.readResult(returnQuery(gateway.complete(p.txnRef).returnUrl))).toMatchObject({ outcome: 'expired', responseCode: '11' });
  });

  it('a completed payment reads as paid with its transaction number; an unknown one as not found', async () => {
    const p = newPayment({ amount: 50_000 });
    await open(vnpay.paymentUrl(p));
    const paid = vnpay.readResult(returnQuery(gateway.complete(p.txnRef).returnUrl));
    expect(await ask(p, minutes(5))).toMatchObject({ found: true, outcome: 'paid', amount: 50_000, transactionNo: paid.transactionNo, bankCode: 'NCB' });
    expect(await ask(newPayment(), minutes(5))).toEqual({ found: false });
  });

  it('a query signed with another secret is refused by the gateway (97), and the adapter says so', async () => {
    const wrong = new VnpayProvider({ tmnCode, hashSecret: 'WRONG', apiUrl: gateway.apiUrl });
    const p = newPayment();
    await expect(wrong.query({ txnRef: p.txnRef, transactionDate: start, requestId: 'Q1', requestedAt: start, ipAddr: '198.51.100.1', orderInfo: 'Truy van' })).rejects.toMatchObject({ name: 'PaymentGatewayError', code: '97' });
  });

  it('a gateway slower than the timeout is reported down, not waited for', async () => {
    gateway.configure({ slowMs: 400 });
    const impatient = new VnpayProvider({ tmnCode, hashSecret, apiUrl: gateway.apiUrl, timeoutMs: 100 });
    const p = newPayment();
    await expect(impatient.query({ txnRef: p.txnRef, transactionDate: start, requestId: 'Q2', requestedAt: start, ipAddr: '198.51.100.1', orderInfo: 'Truy van' })).rejects.toMatchObject({ name: 'PaymentGatewayError', code: 'NETWORK' });
  });
});

describe('control', () => {
  it('refuses bad faults naming the field, and DELETE /_gateway forgets every payment', async () => {
    const bad = await fetch(`${gateway.url}/_gateway/faults`, { method: 'PUT', body: JSON.stringify({ ipnRepeat: 0 }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'ipnRepeat' });
    await open(vnpay.paymentUrl(newPayment()));
    expect(gateway.payments()).toHaveLength(1);
    expect((await fetch(`${gateway.url}/_gateway`, { method: 'DELETE' })).status).toBe(204);
    expect(gateway.payments()).toEqual([]);
  });

  it('completing a payment twice is refused (409): one payment, one result', async () => {
    const p = newPayment();
    await open(vnpay.paymentUrl(p));
    gateway.complete(p.txnRef);
    const again = await fetch(`${gateway.url}/_gateway/payments/${p.txnRef}/complete`, { method: 'POST' });
    expect(again.status).toBe(409);
  });
});

describe('the log', () => {
  it('carries txnRefs and codes, never the order info', () => {
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(/Thanh toan ho so|G52\.01-261201-0001|Truy van/);
  });
});
