/**
 * Counter API (JWT, clerks at post-office service points): assisted intake received on the spot,
 * scanning right after, the reception queue of a one-stop desk (accept, supplement, refuse), and
 * results to print and hand over. Clerks act for the post office
 * province-wide (dossiers are accepted regardless of boundary, Decree 118/2025).
 */
import { apiContext } from '../shared/app/context.ts';
import { supplement, withdrawAtCounter } from '../shared/app/decisions.ts';
import { loadDossier, requestUpload, resultDownloadSeconds } from '../shared/app/documents.ts';
import { openDossier, replayCreated } from '../shared/app/dossiers.ts';
import { cancelPayment, dossierReceipt, pay, receiptOf, receiptView, refundPayment } from '../shared/app/payments.ts';
import { acceptAtReception, confirmArrival, receiptForm, receptionOfficer, receptionQueue, refusalForm, refuseAtReception, requestSupplementAtReception, supplementForm } from '../shared/app/reception.ts';
import { deriveAccessToken } from '../shared/app/keys.ts';
import { pdfReply, printFormAsStaff, trackingBookPdf } from '../shared/app/printables.ts';
import { trackingBook } from '../shared/app/tracking-book.ts';
import { counterStaff, downloadAsStaff, readDossierAsStaff, viewAfterStaffAction } from '../shared/app/staff-access.ts';
import { handOverAtCounter, handoverView, type WithHandover } from '../shared/app/handover.ts';
import { rate, ratingView, type WithRating } from '../shared/app/ratings.ts';
import { counterContracts as contracts } from '../shared/contracts/operations/counter.ts';
import { httpApi, operation } from '../shared/http/api.ts';

const { deps, api } = apiContext();

