/**
 * Printable forms: which papers a dossier has, and each one as a PDF built from the form views
 * that already answer the API (shared/app/reception.ts, shared/app/payments.ts). Form ids in the
 * routes `GET …/dossiers/{code}/forms/{form}`:
 *
 *   receipt                 form 01, once the dossier is received
 *   supplement-request      form 02, while a supplement request is open
 *   refusal                 form 03, once the dossier is refused at reception
 *   extension               form 04, the latest apology and new appointment of the agency
 *   stop-notice             form 05 (03 under 01/2018), the latest notice that processing stopped
 *   fee-receipt-<receiptId> the fee receipt (biên lai) of one payment of the dossier
 *   pickup-slip-<itemId>    the slip of a home pickup, once the postman has collected
 *   control-slip            form 06 (05 under 01/2018), every hand-over so far, once received
 *
 * and the tracking book of a receiving unit (./tracking-book.ts) as a PDF.
 *
 * A paper the dossier does not have (yet) is a 404 that names it. Who may fetch is the caller's
 * business (the functions check the token or the staff scope, and record staff reads).
 */
import type { DossierStore } from '../aws/dossier-store.ts';
import type { MoneyStore } from '../aws/money-store.ts';
import { unitPath, type Dossier } from '../domain/dossier.ts';
import { NotFoundError } from '../domain/errors.ts';
import { formFor, type FormRef } from '../domain/forms.ts';
import type { Province } from '../domain/province.ts';
import { trackingUrl } from '../domain/tracking.ts';
import { quoteValue } from '../domain/text.ts';
import type { PrintedApplicant } from '../pdf/layouts.ts';
import { vietnamStart, type TrackingBook } from './tracking-book.ts';
import type { Calendar } from '../domain/calendar.ts';
import { controlSteps, timingLabel } from '../domain/control-slip.ts';
import { getShipment, pickupSlip, type CourierDeps, type Postman } from './courier.ts';
import type { WithHandover } from './handover.ts';
import type { WithExtensions } from './decisions.ts';
import type { Printable } from '../pdf/printable.ts';
import { assertAgencyOwns, loadDossier } from './documents.ts';
import { dossierReceipt } from './payments.ts';
import { receiptForm, refusalForm, supplementForm } from './reception.ts';
import { recordStaffRead, type Staff, type StaffAccessDeps } from './staff-access.ts';

/** The forms' layouts, loaded with the first form printed (with the renderer), not at cold start. */
const layouts = () => import('../pdf/layouts.ts');

export interface PrintableDeps {
  store: DossierStore;
  province: Province;
  money: MoneyStore;
  calendar: Calendar;
}

/** Where the papers are dated: the province (Circular forms write "<place>, ngày … tháng … năm …"). */
const place = 'Gia Lai';

/** A form of a dossier as PDF bytes and the file name to offer. 404 when the dossier has no such paper yet. */
export async function printForm(deps: PrintableDeps, dossier: Dossier, formId: string): Promise<{ pdf: Buffer; fileName: string }> {
  const printable = await printableOf(deps, dossier, formId);
  // Loaded on the first form: pdfkit, qrcode and bwip-js double the API functions' cold start
  // otherwise (bench/pdf.ts), and most invocations print nothing.
  const { renderPdf } = await import('../pdf/render.ts');
  return { pdf: await renderPdf(printable), fileName: printable.fileName };
}

