/**
 * The VNPay payment gateway, API 2.1.0 (https://sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html,
 * .../truy-van-hoan-tien/querydr&refund.html; docs/payment-integration.md):
 *
 *   browser → GET {payUrl}?vnp_Version=2.1.0&vnp_Command=pay&…&vnp_SecureHash=…   (paymentUrl)
 *   browser ← GET {returnUrl}?vnp_ResponseCode=…&vnp_SecureHash=…                   (readResult: show only)
 *   motcua  ← GET {ipnUrl}?<the same signed parameters>                            (readResult + ipnAnswer: record)
 *   motcua  → POST {apiUrl} { vnp_Command: "querydr", … }                          (query: settle)
 *
 * Amounts go as VND × 100 (pay.html: "merchant cần nhân thêm 100 lần"); a result whose amount is
 * not a whole VND × 100 is refused. The checksum is in ./vnpay-checksum.ts, timestamps in
 * ./vnpay-time.ts.
 */
import { PaymentFormatError, PaymentGatewayError, PaymentRequestError, type IpnAnswerKind, type PaymentOutcome, type PaymentProvider, type PaymentQuery, type PaymentQueryResult, type PaymentRequest, type PaymentResult } from './provider.ts';
import { verifyVnpayHmac, verifyVnpayQuery, vnpayHmac, vnpaySignedQuery } from './vnpay-checksum.ts';
import { parseVnpayTime, vnpayTime } from './vnpay-time.ts';

/** VNPay's sandbox; production hosts come from the merchant's contract (docs/payment-integration.md). */
export const vnpaySandbox = {
  payUrl: 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
  apiUrl: 'https://sandbox.vnpayment.vn/merchant_webapi/api/transaction',
} as const;

export interface VnpayOptions {
  tmnCode: string;
  hashSecret: string;
  /** The payment page (default: the sandbox's). */
  payUrl?: string;
  /** The querydr API (default: the sandbox's). */
  apiUrl?: string;
  /** vnp_OrderType, a VNPay goods category (default `other`; `billpayment` is "thanh toán hóa đơn"). */
  orderType?: string;
  /** Per query, answer included (default 10 000 ms). */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** What motcua answers an IPN with (pay.html, "Code IPN URL"): VNPay retries until it reads 00 or 02. */
export const vnpayIpnAnswers: Record<IpnAnswerKind, { RspCode: string; Message: string }> = {
  confirmed: { RspCode: '00', Message: 'Confirm Success' },
  'order-not-found': { RspCode: '01', Message: 'Order not found' },
  'already-confirmed': { RspCode: '02', Message: 'Order already confirmed' },
  'invalid-amount': { RspCode: '04', Message: 'Invalid amount' },
  'invalid-signature': { RspCode: '97', Message: 'Invalid signature' },
  other: { RspCode: '99', Message: 'Unknown error' },
};

/** The querydr request's checksum fields, in the order they are joined with `|` (querydr&refund.html). */
export const queryRequestFields = ['vnp_RequestId', 'vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_TransactionDate', 'vnp_CreateDate', 'vnp_IpAddr', 'vnp_OrderInfo'] as const;
/** The querydr answer's checksum fields, in order (the same page; secondary: read in the `vnpay` npm library's source). */
export const queryResponseFields = [
  'vnp_ResponseId',
  'vnp_Command',
  'vnp_ResponseCode',
  'vnp_Message',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_BankCode',
  'vnp_PayDate',
  'vnp_TransactionNo',
  'vnp_TransactionType',
  'vnp_TransactionStatus',
  'vnp_OrderInfo',
  'vnp_PromotionCode',
  'vnp_PromotionAmount',
] as const;

/** vnp_Amount is Numeric[1,12]: at most 9 999 999 999 VND once multiplied by 100. */
export const maxVndAmount = 9_999_999_999;
const txnRefPattern = /^[A-Za-z0-9._-]{1,100}$/;
/** Characters every VNPay demo encodes alike (./vnpay-checksum.ts); pay.html asks for "Tiếng Việt không dấu và không bao gồm các ký tự đặc biệt". */
const orderInfoPattern = /^[A-Za-z0-9 .:/_-]{1,255}$/;
const maxParams = 40;
const maxValue = 2048;

/** The VNPay adapter. Example: `new VnpayProvider({ tmnCode, hashSecret }).paymentUrl(request)`. */
export class VnpayProvider implements PaymentProvider {
  readonly id = 'vnpay';
  private readonly tmnCode: string;
  private readonly hashSecret: string;
  private readonly payUrl: string;
  private readonly apiUrl: string;
  private readonly orderType: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof globalThis.fetch;

