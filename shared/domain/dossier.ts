/**
 * Dossiers (hồ sơ): statuses, events, codes, and the rules for creating one. Pure: the clock and
 * id generators are passed in.
 */
import { ValidationError, type FieldIssue } from './errors.ts';
import { checkApplicant, type Applicant, type ApplicantInput } from './applicant.ts';
import { chainFor, lineage, resolveUnit, successorsAt, type Agency, type Procedure, type Province } from './province.ts';
import type { SlotState } from './documents.ts';
import { eventLabels as transitionLabels, initialState, transition, type Command, type DossierState, type EventType as TransitionEventType, type Role } from './state-machine.ts';
import { quoteValue } from './text.ts';
import { postOfficeFor, type Shipment } from './postal/shipment.ts';
import { appointmentIssues } from './postal/appointment.ts';
import type { PostalQuote } from './postal/tariff.ts';
import type { PaymentRequest } from './money/requests.ts';

// Statuses, events and their labels live with the state machine; re-exported for existing callers.
export { statuses, type Status } from './state-machine.ts';
export type ActorRole = Role;

/** Events that are not status transitions: creation and the life of scanned documents. */
export const recordLabels = {
  'dossier.created': 'Đã tạo hồ sơ',
  'document.verified': 'Bản quét hợp lệ',
  'document.rejected': 'Bản quét không hợp lệ',
  'document.downloaded': 'Cơ quan giải quyết đã tải bản quét',
  'dossier.held': 'Chờ cơ quan giải quyết tham gia hệ thống',
  'dossier.released': 'Cơ quan giải quyết đã tham gia, hồ sơ được chuyển',
  'dossier.reminder-due': 'Nhắc cơ quan giải quyết: hồ sơ sắp đến hạn trả kết quả',
  'dossier.overdue-warning': 'Cảnh báo: còn 3 giờ làm việc đến hạn trả kết quả',
  'dossier.overdue': 'Hồ sơ đã quá hạn trả kết quả: cần văn bản xin lỗi và hẹn lại ngày trả',
  'postal.pickup-requested': 'Đã đăng ký bưu điện đến nhận hồ sơ tại nhà',
  'postal.delivery-requested': 'Kết quả được giao bưu điện phát tận nhà',
  'postal.accepted': 'Bưu tá đã nhận việc',
  'postal.at-post-office': 'Bưu gửi đã về bưu cục',
  'postal.pickup-failed': 'Bưu tá đến nhận hồ sơ tại nhà không thành công',
  'postal.cancelled': 'Đã hủy yêu cầu bưu chính (hồ sơ được rút)',
  'postal.delivery-unavailable': 'Chưa có bưu cục phát kết quả tại địa chỉ: mời nhận kết quả tại điểm phục vụ',
  'payment.requested': 'Yêu cầu nộp phí, lệ phí',
  'payment.received': 'Đã nộp phí, lệ phí (có biên lai)',
  'payment.cancelled': 'Đã hủy biên lai thu phí, lệ phí',
  'payment.refunded': 'Đã hoàn trả phí, lệ phí',
  'payment.remitted': 'Bưu điện đã chuyển tiền phí, lệ phí cho cơ quan giải quyết',
  'dossier.reply-handed-over': 'Đã trả văn bản trả lời (từ chối tiếp nhận hoặc dừng xử lý) tại quầy',
  'dossier.rated': 'Đã ghi nhận đánh giá mức độ hài lòng',
} as const;
export type EventType = TransitionEventType | keyof typeof recordLabels;
/** Timeline label of every event type. */
export const eventLabels: Record<EventType, string> = { ...transitionLabels, ...recordLabels };

export interface DossierEvent {
  eventId: string;
  /** The dossier's reference (its key for life); the code, once received, is on the dossier. */
  dossierRef: string;
  /** Position in the dossier's history, from 1. */
  seq: number;
  type: EventType;
  at: string;
  actor: ActorRole;
  /** Facts of the event, without personal data (the timeline is public). */
  data: Record<string, unknown>;
}

// The applicant (individual or organisation, with a representative) lives in applicant.ts.
export type { Applicant } from './applicant.ts';

