/**
 * The local payment gateway: stands in for VNPay (API 2.1.0) as motcua speaks to it
 * (shared/partners/payment/vnpay.ts, docs/payment-integration.md). It records every payment
 * attempt, shows a small payment page, and sends the signed result back by the browser's return
 * URL and by the server-to-server IPN.
 *
 * Semantics emulated:
 * - `GET /paymentv2/vpcpay.html?…`: every parameter checked as VNPay does, the checksum first.
 *   A bad request answers an error page with VNPay's code (97 checksum, 02 merchant, 03 format,
 *   01 a txnRef already used with other parameters, 11 expired). VNPay redirects to its
 *   `Error.html?code=` page; here the page comes at once, with status 400. A good one records the
 *   attempt (opening it again shows the same page) and answers a Vietnamese page whose buttons
 *   "Thanh toán" and "Hủy" complete or cancel it (303 to the signed return URL).
 * - The result (`complete`, `fail`, the page's buttons): the signed parameters VNPay sends
 *   (vnp_Amount, vnp_BankCode, vnp_BankTranNo, vnp_CardType, vnp_OrderInfo, vnp_PayDate,
 *   vnp_ResponseCode, vnp_TmnCode, vnp_TransactionNo, vnp_TransactionStatus, vnp_TxnRef), to the
 *   return URL and, by GET with the same query, to the merchant's IPN URL (configured in VNPay's
 *   portal, not in the request: the `ipnUrl` option / `setIpnUrl`). An IPN answer other than JSON
 *   RspCode 00 or 02 is retried (`ipnAttempts`, `ipnRetryMs`), as VNPay does.
 * - `abandon`: nothing happens; after vnp_ExpireDate the attempt is expired (querydr: status 02).
 * - `POST /merchant_webapi/api/transaction`, querydr: the `|`-joined checksum checked (97), the
 *   answer signed the same way; an unknown txnRef answers 91.
 * - Faults (`configure`, `PUT /_gateway/faults`): `ipnRepeat` (each IPN delivered n times),
 *   `forgeNext` (the next IPN with a wrong checksum), `ipnDown` (no IPN at all), `slowMs` (every
 *   gateway answer that late).
 *
 * Control: `POST /_gateway/payments/{txnRef}/complete|fail|abandon` (`{ returnUrl }`),
 * `GET /_gateway/payments?txnRef=`, `PUT /_gateway/faults`, `DELETE /_gateway` (reset); the same as
 * methods on the returned object. The log gets txnRef, codes and answers, never the order info.
 *
 * The checksum is computed here on its own (`formEncode`), not with the adapter's code: the
 * contract test then checks that both read the protocol the same way.
 *
 * Gaps: attempts live in memory; one merchant (tmnCode) per gateway; no refund API; no bank pages.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { formatVnd } from '../../shared/domain/money.ts';
import { safeJson } from './postman.ts';
import { runningWork, startStandInServer } from './stand-in-server.ts';

/** One IPN call and what the merchant answered. */
export interface IpnCall {
  at: string;
  attempt: number;
  forged: boolean;
  /** HTTP status, 0 when no answer came. */
  status: number;
  /** RspCode of the JSON answer, when it had one. */
  rspCode?: string;
}

/** A payment attempt as the gateway recorded it. */
export interface GatewayPayment {
  txnRef: string;
  /** VND (the request's vnp_Amount / 100). */
  amount: number;
  orderInfo: string;
  returnUrl: string;
  createDate: string;
  expireDate: string;
  status: 'open' | 'paid' | 'failed';
  /** The result's vnp_ResponseCode, once finished. */
  responseCode?: string;
  transactionNo?: string;
  /** The signed result query, once finished. */
  result?: string;
  ipn: IpnCall[];
}

export const paymentFaultsSchema = z
  .object({
    ipnRepeat: z.number().int().min(1).max(20).optional(),
    forgeNext: z.boolean().optional(),
    ipnDown: z.boolean().optional(),
    slowMs: z.number().int().min(0).max(60_000).optional(),
    ipnAttempts: z.number().int().min(1).max(20).optional(),
    ipnRetryMs: z.number().int().min(0).max(60_000).optional(),
  })
  .strict();
/** What `configure` takes: each key given replaces that setting, the rest stays. */
export type PaymentFaults = z.infer<typeof paymentFaultsSchema>;

