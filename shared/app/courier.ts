/**
 * The postman's steps (courier API, JWT role `courier`): the shipments of his post office, taking
 * one, the home pickup by the book (checklist of the published document list, seal, co-signed
 * slip), the hand-over at the receiving unit (its reception: code and clock), delivery attempts,
 * the return to the post office after the last one, and the proof of delivery.
 *
 * A postman sees only his own post office's shipments, and once he has taken one, only he acts on
 * it (403 otherwise). Every read of the party's name, phone or address is recorded in the
 * dossier's history, as a clerk's is.
 */
import { formatVnd } from '../domain/money/format.ts';
import { openRequests, payable } from '../domain/money/requests.ts';
import { pay, type MoneyDeps } from './payments.ts';
import { randomUUID } from 'node:crypto';
import type { DocumentBucket } from '../aws/document-bucket.ts';
import type { DossierStore } from '../aws/dossier-store.ts';
import type { Staff } from '../domain/access.ts';
import { localDate, type Calendar } from '../domain/calendar.ts';
import { applyCommand, localIsoDate, unitPath, type Dossier, type DossierEvent } from '../domain/dossier.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { appointmentIssues } from '../domain/postal/appointment.ts';
import {
  attemptReasonLabel,
  attemptReasonsFor,
  checkPickup,
  closedShipmentStatuses,
  collectionInvitation,
  deliveryRules,
  identityDocuments,
  postOfficeKinds,
  recipientRelations,
  returnsAfter,
  shipmentStatuses,
  type AttemptReason,
  type IdentityDocument,
  type RecipientRelation,
  type Shipment,
  type ShipmentStatus,
} from '../domain/postal/shipment.ts';
import { shipmentDue } from '../domain/postal/due.ts';
import { proofLimits } from '../domain/postal/proof.ts';
import type { Province } from '../domain/province.ts';
import type { Action, DossierState } from '../domain/state-machine.ts';
import type { Caller } from '../http/claims.ts';
import { receiveAt } from './reception.ts';
import { recordStaffRead } from './staff-access.ts';
import { applicantName } from '../domain/applicant.ts';

export type Postman = Extract<Staff, { role: 'courier' }>;

export interface CourierDeps {
  store: DossierStore;
  bucket: DocumentBucket;
  province: Province;
  calendar: Calendar;
  now: () => Date;
}

/** The postman a token names: role `courier` and a `custom:service_point_id` that is a post office. Else 403. */
export function courierStaff(province: Province, caller: Caller | undefined): Postman {
  if (!caller?.roles.includes('courier')) throw new ForbiddenError('cần vai trò courier');
  const id = caller.servicePointId;
  if (!id) throw new ForbiddenError('tài khoản bưu tá chưa gắn với bưu cục (custom:service_point_id)');
  const point = province.servicePoints.get(id);
  if (!point || !postOfficeKinds.has(point.kind)) throw new ForbiddenError(`"${id.slice(0, 64)}" không phải bưu cục có bưu tá`);
  return { role: 'courier', sub: caller.sub, servicePointId: id };
}

/** The shipment an item id names, for this postman: 404 unknown, 403 another office's or another postman's. */
async function shipmentFor(deps: CourierDeps, postman: Postman, itemId: string): Promise<{ dossier: Dossier; shipment: Shipment }> {
  const ref = await deps.store.itemRef(itemId);
  const dossier = ref ? await deps.store.getDossier(ref) : undefined;
  const shipment = dossier?.shipments?.[itemId];
  if (!dossier || !shipment) throw new NotFoundError(`không có bưu gửi ${itemId}`);
  if (shipment.postOfficeId !== postman.servicePointId) throw new ForbiddenError('bưu gửi thuộc bưu cục khác');
  if (shipment.postman && shipment.postman.sub !== postman.sub) throw new ForbiddenError('bưu gửi đã giao cho bưu tá khác');
  return { dossier, shipment };
}

