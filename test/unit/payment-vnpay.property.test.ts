/**
 * The VNPay checksum and result rules (shared/partners/payment/*), without a gateway: any request
 * round-trips through its URL and verifies, any change to one signed parameter breaks it, results
 * are read to the đồng or refused. Dates are fixed (1 December 2026, 16:00 in Asia/Ho_Chi_Minh);
 * nothing compares them with today.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paymentGatewayCredentials } from '../../shared/partners/payment/credentials.ts';
import { PaymentFormatError, PaymentRequestError, PaymentSignatureError } from '../../shared/partners/payment/provider.ts';
import { verifyVnpayQuery, vnpaySignData, vnpaySignedQuery } from '../../shared/partners/payment/vnpay-checksum.ts';
import { parseVnpayTime, vnpayTime } from '../../shared/partners/payment/vnpay-time.ts';
import { maxVndAmount, VnpayProvider } from '../../shared/partners/payment/vnpay.ts';

const tmnCode = 'MOTCUA01';
const hashSecret = 'TESTHASHSECRET0123456789ABCDEFGH';
const vnpay = new VnpayProvider({ tmnCode, hashSecret, payUrl: 'https://pay.example/paymentv2/vpcpay.html' });
const createdAt = new Date('2026-12-01T09:00:00.000Z');
const expiresAt = new Date('2026-12-01T09:15:00.000Z');

const txnRef = fc.stringMatching(/^[A-Za-z0-9._-]{1,100}$/);
const orderInfo = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .:/_-]{0,120}$/);
const amount = fc.integer({ min: 1, max: maxVndAmount });
const request = fc.record({ txnRef, amount, orderInfo, returnUrl: fc.webUrl({ withQueryParameters: true }).filter((u) => u.length <= 255 && !/\s/.test(u)), ipAddr: fc.ipV4() });
/** Any printable or non-ASCII value: what the checksum must survive whatever motcua chooses to send. */
const anyValue = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });

const query = (url: string) => Object.fromEntries(new URL(url).searchParams);
/** A return query as VNPay would sign it. */
const signedResult = (over: Record<string, string> = {}) => {
  const params = { vnp_Amount: '12500000', vnp_BankCode: 'NCB', vnp_OrderInfo: 'Thanh toan G52.01-261201-0001', vnp_PayDate: '20261201161000', vnp_ResponseCode: '00', vnp_TmnCode: tmnCode, vnp_TransactionNo: '14000001', vnp_TransactionStatus: '00', vnp_TxnRef: 'P261201-0001', ...over };
  return Object.fromEntries(new URLSearchParams(vnpaySignedQuery(hashSecret, params)));
};

