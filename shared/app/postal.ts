/**
 * The postal leg's use cases on the dossier side: a shipment is created with the dossier event that
 * asks for it (home pickup at creation, result delivery when the result is ready), and that event
 * is what the router turns into a courier-dispatch message (the outbox: nothing dispatched twice,
 * nothing lost). The postman's own steps are in shared/app/courier.ts.
 */
import { nameUuid } from './name-uuid.ts';
import type { DossierStore, TransactItem } from '../aws/dossier-store.ts';
import type { CourierQueue } from '../aws/courier-queue.ts';
import { applicantName } from '../domain/applicant.ts';
import { eventLabels, localIsoDate, stateOf, type Dossier, type DossierEvent, type PostalAddress } from '../domain/dossier.ts';
import { NotFoundError } from '../domain/errors.ts';
import { attemptReasonLabel, cancellableShipmentStatuses, checklistFor, deliveryRules, postOfficeFor, shipmentKindLabels, shipmentStatuses, type Shipment, type ShipmentKind } from '../domain/postal/shipment.ts';
import { unitAt, type Province } from '../domain/province.ts';
import { formatVnd } from '../domain/money.ts';
import { quotePostal, type PostalQuote } from '../domain/postal/tariff.ts';
import { courierDispatchVersion, type CourierDispatchV1 } from '../contracts/courier-dispatch.ts';

/** Where S10 item ids come from: the post office's range (shared/aws/s10-allocator.ts). */
export interface ItemIds {
  allocate(servicePointId: string, now: Date): Promise<string>;
}

/** A new shipment, requested now. */
export function newShipment(kind: ShipmentKind, input: { itemId: string; postOfficeId: string; address: PostalAddress; now: Date; window?: { from: string; to: string }; checklist?: Shipment['checklist']; deliverTo?: Shipment['deliverTo'] }): Shipment {
  return {
    itemId: input.itemId,
    kind,
    status: 'requested',
    postOfficeId: input.postOfficeId,
    requestedAt: input.now.toISOString(),
    address: input.address,
    ...(input.window ? { window: input.window } : {}),
    ...(input.checklist ? { checklist: input.checklist } : {}),
    ...(input.deliverTo ? { deliverTo: input.deliverTo } : {}),
    ...(kind === 'result-delivery' ? { attemptsAllowed: deliveryRules.maxAttempts } : {}),
  };
}

/** The home-pickup shipment of a new dossier: the procedure's checklist, handed over to its receiving unit. */
export async function pickupShipment(
  deps: { province: Province; items: ItemIds },
  input: { procedureId: string; receivingUnitId: string; pickup: { address: PostalAddress; window?: { from: string; to: string }; postOfficeId: string }; now: Date },
): Promise<Shipment> {
  const procedure = deps.province.procedures.get(input.procedureId);
  if (!procedure) throw new Error(`procedure ${input.procedureId} is not in the catalogue`);
  const itemId = await deps.items.allocate(input.pickup.postOfficeId, input.now);
  return newShipment('pickup', {
    itemId,
    postOfficeId: input.pickup.postOfficeId,
    address: input.pickup.address,
    now: input.now,
    ...(input.pickup.window ? { window: input.pickup.window } : {}),
    checklist: checklistFor(procedure),
    deliverTo: { kind: 'receiving-unit', id: input.receivingUnitId },
  });
}

/**
 * The update that writes a shipment on the dossier: into its `shipments` map, or the map itself
 * for a dossier's first shipment (DynamoDB cannot SET a path inside a map that does not exist).
 */
export function shipmentSet(dossier: Pick<Dossier, 'shipments'>, shipment: Shipment): Record<string, unknown> {
  return dossier.shipments ? { [`shipments.${shipment.itemId}`]: shipment } : { shipments: { [shipment.itemId]: shipment } };
}

