/**
 * Money collected for the agencies (issue 12): what a dossier owes, payment requests, payments by
 * each collector (clerk, postman, gateway) with their receipts, cancellations and refunds. Every
 * payment, cancellation and refund is written with its dossier event in one transaction (the
 * receipt and its series number in the same one), so the history, the receipts and the figures
 * never disagree, and a retried request never pays twice (one open request, one receipt).
 */
import { randomUUID } from 'node:crypto';
import type { DossierStore, TransactItem } from '../aws/dossier-store.ts';
import type { MoneyStore, StoredReceipt } from '../aws/money-store.ts';
import { dueAfterPause, type Calendar } from '../domain/calendar.ts';
import { applyCommand, dueFields, localIsoDate, stateOf, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { assessFees, type Assessment, type Quantities } from '../domain/money/assessment.ts';
import { formatVnd } from '../domain/money/format.ts';
import { cancelReceipt, formatReceiptNumber, issueReceipt, receiptSeries, refundFrom, type Collector, type PaymentMethod, type Receipt } from '../domain/money/receipts.ts';
import { vnDayOf } from '../domain/money/local-time.ts';
import { agencyRequest, onlineAttemptsView, openingRequest, payable, reopened, settledBy, type PaymentDue, type PaymentRequest, type RequestedLine } from '../domain/money/requests.ts';
import { quotePostal, type PostalQuote } from '../domain/postal/tariff.ts';
import type { Province } from '../domain/province.ts';
import type { DossierState } from '../domain/state-machine.ts';
import { quoteValue } from '../domain/text.ts';

export interface MoneyDeps {
  store: DossierStore;
  money: MoneyStore;
  province: Province;
  calendar: Calendar;
  now: () => Date;
}

/** What the applicant declares for the fees: categories (students, people with merit) and quantities (copies, pages, certificates). */
export interface FeeFacts {
  category?: string[];
  quantities?: Quantities;
}

type PaymentDossier = Dossier & { receipts?: Record<string, ReceiptSummary> };

/** The dossier keeps a summary of each of its receipts; the receipt itself is its own item. */
export interface ReceiptSummary {
  id: string;
  series: string;
  number: string;
  issuedAt: string;
  total: number;
  method: PaymentMethod;
  collectorKind: Collector['kind'];
  status: Receipt['status'];
  requestId: string;
  refunded?: number;
}

/**
 * What a dossier owes on a day: the procedure's fees for the channel and the applicant, and the
 * postal charges quoted. Unknown categories are a 400 naming the field.
 */
export function assess(province: Province, input: { procedureId: string; channel: Dossier['channel']; on: string; facts?: FeeFacts; postal?: PostalQuote }): Assessment {
  const procedure = province.procedures.get(input.procedureId);
  if (!procedure) throw new NotFoundError(`không có thủ tục ${quoteValue(input.procedureId)}`);
  checkCategories(province, input.facts);
  return assessFees({
    procedure,
    on: input.on,
    channel: input.channel,
    ...(input.facts?.category?.length ? { category: input.facts.category } : {}),
    ...(input.facts?.quantities ? { quantities: input.facts.quantities } : {}),
    ...(input.postal ? { postal: input.postal } : {}),
    reductions: province.feeReductions.reductions,
  });
}

/** Applicant categories must be the province's (fee-reductions.json): 400 naming the one that is not. */
function checkCategories(province: Province, facts: FeeFacts | undefined): void {
  (facts?.category ?? []).forEach((c, i) => {
    if (!(c in province.feeReductions.categories)) throw ValidationError.field(`fees.category.${i}`, `không có đối tượng ${quoteValue(c)}`);
  });
}

/**
 * The quote before a dossier exists (GET /v1/procedures/{id}/fee-quote): what it would owe on the
 * day, postal charges of the services chosen included; each amount also as text.
 */
export function feeQuote(
  province: Province,
  procedureId: string,
  query: { channel: Dossier['channel']; category?: string | undefined; unitId?: string | undefined; pickup: boolean; delivery: boolean } & Quantities,
  now: Date,
) {
  const { channel, category, unitId, pickup, delivery, ...quantities } = query;
  if ((pickup || delivery) && !unitId) throw ValidationError.field('unitId', 'cần đơn vị hành chính nơi bưu tá đến khi chọn dịch vụ bưu chính');
  const on = localIsoDate(now);
  const postal = (pickup || delivery) && unitId ? quotePostal(province, { procedureId, applicantUnitId: unitId, pickup, delivery, date: on }) : undefined;
  const assessment = assess(province, { procedureId, channel, on, facts: { ...(category ? { category: category.split(',') } : {}), quantities }, ...(postal ? { postal } : {}) });
  return { ...assessment, lines: assessment.lines.map((l) => ({ ...l, amountText: formatVnd(l.amount) })), totalText: formatVnd(assessment.totals.total) };
}

/**
 * The opening request of a new dossier, written with its creation: the assessment of the day for
 * its channel and applicant, postal charges included; its facts go on the creation event (no
 * event of its own: the request is part of what the citizen submitted, not news to tell). Nothing
 * when nothing is owed.
 */
export function withOpeningRequest(province: Province, created: { dossier: Dossier; events: DossierEvent[] }, now: Date, facts?: FeeFacts): { dossier: Dossier; events: DossierEvent[] } {
  const { dossier, events } = created;
  const procedure = province.procedures.get(dossier.procedureId);
  if (!procedure) throw new Error(`procedure ${dossier.procedureId} of ${dossier.ref} is not in the catalogue`);
  // Lines that need a fact the applicant has not declared (pages counted at the desk, a value
  // the tax office assesses) wait for a later request: the dossier is not refused for them.
  checkCategories(province, facts);
  const q = facts?.quantities ?? {};
  const known = procedure.fees.filter((f) => !((f.basis === 'of-value' && q.value === undefined) || (f.basis === 'per-page' && q.pages === undefined)));
  const assessment = assessFees({
    procedure: { ...procedure, fees: known },
    on: localIsoDate(now),
    channel: dossier.channel,
    ...(facts?.category?.length ? { category: facts.category } : {}),
    quantities: q,
    ...(dossier.postalCharges ? { postal: dossier.postalCharges } : {}),
    reductions: province.feeReductions.reductions,
  });
  const request = openingRequest({ id: randomUUID(), at: now.toISOString(), payer: payerOf(dossier), assessment });
  if (!request) return created;
  const [first, ...rest] = events;
  if (first?.type !== 'dossier.created') throw new Error('a dossier is created by its dossier.created event');
  return { dossier: { ...dossier, payments: { [request.id]: request } } as Dossier, events: [{ ...first, data: { ...first.data, payment: requestFacts(request, 'opening') } }, ...rest] };
}

/** The facts of a request an event carries: ids and amounts, no personal data. */
function requestFacts(request: PaymentRequest, stage: 'opening' | 'processing') {
  return { requestId: request.id, amount: request.totals.total, agencyAmount: request.totals.agency, postalAmount: request.totals.postal, due: request.due, pausesClock: request.pausesClock, stage, ...(request.raisedBy.kind === 'agency' ? { agencyId: request.raisedBy.agencyId } : {}) };
}

function payerOf(dossier: Pick<Dossier, 'applicant'>) {
  const a = dossier.applicant as { kind?: string; fullName?: string; name?: string };
  return { name: String(a.fullName ?? a.name ?? ''), kind: a.kind === 'organisation' ? ('organisation' as const) : ('person' as const) };
}

/** The agency whose money a request is: the agency that asked, or the competent agency (first of a chain). */
function payeeAgency(dossier: Dossier, request: PaymentRequest): string {
  return request.raisedBy.kind === 'agency' ? request.raisedBy.agencyId : (dossier.chainAgencies[0] ?? dossier.agencyId);
}

/** Commits a money change; a concurrent change of the dossier or of the series is read again and retried. */
async function commitWithRetry(
  deps: MoneyDeps,
  ref: string,
  make: (dossier: PaymentDossier) => Promise<{ state: DossierState; events: DossierEvent[]; set: Record<string, unknown>; also: TransactItem[]; guard?: { path: string; rev: number | undefined } } | 'done'>,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const dossier = (await deps.store.getDossier(ref)) as PaymentDossier | undefined;
    if (!dossier) throw new NotFoundError(`không có hồ sơ ${quoteValue(ref)}`);
    const change = await make(dossier);
    if (change === 'done') return;
    const outcome = await deps.store.commit(dossier, change.state, change.events, { set: change.set, also: change.also, ...(change.guard ? { guard: change.guard } : {}) });
    if (outcome === 'committed') return;
  }
  throw new ConflictError('hồ sơ vừa được cập nhật bởi người khác, vui lòng thử lại');
}