/** What the postman's phone shows of a shipment: where to go, whom to meet, what to collect or hand over. */
export function shipmentView(deps: Pick<CourierDeps, 'province' | 'calendar' | 'now'>, dossier: Dossier, shipment: Shipment) {
  const { province } = deps;
  const due = shipmentDue(shipment, deps.now(), deps.calendar);
  const office = province.servicePoints.get(shipment.postOfficeId);
  const procedure = province.procedures.get(dossier.procedureId);
  const receiving = shipment.deliverTo ? province.receivingUnits.get(shipment.deliverTo.id) : undefined;
  return {
    itemId: shipment.itemId,
    kind: shipment.kind,
    status: shipment.status,
    statusLabel: shipmentStatuses[shipment.status],
    postOffice: { id: shipment.postOfficeId, name: office?.name ?? shipment.postOfficeId },
    requestedAt: shipment.requestedAt,
    dossier: { ref: dossier.ref, ...(dossier.code ? { code: dossier.code } : {}), procedure: { id: dossier.procedureId, name: procedure?.name ?? dossier.procedureId } },
    party: {
      name: applicantName(dossier.applicant),
      phone: dossier.applicant.phone,
      address: { line: shipment.address.line, unitId: shipment.address.unitId, place: unitPath(province, shipment.address.unitId, localIsoDate(new Date(shipment.requestedAt))) },
    },
    ...(shipment.window ? { window: shipment.window } : {}),
    ...(due ? { due } : {}),
    ...(shipment.checklist ? { checklist: shipment.checklist } : {}),
    ...(receiving ? { deliverTo: { kind: 'receiving-unit' as const, id: receiving.id, name: receiving.name } } : {}),
    ...(shipment.attemptsAllowed ? { attemptsAllowed: shipment.attemptsAllowed } : {}),
    attempts: (shipment.attempts ?? []).map((a) => ({ ...a, label: attemptReasonLabel(shipment.kind, a.reason) })),
    ...(shipment.postman ? { postman: { name: shipment.postman.name, acceptedAt: shipment.postman.acceptedAt } } : {}),
    ...(shipment.returnedTo ? { returnedTo: shipment.returnedTo } : {}),
    // What the citizen still owes, so the postman can take it in cash (`payment` at pickup or delivery).
    toCollect: openRequests(dossier.payments).map((r) => ({ requestId: r.id, amount: r.totals.total, amountText: formatVnd(r.totals.total) })),
  };
}

async function seen(deps: CourierDeps, postman: Postman, dossier: Dossier, shipment: Shipment, operation: string) {
  await recordStaffRead(deps, postman, dossier.ref, { read: 'dossier' }, operation);
  return shipmentView(deps, dossier, shipment);
}

/** The open shipments of the postman's post office that are his or nobody's yet, oldest first, and the day (the API's clock) their `due` is judged on. */
export async function myShipments(deps: CourierDeps, postman: Postman) {
  const open = await deps.store.openShipments(postman.servicePointId);
  // The dossiers in one batch read, each read recorded (in parallel) before the list leaves.
  const dossiers = await deps.store.getDossiers(open.map((o) => o.ref));
  const mine = open.flatMap(({ itemId, ref }) => {
    const dossier = dossiers.get(ref);
    const shipment = dossier?.shipments?.[itemId];
    if (!dossier || !shipment || closedShipmentStatuses.includes(shipment.status)) return [];
    if (shipment.postman && shipment.postman.sub !== postman.sub) return [];
    return [{ dossier, shipment }];
  });
  // One instant for the whole answer: every item's `due` is judged on the day the answer names.
  const now = deps.now();
  const at = { ...deps, now: () => now };
  const items = await Promise.all(mine.map(({ dossier, shipment }) => seen(at, postman, dossier, shipment, 'courierListShipments')));
  return { postOffice: { id: postman.servicePointId, name: deps.province.servicePoints.get(postman.servicePointId)?.name ?? postman.servicePointId }, today: localDate(now, deps.calendar), items };
}

export async function getShipment(deps: CourierDeps, postman: Postman, itemId: string) {
  const { dossier, shipment } = await shipmentFor(deps, postman, itemId);
  return seen(deps, postman, dossier, shipment, 'courierGetShipment');
}

/** Applies commands in order to the dossier: the state after all and their events. */
function chain(dossier: Dossier, actions: Action[], now: Date, data: Record<string, unknown>): { state: DossierState; events: DossierEvent[] } {
  let state: Dossier = dossier;
  const events: DossierEvent[] = [];
  for (const action of actions) {
    const change = applyCommand(state, { type: action, actor: { role: 'courier' } }, { eventId: randomUUID(), now, data });
    events.push(change.event);
    state = { ...state, ...change.state, version: state.version + 1 };
  }
  return { state: { status: state.status, resume: state.resume, chain: state.chain, ...(state.postal ? { postal: state.postal } : {}) }, events };
}