describe('the VNPay checksum', () => {
  it('encodes values as VNPay documents them: spaces as +, reserved characters as upper-case %XX', () => {
    // The example URL on sandbox.vnpayment.vn/apis/docs/chuyen-doi-thuat-toan/changeTypeHash.html.
    const data = vnpaySignData({ vnp_ReturnUrl: 'https://domainmerchant.vn/ReturnUrl', vnp_OrderInfo: 'Thanh toan don hang :5', vnp_Amount: '1806000' });
    expect(data).toBe('vnp_Amount=1806000&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl');
  });

  it('leaves out empty values, vnp_SecureHash, vnp_SecureHashType and parameters that are not vnp_*', () => {
    expect(vnpaySignData({ vnp_B: '2', vnp_A: '1', vnp_Empty: '', vnp_SecureHash: 'x', vnp_SecureHashType: 'HmacSHA512', utm_source: 'mail' })).toBe('vnp_A=1&vnp_B=2');
  });

  it('round-trips any request: the URL carries every parameter unchanged and verifies', () => {
    fc.assert(
      fc.property(request, (r) => {
        const q = query(vnpay.paymentUrl({ ...r, createdAt, expiresAt }));
        expect(q).toMatchObject({ vnp_TxnRef: r.txnRef, vnp_Amount: `${r.amount}00`, vnp_OrderInfo: r.orderInfo, vnp_ReturnUrl: r.returnUrl, vnp_IpAddr: r.ipAddr, vnp_CreateDate: '20261201160000', vnp_ExpireDate: '20261201161500', vnp_Version: '2.1.0', vnp_Command: 'pay', vnp_CurrCode: 'VND', vnp_Locale: 'vn', vnp_TmnCode: tmnCode });
        expect(() => verifyVnpayQuery(hashSecret, q, 'test')).not.toThrow();
      }),
    );
  });

  it('breaks when any one signed parameter changes, whatever the new value', () => {
    fc.assert(
      fc.property(request, fc.nat(), anyValue, (r, pick, value) => {
        const q = query(vnpay.paymentUrl({ ...r, createdAt, expiresAt }));
        const signed = Object.keys(q).filter((k) => k !== 'vnp_SecureHash');
        const key = signed[pick % signed.length]!;
        fc.pre(q[key] !== value);
        expect(() => verifyVnpayQuery(hashSecret, { ...q, [key]: value }, 'test')).toThrow(PaymentSignatureError);
      }),
    );
  });

  it('verifies any values, accented or not, signed with the same secret, and none under another secret', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^vnp_[A-Za-z]{1,20}$/), anyValue, { minKeys: 1, maxKeys: 15 }), (params) => {
        const q = Object.fromEntries(new URLSearchParams(vnpaySignedQuery(hashSecret, params)));
        expect(() => verifyVnpayQuery(hashSecret, q, 'test')).not.toThrow();
        expect(() => verifyVnpayQuery(`${hashSecret}X`, q, 'test')).toThrow(PaymentSignatureError);
      }),
    );
  });
});

describe('reading a result', () => {
  it('reads any whole amount back to the đồng', () => {
    fc.assert(
      fc.property(amount, (vnd) => {
        expect(vnpay.readResult(signedResult({ vnp_Amount: `${vnd}00` })).amount).toBe(vnd);
      }),
    );
  });

  it('reads a paid result with its transaction, bank and pay time', () => {
    expect(vnpay.readResult(signedResult())).toEqual({ txnRef: 'P261201-0001', amount: 125_000, outcome: 'paid', responseCode: '00', transactionStatus: '00', transactionNo: '14000001', bankCode: 'NCB', paidAt: '2026-12-01T09:10:00.000Z' });
  });

  it.each([
    ['24', '02', 'cancelled'],
    ['11', '02', 'expired'],
    ['51', '02', 'failed'],
    ['07', '07', 'suspected'],
    ['00', '02', 'failed'],
  ])('reads response code %s with status %s as %s', (code, status, outcome) => {
    expect(vnpay.readResult(signedResult({ vnp_ResponseCode: code, vnp_TransactionStatus: status, vnp_TransactionNo: '0' }))).toMatchObject({ outcome, responseCode: code });
  });

  it.each([['12500050'], ['125000.00'], ['012500000'], ['1e7'], ['-12500000'], ['1234567890000']])('refuses the signed amount %s: not a whole VND × 100 in 12 digits', (raw) => {
    const error = (() => {
      try {
        vnpay.readResult(signedResult({ vnp_Amount: raw }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PaymentFormatError);
    expect((error as PaymentFormatError).field).toBe('vnp_Amount');
  });

  it('refuses a result without a checksum, with a malformed one and with a wrong one, each said apart', () => {
    const { vnp_SecureHash: hash, ...unsigned } = signedResult();
    const reason = (q: Record<string, string>) => {
      try {
        vnpay.readResult(q);
      } catch (e) {
        return (e as PaymentSignatureError).reason;
      }
    };
    expect(reason(unsigned)).toBe('missing');
    expect(reason({ ...unsigned, vnp_SecureHash: 'abc' })).toBe('malformed');
    expect(reason({ ...unsigned, vnp_SecureHash: hash!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) })).toBe('mismatch');
    expect(reason({ ...unsigned, vnp_SecureHash: hash!.toUpperCase() })).toBeUndefined();
  });

  it("refuses another merchant's result and a bad pay date, naming the parameter", () => {
    expect(() => vnpay.readResult(signedResult({ vnp_TmnCode: 'OTHER001' }))).toThrow(expect.objectContaining({ field: 'vnp_TmnCode' }));
    expect(() => vnpay.readResult(signedResult({ vnp_PayDate: '20260231120000' }))).toThrow(expect.objectContaining({ field: 'vnp_PayDate' }));
  });

  it('refuses an oversized query before hashing it', () => {
    const many = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`vnp_X${i}`, 'x']));
    expect(() => vnpay.readResult(many)).toThrow(PaymentFormatError);
    expect(() => vnpay.readResult({ ...signedResult(), vnp_OrderInfo: 'x'.repeat(3000) })).toThrow(expect.objectContaining({ field: 'vnp_OrderInfo' }));
  });

  it('answers IPNs with the codes VNPay reads', () => {
    expect(vnpay.ipnAnswer('confirmed')).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(vnpay.ipnAnswer('already-confirmed').RspCode).toBe('02');
    expect(vnpay.ipnAnswer('order-not-found').RspCode).toBe('01');
    expect(vnpay.ipnAnswer('invalid-amount').RspCode).toBe('04');
    expect(vnpay.ipnAnswer('invalid-signature').RspCode).toBe('97');
    expect(vnpay.ipnAnswer('other').RspCode).toBe('99');
  });
});