/** The lookup items a new shipment adds to the dossier's transaction. */
export function shipmentItems(store: DossierStore, ref: string, shipment: Shipment): TransactItem[] {
  return [store.itemPut({ itemId: shipment.itemId, ref, kind: shipment.kind, postOfficeId: shipment.postOfficeId, requestedAt: shipment.requestedAt })];
}

export interface PostalRoutingDeps {
  store: DossierStore;
  province: Province;
  courier: CourierQueue;
  items: ItemIds;
  now: () => Date;
}

/**
 * A result is ready and the citizen asked for delivery: the result-delivery shipment is created
 * with its event (`postal.delivery-requested`), once (a marker), served by the post office of the
 * delivery address. Nothing happens for a result collected at the counter.
 */
export async function requestDelivery(deps: PostalRoutingDeps, event: DossierEvent, loaded?: Dossier): Promise<'requested' | 'already' | 'not-ready'> {
  const marker = 'DELIVERY#1';
  if (await deps.store.hasMarker(event.dossierRef, marker)) return 'already';
  for (let attempt = 0; attempt < 5; attempt++) {
    // The router's read serves the first attempt; a retry after a conflict reads again.
    const dossier = attempt === 0 && loaded ? loaded : await deps.store.getDossier(event.dossierRef);
    if (!dossier) throw new Error(`dossier ${event.dossierRef} not found for event ${event.eventId}`);
    if (dossier.status !== 'result-ready' || dossier.resultDelivery.method !== 'post') return 'not-ready';
    const now = deps.now();
    const address = dossier.resultDelivery.address ?? { line: dossier.applicant.address.line, unitId: dossier.applicant.address.unitId };
    const office = postOfficeFor(deps.province, address.unitId, localIsoDate(now));
    if (!office) {
      // Checked at creation; the rollout may have moved since. Say so on the dossier instead of
      // failing the stream record (a failing record holds up its whole shard).
      const unavailable: DossierEvent = { eventId: nameUuid(`${dossier.ref}/delivery-unavailable`), dossierRef: dossier.ref, seq: dossier.version + 1, type: 'postal.delivery-unavailable', at: now.toISOString(), actor: 'system', data: { unitId: address.unitId } };
      const outcome = await deps.store.commit(dossier, stateOf(dossier), [unavailable], { marker });
      if (outcome === 'stale') continue;
      return 'not-ready';
    }
    const itemId = await deps.items.allocate(office.id, now);
    const shipment = newShipment('result-delivery', { itemId, postOfficeId: office.id, address, now });
    const requested: DossierEvent = {
      eventId: nameUuid(`${dossier.ref}/delivery-requested`),
      dossierRef: dossier.ref,
      seq: dossier.version + 1,
      type: 'postal.delivery-requested',
      at: now.toISOString(),
      actor: 'system',
      data: { itemId, kind: 'result-delivery', postOfficeId: office.id, sourceEventId: event.eventId },
    };
    const outcome = await deps.store.commit(dossier, stateOf(dossier), [requested], { marker, set: shipmentSet(dossier, shipment), also: shipmentItems(deps.store, dossier.ref, shipment) });
    if (outcome === 'committed') return 'requested';
    if (outcome === 'already') return 'already';
  }
  throw new Error(`could not record the delivery request of ${event.dossierRef}: the dossier keeps changing`);
}