export const handler = httpApi(
  {
    counterCreateDossier: operation(contracts.counterCreateDossier, async ({ body, headers, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const counter = { servicePointId: staff.servicePointId, by: staff.sub };
      const secret = await deps.secret();
      const token = deriveAccessToken(secret, 'counterCreateDossier', headers['idempotency-key']);
      const created = await once(
        () => openDossier({ ...deps, secret }, body, 'counter', { token, counter }),
        ({ code }) => replayCreated(deps, code!, token),
      );
      return { status: 201, body: created };
    }),
    counterListReception: operation(contracts.counterListReception, async ({ caller }) => ({
      status: 200,
      body: await receptionQueue(deps, receptionOfficer(deps.province, counterStaff(deps.province, caller))),
    })),
    counterAcceptDossier: operation(contracts.counterAcceptDossier, async ({ params, body, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const officer = receptionOfficer(deps.province, staff);
      const dossier = await loadDossier(deps.store, params.code);
      const form = await once(() => acceptAtReception(deps, dossier, officer, body), async () => receiptForm(deps.province, await loadDossier(deps.store, dossier.ref)));
      return { status: 200, body: { form, dossier: await viewAfterStaffAction(deps, staff, dossier.ref, 'counterAcceptDossier') } };
    }),
    counterConfirmArrival: operation(contracts.counterConfirmArrival, async ({ params, body, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const officer = receptionOfficer(deps.province, staff);
      const dossier = await loadDossier(deps.store, params.code);
      const form = await once(() => confirmArrival(deps, dossier, officer, body), async () => receiptForm(deps.province, await loadDossier(deps.store, dossier.ref)));
      return { status: 200, body: { form, dossier: await viewAfterStaffAction(deps, staff, dossier.ref, 'counterConfirmArrival') } };
    }),
    counterRequestSupplement: operation(contracts.counterRequestSupplement, async ({ params, body, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const officer = receptionOfficer(deps.province, staff);
      const dossier = await loadDossier(deps.store, params.code);
      const form = await once(() => requestSupplementAtReception(deps, dossier, officer, body), async () => supplementForm(deps.province, await loadDossier(deps.store, dossier.ref)));
      return { status: 200, body: { form, dossier: await viewAfterStaffAction(deps, staff, dossier.ref, 'counterRequestSupplement') } };
    }),
    counterRefuseDossier: operation(contracts.counterRefuseDossier, async ({ params, body, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const officer = receptionOfficer(deps.province, staff);
      const dossier = await loadDossier(deps.store, params.code);
      const form = await once(() => refuseAtReception(deps, dossier, officer, body), async () => refusalForm(deps.province, await loadDossier(deps.store, dossier.ref)));
      return { status: 200, body: { form, dossier: await viewAfterStaffAction(deps, staff, dossier.ref, 'counterRefuseDossier') } };
    }),
    counterGetDossier: operation(contracts.counterGetDossier, async ({ params, caller }) => ({
      status: 200,
      body: await readDossierAsStaff(deps, counterStaff(deps.province, caller), params.code, 'counterGetDossier'),
    })),
    counterGetDossierForm: operation(contracts.counterGetDossierForm, async ({ params, caller }) =>
      printFormAsStaff(deps, counterStaff(deps.province, caller), params.code, params.form, 'counterGetDossierForm'),
    ),
    counterTrackingBook: operation(contracts.counterTrackingBook, async ({ query, caller }) => {
      const staff = counterStaff(deps.province, caller);
      const book = await trackingBook(deps, staff, receptionOfficer(deps.province, staff), { ...query, print: query.format === 'pdf' }, 'counterTrackingBook');
      return query.format === 'pdf' ? pdfReply(await trackingBookPdf(book)) : { status: 200, body: book };
    }),
    counterSupplementDossier: operation(contracts.counterSupplementDossier, async ({ params, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const dossier = await loadDossier(deps.store, params.code);
      await once(() => supplement(deps, dossier, 'clerk'), async () => {});
      return { status: 200, body: await viewAfterStaffAction(deps, staff, params.code, 'counterSupplementDossier') };
    }),
    counterWithdrawDossier: operation(contracts.counterWithdrawDossier, async ({ params, body, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const dossier = await loadDossier(deps.store, params.code);
      await once(() => withdrawAtCounter(deps, dossier, { reason: body.reason, servicePointId: staff.servicePointId }), async () => {});
      return { status: 200, body: await viewAfterStaffAction(deps, staff, params.code, 'counterWithdrawDossier') };
    }),
    counterRequestUploadUrl: operation(contracts.counterRequestUploadUrl, async ({ params, body, caller, once }) => {
      const by = `clerk@${counterStaff(deps.province, caller).servicePointId}`;
      const issue = () => requestUpload(deps, { ...params, kind: 'documents', ...body, by });
      return { status: 201, body: await once(issue, issue) };
    }),
    counterGetResultDocument: operation(contracts.counterGetResultDocument, async ({ params, caller }) => ({
      status: 200,
      body: await downloadAsStaff(deps, counterStaff(deps.province, caller), params.code, { slot: params.slot, kind: 'results', expiresSeconds: resultDownloadSeconds }, 'counterGetResultDocument'),
    })),
    counterTakePayment: operation(contracts.counterTakePayment, async ({ params, body, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const dossier = await loadDossier(deps.store, params.code);
      const collector = { kind: 'clerk' as const, id: staff.sub, servicePointId: staff.servicePointId };
      const receipt = await once(() => pay(deps, dossier.ref, { ...body, method: 'cash', collector }), () => receiptOf(deps, dossier.ref, body.requestId));
      return { status: 201, body: receiptView(receipt) };
    }),
    counterGetReceipt: operation(contracts.counterGetReceipt, async ({ params, caller }) => {
      counterStaff(deps.province, caller);
      return { status: 200, body: receiptView(await dossierReceipt(deps, await loadDossier(deps.store, params.code), params.receiptId)) };
    }),
    counterCancelReceipt: operation(contracts.counterCancelReceipt, async ({ params, body, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const dossier = await loadDossier(deps.store, params.code);
      const receipt = await once(() => cancelPayment(deps, dossier.ref, params.receiptId, { reason: body.reason, by: staff.sub }), () => dossierReceipt(deps, dossier, params.receiptId));
      return { status: 200, body: receiptView(receipt) };
    }),
    counterRefund: operation(contracts.counterRefund, async ({ params, body, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const dossier = await loadDossier(deps.store, params.code);
      const receipt = await once(() => refundPayment(deps, dossier.ref, params.receiptId, { ...body, by: staff.sub }), () => dossierReceipt(deps, dossier, params.receiptId));
      return { status: 201, body: receiptView(receipt) };
    }),
    counterHandOver: operation(contracts.counterHandOver, async ({ params, body, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const dossier: WithHandover = await loadDossier(deps.store, params.code);
      const handover = await once(() => handOverAtCounter(deps, dossier, staff, body), async () => {
        const stored: WithHandover = await loadDossier(deps.store, dossier.ref);
        return (stored.handover ?? stored.replyHandover)!;
      });
      return { status: 200, body: { handover: handoverView(deps.province, handover), dossier: await viewAfterStaffAction(deps, staff, dossier.ref, 'counterHandOver') } };
    }),
    counterRateDossier: operation(contracts.counterRateDossier, async ({ params, body, caller, once }) => {
      const staff = counterStaff(deps.province, caller);
      const dossier: WithRating = await loadDossier(deps.store, params.code);
      const by = { role: 'clerk' as const, sub: staff.sub, servicePointId: staff.servicePointId };
      const rating = await once(() => rate(deps, dossier, body, by), async () => ((await loadDossier(deps.store, dossier.ref)) as WithRating).rating!);
      return { status: 201, body: ratingView(rating) };
    }),
  },
  api,
);