/** A postal address: a line and a commune-level unit. */
export interface PostalAddress {
  line: string;
  unitId: string;
}
/** How the result comes back: by post, at a service point's counter, or online (an electronic result the token holder downloads). */
export type ResultDelivery = { method: 'post'; address?: PostalAddress } | { method: 'counter'; servicePointId: string } | { method: 'online' };
/** How the dossier comes in: scans online (default), or paper collected at home by a postman. */
export type Intake = { method: 'online' } | { method: 'home-pickup'; address?: PostalAddress; window?: { from: string; to: string } };

export interface Dossier extends DossierState {
  /** The dossier's own reference from its creation (`HS-` + 10 base32 characters): its key for life. */
  ref: string;
  /** The dossier code (`<receiving unit identifier>-YYMMDD-NNNN`), assigned at reception. */
  code?: string;
  /** The receiving unit (one-stop section or centre, province data) whose reception queue it belongs to. */
  receivingUnitId: string;
  /** The payment requests made for it, by id (shared/app/payments.ts keeps them beside the core fields). */
  payments?: Record<string, PaymentRequest>;
  /** In the reception queue of this receiving unit since `queuedAt` (the sparse reception-queue index). */
  queuedFor?: string;
  queuedAt?: string;
  /**
   * Carriage (Decision 45/2016): taken in at a post-office point without a one-stop desk, the
   * post office only carries the dossier (postal reference, an S10 item id) to its receiving
   * unit; reception happens when an officer there confirms its arrival.
   */
  carriage?: { servicePointId: string; postalRef: string; since: string; by: string; arrivedAt?: string };
  /** A refusal at reception (form 03). */
  refusal?: { reasons: string[]; legalBasis: string; officer: string; at: string; by: string };
  /** The one reception event: who received it, at which receiving unit and service point, when. */
  reception?: { at: string; by: string; receivingUnitId: string; servicePointId?: string; officer?: string };
  /** Number of events so far; each change bumps it (optimistic concurrency). */
  version: number;
  procedureId: string;
  /** The agency holding the dossier now: the competent agency, or the current step of a chain. */
  agencyId: string;
  /** The agencies of the chain in order (one when there is no chain); `chain.step` points into it. */
  chainAgencies: string[];
  /** Routing waits: the agency is not live in the rollout yet (held-by-agency index). */
  heldAgencyId?: string;
  heldSince?: string;
  /** The agency whose working list holds it, since when (the assigned-to-agency index), derived from the state at every commit (shared/domain/assignment.ts). */
  assignedTo?: string;
  assignedAt?: string;
  /** The open supplement request (form 02), if any. */
  supplementRequest?: { items: { slot?: string; document: string; reason: string }[]; officer: string; at: string; by: string };
  channel: 'online' | 'counter' | 'home-pickup';
  applicant: Applicant;
  resultDelivery: ResultDelivery;
  createdAt: string;
  /** When a complete dossier was received: the clock starts (unset while a draft). */
  receivedAt?: string;
  /** When the result is due (the appointment on the receipt), from the working-day calendar. */
  dueAt?: string;
  /** Scans by slot id (doc-1, extra-1, ...) and result documents (result-1, ...). */
  documents: Record<string, SlotState>;
  results: Record<string, SlotState>;
  /** The post-office service point where a clerk received it, for counter intake. */
  servicePointId?: string;
  /** At the counter: the papers the clerk counted (form 01 lists them), by place in the procedure's list (from 1). */
  papers?: { document: number; form: 'original' | 'copy'; copies: number }[];
  /** At the counter: the citizen asked for the reception SMS too (online and postal dossiers always get it). */
  smsOptIn?: boolean;
  /** What the postal services chosen cost (tariff of the day of creation), part of what the dossier costs. */
  postalCharges?: PostalQuote;
  /** The postal leg: shipments by S10 item id (shared/domain/postal/shipment.ts). */
  shipments?: Record<string, Shipment>;
  /** Clock pauses (supplement requests): the due date moves by their working time. */
  pauses?: { from: string; to?: string; reason: string }[];
  routedAt?: string;
  accessTokenHash: string;
}

/** The state-machine part of a dossier. */
export function stateOf(d: DossierState): DossierState {
  return { status: d.status, resume: d.resume, chain: d.chain, ...(d.postal ? { postal: d.postal } : {}) };
}

/**
 * Applies a command to a dossier through the state machine: the new state and the event to store
 * with it (one atomic write). Throws IllegalTransitionError (409) or ForbiddenError (403).
 */
