/** Agency API (JWT, agency-scoped): the dossiers routed to the agency, their scans, its results. */
import { apiContext } from '../shared/app/context.ts';
import { decide } from '../shared/app/decisions.ts';
import { agencyDownloadSeconds, assertAgencyOwns, downloadLink, loadDossier, requestUpload } from '../shared/app/documents.ts';
import { viewDossier } from '../shared/app/views.ts';
import { contracts } from '../shared/contracts/operations.ts';
import { httpApi, operation } from '../shared/http/api.ts';

const { deps, api } = apiContext();

export const handler = httpApi(
  {
    agencyGetDossier: operation(contracts.agencyGetDossier, async ({ params, caller }) => {
      assertAgencyOwns(await loadDossier(deps.store, params.code), caller?.agencyId);
      return { status: 200, body: await viewDossier(deps, params.code, true) };
    }),
    agencyGetDocument: operation(contracts.agencyGetDocument, async ({ params, caller }) => {
      const dossier = await loadDossier(deps.store, params.code);
      assertAgencyOwns(dossier, caller?.agencyId);
      const record = { actor: 'agency' as const, who: `${caller!.agencyId}/${caller!.sub}` };
      return { status: 200, body: await downloadLink(deps, dossier, { slot: params.slot, kind: 'documents', expiresSeconds: agencyDownloadSeconds, record }) };
    }),
    agencyDecide: operation(contracts.agencyDecide, async ({ params, body, caller, once }) => {
      const dossier = await loadDossier(deps.store, params.code);
      assertAgencyOwns(dossier, caller?.agencyId);
      await once(() => decide(deps, dossier, body, { agencyId: caller!.agencyId!, sub: caller!.sub }), async () => {});
      return { status: 200, body: await viewDossier(deps, params.code, true) };
    }),
    agencyRequestResultUploadUrl: operation(contracts.agencyRequestResultUploadUrl, async ({ params, body, caller, once }) => {
      const dossier = await loadDossier(deps.store, params.code);
      assertAgencyOwns(dossier, caller?.agencyId);
      const issue = () => requestUpload(deps, { ...params, kind: 'results', ...body, by: `agency@${caller!.agencyId}` });
      return { status: 201, body: await once(issue, issue) };
    }),
  },
  api,
);
