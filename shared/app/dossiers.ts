/**
 * Creating and submitting dossiers. Online: a draft gets its reference and access token, the
 * citizen uploads the scans, then submits into the receiving unit's reception queue; an officer's
 * acceptance receives it (shared/app/reception.ts): the code is allocated and the clock starts.
 * At the counter: the clerk checks the papers and receives the dossier at once (code, clock),
 * then scans them; routing waits until the mandatory scans are verified (see route-dossier.ts).
 */
import { withOpeningRequest } from './payments.ts';
import { randomUUID } from 'node:crypto';
import type { DossierStore } from '../aws/dossier-store.ts';
import { appointmentAt, type Calendar } from '../domain/calendar.ts';
import { channelOf } from '../domain/processing-time.ts';
import { missingSlots, slotsFor } from '../domain/documents.ts';
import { checkDossierRequest, createDossier, localIsoDate, statuses, submitOnline, type Dossier, type DossierEvent, type DossierRequest } from '../domain/dossier.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import type { Province } from '../domain/province.ts';
import { checkReceivable } from '../domain/rollout.ts';
import { hashAccessToken, tokenMatches } from './access-token.ts';
import { reserveDraft } from './draft-cap.ts';
import { pickupShipment, postalView, shipmentItems, type ItemIds } from './postal.ts';
import { quotePostal } from '../domain/postal/tariff.ts';
import { newDossierRef, withDossierCode } from './reception.ts';

export interface DossierDeps {
  store: DossierStore;
  province: Province;
  calendar: Calendar;
  now: () => Date;
  /** S10 item ids for carried dossiers and shipments. */
  items: ItemIds;
}

/**
 * Creates a dossier under a fresh reference: a draft online, or at the counter of
 * `counter.servicePointId` (an existing service point: the counter API checks the clerk's token
 * first), where a one-stop desk receives it at once (code and clock from now).
 * `token` is the dossier's access token (derived from the request's Idempotency-Key, see
 * shared/app/keys.ts): only its hash is stored. Online drafts count against the applicant's cap
 * (shared/app/draft-cap.ts). A draft takes no number: only reception does (shared/app/reception.ts).
 */
export async function openDossier(
  deps: DossierDeps & { secret: Buffer },
  request: DossierRequest,
  channel: Dossier['channel'],
  options: { token: string; counter?: { servicePointId: string; by: string } },
) {
  const now = deps.now();
  const accepted = checkDossierRequest(deps.province, request, now);
  (request.papersChecked ?? []).forEach((p, i) => {
    if (!accepted.procedure.documents[p.document - 1]) throw ValidationError.field(`papersChecked.${i}.document`, `thủ tục có ${accepted.procedure.documents.length} giấy tờ trong danh mục, không có giấy tờ số ${p.document}`);
  });
  const { counter } = options;
  // At a one-stop desk the desk's section receives at once; anywhere else (online, or a post office
  // that only carries the dossier) the receiving unit follows the procedure and the applicant.
  // Either way the rollout decides first: the agency must have joined and the point be live.
  const servicePoint = counter ? deps.province.servicePoints.get(counter.servicePointId) : undefined;
  const unit = checkReceivable(deps.province, { procedure: accepted.procedure, agency: accepted.agency, applicantUnitId: accepted.applicant.address.unitId, servicePoint, date: localIsoDate(now) });
  const desk = servicePoint?.receivingUnit !== undefined;
  const carried = counter && !desk ? { ...counter, postalRef: await deps.items.allocate(counter.servicePointId, now) } : undefined;
  // Home pickup (online only): the paper comes with a postman, so no scans and no draft; a shipment
  // of the post office serving the address, whose request the courier dispatch derives from.
  const pickup = !counter && accepted.pickup ? await pickupShipment(deps, { procedureId: accepted.procedure.id, receivingUnitId: unit.id, pickup: accepted.pickup, now }) : undefined;
  const effectiveChannel: Dossier['channel'] = pickup ? 'home-pickup' : channel;
  // The charge of the postal services chosen, quoted at the tariff of the day (the same quote as
  // GET /v1/procedures/{id}/postal-quote): where the postman goes first decides the zone.
  const delivery = request.resultDelivery.method === 'post';
  const quotedAt = pickup?.address.unitId ?? (request.resultDelivery.method === 'post' ? request.resultDelivery.address?.unitId : undefined) ?? accepted.applicant.address.unitId;
  const postalCharges = pickup || delivery ? quotePostal(deps.province, { procedureId: accepted.procedure.id, applicantUnitId: quotedAt, pickup: !!pickup, delivery, date: localIsoDate(now) }) : undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    // Online requests (drafts and pickups alike) count against the applicant's cap: a pickup sends a postman out.
    const drafts = channel === 'online' ? await reserveDraft(deps, accepted.applicant, now, { fresh: attempt > 0 }) : () => [];
    const ref = newDossierRef();
    const build = (code?: string) =>
      withOpeningRequest(deps.province, withPapers(createDossier(accepted, {
        ref,
        now,
        eventIds: [randomUUID(), randomUUID(), randomUUID()],
        accessTokenHash: hashAccessToken(options.token),
        channel: effectiveChannel,
        receivingUnitId: unit.id,
        ...(counter && code ? { counter: { ...counter, code, dueAt: appointmentAt(now, accepted.procedure, deps.calendar, { channel: channelOf(channel) }) } } : {}),
        ...(carried ? { carriage: carried } : {}),
        ...(pickup ? { pickup } : {}),
        ...(postalCharges ? { postalCharges } : {}),
        ...(request.smsOptIn ? { smsOptIn: true } : {}),
      }), counter ? request.papersChecked : undefined), now, request.fees);
    // A draft list that changed since it was read (the same applicant creating another draft at
    // this moment) is read again; a reference that exists already is drawn again.
    const outcome = desk
      ? await withDossierCode(deps.store, unit, ref, now, async (code, items) => {
          const { dossier, events } = build(code);
          const written = await deps.store.create(dossier, events, items);
          if (typeof written === 'object') return 'contended';
          return written === 'created' ? dossier : written;
        })
      : await (async () => {
          const { dossier, events } = build();
          const written = await deps.store.create(dossier, events, carried ? [] : [...(pickup ? shipmentItems(deps.store, ref, pickup) : []), ...drafts(ref)]);
          return written === 'created' ? dossier : 'retry';
        })();
    if (typeof outcome === 'object') return createdView(deps.province, outcome, options.token);
  }
  throw new ConflictError('hồ sơ nháp của người nộp vừa thay đổi, vui lòng thử lại');
}