  constructor({ tmnCode, hashSecret, payUrl = vnpaySandbox.payUrl, apiUrl = vnpaySandbox.apiUrl, orderType = 'other', timeoutMs = 10_000, fetch = globalThis.fetch }: VnpayOptions) {
    this.tmnCode = tmnCode;
    this.hashSecret = hashSecret;
    this.payUrl = payUrl;
    this.apiUrl = apiUrl;
    this.orderType = orderType;
    this.timeoutMs = timeoutMs;
    this.fetch = fetch;
  }

  /** The signed redirect. Throws PaymentRequestError naming the field the protocol cannot carry. */
  paymentUrl(r: PaymentRequest): string {
    if (!txnRefPattern.test(r.txnRef)) throw new PaymentRequestError('txnRef: 1-100 of A-Z a-z 0-9 . _ -', 'txnRef');
    if (!Number.isSafeInteger(r.amount) || r.amount < 1 || r.amount > maxVndAmount) throw new PaymentRequestError(`amount for ${r.txnRef}: whole VND from 1 to ${maxVndAmount}`, 'amount');
    if (!orderInfoPattern.test(r.orderInfo)) throw new PaymentRequestError(`orderInfo for ${r.txnRef}: 1-255 unaccented letters, digits, space and - . _ : /`, 'orderInfo');
    if (!/^https?:\/\/\S{3,247}$/.test(r.returnUrl)) throw new PaymentRequestError(`returnUrl for ${r.txnRef}: an http(s) URL of at most 255 characters`, 'returnUrl');
    if (!/^[0-9A-Fa-f.:]{2,45}$/.test(r.ipAddr)) throw new PaymentRequestError(`ipAddr for ${r.txnRef}: an IPv4 or IPv6 address`, 'ipAddr');
    if (!(r.expiresAt.getTime() > r.createdAt.getTime())) throw new PaymentRequestError(`expiresAt for ${r.txnRef}: after createdAt`, 'expiresAt');
    const params: Record<string, string> = {
      vnp_Version: '2.1.0',
      vnp_Command: 'pay',
      vnp_TmnCode: this.tmnCode,
      vnp_Amount: String(r.amount * 100),
      vnp_CurrCode: 'VND',
      vnp_TxnRef: r.txnRef,
      vnp_OrderInfo: r.orderInfo,
      vnp_OrderType: this.orderType,
      vnp_Locale: 'vn',
      vnp_ReturnUrl: r.returnUrl,
      vnp_IpAddr: r.ipAddr,
      vnp_CreateDate: vnpayTime(r.createdAt),
      vnp_ExpireDate: vnpayTime(r.expiresAt),
    };
    return `${this.payUrl}?${vnpaySignedQuery(this.hashSecret, params)}`;
  }

