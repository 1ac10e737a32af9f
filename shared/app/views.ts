/** What the API shows of procedures and dossiers. */
import type { DossierStore } from '../aws/dossier-store.ts';
import { accessLabel, accessType, type StaffAccess } from '../domain/access.ts';
import { NotFoundError } from '../domain/errors.ts';
import { eventLabels, localIsoDate, statuses, unitPath, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { formatVnd } from '../domain/money.ts';
import { displayDay } from '../domain/text.ts';
import { paymentsView } from './payments.ts';
import { postalView } from './postal.ts';
import type { Fee, Procedure, Province } from '../domain/province.ts';
import { describeRemaining, remaining, toWorkingDays, type Calendar } from '../domain/calendar.ts';
import { slotStatusLabels, slotsFor, type SlotKind } from '../domain/documents.ts';
import { isTerminal } from '../domain/state-machine.ts';
import { describeRecipient, recipientOf } from '../domain/handover.ts';
import { describeProcessingTime, processingAmount, processingUnitLabels, supplementRule } from '../domain/processing-time.ts';
import { deadlineRules } from '../calendar/deadline-rules.ts';

export function procedureSummary(p: Procedure) {
  return {
    id: p.id,
    name: p.name,
    field: p.field,
    processingDays: p.processingDays,
    ...(p.processingHours ? { processingHours: p.processingHours } : {}),
    ...(p.sameDay ? { sameDay: true } : {}),
    processingTime: processingTimeView(p),
    fee: p.fee,
    feeText: formatVnd(p.fee),
    postal: { pickup: p.postal.pickup, delivery: p.postal.delivery },
    electronicResult: p.electronicResult === true,
  };
}

/** The processing time with its unit, as the catalogue shows it: `{ unit: 'calendar-days', amount: 10, ifVerification: 15, text: '10 ngày (15 ngày nếu cần xác minh)' }`. */
function processingTimeView(p: Procedure) {
  if (p.noAppointment) return { noAppointment: true, text: describeProcessingTime(p) };
  const unit = p.processingUnit ?? 'working-days';
  const online = p.processingByChannel?.online;
  const paper = p.processingByChannel?.paper;
  return {
    unit,
    unitLabel: processingUnitLabels[unit],
    amount: processingAmount(p),
    ...(unit === 'working-days' && p.processingHours ? { extraWorkingHours: p.processingHours } : {}),
    ...(online !== undefined ? { online } : {}),
    ...(paper !== undefined ? { paper } : {}),
    ...(p.processingDaysIfVerification !== undefined ? { ifVerification: p.processingDaysIfVerification } : {}),
    onSupplement: supplementRule(p, deadlineRules),
    text: describeProcessingTime(p),
  };
}

const feeView = (province: Province) => (f: Fee) => ({
  name: f.name,
  kind: f.kind,
  basis: f.basis,
  ...(f.amount !== undefined ? { amount: f.amount, amountText: formatVnd(f.amount) } : {}),
  ...(f.ratePercent !== undefined ? { ratePercent: f.ratePercent } : {}),
  ...(f.fromUnit !== undefined ? { fromUnit: f.fromUnit } : {}),
  ...(f.max !== undefined ? { max: f.max } : {}),
  ...(f.appliesTo !== undefined ? { appliesTo: f.appliesTo } : {}),
  ...(f.categories ? { categories: f.categories.map((id) => ({ id, name: province.feeReductions.categories[id]?.name ?? id })) } : {}),
  legalSource: f.legalSource,
});

export function procedureView(province: Province, p: Procedure) {
  const agency = p.competentAgency ? province.agencies.get(p.competentAgency) : undefined;
  return {
    ...procedureSummary(p),
    ...(p.nationalCode ? { nationalCode: p.nationalCode } : {}),
    fees: p.fees.map(feeView(province)),
    ...(p.feeNote ? { feeNote: p.feeNote } : {}),
    ...(agency ? { competentAgency: { id: agency.id, name: agency.name } } : {}),
    ...(p.competentLevel ? { competentLevel: p.competentLevel } : {}),
    ...(p.postal.note ? { postalNote: p.postal.note } : {}),
    documents: p.documents,
  };
}

const agencyRef = (province: Province, id: string | undefined) => {
  const a = id ? province.agencies.get(id) : undefined;
  return a ? { id: a.id, name: a.name } : undefined;
};

/**
 * A dossier as tracking shows it. Status, due date and the timeline of events are public (anyone
 * with the code): no personal data there, not even what a supplement request asks for. With
 * `withApplicant` (the dossier token, or staff allowed to read it): the applicant's details, the
 * slots, the supplement request's items and the staff reads of the dossier (`accesses`) in the
 * timeline; the staff member's account id (`by`) only to staff (`staff`).
 */
export function dossierView(
  ctx: { province: Province; calendar: Calendar; now: Date },
  dossier: Dossier,
  events: DossierEvent[],
  withApplicant: boolean,
  options: { accesses?: StaffAccess[]; staff?: boolean } = {},
) {
  const { province } = ctx;
  const procedure = province.procedures.get(dossier.procedureId);
  const receiving = province.receivingUnits.get(dossier.receivingUnitId);
  return {
    ref: dossier.ref,
    ...(dossier.code ? { code: dossier.code } : {}),
    status: dossier.status,
    statusLabel: statuses[dossier.status].label,
    createdAt: dossier.createdAt,
    ...(dossier.receivedAt ? { receivedAt: dossier.receivedAt } : {}),
    receivingUnit: { id: dossier.receivingUnitId, name: receiving?.name ?? dossier.receivingUnitId },
    ...deadline(ctx, dossier),
    procedure: { id: dossier.procedureId, name: procedure?.name ?? dossier.procedureId },
    agency: agencyRef(province, dossier.agencyId) ?? { id: dossier.agencyId, name: dossier.agencyId },
    ...(dossier.routedAt ? { routedAt: dossier.routedAt } : {}),
    // The postal leg: item ids and where each stands, the charge (no personal data, so for anyone).
    ...postalView(province, dossier),
    ...(dossier.heldAgencyId
      ? {
          held: {
            agency: agencyRef(province, dossier.heldAgencyId) ?? { id: dossier.heldAgencyId, name: dossier.heldAgencyId },
            since: dossier.heldSince,
            reason: 'Cơ quan giải quyết chưa tham gia tiếp nhận hồ sơ qua bưu điện; hồ sơ sẽ được chuyển ngay khi cơ quan tham gia',
          },
        }
      : {}),
    ...(dossier.chain.length > 1
      ? { chain: { step: dossier.chain.step, length: dossier.chain.length, agencies: (dossier.chainAgencies ?? []).map((id) => agencyRef(province, id) ?? { id, name: id }) } }
      : {}),
    ...(dossier.status === 'supplement-requested' && dossier.supplementRequest
      ? { supplementRequest: withApplicant ? { items: dossier.supplementRequest.items, at: dossier.supplementRequest.at } : { at: dossier.supplementRequest.at } }
      : {}),
    decisions: decisionViews(province, events, withApplicant),
    // What the dossier owes and what was paid, with its receipts: to the token holder and staff.
    ...(withApplicant && dossier.payments ? { payments: paymentsView(dossier, ctx.now) } : {}),
    timeline: byTime(
      events.map((e) => {
        const agency = agencyRef(province, typeof e.data.agencyId === 'string' ? e.data.agencyId : undefined);
        // Who received the result or the reply (issue 13): name and last digits, to the token holder and staff only.
        const recipient = withApplicant ? recipientOf(e.data) : undefined;
        return { type: e.type, label: eventLabels[e.type] ?? e.type, at: e.at, ...(agency ? { agency } : {}), ...(recipient ? { receivedBy: describeRecipient(recipient) } : {}) };
      }),
      withApplicant ? (options.accesses ?? []).map((a) => accessView(province, dossier, a, options.staff ?? false)) : [],
    ),
    ...(withApplicant
      ? {
          // Who applies (a person or an organisation with its tax code) and who acts for them.
          applicant: {
            ...dossier.applicant,
            kind: dossier.applicant.kind ?? 'individual',
            address: {
              ...dossier.applicant.address,
              // The units as they stood when the dossier was received.
              unitPath: unitPath(province, dossier.applicant.address.unitId, localIsoDate(new Date(dossier.receivedAt ?? dossier.createdAt))),
            },
          },
          resultDelivery: dossier.resultDelivery,
          documents: slotViews(province, dossier, 'documents'),
          results: slotViews(province, dossier, 'results').filter((r) => r.status !== 'empty'),
        }
      : {}),
  };
}

/** dd/mm/yyyy (Asia/Ho_Chi_Minh) of an instant. */
const ddmmyyyy = (iso: string) => displayDay(localIsoDate(new Date(iso)));
const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The events that tell the applicant what was decided. */
const decisionEvents = new Set(['dossier.supplement-requested', 'dossier.refused', 'dossier.stopped', 'dossier.resumed', 'dossier.extended']);

/**
 * What was decided, in order: the form each decision produced (regime, number, title), when, and
 * with the dossier token (or to staff) its content: what to add and why, the reasons and legal
 * basis of a refusal or a stop, the old and new dates of an extension with the apology. Without
 * it, only the kind, the form and the dates: reasons can carry personal facts.
 */
function decisionViews(province: Province, events: DossierEvent[], withApplicant: boolean) {
  return events
    .filter((e) => decisionEvents.has(e.type))
    .map((e) => {
      const d = e.data as Record<string, unknown>;
      const agency = agencyRef(province, text(d.agencyId));
      const dates = {
        ...(text(d.previousDueAt) ? { previousDueAt: d.previousDueAt as string } : {}),
        ...(text(d.newDueAt) ? { newDueAt: d.newDueAt as string } : {}),
      };
      const base = {
        type: e.type,
        label: eventLabels[e.type] ?? e.type,
        at: e.at,
        ...(d.form && typeof d.form === 'object' ? { form: d.form as { regime: string; number: string; title: string } } : {}),
        ...(agency ? { agency } : {}),
        ...(!agency && text(d.receivingUnitId) ? { receivingUnit: { id: d.receivingUnitId as string, name: province.receivingUnits.get(d.receivingUnitId as string)?.name ?? (d.receivingUnitId as string) } } : {}),
        ...dates,
      };
      if (!withApplicant) return base;
      const signer = text(d.signer) ?? text(d.officer);
      const content = {
        ...(Array.isArray(d.items) ? { items: d.items as { slot?: string; document: string; reason: string }[] } : {}),
        ...(text(d.reason) ? { reason: d.reason as string } : {}),
        // A refusal at reception (form 03) gives its reasons as a list.
        ...(Array.isArray(d.reasons) ? { reasons: d.reasons as string[] } : {}),
        ...(text(d.legalBasis) ? { legalBasis: d.legalBasis as string } : {}),
        ...(signer ? { signer } : {}),
      };
      const apology =
        e.type === 'dossier.extended' && dates.previousDueAt && dates.newDueAt
          ? {
              apology: `${agency?.name ?? 'Cơ quan giải quyết'} xin lỗi ông/bà vì chưa trả được kết quả vào ngày hẹn ${ddmmyyyy(dates.previousDueAt)} và hẹn lại ngày trả kết quả là ${ddmmyyyy(dates.newDueAt)}.`,
            }
          : {};
      return { ...base, ...content, ...apology };
    });
}

/** A staff read as a timeline entry: who (role, service point or agency), when, what. */
function accessView(province: Province, dossier: Dossier, a: StaffAccess, staff: boolean) {
  const procedure = province.procedures.get(dossier.procedureId);
  const slot = a.read === 'document' && procedure ? slotsFor(procedure, dossier.applicant).find((s) => s.id === a.slot && s.kind === a.kind) : undefined;
  const place =
    a.role === 'agency'
      ? { agency: agencyRef(province, a.agencyId) ?? { id: a.agencyId, name: a.agencyId } }
      : { servicePoint: { id: a.servicePointId, name: province.servicePoints.get(a.servicePointId)?.name ?? a.servicePointId } };
  return {
    type: accessType(a),
    label: accessLabel(province, a, slot?.name),
    at: a.at,
    role: a.role,
    ...place,
    ...(a.read === 'document' ? { document: { kind: a.kind, slot: a.slot, ...(slot ? { name: slot.name } : {}) } } : {}),
    ...(staff ? { by: a.sub } : {}),
  };
}

/** Events (in history order) and access entries (by time) merged by time; an event first on a tie. */
function byTime<E extends { at: string }, A extends { at: string }>(events: E[], accesses: A[]): (E | A)[] {
  const out: (E | A)[] = [];
  let j = 0;
  const sorted = [...accesses].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  for (const e of events) {
    while (j < sorted.length && sorted[j]!.at < e.at) out.push(sorted[j++]!);
    out.push(e);
  }
  return [...out, ...sorted.slice(j)];
}

/**
 * The due date and the working time left, as tracking shows them: "còn 3 ngày làm việc".
 * Pauses (supplement requests) stop the clock. Overdue is derived here, never a status.
 */
function deadline(ctx: { calendar: Calendar; now: Date }, dossier: Dossier) {
  if (!dossier.dueAt) return {};
  // The clock stops at a terminal status, and once the result is ready.
  const closed = isTerminal(dossier.status) || dossier.status === 'result-ready';
  if (closed) return { dueAt: dossier.dueAt };
  // Closed pauses are already in dueAt (shifted when the supplement arrived); an open one freezes the clock.
  const pauses = (dossier.pauses ?? []).filter((p) => !p.to).map((p) => ({ from: new Date(p.from), reason: p.reason }));
  // Whole minutes, rounded down: never more time shown than is left, and a due date passed by
  // seconds already reads as overdue (-1). The clock reads milliseconds; the contract says integer.
  const minutes = Math.floor(remaining(ctx.now, new Date(dossier.dueAt), ctx.calendar, pauses)) + 0;
  return {
    dueAt: dossier.dueAt,
    remaining: {
      workingMinutes: minutes,
      workingDays: toWorkingDays(minutes, ctx.calendar),
      text: describeRemaining(minutes, ctx.calendar),
      overdue: minutes < 0,
    },
  };
}

/** The slots of a dossier with their state: what is uploaded, verified or rejected (and why). */
function slotViews(province: Province, dossier: Dossier, kind: SlotKind) {
  const procedure = province.procedures.get(dossier.procedureId);
  if (!procedure) return [];
  const states = (kind === 'documents' ? dossier.documents : dossier.results) ?? {};
  return slotsFor(procedure, dossier.applicant)
    .filter((s) => s.kind === kind)
    .map((s) => {
      const state = states[s.id];
      const status = state?.status ?? 'empty';
      return {
        id: s.id,
        name: s.name,
        mandatory: s.mandatory,
        status,
        statusLabel: slotStatusLabels[status],
        ...(state?.reason ? { reason: state.reason } : {}),
        ...(state?.contentType ? { contentType: state.contentType } : {}),
        ...(state?.size !== undefined ? { size: state.size } : {}),
        ...(state?.updatedAt ? { updatedAt: state.updatedAt } : {}),
      };
    });
}

/** Loads a dossier with its history and renders it; 404 when it does not exist. */
export async function viewDossier(
  deps: { store: DossierStore; province: Province; calendar: Calendar; now: () => Date },
  code: string,
  withApplicant: boolean | ((dossier: Dossier) => boolean),
) {
  const found = await deps.store.getWithEvents(code);
  if (!found) throw new NotFoundError(`không có hồ sơ "${code}"`);
  const full = typeof withApplicant === 'function' ? withApplicant(found.dossier) : withApplicant;
  return dossierView({ ...deps, now: deps.now() }, found.dossier, found.events, full, { accesses: found.accesses });
}