export function applyCommand(
  dossier: Pick<Dossier, 'ref' | 'version'> & DossierState,
  command: Command,
  ctx: { eventId: string; now: Date; data?: Record<string, unknown> },
): { state: DossierState; event: DossierEvent } {
  const { next, event } = transition(stateOf(dossier), command);
  return {
    state: next,
    event: {
      eventId: ctx.eventId,
      dossierRef: dossier.ref,
      seq: dossier.version + 1,
      type: event.type,
      at: ctx.now.toISOString(),
      actor: event.actor,
      data: { from: event.from, to: event.to, ...(event.postal ? { postal: event.postal } : {}), ...ctx.data },
    },
  };
}

/**
 * Dossier code, Circular 01/2018/TT-VPCP: `<receiving unit identifier>-YYMMDD-XXXX`, the date of
 * receipt in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) and XXXX the day's sequence at that
 * receiving unit (BRIEF corrections 3), allocated once, at reception.
 * Past 9999 in a day the sequence simply widens (10000, ...): codes stay unique and sortable by
 * day, and no dossier is turned away for a counter limit.
 * Example: `formatDossierCode('000.00.08.H21', new Date('2026-11-26T03:00:00Z'), 7)` ->
 * `000.00.08.H21-261126-0007`.
 */
export function formatDossierCode(agencyCode: string, at: Date, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`sequence must be a positive integer, got ${seq}`);
  return `${agencyCode}-${localDay(at)}-${String(seq).padStart(4, '0')}`;
}
export const dossierCodePattern = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4,}$/;
/**
 * A dossier's own reference, from creation (draft, carried or received alike): `HS-` and 10
 * characters of RFC 4648 base32 (50 random bits). Not a dossier code: it numbers nothing, so an
 * abandoned draft leaves no gap in any sequence. Example: `HS-K7Q2M4ZX9A` (no 0, 1, 8 or 9).
 */
export const dossierRefPattern = /^HS-[A-Z2-7]{10}$/;
/** What a path may name a dossier by: its code or its reference. */
export const dossierIdPattern = new RegExp(`${dossierCodePattern.source}|${dossierRefPattern.source}`);
/** A postal item id in the UPU S10 format; moved to shared/domain/postal/s10.ts (`formatS10`), kept here for existing callers. */
export { formatS10 as postalReference } from './postal/s10.ts';

/** The reference made of 10 random base32 characters (`digits`: 10 values 0–31 from the caller's randomness). */
export function formatDossierRef(digits: readonly number[]): string {
  if (digits.length !== 10 || digits.some((d) => !Number.isInteger(d) || d < 0 || d > 31)) throw new RangeError('a reference needs 10 base32 digits');
  return `HS-${digits.map((d) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[d]).join('')}`;
}
/** Longest code accepted in a request: 21 characters and a sequence of up to 19 digits. */
export const maxDossierCodeLength = 40;