  /** A return or IPN query: its checksum first (PaymentSignatureError), then its format (PaymentFormatError). */
  readResult(query: Record<string, string>): PaymentResult {
    const keys = Object.keys(query);
    // Bounded before hashing: an IPN URL is public, anyone can call it with anything.
    if (keys.length > maxParams) throw new PaymentFormatError(`result: more than ${maxParams} parameters`, 'query');
    const long = keys.find((k) => k.length > 64 || typeof query[k] !== 'string' || query[k]!.length > maxValue);
    if (long !== undefined) throw new PaymentFormatError(`result: ${long.slice(0, 64)} too long`, long.slice(0, 64));
    const txnRef = txnRefPattern.test(query.vnp_TxnRef ?? '') ? query.vnp_TxnRef! : 'unknown txnRef';
    verifyVnpayQuery(this.hashSecret, query, `vnpay result for ${txnRef}`);
    const q = new Fields(query, `vnpay result for ${txnRef}`);
    if (q.required('vnp_TmnCode', /^[A-Za-z0-9]{1,20}$/) !== this.tmnCode) throw new PaymentFormatError(`vnpay result for ${txnRef}: another merchant's vnp_TmnCode`, 'vnp_TmnCode');
    const responseCode = q.required('vnp_ResponseCode', /^\d{2}$/);
    const transactionStatus = q.optional('vnp_TransactionStatus', /^\d{2}$/);
    return {
      ...q.common(),
      outcome: resultOutcome(responseCode, transactionStatus),
      responseCode,
      ...(transactionStatus ? { transactionStatus } : {}),
    };
  }

  /** The JSON body for an IPN answer. Example: `ipnAnswer('confirmed')` → `{ RspCode: '00', Message: 'Confirm Success' }`. */
  ipnAnswer(kind: IpnAnswerKind): { RspCode: string; Message: string } {
    return { ...vnpayIpnAnswers[kind] };
  }

  /** querydr: the payment's state at VNPay. Throws PaymentGatewayError (down, refused), PaymentSignatureError (answer forged). */
  async query(qr: PaymentQuery): Promise<PaymentQueryResult> {
    if (!txnRefPattern.test(qr.txnRef)) throw new PaymentRequestError('txnRef: 1-100 of A-Z a-z 0-9 . _ -', 'txnRef');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(qr.requestId)) throw new PaymentRequestError(`requestId for ${qr.txnRef}: 1-32 of A-Z a-z 0-9 _ -`, 'requestId');
    if (!orderInfoPattern.test(qr.orderInfo)) throw new PaymentRequestError(`orderInfo for ${qr.txnRef}: unaccented, 1-255`, 'orderInfo');
    const about = `vnpay querydr for ${qr.txnRef}`;
    const body: Record<string, string> = {
      vnp_RequestId: qr.requestId,
      vnp_Version: '2.1.0',
      vnp_Command: 'querydr',
      vnp_TmnCode: this.tmnCode,
      vnp_TxnRef: qr.txnRef,
      vnp_TransactionDate: vnpayTime(qr.transactionDate),
      vnp_CreateDate: vnpayTime(qr.requestedAt),
      vnp_IpAddr: qr.ipAddr,
      vnp_OrderInfo: qr.orderInfo,
    };
    body.vnp_SecureHash = vnpayHmac(this.hashSecret, queryRequestFields.map((f) => body[f]).join('|'));
    let res: Response;
    let text: string;
    try {
      // One signal for the request and its body: a gateway that sends headers and stalls is down too.
      const signal = AbortSignal.timeout(this.timeoutMs);
      res = await this.fetch(this.apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
      text = await res.text();
    } catch (error) {
      const what = (error as Error)?.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : `network error (${(error as Error)?.name ?? 'unknown'})`;
      throw new PaymentGatewayError(`${about}: ${what}`, 'NETWORK', { cause: error });
    }
    if (res.status !== 200) throw new PaymentGatewayError(`${about}: answered HTTP ${res.status}`, `HTTP ${res.status}`);
    const answer = answerOf(text.length <= 16_384 ? text : '');
    if (!answer) throw new PaymentGatewayError(`${about}: the answer is not a JSON object`, 'FORMAT');
    const code = answer.vnp_ResponseCode ?? '';
    // VNPay signs its answers (the same page). Only those motcua acts on are checked: a refusal (97 for
    // a wrong secret, 94, 99) is reported as the gateway's code, which is what the operator needs to see.
    if (code === '00' || code === '91') verifyVnpayHmac(this.hashSecret, queryResponseFields.map((f) => answer[f] ?? '').join('|'), answer.vnp_SecureHash, about);
    if (code === '91') return { found: false };
    if (code !== '00') throw new PaymentGatewayError(`${about}: refused with vnp_ResponseCode ${/^\d{2}$/.test(code) ? code : '?'}`, /^\d{2}$/.test(code) ? code : 'FORMAT');
    const q = new Fields(answer, about);
    if (q.required('vnp_TxnRef', txnRefPattern) !== qr.txnRef) throw new PaymentFormatError(`${about}: the answer is about another vnp_TxnRef`, 'vnp_TxnRef');
    const transactionStatus = q.required('vnp_TransactionStatus', /^\d{2}$/);
    return { found: true, ...q.common(), outcome: queryOutcome(transactionStatus), responseCode: code, transactionStatus };
  }
}

/** A result's outcome (pay.html, "Bảng mã lỗi"): paid only when both codes say 00, as VNPay's demos check. */
function resultOutcome(responseCode: string, transactionStatus: string | undefined): PaymentOutcome {
  if (responseCode === '00') return transactionStatus === undefined || transactionStatus === '00' ? 'paid' : 'failed';
  if (responseCode === '07') return 'suspected';
  if (responseCode === '24') return 'cancelled';
  if (responseCode === '11') return 'expired';
  return 'failed';
}

/** A queried transaction status (querydr&refund.html, "vnp_TransactionStatus"): 00 paid, 01 not finished, 07 suspected fraud, the rest not paid. */
function queryOutcome(transactionStatus: string): PaymentOutcome {
  return ({ '00': 'paid', '01': 'pending', '07': 'suspected' } as Record<string, PaymentOutcome>)[transactionStatus] ?? 'failed';
}

/** The answer's fields as strings (VNPay sends some codes as JSON numbers). */
function answerOf(text: string): Record<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed).slice(0, maxParams)) if ((typeof v === 'string' && v.length <= maxValue) || typeof v === 'number') out[k] = String(v);
  return out;
}