/** The HTTP answer of a printed form: the PDF, its type and a file name to save it under. */
export function pdfReply(printed: { pdf: Buffer; fileName: string }) {
  return { status: 200, binary: printed.pdf, headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${printed.fileName}"`, 'cache-control': 'no-store' } };
}

/**
 * A form fetched by staff: a clerk province-wide (the post office acts for every desk), an agency
 * only a dossier routed to it (403). It carries personal data, so the read is recorded before the
 * PDF leaves (shared/app/staff-access.ts; 503 if it cannot be).
 */
export async function printFormAsStaff(deps: PrintableDeps & StaffAccessDeps, staff: Staff, code: string, formId: string, operation: string) {
  const dossier = await loadDossier(deps.store, code);
  if (staff.role === 'agency') assertAgencyOwns(dossier, staff.agencyId);
  const printed = await printForm(deps, dossier, formId);
  await recordStaffRead(deps, staff, dossier.ref, { read: 'dossier' }, operation);
  return pdfReply(printed);
}

/**
 * The pickup slip fetched by the postman who collected it (courier API): the shipment's own checks
 * (404 unknown, 403 another office's or another postman's) and its read recorded by `getShipment`
 * before the PDF leaves.
 */
export async function printPickupSlipAsPostman(deps: PrintableDeps & CourierDeps, postman: Postman, itemId: string) {
  const shown = await getShipment(deps, postman, itemId);
  const dossier = await loadDossier(deps.store, shown.dossier.ref);
  return pdfReply(await printForm(deps, dossier, `pickup-slip-${itemId}`));
}

/** The book as a PDF: A4 landscape, one dense row per dossier; dated by the period's end, not by the clock (the same bytes for the same book). */
export async function trackingBookPdf(book: TrackingBook): Promise<{ pdf: Buffer; fileName: string }> {
  const [{ renderPdf }, { trackingBook: trackingBookLayout }] = await Promise.all([import('../pdf/render.ts'), layouts()]);
  const printable = trackingBookLayout({
    form: book.form,
    unit: book.receivingUnit.name,
    place,
    from: book.from,
    to: book.to,
    at: new Date(vietnamStart(book.to).getTime() + 86_400_000 - 1),
    rows: book.rows.map((r) => ({
      code: r.code,
      procedure: r.procedure,
      applicant: r.applicant,
      receivedAt: new Date(r.receivedAt),
      ...(r.dueAt ? { dueAt: new Date(r.dueAt) } : {}),
      ...(r.sentAt ? { sentAt: new Date(r.sentAt) } : {}),
      ...(r.resultAt ? { resultAt: new Date(r.resultAt) } : {}),
      ...(r.returnedAt ? { returnedAt: new Date(r.returnedAt) } : {}),
      ...(r.recipient ? { recipient: r.recipient } : {}),
      ...(r.note ? { note: r.note } : {}),
    })),
  });
  return { pdf: await renderPdf(printable), fileName: printable.fileName };
}

/** The form's content, before drawing (tests read it without a PDF). */
export async function printableOf(deps: PrintableDeps, dossier: Dossier, formId: string): Promise<Printable> {
  const { province } = deps;
  const { receiptSlip, supplementRequest, refusalNotice, extensionLetter, stopNotice, feeReceipt } = await layouts();
  const common = { place, ref: dossier.ref, trackingUrl: trackingUrl(dossier.ref), applicant: printedApplicant(province, dossier), procedure: province.procedures.get(dossier.procedureId)?.name ?? dossier.procedureId };
  if (formId === 'receipt') {
    if (!dossier.code || !dossier.receivedAt) throw new NotFoundError('hồ sơ chưa được tiếp nhận: chưa có giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)');
    const f = receiptForm(province, dossier);
    return receiptSlip({
      ...common,
      form: refOf(f),
      unit: f.receivingUnit.name,
      code: f.code,
      officer: f.officer,
      documents: f.documents.map((d) => (d.form && d.copies ? { name: d.name, form: d.form, copies: d.copies } : documentCounts(province, dossier, d.slot, d.name))),
      // One set per dossier: the procedures' data names no other count (unconfirmed per procedure).
      sets: 1,
      receivedAt: new Date(f.receivedAt),
      ...(f.dueAt ? { dueAt: new Date(f.dueAt) } : {}),
      resultPlace: resultPlace(province, dossier),
    });
  }
  if (formId === 'supplement-request') {
    if (!dossier.supplementRequest) throw new NotFoundError('hồ sơ không có yêu cầu bổ sung đang mở: không có phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)');
    const f = supplementForm(province, dossier);
    return supplementRequest({ ...common, ...(dossier.code ? { code: dossier.code } : {}), form: refOf(f), unit: f.receivingUnit.name, officer: f.officer, at: new Date(f.at), items: f.items });
  }
  if (formId === 'refusal') {
    if (!dossier.refusal) throw new NotFoundError('hồ sơ không bị từ chối tiếp nhận: không có phiếu từ chối (mẫu 03)');
    const f = refusalForm(province, dossier);
    return refusalNotice({ ...common, form: refOf(f), unit: f.receivingUnit.name, officer: f.officer, at: new Date(f.at), reasons: f.reasons, legalBasis: f.legalBasis });
  }
  if (formId === 'extension') {
    const latest = (dossier as WithExtensions).extensions?.at(-1);
    if (!latest || !dossier.receivedAt) throw new NotFoundError('hồ sơ chưa được gia hạn: không có phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)');
    const receivedAt = new Date(dossier.receivedAt);
    return extensionLetter({
      ...common,
      ...(dossier.code ? { code: dossier.code } : {}),
      form: formFor('extension', receivedAt),
      unit: province.agencies.get(dossier.agencyId)?.name ?? dossier.agencyId,
      agency: province.agencies.get(dossier.agencyId)?.name ?? dossier.agencyId,
      officer: latest.signer,
      at: new Date(latest.at),
      receivedAt,
      previousDueAt: new Date(latest.previousDueAt),
      newDueAt: new Date(latest.newDueAt),
      reason: latest.reason,
    });
  }
  if (formId === 'stop-notice') {
    // The notice lives in its event only (the dossier keeps the pause, not the wording).
    const stopped = (await deps.store.getWithEvents(dossier.ref))?.events.findLast((e) => e.type === 'dossier.stopped');
    if (!stopped || !dossier.receivedAt) throw new NotFoundError('hồ sơ chưa bị dừng giải quyết: không có thông báo dừng giải quyết hồ sơ');
    const receivedAt = new Date(dossier.receivedAt);
    const agencyId = typeof stopped.data.agencyId === 'string' ? stopped.data.agencyId : dossier.agencyId;
    const agency = province.agencies.get(agencyId)?.name ?? agencyId;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    return stopNotice({
      ...common,
      ...(dossier.code ? { code: dossier.code } : {}),
      form: formFor('stop-notice', receivedAt),
      unit: agency,
      agency,
      officer: text(stopped.data.signer),
      at: new Date(stopped.at),
      receivedAt,
      reason: text(stopped.data.reason),
      ...(text(stopped.data.legalBasis) ? { legalBasis: text(stopped.data.legalBasis) } : {}),
    });
  }
  if (formId === 'control-slip') return controlSlipOf(deps, dossier, common);
  if (formId.startsWith('pickup-slip-')) return pickupSlipOf(deps, dossier, formId.slice('pickup-slip-'.length), common);
  const receiptId = formId.startsWith('fee-receipt-') ? formId.slice('fee-receipt-'.length) : undefined;
  if (!receiptId) throw new NotFoundError(`không có biểu mẫu ${quoteValue(formId)}`);
  const r = await dossierReceipt(deps, dossier, receiptId);
  const point = r.collector.servicePointId ? province.servicePoints.get(r.collector.servicePointId)?.name : undefined;
  return feeReceipt({
    unit: point ?? 'Bưu điện tỉnh Gia Lai',
    place,
    series: r.series,
    number: r.number,
    issuedAt: new Date(r.issuedAt),
    payer: r.payer.name,
    dossier: r.dossierCode ?? r.dossierRef,
    trackingUrl: trackingUrl(r.dossierRef),
    lines: r.lines.map((l) => ({ label: l.label, quantity: l.quantity, unitAmount: l.unitAmount, amount: l.amount })),
    total: r.total,
    method: r.method,
    collector: collectorName(r.collector),
    ...(r.cancellation ? { cancelled: { reason: r.cancellation.reason, at: new Date(r.cancellation.at) } } : {}),
  });
}

type Common = { place: string; ref: string; trackingUrl: string; applicant: PrintedApplicant; procedure: string };

/** The control slip: the hand-overs read from the dossier's history (shared/domain/control-slip.ts). */
async function controlSlipOf(deps: PrintableDeps, dossier: Dossier, common: Common): Promise<Printable> {
  const found = await deps.store.getWithEvents(dossier.ref);
  const received = found?.dossier ?? dossier;
  if (!received.code || !received.receivedAt) throw new NotFoundError('hồ sơ chưa được tiếp nhận: chưa có phiếu kiểm soát quá trình giải quyết hồ sơ');
  const { province } = deps;
  const procedure = province.procedures.get(received.procedureId);
  if (!procedure) throw new Error(`procedure ${received.procedureId} of ${received.ref} is not in the catalogue`);
  const unit = province.receivingUnits.get(received.receivingUnitId)?.name ?? received.receivingUnitId;
  const recipient = (received as WithHandover).handover?.recipient.fullName;
  const steps = controlSteps(received, found?.events ?? [], procedure, deps.calendar, { receivingUnit: unit, agency: (id) => province.agencies.get(id)?.name ?? id, ...(recipient ? { recipient } : {}) });
  const receivedAt = new Date(received.receivedAt);
  const { controlSlip } = await layouts();
  return controlSlip({
    ...common,
    form: formFor('control-slip', receivedAt),
    unit,
    code: received.code,
    receivedAt,
    ...(received.dueAt ? { dueAt: new Date(received.dueAt) } : {}),
    steps: steps.map((s) => ({ what: s.what, from: s.from, to: s.to, at: s.at, ...(s.dueAt ? { dueAt: s.dueAt } : {}), result: timingLabel(s.timing), ...(s.note ? { note: s.note } : {}) })),
  });
}

/** The slip of a home pickup, once collected: from the courier's own `pickupSlip`, with its receipt's series and number. */
async function pickupSlipOf(deps: PrintableDeps, dossier: Dossier, itemId: string, common: Common): Promise<Printable> {
  const shipment = dossier.shipments?.[itemId];
  if (!shipment || shipment.kind !== 'pickup' || !shipment.pickup) throw new NotFoundError(`hồ sơ chưa có phiếu nhận hồ sơ tại nhà cho bưu gửi ${quoteValue(itemId)}`);
  const { province } = deps;
  const slip = pickupSlip(province, dossier, shipment);
  const receipt = slip.collected.receiptId ? await dossierReceipt(deps, dossier, slip.collected.receiptId) : undefined;
  const { pickupSlipPaper } = await layouts();
  return pickupSlipPaper({
    ...common,
    ...(dossier.code ? { code: dossier.code } : {}),
    title: slip.title,
    unit: province.servicePoints.get(shipment.postOfficeId)?.name ?? shipment.postOfficeId,
    itemId: slip.itemId,
    address: addressText(province, shipment.address),
    collectedAt: new Date(slip.collectedAt),
    sealNumber: slip.sealNumber,
    documents: slip.documents,
    collected: { amount: slip.collected.amount, ...(receipt ? { receipt: `${receipt.series} số ${receipt.number}` } : {}) },
    signedBy: slip.signedBy,
  });
}

const refOf = (f: { form: string; regime: string; title: string }): FormRef => ({ number: f.form, regime: f.regime, title: f.title });

const collectorLabels = { clerk: 'Giao dịch viên', postman: 'Bưu tá', gateway: 'Cổng thanh toán' } as const;
const collectorName = (c: { kind: keyof typeof collectorLabels; id: string }) => `${collectorLabels[c.kind]} ${c.id}`;

/** A phone as people write it: +84912345678 -> 0912345678. */
const localPhone = (e164: string) => e164.replace(/^\+84/, '0');

function printedApplicant(province: Province, dossier: Dossier): PrintedApplicant {
  const a = dossier.applicant;
  const person = a.kind === 'organisation' ? { name: a.name, idLabel: 'Mã số thuế', idNumber: a.taxCode } : { name: a.fullName, idLabel: 'Số CCCD', idNumber: a.cccd };
  return {
    ...person,
    phone: localPhone(a.phone),
    ...(a.email ? { email: a.email } : {}),
    address: addressText(province, a.address),
    ...(a.representative ? { representative: { name: a.representative.fullName, cccd: a.representative.cccd, phone: localPhone(a.representative.phone) } } : {}),
  };
}

const addressText = (province: Province, address: { line: string; unitId: string }) => [address.line, unitPath(province, address.unitId)].filter(Boolean).join(', ');

/** Originals or copies, and how many, as the procedure asks for the slot's document. */
function documentCounts(province: Province, dossier: Dossier, slot: string, name: string) {
  const index = /^doc-(\d+)$/.exec(slot)?.[1];
  const wanted = index ? province.procedures.get(dossier.procedureId)?.documents[Number(index) - 1] : undefined;
  if (wanted) return { name, form: wanted.form, copies: wanted.copies };
  // The authorisation is shown in the original; extra papers are copies (our reading).
  return { name, form: slot === 'uy-quyen' ? ('original' as const) : ('copy' as const), copies: 1 };
}

function resultPlace(province: Province, dossier: Dossier): string {
  const d = dossier.resultDelivery;
  if (d.method === 'counter') return `Tại quầy: ${province.servicePoints.get(d.servicePointId)?.name ?? d.servicePointId}`;
  if (d.method === 'online') return 'Trực tuyến: tải kết quả điện tử bằng mã truy cập hồ sơ';
  return `Qua dịch vụ bưu chính công ích, đến địa chỉ: ${addressText(province, d.address ?? dossier.applicant.address)}`;
}
