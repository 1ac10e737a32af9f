/**
 * Payment requests (yêu cầu thực hiện nghĩa vụ tài chính): what a dossier is asked to pay, by
 * whom, when, and whether the clock waits for it. Kept on the dossier (`payments`), each one
 * settled by exactly one issued receipt; a cancelled receipt opens it again. Pure.
 *
 * - The opening request is raised with the dossier: the procedure's fees and charges assessed
 *   for the channel and the applicant (assessment.ts) plus the postal charges quoted for the
 *   services chosen. It is due before processing but does not stop a clock that has not started.
 * - An agency raises a request later for fees known only after processing (issue 12, item 2):
 *   its own lines, due before or after the result, and `pausesClock` (the state machine's
 *   request-fee: awaiting payment; BRIEF correction 5: waiting for a fee pauses the clock).
 */
import { ConflictError, ValidationError } from '../errors.ts';
import { formatVnd } from './format.ts';
import { totalsOf, type AssessedLine, type Assessment, type AssessmentTotals } from './assessment.ts';
import { isVnd } from './integer.ts';
import type { Payer, Receipt } from './receipts.ts';
import type { Dossier } from '../dossier.ts';

export type PaymentDue = 'before-processing' | 'after-processing';
export type PaymentRequestStatus = 'open' | 'paid' | 'cancelled';

export interface PaymentRequest {
  id: string;
  raisedAt: string;
  /** Who asked: the system with the dossier (`opening`), or an agency after processing. */
  raisedBy: { kind: 'opening' } | { kind: 'agency'; agencyId: string; by: string };
  due: PaymentDue;
  /** The clock waits until it is paid (agency requests only; see the module comment). */
  pausesClock: boolean;
  payer: Payer;
  lines: AssessedLine[];
  totals: AssessmentTotals;
  status: PaymentRequestStatus;
  /** The receipt that settled it (the last one, if an earlier one was cancelled). */
  receiptId?: string;
  paidAt?: string;
  /** Online payments started for it (the gateway's transaction references), newest last. */
  online?: { txnRef: string; startedAt: string; expiresAt: string; outcome?: 'paid' | 'failed' | 'cancelled' }[];
  note?: string;
}

/** The opening request of a dossier, from its assessment; none when nothing is owed. */
export function openingRequest(input: { id: string; at: string; payer: Payer; assessment: Assessment }): PaymentRequest | undefined {
  if (input.assessment.totals.total === 0) return undefined;
  return {
    id: input.id,
    raisedAt: input.at,
    raisedBy: { kind: 'opening' },
    due: 'before-processing',
    pausesClock: false,
    payer: input.payer,
    lines: input.assessment.lines,
    totals: input.assessment.totals,
    status: 'open',
  };
}

/** A line an agency asks for: a fee, charge or tax of its own, whole VND. */
export interface RequestedLine {
  label: string;
  kind: 'fee' | 'charge' | 'tax';
  amount: number;
  quantity?: number;
  legalSource: string;
}

/** An agency's request for fees known after processing; its lines are the agency's (remitted to it). */
export function agencyRequest(input: { id: string; at: string; payer: Payer; agencyId: string; by: string; lines: RequestedLine[]; due: PaymentDue; pausesClock: boolean; note?: string }): PaymentRequest {
  if (input.lines.length === 0) throw ValidationError.field('lines', 'cần ít nhất một khoản phải nộp');
  const lines: AssessedLine[] = input.lines.map((l, i) => {
    const quantity = l.quantity ?? 1;
    if (!isVnd(l.amount) || l.amount <= 0) throw ValidationError.field(`lines.${i}.amount`, 'số tiền là số nguyên đồng lớn hơn 0');
    if (!Number.isSafeInteger(quantity) || quantity < 1) throw ValidationError.field(`lines.${i}.quantity`, 'số lượng là số nguyên từ 1');
    return { code: `${l.kind}:agency-${i + 1}`, label: l.label, kind: l.kind, payee: 'agency', quantity, unitAmount: l.amount, amount: l.amount * quantity, legalSource: l.legalSource };
  });
  if (!lines.every((l) => isVnd(l.amount))) throw ValidationError.field('lines', 'tổng số tiền quá lớn');
  if (input.pausesClock && input.due !== 'before-processing') throw ValidationError.field('pausesClock', 'chỉ khoản phải nộp trước khi giải quyết mới dừng thời hạn');
  return {
    id: input.id,
    raisedAt: input.at,
    raisedBy: { kind: 'agency', agencyId: input.agencyId, by: input.by },
    due: input.due,
    pausesClock: input.pausesClock,
    payer: input.payer,
    lines,
    totals: totalsOf(lines),
    status: 'open',
    ...(input.note ? { note: input.note } : {}),
  };
}

/**
 * The request a payment is for: open, and the amount the payer hands over equal to what it asks
 * (no part payments: one receipt settles one request). 409 when it is paid or cancelled.
 */
export function payable(request: PaymentRequest | undefined, amount: number, field = 'amount'): PaymentRequest {
  if (!request) throw ValidationError.field('requestId', 'không có yêu cầu nộp tiền này');
  if (request.status === 'paid') throw new ConflictError(`yêu cầu nộp tiền ${request.id} đã được thanh toán`);
  if (request.status === 'cancelled') throw new ConflictError(`yêu cầu nộp tiền ${request.id} đã bị hủy`);
  if (!isVnd(amount) || amount !== request.totals.total)
    throw ValidationError.field(field, `số tiền phải đúng ${formatVnd(request.totals.total)} (đã nhận ${isVnd(amount) ? formatVnd(amount) : 'không hợp lệ'})`);
  return request;
}

/** The request settled by a receipt. */
export function settledBy(request: PaymentRequest, receipt: Receipt): PaymentRequest {
  return { ...request, status: 'paid', receiptId: receipt.id, paidAt: receipt.issuedAt };
}

/** The request open again after its receipt was cancelled (the money was not, in the end, taken). */
export function reopened(request: PaymentRequest): PaymentRequest {
  const { receiptId: _r, paidAt: _p, ...rest } = request;
  return { ...rest, status: 'open' };
}

/**
 * The open requests of a dossier that ends without being handled (refused, withdrawn), cancelled:
 * nothing is owed for a dossier that will not be dealt with, and no money may be taken for it.
 * As the commit's `set` entries (`payments.<id>`), with `note` saying why.
 */
export function cancelledWithDossier(dossier: Pick<Dossier, 'payments'>, note: string): Record<string, PaymentRequest> {
  return Object.fromEntries(openRequests(dossier.payments).map((r) => [`payments.${r.id}`, { ...r, status: 'cancelled' as const, note }]));
}

/** Requests that still wait for money, oldest first. */
export function openRequests(payments: Record<string, PaymentRequest> | undefined): PaymentRequest[] {
  return Object.values(payments ?? {})
    .filter((r) => r.status === 'open')
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
}

/** An online attempt's state now: its recorded outcome, else `running` until its expiry and `expired` after. */
export function onlineAttemptsView(request: Pick<PaymentRequest, 'online'>, now: Date) {
  return (request.online ?? []).map((a) => ({ txnRef: a.txnRef, startedAt: a.startedAt, expiresAt: a.expiresAt, status: a.outcome ?? (now.getTime() < Date.parse(a.expiresAt) ? 'running' : 'expired') }));
}