export interface PaymentGatewayOptions {
  tmnCode: string;
  hashSecret: string;
  /** 0 (default): a port from the OS. */
  port?: number;
  /** The merchant's IPN URL, as configured in VNPay's portal; settable later with `setIpnUrl`. */
  ipnUrl?: string;
  /** The clock for pay dates and expiry (default: the machine's); pass the local settable clock. */
  now?: () => Date;
  log?: (line: string) => void;
  /** IPN attempts per delivery while the answer is not 00/02 (default 3), and the pause between them (default 100 ms). */
  ipnAttempts?: number;
  ipnRetryMs?: number;
}

export interface LocalPaymentGateway {
  /** The base URL; the payment page is `${url}/paymentv2/vpcpay.html`. */
  url: string;
  payUrl: string;
  /** The querydr API. */
  apiUrl: string;
  /** Completes an open payment: the signed return URL; the IPN follows (see `settled`). */
  complete(txnRef: string): { returnUrl: string };
  /** Fails an open payment with a VNPay code (default 51, insufficient balance; 24 is "the payer cancelled"). */
  fail(txnRef: string, responseCode?: string): { returnUrl: string };
  /** Leaves an open payment alone: it expires at its vnp_ExpireDate. */
  abandon(txnRef: string): void;
  payments(filter?: { txnRef?: string }): GatewayPayment[];
  configure(faults: PaymentFaults): void;
  setIpnUrl(url: string | undefined): void;
  /** Forgets payments and faults (the IPN URL stays: it is wiring). */
  reset(): void;
  /** Resolves once every IPN scheduled so far has been delivered (or given up). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Why a call at the gateway is refused: its code and page text. */
class GatewayRefusal extends Error {
  constructor(
    readonly code: string,
    readonly status = 400,
  ) {
    super(payPageErrors[code] ?? 'Giao dịch không thành công');
  }
}

/** VNPay's page error codes the stand-in uses (pay.html, "Bảng mã lỗi"; 97 as VNPay's IPN/querydr tables, unconfirmed for the page). */
const payPageErrors: Record<string, string> = {
  '01': 'Giao dịch đã tồn tại',
  '02': 'Merchant không hợp lệ (kiểm tra lại vnp_TmnCode)',
  '03': 'Dữ liệu gửi sang không đúng định dạng',
  '11': 'Đã hết hạn chờ thanh toán',
  '97': 'Chữ ký không hợp lệ',
  '404': 'Không tìm thấy giao dịch',
  '409': 'Giao dịch đã kết thúc',
};

const maxBody = 64 * 1024;
const required = ['vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_Amount', 'vnp_CurrCode', 'vnp_TxnRef', 'vnp_OrderInfo', 'vnp_OrderType', 'vnp_Locale', 'vnp_ReturnUrl', 'vnp_IpAddr', 'vnp_CreateDate'] as const;
// The limits pay.html gives each parameter (Alphanumeric[1,100] and so on).
const shapes: Record<string, RegExp> = {
  vnp_Version: /^2\.1\.0$/,
  vnp_Command: /^pay$/,
  vnp_Amount: /^[1-9]\d{0,11}$/,
  vnp_CurrCode: /^VND$/,
  vnp_TxnRef: /^[A-Za-z0-9._-]{1,100}$/,
  vnp_OrderInfo: /^[\x20-\x7e]{1,255}$/,
  vnp_OrderType: /^[a-z0-9_]{1,100}$/,
  vnp_Locale: /^(vn|en)$/,
  vnp_ReturnUrl: /^https?:\/\/\S{3,247}$/,
  vnp_IpAddr: /^[0-9A-Fa-f.:]{2,45}$/,
  vnp_CreateDate: /^\d{14}$/,
  vnp_ExpireDate: /^\d{14}$/,
  vnp_BankCode: /^[A-Za-z0-9_]{3,20}$/,
};

/** Starts the gateway. Example: `const pay = await startPaymentGateway({ tmnCode: 'MOTCUA01', hashSecret: 's' })`, then `pay.payUrl`. */
export async function startPaymentGateway(opts: PaymentGatewayOptions): Promise<LocalPaymentGateway> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? (() => new Date());
  let attempts = new Map<string, GatewayPayment & { request: string }>();
  let faults: PaymentFaults = {};
  let ipnUrl = opts.ipnUrl;
  let transactionNo = 14_000_000;
  let generation = 0;
  const pending = runningWork();
  const sign = (data: string) => createHmac('sha512', opts.hashSecret).update(data, 'utf8').digest('hex');