/** The courier-dispatch message of a shipment (the published contract, shared/contracts/courier-dispatch.ts). */
export function dispatchMessage(province: Province, dossier: Dossier, shipment: Shipment, event: Pick<DossierEvent, 'eventId' | 'at'>): CourierDispatchV1 {
  const office = province.servicePoints.get(shipment.postOfficeId);
  const procedure = province.procedures.get(dossier.procedureId);
  const unit = unitAt(province, shipment.address.unitId, localIsoDate(new Date(event.at))) ?? province.units.get(shipment.address.unitId);
  if (!office || !procedure || !unit) throw new Error(`shipment ${shipment.itemId} of ${dossier.ref} refers to data missing from province ${province.id}`);
  const receiving = shipment.deliverTo ? province.receivingUnits.get(shipment.deliverTo.id) : undefined;
  return {
    schemaVersion: courierDispatchVersion,
    messageId: event.eventId,
    type: 'shipment.requested',
    occurredAt: event.at,
    shipment: {
      itemId: shipment.itemId,
      kind: shipment.kind,
      postOffice: { id: office.id, name: office.name },
      dossierRef: dossier.ref,
      ...(dossier.code ? { dossierCode: dossier.code } : {}),
      procedure: { id: procedure.id, name: procedure.name },
      party: { name: applicantName(dossier.applicant), phone: dossier.applicant.phone, address: { line: shipment.address.line, unitId: unit.id, unitName: unit.name } },
      ...(shipment.window ? { window: shipment.window } : {}),
      ...(shipment.checklist ? { checklist: shipment.checklist } : {}),
      ...(shipment.attemptsAllowed ? { attemptsAllowed: shipment.attemptsAllowed } : {}),
      ...(receiving ? { deliverTo: { kind: 'receiving-unit' as const, id: receiving.id, name: receiving.name } } : {}),
    },
  };
}

/**
 * The event that asked for a shipment becomes its courier-dispatch message, once: the message id
 * is the event's id (the FIFO deduplication id), and a marker records that it went out.
 */
export async function dispatchShipment(deps: PostalRoutingDeps, event: DossierEvent, loaded?: Dossier): Promise<'sent' | 'already'> {
  const type = event.type === 'postal.cancelled' ? 'shipment.cancelled' : 'shipment.requested';
  const marker = `DISPATCH#${event.eventId}`;
  if (await deps.store.hasMarker(event.dossierRef, marker)) return 'already';
  for (let attempt = 0; attempt < 5; attempt++) {
    // The router's read serves the first attempt; a retry after a conflict reads again.
    const dossier = attempt === 0 && loaded ? loaded : await deps.store.getDossier(event.dossierRef);
    const shipment = dossier?.shipments?.[String(event.data.itemId)];
    if (!dossier || !shipment) throw new Error(`shipment ${String(event.data.itemId)} of ${event.dossierRef} not found for event ${event.eventId}`);
    await deps.courier.send({ ...dispatchMessage(deps.province, dossier, shipment, event), type });
    const outcome = await deps.store.commit(dossier, stateOf(dossier), [], { marker });
    if (outcome !== 'stale') return outcome === 'committed' ? 'sent' : 'already';
  }
  throw new Error(`could not record the dispatch of ${event.dossierRef}: the dossier keeps changing`);
}

/** The postal part of a dossier's views (shipments and the quoted charge): no personal data. */
export function postalView(province: Province, dossier: Pick<Dossier, 'shipments' | 'postalCharges'>) {
  return {
    ...(dossier.shipments ? { shipments: Object.values(dossier.shipments).map((s) => shipmentSummary(province, s)) } : {}),
    ...(dossier.postalCharges ? { postalCharges: chargesView(dossier.postalCharges) } : {}),
  };
}

/** A shipment as anyone may see it: the item, its kind and status, its post office; no personal data. */
export function shipmentSummary(province: Province, shipment: Shipment) {
  return {
    itemId: shipment.itemId,
    kind: shipment.kind,
    kindLabel: shipmentKindLabels[shipment.kind],
    status: shipment.status,
    statusLabel: shipmentStatuses[shipment.status],
    postOffice: { id: shipment.postOfficeId, name: province.servicePoints.get(shipment.postOfficeId)?.name ?? shipment.postOfficeId },
    ...(shipment.attempts?.length ? { attempts: shipment.attempts.map((a) => ({ n: a.n, at: a.at, reason: a.reason, label: attemptReasonLabel(shipment.kind, a.reason) })) } : {}),
    ...(shipment.returnedTo ? { returnedTo: { servicePointId: shipment.returnedTo.servicePointId, at: shipment.returnedTo.at } } : {}),
  };
}