describe('building a request', () => {
  const base = { txnRef: 'P1', amount: 125_000, orderInfo: 'Thanh toan G52.01-261201-0001', returnUrl: 'https://motcua.example/thanh-toan/ket-qua', ipAddr: '203.0.113.7', createdAt, expiresAt };
  it.each([
    ['amount', { amount: 1250.5 }],
    ['amount', { amount: 0 }],
    ['amount', { amount: maxVndAmount + 1 }],
    ['orderInfo', { orderInfo: 'Thanh toán hồ sơ' }],
    ['orderInfo', { orderInfo: 'a&b=c' }],
    ['txnRef', { txnRef: 'P 1' }],
    ['expiresAt', { expiresAt: createdAt }],
  ])('refuses what VNPay cannot carry: %s %j', (field, over) => {
    expect(() => vnpay.paymentUrl({ ...base, ...over })).toThrow(PaymentRequestError);
    expect(() => vnpay.paymentUrl({ ...base, ...over })).toThrow(expect.objectContaining({ field }));
  });
});

describe('VNPay timestamps', () => {
  it('writes any moment in GMT+7 and reads it back to the second', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const second = new Date(Math.floor(d.getTime() / 1000) * 1000);
        expect(parseVnpayTime(vnpayTime(second), 'f').getTime()).toBe(second.getTime());
      }),
    );
  });

  it('writes 23:30 UTC on 31 December as the next day in Vietnam', () => {
    expect(vnpayTime(new Date('2026-12-31T23:30:00Z'))).toBe('20270101063000');
  });
});

describe('credentials', () => {
  it("reads the operator's JSON and refuses a mistyped one", () => {
    expect(paymentGatewayCredentials('{"tmnCode":"2QXUI4J4","hashSecret":"S3CRET"}')).toEqual({ tmnCode: '2QXUI4J4', hashSecret: 'S3CRET' });
    expect(() => paymentGatewayCredentials('{"tmnCode":"2QX","hashSecret":"S3CRET"}')).toThrow(/tmnCode/);
  });

  it('derives the same 8-character terminal code and secret from any other value, so the stand-in agrees', () => {
    const a = paymentGatewayCredentials('generated-by-secrets-manager');
    expect(a).toEqual(paymentGatewayCredentials('generated-by-secrets-manager'));
    expect(a.tmnCode).toMatch(/^[A-Z0-9]{8}$/);
    expect(a.hashSecret).not.toBe(paymentGatewayCredentials('another').hashSecret);
  });
});