/**
 * A payment of one open request, in full, by a collector: the receipt numbered in the collector's
 * series, the request settled, the event on the history; a request that stopped the clock
 * resumes it, the due date moved by the time it waited (in the procedure's unit). Answers the
 * receipt. 409 when the request is already paid (the retry of a request that succeeded is
 * answered by the idempotency layer before this).
 */
export async function pay(deps: MoneyDeps, ref: string, input: { requestId: string; amount: number; method: PaymentMethod; collector: Collector; txnRef?: string }): Promise<StoredReceipt> {
  let issued: Receipt | undefined;
  await commitWithRetry(deps, ref, async (dossier) => {
    const request = payable(dossier.payments?.[input.requestId], input.amount);
    const now = deps.now();
    const at = now.toISOString();
    const series = receiptSeries(input.collector, Number(vnDayOf(at).slice(0, 4)));
    const last = await deps.money.seriesLast(series);
    const receipt = issueReceipt({
      id: `${series}-${formatReceiptNumber(last + 1)}`,
      next: last + 1,
      issuedAt: at,
      payer: request.payer,
      dossierRef: dossier.ref,
      ...(dossier.code ? { dossierCode: dossier.code } : {}),
      agencyId: payeeAgency(dossier, request),
      lines: request.lines,
      method: input.method,
      collector: input.collector,
    });
    issued = receipt;
    const paidEvent: DossierEvent = {
      eventId: randomUUID(),
      dossierRef: dossier.ref,
      seq: dossier.version + 1,
      type: 'payment.received',
      at,
      actor: input.collector.kind === 'clerk' ? 'clerk' : input.collector.kind === 'postman' ? 'courier' : 'system',
      data: { requestId: request.id, receiptId: receipt.id, series: receipt.series, number: receipt.number, amount: receipt.total, method: receipt.method, collector: input.collector.kind, ...(input.collector.servicePointId ? { servicePointId: input.collector.servicePointId } : {}), ...(input.txnRef ? { txnRef: input.txnRef } : {}) },
    };
    // The first receipt of a dossier creates its map; later ones add to it.
    const set: Record<string, unknown> = {
      [`payments.${request.id}`]: settledBy(request, receipt),
      ...(dossier.receipts ? { [`receipts.${receipt.id}`]: summaryOf(receipt, request.id) } : { receipts: { [receipt.id]: summaryOf(receipt, request.id) } }),
    };
    let state = stateOf(dossier);
    const events = [paidEvent];
    // The clock waited for this money: it runs again, the due date moved by the wait.
    if (request.pausesClock && dossier.status === 'awaiting-payment') {
      const resumed = applyCommand({ ...dossier, version: dossier.version + 1 }, { type: 'pay', actor: { role: 'system' } }, { eventId: randomUUID(), now, data: { requestId: request.id, receiptId: receipt.id } });
      state = resumed.state;
      const open = (dossier.pauses ?? []).findLast((p) => !p.to && p.reason === 'fee');
      const pauses = (dossier.pauses ?? []).map((p) => (p === open ? { ...p, to: at } : p));
      set.pauses = pauses;
      const procedure = deps.province.procedures.get(dossier.procedureId);
      if (open && dossier.dueAt && procedure && !pauses.some((p) => !p.to)) {
        const due = dueAfterPause(new Date(dossier.dueAt), { from: new Date(open.from), to: now }, procedure, deps.calendar);
        Object.assign(set, dueFields(due));
        resumed.event.data = { ...resumed.event.data, previousDueAt: dossier.dueAt, newDueAt: due.toISOString() };
      }
      events.push(resumed.event);
    }
    // An online attempt started meanwhile bumps the request's `rev` without an event: guard it too, so it is not overwritten.
    const rev = (request as PaymentRequest & { rev?: number }).rev;
    return { state, events, set, also: deps.money.receiptItems(receipt, last), guard: { path: `payments.${request.id}`, rev } };
  });
  return issued!;
}