/** An event of the postal leg that moves neither the dossier's status nor its leg: the dossier's next in its history, by the postman. */
function legEvent(dossier: Dossier, type: DossierEvent['type'], now: Date, data: Record<string, unknown>): DossierEvent {
  return { eventId: randomUUID(), dossierRef: dossier.ref, seq: dossier.version + 1, type, at: now.toISOString(), actor: 'courier', data };
}

function expect(shipment: Shipment, kind: Shipment['kind'], statuses: ShipmentStatus[], what: string): void {
  if (shipment.kind !== kind) throw new ConflictError(`bưu gửi ${shipment.itemId} là ${shipment.kind === 'pickup' ? 'nhận hồ sơ tại nhà' : 'phát kết quả'}: không ${what}`);
  if (!statuses.includes(shipment.status)) throw new ConflictError(`bưu gửi ${shipment.itemId} đang "${shipmentStatuses[shipment.status]}": không ${what}`);
}

async function commitShipment(
  deps: CourierDeps,
  dossier: Dossier,
  shipment: Shipment,
  change: { state: DossierState; events: DossierEvent[] },
  next: Shipment,
  close = false,
): Promise<Shipment> {
  const outcome = await deps.store.commit(dossier, change.state, change.events, {
    set: { [`shipments.${shipment.itemId}`]: next },
    ...(close ? { also: [deps.store.itemClose(shipment.itemId)] } : {}),
  });
  if (outcome !== 'committed') throw new ConflictError('hồ sơ vừa được cập nhật, vui lòng thử lại');
  return next;
}

/** The postman takes the shipment: it is his from now on. */
export async function acceptShipment(deps: CourierDeps, postman: Postman, itemId: string, input: { postman: string }) {
  const { dossier, shipment } = await shipmentFor(deps, postman, itemId);
  if (shipment.status !== 'requested') throw new ConflictError(`bưu gửi ${itemId} đang "${shipmentStatuses[shipment.status]}": không nhận việc được nữa`);
  const now = deps.now();
  const event = legEvent(dossier, 'postal.accepted', now, { itemId, kind: shipment.kind, postOfficeId: shipment.postOfficeId });
  const next: Shipment = { ...shipment, status: 'accepted', postman: { sub: postman.sub, name: input.postman, acceptedAt: now.toISOString() } };
  await commitShipment(deps, dossier, shipment, { state: dossier, events: [event] }, next);
  return shipmentView(deps, dossier, next);
}

/**
 * The pickup at the citizen's door (Decision 45/2016): the documents checked against the
 * procedure's list (a missing mandatory one: 422 with guidance, nothing collected), the seal
 * applied in front of the citizen, the dossier slip co-signed; then the dossier is in carriage.
 */
export async function pickUp(
  deps: CourierDeps & Partial<MoneyDeps>,
  postman: Postman,
  itemId: string,
  input: { checklist: { index: number; present: boolean; form: 'original' | 'copy'; count: number }[]; sealNumber: string; slipSignedBy: string; payment?: { requestId: string; amount: number } | undefined },
) {
  const first = await shipmentFor(deps, postman, itemId);
  expect(first.shipment, 'pickup', ['accepted'], 'nhận hồ sơ');
  checkPickup(first.shipment.checklist ?? [], input.checklist);
  // The fees handed to the postman at the door (cash on pickup): checked before anything is
  // written, recorded with its receipt before the pickup (the money is in the postman's hand).
  const receipt = input.payment ? await collectCash(deps, first.dossier, postman, input.payment) : undefined;
  const { dossier, shipment } = receipt ? await shipmentFor(deps, postman, itemId) : first;
  const now = deps.now();
  const change = chain(dossier, ['pick-up', 'dispatch'], now, { itemId, sealNumber: input.sealNumber });
  const next: Shipment = {
    ...shipment,
    status: 'in-transit',
    pickup: { at: now.toISOString(), sealNumber: input.sealNumber, slipSignedBy: input.slipSignedBy, checklist: input.checklist, ...(receipt ? { collected: { amount: receipt.total, receiptId: receipt.id } } : {}) },
  };
  await commitShipment(deps, dossier, shipment, change, next);
  return { ...shipmentView(deps, dossier, next), slip: pickupSlip(deps.province, dossier, next) };
}

