/** Agency API (JWT, agency-scoped): the dossiers routed to the agency, their scans, its results. */
import { apiContext } from '../shared/app/context.ts';
import { agencyDownloadSeconds, assertAgencyOwns, downloadLink, loadDossier, requestUpload } from '../shared/app/documents.ts';
import { dossierView } from '../shared/app/views.ts';
import { contracts } from '../shared/contracts/operations.ts';
import { NotFoundError } from '../shared/domain/errors.ts';
import { httpApi, operation } from '../shared/http/api.ts';

const { config, deps } = apiContext();

export const handler = httpApi(
  {
    agencyGetDossier: operation(contracts.agencyGetDossier, async ({ params, caller }) => {
      const found = await deps.store.getWithEvents(params.code);
      if (!found) throw new NotFoundError(`không có hồ sơ "${params.code}"`);
      assertAgencyOwns(found.dossier, caller?.agencyId);
      return { status: 200, body: dossierView({ ...deps, now: deps.now() }, found.dossier, found.events, true) };
    }),
    agencyGetDocument: operation(contracts.agencyGetDocument, async ({ params, caller }) => {
      const dossier = await loadDossier(deps.store, params.code);
      assertAgencyOwns(dossier, caller?.agencyId);
      const record = { actor: 'agency' as const, who: `${caller!.agencyId}/${caller!.sub}` };
      return { status: 200, body: await downloadLink(deps, dossier, { slot: params.slot, kind: 'documents', expiresSeconds: agencyDownloadSeconds, record }) };
    }),
    agencyRequestResultUploadUrl: operation(contracts.agencyRequestResultUploadUrl, async ({ params, body, caller }) => {
      const dossier = await loadDossier(deps.store, params.code);
      assertAgencyOwns(dossier, caller?.agencyId);
      return { status: 201, body: await requestUpload(deps, { ...params, kind: 'results', ...body, by: `agency@${caller!.agencyId}` }) };
    }),
  },
  { idempotencyTable: config.IDEMPOTENCY_TABLE },
);