/** The papers a clerk counted at the counter go with the dossier (form 01 lists them). */
function withPapers(made: { dossier: Dossier; events: DossierEvent[] }, papers: Dossier['papers']) {
  return papers?.length ? { ...made, dossier: { ...made.dossier, papers } } : made;
}

/** What a create answers: the dossier's code, status and slots, and its access token (the only time it is shown). */
export function createdView(province: Province, dossier: Dossier, token: string) {
  const procedure = province.procedures.get(dossier.procedureId);
  const agency = province.agencies.get(dossier.agencyId);
  const unit = province.receivingUnits.get(dossier.receivingUnitId);
  return {
    ref: dossier.ref,
    ...(dossier.code ? { code: dossier.code } : {}),
    status: dossier.status,
    statusLabel: statuses[dossier.status].label,
    createdAt: dossier.createdAt,
    ...(dossier.receivedAt ? { receivedAt: dossier.receivedAt, dueAt: dossier.dueAt } : {}),
    ...(dossier.carriage ? { carriage: { postalRef: dossier.carriage.postalRef, servicePointId: dossier.carriage.servicePointId } } : {}),
    ...postalView(province, dossier),
    procedure: { id: dossier.procedureId, name: procedure?.name ?? dossier.procedureId },
    agency: { id: dossier.agencyId, name: agency?.name ?? dossier.agencyId },
    receivingUnit: { id: dossier.receivingUnitId, name: unit?.name ?? dossier.receivingUnitId },
    documents: procedure
      ? slotsFor(procedure, dossier.applicant)
          .filter((s) => s.kind === 'documents')
          .map((s) => ({ id: s.id, name: s.name, mandatory: s.mandatory }))
      : [],
    accessToken: token,
  };
}

/**
 * The answer to a create retried under the same key: the dossier it made, with the token derived
 * again. A token that no longer matches the stored hash is never handed out.
 */
export async function replayCreated(deps: { store: DossierStore; province: Province }, ref: string, token: string) {
  const dossier = await deps.store.getDossier(ref);
  if (!dossier || !tokenMatches(token, dossier.accessTokenHash)) throw new Error(`idempotent replay: dossier ${ref} is missing or its token does not match`);
  return createdView(deps.province, dossier, token);
}

/** A citizen's submission into the reception queue: refused with 409 listing each mandatory scan that is not verified. */
export async function submitDossier(deps: DossierDeps, dossier: Dossier): Promise<void> {
  const procedure = deps.province.procedures.get(dossier.procedureId);
  if (!procedure) throw new Error(`procedure ${dossier.procedureId} of ${dossier.ref} is not in the catalogue`);
  if (dossier.status === 'draft') {
    const missing = missingSlots(slotsFor(procedure, dossier.applicant), dossier.documents ?? {});
    if (missing.length > 0)
      throw new MissingDocumentsError(missing.map((s) => ({ field: `documents.${s.id}`, message: `chưa có bản quét hợp lệ: ${s.name}` })));
  }
  const change = submitOnline(dossier, { now: deps.now(), eventId: randomUUID() });
  const outcome = await deps.store.commit(dossier, change.state, change.events, { set: change.set });
  if (outcome !== 'committed') throw new ConflictError('hồ sơ vừa được cập nhật, vui lòng thử lại');
}

/** 409: the dossier cannot be submitted yet; `issues` names each missing slot. */
export class MissingDocumentsError extends ConflictError {
  override readonly type = 'documents-missing';
  override readonly title = 'Hồ sơ chưa đủ thành phần';
  constructor(readonly issues: { field: string; message: string }[]) {
    super(`còn thiếu ${issues.length} thành phần bắt buộc`);
  }
}