  /** Checks a payment request as VNPay does and records it; throws GatewayRefusal. */
  const open = (url: URL): GatewayPayment => {
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) {
      if (k in params) throw new GatewayRefusal('03');
      params[k] = v;
    }
    if (Object.keys(params).length > 40) throw new GatewayRefusal('03');
    const given = params.vnp_SecureHash ?? '';
    if (!/^[0-9a-fA-F]{128}$/.test(given) || given.toLowerCase() !== sign(signData(params))) throw new GatewayRefusal('97');
    if (params.vnp_TmnCode !== opts.tmnCode) throw new GatewayRefusal('02');
    for (const k of required) if (!params[k]) throw new GatewayRefusal('03');
    for (const [k, re] of Object.entries(shapes)) if (params[k] !== undefined && !re.test(params[k])) throw new GatewayRefusal('03');
    if (!params.vnp_Amount!.endsWith('00')) throw new GatewayRefusal('03');
    if (!validTime(params.vnp_CreateDate!) || (params.vnp_ExpireDate && !validTime(params.vnp_ExpireDate))) throw new GatewayRefusal('03');
    const request = signData(params);
    const known = attempts.get(params.vnp_TxnRef!);
    if (known) {
      if (known.request !== request || known.status !== 'open') throw new GatewayRefusal('01');
      return known;
    }
    if (params.vnp_ExpireDate && gmt7(now()) > params.vnp_ExpireDate) throw new GatewayRefusal('11');
    const payment = {
      txnRef: params.vnp_TxnRef!,
      amount: Number(params.vnp_Amount!) / 100,
      orderInfo: params.vnp_OrderInfo!,
      returnUrl: params.vnp_ReturnUrl!,
      createDate: params.vnp_CreateDate!,
      // Without vnp_ExpireDate VNPay applies its own timeout (15 minutes in its demos: unconfirmed).
      expireDate: params.vnp_ExpireDate ?? gmt7(new Date(now().getTime() + 15 * 60_000)),
      status: 'open' as const,
      ipn: [],
      request,
    };
    attempts.set(payment.txnRef, payment);
    log(`payment-gateway: opened ${payment.txnRef}`);
    return payment;
  };

  /** Finishes an open payment with a VNPay code; the signed return URL. */
  const finish = (txnRef: string, responseCode: string): { returnUrl: string } => {
    const p = attempts.get(txnRef);
    if (!p) throw new GatewayRefusal('404', 404);
    if (p.status !== 'open') throw new GatewayRefusal('409', 409);
    const expired = gmt7(now()) > p.expireDate;
    const code = expired ? '11' : responseCode;
    const paid = code === '00';
    const no = paid ? String(++transactionNo) : '0';
    const result: Record<string, string> = {
      vnp_Amount: String(p.amount * 100),
      vnp_BankCode: paid ? 'NCB' : code === '24' || code === '11' ? 'VNPAY' : 'NCB',
      ...(paid ? { vnp_BankTranNo: `VNP${no}`, vnp_CardType: 'ATM' } : {}),
      vnp_OrderInfo: p.orderInfo,
      vnp_PayDate: gmt7(now()),
      vnp_ResponseCode: code,
      vnp_TmnCode: opts.tmnCode,
      vnp_TransactionNo: no,
      vnp_TransactionStatus: paid ? '00' : '02',
      vnp_TxnRef: p.txnRef,
    };
    const query = `${signData(result)}&vnp_SecureHash=${sign(signData(result))}`;
    Object.assign(p, { status: paid ? 'paid' : 'failed', responseCode: code, result: query, ...(paid ? { transactionNo: no } : {}) });
    log(`payment-gateway: ${p.txnRef} -> ${code}`);
    deliverIpn(p, query);
    return { returnUrl: `${p.returnUrl}${p.returnUrl.includes('?') ? '&' : '?'}${query}` };
  };

  /** The IPN as VNPay sends it: GET ipnUrl?<signed result>, retried while the answer is not 00/02. */
  const deliverIpn = (p: GatewayPayment, query: string) => {
    if (faults.ipnDown || !ipnUrl) return;
    const mine = generation;
    const url = ipnUrl;
    const forged = faults.forgeNext === true;
    faults.forgeNext = false;
    // A forged IPN: the same parameters, the last checksum digit changed.
    const sent = forged ? query.replace(/.$/, (c) => (c === '0' ? '1' : '0')) : query;
    const times = faults.ipnRepeat ?? 1;
    const tries = faults.ipnAttempts ?? opts.ipnAttempts ?? 3;
    const pause = faults.ipnRetryMs ?? opts.ipnRetryMs ?? 100;
    void pending.add((async () => {
      for (let delivery = 0; delivery < times && mine === generation; delivery++) {
        for (let attempt = 1; attempt <= tries && mine === generation; attempt++) {
          const call: IpnCall = { at: now().toISOString(), attempt, forged, status: 0 };
          p.ipn.push(call);
          try {
            const res = await fetch(`${url}${url.includes('?') ? '&' : '?'}${sent}`, { signal: AbortSignal.timeout(5000) });
            call.status = res.status;
            const rsp = (safeJson(await res.text()) as { RspCode?: unknown } | undefined)?.RspCode;
            if (typeof rsp === 'string' && /^\d{2}$/.test(rsp)) call.rspCode = rsp;
          } catch {
            call.status = 0;
          }
          log(`payment-gateway: IPN ${p.txnRef} attempt ${attempt} -> ${call.status} ${call.rspCode ?? '-'}`);
          if (call.rspCode === '00' || call.rspCode === '02') break;
          if (attempt < tries) await new Promise((r) => setTimeout(r, pause));
        }
      }
    })());
  };

  /** querydr (querydr&refund.html): the request's `|`-joined checksum, the answer signed alike. */
  const querydr = (raw: string): Record<string, string> => {
    const body = safeJson(raw) as Record<string, unknown> | undefined;
    const s = (k: string) => (typeof body?.[k] === 'string' ? (body[k] as string) : '');
    const requestId = s('vnp_RequestId');
    const answer = (fields: Record<string, string>): Record<string, string> => {
      const all: Record<string, string> = { vnp_ResponseId: `R${requestId || '0'}`, vnp_Command: 'querydr', vnp_TmnCode: opts.tmnCode, ...fields };
      const order = ['vnp_ResponseId', 'vnp_Command', 'vnp_ResponseCode', 'vnp_Message', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_Amount', 'vnp_BankCode', 'vnp_PayDate', 'vnp_TransactionNo', 'vnp_TransactionType', 'vnp_TransactionStatus', 'vnp_OrderInfo', 'vnp_PromotionCode', 'vnp_PromotionAmount'];
      return { ...all, vnp_SecureHash: sign(order.map((k) => all[k] ?? '').join('|')) };
    };
    if (!body || typeof body !== 'object' || s('vnp_Command') !== 'querydr' || s('vnp_Version') !== '2.1.0' || !/^[A-Za-z0-9_-]{1,32}$/.test(requestId)) return answer({ vnp_ResponseCode: '03', vnp_Message: 'Dữ liệu gửi sang không đúng định dạng' });
    const data = ['vnp_RequestId', 'vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_TransactionDate', 'vnp_CreateDate', 'vnp_IpAddr', 'vnp_OrderInfo'].map(s).join('|');
    if (s('vnp_SecureHash').toLowerCase() !== sign(data)) return answer({ vnp_ResponseCode: '97', vnp_Message: 'Checksum không hợp lệ' });
    if (s('vnp_TmnCode') !== opts.tmnCode) return answer({ vnp_ResponseCode: '02', vnp_Message: 'Mã định danh kết nối không hợp lệ' });
    const p = attempts.get(s('vnp_TxnRef'));
    if (!p || p.createDate !== s('vnp_TransactionDate')) return answer({ vnp_ResponseCode: '91', vnp_Message: 'Không tìm thấy giao dịch yêu cầu' });
    const result = Object.fromEntries(new URLSearchParams(p.result ?? ''));
    // Open: 01 "chưa hoàn tất" until vnp_ExpireDate, then 02 like a failed one (unconfirmed: VNPay's wording for an expired attempt).
    const status = p.status === 'paid' ? '00' : p.status === 'open' && gmt7(now()) <= p.expireDate ? '01' : '02';
    return answer({
      vnp_ResponseCode: '00',
      vnp_Message: 'Yêu cầu thành công',
      vnp_TxnRef: p.txnRef,
      vnp_Amount: String(p.amount * 100),
      vnp_BankCode: result.vnp_BankCode ?? '',
      vnp_PayDate: result.vnp_PayDate ?? '',
      vnp_TransactionNo: p.transactionNo ?? '0',
      vnp_TransactionType: '01',
      vnp_TransactionStatus: status,
      vnp_OrderInfo: p.orderInfo,
    });
  };

  const control = (req: IncomingMessage, res: ServerResponse, url: URL, raw: string) => {
    const action = /^\/_gateway\/payments\/([^/]{1,100})\/(complete|fail|abandon)$/.exec(url.pathname);
    if (req.method === 'POST' && action) {
      const txnRef = decodeURIComponent(action[1]!);
      const code = (safeJson(raw) as { responseCode?: unknown } | undefined)?.responseCode;
      try {
        if (action[2] === 'abandon') return (gateway.abandon(txnRef), send(res, 200, {}));
        return send(res, 200, action[2] === 'complete' ? gateway.complete(txnRef) : gateway.fail(txnRef, typeof code === 'string' ? code : undefined));
      } catch (error) {
        if (!(error instanceof GatewayRefusal)) throw error;
        return send(res, error.status, { type: `urn:motcua:payment-gateway:${error.status}`, title: error.message, status: error.status, field: 'txnRef' });
      }
    }
    if (req.method === 'GET' && url.pathname === '/_gateway/payments') {
      const txnRef = url.searchParams.get('txnRef');
      return send(res, 200, { payments: gateway.payments(txnRef ? { txnRef } : {}) });
    }
    if (req.method === 'PUT' && url.pathname === '/_gateway/faults') {
      const parsed = paymentFaultsSchema.safeParse(safeJson(raw));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return send(res, 400, { type: 'urn:motcua:payment-gateway:400', title: 'Dữ liệu không hợp lệ', status: 400, field: issue.path.map(String).join('.') || 'body', detail: issue.message });
      }
      gateway.configure(parsed.data);
      return send(res, 204);
    }
    if (req.method === 'DELETE' && url.pathname === '/_gateway') return (gateway.reset(), send(res, 204));
    send(res, 404, { type: 'urn:motcua:payment-gateway:404', title: 'Không tìm thấy', status: 404 });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL, raw: string) => {
    if (url.pathname.startsWith('/_gateway')) return control(req, res, url, raw);
    if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
    if (req.method === 'GET' && url.pathname === '/paymentv2/vpcpay.html') {
      try {
        return page(res, 200, payPage(open(url), opts.tmnCode));
      } catch (error) {
        if (!(error instanceof GatewayRefusal)) throw error;
        log(`payment-gateway: refused a payment request with code ${error.code}`);
        return page(res, error.status, errorPage(error.code));
      }
    }
    const form = /^\/paymentv2\/_pay\/([^/]{1,100})$/.exec(url.pathname);
    if (req.method === 'POST' && form) {
      const choice = new URLSearchParams(raw).get('action');
      try {
        const { returnUrl } = finish(decodeURIComponent(form[1]!), choice === 'pay' ? '00' : '24');
        return void res.writeHead(303, { location: returnUrl }).end();
      } catch (error) {
        if (!(error instanceof GatewayRefusal)) throw error;
        return page(res, error.status, errorPage(error.code));
      }
    }
    if (req.method === 'POST' && url.pathname === '/merchant_webapi/api/transaction') return send(res, 200, querydr(raw));
    send(res, 404, { code: '404', message: 'Không tìm thấy' });
  };

  const server = await startStandInServer({
    port: opts.port,
    maxBody,
    tooLarge: (res) => send(res, 413, { code: '413', message: 'Nội dung yêu cầu quá lớn' }),
    crashed: (res) => send(res, 500, { code: '99', message: 'Lỗi hệ thống' }),
    handle,
  });
  const base = server.url;

  const gateway: LocalPaymentGateway = {
    url: base,
    payUrl: `${base}/paymentv2/vpcpay.html`,
    apiUrl: `${base}/merchant_webapi/api/transaction`,
    complete: (txnRef) => finish(txnRef, '00'),
    fail: (txnRef, responseCode = '51') => finish(txnRef, /^\d{2}$/.test(responseCode) && responseCode !== '00' ? responseCode : '99'),
    abandon: (txnRef) => {
      const p = attempts.get(txnRef);
      if (!p) throw new GatewayRefusal('404', 404);
      if (p.status !== 'open') throw new GatewayRefusal('409', 409);
      log(`payment-gateway: ${txnRef} left to expire at ${p.expireDate}`);
    },
    payments: (filter = {}) =>
      [...attempts.values()].filter((p) => !filter.txnRef || p.txnRef === filter.txnRef).map(({ request: _request, ...p }) => structuredClone(p)),
    configure: (f) => {
      faults = { ...faults, ...structuredClone(f) };
    },
    setIpnUrl: (u) => {
      ipnUrl = u;
    },
    reset: () => {
      generation++;
      attempts = new Map();
      faults = {};
    },
    settled: () => pending.settled(),
    stop: () => {
      generation++;
      return server.stop(pending.settled);
    },
  };
  log(`payment-gateway: listening on ${gateway.payUrl}`);
  return gateway;
}