/** YYMMDD of an instant in Vietnam (UTC+7). */
export function localDay(at: Date): string {
  const vn = new Date(at.getTime() + 7 * 3600_000);
  const yy = String(vn.getUTCFullYear() % 100).padStart(2, '0');
  const mm = String(vn.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(vn.getUTCDate()).padStart(2, '0');
  return `${yy}${mm}${dd}`;
}

/** The stored form of a due date: the instant and its day in Vietnam (for the due-by-day index). */
export function dueFields(dueAt: Date): { dueAt: string; dueDay: string } {
  return { dueAt: dueAt.toISOString(), dueDay: localIsoDate(dueAt) };
}

/** ISO date (YYYY-MM-DD) of an instant in Vietnam. */
export function localIsoDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The default period of a report or book: this month so far, in Vietnam days (`{ from: '2026-12-01', to: '2026-12-02' }` on 2 December). */
export function monthSoFar(now: Date, to: string = localIsoDate(now)): { from: string; to: string } {
  return { from: `${to.slice(0, 8)}01`, to };
}

export interface DossierRequest {
  procedureId: string;
  applicant: ApplicantInput;
  resultDelivery: ResultDelivery;
  intake?: Intake;
  smsOptIn?: boolean;
  /** At the counter: the papers the clerk counted, by their place (from 1) in the procedure's list. */
  papersChecked?: { document: number; form: 'original' | 'copy'; copies: number }[];
  /** What the applicant declares for the fees (money/assessment.ts): categories and quantities. */
  fees?: { category?: string[]; quantities?: { pages?: number; copies?: number; certificates?: number; cases?: number; value?: number } };
}

export interface AcceptedRequest {
  procedure: Procedure;
  /** The first agency of the chain (the competent agency when there is no chain). */
  agency: Agency;
  /** Every agency that handles the dossier in turn (một cửa liên thông); one when no chain. */
  chain: Agency[];
  applicant: Applicant;
  resultDelivery: ResultDelivery;
  /** Home pickup: where the postman goes (units resolved to those in force) and which post office serves it. */
  pickup?: { address: PostalAddress; window?: { from: string; to: string }; postOfficeId: string };
}

export { pickupHorizonDays } from './postal/appointment.ts';

/**
 * Checks a submission against the province data and the identifier rules; collects every failing
 * field so the citizen fixes them in one go.
 */
export function checkDossierRequest(province: Province, req: DossierRequest, now: Date): AcceptedRequest {
  const issues: FieldIssue[] = [];
  const procedure = province.procedures.get(req.procedureId);
  if (!procedure) issues.push({ field: 'procedureId', message: `thủ tục ${quoteValue(req.procedureId)} không có trong danh mục` });

  const checked = checkApplicant(req.applicant, now);
  issues.push(...checked.issues);

  // An address written before a reorganisation still counts: it resolves to the unit in force
  // today (BRIEF 6.2), and the dossier records that unit.
  const today = localIsoDate(now);
  const given = req.applicant.address.unitId;
  const unit = resolveUnit(province, given, today);
  const split = unit ? [] : successorsAt(province, given, today);
  if (split.length > 1)
    issues.push({ field: 'applicant.address.unitId', message: `${quoteValue(given)} đã được chia cho ${split.map((u) => u.name).join(', ')}: chọn đơn vị hiện nay` });
  else if (!unit || unit.level !== 'commune') issues.push({ field: 'applicant.address.unitId', message: `${quoteValue(given)} không phải mã đơn vị hành chính cấp xã đã biết` });
  // Where the applicant lives does not gate the rollout: the agency and the receiving point do
  // (shared/domain/rollout.ts).

  if (req.resultDelivery.method === 'counter' && !province.servicePoints.has(req.resultDelivery.servicePointId))
    issues.push({ field: 'resultDelivery.servicePointId', message: `điểm phục vụ ${quoteValue(req.resultDelivery.servicePointId)} không tồn tại` });
  if (procedure && req.resultDelivery.method === 'post' && !procedure.postal.delivery)
    issues.push({ field: 'resultDelivery.method', message: 'thủ tục này không trả kết quả qua bưu chính' });
  if (procedure && req.resultDelivery.method === 'online' && !procedure.electronicResult)
    issues.push({ field: 'resultDelivery.method', message: 'thủ tục này không có kết quả điện tử: chọn nhận tại quầy hoặc qua bưu chính' });
  // Every agency of a một cửa liên thông chain must exist, not only the first.
  const chain = procedure && unit ? chainFor(province, procedure, unit.id, today) : undefined;
  const agency = chain?.[0];
  if (procedure && unit && !agency)
    issues.push({ field: 'applicant.address.unitId', message: `không có cơ quan có thẩm quyền giải quyết "${procedure.name}" cho ${unit.name}` });

  // Where a postman goes (pickup, or a delivery elsewhere than the applicant's address) must be a
  // unit in force that a live post office serves.
  // `field`: the address's own field, or the choice's when it is the applicant's address.
  const served = (field: string, address: PostalAddress | undefined) => {
    const target = address ? resolveUnit(province, address.unitId, today) : unit;
    if (!target || target.level !== 'commune') {
      issues.push({ field, message: `${quoteValue(address?.unitId)} không phải mã đơn vị hành chính cấp xã đã biết` });
      return undefined;
    }
    const office = postOfficeFor(province, target.id, today);
    if (!office) issues.push({ field, message: `chưa có bưu điện phục vụ ${target.name} qua hệ thống: chọn nhận tại điểm phục vụ` });
    return office ? { address: { line: address?.line ?? req.applicant.address.line, unitId: target.id }, postOfficeId: office.id } : undefined;
  };
  // A result delivered home needs a live post office where it goes (the applicant's address by default).
  if (req.resultDelivery.method === 'post' && unit) served(req.resultDelivery.address ? 'resultDelivery.address.unitId' : 'resultDelivery.method', req.resultDelivery.address);
  let pickup: AcceptedRequest['pickup'];
  if (req.intake?.method === 'home-pickup') {
    if (procedure && !procedure.postal.pickup)
      issues.push({ field: 'intake.method', message: `thủ tục này không nhận hồ sơ qua bưu chính${procedure.postal.note ? `: ${procedure.postal.note}` : ''}` });
    const window = req.intake.window;
    if (window) issues.push(...appointmentIssues(window, now, 'intake.window'));
    const at = unit ? served(req.intake.address ? 'intake.address.unitId' : 'intake.method', req.intake.address) : undefined;
    // Kept in UTC whatever offset the citizen's client wrote (the courier dispatch contract takes UTC instants).
    if (at) pickup = { ...at, ...(window ? { window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() } } : {}) };
  }

  if (issues.length > 0 || !procedure || !agency || !chain || !checked.applicant || !unit) throw new ValidationError(issues);
  return {
    procedure,
    agency,
    chain,
    resultDelivery: req.resultDelivery,
    applicant: { ...checked.applicant, address: { ...checked.applicant.address, unitId: unit.id } },
    ...(pickup ? { pickup } : {}),
  };
}