function summaryOf(receipt: Receipt, requestId: string): ReceiptSummary {
  return { id: receipt.id, series: receipt.series, number: receipt.number, issuedAt: receipt.issuedAt, total: receipt.total, method: receipt.method, collectorKind: receipt.collector.kind, status: receipt.status, requestId };
}

/** The receipt a settled request was paid with: the answer replayed to a retried payment. */
export async function receiptOf(deps: Pick<MoneyDeps, 'store' | 'money'>, ref: string, requestId: string): Promise<StoredReceipt> {
  const dossier = (await deps.store.getDossier(ref)) as PaymentDossier | undefined;
  const id = dossier?.payments?.[requestId]?.receiptId;
  const receipt = id ? await deps.money.getReceipt(id) : undefined;
  if (!receipt) throw new NotFoundError('không có biên lai cho yêu cầu nộp tiền này');
  return receipt;
}

/** A receipt of the dossier (404 for one of another dossier: the path names the dossier). */
export async function dossierReceipt(deps: Pick<MoneyDeps, 'money'>, dossier: Dossier, receiptId: string): Promise<StoredReceipt> {
  const receipt = await deps.money.getReceipt(receiptId);
  if (!receipt || receipt.dossierRef !== dossier.ref) throw new NotFoundError(`hồ sơ không có biên lai ${quoteValue(receiptId)}`);
  return receipt;
}