/**
 * The signed string, computed here independently of the adapter: sorted `vnp_*` names, values
 * form-urlencoded as Java's URLEncoder does (VNPay's Java demo): unreserved `A-Z a-z 0-9 * - . _`,
 * space as `+`, every other UTF-8 byte as upper-case `%XX`.
 */
function signData(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType' && params[k] !== '')
    .sort()
    .map((k) => `${formEncode(k)}=${formEncode(params[k]!)}`)
    .join('&');
}

function formEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9*\-._]/.test(c) ? c : byte === 0x20 ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** yyyyMMddHHmmss in GMT+7, written here on its own too. */
function gmt7(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function validTime(text: string): boolean {
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(8, 10)}:${text.slice(10, 12)}:${text.slice(12, 14)}+07:00`;
  const at = new Date(iso);
  return !Number.isNaN(at.getTime()) && gmt7(at) === text;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function payPage(p: GatewayPayment, tmnCode: string): string {
  const due = `${p.expireDate.slice(8, 10)}:${p.expireDate.slice(10, 12)} ngày ${p.expireDate.slice(6, 8)}/${p.expireDate.slice(4, 6)}/${p.expireDate.slice(0, 4)}`;
  return html(
    'Thanh toán trực tuyến',
    `<main>
<h1>Cổng thanh toán (môi trường thử)</h1>
<dl>
<dt>Đơn vị nhận</dt><dd>${escapeHtml(tmnCode)}</dd>
<dt>Mã giao dịch</dt><dd>${escapeHtml(p.txnRef)}</dd>
<dt>Nội dung</dt><dd>${escapeHtml(p.orderInfo)}</dd>
<dt>Số tiền</dt><dd data-amount="${p.amount}">${escapeHtml(formatVnd(p.amount))}</dd>
<dt>Hạn thanh toán</dt><dd>${escapeHtml(due)}</dd>
</dl>
<form method="post" action="/paymentv2/_pay/${encodeURIComponent(p.txnRef)}">
<label for="bank">Ngân hàng</label>
<select id="bank" name="bank"><option value="NCB">NCB</option><option value="VNPAYQR">VNPAY-QR</option></select>
<button type="submit" name="action" value="pay">Thanh toán</button>
<button type="submit" name="action" value="cancel">Hủy</button>
</form>
</main>`,
  );
}

function errorPage(code: string): string {
  return html('Thông báo lỗi', `<main role="alert"><h1>Giao dịch không thành công</h1><p>${escapeHtml(payPageErrors[code] ?? 'Giao dịch không thành công')}</p><p>Mã lỗi: <strong data-code="${escapeHtml(code)}">${escapeHtml(code)}</strong></p></main>`);
}

function html(title: string, body: string): string {
  return `<!doctype html>\n<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

function page(res: ServerResponse, status: number, body: string) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
}

function send(res: ServerResponse, status: number, body?: unknown) {
  if (res.headersSent || res.destroyed) return;
  if (body === undefined) return void res.writeHead(status).end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