/**
 * A new dossier, under its own reference. Online it starts as a draft (scans are uploaded, then it
 * is submitted); at a one-stop desk the clerk has checked the papers and receives it in the same
 * visit (Decision 45/2016: postal staff count and compare the documents), so it gets its code and
 * the clock starts at once, and the scans follow. The dossier and its first events are written in
 * one atomic write.
 */
export function createDossier(
  accepted: AcceptedRequest,
  ctx: {
    ref: string;
    now: Date;
    eventIds: [string, string, string];
    accessTokenHash: string;
    channel: Dossier['channel'];
    receivingUnitId: string;
    /** Reception at a one-stop desk: the clerk, their service point, the code and the due date counted from now. */
    counter?: { servicePointId: string; by: string; code: string; dueAt: Date | undefined };
    /** Intake at a point without a one-stop desk: handed to the post office, carried, not received. */
    carriage?: { servicePointId: string; by: string; postalRef: string };
    /** Home pickup (Decision 45/2016): the shipment a postman will collect; the paper comes, no scans. */
    pickup?: Shipment;
    /** The quoted charge of the postal services chosen. */
    postalCharges?: PostalQuote;
    smsOptIn?: boolean;
  },
): { dossier: Dossier; events: DossierEvent[] } {
  const at = ctx.now.toISOString();
  const facts = { procedureId: accepted.procedure.id, agencyId: accepted.agency.id, channel: ctx.channel, receivingUnitId: ctx.receivingUnitId };
  const created: DossierEvent = { eventId: ctx.eventIds[0], dossierRef: ctx.ref, seq: 1, type: 'dossier.created', at, actor: ctx.counter ? 'clerk' : 'citizen', data: facts };
  const draft: Dossier = {
    ref: ctx.ref,
    version: 1,
    ...initialState(accepted.chain.length),
    procedureId: accepted.procedure.id,
    chainAgencies: accepted.chain.map((a) => a.id),
    agencyId: accepted.agency.id,
    receivingUnitId: ctx.receivingUnitId,
    channel: ctx.channel,
    applicant: accepted.applicant,
    resultDelivery: accepted.resultDelivery,
    createdAt: at,
    documents: {},
    results: {},
    accessTokenHash: ctx.accessTokenHash,
    ...(ctx.postalCharges ? { postalCharges: ctx.postalCharges } : {}),
    ...(ctx.smsOptIn ? { smsOptIn: true } : {}),
  };
  if (ctx.carriage) {
    // The applicant hands the dossier over (their submission); the clerk only takes it for carriage.
    const { servicePointId, by, postalRef } = ctx.carriage;
    const submitted = applyCommand(draft, { type: 'submit', actor: { role: 'citizen' } }, { eventId: ctx.eventIds[1], now: ctx.now, data: { receivingUnitId: ctx.receivingUnitId, servicePointId, postalRef, carriage: true } });
    return { dossier: { ...draft, ...submitted.state, version: 2, servicePointId, carriage: { servicePointId, postalRef, since: at, by } }, events: [created, submitted.event] };
  }
  if (ctx.pickup) {
    // Submitted as the citizen asks for the pickup: "new", no code and no clock until the hand-over
    // at the receiving unit; the pickup request is the event the courier dispatch derives from.
    const { itemId, postOfficeId } = ctx.pickup;
    const submitted = applyCommand(draft, { type: 'submit', actor: { role: 'citizen' } }, { eventId: ctx.eventIds[1], now: ctx.now, data: { receivingUnitId: ctx.receivingUnitId, pickup: itemId } });
    const requested: DossierEvent = { eventId: ctx.eventIds[2], dossierRef: ctx.ref, seq: 3, type: 'postal.pickup-requested', at, actor: 'citizen', data: { itemId, kind: 'pickup', postOfficeId } };
    return { dossier: { ...draft, ...submitted.state, version: 3, shipments: { [itemId]: ctx.pickup } }, events: [created, submitted.event, requested] };
  }
  if (!ctx.counter) return { dossier: draft, events: [created] };
  const { servicePointId, by, code, dueAt } = ctx.counter;
  const received = receive(draft, { code, now: ctx.now, dueAt, eventId: ctx.eventIds[1], actor: 'clerk', by, servicePointId, data: { agencyId: accepted.agency.id } });
  return { dossier: { ...draft, ...received.state, ...received.set, version: 2, servicePointId }, events: [created, received.event] };
}

