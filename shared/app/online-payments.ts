/**
 * Online payment of a payment request through the gateway (issue 12, item 3; VNPay's PAY API
 * 2.1.0, docs/payment-integration.md): the citizen starts an attempt and is sent to the gateway's
 * page; the gateway's server-to-server notification (IPN) records the outcome and, when paid,
 * settles the request with a receipt (`pay`, shared/app/payments.ts); the browser's return only
 * shows it. An attempt that got no notification is settled by querydr when the citizen starts the
 * next one.
 *
 * Attempts live on their request (`payments.<id>.online`, newest last) and each txnRef has a lookup
 * item (shared/aws/money-store.ts) written in the same transaction, so the notification finds its
 * dossier and no txnRef is handed out twice. Logs carry refs, txnRefs, amounts and codes, never a
 * payer (ARCHITECTURE.md: no personal data in logs).
 */
import type { TransactItem } from '../aws/dossier-store.ts';
import type { OnlineAttemptRecord } from '../aws/money-store.ts';
import { ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from '../domain/errors.ts';
import { formatVnd } from '../domain/money/format.ts';
import { vnDateText, vnTimeText } from '../domain/money/local-time.ts';
import { onlineAttemptsView, type PaymentRequest } from '../domain/money/requests.ts';
import { stateOf, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { quoteValue } from '../domain/text.ts';
import { PaymentFormatError, PaymentGatewayError, PaymentSignatureError, type PaymentProvider, type PaymentResult } from '../partners/payment/provider.ts';
import { pay, type MoneyDeps } from './payments.ts';

/**
 * How long an attempt may take, sent as vnp_ExpireDate. Long enough for a bank's OTP or a QR scan;
 * short, because the request waits for it: the gateway refuses the payment after this moment
 * (pay.html, vnp_ExpireDate), so once it passes no money can be taken for the attempt and a new
 * one can start without risk of a second charge. 15 minutes is also VNPay's demos' value
 * (unconfirmed as a VNPay rule).
 */
export const onlineAttemptMinutes = 15;

export interface OnlinePaymentDeps extends MoneyDeps {
  gateway: () => Promise<PaymentProvider>;
  /** For the operator: a double payment to refund, a suspected one to check (facts without personal data). */
  warn: (message: string, facts: Record<string, unknown>) => void;
}

type OnlineAttempt = NonNullable<PaymentRequest['online']>[number];
type StoredRequest = PaymentRequest & { rev?: number };
type MoneyDossier = Dossier & { payments?: Record<string, StoredRequest> };

/** What the citizen gets back: where to pay, and the attempts so far as the request's page shows them. */
export interface OnlineStart {
  requestId: string;
  txnRef: string;
  paymentUrl: string;
  amount: number;
  amountText: string;
  expiresAt: string;
  /** `HH:mm dd/mm/yyyy` in Vietnam. */
  expiresAtText: string;
  /** True when an attempt still running was answered again instead of a new one. */
  resumed: boolean;
  attempts: ReturnType<typeof onlineAttemptsView>;
}

export { onlineAttemptsView } from '../domain/money/requests.ts';

const expiresText = (at: string) => `${vnTimeText(at)} ${vnDateText(at)}`;

/** The txnRef of a dossier's n-th attempt: the reference without `HS-`, a dash, n (VNPay's Alphanumeric[1,100], `A-Z 0-9 -`). Example: `onlineTxnRef('HS-K7Q2M4ZX3A', 2)` → `K7Q2M4ZX3A-2`. */
export const onlineTxnRef = (ref: string, n: number) => `${ref.replace(/^HS-/, '')}-${n}`;


/**
 * Starts (or answers again) an online payment of an open request. 400 naming `requestId` for a
 * request the dossier does not have; 409 when it is paid or cancelled, or paid meanwhile by an
 * attempt whose notification never came (found by querydr); 503 when the gateway cannot say
 * whether the previous attempt was paid.
 */
export async function startOnlinePayment(deps: OnlinePaymentDeps, ref: string, input: { requestId: string; returnUrl: string; ipAddr: string }): Promise<OnlineStart> {
  const gateway = await deps.gateway();
  for (let round = 0; round < 5; round++) {
    const dossier = (await deps.store.getDossier(ref)) as MoneyDossier | undefined;
    if (!dossier) throw new NotFoundError(`không có hồ sơ ${quoteValue(ref)}`);
    const request = openRequest(dossier, input.requestId);
    const now = deps.now();
    const attempts = request.online ?? [];
    const last = attempts.at(-1);
    // One attempt at a time: the one still running is answered again (no second charge).
    if (last && !last.outcome && now.getTime() < Date.parse(last.expiresAt)) return answerFor(deps, gateway, request, last.txnRef, true, now);
    // The last attempt ran out without a notification: the gateway says whether it was paid.
    if (last && !last.outcome && (await settleByQuery(deps, gateway, dossier, request, last, now)) === 'settled') continue;
    const n = Object.values(dossier.payments ?? {}).reduce((s, r) => s + (r.online?.length ?? 0), 0) + 1;
    const startedAt = now.toISOString();
    const record: OnlineAttemptRecord = {
      txnRef: onlineTxnRef(dossier.ref, n),
      gateway: gateway.id,
      dossierRef: dossier.ref,
      requestId: request.id,
      amount: request.totals.total,
      createdAt: startedAt,
      expiresAt: new Date(now.getTime() + onlineAttemptMinutes * 60_000).toISOString(),
      // Unaccented, no personal data: VNPay shows and keeps it (docs/payment-integration.md).
      orderInfo: `Thanh toan ho so ${dossier.code ?? dossier.ref}`,
      returnUrl: input.returnUrl,
      ipAddr: input.ipAddr,
    };
    // Signed before anything is written: a request the protocol cannot carry leaves nothing behind.
    gateway.paymentUrl(requestOf(record));
    const attempt: OnlineAttempt = { txnRef: record.txnRef, startedAt, expiresAt: record.expiresAt };
    const outcome = await commitAttempts(deps, dossier, request, [...attempts, attempt], [deps.money.onlineAttemptItem(record)]);
    if (outcome === 'committed') return answerFor(deps, gateway, { ...request, online: [...attempts, attempt] }, record.txnRef, false, now, record);
  }
  throw new ConflictError('hồ sơ vừa được cập nhật bởi người khác, vui lòng thử lại');
}

/** The answer to a retried start (the same Idempotency-Key): the request's latest attempt, as first answered. */
export async function replayOnlineStart(deps: OnlinePaymentDeps, ref: string, requestId: string): Promise<OnlineStart> {
  const dossier = (await deps.store.getDossier(ref)) as MoneyDossier | undefined;
  const request = dossier?.payments?.[requestId];
  const last = request?.online?.at(-1);
  if (!request || !last) throw new NotFoundError('không có giao dịch thanh toán trực tuyến cho yêu cầu này');
  return answerFor(deps, await deps.gateway(), request, last.txnRef, true, deps.now());
}

function openRequest(dossier: MoneyDossier, requestId: string): StoredRequest {
  const request = dossier.payments?.[requestId];
  if (!request) throw ValidationError.field('requestId', 'hồ sơ không có yêu cầu nộp tiền này');
  if (request.status === 'paid') throw new ConflictError(`yêu cầu nộp tiền ${request.id} đã được thanh toán`);
  if (request.status !== 'open') throw new ConflictError(`yêu cầu nộp tiền ${request.id} đã bị hủy`);
  return request;
}

const requestOf = (r: OnlineAttemptRecord) => ({ txnRef: r.txnRef, amount: r.amount, orderInfo: r.orderInfo, returnUrl: r.returnUrl, ipAddr: r.ipAddr, createdAt: new Date(r.createdAt), expiresAt: new Date(r.expiresAt) });

async function answerFor(deps: OnlinePaymentDeps, gateway: PaymentProvider, request: PaymentRequest, txnRef: string, resumed: boolean, now: Date, known?: OnlineAttemptRecord): Promise<OnlineStart> {
  const record = known ?? (await deps.money.getOnlineAttempt(txnRef));
  if (!record) throw new Error(`online attempt ${txnRef} has no lookup item`);
  // The same parameters sign to the same URL: the gateway takes it as the same attempt.
  return {
    requestId: request.id,
    txnRef,
    paymentUrl: gateway.paymentUrl(requestOf(record)),
    amount: record.amount,
    amountText: formatVnd(record.amount),
    expiresAt: record.expiresAt,
    expiresAtText: expiresText(record.expiresAt),
    resumed,
    attempts: onlineAttemptsView(request, now),
  };
}

/** Writes a request's attempts, guarded by its `rev` (the change has no event, so the version alone would not catch a concurrent one). */
function commitAttempts(deps: OnlinePaymentDeps, dossier: MoneyDossier, request: StoredRequest, online: OnlineAttempt[], also: TransactItem[] = []) {
  return deps.store.commit(dossier, stateOf(dossier), [] as DossierEvent[], {
    set: { [`payments.${request.id}.online`]: online, [`payments.${request.id}.rev`]: (request.rev ?? 0) + 1 },
    guard: { path: `payments.${request.id}`, rev: request.rev },
    also,
  });
}

/** Asks the gateway about an attempt that expired without a notification; settles it when it was paid. */
async function settleByQuery(deps: OnlinePaymentDeps, gateway: PaymentProvider, dossier: MoneyDossier, request: StoredRequest, attempt: OnlineAttempt, now: Date): Promise<'settled' | 'not-paid'> {
  const record = await deps.money.getOnlineAttempt(attempt.txnRef);
  if (!record) throw new Error(`online attempt ${attempt.txnRef} has no lookup item`);
  let found;
  try {
    found = await gateway.query({
      txnRef: record.txnRef,
      transactionDate: new Date(record.createdAt),
      // Unique per query and day (querydr&refund.html): the attempt and the moment.
      requestId: `${record.txnRef}-${now.getTime().toString(36)}`.slice(-32).replace(/^-+/, ''),
      requestedAt: now,
      ipAddr: record.ipAddr,
      orderInfo: `Truy van ${record.orderInfo.replace(/^Thanh toan /, '')}`.slice(0, 255),
    });
  } catch (error) {
    if (error instanceof PaymentGatewayError || error instanceof PaymentSignatureError || error instanceof PaymentFormatError) {
      deps.warn('payment.query-failed', { dossierRef: dossier.ref, txnRef: record.txnRef, code: error instanceof PaymentGatewayError ? error.code : error.name });
      throw new ServiceUnavailableError('chưa xác định được kết quả lần thanh toán trước với cổng thanh toán, vui lòng thử lại sau ít phút', 30);
    }
    throw error;
  }
  if (!found.found || found.outcome === 'failed' || found.outcome === 'expired' || found.outcome === 'cancelled') return 'not-paid';
  if (found.outcome === 'paid') {
    const kind = await recordResult(deps, found);
    if (kind === 'confirmed' || kind === 'already-confirmed') return 'settled';
    deps.warn('payment.query-unmatched', { dossierRef: dossier.ref, txnRef: record.txnRef, answer: kind });
    throw new ConflictError('lần thanh toán trước không khớp với yêu cầu nộp tiền; vui lòng liên hệ bưu điện');
  }
  // Pending after its expiry, or held as suspected: not paid yet, not free to start again.
  deps.warn('payment.unsettled', { dossierRef: dossier.ref, txnRef: record.txnRef, outcome: found.outcome });
  throw new ConflictError('lần thanh toán trước đang được cổng thanh toán xử lý; vui lòng thử lại sau');
}

/** What the IPN answers, in the gateway's words (./../partners/payment/provider.ts, IpnAnswerKind). */
type IpnKind = Parameters<PaymentProvider['ipnAnswer']>[0];

/**
 * The gateway's notification (IPN): its checksum verified first (97, nothing recorded), then
 * the attempt by txnRef (01), the amount to the đồng (04); a paid result settles the request once
 * (00; the same notification again: 02), a failed or cancelled one is recorded on the attempt.
 * Answers the JSON body VNPay expects (always with HTTP 200).
 */
export async function receiveNotification(deps: OnlinePaymentDeps, query: Record<string, string>): Promise<{ RspCode: string; Message: string }> {
  const gateway = await deps.gateway();
  let result: PaymentResult;
  try {
    result = gateway.readResult(query);
  } catch (error) {
    if (error instanceof PaymentSignatureError) return gateway.ipnAnswer('invalid-signature');
    if (error instanceof PaymentFormatError) return gateway.ipnAnswer('other');
    throw error;
  }
  return gateway.ipnAnswer(await recordResult(deps, result));
}

async function recordResult(deps: OnlinePaymentDeps, result: PaymentResult): Promise<IpnKind> {
  const record = await deps.money.getOnlineAttempt(result.txnRef);
  if (!record) return 'order-not-found';
  if (result.amount !== record.amount) {
    deps.warn('payment.amount-mismatch', { dossierRef: record.dossierRef, txnRef: record.txnRef, expected: record.amount, notified: result.amount });
    return 'invalid-amount';
  }
  for (let round = 0; round < 5; round++) {
    const dossier = (await deps.store.getDossier(record.dossierRef)) as MoneyDossier | undefined;
    const request = dossier?.payments?.[record.requestId];
    if (!dossier || !request) return 'order-not-found';
    const attempts = request.online ?? [];
    const attempt = attempts.find((a) => a.txnRef === record.txnRef);
    if (attempt?.outcome) return 'already-confirmed';
    if (result.outcome === 'paid') {
      if (request.status === 'open') {
        try {
          await pay(deps, dossier.ref, { requestId: request.id, amount: record.amount, method: 'online', collector: { kind: 'gateway', id: record.gateway }, txnRef: record.txnRef });
        } catch (error) {
          // Paid meanwhile (another notification, the counter): read again and decide.
          if (error instanceof ConflictError) continue;
          throw error;
        }
        await markOutcome(deps, record, 'paid');
        return 'confirmed';
      }
      if (!(await paidBy(deps, dossier.ref, record.txnRef))) {
        // Money taken twice for one request (cash, another attempt): for the post office to refund, never automatically.
        deps.warn('payment.double', { dossierRef: dossier.ref, requestId: request.id, txnRef: record.txnRef, amount: record.amount, receiptId: request.receiptId, refund: 'to be decided by the post office' });
      }
      await markOutcome(deps, record, 'paid');
      return 'already-confirmed';
    }
    if (result.outcome === 'suspected') {
      // Money taken but held by VNPay: the post office accepts or refuses it in VNPay's portal.
      deps.warn('payment.suspected', { dossierRef: dossier.ref, requestId: request.id, txnRef: record.txnRef, amount: record.amount });
      return 'confirmed';
    }
    if (result.outcome === 'pending') return 'other';
    // failed, cancelled by the payer, expired at the gateway: nothing was taken.
    const outcome = result.outcome === 'cancelled' ? 'cancelled' : 'failed';
    if ((await markOutcome(deps, record, outcome)) === 'done') return 'confirmed';
  }
  throw new ConflictError('hồ sơ vừa được cập nhật bởi người khác, vui lòng thử lại');
}

/** Whether the dossier's history has the payment of this txnRef (the receipt's event names it). */
async function paidBy(deps: OnlinePaymentDeps, ref: string, txnRef: string): Promise<boolean> {
  const all = await deps.store.getWithEvents(ref);
  return (all?.events ?? []).some((e) => e.type === 'payment.received' && (e.data as { txnRef?: unknown } | undefined)?.txnRef === txnRef);
}

/** Records an attempt's outcome (once); `raced` when the request changed meanwhile. */
async function markOutcome(deps: OnlinePaymentDeps, record: OnlineAttemptRecord, outcome: NonNullable<OnlineAttempt['outcome']>): Promise<'done' | 'raced'> {
  for (let round = 0; round < 5; round++) {
    const dossier = (await deps.store.getDossier(record.dossierRef)) as MoneyDossier | undefined;
    const request = dossier?.payments?.[record.requestId];
    if (!dossier || !request) return 'done';
    const attempts = request.online ?? [];
    if (attempts.find((a) => a.txnRef === record.txnRef)?.outcome) return 'done';
    // An attempt a concurrent change lost from the request (its lookup item stays) is put back.
    const known = attempts.some((a) => a.txnRef === record.txnRef);
    const online = known ? attempts.map((a) => (a.txnRef === record.txnRef ? { ...a, outcome } : a)) : [...attempts, { txnRef: record.txnRef, startedAt: record.createdAt, expiresAt: record.expiresAt, outcome }];
    if ((await commitAttempts(deps, dossier, request, online)) === 'committed') return 'done';
  }
  return 'raced';
}

/** What the citizen's page shows on the browser's return: read from the signed result, nothing recorded. */
export interface ReturnView {
  outcome: PaymentResult['outcome'];
  txnRef: string;
  dossierRef: string;
  dossierCode?: string;
  amount: number;
  amountText: string;
  /** The receipt, once the notification has settled the request. */
  receiptId?: string;
}

/** The browser's return from the gateway: 400 naming `vnp_SecureHash` when the checksum fails, 404 for a txnRef motcua never started. */
export async function readReturn(deps: OnlinePaymentDeps, query: Record<string, string>): Promise<ReturnView> {
  const gateway = await deps.gateway();
  let result: PaymentResult;
  try {
    result = gateway.readResult(query);
  } catch (error) {
    if (error instanceof PaymentSignatureError) throw ValidationError.field('vnp_SecureHash', 'chữ ký kết quả thanh toán không đúng');
    if (error instanceof PaymentFormatError) throw ValidationError.field(error.field, 'kết quả thanh toán không đúng định dạng');
    throw error;
  }
  const record = await deps.money.getOnlineAttempt(result.txnRef);
  if (!record) throw new NotFoundError(`không có giao dịch ${quoteValue(result.txnRef)}`);
  const dossier = (await deps.store.getDossier(record.dossierRef)) as MoneyDossier | undefined;
  const request = dossier?.payments?.[record.requestId];
  const paidHere = request?.status === 'paid' && request.receiptId && request.online?.some((a) => a.txnRef === record.txnRef && a.outcome === 'paid');
  return {
    outcome: result.outcome,
    txnRef: result.txnRef,
    dossierRef: record.dossierRef,
    ...(dossier?.code ? { dossierCode: dossier.code } : {}),
    amount: result.amount,
    amountText: formatVnd(result.amount),
    ...(paidHere ? { receiptId: request.receiptId } : {}),
  };
}