/** Cash a postman takes for an open request of the dossier, with its receipt in the postman's series. */
async function collectCash(deps: CourierDeps & Partial<MoneyDeps>, dossier: Dossier, postman: Postman, payment: { requestId: string; amount: number }) {
  if (!deps.money) throw new Error('the courier API needs the money store to take payments');
  payable(dossier.payments?.[payment.requestId], payment.amount, 'payment.amount');
  return pay({ ...deps, money: deps.money }, dossier.ref, { ...payment, method: 'cash', collector: { kind: 'postman', id: postman.sub, servicePointId: postman.servicePointId } });
}

/** The dossier slip the citizen and the postman sign at pickup: what was collected, the seal, the item id. */
export function pickupSlip(province: Province, dossier: Dossier, shipment: Shipment) {
  const p = shipment.pickup!;
  return {
    title: 'Phiếu nhận hồ sơ tại nhà',
    itemId: shipment.itemId,
    dossierRef: dossier.ref,
    procedure: province.procedures.get(dossier.procedureId)?.name ?? dossier.procedureId,
    collectedAt: p.at,
    sealNumber: p.sealNumber,
    signedBy: { citizen: p.slipSignedBy, postman: shipment.postman?.name ?? '' },
    documents: (shipment.checklist ?? []).map((c) => {
      const f = p.checklist.find((x) => x.index === c.index);
      return { name: c.name, form: f?.form ?? c.form, count: f?.present ? f.count : 0 };
    }),
    // The fees handed over at the door, and the receipt the postman gave for them.
    collected: p.collected ? { amount: p.collected.amount, amountText: formatVnd(p.collected.amount), receiptId: p.collected.receiptId } : { amount: 0, amountText: formatVnd(0), receiptId: null },
  };
}

/**
 * The hand-over at the receiving unit: who handed, who received, when, which item. It is the
 * dossier's arrival, so it is its reception (form 01): the code and the clock start now.
 */
export async function handOver(deps: CourierDeps, postman: Postman, itemId: string, input: { receivedBy: string }) {
  const { dossier, shipment } = await shipmentFor(deps, postman, itemId);
  expect(shipment, 'pickup', ['in-transit', 'at-post-office'], 'bàn giao');
  const unit = deps.province.receivingUnits.get(shipment.deliverTo?.id ?? dossier.receivingUnitId);
  if (!unit) throw new Error(`receiving unit of ${dossier.ref} is not in the province data`);
  const now = deps.now();
  const arrived = chain(dossier, ['deliver-to-agency'], now, { itemId, receivedBy: input.receivedBy, receivingUnitId: unit.id });
  const next: Shipment = { ...shipment, status: 'handed-over', handover: { at: now.toISOString(), by: postman.sub, receivedBy: input.receivedBy, receivingUnitId: unit.id } };
  const form = await receiveAt(deps, dossier, unit, { actor: 'clerk', by: postman.sub, officer: input.receivedBy }, {
    before: arrived,
    extra: { [`shipments.${itemId}`]: next },
    also: [deps.store.itemClose(itemId)],
  });
  return { ...shipmentView(deps, dossier, next), handover: next.handover, receipt: form };
}

/**
 * The item is at the postman's post office on its way (a collected dossier sorted before the
 * hand-over; a result brought in before it goes out): an event in transit, the status unchanged.
 */
export async function atPostOffice(deps: CourierDeps, postman: Postman, itemId: string) {
  const { dossier, shipment } = await shipmentFor(deps, postman, itemId);
  if (shipment.kind === 'pickup') expect(shipment, 'pickup', ['in-transit'], 'ghi nhận về bưu cục');
  else expect(shipment, 'result-delivery', ['accepted'], 'ghi nhận về bưu cục');
  const now = deps.now();
  const event = legEvent(dossier, 'postal.at-post-office', now, { itemId, servicePointId: postman.servicePointId });
  const next: Shipment = { ...shipment, status: 'at-post-office', atPostOffice: { at: now.toISOString(), servicePointId: postman.servicePointId } };
  await commitShipment(deps, dossier, shipment, { state: dossier, events: [event] }, next);
  return shipmentView(deps, dossier, next);
}