/**
 * Reception (tiếp nhận): the dossier gets its code, the clock starts (`dueAt` counted from now;
 * none for a procedure with no appointment date) and the one reception event records who received it, at which receiving unit and where.
 */
export function receive(
  dossier: Pick<Dossier, 'ref' | 'version' | 'receivingUnitId'> & DossierState,
  ctx: { code: string; now: Date; dueAt: Date | undefined; eventId: string; actor: ActorRole; by: string; servicePointId?: string; officer?: string; data?: Record<string, unknown> },
): { state: DossierState; event: DossierEvent; set: Pick<Dossier, 'code' | 'receivedAt' | 'dueAt' | 'reception'> & { dueDay?: string; receivedBy: string } } {
  const at = ctx.now.toISOString();
  const reception = { at, by: ctx.by, receivingUnitId: dossier.receivingUnitId, ...(ctx.servicePointId ? { servicePointId: ctx.servicePointId } : {}), ...(ctx.officer ? { officer: ctx.officer } : {}) };
  const received = applyCommand(dossier, { type: 'receive', actor: { role: ctx.actor } }, { eventId: ctx.eventId, now: ctx.now, data: { ...ctx.data, code: ctx.code, ...reception } });
  // `receivedBy`: the sparse received-by-unit index (a unit's tracking book, shared/app/tracking-book.ts).
  return { state: received.state, event: received.event, set: { code: ctx.code, receivedAt: at, receivedBy: dossier.receivingUnitId, reception, ...(ctx.dueAt ? dueFields(ctx.dueAt) : {}) } };
}

/**
 * An online submission once every mandatory scan is verified: the dossier is "new" and waits in
 * its receiving unit's reception queue (BRIEF corrections 2). No code and no clock yet: only an
 * officer's acceptance receives it.
 */
export function submitOnline(dossier: Dossier, ctx: { now: Date; eventId: string }): { state: DossierState; events: DossierEvent[]; set: Pick<Dossier, 'queuedFor' | 'queuedAt'> } {
  const submitted = applyCommand(dossier, { type: 'submit', actor: { role: 'citizen' } }, { eventId: ctx.eventId, now: ctx.now, data: { receivingUnitId: dossier.receivingUnitId } });
  return { state: submitted.state, events: [submitted.event], set: { queuedFor: dossier.receivingUnitId, queuedAt: ctx.now.toISOString() } };
}

/**
 * "Tỉnh Gia Lai > Huyện Ia Grai > Xã Ia Tô" as "Xã Ia Tô, Huyện Ia Grai, Tỉnh Gia Lai": as in force
 * on `date` when given (a dossier shows the units of the day it was received), else the latest.
 */
export function unitPath(province: Province, unitId: string, date?: string): string {
  const units = date === undefined ? [] : lineage(province, unitId, date);
  return (units.length > 0 ? units : lineage(province, unitId)).map((u) => u.name).join(', ');
}