/** Cancels a receipt with a reason (never deleted); its request is open again. */
export async function cancelPayment(deps: MoneyDeps, ref: string, receiptId: string, input: { reason: string; by: string }): Promise<StoredReceipt> {
  let cancelled: StoredReceipt | undefined;
  await commitWithRetry(deps, ref, async (dossier) => {
    const receipt = await dossierReceipt(deps, dossier, receiptId);
    if ((receipt.refunds ?? []).length > 0) throw new ConflictError('biên lai đã có khoản hoàn tiền: không hủy được, hãy hoàn phần còn lại');
    const now = deps.now().toISOString();
    const next = cancelReceipt(receipt, { reason: input.reason, at: now, by: input.by });
    cancelled = { ...receipt, ...next };
    const request = Object.values(dossier.payments ?? {}).find((r) => r.receiptId === receipt.id);
    const event: DossierEvent = { eventId: randomUUID(), dossierRef: dossier.ref, seq: dossier.version + 1, type: 'payment.cancelled', at: now, actor: 'clerk', data: { receiptId: receipt.id, series: receipt.series, number: receipt.number, amount: receipt.total, reason: next.cancellation!.reason, ...(request ? { requestId: request.id } : {}) } };
    return {
      state: stateOf(dossier),
      events: [event],
      set: { [`receipts.${receipt.id}.status`]: 'cancelled', ...(request ? { [`payments.${request.id}`]: reopened(request) } : {}) },
      also: [deps.money.cancelItem(next)],
    };
  });
  return cancelled!;
}

/** Money given back on a receipt: a refund record of its own (the receipt stays issued). */
export async function refundPayment(deps: MoneyDeps, ref: string, receiptId: string, input: { amount: number; reason: string; by: string; lines?: { code: string; amount: number }[] }): Promise<StoredReceipt> {
  let after: StoredReceipt | undefined;
  await commitWithRetry(deps, ref, async (dossier) => {
    const receipt = await dossierReceipt(deps, dossier, receiptId);
    const now = deps.now().toISOString();
    const refund = refundFrom(receipt, receipt.refunds ?? [], { id: randomUUID(), amount: input.amount, reason: input.reason, at: now, by: input.by, ...(input.lines ? { lines: input.lines } : {}) });
    after = { ...receipt, refunds: [...(receipt.refunds ?? []), refund] };
    const refunded = (receipt.refunds ?? []).reduce((s, r) => s + r.amount, 0) + refund.amount;
    const event: DossierEvent = { eventId: randomUUID(), dossierRef: dossier.ref, seq: dossier.version + 1, type: 'payment.refunded', at: now, actor: 'clerk', data: { receiptId: receipt.id, refundId: refund.id, amount: refund.amount, reason: refund.reason } };
    return { state: stateOf(dossier), events: [event], set: { [`receipts.${receipt.id}.refunded`]: refunded }, also: deps.money.refundItems(receipt, refund) };
  });
  return after!;
}