/** The result leaves the post office with the postman. */
export async function sendOut(deps: CourierDeps, postman: Postman, itemId: string) {
  const { dossier, shipment } = await shipmentFor(deps, postman, itemId);
  expect(shipment, 'result-delivery', ['accepted', 'at-post-office', 'attempt-failed'], 'phát');
  const change = chain(dossier, ['send-out'], deps.now(), { itemId, attempt: (shipment.attempts?.length ?? 0) + 1 });
  const next: Shipment = { ...shipment, status: 'out-for-delivery' };
  await commitShipment(deps, dossier, shipment, change, next);
  return shipmentView(deps, dossier, next);
}

/** What the postman says of a failed attempt (contracts/courier.ts `attemptSchema`). */
type AttemptInput = { reason: AttemptReason; note?: string | undefined; nextWindow?: { from: string; to: string } | undefined };

/**
 * A failed attempt, with its reason. A delivery: after the last allowed one the result goes back
 * to the post office and the citizen is invited to collect it there. A home pickup (the postman
 * came and collected nothing: nobody at home, the papers short of the list): the shipment stays
 * his and open, with the new appointment he agreed with the citizen (`nextWindow`) when there is
 * one; the citizen is told either way (SMS `pickup-failed`, `pickup-rescheduled`).
 */
export async function recordAttempt(
  deps: CourierDeps,
  postman: Postman,
  itemId: string,
  input: AttemptInput,
) {
  const { dossier, shipment } = await shipmentFor(deps, postman, itemId);
  const reasons: Record<string, string> = attemptReasonsFor[shipment.kind];
  if (!(input.reason in reasons)) throw ValidationError.field('reason', `lý do không dùng cho ${shipment.kind === 'pickup' ? 'nhận hồ sơ tại nhà' : 'phát kết quả'}: chọn một trong ${Object.keys(reasons).join(', ')}`);
  if (shipment.kind === 'pickup') return recordPickupAttempt(deps, dossier, shipment, input);
  if (input.nextWindow) throw ValidationError.field('nextWindow', 'hẹn lại giờ chỉ dùng cho nhận hồ sơ tại nhà: kết quả được phát lại trong ngày làm việc kế tiếp');
  expect(shipment, 'result-delivery', ['out-for-delivery'], 'ghi nhận phát không thành công');
  const now = deps.now();
  const n = (shipment.attempts?.length ?? 0) + 1;
  const allowed = shipment.attemptsAllowed ?? deliveryRules.maxAttempts;
  const back = returnsAfter(n, allowed);
  const office = deps.province.servicePoints.get(shipment.postOfficeId);
  const data = { itemId, attempt: n, reason: input.reason, reasonLabel: attemptReasonLabel(shipment.kind, input.reason), ...(back && office ? { invitation: collectionInvitation(office), servicePointId: office.id } : {}) };
  const change = chain(dossier, back ? ['fail-delivery', 'return-to-post-office'] : ['fail-delivery'], now, data);
  const attempt = { n, at: now.toISOString(), reason: input.reason, ...(input.note ? { note: input.note } : {}) };
  const next: Shipment = {
    ...shipment,
    status: back ? 'returned' : 'attempt-failed',
    attempts: [...(shipment.attempts ?? []), attempt],
    ...(back ? { returnedTo: { servicePointId: shipment.postOfficeId, at: now.toISOString() } } : {}),
  };
  await commitShipment(deps, dossier, shipment, change, next, back);
  return { attempt: n, returned: back, ...(back && office ? { invitation: collectionInvitation(office) } : {}), shipment: shipmentView(deps, dossier, next) };
}