/**
 * The public lookup of an item id (`GET /v1/postal/items/{itemId}`): its journey from the dossier's
 * history (the events that name the item), with no name, phone, address or seal number.
 */
export async function postalItemView(deps: { store: DossierStore; province: Province }, itemId: string) {
  const ref = await deps.store.itemRef(itemId);
  const found = ref ? await deps.store.getWithEvents(ref) : undefined;
  const shipment = found?.dossier.shipments?.[itemId];
  if (!found || !shipment) throw new NotFoundError(`không có bưu gửi ${itemId}`);
  const { attempts: _attempts, returnedTo: _returned, ...summary } = shipmentSummary(deps.province, shipment);
  return {
    ...summary,
    events: found.events
      .filter((e) => e.data.itemId === itemId)
      .map((e) => ({ type: e.type, label: typeof e.data.reasonLabel === 'string' ? `${eventLabels[e.type]}: ${e.data.reasonLabel}` : (eventLabels[e.type] ?? e.type), at: e.at })),
  };
}

/**
 * The postal charge of a choice, with the amounts as people read them (`22.000 ₫`): quoted before
 * the citizen commits, and kept on the dossier as part of what it costs.
 */
export function postalQuote(province: Province, input: { procedureId: string; unitId: string; pickup: boolean; delivery: boolean; now: Date }) {
  return chargesView(quotePostal(province, { procedureId: input.procedureId, applicantUnitId: input.unitId, pickup: input.pickup, delivery: input.delivery, date: localIsoDate(input.now) }));
}

/** A quote as people read it: each amount also as `22.000 ₫`. */
export function chargesView(quote: PostalQuote) {
  return { ...quote, lines: quote.lines.map((l) => ({ ...l, amountText: formatVnd(l.amount) })), totalText: formatVnd(quote.total) };
}
export type PostalCharges = ReturnType<typeof postalQuote>;

/**
 * A withdrawn dossier cancels the shipments nothing was collected for yet (requested, or taken by a
 * postman who has not been to the door): each gets its `postal.cancelled` event, which the router
 * sends to the partner as `shipment.cancelled` (after the request, in the item's FIFO group), and
 * leaves its post office's list. Once.
 */
export async function cancelShipments(deps: PostalRoutingDeps, event: DossierEvent, loaded?: Dossier): Promise<'cancelled' | 'already' | 'not-ready'> {
  const marker = `CANCEL#${event.eventId}`;
  if (await deps.store.hasMarker(event.dossierRef, marker)) return 'already';
  for (let attempt = 0; attempt < 5; attempt++) {
    // The router's read serves the first attempt; a retry after a conflict reads again.
    const dossier = attempt === 0 && loaded ? loaded : await deps.store.getDossier(event.dossierRef);
    if (!dossier) throw new Error(`dossier ${event.dossierRef} not found for event ${event.eventId}`);
    const open = Object.values(dossier.shipments ?? {}).filter((s) => cancellableShipmentStatuses.includes(s.status));
    if (open.length === 0) return 'not-ready';
    const at = deps.now().toISOString();
    const events: DossierEvent[] = open.map((s, i) => ({
      eventId: nameUuid(`${dossier.ref}/cancelled/${s.itemId}`),
      dossierRef: dossier.ref,
      seq: dossier.version + 1 + i,
      type: 'postal.cancelled',
      at,
      actor: 'system',
      data: { itemId: s.itemId, kind: s.kind, postOfficeId: s.postOfficeId, sourceEventId: event.eventId },
    }));
    const set = Object.fromEntries(open.map((s) => [`shipments.${s.itemId}`, { ...s, status: 'cancelled', cancelledAt: at } satisfies Shipment]));
    const outcome = await deps.store.commit(dossier, stateOf(dossier), events, { marker, set, also: open.map((s) => deps.store.itemClose(s.itemId)) });
    if (outcome === 'committed') return 'cancelled';
    if (outcome === 'already') return 'already';
  }
  throw new Error(`could not cancel the shipments of ${event.dossierRef}: the dossier keeps changing`);
}
