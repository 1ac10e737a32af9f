/** Agency API (JWT, agency-scoped): the dossiers routed to the agency, their scans, its results. */
import { apiContext, figureStore } from '../shared/app/context.ts';
import { figuresAnswer } from '../shared/app/figures.ts';
import { assignedList } from '../shared/app/assigned.ts';
import { dueSoon, escalations } from '../shared/app/deadlines.ts';
import { decide } from '../shared/app/decisions.ts';
import { paymentsView, requestFee } from '../shared/app/payments.ts';
import { moneyDayAnswer } from '../shared/app/remittances.ts';
import { agencyDownloadSeconds, assertAgencyOwns, loadDossier, requestUpload } from '../shared/app/documents.ts';
import { agencyStaff, downloadAsStaff, readDossierAsStaff, viewAfterStaffAction } from '../shared/app/staff-access.ts';
import { printFormAsStaff } from '../shared/app/printables.ts';
import { ratingResults } from '../shared/app/ratings.ts';
import { agencyContracts as contracts } from '../shared/contracts/operations/agency.ts';
import { ForbiddenError } from '../shared/domain/errors.ts';
import { httpApi, operation } from '../shared/http/api.ts';

const { deps, api } = apiContext();
const figures = figureStore();

export const handler = httpApi(
  {
    agencyGetDossier: operation(contracts.agencyGetDossier, async ({ params, caller }) => ({
      status: 200,
      body: await readDossierAsStaff(deps, agencyStaff(deps.province, caller), params.code, 'agencyGetDossier'),
    })),
    agencyGetDossierForm: operation(contracts.agencyGetDossierForm, async ({ params, caller }) =>
      printFormAsStaff(deps, agencyStaff(deps.province, caller), params.code, params.form, 'agencyGetDossierForm'),
    ),
    agencyGetDocument: operation(contracts.agencyGetDocument, async ({ params, caller }) => ({
      status: 200,
      body: await downloadAsStaff(deps, agencyStaff(deps.province, caller), params.code, { slot: params.slot, kind: 'documents', expiresSeconds: agencyDownloadSeconds }, 'agencyGetDocument'),
    })),
    agencyDecide: operation(contracts.agencyDecide, async ({ params, body, caller, once }) => {
      const staff = agencyStaff(deps.province, caller);
      const dossier = await loadDossier(deps.store, params.code);
      assertAgencyOwns(dossier, staff.agencyId);
      await once(() => decide(deps, dossier, body, { agencyId: staff.agencyId, sub: staff.sub }), async () => {});
      return { status: 200, body: await viewAfterStaffAction(deps, staff, params.code, 'agencyDecide') };
    }),
    agencyRequestResultUploadUrl: operation(contracts.agencyRequestResultUploadUrl, async ({ params, body, caller, once }) => {
      const staff = agencyStaff(deps.province, caller);
      const dossier = await loadDossier(deps.store, params.code);
      assertAgencyOwns(dossier, staff.agencyId);
      const issue = () => requestUpload(deps, { ...params, kind: 'results', ...body, by: `agency@${staff.agencyId}` });
      return { status: 201, body: await once(issue, issue) };
    }),
    agencyRequestFee: operation(contracts.agencyRequestFee, async ({ params, body, caller, once }) => {
      const staff = agencyStaff(deps.province, caller);
      const dossier = await loadDossier(deps.store, params.code);
      assertAgencyOwns(dossier, staff.agencyId);
      // A retry answers the request the first call raised: the agency's latest.
      const id = await once(
        async () => (await requestFee(deps, dossier.ref, { ...body, agencyId: staff.agencyId, by: staff.sub })).id,
        async () => paymentsView(await loadDossier(deps.store, dossier.ref), deps.now()).requests.findLast((r) => r.raisedBy.kind === 'agency')!.id,
      );
      const view = paymentsView(await loadDossier(deps.store, dossier.ref), deps.now()).requests.find((r) => r.id === id)!;
      return { status: 201, body: view };
    }),
    agencyGetCollections: operation(contracts.agencyGetCollections, async ({ query, caller }) => {
      const staff = agencyStaff(deps.province, caller);
      // Only the token's agency: naming another is refused, never answered for the caller's own.
      if (query.agencyId !== undefined && query.agencyId !== staff.agencyId) throw new ForbiddenError('chỉ xem được tiền thu hộ của cơ quan mình');
      return moneyDayAnswer(deps, staff.agencyId, query);
    }),
    // Only the token's agency: its own partition of the aggregates, by service point.
    agencyGetRatings: operation(contracts.agencyGetRatings, async ({ query, caller }) => ({
      status: 200,
      body: await ratingResults(deps, { ...query, groupBy: 'servicePoint', agencyId: agencyStaff(deps.province, caller).agencyId }),
    })),
    // Only the token's agency: its working list, due-soon and late dossiers, for its inbox.
    agencyGetAssigned: operation(contracts.agencyGetAssigned, async ({ query, caller }) => ({ status: 200, body: await assignedList(deps, agencyStaff(deps.province, caller).agencyId, query) })),
    agencyGetDueSoon: operation(contracts.agencyGetDueSoon, async ({ caller }) => ({ status: 200, body: await dueSoon(deps, agencyStaff(deps.province, caller).agencyId) })),
    agencyGetEscalations: operation(contracts.agencyGetEscalations, async ({ caller }) => ({ status: 200, body: await escalations(deps, { agencyId: agencyStaff(deps.province, caller).agencyId }) })),
    agencyGetFigures: operation(contracts.agencyGetFigures, async ({ query, caller }) => {
      const staff = agencyStaff(deps.province, caller);
      // Only the token's agency: naming another is refused, never answered for the caller's own.
      if (query.agencyId !== undefined && query.agencyId !== staff.agencyId) throw new ForbiddenError('chỉ xem được số liệu của cơ quan mình');
      return figuresAnswer({ figures, province: deps.province, ratings: deps.ratings, now: deps.now }, query, { agencyId: staff.agencyId });
    }),
  },
  api,
);