/** A home pickup that collected nothing: an event of the postal leg (the dossier's status and leg do not move). */
async function recordPickupAttempt(deps: CourierDeps, dossier: Dossier, shipment: Shipment, input: AttemptInput) {
  expect(shipment, 'pickup', ['accepted'], 'ghi nhận nhận hồ sơ không thành công');
  const now = deps.now();
  const problems = input.nextWindow ? appointmentIssues(input.nextWindow, now, 'nextWindow') : [];
  if (problems.length > 0) throw new ValidationError(problems);
  // Kept in UTC, as the citizen's own window is (the courier dispatch contract takes UTC instants).
  const window = input.nextWindow ? { from: new Date(input.nextWindow.from).toISOString(), to: new Date(input.nextWindow.to).toISOString() } : undefined;
  const n = (shipment.attempts?.length ?? 0) + 1;
  const event = legEvent(dossier, 'postal.pickup-failed', now, { itemId: shipment.itemId, attempt: n, reason: input.reason, reasonLabel: attemptReasonLabel('pickup', input.reason), ...(window ? { nextWindow: window } : {}) });
  const attempt = { n, at: now.toISOString(), reason: input.reason, ...(input.note ? { note: input.note } : {}) };
  // A new appointment replaces the one that was missed; without one the postman calls to agree it.
  const { window: _missed, ...rest } = shipment;
  const next: Shipment = { ...rest, attempts: [...(shipment.attempts ?? []), attempt], ...(window ? { window } : {}) };
  await commitShipment(deps, dossier, shipment, { state: dossier, events: [event] }, next);
  return { attempt: n, returned: false, shipment: shipmentView(deps, dossier, next) };
}

/** Where the proof of delivery (signature or photo) of an item is kept: beside the dossier's scans. */
export const proofKey = (ref: string, itemId: string) => `dossiers/${ref}/proofs/${itemId}`;
export { proofLimits };

/** A presigned form for the proof of delivery, pinning its type, size range and checksum. */
export async function proofUploadForm(deps: CourierDeps, postman: Postman, itemId: string, input: { contentType: 'image/png' | 'image/jpeg'; size: number; sha256: string }) {
  const { dossier, shipment } = await shipmentFor(deps, postman, itemId);
  expect(shipment, 'result-delivery', ['out-for-delivery'], 'nhận ảnh xác nhận phát');
  if (input.size > proofLimits.maxBytes) throw ValidationError.field('size', `ảnh xác nhận tối đa ${proofLimits.maxBytes} byte`);
  const key = proofKey(dossier.ref, itemId);
  const form = await deps.bucket.uploadForm({ key, contentType: input.contentType, maxBytes: proofLimits.maxBytes, sha256: input.sha256, expiresSeconds: proofLimits.expiresSeconds, now: deps.now() });
  return { url: form.url, fields: form.fields, key, maxBytes: proofLimits.maxBytes, expiresAt: form.expiresAt };
}

/**
 * The result handed over at the door, with its proof: who took it (the applicant or someone for
 * them, and how they relate), the identity document's type and last digits only, the signature or
 * photo already uploaded. The dossier is returned (status 10).
 */
export async function deliver(
  deps: CourierDeps & Partial<MoneyDeps>,
  postman: Postman,
  itemId: string,
  input: {
    recipient: { name: string; relation: RecipientRelation };
    identity: { documentType: IdentityDocument; lastDigits: string };
    proof: 'signature' | 'photo';
    place?: { lat: number; lon: number } | undefined;
    payment?: { requestId: string; amount: number } | undefined;
  },
) {
  const first = await shipmentFor(deps, postman, itemId);
  expect(first.shipment, 'result-delivery', ['out-for-delivery'], 'xác nhận đã phát');
  const key = proofKey(first.dossier.ref, itemId);
  if (!(await deps.bucket.current(key))) throw new ConflictError('chưa có ảnh chữ ký hoặc ảnh xác nhận người nhận: tải lên trước (proof-upload-url)');
  // Fees due with the result, collected at the door (cash on delivery), before the delivery is recorded.
  const receipt = input.payment ? await collectCash(deps, first.dossier, postman, input.payment) : undefined;
  const { dossier, shipment } = receipt ? await shipmentFor(deps, postman, itemId) : first;
  const now = deps.now();
  const change = chain(dossier, ['deliver'], now, { itemId, relation: input.recipient.relation, relationLabel: recipientRelations[input.recipient.relation], identity: identityDocuments[input.identity.documentType] });
  const next: Shipment = {
    ...shipment,
    status: 'delivered',
    delivery: { at: now.toISOString(), recipient: input.recipient, identity: input.identity, proof: { kind: input.proof, key }, ...(input.place ? { place: input.place } : {}), ...(receipt ? { collected: { amount: receipt.total, receiptId: receipt.id } } : {}) },
  };
  await commitShipment(deps, dossier, shipment, change, next, true);
  return shipmentView(deps, dossier, next);
}