/** Reads a result's parameters, naming the first bad one. */
class Fields {
  constructor(
    private readonly q: Record<string, string>,
    private readonly about: string,
  ) {}

  required(name: string, pattern: RegExp): string {
    const v = this.q[name];
    if (v === undefined || v === '') throw new PaymentFormatError(`${this.about}: no ${name}`, name);
    if (!pattern.test(v)) throw new PaymentFormatError(`${this.about}: ${name} is malformed`, name);
    return v;
  }

  optional(name: string, pattern: RegExp): string | undefined {
    return this.q[name] === undefined || this.q[name] === '' ? undefined : this.required(name, pattern);
  }

  /** What a return, an IPN and a querydr answer share. */
  common(): Pick<PaymentResult, 'txnRef' | 'amount' | 'transactionNo' | 'bankCode' | 'paidAt'> {
    const txnRef = this.required('vnp_TxnRef', txnRefPattern);
    // Numeric[1,12] and a whole VND: anything else is refused rather than rounded.
    const raw = this.required('vnp_Amount', /^[1-9]\d{0,11}$/);
    if (!raw.endsWith('00')) throw new PaymentFormatError(`${this.about}: vnp_Amount is not a whole VND × 100`, 'vnp_Amount');
    const transactionNo = this.optional('vnp_TransactionNo', /^\d{1,15}$/);
    const bankCode = this.optional('vnp_BankCode', /^[A-Za-z0-9_]{1,20}$/);
    const payDate = this.optional('vnp_PayDate', /^\d{14}$/);
    return {
      txnRef,
      amount: Number(raw.slice(0, -2)),
      // VNPay writes 0 where no transaction was made (a cancelled payment).
      ...(transactionNo && !/^0+$/.test(transactionNo) ? { transactionNo } : {}),
      ...(bankCode ? { bankCode } : {}),
      ...(payDate ? { paidAt: parseVnpayTime(payDate, 'vnp_PayDate').toISOString() } : {}),
    };
  }
}