/**
 * An agency's request for fees known after processing (its own lines). With `pausesClock` the
 * dossier waits for the money (awaiting payment, the clock paused) until a collector records it.
 */
export async function requestFee(deps: MoneyDeps, ref: string, input: { agencyId: string; by: string; lines: RequestedLine[]; due: PaymentDue; pausesClock: boolean; note?: string }): Promise<PaymentRequest> {
  let made: PaymentRequest | undefined;
  await commitWithRetry(deps, ref, async (dossier) => {
    if (dossier.agencyId !== input.agencyId) throw new ConflictError('hồ sơ không do cơ quan này giải quyết');
    if (!['processing', 'awaiting-coordination'].includes(dossier.status)) throw new ConflictError(`hồ sơ đang ở trạng thái ${dossier.status}: chỉ hồ sơ đang xử lý mới yêu cầu nộp phí`);
    const now = deps.now();
    const request = agencyRequest({ id: randomUUID(), at: now.toISOString(), payer: payerOf(dossier), agencyId: input.agencyId, by: input.by, lines: input.lines, due: input.due, pausesClock: input.pausesClock, ...(input.note ? { note: input.note } : {}) });
    made = request;
    const requested: DossierEvent = { eventId: randomUUID(), dossierRef: dossier.ref, seq: dossier.version + 1, type: 'payment.requested', at: now.toISOString(), actor: 'agency', data: requestFacts(request, 'processing') };
    const events = [requested];
    let state = stateOf(dossier);
    const set: Record<string, unknown> = dossier.payments ? { [`payments.${request.id}`]: request } : { payments: { [request.id]: request } };
    if (request.pausesClock) {
      const stopped = applyCommand({ ...dossier, version: dossier.version + 1 }, { type: 'request-fee', actor: { role: 'agency' } }, { eventId: randomUUID(), now, data: { requestId: request.id, agencyId: input.agencyId, amount: request.totals.total } });
      state = stopped.state;
      events.push(stopped.event);
      set.pauses = [...(dossier.pauses ?? []), { from: now.toISOString(), reason: 'fee' }];
    }
    return { state, events, set, also: [] };
  });
  return made!;
}

/** What a payer sees of the dossier's money: each request with its lines and receipt, amounts also as text. */
export function paymentsView(dossier: Dossier, now: Date) {
  const d = dossier as PaymentDossier;
  const requests = Object.values(d.payments ?? {}).sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
  return {
    requests: requests.map((r) => ({
      id: r.id,
      status: r.status,
      due: r.due,
      pausesClock: r.pausesClock,
      raisedAt: r.raisedAt,
      raisedBy: r.raisedBy.kind === 'agency' ? { kind: 'agency', agencyId: r.raisedBy.agencyId } : { kind: 'opening' },
      lines: r.lines.map((l) => ({ code: l.code, label: l.label, kind: l.kind, payee: l.payee, quantity: l.quantity, unitAmount: l.unitAmount, amount: l.amount, amountText: formatVnd(l.amount), legalSource: l.legalSource, ...(l.reduction ? { reduction: l.reduction } : {}) })),
      total: r.totals.total,
      totalText: formatVnd(r.totals.total),
      totals: r.totals,
      ...(r.receiptId ? { receiptId: r.receiptId, paidAt: r.paidAt } : {}),
      ...(r.online?.length ? { online: onlineAttemptsView(r, now) } : {}),
    })),
    receipts: Object.values(d.receipts ?? {}).sort((a, b) => a.issuedAt.localeCompare(b.issuedAt)).map((r) => ({ ...r, totalText: formatVnd(r.total) })),
    owed: requests.filter((r) => r.status === 'open').reduce((s, r) => s + r.totals.total, 0),
  };
}

/** A receipt as printed (biên lai): series, number, date, payer, lines, collector, amounts as text. */
export function receiptView(receipt: StoredReceipt) {
  return {
    ...receipt,
    totalText: formatVnd(receipt.total),
    lines: receipt.lines.map((l) => ({ ...l, amountText: formatVnd(l.amount) })),
    refunded: (receipt.refunds ?? []).reduce((s, r) => s + r.amount, 0),
  };
}
